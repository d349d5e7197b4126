// scanKernels.ts — the passes of `scan`, built around one
// combining op and written in the kernel language: the CPU block passes, the wasm lane
// passes and the WebGPU cooperative reduce and segment scan. The association order they
// share, and how scan.ts runs them, are described in the header of scan.ts.

import {
  barrier as barrierImpl,
  groupId as groupIdImpl,
  localId as localIdImpl,
  type Kernel,
} from '../index.js';
import { kernel } from './internalKernel.js';
import type { DType } from './arrays.js';
import { CustomOpKernels, customOpUses, opClass } from './customOp.js';

// Names the kernels receive through `uses` (declared for the type checker only).
declare const op: (a: number, b: number) => number;
declare const BLOCK: number;
declare const SEG: number;
declare const SHIFT: number;
declare const SEGS: number;
declare const EXCL: number;
declare const FINAL: number;
declare const SEGS_SHIFT: number;
declare const reduceBlock: typeof reduceBlockImpl;
declare const scanBlock: typeof scanBlockImpl;
declare const barrier: typeof barrierImpl;
declare const localId: typeof localIdImpl;
declare const groupId: typeof groupIdImpl;

/** Elements per block of the scan's association order (see the file header). */
export const SCAN_BLOCK = 4096;
/** Elements per segment of a block (see the file header). */
export const SCAN_SEGMENT = 64;
export const SEGMENTS = SCAN_BLOCK / SCAN_SEGMENT;
/** Element types whose segments the wasm vectoriser folds four at once (see laneScan). */
export const FOUR_BYTES: ReadonlySet<DType> = new Set<DType>(['f32', 'i32', 'u32']);
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

/** The built-in ops. */
export const OPS = {
  sum: (a: number, b: number): number => a + b,
  prod: (a: number, b: number): number => a * b,
  min: (a: number, b: number): number => Math.min(a, b),
  max: (a: number, b: number): number => Math.max(a, b),
};

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
  /** wasm: the last, partial block's T and H, every O_b, then its elements (one invocation). */
  readonly offsetsAndLastInclusive: Kernel;
  readonly offsetsAndLastExclusive: Kernel;
  /** WebGPU: T, H and P_b, a workgroup per block (cooperative). */
  readonly gpuReduce: Kernel;
  /** WebGPU: the elements, an invocation per segment (`excl` 0 or 1). */
  readonly gpuScan: Kernel;
}

/**
 * Block b's T and H (left in h) and P_b (in partial): the CPU reduce pass's work for one
 * block, four segments at a time (a `uses` helper: op, BLOCK, SEG … are the kernel's).
 */
function reduceBlockImpl(
  x: Float32Array,
  h: Float32Array,
  partial: Float32Array,
  n: number,
  b: number,
): void {
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

/**
 * Block b's elements into out, from O_b (offsets[b], b > 0) and its H: the CPU scan pass's
 * work for one block, four segments at a time (EXCL 1: exclusive).
 */
function scanBlockImpl(
  x: Float32Array,
  out: Float32Array,
  offsets: Float32Array,
  h: Float32Array,
  identity: Float32Array,
  n: number,
  b: number,
): void {
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

/**
 * Builds the passes around one combining function (inlined through `uses` as `op`).
 * Kernels name their `uses` only by free names (declared above for the type checker, never
 * bound in this module), so a bundler has no binding to rename.
 */
function scanKernels(opUses: Record<string, unknown>, name: string): ScanKernels {
  const uses = {
    ...opUses,
    BLOCK: SCAN_BLOCK,
    SEG: SCAN_SEGMENT,
    SHIFT: Math.log2(SCAN_SEGMENT),
    SEGS: SEGMENTS,
    SEGS_SHIFT: Math.log2(SEGMENTS),
    FINAL: GPU_FINAL_HALF,
  };
  const gpuUses = { ...uses, barrier: barrierImpl, localId: localIdImpl, groupId: groupIdImpl };
  const reduceUses = { ...uses, reduceBlock: reduceBlockImpl };
  const blockUses = { ...reduceUses, scanBlock: scanBlockImpl };
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
        for (let b = b0 + t * per; b < b1; b++) scanBlock(x, out, offsets, h, identity, n, b);
      },
      {
        name: `scan_${name}_${excl === 1 ? 'exclusive' : 'inclusive'}`,
        uses: { ...uses, scanBlock: scanBlockImpl, EXCL: excl },
      },
    );
  // wasm, with a last partial block beside the full ones that the lane passes take: that
  // block's T and H, the offsets of every block, then that block's elements, in one
  // invocation (one launch where three took 0.1-0.2 ms each).
  const offsetsAndLast = (excl: number): Kernel =>
    kernel(
      (
        t: number,
        x: Float32Array,
        out: Float32Array,
        partial: Float32Array,
        h: Float32Array,
        identity: Float32Array,
        n: number,
        blocks: number,
      ) => {
        const last = blocks - 1;
        reduceBlock(x, h, partial, n, last);
        let acc = partial[0]!;
        for (let b = 1; b < blocks; b++) {
          const v = partial[b]!;
          partial[b] = acc;
          acc = op(acc, v);
        }
        scanBlock(x, out, partial, h, identity, n, last);
      },
      {
        name: `scan_${name}_offsetsAndLast_${excl === 1 ? 'exclusive' : 'inclusive'}`,
        uses: { ...blockUses, EXCL: excl },
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
        for (let k = 0; k < SEGS; k += 2) {
          // Two segments' folds at once: two independent chains in flight, where one chain
          // of dependent vector adds left the reduce bound by their latency (2.6 → 2.2 ms of
          // a resident 10^7 f32 scan; four chains were slower, 3.0 ms).
          const p = s + k * SEG;
          let a = x[p]!;
          let c = x[p + SEG]!;
          for (let q = 1; q < SEG; q++) {
            a = op(a, x[p + q]!);
            c = op(c, x[p + SEG + q]!);
          }
          h[hb + k] = a;
          h[hb + k + 1] = c;
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
        for (let b = b0 + t * per; b < b1; b++) reduceBlock(x, h, partial, n, b);
      },
      { name: `scan_${name}_reduce`, uses: reduceUses },
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
    offsetsAndLastInclusive: offsetsAndLast(0),
    offsetsAndLastExclusive: offsetsAndLast(1),
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
const custom = new CustomOpKernels<ScanKernels>();

/**
 * The passes for `op` on elements of `dtype` (built once per op, and per class of dtype for
 * a custom op: see customOp.ts; exported for the tests' listings).
 */
export function kernelsFor(op: ScanOp, dtype: DType = 'f32'): ScanKernels {
  if (typeof op === 'function') {
    const cls = opClass(dtype);
    return custom.get(op, cls, () => scanKernels(customOpUses(op, cls), op.name || 'custom'));
  }
  let k = builtIn.get(op);
  if (!k) builtIn.set(op, (k = scanKernels({ op: OPS[op] }, op)));
  return k;
}
