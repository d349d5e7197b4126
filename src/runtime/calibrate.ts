// calibrate.ts — measuring this machine's cost constants, once, in the background.
//
// The first `auto` choice reads the cached profile of this machine and adapter
// (calibrationCache.ts) before it chooses (a millisecond), so that with a cache no launch
// uses defaults. Without one it starts the calibration and does not wait for it: until it
// ends, choices use defaults derived from the probes (costModel.ts) and do not explore
// (a trial would be timed against the calibration's runs). Until WebGPU is probed (auto
// does not start its device for nothing: slowProbes.ts) the key has no adapter yet:
// choices among the CPU backends use the provisional profile, cached under the CPU's key
// alone (ensureProvisionalProfile), measured the same way without WebGPU. Backend by
// backend, the calibration compiles three tiny hand-built kernels (a streaming one, STREAM's triad and
// an arithmetic loop), and times an empty launch (overhead), each kernel on resident
// arrays (time per operation and per byte; the triad at two sizes: the streaming rate,
// without the launch's fixed costs), and a write + read of a device array (staging).
// Host-side staging (wasm copying host arrays into its heap and back, workers copying
// into shared memory) runs at memcpy speed: that is measured once, first, by timing a
// TypedArray.set of 8 MB and one of 32 MB into shared memory (beyond the caches a copy
// runs at memory speed: 2× slower here), and is what those backends' staging costs; a
// device's round trip (webgpu) is timed warm and never counted faster than that copy.
// Every step yields to the event loop, and each backend's timed runs stop at a budget of
// 50 ms (compiling the probes and their first, warm-up run are not counted: a user pays
// those on a backend's first use anyway). The budget is per backend so that one slow
// step on a busy machine cannot leave every backend after it on defaults. A backend whose
// budget ran out, or that measured implausibly slow (wasm slower per operation than js,
// workers 1.3× slower: a thread waited for a core), is measured again after a pause (twice:
// most often it met a moment of contention); if it never fits, it keeps defaults scaled
// by the measured speed of js, and is listed in the profile's `unmeasured`: a cached
// profile with such a backend is not trusted, and the next process measures again
// (defaults are what made `auto` try backends that a measurement would have shown far
// slower). js is measured again last: far (1.5×) from its first figure, the load changed
// while measuring, and the profile (`contended`) is likewise measured again next time.
//
// NUMBAT_CALIBRATE=0 turns measuring off (defaults only); under vitest it is off unless
// NUMBAT_CALIBRATE=1, so that tests see deterministic defaults.

import type {
  Backend,
  BackendName,
  BackendStatus,
  CompiledKernel,
  LaunchArgs,
} from '../backends/backend.js';
import type { IrKernel, Stmt, Expr } from '../jit/ir/ir.js';
import { CALIBRATION_FORMAT, loadProfile, saveProfile } from './calibrationCache.js';
import { isNodeLike, nodeBuiltin } from './nodeOrBrowser.js';
import {
  type BackendConstants,
  COPY_BYTES,
  LARGE_COPY_BYTES,
  MEMCPY_NS_PER_BYTE,
} from '../backends/costs.js';
import { defaultConstants, type MachineProfile } from './costModel.js';
import { estimateWork } from '../jit/passes/workEstimate.js';
import { AUTO_ORDER, backendRecord } from '../backends/registry.js';

/** Budget of one backend's timed runs in a calibration, ms. */
export const CALIBRATION_BUDGET_MS = 50;

const NO_SPAN = { start: 0, end: 0 } as const;

const env = (name: string): string | undefined =>
  typeof process !== 'undefined' ? process.env?.[name] : undefined;

/** Whether this process measures (see the header). */
export function calibrationEnabled(): boolean {
  const setting = env('NUMBAT_CALIBRATE');
  if (setting === '0') return false;
  if (setting === '1') return true;
  return env('VITEST') === undefined;
}

let current: MachineProfile | undefined;
let version = 0;
let running: Promise<MachineProfile> | undefined;

/** The profile choices use now (defaults until calibration lands), if built yet. */
export function currentProfile(): MachineProfile | undefined {
  return current;
}

/** Increases whenever the profile changes, so cached choices know to be recomputed. */
export function profileVersion(): number {
  return version;
}

/** Replaces the profile in use (calibration landing; tests). */
export function setProfile(profile: MachineProfile): void {
  current = profile;
  version++;
}

/** The key of this machine and adapter: CPU model, core count, WebGPU adapter. */
export async function machineKey(statuses: readonly BackendStatus[]): Promise<string> {
  const gpu = statuses.find((s) => s.name === 'webgpu');
  const adapter = gpu?.available
    ? ['vendor', 'architecture', 'device', 'description']
        .map((k) => String(gpu.info[k] ?? ''))
        .join('/')
    : 'no-webgpu';
  return `${await cpuPart()}|${adapter}`;
}

/**
 * The key of the CPU alone, for the provisional profile (ensureProvisionalProfile): a copy
 * of the last full profile of this CPU, whatever the adapter, saved under it.
 */
export async function cpuOnlyKey(): Promise<string> {
  return `${await cpuPart()}${CPU_ONLY}`;
}

/** How a CPU-only key ends. */
const CPU_ONLY = '|cpu-only';

/** CPU model and core count, the first part of a machine key. */
async function cpuPart(): Promise<string> {
  let cpu = 'unknown-cpu';
  let cores = 1;
  if (isNodeLike()) {
    const os = nodeBuiltin<typeof import('node:os')>('node:os') ?? (await import('node:os'));
    cpu = os.cpus()[0]?.model?.trim() ?? cpu;
    cores =
      typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } else if (typeof navigator !== 'undefined') {
    cpu = navigator.userAgent;
    cores = navigator.hardwareConcurrency ?? 1;
  }
  return `${cpu}|${cores} cores`;
}

/** Cores for the default constants. */
function coreCount(statuses: readonly BackendStatus[]): number {
  const workers = statuses.find((s) => s.name === 'workers');
  const threads = workers?.info.threads;
  return typeof threads === 'number' && threads >= 1 ? threads : 1;
}

/** A profile of defaults for these probe results (no measuring). */
export function defaultProfile(
  key: string,
  statuses: readonly BackendStatus[],
  jsScale = 1,
  copyNsPerByte?: number,
  copyLargeNsPerByte?: number,
): MachineProfile {
  const backends: Partial<Record<BackendName, BackendConstants>> = {};
  const cores = coreCount(statuses);
  for (const status of statuses) {
    if (status.available)
      backends[status.name] = defaultConstants(
        status.name,
        status,
        cores,
        jsScale,
        copyNsPerByte,
        copyLargeNsPerByte,
      );
  }
  return { format: CALIBRATION_FORMAT, key, backends };
}

let cacheRead: Promise<void> | undefined;
let measuring = false;
let provisional: Promise<void> | undefined;
/** The provisional read found no copy of a full profile under the CPU's key: save one. */
let cpuCopyMissing = false;

/**
 * A profile for choosing among the CPU backends while a slow probe (WebGPU's device takes
 * 0.1–0.3 s to start; slowProbes.ts) has not run, so that `auto` need not start
 * it: the profile cached under this CPU's key alone (cpuOnlyKey: measured here, or a copy
 * of the last full profile), else defaults from the CPU backends' probes while the CPU
 * backends are measured in the background (and cached under that key). ensureProfile
 * replaces it once every probe is in. Does nothing when a profile is in use.
 */
export function ensureProvisionalProfile(
  cpuStatuses: readonly BackendStatus[],
  backendOf: (name: BackendName) => Backend | undefined,
): Promise<void> {
  if (current) return Promise.resolve();
  provisional ??= (async () => {
    const key = await cpuOnlyKey();
    if (!currentProfile()) setProfile(defaultProfile(key, cpuStatuses));
    if (!calibrationEnabled()) return;
    const copy = await loadProfile(key).catch(() => undefined);
    if (copy && isComplete(copy) && covers(copy, cpuStatuses)) {
      if (currentProfile()?.key === key) setProfile(copy);
      return;
    }
    cpuCopyMissing = true;
    // On failure the defaults stay in use (the full profile measures again).
    provisionalMeasuring = measure(key, cpuStatuses, backendOf).then(
      () => undefined,
      () => undefined,
    );
  })();
  return provisional;
}

/** The CPU-only calibration, while it runs (the full one waits for it). */
let provisionalMeasuring: Promise<void> | undefined;

/**
 * Measures the backends of `statuses` under `key`, uses the result while that key's profile
 * is the one in use (a full profile may have replaced a provisional one meanwhile), and
 * caches it.
 */
async function measure(
  key: string,
  statuses: readonly BackendStatus[],
  backendOf: (name: BackendName) => Backend | undefined,
): Promise<MachineProfile> {
  measuring = true;
  try {
    const measured = await calibrate(key, statuses, backendOf);
    if (currentProfile()?.key === key) setProfile(measured);
    await saveProfile(measured);
    return measured;
  } finally {
    measuring = false;
  }
}

/**
 * A slow probe landed while the provisional profile is in use: its backend gets default
 * constants in it at once, so that choices can weigh it (a kernel given arrays that live
 * there must not move them for want of a figure) until the full profile lands.
 */
export function addProbedBackend(status: BackendStatus): void {
  if (!current || !status.available || current.backends[status.name]) return;
  const extra = defaultProfile(current.key, [status]).backends[status.name];
  if (extra) setProfile({ ...current, backends: { ...current.backends, [status.name]: extra } });
}

/** Whether `profile` has figures for every backend available here (else it is measured again). */
function covers(profile: MachineProfile, statuses: readonly BackendStatus[]): boolean {
  return statuses.every((s) => !s.available || profile.backends[s.name] !== undefined);
}

/** Saves `profile` under the CPU's key too (for ensureProvisionalProfile). */
async function saveCpuCopy(profile: MachineProfile): Promise<void> {
  cpuCopyMissing = false;
  await saveProfile({ ...profile, key: await cpuOnlyKey() });
}

/**
 * Makes sure a profile is in use (defaults at once) and, the first time, reads the cached
 * one or starts measuring in the background. Resolves once the cache was read (a
 * millisecond: the first choice then uses the cached profile, never the defaults); never
 * waits for the measuring.
 */
export function ensureProfile(
  key: string,
  statuses: readonly BackendStatus[],
  backendOf: (name: BackendName) => Backend | undefined,
): Promise<void> {
  if (!current || current.key !== key) {
    // From the provisional profile (CPU backends measured) to this key's: its measured
    // constants stand until this key's cache is read or measured.
    const defaults = defaultProfile(key, statuses);
    const cpuOnly = current?.key.endsWith(CPU_ONLY) ? current : undefined;
    setProfile(
      cpuOnly ? { ...defaults, backends: { ...defaults.backends, ...cpuOnly.backends } } : defaults,
    );
  }
  if (running || !calibrationEnabled()) return cacheRead ?? Promise.resolve();
  const cached = loadProfile(key).then(
    (profile) =>
      profile && isComplete(profile) && covers(profile, statuses) ? profile : undefined,
    () => undefined,
  );
  cacheRead = cached.then((profile) => {
    if (!profile) return;
    setProfile(profile);
    if (cpuCopyMissing) void saveCpuCopy(profile);
  });
  running = cached
    .then(async (profile) => {
      if (profile) return profile;
      await provisionalMeasuring; // one calibration at a time: both would measure each other
      const measured = await measure(key, statuses, backendOf);
      if (isComplete(measured)) await saveCpuCopy(measured);
      return measured;
    })
    .then(
      (profile) => profile,
      () => current!,
    );
  return cacheRead;
}

/**
 * Whether a calibration is measuring now: choices then do not explore (a trial would be
 * timed against the calibration's own runs, and the model is about to change).
 */
export function calibrating(): boolean {
  return measuring;
}

/** Resolves when the background calibration (if any was started) has landed. */
export function calibrationSettled(): Promise<MachineProfile | undefined> {
  return running ?? Promise.resolve(current);
}

/**
 * Whether a cached profile can be used as it is: no backend was left on defaults because
 * the budget ran out (a busy moment); such a profile is measured again.
 */
export function isComplete(profile: MachineProfile): boolean {
  return (profile.unmeasured?.length ?? 0) === 0 && profile.contended !== true;
}

/** Tries of a backend whose budget ran out, and the pause before the next, ms (× the try). */
const BUDGET_ATTEMPTS = 3;
/**
 * A figure per operation above this multiple of js's is taken for contention: wasm runs
 * compiled code (with SIMD, the arithmetic kernel's f32 chain four lanes at a time: quiet,
 * 0.05× js on a Sapphire Rapids, 0.1–0.12× on an EPYC; 0.68× was measured while two other
 * processes were starting, and that profile made `auto` run a Mandelbrot on workers at
 * 10× wasm's time for its first launches), workers js's code on more threads (quiet:
 * about 1× js, its threads still tiering up in so short a run). Without SIMD, wasm only
 * has to be no slower than js.
 */
function plausibleVersusJs(name: BackendName, status: BackendStatus): number | undefined {
  if (name === 'wasm') return status.info.simd === true ? 0.5 : 1;
  if (name === 'workers') return 1.3;
  return undefined;
}
const RETRY_PAUSE_MS = 100;

/** Waits `ms` without keeping the process alive. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}

/** Lets the event loop run (a user's launch) between calibration steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 0);
    (timer as { unref?: () => void }).unref?.();
  });
}

/** Measures every available backend within the budget; see the header. */
export async function calibrate(
  key: string,
  statuses: readonly BackendStatus[],
  backendOf: (name: BackendName) => Backend | undefined,
  budgetMs = CALIBRATION_BUDGET_MS,
): Promise<MachineProfile> {
  const started = performance.now();
  let spentMs = 0;
  const notes: string[] = [];
  const unmeasured: BackendName[] = [];
  const measured: Partial<Record<BackendName, BackendConstants>> = {};
  const copyBudget = { spentMs: 0, limitMs: budgetMs };
  const copyNsPerByte = measureCopy(copyBudget);
  await yieldToEventLoop();
  const copyLargeNsPerByte = Math.max(copyNsPerByte, measureLargeCopy(copyBudget));
  spentMs += copyBudget.spentMs;
  await yieldToEventLoop();
  // js first: the defaults of the backends not measured scale with its speed.
  const order: BackendName[] = ['js', ...AUTO_ORDER.filter((name) => name !== 'js')];
  for (const name of order) {
    const status = statuses.find((s) => s.name === name);
    const backend = backendOf(name);
    if (!status?.available || !backend) continue;
    // A budget that ran out was most often a moment of contention (other processes, the
    // user's own first launches): the backend is tried again after a pause, twice.
    for (let attempt = 1; attempt <= BUDGET_ATTEMPTS; attempt++) {
      const budget: Budget = { spentMs: 0, limitMs: budgetMs };
      try {
        const constants = await measureBackend(backend, budget, copyNsPerByte, copyLargeNsPerByte);
        const js = measured.js;
        // wasm and workers run a kernel at least as fast per operation as js does (compiled
        // code, SIMD; the same code on more threads): measured slower, a thread was waiting
        // for a core (seen in a loaded bench process: wasm 25× off, inside the budget).
        const plausible = plausibleVersusJs(name, status);
        if (js && plausible !== undefined && constants.nsPerOp > plausible * js.nsPerOp)
          throw new BudgetSpent(
            `it measured ${(constants.nsPerOp / js.nsPerOp).toFixed(2)}× js's time per operation, where ${plausible}× is the most it takes here: contended`,
          );
        measured[name] = constants;
        break;
      } catch (e) {
        const spent = e instanceof BudgetSpent;
        if (spent && attempt < BUDGET_ATTEMPTS) {
          await pause(RETRY_PAUSE_MS * attempt);
          continue;
        }
        if (spent) unmeasured.push(name);
        notes.push(
          `${name}: not measured (${(e as Error).message.split('\n')[0]}${spent ? `, ${BUDGET_ATTEMPTS} times` : ''})`,
        );
        break;
      } finally {
        spentMs += budget.spentMs;
      }
    }
    await yieldToEventLoop();
  }
  // js again, last: a figure far from its first says the machine's load changed while
  // measuring (another process started or ended), so the backends measured in between may
  // be off: the profile is used, but not trusted for later processes (see isComplete).
  let contended = false;
  const jsBackend = backendOf('js');
  if (measured.js && jsBackend && Object.keys(measured).length > 1) {
    const budget: Budget = { spentMs: 0, limitMs: budgetMs };
    try {
      const again = await measureBackend(jsBackend, budget, copyNsPerByte, copyLargeNsPerByte);
      const ratio = again.nsPerOp / measured.js.nsPerOp;
      if (ratio > LOAD_CHANGE_FACTOR || ratio < 1 / LOAD_CHANGE_FACTOR) {
        contended = true;
        notes.push(
          `js measured ${measured.js.nsPerOp.toFixed(3)} ns per operation first, ${again.nsPerOp.toFixed(3)} last: the machine's load changed while measuring; measured again next time`,
        );
      }
    } catch (e) {
      contended = true;
      notes.push(`js: not measured again (${(e as Error).message.split('\n')[0]})`);
    } finally {
      spentMs += budget.spentMs;
    }
  }
  // Backends not reached keep defaults, scaled by how fast js turned out to be here.
  const jsScale = measured.js
    ? measured.js.nsPerOp / defaultConstants('js', undefined, 1).nsPerOp
    : 1;
  const defaults = defaultProfile(key, statuses, jsScale, copyNsPerByte, copyLargeNsPerByte);
  return {
    ...defaults,
    copyNsPerByte,
    copyLargeNsPerByte,
    backends: { ...defaults.backends, ...measured },
    measuredAt: new Date().toISOString(),
    calibrationMs: Math.round((performance.now() - started) * 10) / 10,
    measuringMs: Math.round(spentMs * 10) / 10,
    notes,
    ...(unmeasured.length ? { unmeasured } : {}),
    ...(contended ? { contended } : {}),
  };
}

/** js's first and last figures per operation differing by more than this: the load changed. */
const LOAD_CHANGE_FACTOR = 1.5;

const STREAM_LENGTH = 1 << 16;
/**
 * The triad kernel runs on STREAM_LENGTH and on this many indices (arrays still in the
 * caches): the time per index between the two sizes is the streaming rate without the
 * fixed costs of a launch (a parallel backend's dispatch: 0.1 ms, 1.5 ns an index at
 * STREAM_LENGTH).
 */
const STREAM_LONG = 1 << 18;
/** Untimed runs of the triad on a JIT backend before timing it (tier-up). */
const JIT_WARM_RUNS = 6;
/** Timed runs of the triad at each size (js: 0.7 ms each at STREAM_LONG). */
const TRIAD_REPEATS = 4;
const COPY_REPEATS = 3;

/**
 * Host memcpy cost, ns per byte: the fastest of a few TypedArray.set of COPY_BYTES (after
 * one untimed copy that touches the pages). Charged to `budget`; about a millisecond.
 */
export function measureCopy(budget: Budget): number {
  const source = new Float64Array(COPY_BYTES / 8).fill(1.5);
  const target = new Float64Array(COPY_BYTES / 8);
  target.set(source);
  let best = Infinity;
  for (let r = 0; r < COPY_REPEATS; r++) {
    const start = performance.now();
    target.set(source);
    const elapsed = performance.now() - start;
    budget.spentMs += elapsed;
    best = Math.min(best, elapsed);
  }
  // A timer too coarse to see the copy (a browser's clamped clock) gives no number: default.
  return best > 0 ? Math.max(0.005, (best * 1e6) / COPY_BYTES) : MEMCPY_NS_PER_BYTE;
}

/**
 * Host copy cost for arrays beyond the caches, ns per byte: the fastest of three copies of
 * LARGE_COPY_BYTES into shared memory (as staging copies host arrays into the heap), after
 * the source is written and one untimed copy has touched the target's pages. Charged to
 * `budget`; some 40 ms (and as much again to fault in the arrays' pages), once per machine
 * (the profile is cached).
 */
export function measureLargeCopy(budget: Budget): number {
  const target = new Uint8Array(
    typeof SharedArrayBuffer === 'function'
      ? new SharedArrayBuffer(LARGE_COPY_BYTES)
      : new ArrayBuffer(LARGE_COPY_BYTES),
  );
  const source = new Uint8Array(LARGE_COPY_BYTES).fill(3);
  target.set(source);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    target.set(source);
    const elapsed = performance.now() - start;
    budget.spentMs += elapsed;
    best = Math.min(best, elapsed);
  }
  return best > 0 ? (best * 1e6) / LARGE_COPY_BYTES : 2 * MEMCPY_NS_PER_BYTE;
}
const COMPUTE_LENGTH = 1 << 13;
const COMPUTE_TRIPS = 64;

/** A backend's timed runs took longer than its budget (a busy machine): measured again later. */
class BudgetSpent extends Error {}

/** Time spent on timed runs so far, and the most that may be spent. */
export interface Budget {
  spentMs: number;
  readonly limitMs: number;
}

/** Minimum of `repeats` timed runs, ms; their time is charged to `budget`. */
async function timeRuns(
  compiled: CompiledKernel,
  args: LaunchArgs,
  repeats: number,
  budget: Budget,
): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await compiled.run(args);
    const elapsed = performance.now() - start;
    budget.spentMs += elapsed;
    best = Math.min(best, elapsed);
  }
  return best;
}

/** The constants of one backend; stops early (throws) once `budget` is spent. */
async function measureBackend(
  backend: Backend,
  budget: Budget,
  copyNsPerByte: number,
  copyLargeNsPerByte: number,
): Promise<BackendConstants> {
  const checkDeadline = (what: string): void => {
    if (budget.spentMs > budget.limitMs)
      throw new BudgetSpent(`its ${budget.limitMs} ms budget ran out during ${what}`);
  };
  const streamIr = streamKernel();
  const computeIr = computeKernel();
  const triadIr = triadKernel();
  const [stream, compute, triad] = await Promise.all([
    backend.compile(streamIr),
    backend.compile(computeIr),
    backend.compile(triadIr),
  ]);
  checkDeadline('compiling');
  const x = await backend.allocate('f32', STREAM_LENGTH);
  const out = await backend.allocate('f32', STREAM_LENGTH);
  const longX = await backend.allocate('f32', STREAM_LONG);
  const longY = await backend.allocate('f32', STREAM_LONG);
  const longOut = await backend.allocate('f32', STREAM_LONG);
  try {
    const host = new Float32Array(STREAM_LENGTH).fill(0.5);
    // Staging of a device (webgpu): a write and a read of a device array (the
    // host→device→host round trip), timed warm. Host backends stage at memcpy speed.
    let stageNsPerByte = backend.name === 'js' ? 0 : copyNsPerByte;
    let stageLargeNsPerByte = backend.name === 'js' ? 0 : copyLargeNsPerByte;
    if (backend.name === 'webgpu') {
      await x.write(host);
      await out.read();
      const stageStart = performance.now();
      await x.write(host);
      await out.read();
      const stageMs = performance.now() - stageStart;
      budget.spentMs += stageMs;
      stageNsPerByte = Math.max(copyNsPerByte, (stageMs * 1e6) / (2 * 4 * STREAM_LENGTH));
      stageLargeNsPerByte = Math.max(stageNsPerByte, copyLargeNsPerByte);
    }
    const streamArgs = (total: number): LaunchArgs => ({
      buffers: [
        { kind: 'device', storage: x },
        { kind: 'device', storage: out },
      ],
      scalars: [total, 1.5],
      grid: [total],
      total,
    });
    const triadArgs = (total: number): LaunchArgs => ({
      buffers: [
        { kind: 'device', storage: longX },
        { kind: 'device', storage: longY },
        { kind: 'device', storage: longOut },
      ],
      scalars: [total, 1.5],
      grid: [total],
      total,
    });
    const computeArgs: LaunchArgs = {
      buffers: [{ kind: 'device', storage: out }],
      scalars: [COMPUTE_LENGTH],
      grid: [COMPUTE_LENGTH],
      total: COMPUTE_LENGTH,
    };
    await stream.run(streamArgs(1)); // warm-up (a pool starts, a pipeline is built)
    const launchMs = await timeRuns(stream, streamArgs(1), 8, budget);
    checkDeadline('the launch overhead');
    // The first run of a fresh kernel (untimed for the budget): what cold costs here.
    const coldStart = performance.now();
    await compute.run(computeArgs);
    const firstRunMs = performance.now() - coldStart;
    const computeRunMs = await timeRuns(compute, computeArgs, 2, budget);
    checkDeadline('the arithmetic kernel');
    await stream.run(streamArgs(STREAM_LENGTH));
    const streamRunMs = await timeRuns(stream, streamArgs(STREAM_LENGTH), 2, budget);
    checkDeadline('the stream kernel');
    // A JIT (js, workers) tiers the loop up over a few runs: untimed until it has.
    for (let r = 0; r < (backendRecord(backend.name).jit ? JIT_WARM_RUNS : 1); r++)
      await triad.run(triadArgs(STREAM_LONG));
    // The fastest of several (a moment of contention only ever adds time).
    const triadShortMs = await timeRuns(triad, triadArgs(STREAM_LENGTH), TRIAD_REPEATS, budget);
    const triadLongMs = await timeRuns(triad, triadArgs(STREAM_LONG), TRIAD_REPEATS, budget);
    checkDeadline('the triad kernel');

    const computeWork = estimateWork(computeIr);
    const streamWork = estimateWork(streamIr);
    const nsPerOp = Math.max(
      1e-4,
      ((computeRunMs - launchMs) * 1e6) / (COMPUTE_LENGTH * computeWork.opsPerIndex),
    );
    const streamNsPerIndex = ((streamRunMs - launchMs) * 1e6) / STREAM_LENGTH;
    const nsPerByte = Math.max(
      1e-4,
      (streamNsPerIndex - streamWork.opsPerIndex * nsPerOp) / Math.max(1, streamWork.bytesPerIndex),
    );
    // The triad's time per index between the two sizes, over its operations.
    const streamNsPerOp = Math.max(
      1e-4,
      ((triadLongMs - triadShortMs) * 1e6) /
        ((STREAM_LONG - STREAM_LENGTH) * estimateWork(triadIr).opsPerIndex),
    );
    return {
      launchMs: Math.max(1e-4, launchMs),
      nsPerOp,
      nsPerByte,
      streamNsPerOp,
      stageNsPerByte,
      stageLargeNsPerByte,
      coldMs: Math.max(0, firstRunMs - computeRunMs),
      source: 'calibrated',
    };
  } finally {
    x.free();
    out.free();
    longX.free();
    longY.free();
    longOut.free();
  }
}

const f32Const = (v: number): Expr => ({ k: 'const', t: 'f32', v: Math.fround(v) });
const indexLocal: Expr = { k: 'local', t: 'i32', name: 'i' };

/** out[i] = x[i] · a + 1 over f32 arrays: streaming, a few operations per index. */
export function streamKernel(): IrKernel {
  const body: Stmt[] = [
    {
      k: 'store',
      arr: { kind: 'buffer', index: 1 },
      index: indexLocal,
      span: NO_SPAN,
      value: {
        k: 'bin',
        t: 'f32',
        op: '+',
        b: f32Const(1),
        a: {
          k: 'bin',
          t: 'f32',
          op: '*',
          a: {
            k: 'load',
            t: 'f32',
            arr: { kind: 'buffer', index: 0 },
            index: indexLocal,
            span: NO_SPAN,
          },
          b: { k: 'scalar', t: 'f32', index: 1 },
        },
      },
    },
  ];
  return {
    name: 'numbat_calibrate_stream',
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    buffers: [
      { name: 'x', dtype: 'f32', read: true, written: false, argIndex: 1 },
      { name: 'out', dtype: 'f32', read: false, written: true, argIndex: 2 },
    ],
    scalars: [
      { name: 'grid0', type: 'i32', source: { kind: 'grid', axis: 0 } },
      { name: 'a', type: 'f32', source: { kind: 'arg', argIndex: 0 } },
    ],
    localArrays: [],
    body,
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: false },
  };
}

/**
 * out[i] = a · x[i] + y[i] over f32 arrays: STREAM's triad (saxpy), the usual measure of
 * streaming throughput; its rate is what streaming kernels are predicted from.
 */
export function triadKernel(): IrKernel {
  const load = (index: number): Expr => ({
    k: 'load',
    t: 'f32',
    arr: { kind: 'buffer', index },
    index: indexLocal,
    span: NO_SPAN,
  });
  const stream = streamKernel();
  return {
    ...stream,
    name: 'numbat_calibrate_triad',
    buffers: [
      { name: 'x', dtype: 'f32', read: true, written: false, argIndex: 1 },
      { name: 'y', dtype: 'f32', read: true, written: false, argIndex: 2 },
      { name: 'out', dtype: 'f32', read: false, written: true, argIndex: 3 },
    ],
    body: [
      {
        k: 'store',
        arr: { kind: 'buffer', index: 2 },
        index: indexLocal,
        span: NO_SPAN,
        value: {
          k: 'bin',
          t: 'f32',
          op: '+',
          a: { k: 'bin', t: 'f32', op: '*', a: { k: 'scalar', t: 'f32', index: 1 }, b: load(0) },
          b: load(1),
        },
      },
    ],
  };
}

/** out[i] = 64 steps of acc = acc · 0.999 + 0.5 from f32(i): arithmetic, little memory. */
export function computeKernel(): IrKernel {
  const acc: Expr = { k: 'local', t: 'f32', name: 'acc' };
  const step: Expr = { k: 'local', t: 'i32', name: 'k' };
  const body: Stmt[] = [
    { k: 'let', name: 'acc', t: 'f32', init: { k: 'cast', t: 'f32', a: indexLocal } },
    { k: 'let', name: 'k', t: 'i32', init: { k: 'const', t: 'i32', v: 0 } },
    {
      k: 'loop',
      label: 'steps',
      postCond: null,
      cond: {
        k: 'bin',
        t: 'bool',
        op: '<',
        a: step,
        b: { k: 'const', t: 'i32', v: COMPUTE_TRIPS },
      },
      body: [
        {
          k: 'assign',
          name: 'acc',
          value: {
            k: 'bin',
            t: 'f32',
            op: '+',
            a: { k: 'bin', t: 'f32', op: '*', a: acc, b: f32Const(0.999) },
            b: f32Const(0.5),
          },
        },
      ],
      update: [
        {
          k: 'assign',
          name: 'k',
          value: { k: 'bin', t: 'i32', op: '+', a: step, b: { k: 'const', t: 'i32', v: 1 } },
        },
      ],
    },
    { k: 'store', arr: { kind: 'buffer', index: 0 }, index: indexLocal, value: acc, span: NO_SPAN },
  ];
  return {
    name: 'numbat_calibrate_compute',
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    buffers: [{ name: 'out', dtype: 'f32', read: false, written: true, argIndex: 0 }],
    scalars: [{ name: 'grid0', type: 'i32', source: { kind: 'grid', axis: 0 } }],
    localArrays: [],
    body,
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: false },
  };
}
