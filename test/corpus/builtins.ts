// builtins.ts — numbat's built-in kernels (src/kernels) as corpus entries: each runs on
// every backend against its own plain function, in f32 and (where the kernel is generic)
// f64, at sizes that leave vector tails.

import {
  axpy,
  dot,
  mandelbrot,
  matmul,
  monteCarloPi,
  nbodyStep,
  sum,
  sumOfSquares,
} from '../../src/kernels/index.js';
import type { Kernel } from '../../src/index.js';
import { randF32, randF64 } from './prng.js';
import type { CorpusEntry, PlainKernel } from './types.js';

const plain = (k: Kernel): PlainKernel => k.fn as PlainKernel;

/** Evenly spaced coordinates over [lo, hi]. */
function axis(
  n: number,
  lo: number,
  hi: number,
  Kind: Float32ArrayConstructor | Float64ArrayConstructor,
): Float32Array | Float64Array {
  const values = new Kind(n);
  for (let k = 0; k < n; k++) values[k] = lo + ((hi - lo) * k) / (n - 1);
  return values;
}

function bodies(n: number, seed: number): Float32Array[] {
  const state = [0, 1, 2, 3, 4, 5].map((k) => randF32(n, seed + k, -1, 1));
  return [...state, randF32(n, seed + 6, 0.5, 1.5), ...state.map(() => new Float32Array(n))];
}

export const builtins: CorpusEntry[] = [
  {
    name: 'builtins/axpy-f32',
    fn: plain(axpy),
    grid: 1027,
    makeArgs: () => [1.5, randF32(1027, 101), randF32(1027, 102), new Float32Array(1027)],
    outputs: [3],
  },
  {
    name: 'builtins/axpy-f64-in-place',
    fn: plain(axpy),
    grid: 1027,
    makeArgs: () => {
      const y = randF64(1027, 104);
      return [-0.25, randF64(1027, 103), y, y];
    },
    outputs: [2, 3],
    note: 'out is y: every index reads y[i] before writing it',
  },
  {
    name: 'builtins/sum-f32',
    fn: plain(sum),
    options: { reduce: 'sum' },
    grid: 4099,
    makeArgs: () => [randF32(4099, 105)],
    resultPrecision: 'f32',
  },
  {
    name: 'builtins/dot-f64',
    fn: plain(dot),
    options: { reduce: 'sum' },
    grid: 4099,
    makeArgs: () => [randF64(4099, 106), randF64(4099, 107)],
  },
  {
    name: 'builtins/sum-of-squares-f32',
    fn: plain(sumOfSquares),
    options: { reduce: 'sum' },
    grid: 4099,
    makeArgs: () => [randF32(4099, 108)],
    resultPrecision: 'f32',
  },
  {
    name: 'builtins/matmul-f32',
    fn: plain(matmul),
    grid: [13, 11],
    makeArgs: () => [
      randF32(13 * 17, 109),
      randF32(17 * 11, 110),
      new Float32Array(13 * 11),
      17,
      11,
    ],
    outputs: [2],
    tolerance: { rel: 1e-5, abs: 17 * 2 ** -22 },
  },
  {
    name: 'builtins/mandelbrot-f32',
    fn: plain(mandelbrot),
    grid: [29, 43],
    makeArgs: () => [
      new Int32Array(29 * 43),
      axis(43, -2, 0.6, Float32Array),
      axis(29, -1.2, 1.2, Float32Array),
      100,
    ],
    outputs: [0],
    tolerance: { mismatchFraction: 0.01 },
    note: 'f32 math: a backend that contracts a·b + c into one rounding may flip a boundary pixel',
  },
  {
    name: 'builtins/mandelbrot-f64',
    fn: plain(mandelbrot),
    grid: [29, 43],
    makeArgs: () => [
      new Int32Array(29 * 43),
      axis(43, -2, 0.6, Float64Array),
      axis(29, -1.2, 1.2, Float64Array),
      100,
    ],
    outputs: [0],
  },
  {
    name: 'builtins/nbody-step-f32',
    fn: plain(nbodyStep),
    grid: 67,
    makeArgs: () => [...bodies(67, 111), 0.01, 0.05],
    outputs: [7, 8, 9, 10, 11, 12],
    tolerance: { rel: 1e-4, abs: 1e-4 },
    note: 'f32 accumulation over 67 bodies; plain JS accumulates in f64',
  },
  {
    name: 'builtins/monte-carlo-pi',
    fn: plain(monteCarloPi),
    options: { reduce: 'sum' },
    grid: 8195,
    makeArgs: () => [99],
    resultPrecision: 'int',
    backendTolerance: { webgpu: { abs: 8 } },
    note: 'x*x+y*y is unanchored float math: f32 on WebGPU, so a few points on the circle may flip there',
  },
];
