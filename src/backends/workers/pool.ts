// pool.ts — the persistent worker pool: lazy start, kernel registration, and dispatch of
// one job at a time through the shared control block (layout and claiming protocol in
// control.ts). Also the serial runner used when a launch is too small to be worth waking
// the workers; it cuts the grid into the very same chunks, so a reduction combines the
// same partials in the same order whichever way it ran.
// Jobs are generated JS (the workers backend) or wasm kernels (the wasm backend: every
// thread instantiates the module once and calls its `run` per claimed chunk).

import type { DType, TypedArray } from '../../jit/types/dtype.js';
import type { JsKernelModule } from '../../jit/codegen/jsAbi.js';
import type { Heap } from '../heap.js';
import {
  BUFFER_DESCRIPTOR_SIZE,
  CHUNKS_PER_THREAD,
  CONTROL_BYTES,
  DONE,
  ERR,
  F_BUFFERS,
  F_CHUNK_SIZE,
  F_END,
  F_BASE,
  F_PARTIALS,
  F_SCALARS,
  F_TOTAL,
  GEN,
  HEADER_BYTES,
  IDX_BITS,
  IDX_MASK,
  IS_REDUCE,
  JOB_TAG,
  KERNEL_ID,
  N_BUFFERS,
  N_CHUNKS,
  N_SCALARS,
  NEXT,
  READY,
  STOP,
  TAG_LIMIT,
  dtypeCode,
  JOB_KIND,
  JOB_KIND_JS,
  JOB_KIND_WASM,
  WASM_ARGS,
  WASM_CONTRIBUTED,
  WASM_SCRATCH,
  WASM_SCRATCH_STRIDE,
} from './control.js';
import type { ChunkPlan } from './control.js';
import { hardwareThreads, startHost } from './host.js';
import { isNodeLike } from '../../runtime/nodeOrBrowser.js';
import { abortReason } from '../eventLoop.js';
import { PARALLEL_THRESHOLD_NS, POOL_SPAWN_MS } from '../costs.js';
import type { KernelCode, ThreadHost, WasmKernelCode, WorkerErrorReport } from './host.js';

/** Where one kernel buffer lives in the heap for a parallel job. */
export interface BufferDescriptor {
  readonly dtype: DType;
  readonly byteOffset: number;
  readonly length: number;
}

/**
 * A wasm kernel's part of a job: every worker calls its instance's
 * `run(argsPtr, begin, end, scratchPtr + thread · scratchStride)` per claimed chunk.
 */
export interface WasmJobPart {
  readonly argsPtr: number;
  readonly scratchPtr: number;
  readonly scratchStride: number;
  /** Heap offset of an Int32 per chunk that receives scratch word 0 ("contributed"), or 0. */
  readonly contributedPtr: number;
  /**
   * Set when the calling thread claims chunks too (WorkerPool.mainJoins): the module's `run`
   * on this thread and the scratch area it uses (one past the workers' areas).
   */
  readonly onMain?: {
    readonly run: (args: number, begin: number, end: number, scratch: number) => number | undefined;
    readonly scratchPtr: number;
  };
}

/** One launch as the pool runs it. */
export interface PoolJob {
  readonly kernelId: number;
  /** Set for wasm kernels (registerWasm); then `buffers` and `scalars` are unused. */
  readonly wasm?: WasmJobPart;
  readonly buffers: readonly BufferDescriptor[];
  readonly scalars: readonly number[];
  readonly total: number;
  readonly plan: ChunkPlan;
  readonly reduce: boolean;
  /** Abandons the job: no further chunk starts, and the launch rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** ERR value of an aborted job (1 is a chunk's error). */
const ERR_ABORTED = 2;
/** How long an aborted job's running chunks may take before the workers are terminated. */
const RUNAWAY_GRACE_MS = 200;

/** Options for a pool (tests pin the thread count). */
export interface PoolOptions {
  /** Threads that run chunks (Node: workers + main). Default: the hardware's. */
  readonly threads?: number;
  /**
   * Launches estimated to run shorter than this (by the kernel's measured cost) stay on
   * the calling thread. Default 40 µs; 0 sends every multi-chunk launch to the pool.
   */
  readonly parallelThresholdNs?: number;
  /**
   * Parallel wasm launches estimated (by the kernel's measured cost) to run shorter than
   * this on one thread are shared between the calling thread and threads − 1 workers (Node);
   * longer ones, and kernels not yet measured, run on the workers alone so that the event
   * loop stays free, once they are up (the calling thread runs a launch while they boot,
   * unless it can be aborted: mainJoins). Default 2 ms; 0 lets the calling thread join only
   * while they boot.
   */
  readonly mainJoinsBelowNs?: number;
  /**
   * Short launches run on the calling thread alone while their shared runs took at least
   * this fraction of the serial prediction (see serialIsFaster). Default 0.9; Infinity keeps
   * sharing them.
   */
  readonly sharedNoFaster?: number;
}

/**
 * Below this estimated run time (on one thread) the calling thread claims chunks beside the
 * workers. A short launch is otherwise bound by waking the workers and then the calling
 * thread: on a 2-core machine with another process busy, a 256² gemm (three launches of
 * ≈0.1–0.5 ms) took 0.8 ms or 1.3–1.7 ms from call to call (one waiting thread scheduled
 * late); with the calling thread running chunks from the start, a late worker costs at most
 * its share. Blocking the event loop for ≤ 2 ms is the price (the serial path below
 * PARALLEL_THRESHOLD_NS blocks too).
 */
const DEFAULT_MAIN_JOINS_BELOW_NS = 2_000_000;
/**
 * A kernel's short launches run on the calling thread alone while, shared, they took at
 * least this fraction of the time one thread is predicted to take (the machine's other
 * cores busy: a worker scheduled late or preempted in a chunk makes the launch wait)...
 */
const DEFAULT_SHARED_NO_FASTER = 0.9;
/** ...except every PROBE_EVERY-th, which is shared again to see whether that has changed. */
const PROBE_EVERY = 8;

const now: () => number =
  typeof performance === 'object' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now();

const ignore = (): void => undefined;

/** A worker's report of a chunk that threw. */
interface ChunkFailure {
  readonly chunk: number;
  readonly error: unknown;
}

/**
 * Runs every chunk of `plan` on the calling thread, in order. Returns the partials of a
 * reduce kernel (one per chunk), else undefined. Errors propagate unchanged.
 */
export function runChunksSerially(
  module: JsKernelModule,
  views: readonly TypedArray[],
  scalars: readonly number[],
  total: number,
  plan: ChunkPlan,
  reduce: boolean,
): number[] | undefined {
  const partials: number[] | undefined = reduce ? new Array<number>(plan.chunks) : undefined;
  for (let chunk = 0; chunk < plan.chunks; chunk++) {
    const begin = (plan.base ?? 0) + chunk * plan.chunkSize;
    const end = Math.min(total, begin + plan.chunkSize);
    const partial = module.run(views, scalars, begin, end);
    if (partials) partials[chunk] = partial as number;
  }
  return partials;
}

const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  Error,
  RangeError,
  TypeError,
  EvalError,
  ReferenceError,
  SyntaxError,
  URIError,
};

/** Rebuilds a worker's error on this thread, keeping its class, message and stack. */
export function rebuildError(report: WorkerErrorReport): Error {
  const ErrorClass = ERROR_CLASSES[report.name] ?? Error;
  const error = new ErrorClass(report.message);
  if (!(report.name in ERROR_CLASSES)) error.name = report.name;
  if (report.stack) error.stack = `${report.stack}\n    (thrown in a numbat worker thread)`;
  return error;
}

/**
 * What starting the threads takes before they run a first chunk, ms: Node workers booting
 * and instantiating the module (measured here: 35–45 ms for two on a 2-vCPU machine; a
 * browser's Web Workers about as much). Only `auto` reads it, before a pool has run a job
 * (startupPendingMs).
 */
export const POOL_START_MS = 40;

/** The process's pool of worker threads (one per Heap; see index.ts for the singleton). */
export class WorkerPool {
  private readonly heap: Heap;
  private readonly requestedThreads: number | undefined;
  private readonly parallelThresholdNs: number;
  private readonly mainJoinsBelowNs: number;
  private readonly sharedNoFaster: number;
  private threadCount: number | undefined;
  private threadCountPromise: Promise<number> | undefined;
  private host: ThreadHost | undefined;
  private starting: Promise<ThreadHost> | undefined;
  /** When the threads were started (performance.now()); undefined before. */
  private startedAt: number | undefined;
  /** Whether a parallel job has finished on the threads since they started. */
  private ranJob = false;
  /** Every registered kernel, in id order: [id, code]. */
  private readonly sources: Array<readonly [number, KernelCode]> = [];
  /** Kernels whose code the workers have not all confirmed yet (browser only). */
  private readonly pendingSends = new Map<number, Promise<void>>();
  private ctl: Int32Array = new Int32Array(0);
  private f64: Float64Array = new Float64Array(0);
  private tag = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Tail of the launch order (see exclusive). */
  private order: Promise<unknown> = Promise.resolve();
  /** Per kernel: measured nanoseconds per grid index on one thread. */
  private readonly costs = new Map<number, number>();
  /** Per kernel: nanoseconds per grid index on the calling thread (serial runs, its chunks). */
  private readonly serialNs = new Map<number, number>();
  /**
   * Per kernel: a shared launch's time over the serial prediction (running mean), and the
   * short launches run serially since the last shared one.
   */
  private readonly shared = new Map<number, { ratio: number; serialRuns: number }>();
  /** Chunks the calling thread ran in parallel jobs (serveOnMain), for tests and profiling. */
  private mainChunks = 0;

  constructor(heap: Heap, options: PoolOptions = {}) {
    this.heap = heap;
    this.requestedThreads = options.threads;
    this.parallelThresholdNs = options.parallelThresholdNs ?? PARALLEL_THRESHOLD_NS;
    this.mainJoinsBelowNs = options.mainJoinsBelowNs ?? DEFAULT_MAIN_JOINS_BELOW_NS;
    this.sharedNoFaster = options.sharedNoFaster ?? DEFAULT_SHARED_NO_FASTER;
  }

  /** Threads that run chunks, when already known (undefined before the first resolve). */
  get threads(): number | undefined {
    return this.threadCount;
  }

  /** Chunks of parallel jobs the calling thread has run so far (see mainJoins). */
  get chunksRunOnMain(): number {
    return this.mainChunks;
  }

  /** Worker threads running now (0 before the pool starts). */
  get startedWorkers(): number {
    return this.host?.workers ?? 0;
  }

  /** Resolves the number of threads that run chunks, without starting any. */
  async resolveThreads(): Promise<number> {
    if (this.threadCount !== undefined) return this.threadCount;
    this.threadCountPromise ??= (async () => {
      const hardware = await hardwareThreads();
      const threads = Math.max(1, Math.floor(this.requestedThreads ?? hardware));
      this.threadCount = threads;
      return threads;
    })();
    return this.threadCountPromise;
  }

  /** Registers a kernel's generated source; returns its id. Workers get it by message. */
  register(source: KernelCode): number {
    const id = this.sources.length;
    this.sources.push([id, source]);
    if (this.host) this.send(this.host, id, source);
    return id;
  }

  /** Registers a compiled wasm kernel (each thread instantiates it once); returns its id. */
  registerWasm(code: WasmKernelCode): number {
    return this.register(code);
  }

  /** Whether a launch is worth the workers' wake-up (by the kernel's measured cost). */
  shouldParallelize(kernelId: number, total: number, plan: ChunkPlan): boolean {
    if (plan.chunks <= 1) return false;
    if (this.threadCount !== undefined && this.threadCount <= 1 && isNodeLike()) return false;
    const nsPerItem = this.costs.get(kernelId);
    return nsPerItem === undefined || nsPerItem * total >= this.parallelThresholdNs;
  }

  /**
   * Whether the calling thread should claim chunks of a parallel wasm launch of `total`
   * indices in `chunks` chunks (see PoolOptions.mainJoinsBelowNs): Node only (a browser's
   * main thread must not block), never for a launch that can be aborted (a chunk on this
   * thread cannot be stopped, and a kernel's cost may depend on its arguments: one measured
   * cheap can run for seconds), and then while the threads boot, if the launch is cut fine
   * enough that a chunk is a small part of it (serveOnMain), or for a kernel with a measured
   * cost whose estimate is below the limit.
   */
  mainJoins(kernelId: number, total: number, chunks: number, abortable = false): boolean {
    const threads = this.threadCount ?? 1;
    if (!isNodeLike() || threads < 2 || abortable) return false;
    if (this.booting() && chunks >= threads * CHUNKS_PER_THREAD) return true;
    const nsPerItem = this.costs.get(kernelId);
    return nsPerItem !== undefined && nsPerItem * total < this.mainJoinsBelowNs;
  }

  /**
   * Whether the workers are not all up yet: not started, or some not READY (POOL_START_MS;
   * 50–100 ms for two Node workers on a 2-core machine that also runs the calling thread).
   */
  private booting(): boolean {
    const workers = this.host?.workers;
    return workers === undefined || Atomics.load(this.ctl, READY) < workers;
  }

  /**
   * Whether a short launch (one mainJoins accepts) should run on the calling thread alone:
   * its kernel's shared launches were no faster than one thread (PoolOptions.sharedNoFaster),
   * and this is not a probe (PROBE_EVERY). The chunks are the same either way.
   */
  serialIsFaster(kernelId: number): boolean {
    const seen = this.shared.get(kernelId);
    if (!seen || seen.ratio < this.sharedNoFaster) return false;
    if (++seen.serialRuns >= PROBE_EVERY) {
      seen.serialRuns = 0;
      return false;
    }
    return true;
  }

  /**
   * Records a shared launch (the calling thread and the workers) of `items` indices that
   * took `elapsedMs`, against the calling thread's own speed (serialIsFaster).
   */
  recordShared(kernelId: number, elapsedMs: number, items: number): void {
    const serialNs = this.serialNs.get(kernelId);
    if (serialNs === undefined || serialNs <= 0 || items <= 0) return;
    const ratio = (elapsedMs * 1e6) / (serialNs * items);
    const seen = this.shared.get(kernelId);
    if (seen) seen.ratio = (seen.ratio + ratio) / 2;
    else this.shared.set(kernelId, { ratio, serialRuns: 0 });
  }

  /** Records the calling thread's own time for `items` grid indices of a kernel. */
  recordSerialCost(kernelId: number, elapsedMs: number, items: number): void {
    if (items <= 0) return;
    const measured = (elapsedMs * 1e6) / items;
    const previous = this.serialNs.get(kernelId);
    this.serialNs.set(kernelId, previous === undefined ? measured : (previous + measured) / 2);
  }

  /** Records a measured cost (milliseconds over `items` grid indices) for a kernel. */
  recordCost(kernelId: number, elapsedMs: number, items: number): void {
    if (items <= 0) return;
    const measured = (elapsedMs * 1e6) / items;
    const previous = this.costs.get(kernelId);
    this.costs.set(kernelId, previous === undefined ? measured : (previous + measured) / 2);
  }

  /**
   * Runs `task` after every task queued before it has settled: launches of this backend
   * take effect in call order (like a device queue) even when nobody awaits them.
   */
  exclusive<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.order.then(task);
    this.order = result.then(ignore, ignore);
    return result;
  }

  /**
   * Runs a job across the pool. Resolves to the partials in chunk order for a reduce
   * kernel, else undefined; rejects with the first failing chunk's error (lowest chunk
   * index), class and message preserved. One job runs at a time; later ones queue.
   */
  async launch(job: PoolJob): Promise<number[] | undefined> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      const host = this.host ?? (await this.start());
      const pending = this.pendingSends.get(job.kernelId);
      if (pending) await pending;
      const result = await this.dispatch(host, job);
      this.ranJob = true;
      return result;
    } finally {
      release();
    }
  }

  /**
   * What a parallel launch would still wait for the threads to start, ms: POOL_START_MS
   * before they are started, less the time since while they start, 0 once every thread
   * is up (READY) or a job has run on them (or where launches never go parallel: one
   * thread in Node). A launch the calling thread runs while they boot (`runsWhileBooting`:
   * wasm in Node, mainJoins) waits for nothing: it costs what creating them costs this
   * thread (POOL_SPAWN_MS) until they are started.
   */
  startupPendingMs(runsWhileBooting = false): number {
    if (this.ranJob) return 0;
    if (this.threadCount !== undefined && this.threadCount <= 1 && isNodeLike()) return 0;
    if (runsWhileBooting && isNodeLike()) return this.startedAt === undefined ? POOL_SPAWN_MS : 0;
    if (this.startedAt === undefined) return POOL_START_MS;
    if (!this.booting()) return 0;
    // Not every thread is up: what the estimate leaves, and at least a quarter of it (a
    // loaded machine boots them slower).
    return Math.max(POOL_START_MS / 4, POOL_START_MS - (performance.now() - this.startedAt));
  }

  /**
   * Starts the threads without waiting for them (`auto` runs a kernel elsewhere meanwhile);
   * a failed start is retried by the next launch that needs them.
   */
  startInBackground(): void {
    this.start().catch(ignore);
  }

  /** Terminates workers stuck in an abandoned job; the next launch starts a fresh pool. */
  private async terminateRunaway(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    this.starting = undefined;
    this.startedAt = undefined;
    this.ranJob = false;
    if (host) await host.terminate();
  }

  /** Stops the workers; a later launch starts a fresh pool. */
  async shutdown(): Promise<void> {
    const host = this.host ?? (this.starting ? await this.starting : undefined);
    if (!host) return;
    Atomics.store(this.ctl, STOP, 1);
    Atomics.add(this.ctl, GEN, 1);
    Atomics.notify(this.ctl, GEN);
    this.host = undefined;
    this.starting = undefined;
    this.startedAt = undefined;
    this.ranJob = false;
    await host.terminate();
  }

  private start(): Promise<ThreadHost> {
    this.startedAt ??= performance.now();
    this.starting ??= (async () => {
      const threads = await this.resolveThreads();
      const control = new SharedArrayBuffer(CONTROL_BYTES);
      this.ctl = new Int32Array(control, 0, HEADER_BYTES / 4);
      this.f64 = new Float64Array(control, HEADER_BYTES, F_END);
      Atomics.store(this.ctl, JOB_TAG, -1);
      const known = this.sources.length;
      const host = await startHost(
        { memory: this.heap.memory, control, kernels: this.sources.slice(0, known) },
        threads,
      );
      // Kernels registered while the threads were starting.
      for (const [id, source] of this.sources.slice(known)) this.send(host, id, source);
      this.host = host;
      return host;
    })();
    // A failed start (no threads could be created) is retried by the next launch.
    this.starting.catch(() => {
      this.starting = undefined;
      this.startedAt = undefined;
    });
    return this.starting;
  }

  private send(host: ThreadHost, id: number, source: KernelCode): void {
    const confirmed = host.sendKernel(id, source);
    if (confirmed) {
      this.pendingSends.set(
        id,
        confirmed.then(() => void this.pendingSends.delete(id)),
      );
    }
  }

  private nextTag(): number {
    this.tag = this.tag + 1 >= TAG_LIMIT ? 1 : this.tag + 1;
    return this.tag;
  }

  /** Publishes the job, claims chunks on main (Node), waits, and gathers the outcome. */
  private async dispatch(host: ThreadHost, job: PoolJob): Promise<number[] | undefined> {
    const { ctl, f64 } = this;
    const { plan } = job;
    // Publish: invalidate the tag, write the parameters, then tag and claim counter.
    Atomics.store(ctl, JOB_TAG, -1);
    Atomics.store(ctl, KERNEL_ID, job.kernelId);
    Atomics.store(ctl, N_CHUNKS, plan.chunks);
    Atomics.store(ctl, N_BUFFERS, job.buffers.length);
    Atomics.store(ctl, N_SCALARS, job.scalars.length);
    Atomics.store(ctl, IS_REDUCE, job.reduce ? 1 : 0);
    Atomics.store(ctl, JOB_KIND, job.wasm ? JOB_KIND_WASM : JOB_KIND_JS);
    if (job.wasm) {
      Atomics.store(ctl, WASM_ARGS, job.wasm.argsPtr);
      Atomics.store(ctl, WASM_SCRATCH, job.wasm.scratchPtr);
      Atomics.store(ctl, WASM_SCRATCH_STRIDE, job.wasm.scratchStride);
      Atomics.store(ctl, WASM_CONTRIBUTED, job.wasm.contributedPtr);
    }
    Atomics.store(ctl, ERR, 0);
    Atomics.store(ctl, DONE, 0);
    f64[F_TOTAL] = job.total;
    f64[F_CHUNK_SIZE] = plan.chunkSize;
    f64[F_BASE] = plan.base ?? 0;
    job.buffers.forEach((buffer, index) => {
      const at = F_BUFFERS + index * BUFFER_DESCRIPTOR_SIZE;
      f64[at] = dtypeCode(buffer.dtype);
      f64[at + 1] = buffer.byteOffset;
      f64[at + 2] = buffer.length;
    });
    job.scalars.forEach((value, index) => {
      f64[F_SCALARS + index] = value;
    });
    const started = now();
    const tag = this.nextTag();
    Atomics.store(ctl, JOB_TAG, tag);
    Atomics.store(ctl, NEXT, tag << IDX_BITS);
    Atomics.add(ctl, GEN, 1);
    const onMain = job.wasm?.onMain;
    // With the calling thread claiming chunks, threads − 1 workers make `threads` in all.
    Atomics.notify(ctl, GEN, onMain ? Math.max(1, (this.threadCount ?? 1) - 1) : undefined);

    // The calling thread's failures are collected here, the workers' reports added below.
    const failures: ChunkFailure[] = [];
    // Whether the workers were up when the calling thread started on its share.
    const booted = onMain ? this.serveOnMain(job, onMain, tag, failures) : true;
    // An abort stops the claiming of chunks (workers skip a chunk while ERR is set); chunks
    // already running finish, and a chunk still running after RUNAWAY_GRACE_MS (a kernel
    // that never returns) is stopped by terminating the workers.
    const signal = job.signal;
    let abandon: (() => void) | undefined;
    const abandoned = signal
      ? new Promise<void>((resolve) => {
          abandon = resolve;
        })
      : undefined;
    const onAbort = (): void => {
      Atomics.compareExchange(ctl, ERR, 0, ERR_ABORTED);
      const timer = setTimeout(() => abandon?.(), RUNAWAY_GRACE_MS);
      (timer as { unref?: () => void }).unref?.();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await host.waitDone(ctl, plan.chunks, abandoned);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) {
      if (Atomics.load(ctl, DONE) < plan.chunks) await this.terminateRunaway();
      throw abortReason(signal);
    }

    if (Atomics.load(ctl, ERR) !== 0) {
      const collected = host.collectErrors(tag);
      const reports = Array.isArray(collected) ? collected : await collected;
      for (const report of reports)
        failures.push({ chunk: report.chunk, error: rebuildError(report) });
      failures.sort((a, b) => a.chunk - b.chunk);
      throw (
        failures[0]?.error ??
        new Error(
          `numbat: a worker thread failed while running kernel #${job.kernelId} but its error was lost`,
        )
      );
    }
    const elapsed = now() - started;
    const items = job.total - (plan.base ?? 0);
    // A launch the calling thread ran while the workers booted tells nothing of sharing
    // (its own chunks gave the kernel's cost: serveOnMain).
    if (booted) {
      if (onMain) this.recordShared(job.kernelId, elapsed, items);
      // The per-index cost on one thread, for shouldParallelize.
      this.recordCost(job.kernelId, elapsed * (this.threadCount ?? 1), items);
    }
    if (!job.reduce) return undefined;
    return Array.from(f64.subarray(F_PARTIALS, F_PARTIALS + plan.chunks));
  }

  /**
   * The calling thread's share of a wasm job: claims chunks exactly as a worker does
   * (workerSource.ts serve/runChunk) until none is left or its time is up, in its own
   * scratch area.
   */
  private serveOnMain(
    job: PoolJob,
    onMain: NonNullable<WasmJobPart['onMain']>,
    tag: number,
    failures: ChunkFailure[],
  ): boolean {
    const { ctl, f64 } = this;
    const wasm = job.wasm!;
    const { chunkSize, chunks } = job.plan;
    const base = job.plan.base ?? 0;
    // A launch slower than predicted (a kernel whose cost depends on its arguments) does not
    // hold the event loop much longer: past the limit the workers finish it alone. While
    // they boot it claims on, for at most POOL_START_MS and the chunk then running, and each
    // worker joins the job once it is up (workerSource.ts nodeLoop): a first launch does not
    // wait for the threads. (A chunk is at most 1/CHUNKS_PER_THREAD of a thread's share,
    // mainJoins; run here before V8 has optimised the module, it may take 2-3× as long as on
    // a worker later.)
    const from = now();
    const stopAt = from + this.mainJoinsBelowNs / 1e6;
    const booted = !this.booting();
    const bootHoldUntil = booted ? from : from + POOL_START_MS;
    let ran = 0;
    let items = 0;
    for (;;) {
      const t = now();
      if (t >= stopAt && !(t < bootHoldUntil && this.booting())) break;
      const claim = Atomics.add(ctl, NEXT, 1);
      const chunk = claim & IDX_MASK;
      if (claim >>> IDX_BITS !== tag || chunk >= chunks) break;
      if (Atomics.load(ctl, ERR) === 0) {
        this.mainChunks++;
        const begin = base + chunk * chunkSize;
        const end = Math.min(job.total, begin + chunkSize);
        const started = now();
        try {
          const partial = onMain.run(wasm.argsPtr, begin, end, onMain.scratchPtr);
          if (wasm.contributedPtr !== 0) {
            const words = new Int32Array(this.heap.buffer);
            words[(wasm.contributedPtr >> 2) + chunk] = words[onMain.scratchPtr >> 2]!;
          }
          if (job.reduce) f64[F_PARTIALS + chunk] = partial!;
          ran += now() - started;
          items += end - begin;
        } catch (error) {
          Atomics.store(ctl, ERR, 1);
          failures.push({ chunk, error });
        }
      }
      Atomics.add(ctl, DONE, 1);
    }
    this.recordSerialCost(job.kernelId, ran, items);
    // The launch's time says nothing of the threads' speed (dispatch): this thread's does.
    if (!booted) this.recordCost(job.kernelId, ran, items);
    return booted;
  }
}
