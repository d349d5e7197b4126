// arrays.test.ts — how the workers backend places arrays: host arrays copied to scratch
// and back (written ones only), aliasing preserved, heap views and device storage used
// in place, and scratch blocks released.

import { afterAll, describe, expect, test } from 'vitest';
import type { DeviceStorage, LaunchBuffer } from '../../src/backends/backend.js';
import { Heap } from '../../src/backends/heap.js';
import { WorkersBackend } from '../../src/backends/workers/workersBackend.js';
import type { TypedArray } from '../../src/jit/types/dtype.js';
import { irKernel, randomArray, runReference } from './kernels.js';

const host = (data: TypedArray): LaunchBuffer => ({ kind: 'host', data });
const device = (storage: DeviceStorage): LaunchBuffer => ({ kind: 'device', storage });

const heap = new Heap();
const backend = new WorkersBackend({ heap, threads: 3, parallelThresholdNs: 0 });
afterAll(() => backend.shutdown());

/** p[i] += 1 after q[i] = 5: with p and q the same array every element must end as 6. */
const ALIAS = `({
  run(bufs, s, begin, end) {
    const p = bufs[0], q = bufs[1];
    for (let i = begin; i < end; i++) { q[i] = 5; p[i] += 1; }
  }
})`;

/** out[i] = 2 * a[i]; also scribbles on a (which the IR says is read-only). */
const DOUBLE = `({
  run(bufs, s, begin, end) {
    const a = bufs[0], out = bufs[1];
    for (let i = begin; i < end; i++) { out[i] = 2 * a[i]; a[i] = -1; }
  }
})`;

const aliasIr = irKernel(
  'alias',
  [
    { name: 'p', dtype: 'f64', written: true },
    { name: 'q', dtype: 'f64', written: true },
  ],
  [],
);
const doubleIr = irKernel(
  'double',
  [
    { name: 'a', dtype: 'f64', written: false },
    { name: 'out', dtype: 'f64', written: true },
  ],
  [],
);

describe('host arrays', () => {
  test('the same array passed twice maps to one scratch region', async () => {
    const kernel = backend.compileSource(aliasIr, ALIAS);
    const n = 50_000;
    const data = randomArray(Float64Array, n, 1);
    const inUse = heap.bytesInUse;
    await kernel.run({ buffers: [host(data), host(data)], scalars: [], grid: [n], total: n });
    expect(data.every((v) => v === 6)).toBe(true);
    expect(heap.bytesInUse).toBe(inUse); // scratch released
  });

  test('subarrays of one buffer keep their layout; bytes outside them are untouched', async () => {
    const kernel = backend.compileSource(doubleIr, DOUBLE);
    const n = 10_001;
    const whole = randomArray(Float64Array, 2 * n + 3, 2);
    const original = whole.slice();
    const a = whole.subarray(1, n + 1);
    const out = whole.subarray(n + 2, 2 * n + 2);
    await kernel.run({ buffers: [host(a), host(out)], scalars: [], grid: [n], total: n });
    for (let i = 0; i < n; i++) expect(out[i]).toBe(2 * original[1 + i]!);
    // 'a' is read-only for the IR: its scribbles are not copied back; neither are the gaps.
    expect(Array.from(whole.subarray(0, n + 2))).toEqual(Array.from(original.subarray(0, n + 2)));
    expect(whole[2 * n + 2]).toBe(original[2 * n + 2]);
  });

  test('small launches run on the calling thread with the same results (no pool, no copies)', async () => {
    const serialBackend = new WorkersBackend({ heap, threads: 3 }); // default threshold
    const kernel = serialBackend.compileSource(aliasIr, ALIAS);
    for (let round = 0; round < 4; round++) {
      const data = randomArray(Float64Array, 100, round);
      await kernel.run({ buffers: [host(data), host(data)], scalars: [], grid: [100], total: 100 });
      expect(data.every((v) => v === 6)).toBe(true);
    }
    await serialBackend.shutdown();
  });

  test('a host array that already views the heap is used in place', async () => {
    const kernel = backend.compileSource(doubleIr, DOUBLE);
    const n = 20_000;
    const aOffset = heap.alloc(n * 8);
    const outOffset = heap.alloc(n * 8, true);
    const a = heap.view('f64', aOffset, n);
    a.set(randomArray(Float64Array, n, 3));
    const expectedOut = new Float64Array(n);
    const aCopy = a.slice();
    runReference(DOUBLE, [aCopy, expectedOut], [], n);
    const inUse = heap.bytesInUse;
    await kernel.run({
      buffers: [host(a), host(heap.view('f64', outOffset, n))],
      scalars: [],
      grid: [n],
      total: n,
    });
    expect(Array.from(heap.view('f64', outOffset, n))).toEqual(Array.from(expectedOut));
    // In place: the kernel's scribbles on 'a' are visible (no scratch copy was made).
    expect(a.every((v) => v === -1)).toBe(true);
    expect(heap.bytesInUse).toBe(inUse);
    heap.free(aOffset);
    heap.free(outOffset);
  });
});

describe('launch order', () => {
  test('launches not awaited in between take effect in call order', async () => {
    const fillIr = irKernel('fill', [{ name: 'y', dtype: 'f64', written: true }], ['round']);
    const FILL = `({ run(b, s, begin, end) { for (let i = begin; i < end; i++) b[0][i] = i * 2 + s[0]; } })`;
    const fill = backend.compileSource(fillIr, FILL);
    const plusOne = backend.compileSource(doubleIr, DOUBLE); // out = 2 * a
    const n = 40_000;
    for (let round = 0; round < 5; round++) {
      const y = new Float64Array(n);
      const z = new Float64Array(n);
      const first = fill.run({ buffers: [host(y)], scalars: [round], grid: [n], total: n });
      const second = plusOne.run({ buffers: [host(y), host(z)], scalars: [], grid: [n], total: n });
      await Promise.all([first, second]);
      expect(z.findIndex((v, i) => v !== 2 * (i * 2 + round))).toBe(-1);
    }
  });
});

describe('device storage', () => {
  test('allocate gives zero-filled storage that reads and writes', async () => {
    const storage = await backend.allocate('i32', 1000);
    expect(storage.backend).toBe('workers');
    expect(Array.from(await storage.read()).every((v) => v === 0)).toBe(true);
    const values = Int32Array.from({ length: 1000 }, (_, i) => i * 7 - 3);
    await storage.write(values);
    const back = await storage.read();
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(back.buffer).not.toBeInstanceOf(SharedArrayBuffer); // a host copy, not a heap view
    await expect(storage.write(new Int32Array(3))).rejects.toThrow(/dtype and length must match/);
    storage.free();
    await expect(storage.read()).rejects.toThrow(/freed/);
  });

  test('device buffers are used in place and mixed with host arrays', async () => {
    const kernel = backend.compileSource(doubleIr, DOUBLE);
    const n = 30_000;
    const a = await backend.allocate('f64', n);
    const values = randomArray(Float64Array, n, 4);
    await a.write(values);
    const out = new Float64Array(n);
    await kernel.run({ buffers: [device(a), host(out)], scalars: [], grid: [n], total: n });
    for (let i = 0; i < n; i += 997) expect(out[i]).toBe(2 * values[i]!);
    expect(Array.from(await a.read()).every((v) => v === -1)).toBe(true); // written in place
    a.free();
  });

  test('freed storage and storage of another backend are refused before running', async () => {
    const kernel = backend.compileSource(doubleIr, DOUBLE);
    const a = await backend.allocate('f64', 8);
    a.free();
    await expect(
      kernel.run({
        buffers: [device(a), host(new Float64Array(8))],
        scalars: [],
        grid: [8],
        total: 8,
      }),
    ).rejects.toThrow(
      /kernel 'double': array parameter 'a' refers to an array whose storage has been freed/,
    );
    const foreign: DeviceStorage = {
      backend: 'wasm',
      dtype: 'f64',
      length: 8,
      read: async () => new Float64Array(8),
      write: async () => undefined,
      free: () => undefined,
    };
    await expect(
      kernel.run({
        buffers: [device(foreign), host(new Float64Array(8))],
        scalars: [],
        grid: [8],
        total: 8,
      }),
    ).rejects.toThrow(/holds wasm storage/);
  });

  test('storage of another CPU backend with a host view is used like a host array', async () => {
    const kernel = backend.compileSource(doubleIr, DOUBLE);
    const n = 5000;
    const live = randomArray(Float64Array, n, 9);
    const values = live.slice();
    const jsLike: DeviceStorage = {
      backend: 'js',
      dtype: 'f64',
      length: n,
      read: async () => live.slice(),
      write: async (src) => void live.set(src),
      free: () => undefined,
      hostView: () => live,
    };
    const out = new Float64Array(n);
    await kernel.run({ buffers: [device(jsLike), host(out)], scalars: [], grid: [n], total: n });
    for (let i = 0; i < n; i++) expect(out[i]).toBe(2 * values[i]!);
  });
});
