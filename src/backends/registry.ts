// registry.ts — the backends numbat knows, in order of preference, and their probes.
//
// Each backend is a connector (backend.ts). Probes run once and are cached; `backends()`
// reports every backend, whether it can run here, why not, and what it found.

import type { Backend, BackendName, BackendStatus } from './backend.js';
import { InternalError } from '../jit/diagnostics.js';
import { jsBackend } from './js/index.js';

/**
 * A backend whose code loads on first use (its probe). Keeps the core bundle small: the
 * wasm and WGSL code generators and the worker pool are split into chunks a page fetches
 * only when it uses them. Every path that picks a backend probes it first, so the
 * synchronous `refuse` always finds the module loaded.
 */
function lazyBackend(
  name: BackendName,
  nativeFloat: 'f32' | 'f64',
  load: () => Promise<Backend>,
): Backend {
  let loaded: Backend | undefined;
  let loading: Promise<Backend> | undefined;
  const get = () => (loading ??= load().then((b) => (loaded = b)));
  return {
    name,
    nativeFloat,
    probe: async () => (await get()).probe(),
    refuse: (ir) => {
      if (!loaded)
        throw new InternalError(
          `the ${name} backend was asked to refuse a kernel before its probe loaded it`,
        );
      return loaded.refuse(ir);
    },
    compile: async (ir) => (await get()).compile(ir),
    allocate: async (dtype, length) => (await get()).allocate(dtype, length),
    shutdown: async () => {
      if (loaded?.shutdown) await loaded.shutdown();
    },
    memory: () => loaded?.memory?.() ?? {},
  };
}

/** Every backend, fastest-first for large work on a typical machine. */
export const ALL_BACKENDS: readonly Backend[] = [
  lazyBackend('webgpu', 'f32', async () => (await import('./webgpu/index.js')).webgpuBackend),
  lazyBackend('wasm', 'f64', async () => (await import('./wasm/index.js')).wasmBackend),
  lazyBackend('workers', 'f64', async () => (await import('./workers/index.js')).workersBackend),
  jsBackend,
];

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
      ? backend.probe().catch((e: unknown) => ({
          name,
          available: false,
          reason: `probe failed: ${(e as Error).message}`,
          info: {},
        }))
      : Promise.resolve({
          name,
          available: false,
          reason: `the ${name} backend is not built into this version of numbat`,
          info: {},
        });
    probes.set(name, p);
  }
  return p;
}

/** Forget a probe result (a lost device may come back). */
export function resetProbe(name: BackendName): void {
  probes.delete(name);
}

/**
 * Every backend with whether it can run here, why not, and what it found.
 *
 * @example
 * ```ts
 * for (const b of await backends()) console.log(b.name, b.available ? 'ok' : b.reason);
 * ```
 */
export async function backends(): Promise<BackendStatus[]> {
  return Promise.all(BACKEND_NAMES.map((n) => probe(n)));
}
