// e2e.test.ts — the workers backend through the public API (kernel → JS codegen → pool),
// compared with the plain function run on copies of the same inputs.

import { describe, expect, test } from 'vitest';
import { atomicAdd, kernel } from '../../src/index.js';

describe('workers backend through kernel()', () => {
  test('saxpy equals the js backend exactly and the plain function within f32 rounding', async () => {
    const fn = (
      i: number,
      a: number,
      x: Float32Array,
      y: Float32Array,
      out: Float32Array,
    ): void => {
      out[i] = a * x[i]! + y[i]!;
    };
    const n = 100_000;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const y = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const out = new Float32Array(n);
    const expected = new Float32Array(n);
    for (let i = 0; i < n; i++) fn(i, 2.5, x, y, expected);
    await kernel(fn, { backend: 'workers' }).launch(n, 2.5, x, y, out);
    const single = new Float32Array(n);
    await kernel(fn, { backend: 'js' }).launch(n, 2.5, x, y, single);
    expect(out.findIndex((v, i) => v !== single[i])).toBe(-1);
    // f32 math rounds each operation; the plain function rounds once when storing.
    expect(
      out.findIndex(
        (v, i) => Math.abs(v - expected[i]!) > 1e-6 * Math.max(1, Math.abs(expected[i]!)),
      ),
    ).toBe(-1);
  });

  test('a reduce (sum of squares) is deterministic and close to the plain sum', async () => {
    const fn = (i: number, x: Float64Array): number => x[i]! * x[i]!;
    const n = 250_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));
    let plain = 0;
    for (let i = 0; i < n; i++) plain += fn(i, x);
    const k = kernel(fn, { backend: 'workers', reduce: 'sum' });
    const first = await k.launch(n, x);
    for (let r = 0; r < 3; r++) expect(await k.launch(n, x)).toBe(first);
    expect(first).toBeCloseTo(plain, 6);
  });

  test('integer and float atomics from many threads', async () => {
    const histogram = (
      i: number,
      data: Int32Array,
      bins: Int32Array,
      total: Float32Array,
    ): void => {
      atomicAdd(bins, data[i]! % 16, 1);
      atomicAdd(total, 0, 0.5);
    };
    const n = 200_000;
    const data = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const bins = new Int32Array(16);
    const total = new Float32Array(1);
    await kernel(histogram, { backend: 'workers' }).launch(n, data, bins, total);
    const expected = new Int32Array(16);
    for (let i = 0; i < n; i++) expected[data[i]! % 16]!++;
    expect(Array.from(bins)).toEqual(Array.from(expected));
    expect(total[0]).toBe(n * 0.5); // exact: multiples of 0.5 below 2^24
  });

  test('Mandelbrot on a 2-D grid equals the plain function', async () => {
    const fn = (
      row: number,
      col: number,
      out: Int32Array,
      h: number,
      w: number,
      maxIter: number,
    ): void => {
      const cr = -2.2 + (3.2 * col) / w;
      const ci = -1.4 + (2.8 * row) / h;
      let zr = 0;
      let zi = 0;
      let n = 0;
      while (n < maxIter && zr * zr + zi * zi <= 4) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        n++;
      }
      out[row * w + col] = n;
    };
    const h = 90,
      w = 120;
    const out = new Int32Array(h * w);
    const expected = new Int32Array(h * w);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) fn(r, c, expected, h, w, 200);
    await kernel(fn, { backend: 'workers' }).launch([h, w], out, h, w, 200);
    expect(out.findIndex((v, i) => v !== expected[i])).toBe(-1);
  });
});
