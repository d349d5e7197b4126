// threads.test.ts — the wasm backend across the worker pool: results equal to the
// single-threaded run (elementwise, builtin and custom reductions, tails), errors from a
// worker thread keep their class and location, device-resident arrays are used in place
// (by wasm and by workers, in both directions), and backends() reports the threads.

import { afterAll, describe, expect, test } from 'vitest';
import { backends, f32, kernel, toDevice } from '../../src/index.js';
import { Heap, sharedHeap } from '../../src/backends/heap.js';
import { compileWasmKernel } from '../../src/backends/wasm/index.js';
import { WorkerPool } from '../../src/backends/workers/pool.js';
import { POOL_SPAWN_MS } from '../../src/backends/costs.js';
import type { Expr } from '../../src/jit/ir/ir.js';
import {
  bin,
  buffer,
  ci as i32c,
  kernelIr,
  load,
  local,
  ret,
  runWasm,
  store,
} from './irBuilders.js';

// A pool of 3 threads that takes every multi-chunk launch (no cost threshold).
const pool = new WorkerPool(sharedHeap(), { threads: 3, parallelThresholdNs: 0 });
afterAll(() => pool.shutdown());

const i = local('i', 'i32');

/** A custom i32 reduction over the indices with x[i] > 900 (other indices return nothing). */
function sparseCustom(name: string, combined: Expr) {
  return kernelIr({
    name,
    buffers: [buffer('x', 'i32', 0)],
    body: [
      {
        k: 'if',
        cond: bin('>', load(0, i, 'i32'), i32c(900), 'bool'),
        then: [ret(load(0, i, 'i32'))],
        else: [],
      },
      { k: 'return', value: null },
    ],
    reduce: {
      kind: 'custom',
      t: 'i32',
      a: 'a',
      b: 'b',
      result: 'r',
      body: [{ k: 'let', name: 'r', t: 'i32', init: combined }],
    },
  });
}

describe('wasm on the worker pool', () => {
  test('elementwise f32 over many chunks equals the single-threaded run', async () => {
    const ir = kernelIr({
      name: 'scale',
      buffers: [buffer('x', 'f32', 0), buffer('out', 'f32', 1, false, true)],
      body: [
        store(1, i, bin('+', bin('*', load(0, i, 'f32'), load(0, i, 'f32')), load(0, i, 'f32'))),
      ],
    });
    for (const n of [1, 37, 4099, 100_003]) {
      const x = new Float32Array(n).map((_, k) => Math.sin(k) * 3);
      const single = new Float32Array(n);
      const threaded = new Float32Array(n);
      await runWasm(ir, [x, single], [], [n], true, null);
      await runWasm(ir, [x, threaded], [], [n], true, pool);
      expect(threaded).toEqual(single);
      const f = Math.fround;
      expect(threaded[n - 1]).toBe(f(f(f(x[n - 1]! * x[n - 1]!)) + x[n - 1]!));
    }
  });

  test('a builtin i32 reduction gives the same value on 1 and 3 threads', async () => {
    const ir = kernelIr({
      name: 'isum',
      buffers: [buffer('x', 'i32', 0)],
      body: [ret(load(0, i, 'i32'))],
      reduce: { kind: 'sum', t: 'i32' },
    });
    const n = 50_001;
    const x = new Int32Array(n).map((_, k) => ((k * 7919) % 1000) - 500);
    const want = x.reduce((s, v) => (s + v) | 0, 0);
    expect(await runWasm(ir, [x], [], [n], true, null)).toBe(want);
    expect(await runWasm(ir, [x], [], [n], true, pool)).toBe(want);
    expect(await runWasm(ir, [x], [], [n], false, pool)).toBe(want);
  });

  test('a custom reduction where only some chunks contribute (scalar path, threaded)', async () => {
    // max of x[i] over indices with x[i] > 900 (custom combiner, early return elsewhere)
    const a = local('a', 'i32');
    const b = local('b', 'i32');
    const ir = sparseCustom('sparseMax', {
      k: 'select',
      t: 'i32',
      c: bin('>', a, b, 'bool'),
      a,
      b,
    });
    const n = 40_000;
    const x = new Int32Array(n).map((_, k) => (k === 12_345 ? 999 : k === 30_000 ? 950 : k % 900));
    expect(await runWasm(ir, [x], [], [n], false, null)).toBe(999);
    expect(await runWasm(ir, [x], [], [n], false, pool)).toBe(999);
    const none = new Int32Array(n);
    expect(await runWasm(ir, [none], [], [n], false, pool)).toBeUndefined();
  });

  test('an out-of-range boundsCheck error from a worker keeps its class and location', async () => {
    const ir = kernelIr({
      name: 'oob',
      buffers: [buffer('x', 'f64', 0), buffer('out', 'f64', 1, false, true)],
      body: [store(1, i, load(0, bin('+', i, i32c(1), 'i32'), 'f64'))],
      boundsCheck: true,
    });
    const n = 30_000;
    await expect(
      runWasm(ir, [new Float64Array(n), new Float64Array(n)], [], [n], true, pool),
    ).rejects.toThrow(RangeError);
    await expect(
      runWasm(ir, [new Float64Array(n), new Float64Array(n)], [], [n], true, pool),
    ).rejects.toThrow(/index 30000 is out of range \[0, 30000\)/);
  });
});

/**
 * One kernel compiled for `on` (its cost, measured by a launch, persists there), and a launch
 * of it over host arrays, with a signal if one is given.
 */
function compiledOn(on: WorkerPool, ir: ReturnType<typeof kernelIr>, simd: boolean) {
  const compiled = compileWasmKernel(ir, sharedHeap(), { simd, pool: on });
  return (arrays: (Float32Array | Float64Array | Int32Array)[], n: number, signal?: AbortSignal) =>
    compiled.run({
      buffers: arrays.map((data) => ({ kind: 'host', data })),
      scalars: [],
      grid: [n],
      total: n,
      ...(signal ? { signal } : {}),
    });
}

describe('short launches shared with the calling thread (pool.mainJoins)', () => {
  // Every launch of a measured kernel joins: the calling thread claims chunks beside 2 workers
  // (never alone, however the shared runs compare with one thread).
  const joining = new WorkerPool(sharedHeap(), {
    threads: 3,
    parallelThresholdNs: 0,
    mainJoinsBelowNs: Number.POSITIVE_INFINITY,
    sharedNoFaster: Number.POSITIVE_INFINITY,
  });
  afterAll(() => joining.shutdown());
  const onJoining = (ir: ReturnType<typeof kernelIr>, simd: boolean) =>
    compiledOn(joining, ir, simd);

  test('elementwise, builtin and custom reductions equal the single-threaded run', async () => {
    const before = joining.chunksRunOnMain;
    const square = kernelIr({
      name: 'squarePlus',
      buffers: [buffer('x', 'f32', 0), buffer('out', 'f32', 1, false, true)],
      body: [store(1, i, bin('*', load(0, i, 'f32'), load(0, i, 'f32')))],
    });
    const isum = kernelIr({
      name: 'isumJoin',
      buffers: [buffer('x', 'i32', 0)],
      body: [ret(load(0, i, 'i32'))],
      reduce: { kind: 'sum', t: 'i32' },
    });
    const a = local('a', 'i32');
    const b = local('b', 'i32');
    // A custom sum over the indices with x[i] > 900: a chunk without one contributes nothing,
    // and every chunk's contribution (whichever thread ran it) changes the total.
    const sparseSum = sparseCustom('sparseSumJoin', bin('+', a, b, 'i32'));
    const runSquare = onJoining(square, true);
    const runIsum = onJoining(isum, true);
    const runSparseSum = onJoining(sparseSum, false);
    for (const n of [37, 4099, 60_001]) {
      const x = new Float32Array(n).map((_, k) => Math.sin(k) * 3);
      const single = new Float32Array(n);
      await runWasm(square, [x, single], [], [n], true, null);
      // The first launch measures the kernel's cost; the next ones are shared.
      for (let round = 0; round < 3; round++) {
        const threaded = new Float32Array(n);
        await runSquare([x, threaded], n);
        expect(threaded).toEqual(single);
      }
      // Different data in every round: a partial left from an earlier launch would show.
      for (let round = 0; round < 3; round++) {
        const ints = new Int32Array(n).map((_, k) => ((k * 7919 + round * 31) % 1000) - 500);
        const want = ints.reduce((s, v) => (s + v) | 0, 0);
        expect(await runIsum([ints], n)).toBe(want);
      }
      for (let round = 0; round < 3; round++) {
        const sparse = new Int32Array(n).map((_, k) =>
          k % 211 === 5 + round ? 901 + (k % 97) : k % 900,
        );
        const sparseWant = sparse.reduce((s, v) => (v > 900 ? s + v : s), 0);
        expect(await runSparseSum([sparse], n)).toBe(sparseWant);
        expect(await runSparseSum([new Int32Array(n)], n)).toBe(undefined);
      }
    }
    expect(joining.chunksRunOnMain).toBeGreaterThan(before);
  });

  test("an error in the calling thread's chunk keeps its class and message", async () => {
    const ir = kernelIr({
      name: 'oobJoin',
      buffers: [buffer('x', 'f64', 0), buffer('out', 'f64', 1, false, true)],
      body: [store(1, i, load(0, bin('+', i, i32c(30_000), 'i32'), 'f64'))],
      boundsCheck: true,
    });
    const n = 30_000;
    const run = onJoining(ir, true);
    // A launch in range measures the kernel's cost; then x is too short for every index, so
    // every chunk throws, whichever thread claims it.
    await run([new Float64Array(2 * n), new Float64Array(n)], n);
    // Chunks are claimed in a race and, once one has thrown, the rest are skipped: repeat
    // until the calling thread has run (and so failed) one of them.
    const before = joining.chunksRunOnMain;
    for (let round = 0; round < 200 && joining.chunksRunOnMain === before; round++)
      await expect(run([new Float64Array(n), new Float64Array(n)], n)).rejects.toMatchObject({
        name: 'RangeError',
        message: expect.stringMatching(/^numbat: index 3\d{4} is out of range \[0, 30000\)/),
      });
    expect(joining.chunksRunOnMain).toBeGreaterThan(before);
  });
});

describe('the first launches, while the workers boot (pool.mainJoins)', () => {
  /** A fresh pool (its workers not started) and a kernel compiled for it. */
  const fresh = (ir: ReturnType<typeof kernelIr>, options: { mainJoinsBelowNs?: number } = {}) => {
    const own = new WorkerPool(sharedHeap(), { threads: 2, parallelThresholdNs: 0, ...options });
    return { pool: own, run: compiledOn(own, ir, true) };
  };
  const square = kernelIr({
    name: 'squareBoot',
    buffers: [buffer('x', 'f32', 0), buffer('out', 'f32', 1, false, true)],
    body: [store(1, i, bin('*', load(0, i, 'f32'), load(0, i, 'f32')))],
  });
  const isum = kernelIr({
    name: 'isumBoot',
    buffers: [buffer('x', 'i32', 0)],
    body: [ret(load(0, i, 'i32'))],
    reduce: { kind: 'sum', t: 'i32' },
  });
  const n = 200_003;
  const x = new Float32Array(n).map((_, k) => Math.sin(k) * 3);

  test('the calling thread runs chunks instead of waiting, with the same results', async () => {
    const { pool: own, run } = fresh(square);
    try {
      // Before the start, a wasm launch is predicted to cost only the workers' creation.
      expect(own.startupPendingMs(true)).toBe(POOL_SPAWN_MS);
      const single = new Float32Array(n);
      await runWasm(square, [x, single], [], [n], true, null);
      const first = new Float32Array(n);
      await run([x, first], n);
      expect(first).toEqual(single);
      expect(own.chunksRunOnMain).toBeGreaterThan(0);
      expect(own.startupPendingMs(true)).toBe(0);
      // A reduction folds the same chunk partials whichever thread ran them.
      const ints = new Int32Array(n).map((_, k) => ((k * 7919) % 1000) - 500);
      const { pool: other, run: sum } = fresh(isum);
      try {
        expect(await sum([ints], n)).toBe(ints.reduce((a, v) => (a + v) | 0, 0));
        expect(other.chunksRunOnMain).toBeGreaterThan(0);
      } finally {
        await other.shutdown();
      }
    } finally {
      await own.shutdown();
    }
  });

  test('a launch that can be aborted runs on the workers alone (a chunk on this thread cannot stop)', async () => {
    // Every measured launch would join (mainJoinsBelowNs), but not one given a signal: its
    // kernel's cost may depend on the arguments, and a chunk here could not be stopped.
    const { pool: own, run } = fresh(square, { mainJoinsBelowNs: Number.POSITIVE_INFINITY });
    try {
      const out = new Float32Array(n);
      await run([x, out], n, new AbortController().signal);
      expect(out[n - 1]).toBe(Math.fround(x[n - 1]! * x[n - 1]!));
      expect(own.chunksRunOnMain).toBe(0);
      await run([x, out], n);
      const joined = own.chunksRunOnMain;
      expect(joined).toBeGreaterThan(0);
      out.fill(0);
      await run([x, out], n, new AbortController().signal);
      expect(out[7]).toBe(Math.fround(x[7]! * x[7]!));
      expect(own.chunksRunOnMain).toBe(joined);
    } finally {
      await own.shutdown();
    }
  });

  test('a launch of few chunks waits for the workers (a chunk would be a large part of it)', async () => {
    const { pool: own, run } = fresh(square);
    try {
      // 64 indices: 8 chunks of 8, fewer than CHUNKS_PER_THREAD for each of 2 threads.
      const few = 64;
      const out = new Float32Array(few);
      await run([x.subarray(0, few), out], few);
      expect(out[few - 1]).toBe(Math.fround(x[few - 1]! * x[few - 1]!));
      expect(own.chunksRunOnMain).toBe(0);
    } finally {
      await own.shutdown();
    }
  });
});

describe('short launches where sharing is no faster (pool.serialIsFaster)', () => {
  test('run on the calling thread alone, every 8th shared again, until sharing pays', () => {
    const policy = new WorkerPool(sharedHeap(), { threads: 2 });
    // Unmeasured: share.
    expect(policy.serialIsFaster(7)).toBe(false);
    policy.recordSerialCost(7, 1, 1000); // 1 µs per index on one thread
    expect(policy.serialIsFaster(7)).toBe(false);
    policy.recordShared(7, 0.95, 1000); // shared: 0.95× the serial time
    const choices = Array.from({ length: 16 }, () => policy.serialIsFaster(7));
    expect(choices).toEqual(
      [true, true, true, true, true, true, true, false].concat([
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        false,
      ]),
    );
    policy.recordShared(7, 0.5, 1000); // running mean 0.725: sharing pays again
    expect(policy.serialIsFaster(7)).toBe(false);
    // Another kernel's record does not count for this one.
    expect(policy.serialIsFaster(8)).toBe(false);
  });
});

describe('without shared memory', () => {
  test('a non-shared heap runs single-threaded, says why, and gives the same results', async () => {
    const heap = new Heap({ shared: false });
    const ir = kernelIr({
      name: 'twice',
      buffers: [buffer('x', 'f64', 0), buffer('out', 'f64', 1, false, true)],
      body: [store(1, i, bin('*', load(0, i, 'f64'), load(0, i, 'f64')))],
    });
    const compiled = compileWasmKernel(ir, heap);
    expect(compiled.notes.join(' ')).toMatch(/single-threaded: SharedArrayBuffer is unavailable/);
    const n = 5001;
    const x = new Float64Array(n).map((_, k) => k / 3);
    const out = new Float64Array(n);
    await compiled.run({
      buffers: [
        { kind: 'host', data: x },
        { kind: 'host', data: out },
      ],
      scalars: [],
      grid: [n],
      total: n,
    });
    expect(Array.from(out)).toEqual(Array.from(x, (v) => v * v));
  });
});

describe('wasm through the public API', () => {
  test('backends() reports the thread count', async () => {
    const wasm = (await backends()).find((b) => b.name === 'wasm')!;
    expect(wasm.available).toBe(true);
    expect(wasm.info.threads).toBeGreaterThanOrEqual(1);
  });

  test("resident arrays: wasm and workers use each other's heap storage in place", async () => {
    const n = 10_000;
    const x = await toDevice(
      new Float32Array(n).map((_, k) => k / 7),
      'wasm',
    );
    const out = await toDevice(new Float32Array(n), 'wasm');
    const storage = out.storage;
    const square = kernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        out[i] = f32(x[i]! * x[i]!);
      },
      { backend: 'wasm' },
    );
    await square.launch(n, x, out);
    await square.launch(n, x, out);
    expect(out.storage).toBe(storage);
    const addOne = kernel(
      (i: number, out: Float32Array) => {
        out[i] = out[i]! + 1;
      },
      { backend: 'workers' },
    );
    await addOne.launch(n, out);
    expect(out.backend).toBe('wasm');
    expect(out.storage).toBe(storage);
    const host = (await out.toHost()) as Float32Array;
    const f = Math.fround;
    for (const k of [0, 1, 4097, n - 1]) expect(host[k]).toBe(f(f(f(k / 7) * f(k / 7)) + 1));

    const w = await toDevice(new Float32Array(n).fill(2), 'workers');
    const workersStorage = w.storage;
    await square.launch(n, w, out);
    expect(w.storage).toBe(workersStorage);
    expect(((await out.toHost()) as Float32Array)[5]).toBe(4);
    x.dispose();
    out.dispose();
    w.dispose();
  });
});
