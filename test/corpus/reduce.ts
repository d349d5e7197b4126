// reduce.ts — reduce kernels beyond the course examples: sum/prod/min/max over f32, f64
// and i32 values, reductions over 2-D and 3-D grids, bodies with loops and early
// returns, and custom combiners.

import { randF32, randF64, randI32 } from './prng.js';
import type { CorpusEntry } from './types.js';

export const reduce: CorpusEntry[] = [
  {
    name: 'reduce/sum-i32-values',
    fn: (i: number, a: Int32Array) => a[i]! * 3,
    options: { reduce: 'sum' },
    grid: 5001,
    makeArgs: () => [randI32(5001, 901, -10000, 10000)],
    resultPrecision: 'int',
  },
  {
    name: 'reduce/sum-f32-large',
    fn: (i: number, x: Float32Array) => x[i]! * 0.5 + 0.25,
    options: { reduce: 'sum' },
    grid: 65_537,
    makeArgs: () => [randF32(65_537, 902)],
    resultPrecision: 'f32',
  },
  {
    name: 'reduce/prod-f64-near-one',
    fn: (i: number, x: Float64Array) => 1 + x[i]! * 0.01,
    options: { reduce: 'prod' },
    grid: 700,
    makeArgs: () => [randF64(700, 903)],
  },
  {
    name: 'reduce/max-i32',
    fn: (i: number, a: Int32Array) => a[i]! ^ 0x5555,
    options: { reduce: 'max' },
    grid: 4099,
    makeArgs: () => [randI32(4099, 904, -1e9, 1e9)],
    resultPrecision: 'int',
  },
  {
    name: 'reduce/min-over-2d-grid',
    fn: (r: number, c: number, m: Float64Array, cols: number) => m[r * cols + c]! - r * 0.001,
    options: { reduce: 'min' },
    grid: [33, 29],
    makeArgs: () => [randF64(33 * 29, 905), 29],
  },
  {
    name: 'reduce/sum-upper-triangle-2d',
    fn: (r: number, c: number, m: Float32Array, n: number) => {
      if (c < r) return 0;
      return m[r * n + c]!;
    },
    options: { reduce: 'sum' },
    grid: [40, 40],
    makeArgs: () => [randF32(1600, 906), 40],
    resultPrecision: 'f32',
  },
  {
    name: 'reduce/sum-3d-grid-ints',
    fn: (i: number, j: number, k: number) => i * 100 + j * 10 + k,
    options: { reduce: 'sum' },
    grid: [7, 9, 11],
    makeArgs: () => [],
    resultPrecision: 'int',
  },
  {
    name: 'reduce/body-with-loop',
    fn: (i: number, x: Float64Array, terms: number) => {
      let s = 0;
      let p = 1;
      for (let k = 0; k < terms; k++) {
        s += p;
        p *= x[i]! / (k + 1);
      }
      return s;
    },
    options: { reduce: 'sum' },
    grid: 500,
    makeArgs: () => [randF64(500, 907), 12],
    note: 'each index sums a truncated exp series',
  },
  {
    name: 'reduce/custom-product-of-signs',
    fn: (i: number, x: Float32Array) => (x[i]! < 0 ? -1 : 1),
    options: { reduce: (a: number, b: number) => a * b },
    grid: 1001,
    makeArgs: () => [randF32(1001, 908)],
    resultPrecision: 'int',
  },
  {
    name: 'reduce/custom-bitwise-or',
    fn: (i: number, a: Int32Array) => 1 << (a[i]! & 31),
    options: { reduce: (a: number, b: number) => a | b },
    grid: 20,
    makeArgs: () => [randI32(20, 909, 0, 1000)],
    resultPrecision: 'int',
  },
];
