// matmulCheck.ts — the inputs and the result check of the matmul benches (bench/linalg.ts,
// bench/webgpu/gemm.ts): seeded uniform matrices in [-1, 1), and 512 sampled elements of
// c = a·b (the four corners among them) against their exact f64 dot products, within the
// bound of a sum of n products in the runner's precision, (n + 2)·u·Σ|a||b| (u = 2⁻²⁴ for
// f32, 2⁻⁵³ for f64), which holds for any summation order.

import { seededUniform } from './data.js';

export type Dtype = 'f32' | 'f64';
export type F = Float32Array | Float64Array;

const CTOR = { f32: Float32Array, f64: Float64Array } as const;

/** An n×n matrix of the dtype, row-major, seeded uniform in [-1, 1). */
export function matrix(dtype: Dtype, n: number, seed: number): F {
  const r = seededUniform(seed);
  const x = new CTOR[dtype](n * n);
  for (let q = 0; q < x.length; q++) x[q] = r() * 2 - 1;
  return x;
}

/** Sampled elements of c with their exact value and error bound. */
export interface Check {
  readonly at: Int32Array;
  readonly exact: Float64Array;
  readonly bound: Float64Array;
}

export function checks(dtype: Dtype, n: number, a: F, b: F): Check {
  const r = seededUniform(n * 7 + dtype.length);
  const count = Math.min(512, n * n);
  const at = new Int32Array(count);
  const corners = [0, n - 1, (n - 1) * n, n * n - 1];
  for (let s = 0; s < count; s++)
    at[s] = s < corners.length ? corners[s]! : Math.floor(r() * n * n);
  const u = dtype === 'f32' ? 2 ** -24 : 2 ** -53;
  const exact = new Float64Array(count);
  const bound = new Float64Array(count);
  at.forEach((q, s) => {
    const i = Math.floor(q / n);
    const j = q % n;
    let sum = 0;
    let abs = 0;
    for (let p = 0; p < n; p++) {
      const v = a[i * n + p]! * b[p * n + j]!;
      sum += v;
      abs += Math.abs(v);
    }
    exact[s] = sum;
    bound[s] = (n + 2) * u * abs + 1e-30;
  });
  return { at, exact, bound };
}

export function mismatch(got: ArrayLike<number>, n: number, check: Check): string | null {
  if (got.length !== n * n) return `length ${got.length}, want ${n * n}`;
  for (let s = 0; s < check.at.length; s++) {
    const q = check.at[s]!;
    const v = got[q]!;
    if (!(Math.abs(v - check.exact[s]!) <= check.bound[s]!))
      return `c[${Math.floor(q / n)}, ${q % n}] = ${v}, exact ${check.exact[s]} ± ${check.bound[s]!.toExponential(1)}`;
  }
  return null;
}
