// costs.ts — the cost constants that describe a backend to the selector (runtime/
// costModel.ts), and the reference figures its defaults are built from before anything
// was measured here (runtime/calibrate.ts measures the real ones).

import type { BackendStatus } from './backend.js';

/** The cost constants of one backend on this machine. */
export interface BackendConstants {
  /** Fixed cost of one launch (dispatch, synchronisation, argument block), ms. */
  readonly launchMs: number;
  /** Time per abstract operation of one index, ns, with all the backend's parallelism. */
  readonly nsPerOp: number;
  /** Time per byte of kernel buffers an index loads or stores, ns (memory bandwidth). */
  readonly nsPerByte: number;
  /** Time to stage one byte of a host array in or out of the backend's memory, ns. */
  readonly stageNsPerByte: number;
  /**
   * The same for arrays of LARGE_COPY_BYTES and more, ns: a copy that no longer fits the
   * caches runs at memory speed (measured here: 1.5–2× slower at 32 MB than at 8 MB). Absent:
   * stageNsPerByte at every size.
   */
  readonly stageLargeNsPerByte?: number;
  /**
   * Time per operation of straight-line streaming code, ns: a kernel with no loop whose
   * indices only load, combine and store (the calibration's stream kernel, measured in
   * place). Independent indices overlap in the pipeline, so this is well below nsPerOp
   * (measured on a chain of dependent operations) for a JIT like js's. Absent: nsPerOp.
   */
  readonly streamNsPerOp?: number;
  /**
   * What the first launch of a new kernel costs beyond a warm one, ms, whatever its size:
   * its code reaching the threads and running before the JIT has tiered it up, a
   * pipeline being built. What a first, cold trial on the backend costs at least.
   */
  readonly coldMs?: number;
  /** Whether these numbers were measured here, or are defaults. */
  readonly source: 'default' | 'calibrated';
}

/** What a backend's default constants are built from. */
export interface DefaultCostInputs {
  /** The backend's probe, when it ran (threads, SIMD, adapter). */
  readonly status: BackendStatus | undefined;
  /** Logical cores of this machine. */
  readonly cores: number;
  /** How plain JavaScript's measured speed here compares with JS_NS_PER_OP (1 before measuring). */
  readonly jsScale: number;
  /** Host memcpy cost here, ns per byte. */
  readonly copyNsPerByte: number;
  /** The same for arrays beyond the caches (LARGE_COPY_BYTES); 2 × copyNsPerByte if unknown. */
  readonly copyLargeNsPerByte?: number;
}

/** Reference single-core costs of plain JavaScript on a typical machine. */
export const JS_NS_PER_OP = 0.6;
export const JS_NS_PER_BYTE = 0.12;
/** Default host memcpy cost (10 GB/s) until calibration measures it (calibrate.ts). */
export const MEMCPY_NS_PER_BYTE = 0.1;
/** Host arrays up to this size stage at the small-copy rate (calibrate.ts times a copy of it). */
export const COPY_BYTES = 8 << 20;
/**
 * Host arrays of this size and more stage at the large-copy rate (timed likewise). A copy
 * of 32 MB touches 64 MB, twice the largest L3 of this kind of machine, and measures the same
 * rate as one of 64 MB (0.127-0.129 against 0.128-0.143 ns per byte here) for half the
 * first-process cost: the pages a fresh allocation faults in (75 against 135 ms here).
 */
export const LARGE_COPY_BYTES = 32 << 20;

/**
 * Below this estimated run time on one thread, ns, a launch of a pooled backend (workers,
 * wasm) runs on the calling thread alone (pool.ts shouldParallelize), and the cost model
 * predicts it so (costModel.ts predictLaunch).
 */
export const PARALLEL_THRESHOLD_NS = 40_000;

/**
 * What creating a pool's threads costs the calling thread, ms (Node: two `new Worker`,
 * their message ports and piped stdio, 6.6–9 ms here); they boot on their own threads
 * after. `auto` starts a pool once launches have lost this much to a candidate that needs
 * it (selectPolicy.ts SPAWN_MS), and a wasm launch in Node that the calling thread runs
 * while the threads boot is predicted to cost this once (pool.ts startupPendingMs).
 */
export const POOL_SPAWN_MS = 8;

/** Threads a backend's status reports (info.threads), at least 1. */
export function threadsOf(status: BackendStatus | undefined, fallback: number): number {
  const threads = status?.info.threads;
  return typeof threads === 'number' && threads >= 1 ? threads : fallback;
}

/** Whether a WebGPU adapter is a software rasteriser (SwiftShader, WARP, llvmpipe). */
export function isSoftwareAdapter(info: Record<string, unknown>): boolean {
  if (info.isFallbackAdapter === true) return true;
  const text =
    `${String(info.architecture ?? '')} ${String(info.device ?? '')} ${String(info.description ?? '')}`.toLowerCase();
  return /swiftshader|llvmpipe|warp|software|lavapipe/.test(text);
}
