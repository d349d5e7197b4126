// arrays.ts — the plumbing the array primitives (scan, sort, histogram, reduce along an
// axis, fillRandom, transpose/copy) share: recognising their array arguments, choosing the
// backend a primitive runs on, temporaries on that backend, and handing results back in the
// container kind the caller gave.
//
// The per-element work of every primitive is numbat kernels (the other files of this
// folder); this file only orchestrates, through numbat's public API alone (src/index.ts:
// these files are bundled apart from the library, importing only '../index.js', so that a
// bundle never carries a second copy of the runtime). A primitive call is one step of the
// process's stream (`ordered`, Kernel.inStream): it starts after everything issued before
// it has settled, and launches, transfers and primitives issued after it wait for it; inside
// it, each of its launches is awaited before the next (Work.run bypasses the stream).
//
// Where a primitive runs: `options.backend` when given; else where its first NDArray lives;
// else, for host arrays, `js` below HOST_PARALLEL_MIN elements (a launch costs ~2 µs and
// copies nothing there) and otherwise the first available of wasm, workers, js (the
// multi-pass algorithms then copy the input into the shared heap once, run every pass on
// resident arrays and copy the result out once, instead of staging host arrays at every
// launch). WebGPU runs a primitive when asked for or when the data lives there.

import { backends, isReleased, Kernel, NDArray, type BackendName } from '../index.js';
import { yieldToEventLoop } from '../backends/eventLoop.js';
import { distinctElements } from '../runtime/distinctElements.js';

/** The typed arrays kernels accept. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** Element types, as numbat names them. */
export type DType = 'f32' | 'f64' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

/** A scijs ndarray, recognised structurally (numbat needs no import of the package). */
export interface NdarrayLike {
  data: TypedArray;
  shape: number[];
  stride: number[];
  offset: number;
  get(...ix: number[]): number;
  set(...ixv: number[]): number;
}

/** What a kernel of a primitive is given: a host typed array or an NDArray on the working backend. */
export type Buf = TypedArray | NDArray;

export const TYPED: Record<
  DType,
  {
    new (n: number | ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
    BYTES_PER_ELEMENT: number;
  }
> = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
};

/** The dtype of a typed array numbat accepts, or undefined. */
export function dtypeOf(a: unknown): DType | undefined {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int16Array) return 'i16';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int8Array) return 'i8';
  if (a instanceof Uint8Array && !(a instanceof Uint8ClampedArray)) return 'u8';
  return undefined;
}

export function isNdarray(x: unknown): x is NdarrayLike {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Partial<NdarrayLike>;
  return (
    Array.isArray(o.shape) &&
    Array.isArray(o.stride) &&
    typeof o.offset === 'number' &&
    ArrayBuffer.isView(o.data) &&
    typeof o.get === 'function'
  );
}

/** How an argument was given. */
export type Kind = 'typed' | 'NDArray' | 'ndarray';

/** A validated array argument of any rank. */
export interface ArrayArg {
  readonly kind: Kind;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly size: number;
  /** The argument as given. */
  readonly value: TypedArray | NDArray | NdarrayLike;
}

/** "a …" or "an …", as English says `noun` ("an Int8Array", "a Uint8Array"). */
function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) && !/^(uint|uni|use)/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** What `x` is, for a message: "a plain object", "an Int8Array", "a string", "null". */
function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return 'a plain Array';
  if (typeof x === 'object') {
    const ctor = Object.getPrototypeOf(x)?.constructor as { name?: string } | undefined;
    if (!ctor || ctor === Object || !ctor.name) return 'a plain object';
    return article(ctor.name);
  }
  return article(typeof x);
}

/**
 * `x` as a message shows a value that should have been a number: a number as it is, a
 * string quoted with its type (`"1" (a string)`, so it is not mistaken for the number 1),
 * anything else described.
 */
export function showValue(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return `${JSON.stringify(x)} (a string)`;
  if (typeof x === 'bigint') return `${String(x)}n (a bigint)`;
  return describeValue(x);
}

/** Recognises a typed array, NDArray or ndarray; a TypeError naming `param` otherwise. */
export function arrayArg(x: unknown, param: string, fn: string): ArrayArg {
  if (x instanceof NDArray) {
    if (x.disposed)
      throw new TypeError(`numbat: ${fn}: '${param}' is an NDArray that was disposed`);
    return {
      kind: 'NDArray',
      dtype: x.dtype as DType,
      shape: x.shape,
      strides: x.strides,
      offset: x.offset,
      size: x.size,
      value: x,
    };
  }
  if (ArrayBuffer.isView(x)) {
    const dtype = dtypeOf(x);
    if (!dtype)
      throw new TypeError(
        `numbat: ${fn}: '${param}' is ${describeValue(x)}; use Float32Array, Float64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array or Uint8Array`,
      );
    if (isReleased(x)) throw releasedError(fn, param);
    const a = x as TypedArray;
    return {
      kind: 'typed',
      dtype,
      shape: [a.length],
      strides: [1],
      offset: 0,
      size: a.length,
      value: a,
    };
  }
  if (isNdarray(x)) {
    if (isReleased(x.data)) throw releasedError(fn, param);
    const dtype = dtypeOf(x.data);
    if (!dtype)
      throw new TypeError(
        `numbat: ${fn}: '${param}' is an ndarray over ${x.data.constructor.name}, which numbat does not accept`,
      );
    if (x.shape.length < 1 || x.shape.length > 4)
      throw new TypeError(
        `numbat: ${fn}: '${param}' has rank ${x.shape.length}; numbat arrays have rank 1 to 4`,
      );
    const size = x.shape.reduce((p, q) => p * q, 1);
    return {
      kind: 'ndarray',
      dtype,
      shape: x.shape,
      strides: x.stride,
      offset: x.offset,
      size,
      value: x,
    };
  }
  throw new TypeError(
    `numbat: ${fn}: '${param}' must be a typed array, an NDArray or an ndarray, got ${describeValue(x)}`,
  );
}

/** An array from empty() given to release(): its memory may belong to another array now. */
function releasedError(fn: string, param: string): TypeError {
  return new TypeError(
    `numbat: ${fn}: '${param}' is an array from empty(), or a view of one, that was released (its memory is free or may belong to another array now)`,
  );
}

/** Like arrayArg, for the 1-D arguments of scan, sort and histogram. */
export function vectorArg(x: unknown, param: string, fn: string): ArrayArg {
  const a = arrayArg(x, param, fn);
  if (a.shape.length !== 1) {
    throw new TypeError(
      `numbat: ${fn}: '${param}' must be 1-D, got shape [${a.shape.join(', ')}] (copy it into a 1-D array first)`,
    );
  }
  return a;
}

/**
 * A typed array over shared memory when the work runs on a heap backend (wasm, workers):
 * kernels there take it as it is. An `empty()` array is a view of their heap, used in
 * place by every launch (no copy in or out); any other shared array is staged by each
 * launch as host arrays are. Undefined otherwise. (Tested by the buffer's type, not by
 * asking the heap: this module may be bundled apart from the one that owns the heap, as
 * numbat/kernels is, and would then see a heap of its own.)
 */
export function sharedArray(work: Work, a: ArrayArg | undefined): TypedArray | undefined {
  if (a?.kind !== 'typed' || (work.backend !== 'wasm' && work.backend !== 'workers')) return;
  const t = a.value as TypedArray;
  return typeof SharedArrayBuffer === 'function' && t.buffer instanceof SharedArrayBuffer
    ? t
    : undefined;
}

/** Whether a 1-D argument's element i is element i of its storage (unit stride, no offset). */
export function isDense(a: ArrayArg): boolean {
  if (a.kind === 'typed') return true;
  let expected = 1;
  for (let k = a.shape.length - 1; k >= 0; k--) {
    if (a.shape[k]! !== 1 && a.strides[k] !== expected) return false;
    expected *= a.shape[k]!;
  }
  if (a.offset !== 0) return false;
  if (a.kind === 'ndarray') return (a.value as NdarrayLike).data.length === a.size;
  return (a.value as NDArray).storage.length === a.size;
}

/**
 * Throws a TypeError naming `param` when a view to be written names some element at more
 * than one index (a zero stride, a sliding window): which write lands would depend on the
 * order the result is written in, which differs by backend.
 */
export function checkDistinct(a: ArrayArg, fn: string, param: string): void {
  if (a.kind === 'typed' || distinctElements(a.shape, a.strides)) return;
  throw new TypeError(
    `numbat: ${fn}: '${param}' is a view (shape [${a.shape.join(', ')}], strides [${a.strides.join(', ')}]) that names some elements at more than one index, so which write lands there would depend on the order the result is written in: pass a view whose elements are distinct, or a fresh array`,
  );
}

/** Checks an `out` argument: its dtype, its length and distinct elements, before anything runs. */
export function checkOut(
  out: ArrayArg,
  length: number,
  dtype: DType,
  fn: string,
  param = 'out',
): void {
  checkDistinct(out, fn, param);
  if (out.dtype !== dtype) {
    throw new TypeError(
      `numbat: ${fn}: '${param}' holds ${out.dtype} elements, but the result is ${dtype} (${TYPED[dtype].name})`,
    );
  }
  if (out.size !== length) {
    throw new RangeError(
      `numbat: ${fn}: '${param}' has ${out.size} elements, but the result has ${length}`,
    );
  }
}

/** Whether two arguments may share memory (the same object, storage or buffer range). */
export function sharesMemory(x: ArrayArg, y: ArrayArg): boolean {
  if (x.value === y.value) return true;
  if (x.kind === 'NDArray' || y.kind === 'NDArray') {
    return (
      x.kind === 'NDArray' &&
      y.kind === 'NDArray' &&
      (x.value as NDArray).storage === (y.value as NDArray).storage
    );
  }
  const data = (a: ArrayArg): TypedArray =>
    a.kind === 'typed' ? (a.value as TypedArray) : (a.value as NdarrayLike).data;
  const dx = data(x);
  const dy = data(y);
  if (dx.buffer !== dy.buffer) return false;
  return (
    dx.byteOffset < dy.byteOffset + dy.byteLength && dy.byteOffset < dx.byteOffset + dx.byteLength
  );
}

/**
 * Whether two arguments are the same elements in the same order: the same object, or views
 * of one storage with the same dtype, offset, shape and strides (an `out` that is its input,
 * which a primitive documented to work in place accepts).
 */
export function sameElements(x: ArrayArg, y: ArrayArg): boolean {
  if (x.value === y.value) return true;
  if (x.dtype !== y.dtype || x.shape.length !== y.shape.length) return false;
  if (x.shape.some((n, k) => n !== y.shape[k])) return false;
  if (x.kind === 'NDArray' || y.kind === 'NDArray') {
    return (
      x.kind === 'NDArray' &&
      y.kind === 'NDArray' &&
      (x.value as NDArray).storage === (y.value as NDArray).storage &&
      x.offset === y.offset &&
      x.strides.every((s, k) => s === y.strides[k] || x.shape[k] === 1)
    );
  }
  const data = (a: ArrayArg): TypedArray =>
    a.kind === 'typed' ? (a.value as TypedArray) : (a.value as NdarrayLike).data;
  const dx = data(x);
  const dy = data(y);
  const bytes = TYPED[x.dtype].BYTES_PER_ELEMENT;
  return (
    dx.buffer === dy.buffer &&
    dx.byteOffset + x.offset * bytes === dy.byteOffset + y.offset * bytes &&
    x.strides.every((s, k) => s === y.strides[k] || x.shape[k] === 1)
  );
}

/**
 * A TypeError, before anything runs, when `out` shares memory with an input `x` of a
 * primitive — unless `out` is exactly `x` (`sameElements`) and `inPlace` says the primitive
 * works in place. Every backend then behaves alike: a partly overlapping `out` would be
 * read after being written on some backends and not on others.
 */
export function refuseOverlap(
  fn: string,
  out: ArrayArg | undefined,
  outName: string,
  x: ArrayArg | undefined,
  xName: string,
  inPlace: boolean,
): void {
  if (!out || !x || !sharesMemory(out, x)) return;
  if (inPlace && sameElements(out, x)) return;
  throw new TypeError(
    inPlace
      ? `numbat: ${fn}: '${outName}' shares memory with '${xName}' without being the same elements (only '${outName}' = '${xName}' itself works in place); give '${outName}' an array of its own`
      : `numbat: ${fn}: '${outName}' shares memory with '${xName}', which ${fn} reads while writing '${outName}'; give '${outName}' an array of its own`,
  );
}

/** Options every primitive takes. */
export interface BackendOption {
  /** Run on this backend ('auto', the default: see the file header). */
  backend?: BackendName | 'auto';
}

const PROFILE =
  typeof process !== 'undefined' && process.env?.['NUMBAT_PROFILE_PRIMITIVES'] === '1';

/** Host arrays below this length run on `js` under auto (no copies, the cheapest launch). */
export const HOST_PARALLEL_MIN = 1 << 15;

/** The backend names ('../index.js', which this module is bundled against, has no list). */
const BACKENDS: readonly BackendName[] = ['js', 'workers', 'wasm', 'webgpu'];

/**
 * Whether `name` runs here (null) or why not. Probes that backend only: a primitive on host
 * arrays does not wait for WebGPU's device to start.
 */
async function unavailable(name: BackendName): Promise<string | null> {
  const [status] = await backends([name]);
  return status!.available ? null : (status!.reason ?? 'unavailable');
}

/** The backend a primitive runs on (see the file header). */
export async function chooseBackend(
  fn: string,
  requested: BackendName | 'auto' | undefined,
  args: readonly (ArrayArg | undefined)[],
  work: number,
): Promise<BackendName> {
  if (requested !== undefined && requested !== 'auto') {
    if (!BACKENDS.includes(requested))
      throw new TypeError(
        `numbat: ${fn}: unknown backend '${String(requested)}' (${BACKENDS.join(', ')})`,
      );
    const why = await unavailable(requested);
    if (why) throw new Error(`numbat: ${fn}: the ${requested} backend is unavailable here: ${why}`);
    return requested;
  }
  for (const a of args) if (a?.kind === 'NDArray') return (a.value as NDArray).backend;
  if (work < HOST_PARALLEL_MIN) return 'js';
  for (const name of ['wasm', 'workers'] as const)
    if ((await unavailable(name)) === null) return name;
  return 'js';
}

/** Per-backend copies of each kernel (a forced backend: no selection at each launch). */
const forced = new WeakMap<Kernel, Map<BackendName, Kernel>>();

export function on(k: Kernel, backend: BackendName): Kernel {
  let m = forced.get(k);
  if (!m) forced.set(k, (m = new Map()));
  let f = m.get(backend);
  if (!f) m.set(backend, (f = k.with({ backend })));
  return f;
}

/**
 * Runs the steps of one primitive call as one step of the process's stream
 * (`Kernel.inStream`): it starts after everything issued before the call has settled, and
 * launches, transfers and other primitives issued after the call wait for it (they
 * overtook it while it awaited its own steps: probe 9). Inside, `Work` uses the
 * unordered halves.
 */
export function ordered<T>(task: () => Promise<T>): Promise<T> {
  return Kernel.inStream(task);
}

/**
 * The working state of one primitive call on one backend: launches, temporaries (freed at
 * the end unless kept as the result) and host <-> backend copies.
 */
export class Work {
  private readonly temps = new Set<NDArray>();
  /** NUMBAT_PROFILE_PRIMITIVES=1: milliseconds per step, printed when the work ends. */
  private readonly profile: Map<string, number> | null = PROFILE ? new Map() : null;
  private readonly started = PROFILE ? performance.now() : 0;
  constructor(
    readonly backend: BackendName,
    readonly fn: string,
  ) {}

  /** Runs a kernel on this backend. */
  async run(
    k: Kernel,
    grid: number | readonly number[],
    ...args: unknown[]
  ): Promise<number | undefined> {
    // The call is one stream step, so its launches bypass the stream: a primitive awaits
    // each before the next (nothing orders launches issued together inside a step).
    const launch = () => on(k, this.backend).launchUnordered(grid, ...args);
    return this.profile ? this.timed(k.name, launch) : launch();
  }

  private async timed<T>(what: string, f: () => Promise<T>): Promise<T> {
    if (!this.profile) return f();
    const t = performance.now();
    try {
      return await f();
    } finally {
      this.profile.set(what, (this.profile.get(what) ?? 0) + performance.now() - t);
    }
  }

  /**
   * A temporary of `length` elements on this backend. Its contents are unspecified (a
   * recycled temporary keeps old data): every primitive writes its temporaries in full.
   * On wasm and workers it may be the other one's storage (one heap, used in place by
   * both: see the pool below); `keep` it as a result only when its backend is this one.
   */
  async alloc(dtype: DType, length: number): Promise<Buf> {
    if (this.backend === 'js') return new TYPED[dtype](length);
    const a =
      takePooled(this.backend, dtype, Math.max(length, 0)) ??
      (await this.timed('alloc', () =>
        Kernel.uninitializedUnordered(Math.max(length, 0), dtype, this.backend),
      ));
    this.temps.add(a);
    return a;
  }

  /** A temporary of the given shape (an NDArray; on js, one over host memory). */
  async allocShape(dtype: DType, shape: readonly number[]): Promise<NDArray> {
    const a = await Kernel.zerosUnordered([...shape], dtype, this.backend);
    this.temps.add(a);
    return a;
  }

  /**
   * `x` on this backend: on js the array itself (a copy when the primitive writes into it);
   * elsewhere a temporary it is copied into once.
   */
  async upload(x: TypedArray, writable: boolean): Promise<Buf> {
    if (this.backend === 'js') return writable ? x.slice() : x;
    const a = (await this.alloc(dtypeOf(x)!, x.length)) as NDArray;
    await this.timed('upload', () => a.storage.write(x));
    return a;
  }

  /** Host results allocated ahead (expectHostResult), their pages touched meanwhile. */
  private readonly ahead: TypedArray[] = [];

  /**
   * Allocates the host array that a result of `length` elements of `dtype` will be read
   * into (`read` takes it), and touches its pages a megabyte per turn of the event loop
   * while this work's kernels run on the worker threads: a fresh array of 40 MB costs 16–20
   * ms of page faults at its first write here, which would otherwise come after the
   * kernels. (A host sort of 10^7 u32 keys on wasm: 80 ms before, 71 after.)
   */
  expectHostResult(dtype: DType, length: number): void {
    if (this.backend === 'js' || this.backend === 'webgpu') return;
    if (length * TYPED[dtype].BYTES_PER_ELEMENT < AHEAD_MIN_BYTES) return;
    const array = new TYPED[dtype](length);
    this.ahead.push(array);
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let at = 0;
    const touch = (): void => {
      if (!this.ahead.includes(array)) return;
      const end = Math.min(bytes.length, at + AHEAD_STEP_BYTES);
      for (let p = at; p < end; p += 4096) bytes[p] = 0;
      at = end;
      if (at < bytes.length) void yieldToEventLoop().then(touch);
    };
    void yieldToEventLoop().then(touch);
  }

  /** A fresh host copy of a buffer's elements (a js temporary is handed over as it is). */
  async read(b: Buf): Promise<TypedArray> {
    if (!(b instanceof NDArray)) return b;
    const k = this.ahead.findIndex((a) => a.length === b.size && dtypeOf(a) === b.dtype);
    if (k >= 0) {
      const [array] = this.ahead.splice(k, 1);
      return this.timed('read', async () => {
        await this.readInto(b, array!);
        return array!;
      });
    }
    return this.timed('read', async () => (await b.storage.read()) as TypedArray);
  }

  /** Copies a buffer's elements into a host typed array of the same dtype and length. */
  async readInto(b: Buf, out: TypedArray): Promise<void> {
    if (!(b instanceof NDArray)) {
      if (b !== out) out.set(b as never);
      return;
    }
    const view = b.storage.hostView?.();
    out.set((view ?? (await b.storage.read())) as never);
  }

  /**
   * Keeps a temporary alive as the caller's result, made from `input`: an NDArray result's
   * `toHost` then gives the container kind the input NDArray was made from.
   */
  keep<T extends Buf>(b: T, input: ArrayArg): T {
    if (b instanceof NDArray) {
      this.temps.delete(b);
      if (input.kind === 'NDArray') b.inheritHostKind(input.value as NDArray);
    }
    return b;
  }

  /** Frees every temporary not kept (after the work, in stream order). */
  dispose(): void {
    for (const t of this.temps) recycle(t);
    this.temps.clear();
    if (this.profile) {
      const steps = [...this.profile].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      console.error(
        `numbat ${this.fn} on ${this.backend}: ${(performance.now() - this.started).toFixed(2)} ms (${steps})`,
      );
    }
  }
}

// Recycled temporaries. Zero-filling a fresh block of the shared heap costs about as much as
// a pass over it, and a primitive called in a loop wants the same sizes again: temporaries
// of the heap backends go back to a small pool keyed by (backend, dtype, length) and are
// freed after POOL_IDLE_MS without use (an unref'd timer: it never keeps a process alive).
// The heap never shrinks (a wasm memory cannot), so a pooled block costs no more memory than
// a freed one: only other allocations cannot reuse it meanwhile. Ten seconds keeps the pool
// warm for a sort every few seconds; at one second, a 10^7-key sort called every two seconds
// zero-filled 120 MB of fresh temporaries each time (15 ms of its 100).
// wasm and workers share one pool: their storage lives in the same heap and each runs on the
// other's in place (runtime/transfer.ts usableInPlace), so a sort on workers after one on
// wasm reuses the same blocks instead of growing the heap by another set of temporaries.
// A pooled block keeps the backend it was made for; the one place a temporary becomes the
// caller's result (finish, for a resident NDArray) keeps it only when the backends agree.

const POOL_LIMIT_BYTES = 512 * 1024 * 1024;
/** expectHostResult: from this size, one step of touching at a time. */
const AHEAD_MIN_BYTES = 4 << 20;
const AHEAD_STEP_BYTES = 1 << 20;
const POOL_IDLE_MS = 10_000;
const pool = new Map<string, NDArray[]>();
let pooledBytes = 0;
let trimTimer: ReturnType<typeof setTimeout> | undefined;

/** The pool a backend's temporaries go to: one for the shared-heap backends. */
const poolOf = (backend: string): string =>
  backend === 'wasm' || backend === 'workers' ? 'heap' : backend;
const poolKey = (backend: string, dtype: string, length: number): string =>
  `${poolOf(backend)}|${dtype}|${length}`;
const bytesOf = (a: NDArray): number => a.size * TYPED[a.dtype as DType].BYTES_PER_ELEMENT;

function takePooled(backend: BackendName, dtype: DType, length: number): NDArray | undefined {
  const list = pool.get(poolKey(backend, dtype, length));
  if (!list || list.length === 0) return undefined;
  // The backend's own block when there is one (it may become a resident result), else any.
  let at = list.length - 1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.backend === backend) {
      at = i;
      break;
    }
  }
  const a = list.splice(at, 1)[0]!;
  pooledBytes -= bytesOf(a);
  return a;
}

function recycle(a: NDArray): void {
  const poolable = (a.backend === 'wasm' || a.backend === 'workers') && !a.disposed && a.size > 0;
  if (!poolable || pooledBytes + bytesOf(a) > POOL_LIMIT_BYTES) {
    a.dispose();
    return;
  }
  const key = poolKey(a.backend, a.dtype, a.size);
  let list = pool.get(key);
  if (!list) pool.set(key, (list = []));
  list.push(a);
  pooledBytes += bytesOf(a);
  if (trimTimer) clearTimeout(trimTimer);
  trimTimer = setTimeout(releasePool, POOL_IDLE_MS);
  (trimTimer as { unref?: () => void }).unref?.();
}

/** Frees every recycled temporary now. */
export function releasePool(): void {
  for (const list of pool.values()) for (const a of list) a.dispose();
  pool.clear();
  pooledBytes = 0;
  if (trimTimer) clearTimeout(trimTimer);
  trimTimer = undefined;
}

/**
 * A 32-bit word view of a float array's storage (for the sort's key bits), without a copy:
 * typed arrays, and NDArrays whose storage is host memory (js, workers, wasm). Undefined
 * for storage elsewhere (WebGPU: the sort turns f32 keys into words on the device with f32bits).
 */
export function wordView(x: TypedArray | NDArray): Uint32Array | undefined {
  const a = x instanceof NDArray ? x.storage.hostView?.() : x;
  if (!a) return undefined;
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength >>> 2);
}

/** The backends whose NDArray storage is host memory a word view can alias. */
export function hostMemory(backend: BackendName): boolean {
  return backend !== 'webgpu';
}

/** WebGPU has no f64: a clear TypeError naming the argument, before anything runs. */
export function refuseF64OnWebgpu(
  backend: BackendName,
  args: readonly (ArrayArg | undefined)[],
  names: readonly string[],
  fn: string,
): void {
  if (backend !== 'webgpu') return;
  args.forEach((a, k) => {
    if (a?.dtype === 'f64')
      throw new TypeError(
        `numbat: ${fn}: '${names[k]}' holds f64 elements, which WebGPU cannot run (WGSL has no f64); use a CPU backend`,
      );
  });
}

/** The positive integer `value` names, or a RangeError/TypeError naming `param`. */
export function integerOption(
  value: unknown,
  param: string,
  fn: string,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`numbat: ${fn}: '${param}' must be an integer, got ${showValue(value)}`);
  }
  if (value < min || value > max)
    throw new RangeError(`numbat: ${fn}: '${param}' must be in [${min}, ${max}], got ${value}`);
  return value;
}

/** Rejects unknown option names (a typo is otherwise silently ignored). */
export function checkOptions(
  options: object | undefined,
  known: readonly string[],
  fn: string,
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`numbat: ${fn}: options must be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new TypeError(`numbat: ${fn}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
}

/** A row-major strided view object over host data (accepted by kernels as an ndarray). */
export function hostView(
  data: TypedArray,
  shape: readonly number[],
  stride: readonly number[],
  offset: number,
): NdarrayLike {
  const at = (ix: number[]): number => ix.reduce((acc, v, k) => acc + v * stride[k]!, offset);
  return {
    data,
    shape: [...shape],
    stride: [...stride],
    offset,
    get: (...ix: number[]) => data[at(ix)]!,
    set: (...ixv: number[]) => (data[at(ixv.slice(0, -1))] = ixv[ixv.length - 1]!),
  };
}

/** Row-major strides of a shape. */
export function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    s[k] = acc;
    acc *= shape[k]!;
  }
  return s;
}
