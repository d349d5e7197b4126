// precision-f32-constants.test.ts — under `precision: 'f32'` every float constant is an f32
// value on every backend: literals, `Math.PI`, `const` bindings, `uses` constants, weak
// constants folded from literals, in maps, reductions and comparisons (probe 9, finding 1:
// js and workers kept the f64 value of a literal typed f32 — `0.3 - a[i]` was
// fround(0.3 − 0.5) there and fround(fround(0.3) − 0.5) on wasm and WebGPU, so `auto` gave
// different values for the same index at different launch sizes). Expected values: f32
// math computed here, every operand and result rounded by Math.fround.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const f = Math.fround;
const N = 20;
const SHIFT = 0.1;

describeEachBackend("precision: 'f32' rounds every float constant to f32", (backend) => {
  if (compiledOnly(`precision: 'f32' math (on ${backend})`))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  const opts = { backend, precision: 'f32' as const };

  it('a literal meeting an f32 element, an index, and f64 data', async () => {
    const a = Float32Array.from({ length: N }, (_, i) => i * 0.25);
    const out = new Float32Array(N);
    await kernel((i: number, a: Float32Array, out: Float32Array) => {
      out[i] = 0.3 - a[i]! + i * 0.1;
    }, opts).launch(N, a, out);
    expect(Array.from(out)).toEqual(Array.from(a, (v, i) => f(f(f(0.3) - v) + f(f(i) * f(0.1)))));
    const x = Float64Array.from({ length: N }, (_, i) => i * 1000 + 0.5);
    const y = new Float64Array(N);
    await kernel((i: number, x: Float64Array, y: Float64Array) => {
      y[i] = x[i]! * 0.1;
    }, opts).launch(N, x, y);
    expect(Array.from(y)).toEqual(Array.from(x, (v) => f(f(v) * f(0.1))));
  });

  it('Math.PI, a const binding, a uses constant and a folded constant', async () => {
    // One operation per store: a GPU compiler may fuse a multiply and an add (README).
    const x = Float32Array.from({ length: N }, (_, i) => i + 0.5);
    const out = new Float32Array(4 * N);
    await kernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        const c = 0.7;
        out[4 * i] = x[i]! * Math.PI;
        out[4 * i + 1] = c * x[i]!;
        out[4 * i + 2] = x[i]! - SHIFT;
        out[4 * i + 3] = (0.1 + 0.2) * x[i]!;
      },
      { ...opts, uses: { SHIFT } },
    ).launch(N, x, out);
    expect(Array.from(out)).toEqual(
      Array.from(x).flatMap((v) => [
        f(v * f(Math.PI)),
        f(f(0.7) * v),
        f(v - f(SHIFT)),
        f(f(0.1 + 0.2) * v),
      ]),
    );
  });

  it('a comparison with a literal', async () => {
    const x = Float32Array.of(f(0.1), 0.1000001, 0.09, 0.2);
    const out = new Int32Array(x.length);
    await kernel((i: number, x: Float32Array, out: Int32Array) => {
      out[i] = x[i]! > 0.1 ? 1 : 0;
    }, opts).launch(x.length, x, out);
    expect(Array.from(out)).toEqual(Array.from(x, (v) => (v > f(0.1) ? 1 : 0)));
  });

  it('a sum of literal-scaled indices: f32 terms, accumulated as README says', async () => {
    const got = await kernel((i: number) => i * 0.1, { ...opts, reduce: 'sum' }).launch(3);
    // One block, lanes 0..2, (l0 + l1) + l2, of f32 terms; the CPUs accumulate the built-in
    // sum in f64 whatever the values' type, WebGPU in f32 (README, Reductions).
    const [t0, t1, t2] = [0, 1, 2].map((i) => f(i * f(0.1))) as [number, number, number];
    expect(got).toBe(backend === 'webgpu' ? f(f(t0 + t1) + t2) : t0 + t1 + t2);
  });
});
