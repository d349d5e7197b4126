// linalg.ts — built-in BLAS-style kernels, written in the kernel language: axpy, sum, dot,
// sumOfSquares and a naive row-major matmul. Each is an ordinary numbat Kernel (`launch`,
// `inspect`, auto backend selection); `kernel(k.fn, { backend })` makes a forced-backend
// copy, and `k.fn` called directly is the plain-JavaScript specification.

import { kernel } from '../index.js';

/**
 * out[i] = a·x[i] + y[i]; `launch(n, a, x, y, out)` (out may be y).
 *
 * @example
 * ```ts
 * await axpy.launch(n, 2, x, y, y); // y += 2x
 * ```
 */
export const axpy = kernel(
  (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
    out[i] = a * x[i]! + y[i]!;
  },
  { name: 'axpy' },
);

/**
 * Σ x[i]; `launch(n, x)` resolves to the sum (accumulated in f64 on CPU backends).
 *
 * @example
 * ```ts
 * const total: number = await sum.launch(x.length, x);
 * ```
 */
export const sum = kernel((i: number, x: Float32Array) => x[i]!, { name: 'sum', reduce: 'sum' });

/**
 * Σ x[i]·y[i]; `launch(n, x, y)`.
 *
 * @example
 * ```ts
 * const d: number = await dot.launch(x.length, x, y);
 * ```
 */
export const dot = kernel((i: number, x: Float32Array, y: Float32Array) => x[i]! * y[i]!, {
  name: 'dot',
  reduce: 'sum',
});

/**
 * Σ x[i]²; `launch(n, x)`.
 *
 * @example
 * ```ts
 * const norm = Math.sqrt(await sumOfSquares.launch(x.length, x));
 * ```
 */
export const sumOfSquares = kernel((i: number, x: Float32Array) => x[i]! * x[i]!, {
  name: 'sumOfSquares',
  reduce: 'sum',
});

/**
 * c = a·b for row-major a (m×k), b (k×n), c (m×n); `launch([m, n], a, b, c, k, n)`.
 * The accumulator takes the arrays' precision (f32 for Float32Arrays).
 *
 * @example
 * ```ts
 * await matmul.launch([m, n], a, b, c, k, n);
 * ```
 */
export const matmul = kernel(
  (
    row: number,
    col: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    k: number,
    n: number,
  ) => {
    let acc = 0;
    for (let step = 0; step < k; step++) {
      acc += a[row * k + step]! * b[step * n + col]!;
    }
    c[row * n + col] = acc;
  },
  { name: 'matmul' },
);
