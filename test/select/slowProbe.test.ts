// slowProbe.test.ts — `auto` neither waits for nor starts a backend that is slow to start
// (WebGPU: requesting its device takes 0.1–0.3 s, on the cores the kernels use) until it is
// worth it: a kernel's first launches choose among the backends already probed; the slow
// probe starts when something else uses the backend or auto's launches have taken long
// enough, and the backend is a candidate once its probe is in. The WebGPU probe is held
// back here by a gate, so the order is certain. The primitives on host arrays do not
// probe it either.

import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/backends/registry.js', async (original) =>
  (await import('./gatedWebgpu.js')).gatedRegistry(await original()),
);

const { openGate, webgpuProbeStarted } = await import('./gatedWebgpu.js');
const { kernel } = await import('../../src/index.js');
const { scan } = await import('../../src/kernels/index.js');
const { probe } = await import('../../src/backends/registry.js');
const { KernelSelector } = await import('../../src/runtime/select.js');
const { computeKernel } = await import('../../src/runtime/calibrate.js');
const { whenAutoProbed } = await import('../../src/runtime/slowProbes.js');

const saxpy = (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
  out[i] = a * x[i]! + y[i]!;
};
const sumSquares = (i: number, x: Float32Array) => x[i]! * x[i]!;

describe('a backend slow to start (WebGPU, its probe held back)', () => {
  const n = 1 << 12;
  const x = Float32Array.from({ length: n }, (_, i) => (i % 17) - 8);
  const y = Float32Array.from({ length: n }, (_, i) => i % 5);
  const want = x.map((v, i) => Math.fround(Math.fround(2.5 * v) + y[i]!));
  const k = kernel(saxpy, { name: 'saxpyBeforeGpu' });
  const reduceK = kernel(sumSquares, { reduce: 'sum', name: 'sumBeforeGpu' });

  it("auto's first launches do not start its probe, and run correct without it", async () => {
    for (let launch = 0; launch < 3; launch++) {
      const out = new Float32Array(n);
      await k.launch(n, 2.5, x, y, out);
      expect(out).toEqual(want);
    }
    expect(await reduceK.launch(n, x)).toBe(x.reduce((s, v) => s + v * v, 0));
    // A primitive on host arrays does not probe it either.
    const scanned = await scan(y);
    expect(scanned[n - 1]).toBe(y.reduce((s, v) => s + v, 0));
    expect(webgpuProbeStarted()).toBe(false);
    // Past the early launches on js (earlyChoice.ts): the usual choice, without WebGPU. (The
    // first inspect is an early choice too, which starts the probes also where the launches
    // made none: NUMBAT_DISABLE_JIT runs them as plain JavaScript.)
    await k.inspect(n, 2.5, x, y, new Float32Array(n));
    await whenAutoProbed();
    const info = await k.inspect(n, 2.5, x, y, new Float32Array(n));
    expect(info.backend).not.toBe('webgpu');
    expect(info.reason).toMatch(/webgpu \(not ready when this kernel first launched/);
  });

  it("the probe starts once auto's launches have taken long enough; then the backend is a candidate", async () => {
    // Launches that took 1.5 s in all (recorded as auto records a timed launch).
    const selector = new KernelSelector(computeKernel(), 'auto');
    await selector.prepare();
    selector.record('js', 1 << 16, 1500);
    expect(webgpuProbeStarted()).toBe(true);
    // Still not waited for: a choice now goes on without it.
    expect(selector.chooseNow(1 << 16, []).backend).not.toBe('webgpu');

    openGate();
    const [status] = await Promise.all([probe('webgpu'), new Promise((r) => setTimeout(r, 0))]);
    const out = new Float32Array(n);
    await k.launch(n, 2.5, x, y, out);
    expect(out).toEqual(want);
    const after = await k.inspect(n, 2.5, x, y, new Float32Array(n));
    expect(after.reason).not.toMatch(/not ready/);
    if (status.available) {
      expect(after.estimates.map((e) => e.split(':')[0])).toContain('webgpu');
      // The rules for WebGPU apply once it is in: a float sum stays on the CPU.
      expect(await reduceK.launch(n, x)).toBe(x.reduce((s, v) => s + v * v, 0));
      const r = await reduceK.inspect(n, x);
      expect(r.reason).toMatch(/webgpu \(not chosen by auto for this reduction/);
    } else expect(after.reason).toMatch(/webgpu \(unavailable/);
  });
});
