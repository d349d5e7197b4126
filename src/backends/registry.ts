// registry.ts — the backends numbat knows, in order of preference, and their probes.
//
// Each backend is a connector (backend.ts). Probes run once and are cached; `backends()`
// reports every backend, whether it can run here, why not, and what it found.

import type { Backend, BackendName, BackendStatus } from './backend.js';
import { jsBackend } from './js/index.js';
import { workersBackend } from './workers/index.js';
import { wasmBackend } from './wasm/index.js';
import { webgpuBackend } from './webgpu/index.js';

/** Every backend, fastest-first for large work on a typical machine. */
export const ALL_BACKENDS: readonly Backend[] = [webgpuBackend, wasmBackend, workersBackend, jsBackend];

export const BACKEND_NAMES: readonly BackendName[] = ['js', 'workers', 'wasm', 'webgpu'];

const probes = new Map<BackendName, Promise<BackendStatus>>();

export function backendByName(name: BackendName): Backend | undefined {
  return ALL_BACKENDS.find((b) => b.name === name);
}

/** The cached probe of one backend (a backend numbat does not have reports unavailable). */
export function probe(name: BackendName): Promise<BackendStatus> {
  let p = probes.get(name);
  if (!p) {
    const backend = backendByName(name);
    p = backend
      ? backend.probe().catch((e: unknown) => ({ name, available: false, reason: `probe failed: ${(e as Error).message}`, info: {} }))
      : Promise.resolve({ name, available: false, reason: `the ${name} backend is not built into this version of numbat`, info: {} });
    probes.set(name, p);
  }
  return p;
}

/** Forget a probe result (a lost device may come back). */
export function resetProbe(name: BackendName): void {
  probes.delete(name);
}

/** Every backend with whether it can run here, why not, and what it found. */
export async function backends(): Promise<BackendStatus[]> {
  return Promise.all(BACKEND_NAMES.map((n) => probe(n)));
}
