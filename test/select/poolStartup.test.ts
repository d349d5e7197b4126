// poolStartup.test.ts — `auto` and a thread pool that has not started (select.ts,
// FIRST_LAUNCHES, STARTUP_DOUBT, SPAWN_MS): a kernel the model puts a few times faster on
// wasm than on js starts on js, since the pool's start (~40 ms, once) would cost more than
// the first launches can win; the pool starts in the background once the launches have
// lost its calling-thread share to wasm; once it is up, wasm is tried as the first choice
// would have been. One the model puts far faster there starts the pool at once.
// (Probe 13, fresh processes: 10 launches of a clamp over 2^16 floats took 12 ms on js,
// 47 on wasm, and 52 under auto, which went to wasm.) Timings are stubbed.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backends } from '../../src/index.js';
import { KernelSelector } from '../../src/runtime/select.js';
import { computeKernel, currentProfile, setProfile } from '../../src/runtime/calibrate.js';
import { noteCompile } from '../../src/runtime/compileCosts.js';
import { backendByName } from '../../src/backends/registry.js';
import { estimateWork } from '../../src/jit/passes/workEstimate.js';
import type { BackendName } from '../../src/backends/backend.js';
import { useProfile } from './profiles.js';

const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));
const saved = currentProfile();
const total = 1 << 16;
const opsPerIndex = estimateWork(computeKernel()).opsPerIndex;

/** The cost per operation at which the model puts a launch of `total` indices of computeKernel at `ms`. */
const costing = (ms: number): number => (ms * 1e6) / (total * opsPerIndex);

/** wasm and workers report a pool not started (`pendingMs`), and record background starts. */
function poolNotStarted(pendingMs: () => number): { starts: () => number } {
  let starts = 0;
  for (const name of ['wasm', 'workers'] as const) {
    const backend = backendByName(name)!;
    vi.spyOn(backend, 'startupMs').mockImplementation(pendingMs);
    vi.spyOn(backend, 'startInBackground').mockImplementation(() => {
      starts++;
    });
  }
  return { starts: () => starts };
}

async function selectorWith(ms: Partial<Record<BackendName, number>>): Promise<KernelSelector> {
  const selector = new KernelSelector(computeKernel(), 'auto');
  await selector.prepare();
  useProfile(
    {
      js: costing(ms.js ?? 1e4),
      workers: costing(ms.workers ?? 1e4),
      wasm: costing(ms.wasm ?? 1e4),
      webgpu: costing(1e4),
    },
    0,
  );
  return selector;
}

const skip = (): boolean => {
  if (available.has('wasm') && available.has('workers')) return false;
  console.log('[numbat tests] skipped: poolStartup needs the wasm and workers backends here');
  return true;
};

describe('auto with a thread pool not started', () => {
  beforeEach(() => {
    for (const b of ['js', 'workers', 'wasm', 'webgpu'] as const)
      for (let n = 0; n < 9; n++) noteCompile(b, b === 'wasm' ? 1 : 0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved) setProfile(saved);
  });

  it('starts a kernel the model puts 4× faster on wasm on js, and the pool once the launches have lost 8 ms to it', async () => {
    if (skip()) return;
    const pool = poolNotStarted(() => 40);
    const selector = await selectorWith({ js: 8, wasm: 2 });
    const first = selector.chooseNow(total, []);
    // wasm ≈ 2 + 40 / 10 = 6 ms, under js's 8; but 3 × 2 + 4 = 10 is not.
    expect(first.backend).toBe('js');
    expect(first.reason).toMatch(/^needs no threads started: js/);
    const wasm = first.estimates.find((e) => e.backend === 'wasm')!;
    expect(wasm.basis).toMatch(/threads are not up yet/);
    expect(wasm.ms).toBeCloseTo(2 + 4, 5);
    expect(first.poolLoss).toEqual({ backend: 'wasm', lossMs: expect.closeTo(6, 5) });
    // 6 ms lost a launch: the second launch starts the pool.
    selector.notePoolLoss(first);
    expect(pool.starts()).toBe(0);
    selector.notePoolLoss(first);
    expect(pool.starts()).toBe(1);
  });

  it('a kernel of 2 ms on js and 0.5 on wasm: js on the start share alone', async () => {
    if (skip()) return;
    poolNotStarted(() => 40);
    const selector = await selectorWith({ js: 2, wasm: 0.5 });
    const first = selector.chooseNow(total, []);
    expect(first.backend).toBe('js');
    expect(first.reason).toMatch(/^predicted cheapest: js/);
    expect(first.poolLoss?.backend).toBe('wasm');
  });

  it('starts the pool at once for a kernel the model puts far faster on wasm', async () => {
    if (skip()) return;
    poolNotStarted(() => 40);
    const selector = await selectorWith({ js: 100, wasm: 25 });
    const first = selector.chooseNow(total, []);
    // 3 × 25 + 4 < 100: wasm, paying the start in its first launch.
    expect(first.backend).toBe('wasm');
    expect(first.poolLoss).toBeUndefined();
  });

  it('once the threads are up, tries the candidate it passed over as a first choice would (no extra model doubt)', async () => {
    if (skip()) return;
    let pending = 40;
    poolNotStarted(() => pending);
    const selector = await selectorWith({ js: 2, wasm: 0.5 });
    expect(selector.chooseNow(total, []).backend).toBe('js');
    selector.record('js', total, 4);
    selector.record('js', total, 2);
    selector.record('js', total, 2);
    // Still starting: js (a launch on wasm would wait for the threads).
    expect(selector.cached(total)!.choice.backend).toBe('js');
    pending = 0;
    selector.record('js', total, 2);
    // Up: wasm's compile (1 ms) and cold run (2 × 0.5 ms, under js's 2) fit 15% of the 10 ms
    // spent; with the doubt of a model never tried (4×: 1 + 4 − 2 = 3 ms), it would not yet.
    expect(selector.cached(total)!.choice.backend).toBe('wasm');
  });

  it('the candidate switched to once the threads are up is kept through its tier-up, then judged on its settled speed', async () => {
    if (skip()) return;
    let pending = 40;
    poolNotStarted(() => pending);
    const selector = await selectorWith({ js: 2, wasm: 0.5 });
    expect(selector.chooseNow(total, []).backend).toBe('js');
    for (const ms of [4, 2, 2]) selector.record('js', total, ms);
    pending = 0;
    selector.record('js', total, 2);
    expect(selector.cached(total)!.choice.backend).toBe('wasm');
    // wasm's first run (the module reaching the threads), then its tier-up: slower than
    // js's 2 ms for a few runs (review 15: 0.61, 0.28, 0.45 … then 0.07 for a clamp).
    const wasmRuns = [11, 3, 2.6, 2.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    for (const ms of wasmRuns) {
      expect(selector.cached(total)!.choice.backend).toBe('wasm');
      selector.record('wasm', total, ms);
    }
    const settled = selector.cached(total)!.choice;
    expect(settled.backend).toBe('wasm');
    expect(settled.estimates.find((e) => e.backend === 'wasm')!.ms).toBeCloseTo(0.5, 5);
  });

  it('…and dropped once settled if it is slower after all', async () => {
    if (skip()) return;
    let pending = 40;
    poolNotStarted(() => pending);
    const selector = await selectorWith({ js: 2, wasm: 0.5 });
    selector.chooseNow(total, []);
    for (const ms of [4, 2, 2]) selector.record('js', total, ms);
    pending = 0;
    selector.record('js', total, 2);
    expect(selector.cached(total)!.choice.backend).toBe('wasm');
    // The model was wrong: wasm takes 3 ms a launch, settled. Its tier-up (at most 16 runs,
    // or 10 ms of them after the first) is all it gets before js is back.
    let onWasm = 0;
    for (let n = 0; n < 40; n++) {
      const backend = selector.cached(total)!.choice.backend;
      if (backend === 'wasm') onWasm++;
      selector.record(backend, total, backend === 'wasm' ? (n === 0 ? 11 : 3) : 2);
    }
    expect(onWasm).toBeLessThanOrEqual(6);
    expect(selector.cached(total)!.choice.backend).toBe('js');
  });
});
