// backend.ts — the connector interface every backend implements.
//
// A backend is small: it probes whether it can run here, says whether it can run a given
// IR kernel (and why not), compiles IR into something it can dispatch, owns device
// storage for resident arrays, and dispatches a launch. Selection between backends is
// data (registry.ts, select.ts), not if-chains.

import type { IrKernel } from '../jit/ir/ir.js';
import type { DType, TypedArray } from '../jit/types/dtype.js';
import type { BackendName } from './records.js';

export type { BackendName };

/**
 * What `backends()` reports for one backend.
 *
 * @example
 * ```ts
 * const webgpu: BackendStatus = (await backends()).find((b) => b.name === 'webgpu')!;
 * ```
 */
export interface BackendStatus {
  /** Which backend. */
  readonly name: BackendName;
  /** Whether it runs here. */
  readonly available: boolean;
  /** Why not, when it does not. */
  readonly reason?: string;
  /** What it found (threads, the GPU adapter, …). */
  readonly info: Record<string, unknown>;
}

/** Storage a backend owns for a device-resident NDArray. */
export interface DeviceStorage {
  readonly backend: BackendName;
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
  /** Copy the whole contents into a fresh host typed array. */
  read(): Promise<TypedArray>;
  /** Overwrite the whole contents from a host typed array of the same dtype and length. */
  write(src: TypedArray): Promise<void>;
  /** Release the memory; the storage must not be used afterwards. */
  free(): void;
  /**
   * For storage in host memory (js, workers, wasm): a typed-array view of the live data,
   * so other CPU backends can use it in place instead of moving it.
   */
  hostView?(): TypedArray;
}

/**
 * One array argument of a launch, as the backend receives it: a host typed array (a plain
 * typed array or an ndarray's `data`), or device storage of some backend. When the
 * storage belongs to another backend the runtime has already moved it.
 */
export type LaunchBuffer =
  | {
      readonly kind: 'host';
      readonly data: TypedArray;
      /**
       * For an ndarray: the elements of `data` it views. A backend that copies `data` out
       * and back (WebGPU) copies back only these when another argument shares the memory.
       */
      readonly view?: HostView;
    }
  | { readonly kind: 'device'; readonly storage: DeviceStorage };

/** The elements of a host array an ndarray views: offset + Σ index·stride, per axis. */
export interface HostView {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

/** Everything a compiled kernel needs to run once. */
export interface LaunchArgs {
  /** One per IrKernel.buffers entry, same order. */
  readonly buffers: readonly LaunchBuffer[];
  /** One per IrKernel.scalars entry, same order (already converted to the scalar's type). */
  readonly scalars: readonly number[];
  /** Grid extents, outermost first (length = IrKernel.indexNames.length). */
  readonly grid: readonly number[];
  /** Product of the grid extents. */
  readonly total: number;
  /** Abandons the launch (see `launch`'s `signal` option); backends check it between chunks. */
  readonly signal?: AbortSignal;
  /**
   * Only the flat grid indices [begin, end) run (the rest are left to another launch). The
   * runtime passes a range only to backends whose record says `ranges`, and only for
   * kernels that runtime/slicing.ts finds safe to split (no reduction, no atomics, no
   * workgroups, every write at the writing index's own element).
   */
  readonly range?: { readonly begin: number; readonly end: number };
  /**
   * How many invocations each grid index runs: a cooperative kernel's workgroup size on the
   * CPU backends, whose grid is then the workgroups (cooperative.ts); 1 when absent. It
   * lets a launch of a few heavy workgroups spread over the threads (planChunks).
   */
  readonly invocationsPerIndex?: number;
}

/** A kernel compiled for one backend and one signature. */
export interface CompiledKernel {
  /** The generated code, for `inspect` (JS source, wasm listing, WGSL). */
  readonly code: string;
  /** Why some optimisation was not applied (e.g. "not vectorised: atomics"), for `inspect`. */
  readonly notes: readonly string[];
  /** Run the kernel over the grid. Resolves to the reduced value for reduce kernels. */
  run(args: LaunchArgs): Promise<number | undefined>;
}

/** The connector every backend implements. */
export interface Backend {
  readonly name: BackendName;
  /** Native float for unanchored float math ('f64' on CPU backends, 'f32' on WebGPU). */
  readonly nativeFloat: 'f32' | 'f64';
  /** Whether it can run here; cached by the registry after the first call. */
  probe(): Promise<BackendStatus>;
  /** Null when this backend can run the kernel, else the reason it cannot. */
  refuse(ir: IrKernel): string | null;
  /** Compile once per signature; the runtime caches the result. */
  compile(ir: IrKernel): Promise<CompiledKernel>;
  /**
   * Allocate storage for `length` elements of `dtype`: zero-filled, or with `zeroed` false
   * of unspecified contents (for storage its caller writes in full before anyone reads it:
   * a heap block freed and handed out again is not cleared then, which saves a pass over it).
   */
  allocate(dtype: DType, length: number, zeroed?: boolean): Promise<DeviceStorage>;
  /** Release whatever keeps the process alive or holds memory (pools, devices). */
  shutdown?(): Promise<void>;
  /**
   * What a parallel launch here would still wait for before it runs, ms: its thread pool
   * starting, once per process (0 once it has run a job); absent: nothing to start.
   */
  startupMs?(): number;
  /** Starts what startupMs waits for, without waiting for it. */
  startInBackground?(): void;
  /** What the backend holds now, in bytes, by name (for `memoryUsage()`); absent when it holds nothing of its own. */
  memory?(): Record<string, number>;
}
