// workers.test.ts — the workers backend's browser path (Web Workers from a Blob URL, the
// main thread awaiting Atomics.waitAsync): launches big enough to go to the pool must
// start real Web Workers and give the plain function's results, reductions included, and
// an error thrown inside a worker must come back to the caller.

import { beforeAll, describe, expect, it } from 'vitest';
import { kernel } from '../../src/index.js';

/** Counts Web Workers the page starts (the pool starts its threads lazily). */
let workersStarted = 0;
beforeAll(() => {
  const Original = globalThis.Worker;
  globalThis.Worker = class CountingWorker extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workersStarted++;
    }
  };
});

const N = 1 << 20;

function inputs(): { x: Float64Array; out: Float64Array } {
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) x[i] = Math.sin(i * 0.001) * 3 + (i % 7);
  return { x, out: new Float64Array(N) };
}

const heavy = (i: number, x: Float64Array, out: Float64Array): void => {
  let acc = x[i]!;
  for (let k = 0; k < 40; k++) acc = Math.sqrt(acc * acc + k) * 0.5 + Math.cos(acc);
  out[i] = acc;
};

describe('workers backend in the browser', () => {
  it('runs a large map kernel on Web Workers and matches the plain function', async () => {
    const { x, out } = inputs();
    const k = kernel(heavy, { backend: 'workers' });
    // The first launch measures the kernel's cost on the main thread; the next go parallel.
    for (let round = 0; round < 3; round++) await k.launch(N, x, out);
    const expected = new Float64Array(N);
    for (let i = 0; i < N; i++) heavy(i, x, expected);
    let mismatches = 0;
    for (let i = 0; i < N; i++) if (out[i] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
    expect(workersStarted).toBeGreaterThan(0);
  });

  it('combines a parallel reduction like the plain function', async () => {
    const { x } = inputs();
    const sum = kernel(
      (i: number, v: Float64Array) => Math.sqrt(Math.abs(v[i]!)) * Math.cos(v[i]!),
      { backend: 'workers', reduce: 'sum' },
    );
    let expected = 0;
    for (let i = 0; i < N; i++) expected += Math.sqrt(Math.abs(x[i]!)) * Math.cos(x[i]!);
    for (let round = 0; round < 3; round++) {
      const got = (await sum.launch(N, x)) as number;
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(expected)) * Math.sqrt(N),
      );
    }
  });

  it('reports an out-of-range access thrown inside a worker', async () => {
    const { x, out } = inputs();
    const shifted = kernel(
      (i: number, v: Float64Array, o: Float64Array) => {
        let acc = 0;
        for (let k = 0; k < 20; k++) acc += Math.sqrt(Math.abs(v[i]!) + k);
        o[i] = acc + v[i + 1]!;
      },
      { backend: 'workers', boundsCheck: true },
    );
    const small = x.subarray(0, N - 1);
    // Warm-up on a valid grid so the failing launch goes to the pool.
    await shifted.launch(N - 2, small, out);
    await expect(shifted.launch(N - 1, small, out)).rejects.toThrow(RangeError);
  });
});
