// ndarrays.ts — scijs ndarray arguments: ranks 1–4, transposed, stepped (`.step`),
// sliced (`.hi().lo()`), picked (`.pick`), negative strides, non-zero offsets, and the
// body's `a.get(...)`, `a.set(..., v)`, `a.shape[k]`, `a.size`. The harness compares the
// whole underlying `data` of every ndarray, so a write outside a view is caught.

import ndarray from 'ndarray';
import { randF32, randF64, randI32 } from './prng.js';
import type { CorpusEntry } from './types.js';

type Nd<D extends ndarray.Data = Float32Array> = ndarray.NdArray<D>;

export const ndarrays: CorpusEntry[] = [
  {
    name: 'ndarrays/rank1-reversed-step',
    fn: (i: number, a: Nd, out: Nd) => {
      out.set(i, a.get(i) * 2 + i);
    },
    grid: 50,
    makeArgs: () => [ndarray(randF32(50, 601), [50]).step(-1), ndarray(new Float32Array(50), [50])],
    outputs: [1],
    note: 'step(-1): stride -1, offset 49',
  },
  {
    name: 'ndarrays/rank2-transposed',
    fn: (i: number, j: number, src: Nd, out: Nd) => {
      out.set(i, j, src.get(i, j) + i * 10 + j);
    },
    grid: [7, 5],
    makeArgs: () => [
      ndarray(randF32(35, 602), [5, 7]).transpose(1, 0),
      ndarray(new Float32Array(35), [7, 5]),
    ],
    outputs: [1],
  },
  {
    name: 'ndarrays/rank2-hi-lo-views-in-and-out',
    fn: (i: number, j: number, src: Nd, out: Nd) => {
      out.set(i, j, src.get(i, j) * 3 - src.shape[0]! + src.shape[1]!);
    },
    grid: [6, 7],
    makeArgs: () => [
      ndarray(randF32(120, 603), [10, 12]).hi(8, 10).lo(2, 3),
      ndarray(new Float32Array(120), [10, 12]).hi(7, 9).lo(1, 2),
    ],
    outputs: [1],
    note: 'non-zero offsets on both sides; only the output view may change',
  },
  {
    name: 'ndarrays/pick-column-into-typed-array',
    fn: (i: number, col: Nd, out: Float32Array) => {
      out[i] = col.get(i) - col.size;
    },
    grid: 6,
    makeArgs: () => [ndarray(randF32(54, 604), [6, 9]).pick(null, 4), new Float32Array(6)],
    outputs: [1],
  },
  {
    name: 'ndarrays/rank2-step-2-and-negative',
    fn: (i: number, j: number, src: Nd, out: Nd) => {
      out.set(i, j, src.get(i, j));
    },
    grid: [4, 6],
    makeArgs: () => [
      ndarray(randF32(8 * 6, 605), [8, 6]).step(2, -1),
      ndarray(new Float32Array(24), [4, 6]),
    ],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'ndarrays/explicit-negative-strides-offset',
    fn: (i: number, j: number, src: Nd<Int32Array>, out: Nd<Int32Array>) => {
      out.set(i, j, src.get(i, j) * 2 + 1);
    },
    grid: [4, 5],
    makeArgs: () => [
      ndarray(randI32(20, 606), [4, 5], [-5, -1], 19),
      ndarray(new Int32Array(20), [4, 5], [1, 4], 0),
    ],
    outputs: [1],
    note: 'input walks the buffer backwards; output is column-major',
  },
  {
    name: 'ndarrays/rank3-shape-and-size',
    fn: (i: number, j: number, k: number, a: Nd, out: Nd) => {
      out.set(i, j, k, a.get(i, j, k) * a.size + a.shape[2]! - a.shape[0]!);
    },
    grid: [3, 4, 5],
    makeArgs: () => [
      ndarray(randF32(60, 607), [3, 4, 5]).transpose(0, 2, 1).transpose(0, 2, 1),
      ndarray(new Float32Array(60), [3, 4, 5]),
    ],
    outputs: [1],
  },
  {
    name: 'ndarrays/rank4-loop-over-last-axis',
    fn: (i: number, j: number, k: number, a: Nd<Float64Array>, out: Nd<Float64Array>) => {
      let s = 0;
      for (let l = 0; l < a.shape[3]!; l++) s += a.get(i, j, k, l) * (l + 1);
      out.set(i, j, k, s);
    },
    grid: [2, 3, 4],
    makeArgs: () => [
      ndarray(randF64(2 * 3 * 4 * 5, 608), [2, 3, 4, 5]),
      ndarray(new Float64Array(24), [2, 3, 4]),
    ],
    outputs: [1],
  },
  {
    name: 'ndarrays/rank4-transposed-sliced',
    fn: (i: number, j: number, k: number, a: Nd, out: Float32Array) => {
      let m = -Infinity;
      for (let l = 0; l < a.shape[3]!; l++) m = Math.max(m, a.get(i, j, k, l));
      out[(i * a.shape[1]! + j) * a.shape[2]! + k] = m;
    },
    grid: [3, 2, 2],
    makeArgs: () => [
      ndarray(randF32(4 * 3 * 5 * 6, 609), [4, 3, 5, 6])
        .transpose(1, 0, 3, 2)
        .hi(3, 3, 5, 4)
        .lo(0, 1, 3, 1),
      new Float32Array(12),
    ],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'ndarrays/i32-row-sums',
    fn: (i: number, a: Nd<Int32Array>, out: Int32Array) => {
      let s = 0;
      for (let j = 0; j < a.shape[1]!; j++) s += a.get(i, j);
      out[i] = s;
    },
    grid: 9,
    makeArgs: () => [
      ndarray(randI32(9 * 11, 610), [9, 11])
        .transpose(1, 0)
        .transpose(1, 0),
      new Int32Array(9),
    ],
    outputs: [1],
  },
  {
    name: 'ndarrays/f64-matmul',
    fn: (i: number, j: number, a: Nd<Float64Array>, b: Nd<Float64Array>, c: Nd<Float64Array>) => {
      let s = 0;
      for (let k = 0; k < a.shape[1]!; k++) s += a.get(i, k) * b.get(k, j);
      c.set(i, j, s);
    },
    grid: [5, 6],
    makeArgs: () => [
      ndarray(randF64(5 * 7, 611), [5, 7]),
      ndarray(randF64(6 * 7, 612), [6, 7]).transpose(1, 0),
      ndarray(new Float64Array(30), [5, 6]),
    ],
    outputs: [2],
  },
];
