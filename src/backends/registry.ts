// registry.ts — the backends numbat has (one record each in records.ts), loaded on first
// use, and their probes.
//
// Each backend is a connector (backend.ts). Probes run once and are cached; `backends()`
// reports every backend, whether it can run here, why not, and what it found.

import type { Backend, BackendName, BackendStatus } from './backend.js';
import { InternalError } from '../jit/diagnostics.js';
import { BACKEND_RECORDS, type BackendRecord } from './records.js';

/**
 * A backend whose code loads on first use (its probe). Keeps the core bundle small: the
 * wasm and WGSL code generators and the worker pool are split into chunks a page fetches
 * only when it uses them. Every path that picks a backend probes it first, so the
 * synchronous `refuse` finds the module loaded — or its load failed, and the probe says
 * the backend is unavailable: then it refuses nothing, since nothing will run there (the
 * one caller that asks anyway is NUMBAT_DISABLE_JIT's plain launch, which runs the plain
 * function whatever the forced backend's state; it raised an InternalError).
 */
function lazyBackend(record: BackendRecord & { name: BackendName }): Backend {
  const { name, nativeFloat, load } = record;
  let loaded: Backend | undefined;
  let loadFailed = false;
  let loading: Promise<Backend> | undefined;
  const get = () =>
    (loading ??= load().then(
      (b) => (loaded = b),
      (e: unknown) => {
        loadFailed = true;
        throw e;
      },
    ));
  return {
    name,
    nativeFloat,
    probe: async () => (await get()).probe(),
    refuse: (ir) => {
      if (loaded) return loaded.refuse(ir);
      if (loadFailed) return null;
      throw new InternalError(
        `the ${name} backend was asked to refuse a kernel before its probe loaded it`,
      );
    },
    compile: async (ir) => (await get()).compile(ir),
    allocate: async (dtype, length, zeroed) => (await get()).allocate(dtype, length, zeroed),
    shutdown: async () => {
      if (loaded?.shutdown) await loaded.shutdown();
    },
    memory: () => loaded?.memory?.() ?? {},
    startupMs: () => loaded?.startupMs?.() ?? 0,
    startInBackground: () => loaded?.startInBackground?.(),
  };
}

/** Every backend's name, in the order `backends()` reports them. */
export const BACKEND_NAMES: readonly BackendName[] = BACKEND_RECORDS.map((r) => r.name);

/** Every backend (the core's own directly, the others loading on first use). */
export const ALL_BACKENDS: readonly Backend[] = BACKEND_RECORDS.map(
  (record: BackendRecord & { name: BackendName }) => record.inCore ?? lazyBackend(record),
);

/** The backends in auto's order of preference among otherwise equal candidates. */
export const AUTO_ORDER: readonly BackendName[] = [...BACKEND_RECORDS]
  .sort((a, b) => a.autoRank - b.autoRank)
  .map((r) => r.name);

/** A backend's record. */
export function backendRecord(name: BackendName): BackendRecord {
  const record = BACKEND_RECORDS.find((r) => r.name === name);
  if (!record) throw new InternalError(`no backend named ${name}`);
  return record;
}

/** Whether `name` names a backend numbat has. */
export function isBackendName(name: unknown): name is BackendName {
  return BACKEND_NAMES.includes(name as BackendName);
}

const probes = new Map<BackendName, Promise<BackendStatus>>();
const settledListeners: ((status: BackendStatus) => void)[] = [];

/**
 * Calls `listener` with each probe's result as it settles, before whoever awaits that probe
 * goes on (so `auto` knows WebGPU is in as soon as `toDevice(x, 'webgpu')` returns).
 */
export function onProbeSettled(listener: (status: BackendStatus) => void): void {
  settledListeners.push(listener);
}

export function backendByName(name: BackendName): Backend | undefined {
  return ALL_BACKENDS.find((b) => b.name === name);
}

/** The cached probe of one backend (a backend numbat does not have reports unavailable). */
export function probe(name: BackendName): Promise<BackendStatus> {
  let p = probes.get(name);
  if (!p) {
    const backend = backendByName(name);
    p = (
      backend
        ? backend.probe().catch(
            (e: unknown): BackendStatus => ({
              name,
              available: false,
              reason: `probe failed: ${(e as Error).message}`,
              info: {},
            }),
          )
        : Promise.resolve<BackendStatus>({
            name,
            available: false,
            reason: `the ${name} backend is not built into this version of numbat`,
            info: {},
          })
    ).then((status) => {
      for (const listener of settledListeners) listener(status);
      return status;
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
 * Every backend with whether it can run here, why not, and what it found; or only the
 * backends named (probing only those: WebGPU's probe starts a device, which takes a while).
 *
 * @example
 * ```ts
 * for (const b of await backends()) console.log(b.name, b.available ? 'ok' : b.reason);
 * const [wasm] = await backends(['wasm']);
 * ```
 */
export async function backends(names?: readonly BackendName[]): Promise<BackendStatus[]> {
  if (
    names !== undefined &&
    (!Array.isArray(names) || names.some((n) => !BACKEND_NAMES.includes(n as BackendName)))
  )
    throw new TypeError(
      `numbat: backends(names): names must be an array of backend names (${BACKEND_NAMES.join(', ')}), got ${JSON.stringify(names)}`,
    );
  return Promise.all((names ?? BACKEND_NAMES).map((n) => probe(n)));
}
