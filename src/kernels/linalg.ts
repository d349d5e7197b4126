// linalg.ts — built-in BLAS-style kernels, written in the kernel language: axpy, sum, dot,
// sumOfSquares and a naive row-major matmul. Each is an ordinary numbat Kernel (`launch`,
// `inspect`, auto backend selection); `kernel(k.fn, { backend })` makes a forced-backend
// copy, and `k.fn` called directly is the plain-JavaScript specification.

import { kernel, Kernel, type Grid, type Inspection, type KernelOptions } from '../index.js';
import { matmulBlocked } from './gemm.js';

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

/** The naive row-major product: `matmul.fn`, the specification of `matmul.launch`. */
const naiveMatmul = (
  row: number,
  col: number,
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  c: Float32Array | Float64Array,
  k: number,
  n: number,
) => {
  let acc = 0;
  for (let step = 0; step < k; step++) {
    acc += a[row * k + step]! * b[step * n + col]!;
  }
  c[row * n + col] = acc;
};

/**
 * The matmul kernel: its function is the naive product (the specification), and `launch`
 * runs gemm.ts's product (CPUs: packing, register tiles, SIMD, threads; WebGPU: a tiled
 * cooperative kernel) when the arguments are float typed arrays or 1-D NDArrays of one
 * dtype with c apart from a and b — the same result bit for bit on the CPU backends (each element summed left to right in
 * the arrays' precision). Other arguments run the kernel itself, with its checks and
 * semantics. `with`, `inspect` and `kernel(matmul.fn, …)` work as for any kernel.
 */
class MatmulKernel extends Kernel {
  private readonly kernelOptions: KernelOptions;

  constructor(options: KernelOptions) {
    super(naiveMatmul, options, undefined);
    this.kernelOptions = options;
  }

  override launch(grid: Grid, ...argsAndOptions: unknown[]): Promise<number | undefined> {
    const blocked = this.blocked(grid, argsAndOptions);
    if (!blocked)
      return (super.launch as (g: Grid, ...a: unknown[]) => Promise<undefined>)(
        grid,
        ...argsAndOptions,
      );
    return blocked.then(() => undefined);
  }

  override with(options: KernelOptions): Kernel {
    return new MatmulKernel({ ...this.kernelOptions, name: this.name, ...options });
  }

  override async inspect(grid: Grid, ...args: unknown[]): Promise<Inspection> {
    const info = await super.inspect(grid, ...args);
    if (!this.blockedForm(grid, args)) return info;
    return {
      ...info,
      notes: [
        ...info.notes,
        'launch runs the blocked product of gemm (numbat/kernels gemm.ts: on CPUs packA, packB and a register-tiled kernel, on WebGPU a tiled cooperative kernel); this listing is the naive kernel, its specification',
      ],
    };
  }

  /** [m, n, a, b, c, k, signal] when a launch has the form the blocked path takes. */
  private blockedForm(
    grid: Grid,
    all: readonly unknown[],
  ): [number, number, unknown, unknown, unknown, unknown, AbortSignal | undefined] | null {
    if (!Array.isArray(grid) || grid.length !== 2) return null;
    const [m, n] = grid as readonly number[];
    if (!Number.isInteger(m) || !Number.isInteger(n) || m! < 0 || n! < 0) return null;
    let args = all;
    let signal: AbortSignal | undefined;
    if (all.length === 6) {
      const last = all[5];
      if (typeof last !== 'object' || last === null) return null;
      const keys = Object.keys(last);
      if (keys.some((key) => key !== 'signal')) return null;
      signal = (last as { signal?: AbortSignal }).signal;
      if (signal !== undefined && typeof signal.aborted !== 'boolean') return null;
      args = all.slice(0, 5);
    }
    if (args.length !== 5 || args[4] !== n) return null;
    return [m!, n!, args[0], args[1], args[2], args[3], signal];
  }

  private blocked(grid: Grid, all: readonly unknown[]): Promise<void> | null {
    // precision 'f32'/'f64' changes the kernel's arithmetic: the kernel itself runs it.
    const precision = this.kernelOptions.precision;
    if (precision !== undefined && precision !== 'auto') return null;
    const form = this.blockedForm(grid, all);
    if (!form) return null;
    const [m, n, a, b, c, k, signal] = form;
    if (signal?.aborted) return null;
    return matmulBlocked(m, n, a, b, c, k, this.kernelOptions.backend, signal);
  }
}

/**
 * c = a·b for row-major a (m×k), b (k×n), c (m×n); `launch([m, n], a, b, c, k, n)`.
 * The accumulator takes the arrays' precision (f32 for Float32Arrays). Float typed arrays
 * and 1-D NDArrays run gemm's blocked algorithm (same result); `matmul.fn` is the naive
 * kernel, its specification.
 *
 * @example
 * ```ts
 * await matmul.launch([m, n], a, b, c, k, n);
 * ```
 */
export const matmul = new MatmulKernel({ name: 'matmul' }) as Kernel as Kernel<typeof naiveMatmul>;
