// index.ts — numbat's built-in kernels (`import { matmul } from 'numbat/kernels'`), each
// written in the kernel language itself and compiled like a user's kernel. Kept out of
// the core entry so that importing numbat defines none of them.

export { axpy, sum, dot, sumOfSquares, matmul } from './linalg.js';
export { gemm, type GemmOptions, type GemmOperand } from './gemm.js';
export { mandelbrot } from './mandelbrot.js';
export { nbodyStep } from './nbody.js';
export { monteCarloPi } from './monteCarloPi.js';

// The array primitives (README, "Array primitives"): each a host function orchestrating kernels
// written in the kernel language, on typed arrays, NDArrays and ndarrays.
export { scan, type ScanOp, type ScanOptions } from './scan.js';
export { copy, transpose, type LayoutOptions } from './layout.js';
export { sort, argsort, type SortOptions, type ArgsortOptions } from './sort.js';
export { histogram, type HistogramOptions } from './histogram.js';
export { reduce, argmin, argmax, type ReduceOptions } from './reduceAxis.js';
export { fillRandom, type FillRandomOptions } from './random.js';
