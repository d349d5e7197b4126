// memory.ts — `memoryUsage()`: what numbat holds right now, in bytes, summed over the
// backends that have been used (a backend never loaded holds nothing).

import { ALL_BACKENDS } from '../backends/registry.js';

/**
 * Bytes numbat holds, by kind.
 *
 * @example
 * ```ts
 * const usage: MemoryUsage = memoryUsage();
 * ```
 */
export interface MemoryUsage {
  /** The shared WebAssembly heap of the wasm and workers backends: its size, and what is in use. */
  readonly heapBytes: number;
  /** The part of the shared WebAssembly heap that holds arrays and temporaries now. */
  readonly heapInUseBytes: number;
  /** WebGPU: resident arrays, and idle buffers kept for reuse. */
  readonly gpuResidentBytes: number;
  /** WebGPU: idle buffers kept for reuse (returned to the device when idle). */
  readonly gpuPoolBytes: number;
}

/**
 * What numbat holds now (see MemoryUsage); synchronous, and loads nothing.
 *
 * @example
 * ```ts
 * const { heapInUseBytes, gpuResidentBytes } = memoryUsage();
 * ```
 */
export function memoryUsage(): MemoryUsage {
  const usage: Record<string, number> = {
    heapBytes: 0,
    heapInUseBytes: 0,
    gpuResidentBytes: 0,
    gpuPoolBytes: 0,
  };
  for (const backend of ALL_BACKENDS) {
    for (const [key, bytes] of Object.entries(backend.memory?.() ?? {}))
      usage[key] = Math.max(usage[key] ?? 0, bytes);
  }
  return usage as unknown as MemoryUsage;
}
