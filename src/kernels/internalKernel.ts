// internalKernel.ts — `kernel` for the passes the primitives run (sort, scan, histogram,
// reductions along an axis, random fills, layout changes, gemm): the public `kernel`, except
// that NUMBAT_BOUNDSCHECK=1 does not apply to them. That switch is for the user's own
// kernels; a primitive checks its arguments itself before anything runs, and its passes make
// out-of-range reads whose values they do not use (gemm's edge tiles, for one), which
// boundsCheck would report as the user's error. The launchable built-ins (matmul, axpy,
// mandelbrot, …) take the user's arrays as any kernel does, and keep the switch.

import { kernel as publicKernel } from '../index.js';

export const kernel: typeof publicKernel = ((
  fn: Parameters<typeof publicKernel>[0],
  options?: Parameters<typeof publicKernel>[1],
) => publicKernel(fn, { boundsCheck: false, ...options })) as typeof publicKernel;
