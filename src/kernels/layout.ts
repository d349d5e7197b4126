// layout.ts — `copy(src, dst)` and `transpose(a, axes?)`: moving elements between any
// strides, written in the kernel language. One kernel per rank (1–4): the grid covers the
// first three axes, rank 4 loops over its last axis inside the kernel; a transpose reads
// the source at the permuted index (chosen per axis with selects, so the kernel stays
// vectorisable). Also the helpers the other primitives use to make a strided 1-D argument
// dense on the backend they run on.

import { NDArray, type BackendName } from '../index.js';
import { kernel } from './internalKernel.js';
import {
  checkDistinct,
  arrayArg,
  chooseBackend,
  checkOptions,
  hostView,
  isDense,
  ordered,
  refuseF64OnWebgpu,
  rowMajor,
  sameElements,
  sharedArray,
  sharesMemory,
  TYPED,
  Work,
  type ArrayArg,
  type Buf,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';

/** Index of out-axis q among (i, j, k, l): source index from the permutation. */
const pickAxis = (q: number, i: number, j: number, k: number, l: number): number =>
  q === 0 ? i : q === 1 ? j : q === 2 ? k : l;

type Nd = NdarrayLike;

// The name the kernels receive through `uses` (declared for the type checker only: a free
// name a bundler never renames).
declare const pick: typeof pickAxis;

const copy1 = kernel(
  (i: number, src: Nd, dst: Nd) => {
    dst.set(i, src.get(i));
  },
  { name: 'copy1' },
);
const copy2 = kernel(
  (i: number, j: number, src: Nd, dst: Nd) => {
    dst.set(i, j, src.get(i, j));
  },
  { name: 'copy2' },
);
const copy3 = kernel(
  (i: number, j: number, k: number, src: Nd, dst: Nd) => {
    dst.set(i, j, k, src.get(i, j, k));
  },
  { name: 'copy3' },
);
const copy4 = kernel(
  (i: number, j: number, k: number, src: Nd, dst: Nd, last: number) => {
    for (let l = 0; l < last; l++) dst.set(i, j, k, l, src.get(i, j, k, l));
  },
  { name: 'copy4' },
);

// out[o0, o1, …] = src[s0, s1, …] with s_m = o_{q_m}.
const permute2 = kernel(
  (i: number, j: number, src: Nd, dst: Nd, q0: number, q1: number) => {
    dst.set(i, j, src.get(pick(q0, i, j, 0, 0), pick(q1, i, j, 0, 0)));
  },
  { name: 'permute2', uses: { pick: pickAxis } },
);
const permute3 = kernel(
  (i: number, j: number, k: number, src: Nd, dst: Nd, q0: number, q1: number, q2: number) => {
    dst.set(i, j, k, src.get(pick(q0, i, j, k, 0), pick(q1, i, j, k, 0), pick(q2, i, j, k, 0)));
  },
  { name: 'permute3', uses: { pick: pickAxis } },
);
const permute4 = kernel(
  (
    i: number,
    j: number,
    k: number,
    src: Nd,
    dst: Nd,
    q0: number,
    q1: number,
    q2: number,
    q3: number,
    last: number,
  ) => {
    for (let l = 0; l < last; l++) {
      dst.set(
        i,
        j,
        k,
        l,
        src.get(
          pick(q0, i, j, k, l),
          pick(q1, i, j, k, l),
          pick(q2, i, j, k, l),
          pick(q3, i, j, k, l),
        ),
      );
    }
  },
  { name: 'permute4', uses: { pick: pickAxis } },
);

/**
 * `x` as these kernels take it: a plain typed array as a 1-D ndarray view of itself (in
 * the kernels' plain functions `get`/`set` are ndarray methods; a typed array's `set`
 * copies arrays, so the compiler refuses it there), anything else as it is.
 */
export function asNdarray(x: unknown): unknown {
  if (!ArrayBuffer.isView(x) || x instanceof DataView) return x;
  const data = x as TypedArray;
  return hostView(data, [data.length], [1], 0);
}

/** Launches the copy kernel of `shape`'s rank (a 0-size shape launches nothing). */
export async function runCopy(
  work: Work,
  shape: readonly number[],
  srcArg: unknown,
  dstArg: unknown,
): Promise<void> {
  if (shape.some((n) => n === 0)) return;
  const [src, dst] = [asNdarray(srcArg), asNdarray(dstArg)];
  switch (shape.length) {
    case 1:
      await work.run(copy1, [shape[0]!], src, dst);
      return;
    case 2:
      await work.run(copy2, [shape[0]!, shape[1]!], src, dst);
      return;
    case 3:
      await work.run(copy3, [shape[0]!, shape[1]!, shape[2]!], src, dst);
      return;
    default:
      await work.run(copy4, [shape[0]!, shape[1]!, shape[2]!], src, dst, shape[3]!);
  }
}

/** Launches the permuting copy: dst (shape `shape`) gets src read at index s_m = o_{q[m]}. */
async function runPermute(
  work: Work,
  shape: readonly number[],
  src: unknown,
  dst: unknown,
  q: readonly number[],
): Promise<void> {
  if (shape.some((n) => n === 0)) return;
  [src, dst] = [asNdarray(src), asNdarray(dst)];
  switch (shape.length) {
    case 1:
      await work.run(copy1, [shape[0]!], src, dst);
      return;
    case 2:
      await work.run(permute2, [shape[0]!, shape[1]!], src, dst, q[0]!, q[1]!);
      return;
    case 3:
      await work.run(permute3, [shape[0]!, shape[1]!, shape[2]!], src, dst, q[0]!, q[1]!, q[2]!);
      return;
    default:
      await work.run(
        permute4,
        [shape[0]!, shape[1]!, shape[2]!],
        src,
        dst,
        q[0]!,
        q[1]!,
        q[2]!,
        q[3]!,
        shape[3]!,
      );
  }
}

/**
 * What a kernel is given for an argument on `work.backend`: NDArrays living there as they
 * are; NDArrays elsewhere as a host view of a copy of their storage (so launching never
 * moves the caller's array); host arrays as they are (the launch stages them).
 */
export async function kernelArg(work: Work, a: ArrayArg): Promise<unknown> {
  if (a.kind !== 'NDArray') return a.value;
  const nd = a.value as NDArray;
  if (
    nd.backend === work.backend ||
    (work.backend === 'js' && nd.storage.hostView) ||
    ((work.backend === 'wasm' || work.backend === 'workers') &&
      (nd.backend === 'wasm' || nd.backend === 'workers'))
  )
    return nd;
  const data = (await nd.storage.read()) as TypedArray;
  return hostView(data, nd.shape, nd.strides, nd.offset);
}

/** A dense 1-D input on the working backend, and whether it is a private copy. */
export interface DenseInput {
  readonly buf: Buf;
  /** A temporary of this call (the primitive may write into it), not the caller's array. */
  readonly owned: boolean;
}

/**
 * A dense 1-D buffer on `work.backend` holding the elements of a 1-D argument: the
 * argument itself where a kernel there can read it in place (a typed array on js, an
 * `empty()` array on wasm and workers, an NDArray living there), else a private copy.
 * `writable` forces a private copy.
 */
export async function denseInput(work: Work, a: ArrayArg, writable: boolean): Promise<DenseInput> {
  const n = a.size;
  const own = (buf: Buf): DenseInput => ({ buf, owned: true });
  const shared = writable ? undefined : sharedArray(work, a);
  // An empty() array is the heap wasm and workers use: their kernels read it where it is.
  if (shared) return { buf: shared, owned: false };
  if (a.kind === 'typed' || (a.kind === 'ndarray' && isDense(a))) {
    const data = a.kind === 'typed' ? (a.value as TypedArray) : (a.value as NdarrayLike).data;
    const buf = await work.upload(data, writable);
    return { buf, owned: buf !== data };
  }
  if (a.kind === 'NDArray' && isDense(a) && !writable) {
    const arg = await kernelArg(work, a);
    if (arg instanceof NDArray) return { buf: arg, owned: false };
    return own(await work.upload((arg as NdarrayLike).data, true));
  }
  const dst = await work.alloc(a.dtype, n);
  await runCopy(work, [n], await kernelArg(work, a), dst);
  return own(dst);
}

/**
 * Options of copy and transpose.
 *
 * @example
 * ```ts
 * await transpose(m, [1, 0], { backend: 'js' });
 * ```
 */
export interface LayoutOptions {
  /** Run on this backend (default: where the NDArrays live; js for host arrays). */
  backend?: BackendName | 'auto';
}

function layoutBackend(
  fn: string,
  options: LayoutOptions | undefined,
  args: ArrayArg[],
): Promise<BackendName> {
  // Host-only copies run on js: staging host arrays into the shared heap would cost more
  // than the copy itself.
  return chooseBackend(fn, options?.backend, args, 0);
}

/**
 * Copies every element of `src` into `dst` (same shape; any strides, offsets and containers:
 * typed arrays, NDArrays, ndarrays); resolves to `dst`. Elements convert as a kernel's store
 * converts them (the same dtype copies exactly). `src` and `dst` may overlap: the result is
 * as if `src` were read in full before `dst` is written.
 *
 * @param src the array read
 * @param dst the array written, of the same shape
 * @returns `dst`
 * @example
 *   const a = ndarray(new Float32Array(6), [2, 3]);
 *   await copy(ndarray(data, [3, 2]).transpose(1, 0), a);   // a = the transpose, row-major
 */
export function copy<T>(
  src: TypedArray | NDArray | NdarrayLike,
  dst: T,
  options?: LayoutOptions,
): Promise<T> {
  try {
    checkOptions(options, ['backend'], 'copy');
    const s = arrayArg(src, 'src', 'copy');
    const d = arrayArg(dst, 'dst', 'copy');
    checkDistinct(d, 'copy', 'dst');
    if (s.shape.length !== d.shape.length || s.shape.some((n, k) => n !== d.shape[k])) {
      throw new RangeError(
        `numbat: copy: 'dst' has shape [${d.shape.join(', ')}], but 'src' has shape [${s.shape.join(', ')}]`,
      );
    }
    return ordered(async () => {
      const work = new Work(await layoutBackend('copy', options, [d, s]), 'copy');
      try {
        refuseF64OnWebgpu(work.backend, [s, d], ['src', 'dst'], 'copy');
        // Overlapping src and dst copy as if src were read in full first (memmove): the same
        // elements are already in place; other overlaps go through a temporary, so the
        // result never depends on the order the elements are visited in (nor the backend).
        if (sharesMemory(s, d)) {
          if (sameElements(s, d)) return dst;
          const tmp = await work.allocShape(s.dtype, s.shape);
          await runCopy(work, s.shape, await kernelArg(work, s), tmp);
          await runCopy(work, d.shape, tmp, d.value);
          return dst;
        }
        // A dst NDArray on another backend than a forced one moves there, as any launch does.
        await runCopy(work, d.shape, await kernelArg(work, s), d.value);
        return dst;
      } finally {
        work.dispose();
      }
    });
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Transposes `a`: the result's axis k is `a`'s axis `axes[k]` (default: the axes reversed),
 * materialised row-major in a new array of the same kind — an NDArray on `a`'s backend, an
 * ndarray (the same constructor) over a new typed array, or a new typed array (rank 1: a
 * copy).
 *
 * @param a an NDArray, ndarray or typed array of rank 1–4
 * @param axes a permutation of 0 … rank−1
 * @returns the transposed array
 * @example
 *   const t = await transpose(await toDevice(ndarray(data, [2, 3])));   // NDArray [3, 2]
 *   const u = await transpose(ndarray(data, [2, 3, 4]), [1, 0, 2]);     // ndarray [3, 2, 4]
 */
export function transpose<T>(
  a: T,
  axes?: readonly number[],
  options?: LayoutOptions,
): Promise<T extends NDArray<any> ? NDArray<TypedArray> : T> {
  return transposeAny(a, axes, options) as Promise<
    T extends NDArray<any> ? NDArray<TypedArray> : T
  >;
}

function transposeAny<T>(a: T, axes?: readonly number[], options?: LayoutOptions): Promise<T> {
  try {
    checkOptions(options, ['backend'], 'transpose');
    const arg = arrayArg(a, 'a', 'transpose');
    const rank = arg.shape.length;
    const perm = axes === undefined ? [...Array(rank).keys()].reverse() : [...axes];
    if (!Array.isArray(axes) && axes !== undefined)
      throw new TypeError(`numbat: transpose: 'axes' must be an array of axis numbers`);
    if (
      perm.length !== rank ||
      perm.some((p) => !Number.isInteger(p) || p < 0 || p >= rank) ||
      new Set(perm).size !== rank
    ) {
      throw new RangeError(
        `numbat: transpose: 'axes' must be a permutation of 0…${rank - 1}, got [${perm.join(', ')}]`,
      );
    }
    const shape = perm.map((p) => arg.shape[p]!);
    // Source axis m is read with the index of the out axis holding it.
    const q = new Array<number>(rank);
    perm.forEach((p, k) => {
      q[p] = k;
    });
    return ordered(async () => {
      const work = new Work(await layoutBackend('transpose', options, [arg]), 'transpose');
      try {
        refuseF64OnWebgpu(work.backend, [arg], ['a'], 'transpose');
        const src = await kernelArg(work, arg);
        if (arg.kind === 'NDArray' && work.backend !== 'js') {
          const out = await work.allocShape(arg.dtype, shape);
          await runPermute(work, shape, src, out, q);
          return work.keep(out, arg) as T;
        }
        const data = new TYPED[arg.dtype](arg.size);
        const strides = rowMajor(shape);
        await runPermute(work, shape, src, hostView(data, shape, strides, 0), q);
        if (arg.kind === 'typed') return data as T;
        if (arg.kind === 'NDArray') {
          const out = await work.allocShape(arg.dtype, shape);
          await out.storage.write(data);
          return work.keep(out, arg) as T;
        }
        const Ctor = (a as unknown as { constructor: new (...x: unknown[]) => unknown })
          .constructor;
        return new Ctor(data, ...shape, ...strides, 0) as T;
      } finally {
        work.dispose();
      }
    });
  } catch (e) {
    return Promise.reject(e);
  }
}
