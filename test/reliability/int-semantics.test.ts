// int-semantics.test.ts — where a kernel's integer arithmetic differs from its plain
// function, it differs the same way on every backend and exactly as the README says
// (issue 10, item 5): integer values are int32 (or uint32) as in NumPy and Numba, so
// `x % 0` is 0 (plain JS: NaN), an integer result is never −0, and Math.abs(−2^31) wraps
// to −2^31. Writing `f64(x)` keeps JavaScript's meaning. An integer value meeting an f32
// value computes in f32 (NumPy and Numba promote int32 with float32 to float64), and
// compares in f32, as an f32 value meeting a number literal does (NEP 50).

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { f64, kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('documented integer semantics', (backend) => {
  if (compiledOnly(`the integer semantics of compiled kernels (on ${backend})`))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  const opts = { backend, precision: backend === 'webgpu' ? 'f32' : 'auto' } as const;

  it('integer % 0 is 0, and f64(x) % 0 is NaN as in plain JS', async () => {
    const k = kernel(
      (i: number, a: Int32Array, b: Int32Array, out: Float64Array, exact: Float64Array) => {
        out[i] = a[i]! % b[i]!;
        exact[i] = f64(a[i]!) % b[i]!;
      },
      opts,
    );
    const out = new Float64Array(3),
      exact = new Float64Array(3);
    await k.launch(3, Int32Array.of(7, -7, 5), Int32Array.of(0, 0, 3), out, exact);
    expect(Array.from(out)).toEqual([0, 0, 2]);
    if (backend !== 'webgpu') expect(Array.from(exact)).toEqual([NaN, NaN, 2]);
  });

  it('an integer result is never −0 (plain JS gives −0 for -0, 0 * -1, -5 % 5)', async () => {
    const k = kernel((i: number, a: Int32Array, out: Float64Array) => {
      out[3 * i] = -a[i]!;
      out[3 * i + 1] = a[i]! * -1;
      out[3 * i + 2] = (a[i]! - 5) % 5;
    }, opts);
    const out = new Float64Array(3);
    await k.launch(1, Int32Array.of(0), out);
    for (const v of out) expect(Object.is(v, 0)).toBe(true);
    expect(
      (() => {
        const a = 0;
        return [Object.is(-a, -0), Object.is(a * -1, -0), Object.is((a - 5) % 5, -0)];
      })(),
    ).toEqual([true, true, true]);
  });

  it('Math.abs(-2^31) wraps to -2^31 in integer arithmetic (plain JS: 2^31)', async () => {
    const k = kernel((i: number, a: Int32Array, out: Float64Array) => {
      out[i] = Math.abs(a[i]!);
      out[i + 1] = Math.abs(f64(a[i]!));
    }, opts);
    const out = new Float64Array(2);
    await k.launch(1, Int32Array.of(-(2 ** 31)), out);
    expect(out[0]).toBe(-(2 ** 31));
    if (backend !== 'webgpu') expect(out[1]).toBe(2 ** 31);
  });

  it('an integer value meeting an f32 value computes in f32 (plain JS and NumPy: f64)', async () => {
    const k = kernel((i: number, a: Int32Array, b: Float32Array, out: Float32Array) => {
      out[2 * i] = a[i]! + b[i]!;
      out[2 * i + 1] = f64(a[i]!) + b[i]! - 2 ** 30;
    }, opts);
    const a = Int32Array.of(2 ** 30 + 1),
      b = Float32Array.of(0.5);
    const out = new Float32Array(2);
    await k.launch(1, a, b, out);
    expect(out[0]).toBe(2 ** 30); // f32(2^30 + 1) + 0.5 rounds to 2^30
    expect(a[0]! + b[0]! - 2 ** 30).toBe(1.5); // the plain function's sum
    if (backend !== 'webgpu') expect(out[1]).toBe(1.5); // f64 keeps plain JS's sum
  });

  it('comparisons follow the same rules: an f32 value meets a number or an integer in f32', async () => {
    const f = (i: number, a: Int32Array, b: Float32Array, out: Int32Array) => {
      out[4 * i] = b[i]! === 0.1 ? 1 : 0; // the literal is weak: f32(0.1) === f32(0.1)
      out[4 * i + 1] = a[i]! === b[i]! ? 1 : 0; // i32 meets f32: f32(2^24 + 1) === 2^24
      out[4 * i + 2] = f64(b[i]!) === 0.1 ? 1 : 0; // plain JS's comparisons
      out[4 * i + 3] = f64(a[i]!) === b[i]! ? 1 : 0;
    };
    const a = Int32Array.of(2 ** 24 + 1),
      b = Float32Array.of(0.1, 2 ** 24);
    const bb = Float32Array.of(b[0]!);
    const out = new Int32Array(4);
    const plain = new Int32Array(4);
    f(0, a, bb, plain);
    expect(Array.from(plain)).toEqual([0, 0, 0, 0]); // plain JS compares in f64
    const k = kernel(f, opts);
    await k.launch(1, a, bb, out);
    expect(out[0]).toBe(1);
    if (backend !== 'webgpu') expect(out[2]).toBe(0);
    // the integer case: b holds 2^24, a holds 2^24 + 1
    const b2 = Float32Array.of(b[1]!);
    f(0, a, b2, plain);
    await k.launch(1, a, b2, out);
    expect(plain[1]).toBe(0);
    expect(out[1]).toBe(1);
    if (backend !== 'webgpu') expect(out[3]).toBe(0);
  });
});
