// atomics.ts — atomicAdd/Sub/Min/Max on Int32Array, Uint32Array and Float32Array with
// many indices hitting few slots; results are independent of the order of the updates
// (integer-valued float increments are exact), and the returned old value is checked
// where it is deterministic (each index owns its slot).

import { atomicAdd, atomicMax, atomicMin, atomicSub } from '../../src/index.js';
import { randF32, randI32, randU32 } from './prng.js';
import type { CorpusEntry } from './types.js';

export const atomics: CorpusEntry[] = [
  {
    name: 'atomics/add-sub-multi-slot-i32',
    fn: (i: number, slots: Int32Array) => {
      atomicAdd(slots, i % 7, i);
      atomicSub(slots, 6 - (i % 7), 1);
    },
    grid: 4000,
    makeArgs: () => [new Int32Array(7)],
    outputs: [0],
  },
  {
    name: 'atomics/min-max-i32',
    fn: (i: number, a: Int32Array, result: Int32Array) => {
      atomicMin(result, 0, a[i]!);
      atomicMax(result, 1, a[i]!);
    },
    grid: 3000,
    makeArgs: () => [randI32(3000, 801, -1e9, 1e9), new Int32Array([2147483647, -2147483648])],
    outputs: [1],
  },
  {
    name: 'atomics/max-u32-above-2-31',
    fn: (i: number, a: Uint32Array, result: Uint32Array) => {
      atomicMax(result, 0, a[i]!);
      atomicMin(result, 1, a[i]!);
    },
    grid: 2000,
    makeArgs: () => [randU32(2000, 802), new Uint32Array([0, 0xffffffff])],
    outputs: [1],
    note: 'unsigned comparison: values above 2^31 are the largest',
  },
  {
    name: 'atomics/float-add-integer-valued',
    fn: (i: number, bins: Float32Array) => {
      atomicAdd(bins, i % 5, (i % 3) - 1 + 2);
    },
    grid: 6000,
    makeArgs: () => [new Float32Array(5)],
    outputs: [0],
    tolerance: { rel: 0, abs: 0 },
    note: 'integer-valued f32 sums below 2^24 are exact in any order',
  },
  {
    name: 'atomics/float-min-max',
    fn: (i: number, x: Float32Array, result: Float32Array) => {
      atomicMin(result, 0, x[i]!);
      atomicMax(result, 1, x[i]!);
    },
    grid: 2000,
    makeArgs: () => [randF32(2000, 803, -1000, 1000), new Float32Array([Infinity, -Infinity])],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'atomics/old-value-own-slot',
    fn: (i: number, slots: Int32Array, olds: Int32Array) => {
      const old = atomicAdd(slots, i, 5);
      olds[i] = old * 2 + slots[i]!;
    },
    grid: 500,
    makeArgs: () => [randI32(500, 804), new Int32Array(500)],
    outputs: [0, 1],
  },
  {
    name: 'atomics/histogram-2d-grid',
    fn: (r: number, c: number, img: Int32Array, w: number, bins: Int32Array) => {
      const v = img[r * w + c]!;
      atomicAdd(bins, (v >>> 4) & 31, 1);
    },
    grid: [41, 37],
    makeArgs: () => [randI32(41 * 37, 805, 0, 1 << 16), 37, new Int32Array(32)],
    outputs: [2],
  },
];
