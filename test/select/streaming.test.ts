// streaming.test.ts — streaming kernels (no loop, few operations per byte) are predicted
// from the calibrated triad rate, staging from the copy rate of the arrays' size, and
// `auto` runs a memory-bound kernel on host arrays in place (js) from its first launch
// when staging would cost more; on shared-heap arrays it takes the fast backend.
// Timings are injected (a profile set here, launch times fed through record), never measured.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadsStarted } from './threadsStarted.js';
import { backends, empty, release } from '../../src/index.js';
import { KernelSelector } from '../../src/runtime/select.js';
import { computeKernel, setProfile, triadKernel } from '../../src/runtime/calibrate.js';
import {
  computeMs,
  isStreaming,
  predict,
  STAGING_OVERHEAD,
  stageRate,
} from '../../src/runtime/costModel.js';
import { COPY_BYTES, LARGE_COPY_BYTES, type BackendConstants } from '../../src/backends/costs.js';
import { estimateWork } from '../../src/jit/passes/workEstimate.js';
import type { BackendName } from '../../src/backends/backend.js';
import type { MachineProfile } from '../../src/runtime/costModel.js';

// The pool's start is tested in poolStartup.test.ts; these tests are about the other rules.
beforeEach(threadsStarted);

const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));
/** Whether `name` cannot run here; the skip is printed with the reason (never silent). */
const missing = (name: string): boolean => {
  if (available.has(name as never)) return false;
  console.log(`[numbat tests] skipped: the ${name} backend is unavailable here`);
  return true;
};

/** A profile shaped like a 2-core machine's calibration (js's chain 15× wasm's, its stream 7×). */
function machine(): MachineProfile {
  const c = (x: Partial<BackendConstants>): BackendConstants => ({
    launchMs: 0.003,
    nsPerOp: 1.6,
    nsPerByte: 0.0001,
    stageNsPerByte: 0,
    source: 'calibrated',
    ...x,
  });
  return {
    format: 4,
    key: 'streaming-test',
    backends: {
      js: c({ nsPerOp: 1.6, streamNsPerOp: 0.44 }),
      wasm: c({
        launchMs: 0.02,
        nsPerOp: 0.11,
        nsPerByte: 0.036,
        streamNsPerOp: 0.06,
        // Staging this test's 4 MB arrays at what 32 MB ones cost (a busy memory system).
        stageNsPerByte: 0.16,
        stageLargeNsPerByte: 0.16,
        coldMs: 10,
      }),
      workers: c({
        nsPerOp: 1.7,
        streamNsPerOp: 0.3,
        stageNsPerByte: 0.16,
        stageLargeNsPerByte: 0.16,
        coldMs: 5,
      }),
      webgpu: c({
        launchMs: 0.3,
        nsPerOp: 1.4,
        nsPerByte: 6,
        streamNsPerOp: 9,
        stageNsPerByte: 0.9,
      }),
    },
  };
}

afterEach(() => {
  delete process.env.NUMBAT_BACKEND;
});

describe('the streaming model', () => {
  it('a loop-free kernel of few operations per byte is streaming; a loop or no bytes is not', () => {
    const triad = estimateWork(triadKernel());
    expect(triad.loops).toBe(false);
    expect(isStreaming(triad)).toBe(true);
    expect(isStreaming(estimateWork(computeKernel()))).toBe(false); // a loop
    expect(
      isStreaming({
        opsPerIndex: 40,
        bytesPerIndex: 0,
        guessedLoops: false,
        loops: false,
        tripScalars: [],
      }),
    ).toBe(false); // Monte Carlo π: arithmetic only
  });

  it('a streaming kernel costs operations × the streaming rate; others the per-operation model', () => {
    const c: BackendConstants = {
      launchMs: 0,
      nsPerOp: 2,
      nsPerByte: 0.5,
      streamNsPerOp: 0.25,
      stageNsPerByte: 0,
      source: 'calibrated',
    };
    const triad = estimateWork(triadKernel());
    expect(computeMs(c, triad, 1e6)).toBeCloseTo((1e6 * triad.opsPerIndex * 0.25) / 1e6, 9);
    const loop = estimateWork(computeKernel());
    expect(computeMs(c, loop, 1e6)).toBeCloseTo(
      (1e6 * (loop.opsPerIndex * 2 + loop.bytesPerIndex * 0.5)) / 1e6,
      9,
    );
    // Without a streaming rate (defaults), the per-operation model everywhere.
    const { streamNsPerOp: _, ...plain } = c;
    expect(computeMs(plain, triad, 1e6)).toBeCloseTo(
      (1e6 * (triad.opsPerIndex * 2 + triad.bytesPerIndex * 0.5)) / 1e6,
      9,
    );
  });

  it('staging uses the copy rate of the largest array: small, large, and log-interpolated between', () => {
    const c: BackendConstants = {
      launchMs: 0,
      nsPerOp: 1,
      nsPerByte: 0,
      stageNsPerByte: 0.07,
      stageLargeNsPerByte: 0.16,
      source: 'calibrated',
    };
    expect(stageRate(c, COPY_BYTES / 2)).toBe(0.07);
    expect(stageRate(c, COPY_BYTES)).toBe(0.07);
    expect(stageRate(c, LARGE_COPY_BYTES)).toBe(0.16);
    expect(stageRate(c, 4 * LARGE_COPY_BYTES)).toBe(0.16);
    const middle = stageRate(c, Math.sqrt(COPY_BYTES * LARGE_COPY_BYTES));
    expect(middle).toBeCloseTo((0.07 + 0.16) / 2, 9);
    expect(stageRate({ ...c, stageLargeNsPerByte: undefined }, 4 * LARGE_COPY_BYTES)).toBe(0.07);
    // Four 32 MB copies (saxpy's x, y in; out in and back) at the large rate, × the overhead.
    const work = estimateWork(triadKernel());
    const p = predict(
      c,
      work,
      1 << 24,
      {
        stagedBytes: 4 * LARGE_COPY_BYTES,
        largestStagedBytes: LARGE_COPY_BYTES,
        movedBytes: 0,
        movedFrom: [],
      },
      1,
      () => undefined,
    );
    expect(p.transferMs).toBeCloseTo((4 * LARGE_COPY_BYTES * 0.16 * STAGING_OVERHEAD) / 1e6, 9);
  });
});

describe('auto on a memory-bound kernel (injected timings)', () => {
  const n = 1 << 20;

  /** Launches as the runtime does, against `truth` (ms per warm launch; the first on a backend 2×). */
  function simulate(
    selector: KernelSelector,
    args: readonly unknown[],
    truth: Partial<Record<BackendName, number>>,
    launches: number,
  ): { backend: BackendName; trial?: BackendName; ms: number }[] {
    const seen = new Set<BackendName>();
    const cost = (b: BackendName, f: number): number => truth[b]! * f * (seen.has(b) ? 1 : 2);
    const log = [];
    for (let k = 0; k < launches; k++) {
      const choice = selector.cached(n)?.choice ?? selector.chooseNow(n, args);
      if (choice.trial) {
        const f = choice.trial.fraction;
        const trialMs = cost(choice.trial.backend, f);
        seen.add(choice.trial.backend);
        const ms = trialMs + cost(choice.backend, 1);
        seen.add(choice.backend);
        selector.recordSlice(choice.backend, choice.trial.backend, n, f, trialMs, undefined, ms);
        log.push({ backend: choice.backend, trial: choice.trial.backend, ms });
      } else {
        const ms = cost(choice.backend, 1);
        seen.add(choice.backend);
        selector.record(choice.backend, n, ms);
        log.push({ backend: choice.backend, ms });
      }
    }
    return log;
  }

  it('saxpy on host arrays: js (in place) is predicted first and runs every launch, with no trial', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(triadKernel(), 'auto');
    await selector.prepare();
    setProfile(machine());
    const args = [2.5, new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    const first = selector.chooseNow(n, args);
    expect(first.backend).toBe('js');
    expect(first.reason).toMatch(/^predicted cheapest: js/);
    const wasm = first.estimates.find((e) => e.backend === 'wasm')!;
    expect(wasm.basis).toMatch(/moving \d+ bytes/);
    // The truth as measured (2^24 here, scaled): js 45, wasm 58 (its staging dominates).
    const jsMs = first.estimates[0]!.ms;
    const log = simulate(selector, args, { js: jsMs, wasm: (58 / 45) * jsMs }, 10);
    expect(log.every((l) => l.backend === 'js' && l.trial === undefined)).toBe(true);
  });

  it('an output overwritten unread is counted as copied back only, over a launch of its whole length', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(triadKernel(), 'auto');
    await selector.prepare();
    setProfile(machine());
    const [x, y, out] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    const moving = (total: number, args: unknown[]): string =>
      selector
        .chooseNow(total, args)
        .estimates.find((e) => e.backend === 'wasm')!
        .basis.match(/moving (\d+) bytes/)![1]!;
    // x and y in, out back: three arrays' bytes, not four (marshal.ts skips out's copy in).
    expect(moving(n, [2.5, x, y, out])).toBe(String(3 * 4 * n));
    // A launch over part of it keeps the rest: out is copied in too.
    expect(moving(n - 1, [2.5, x, y, out])).toBe(String(4 * 4 * n));
    // out sharing x's ArrayBuffer is copied in with it (the buffer's 8n bytes), then back.
    const shared = new Float32Array(2 * n);
    expect(moving(n, [2.5, shared.subarray(0, n), y, shared.subarray(n)])).toBe(String(4 * 4 * n));
  });

  it('the same kernel on shared-heap arrays (empty()): no staging, the fast backend first', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(triadKernel(), 'auto');
    await selector.prepare();
    setProfile(machine());
    const arrays = [empty(n, 'float32'), empty(n, 'float32'), empty(n, 'float32')];
    try {
      const first = selector.chooseNow(n, [2.5, ...arrays]);
      expect(first.backend).toBe('wasm');
      const wasm = first.estimates[0]!;
      expect(wasm.basis).not.toMatch(/moving/);
    } finally {
      for (const a of arrays) release(a);
    }
  });

  it('a far in-place candidate is not tried early against a best that stages only a little', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    // wasm stages its one output (2% of its time); js, in place, is modelled 10× slower.
    const base = machine();
    const computeNs = estimateWork(computeKernel()).opsPerIndex * 0.1;
    setProfile({
      ...base,
      backends: {
        ...base.backends,
        wasm: {
          ...base.backends.wasm!,
          nsPerOp: 0.1,
          nsPerByte: 0,
          stageNsPerByte: (0.02 * computeNs) / 8 / STAGING_OVERHEAD,
          stageLargeNsPerByte: undefined,
        },
        js: { ...base.backends.js!, nsPerOp: 1 },
      },
    });
    const args = [new Float32Array(n)];
    const first = selector.chooseNow(n, args);
    expect(first.backend).toBe('wasm');
    const wasmMs = first.estimates[0]!.ms;
    expect(first.estimates.find((e) => e.backend === 'js')!.ms).toBeGreaterThan(8 * wasmMs);
    const log = simulate(selector, args, { wasm: wasmMs, js: 10 * wasmMs }, 20);
    expect(log.every((l) => l.backend === 'wasm' && l.trial === undefined)).toBe(true);
  });

  it('an arithmetic kernel keeps the per-operation model: wasm first, js far behind', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    setProfile(machine());
    const first = selector.chooseNow(n, [new Float32Array(n)]);
    expect(first.backend).toBe('wasm');
    const js = first.estimates.find((e) => e.backend === 'js')!;
    expect(js.ms).toBeGreaterThan(5 * first.estimates[0]!.ms);
  });
});
