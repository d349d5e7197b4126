// costModel.ts — the predicted time of one launch on one backend, and the machine
// constants it uses.
//
//   time = launch overhead + bytes staged or moved × transfer cost
//        + grid indices × (operations × time per operation + buffer bytes × time per byte)
//
// The constants are per backend and per machine: sensible defaults from what the probes
// report (cores, SIMD, adapter), replaced by calibrated ones (calibrate.ts) once measured.
// Per-kernel corrections learned from real launches are applied by select.ts.

import type { BackendName, BackendStatus } from '../backends/backend.js';
import type { WorkProfile } from '../jit/passes/workEstimate.js';

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
  /** Whether these numbers were measured here, or are defaults. */
  readonly source: 'default' | 'calibrated';
}

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
  /** Of which timed runs (what the 50 ms budget limits), ms. */
  readonly measuringMs?: number;
  /** What was not measured (budget ran out, a backend failed), in words. */
  readonly notes?: readonly string[];
}

/** What one launch has to move, per candidate backend, in bytes. */
export interface Traffic {
  /** Host arrays copied into (read) and out of (written) the backend's memory per launch. */
  readonly stagedBytes: number;
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

/** Threads a backend's status reports (info.threads), at least 1. */
function threadsOf(status: BackendStatus | undefined, fallback: number): number {
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

/** Reference single-core costs of plain JavaScript on a typical machine. */
const JS_NS_PER_OP = 0.6;
const JS_NS_PER_BYTE = 0.12;
/** Default host memcpy cost (10 GB/s) until calibration measures it (calibrate.ts). */
export const MEMCPY_NS_PER_BYTE = 0.1;

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
): BackendConstants {
  const js = JS_NS_PER_OP * jsScale;
  switch (name) {
    case 'js':
      return {
        launchMs: 0.002,
        nsPerOp: js,
        nsPerByte: JS_NS_PER_BYTE * jsScale,
        stageNsPerByte: 0,
        source: 'default',
      };
    case 'workers': {
      const threads = threadsOf(status, cores);
      return {
        launchMs: 0.03,
        nsPerOp: js / (0.9 * threads),
        nsPerByte: JS_NS_PER_BYTE / Math.min(threads, 2),
        stageNsPerByte: copyNsPerByte,
        source: 'default',
      };
    }
    case 'wasm': {
      const threads = threadsOf(status, 1);
      const simd = status?.info.simd === true ? 2 : 1;
      return {
        launchMs: 0.01,
        nsPerOp: js / (simd * 0.9 * threads),
        nsPerByte: JS_NS_PER_BYTE / Math.min(threads, 2),
        stageNsPerByte: copyNsPerByte,
        source: 'default',
      };
    }
    case 'webgpu': {
      if (status && isSoftwareAdapter(status.info)) {
        return {
          launchMs: 1.0,
          nsPerOp: js / Math.max(1, cores),
          nsPerByte: 0.3,
          stageNsPerByte: 1.0,
          source: 'default',
        };
      }
      return {
        launchMs: 0.15,
        nsPerOp: 0.005,
        nsPerByte: 0.003,
        stageNsPerByte: 0.1,
        source: 'default',
      };
    }
    default: {
      const never: never = name;
      return never;
    }
  }
}

/** Compute time of `total` indices of work `work` on constants `c`, ms (no correction). */
export function computeMs(c: BackendConstants, work: WorkProfile, total: number): number {
  return (total * (work.opsPerIndex * c.nsPerOp + work.bytesPerIndex * c.nsPerByte)) / 1e6;
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
  let transferNs = traffic.stagedBytes * c.stageNsPerByte + traffic.movedBytes * c.stageNsPerByte;
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

/** A duration in words for `inspect`: "0.42 ms", "12 µs", "1.3 s". */
export function formatDuration(ms: number): string {
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
