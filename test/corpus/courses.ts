// courses.ts — the worked examples of parallel-programming courses, as corpus entries:
// square map, saxpy, sum of squares, Monte Carlo π, an atomic counter, a histogram, an
// all-pairs particle step, Mandelbrot, naive matmul, a 1-D stencil, transpose, dot
// product, min/max reductions and a custom reduction.

import { atomicAdd, f32, random } from '../../src/index.js';
import { randF32, randF64 } from './prng.js';
import type { CorpusEntry } from './types.js';

const N = 1000;

export const courses: CorpusEntry[] = [
  {
    name: 'courses/square-map-f32',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * x[i]!;
    },
    grid: N,
    makeArgs: () => [randF32(N, 1, -4, 4), new Float32Array(N)],
    outputs: [1],
  },
  {
    name: 'courses/saxpy-f32',
    fn: (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
      out[i] = a * x[i]! + y[i]!;
    },
    grid: 1023,
    makeArgs: () => [2.5, randF32(1023, 2), randF32(1023, 3), new Float32Array(1023)],
    outputs: [3],
    note: 'a float number argument meeting f32 arrays: weak, so the math is f32',
  },
  {
    name: 'courses/saxpy-f64',
    fn: (i: number, a: number, x: Float64Array, y: Float64Array, out: Float64Array) => {
      out[i] = a * x[i]! + y[i]!;
    },
    grid: 1023,
    makeArgs: () => [-0.75, randF64(1023, 4), randF64(1023, 5), new Float64Array(1023)],
    outputs: [3],
  },
  {
    name: 'courses/sum-of-squares-f64',
    fn: (i: number, x: Float64Array) => x[i]! * x[i]!,
    options: { reduce: 'sum' },
    grid: 4097,
    makeArgs: () => [randF64(4097, 6, -3, 3)],
  },
  {
    name: 'courses/monte-carlo-pi',
    fn: (i: number, seed: number) => {
      const x = random(seed, 2 * i);
      const y = random(seed, 2 * i + 1);
      return x * x + y * y < 1 ? 1 : 0;
    },
    options: { reduce: 'sum' },
    grid: 8192,
    makeArgs: () => [1234],
    resultPrecision: 'int',
    backendTolerance: { webgpu: { abs: 8 } },
    note: 'x*x+y*y is unanchored float math: f32 on WebGPU, so a few points on the circle may flip there',
  },
  {
    name: 'courses/atomic-counter-i32',
    fn: (i: number, counter: Int32Array) => {
      atomicAdd(counter, 0, 1);
    },
    grid: 5000,
    makeArgs: () => [new Int32Array(1)],
    outputs: [0],
  },
  {
    name: 'courses/atomic-counter-f32',
    fn: (i: number, counter: Float32Array) => {
      atomicAdd(counter, 0, 1);
    },
    grid: 5000,
    makeArgs: () => [new Float32Array(1)],
    outputs: [0],
    tolerance: { rel: 0, abs: 0 },
    note: 'integer increments below 2^24 are exact in f32 in any order: the count must be exact',
  },
  {
    name: 'courses/histogram-atomic',
    fn: (i: number, x: Float32Array, bins: Int32Array) => {
      const b = Math.min(bins.length - 1, Math.floor(x[i]! * bins.length));
      atomicAdd(bins, b, 1);
    },
    grid: 3000,
    makeArgs: () => [randF32(3000, 7, 0, 1), new Int32Array(16)],
    outputs: [1],
  },
  {
    name: 'courses/particles-all-pairs-f32',
    fn: (
      i: number,
      px: Float32Array,
      py: Float32Array,
      pz: Float32Array,
      vx: Float32Array,
      vy: Float32Array,
      vz: Float32Array,
      outP: Float32Array,
      outV: Float32Array,
      dt: number,
      softening: number,
    ) => {
      let ax = f32(0),
        ay = f32(0),
        az = f32(0);
      for (let j = 0; j < px.length; j++) {
        const dx = px[j]! - px[i]!;
        const dy = py[j]! - py[i]!;
        const dz = pz[j]! - pz[i]!;
        const d2 = dx * dx + dy * dy + dz * dz + softening;
        const inv = 1 / Math.sqrt(d2);
        const inv3 = inv * inv * inv;
        ax += dx * inv3;
        ay += dy * inv3;
        az += dz * inv3;
      }
      const nvx = vx[i]! + dt * ax;
      const nvy = vy[i]! + dt * ay;
      const nvz = vz[i]! + dt * az;
      outV[3 * i] = nvx;
      outV[3 * i + 1] = nvy;
      outV[3 * i + 2] = nvz;
      outP[3 * i] = px[i]! + dt * nvx;
      outP[3 * i + 1] = py[i]! + dt * nvy;
      outP[3 * i + 2] = pz[i]! + dt * nvz;
    },
    grid: 64,
    makeArgs: () => [
      randF32(64, 8),
      randF32(64, 9),
      randF32(64, 10),
      randF32(64, 11, -0.1, 0.1),
      randF32(64, 12, -0.1, 0.1),
      randF32(64, 13, -0.1, 0.1),
      new Float32Array(192),
      new Float32Array(192),
      0.01,
      0.01,
    ],
    outputs: [6, 7],
    tolerance: { rel: 1e-4, abs: 1e-4 },
    note: 'f32 accumulation over 64 bodies; plain JS accumulates in f64',
  },
  {
    name: 'courses/mandelbrot-2d',
    fn: (row: number, col: number, out: Int32Array, w: number, h: number, maxIter: number) => {
      const x0 = -2.5 + (3.5 * col) / w;
      const y0 = -1.25 + (2.5 * row) / h;
      let x = 0;
      let y = 0;
      let iter = 0;
      while (x * x + y * y <= 4 && iter < maxIter) {
        const xt = x * x - y * y + x0;
        y = 2 * x * y + y0;
        x = xt;
        iter++;
      }
      out[row * w + col] = iter;
    },
    grid: [37, 53],
    makeArgs: () => [new Int32Array(37 * 53), 53, 37, 200],
    outputs: [0],
    backendTolerance: { webgpu: { mismatchFraction: 0.03 } },
    note: 'unanchored float math: f64 on CPU backends (exact), f32 on WebGPU (a few boundary pixels may differ)',
  },
  {
    name: 'courses/matmul-naive-2d-f32',
    fn: (
      r: number,
      c: number,
      a: Float32Array,
      b: Float32Array,
      out: Float32Array,
      k: number,
      n: number,
    ) => {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += a[r * k + t]! * b[t * n + c]!;
      out[r * n + c] = acc;
    },
    grid: [13, 11],
    makeArgs: () => [randF32(13 * 17, 14), randF32(17 * 11, 15), new Float32Array(13 * 11), 17, 11],
    outputs: [2],
    tolerance: { rel: 1e-5, abs: 17 * 2 ** -22 },
  },
  {
    name: 'courses/stencil-1d-f32',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      const n = x.length;
      if (i === 0 || i === n - 1) {
        out[i] = x[i]!;
      } else {
        out[i] = 0.25 * x[i - 1]! + 0.5 * x[i]! + 0.25 * x[i + 1]!;
      }
    },
    grid: 777,
    makeArgs: () => [randF32(777, 16), new Float32Array(777)],
    outputs: [1],
    tolerance: { rel: 1e-5, abs: 1e-6 },
  },
  {
    name: 'courses/transpose-2d-f32',
    fn: (
      r: number,
      c: number,
      src: Float32Array,
      dst: Float32Array,
      rows: number,
      cols: number,
    ) => {
      dst[c * rows + r] = src[r * cols + c]!;
    },
    grid: [19, 23],
    makeArgs: () => [randF32(19 * 23, 17), new Float32Array(19 * 23), 19, 23],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'courses/dot-product-f32',
    fn: (i: number, x: Float32Array, y: Float32Array) => x[i]! * y[i]!,
    options: { reduce: 'sum' },
    grid: 2048,
    makeArgs: () => [randF32(2048, 18), randF32(2048, 19)],
    resultPrecision: 'f32',
  },
  {
    name: 'courses/max-reduce-f64',
    fn: (i: number, x: Float64Array) => x[i]!,
    options: { reduce: 'max' },
    grid: 3001,
    makeArgs: () => [randF64(3001, 20, -100, 100)],
  },
  {
    name: 'courses/min-reduce-f32',
    fn: (i: number, x: Float32Array) => x[i]!,
    options: { reduce: 'min' },
    grid: 3001,
    makeArgs: () => [randF32(3001, 21, -100, 100)],
    resultPrecision: 'f32',
  },
  {
    name: 'courses/custom-reduce-l2-norm-hypot',
    fn: (i: number, x: Float64Array) => x[i]!,
    options: { reduce: (a: number, b: number) => Math.hypot(a, b) },
    grid: 1000,
    makeArgs: () => [randF64(1000, 22, -2, 2)],
    tolerance: { rel: 1e-12 },
    note: 'hypot is associative in exact arithmetic: the combined value is the L2 norm',
  },
  {
    name: 'courses/custom-reduce-max-abs',
    fn: (i: number, x: Float32Array) => Math.abs(x[i]!),
    options: { reduce: (a: number, b: number) => (a > b ? a : b) },
    grid: 999,
    makeArgs: () => [randF32(999, 23, -50, 50)],
    resultPrecision: 'f32',
  },
];
