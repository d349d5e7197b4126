// launch.ts — one launch of a compiled wasm kernel.
//
// The arrays are placed in the shared heap with the workers backend's marshalling
// (marshal.ts: device storage of wasm or workers and heap views in place, other host
// arrays staged into scratch blocks and copied back when written). A per-launch block of
// the heap then holds the argument block (ArgLayout), one scratch area per thread and,
// for reductions, one "contributed" word per chunk. The grid is cut with the workers
// backend's planChunks (timing-independent), and the chunks run either across the worker
// pool (every thread calls the module's `run` on the chunks it claims; for a short launch,
// and while the workers boot, the calling thread claims chunks too: pool.ts mainJoins) or, for
// small launches and where threads are unavailable, one after another on the calling thread.
// Either way a reduction folds the same per-chunk partials in chunk order with the
// module's own `combine`, so the result does not depend on how the launch ran.

import type { LaunchArgs } from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import type { WasmModuleCode } from '../../jit/codegen/wasm.js';
import { HEAP_ALIGN, type Heap } from '../heap.js';
import { planLaunch, type ChunkPlan } from '../workers/control.js';
import { normalizeBuffers, placeInHeap, validateLaunch } from '../workers/marshal.js';
import type { WorkerPool } from '../workers/pool.js';
import {
  emptyGridResult,
  foldPartials,
  reduceChunks,
  REDUCE_IDENTITY,
} from '../../jit/reduceOrder.js';

/** `run(args, begin, end, scratch)` of an instance. */
export type WasmRun = (
  args: number,
  begin: number,
  end: number,
  scratch: number,
) => number | undefined;

/** A compiled and instantiated kernel, as launches need it. */
export interface WasmKernelRuntime {
  readonly ir: IrKernel;
  readonly code: WasmModuleCode;
  readonly run: WasmRun;
  /** The module's `combine` (reduce kernels). */
  readonly combine: ((a: number, b: number) => number) | undefined;
  readonly heap: Heap;
  /** The pool and this kernel's id in it, or null when launches stay on this thread. */
  readonly pool: { readonly pool: WorkerPool; readonly kernelId: number } | null;
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Runs one launch; resolves to the reduced value of a reduce kernel. */
export async function launchWasm(
  kernel: WasmKernelRuntime,
  args: LaunchArgs,
): Promise<number | undefined> {
  const { ir, heap, code } = kernel;
  validateLaunch(ir, args, heap, 'wasm');
  if (args.total > 0x7fffffff) {
    throw new RangeError(
      `numbat: kernel '${ir.name}' has a grid of ${args.total} indices; the wasm backend supports at most 2^31 − 1`,
    );
  }
  if (args.total === 0) return emptyGridResult(ir.reduce);
  const buffers = normalizeBuffers(args.buffers);
  const pool = kernel.pool;
  const threads = pool ? (pool.pool.threads ?? (await pool.pool.resolveThreads())) : 1;
  // Reductions use the canonical chunks (reduceOrder.ts), whatever the thread count.
  // Chunks of whole vectors, or of whole rows when rows are short (a grid whose innermost
  // axis is the 4 lanes of a register tile: gemm.ts); a cut vector runs the scalar loop.
  // A cooperative launch's grid is its workgroups, whose phases vectorise within the group:
  // no alignment, and a chunk may be a single workgroup.
  const perIndex = args.invocationsPerIndex ?? 1;
  const inner = args.grid[args.grid.length - 1] ?? 1;
  const align = perIndex > 1 ? 1 : inner <= 16 ? inner : 4;
  const { plan, end, count } = ir.reduce
    ? { plan: reduceChunks(args.total), end: args.total, count: args.total }
    : planLaunch(args, threads, align);
  if (count === 0) return undefined;
  // A short parallel launch is shared with the calling thread (WorkerPool.mainJoins), or
  // runs on it alone where sharing has not been faster (WorkerPool.serialIsFaster).
  const wanted = pool !== null && pool.pool.shouldParallelize(pool.kernelId, count, plan);
  const short =
    wanted && pool.pool.mainJoins(pool.kernelId, count, plan.chunks, args.signal !== undefined);
  const alone = short && pool.pool.serialIsFaster(pool.kernelId);
  const parallel = wanted && !alone;
  const mainJoins = short && !alone;

  const placement = placeInHeap(heap, ir, buffers, args);
  let block = -1;
  try {
    const argBytes = roundUp(code.layout.size, HEAP_ALIGN);
    const scratchStride = roundUp(Math.max(code.scratchBytes, 16), HEAP_ALIGN);
    const slots = parallel ? threads + (mainJoins ? 1 : 0) : 1;
    const contributedBytes = ir.reduce ? plan.chunks * 4 : 0;
    block = heap.alloc(argBytes + scratchStride * slots + contributedBytes);
    const argsPtr = block;
    const scratchPtr = block + argBytes;
    const contributedPtr = ir.reduce ? scratchPtr + scratchStride * slots : 0;
    writeArgBlock(kernel, args, placement.descriptors, argsPtr);

    let partials: number[] | undefined;
    if (parallel) {
      partials = await pool.pool.launch({
        kernelId: pool.kernelId,
        wasm: {
          argsPtr,
          scratchPtr,
          scratchStride,
          contributedPtr,
          ...(mainJoins
            ? { onMain: { run: kernel.run, scratchPtr: scratchPtr + threads * scratchStride } }
            : {}),
        },
        buffers: [],
        scalars: [],
        total: end,
        plan,
        reduce: ir.reduce !== null,
        ...(args.signal ? { signal: args.signal } : {}),
      });
    } else {
      const started = performance.now();
      partials = runChunksOnThisThread(kernel, plan, end, argsPtr, scratchPtr, contributedPtr);
      const elapsed = performance.now() - started;
      pool?.pool.recordCost(pool.kernelId, elapsed, count);
      pool?.pool.recordSerialCost(pool.kernelId, elapsed, count);
    }
    placement.copyBack();
    if (!ir.reduce || !partials) return undefined;
    const contributed = new Int32Array(heap.buffer, contributedPtr, plan.chunks);
    return foldChunkPartials(kernel, partials, contributed);
  } finally {
    if (block >= 0) heap.free(block);
    placement.release();
  }
}

/** Fills the argument block: buffer offsets and lengths, scalars, grid extents. */
function writeArgBlock(
  kernel: WasmKernelRuntime,
  args: LaunchArgs,
  descriptors: readonly { byteOffset: number; length: number }[],
  argsPtr: number,
): void {
  const { ir, code, heap } = kernel;
  const dv = new DataView(heap.buffer);
  descriptors.forEach((d, k) => {
    dv.setInt32(argsPtr + code.layout.buffers[k]!, d.byteOffset, true);
    dv.setInt32(argsPtr + code.layout.buffers[k]! + 4, d.length, true);
  });
  ir.scalars.forEach((s, k) => {
    const at = argsPtr + code.layout.scalars[k]!;
    const v = args.scalars[k]!;
    if (s.type === 'f64' || s.type === 'float') dv.setFloat64(at, v, true);
    else if (s.type === 'f32') dv.setFloat32(at, v, true);
    else dv.setInt32(at, s.type === 'bool' ? (v ? 1 : 0) : v | 0, true);
  });
  args.grid.forEach((g, a) => dv.setInt32(argsPtr + code.layout.grid + 4 * a, g, true));
}

/** Every chunk in order on the calling thread (the same chunks the pool would run). */
function runChunksOnThisThread(
  kernel: WasmKernelRuntime,
  plan: ChunkPlan,
  total: number,
  argsPtr: number,
  scratchPtr: number,
  contributedPtr: number,
): number[] | undefined {
  const partials: number[] | undefined = kernel.ir.reduce
    ? new Array<number>(plan.chunks)
    : undefined;
  for (let chunk = 0; chunk < plan.chunks; chunk++) {
    const begin = (plan.base ?? 0) + chunk * plan.chunkSize;
    const end = Math.min(total, begin + plan.chunkSize);
    const partial = kernel.run(argsPtr, begin, end, scratchPtr);
    if (partials) {
      partials[chunk] = partial!;
      const words = new Int32Array(kernel.heap.buffer);
      words[(contributedPtr >> 2) + chunk] = words[scratchPtr >> 2]!;
    }
  }
  return partials;
}

/**
 * Folds the chunks' partials left to right (reduceOrder.ts): built-in reductions from
 * their identity (their partials are f64), custom ones from the first chunk with a value.
 */
function foldChunkPartials(
  kernel: WasmKernelRuntime,
  partials: readonly number[],
  contributed: Int32Array,
): number | undefined {
  const reduce = kernel.ir.reduce!;
  if (reduce.kind !== 'custom')
    return foldPartials(partials, kernel.combine!, REDUCE_IDENTITY[reduce.kind]);
  const result = foldPartials(
    partials.map((p, chunk) => (contributed[chunk] === 0 ? undefined : p)),
    kernel.combine!,
    undefined,
  );
  // An i32 result of a u32 reduction is the same bits read unsigned.
  return result !== undefined && kernel.code.reduceType === 'u32' ? result >>> 0 : result;
}
