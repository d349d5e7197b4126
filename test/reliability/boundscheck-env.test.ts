// boundscheck-env.test.ts — NUMBAT_BOUNDSCHECK=1 checks the user's kernels, not the passes of
// numbat's primitives (src/kernels/internalKernel.ts): before, gemm, sort, scan, histogram
// and the reductions along an axis threw RangeErrors pointing into numbat's own source under
// it (49 tests of test/primitives and test/api). This file runs in its own process (vitest
// forks pool), so setting the variable before importing numbat affects nothing else.

process.env['NUMBAT_BOUNDSCHECK'] = '1';

import { expect, it } from 'vitest';

// Dynamic imports: static ones would load numbat before the variable above is set.
const { kernel } = await import('../../src/index.js');
const { gemm, histogram, reduce, scan, sort } = await import('../../src/kernels/index.js');
const { default: ndarray } = await import('ndarray');

const rand = (n: number, seed: number) => {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.round((s / 2 ** 32) * 64 - 32) / 8;
  });
};

it('a user kernel is checked: an index past the end is a located RangeError', async () => {
  const k = kernel((i: number, x: Float32Array, o: Float32Array) => {
    o[i] = x[i + 1]!;
  });
  await expect(k.launch(4, new Float32Array(4), new Float32Array(4))).rejects.toThrow(
    /index 4 is out of range \[0, 4\) for parameter 'x'/,
  );
});

it('the primitives run and give the plain answers on every CPU backend', async () => {
  for (const backend of ['js', 'workers', 'wasm'] as const) {
    const [m, k, n] = [7, 33, 129];
    const a = rand(m * k, 1);
    const b = rand(k * n, 2);
    const c = (await gemm(ndarray(a, [m, k]), ndarray(b, [k, n]), undefined, { backend })) as {
      data: Float32Array;
    };
    for (const [i, j] of [
      [0, 0],
      [6, 128],
      [3, 64],
    ] as const) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q]! * b[q * n + j]!;
      expect(c.data[i * n + j]).toBe(Math.fround(s)); // multiples of 1/64: exact in f32
    }
    const x = rand(5000, 3);
    expect(Array.from((await sort(x, { backend })) as Float32Array)).toEqual(
      Array.from(x.slice().sort()),
    );
    const sums = (await scan(x, 'sum', { backend })) as Float32Array;
    let acc = 0;
    for (let i = 0; i < x.length; i++) acc += x[i]!; // multiples of 1/8: exact
    expect(sums[x.length - 1]).toBe(acc);
    const h = (await histogram(x, 8, { range: [-4, 4], backend })) as Uint32Array;
    expect(h.reduce((p, q) => p + q, 0)).toBe(x.filter((v) => v >= -4 && v <= 4).length);
    const rows = (await reduce(ndarray(x, [50, 100]), 'max', { axis: 1, backend })) as {
      data: Float32Array;
    };
    expect(rows.data[7]).toBe(Math.max(...x.subarray(700, 800)));
  }
});
