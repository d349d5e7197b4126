// uses.ts — helper functions and numeric constants passed through the `uses` option:
// a helper calling Math functions, a helper with an early return, a helper used twice,
// a helper calling another helper, a helper with a loop, and numeric constants.

import { randF32, randF64 } from './prng.js';
import type { CorpusEntry } from './types.js';

const SCALE = 3.5;
const OFFSET = -2;
const ITERATIONS = 12;

/** A helper calling Math functions. */
function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(Math.max((x - edge0) / (edge1 - edge0), 0), 1);
  return t * t * (3 - 2 * t);
}

/** A helper with early returns. */
function clampUnit(x: number): number {
  if (x < 0) return 0;
  if (x > 1) return 1;
  return x;
}

/** A helper calling another helper. */
function clampedSquare(x: number): number {
  const c = clampUnit(x);
  return c * c;
}

/** A helper with a loop: Newton's square root. */
function newtonSqrt(v: number): number {
  let r = v > 1 ? v : 1;
  for (let k = 0; k < ITERATIONS; k++) r = 0.5 * (r + v / r);
  return r;
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

export const uses: CorpusEntry[] = [
  {
    name: 'uses/helper-calls-math',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      out[i] = smoothstep(-1, 1, x[i]!);
    },
    options: { uses: { smoothstep } },
    grid: 300,
    makeArgs: () => [randF64(300, 701, -2, 2), new Float64Array(300)],
    outputs: [1],
  },
  {
    name: 'uses/helper-early-return-used-twice',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = clampUnit(x[i]!) + clampUnit(x[i]! * 2 - 0.5);
    },
    options: { uses: { clampUnit } },
    grid: 300,
    makeArgs: () => [randF32(300, 702, -1, 2), new Float32Array(300)],
    outputs: [1],
  },
  {
    name: 'uses/helper-calls-helper',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = clampedSquare(x[i]!);
    },
    options: { uses: { clampedSquare, clampUnit } },
    grid: 300,
    makeArgs: () => [randF32(300, 703, -1, 2), new Float32Array(300)],
    outputs: [1],
  },
  {
    name: 'uses/numeric-constants',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * SCALE + OFFSET;
    },
    options: { uses: { SCALE, OFFSET } },
    grid: 300,
    makeArgs: () => [randF32(300, 704), new Float32Array(300)],
    outputs: [1],
  },
  {
    name: 'uses/helper-with-loop-and-constant',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      out[i] = newtonSqrt(x[i]!);
    },
    options: { uses: { newtonSqrt, ITERATIONS } },
    grid: 200,
    makeArgs: () => [randF64(200, 705, 0.5, 100), new Float64Array(200)],
    outputs: [1],
  },
  {
    name: 'uses/arrow-helper-lerp',
    fn: (i: number, a: Float32Array, b: Float32Array, out: Float32Array) => {
      out[i] = lerp(a[i]!, b[i]!, i / 300);
    },
    options: { uses: { lerp } },
    grid: 300,
    makeArgs: () => [randF32(300, 706), randF32(300, 707), new Float32Array(300)],
    outputs: [2],
  },
];
