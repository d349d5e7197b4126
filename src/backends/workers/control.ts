// control.ts — the layout of the shared control block that drives the worker pool, and
// how a launch is cut into chunks.
//
// The control block is one SharedArrayBuffer seen by the main thread and every worker:
// an Int32 header (futex words and job fields) followed by a Float64 area (job
// parameters, buffer descriptors, scalars and one partial-result slot per chunk). The
// worker source (workerSource.ts) interpolates these constants, so both sides agree.
//
// Claiming protocol (see pool.ts for the main side, workerSource.ts for the worker side):
// a chunk is claimed with Atomics.add on NEXT, whose high bits carry the job's tag and
// low IDX_BITS bits the chunk index. A claim counts only when its tag equals JOB_TAG
// (read after the claim, twice around N_CHUNKS) and its index is below N_CHUNKS; only
// then are the job's parameters read. Main publishes a job by invalidating JOB_TAG,
// writing the parameters, storing JOB_TAG and then NEXT = tag << IDX_BITS; it starts the
// next job only after DONE reached N_CHUNKS. A slow thread still holding a claim from an
// earlier job therefore sees a tag mismatch and never runs a chunk with the wrong
// parameters.

import type { DType } from '../../jit/types/dtype.js';
import type { LaunchArgs } from '../backend.js';
import { TYPED_ARRAY } from '../../jit/types/dtype.js';

// Int32 header words.
/** Generation: bumped (and notified) to wake workers for a job. */
export const GEN = 0;
/** Chunk claim counter: (tag << IDX_BITS) | next chunk index. */
export const NEXT = 1;
/** Tag of the job whose parameters are published, or -1 while they are being written. */
export const JOB_TAG = 2;
/** Number of chunks of the current job. */
export const N_CHUNKS = 3;
/** Chunks finished (run or skipped after an error); notified when it reaches N_CHUNKS. */
export const DONE = 4;
/** Non-zero once a chunk of the current job threw. */
export const ERR = 5;
/** Id of the kernel the current job runs. */
export const KERNEL_ID = 6;
export const N_BUFFERS = 7;
export const N_SCALARS = 8;
/** 1 when the kernel is a reduction (chunks store a partial). */
export const IS_REDUCE = 9;
/** Non-zero tells workers to leave their loop. */
export const STOP = 10;
// Wasm jobs (JOB_KIND = JOB_KIND_WASM): the module's `run(args, begin, end, scratch)` is
// called per chunk with the argument block and the claiming thread's scratch area.
/** What the current job runs: JOB_KIND_JS (generated JS) or JOB_KIND_WASM. */
export const JOB_KIND = 11;
export const JOB_KIND_JS = 0;
export const JOB_KIND_WASM = 1;
/** Heap byte offset of a wasm job's argument block. */
export const WASM_ARGS = 12;
/** Heap byte offset of thread 0's scratch area; thread t's is at + t · WASM_SCRATCH_STRIDE. */
export const WASM_SCRATCH = 13;
export const WASM_SCRATCH_STRIDE = 14;
/** Heap byte offset of an Int32 per chunk receiving scratch word 0 ("contributed"), or 0. */
export const WASM_CONTRIBUTED = 15;
/** Worker threads that have started and wait for jobs (each adds 1 once, at its start). */
export const READY = 16;
/** Size of the Int32 header in bytes (the Float64 area follows; a multiple of 8). */
export const HEADER_BYTES = 72;

/** Bits of NEXT that hold the chunk index; the rest hold the job tag. */
export const IDX_BITS = 12;
export const IDX_MASK = (1 << IDX_BITS) - 1;
/** Tags cycle through [1, TAG_LIMIT). */
export const TAG_LIMIT = 1 << (32 - IDX_BITS);

// Float64 area (indices into a Float64Array starting at HEADER_BYTES).
export const F_TOTAL = 0;
export const F_CHUNK_SIZE = 1;
export const F_BUFFERS = 2;
/** Doubles per buffer descriptor: dtype code, byte offset, length. */
export const BUFFER_DESCRIPTOR_SIZE = 3;
export const MAX_BUFFERS = 64;
export const F_SCALARS = F_BUFFERS + MAX_BUFFERS * BUFFER_DESCRIPTOR_SIZE;
export const MAX_SCALARS = 1024;
export const F_PARTIALS = F_SCALARS + MAX_SCALARS;
/** At most this many chunks per launch (index plus over-claims must stay below 2^IDX_BITS). */
export const MAX_CHUNKS = 1024;
/** First flat index of chunk 0 (0 unless the launch runs a range of its grid). */
export const F_BASE = F_PARTIALS + MAX_CHUNKS;
export const F_END = F_BASE + 1;
/** Total size of the control block in bytes. */
export const CONTROL_BYTES = HEADER_BYTES + F_END * 8;

/** Dtype codes in buffer descriptors; the worker maps them back in the same order. */
export const DTYPE_CODES: readonly DType[] = Object.keys(TYPED_ARRAY) as DType[];
/** The typed-array constructor names, in DTYPE_CODES order (for the worker source). */
export const DTYPE_CTOR_NAMES: readonly string[] = DTYPE_CODES.map(
  (dtype) => TYPED_ARRAY[dtype].name,
);

export function dtypeCode(dtype: DType): number {
  return DTYPE_CODES.indexOf(dtype);
}

/** How a launch of `total` grid indices is cut into chunks. */
export interface ChunkPlan {
  readonly chunkSize: number;
  readonly chunks: number;
  /** Flat index where chunk 0 starts (a launch of a range of the grid); 0 when absent. */
  readonly base?: number;
}

/** Chunks per thread: enough for dynamic balancing of uneven work (Mandelbrot rows). */
export const CHUNKS_PER_THREAD = 12;
/**
 * A chunk never has fewer invocations than this (so tiny launches are one chunk). A grid
 * index of a cooperative launch is a whole workgroup, so there a chunk may be one index.
 */
export const MIN_CHUNK_ITEMS = 8;

/**
 * The chunking of a launch: depends only on `total` and the pool's thread count, never
 * on timing, so a reduction combines the same partials in the same order every run.
 * `align` (wasm: the SIMD lanes, or a short innermost extent) makes the chunk size a
 * multiple of it, so chunk boundaries do not cut the vectors of a row in two.
 * `invocationsPerIndex` is how many invocations one grid index runs (a cooperative launch:
 * its workgroup's; see LaunchArgs.invocationsPerIndex).
 */
export function planChunks(
  total: number,
  threads: number,
  align = 1,
  invocationsPerIndex = 1,
): ChunkPlan {
  if (total <= 0) return { chunkSize: 0, chunks: 0 };
  const minItems = Math.max(1, Math.ceil(MIN_CHUNK_ITEMS / Math.max(1, invocationsPerIndex)));
  const wanted = Math.min(
    Math.max(1, threads) * CHUNKS_PER_THREAD,
    Math.ceil(total / minItems),
    MAX_CHUNKS,
  );
  const chunkSize = Math.ceil(Math.ceil(total / Math.max(1, wanted)) / align) * align;
  return { chunkSize, chunks: Math.ceil(total / chunkSize) };
}

/**
 * The chunks of a launch that may run a range of its grid (LaunchArgs.range): the plan of
 * the range's indices, based at its first, and the flat index where the launch ends.
 */
export function planLaunch(
  args: Pick<LaunchArgs, 'total' | 'range' | 'invocationsPerIndex'>,
  threads: number,
  align = 1,
): { plan: ChunkPlan; end: number; count: number } {
  const { total, range, invocationsPerIndex = 1 } = args;
  if (!range) {
    const plan = planChunks(total, threads, align, invocationsPerIndex);
    return { plan, end: total, count: total };
  }
  const begin = Math.max(0, Math.min(total, range.begin));
  const end = Math.max(begin, Math.min(total, range.end));
  return {
    plan: { ...planChunks(end - begin, threads, align, invocationsPerIndex), base: begin },
    end,
    count: end - begin,
  };
}
