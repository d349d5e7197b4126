// gemm.ts — dense matrix multiplication, written in the kernel language:
// `gemm(a, b, c?, { alpha, beta, transA, transB })` computes c = alpha·op(a)·op(b) + beta·c
// over 2-D (and batched 3-D) NDArrays, scijs ndarrays of any strides, and typed arrays
// with their shapes given; and the blocked path behind `matmul.launch` (linalg.ts).
//
// The CPU algorithm (GotoBLAS's: packing, register-blocked tiles, blocks sized for L1/L2)
// and its kernels are in gemmCpu.ts, the WebGPU tiled kernel in gemmGpu.ts; this file holds
// the API: operands and options checked, the plan, the backend, and the launches.
//
// Results: element (i, j) is acc = Σ_p a[i,p]·b[p,j] accumulated left to right in p in
// the arrays' precision (each product and sum rounded to f32 for f32 data), then
// alpha·acc + beta·c — the same operations on js, workers and wasm, so the result is
// bit-identical there (and to `matmul.fn` for alpha = 1, beta = 0); WebGPU computes the
// same sum in f32 (its compiler may fuse a multiply and an add). BLAS's quick returns:
// beta = 0 ignores c's old values (NaN there does not propagate), k = 0 or alpha = 0
// gives c = beta·c without reading a and b.

import { i32, Kernel, NDArray, type BackendName } from '../index.js';
import { kernel } from './internalKernel.js';
import {
  arrayArg,
  checkOptions,
  chooseBackend,
  HOST_PARALLEL_MIN,
  hostView,
  ordered,
  sharesMemory,
  refuseF64OnWebgpu,
  TYPED,
  Work,
  type ArrayArg,
  type BackendOption,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import {
  A_BLOCK_BYTES,
  BYTES,
  DIRECT_TILE,
  gemmDirectF32,
  gemmDirectF64,
  gemmPackA,
  gemmPackB,
  gemmTileF32,
  gemmTileF64,
  K_SLIVER_BYTES,
  TILE,
} from './gemmCpu.js';
import { gemmTiledGpu } from './gemmGpu.js';

type Nd = NdarrayLike;
/** c = beta·c (0 where beta = 0, whatever c held): k = 0 or alpha = 0. Grid [batches·m, n]. */
const gemmScale = kernel(
  (g: number, j: number, c: Nd, m: number, beta: number) => {
    const i = g % m;
    const bt = i32((g - i) / m);
    c.set(bt, i, j, beta === 0 ? 0 : beta * c.get(bt, i, j));
  },
  { name: 'gemmScale' },
);

/** What gemm multiplies: a typed array (shapes in the options), an NDArray or an ndarray. */
export type GemmOperand = TypedArray | NDArray | NdarrayLike;

/** Options of gemm. */
export interface GemmOptions extends BackendOption {
  /** Scales op(a)·op(b) (default 1); rounded to the arrays' precision. */
  alpha?: number;
  /** Scales c's old values (default 0: c is only written, its old values ignored). */
  beta?: number;
  /** Use aᵀ (a holds k×m) — the last two axes of a batched a. */
  transA?: boolean;
  /** Use bᵀ (b holds n×k). */
  transB?: boolean;
  /** Rows of op(a) and c: needed when an argument is a typed array (row-major, dense). */
  m?: number;
  /** Columns of op(b) and c (typed arrays). */
  n?: number;
  /** Columns of op(a), rows of op(b) (typed arrays). */
  k?: number;
  /** Typed arrays hold this many matrices one after another (a batched product). */
  batch?: number;
}

const GEMM_OPTIONS = [
  'alpha',
  'beta',
  'transA',
  'transB',
  'm',
  'n',
  'k',
  'batch',
  'backend',
] as const;

/** An operand as a (batch, rows, cols) view: its argument, and where element (t, i, j) is. */
interface Operand {
  readonly arg: ArrayArg;
  readonly name: string;
  /** Batches it holds: 1 for a 2-D operand (shared by every batch of a batched product). */
  readonly batches: number;
  /** Whether it has a batch axis. */
  readonly batched: boolean;
  readonly rows: number;
  readonly cols: number;
  /** Element strides: batch (0 without a batch axis), row, column. */
  readonly strides: readonly [number, number, number];
  readonly offset: number;
  /** The shape as the caller gave it (for messages). */
  readonly given: readonly number[];
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

function dimension(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new TypeError(
      `numbat: gemm: '${name}' must be a non-negative integer, got ${String(value)}`,
    );
  return value;
}

/**
 * Reads one operand: its logical (rows, cols) after an optional transpose. Typed arrays take
 * their shape from the options (`rowsCols` as stored, before the transpose).
 */
function operand(
  x: unknown,
  name: string,
  trans: boolean,
  typedShape: (() => [number, number]) | null,
  batchOption: number | undefined,
): Operand {
  const arg = arrayArg(x, name, 'gemm');
  if (arg.dtype !== 'f32' && arg.dtype !== 'f64') {
    throw new TypeError(
      `numbat: gemm: '${name}' holds ${arg.dtype} elements; gemm multiplies f32 or f64 matrices`,
    );
  }
  let shape: readonly number[];
  let strides: readonly number[];
  if (arg.kind === 'typed') {
    if (!typedShape)
      throw new TypeError(
        `numbat: gemm: '${name}' is a typed array: give the shapes as options m, n and k (and batch)`,
      );
    const [rows, cols] = typedShape();
    shape = batchOption === undefined ? [rows, cols] : [batchOption, rows, cols];
    const size = shape.reduce((p, q) => p * q, 1);
    if (arg.size !== size)
      throw new RangeError(
        `numbat: gemm: '${name}' has ${arg.size} elements, but shape ${shapeText(shape)} needs ${size}`,
      );
    strides = batchOption === undefined ? [cols, 1] : [rows * cols, cols, 1];
  } else {
    shape = arg.shape;
    strides = arg.strides;
  }
  if (shape.length !== 2 && shape.length !== 3)
    throw new RangeError(
      `numbat: gemm: '${name}' has shape ${shapeText(shape)}; gemm takes matrices (2-D) or batches of them (3-D)`,
    );
  const batched = shape.length === 3;
  const r = shape.length - 2;
  let rows = shape[r]!;
  let cols = shape[r + 1]!;
  let rs = strides[r]!;
  let cs = strides[r + 1]!;
  if (trans) [rows, cols, rs, cs] = [cols, rows, cs, rs];
  return {
    arg,
    name,
    batches: batched ? shape[0]! : 1,
    batched,
    rows,
    cols,
    // A batch of one is shared by every batch (as a 2-D operand): its batch stride is 0.
    strides: [batched && shape[0] !== 1 ? strides[0]! : 0, rs, cs],
    offset: arg.offset,
    given: shape,
  };
}

/** A validated call. */
interface Plan {
  readonly a: Operand;
  readonly b: Operand;
  /** c as given (undefined: a new result). */
  readonly c: Operand | undefined;
  readonly dtype: 'f32' | 'f64';
  readonly batch: number;
  readonly batched: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: number;
  readonly beta: number;
}

function plan(a: unknown, b: unknown, c: unknown, options: GemmOptions | undefined): Plan {
  checkOptions(options, GEMM_OPTIONS, 'gemm');
  const o = options ?? {};
  const flag = (v: unknown, name: string): boolean => {
    if (v === undefined) return false;
    if (typeof v !== 'boolean')
      throw new TypeError(`numbat: gemm: '${name}' must be a boolean, got ${String(v)}`);
    return v;
  };
  const scalar = (v: unknown, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number')
      throw new TypeError(`numbat: gemm: '${name}' must be a number, got ${typeof v}`);
    return v;
  };
  const transA = flag(o.transA, 'transA');
  const transB = flag(o.transB, 'transB');
  const alpha = scalar(o.alpha, 'alpha', 1);
  const beta = scalar(o.beta, 'beta', 0);
  const m = dimension(o.m, 'm');
  const n = dimension(o.n, 'n');
  const k = dimension(o.k, 'k');
  const batchOption = dimension(o.batch, 'batch');
  const need = (v: number | undefined, name: string): number => {
    if (v === undefined)
      throw new TypeError(
        `numbat: gemm: typed arrays need their shapes: give options m, n and k ('${name}' is missing)`,
      );
    return v;
  };
  const A = operand(
    a,
    'a',
    transA,
    () => (transA ? [need(k, 'k'), need(m, 'm')] : [need(m, 'm'), need(k, 'k')]),
    batchOption,
  );
  const B = operand(
    b,
    'b',
    transB,
    () => (transB ? [need(n, 'n'), need(k, 'k')] : [need(k, 'k'), need(n, 'n')]),
    batchOption,
  );
  if (A.arg.dtype !== B.arg.dtype)
    throw new TypeError(
      `numbat: gemm: 'a' holds ${A.arg.dtype} and 'b' holds ${B.arg.dtype} elements; convert one so both are the same`,
    );
  const dtype = A.arg.dtype as 'f32' | 'f64';
  if (A.cols !== B.rows) {
    throw new RangeError(
      `numbat: gemm: 'a' has shape ${shapeText(A.given)}${transA ? ' (transposed)' : ''} and 'b' has shape ${shapeText(B.given)}${transB ? ' (transposed)' : ''}: op(a) has ${A.cols} columns but op(b) has ${B.rows} rows`,
    );
  }
  if (A.batched && B.batched && A.batches !== B.batches && A.batches !== 1 && B.batches !== 1) {
    throw new RangeError(
      `numbat: gemm: 'a' has shape ${shapeText(A.given)} and 'b' has shape ${shapeText(B.given)}: their batch sizes differ (${A.batches} and ${B.batches})`,
    );
  }
  const batched = A.batched || B.batched;
  const batch = Math.max(A.batches, B.batches);
  const M = A.rows;
  const N = B.cols;
  const K = A.cols;
  for (const [v, name, got] of [
    [m, 'm', M],
    [n, 'n', N],
    [k, 'k', K],
  ] as const) {
    if (v !== undefined && v !== got)
      throw new RangeError(
        `numbat: gemm: option '${name}' is ${v}, but 'a' has shape ${shapeText(A.given)} and 'b' has shape ${shapeText(B.given)} (${name} = ${got})`,
      );
  }
  let C: Operand | undefined;
  if (c !== undefined && c !== null) {
    C = operand(c, 'c', false, () => [M, N], batchOption);
    if (C.arg.dtype !== dtype)
      throw new TypeError(
        `numbat: gemm: 'c' holds ${C.arg.dtype} elements, but 'a' and 'b' hold ${dtype}`,
      );
    const want = batched ? [batch, M, N] : [M, N];
    if (C.given.length !== want.length || C.given.some((d, q) => d !== want[q]))
      throw new RangeError(
        `numbat: gemm: 'c' has shape ${shapeText(C.given)}, but op(a)·op(b) of 'a' ${shapeText(A.given)} and 'b' ${shapeText(B.given)} has shape ${shapeText(want)}`,
      );
    for (const x of [A, B])
      if (sharesMemory(C.arg, x.arg))
        throw new TypeError(
          `numbat: gemm: 'c' is '${x.name}' or shares its memory; the result cannot overwrite an input (write into another array)`,
        );
  }
  return { a: A, b: B, c: C, dtype, batch, batched, m: M, n: N, k: K, alpha, beta };
}

/** Host arrays below this many multiply-adds run on js under auto (launch costs dominate). */
export const GEMM_HOST_PARALLEL_MIN = 16384;

/** The backend gemm runs on (see README "Where they run"). */
function gemmBackend(
  requested: BackendName | 'auto' | undefined,
  p: Plan,
  fn = 'gemm',
): Promise<BackendName> {
  // Where the NDArrays live (c first); host arrays: js for small products, else wasm.
  const work = p.batch * p.m * p.n * p.k >= GEMM_HOST_PARALLEL_MIN ? HOST_PARALLEL_MIN : 0;
  return chooseBackend(fn, requested, [p.c?.arg, p.a.arg, p.b.arg], work);
}

/** Whether kernels on `backend` read and write `nd`'s storage in place (layout.ts kernelArg). */
function usableOn(nd: NDArray, backend: BackendName): boolean {
  return (
    nd.backend === backend ||
    (backend === 'js' && nd.storage.hostView !== undefined) ||
    ((backend === 'wasm' || backend === 'workers') &&
      (nd.backend === 'wasm' || nd.backend === 'workers'))
  );
}

/**
 * What a kernel is given for an operand on `backend`, viewed as (batch, rows, cols): an
 * NDArray living there (or in the shared heap, for wasm/workers) as a view of its storage;
 * an NDArray elsewhere as a host view of a copy; host data as a strided view object.
 */
async function view3(backend: BackendName, x: Operand): Promise<unknown> {
  const shape = [x.batches, x.rows, x.cols];
  const strides = [...x.strides];
  if (x.arg.kind === 'typed') return hostView(x.arg.value as TypedArray, shape, strides, x.offset);
  if (x.arg.kind === 'ndarray')
    return hostView((x.arg.value as NdarrayLike).data, shape, strides, x.offset);
  const nd = x.arg.value as NDArray;
  if (usableOn(nd, backend)) return new NDArray(nd.storage, shape, strides, x.offset, nd.hostKind);
  const data = (await nd.storage.read()) as TypedArray;
  return hostView(data, shape, strides, x.offset);
}

/** Products up to this many multiply-adds read a and b in place (one launch, no packing). */
export const GEMM_DIRECT_MAX = 1 << 22;

/**
 * Whether the micro-kernel reads the operands where they are: a small product (packing's
 * two extra launches would cost more than they save) whose b has contiguous rows.
 */
function direct(p: Plan): boolean {
  return p.batch * p.m * p.n * p.k <= GEMM_DIRECT_MAX && p.b.strides[2] === 1 && p.b.offset === 0;
}

/**
 * The host array behind c's view when it is c's batch·m·n elements in row-major order from
 * element 0 (typed arrays, dense ndarrays): on the heap backends c then lives in the heap
 * for the whole product (see run). Undefined for NDArrays and other layouts.
 */
function denseHostC(p: Plan, c: Operand | undefined, fresh?: TypedArray): TypedArray | undefined {
  const size = p.batch * p.m * p.n;
  if (fresh) return fresh;
  if (!c || c.arg.kind === 'NDArray' || c.offset !== 0) return undefined;
  const [sb, sr, sc] = c.strides;
  if ((p.n > 1 && sc !== 1) || (p.m > 1 && sr !== p.n) || (p.batch > 1 && sb !== p.m * p.n))
    return undefined;
  const data =
    c.arg.kind === 'typed' ? (c.arg.value as TypedArray) : (c.arg.value as NdarrayLike).data;
  return data.length >= size ? data.subarray(0, size) : undefined;
}

/**
 * Runs one planned product on `backend` (A, B, C: the operands' 3-D views there). `cHost`
 * (denseHostC): on wasm and workers, c is copied into a heap temporary once (not at all
 * when beta = 0: every element is written), every launch writes there, and it is copied
 * back once; a launch given the host view itself would copy c in and out at each launch
 * (one per k-block).
 */
async function run(
  p: Plan,
  backend: BackendName,
  A: unknown,
  B: unknown,
  C: unknown,
  signal: AbortSignal | undefined,
  cHost?: TypedArray,
): Promise<void> {
  const { dtype, batch, m, n, k } = p;
  if (batch === 0 || m === 0 || n === 0) return;
  if (cHost && (backend === 'wasm' || backend === 'workers')) {
    const staging = new Work(backend, 'gemm');
    try {
      const temp = (await staging.alloc(dtype, batch * m * n)) as NDArray;
      if (p.beta !== 0) await temp.storage.write(cHost);
      const view = new NDArray(temp.storage, [batch, m, n], [m * n, n, 1], 0, temp.hostKind);
      await run(p, backend, A, B, view, signal);
      await staging.readInto(temp, cHost);
    } finally {
      staging.dispose();
    }
    return;
  }
  const work = new Work(backend, 'gemm');
  const launch = (kern: Kernel, grid: number[], ...args: unknown[]): Promise<unknown> =>
    work.run(kern, grid, ...args, ...(signal ? [{ signal }] : []));
  try {
    if (k === 0 || p.alpha === 0) {
      await launch(gemmScale, [batch * m, n], C, m, p.beta);
      return;
    }
    if (backend === 'webgpu') {
      const grid = [batch, 16 * Math.ceil(m / 128), 16 * Math.ceil(n / 128)];
      await launch(gemmTiledGpu, grid, A, B, C, m, n, k, p.alpha, p.beta);
      return;
    }
    if (direct(p)) {
      const { mr, nr } = DIRECT_TILE[dtype];
      const tile = dtype === 'f32' ? gemmDirectF32 : gemmDirectF64;
      const grid = [batch * Math.ceil(n / nr), Math.ceil(m / mr), 4];
      await launch(tile, grid, A, B, C, k, m, n, Math.ceil(n / nr), p.alpha, p.beta);
      return;
    }
    const { mr, nr } = TILE[dtype];
    const nir = Math.ceil(m / mr);
    const njr = Math.ceil(n / nr);
    const aPacks = p.a.batches === 1 ? 1 : batch;
    const bPacks = p.b.batches === 1 ? 1 : batch;
    const ap = await work.alloc(dtype, aPacks * nir * k * mr);
    const bp = await work.alloc(dtype, bPacks * njr * k * nr);
    // k in blocks of kc steps (as even as possible) whose column sliver of packed b stays
    // in L1; the partial sums of every tile cross from one block to the next in `acc`.
    const kcMax = Math.max(1, Math.floor(K_SLIVER_BYTES / (nr * BYTES[dtype])));
    const kc = Math.ceil(k / Math.ceil(k / kcMax));
    const acc = await work.alloc(dtype, k > kc ? batch * nir * njr * mr * nr : 1);
    // One after another: a primitive's launches bypass the stream (it is one stream step).
    await launch(gemmPackA, [aPacks * nir, mr], A, ap, m, k, nir, mr, aPacks === 1 ? 0 : 1);
    await launch(gemmPackB, [bPacks * njr, nr], B, bp, n, k, njr, nr);
    const tile = dtype === 'f32' ? gemmTileF32 : gemmTileF64;
    // Row slivers in blocks of mcT whose packed a (mcT·mr·kc elements) stays in L2 while
    // every column sliver passes over it.
    const mcT = Math.max(1, Math.min(nir, Math.floor(A_BLOCK_BYTES / (mr * kc * BYTES[dtype]))));
    const nic = Math.ceil(nir / mcT);
    for (let p0 = 0; p0 < k; p0 += kc) {
      await launch(
        tile,
        [batch * nic * njr, mcT, 4],
        ap,
        bp,
        acc,
        C,
        k,
        p0,
        Math.min(k, p0 + kc),
        m,
        n,
        nir,
        njr,
        nic,
        mcT,
        aPacks === 1 ? 0 : 1,
        bPacks === 1 ? 0 : 1,
        p.alpha,
        p.beta,
      );
    }
  } finally {
    work.dispose();
  }
}

/**
 * c = alpha·op(a)·op(b) + beta·c, resolving to c (a new array of a's kind when c is
 * omitted: an NDArray on the backend it ran on, an ndarray, or a typed array).
 *
 * Operands: 2-D NDArrays or scijs ndarrays of any strides and offset, or typed arrays
 * (row-major, shapes from the options m, n, k); a batched product takes 3-D operands
 * [batch, rows, cols] (a 2-D operand, or a batch of one, is shared by every batch), or
 * typed arrays with the option `batch`. f32 or f64, both operands and c the same.
 *
 * @example
 *   const c = await gemm(a, b);                                  // NDArrays or ndarrays
 *   await gemm(a, b, c, { alpha: 2, beta: 1, transB: true });    // c = 2·a·bᵀ + c
 *   await gemm(x, y, z, { m: 64, n: 32, k: 128 });               // typed arrays
 */
export function gemm<A extends GemmOperand>(
  a: A,
  b: GemmOperand,
  c?: null,
  options?: GemmOptions,
): Promise<A>;
export function gemm<C extends GemmOperand>(
  a: GemmOperand,
  b: GemmOperand,
  c: C,
  options?: GemmOptions,
): Promise<C>;
export function gemm<T>(
  a: GemmOperand,
  b: GemmOperand,
  c?: T | null,
  options?: GemmOptions,
): Promise<T> {
  try {
    const p = plan(a, b, c, options);
    return ordered(async () => {
      const backend = await gemmBackend(options?.backend, p);
      refuseF64OnWebgpu(backend, [p.a.arg, p.b.arg, p.c?.arg], ['a', 'b', 'c'], 'gemm');
      const A = await view3(backend, p.a);
      const B = await view3(backend, p.b);
      const shape = p.batched ? [p.batch, p.m, p.n] : [p.m, p.n];
      if (p.c) {
        const cNd = p.c.arg.kind === 'NDArray' ? (p.c.arg.value as NDArray) : null;
        if (cNd && !usableOn(cNd, backend)) {
          throw new TypeError(
            `numbat: gemm: 'c' lives on ${cNd.backend}, but gemm runs on ${backend}; move it there first (toDevice) or run on ${cNd.backend}`,
          );
        }
        await run(p, backend, A, B, await view3(backend, p.c), undefined, denseHostC(p, p.c));
        return c as T;
      }
      // A new result of a's kind.
      const size = p.batch * p.m * p.n;
      const strides = p.batched ? [p.m * p.n, p.n, 1] : [p.n, 1];
      // An NDArray result gives back, from toHost, the container its operands came from (the
      // one of its own rank first: a scijs constructor is specialised to its rank).
      const ndOperands = [p.a.arg, p.b.arg]
        .filter((o) => o.kind === 'NDArray')
        .map((o) => o.value as NDArray);
      const kindOf = ndOperands.find((o) => o.shape.length === shape.length) ?? ndOperands[0];
      if (p.a.arg.kind === 'NDArray' && backend !== 'js') {
        const out = (await Kernel.zerosUnordered(shape, p.dtype, backend)).inheritHostKind(kindOf!);
        const view = new NDArray(
          out.storage,
          [p.batch, p.m, p.n],
          [p.m * p.n, p.n, 1],
          0,
          out.hostKind,
        );
        await run(p, backend, A, B, view, undefined);
        return out as T;
      }
      const data = new TYPED[p.dtype](size);
      await run(
        p,
        backend,
        A,
        B,
        hostView(data, [p.batch, p.m, p.n], [p.m * p.n, p.n, 1], 0),
        undefined,
        denseHostC(p, undefined, data),
      );
      if (p.a.arg.kind === 'typed') return data as T;
      if (p.a.arg.kind === 'NDArray') {
        const out = (await Kernel.zerosUnordered(shape, p.dtype, backend)).inheritHostKind(kindOf!);
        await out.storage.write(data);
        return out as T;
      }
      // A scijs ndarray's constructor is specialised to its rank: a batched result takes
      // the constructor of the operand of its own rank (b, for a 2-D a times a 3-D b).
      const like = [a, b].find(
        (o) =>
          (o as { shape?: unknown[] }).shape?.length === shape.length && 'data' in (o as object),
      );
      if (!like)
        throw new TypeError(
          `numbat: gemm: the ${shape.length}-D result has no ${shape.length}-D ndarray operand to take its kind from; pass 'c'`,
        );
      const Ctor = (like as unknown as { constructor: new (...x: unknown[]) => unknown })
        .constructor;
      return new Ctor(data, ...shape, ...strides, 0) as T;
    });
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The blocked product behind `matmul.launch([m, n], a, b, c, k, n)` (linalg.ts): row-major
 * a (m×k), b (k×n), c (m×n) in typed arrays or 1-D NDArrays of one float dtype, c = a·b.
 * Returns null when the arguments are not of that form (the caller then runs the kernel
 * itself, with its own checks and semantics).
 */
export function matmulBlocked(
  m: number,
  n: number,
  a: unknown,
  b: unknown,
  c: unknown,
  k: unknown,
  backend: BackendName | 'auto' | undefined,
  signal: AbortSignal | undefined,
): Promise<void> | null {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) return null;
  const args = [a, b, c];
  const dtypes = args.map((x) =>
    x instanceof Float32Array
      ? 'f32'
      : x instanceof Float64Array
        ? 'f64'
        : x instanceof NDArray && !x.disposed && x.shape.length === 1 && x.strides[0] === 1
          ? x.dtype
          : null,
  );
  const dtype = dtypes[0];
  if ((dtype !== 'f32' && dtype !== 'f64') || dtypes.some((d) => d !== dtype)) return null;
  const sizes = [m * k, k * n, m * n];
  const lengths = args.map((x) => (x instanceof NDArray ? x.size : (x as TypedArray).length));
  if (lengths.some((len, q) => len < sizes[q]!)) return null;
  const operands = args.map((x, q): ArrayArg => {
    const rows = [m, k, m][q]!;
    const cols = [k, n, n][q]!;
    if (x instanceof NDArray)
      return {
        kind: 'NDArray',
        dtype,
        shape: [rows, cols],
        strides: [cols, 1],
        offset: x.offset,
        size: rows * cols,
        value: x,
      };
    return {
      kind: 'typed',
      dtype,
      shape: [rows, cols],
      strides: [cols, 1],
      offset: 0,
      size: rows * cols,
      value: x as TypedArray,
    };
  });
  // The naive kernel allows aliasing (its semantics for it are the plain function's): leave
  // such calls to it.
  if (sharesMemory(operands[2]!, operands[0]!) || sharesMemory(operands[2]!, operands[1]!))
    return null;
  const op = (x: ArrayArg, name: string): Operand => ({
    arg: x,
    name,
    batches: 1,
    batched: false,
    rows: x.shape[0]!,
    cols: x.shape[1]!,
    strides: [0, x.strides[0]!, 1],
    offset: x.offset,
    given: x.shape,
  });
  const p: Plan = {
    a: op(operands[0]!, 'a'),
    b: op(operands[1]!, 'b'),
    c: op(operands[2]!, 'c'),
    dtype,
    batch: 1,
    batched: false,
    m,
    n,
    k,
    alpha: 1,
    beta: 0,
  };
  return ordered(async () => {
    const chosen = await gemmBackend(backend, p, 'matmul');
    if (chosen === 'webgpu' && dtype === 'f64')
      throw new TypeError(
        `numbat: kernel 'matmul': f64 arrays cannot run on WebGPU (WGSL has no f64); use a CPU backend`,
      );
    const views = await Promise.all([p.a, p.b, p.c!].map((x) => view3(chosen, x)));
    await run(p, chosen, views[0], views[1], views[2], signal, denseHostC(p, p.c));
  });
}
