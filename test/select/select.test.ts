// select.test.ts — `auto` selection: refusals exclude backends, resident NDArrays stay,
// forced choices force, and learning from (stubbed) launch times switches backends.
// Timings here are injected through KernelSelector.record, never measured.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { threadsStarted } from './threadsStarted.js';
import { constants, useProfile } from './profiles.js';
import { backends, i32, kernel, toDevice, zeros } from '../../src/index.js';
import { KernelSelector } from '../../src/runtime/select.js';
import { whenAutoProbed } from '../../src/runtime/slowProbes.js';
import { samplePeriod } from '../../src/runtime/selectPolicy.js';
import { noteCompile } from '../../src/runtime/compileCosts.js';
import { computeKernel, streamKernel } from '../../src/runtime/calibrate.js';
import { defaultProfile, setProfile } from '../../src/runtime/calibrate.js';
import type { BackendName } from '../../src/backends/backend.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';

// The pool's start is tested in poolStartup.test.ts; these tests are about the other rules.
beforeEach(threadsStarted);

const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));
/** Whether `name` cannot run here; the skip is printed with the reason (never silent). */
const missing = (name: string): boolean => {
  if (available.has(name as never)) return false;
  console.log(`[numbat tests] skipped: the ${name} backend is unavailable here`);
  return true;
};

/** A sum reduction (never split into slices), built from the calibration's stream kernel. */
function sumKernel(): IrKernel {
  const stream = streamKernel();
  return {
    ...stream,
    name: 'sum',
    buffers: [stream.buffers[0]!],
    body: [
      {
        k: 'return',
        value: {
          k: 'load',
          t: 'f32',
          arr: { kind: 'buffer', index: 0 },
          index: { k: 'local', t: 'i32', name: 'i' },
          span: { start: 0, end: 0 },
        },
      },
    ],
    reduce: { kind: 'sum', t: 'f64' },
  };
}

afterEach(() => {
  delete process.env.NUMBAT_BACKEND;
});

describe('candidates', () => {
  it('never picks a backend that refuses the kernel, however cheap the model says it is', async () => {
    const sumsq = kernel((i: number, x: Float64Array) => x[i]! * x[i]!, {
      reduce: 'sum',
      precision: 'f64',
    });
    const x = new Float64Array(1 << 16).map((_, i) => (i % 13) / 7);
    // Prepare once so the profile below is not replaced by defaults afterwards (a launch this
    // cheap runs on js before the probes, earlyChoice.ts: they follow once the loop turns).
    await sumsq.inspect(x.length, x);
    await whenAutoProbed();
    useProfile({ webgpu: 1e-6, js: 10, wasm: 10, workers: 10 });
    const info = await sumsq.inspect(x.length, x);
    expect(info.backend).not.toBe('webgpu');
    expect(info.estimates.some((e) => e.startsWith('webgpu'))).toBe(false);
    if (available.has('webgpu'))
      expect(info.reason).toMatch(/not considered: .*webgpu \(cannot run it/);
    let expected = 0;
    for (let i = 0; i < x.length; i++) expected += x[i]! * x[i]!;
    expect(await sumsq.launch(x.length, x)).toBeCloseTo(expected, 6);
  });

  it('keeps a kernel with float math tied to no float array off WebGPU unless its arrays live there', async () => {
    if (missing('webgpu')) return;
    // i32(x / 3) divides in f64 on the CPU backends and in f32 on WebGPU: 715827666 against
    // 715827648 for x = 2147483000 (probe 4, item 10). auto must not let the machine pick.
    const third = kernel((i: number, x: Int32Array, out: Int32Array) => {
      out[i] = i32(x[i]! / 3);
    });
    const f32Only = kernel((i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! / 3;
    });
    const n = 1 << 16;
    const x = new Int32Array(n).fill(2147483000);
    await third.inspect(n, x, new Int32Array(n));
    await f32Only.inspect(n, new Float32Array(n), new Float32Array(n));
    useProfile({ webgpu: 1e-6, js: 10, wasm: 10, workers: 10 });
    const info = await third.inspect(n, x, new Int32Array(n));
    expect(info.backend).not.toBe('webgpu');
    expect(info.reason).toMatch(
      /not considered: .*webgpu \(not chosen by auto unless the kernel's arrays live there: it computes float math tied to no float array/,
    );
    const out = new Int32Array(n);
    await third.launch(n, x, out);
    expect(out[0]).toBe(715827666);
    // Arrays on the GPU: it runs there (moving them back would be the surprise).
    const dx = await toDevice(x, 'webgpu');
    const dout = await zeros([n], 'int32', 'webgpu');
    expect((await third.inspect(n, dx, dout)).backend).toBe('webgpu');
    dx.dispose();
    dout.dispose();
    // f32 math (the array's type) is f32 everywhere: WebGPU stays a candidate.
    useProfile({ webgpu: 1e-6, js: 10, wasm: 10, workers: 10 });
    const f32Info = await f32Only.inspect(n, new Float32Array(n), new Float32Array(n));
    expect(f32Info.estimates.some((e) => e.startsWith('webgpu'))).toBe(true);
    expect(f32Info.reason).not.toMatch(/float math tied to no float array/);
  });

  it('inspect names the choice, the runner-up and every estimate in words', async () => {
    const scale = kernel((i: number, x: Float32Array, out: Float32Array) => {
      out[i] = 2 * x[i]!;
    });
    const n = 4096;
    const info = await scale.inspect(n, new Float32Array(n), new Float32Array(n));
    expect(info.estimates.length).toBeGreaterThanOrEqual(1);
    expect(info.estimates[0]!.startsWith(info.backend)).toBe(true);
    if (info.estimates.length > 1) {
      expect(info.runnerUp).toBeDefined();
      expect(info.reason).toContain(`runner-up ${info.runnerUp}`);
    }
    for (const e of info.estimates)
      expect(e).toMatch(/^(js|workers|wasm|webgpu): ≈ [\d.]+ (µs|ms) \((model|measured)/);
  });
});

describe('forced choices', () => {
  it('the backend option forces, whatever the costs', async () => {
    useProfile({ wasm: 1e-6, js: 100 });
    const k = kernel(
      (i: number, out: Int32Array) => {
        out[i] = i * 2;
      },
      { backend: 'js' },
    );
    const out = new Int32Array(1 << 16);
    const info = await k.inspect(out.length, out);
    expect(info.backend).toBe('js');
    expect(info.reason).toMatch(/forced by backend: 'js'/);
    await k.launch(out.length, out);
    expect(out[12345]).toBe(24690);
  });

  it('NUMBAT_BACKEND forces', async () => {
    process.env.NUMBAT_BACKEND = 'workers';
    const k = kernel((i: number, out: Int32Array) => {
      out[i] = i + 1;
    });
    const info = await k.inspect(100, new Int32Array(100));
    expect(info.backend).toBe('workers');
    expect(info.reason).toMatch(/NUMBAT_BACKEND=workers/);
  });

  it('forcing a backend that refuses the kernel is an error naming the kernel', async () => {
    if (missing('webgpu')) return;
    const k = kernel(
      function sq64(i: number, x: Float64Array) {
        return x[i]! * x[i]!;
      },
      { reduce: 'sum', precision: 'f64', backend: 'webgpu' },
    );
    await expect(k.launch(4, new Float64Array(4))).rejects.toThrow(/sq64.*cannot run on webgpu/);
  });
});

describe('residency', () => {
  for (const home of ['js', 'workers', 'wasm', 'webgpu'] as const) {
    it(`NDArrays on ${home} are not moved when staying is as cheap (no move, same values)`, async () => {
      if (missing(home)) return;
      useProfile({ js: 1, workers: 1, wasm: 1, webgpu: 1 });
      const k = kernel((i: number, x: Float32Array, out: Float32Array) => {
        out[i] = x[i]! + 1;
      });
      const n = 1 << 12;
      const x = await toDevice(
        new Float32Array(n).map((_, i) => i),
        home,
      );
      const out = await zeros(n, 'f32', home);
      const info = await k.inspect(n, x, out);
      expect(info.reason).not.toMatch(/moved|would move/);
      await k.launch(n, x, out);
      expect(x.backend).toBe(home);
      expect(out.backend).toBe(home);
      const result = (await out.toHost()) as Float32Array;
      for (let i = 0; i < n; i += 101) expect(result[i]).toBe(i + 1);
      x.dispose();
      out.dispose();
    });
  }
});

/** Makes every backend's typical compile `ms` (each keeps its 9 latest compiles). */
function compilesTake(ms: Partial<Record<BackendName, number>>): void {
  for (const b of ['js', 'workers', 'wasm', 'webgpu'] as const)
    for (let n = 0; n < 9; n++) noteCompile(b, ms[b] ?? 0);
}

describe('online refinement (stubbed timings)', () => {
  // Free compiles unless a test says otherwise (real kernels compiled by other tests in
  // this process would otherwise set what a trial costs).
  beforeEach(() => compilesTake({}));
  const prepared = async (
    nsPerOp: Partial<Record<BackendName, number>>,
    ir = computeKernel(),
  ): Promise<KernelSelector> => {
    const selector = new KernelSelector(ir, 'auto');
    await selector.prepare();
    useProfile(nsPerOp);
    return selector;
  };
  const total = 1 << 16;
  const CLOSE_SAMPLES = 3;

  /** One simulated launch: what it ran on, any slice trial, and what it took. */
  interface Simulated {
    readonly backend: BackendName;
    readonly trial?: BackendName;
    readonly ms: number;
  }

  /**
   * Runs `launches` launches against `truth` (a warm whole launch's ms per backend; the
   * first on a backend takes `cold`×), feeding the times back as the runtime does.
   */
  function simulate(
    selector: KernelSelector,
    truth: Partial<Record<BackendName, number>>,
    launches: number,
    cold = 2,
  ): Simulated[] {
    const seen = new Set<BackendName>();
    const cost = (b: BackendName, fraction: number): number =>
      truth[b]! * fraction * (seen.has(b) ? 1 : cold);
    const log: Simulated[] = [];
    for (let n = 0; n < launches; n++) {
      const choice = selector.cached(total)?.choice ?? selector.chooseNow(total, []);
      if (choice.trial) {
        const f = choice.trial.fraction;
        const trialMs = cost(choice.trial.backend, f);
        seen.add(choice.trial.backend);
        const referenceMs = cost(choice.backend, f);
        const ms = trialMs + referenceMs + cost(choice.backend, 1 - 2 * f);
        seen.add(choice.backend);
        selector.recordSlice(
          choice.backend,
          choice.trial.backend,
          total,
          f,
          trialMs,
          referenceMs,
          ms,
        );
        log.push({ backend: choice.backend, trial: choice.trial.backend, ms });
      } else {
        const ms = cost(choice.backend, 1);
        seen.add(choice.backend);
        selector.record(choice.backend, total, ms);
        log.push({ backend: choice.backend, ms });
      }
    }
    return log;
  }
  const sum = (log: readonly Simulated[]): number => log.reduce((a, l) => a + l.ms, 0);
  /** The same launches all on one backend (its first cold). */
  const alone = (ms: number, launches: number, cold = 2): number => ms * (cold + launches - 1);

  it('starts on the backend the model predicts cheapest', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    const first = selector.chooseNow(total, []);
    expect(first.backend).toBe('js');
    expect(first.reason).toMatch(/^predicted cheapest: js/);
    expect(first.trial).toBeUndefined();
  });

  it('predicts a launch short enough for the calling thread as it runs there: workers as js in place, wasm on one thread', async () => {
    if (missing('wasm') || missing('workers')) return;
    const threads = (await backends()).find((b) => b.name === 'workers')?.info.threads;
    if (typeof threads !== 'number' || threads < 2) {
      console.log('[numbat tests] skipped: one thread here, so no launch runs in parallel');
      return;
    }
    // Per operation, workers with all its threads 4× faster than js, wasm 2×.
    const selector = await prepared({ js: 1, workers: 0.25, wasm: 0.5 });
    const models = (n: number) =>
      Object.fromEntries(
        selector
          .chooseNow(n, [])
          .estimates.map((e) => [e.backend, (e as { model?: { computeMs: number } }).model!]),
      );
    // 4 indices of computeKernel: microseconds, below the pool's threshold.
    const short = models(4);
    expect(short.workers!.computeMs).toBeCloseTo(short.js!.computeMs, 9);
    expect(short.wasm!.computeMs).toBeCloseTo(0.5 * threads * short.js!.computeMs, 9);
    // A large launch runs in parallel: the constants as calibrated.
    const long = models(1 << 22);
    expect(long.workers!.computeMs).toBeCloseTo(0.25 * long.js!.computeMs, 6);
    expect(long.wasm!.computeMs).toBeCloseTo(0.5 * long.js!.computeMs, 6);
  });

  it('tries a close candidate on a slice of a launch, and keeps it once measured faster', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    const log = simulate(selector, { js: modelled, wasm: modelled / 8 }, 12);
    const trials = log.filter((l) => l.trial === 'wasm');
    expect(trials.length).toBeGreaterThanOrEqual(1);
    // The trial ran on a slice: the launch took about a js launch, not a wasm one.
    expect(trials[0]!.backend).toBe('js');
    const settled = selector.cached(total)!.choice;
    expect(settled.backend).toBe('wasm');
    expect(settled.trial).toBeUndefined();
    expect(log[log.length - 1]!.backend).toBe('wasm');
    expect(selector.explored().join('\n')).toMatch(/tried wasm on a slice of \d+ of 65536 indices/);
    expect(selector.explored().join('\n')).toMatch(/exploring cost .* in all/);
    // What it learned carries to another size class of the same kernel.
    expect(selector.chooseNow(total * 4, []).backend).toBe('wasm');
  });

  it('stops trying a candidate once it measures clearly slower (a cold warm-up slice, then one that measures)', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    const log = simulate(selector, { js: modelled, wasm: modelled * 3 }, 20);
    expect(log.filter((l) => l.trial === 'wasm' || l.backend === 'wasm').length).toBe(2);
    expect(log.every((l) => l.backend === 'js')).toBe(true);
    expect(selector.cached(total)!.choice.backend).toBe('js');
    expect(selector.cached(total)!.choice.exploring).toBeFalsy();
  });

  it('a measured launch overrides a model that was wrong', async () => {
    if (missing('wasm')) return;
    // The model says wasm is 1.5× faster than js; measurements say js is 3× faster than wasm.
    const selector = await prepared({ js: 1.5, wasm: 1 });
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    simulate(selector, { wasm: modelled * 3, js: modelled }, 12);
    const settled = selector.cached(total)!.choice;
    expect(settled.backend).toBe('js');
    expect(settled.estimates.find((e) => e.backend === 'wasm')!.basis).toMatch(/measured/);
  });

  it('bounds what exploring costs at every launch, whole-launch trials included', async () => {
    if (missing('wasm') || missing('workers')) return;
    // A reduction: no slices, every trial is a whole launch (cold: twice a warm one), and
    // the model is right: exploring costs at most REGRET (15%) over staying on js.
    const selector = await prepared({ js: 1, wasm: 1.2, workers: 1.8 }, sumKernel());
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    const log = simulate(
      selector,
      { js: modelled, wasm: modelled * 1.2, workers: modelled * 1.8 },
      200,
    );
    expect(log.every((l) => l.trial === undefined)).toBe(true);
    expect(log.some((l) => l.backend === 'wasm')).toBe(true);
    expect(log.some((l) => l.backend === 'workers')).toBe(true);
    expect(log.slice(-10).every((l) => l.backend === 'js')).toBe(true);
    for (let n = 1; n <= log.length; n++)
      expect(sum(log.slice(0, n))).toBeLessThanOrEqual(1.15 * alone(modelled, n) + 1e-9);
  });

  it('a candidate far slower than predicted costs a cold whole launch and a warm one, then is never tried again', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.2 }, sumKernel());
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    const log = simulate(selector, { js: modelled, wasm: modelled * 3 }, 200);
    // The cold one is not its verdict (it can be many times a warm one); the warm one is.
    expect(log.filter((l) => l.backend === 'wasm').length).toBe(2);
    expect(log.slice(-100).every((l) => l.backend === 'js')).toBe(true);
  });

  it("a backend's fixed cold cost counts in its first trial: postponed until the budget covers it", async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    // The first run of a kernel on wasm costs 3 js launches more, however small the slice.
    const profile = useProfile({ js: 1, wasm: 1.5 });
    setProfile({
      ...profile,
      backends: { ...profile.backends, wasm: { ...constants(1.5), coldMs: 3 * modelled } },
    });
    const early = simulate(selector, { js: modelled, wasm: modelled / 8 }, 15);
    expect(early.every((l) => l.backend === 'js' && l.trial === undefined)).toBe(true);
    const later = simulate(selector, { js: modelled, wasm: modelled / 8 }, 30);
    expect(later.some((l) => l.trial === 'wasm')).toBe(true);
    expect(selector.cached(total)!.choice.backend).toBe('wasm');
  });

  it('a trial waiting for the budget is not starved by sampling: every launch is timed until it runs', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    const profile = useProfile({ js: 1, wasm: 1.5 });
    // js launches take 2 ms; wasm's first run costs 6 ms more, however small the slice:
    // the trial needs ~40 ms of timed launches before it fits the 15% budget, well past the
    // EAGER_SAMPLES launches after which only one in SAMPLE_PERIOD is timed.
    setProfile({
      ...profile,
      backends: { ...profile.backends, wasm: { ...constants(1.5), coldMs: 6 } },
    });
    const truth: Partial<Record<BackendName, number>> = { js: 2, wasm: 0.25 };
    const seen = new Set<BackendName>();
    const cost = (b: BackendName, f: number): number => truth[b]! * f * (seen.has(b) ? 1 : 2);
    let trialAt = -1;
    for (let n = 0; n < 80 && trialAt < 0; n++) {
      const bucket = selector.cached(total);
      const choice = bucket?.choice ?? selector.chooseNow(total, []);
      if (choice.trial) {
        trialAt = n;
        break;
      }
      const ms = cost(choice.backend, 1);
      seen.add(choice.backend);
      // As the runtime does: untimed launches teach nothing.
      if (!bucket || selector.shouldSample(bucket)) selector.record(choice.backend, total, ms);
    }
    expect(trialAt).toBeGreaterThan(4);
    expect(trialAt).toBeLessThan(60);
  });

  it('a backend that ran only cold displaces one measured warm only if that cold run was faster too; a choice is timed until its backend has warm samples', async () => {
    if (missing('wasm')) return;
    // The model puts js 10× ahead of wasm (a correction or a model that is wrong for it).
    const selector = await prepared({ js: 0.1, wasm: 1 });
    selector.chooseNow(total, []);
    const f = 1 / 64;
    // wasm measured: one cold launch, then warm ones of 10 ms.
    selector.record('wasm', total, 20);
    for (let r = 0; r < 3; r++) selector.record('wasm', total, 10);
    // One cold slice of js implies 400 ms a launch (interpreted): half of it is still far
    // above wasm's 10, so wasm stays, though js's cold-capped estimate is the model's.
    selector.recordSlice('wasm', 'js', total, f, 400 * f, 10 * f, 10);
    const ranked = selector.chooseNow(total, []).estimates;
    expect(ranked.find((e) => e.backend === 'js')!.ms).toBeLessThan(10);
    // wasm runs the launch; js gets a slice to be measured warm (exploration, budgeted).
    const choice = selector.cached(total)!.choice;
    expect(choice.backend).toBe('wasm');
    expect(choice.trial?.backend).toBe('js');
    expect(choice.trial!.fraction).toBeLessThan(0.1);

    // Another kernel: js's cold slice implies 12 ms, so even as 2× a warm one (6 ms) it is
    // faster than wasm's 10: js is chosen, and each launch on it is timed until it has
    // warm samples, however many launches the size class has had.
    const other = await prepared({ js: 0.1, wasm: 1 });
    other.chooseNow(total, []);
    other.record('wasm', total, 20);
    for (let r = 0; r < 3; r++) other.record('wasm', total, 10);
    for (let r = 0; r < 8; r++) other.shouldSample(other.cached(total)!); // past EAGER_SAMPLES
    other.recordSlice('wasm', 'js', total, f, 12 * f, 10 * f, 10);
    expect(other.cached(total)!.choice.backend).toBe('js');
    let timedOnJs = 0;
    for (let r = 0; r < 3; r++) {
      const bucket = other.cached(total)!;
      expect(bucket.choice.backend).toBe('js');
      expect(other.shouldSample(bucket)).toBe(true);
      other.record('js', total, 30); // warm, and 3× slower than wasm
      timedOnJs++;
      if (other.cached(total)!.choice.backend !== 'js') break;
    }
    // The first warm sample already shows js slower: back to wasm.
    expect(timedOnJs).toBe(1);
    expect(other.cached(total)!.choice.backend).toBe('wasm');
  });

  it('a JIT backend whose only run was a cold whole launch gets a warm trial before it is judged (a reduction: no slices)', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 0.1, wasm: 1 }, sumKernel());
    selector.chooseNow(total, []);
    selector.record('wasm', total, 20);
    for (let r = 0; r < 3; r++) selector.record('wasm', total, 10);
    // js's first whole launch ran interpreted: 30 ms, where warm it takes 5 (wasm: 10).
    selector.record('js', total, 30);
    const log = simulate(selector, { js: 5, wasm: 10 }, 300, 1);
    expect(log.some((l) => l.backend === 'js')).toBe(true);
    expect(log.slice(-10).every((l) => l.backend === 'js')).toBe(true);
  });

  it('wasm too: a cold first whole launch (its staging pages touched for the first time) is not its verdict', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 0.5 }, sumKernel());
    selector.chooseNow(total, []);
    selector.record('js', total, 10);
    for (let r = 0; r < 3; r++) selector.record('js', total, 4.8);
    // wasm's first launch: 14.5 ms, where warm it takes 2.3 (probe 13, a 1024² blur).
    selector.record('wasm', total, 14.5);
    const log = simulate(selector, { js: 4.8, wasm: 2.3 }, 100, 1);
    expect(log.slice(-10).every((l) => l.backend === 'wasm')).toBe(true);
  });

  it('books a slice trial at what its launch took over a whole one on the best, where that is more than the trial', async () => {
    if (missing('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    selector.chooseNow(total, []);
    selector.record('js', total, 4);
    for (let r = 0; r < 3; r++) selector.record('js', total, 2);
    const cost = () => {
      const [, v, unit] = /exploring cost ([\d.]+) (µs|ms|s)\b/.exec(selector.explored().at(-1)!)!;
      return Number(v) * (unit === 'µs' ? 1e-3 : unit === 's' ? 1e3 : 1);
    };
    // A slice of a tenth: wasm 0.1 ms, js 0.2 ms beside it; the whole split launch 2.1 ms.
    selector.recordSlice('js', 'wasm', total, 0.1, 0.1, 0.2, 2.1);
    expect(cost()).toBeLessThan(0.2);
    // The same trial in a launch that took 6 ms (the parts staged the arrays again): 4 ms.
    selector.recordSlice('js', 'wasm', total, 0.1, 0.1, 0.2, 6);
    expect(cost()).toBeGreaterThan(3.9);
  });

  it('tries an in-place candidate against a best that mostly stages on the first rows, even predicted far, and keeps it once faster', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    // wasm: fast arithmetic, but copying the (host) array into its heap and back costs
    // 4× its compute; js works on the array in place. The model puts js 3× behind.
    const profile = useProfile({ js: 1, wasm: 1 });
    const args = [new Float32Array(total)];
    const base = new KernelSelector(computeKernel(), 'auto');
    await base.prepare();
    const perOp = base.chooseNow(total, []).estimates[0]!.ms; // ms of compute at 1 ns/op
    const wasmCompute = 0.2 * perOp;
    setProfile({
      ...profile,
      backends: {
        ...profile.backends,
        wasm: { ...constants(0.2), stageNsPerByte: (4 * wasmCompute * 1e6) / (8 * total) },
        js: constants((3 * 5 * wasmCompute) / perOp),
      },
    });
    const first = selector.chooseNow(total, args);
    expect(first.backend).toBe('wasm');
    const js = first.estimates.find((e) => e.backend === 'js')!;
    expect(js.ms).toBeGreaterThan(2 * first.estimates[0]!.ms);
    // In truth js is faster than wasm's staging and compute together.
    const truth = { wasm: first.estimates[0]!.ms, js: 0.6 * first.estimates[0]!.ms };
    const seen = new Set<BackendName>();
    const log: Simulated[] = [];
    let jsSlices = 0;
    for (let n = 0; n < 20; n++) {
      const choice = selector.cached(total)?.choice ?? selector.chooseNow(total, args);
      const coldFactor = (b: BackendName): number => (seen.has(b) ? 1 : 2);
      if (choice.trial) {
        expect(choice.trial.edge).toBe(true);
        const f = choice.trial.fraction;
        // The first slice is cold, the second still tiering up (4×), then js runs at speed.
        const slowdown = [2, 4][jsSlices++] ?? 1;
        const trialMs = truth.js * f * slowdown;
        seen.add('js');
        const ms = trialMs + truth.wasm;
        selector.recordSlice('wasm', 'js', total, f, trialMs, undefined, ms);
        log.push({ backend: 'wasm', trial: 'js', ms });
      } else {
        const b = choice.backend as 'wasm' | 'js';
        const ms = truth[b] * coldFactor(b);
        seen.add(b);
        selector.record(b, total, ms);
        log.push({ backend: b, ms });
      }
    }
    const trials = log.filter((l) => l.trial === 'js');
    expect(trials.length).toBeGreaterThanOrEqual(3); // cold, tiering up, then one that measures
    expect(log.findIndex((l) => l.trial === 'js')).toBeLessThan(10);
    expect(selector.cached(total)!.choice.backend).toBe('js');
    expect(log.slice(-5).every((l) => l.backend === 'js' && !l.trial)).toBe(true);
    expect(selector.explored().join('\n')).toMatch(
      /tried js on the first \d+ of 65536 indices, on the arrays in place/,
    );
    // Exploring cost no more than the regret bound over staying on wasm (a slice that ran
    // 4× slower than predicted included).
    for (let n = 1; n <= log.length; n++)
      expect(sum(log.slice(0, n))).toBeLessThanOrEqual(1.15 * alone(truth.wasm, n) + 1e-9);
  });

  it('no reference slice beside a best that stages even a little: its range runs stage the whole arrays', async () => {
    if (missing('wasm')) return;
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    const profile = useProfile({ js: 1, wasm: 1 });
    const args = [new Float32Array(total)];
    const base = new KernelSelector(computeKernel(), 'auto');
    await base.prepare();
    const perOp = base.chooseNow(total, []).estimates[0]!.ms;
    // Staging a fifth of wasm's time, js modelled close: formerly a reference slice.
    const wasmCompute = 0.8 * perOp;
    setProfile({
      ...profile,
      backends: {
        ...profile.backends,
        wasm: { ...constants(0.8), stageNsPerByte: (0.25 * wasmCompute * 1e6) / (8 * total) },
        js: constants(1.2),
      },
    });
    const wasmMs = selector.chooseNow(total, args).estimates[0]!.ms;
    selector.record('wasm', total, 2 * wasmMs);
    selector.record('wasm', total, wasmMs);
    const choice = selector.cached(total)!.choice;
    expect(choice.trial?.backend).toBe('js');
    expect(choice.trial?.edge).toBe(true);
  });

  it("tries a candidate that only a correction borrowed from the best's launches puts far", async () => {
    if (missing('wasm')) return;
    // js, the best, runs 8× slower than its model (a Math function dear on it, say); wasm's
    // own model puts it within 2× of that, the borrowed 8× far beyond.
    const run = (wasmTruth: number) => {
      const selector = new KernelSelector(computeKernel(), 'auto');
      return { selector, wasmTruth };
    };
    for (const { selector, wasmTruth } of [run(6), run(24)]) {
      await selector.prepare();
      useProfile({ js: 1, wasm: 3 });
      const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
      const truth = { js: 8 * modelled, wasm: wasmTruth * modelled };
      const log = simulate(selector, truth, 12);
      const trials = log.filter((l) => l.trial === 'wasm');
      expect(trials.length).toBeGreaterThanOrEqual(1);
      if (wasmTruth < 8) {
        // Faster in truth: found on a slice, and kept.
        expect(selector.cached(total)!.choice.backend).toBe('wasm');
        expect(log.slice(-3).every((l) => l.backend === 'wasm')).toBe(true);
      } else {
        // As slow as the borrowed correction said: a slice or two, then never again.
        expect(selector.cached(total)!.choice.backend).toBe('js');
        expect(log.every((l) => l.backend === 'js')).toBe(true);
        expect(sum(log)).toBeLessThanOrEqual(1.15 * alone(truth.js, log.length));
      }
    }
  });

  it('untimed launches grow the budget too: a kernel of microseconds affords a dear trial in the end', async () => {
    if (missing('wasm')) return;
    // Launches of microseconds (not timed while a trial waits, as dear ones are).
    const ns = { js: 1e-3, wasm: 1.5e-3, workers: 1e6, webgpu: 1e6 };
    const selector = await prepared(ns);
    const m = selector.chooseNow(total, []).estimates[0]!.ms;
    expect(m).toBeLessThan(0.1);
    // js launches take m; wasm is 3× faster, but its first run costs 100 js launches more.
    // Timed launches alone (one in SAMPLE_PERIOD = 64 after the first few) would need
    // ~40,000 launches to make that 15% of their time; counting every launch, ~700.
    const profile = useProfile(ns);
    setProfile({
      ...profile,
      backends: { ...profile.backends, wasm: { ...constants(1.5e-3), coldMs: 100 * m } },
    });
    const truth: Partial<Record<BackendName, number>> = { js: m, wasm: m / 3 };
    const seen = new Set<BackendName>();
    const cost = (b: BackendName, f: number): number => truth[b]! * f * (seen.has(b) ? 1 : 2);
    let trialAt = -1;
    // The clock stands still: what learning from a sample costs (record times itself) is
    // then 0, so the sampling period stays SAMPLE_PERIOD. Timed for real, it grew to 1024
    // on a loaded machine (one in three runs under CI's load, before and after 997ae38),
    // and the trial waited for launch 1024.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1000);
    try {
      for (let n = 0; n < 2000 && trialAt < 0; n++) {
        const bucket = selector.cached(total);
        const choice = bucket?.choice ?? selector.chooseNow(total, []);
        if (choice.trial || choice.backend === 'wasm') {
          trialAt = n;
          break;
        }
        const ms = cost(choice.backend, 1);
        seen.add(choice.backend);
        // As the runtime does: only sampled launches are timed and recorded.
        if (!bucket || selector.shouldSample(bucket)) selector.record(choice.backend, total, ms);
      }
    } finally {
      clock.mockRestore();
    }
    // Not before the budget covers the cold cost (≈ 100 / 0.15 launches)...
    expect(trialAt).toBeGreaterThan(600);
    // ...but then, not tens of thousands of launches later.
    expect(trialAt).toBeLessThan(1000);
  });

  it('times fewer launches where learning from one costs more than 2% of those it stands for', () => {
    // Learning is cheap beside the launches: one in 64.
    expect(samplePeriod(0.05, 10)).toBe(64);
    expect(samplePeriod(0, 0.001)).toBe(64);
    // 100 µs of bookkeeping for launches of 6 µs: one in 64 would add 1.6 µs to each
    // (auto 1.2× the forced backend); the period doubles until it adds at most 2%.
    const p = samplePeriod(0.1, 0.006);
    expect(0.1 / (p * 0.006)).toBeLessThanOrEqual(0.02);
    expect(0.1 / ((p / 2) * 0.006)).toBeGreaterThan(0.02);
    expect(Number.isInteger(Math.log2(p))).toBe(true);
    // Bounded, even for launches estimated at nothing.
    expect(samplePeriod(1, 0)).toBe(1 << 16);
  });

  it("a compile dearer than the launches so far waits for the budget, even for the model's cheapest", async () => {
    if (missing('wasm')) return;
    // js, run first, measures 3× its model; wasm's launch is dearer (1.2× js's whole
    // model) and its compute 10× cheaper, so that even with js's 3× correction borrowed it
    // is now the model's cheapest, but never run (a kernel of microseconds, js's JIT
    // warming up: the trace that made auto pay a wasm compile at the second launch).
    const setup = async (wasmCompile: number) => {
      const selector = await prepared({ js: 1, wasm: 1 });
      const m = selector.chooseNow(total, []).estimates[0]!.ms;
      const profile = useProfile({ js: 1 });
      setProfile({
        ...profile,
        backends: { ...profile.backends, wasm: constants(0.1, 1.2 * m) },
      });
      compilesTake({ wasm: wasmCompile * m });
      const first = selector.chooseNow(total, []);
      expect(first.backend).toBe('js');
      return {
        selector,
        truth: { js: 3 * m, wasm: 1.5 * m, workers: 1e3 * m, webgpu: 1e3 * m },
      };
    };
    // A compile of 40 js launches' model: nothing but js in the first ten launches...
    const dear = await setup(40);
    const early = simulate(dear.selector, dear.truth, 10);
    expect(early.every((l) => l.backend === 'js' && l.trial === undefined)).toBe(true);
    const waiting = dear.selector.chooseNow(total, []);
    const wasm = waiting.estimates.find((e) => e.backend === 'wasm')!;
    expect(wasm.ms).toBeLessThan(dear.truth.js);
    // inspect's words say so (it said "cheapest: js" with wasm's smaller figure beside it).
    expect(waiting.reason).toMatch(
      /^kept for \d+ indices: js ≈ .*; wasm ≈ .* is predicted faster but not tried yet/,
    );
    // ...then, once the budget covers the compile, a trial, and wasm is kept.
    simulate(dear.selector, dear.truth, 400);
    expect(dear.selector.cached(total)!.choice.backend).toBe('wasm');
    // A cheap compile: wasm is tried in the first launches and kept.
    const cheap = await setup(0.01);
    const log = simulate(cheap.selector, cheap.truth, 10);
    expect(log.slice(0, 4).some((l) => l.backend === 'wasm' || l.trial === 'wasm')).toBe(true);
    expect(log.slice(-3).every((l) => l.backend === 'wasm')).toBe(true);
  });

  it('never tries a candidate predicted far slower during the first launches', async () => {
    const selector = await prepared({ js: 1, wasm: 10, workers: 10, webgpu: 10 });
    const modelled = selector.chooseNow(total, []).estimates[0]!.ms;
    const log = simulate(
      selector,
      { js: modelled, wasm: modelled * 10, workers: modelled * 10, webgpu: modelled * 10 },
      10,
    );
    expect(log.every((l) => l.backend === 'js' && l.trial === undefined)).toBe(true);
  });

  it('finds the fastest of many candidates through slices, within the regret bound, without flapping', async () => {
    const selector = await prepared({ js: 1, wasm: 1.5, workers: 1.7, webgpu: 1.9 });
    const first = selector.chooseNow(total, []);
    const modelled = first.estimates[0]!.ms;
    const candidates = first.estimates.map((e) => e.backend);
    const truth: Partial<Record<BackendName, number>> = {
      js: 3 * modelled,
      wasm: modelled / 2,
      workers: 2 * modelled,
      webgpu: 10 * modelled,
    };
    const log = simulate(selector, truth, 30);
    const fastest = candidates
      .filter((b) => b !== 'webgpu' || available.has('webgpu'))
      .reduce((a, b) => (truth[a]! <= truth[b]! ? a : b));
    const settled = selector.cached(total)!.choice;
    expect(settled.backend).toBe(fastest);
    // Every launch runs on the fastest once found; far candidates get a slice late, rarely.
    expect(log.slice(-10).every((l) => l.backend === fastest)).toBe(true);
    expect(log.slice(-10).filter((l) => l.trial).length).toBeLessThanOrEqual(1);
    // Further timed launches of about the same speed do not make the choice flap.
    for (let r = 0; r < 10; r++) {
      selector.record(fastest, total, truth[fastest]! * (r % 2 ? 1.05 : 0.95));
      expect(selector.cached(total)!.choice.backend).toBe(fastest);
    }
  });

  it.runIf(!compiledOnly('launch times fed back to the selector'))(
    'the kernel runtime feeds real launch times back (inspect then shows measurements)',
    async () => {
      setProfile(defaultProfile('test-machine', await backends()));
      const k = kernel((i: number, out: Float32Array) => {
        out[i] = Math.sqrt(i);
      });
      const n = 1 << 14;
      const out = new Float32Array(n);
      for (let r = 0; r < 6; r++) await k.launch(n, out);
      const info = await k.inspect(n, out);
      expect(info.estimates.some((e) => /measured \(\d+ launch/.test(e))).toBe(true);
      expect(out[100]).toBe(Math.fround(10));
    },
  );
});
