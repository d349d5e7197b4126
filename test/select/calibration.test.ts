// calibration.test.ts — the calibration cache round-trips through the cache directory
// (NUMBAT_CACHE_DIR), ignores foreign or corrupt files, and the work estimate counts loops.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALIBRATION_FORMAT,
  cacheDirectory,
  clearMemoryCache,
  loadProfile,
  profilePath,
  saveProfile,
} from '../../src/runtime/calibrationCache.js';
import {
  calibrate,
  calibrating,
  calibrationSettled,
  computeKernel,
  currentProfile,
  ensureProfile,
  defaultProfile,
  isComplete,
  machineKey,
  streamKernel,
  triadKernel,
} from '../../src/runtime/calibrate.js';
import { estimateWork } from '../../src/jit/passes/workEstimate.js';
import { backendByName } from '../../src/backends/registry.js';
import { backends } from '../../src/index.js';
import { verifyIr } from '../../src/jit/ir/verify.js';
import type { MachineProfile } from '../../src/runtime/costModel.js';
import type { Backend, CompiledKernel, LaunchArgs } from '../../src/backends/backend.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'numbat-cache-'));
  process.env.NUMBAT_CACHE_DIR = dir;
  clearMemoryCache();
});
afterEach(() => {
  delete process.env.NUMBAT_CACHE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

const profile = (key: string): MachineProfile => ({
  format: CALIBRATION_FORMAT,
  key,
  backends: {
    js: { launchMs: 0.002, nsPerOp: 0.7, nsPerByte: 0.1, stageNsPerByte: 0, source: 'calibrated' },
  },
  measuredAt: '2026-01-01T00:00:00.000Z',
});

describe('calibration cache', () => {
  it('writes a JSON file in NUMBAT_CACHE_DIR and reads the same profile back', async () => {
    const key = 'Some CPU @ 3GHz|8 cores|no-webgpu';
    const written = await saveProfile(profile(key));
    expect(written).toBe(await profilePath(key));
    expect(readdirSync(dir)).toHaveLength(1);
    clearMemoryCache();
    expect(await loadProfile(key)).toEqual(profile(key));
  });

  it('keeps one file per machine key, and ignores a file of another key or a corrupt one', async () => {
    await saveProfile(profile('machine A'));
    await saveProfile(profile('machine B'));
    expect(readdirSync(dir)).toHaveLength(2);
    clearMemoryCache();
    expect((await loadProfile('machine B'))?.key).toBe('machine B');
    writeFileSync(await profilePath('machine C'), '{ not json');
    expect(await loadProfile('machine C')).toBeUndefined();
    writeFileSync(await profilePath('machine D'), JSON.stringify(profile('machine E')));
    expect(await loadProfile('machine D')).toBeUndefined();
    // Parsed, right format and key, but a backend's figures missing or not numbers (probe
    // 12: auto then weighed js alone at "NaN s" and never measured again).
    for (const js of [{}, { ...profile('x').backends.js, nsPerOp: 'fast' }, null]) {
      writeFileSync(
        await profilePath('machine F'),
        JSON.stringify({ format: CALIBRATION_FORMAT, key: 'machine F', backends: { js } }),
      );
      clearMemoryCache();
      expect(await loadProfile('machine F'), JSON.stringify(js)).toBeUndefined();
    }
  });

  it('NUMBAT_CACHE=0 keeps the profile in memory and writes nothing', async () => {
    process.env.NUMBAT_CACHE = '0';
    try {
      expect(await saveProfile(profile('in memory'))).toBeUndefined();
      expect(readdirSync(dir)).toHaveLength(0);
      expect(await loadProfile('in memory')).toEqual(profile('in memory')); // this process still has it
      clearMemoryCache();
      expect(await loadProfile('in memory')).toBeUndefined();
    } finally {
      delete process.env.NUMBAT_CACHE;
    }
  });

  it('an unwritable NUMBAT_CACHE_DIR is one warning, never an error', async () => {
    // A directory under a regular file cannot be created, whoever runs the test (root too).
    writeFileSync(join(dir, 'a-file'), '');
    process.env.NUMBAT_CACHE_DIR = join(dir, 'a-file', 'cache');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await saveProfile(profile('unwritable 1'))).toBeUndefined();
      expect(await saveProfile(profile('unwritable 2'))).toBeUndefined();
      expect(await loadProfile('unwritable 1')).toEqual(profile('unwritable 1')); // in memory
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /cannot write the calibration cache in NUMBAT_CACHE_DIR=.*a-file\/cache \(ENOTDIR\).*NUMBAT_CACHE=0/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('defaults to $XDG_CACHE_HOME/numbat, then ~/.cache/numbat', () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, '/home/u')).toBe('/x/cache/numbat');
    expect(cacheDirectory({}, '/home/u')).toBe('/home/u/.cache/numbat');
    expect(cacheDirectory({ NUMBAT_CACHE_DIR: '/t', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/t');
  });

  it('a calibration measures js and its profile round-trips through the cache', async () => {
    const statuses = (await backends()).filter((s) => s.name === 'js');
    const key = await machineKey(statuses);
    const measured = await calibrate(key, statuses, backendByName, 1000);
    const js = measured.backends.js!;
    expect(js.source).toBe('calibrated');
    for (const value of [js.launchMs, js.nsPerOp, js.nsPerByte]) expect(value).toBeGreaterThan(0);
    await saveProfile(measured);
    clearMemoryCache();
    expect(await loadProfile(key)).toEqual(measured);
    expect(defaultProfile(key, statuses).backends.js!.source).toBe('default');
    expect(isComplete(measured)).toBe(true);
  });

  it('a backend whose budget runs out is listed as unmeasured, and such a profile is measured again', async () => {
    const statuses = (await backends()).filter((s) => s.name === 'js');
    const key = await machineKey(statuses);
    // A zero budget: the first timed run already exceeds it (a busy machine, in effect).
    const short = await calibrate(key, statuses, backendByName, 0);
    expect(short.backends.js!.source).toBe('default');
    expect(short.unmeasured).toEqual(['js']);
    expect(short.notes?.[0]).toMatch(
      /^js: not measured \(its 0 ms budget ran out during .*, 3 times/,
    );
    expect(isComplete(short)).toBe(false);
    // It round-trips with its list, so that the next process knows to measure again.
    await saveProfile(short);
    clearMemoryCache();
    const loaded = await loadProfile(key);
    expect(loaded?.unmeasured).toEqual(['js']);
    expect(isComplete(loaded!)).toBe(false);
  });

  it('wasm measuring slower per operation than js is taken for contention: tried again, then unmeasured', async () => {
    const statuses = (await backends()).filter((s) => s.name === 'js');
    const key = await machineKey(statuses);
    // A stand-in wasm whose arithmetic kernel spins 10 ns per operation (js runs it at
    // about 1 ns): what a thread waiting for a core looks like.
    let compiles = 0;
    const spin = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const slowWasm = {
      ...backendByName('wasm')!,
      compile: async (ir: IrKernel) => {
        compiles++;
        const ops = estimateWork(ir).opsPerIndex;
        return {
          code: '',
          notes: [],
          run: async (args: LaunchArgs) => {
            if (ir.name === 'numbat_calibrate_compute') spin((args.total * ops * 10) / 1e6);
            return undefined;
          },
        } as CompiledKernel;
      },
      allocate: async () => ({ free() {} }) as never,
    } as Backend;
    const measured = await calibrate(
      key,
      [...statuses, { name: 'wasm', available: true, info: {} }],
      (name) => (name === 'wasm' ? slowWasm : backendByName(name)),
      1000,
    );
    expect(measured.backends.js!.source).toBe('calibrated');
    expect(measured.backends.wasm!.source).toBe('default');
    expect(measured.unmeasured).toEqual(['wasm']);
    expect(measured.notes?.join('\n')).toMatch(
      /wasm: not measured \(it measured [\d.]+× js's time per operation, where 1× is the most it takes here: contended, 3 times\)/,
    );
    expect(compiles).toBe(3 * 3); // its three kernels, in each of three tries
  });
});

/**
 * A clock that only stand-in backends' runs advance (performance.now mocked: timings exactly
 * injected), and stand-ins whose kernels take `nsPerOp()` ns per operation (read at each
 * compile). Restore the clock with `now.mockRestore()`.
 */
function injectedClock() {
  let clock = 0;
  const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
  const stub = (name: 'js' | 'wasm', nsPerOp: () => number): Backend =>
    ({
      ...backendByName(name)!,
      compile: async (ir: IrKernel) => {
        const ops = estimateWork(ir).opsPerIndex;
        const rate = nsPerOp();
        return {
          code: '',
          notes: [],
          run: async (args: LaunchArgs) => {
            clock += 0.001 + (args.total * ops * rate) / 1e6;
            return undefined;
          },
        } as CompiledKernel;
      },
      allocate: async () => ({ free() {} }) as never,
    }) as Backend;
  return { now, stub };
}

describe('wasm with SIMD measured at more than half of js per operation', () => {
  it('is contention: tried again, then left unmeasured; without SIMD the same figure stands', async () => {
    const statuses = (await backends()).filter((s) => s.name === 'js');
    const key = await machineKey(statuses);
    // js at 1 ns per operation, wasm at 0.68 (what a wasm measured while other processes
    // started looked like: 0.1 quiet).
    const { now, stub } = injectedClock();
    const js = stub('js', () => 1);
    const wasm = stub('wasm', () => 0.68);
    const backendOf = (name: string) => (name === 'wasm' ? wasm : name === 'js' ? js : undefined);
    try {
      const simd = await calibrate(
        key,
        [...statuses, { name: 'wasm', available: true, info: { simd: true } }],
        backendOf,
        1000,
      );
      expect(simd.backends.wasm!.source).toBe('default');
      expect(simd.unmeasured).toEqual(['wasm']);
      expect(isComplete(simd)).toBe(false);
      expect(simd.notes?.join('\n')).toMatch(
        /wasm: not measured \(it measured 0\.68× js's time per operation, where 0\.5× is the most it takes here: contended, 3 times\)/,
      );
      const scalar = await calibrate(
        key,
        [...statuses, { name: 'wasm', available: true, info: { simd: false } }],
        backendOf,
        1000,
      );
      expect(scalar.backends.wasm!.source).toBe('calibrated');
      expect(scalar.backends.wasm!.nsPerOp).toBeCloseTo(0.68, 2);
      expect(scalar.unmeasured).toBeUndefined();
    } finally {
      now.mockRestore();
    }
  });
});

describe('calibration under a changing load', () => {
  it('js measured far apart at the start and the end: the profile is used, but measured again next time', async () => {
    const statuses = (await backends()).filter((s) => s.name === 'js');
    const key = await machineKey(statuses);
    // A stand-in js whose kernels take 1 ns per operation the first time it is measured
    // and 3 ns the second (another process took a core meanwhile), and a wasm at 0.1 ns.
    const { now, stub } = injectedClock();
    let jsCompiles = 0;
    const js = stub('js', () => (jsCompiles++ < 3 ? 1 : 3));
    const wasm = stub('wasm', () => 0.1);
    const both = [...statuses, { name: 'wasm' as const, available: true, info: {} }];
    const backendOf = (name: string) => (name === 'wasm' ? wasm : name === 'js' ? js : undefined);
    try {
      const measured = await calibrate(key, both, backendOf, 1000);
      expect(measured.backends.js!.source).toBe('calibrated');
      expect(measured.backends.js!.nsPerOp).toBeCloseTo(1, 2);
      expect(measured.backends.wasm!.source).toBe('calibrated');
      expect(measured.contended).toBe(true);
      expect(isComplete(measured)).toBe(false);
      expect(measured.notes?.join('\n')).toMatch(
        /js measured 1\.000 ns per operation first, 3\.000 last: the machine's load changed while measuring/,
      );
      // A steady machine: the same stand-ins at a constant rate pass.
      jsCompiles = -1e9;
      const steady = await calibrate(key, both, backendOf, 1000);
      expect(steady.contended).toBeUndefined();
      expect(isComplete(steady)).toBe(true);
      // The triad's rate, without the launch's fixed cost: its operations at 1 ns.
      expect(steady.backends.js!.streamNsPerOp).toBeCloseTo(1, 6);
    } finally {
      now.mockRestore();
    }
  });

  it('a cached profile is in use before the first choice (never the defaults)', async () => {
    const statuses = (await backends()).filter((s) => s.name === 'js');
    const key = 'cached machine|2 cores|no-webgpu';
    const cached: MachineProfile = {
      ...profile(key),
      backends: {
        js: {
          launchMs: 0.002,
          nsPerOp: 1.5,
          nsPerByte: 0.1,
          streamNsPerOp: 0.4,
          stageNsPerByte: 0,
          source: 'calibrated',
        },
      },
    };
    await saveProfile(cached);
    clearMemoryCache();
    process.env.NUMBAT_CALIBRATE = '1';
    try {
      await ensureProfile(key, statuses, backendByName);
      expect(currentProfile()).toEqual(cached);
      expect(calibrating()).toBe(false);
      expect(await calibrationSettled()).toEqual(cached);
    } finally {
      delete process.env.NUMBAT_CALIBRATE;
    }
  });
});

describe('work estimate', () => {
  it('the calibration kernels are valid IR, and a loop multiplies its body by its trip count', () => {
    verifyIr(streamKernel());
    verifyIr(computeKernel());
    verifyIr(triadKernel());
    const stream = estimateWork(streamKernel());
    const compute = estimateWork(computeKernel());
    expect(stream.bytesPerIndex).toBe(8);
    expect(compute.guessedLoops).toBe(false);
    // 64 trips of (compare, multiply, add, increment, back-edge) dominate.
    expect(compute.opsPerIndex).toBeGreaterThan(64 * 4);
    expect(compute.opsPerIndex).toBeLessThan(64 * 8);
  });
});
