// costModel.ts — the predicted time of one launch on one backend, and the machine
// constants it uses.
//
//   time = launch overhead + bytes staged or moved × transfer cost
//        + grid indices × (operations × time per operation + buffer bytes × time per byte)
//
// A streaming kernel (no loop, at most STREAM_OPS_PER_BYTE operations per byte it loads
// or stores: saxpy, Σx², a scale) costs operations × the backend's streaming time per
// operation instead, measured on the calibration's stream kernel in place: its indices
// are independent and overlap, where the time per operation is measured on a dependent
// chain (js: 0.5 ns against 1.6 here). Staging a host array costs the copy rate of its
// size (a copy beyond the caches runs at memory speed: 1.5–2× slower at 32 MB than at 8 MB
// here), × STAGING_OVERHEAD.
//
// A pooled backend's launch below PARALLEL_THRESHOLD_NS of one-thread work runs on the
// calling thread alone, and is predicted there (predictLaunch).
//
// The constants are per backend and per machine: sensible defaults from what the probes
// report (cores, SIMD, adapter), replaced by calibrated ones (calibrate.ts) once measured.
// Per-kernel corrections learned from real launches are applied by select.ts.

import type { BackendName, BackendStatus } from '../backends/backend.js';
import {
  type BackendConstants,
  COPY_BYTES,
  LARGE_COPY_BYTES,
  MEMCPY_NS_PER_BYTE,
  PARALLEL_THRESHOLD_NS,
} from '../backends/costs.js';
import { backendRecord } from '../backends/registry.js';

import type { WorkProfile } from '../jit/passes/workEstimate.js';

/** The constants of every backend on one machine and adapter. */
export interface MachineProfile {
  readonly format: number;
  /** Machine key: CPU model, core count, GPU adapter. */
  readonly key: string;
  readonly backends: Partial<Record<BackendName, BackendConstants>>;
  /** When measured (ISO time) and how long the measuring took, ms. */
  readonly measuredAt?: string;
  readonly calibrationMs?: number;
  /** Host memcpy cost measured here (TypedArray.set of a few MB), ns per byte. */
  readonly copyNsPerByte?: number;
  /** The same for LARGE_COPY_BYTES into shared memory (as staging copies), ns per byte. */
  readonly copyLargeNsPerByte?: number;
  /** Of which timed runs (what the per-backend 50 ms budgets limit), ms. */
  readonly measuringMs?: number;
  /** Backends left on defaults because their budget ran out (measured again next time). */
  readonly unmeasured?: readonly BackendName[];
  /** js measured far apart at the start and the end: the load changed (measured again next time). */
  readonly contended?: boolean;
  /** What was not measured (budget ran out, a backend failed), in words. */
  readonly notes?: readonly string[];
}

/** What one launch has to move, per candidate backend, in bytes. */
export interface Traffic {
  /** Host arrays copied into (read) and out of (written) the backend's memory per launch. */
  readonly stagedBytes: number;
  /** The largest of those arrays, bytes (its size sets the copy rate); stagedBytes if absent. */
  readonly largestStagedBytes?: number;
  /** NDArrays resident elsewhere that would move here (once, then they stay), bytes. */
  readonly movedBytes: number;
  /** Backends the moved arrays come from (their read cost is added). */
  readonly movedFrom: readonly BackendName[];
}

/** One predicted launch time, split into its parts, ms. */
export interface Prediction {
  readonly launchMs: number;
  readonly transferMs: number;
  readonly computeMs: number;
  readonly totalMs: number;
}

/**
 * Default constants for a backend before anything was measured, from its probe: the core
 * count scales the parallel backends; SIMD lanes scale wasm; a software WebGPU adapter is
 * a slow CPU emulation with a costly dispatch, a hardware one a fast GPU behind a bus.
 */
export function defaultConstants(
  name: BackendName,
  status: BackendStatus | undefined,
  cores: number,
  jsScale = 1,
  copyNsPerByte = MEMCPY_NS_PER_BYTE,
  copyLargeNsPerByte?: number,
): BackendConstants {
  const costs = backendRecord(name).defaultCosts({
    status,
    cores,
    jsScale,
    copyNsPerByte,
    ...(copyLargeNsPerByte !== undefined ? { copyLargeNsPerByte } : {}),
  });
  return { ...costs, source: 'default' };
}

/** A kernel is streaming (see the header) at this many operations per byte or fewer. */
export const STREAM_OPS_PER_BYTE = 1;
/**
 * Staging a launch's arrays costs this many times a lone copy of the same size: several
 * arrays in turn, each cold in the caches, with the kernel's own traffic between them
 * (measured here: saxpy over 2^24 f32 staged at 1.25× a lone 64 MB copy, 1.1× at 2^20).
 */
export const STAGING_OVERHEAD = 1.25;

/** Whether `work` is streaming code (see the header). */
export function isStreaming(work: WorkProfile): boolean {
  return (
    !work.loops &&
    work.bytesPerIndex > 0 &&
    work.opsPerIndex <= STREAM_OPS_PER_BYTE * work.bytesPerIndex
  );
}

/** Compute time of `total` indices of work `work` on constants `c`, ms (no correction). */
export function computeMs(c: BackendConstants, work: WorkProfile, total: number): number {
  if (c.streamNsPerOp !== undefined && isStreaming(work))
    return (total * work.opsPerIndex * c.streamNsPerOp) / 1e6;
  return (total * (work.opsPerIndex * c.nsPerOp + work.bytesPerIndex * c.nsPerByte)) / 1e6;
}

/**
 * The staging rate of `c` for a host array of `bytes`, ns per byte: the small-copy rate up
 * to COPY_BYTES, the large-copy rate from LARGE_COPY_BYTES, between them by log2 of the size.
 */
export function stageRate(c: BackendConstants, bytes: number): number {
  const small = c.stageNsPerByte;
  const large = c.stageLargeNsPerByte;
  if (large === undefined || bytes <= COPY_BYTES) return small;
  if (bytes >= LARGE_COPY_BYTES) return large;
  const t = Math.log2(bytes / COPY_BYTES) / Math.log2(LARGE_COPY_BYTES / COPY_BYTES);
  return small + t * (large - small);
}

/**
 * Predicted time of one launch: overhead, staging and moving bytes, and the compute
 * multiplied by `correction` (the kernel's measured / modelled ratio on this backend).
 */
export function predict(
  c: BackendConstants,
  work: WorkProfile,
  total: number,
  traffic: Traffic,
  correction: number,
  sourceConstants: (from: BackendName) => BackendConstants | undefined,
): Prediction {
  let transferNs =
    traffic.stagedBytes *
      STAGING_OVERHEAD *
      stageRate(c, traffic.largestStagedBytes ?? traffic.stagedBytes) +
    traffic.movedBytes * c.stageNsPerByte;
  let moveLatencyMs = 0;
  for (const from of traffic.movedFrom) {
    const source = sourceConstants(from);
    // Reading it out of where it lives costs that backend's staging rate and a round trip.
    transferNs +=
      (traffic.movedBytes / traffic.movedFrom.length) *
      (source?.stageNsPerByte ?? MEMCPY_NS_PER_BYTE);
    moveLatencyMs += (source?.launchMs ?? 0) + c.launchMs;
  }
  const launchMs = c.launchMs;
  const transferMs = transferNs / 1e6 + moveLatencyMs;
  const compute = computeMs(c, work, total) * correction;
  return { launchMs, transferMs, computeMs: compute, totalMs: launchMs + transferMs + compute };
}

/** How a pooled backend (workers, wasm) runs a launch too short for its threads. */
export interface PoolShape {
  /** Threads a parallel launch uses. */
  readonly threads: number;
  /**
   * The constants of the code a short launch runs on the calling thread, on the arrays in
   * place (workers: js's JavaScript); absent: the backend's own code, on one thread.
   */
  readonly inPlace?: BackendConstants;
}

/**
 * predict(), for a pooled backend (`pool`) as its launch runs: a launch below
 * PARALLEL_THRESHOLD_NS of one-thread work runs on the calling thread alone (pool.ts), so
 * it costs one thread's compute (or `pool.inPlace`'s, with no staging), not the parallel
 * figure. (A 1,000-index affine map: the parallel figures put workers at 9.4 µs against
 * js's 10; it then ran on one thread like js, its first launches waking the pool, and took
 * 2.5× js's time over the first 10.)
 */
export function predictLaunch(
  c: BackendConstants,
  work: WorkProfile,
  total: number,
  traffic: Traffic,
  correction: number,
  sourceConstants: (from: BackendName) => BackendConstants | undefined,
  pool: PoolShape | undefined,
): Prediction {
  const parallel = predict(c, work, total, traffic, correction, sourceConstants);
  if (!pool || pool.threads <= 1) return parallel;
  if (parallel.computeMs * pool.threads * 1e6 >= PARALLEL_THRESHOLD_NS) return parallel;
  if (pool.inPlace) {
    const inPlace = predict(
      pool.inPlace,
      work,
      total,
      { ...traffic, stagedBytes: 0, largestStagedBytes: 0 },
      correction,
      sourceConstants,
    );
    return {
      ...inPlace,
      launchMs: c.launchMs,
      totalMs: inPlace.totalMs - inPlace.launchMs + c.launchMs,
    };
  }
  const computeMs = parallel.computeMs * pool.threads;
  return { ...parallel, computeMs, totalMs: parallel.launchMs + parallel.transferMs + computeMs };
}

/** A duration in words for `inspect`: "0.42 ms", "12 µs", "1.3 s". */
export function formatDuration(ms: number): string {
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
