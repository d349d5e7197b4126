// The backend records (src/backends/records.ts): each backend described once, and what
// the rest of numbat derives from them.

import { describe, expect, it } from 'vitest';
import { BACKEND_RECORDS } from '../../src/backends/records.js';
import {
  ALL_BACKENDS,
  AUTO_ORDER,
  BACKEND_NAMES,
  backendRecord,
  isBackendName,
} from '../../src/backends/registry.js';
import { backends, kernel } from '../../src/index.js';

describe('backend records', () => {
  it('name each backend once, with a distinct rank for auto', () => {
    const names = BACKEND_RECORDS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(BACKEND_RECORDS.map((r) => r.autoRank)).size).toBe(names.length);
    expect(BACKEND_NAMES).toEqual(names);
    expect([...AUTO_ORDER].sort()).toEqual([...names].sort());
  });

  it('give every connector its name and native float', () => {
    for (const record of BACKEND_RECORDS) {
      const backend = ALL_BACKENDS.find((b) => b.name === record.name);
      expect(backend?.nativeFloat, record.name).toBe(record.nativeFloat);
      expect(backendRecord(record.name)).toBe(record);
      expect(isBackendName(record.name)).toBe(true);
    }
    expect(isBackendName('cuda')).toBe(false);
  });

  it('are what backends() reports, in their order', async () => {
    expect((await backends()).map((s) => s.name)).toEqual(BACKEND_NAMES);
  });

  it('give default costs that are positive and finite', () => {
    for (const record of BACKEND_RECORDS) {
      const c = record.defaultCosts({
        status: undefined,
        cores: 2,
        jsScale: 1,
        copyNsPerByte: 0.1,
      });
      for (const v of Object.values(c))
        expect(Number.isFinite(v) && v >= 0, record.name).toBe(true);
    }
  });

  it('name every backend in the error for an unknown one', () => {
    expect(() =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = 1;
        },
        { backend: 'cuda' as 'js' },
      ),
    ).toThrow(`backend must be 'auto', 'js', 'workers', 'wasm' or 'webgpu', got "cuda"`);
  });
});
