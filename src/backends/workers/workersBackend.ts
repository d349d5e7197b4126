// workersBackend.ts — the 'workers' backend: generated JavaScript run across a pool of
// worker threads over the shared heap.
//
// compile() turns IR into JS source (through the injected codegen, see index.ts) and
// hands it to compileSource(), which instantiates it on the calling thread and registers
// it with the pool. A launch validates its arrays, cuts the grid into chunks (planChunks,
// timing-independent), and either runs the chunks on the calling thread (small launches:
// no copies at all) or places the arrays in the heap and dispatches to the pool.
// Reductions combine the per-chunk partials in chunk order on the calling thread.

import type {
  Backend,
  BackendStatus,
  CompiledKernel,
  DeviceStorage,
  LaunchArgs,
} from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import type { DType } from '../../jit/types/dtype.js';
import type { JsKernelModule } from '../../jit/codegen/jsAbi.js';
import { instantiateJs } from '../../jit/codegen/jsAbi.js';
import { type Heap, sharedHeap } from '../heap.js';
import { MAX_BUFFERS, MAX_SCALARS, planLaunch } from './control.js';
import { jsEvalUnavailableReason, threadsUnavailableReason } from './host.js';
import { callerViews, normalizeBuffers, placeInHeap, validateLaunch } from './marshal.js';
import { WorkerPool, runChunksSerially } from './pool.js';
import { WorkersStorage } from './storage.js';
import { emptyGridResult, foldPartials, reduceChunks } from '../../jit/reduceOrder.js';
import { compileForCpu } from '../cooperative.js';

/** Generates the JS source of a kernel (the JS codegen, injected to keep this file testable). */
export type JsCodegen = (ir: IrKernel) => { source: string };

/** Options for a workers backend instance (tests use their own heap and thread count). */
export interface WorkersBackendOptions {
  /** The heap arrays live in (default: the process-wide sharedHeap()). */
  readonly heap?: Heap;
  /** Worker threads that run chunks. Default: the hardware's. */
  readonly threads?: number;
  /** See PoolOptions.parallelThresholdNs (tests use 0 to force the pool). */
  readonly parallelThresholdNs?: number;
  /** The codegen compile() uses; without it only compileSource() works. */
  readonly codegen?: JsCodegen;
}

/** The 'workers' backend; see the file header. */
export class WorkersBackend implements Backend {
  readonly name = 'workers' as const;
  readonly nativeFloat = 'f64' as const;
  private readonly options: WorkersBackendOptions;
  private heapInstance: Heap | undefined;
  private poolInstance: WorkerPool | undefined;

  constructor(options: WorkersBackendOptions = {}) {
    this.options = options;
  }

  /** The heap this backend's arrays live in (created on first use). */
  get heap(): Heap {
    this.heapInstance ??= this.options.heap ?? sharedHeap();
    return this.heapInstance;
  }

  /** The worker pool (created on first use; its threads start on the first parallel launch). */
  get pool(): WorkerPool {
    const { threads, parallelThresholdNs } = this.options;
    this.poolInstance ??= new WorkerPool(this.heap, {
      ...(threads === undefined ? {} : { threads }),
      ...(parallelThresholdNs === undefined ? {} : { parallelThresholdNs }),
    });
    return this.poolInstance;
  }

  startupMs(): number {
    return this.pool.startupPendingMs();
  }

  startInBackground(): void {
    this.pool.startInBackground();
  }

  async probe(): Promise<BackendStatus> {
    const reason = jsEvalUnavailableReason() ?? (await threadsUnavailableReason());
    if (reason !== null) return { name: 'workers', available: false, reason, info: {} };
    try {
      void this.heap;
    } catch (error) {
      return {
        name: 'workers',
        available: false,
        reason: `cannot create the shared memory: ${String(error)}`,
        info: {},
      };
    }
    // The pool's thread count, known from now on (startupMs reads it).
    const threads = await this.pool.resolveThreads();
    return { name: 'workers', available: true, info: { threads, heapBytes: this.heap.byteLength } };
  }

  refuse(_ir: IrKernel): string | null {
    return null;
  }

  async compile(ir: IrKernel): Promise<CompiledKernel> {
    const codegen = this.options.codegen;
    if (!codegen)
      throw new Error(
        `numbat internal error: the workers backend has no JS codegen to compile kernel '${ir.name}'`,
      );
    return compileForCpu(ir, 'js', (flat) => this.compileSource(flat, codegen(flat).source));
  }

  /** Compiles already generated JS source (the pool-facing half of compile). */
  compileSource(ir: IrKernel, source: string): CompiledKernel {
    if (ir.buffers.length > MAX_BUFFERS) {
      throw new RangeError(
        `numbat: kernel '${ir.name}' has ${ir.buffers.length} array parameters; the workers backend supports at most ${MAX_BUFFERS}`,
      );
    }
    if (ir.scalars.length > MAX_SCALARS) {
      throw new RangeError(
        `numbat: kernel '${ir.name}' needs ${ir.scalars.length} scalar values; the workers backend supports at most ${MAX_SCALARS}`,
      );
    }
    let module: JsKernelModule;
    try {
      module = instantiateJs(source);
    } catch (error) {
      throw new Error(
        `numbat internal error: the generated JavaScript for kernel '${ir.name}' does not evaluate (${String(error)}). This is a numbat bug; generated code:\n${source}`,
      );
    }
    if (ir.reduce && typeof module.combine !== 'function') {
      throw new Error(
        `numbat internal error: the generated JavaScript for reduce kernel '${ir.name}' has no combine function`,
      );
    }
    const kernelId = this.pool.register(source);
    return {
      code: source,
      notes: [],
      run: (args) => this.pool.exclusive(() => this.launch(ir, module, kernelId, args)),
    };
  }

  async allocate(dtype: DType, length: number, zeroed = true): Promise<DeviceStorage> {
    return new WorkersStorage(this.heap, dtype, length, zeroed);
  }

  async shutdown(): Promise<void> {
    await this.poolInstance?.shutdown();
  }

  private async launch(
    ir: IrKernel,
    module: JsKernelModule,
    kernelId: number,
    args: LaunchArgs,
  ): Promise<number | undefined> {
    const heap = this.heap;
    validateLaunch(ir, args, heap, 'workers');
    const buffers = normalizeBuffers(args.buffers);
    const reduce = ir.reduce !== null;
    if (args.total === 0) return emptyGridResult(ir.reduce);

    const pool = this.pool;
    const threads = pool.threads ?? (await pool.resolveThreads());
    // Reductions use the canonical chunks (reduceOrder.ts), whatever the thread count.
    const { plan, end, count } = reduce
      ? { plan: reduceChunks(args.total), end: args.total, count: args.total }
      : planLaunch(args, threads);
    if (count === 0) return undefined;
    let partials: number[] | undefined;
    if (!pool.shouldParallelize(kernelId, count, plan)) {
      const started = performance.now();
      partials = runChunksSerially(module, callerViews(buffers), args.scalars, end, plan, reduce);
      pool.recordCost(kernelId, performance.now() - started, count);
    } else {
      const placement = placeInHeap(heap, ir, buffers, args);
      try {
        partials = await pool.launch({
          kernelId,
          buffers: placement.descriptors,
          scalars: args.scalars,
          total: end,
          plan,
          reduce,
          ...(args.signal ? { signal: args.signal } : {}),
        });
        placement.copyBack();
      } finally {
        placement.release();
      }
    }
    if (!reduce || !partials) return undefined;
    return foldPartials(partials, module.combine!, module.identity);
  }
}
