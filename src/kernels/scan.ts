// scan.ts — `scan(x, op, { exclusive, out })`: inclusive and exclusive prefix scans, written
// in the kernel language as reduce-then-scan over fixed blocks.
//
// The association order (the same on every backend, a function of the length only):
// x is cut into blocks of SCAN_BLOCK = 4096 elements. Block b's partial P_b folds its
// elements: for the built-in ops (all commutative) in four interleaved lanes — lane l
// folds the elements s+l, s+l+4, s+l+8, … left to right from the first of them (s the
// block's first index), and P_b = (lane0 ⊕ lane1) ⊕ (lane2 ⊕ lane3); a block of fewer than
// 8 elements, and any block under a custom op, folds left to right from its first
// element. The offsets fold the partials
// left to right: O_1 = P_0, O_b = O_{b−1} ⊕ P_{b−1}. Element j of block b is
// (((O_b ⊕ x_s) ⊕ x_{s+1}) ⊕ … ⊕ x_j) with s the block's first index (block 0 starts from
// x_0 itself). Every ⊕ computes in the array's own type: f32 for a Float32Array (each step
// rounded to f32, as NumPy's float32 cumsum), f64 for a Float64Array, integers wrapping at
// 32 bits (and stored into narrower integer arrays with their truncation). An exclusive scan
// is the inclusive one shifted by one: out[0] = the identity, out[j] = inclusive[j − 1].
// For n ≤ 4096 this is the plain sequential scan.
//
// The passes: reduceBlocks (P_b, grid over block ranges) → blockOffsets (one invocation,
// sequential over the partials, in place) → scanBlocks (grid over block ranges). The grid
// splits whole blocks among invocations (a few per thread on CPUs, one per block on WebGPU),
// which changes nothing in the result.

import { kernel, NDArray, type Kernel } from '../index.js';
import {
  checkOptions,
  checkOut,
  chooseBackend,
  isDense,
  ordered,
  refuseF64OnWebgpu,
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

// Names the kernels receive through `uses` (declared for the type checker only).
declare const op: (a: number, b: number) => number;
declare const BLOCK: number;
declare const LANES: number;

/** Elements per block of the scan's association order (see the file header). */
export const SCAN_BLOCK = 4096;

/**
 * How `scan` and `reduce` combine: a built-in operation or an associative `(a, b) => …`
 * in the kernel language.
 *
 * @example
 * ```ts
 * const op: ScanOp = (a, b) => a + 2 * b;
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
  /** Exclusive scan: out[0] is the identity, out[j] the inclusive scan's element j − 1. */
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
function identityOf(op: keyof typeof OPS, dtype: DType): number {
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

interface ScanKernels {
  readonly reduceBlocks: Kernel;
  readonly blockOffsets: Kernel;
  readonly inclusive: Kernel;
  readonly exclusive: Kernel;
}

/**
 * Builds the three passes around one combining function (inlined through `uses` as `op`).
 * Kernels name their `uses` only by free names (declared above for the type checker, never
 * bound in this module), so a bundler has no binding to rename.
 */
function scanKernels(
  combine: (a: number, b: number) => number,
  name: string,
  lanes: 1 | 4,
): ScanKernels {
  const uses = { op: combine, BLOCK: SCAN_BLOCK, LANES: lanes };
  return {
    // (Every pass runs on a grid [invocations, 1]: its second index is always 0, so the wasm
    // backend runs each invocation's loop as scalar code, reading its blocks contiguously,
    // instead of four invocations' blocks in the lanes of a vector with gathers.)
    reduceBlocks: kernel(
      (
        t: number,
        z: number,
        x: Float32Array,
        partial: Float32Array,
        n: number,
        blocks: number,
        per: number,
      ) => {
        const b1 = Math.min(t * per + per, blocks);
        for (let b = t * per; b < b1; b++) {
          const start = b * BLOCK;
          const end = Math.min(start + BLOCK, n);
          let acc = x[start]!;
          if (LANES === 4 && end - start >= 8) {
            // Four interleaved lanes (independent chains), then (l0 ⊕ l1) ⊕ (l2 ⊕ l3).
            let a1 = x[start + 1]!;
            let a2 = x[start + 2]!;
            let a3 = x[start + 3]!;
            let j = start + 4;
            for (; j + 3 < end; j += 4) {
              acc = op(acc, x[j]!);
              a1 = op(a1, x[j + 1]!);
              a2 = op(a2, x[j + 2]!);
              a3 = op(a3, x[j + 3]!);
            }
            if (j < end) acc = op(acc, x[j]!);
            if (j + 1 < end) a1 = op(a1, x[j + 1]!);
            if (j + 2 < end) a2 = op(a2, x[j + 2]!);
            acc = op(op(acc, a1), op(a2, a3));
          } else {
            for (let j = start + 1; j < end; j++) acc = op(acc, x[j]!);
          }
          partial[b] = acc;
        }
      },
      { name: `scan_${name}_reduceBlocks`, uses },
    ),
    blockOffsets: kernel(
      (t: number, partial: Float32Array, blocks: number) => {
        // partial[b] becomes O_b (b ≥ 1); partial[0] keeps P_0 and is never read again.
        let acc = partial[0]!;
        for (let b = 1; b < blocks; b++) {
          const v = partial[b]!;
          partial[b] = acc;
          acc = op(acc, v);
        }
      },
      { name: `scan_${name}_blockOffsets`, uses },
    ),
    inclusive: kernel(
      (
        t: number,
        z: number,
        x: Float32Array,
        out: Float32Array,
        offsets: Float32Array,
        n: number,
        blocks: number,
        per: number,
      ) => {
        const b1 = Math.min(t * per + per, blocks);
        for (let b = t * per; b < b1; b++) {
          const start = b * BLOCK;
          const end = Math.min(start + BLOCK, n);
          const first = x[start]!;
          let acc = b === 0 ? first : op(offsets[b]!, first);
          out[start] = acc;
          for (let j = start + 1; j < end; j++) {
            acc = op(acc, x[j]!);
            out[j] = acc;
          }
        }
      },
      { name: `scan_${name}_inclusive`, uses },
    ),
    exclusive: kernel(
      (
        t: number,
        z: number,
        x: Float32Array,
        out: Float32Array,
        offsets: Float32Array,
        identity: Float32Array,
        n: number,
        blocks: number,
        per: number,
      ) => {
        const b1 = Math.min(t * per + per, blocks);
        for (let b = t * per; b < b1; b++) {
          const start = b * BLOCK;
          const end = Math.min(start + BLOCK, n);
          const first = x[start]!;
          let acc = b === 0 ? first : op(offsets[b]!, first);
          out[start] = b === 0 ? identity[0]! : offsets[b]!;
          for (let j = start + 1; j < end; j++) {
            const v = x[j]!;
            out[j] = acc;
            acc = op(acc, v);
          }
        }
      },
      { name: `scan_${name}_exclusive`, uses },
    ),
  };
}

const builtIn = new Map<string, ScanKernels>();
const custom = new WeakMap<Function, ScanKernels>();

function kernelsFor(op: ScanOp): ScanKernels {
  if (typeof op === 'function') {
    let k = custom.get(op);
    if (!k) custom.set(op, (k = scanKernels(op, op.name || 'custom', 1)));
    return k;
  }
  let k = builtIn.get(op);
  if (!k) builtIn.set(op, (k = scanKernels(OPS[op], op, 4)));
  return k;
}

/** Invocations a scan pass uses: whole blocks each; one per block on WebGPU. */
function splitBlocks(blocks: number, backend: string): { grid: number; per: number } {
  const grid = backend === 'webgpu' ? blocks : Math.min(blocks, 64);
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
 * 32 bits. Floats are combined in a fixed order for each length (blocks of 4096 elements:
 * see the header of src/kernels/scan.ts), the same on every backend.
 *
 * @param x a typed array, 1-D NDArray or 1-D ndarray
 * @param op 'sum' (default), 'prod', 'min', 'max' or an associative `(a, b) => …` written in
 *   the kernel language
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
    const kernels = kernelsFor(op);
    const n = xa.size;
    return ordered(async () => {
      const work = new Work(await chooseBackend(fn, options.backend, [xa, outArg], n), fn);
      try {
        refuseF64OnWebgpu(work.backend, [xa, outArg], ['x', 'out'], fn);
        if (n === 0) return (await finish(work, xa, outArg, await work.alloc(xa.dtype, 0))) as T;
        // Host input on a heap backend: one copy in, scanned in place, one copy out.
        const input = await denseInput(work, xa, false);
        const src = input.buf;
        const dst = await resultTarget(
          work,
          xa,
          outArg,
          xa.dtype,
          n,
          input.owned ? src : undefined,
        );
        const blocks = Math.ceil(n / SCAN_BLOCK);
        const partial = await work.alloc(xa.dtype, blocks);
        const { grid, per } = splitBlocks(blocks, work.backend);
        if (blocks > 1) {
          await work.run(kernels.reduceBlocks, [grid, 1], src, partial, n, blocks, per);
          await work.run(kernels.blockOffsets, 1, partial, blocks);
        }
        if (exclusive) {
          const id = new TYPED[xa.dtype](1);
          id[0] = identity!;
          await work.run(kernels.exclusive, [grid, 1], src, dst, partial, id, n, blocks, per);
        } else {
          await work.run(kernels.inclusive, [grid, 1], src, dst, partial, n, blocks, per);
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
