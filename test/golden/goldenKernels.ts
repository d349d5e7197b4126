// A fixed set of kernels whose generated code is kept as golden files: a refactor of the
// compiler must show no diff here unless it means to change the output.

import ndarray from 'ndarray';
import { kernel, atomicAdd, random, f32, barrier, groupId, localId, shared, type Kernel } from '../../src/index.js';

export interface GoldenKernel { name: string; kernel: Kernel; grid: number | number[]; args: unknown[] }

const n = 64;
const square = (v: number) => v * v;

export function goldenKernels(backend: 'js' | 'wasm' | 'webgpu'): GoldenKernel[] {
  return [
    {
      name: 'saxpy',
      kernel: kernel((i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
        out[i] = a * x[i]! + y[i]!;
      }, { backend }),
      grid: n, args: [2.5, new Float32Array(n), new Float32Array(n), new Float32Array(n)],
    },
    {
      name: 'sum_of_squares',
      kernel: kernel((i: number, x: Float64Array) => x[i]! * x[i]!, { reduce: 'sum', backend }),
      grid: n, args: [new Float64Array(n)],
    },
    {
      name: 'monte_carlo_pi',
      kernel: kernel((i: number, seed: number) => {
        const x = random(seed, 2 * i);
        const y = random(seed, 2 * i + 1);
        return x * x + y * y <= 1 ? 1 : 0;
      }, { reduce: 'sum', backend }),
      grid: n, args: [7],
    },
    {
      name: 'mandelbrot',
      kernel: kernel((row: number, col: number, out: Int32Array, w: number, h: number, maxIter: number) => {
        const x0 = f32((col / w) * 3.5 - 2.5);
        const y0 = f32((row / h) * 2 - 1);
        let x = f32(0);
        let y = f32(0);
        let it = 0;
        while (x * x + y * y <= 4 && it < maxIter) {
          const t = x * x - y * y + x0;
          y = 2 * x * y + y0;
          x = t;
          it++;
        }
        out[row * w + col] = it;
      }, { backend }),
      grid: [8, 8], args: [new Int32Array(64), 8, 8, 100],
    },
    {
      name: 'atomic_histogram',
      kernel: kernel((i: number, x: Float32Array, hist: Int32Array) => {
        const bin = Math.min(hist.length - 1, Math.floor(x[i]! * hist.length));
        atomicAdd(hist, bin, 1);
      }, { backend }),
      grid: n, args: [new Float32Array(n), new Int32Array(8)],
    },
    {
      name: 'transpose_ndarray',
      kernel: kernel((i: number, j: number, a: any, out: any) => {
        out.set(j, i, a.get(i, j));
      }, { backend }),
      grid: [4, 8], args: [ndarray(new Float32Array(32), [4, 8]), ndarray(new Float32Array(32), [8, 4])],
    },
    {
      name: 'helper_and_custom_reduce',
      kernel: kernel((i: number, x: Float32Array) => square(x[i]!) - 1, { reduce: (a: number, b: number) => Math.max(a, b), uses: { square }, backend }),
      grid: n, args: [new Float32Array(n)],
    },
    {
      name: 'control_flow',
      kernel: kernel((i: number, x: Int32Array, out: Int32Array) => {
        let s = 0;
        for (let k = 0; k < 10; k++) {
          if (k === i) continue;
          if (s > 100) break;
          s += x[k]! | 0;
        }
        if (s < 0) return;
        out[i] = s >>> 1;
      }, { backend, boundsCheck: true }),
      grid: 10, args: [new Int32Array(10), new Int32Array(10)],
    },
    // Every Math function, on f32 and f64 lanes and on integers (kept after the kernels
    // above: their line numbers are in the golden files).
    {
      name: 'math_f32',
      kernel: kernel(mathEvery, { backend }),
      grid: n, args: [new Float32Array(n), new Float32Array(n), new Float32Array(n * 34)],
    },
    {
      name: 'math_f64',
      kernel: kernel(mathEvery, { backend }),
      grid: n, args: [new Float64Array(n), new Float64Array(n), new Float64Array(n * 34)],
    },
    {
      name: 'math_f32_fast',
      kernel: kernel(mathEvery, { backend, fastMath: true }),
      grid: n, args: [new Float32Array(n), new Float32Array(n), new Float32Array(n * 34)],
    },
    {
      name: 'math_int',
      kernel: kernel((i: number, x: Int32Array, y: Int32Array, o: Int32Array) => {
        const a = x[i]!, b = y[i]!, k = i * 8;
        o[k] = Math.abs(a); o[k + 1] = Math.min(a, b); o[k + 2] = Math.max(a, b, 3); o[k + 3] = Math.sign(a);
        o[k + 4] = Math.imul(a, b); o[k + 5] = Math.clz32(a); o[k + 6] = Math.floor(a); o[k + 7] = Math.sqrt(b);
      }, { backend }),
      grid: n, args: [new Int32Array(n), new Int32Array(n), new Int32Array(n * 8)],
    },
    // A cooperative kernel: WGSL with workgroup memory and barriers; on the CPU backends
    // the phase-split flat kernel.
    {
      name: 'cooperative_scan',
      kernel: kernel((i: number, x: Float32Array, out: Float32Array) => {
        const t = shared(Float32Array, 64);
        const l = localId();
        t[l] = i < x.length ? x[i]! : 0;
        barrier();
        for (let off = 1; off < 64; off *= 2) {
          const v = l >= off ? t[l - off]! : 0;
          barrier();
          t[l] += v;
          barrier();
        }
        if (i < x.length) out[i] = t[l]! + groupId();
      }, { backend, workgroup: 64 }),
      grid: 100, args: [new Float32Array(100), new Float32Array(100)],
    },
  ];
}

function mathEvery(i: number, x: Float32Array | Float64Array, y: Float32Array | Float64Array, o: Float32Array | Float64Array): void {
  const a = x[i]!, b = y[i]!, k = i * 34;
  o[k] = Math.abs(a); o[k + 1] = Math.sign(a); o[k + 2] = Math.sqrt(a); o[k + 3] = Math.cbrt(a);
  o[k + 4] = Math.floor(a); o[k + 5] = Math.ceil(a); o[k + 6] = Math.round(a); o[k + 7] = Math.trunc(a);
  o[k + 8] = Math.fround(a); o[k + 9] = Math.exp(a); o[k + 10] = Math.expm1(a); o[k + 11] = Math.log(a);
  o[k + 12] = Math.log1p(a); o[k + 13] = Math.log2(a); o[k + 14] = Math.log10(a); o[k + 15] = Math.sin(a);
  o[k + 16] = Math.cos(a); o[k + 17] = Math.tan(a); o[k + 18] = Math.asin(a); o[k + 19] = Math.acos(a);
  o[k + 20] = Math.atan(a); o[k + 21] = Math.atan2(a, b); o[k + 22] = Math.sinh(a); o[k + 23] = Math.cosh(a);
  o[k + 24] = Math.tanh(a); o[k + 25] = Math.asinh(a); o[k + 26] = Math.acosh(a); o[k + 27] = Math.atanh(a);
  o[k + 28] = Math.pow(a, b); o[k + 29] = Math.hypot(a, b); o[k + 30] = Math.min(a, b); o[k + 31] = Math.max(a, b);
  o[k + 32] = Math.imul(a, b); o[k + 33] = Math.clz32(a);
}
