// event-loop.test.ts — a long launch does not block the event loop, and an AbortSignal
// abandons it (issue 11, item 4). Before, a 0.5 s launch on workers let a 10 ms interval
// fire 0 times (js and wasm the same), and a runaway kernel could not be stopped.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const heavy = kernel(
  (i: number, out: Float64Array, iters: number) => {
    let acc = 0;
    for (let k = 0; k < iters; k++) acc += Math.sin(k * 1e-3 + i);
    out[i] = acc;
  },
  { name: 'heavy' },
);

/** Iterations per index that make a launch of 2000 indices take about `ms` on `backend`. */
async function calibrate(
  backend: 'js' | 'workers' | 'wasm' | 'webgpu',
  ms: number,
): Promise<number> {
  const k = heavy.with({ backend });
  const out = new Float64Array(2000);
  const t = performance.now();
  await k.launch(2000, out, 2000);
  const per = (performance.now() - t) / 2000;
  return Math.max(100, Math.round((ms / per) * 1));
}

// A launch under NUMBAT_DISABLE_JIT runs to its end on the calling thread (README).
const eventLoopSkipped = compiledOnly(
  'yielding to the event loop and aborting a launch (plain JavaScript runs it to its end on the calling thread)',
);

describeEachBackend(
  'long launches',
  (backend) => {
    if (eventLoopSkipped)
      return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
    it('a 10 ms interval keeps firing during a ~0.5 s launch', async () => {
      const iters = await calibrate(backend, 500);
      const out = new Float64Array(2000);
      let ticks = 0;
      let last = performance.now();
      let longestGap = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        ticks++;
      }, 10);
      const started = performance.now();
      await heavy.with({ backend }).launch(2000, out, iters);
      const elapsed = performance.now() - started;
      clearInterval(timer);
      // A blocking launch lets the interval fire 0 times. Yielding every few ms lets it fire
      // about every 10 ms (≥ 40 times in 0.5 s on a quiet machine); the bounds here leave
      // room for a machine busy with other test files.
      const what = `${ticks} ticks in ${elapsed.toFixed(0)} ms, longest gap ${longestGap.toFixed(0)} ms`;
      expect(ticks, what).toBeGreaterThanOrEqual(Math.max(5, Math.floor(0.2 * (elapsed / 10))));
      expect(longestGap, what).toBeLessThan(Math.max(100, elapsed / 3));
      expect(out[1999]).toBeCloseTo(reference(1999, iters), 6);
    }, 60_000);

    it('an AbortSignal abandons a launch, and the next launch runs', async () => {
      const iters = await calibrate(backend, 2000);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = performance.now();
      const outcome = await heavy
        .with({ backend })
        .launch(2000, new Float64Array(2000), iters, { signal: controller.signal })
        .then(
          () => 'completed',
          (e: unknown) => (e as Error).name,
        );
      expect(outcome).toBe('AbortError');
      expect(performance.now() - started).toBeLessThan(1500);
      const out = new Float64Array(8);
      await heavy.with({ backend }).launch(8, out, 10);
      expect(out[3]).toBeCloseTo(reference(3, 10), 10);
    }, 60_000);
  },
  ['js', 'workers', 'wasm'],
);

describeEachBackend(
  "a fresh kernel's first launch",
  (backend) => {
    if (eventLoopSkipped)
      return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
    it('yields after its first index when nothing is known of the cost (an abort is heard)', async () => {
      // A kernel never launched before, 64 indices of ≥ 10 ms each: its first slice was 64
      // indices, so the whole launch ran before the event loop had a turn and an abort
      // timer set before it was never heard (probe 9: 2.5 s held). Now the first slice is
      // one index (≥ HOLD_MS): the timer fires after it and the launch is abandoned.
      const fn = (i: number, out: Float64Array, iters: number) => {
        let acc = 0;
        for (let k = 0; k < iters; k++) acc += Math.sqrt(k + i);
        out[i] = acc;
      };
      let iters = 1 << 16;
      for (;;) {
        const t = performance.now();
        fn(0, new Float64Array(1), iters);
        if (performance.now() - t >= 10 || iters > 1 << 30) break;
        iters *= 2;
      }
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 0);
      const outcome = await kernel(fn, { backend })
        .launch(64, new Float64Array(64), iters, { signal: controller.signal })
        .then(
          () => 'completed',
          (e: unknown) => (e as Error).name,
        );
      expect(outcome).toBe('AbortError');
    }, 60_000);
  },
  ['js'],
);

describeEachBackend(
  'a runaway kernel',
  (backend) => {
    if (eventLoopSkipped)
      return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
    it('is stopped by its AbortSignal: the workers are replaced and the next launch runs', async () => {
      const spin = kernel(
        (i: number, out: Int32Array, stop: number) => {
          let k = 0;
          while (k !== stop) k = (k + 1) & 0x3fffffff; // never reaches a negative stop
          out[i] = k;
        },
        { backend },
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await expect(
        spin.launch(64, new Int32Array(64), -5, { signal: controller.signal }),
      ).rejects.toMatchObject({ name: 'AbortError' });
      const out = new Int32Array(64);
      await spin.launch(64, out, 3);
      expect(Array.from(out)).toEqual(new Array(64).fill(3));
    }, 60_000);
  },
  ['workers', 'wasm'],
);

it('an already aborted signal rejects before anything runs', async () => {
  const out = new Float64Array(4);
  await expect(heavy.launch(4, out, 10, { signal: AbortSignal.abort() })).rejects.toMatchObject({
    name: 'AbortError',
  });
  expect(Array.from(out)).toEqual([0, 0, 0, 0]);
});

function reference(i: number, iters: number): number {
  let acc = 0;
  for (let k = 0; k < iters; k++) acc += Math.sin(k * 1e-3 + i);
  return acc;
}
