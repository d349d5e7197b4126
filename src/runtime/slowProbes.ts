// slowProbes.ts — the process's backend probes as `auto` sees them: the quick ones, awaited
// at a kernel's first choice, and those of backends slow to start (WebGPU), which auto
// neither waits for nor starts for nothing; and the full profile, read once every probe is in.
//
// WebGPU's probe takes 0.1–0.3 s (an adapter and a device: 170–205 ms with SwiftShader here,
// on the same cores as the kernels). A user's first launch paid it in full even when a CPU
// backend then ran the kernel (saxpy of 2^20 floats, first 10 launches in a fresh process:
// 212–302 ms under auto, 80–89 forced to wasm); started in the background, it still slowed
// the first launches by half. Such a probe starts when something else needs the backend
// (`backends()`, `toDevice(x, 'webgpu')`, a kernel forced there), or when `auto`'s launches
// in this process have taken SLOW_PROBE_MS ÷ the regret budget, so that starting it costs at
// most about that budget of the time spent. Until it is in, kernels choose among the other
// backends with the provisional profile (calibrate.ts); once it is in, the backend gets
// default constants at once, each kernel admits it at its next choice (select.ts), and the
// full profile (whose key names the adapter) replaces the provisional one.

import type { BackendName, BackendStatus } from '../backends/backend.js';
import { AUTO_ORDER, backendByName, onProbeSettled, probe } from '../backends/registry.js';
import { addProbedBackend, ensureProfile, machineKey } from './calibrate.js';

/** Backends whose probe auto does not wait for (see the header). */
export const SLOW_TO_START: ReadonlySet<BackendName> = new Set<BackendName>(['webgpu']);
/** What a slow probe is assumed to cost, ms (started after this ÷ the regret budget). */
export const SLOW_PROBE_MS = 200;

/** The other backends' probes, once per process. */
let quickStatusesPromise: Promise<BackendStatus[]> | undefined;
/** Every probe and the full profile (resolves once they are all in and it is read). */
let fullProfilePromise: Promise<BackendStatus[]> | undefined;
let machineKeyPromise: Promise<string> | undefined;
/** The slow probes' results, as they land. */
const landed = new Map<BackendName, BackendStatus>();
/** Whether auto has started the slow probes itself. */
let started = false;
/** Time auto's launches took in this process, ms. */
let processSpentMs = 0;

/** Whether some kernel's first `auto` choice has had the quick probes and a profile. */
let autoProbed = false;
let autoProbedNow: () => void = () => undefined;
const autoProbedPromise = new Promise<void>((resolve) => {
  autoProbedNow = resolve;
});

/** Whether `auto` has probed this process's backends yet (earlyChoice.ts). */
export function autoHasProbed(): boolean {
  return autoProbed;
}

/** Resolves once `auto` has probed this process's backends (the early launches are over). */
export function whenAutoProbed(): Promise<void> {
  return autoProbedPromise;
}

/** A kernel's first `auto` choice got the quick probes and a profile: later ones need not wait. */
export function noteAutoProbed(): void {
  autoProbed = true;
  autoProbedNow();
}

/** The probes of the backends that are not slow to start (started once). */
export function quickProbes(): Promise<BackendStatus[]> {
  quickStatusesPromise ??= Promise.all(
    AUTO_ORDER.filter((name) => !SLOW_TO_START.has(name)).map((name) => probe(name)),
  );
  return quickStatusesPromise;
}

/** The slow backends in auto's order. */
export const slowNames = (): BackendName[] => AUTO_ORDER.filter((name) => SLOW_TO_START.has(name));

/** A slow probe's result once it has landed (synchronous), else undefined. */
export function slowStatus(name: BackendName): BackendStatus | undefined {
  return landed.get(name);
}

/** Whether any slow probe has landed. */
export function anySlowLanded(): boolean {
  return landed.size > 0;
}

// Every slow probe's result lands here as it settles, whoever started it (toDevice, a forced
// kernel, backends(), or auto below), before the code that awaited it goes on.
onProbeSettled((status) => {
  if (!SLOW_TO_START.has(status.name)) return;
  landed.set(status.name, status);
  addProbedBackend(status);
  if (slowNames().every((name) => landed.has(name))) fullProfile();
});

/** Every probe and the full profile, read once (after every slow probe has landed). */
function fullProfile(): Promise<BackendStatus[]> {
  fullProfilePromise ??= Promise.all(AUTO_ORDER.map((name) => probe(name))).then(
    async (statuses) => {
      machineKeyPromise ??= machineKey(statuses);
      await ensureProfile(await machineKeyPromise, statuses, backendByName);
      return statuses;
    },
  );
  return fullProfilePromise;
}

/**
 * Every status, once every slow probe has landed and the full profile is read; undefined
 * while a slow probe is out. `start`: starts the slow probes not started yet.
 */
export function slowProbesIn(start = false): Promise<BackendStatus[]> | undefined {
  if (start) for (const name of slowNames()) void probe(name);
  return slowNames().every((name) => landed.has(name)) ? fullProfile() : undefined;
}

/** Counts time auto's launches took; starts the slow probes once they cost ≤ `regret` of it. */
export function noteSpent(ms: number, regret: number): void {
  processSpentMs += ms;
  if (!started && processSpentMs >= SLOW_PROBE_MS / regret) {
    started = true;
    slowProbesIn(true);
  }
}
