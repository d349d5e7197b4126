// reduce-negative-zero.test.ts — `reduce: 'sum'` of −0 values is −0, as the plain left
// fold x0 + x1 + … gives (probe 6, finding 7): every backend started its sums from +0, and
// +0 + −0 is +0. The sum now starts from −0, the identity of IEEE addition; a sum with any
// +0 or non-zero term is unchanged, integer sums are unaffected, and a sum over an empty
// grid is still +0. Expected values: the kernel's plain function folded left in JavaScript.
// On WebGPU the −0 the sum starts from was a bare constant, which the device's compiler
// (SwiftShader) took for +0 where the term was chosen by a branch or a ternary (fuzz seed
// 20261209, case 1530: `if (isFinite(x[i])) return f32(-0.0)` summed to +0); it is now
// hidden like every float constant (README, Floats on WebGPU).

import { expect, it } from 'vitest';
import { f32, kernel } from '../../src/index.js';
import { withoutJit } from '../cooperative/check.js';
import { describeEachBackend } from '../harness/eachBackend.js';

type Data = Float32Array | Float64Array | Int32Array;

/** The plain left fold of the plain function's values over a grid of n. */
function leftFold(fn: (i: number, x: Data) => number, n: number, x: Data): number {
  let acc = fn(0, x);
  for (let i = 1; i < n; i++) acc = acc + fn(i, x);
  return acc;
}

const sum = kernel((i: number, x: Float32Array) => x[i]!, { reduce: 'sum' });
const negated = kernel((i: number, x: Float32Array) => -x[i]!, { reduce: 'sum' });
const branched = kernel(
  (i: number, x: Float32Array) => {
    if (Number.isFinite(x[i]!)) return f32(-0.0);
    return 1;
  },
  { reduce: 'sum' },
);
const chosen = kernel((i: number, x: Float32Array) => (x[i]! < 5 ? f32(-0.0) : f32(-0.0)), {
  reduce: 'sum',
});

const CASES: [string, (n: number) => number[]][] = [
  ['only −0', (n) => new Array<number>(n).fill(-0)],
  ['−0 and one +0', (n) => Array.from({ length: n }, (_, q) => (q === n - 1 ? 0 : -0))],
  ['−0 and ±1', (n) => Array.from({ length: n }, (_, q) => (q === 0 ? 1 : q === 1 ? -1 : -0))],
];
const SIZES = [1, 3, 70, 5000];

function check(backend: 'js' | 'workers' | 'wasm' | 'webgpu' | 'reference'): void {
  const make = (k: typeof sum) =>
    backend === 'reference'
      ? withoutJit(() => kernel(k.fn, { reduce: 'sum' }))
      : k.with({ backend });
  const ctors = backend === 'webgpu' ? [Float32Array] : [Float32Array, Float64Array];
  for (const Ctor of ctors)
    for (const [name, values] of CASES)
      it(`${Ctor.name}, ${name}: the sum is the plain left fold, sign of zero included`, async () => {
        for (const n of SIZES) {
          if (name !== 'only −0' && n < 2) continue;
          const x = new Ctor(values(n));
          for (const k of [sum, negated, branched, chosen]) {
            const want = leftFold(k.fn as never, n, x);
            const got = await make(k).launch(n, x as Float32Array);
            expect(Object.is(got, want), `n = ${n}: ${String(got)} for ${String(want)}`).toBe(true);
          }
        }
      });
  it('an integer sum of zeros and an empty grid are +0', async () => {
    const ints = kernel((i: number, x: Int32Array) => x[i]!, { reduce: 'sum' });
    const k =
      backend === 'reference'
        ? withoutJit(() => kernel(ints.fn, { reduce: 'sum' }))
        : ints.with({ backend });
    expect(Object.is(await k.launch(70, new Int32Array(70)), 0)).toBe(true);
    expect(Object.is(await make(sum).launch(0, new Float32Array(0)), 0)).toBe(true);
  });
}

describeEachBackend('a sum of −0 values', check);
describeEachBackend('a sum of −0 values, on the reference executor', () => check('reference'), [
  'js',
]);
