// mandelbrot.ts — the built-in Mandelbrot escape-time kernel, written in the kernel
// language. The arithmetic takes the precision of the coordinate arrays (f32 for
// Float32Arrays, f64 for Float64Arrays).

import { kernel } from '../index.js';

/**
 * Iterations before |z| > 2 (at most maxIter) for c = xs[col] + i·ys[row], into
 * out[row·xs.length + col]; `launch([ys.length, xs.length], out, xs, ys, maxIter)`.
 *
 * @example
 * ```ts
 * const out = new Int32Array(h * w);
 * await mandelbrot.launch([h, w], out, xs, ys, 256);
 * ```
 */
export const mandelbrot = kernel(
  (
    row: number,
    col: number,
    out: Int32Array,
    xs: Float32Array,
    ys: Float32Array,
    maxIter: number,
  ) => {
    const cr = xs[col]!;
    const ci = ys[row]!;
    let zr = 0;
    let zi = 0;
    let iter = 0;
    while (iter < maxIter) {
      const zr2 = zr * zr;
      const zi2 = zi * zi;
      if (zr2 + zi2 > 4) break;
      const nextZr = zr2 - zi2 + cr;
      zi = 2 * zr * zi + ci;
      zr = nextZr;
      iter++;
    }
    out[row * xs.length + col] = iter;
  },
  { name: 'mandelbrot' },
);
