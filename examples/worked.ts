// worked.ts — the worked examples of parallel-programming courses, written as numbat
// kernels: square map, saxpy, sum of squares, Monte Carlo π, an atomic counter, a
// histogram, a particle step, Mandelbrot and naive matmul. Each says how to build its
// arguments and how to summarise its result in a line a person can check.

import { atomicAdd, random } from './numbat.js';
import type { Grid, ReduceName } from './plain.js';

/** One worked example: a kernel function, its launch, and how to present the result. */
export interface WorkedExample {
  readonly name: string;
  /** One line: what it computes and at what size. */
  readonly title: string;
  /** The kernel function (also runnable as plain JavaScript). */
  readonly fn: (...args: never[]) => unknown;
  readonly reduce?: ReduceName;
  readonly grid: Grid;
  /** Fresh, deterministic arguments for one launch. */
  makeArgs(): unknown[];
  /** Indices of the arguments that hold results (empty for reductions). */
  readonly outputs: readonly number[];
  /** Float tolerance relative to the largest magnitude of a result. */
  readonly relative: number;
  /**
   * Backends where unanchored float math is f32 (WebGPU) may flip a few samples near a
   * boundary: how many differing elements (or, for a reduction, what relative error)
   * is still the same result there, and why.
   */
  readonly f32Slack?: { readonly fraction: number; readonly why: string };
  /** A short, human-checkable summary of the result. */
  summarize(result: number | undefined, args: readonly unknown[]): string;
}

/** `n` deterministic floats in [low, high) from numbat's own counter-based generator. */
function randomFloat32(n: number, seed: number, low = 0, high = 1): Float32Array {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = low + (high - low) * random(seed, i);
  return values;
}

function randomFloat64(n: number, seed: number, low = 0, high = 1): Float64Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = low + (high - low) * random(seed, i);
  return values;
}

function firstValues(array: ArrayLike<number>, count = 3): string {
  const shown: string[] = [];
  for (let i = 0; i < Math.min(count, array.length); i++) shown.push(formatNumber(array[i]!));
  return `[${shown.join(', ')}${array.length > count ? ', …' : ''}]`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

function checksum(array: ArrayLike<number>): string {
  let sum = 0;
  for (let i = 0; i < array.length; i++) sum += array[i]!;
  return formatNumber(sum);
}

function argument<T>(args: readonly unknown[], index: number): T {
  return args[index] as T;
}

const SQUARE_N = 1_000_000;
const SAXPY_N = 1_000_000;
const SUMSQ_N = 1_000_000;
const PI_SAMPLES = 4_000_000;
const COUNTER_N = 1_000_000;
const HISTOGRAM_N = 1_000_000;
const PARTICLES_N = 1_000_000;
export const MANDELBROT_SIZE = { width: 480, height: 320, maxIter: 256 };
const MATMUL_N = 192;

/**
 * Escape-time iteration count of the point at (row, col) of a width×height view of the
 * plane starting at (x0, y0) and spanning spanX × spanY. Shared with the ASCII rendering.
 */
export const mandelbrotKernel = (
  row: number,
  col: number,
  out: Int32Array,
  width: number,
  height: number,
  maxIter: number,
  x0: number,
  y0: number,
  spanX: number,
  spanY: number,
): void => {
  const cr = x0 + (spanX * col) / width;
  const ci = y0 + (spanY * row) / height;
  let x = 0;
  let y = 0;
  let iter = 0;
  while (x * x + y * y <= 4 && iter < maxIter) {
    const nextX = x * x - y * y + cr;
    y = 2 * x * y + ci;
    x = nextX;
    iter++;
  }
  out[row * width + col] = iter;
};

/** The examples, in the order the demo runs them. */
export const WORKED_EXAMPLES: readonly WorkedExample[] = [
  {
    name: 'square map',
    title: `out[i] = x[i]² over ${SQUARE_N} f32 values`,
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * x[i]!;
    },
    grid: SQUARE_N,
    makeArgs: () => [randomFloat32(SQUARE_N, 1, -2, 2), new Float32Array(SQUARE_N)],
    outputs: [1],
    relative: 1e-6,
    summarize: (_result, args) => {
      const x = argument<Float32Array>(args, 0);
      const out = argument<Float32Array>(args, 1);
      return `x = ${firstValues(x)} → out = ${firstValues(out)}`;
    },
  },
  {
    name: 'saxpy',
    title: `out = 2.5·x + y over ${SAXPY_N} f32 values`,
    fn: (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
      out[i] = a * x[i]! + y[i]!;
    },
    grid: SAXPY_N,
    makeArgs: () => [
      2.5,
      randomFloat32(SAXPY_N, 2, -1, 1),
      randomFloat32(SAXPY_N, 3, -1, 1),
      new Float32Array(SAXPY_N),
    ],
    outputs: [3],
    relative: 1e-6,
    summarize: (_result, args) => {
      const out = argument<Float32Array>(args, 3);
      return `out = ${firstValues(out)}, Σout = ${checksum(out)}`;
    },
  },
  {
    name: 'sum of squares',
    title: `Σ x[i]² over ${SUMSQ_N} f64 values in [0, 1) (expect ≈ n/3)`,
    fn: (i: number, x: Float64Array) => x[i]! * x[i]!,
    reduce: 'sum',
    grid: SUMSQ_N,
    makeArgs: () => [randomFloat64(SUMSQ_N, 4)],
    outputs: [],
    relative: 1e-9,
    summarize: (result) =>
      `Σx² = ${formatNumber(result ?? Number.NaN)} (n/3 = ${formatNumber(SUMSQ_N / 3)})`,
  },
  {
    name: 'Monte Carlo π',
    title: `π from ${PI_SAMPLES} random points in the unit square`,
    fn: (i: number, seed: number) => {
      const x = random(seed, 2 * i);
      const y = random(seed, 2 * i + 1);
      return x * x + y * y < 1 ? 1 : 0;
    },
    reduce: 'sum',
    grid: PI_SAMPLES,
    makeArgs: () => [2024],
    outputs: [],
    relative: 0,
    f32Slack: { fraction: 1e-5, why: 'x·x + y·y is f32 on WebGPU' },
    summarize: (result) => {
      const inside = result ?? Number.NaN;
      return `${inside} inside → π ≈ ${((4 * inside) / PI_SAMPLES).toFixed(5)} (π = ${Math.PI.toFixed(5)})`;
    },
  },
  {
    name: 'atomic counter',
    title: `every one of ${COUNTER_N} indices does atomicAdd(counter, 0, 1)`,
    fn: (i: number, counter: Int32Array) => {
      atomicAdd(counter, 0, 1);
    },
    grid: COUNTER_N,
    makeArgs: () => [new Int32Array(1)],
    outputs: [0],
    relative: 0,
    summarize: (_result, args) =>
      `counter = ${argument<Int32Array>(args, 0)[0]} (expect exactly ${COUNTER_N})`,
  },
  {
    name: 'histogram',
    title: `10-bin histogram of ${HISTOGRAM_N} values x² (x uniform) with atomicAdd`,
    fn: (i: number, x: Float32Array, bins: Int32Array) => {
      const value = x[i]! * x[i]!;
      const bin = Math.min(bins.length - 1, Math.floor(value * bins.length));
      atomicAdd(bins, bin, 1);
    },
    grid: HISTOGRAM_N,
    makeArgs: () => [randomFloat32(HISTOGRAM_N, 5), new Int32Array(10)],
    outputs: [1],
    relative: 0,
    summarize: (_result, args) => {
      const bins = argument<Int32Array>(args, 1);
      return `bins = [${[...bins].join(', ')}], total ${checksum(bins)}`;
    },
  },
  {
    name: 'particle step',
    title: `${PARTICLES_N} particles: gravity, one Euler step, bouncing in a box (f32)`,
    fn: (
      i: number,
      x: Float32Array,
      y: Float32Array,
      vx: Float32Array,
      vy: Float32Array,
      dt: number,
      gravity: number,
    ) => {
      let nvx = vx[i]!;
      let nvy = vy[i]! - gravity * dt;
      let nx = x[i]! + nvx * dt;
      let ny = y[i]! + nvy * dt;
      if (ny < 0) {
        ny = -ny;
        nvy = -nvy * 0.9;
      }
      if (nx < 0) {
        nx = -nx;
        nvx = -nvx;
      } else if (nx > 1) {
        nx = 2 - nx;
        nvx = -nvx;
      }
      x[i] = nx;
      y[i] = ny;
      vx[i] = nvx;
      vy[i] = nvy;
    },
    grid: PARTICLES_N,
    makeArgs: () => [
      randomFloat32(PARTICLES_N, 6),
      randomFloat32(PARTICLES_N, 7, 0, 0.01),
      randomFloat32(PARTICLES_N, 8, -1, 1),
      randomFloat32(PARTICLES_N, 9, -1, 0),
      0.02,
      9.81,
    ],
    outputs: [0, 1, 2, 3],
    relative: 1e-6,
    summarize: (_result, args) => {
      const y = argument<Float32Array>(args, 1);
      const vy = argument<Float32Array>(args, 3);
      let bounced = 0;
      for (let i = 0; i < vy.length; i++) if (vy[i]! > 0) bounced++;
      return `mean height ${(Number(checksum(y)) / y.length).toFixed(5)}, ${bounced} particles bounced off the floor`;
    },
  },
  {
    name: 'Mandelbrot',
    title: `${MANDELBROT_SIZE.width}×${MANDELBROT_SIZE.height} escape-time iteration counts, maxIter ${MANDELBROT_SIZE.maxIter}`,
    fn: mandelbrotKernel,
    grid: [MANDELBROT_SIZE.height, MANDELBROT_SIZE.width],
    makeArgs: () => [
      new Int32Array(MANDELBROT_SIZE.width * MANDELBROT_SIZE.height),
      MANDELBROT_SIZE.width,
      MANDELBROT_SIZE.height,
      MANDELBROT_SIZE.maxIter,
      -2.2,
      -1.2,
      3.0,
      2.4,
    ],
    outputs: [0],
    relative: 0,
    f32Slack: { fraction: 0.01, why: 'unanchored float math is f32 on WebGPU' },
    summarize: (_result, args) => {
      const counts = argument<Int32Array>(args, 0);
      let inside = 0;
      for (let i = 0; i < counts.length; i++) if (counts[i] === MANDELBROT_SIZE.maxIter) inside++;
      return `${inside} of ${counts.length} points inside, ${checksum(counts)} iterations in all`;
    },
  },
  {
    name: 'naive matmul',
    title: `c = a·b for ${MATMUL_N}×${MATMUL_N} f32 matrices, one index per output`,
    fn: (
      row: number,
      col: number,
      a: Float32Array,
      b: Float32Array,
      c: Float32Array,
      n: number,
    ) => {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += a[row * n + k]! * b[k * n + col]!;
      c[row * n + col] = acc;
    },
    grid: [MATMUL_N, MATMUL_N],
    makeArgs: () => [
      randomFloat32(MATMUL_N * MATMUL_N, 10),
      randomFloat32(MATMUL_N * MATMUL_N, 11),
      new Float32Array(MATMUL_N * MATMUL_N),
      MATMUL_N,
    ],
    outputs: [2],
    relative: 1e-5,
    summarize: (_result, args) => {
      const c = argument<Float32Array>(args, 2);
      return `c = ${firstValues(c)}, trace ${formatNumber(trace(c, MATMUL_N))} (expect ≈ n²/4 = ${(MATMUL_N * MATMUL_N) / 4})`;
    },
  },
];

function trace(matrix: Float32Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += matrix[i * n + i]!;
  return sum;
}
