// select.test.ts — `auto` selection: refusals exclude backends, resident NDArrays stay,
// forced choices force, and learning from (stubbed) launch times switches backends.
// Timings here are injected through KernelSelector.record, never measured.

import { afterEach, describe, expect, it } from 'vitest';
import { backends, kernel, toDevice, zeros } from '../../src/index.js';
import { KernelSelector, sizeClass } from '../../src/runtime/select.js';
import { computeKernel } from '../../src/runtime/calibrate.js';
import { defaultProfile, setProfile } from '../../src/runtime/calibrate.js';
import type { BackendConstants } from '../../src/backends/costs.js';
import type { MachineProfile } from '../../src/runtime/costModel.js';
import type { BackendName } from '../../src/backends/backend.js';

const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));

function constants(nsPerOp: number, launchMs = 0.001): BackendConstants {
  return { launchMs, nsPerOp, nsPerByte: 0, stageNsPerByte: 0, source: 'calibrated' };
}

/** A profile with the given per-op costs (others very slow), in use from now on. */
function useProfile(nsPerOp: Partial<Record<BackendName, number>>): MachineProfile {
  const profile: MachineProfile = {
    format: 1,
    key: 'test-machine',
    backends: {
      js: constants(nsPerOp.js ?? 1000),
      workers: constants(nsPerOp.workers ?? 1000),
      wasm: constants(nsPerOp.wasm ?? 1000),
      webgpu: constants(nsPerOp.webgpu ?? 1000),
    },
  };
  setProfile(profile);
  return profile;
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
    // Prepare once so the profile below is not replaced by defaults afterwards.
    await sumsq.inspect(x.length, x);
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
    if (!available.has('webgpu')) return;
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
      if (!available.has(home)) return;
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

describe('online refinement (stubbed timings)', () => {
  const prepared = async (
    nsPerOp: Partial<Record<BackendName, number>>,
  ): Promise<KernelSelector> => {
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    useProfile(nsPerOp);
    return selector;
  };
  const total = 1 << 16;

  it('tries a close runner-up after the favourite was measured, then keeps the faster one', async () => {
    if (!available.has('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    expect(selector.chooseNow(total, []).backend).toBe('js');
    const predictedJs = selector.chooseNow(total, []).estimates[0]!.ms;
    // js measured as modelled (first launch is cold and ignored).
    selector.record('js', total, predictedJs * 10);
    selector.record('js', total, predictedJs);
    const exploring = selector.cached(total)!.choice;
    expect(exploring.backend).toBe('wasm');
    expect(exploring.reason).toMatch(/trying wasm/);
    // wasm turns out 8× faster than js.
    selector.record('wasm', total, predictedJs * 5);
    selector.record('wasm', total, predictedJs / 8);
    const learned = selector.cached(total)!.choice;
    expect(learned.backend).toBe('wasm');
    expect(learned.runnerUp).toBe('js');
    expect(learned.reason).toMatch(/^cheapest .*wasm ≈ .*measured/);
    // What it learned carries to another size class of the same kernel.
    const bigger = selector.chooseNow(total * 4, []);
    expect(sizeClass(total * 4)).not.toBe(sizeClass(total));
    expect(bigger.backend).toBe('wasm');
  });

  it('switches back when the explored backend measures slower', async () => {
    if (!available.has('wasm')) return;
    const selector = await prepared({ js: 1, wasm: 1.5 });
    const predictedJs = selector.chooseNow(total, []).estimates[0]!.ms;
    selector.record('js', total, predictedJs);
    selector.record('js', total, predictedJs);
    expect(selector.cached(total)!.choice.backend).toBe('wasm');
    selector.record('wasm', total, predictedJs * 3);
    selector.record('wasm', total, predictedJs * 3);
    expect(selector.cached(total)!.choice.backend).toBe('js');
  });

  it('a measured launch overrides a model that was wrong', async () => {
    if (!available.has('wasm')) return;
    // The model says wasm is 1.5× faster than js; measurements say js is 3× faster than wasm.
    const selector = await prepared({ js: 1.5, wasm: 1 });
    const first = selector.chooseNow(total, []);
    expect(first.backend).toBe('wasm');
    const predictedWasm = first.estimates[0]!.ms;
    selector.record('wasm', total, predictedWasm * 4);
    selector.record('wasm', total, predictedWasm * 4);
    // js, untried, is modelled within 4× of wasm's measured time: it gets tried.
    expect(selector.cached(total)!.choice.backend).toBe('js');
    selector.record('js', total, predictedWasm);
    selector.record('js', total, (predictedWasm * 4) / 3);
    const settled = selector.cached(total)!.choice;
    expect(settled.backend).toBe('js');
    expect(settled.estimates.find((e) => e.backend === 'wasm')!.basis).toMatch(/measured/);
  });

  it('tries every candidate the model puts within 4×, finishes within two launches each, then exploits the measured fastest', async () => {
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    // The model: js best, the others 1.5×, 2× and 3.5× slower (all within 4×).
    useProfile({ js: 1, wasm: 1.5, workers: 2, webgpu: 3.5 });
    const first = selector.chooseNow(total, []);
    expect(first.backend).toBe('js');
    const modelled = first.estimates[0]!.ms;
    const candidates = first.estimates.map((e) => e.backend);
    // What launches really take: wasm is fastest; a cold (first) launch is 20× slower.
    const truth: Record<BackendName, number> = {
      js: 3 * modelled,
      wasm: modelled / 2,
      workers: 2 * modelled,
      webgpu: 10 * modelled,
    };
    const seen = new Set<BackendName>();
    const launchesOf = new Map<BackendName, number>();
    let launches = 0;
    let choice = first;
    while (choice.exploring && launches < 20) {
      const backend = choice.backend;
      launchesOf.set(backend, (launchesOf.get(backend) ?? 0) + 1);
      selector.record(backend, total, seen.has(backend) ? truth[backend] : 20 * truth[backend]);
      seen.add(backend);
      launches++;
      choice = selector.cached(total)!.choice;
    }
    // Every candidate ran (the cold launches did not rule any out) and exploring ended
    // within three launches each (three for contenders close to the best).
    expect([...seen].sort()).toEqual([...candidates].sort());
    expect(launches).toBeLessThanOrEqual(3 * candidates.length);
    expect(choice.exploring).toBeFalsy();
    const fastest = candidates.reduce((a, b) => (truth[a] <= truth[b] ? a : b));
    expect(choice.backend).toBe(fastest);
    expect(choice.reason).toMatch(/measured/);
    // Further timed launches of about the same speed do not make the choice flap.
    for (let r = 0; r < 10; r++) {
      selector.record(choice.backend, total, truth[choice.backend] * (r % 2 ? 1.05 : 0.95));
      expect(selector.cached(total)!.choice.backend).toBe(fastest);
    }
  });

  it('the kernel runtime feeds real launch times back (inspect then shows measurements)', async () => {
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
  });
});
