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
// transposed loads and stores. The block-per-invocation reduce and scan kernels take the
// last, partial block. On WebGPU the reduce is a cooperative kernel, a
// workgroup per block and an invocation per segment, each round reading one half of the
// block's scratch and writing the other, one barrier per round (a shared() array cannot
// take the data's type, which varies); the scan pass is a plain kernel, an invocation per
// segment, with no barrier at all.

import {
  barrier as barrierImpl,
  groupId as groupIdImpl,
  kernel,
  localId as localIdImpl,
  NDArray,
  type Kernel,
} from '../index.js';
import {
  checkOptions,
  checkOut,
  chooseBackend,
  isDense,
  ordered,
  refuseF64OnWebgpu,
  refuseOverlap,
  sharedArray,
  TYPED,
  vectorArg,
  Work,
  type ArrayArg,
  type BackendOption,
  type Buf,
  type DType,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import { denseInput, runCopy } from './layout.js';
import { checkAssociativeOp, checkOpArity } from './associativeOp.js';

// Names the kernels receive through `uses` (declared for the type checker only).
declare const op: (a: number, b: number) => number;
declare const BLOCK: number;
declare const SEG: number;
declare const SHIFT: number;
declare const SEGS: number;
declare const EXCL: number;
declare const FINAL: number;
declare const SEGS_SHIFT: number;
declare const barrier: typeof barrierImpl;
declare const localId: typeof localIdImpl;
declare const groupId: typeof groupIdImpl;

/** Elements per block of the scan's association order (see the file header). */
export const SCAN_BLOCK = 4096;
/** Elements per segment of a block (see the file header). */
export const SCAN_SEGMENT = 64;
const SEGMENTS = SCAN_BLOCK / SCAN_SEGMENT;
/** Element types whose segments the wasm vectoriser folds four at once (see laneScan). */
const FOUR_BYTES: ReadonlySet<DType> = new Set<DType>(['f32', 'i32', 'u32']);
/** Which half of a block's WebGPU scratch holds H after the log2(SEGMENTS) rounds. */
const GPU_FINAL_HALF = Math.log2(SEGMENTS) % 2 === 0 ? 0 : SEGMENTS;

/**
 * How `scan` and `reduce` combine: a built-in operation or an associative `(a, b) => …`
 * in the kernel language (op(op(a, b), c) = op(a, op(b, c)); it need not be commutative).
 * A function that a few sample values show is not associative, such as `(a, b) => a - b`,
 * is a TypeError (for `reduce`, where it reduces the whole array: along an axis it folds
 * left to right).
 *
 * @example
 * ```ts
 * // The flags seen so far, in an Int32Array of bit masks.
 * const op: ScanOp = (a, b) => a | b;
 * ```
 */
export type ScanOp = 'sum' | 'prod' | 'min' | 'max' | ((a: number, b: number) => number);

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

const OPS = {
  sum: (a: number, b: number): number => a + b,
  prod: (a: number, b: number): number => a * b,
  min: (a: number, b: number): number => Math.min(a, b),
  max: (a: number, b: number): number => Math.max(a, b),
};

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

export interface ScanKernels {
  /** CPU: T, H and P_b of whole blocks per invocation (H left in the scratch). */
  readonly reduce: Kernel;
  /** Both: O_b from P_b, one invocation, in place. */
  readonly offsets: Kernel;
  /** CPU: the elements, whole blocks per invocation. */
  readonly inclusive: Kernel;
  readonly exclusive: Kernel;
  /** wasm: T, H and P_b of the full blocks, an invocation per block (four per vector). */
  readonly laneReduce: Kernel;
  /** wasm: the elements of the full blocks, an invocation per segment. */
  readonly laneInclusive: Kernel;
  readonly laneExclusive: Kernel;
  /** WebGPU: T, H and P_b, a workgroup per block (cooperative). */
  readonly gpuReduce: Kernel;
  /** WebGPU: the elements, an invocation per segment (`excl` 0 or 1). */
  readonly gpuScan: Kernel;
}

/**
 * Builds the passes around one combining function (inlined through `uses` as `op`).
 * Kernels name their `uses` only by free names (declared above for the type checker, never
 * bound in this module), so a bundler has no binding to rename.
 */
function scanKernels(combine: (a: number, b: number) => number, name: string): ScanKernels {
  const uses = {
    op: combine,
    BLOCK: SCAN_BLOCK,
    SEG: SCAN_SEGMENT,
    SHIFT: Math.log2(SCAN_SEGMENT),
    SEGS: SEGMENTS,
    SEGS_SHIFT: Math.log2(SEGMENTS),
    FINAL: GPU_FINAL_HALF,
  };
  const gpuUses = { ...uses, barrier: barrierImpl, localId: localIdImpl, groupId: groupIdImpl };
  // The CPU passes run on a grid [invocations, 1]: its second index is always 0, so the wasm
  // backend runs each invocation's loop as scalar code, reading its blocks contiguously, with
  // four independent chains (segments) in flight instead of one.
  const cpuScan = (excl: number): Kernel =>
    kernel(
      (
        t: number,
        z: number,
        x: Float32Array,
        out: Float32Array,
        offsets: Float32Array,
        h: Float32Array,
        identity: Float32Array,
        n: number,
        blocks: number,
        per: number,
        b0: number,
      ) => {
        const b1 = Math.min(b0 + t * per + per, blocks);
        for (let b = b0 + t * per; b < b1; b++) {
          const s = b * BLOCK;
          const e = Math.min(s + BLOCK, n);
          const full = (e - s) >> SHIFT;
          const m = (e - s + SEG - 1) >> SHIFT;
          const hb = b * SEGS;
          // Segment 0 starts from O_b (b > 0) or from nothing.
          const o = offsets[b]!;
          const e0 = Math.min(s + SEG, e);
          let a = x[s]!;
          if (b > 0) a = op(o, a);
          if (EXCL === 1) {
            if (b > 0) out[s] = o;
            else out[s] = identity[0]!;
          } else out[s] = a;
          for (let j = s + 1; j < e0; j++) {
            const v = x[j]!;
            if (EXCL === 1) out[j] = a;
            a = op(a, v);
            if (EXCL === 0) out[j] = a;
          }
          // Segments 1 …: four at a time from start_k = O_b ⊕ H_{k−1} (or H_{k−1}).
          let k = 1;
          for (; k + 4 <= full; k += 4) {
            const p = s + k * SEG;
            let a0 = h[hb + k - 1]!;
            let a1 = h[hb + k]!;
            let a2 = h[hb + k + 1]!;
            let a3 = h[hb + k + 2]!;
            if (b > 0) {
              a0 = op(o, a0);
              a1 = op(o, a1);
              a2 = op(o, a2);
              a3 = op(o, a3);
            }
            for (let q = 0; q < SEG; q++) {
              const v0 = x[p + q]!;
              const v1 = x[p + SEG + q]!;
              const v2 = x[p + 2 * SEG + q]!;
              const v3 = x[p + 3 * SEG + q]!;
              if (EXCL === 1) {
                out[p + q] = a0;
                out[p + SEG + q] = a1;
                out[p + 2 * SEG + q] = a2;
                out[p + 3 * SEG + q] = a3;
              }
              a0 = op(a0, v0);
              a1 = op(a1, v1);
              a2 = op(a2, v2);
              a3 = op(a3, v3);
              if (EXCL === 0) {
                out[p + q] = a0;
                out[p + SEG + q] = a1;
                out[p + 2 * SEG + q] = a2;
                out[p + 3 * SEG + q] = a3;
              }
            }
          }
          for (; k < m; k++) {
            const p = s + k * SEG;
            const pe = Math.min(p + SEG, e);
            let c = h[hb + k - 1]!;
            if (b > 0) c = op(o, c);
            for (let j = p; j < pe; j++) {
              const v = x[j]!;
              if (EXCL === 1) out[j] = c;
              c = op(c, v);
              if (EXCL === 0) out[j] = c;
            }
          }
        }
      },
      {
        name: `scan_${name}_${excl === 1 ? 'exclusive' : 'inclusive'}`,
        uses: { ...uses, EXCL: excl },
      },
    );
  // wasm: the full blocks with a lane per segment (grid [full blocks, SEGS]): each
  // invocation folds its own segment, so the vectoriser takes four segments at once, four
  // steps at a time through transposed loads and stores (passes/interleavedAccess.ts).
  const laneScan = (excl: number): Kernel =>
    kernel(
      (
        b: number,
        k: number,
        x: Float32Array,
        out: Float32Array,
        offsets: Float32Array,
        h: Float32Array,
        identity: Float32Array,
      ) => {
        const p = b * BLOCK + k * SEG;
        // start_k: O_b ⊕ H_{k−1}, O_b (k = 0), H_{k−1} (b = 0); none for the first segment.
        let st = h[b * SEGS + k - 1]!;
        if (b > 0) {
          const o = offsets[b]!;
          st = k > 0 ? op(o, st) : o;
        }
        const started = b > 0 || k > 0;
        const v0 = x[p]!;
        let a = started ? op(st, v0) : v0;
        if (EXCL === 1) out[p] = started ? st : identity[0]!;
        else out[p] = a;
        for (let q = 1; q < SEG; q++) {
          const v = x[p + q]!;
          if (EXCL === 1) out[p + q] = a;
          a = op(a, v);
          if (EXCL === 0) out[p + q] = a;
        }
      },
      {
        name: `scan_${name}_lanes_${excl === 1 ? 'exclusive' : 'inclusive'}`,
        uses: { ...uses, EXCL: excl },
      },
    );
  return {
    laneReduce: kernel(
      (b: number, x: Float32Array, h: Float32Array, g: Float32Array, partial: Float32Array) => {
        // T, H and P_b of a full block, an invocation per block (four blocks per vector):
        // each segment's T folded left to right, then the rounds d = 1, 2, …, 32 reading
        // one array and writing the other (h → g → h …), every k at once.
        const s = b * BLOCK;
        const hb = b * SEGS;
        for (let k = 0; k < SEGS; k++) {
          const p = s + k * SEG;
          let a = x[p]!;
          for (let q = 1; q < SEG; q++) a = op(a, x[p + q]!);
          h[hb + k] = a;
        }
        for (let d = 1; d < SEGS; d = d * 4) {
          for (let q = 0; q < SEGS; q++) {
            const v = h[hb + q]!;
            g[hb + q] = q >= d ? op(h[hb + q - d]!, v) : v;
          }
          const e = d * 2;
          for (let q = 0; q < SEGS; q++) {
            const v = g[hb + q]!;
            h[hb + q] = q >= e ? op(g[hb + q - e]!, v) : v;
          }
        }
        partial[b] = h[hb + SEGS - 1]!;
      },
      { name: `scan_${name}_laneReduce`, uses },
    ),
    laneInclusive: laneScan(0),
    laneExclusive: laneScan(1),
    reduce: kernel(
      (
        t: number,
        z: number,
        x: Float32Array,
        partial: Float32Array,
        h: Float32Array,
        n: number,
        blocks: number,
        per: number,
        b0: number,
      ) => {
        const b1 = Math.min(b0 + t * per + per, blocks);
        for (let b = b0 + t * per; b < b1; b++) {
          const s = b * BLOCK;
          const e = Math.min(s + BLOCK, n);
          const full = (e - s) >> SHIFT;
          const m = (e - s + SEG - 1) >> SHIFT;
          const hb = b * SEGS;
          // T_k, four segments at a time.
          let k = 0;
          for (; k + 4 <= full; k += 4) {
            const p = s + k * SEG;
            let a0 = x[p]!;
            let a1 = x[p + SEG]!;
            let a2 = x[p + 2 * SEG]!;
            let a3 = x[p + 3 * SEG]!;
            for (let q = 1; q < SEG; q++) {
              a0 = op(a0, x[p + q]!);
              a1 = op(a1, x[p + SEG + q]!);
              a2 = op(a2, x[p + 2 * SEG + q]!);
              a3 = op(a3, x[p + 3 * SEG + q]!);
            }
            h[hb + k] = a0;
            h[hb + k + 1] = a1;
            h[hb + k + 2] = a2;
            h[hb + k + 3] = a3;
          }
          for (; k < m; k++) {
            const p = s + k * SEG;
            const pe = Math.min(p + SEG, e);
            let a = x[p]!;
            for (let j = p + 1; j < pe; j++) a = op(a, x[j]!);
            h[hb + k] = a;
          }
          // H: Hillis–Steele in place (k descending reads H_{k−d} before its round's update).
          for (let d = 1; d < m; d = d * 2) {
            for (let q = hb + m - 1; q >= hb + d; q--) h[q] = op(h[q - d]!, h[q]!);
          }
          partial[b] = h[hb + m - 1]!;
        }
      },
      { name: `scan_${name}_reduce`, uses },
    ),
    offsets: kernel(
      (t: number, partial: Float32Array, blocks: number) => {
        // partial[b] becomes O_b (b ≥ 1); partial[0] keeps P_0 and is never read again.
        let acc = partial[0]!;
        for (let b = 1; b < blocks; b++) {
          const v = partial[b]!;
          partial[b] = acc;
          acc = op(acc, v);
        }
      },
      { name: `scan_${name}_offsets`, uses },
    ),
    inclusive: cpuScan(0),
    exclusive: cpuScan(1),
    gpuReduce: kernel(
      (i: number, x: Float32Array, partial: Float32Array, h: Float32Array, n: number) => {
        // A workgroup per block, an invocation per segment: T, then the Hillis–Steele rounds
        // between the two halves of the block's scratch (one barrier each; H ends in the
        // half FINAL). (Past the end of x, a segment's T and H are left unspecified: no
        // segment before it reads them.)
        const l = localId();
        const b = groupId();
        const p = b * BLOCK + l * SEG;
        const pe = Math.min(p + SEG, n);
        const hb = b * 2 * SEGS;
        if (p < n) {
          let a = x[p]!;
          for (let j = p + 1; j < pe; j++) a = op(a, x[j]!);
          h[hb + l] = a;
        }
        barrier();
        let from = hb;
        let to = hb + SEGS;
        for (let d = 1; d < SEGS; d = d * 2) {
          let v = h[from + l]!;
          if (l >= d) v = op(h[from + l - d]!, v);
          h[to + l] = v;
          barrier();
          const was = from;
          from = to;
          to = was;
        }
        if (l === SEGS - 1) partial[b] = h[from + l]!;
      },
      { name: `scan_${name}_gpuReduce`, workgroup: SEGMENTS, uses: gpuUses },
    ),
    gpuScan: kernel(
      (
        i: number,
        x: Float32Array,
        out: Float32Array,
        offsets: Float32Array,
        h: Float32Array,
        identity: Float32Array,
        n: number,
        excl: number,
      ) => {
        // An invocation per segment: its start from O_b and H (left by gpuReduce), then its
        // elements left to right.
        const b = i >> SEGS_SHIFT;
        const l = i - b * SEGS;
        const p = i * SEG;
        const pe = Math.min(p + SEG, n);
        const hf = b * 2 * SEGS + FINAL;
        if (p < n) {
          let c = x[p]!;
          let first = identity[0]!;
          if (l > 0) {
            let st = h[hf + l - 1]!;
            if (b > 0) st = op(offsets[b]!, st);
            first = st;
            c = op(st, c);
          } else if (b > 0) {
            const o = offsets[b]!;
            first = o;
            c = op(o, c);
          }
          if (excl === 1) out[p] = first;
          else out[p] = c;
          for (let j = p + 1; j < pe; j++) {
            const v = x[j]!;
            if (excl === 1) out[j] = c;
            c = op(c, v);
            if (excl === 0) out[j] = c;
          }
        }
      },
      { name: `scan_${name}_gpuScan`, uses },
    ),
  };
}

const builtIn = new Map<string, ScanKernels>();
const custom = new WeakMap<Function, ScanKernels>();

/** The passes for `op` (built once per op; exported for the tests' listings). */
export function kernelsFor(op: ScanOp): ScanKernels {
  if (typeof op === 'function') {
    let k = custom.get(op);
    if (!k) custom.set(op, (k = scanKernels(op, op.name || 'custom')));
    return k;
  }
  let k = builtIn.get(op);
  if (!k) builtIn.set(op, (k = scanKernels(OPS[op], op)));
  return k;
}

/** Invocations a CPU pass uses: whole blocks each. */
function splitBlocks(blocks: number): { grid: number; per: number } {
  if (blocks <= 0) return { grid: 0, per: 1 };
  const grid = Math.min(blocks, 64);
  const per = Math.ceil(blocks / grid);
  return { grid: Math.ceil(blocks / per), per };
}

/** A new container of `x`'s kind for a host result. */
export function hostResult(x: ArrayArg, data: TypedArray): TypedArray | NdarrayLike {
  if (x.kind !== 'ndarray') return data;
  const Ctor = (x.value as unknown as { constructor: new (...a: unknown[]) => NdarrayLike })
    .constructor;
  return new Ctor(data, data.length, 1, 0);
}

/**
 * Where a 1-D primitive writes its result: straight into `out` when a kernel on `work`'s
 * backend can write it in place (a dense out there), else into a temporary moved to `out`
 * (or handed back) by `finish`.
 */
export async function resultTarget(
  work: Work,
  x: ArrayArg,
  out: ArrayArg | undefined,
  dtype: DType,
  n: number,
  reuse?: Buf,
): Promise<Buf> {
  if (out && isDense(out)) {
    if (out.kind === 'NDArray' && (out.value as NDArray).backend === work.backend)
      return out.value as NDArray;
    if (work.backend === 'js' && out.kind !== 'NDArray')
      return out.kind === 'typed' ? (out.value as TypedArray) : (out.value as NdarrayLike).data;
  }
  if (reuse) return reuse;
  return work.alloc(dtype, n);
}

/** Delivers a result buffer: into `out`, as a resident NDArray, or as a new host array. */
export async function finish(
  work: Work,
  x: ArrayArg,
  out: ArrayArg | undefined,
  result: Buf,
): Promise<unknown> {
  if (out) {
    const target = out.value;
    const outData =
      out.kind === 'NDArray'
        ? target
        : out.kind === 'typed'
          ? target
          : (target as NdarrayLike).data;
    if (result === outData) return target;
    if (out.kind === 'NDArray') {
      const nd = target as NDArray;
      if (isDense(out) && !(nd.backend === work.backend && result instanceof NDArray))
        await nd.storage.write(await work.read(result));
      else await runCopy(work, [out.size], result, nd); // a strided NDArray elsewhere moves here, as any launch does
    } else if (isDense(out)) {
      await work.readInto(result, outData as TypedArray);
    } else {
      await runCopy(work, [out.size], result, target);
    }
    return target;
  }
  if (x.kind === 'NDArray') {
    if (result instanceof NDArray) return work.keep(result);
    const nd = await work.allocShape(x.dtype, [x.size]);
    await nd.storage.write(result);
    return work.keep(nd);
  }
  return hostResult(x, await work.read(result));
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
    const kernels = kernelsFor(op);
    const n = xa.size;
    return ordered(async () => {
      const work = new Work(await chooseBackend(fn, options.backend, [xa, outArg], n), fn);
      try {
        refuseF64OnWebgpu(work.backend, [xa, outArg], ['x', 'out'], fn);
        if (n === 0) return (await finish(work, xa, outArg, await work.alloc(xa.dtype, 0))) as T;
        // Host input on a heap backend: one copy in, scanned in place, one copy out; an
        // `empty()` array is used where it is, as x and as out.
        const direct = sharedArray(work, xa);
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
          if (lanes > 0) {
            const pass = exclusive ? kernels.laneExclusive : kernels.laneInclusive;
            await work.run(pass, [lanes, SEGMENTS], src, dst, partial, h, id);
          }
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
        return (await finish(work, xa, outArg, dst)) as T;
      } finally {
        work.dispose();
      }
    });
  } catch (e) {
    return Promise.reject(e);
  }
}
