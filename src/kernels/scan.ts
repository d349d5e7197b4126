// scan.ts — `scan(x, op, { exclusive, out })`: inclusive and exclusive prefix scans, written
// in the kernel language as reduce-then-scan over fixed blocks.
//
// The association order (the same on every backend, a function of the length only). x is cut
// into blocks of SCAN_BLOCK = 4096 elements, each block into segments of SCAN_SEGMENT = 64
// (64 segments; the last block and its last segment may be shorter). In block b (first
// index s) with m segments:
//   T_k      segment k's total: its elements folded left to right from the first;
//   H_k      the Hillis–Steele inclusive scan of T_0 … T_{m−1}: H = T, then for d = 1, 2, 4,
//            …, 32 (while d < m), every k ≥ d at once: H_k ← H_{k−d} ⊕ H_k;
//   P_b      the block's partial, H_63 of a full block (a balanced pairwise tree of its T);
//   O_b      the offsets, P folded left to right: O_1 = P_0, O_b = O_{b−1} ⊕ P_{b−1};
//   start_k  where segment k starts: O_b ⊕ H_{k−1} (b > 0, k > 0), O_b (k = 0), H_{k−1}
//            (b = 0), nothing for the array's first segment (the identity is never folded
//            in, so a sum of −0s stays −0);
//   inclusive element j of segment k: (((start_k ⊕ x_p) ⊕ x_{p+1}) ⊕ …) ⊕ x_j, p the
//            segment's first index (from x_p itself when there is no start);
//   exclusive element j: the same fold stopped before x_j — start_k at a segment's first
//            element, the identity at element 0.
// Every ⊕ computes in the array's own type: f32 for a Float32Array (each step rounded to
// f32, as NumPy's float32 cumsum), f64 for a Float64Array, integers wrapping at 32 bits; T,
// H, P and O are stored in that type (narrower integers truncated) between steps.
//
// Why this order: segments are independent, so a CPU folds four of them at once (four
// chains instead of one serial chain through the block), and a GPU workgroup of 64
// invocations takes one segment each, with the six Hillis–Steele rounds between barriers.
// Nothing waits on another workgroup (reduce-then-scan), so it is safe on every WebGPU device.
//
// The passes: reduce (per block: T, then H, left in a scratch array of the data's type, and
// P_b) → offsets (one invocation, sequential, in place) → scan (per segment: its start from
// O_b and H, then its elements). On CPUs reduce and scan run on a grid of invocations that
// each take whole blocks, four segments at a time, H computed in place (k descending reads
// H_{k−d} before its round's update). On wasm the full blocks take vectorised passes
// instead: laneReduce, an invocation per block, computes T, H and P_b of four blocks in one
// vector (each lane folds its block's segments in turn, four elements at a time through
// transposed loads, passes/interleavedAccess.ts; then the rounds, each from one scratch
// array into the other), in one pass over x with no second launch for H; laneScan, a grid
// [full blocks, 64] with an invocation per segment, folds four segments in one vector through
// transposed loads and stores. The last, partial block goes with the offsets, in one
// invocation between the two (offsetsAndLast: three launches in all where five took 0.3-0.5
// ms more of the 5-7 of a resident 10^7 scan); the block-per-invocation reduce and scan
// kernels share its code (the uses helpers reduceBlock and scanBlock). On WebGPU the reduce is a cooperative kernel, a
// workgroup per block and an invocation per segment, each round reading one half of the
// block's scratch and writing the other, one barrier per round (a shared() array cannot
// take the data's type, which varies); the scan pass is a plain kernel, an invocation per
// segment, with no barrier at all.
// The kernels are built in scanKernels.ts; results are delivered by results.ts (shared with
// sort and histogram).

import type { NDArray } from '../index.js';
import {
  checkOptions,
  checkOut,
  chooseBackend,
  ordered,
  refuseF64OnWebgpu,
  refuseOverlap,
  sharedArray,
  TYPED,
  vectorArg,
  Work,
  type BackendOption,
  type DType,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import { checkAssociativeOp, checkOpArity } from './associativeOp.js';
import { denseInput } from './layout.js';
import { finish, resultTarget } from './results.js';
import { FOUR_BYTES, kernelsFor, OPS, SCAN_BLOCK, SEGMENTS, type ScanOp } from './scanKernels.js';

export { SCAN_BLOCK, SCAN_SEGMENT, kernelsFor, type ScanOp } from './scanKernels.js';

/**
 * Options of `scan(x, op, options)`.
 *
 * @example
 * ```ts
 * await scan(x, 'max', { exclusive: true });
 * ```
 */
export interface ScanOptions extends BackendOption {
  /** Exclusive scan: out[0] is the identity, out[j] combines x[0] … x[j − 1]. */
  exclusive?: boolean;
  /** Write the result here (same length and dtype as x; may be x itself). */
  out?: TypedArray | NDArray | NdarrayLike;
  /** The identity of a custom `op` (needed for an exclusive scan with one). */
  identity?: number;
}

/** The identity of a built-in op for a dtype. */
export function identityOf(op: keyof typeof OPS, dtype: DType): number {
  if (op === 'sum') return 0;
  if (op === 'prod') return 1;
  const range: Record<DType, [number, number]> = {
    f32: [-Infinity, Infinity],
    f64: [-Infinity, Infinity],
    i32: [-2147483648, 2147483647],
    u32: [0, 4294967295],
    i16: [-32768, 32767],
    u16: [0, 65535],
    i8: [-128, 127],
    u8: [0, 255],
  };
  return op === 'min' ? range[dtype][1] : range[dtype][0];
}

/** Invocations a CPU pass uses: whole blocks each. */
function splitBlocks(blocks: number): { grid: number; per: number } {
  if (blocks <= 0) return { grid: 0, per: 1 };
  const grid = Math.min(blocks, 64);
  const per = Math.ceil(blocks / grid);
  return { grid: Math.ceil(blocks / per), per };
}

/**
 * Prefix scan of a 1-D array: resolves to a new array of the same kind (an NDArray stays on
 * its backend) or to `out`. Inclusive by default: out[j] = x[0] ⊕ … ⊕ x[j]; exclusive:
 * out[0] = the identity (0, 1, +∞/−∞ or the dtype's extremes for min/max, `identity` for a
 * custom op), out[j] = x[0] ⊕ … ⊕ x[j − 1]. The result has x's dtype; integer sums wrap at
 * 32 bits. Floats are combined in a fixed order for each length, the same on every backend
 * (blocks of 4096 elements in segments of 64, a Hillis–Steele scan over a block's segment
 * totals: see the README's "Array primitives" and the header of src/kernels/scan.ts).
 *
 * @param x a typed array, 1-D NDArray or 1-D ndarray
 * @param op 'sum' (default), 'prod', 'min', 'max' or an associative `(a, b) => …` written in
 *   the kernel language (one that a few samples show is not associative is a TypeError)
 * @param options `exclusive`, `out` (x itself scans in place), `identity`, `backend`
 * @example
 *   await scan(new Int32Array([1, 2, 3, 4]));                          // Int32Array [1, 3, 6, 10]
 *   await scan(new Float32Array([3, 1, 2]), 'max', { exclusive: true }); // [-Infinity, 3, 3]
 *   await scan(resident, 'sum', { out: resident });                    // in place on the device
 */
export function scan<T>(x: T, op: ScanOp = 'sum', options: ScanOptions = {}): Promise<T> {
  try {
    const fn = 'scan';
    checkOptions(options, ['exclusive', 'out', 'identity', 'backend'], fn);
    const xa = vectorArg(x, 'x', fn);
    if (typeof op !== 'function' && !(typeof op === 'string' && op in OPS)) {
      throw new TypeError(
        `numbat: scan: 'op' must be 'sum', 'prod', 'min', 'max' or a function (a, b) => …, got ${JSON.stringify(op)}`,
      );
    }
    const exclusive = options.exclusive ?? false;
    if (typeof exclusive !== 'boolean')
      throw new TypeError(`numbat: scan: 'exclusive' must be a boolean`);
    let identity: number | undefined;
    if (typeof op === 'function') {
      checkOpArity(fn, op);
      checkAssociativeOp(fn, op);
      identity = options.identity;
      if (identity !== undefined && typeof identity !== 'number')
        throw new TypeError(
          `numbat: scan: 'identity' must be a number, got ${typeof identity === 'string' ? JSON.stringify(identity) : typeof identity}`,
        );
      if (exclusive && typeof identity !== 'number') {
        throw new TypeError(
          `numbat: scan: an exclusive scan with a custom op needs its 'identity' option (the value out[0] takes)`,
        );
      }
    } else {
      if (options.identity !== undefined)
        throw new TypeError(
          `numbat: scan: 'identity' is only for a custom op ('${op}' has its own)`,
        );
      identity = identityOf(op, xa.dtype);
    }
    const outArg = options.out === undefined ? undefined : vectorArg(options.out, 'out', fn);
    if (outArg) checkOut(outArg, xa.size, xa.dtype, fn);
    refuseOverlap(fn, outArg, 'out', xa, 'x', true); // x itself scans in place; a part of it does not
    const kernels = kernelsFor(op, xa.dtype);
    const n = xa.size;
    return ordered(async () => {
      const work = new Work(await chooseBackend(fn, options.backend, [xa, outArg], n), fn);
      try {
        refuseF64OnWebgpu(work.backend, [xa, outArg], ['x', 'out'], fn);
        if (n === 0) return (await finish(work, xa, outArg, await work.alloc(xa.dtype, 0))) as T;
        // Host input on a heap backend: one copy in, scanned in place, one copy out; an
        // `empty()` array is used where it is, as x and as out.
        const direct = sharedArray(work, xa);
        // A new host result: its pages touched while the kernels run (Work.expectHostResult).
        if (!direct && !outArg && xa.kind !== 'NDArray') work.expectHostResult(xa.dtype, n);
        const input = direct ? { buf: direct, owned: false } : await denseInput(work, xa, false);
        const src = input.buf;
        const dst =
          (outArg && sharedArray(work, outArg)) ??
          (await resultTarget(work, xa, outArg, xa.dtype, n, input.owned ? src : undefined));
        const blocks = Math.ceil(n / SCAN_BLOCK);
        const partial = await work.alloc(xa.dtype, blocks);
        const id = new TYPED[xa.dtype](1);
        id[0] = identity ?? 0;
        if (work.backend === 'webgpu') {
          const h = await work.alloc(xa.dtype, blocks * 2 * SEGMENTS);
          await work.run(kernels.gpuReduce, blocks * SEGMENTS, src, partial, h, n);
          if (blocks > 1) await work.run(kernels.offsets, 1, partial, blocks);
          await work.run(
            kernels.gpuScan,
            blocks * SEGMENTS,
            src,
            dst,
            partial,
            h,
            id,
            n,
            exclusive ? 1 : 0,
          );
        } else {
          const h = await work.alloc(xa.dtype, blocks * SEGMENTS);
          // wasm: the full blocks' segments as lanes (4 at once) where the vectoriser can
          // transpose them (4-byte elements); the others whole blocks.
          const lanes =
            work.backend === 'wasm' && FOUR_BYTES.has(xa.dtype) ? Math.floor(n / SCAN_BLOCK) : 0;
          if (lanes > 0) {
            const g = await work.alloc(xa.dtype, lanes * SEGMENTS);
            await work.run(kernels.laneReduce, lanes, src, h, g, partial);
          }
          if (lanes > 0 && lanes < blocks) {
            // The last, partial block and the offsets in one launch, before the lanes' scan.
            const last = exclusive
              ? kernels.offsetsAndLastExclusive
              : kernels.offsetsAndLastInclusive;
            await work.run(last, 1, src, dst, partial, h, id, n, blocks);
          } else {
            if (lanes < blocks) {
              const rest = splitBlocks(blocks - lanes);
              await work.run(
                kernels.reduce,
                [rest.grid, 1],
                src,
                partial,
                h,
                n,
                blocks,
                rest.per,
                lanes,
              );
            }
            if (blocks > 1) await work.run(kernels.offsets, 1, partial, blocks);
            if (lanes < blocks) {
              const pass = exclusive ? kernels.exclusive : kernels.inclusive;
              const rest = splitBlocks(blocks - lanes);
              await work.run(
                pass,
                [rest.grid, 1],
                src,
                dst,
                partial,
                h,
                id,
                n,
                blocks,
                rest.per,
                lanes,
              );
            }
          }
          if (lanes > 0) {
            const pass = exclusive ? kernels.laneExclusive : kernels.laneInclusive;
            await work.run(pass, [lanes, SEGMENTS], src, dst, partial, h, id);
          }
        }
        return (await finish(work, xa, outArg, dst)) as T;
      } finally {
        work.dispose();
      }
    });
  } catch (e) {
    return Promise.reject(e);
  }
}
