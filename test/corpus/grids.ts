// grids.ts — 1-, 2- and 3-D grids with extents that are multiples of nothing, degenerate
// extents (0 and 1), the `[n]` form, and a large 1-D grid.

import { randF32 } from './prng.js';
import type { CorpusEntry } from './types.js';

const mark1 = (i: number, out: Int32Array) => {
  out[i] = i * 3 + 1;
};

const mark2 = (i: number, j: number, out: Int32Array, cols: number) => {
  out[i * cols + j] = i * 1000 + j + 1;
};

const mark3 = (i: number, j: number, k: number, out: Int32Array, b: number, c: number) => {
  out[(i * b + j) * c + k] = i * 10000 + j * 100 + k + 1;
};

export const grids: CorpusEntry[] = [
  { name: 'grids/1d-empty', fn: mark1, grid: 0, makeArgs: () => [new Int32Array(4)], outputs: [0] },
  {
    name: 'grids/1d-single',
    fn: mark1,
    grid: 1,
    makeArgs: () => [new Int32Array(4)],
    outputs: [0],
  },
  {
    name: 'grids/1d-bracket-form',
    fn: mark1,
    grid: [61],
    makeArgs: () => [new Int32Array(64)],
    outputs: [0],
  },
  {
    name: 'grids/1d-large-prime',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * 2 - 1;
    },
    grid: 100_003,
    makeArgs: () => [randF32(100_003, 401), new Float32Array(100_003)],
    outputs: [1],
  },
  {
    name: 'grids/2d-7x13',
    fn: mark2,
    grid: [7, 13],
    makeArgs: () => [new Int32Array(91), 13],
    outputs: [0],
  },
  {
    name: 'grids/2d-1x257',
    fn: mark2,
    grid: [1, 257],
    makeArgs: () => [new Int32Array(257), 257],
    outputs: [0],
  },
  {
    name: 'grids/2d-257x1',
    fn: mark2,
    grid: [257, 1],
    makeArgs: () => [new Int32Array(257), 1],
    outputs: [0],
  },
  {
    name: 'grids/2d-1x1',
    fn: mark2,
    grid: [1, 1],
    makeArgs: () => [new Int32Array(1), 1],
    outputs: [0],
  },
  {
    name: 'grids/2d-67x71',
    fn: mark2,
    grid: [67, 71],
    makeArgs: () => [new Int32Array(67 * 71), 71],
    outputs: [0],
  },
  {
    name: 'grids/3d-3x5x7',
    fn: mark3,
    grid: [3, 5, 7],
    makeArgs: () => [new Int32Array(105), 5, 7],
    outputs: [0],
  },
  {
    name: 'grids/3d-5x1x9',
    fn: mark3,
    grid: [5, 1, 9],
    makeArgs: () => [new Int32Array(45), 1, 9],
    outputs: [0],
  },
  {
    name: 'grids/3d-17x19x23',
    fn: mark3,
    grid: [17, 19, 23],
    makeArgs: () => [new Int32Array(17 * 19 * 23), 19, 23],
    outputs: [0],
  },
  {
    name: 'grids/3d-box-blur-f32',
    fn: (
      z: number,
      y: number,
      x: number,
      src: Float32Array,
      dst: Float32Array,
      d: number,
      h: number,
      w: number,
    ) => {
      let s = 0;
      let count = 0;
      for (let dz = -1; dz <= 1; dz++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const zz = z + dz,
              yy = y + dy,
              xx = x + dx;
            if (zz < 0 || yy < 0 || xx < 0 || zz >= d || yy >= h || xx >= w) continue;
            s += src[(zz * h + yy) * w + xx]!;
            count++;
          }
        }
      }
      dst[(z * h + y) * w + x] = s / count;
    },
    grid: [6, 7, 9],
    makeArgs: () => [randF32(6 * 7 * 9, 402), new Float32Array(6 * 7 * 9), 6, 7, 9],
    outputs: [1],
    tolerance: { rel: 1e-5, abs: 1e-5 },
  },
];
