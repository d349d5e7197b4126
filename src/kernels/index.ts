// index.ts — numbat's built-in kernels (`import { matmul } from 'numbat/kernels'`), each
// written in the kernel language itself and compiled like a user's kernel. Kept out of
// the core entry so that importing numbat defines none of them.

export { axpy, sum, dot, sumOfSquares, matmul } from './linalg.js';
export { mandelbrot } from './mandelbrot.js';
export { nbodyStep } from './nbody.js';
export { monteCarloPi } from './monteCarloPi.js';
