// ndarray.ts — NDArray, numbat's handle to an array that lives on a backend.
//
// An NDArray has a dtype, a shape, strides and an offset (in elements) over the storage
// of one backend. It remembers what the user gave `toDevice` (a typed array or a scijs
// ndarray) so `toHost()` returns the same kind of container. Moving it to another
// backend replaces its storage; kernels launched on NDArrays move no data.

import type { BackendName, DeviceStorage } from '../backends/backend.js';
import { TYPED_ARRAY, type DType, type TypedArray } from '../jit/types/dtype.js';
import { inOrder } from './stream.js';
import type { ScijsNdarray } from './arguments.js';
import './platformTypes.js';

/**
 * What an NDArray copies back to: a typed array, or a scijs ndarray.
 *
 * @example
 * ```ts
 * const host: HostArray = await (await toDevice(x)).toHost();
 * ```
 */
export type HostArray = TypedArray | ScijsNdarray;

/** How `toHost` rebuilds the user's container. */
export type HostKind =
  | { readonly kind: 'typed' }
  /** A scijs ndarray: its compiled view constructor takes (data, ...shape, ...stride, offset). */
  | {
      readonly kind: 'ndarray';
      readonly ctor: HostKindCtor;
    };

type HostKindCtor = new (data: TypedArray, ...shapeStrideOffset: number[]) => unknown;

/**
 * `kind` at `rank` axes: a scijs constructor of another rank is found by picking the first
 * index of leading axes of a view (scijs compiles one constructor per dtype and rank; numbat
 * does not bundle the package to ask it). A rank it cannot reach gives a typed array.
 */
function hostKindOfRank(kind: HostKind, rank: number): HostKind {
  if (kind.kind !== 'ndarray') return kind;
  const known = kindsByRank.get(kind.ctor)?.get(rank);
  if (known) return known;
  const found = findHostKindOfRank(kind, rank);
  if (!kindsByRank.has(kind.ctor)) kindsByRank.set(kind.ctor, new Map());
  kindsByRank.get(kind.ctor)!.set(rank, found);
  return found;
}

/** hostKindOfRank's answers, per scijs constructor and rank. */
const kindsByRank = new WeakMap<HostKindCtor, Map<number, HostKind>>();

function findHostKindOfRank(kind: HostKind & { kind: 'ndarray' }, rank: number): HostKind {
  const dimension = (kind.ctor.prototype as { dimension?: unknown }).dimension;
  if (dimension === rank) return kind;
  if (typeof dimension !== 'number' || rank < 1 || rank > dimension) return { kind: 'typed' };
  type View = { pick?: (...index: number[]) => View; constructor: HostKindCtor };
  let view = new kind.ctor(
    new Float64Array(1),
    ...new Array<number>(dimension).fill(1),
    ...new Array<number>(dimension).fill(0),
    0,
  ) as View;
  for (let d = dimension; d > rank; d--) {
    if (typeof view.pick !== 'function') return { kind: 'typed' };
    view = view.pick(0);
  }
  return { kind: 'ndarray', ctor: view.constructor };
}

/** scijs ndarray's name of each dtype (a view's `dtype`). */
const SCIJS_DTYPE: Record<DType, string> = {
  f32: 'float32',
  f64: 'float64',
  i32: 'int32',
  u32: 'uint32',
  i16: 'int16',
  u16: 'uint16',
  i8: 'int8',
  u8: 'uint8',
};

/** Row-major (C-order) strides for a shape. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k]!;
  }
  return strides;
}

/**
 * A device-resident n-dimensional array. `H` is what `toHost()` gives back: the kind of
 * container given to `toDevice` (a `Float32Array` for `zeros(n, 'f32')`). Made by
 * `toDevice` and `zeros`; kernels use it like an ndarray (`a.get(i, j)`, `a.shape[k]`), or
 * like a typed array when it is 1-D.
 *
 * @example
 * ```ts
 * using d = await zeros([2, 3], 'f64', 'wasm'); // freed at the end of the block
 * await fill.launch([2, 3], d, 1);
 * const data: Float64Array = await d.toHost();
 * ```
 */
export class NDArray<H extends HostArray = HostArray> {
  /** The element type (`'f32'`, `'i32'`, …). */
  readonly dtype: DType;
  /** The extent of each axis, outermost first. */
  readonly shape: readonly number[];
  /** The step in elements between neighbours along each axis (row-major: the last is 1). */
  readonly strides: readonly number[];
  /** Where element (0, 0, …) is, in elements from the start of the storage. */
  readonly offset: number;
  /** @internal what toHost returns */
  hostKind: HostKind;
  /**
   * @internal for a view numbat makes over another NDArray's storage (vectorize's
   * broadcast views): that array, whose storage it reads and replaces (a move moves both)
   */
  readonly viewOf: NDArray | undefined;
  private ownStorage: DeviceStorage;
  private isDisposed = false;

  /** @internal use toDevice() or zeros() */
  constructor(
    storage: DeviceStorage,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
    hostKind: HostKind,
    viewOf?: NDArray,
  ) {
    this.ownStorage = storage;
    this.viewOf = viewOf;
    this.dtype = storage.dtype;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze([...strides]);
    this.offset = offset;
    this.hostKind = hostKind;
  }

  /**
   * @internal For a result derived from `source` (a primitive's resident result): `toHost`
   * gives the container kind `source` was made from, at this array's rank, so that an
   * ndarray-born array's transpose or reduction comes back an ndarray too.
   */
  inheritHostKind(source: NDArray): this {
    this.hostKind = hostKindOfRank(source.hostKind, this.shape.length);
    return this;
  }

  /** @internal the backend storage; replaced when the array moves */
  get storage(): DeviceStorage {
    return this.viewOf ? this.viewOf.storage : this.ownStorage;
  }
  /** @internal moves the array (a view moves its owner) */
  set storage(storage: DeviceStorage) {
    if (this.viewOf) this.viewOf.storage = storage;
    else this.ownStorage = storage;
  }

  /** The backend the data lives on now. */
  get backend(): BackendName {
    return this.storage.backend;
  }
  /** Number of elements (product of the shape). */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  /** Whether `dispose()` was called: the array can no longer be used. */
  get disposed(): boolean {
    return this.isDisposed || (this.viewOf?.disposed ?? false);
  }

  /**
   * Copies the data back into a new container of the kind given to `toDevice`, after
   * every launch issued before this call (stream order).
   */
  toHost(): Promise<H> {
    try {
      this.assertLive('toHost');
    } catch (error) {
      return Promise.reject(error);
    }
    return inOrder(async () => {
      const flat = await this.storage.read();
      if (this.hostKind.kind === 'ndarray') {
        const view = new this.hostKind.ctor(flat, ...this.shape, ...this.strides, this.offset);
        // A result of another dtype than its source (argmax's indices) keeps the source's
        // constructor, which names the source's dtype: name its own.
        const dtype = SCIJS_DTYPE[this.dtype];
        if ((view as { dtype?: unknown }).dtype !== dtype)
          Object.defineProperty(view, 'dtype', { value: dtype, enumerable: false });
        return view as H;
      }
      return flat as H;
    });
  }

  /**
   * Frees the device memory. Using the array afterwards is an error; launches issued
   * before still see it (the memory is freed when they are done, in stream order).
   */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (!this.viewOf) void inOrder(() => this.storage.free()); // a view's storage is its owner's
  }

  /** `dispose()`, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** @internal */
  assertLive(what: string): void {
    if (this.disposed)
      throw new TypeError(`numbat: NDArray.${what}() on an array that was disposed`);
  }

  /** `NDArray(f32[2×3] on wasm)`. */
  toString(): string {
    return `NDArray(${this.dtype}[${this.shape.join('×')}] on ${this.backend}${this.isDisposed ? ', disposed' : ''})`;
  }
}

/** A fresh zero-filled typed array of a dtype. */
export function hostZeros(dtype: DType, length: number): TypedArray {
  return new TYPED_ARRAY[dtype](length);
}
