// gpu.ts — the WebGPU adapter and device: acquired once on first use, released when idle.
//
// Node: the `webgpu` package (Dawn) imported dynamically, `create([])`; browser:
// `navigator.gpu`. Every GPU operation runs inside `withGpu`, which counts work in
// flight; after IDLE_MS without work an unref'd timer evicts resident arrays to host
// memory, destroys the device and drops the Dawn instance, so a script that used the
// backend exits on its own. The next operation acquires a fresh device. A lost device
// is forgotten at once; the launch that saw it fails with the loss reason as its cause.

import { BufferPool } from './pool.js';
import { preflight } from './preflight.js';

/** How long the backend waits without work before it releases the device. */
export const IDLE_MS = 250;

/** One acquired device and the state tied to it (pool, pipelines). */
export interface GpuSession {
  readonly device: GPUDevice;
  readonly adapterInfo: Record<string, unknown>;
  readonly pool: BufferPool;
  /** Pipelines by WGSL text, for this device only. */
  readonly pipelines: Map<string, Promise<unknown>>;
  /** Set once the device is lost or released. */
  lostReason: string | null;
}

/** Something holding data on the device that must survive a release (resident arrays). */
export interface Evictable {
  /** Copies device data to host memory and drops the GPU buffer. */
  evict(session: GpuSession): Promise<void>;
  /** Forgets the GPU buffer after a device loss (data already lost). */
  forget(session: GpuSession): void;
  /** Bytes it holds on the device now. */
  deviceBytes(): number;
}

interface GpuApi {
  readonly gpu: GPU;
  /** The Dawn instance to drop on release (Node only). */
  dispose(): void;
}

let api: GpuApi | null = null;
let session: Promise<GpuSession> | null = null;
let live: GpuSession | null = null;
let inFlight = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
/** A release in progress: new work waits for it, then opens a fresh device. */
let releasing: Promise<void> | null = null;
/** Resident data, held weakly: an array the program dropped is not kept alive here. */
const residents = new Set<WeakRef<Evictable>>();
const residentRefs = new WeakMap<Evictable, WeakRef<Evictable>>();

/** Bytes on the device now: resident arrays, and idle buffers the pool keeps (for memoryUsage()). */
export function gpuMemory(): Record<string, number> {
  let resident = 0;
  for (const e of liveResidents()) resident += e.deviceBytes();
  return { gpuResidentBytes: resident, gpuPoolBytes: live?.pool.idleBytes ?? 0 };
}

/** Registers / unregisters resident data that a release must evict. */
export function trackResident(e: Evictable): void {
  const ref = new WeakRef(e);
  residentRefs.set(e, ref);
  residents.add(ref);
}
export function untrackResident(e: Evictable): void {
  const ref = residentRefs.get(e);
  if (ref) residents.delete(ref);
}

function liveResidents(): Evictable[] {
  const out: Evictable[] = [];
  for (const ref of residents) {
    const e = ref.deref();
    if (e) out.push(e);
    else residents.delete(ref);
  }
  return out;
}

/** Defined (true) in the browser build only: see nodeOrBrowser.ts. */
declare const __NUMBAT_BROWSER_BUILD__: boolean | undefined;

/** Why WebGPU cannot be loaded here, or the API. */
async function loadApi(): Promise<GpuApi> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, dispose: () => {} };
  // The browser build never loads Dawn for Node (a user's bundler would follow the import
  // into Dawn's `node:` imports). The define itself, not nodeOrBrowser's BROWSER_BUILD,
  // is tested here: esbuild folds it while parsing, so loadDawn and its import are dropped.
  return typeof __NUMBAT_BROWSER_BUILD__ !== 'undefined' ? noWebGpu() : loadDawn();
}

function noWebGpu(): never {
  throw new Error('navigator.gpu is undefined: this browser (or runtime) offers no WebGPU');
}

/** The `webgpu` package (Dawn for Node). */
async function loadDawn(): Promise<GpuApi> {
  let mod: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    const name = 'webgpu';
    mod = (await import(/* @vite-ignore */ name)) as typeof mod;
  } catch (e) {
    throw new Error(
      `the 'webgpu' package (Dawn for Node) is not installed or failed to load: ${(e as Error).message}`,
    );
  }
  // Only the constants the backend uses (GPUBufferUsage, GPUMapMode, GPUShaderStage).
  const g = globalThis as Record<string, unknown>;
  for (const key of ['GPUBufferUsage', 'GPUMapMode', 'GPUShaderStage']) {
    if (g[key] === undefined && mod.globals[key] !== undefined) g[key] = mod.globals[key];
  }
  if (nodeProcess) nodeProcess.env['XDG_RUNTIME_DIR'] ??= '/tmp'; // Dawn's Vulkan loader complains without it
  let gpu: GPU | null = mod.create([]);
  return {
    get gpu(): GPU {
      if (!gpu) throw new Error('the WebGPU instance was released');
      return gpu;
    },
    dispose: () => {
      gpu = null;
    },
  };
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

type NodeProcess = {
  env: Record<string, string | undefined>;
  getBuiltinModule?: (m: string) => any;
};
const nodeProcess = (globalThis as { process?: NodeProcess }).process;

/**
 * When no adapter is found with the machine's own Vulkan drivers (a machine without a
 * GPU: Debian's Mesa lavapipe is too old for Dawn), point the Vulkan loader at SwiftShader
 * from Debian's chromium package and try once more. An explicit VK_ICD_FILENAMES or
 * VK_DRIVER_FILES is left alone. Returns whether it changed anything.
 */
function fallBackToSwiftShader(): boolean {
  const fs = nodeProcess?.getBuiltinModule?.('node:fs');
  if (
    !nodeProcess ||
    !fs ||
    nodeProcess.env['VK_ICD_FILENAMES'] ||
    nodeProcess.env['VK_DRIVER_FILES']
  )
    return false;
  if (!fs.existsSync(SWIFTSHADER_ICD)) return false;
  nodeProcess.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
  return true;
}

const NO_ADAPTER_HINT =
  'no WebGPU adapter was found (with no GPU, point Dawn at SwiftShader: ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json, from the chromium package, with libvulkan1)';

async function requestAdapter(): Promise<GPUAdapter> {
  // Found first in a child process, so Dawn's warnings stay out of stderr (preflight.ts).
  const found = await preflight();
  if (found && !found.found)
    throw new Error(`${NO_ADAPTER_HINT}${found.said ? `; Dawn said: ${found.said}` : ''}`);
  api ??= await loadApi();
  let adapter = await api.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter && fallBackToSwiftShader()) {
    api.dispose();
    api = await loadApi();
    adapter = await api.gpu.requestAdapter({ powerPreference: 'high-performance' });
  }
  if (!adapter) throw new Error(NO_ADAPTER_HINT);
  return adapter;
}

function describeAdapter(adapter: GPUAdapter): Record<string, unknown> {
  const info = adapter.info as GPUAdapterInfo | undefined;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter:
      (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      false,
    subgroups: adapter.features.has('subgroups'),
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
  };
}

/**
 * Runs `f` (which records device operations) under validation, out-of-memory and
 * internal error scopes, and throws the first error the device reports for them, with
 * `what` saying which operation failed. Without this, Dawn prints such errors and the
 * operation silently does nothing.
 */
export async function withErrorScopes<T>(
  device: GPUDevice,
  what: string,
  f: () => T | Promise<T>,
): Promise<T> {
  const filters: GPUErrorFilter[] = ['validation', 'out-of-memory', 'internal'];
  for (const filter of filters) device.pushErrorScope(filter);
  let result: T;
  try {
    result = await f();
  } finally {
    // Always pop what was pushed (innermost first), even when f threw.
    const errors = await Promise.all(
      [...filters].reverse().map(() => device.popErrorScope().catch(() => null)),
    );
    const error = errors.find((e) => e !== null);
    if (error) {
      const kind =
        (
          { GPUOutOfMemoryError: 'out of memory', GPUInternalError: 'internal error' } as Record<
            string,
            string
          >
        )[error.constructor?.name ?? ''] ?? 'validation error';
      // biome-ignore lint/correctness/noUnsafeFinally: the device's error outranks a result (or a JS error) from f
      throw new Error(`numbat webgpu: ${what} failed (${kind}): ${error.message}`);
    }
  }
  return result;
}

/** Probes for an adapter without keeping a device; releases the instance when idle. */
export async function probeAdapter(): Promise<Record<string, unknown>> {
  return withGpu(async (s) => s.adapterInfo);
}

async function openSession(): Promise<GpuSession> {
  const adapter = await requestAdapter();
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
    },
  });
  const s: GpuSession = {
    device,
    adapterInfo: describeAdapter(adapter),
    pool: new BufferPool(device),
    pipelines: new Map(),
    lostReason: null,
  };
  void device.lost.then((info) => {
    if (s.lostReason === null)
      s.lostReason = `WebGPU device lost (${info.reason}): ${info.message}`;
    forgetSession(s);
  });
  live = s;
  return s;
}

function forgetSession(s: GpuSession): void {
  if (live !== s) return;
  for (const r of liveResidents()) r.forget(s);
  live = null;
  session = null;
}

/**
 * Runs `f` with a device, counting it as work in flight (the device is not released
 * while any runs). A device loss during `f` rejects with the loss reason as the cause.
 */
export async function withGpu<T>(f: (s: GpuSession) => Promise<T>): Promise<T> {
  inFlight++;
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  try {
    while (releasing) await releasing;
    session ??= openSession().catch((e: unknown) => {
      session = null;
      throw e;
    });
    const s = await session;
    try {
      return await f(s);
    } catch (e) {
      if (s.lostReason)
        throw new Error(
          `numbat webgpu: the launch failed because the device was lost: ${s.lostReason}`,
          { cause: e },
        );
      throw e;
    }
  } finally {
    inFlight--;
    if (inFlight === 0) scheduleRelease();
  }
}

function scheduleRelease(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    void releaseIfIdle();
  }, IDLE_MS);
  (idleTimer as { unref?: () => void }).unref?.();
}

async function releaseIfIdle(): Promise<void> {
  if (inFlight > 0 || !session) return;
  await release();
}

/**
 * Evicts resident arrays to host memory, destroys the device and drops the Dawn
 * instance. Work that starts meanwhile waits and then opens a fresh device.
 */
export async function release(): Promise<void> {
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  while (releasing) await releasing;
  releasing = doRelease().finally(() => {
    releasing = null;
  });
  await releasing;
}

async function doRelease(): Promise<void> {
  const pending = session;
  if (!pending) {
    dropApi();
    return;
  }
  let s: GpuSession;
  try {
    s = await pending;
  } catch {
    session = null;
    dropApi();
    return;
  }
  for (const r of liveResidents()) {
    try {
      await r.evict(s);
    } catch {
      r.forget(s);
    }
  }
  session = null;
  live = null;
  s.lostReason = 'released';
  s.pool.destroyAll();
  s.pipelines.clear();
  s.device.destroy();
  dropApi();
}

function dropApi(): void {
  api?.dispose();
  api = null;
}
