// atomic-once.test.ts — an atomic that is an operand runs exactly once per evaluation, as in
// the plain function, on every backend (probe 6, finding 2): the index of a compound
// assignment (`o[atomicAdd(c, 0, 1)] += 1`, `++`, `**=`, `>>>=`), the operand of isNaN /
// isFinite (of a float atomic, used twice by `v != v`; of an integer one, whose answer is a
// constant), and a float atomic tested for truthiness (`x != 0 && x == x`). Every expected
// counter and output comes from the kernel's own plain function run over the grid.

import { expect, it } from 'vitest';
import {
  atomicAdd,
  barrier,
  f32bits,
  i32,
  kernel,
  localId,
  random,
  shared,
} from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const A = 'atomicAdd(c, 0, 1)';
const F = 'atomicAdd(cf, 0, 0.5)';

/**
 * Statements over (i, o: Float32Array(16), c: Int32Array(1), cf: Float32Array(1),
 * u: Uint32Array(16) of 3s, f: Float32Array(16) of 1s), each with an atomic as an operand.
 * `racy`: two indices may update one element of o without an atomic (a data race on a
 * parallel backend), so only the counters are compared.
 */
const CASES: { body: string; racy?: true }[] = [
  // the index of a compound assignment serves its read and its write
  { body: `o[${A}] += 1` },
  { body: `o[${A}]++` },
  { body: `o[${A}]--` },
  { body: `++o[${A}]` },
  { body: `o[${A}] -= 1` },
  { body: `o[${A}] *= 2` },
  { body: `o[${A}] **= 2` },
  { body: `o[${A}] >>>= 0` },
  { body: `o[${A}] |= 3` },
  { body: `o[${A} % 4] += 1`, racy: true },
  { body: `o[i32(${F})] += 1`, racy: true },
  { body: `for (let k = 0; k < 2; o[${A}] += 1) k++` },
  // isNaN / isFinite of a float atomic and of an integer one
  { body: `o[i] = isNaN(${F}) ? 1 : 0` },
  { body: `o[i] = isFinite(${F}) ? 1 : 0` },
  { body: `o[i] = Number.isNaN(${F}) ? 1 : 0` },
  { body: `o[i] = Number.isFinite(${F}) ? 1 : 0` },
  { body: `o[i] = isNaN(${A}) ? 1 : 0` },
  { body: `o[i] = isFinite(${A}) ? 1 : 0` },
  { body: `o[i] = Number.isNaN(${A}) ? 1 : 0` },
  { body: `o[i] = Number.isFinite(${A}) ? 1 : 0` },
  { body: `if (i % 2 === 0 && isNaN(${A})) o[i] = 1` },
  { body: `o[i] = i % 2 === 0 ? (isFinite(${F}) ? 1 : 2) : 3` },
  // a comparison whose answer is a constant (no i32 lies below −3·10⁹)
  { body: `o[i] = ${A} > -3000000000 ? 1 : 0` },
  { body: `o[i] = (${A} >>> 0) < -1 ? 1 : 0` },
  // the truthiness of a float atomic
  { body: `o[i] = ${F} ? 1 : 0` },
  { body: `if (${F}) o[i] = 1` },
  { body: `o[i] = +!${F}` },
  { body: `o[i] = +!!${F}` },
  { body: `o[i] = (${F} ? 1 : 0) + (${F} ? 1 : 0)` },
  { body: `let k = 0; do k++; while (!${F} && k < 3); o[i] = k` },
  { body: `let k = 0; while (k < 2 && ${F}) k++; o[i] = k` },
  // a call statement whose value holds the atomic below its top
  { body: `Math.abs(${A})` },
  { body: `Math.max(${A}, 0)` },
  { body: `Math.sqrt(${F})` },
  { body: `f32bits(${F})` },
  { body: `random(${A}, 0)` },
  { body: `o[i] = f32bits(${F}) & 1` },
  // already once (kept as a guard): the operand used once, or spilled elsewhere
  { body: `o[${A}] = 1` },
  { body: `o[i] += ${A}` },
  { body: `o[i] = ${F} || 3` },
  { body: `o[i] = Math.abs(${A} - 2)` },
  { body: `o[i] = Math.sign(${A} - 4)` },
  { body: `o[i] = Math.sign(${F} - 1)` },
  { body: `o[i] = Math.min(${A}, 7)` },
  { body: `o[i] = Math.max(${F}, f[i])` },
  { body: `o[i] = ${F} ** 2` },
  { body: `o[i] = ${A} ** 2` },
  { body: `o[i] = u[i] < ${A} ? 1 : 0` },
  { body: `o[i] = ${A} == u[i] ? 1 : 0` },
  { body: `o[i] = ${A} < 2147483648.5 ? 1 : 0` },
  { body: `o[i] = Math.max(${A}, 2147483648)` },
];

const N = 6;
const makeArgs = () =>
  [
    new Float32Array(16),
    new Int32Array(1),
    new Float32Array(1),
    new Uint32Array(16).fill(3),
    new Float32Array(16).fill(1),
  ] as const;
type Args = ReturnType<typeof makeArgs>;

/** The plain function's answer: the body run for i = 0 … N − 1 as ordinary JavaScript. */
function plain(body: string): Args {
  const fn = new Function(
    'atomicAdd',
    'i32',
    'f32bits',
    'random',
    'i',
    'o',
    'c',
    'cf',
    'u',
    'f',
    `${body};`,
  );
  const args = makeArgs();
  for (let i = 0; i < N; i++) fn(atomicAdd, i32, f32bits, random, i, ...args);
  return args;
}

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);

/** Per workgroup of 4: each invocation bumps a shared slot picked by an atomic. */
const sharedSlot = kernel(
  (i: number, o: Int32Array) => {
    const slots = shared(Int32Array, 5);
    // @ts-expect-error: to TypeScript (noUncheckedIndexedAccess) the element may be undefined
    slots[atomicAdd(slots, 4, 1)] += 1;
    barrier();
    if (localId() === 0) o[i / 4] = slots[0]! + 2 * slots[1]! + 4 * slots[2]! + 8 * slots[3]!;
    if (localId() === 0) o[i / 4 + 2] = slots[4]!;
  },
  { workgroup: 4, uses: { atomicAdd, barrier, localId, shared } },
);

/** A local array element picked by an atomic. */
const localSlot = kernel((i: number, o: Float32Array, c: Int32Array) => {
  const t = new Float32Array(4);
  // @ts-expect-error: to TypeScript (noUncheckedIndexedAccess) the element may be undefined
  t[atomicAdd(c, 0, 1) % 4] += 2;
  o[i] = t[0]! + t[1]! + t[2]! + t[3]!;
});

/**
 * Tests of an integer element whose answer is a constant: the read still runs (and is
 * checked under boundsCheck).
 */
const constantTests = {
  'Number.isNaN(x[i + 2])': kernel((i: number, x: Int32Array, o: Float32Array) => {
    o[i] = Number.isNaN(x[i + 2]!) ? 1 : 0;
  }),
  'x[i + 2] < 1e10': kernel((i: number, x: Int32Array, o: Float32Array) => {
    o[i] = x[i + 2]! < 1e10 ? 1 : 0;
  }),
  'x[i + 2] === 0.5': kernel((i: number, x: Int32Array, o: Float32Array) => {
    o[i] = x[i + 2]! === 0.5 ? 1 : 0;
  }),
};

describeEachBackend('an atomic operand runs once', (backend) => {
  for (const { body, racy } of CASES) {
    it(body, async () => {
      const want = plain(body);
      const k = kernel(new Function('i', 'o', 'c', 'cf', 'u', 'f', `${body};`) as never, {
        backend,
      });
      const got = makeArgs();
      await (k.launch as unknown as (n: number, ...a: Args) => Promise<void>)(N, ...got);
      expect([got[1][0], got[2][0]]).toEqual([want[1][0], want[2][0]]);
      // The old values atomics return depend on the order of indices: outputs holding
      // them compare as multisets.
      if (!racy) expect(sorted(got[0])).toEqual(sorted(want[0]));
    });
  }

  for (const [name, k] of Object.entries(constantTests)) {
    it(`${name} read out of range is a RangeError under boundsCheck`, async () => {
      const x = new Int32Array(4);
      const o = new Float32Array(4);
      const want = new Float32Array(4);
      for (let i = 0; i < 2; i++) k.fn(i, x, want);
      await k.with({ backend, boundsCheck: true }).launch(2, x, o);
      expect(Array.from(o)).toEqual(Array.from(want));
      await expect(
        k.with({ backend, boundsCheck: true }).launch(4, x, new Float32Array(4)),
      ).rejects.toThrow(/index 4 is out of range/);
    });
  }

  it('a shared array element picked by an atomic', async () => {
    const o = new Int32Array(4);
    await sharedSlot.with({ backend }).launch(8, o);
    // In each group of 4 the atomic hands out slots 0 … 3 once each.
    expect(Array.from(o)).toEqual([15, 15, 4, 4]);
  });

  it('a local array element picked by an atomic', async () => {
    const o = new Float32Array(N);
    const c = new Int32Array(1);
    const want = [new Float32Array(N), new Int32Array(1)] as const;
    for (let i = 0; i < N; i++) localSlot.fn(i, ...want);
    await localSlot.with({ backend }).launch(N, o, c);
    expect([Array.from(o), c[0]]).toEqual([Array.from(want[0]), want[1][0]]);
  });
});
