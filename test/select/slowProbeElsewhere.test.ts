// slowProbeElsewhere.test.ts — a kernel whose first choice went on without WebGPU (its
// probe not started) sees it as soon as something else starts it: here `toDevice(x,
// 'webgpu')`. The kernel then runs on the arrays where they live instead of moving them to
// a CPU backend (probe 12: before the fix, such a kernel never admitted WebGPU, and moved
// its WebGPU arrays at every launch). The WebGPU probe is held back by a gate, so the
// order is certain.

import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/backends/registry.js', async (original) =>
  (await import('./gatedWebgpu.js')).gatedRegistry(await original()),
);

const { openGate, webgpuProbeStarted } = await import('./gatedWebgpu.js');
const { kernel, toDevice } = await import('../../src/index.js');
const { whenAutoProbed } = await import('../../src/runtime/slowProbes.js');

describe('WebGPU started by something other than auto', () => {
  it('a kernel that went on without it admits it at once and keeps its arrays there', async () => {
    const add = kernel((i: number, x: Int32Array, out: Int32Array) => {
      out[i] = x[i]! + 1;
    });
    const n = 1 << 12;
    const x = Int32Array.from({ length: n }, (_, i) => i * 3 - 7);
    const want = x.map((v) => v + 1);
    const out = new Int32Array(n);
    await add.launch(n, x, out);
    expect(out).toEqual(want);
    expect(webgpuProbeStarted()).toBe(false);
    // Past the early launches on js (earlyChoice.ts): the usual choice, without WebGPU. (The
    // first inspect is an early choice too, which starts the probes also where the launch
    // made none: NUMBAT_DISABLE_JIT runs it as plain JavaScript.)
    await add.inspect(n, x, out);
    await whenAutoProbed();
    expect((await add.inspect(n, x, out)).reason).toMatch(/webgpu \(not ready/);

    openGate();
    let dx: Awaited<ReturnType<typeof toDevice>>;
    try {
      dx = await toDevice(x, 'webgpu');
    } catch (e) {
      // No WebGPU here: the kernel says why, and goes on.
      expect(String(e)).toMatch(/webgpu/i);
      const info = await add.inspect(n, x, out);
      expect(info.reason).toMatch(/webgpu \(unavailable/);
      return;
    }
    const dout = await toDevice(new Int32Array(n), 'webgpu');
    const info = await add.inspect(n, dx, dout);
    expect(info.reason).not.toMatch(/not ready/);
    expect(info.backend).toBe('webgpu');
    await add.launch(n, dx, dout);
    expect(dx.backend).toBe('webgpu');
    expect(dout.backend).toBe('webgpu');
    expect(await dout.toHost()).toEqual(want);
  });
});
