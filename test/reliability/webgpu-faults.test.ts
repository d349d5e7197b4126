// webgpu-faults.test.ts — WebGPU out-of-range writes are dropped as on every other
// backend, and device errors reach the caller (issue 10, items 2 and 3). Before, a write
// past the end landed on the last element (robust access clamps), and a validation error
// was printed by Dawn while the launch resolved with its outputs unchanged.

import { describe, expect, it } from 'vitest';
import { atomicAdd, kernel, toDevice } from '../../src/index.js';
import { runGpuTests, webgpuStatus } from '../webgpu/env.js';
import { withErrorScopes, withGpu } from '../../src/backends/webgpu/gpu.js';

describe.runIf(runGpuTests)('webgpu faults', () => {
  it('out-of-range writes and atomics are dropped; reads clamp as documented', async () => {
    const k = kernel(
      (i: number, a: Float32Array) => {
        a[i + 8] = 99;
      },
      { backend: 'webgpu' },
    );
    const a = new Float32Array(8).fill(1);
    await k.launch(8, a);
    expect(Array.from(a)).toEqual(new Array(8).fill(1));
    const h = kernel(
      (i: number, bins: Int32Array, x: Int32Array) => {
        atomicAdd(bins, x[i]!, 1);
      },
      { backend: 'webgpu' },
    );
    const bins = new Int32Array(4);
    await h.launch(6, bins, Int32Array.of(0, 3, 4, -1, 100, 3));
    expect(Array.from(bins)).toEqual([1, 0, 0, 2]);
  });

  it('an out-of-range write still throws under boundsCheck', async () => {
    const k = kernel(
      (i: number, a: Float32Array) => {
        a[i + 8] = 99;
      },
      { backend: 'webgpu', boundsCheck: true },
    );
    await expect(k.launch(8, new Float32Array(8))).rejects.toThrow(
      /index 8 is out of range \[0, 8\) for parameter 'a'/,
    );
  });

  it('a device validation error rejects with the device message and what failed', async () => {
    await expect(
      withGpu((s) =>
        withErrorScopes(s.device, "kernel 'probe': the launch", () => {
          // MAP_READ may only be combined with COPY_DST: a validation error.
          s.device.createBuffer({
            size: 16,
            usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE,
          });
        }),
      ),
    ).rejects.toThrow(/numbat webgpu: kernel 'probe': the launch failed \(validation error\)/);
  });

  it('an allocation the device cannot make is an error, not a silently empty array', async () => {
    const max = Number(webgpuStatus.info['maxBufferSize'] ?? 2 ** 31);
    await expect(
      toDevice(new Float32Array(1), 'webgpu').then(async (d) => {
        d.dispose();
        const { zeros } = await import('../../src/index.js');
        return zeros(Math.floor(max / 4) * 2 + 64, 'f32', 'webgpu');
      }),
    ).rejects.toThrow(/allocating a device array .* failed/);
  });

  it('after the device is lost, the next launch gets a fresh device', async () => {
    const k = kernel(
      (i: number, x: Float32Array) => {
        x[i] = i * 2;
      },
      { backend: 'webgpu' },
    );
    const x = new Float32Array(16);
    await k.launch(16, x);
    await withGpu(async (s) => {
      s.device.destroy();
    });
    await k.launch(16, x).catch(() => undefined); // may fail: the device it was using is gone
    const y = new Float32Array(16);
    await k.launch(16, y);
    expect(Array.from(y)).toEqual(Array.from({ length: 16 }, (_, i) => i * 2));
  });
});

describe.runIf(runGpuTests)('webgpu memory', () => {
  it('dispose returns device memory at once: RSS stays flat over 600 toDevice/dispose cycles of 1 MB', async () => {
    const x = new Float32Array(262_144);
    const rss = (): number => process.memoryUsage().rss / 2 ** 20;
    for (let k = 0; k < 50; k++) (await toDevice(x, 'webgpu')).dispose(); // warm-up
    const before = rss();
    for (let k = 0; k < 600; k++) (await toDevice(x, 'webgpu')).dispose();
    // Before the fix RSS grew by about 1 MB per cycle until the device went idle.
    expect(rss() - before).toBeLessThan(150);
  }, 120_000);

  it('a disposed GPU array is a TypeError', async () => {
    const d = await toDevice(new Float32Array(4), 'webgpu');
    d.dispose();
    await expect(d.toHost()).rejects.toThrow(TypeError);
    const k = kernel(
      (i: number, x: Float32Array) => {
        x[i] = 1;
      },
      { backend: 'webgpu' },
    );
    await expect(k.launch(4, d)).rejects.toThrow(TypeError);
  });
});
