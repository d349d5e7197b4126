// pool.test.ts — the workers backend end to end on hand-written kernel sources: results
// equal a single-thread run, uneven work, deterministic reductions, errors in workers and
// on main (the pool recovers), workers really taking chunks, and growth of the heap.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Heap } from '../../src/backends/heap.js';
import { planChunks } from '../../src/backends/workers/control.js';
import { overWorkgroups } from '../../src/backends/cooperative.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';
import { reduceChunks } from '../../src/jit/reduceOrder.js';
import { WorkersBackend } from '../../src/backends/workers/workersBackend.js';
import { instantiateJs } from '../../src/jit/codegen/jsAbi.js';
import type { LaunchBuffer } from '../../src/backends/backend.js';
import type { TypedArray } from '../../src/jit/types/dtype.js';
import {
  MANDELBROT,
  MONTE_CARLO,
  NEEDS_A_WORKER,
  SAXPY,
  SUM_SCALED,
  THROWS_ON,
  irKernel,
  randomArray,
  runReference,
} from './kernels.js';

/** Element-wise equality with a short message (toEqual on big typed arrays is slow). */
function expectSameArray(actual: TypedArray, expected: TypedArray): void {
  expect(actual.length).toBe(expected.length);
  const mismatch = actual.findIndex((v, i) => !Object.is(v, expected[i]));
  expect(
    mismatch === -1
      ? 'equal'
      : `first difference at ${mismatch}: ${actual[mismatch]} vs ${expected[mismatch]}`,
  ).toBe('equal');
}

const host = (data: TypedArray): LaunchBuffer => ({ kind: 'host', data });
const THREADS = 3; // two workers + main, even on a 2-core machine
const globals = globalThis as { __numbatTestMain?: boolean };

// threshold 0: every multi-chunk launch goes to the pool, so these tests exercise it.
const backend = new WorkersBackend({ heap: new Heap(), threads: THREADS, parallelThresholdNs: 0 });

beforeAll(() => {
  globals.__numbatTestMain = true;
});
afterAll(async () => {
  delete globals.__numbatTestMain;
  await backend.shutdown();
});

describe('workers backend: results', () => {
  test('probe reports the thread count', async () => {
    const status = await backend.probe();
    expect(status.available).toBe(true);
    expect(status.info.threads).toBe(THREADS);
  });

  test('probe explains why it is unavailable without SharedArrayBuffer', async () => {
    const saved = globalThis.SharedArrayBuffer;
    try {
      (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
      const status = await new WorkersBackend({ heap: backend.heap }).probe();
      expect(status.available).toBe(false);
      expect(status.reason).toMatch(/SharedArrayBuffer is unavailable/);
    } finally {
      globalThis.SharedArrayBuffer = saved;
    }
  });

  test('saxpy on plain typed arrays equals a single-thread run', async () => {
    const kernel = backend.compileSource(
      irKernel(
        'saxpy',
        [
          { name: 'x', dtype: 'f32', written: false },
          { name: 'y', dtype: 'f32', written: true },
        ],
        ['a'],
      ),
      SAXPY,
    );
    for (const n of [1, 7, 1000, 100_003]) {
      const x = randomArray(Float32Array, n, 1);
      const y = randomArray(Float32Array, n, 2);
      const expected = y.slice();
      runReference(SAXPY, [x, expected], [2.5], n);
      const xBefore = x.slice();
      await kernel.run({ buffers: [host(x), host(y)], scalars: [2.5], grid: [n], total: n });
      expectSameArray(y, expected);
      expectSameArray(x, xBefore); // read-only input untouched
    }
  });

  test('uneven work (Mandelbrot rows) equals a single-thread run', async () => {
    const kernel = backend.compileSource(
      irKernel('mandelbrot', [{ name: 'out', dtype: 'i32', written: true }], ['h', 'w', 'maxIter']),
      MANDELBROT,
    );
    const h = 120,
      w = 160,
      total = h * w;
    const out = new Int32Array(total);
    const expected = new Int32Array(total);
    runReference(MANDELBROT, [expected], [h, w, 300], total);
    await kernel.run({ buffers: [host(out)], scalars: [h, w, 300], grid: [h, w], total });
    expectSameArray(out, expected);
    expect(new Set(expected).size).toBeGreaterThan(10); // really uneven
  });

  test('the workers take chunks (main waits until one of them has run a chunk)', async () => {
    const heap = backend.heap;
    const kernel = backend.compileSource(
      irKernel(
        'needsWorker',
        [
          { name: 'out', dtype: 'i32', written: true },
          { name: 'flag', dtype: 'i32', written: true },
        ],
        [],
      ),
      NEEDS_A_WORKER,
    );
    const n = 4096;
    const out = new Int32Array(n);
    const flagOffset = heap.alloc(4, true);
    const flag = heap.view('i32', flagOffset, 1) as Int32Array;
    await kernel.run({ buffers: [host(out), host(flag)], scalars: [], grid: [n], total: n });
    heap.free(flagOffset);
    expect(flag[0]).toBeGreaterThan(0);
    expect(out.every((v) => v === 1 || v === 2)).toBe(true);
    expect(out.some((v) => v === 1)).toBe(true);
  });

  test('the grid is cut by a plan that depends only on the size and thread count', () => {
    for (const total of [1, 8, 9, 1000, 123_457, 10_000_000]) {
      const plan = planChunks(total, THREADS);
      expect(plan.chunks).toBe(Math.ceil(total / plan.chunkSize));
      expect(plan.chunks).toBeLessThanOrEqual(THREADS * 12);
      expect(planChunks(total, THREADS)).toEqual(plan);
    }
    expect(planChunks(1, THREADS).chunks).toBe(1);
    expect(planChunks(0, THREADS).chunks).toBe(0);
  });

  test('a launch of a few workgroups is cut into one chunk per workgroup', () => {
    // A cooperative launch's grid index is a workgroup (LaunchArgs.invocationsPerIndex):
    // two workgroups of 64 are two chunks, so two threads share them; 8 flat indices stay one.
    expect(planChunks(2, THREADS, 1, 64)).toEqual({ chunkSize: 1, chunks: 2 });
    expect(planChunks(16, THREADS, 1, 4).chunks).toBe(8);
    expect(planChunks(8, THREADS).chunks).toBe(1);
    expect(planChunks(5, THREADS, 1, 64).chunks).toBe(Math.min(5, THREADS * 12));
  });

  test("a cooperative launch's grid index counts its workgroup's invocations", () => {
    const ir = {
      geometry: { kind: 'workgroup', size: [8, 16] },
      scalars: [],
    } as unknown as IrKernel;
    const args = overWorkgroups(ir, { buffers: [], scalars: [], grid: [16, 40], total: 640 });
    expect(args.grid).toEqual([2, 3]);
    expect(args.total).toBe(6);
    expect(args.invocationsPerIndex).toBe(128);
  });

  test('an alignment makes every chunk boundary a multiple of it (wasm: whole vectors)', () => {
    for (const total of [4, 36, 256, 1000, 123_456])
      for (const align of [4, 8]) {
        const plan = planChunks(total, THREADS, align);
        expect(plan.chunkSize % align).toBe(0);
        expect(plan.chunks).toBe(Math.ceil(total / plan.chunkSize));
        expect(plan.chunks).toBeLessThanOrEqual(THREADS * 12);
      }
  });
});

describe('workers backend: back-to-back launches', () => {
  /** out[i] = s[0] * i + s[1]: any chunk run with another launch's parameters shows. */
  const FILL = `({
    run(bufs, s, begin, end) {
      const out = bufs[0];
      for (let i = begin; i < end; i++) out[i] = s[0] * i + s[1];
    }
  })`;
  /** Sums i * s[0] over the range (a reduce kernel sharing the pool with FILL). */
  const SUM_INDEX = `({
    run(bufs, s, begin, end) {
      let acc = 0;
      for (let i = begin; i < end; i++) acc += i * s[0];
      return acc;
    },
    combine: (a, b) => a + b,
    identity: 0
  })`;

  test('hundreds of small launches of two kernels each see only their own parameters', async () => {
    // Many more threads than cores: preempted workers make stale claims likely.
    const crowded = new WorkersBackend({ heap: backend.heap, threads: 6, parallelThresholdNs: 0 });
    const fill = crowded.compileSource(
      irKernel('fill', [{ name: 'out', dtype: 'f64', written: true }], ['scale', 'offset']),
      FILL,
    );
    const sum = crowded.compileSource(
      irKernel('sumIndex', [], ['scale'], { kind: 'sum', t: 'f64' }),
      SUM_INDEX,
    );
    for (let round = 0; round < 600; round++) {
      const n = 16 + ((round * 7919) % 3000);
      const out = new Float64Array(n);
      const [, total] = await Promise.all([
        fill.run({ buffers: [host(out)], scalars: [round, -round], grid: [n], total: n }),
        sum.run({ buffers: [], scalars: [round + 1], grid: [n + 5], total: n + 5 }),
      ]);
      const bad = out.findIndex((v, i) => v !== round * i - round);
      expect(bad, `round ${round}: element ${bad} is ${out[bad]}`).toBe(-1);
      expect(total).toBe(((round + 1) * (n + 5) * (n + 4)) / 2);
    }
    await crowded.shutdown();
  });
});

describe('workers backend: reductions', () => {
  const sumIr = irKernel('sumScaled', [{ name: 'x', dtype: 'f64', written: false }], [], {
    kind: 'sum',
    t: 'f64',
  });

  test('a float sum is identical across repeated runs and equals the canonical chunk-ordered combine', async () => {
    const kernel = backend.compileSource(sumIr, SUM_SCALED);
    const n = 200_001;
    const x = randomArray(Float64Array, n, 3);
    const results: Array<number | undefined> = [];
    for (let r = 0; r < 6; r++)
      results.push(await kernel.run({ buffers: [host(x)], scalars: [], grid: [n], total: n }));
    expect(new Set(results).size).toBe(1);
    // The same value a single thread gets by combining the canonical chunks in order.
    const module = instantiateJs(SUM_SCALED);
    const plan = reduceChunks(n);
    let expected = module.run([x], [], 0, plan.chunkSize)!;
    for (let c = 1; c < plan.chunks; c++) {
      expected = module.combine!(
        expected,
        module.run([x], [], c * plan.chunkSize, Math.min(n, (c + 1) * plan.chunkSize))!,
      );
    }
    expect(results[0]).toBe(expected);
    expect(results[0]).toBeCloseTo(runReference(SUM_SCALED, [x], [], n)!, 6);
  });

  test('an integer-valued reduction (Monte Carlo pi) matches one thread exactly', async () => {
    const kernel = backend.compileSource(
      irKernel('pi', [], ['seed'], { kind: 'sum', t: 'f64' }),
      MONTE_CARLO,
    );
    const n = 300_000;
    const inside = await kernel.run({ buffers: [], scalars: [11], grid: [n], total: n });
    expect(inside).toBe(runReference(MONTE_CARLO, [], [11], n));
    expect(Math.abs((4 * inside!) / n - Math.PI)).toBeLessThan(0.02);
  });

  test('an empty grid gives the identity without running anything', async () => {
    const kernel = backend.compileSource(sumIr, SUM_SCALED);
    expect(
      await kernel.run({ buffers: [host(new Float64Array(0))], scalars: [], grid: [0], total: 0 }),
    ).toBe(0);
  });
});

describe('workers backend: errors', () => {
  const ir = irKernel(
    'throwsOn',
    [
      { name: 'out', dtype: 'i32', written: true },
      { name: 'flag', dtype: 'i32', written: true },
    ],
    ['where', 'kind'],
  );
  const mandelIr = irKernel(
    'mandelbrot',
    [{ name: 'out', dtype: 'i32', written: true }],
    ['h', 'w', 'maxIter'],
  );

  async function expectRecovery(): Promise<void> {
    const kernel = backend.compileSource(mandelIr, MANDELBROT);
    const out = new Int32Array(64 * 64);
    const expected = new Int32Array(64 * 64);
    runReference(MANDELBROT, [expected], [64, 64, 100], 64 * 64);
    await kernel.run({
      buffers: [host(out)],
      scalars: [64, 64, 100],
      grid: [64, 64],
      total: 64 * 64,
    });
    expectSameArray(out, expected);
  }

  function flag(): { buffer: LaunchBuffer; release: () => void } {
    const heap = backend.heap;
    const offset = heap.alloc(4, true);
    return { buffer: host(heap.view('i32', offset, 1)), release: () => heap.free(offset) };
  }

  test('a kernel throwing in a worker rejects with the same class and message, and the pool recovers', async () => {
    const kernel = backend.compileSource(ir, THROWS_ON);
    const n = 100_000;
    for (const [kind, ErrorClass] of [
      [0, RangeError],
      [1, TypeError],
    ] as const) {
      const workerFlag = flag();
      const out = new Int32Array(n);
      const rejection = await kernel
        .run({ buffers: [host(out), workerFlag.buffer], scalars: [1, kind], grid: [n], total: n })
        .catch((e: unknown) => e);
      workerFlag.release();
      expect(rejection).toBeInstanceOf(ErrorClass);
      expect((rejection as Error).message).toMatch(/^kernel failed at index \d+ on a worker$/);
      expect((rejection as Error).stack).toContain('numbat worker thread');
      await expectRecovery();
    }
  });

  test('launches with the wrong arrays fail before anything runs', async () => {
    const kernel = backend.compileSource(ir, THROWS_ON);
    const detached = new Int32Array(16);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const spare = new Int32Array(1);
    await expect(
      kernel.run({
        buffers: [host(detached), host(spare)],
        scalars: [1, 0],
        grid: [16],
        total: 16,
      }),
    ).rejects.toThrow(/kernel 'throwsOn': array parameter 'out' is a detached Int32Array/);
    await expect(
      kernel.run({
        buffers: [host(new Float32Array(16)), host(spare)],
        scalars: [1, 0],
        grid: [16],
        total: 16,
      }),
    ).rejects.toThrow(/array parameter 'out' expects i32 elements but got f32/);
    await expect(
      kernel.run({ buffers: [host(spare)], scalars: [1, 0], grid: [16], total: 16 }),
    ).rejects.toThrow(/expected 2 array argument/);
  });
});

describe('workers backend: the heap', () => {
  test('arrays allocated after the heap grew are visible to the workers', async () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 4096 });
    const local = new WorkersBackend({ heap, threads: THREADS, parallelThresholdNs: 0 });
    try {
      const kernel = local.compileSource(
        irKernel(
          'saxpy',
          [
            { name: 'x', dtype: 'f32', written: false },
            { name: 'y', dtype: 'f32', written: true },
          ],
          ['a'],
        ),
        SAXPY,
      );
      const n = 50_000;
      // Start the pool on the small heap, then grow it well past its first size.
      await kernel.run({
        buffers: [host(new Float32Array(n)), host(new Float32Array(n))],
        scalars: [1],
        grid: [n],
        total: n,
      });
      const before = heap.byteLength;
      const big = 1_000_000;
      const x = await local.allocate('f32', big);
      const y = await local.allocate('f32', big);
      expect(heap.byteLength).toBeGreaterThan(before);
      const xs = randomArray(Float32Array, big, 5);
      const ys = randomArray(Float32Array, big, 6);
      await x.write(xs);
      await y.write(ys);
      await kernel.run({
        buffers: [
          { kind: 'device', storage: x },
          { kind: 'device', storage: y },
        ],
        scalars: [3],
        grid: [big],
        total: big,
      });
      runReference(SAXPY, [xs, ys], [3], big);
      expectSameArray(await y.read(), ys);
      x.free();
      y.free();
    } finally {
      await local.shutdown();
    }
  });
});
