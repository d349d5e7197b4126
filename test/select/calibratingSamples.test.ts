// calibratingSamples.test.ts — launches timed while a calibration measures (on the same
// cores) count as cold: warm samples taken after it replace them, and the choice is timed
// until they exist. (Probe 13, no calibration cache: wasm's first samples of a dot product
// read 5.6 ms during the calibration against 3.4–4 after, and auto settled on js.)

import { beforeEach, afterAll, expect, it, vi } from 'vitest';
import { threadsStarted } from './threadsStarted.js';
import { useProfile } from './profiles.js';
import { KernelSelector } from '../../src/runtime/select.js';
import { computeKernel, currentProfile, setProfile } from '../../src/runtime/calibrate.js';
import { noteCompile } from '../../src/runtime/compileCosts.js';
import { backends } from '../../src/index.js';

// The pool's start is tested in poolStartup.test.ts; these tests are about the other rules.
beforeEach(threadsStarted);

let measuring = false;
vi.mock('../../src/runtime/calibrate.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/runtime/calibrate.js')>();
  return { ...actual, calibrating: () => measuring };
});

const saved = currentProfile();
afterAll(() => {
  if (saved) setProfile(saved);
});

it('samples timed during a calibration are cold: the ones after it decide, and are taken', async () => {
  const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));
  if (!available.has('wasm')) {
    console.log('[numbat tests] skipped: wasm is unavailable here');
    return;
  }
  for (const b of ['js', 'workers', 'wasm', 'webgpu'] as const)
    for (let n = 0; n < 9; n++) noteCompile(b, 0);
  const selector = new KernelSelector(computeKernel(), 'auto');
  await selector.prepare();
  useProfile({ wasm: 1 });
  const total = 1 << 16;
  expect(selector.chooseNow(total, []).backend).toBe('wasm');
  const wasmMs = () =>
    selector.chooseNow(total, []).estimates.find((e) => e.backend === 'wasm')!.ms;
  // A first launch, then three while a calibration measures: 4× their true 5 ms.
  selector.record('wasm', total, 40);
  measuring = true;
  for (let r = 0; r < 3; r++) selector.record('wasm', total, 20);
  measuring = false;
  // Past the eager samples, the choice is still timed: it has no warm sample.
  for (let r = 0; r < 8; r++) selector.shouldSample(selector.cached(total)!);
  expect(selector.shouldSample(selector.cached(total)!)).toBe(true);
  selector.record('wasm', total, 5);
  // One warm sample of 5 ms, against three inflated ones that no longer count as warm.
  expect(wasmMs()).toBeLessThan(6);
  for (let r = 0; r < 2; r++) selector.record('wasm', total, 5);
  expect(wasmMs()).toBeLessThan(6);
});
