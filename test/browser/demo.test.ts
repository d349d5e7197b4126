// demo.test.ts — the demo page (web/) loaded in a new tab of the test browser, served by
// web/server.mjs over a fresh browser bundle: it must be cross-origin isolated, render a
// Mandelbrot image and step the gravity simulation on every available backend, agree with
// the js backend's pixels and positions, and raise no page errors. Saves a screenshot to
// test/browser/__screenshots__/demo.png. Also the CSP case: under a policy without
// 'unsafe-eval', js and workers report that reason and wasm still renders.

import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';

/** A pixel differs when a channel is off by more than this (smooth colouring, f32 vs f64). */
const CHANNEL_TOLERANCE = 24;
/**
 * Largest share of differing pixels: CPU backends compute the same f64 math as js; WebGPU
 * computes unanchored floats in f32, which moves a thin band of boundary pixels.
 */
const MAX_DIFFERING = { cpu: 0.001, webgpu: 0.01 } as const;

type Positions = { x: number[]; y: number[] };

function largestPositionGap(a: Positions, b: Positions): number {
  let worst = 0;
  for (let k = 0; k < a.x.length; k++) {
    worst = Math.max(worst, Math.abs(a.x[k]! - b.x[k]!), Math.abs(a.y[k]! - b.y[k]!));
  }
  return worst;
}

describe('demo page', () => {
  it('renders on every backend like js, cross-origin isolated, without page errors', async () => {
    const page = await commands.demoOpen('?paused=1&bodies=1024');
    try {
      expect(page.crossOriginIsolated).toBe(true);
      expect(page.canvases).toBe(2);
      const webgpu = page.backends.find((b) => b.name === 'webgpu');
      if (webgpu?.available) expect(page.hasWebGpu).toBe(true);
      const available = page.backends.filter((b) => b.available).map((b) => b.name);
      expect(available).toContain('js');
      const order = ['js', ...available.filter((name) => name !== 'js')];
      const positions = new Map<string, Positions>();
      for (const backend of order) {
        await commands.demoCall(page.id, 'setBackend', [backend]);
        for (let frame = 0; frame < 2; frame++)
          await commands.demoCall(page.id, 'renderMandelbrot', []);
        await commands.demoCapture(page.id, backend);
        await commands.demoCall(page.id, 'resetParticles', [1024]);
        const steps = (await commands.demoCall(page.id, 'stepParticles', [3])) as number[];
        expect(steps).toHaveLength(3);
        positions.set(
          backend,
          (await commands.demoCall(page.id, 'particlePositions', [])) as Positions,
        );
      }
      for (const backend of order) {
        const diff = await commands.demoCompare(page.id, backend, 'js', CHANNEL_TOLERANCE);
        console.log(
          `[numbat browser tests] demo Mandelbrot on ${backend} vs js: ${diff.differing}/${diff.pixels} pixels differ (max channel Δ ${diff.maxChannelDifference}), ${diff.distinctColors} colours`,
        );
        expect(diff.distinctColors).toBeGreaterThan(50);
        const limit = backend === 'webgpu' ? MAX_DIFFERING.webgpu : MAX_DIFFERING.cpu;
        expect(diff.differing / diff.pixels).toBeLessThanOrEqual(limit);
        const gap = largestPositionGap(positions.get(backend)!, positions.get('js')!);
        expect(gap, `gravity positions on ${backend} vs js after 3 steps`).toBeLessThan(1e-4);
      }
      // The picture for people: auto backend, the simulation run for a while.
      await commands.demoCall(page.id, 'setBackend', ['auto']);
      await commands.demoCall(page.id, 'resetParticles', [2048]);
      await commands.demoCall(page.id, 'stepParticles', [40]);
      await commands.demoCall(page.id, 'showCode', []);
      const path = await commands.demoScreenshot(page.id);
      console.log(`[numbat browser tests] demo screenshot: ${path}`);
    } finally {
      const errors = await commands.demoClose(page.id);
      expect(errors).toEqual([]);
    }
  });

  it("under a CSP without 'unsafe-eval': js and workers say why, wasm still renders", async () => {
    const page = await commands.demoOpen('?csp=strict&paused=1&bodies=512');
    try {
      const status = (name: string) => page.backends.find((b) => b.name === name)!;
      for (const name of ['js', 'workers']) {
        expect(status(name).available).toBe(false);
        expect(status(name).reason).toMatch(/unsafe-eval/);
      }
      expect(status('wasm').available).toBe(true);
      await commands.demoCall(page.id, 'setBackend', ['wasm']);
      await commands.demoCapture(page.id, 'wasm');
      const diff = await commands.demoCompare(page.id, 'wasm', 'wasm', 0);
      expect(diff.distinctColors).toBeGreaterThan(50);
      const steps = (await commands.demoCall(page.id, 'stepParticles', [2])) as number[];
      expect(steps).toHaveLength(2);
      if (status('webgpu').available) {
        await commands.demoCall(page.id, 'setBackend', ['webgpu']);
        await commands.demoCapture(page.id, 'webgpu');
        const gpu = await commands.demoCompare(page.id, 'webgpu', 'wasm', CHANNEL_TOLERANCE);
        expect(gpu.differing / gpu.pixels).toBeLessThanOrEqual(MAX_DIFFERING.webgpu);
      }
    } finally {
      const errors = await commands.demoClose(page.id);
      expect(errors).toEqual([]);
    }
  });

  it('without COOP/COEP: workers and threaded wasm say why, auto renders with the rest', async () => {
    const page = await commands.demoOpen('?coi=0&paused=1&bodies=512');
    try {
      expect(page.crossOriginIsolated).toBe(false);
      const status = (name: string) => page.backends.find((b) => b.name === name)!;
      expect(status('workers').available).toBe(false);
      expect(status('workers').reason).toMatch(/cross-origin isolated/);
      expect(status('wasm').available).toBe(true);
      console.log(
        `[numbat browser tests] wasm without isolation: ${JSON.stringify(status('wasm').info)}`,
      );
      expect(JSON.stringify(status('wasm').info)).toMatch(
        /cross-origin isolated|SharedArrayBuffer/,
      );
      await commands.demoCall(page.id, 'setBackend', ['auto']);
      await commands.demoCapture(page.id, 'auto');
      const diff = await commands.demoCompare(page.id, 'auto', 'auto', 0);
      expect(diff.distinctColors).toBeGreaterThan(50);
    } finally {
      const errors = await commands.demoClose(page.id);
      expect(errors).toEqual([]);
    }
  });
});
