// arguments.ts — reading a launch's arguments: what each one is to the compiler (its
// ArgSig), scijs ndarrays recognised structurally, which arguments are the same array, and
// the LaunchArgs a backend runs with (buffers and scalar values, read once per launch).

import { dtypeOf, type TypedArray } from '../jit/types/dtype.js';
import type { ArgSig } from '../jit/types/signature.js';
import type { IrKernel, IrScalar } from '../jit/ir/ir.js';
import type { LaunchArgs, LaunchBuffer } from '../backends/backend.js';
import { NDArray } from './ndarray.js';
import { isReleased } from './sharedArrays.js';

/**
 * A scijs ndarray (the `ndarray` package), recognised structurally: numbat needs no
 * import of it. Exported as `NdarrayLike`.
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const m: NdarrayLike = ndarray(new Float32Array(6), [2, 3]);
 * ```
 */
export interface ScijsNdarray {
  /** The elements. */
  data: TypedArray;
  /** The extent of each axis. */
  shape: number[];
  /** The step in elements along each axis. */
  stride: number[];
  /** The index in `data` of element (0, 0, …). */
  offset: number;
  /** The element at an index per axis. */
  get(...ix: number[]): number;
  /** Sets the element at an index per axis to the last argument. */
  set(...ixv: number[]): number;
}

export function isScijsNdarray(x: unknown): x is ScijsNdarray {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Partial<ScijsNdarray>;
  return (
    Array.isArray(o.shape) &&
    Array.isArray(o.stride) &&
    typeof o.offset === 'number' &&
    ArrayBuffer.isView(o.data) &&
    typeof o.get === 'function'
  );
}

/** Describes one argument; throws a TypeError naming the parameter when it is not usable. */
export function describeArg(
  value: unknown,
  param: string,
  kernelName: string,
  /** An NDArray disposed after the stream step that launches was issued is still live. */
  disposedLater = false,
): ArgSig {
  if (typeof value === 'number') {
    if (
      Number.isInteger(value) &&
      value >= -0x80000000 &&
      value <= 0x7fffffff &&
      !Object.is(value, -0)
    )
      return { kind: 'number', type: 'i32' };
    if (Number.isInteger(value) && value > 0 && value <= 0xffffffff)
      return { kind: 'number', type: 'u32' };
    return { kind: 'number', type: 'float' };
  }
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (value instanceof NDArray) {
    if (value.disposed && !disposedLater)
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is an NDArray that was disposed`,
      );
    return {
      kind: 'strided',
      dtype: value.dtype,
      rank: value.shape.length,
      container: 'NDArray',
      unitInner: value.strides[value.strides.length - 1] === 1,
      zeroOffset: value.offset === 0,
    };
  }
  if (ArrayBuffer.isView(value)) {
    const dtype = dtypeOf(value);
    if (!dtype)
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is a ${value.constructor.name}, which kernels do not accept (use Float32Array, Float64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array or Uint8Array)`,
      );
    if (isReleased(value))
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is an array from empty(), or a view of one, that was released (its memory is free or may belong to another array now)`,
      );
    if (value.byteLength === 0 && isDetached(value.buffer)) {
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is a ${value.constructor.name} whose buffer is detached`,
      );
    }
    return { kind: 'typed', dtype };
  }
  if (isScijsNdarray(value)) {
    if (isReleased(value.data))
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is an ndarray over an array from empty() that was released`,
      );
    const dtype = dtypeOf(value.data);
    if (!dtype)
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is an ndarray over ${value.data?.constructor?.name ?? typeof value.data}, which kernels do not accept`,
      );
    const rank = value.shape.length;
    if (rank < 1 || rank > 4)
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameter '${param}' is an ndarray of rank ${rank}; kernels accept ranks 1 to 4`,
      );
    return {
      kind: 'strided',
      dtype,
      rank,
      container: 'ndarray',
      unitInner: value.stride[rank - 1] === 1,
      zeroOffset: value.offset === 0,
    };
  }
  const what =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'a plain Array'
        : typeof value === 'object'
          ? `a ${(value as object).constructor?.name ?? 'object'}`
          : typeof value;
  throw new TypeError(
    `numbat: kernel '${kernelName}': parameter '${param}' is ${what}; expected a typed array, an ndarray, an NDArray, a number or a boolean`,
  );
}

/**
 * Whether two array arguments are the same array: the same object, typed arrays of one
 * type over the same bytes, ndarrays with the same data, shape, strides and offset.
 * (Two NDArrays are the same only as one object: each owns its storage.)
 */
export function sameArray(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    return (
      a.buffer === b.buffer &&
      a.byteOffset === b.byteOffset &&
      a.byteLength === b.byteLength &&
      a.constructor === b.constructor
    );
  }
  if (isScijsNdarray(a) && isScijsNdarray(b)) {
    return (
      sameArray(a.data, b.data) &&
      a.offset === b.offset &&
      a.shape.length === b.shape.length &&
      a.shape.every((n, k) => n === b.shape[k] && a.stride[k] === b.stride[k])
    );
  }
  return false;
}

/** Index of an earlier argument that is the same array as args[k] (see sameArray), or -1. */
export function aliasOf(args: readonly unknown[], k: number): number {
  const a = args[k];
  if (typeof a !== 'object' || a === null) return -1;
  for (let j = 0; j < k; j++) {
    const b = args[j];
    if (typeof b === 'object' && b !== null && sameArray(a, b)) return j;
  }
  return -1;
}

/** A detached ArrayBuffer cannot be viewed (Node 20 lacks ArrayBuffer.prototype.detached). */
function isDetached(buffer: ArrayBufferLike): boolean {
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** What a backend runs one launch with: the kernel's buffers and scalar values, in IR order. */
export function launchArgsOf(
  ir: IrKernel,
  grid: readonly number[],
  total: number,
  args: readonly unknown[],
  signal?: AbortSignal,
): LaunchArgs {
  const buffers = ir.buffers.map((b) => launchBufferOf(args[b.argIndex]));
  const scalars = ir.scalars.map((s) => scalarValue(s, args, grid, buffers));
  return signal ? { buffers, scalars, grid, total, signal } : { buffers, scalars, grid, total };
}

function scalarValue(
  s: IrScalar,
  args: readonly unknown[],
  grid: readonly number[],
  buffers: LaunchArgs['buffers'],
): number {
  const src = s.source;
  switch (src.kind) {
    case 'arg': {
      const v = args[src.argIndex] as number | boolean;
      const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      switch (s.type) {
        case 'i32':
          return n | 0;
        case 'u32':
          return n >>> 0;
        case 'f32':
          return Math.fround(n);
        default:
          return n;
      }
    }
    case 'length': {
      const b = buffers[src.buffer]!;
      return b.kind === 'host' ? b.data.length : b.storage.length;
    }
    case 'grid':
      return grid[src.axis]!;
    case 'shape':
      return stridedOf(args[src.argIndex]).shape[src.axis]!;
    case 'stride':
      return stridedOf(args[src.argIndex]).stride[src.axis]!;
    case 'offset':
      return stridedOf(args[src.argIndex]).offset;
    default: {
      const never: never = src;
      return never;
    }
  }
}

function stridedOf(a: unknown): {
  shape: readonly number[];
  stride: readonly number[];
  offset: number;
} {
  if (a instanceof NDArray) return { shape: a.shape, stride: a.strides, offset: a.offset };
  return a as { shape: number[]; stride: number[]; offset: number };
}

/** The launch buffer for one array argument. */
export function launchBufferOf(value: unknown): LaunchBuffer {
  if (value instanceof NDArray) return { kind: 'device', storage: value.storage };
  if (isScijsNdarray(value))
    return {
      kind: 'host',
      data: value.data,
      view: { shape: value.shape, stride: value.stride, offset: value.offset },
    };
  return { kind: 'host', data: value as TypedArray };
}
