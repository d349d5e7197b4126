// records.ts — every backend numbat has, described as data: one record each (its name, the
// float `float` means there, where its arrays live, where `auto` ranks it, its default
// costs and how its code loads). Adding a backend is one folder behind backend.ts and one
// record here; `BackendName` is derived from these records.

import type { Backend } from './backend.js';
import {
  type BackendConstants,
  type DefaultCostInputs,
  isSoftwareAdapter,
  JS_NS_PER_BYTE,
  JS_NS_PER_OP,
  threadsOf,
} from './costs.js';
import { jsBackend } from './js/index.js';

/** One backend, as data. */
export interface BackendRecord {
  readonly name: string;
  /** What a kernel's native `float` is there. */
  readonly nativeFloat: 'f32' | 'f64';
  /**
   * Where its arrays live: `host` (ordinary typed arrays, used in place), `sharedHeap`
   * (the shared wasm heap, which the other sharedHeap backends use in place) or `device`.
   */
  readonly memory: 'host' | 'sharedHeap' | 'device';
  /** auto's order among otherwise equal candidates (lower first). */
  readonly autoRank: number;
  /** Whether its code is JavaScript that the engine tiers up while it runs (js, workers). */
  readonly jit: boolean;
  /** Whether it runs a range of a launch's grid (LaunchArgs.range), so `auto` can try it on a slice. */
  readonly ranges: boolean;
  /** Constants before anything was measured here, from its probe. */
  readonly defaultCosts: (inputs: DefaultCostInputs) => Omit<BackendConstants, 'source'>;
  /**
   * Its code, loaded on first use (the probe): a page fetches a backend's chunk only when
   * it uses it.
   */
  readonly load: () => Promise<Backend>;
  /** The backend itself when it is part of the core bundle (js), used without loading. */
  readonly inCore?: Backend;
}

/** Every backend, in the order `backends()` reports them. */
export const BACKEND_RECORDS = [
  {
    name: 'js' as const,
    ranges: true,
    jit: true,
    nativeFloat: 'f64',
    memory: 'host',
    autoRank: 3,
    defaultCosts: ({ jsScale }: DefaultCostInputs) => ({
      launchMs: 0.002,
      nsPerOp: JS_NS_PER_OP * jsScale,
      nsPerByte: JS_NS_PER_BYTE * jsScale,
      stageNsPerByte: 0,
      coldMs: 0.5,
    }),
    load: async (): Promise<Backend> => jsBackend,
    inCore: jsBackend as Backend,
  },
  {
    name: 'workers' as const,
    ranges: true,
    jit: true,
    nativeFloat: 'f64',
    memory: 'sharedHeap',
    autoRank: 1,
    defaultCosts: ({
      status,
      cores,
      jsScale,
      copyNsPerByte,
      copyLargeNsPerByte,
    }: DefaultCostInputs) => {
      const threads = threadsOf(status, cores);
      return {
        launchMs: 0.03,
        nsPerOp: (JS_NS_PER_OP * jsScale) / (0.9 * threads),
        nsPerByte: JS_NS_PER_BYTE / Math.min(threads, 2),
        stageNsPerByte: copyNsPerByte,
        stageLargeNsPerByte: copyLargeNsPerByte ?? 2 * copyNsPerByte,
        // Each thread compiles the code and runs it cold (measured: 10 ms and more).
        coldMs: 10,
      };
    },
    load: async (): Promise<Backend> => (await import('./workers/index.js')).workersBackend,
  },
  {
    name: 'wasm' as const,
    ranges: true,
    jit: false,
    nativeFloat: 'f64',
    memory: 'sharedHeap',
    autoRank: 0,
    defaultCosts: ({ status, jsScale, copyNsPerByte, copyLargeNsPerByte }: DefaultCostInputs) => {
      const threads = threadsOf(status, 1);
      const simd = status?.info.simd === true ? 2 : 1;
      return {
        launchMs: 0.01,
        nsPerOp: (JS_NS_PER_OP * jsScale) / (simd * 0.9 * threads),
        nsPerByte: JS_NS_PER_BYTE / Math.min(threads, 2),
        stageNsPerByte: copyNsPerByte,
        stageLargeNsPerByte: copyLargeNsPerByte ?? 2 * copyNsPerByte,
        coldMs: 2,
      };
    },
    load: async (): Promise<Backend> => (await import('./wasm/index.js')).wasmBackend,
  },
  {
    name: 'webgpu' as const,
    ranges: false,
    jit: false,
    nativeFloat: 'f32',
    memory: 'device',
    autoRank: 2,
    // A software adapter is a slow CPU emulation with a costly dispatch; a hardware one
    // a fast GPU behind a bus.
    defaultCosts: ({ status, cores, jsScale }: DefaultCostInputs) =>
      status && isSoftwareAdapter(status.info)
        ? {
            // Measured on a 2-core machine (SwiftShader): about js's time per operation,
            // 50× its time per byte: never faster than the CPU backends it emulates.
            launchMs: 1.0,
            nsPerOp: (2 * JS_NS_PER_OP * jsScale) / Math.max(2, cores),
            nsPerByte: 3,
            stageNsPerByte: 1.0,
            coldMs: 20,
          }
        : { launchMs: 0.15, nsPerOp: 0.005, nsPerByte: 0.003, stageNsPerByte: 0.1, coldMs: 5 },
    load: async (): Promise<Backend> => (await import('./webgpu/index.js')).webgpuBackend,
  },
] as const;

// Checked after the records' own type is known (a `satisfies` would make BackendName circular).
const checked: readonly BackendRecord[] = BACKEND_RECORDS;
void checked;

/**
 * A backend: plain JavaScript, worker threads, WebAssembly SIMD or WebGPU (one record
 * each above).
 *
 * @example
 * ```ts
 * const backend: BackendName = 'wasm';
 * kernel(fn, { backend });
 * ```
 */
export type BackendName = (typeof BACKEND_RECORDS)[number]['name'];
