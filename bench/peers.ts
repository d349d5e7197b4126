// peers.ts — the peer libraries the comparison bench runs beside numbat: gpu.js 2.24 and
// TensorFlow.js with its WebAssembly backend, each only where the operation exists.
//
// In Node, gpu.js runs in its `cpu` mode only: its native `gl` (headless-gl) is not built
// here (npm 11 skips install scripts), so its GPU and WebGL modes are unavailable. tfjs
// runs on @tensorflow/tfjs-backend-wasm (SIMD; its threads need a browser). Both libraries
// compute in f32 on their own terms; each result is checked against numbat's before timing.

import type { PeerInputs } from './peerInputs.js';
import type { CaseOutput, Tolerance } from './data.js';

/** A peer's run of one family at one size. */
export interface PeerRunner {
  /** One run (what is timed): the peer's own call, inputs uploaded, result downloaded. */
  run(): unknown;
  /** The last run's result as the bench compares it (outside the timing). */
  read(raw: unknown): CaseOutput;
  /** How close to numbat's result it must be (the peer's precision). */
  readonly tolerance: Tolerance;
  /** Anything the reader should know (e.g. "f32 accumulation"). */
  readonly note?: string;
}

/** Not run, and why. */
export interface PeerMissing {
  readonly missing: string;
}

export const GPUJS = 'gpu.js (cpu)';
export const TFJS = 'tfjs-wasm';
export const PEER_NAMES = [GPUJS, TFJS] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- the peers' own loosely typed APIs */
type GpuKernel = ((...args: unknown[]) => unknown) & {
  setOutput(shape: number[]): GpuKernel;
  setConstants(c: Record<string, number>): GpuKernel;
};
interface GpuInstance {
  createKernel(fn: Function, options?: Record<string, unknown>): GpuKernel;
}

let gpuPromise: Promise<GpuInstance | string> | undefined;
let tfPromise: Promise<any> | undefined;

/** gpu.js in cpu mode, or why not. */
function loadGpu(): Promise<GpuInstance | string> {
  gpuPromise ??= import('gpu.js').then(
    (module: any) => {
      const GPU = module.GPU ?? module.default?.GPU;
      return new GPU({ mode: 'cpu' }) as GpuInstance;
    },
    (error: unknown) => `gpu.js is not installed (${(error as Error).message.split('\n')[0]})`,
  );
  return gpuPromise;
}

/** TensorFlow.js on its wasm backend, or why not. */
function loadTf(): Promise<any> {
  tfPromise ??= (async () => {
    try {
      const tf: any = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) return 'the tfjs wasm backend did not initialise';
      await tf.ready();
      return tf;
    } catch (error) {
      return `@tensorflow/tfjs or its wasm backend is not installed (${(error as Error).message.split('\n')[0]})`;
    }
  })();
  return tfPromise;
}

/** What the tfjs backend reports (SIMD, threads), for the bench header. */
export async function tfDescription(): Promise<string> {
  const tf = await loadTf();
  if (typeof tf === 'string') return tf;
  return `tfjs ${tf.version?.tfjs ?? ''} on ${tf.getBackend()} (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})`;
}

const F32_ELEMENTWISE: Tolerance = { relative: 1e-6, relativeToMax: 1e-6 };
const F32_ACCUMULATED: Tolerance = { relative: 1e-4, relativeToMax: 1e-4 };

/** gpu.js 2.24 in cpu mode, for one family. */
export async function gpuJsRunner(inputs: PeerInputs): Promise<PeerRunner | PeerMissing> {
  const gpu = await loadGpu();
  if (typeof gpu === 'string') return { missing: gpu };
  switch (inputs.family) {
    case 'saxpy': {
      const n = inputs.x.length;
      const k = gpu
        .createKernel(function (this: any, a: number, x: number[], y: number[]) {
          return a * x[this.thread.x]! + y[this.thread.x]!;
        })
        .setOutput([n]);
      return {
        run: () => k(inputs.a, inputs.x, inputs.y),
        read: (raw) => raw as Float32Array,
        tolerance: F32_ELEMENTWISE,
      };
    }
    case 'sumsq':
      return {
        missing:
          'n/a: gpu.js has no reduction (a map kernel plus a JavaScript sum would time plain JS)',
      };
    case 'pi':
      return {
        missing:
          "n/a: gpu.js has no seeded counter-based random (Math.random results cannot be checked against numbat's)",
      };
    case 'mandelbrot': {
      const side = inputs.xs.length;
      const k = gpu
        .createKernel(
          function (this: any, xs: number[], ys: number[], maxIter: number) {
            const cr = xs[this.thread.x]!;
            const ci = ys[this.thread.y]!;
            let zr = 0;
            let zi = 0;
            let iter = 0;
            for (let step = 0; step < maxIter; step++) {
              const zr2 = zr * zr;
              const zi2 = zi * zi;
              if (zr2 + zi2 > 4) break;
              const nextZr = zr2 - zi2 + cr;
              zi = 2 * zr * zi + ci;
              zr = nextZr;
              iter++;
            }
            return iter;
          },
          { loopMaxIterations: inputs.maxIter },
        )
        .setOutput([side, side]);
      return {
        run: () => k(inputs.xs, inputs.ys, inputs.maxIter),
        read: (raw) => flattenRows(raw as ArrayLike<number>[], side, Int32Array),
        // gpu.js's cpu mode computes in f64: a few boundary pixels take another count.
        tolerance: { relative: 0, mismatchFraction: 2e-2 },
        note: 'f64 arithmetic in cpu mode: boundary pixels may differ',
      };
    }
    case 'matmul': {
      const n = inputs.n;
      const k = gpu
        .createKernel(
          function (this: any, a: number[], b: number[]) {
            let sum = 0;
            for (let step = 0; step < this.constants.n; step++) {
              sum +=
                a[this.thread.y * this.constants.n + step]! *
                b[step * this.constants.n + this.thread.x]!;
            }
            return sum;
          },
          { constants: { n } },
        )
        .setOutput([n, n]);
      return {
        run: () => k(inputs.a, inputs.b),
        read: (raw) => flattenRows(raw as ArrayLike<number>[], n, Float32Array),
        tolerance: F32_ACCUMULATED,
      };
    }
    case 'nbody':
      return {
        missing:
          'n/a: a step writes six arrays; a gpu.js kernel returns one value per thread (six kernels would repeat the O(n²) loop six times)',
      };
    default: {
      const never: never = inputs;
      return never;
    }
  }
}

/** TensorFlow.js on its wasm backend, where the operation exists. */
export async function tfjsRunner(inputs: PeerInputs): Promise<PeerRunner | PeerMissing> {
  const tf = await loadTf();
  if (typeof tf === 'string') return { missing: tf };
  switch (inputs.family) {
    case 'saxpy': {
      const [x, y] = [unshared(inputs.x), unshared(inputs.y)];
      return {
        run: () =>
          tensorData(tf, () => tf.add(tf.mul(tf.scalar(inputs.a), tf.tensor1d(x)), tf.tensor1d(y))),
        read: (raw) => raw as Float32Array,
        tolerance: F32_ELEMENTWISE,
      };
    }
    case 'sumsq': {
      // tfjs takes no Float64Array: the data is converted to f32 once, before timing.
      const x = Float32Array.from(inputs.x);
      return {
        run: () => tf.tidy(() => tf.sum(tf.square(tf.tensor1d(x))).dataSync()[0]),
        read: (raw) => raw as number,
        // tfjs has no f64: the data and the sum are f32 (a long f32 sum drifts ~1e-3).
        tolerance: { relative: 5e-3 },
        note: 'f32 only (numbat sums f64): checked to 5e-3',
      };
    }
    case 'matmul': {
      const [a, b] = [unshared(inputs.a), unshared(inputs.b)];
      return {
        run: () =>
          tensorData(tf, () =>
            tf.matMul(tf.tensor2d(a, [inputs.n, inputs.n]), tf.tensor2d(b, [inputs.n, inputs.n])),
          ),
        read: (raw) => raw as Float32Array,
        tolerance: F32_ACCUMULATED,
      };
    }
    case 'pi':
      return {
        missing: "n/a: tfjs has no counter-based random(seed, i) to reproduce numbat's samples",
      };
    case 'mandelbrot':
      return { missing: 'n/a: no tfjs operation for a data-dependent escape loop' };
    case 'nbody':
      return {
        missing:
          'n/a: no tfjs n-body operation (a composition of broadcasts would be a different algorithm)',
      };
    default: {
      const never: never = inputs;
      return never;
    }
  }
}

/** A copy on an ordinary ArrayBuffer (tfjs copies SharedArrayBuffer views very slowly). */
function unshared(array: Float32Array): Float32Array {
  return typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer
    ? array.slice()
    : array;
}

function flattenRows<T extends Float32Array | Int32Array>(
  rows: ArrayLike<number>[],
  width: number,
  kind: { new (n: number): T },
): T {
  const out = new kind(rows.length * width);
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) out[r * width + c] = row[c]!;
  });
  return out;
}

/**
 * The data of the tensor `build` makes, its temporaries freed. dataSync() is called
 * outside tf.tidy: tidy walks the value its function returns looking for tensors, element
 * by element for a typed array, which cost up to 15× the operation itself (a matmul at 512).
 */
export function tensorData(tf: any, build: () => any): Float32Array {
  const tensor = tf.tidy(build);
  const data = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return data;
}
