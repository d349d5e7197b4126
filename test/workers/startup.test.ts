// startup.test.ts — what a pool reports about its start (WorkerPool.startupPendingMs, which
// `auto` counts: select.ts), and that launches under `auto` count towards starting it in
// the background (KernelSelector.notePoolLoss). Real threads, no stubs: the selector tests
// stub startupMs (threadsStarted.ts, poolStartup.test.ts).

import { afterAll, expect, it, vi } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { Heap } from '../../src/backends/heap.js';
import { POOL_START_MS, WorkerPool } from '../../src/backends/workers/pool.js';
import { kernel } from '../../src/index.js';
import { KernelSelector } from '../../src/runtime/select.js';
import { available } from '../harness/eachBackend.js';

const pool = new WorkerPool(new Heap(), { threads: 2 });
afterAll(() => pool.shutdown());

/** Waits until `f()` is true, or `ms` has passed; resolves to whether it became true. */
async function until(f: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!f()) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
}

it('a pool reports its start as pending until every worker is up, and again after a shutdown', async () => {
  if (!available('workers')) {
    console.log('[numbat tests] skipped: the workers backend is unavailable here');
    return;
  }
  expect(pool.startupPendingMs()).toBe(POOL_START_MS);
  expect(pool.startedWorkers).toBe(0);
  pool.startInBackground();
  // Still booting: at most the estimate, never 0 before the workers count themselves READY.
  expect(pool.startupPendingMs()).toBeGreaterThan(0);
  expect(pool.startupPendingMs()).toBeLessThanOrEqual(POOL_START_MS);
  expect(await until(() => pool.startupPendingMs() === 0, 20_000)).toBe(true);
  expect(pool.startedWorkers).toBe(2);
  await pool.shutdown();
  expect(pool.startupPendingMs()).toBe(POOL_START_MS);
  pool.startInBackground();
  expect(await until(() => pool.startupPendingMs() === 0, 20_000)).toBe(true);
});

it.runIf(!compiledOnly('the launches auto counts towards a pool it passed over'))(
  'every launch under auto counts towards the pool passed over, cached ones included',
  async () => {
    const counted = vi.spyOn(KernelSelector.prototype, 'notePoolLoss');
    const scale = kernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        out[i] = x[i]! * 2;
      },
      { name: 'startup_scale' },
    );
    const x = new Float32Array(1000).fill(1.5);
    const out = new Float32Array(1000);
    for (let n = 0; n < 5; n++) await scale.launch(x.length, x, out);
    expect(out[999]).toBe(3);
    expect(counted).toHaveBeenCalledTimes(5);
    counted.mockRestore();
  },
);
