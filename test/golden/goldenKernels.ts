// A fixed set of kernels whose generated code is kept as golden files: a refactor of the
// compiler must show no diff here unless it means to change the output.

import ndarray from 'ndarray';
import { kernel, atomicAdd, random, f32, type Kernel } from '../../src/index.js';

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
  ];
}
