// earlyChoice.test.ts — `auto`'s first launches of a cheap kernel run on js before this
// process has probed its other backends (src/runtime/earlyChoice.ts), with the plain
// function's results; the probes follow once the event loop turns (held back here by fake
// timers, so the order is certain) or once the kernel's warm launches have taken the
// budget, and the kernel's next choice is then the usual one. A launch predicted heavier
// on js, or one given NDArrays, waits for the probes as before. Each test imports numbat
// afresh: the probes are once per process.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { compiledOnly } from '../harness/backends.js';

async function freshNumbat() {
  vi.resetModules();
  const index = await import('../../src/index.js');
  const probes = await import('../../src/runtime/slowProbes.js');
  const early = await import('../../src/runtime/earlyChoice.js');
  return { ...index, ...probes, ...early };
}

const affine = (i: number, x: Float32Array, out: Float32Array, a: number, b: number) => {
  out[i] = a * x[i]! + b;
};
// About 60 operations an index: 2^20 indices are far over EARLY_JS_MS on js.
const heavy = (i: number, x: Float32Array, out: Float32Array) => {
  let v = x[i]!;
  for (let k = 0; k < 20; k++) v = Math.fround(v * 0.5 + 0.25);
  out[i] = v;
};

const n = 1000;
const x = Float32Array.from({ length: n }, (_, i) => (i % 13) - 6);
const want = x.map((v) => Math.fround(Math.fround(2 * v) + 1));

afterEach(() => {
  vi.useRealTimers();
});

// Under NUMBAT_DISABLE_JIT every launch runs as the plain function: no backend is chosen.
const plainOnly = compiledOnly("auto's early choice of a backend");

describe.skipIf(plainOnly)(
  "auto's early launches (before the process has probed its backends)",
  () => {
    it('a cheap launch runs on js at once, right; the probes follow when the loop turns', async () => {
      const nb = await freshNumbat();
      vi.useFakeTimers({ toFake: ['setImmediate', 'setTimeout'] });
      const k = nb.kernel(affine, { name: 'earlyAffine' });
      for (let launch = 0; launch < 3; launch++) {
        const out = new Float32Array(n);
        await k.launch(n, x, out, 2, 1);
        expect(out).toEqual(want);
      }
      const info = await k.inspect(n, x, new Float32Array(n), 2, 1);
      expect(info.backend).toBe('js');
      expect(info.reason).toMatch(/before this process has probed its other backends/);
      expect(nb.autoHasProbed()).toBe(false);

      // The loop turns: the probes run, and the next choice weighs every backend.
      vi.runOnlyPendingTimers();
      vi.useRealTimers();
      await nb.whenAutoProbed();
      const out = new Float32Array(n);
      await k.launch(n, x, out, 2, 1);
      expect(out).toEqual(want);
      const after = await k.inspect(n, x, new Float32Array(n), 2, 1);
      expect(after.reason).not.toMatch(/before this process has probed/);
      expect(after.estimates.length).toBeGreaterThan(1);
    });

    it('a launch predicted heavier on js waits for the probes, as before', async () => {
      const nb = await freshNumbat();
      const m = 1 << 20;
      const big = new Float32Array(m).fill(1);
      const k = nb.kernel(heavy, { name: 'earlyHeavy' });
      const info = await k.inspect(m, big, new Float32Array(m));
      expect(info.reason).not.toMatch(/before this process has probed/);
      expect(nb.autoHasProbed()).toBe(true);
    });

    it('a launch given NDArrays waits for the probes: where they live decides', async () => {
      const nb = await freshNumbat();
      const dx = await nb.toDevice(x, 'js');
      const dout = await nb.toDevice(new Float32Array(n), 'js');
      const k = nb.kernel(affine, { name: 'earlyResident' });
      const info = await k.inspect(n, dx, dout, 2, 1);
      expect(info.reason).not.toMatch(/before this process has probed/);
      await k.launch(n, dx, dout, 2, 1);
      expect(await dout.toHost()).toEqual(want);
    });

    it("once the kernel's warm launches have taken the budget, its next launch waits for the probes", async () => {
      const nb = await freshNumbat();
      // The loop never turns here (setImmediate and setTimeout are held): only the budget can
      // end the early launches.
      vi.useFakeTimers({ toFake: ['setImmediate', 'setTimeout'] });
      const spin = (i: number, x: Float32Array, out: Float32Array, reps: number) => {
        let v = x[i]!;
        for (let r = 0; r < reps; r++) v = Math.fround(v * 0.999 + 0.001);
        out[i] = v;
      };
      const m = 1 << 14;
      const big = new Float32Array(m).fill(1);
      const out = new Float32Array(m);
      const k = nb.kernel(spin, { name: 'earlySpin' });
      // Predicted cheap at its first launch (one step); the launches after it, in the same
      // size class, take a millisecond or more on js: the model was wrong, the budget is not.
      expect((await k.inspect(m, big, out, 1)).reason).toMatch(/before this process has probed/);
      await k.launch(m, big, out, 1);
      let launches = 0;
      while (launches < 100 && !nb.autoHasProbed()) {
        await k.launch(m, big, out, 64);
        launches++;
      }
      expect(nb.autoHasProbed()).toBe(true);
      expect(launches).toBeLessThan(100);
      expect(out[0]).toBe(expectedSpin(1, 64));
      expect((await k.inspect(m, big, out, 64)).reason).not.toMatch(
        /before this process has probed/,
      );
    });

    it('a first launch much slower than its prediction ends the early launches at once', async () => {
      const nb = await freshNumbat();
      vi.useFakeTimers({ toFake: ['setImmediate', 'setTimeout'] });
      // A loop whose trip count is in the data: the model guesses it, here far too low.
      const dataLoop = (i: number, x: Float32Array, out: Float32Array) => {
        let v = 0;
        for (let r = 0; r < x[i]!; r++) v = Math.fround(v * 0.999 + 0.001);
        out[i] = v;
      };
      const m = 1 << 12;
      const trips = new Float32Array(m).fill(20000);
      const out = new Float32Array(m);
      const k = nb.kernel(dataLoop, { name: 'earlyDataLoop' });
      expect((await k.inspect(m, trips, out)).reason).toMatch(/before this process has probed/);
      await k.launch(m, trips, out); // 8·10^7 steps on js: far over the budget, cold or not
      expect(out[5]).toBe(expectedSpin(0, 20000));
      await k.launch(m, trips, out);
      expect(nb.autoHasProbed()).toBe(true);
      expect((await k.inspect(m, trips, out)).reason).not.toMatch(/before this process has probed/);
    });
  },
);

describe.skipIf(plainOnly)('when js cannot compile the kernel', () => {
  it('a cheap first launch runs elsewhere, as the usual choice would (review 19)', async () => {
    // A page whose Content-Security-Policy forbids 'unsafe-eval', as the js backend sees it:
    // its probe says unavailable and its compile fails. (The early choice also checks
    // `new Function` itself; here it passes, so the compile's failure is what is met.)
    vi.resetModules();
    const { jsBackend } = await import('../../src/backends/js/index.js');
    vi.spyOn(jsBackend, 'probe').mockResolvedValue({
      name: 'js',
      available: false,
      reason: "the Content-Security-Policy forbids 'unsafe-eval'",
      info: {},
    });
    vi.spyOn(jsBackend, 'compile').mockRejectedValue(
      new EvalError('Code generation from strings disallowed for this context'),
    );
    const { kernel } = await import('../../src/index.js');
    const k = kernel(affine, { name: 'earlyNoJs' });
    const out = new Float32Array(n);
    await k.launch(n, x, out, 2, 1);
    expect(out).toEqual(want);
    const info = await k.inspect(n, x, new Float32Array(n), 2, 1);
    expect(info.backend).not.toBe('js');
    expect(info.reason).not.toMatch(/before this process has probed/);
    vi.restoreAllMocks();
  });
});

function expectedSpin(v0: number, reps: number): number {
  let v = v0;
  for (let r = 0; r < reps; r++) v = Math.fround(v * 0.999 + 0.001);
  return v;
}
