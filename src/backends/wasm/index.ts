// index.ts — the `wasm` backend: WebAssembly SIMD kernels over the shared heap's memory.
//
// Probes WebAssembly, SIMD128 (by validating a tiny module) and threads (shared memory);
// compiles IR with codegen/wasm.ts and instantiates the module against `sharedHeap()`'s
// memory; keeps device-resident arrays in that heap (WasmStorage); and runs a launch by
// writing the argument block, staging host arrays into the heap, calling `run` over the
// grid and copying written host arrays back (launch.ts). Launches run across the workers
// backend's pool (each thread instantiates the module once against the same memory) or,
// where SharedArrayBuffer is unavailable or a launch is small, on the calling thread.

import { outOfRangeMessage } from '../../jit/diagnostics.js';
import type {
  Backend,
  BackendStatus,
  CompiledKernel,
  DeviceStorage,
  LaunchArgs,
} from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import type { DType } from '../../jit/types/dtype.js';
import { BYTES, TYPED_ARRAY } from '../../jit/types/dtype.js';
import { describeSite, isViewBuffer } from '../../jit/sites.js';
import { generateWasm, type WasmModuleCode } from '../../jit/codegen/wasm.js';
import { HOST_MATH } from '../../jit/codegen/wasm/mathOps.js';
import { MATH_OPS } from '../../jit/ops/math.js';
import { sharedHeap, type Heap } from '../heap.js';
import { factsOf } from '../../jit/passes/facts.js';
import { workersBackend } from '../workers/index.js';
import { threadsUnavailableReason } from '../workers/host.js';
import type { WorkerPool } from '../workers/pool.js';
import { launchWasm, type WasmKernelRuntime, type WasmRun } from './launch.js';
import { WasmStorage } from './storage.js';
import { compileForCpu } from '../cooperative.js';

export { WasmStorage } from './storage.js';

/** The host's functions the generated modules import. */
function mathImports(): Record<string, (...xs: number[]) => number> {
  const out: Record<string, (...xs: number[]) => number> = {};
  for (const name of HOST_MATH) out[name] = MATH_OPS[name].plain;
  out.fmod = (a: number, b: number): number => a % b;
  return out;
}

/** A validated SIMD probe module: (func (result v128) v128.const 0). */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Options for compiling one kernel (tests force the scalar path or pin the pool). */
export interface WasmCompileOptions {
  readonly simd?: boolean;
  /**
   * The worker pool launches run on; null keeps every launch on the calling thread.
   * Default: the workers backend's pool when `heap` is its (shared) heap.
   */
  readonly pool?: WorkerPool | null;
}

/** Why the probe found that no threads can start here (null: they can; undefined: not probed). */
let noThreadsReason: string | null | undefined;

/**
 * The pool a kernel on `heap` uses by default: none without shared memory, or where the
 * probe found that threads cannot start (a browser build run without Web Workers).
 */
function defaultPool(heap: Heap): WorkerPool | null {
  return heap.shared && heap === workersBackend.heap && !noThreadsReason
    ? workersBackend.pool
    : null;
}

/** Compiles and instantiates one kernel; exported for tests (scalar vs SIMD). */
export function compileWasmKernel(
  ir: IrKernel,
  heap: Heap,
  options: WasmCompileOptions = {},
): CompiledKernel & { module: WasmModuleCode } {
  const code = generateWasm(ir, { shared: heap.shared, simd: options.simd ?? true });
  let compiled: WebAssembly.Module;
  try {
    compiled = new WebAssembly.Module(code.bytes as BufferSource);
  } catch (e) {
    throw new Error(
      `numbat internal error (this is a bug in numbat, please report it): wasm codegen produced an invalid module for kernel '${ir.name}': ${String(e)}\n--- generated code ---\n${code.listing}`,
    );
  }
  const sites = code.oobSites.map((s) => describeSite(ir, s.span, s.param));
  const views = code.oobSites.map((s) => s.buffer !== null && isViewBuffer(ir, s.buffer));
  const instance = new WebAssembly.Instance(compiled, {
    env: {
      memory: heap.memory,
      oob: (site: number, index: number, length: number) => {
        throw new RangeError(
          outOfRangeMessage(index, length, sites[site] ?? 'an array', views[site] ?? false),
        );
      },
    },
    math: mathImports(),
  });
  const pool = options.pool === undefined ? defaultPool(heap) : options.pool;
  const runtime: WasmKernelRuntime = {
    ir,
    code,
    heap,
    run: instance.exports.run as WasmRun,
    combine: instance.exports.combine as ((a: number, b: number) => number) | undefined,
    pool: pool ? { pool, kernelId: pool.registerWasm({ wasm: compiled, sites, views }) } : null,
  };
  const notes = [...code.notes];
  if (!pool)
    notes.push(
      heap.shared
        ? noThreadsReason
          ? `single-threaded: ${noThreadsReason}`
          : 'runs on the calling thread (no worker pool)'
        : `single-threaded: ${SINGLE_THREAD_REASON}`,
    );
  return {
    module: code,
    get code(): string {
      return code.listing;
    },
    notes,
    run: (args: LaunchArgs) =>
      pool ? pool.exclusive(() => launchWasm(runtime, args)) : launchWasm(runtime, args),
  };
}

const SINGLE_THREAD_REASON =
  'SharedArrayBuffer is unavailable (a browser page must be cross-origin isolated)';

let probed: BackendStatus | undefined;

/** The wasm backend connector. */
export const wasmBackend: Backend = {
  name: 'wasm',
  nativeFloat: 'f64',

  startupMs(): number {
    // The calling thread runs a launch while the threads boot (WorkerPool.mainJoins).
    return defaultPool(sharedHeap())?.startupPendingMs(true) ?? 0;
  },

  startInBackground(): void {
    defaultPool(sharedHeap())?.startInBackground();
  },

  async probe(): Promise<BackendStatus> {
    if (probed) return probed;
    if (typeof WebAssembly !== 'object') {
      return (probed = {
        name: 'wasm',
        available: false,
        reason: 'WebAssembly is not available here',
        info: {},
      });
    }
    if (!simdSupported()) {
      return (probed = {
        name: 'wasm',
        available: false,
        reason: 'this engine does not support WebAssembly SIMD128',
        info: { simd: false },
      });
    }
    const heap = sharedHeap();
    const info: Record<string, unknown> = {
      simd: true,
      lanes: { f32: 4, i32: 4, f64: 4 },
      sharedMemory: heap.shared,
      threads: 1,
    };
    const noThreads = heap.shared ? await threadsUnavailableReason() : SINGLE_THREAD_REASON;
    noThreadsReason = noThreads;
    // The pool's thread count, known from now on (its startupMs reads it).
    if (noThreads === null) info.threads = (await defaultPool(heap)?.resolveThreads()) ?? 1;
    else info.threadsNote = `single-threaded: ${noThreads}`;
    return (probed = { name: 'wasm', available: true, info });
  },

  refuse(ir: IrKernel): string | null {
    for (const b of ir.buffers) {
      if (!(b.dtype in TYPED_ARRAY)) return `the wasm backend cannot store dtype ${b.dtype}`;
    }
    // Atomics on 8/16-bit arrays are not implemented (the front end allows them only on
    // 32- and 64-bit arrays); other arrays of a kernel with atomics are fine.
    for (const i of factsOf(ir).atomicBuffers) {
      const b = ir.buffers[i]!;
      if (BYTES[b.dtype] < 4)
        return `atomics on 8- or 16-bit integer arrays ('${b.name}') are not supported by the wasm backend`;
    }
    return null;
  },

  compile(ir: IrKernel): Promise<CompiledKernel> {
    return compileForCpu(ir, 'wasm', (flat) => compileWasmKernel(flat, sharedHeap()));
  },

  async allocate(dtype: DType, length: number, zeroed = true): Promise<DeviceStorage> {
    return new WasmStorage(sharedHeap(), dtype, length, zeroed);
  },

  /** The shared heap (wasm and workers arrays, staging, scratch): its size and what is in use. */
  memory() {
    const heap = sharedHeap();
    return { heapBytes: heap.byteLength, heapInUseBytes: heap.bytesInUse };
  },
};
