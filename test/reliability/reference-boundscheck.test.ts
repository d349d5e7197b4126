// reference-boundscheck.test.ts — under NUMBAT_DISABLE_JIT=1 a cooperative kernel runs on the
// reference executor (jit/ir/interp.ts), which had no bounds checks: with `boundsCheck` an
// out-of-range read, write or atomic of an array argument ran without an error (probe 25),
// where every backend's generated code raises a located RangeError. This file runs in its
// own process (vitest forks pool), so setting the variable before importing numbat affects
// nothing else.

process.env['NUMBAT_DISABLE_JIT'] = '1';

import { expect, it } from 'vitest';

// Dynamic imports: static ones would load numbat before the variable above is set.
const { atomicAdd, barrier, kernel, localId, shared } = await import('../../src/index.js');

const options = { workgroup: 4, boundsCheck: true } as const;

it('a cooperative kernel under boundsCheck: an out-of-range read, write or atomic is a located RangeError', async () => {
  const read = kernel((i: number, x: Float32Array, out: Float32Array) => {
    const t = shared(Float32Array, 4);
    t[localId()] = 1;
    barrier();
    out[i] = x[i + 1000]! + t[0]!;
  }, options);
  const write = kernel((i: number, x: Float32Array, out: Float32Array) => {
    const t = shared(Float32Array, 4);
    barrier();
    out[i + 1000] = x[i]! + t[0]!;
  }, options);
  const atomic = kernel((i: number, x: Float32Array, out: Int32Array) => {
    const t = shared(Float32Array, 4);
    barrier();
    atomicAdd(out, i + 1000 * x[i]!, 1);
  }, options);
  const x = new Float32Array(8).fill(1);
  await expect(read.launch(8, x, new Float32Array(8))).rejects.toThrow(
    /^numbat: index 1000 is out of range \[0, 8\) for parameter 'x' of kernel '\w+' \(.*reference-boundscheck\.test\.ts:\d+\)/,
  );
  await expect(write.launch(8, x, new Float32Array(8))).rejects.toThrow(
    /index 1000 is out of range \[0, 8\) for parameter 'out'/,
  );
  const counts = new Int32Array(8);
  await expect(atomic.launch(8, x, counts)).rejects.toThrow(
    /index 1000 is out of range \[0, 8\) for parameter 'out'/,
  );
  expect(Array.from(counts)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
});

it('in range it runs as before, and without boundsCheck an out-of-range write is dropped', async () => {
  const reverse = (i: number, x: Float32Array, out: Float32Array) => {
    const t = shared(Float32Array, 4);
    t[localId()] = x[i]!;
    barrier();
    out[i + 2] = t[3 - localId()]!;
  };
  const x = Float32Array.from({ length: 8 }, (_, k) => k + 1);
  const out = new Float32Array(10);
  await kernel(reverse, options).launch(8, x, out);
  expect(Array.from(out)).toEqual([0, 0, 4, 3, 2, 1, 8, 7, 6, 5]);
  const short = new Float32Array(8);
  await kernel(reverse, { workgroup: 4 }).launch(8, x, short);
  expect(Array.from(short)).toEqual([0, 0, 4, 3, 2, 1, 8, 7]);
  await expect(kernel(reverse, options).launch(8, x, new Float32Array(8))).rejects.toThrow(
    /index 8 is out of range \[0, 8\) for parameter 'out'/,
  );
});
