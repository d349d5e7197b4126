// provisionalProfile.test.ts — the profile `auto` chooses with before WebGPU is probed
// (calibrate.ts ensureProvisionalProfile): the one cached under the CPU's key alone, else
// the CPU backends measured in the background and cached under that key; and the full
// profile, when its key is known, keeps the provisional's measured constants until its own
// cache is read or measured. (A file of its own: the provisional profile is set up once
// per process.)

import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALIBRATION_FORMAT,
  clearMemoryCache,
  loadProfile,
  saveProfile,
} from '../../src/runtime/calibrationCache.js';
import {
  cpuOnlyKey,
  currentProfile,
  ensureProfile,
  ensureProvisionalProfile,
} from '../../src/runtime/calibrate.js';
import { backendByName } from '../../src/backends/registry.js';
import { backends } from '../../src/index.js';
import type { MachineProfile } from '../../src/runtime/costModel.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-provisional-'));
process.env.NUMBAT_CACHE_DIR = dir;
afterAll(() => {
  delete process.env.NUMBAT_CACHE_DIR;
  delete process.env.NUMBAT_CALIBRATE;
  rmSync(dir, { recursive: true, force: true });
});

describe('the provisional profile (before WebGPU is probed)', () => {
  it("is the CPU's cached profile, and the full one keeps its figures until its own lands", async () => {
    const key = await cpuOnlyKey();
    expect(key).toMatch(/\|cpu-only$/);
    const cached: MachineProfile = {
      format: CALIBRATION_FORMAT,
      key,
      backends: {
        js: {
          launchMs: 0.003,
          nsPerOp: 1.25,
          nsPerByte: 0.2,
          streamNsPerOp: 0.5,
          stageNsPerByte: 0,
          source: 'calibrated',
        },
      },
      measuredAt: '2026-01-01T00:00:00.000Z',
    };
    await saveProfile(cached);
    clearMemoryCache();
    const statuses = (await backends(['js'])).filter((s) => s.available);
    process.env.NUMBAT_CALIBRATE = '1';
    await ensureProvisionalProfile(statuses, backendByName);
    expect(currentProfile()).toEqual(cached);

    // The full key (with an adapter) has no cache and no measuring here: its defaults take
    // the provisional's measured js constants.
    process.env.NUMBAT_CALIBRATE = '0';
    await ensureProfile('test cpu|2 cores|test adapter', statuses, backendByName);
    expect(currentProfile()!.key).toBe('test cpu|2 cores|test adapter');
    expect(currentProfile()!.backends.js).toEqual(cached.backends.js);
  });

  it('a CPU-only calibration has no WebGPU figures and round-trips under the CPU key', async () => {
    // A fresh module state would be needed to call ensureProvisionalProfile again: what it
    // saves is checked through the cache instead, with the calibration it runs.
    const { calibrate } = await import('../../src/runtime/calibrate.js');
    const statuses = (await backends(['js'])).filter((s) => s.available);
    const measured = await calibrate(await cpuOnlyKey(), statuses, backendByName);
    expect(measured.key).toBe(await cpuOnlyKey());
    expect(measured.backends.js?.source).toBe('calibrated');
    expect(measured.backends.webgpu).toBeUndefined();
    await saveProfile(measured);
    clearMemoryCache();
    expect(await loadProfile(await cpuOnlyKey())).toEqual(measured);
  });
});
