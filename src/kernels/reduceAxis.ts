// reduceAxis.ts — `reduce(x, op, { axis })`, `argmin(x, { axis })` and `argmax(x, { axis })`
// over NDArrays and ndarrays (and typed arrays as 1-D), written in the kernel language.
//
// Along an axis: one invocation per element of the result (the grid is the result's shape;
// a rank-4 input loops over its last result axis), folding the axis left to right from its
// first element, in x's own type (f32 for f32 data, integers wrapping at 32 bits; sums,
// products and custom ops of 8- and 16-bit integers in 32 bits, i32 or u32: see
// accumulatorDtype), so the result is the same on every backend. The axis is removed from
// the result.
// Without an axis (or along the only axis of a 1-D array) the whole array is reduced, in
// row-major order: blocks of 4096 elements each folded left to right (scan.ts's blocks),
// then the block results folded left to right; the result is a number.
// argmin/argmax give the first index of the smallest/largest element (ties: the first);
// a NaN counts as the extreme (NumPy's rule): the first NaN's index when there is one.

import type { BackendName, Kernel } from '../index.js';
import { kernel } from './internalKernel.js';
import {
  arrayArg,
  checkOptions,
  chooseBackend,
  hostView,
  isDense,
  ordered,
  rowMajor,
  showValue,
  TYPED,
  Work,
  type ArrayArg,
  type BackendOption,
  type Buf,
  type DType,
  type NdarrayLike,
} from './arrays.js';
import { denseInput, kernelArg } from './layout.js';
import { identityOf, SCAN_BLOCK, type ScanOp } from './scan.js';
import { checkAssociativeOp, checkOpArity } from './associativeOp.js';
import { CustomOpKernels, customOpUses, opClass } from './customOp.js';

/**
 * Options of `reduce(x, op, options)`, `argmin` and `argmax`.
 *
 * @example
 * ```ts
 * const rowSums = await reduce(m, 'sum', { axis: 1 });
 * ```
 */
export interface ReduceOptions extends BackendOption {
  /** The axis reduced (negative counts from the end); absent: every element, to a number. */
  axis?: number;
}

// Names the kernels receive through `uses` (declared for the type checker only).
declare const op: (a: number, b: number) => number;
declare const better: (v: number, best: number) => boolean;
declare const BLOCK: number;
declare const at0: (ax: number, t: number, o0: number) => number;
declare const at1: (ax: number, t: number, o0: number, o1: number) => number;
declare const at2: (ax: number, t: number, o1: number, o2: number) => number;
declare const at3: (ax: number, t: number, o2: number) => number;

type Nd = NdarrayLike;

const OPS = {
  sum: (a: number, b: number): number => a + b,
  prod: (a: number, b: number): number => a * b,
  min: (a: number, b: number): number => Math.min(a, b),
  max: (a: number, b: number): number => Math.max(a, b),
};
/** argmin/argmax: whether v replaces the best so far (strict: ties keep the first; NaN wins once). */
const BETTER = {
  min: (v: number, best: number): boolean => v < best || (v !== v && best === best),
  max: (v: number, best: number): boolean => v > best || (v !== v && best === best),
};

/** Index m of the input from the result index (o0, o1, o2) and the position t along `axis`. */
const at0Impl = (ax: number, t: number, o0: number): number => (ax === 0 ? t : o0);
const at1Impl = (ax: number, t: number, o0: number, o1: number): number =>
  ax === 0 ? o0 : ax === 1 ? t : o1;
const at2Impl = (ax: number, t: number, o1: number, o2: number): number =>
  ax <= 1 ? o1 : ax === 2 ? t : o2;
const at3Impl = (ax: number, t: number, o2: number): number => (ax === 3 ? t : o2);

interface AxisKernels {
  /** rank 2, 3, 4: reduce along `ax` into `out` (rank − 1). */
  readonly byRank: readonly Kernel[];
  /** Per-block partials of a 1-D array and the fold of the partials. */
  readonly blocks: Kernel;
  /** Per-block partials of pairs of full blocks (CPU backends; see runBlocks). */
  readonly pairs: Kernel;
  readonly fold: Kernel;
}

/**
 * The kernels of one op: `opUses` for those that read the elements, `foldUses` for the fold
 * of the block partials, which are in the accumulator's dtype (u32 for a Uint8Array's sum:
 * a custom op's result is then taken as a u32 there, as an i32 on the elements).
 */
function reduceKernels(
  opUses: Record<string, unknown>,
  foldUses: Record<string, unknown>,
  name: string,
): AxisKernels {
  const uses = {
    ...opUses,
    at0: at0Impl,
    at1: at1Impl,
    at2: at2Impl,
    at3: at3Impl,
    BLOCK: SCAN_BLOCK,
  };
  const r2 = kernel(
    (i: number, x: Nd, out: Nd, ax: number, len: number) => {
      let acc = x.get(at0(ax, 0, i), ax === 0 ? i : 0);
      for (let t = 1; t < len; t++) acc = op(acc, x.get(at0(ax, t, i), ax === 0 ? i : t));
      out.set(i, acc);
    },
    { name: `reduce_${name}_2`, uses },
  );
  const r3 = kernel(
    (i: number, j: number, x: Nd, out: Nd, ax: number, len: number) => {
      let acc = x.get(at0(ax, 0, i), at1(ax, 0, i, j), ax === 2 ? 0 : j);
      for (let t = 1; t < len; t++)
        acc = op(acc, x.get(at0(ax, t, i), at1(ax, t, i, j), ax === 2 ? t : j));
      out.set(i, j, acc);
    },
    { name: `reduce_${name}_3`, uses },
  );
  const r4 = kernel(
    (i: number, j: number, k: number, x: Nd, out: Nd, ax: number, len: number) => {
      let acc = x.get(at0(ax, 0, i), at1(ax, 0, i, j), at2(ax, 0, j, k), at3(ax, 0, k));
      for (let t = 1; t < len; t++)
        acc = op(acc, x.get(at0(ax, t, i), at1(ax, t, i, j), at2(ax, t, j, k), at3(ax, t, k)));
      out.set(i, j, k, acc);
    },
    { name: `reduce_${name}_4`, uses },
  );
  const blocks = kernel(
    (t: number, x: Float32Array, partial: Float32Array, n: number, b0: number) => {
      const b = b0 + t;
      const start = b * BLOCK;
      const end = Math.min(start + BLOCK, n);
      let acc = x[start]!;
      for (let j = start + 1; j < end; j++) acc = op(acc, x[j]!);
      partial[b] = acc;
    },
    { name: `reduce_${name}_blocks`, uses },
  );
  // CPUs: two full blocks per invocation, b and b + half, folded side by side. One chain
  // waits on each op's latency (about one element per cycle on wasm, four blocks per
  // vector); two keep the loads streaming (10^7 f32 on wasm, two threads: 1.6 → 1.2 ms).
  const pairs = kernel(
    (b: number, x: Float32Array, partial: Float32Array, half: number) => {
      const s0 = b * BLOCK;
      const s1 = s0 + half * BLOCK;
      let a0 = x[s0]!;
      let a1 = x[s1]!;
      for (let j = 1; j < BLOCK; j++) {
        a0 = op(a0, x[s0 + j]!);
        a1 = op(a1, x[s1 + j]!);
      }
      partial[b] = a0;
      partial[b + half] = a1;
    },
    { name: `reduce_${name}_pairs`, uses },
  );
  const fold = kernel(
    (t: number, partial: Float32Array, out: Float32Array, m: number) => {
      let acc = partial[0]!;
      for (let b = 1; b < m; b++) acc = op(acc, partial[b]!);
      out[0] = acc;
    },
    { name: `reduce_${name}_fold`, uses: { ...uses, ...foldUses } },
  );
  return { byRank: [r2, r3, r4], blocks, pairs, fold };
}

function argKernels(f: (v: number, best: number) => boolean, name: string): AxisKernels {
  const uses = {
    better: f,
    at0: at0Impl,
    at1: at1Impl,
    at2: at2Impl,
    at3: at3Impl,
    BLOCK: SCAN_BLOCK,
  };
  const r2 = kernel(
    (i: number, x: Nd, out: Nd, ax: number, len: number) => {
      let best = x.get(at0(ax, 0, i), ax === 0 ? i : 0);
      let bi = 0;
      for (let t = 1; t < len; t++) {
        const v = x.get(at0(ax, t, i), ax === 0 ? i : t);
        if (better(v, best)) {
          best = v;
          bi = t;
        }
      }
      out.set(i, bi);
    },
    { name: `${name}_2`, uses },
  );
  const r3 = kernel(
    (i: number, j: number, x: Nd, out: Nd, ax: number, len: number) => {
      let best = x.get(at0(ax, 0, i), at1(ax, 0, i, j), ax === 2 ? 0 : j);
      let bi = 0;
      for (let t = 1; t < len; t++) {
        const v = x.get(at0(ax, t, i), at1(ax, t, i, j), ax === 2 ? t : j);
        if (better(v, best)) {
          best = v;
          bi = t;
        }
      }
      out.set(i, j, bi);
    },
    { name: `${name}_3`, uses },
  );
  const r4 = kernel(
    (i: number, j: number, k: number, x: Nd, out: Nd, ax: number, len: number) => {
      let best = x.get(at0(ax, 0, i), at1(ax, 0, i, j), at2(ax, 0, j, k), at3(ax, 0, k));
      let bi = 0;
      for (let t = 1; t < len; t++) {
        const v = x.get(at0(ax, t, i), at1(ax, t, i, j), at2(ax, t, j, k), at3(ax, t, k));
        if (better(v, best)) {
          best = v;
          bi = t;
        }
      }
      out.set(i, j, k, bi);
    },
    { name: `${name}_4`, uses },
  );
  // Whole array: per block the best value and its index, then the fold over the blocks.
  const blocks = kernel(
    (t: number, x: Float32Array, vals: Float32Array, idx: Uint32Array, n: number, b0: number) => {
      const b = b0 + t;
      const start = b * BLOCK;
      const end = Math.min(start + BLOCK, n);
      let best = x[start]!;
      let bi = start;
      for (let j = start + 1; j < end; j++) {
        const v = x[j]!;
        if (better(v, best)) {
          best = v;
          bi = j;
        }
      }
      vals[b] = best;
      idx[b] = bi;
    },
    { name: `${name}_blocks`, uses },
  );
  // CPUs: two full blocks per invocation, b and b + half, side by side and without a branch
  // (a select per step: the loop stays straight-line, so wasm reads each lane's run four
  // steps at a time); the same first-on-ties result as the loop above.
  const pairs = kernel(
    (b: number, x: Float32Array, vals: Float32Array, idx: Uint32Array, half: number) => {
      const s0 = b * BLOCK;
      const s1 = s0 + half * BLOCK;
      let best0 = x[s0]!;
      let best1 = x[s1]!;
      let i0 = s0;
      let i1 = s1;
      for (let j = 1; j < BLOCK; j++) {
        const v0 = x[s0 + j]!;
        const v1 = x[s1 + j]!;
        const take0 = better(v0, best0);
        const take1 = better(v1, best1);
        best0 = take0 ? v0 : best0;
        i0 = take0 ? s0 + j : i0;
        best1 = take1 ? v1 : best1;
        i1 = take1 ? s1 + j : i1;
      }
      vals[b] = best0;
      idx[b] = i0;
      vals[b + half] = best1;
      idx[b + half] = i1;
    },
    { name: `${name}_pairs`, uses },
  );
  const fold = kernel(
    (t: number, vals: Float32Array, idx: Uint32Array, out: Uint32Array, m: number) => {
      let best = vals[0]!;
      let bi = idx[0]!;
      for (let b = 1; b < m; b++) {
        const v = vals[b]!;
        if (better(v, best)) {
          best = v;
          bi = idx[b]!;
        }
      }
      out[0] = bi;
    },
    { name: `${name}_fold`, uses },
  );
  return { byRank: [r2, r3, r4], blocks, pairs, fold };
}

/** Row-major flattening copies of ranks 2–4 (rank 1 is layout's copy). */
const flat2 = kernel(
  (i: number, j: number, src: Nd, dst: Float32Array, s1: number) => {
    dst[i * s1 + j] = src.get(i, j);
  },
  { name: 'flatten2' },
);
const flat3 = kernel(
  (i: number, j: number, k: number, src: Nd, dst: Float32Array, s1: number, s2: number) => {
    dst[(i * s1 + j) * s2 + k] = src.get(i, j, k);
  },
  { name: 'flatten3' },
);
const flat4 = kernel(
  (
    i: number,
    j: number,
    k: number,
    src: Nd,
    dst: Float32Array,
    s1: number,
    s2: number,
    s3: number,
  ) => {
    for (let l = 0; l < s3; l++) dst[((i * s1 + j) * s2 + k) * s3 + l] = src.get(i, j, k, l);
  },
  { name: 'flatten4' },
);
const flat1 = kernel(
  (i: number, src: Nd, dst: Float32Array) => {
    dst[i] = src.get(i);
  },
  { name: 'flatten1' },
);

const reduceCache = new Map<string, AxisKernels>();
const customCache = new CustomOpKernels<AxisKernels>();

/**
 * The kernels of `o` for elements of `dtype` and accumulators of `accumulator` (a custom
 * op: per class of each, see customOp.ts).
 */
function kernelsForOp(o: ScanOp, dtype: DType, accumulator: DType): AxisKernels {
  if (typeof o === 'function') {
    const cls = opClass(dtype);
    const foldCls = opClass(accumulator);
    return customCache.get(o, `${cls}|${foldCls}`, () =>
      reduceKernels(customOpUses(o, cls), customOpUses(o, foldCls), o.name || 'custom'),
    );
  }
  let k = reduceCache.get(o);
  if (!k) reduceCache.set(o, (k = reduceKernels({ op: OPS[o] }, { op: OPS[o] }, o)));
  return k;
}
function kernelsForArg(which: 'min' | 'max'): AxisKernels {
  const key = `arg${which}`;
  let k = reduceCache.get(key);
  if (!k) reduceCache.set(key, (k = argKernels(BETTER[which], key)));
  return k;
}

function normaliseAxis(axis: unknown, rank: number, fn: string): number | undefined {
  if (axis === undefined) return undefined;
  if (typeof axis !== 'number' || !Number.isInteger(axis))
    throw new TypeError(`numbat: ${fn}: 'axis' must be an integer, got ${showValue(axis)}`);
  if (axis < -rank || axis >= rank)
    throw new RangeError(
      `numbat: ${fn}: 'axis' ${axis} is out of range for an array of rank ${rank}`,
    );
  return axis < 0 ? axis + rank : axis;
}

/** The whole array, flattened row-major into a dense 1-D buffer on the working backend. */
async function flatten(work: Work, xa: ArrayArg): Promise<Buf> {
  // Already dense and 1-D (a typed array, an empty() array, a resident vector): as it is.
  if (xa.kind === 'typed' || (xa.shape.length === 1 && isDense(xa)))
    return (await denseInput(work, xa, false)).buf;
  const src = await kernelArg(work, xa);
  const dst = await work.alloc(xa.dtype, xa.size);
  const s = xa.shape;
  switch (s.length) {
    case 1:
      await work.run(flat1, s[0]!, src, dst);
      break;
    case 2:
      await work.run(flat2, [s[0]!, s[1]!], src, dst, s[1]!);
      break;
    case 3:
      await work.run(flat3, [s[0]!, s[1]!, s[2]!], src, dst, s[1]!, s[2]!);
      break;
    default:
      await work.run(flat4, [s[0]!, s[1]!, s[2]!], src, dst, s[1]!, s[2]!, s[3]!);
  }
  return dst;
}

/**
 * The per-block pass of a whole array into `outs` (one entry per block each): on CPUs the
 * full blocks in pairs (kernels.pairs), the rest (at most one full block and the partial
 * last) one per invocation; on WebGPU every block one per invocation.
 */
async function runBlocks(
  work: Work,
  kernels: AxisKernels,
  flat: Buf,
  n: number,
  outs: readonly Buf[],
): Promise<void> {
  const blocks = Math.ceil(n / SCAN_BLOCK);
  const half = work.backend === 'webgpu' ? 0 : Math.floor(n / SCAN_BLOCK / 2);
  if (half > 0) await work.run(kernels.pairs, half, flat, ...outs, half);
  if (blocks > 2 * half)
    await work.run(kernels.blocks, blocks - 2 * half, flat, ...outs, n, 2 * half);
}

async function readOne(work: Work, b: Buf): Promise<number> {
  return (await work.read(b))[0]!;
}

type Mode = { kind: 'reduce'; op: ScanOp } | { kind: 'arg'; which: 'min' | 'max' };

/**
 * The type a reduction accumulates and returns in: 8- and 16-bit integers sum, multiply
 * (and fold with a custom op) in 32 bits — i32 for signed, u32 for unsigned, as NumPy sums
 * small integers in the platform integer — so [200, 100] of a Uint8Array sums to 300, not
 * 44; min and max keep the element type (their result is one of the elements).
 */
function accumulatorDtype(op: ScanOp, dtype: DType): DType {
  if (op === 'min' || op === 'max') return dtype;
  if (dtype === 'i8' || dtype === 'i16') return 'i32';
  if (dtype === 'u8' || dtype === 'u16') return 'u32';
  return dtype;
}

async function run(fn: string, x: unknown, mode: Mode, options: ReduceOptions): Promise<unknown> {
  const xa = arrayArg(x, 'x', fn);
  const rank = xa.shape.length;
  const axis = normaliseAxis(options.axis, rank, fn);
  const outDtype: DType = mode.kind === 'reduce' ? accumulatorDtype(mode.op, xa.dtype) : 'u32';
  const kernels =
    mode.kind === 'reduce' ? kernelsForOp(mode.op, xa.dtype, outDtype) : kernelsForArg(mode.which);
  const whole = axis === undefined || rank === 1;
  // The whole array is grouped in blocks; along an axis a custom op folds left to right.
  if (whole && mode.kind === 'reduce' && typeof mode.op === 'function')
    checkAssociativeOp(fn as 'reduce', mode.op);
  // Before the empty cases below: an empty Float64Array is refused there as any other.
  if (options.backend === 'webgpu' && xa.dtype === 'f64')
    throw new TypeError(
      `numbat: ${fn}: Float64Array data cannot be reduced on WebGPU (WGSL has no f64); use a CPU backend`,
    );
  if (whole && xa.size === 0) {
    if (mode.kind === 'arg')
      throw new RangeError(
        `numbat: ${fn}: 'x' is empty (an empty array has no ${mode.which === 'min' ? 'smallest' : 'largest'} element)`,
      );
    const o = mode.op;
    if (typeof o === 'function')
      throw new RangeError(`numbat: ${fn}: 'x' is empty and a custom op has no identity`);
    // The identity in the result's type, as along an empty axis: 0, 1, ±Infinity for
    // floats, an integer dtype's extremes for min/max (the value every element of it is
    // within; ±Infinity is no value of an integer array).
    return identityOf(o, xa.dtype);
  }
  // Reducing an axis of length 0 gives the identity everywhere (as NumPy's sum and prod;
  // min and max give ±Infinity, or the dtype's extremes for integers).
  let emptyAxisValue: number | undefined;
  if (!whole && xa.shape[axis!] === 0) {
    if (mode.kind === 'arg' || typeof mode.op === 'function')
      throw new RangeError(
        `numbat: ${fn}: axis ${axis} has length 0 (nothing to reduce${mode.kind === 'arg' ? '' : ', and a custom op has no identity'})`,
      );
    emptyAxisValue = identityOf(mode.op, xa.dtype);
  }
  return ordered(async () => {
    const work = new Work(
      await chooseBackend(fn, options.backend as BackendName | 'auto' | undefined, [xa], xa.size),
      fn,
    );
    try {
      if (whole) {
        const flat = await flatten(work, xa);
        const n = xa.size;
        const blocks = Math.ceil(n / SCAN_BLOCK);
        if (mode.kind === 'reduce') {
          const partial = await work.alloc(outDtype, blocks);
          const result = await work.alloc(outDtype, 1);
          await runBlocks(work, kernels, flat, n, [partial]);
          await work.run(kernels.fold, 1, partial, result, blocks);
          return readOne(work, result);
        }
        const vals = await work.alloc(xa.dtype, blocks);
        const idx = await work.alloc('u32', blocks);
        const result = await work.alloc('u32', 1);
        await runBlocks(work, kernels, flat, n, [vals, idx]);
        await work.run(kernels.fold, 1, vals, idx, result, blocks);
        return readOne(work, result);
      }
      const ax = axis!;
      const shape = xa.shape.filter((_, k) => k !== ax);
      const len = xa.shape[ax]!;
      const src = await kernelArg(work, xa);
      const grid = shape.slice(0, 3);
      const k = kernels.byRank[rank - 2]!;
      const size = shape.reduce((p, q) => p * q, 1);
      if (xa.kind === 'NDArray' && work.backend !== 'js' && emptyAxisValue === undefined) {
        const out = await work.allocShape(outDtype, shape);
        if (size > 0) await work.run(k, grid, src, out, ax, len);
        return work.keep(out, xa);
      }
      const data = new TYPED[outDtype](size);
      const view = hostView(data, shape, rowMajor(shape), 0);
      if (emptyAxisValue !== undefined) data.fill(emptyAxisValue);
      else if (size > 0) await work.run(k, grid, src, view, ax, len);
      if (xa.kind === 'NDArray') {
        const out = await work.allocShape(outDtype, shape);
        await out.storage.write(data);
        return work.keep(out, xa);
      }
      return view;
    } finally {
      work.dispose();
    }
  });
}

/**
 * Reduces `x` along `axis` with `op`: resolves to an array of x's kind and dtype without
 * that axis (an NDArray stays on its backend; an ndarray gives an ndarray-like view over a
 * new typed array), or, without an axis or for a 1-D array, to a number. Each result folds
 * its elements left to right from the first, in x's own type (see src/kernels/reduceAxis.ts),
 * the same on every backend. Integer sums wrap at 32 bits: 8- and 16-bit integers sum,
 * multiply and fold with a custom op in 32 bits (an Int8Array/Int16Array gives i32 results,
 * a Uint8Array/Uint16Array u32); min and max keep x's dtype. Nothing to reduce (an empty x,
 * an axis of length 0) gives the identity: 0, 1, ±Infinity for floats, an integer dtype's
 * extremes for min and max; argmin, argmax and custom ops refuse it.
 *
 * @param x an NDArray or ndarray of rank 1–4 (or a typed array, as 1-D)
 * @param op 'sum', 'prod', 'min', 'max' or an associative `(a, b) => …` (reducing the whole
 *   array groups it in blocks: an op that a few samples show is not associative is a
 *   TypeError there; along an axis of a 2-D or larger array any op folds left to right)
 * @param options `axis` (negative from the end), `backend`
 * @example
 *   const m = await toDevice(ndarray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]));
 *   await reduce(m, 'sum', { axis: 0 });        // NDArray [5, 7, 9]
 *   await reduce(m, 'max');                     // 6
 */
export function reduce(x: unknown, op: ScanOp, options: ReduceOptions = {}): Promise<any> {
  try {
    checkOptions(options, ['axis', 'backend'], 'reduce');
    if (typeof op !== 'function' && !(typeof op === 'string' && op in OPS)) {
      throw new TypeError(
        `numbat: reduce: 'op' must be 'sum', 'prod', 'min', 'max' or a function (a, b) => …, got ${JSON.stringify(op)}`,
      );
    }
    if (typeof op === 'function') checkOpArity('reduce', op);
    return run('reduce', x, { kind: 'reduce', op }, options);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The index of the smallest element along `axis` (the first on ties; the first NaN if there
 * is one): a Uint32Array-backed result of x's kind without that axis, or a number (the
 * row-major flat index) without an axis.
 *
 * @example
 *   await argmin(new Float32Array([3, 1, 1, 2]));                      // 1
 *   await argmin(ndarray(data, [4, 5]), { axis: 1 });                  // 4 indices in [0, 5)
 */
export function argmin(x: unknown, options: ReduceOptions = {}): Promise<any> {
  try {
    checkOptions(options, ['axis', 'backend'], 'argmin');
    return run('argmin', x, { kind: 'arg', which: 'min' }, options);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The index of the largest element along `axis` (the first on ties; the first NaN if there
 * is one); see `argmin`.
 *
 * @example
 *   await argmax(m, { axis: -1 });   // per row of an NDArray, a u32 NDArray
 */
export function argmax(x: unknown, options: ReduceOptions = {}): Promise<any> {
  try {
    checkOptions(options, ['axis', 'backend'], 'argmax');
    return run('argmax', x, { kind: 'arg', which: 'max' }, options);
  } catch (e) {
    return Promise.reject(e);
  }
}
