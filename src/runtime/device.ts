// device.ts — `toDevice` and `zeros`: creating NDArrays resident on a backend.

import { describeValue } from './describe.js';
import type { BackendName } from '../backends/backend.js';
import { backendByName, probe } from '../backends/registry.js';
import { dtypeOf, type DType, type TypedArray } from '../jit/types/dtype.js';
import { isScijsNdarray } from './arguments.js';
import { NDArray, rowMajorStrides, type HostArray, type HostKind } from './ndarray.js';
import { inOrder } from './stream.js';

/**
 * The typed array behind each dtype name `zeros` accepts.
 *
 * @example
 * ```ts
 * type A = DTypeArrays['float32']; // Float32Array
 * ```
 */
export interface DTypeArrays {
  /** `f32`: Float32Array elements. */
  f32: Float32Array;
  /** `float32`: Float32Array elements. */
  float32: Float32Array;
  /** `f64`: Float64Array elements. */
  f64: Float64Array;
  /** `float64`: Float64Array elements. */
  float64: Float64Array;
  /** `i32`: Int32Array elements. */
  i32: Int32Array;
  /** `int32`: Int32Array elements. */
  int32: Int32Array;
  /** `u32`: Uint32Array elements. */
  u32: Uint32Array;
  /** `uint32`: Uint32Array elements. */
  uint32: Uint32Array;
  /** `i16`: Int16Array elements. */
  i16: Int16Array;
  /** `int16`: Int16Array elements. */
  int16: Int16Array;
  /** `u16`: Uint16Array elements. */
  u16: Uint16Array;
  /** `uint16`: Uint16Array elements. */
  uint16: Uint16Array;
  /** `i8`: Int8Array elements. */
  i8: Int8Array;
  /** `int8`: Int8Array elements. */
  int8: Int8Array;
  /** `u8`: Uint8Array elements. */
  u8: Uint8Array;
  /** `uint8`: Uint8Array elements. */
  uint8: Uint8Array;
}

/**
 * A dtype as `zeros` takes it: `'f32'` or `'float32'`, and so on for each dtype.
 *
 * @example
 * ```ts
 * const dtype: DTypeName = 'int32';
 * ```
 */
export type DTypeName = keyof DTypeArrays;

export const DTYPE_ALIASES: Record<string, DType> = {
  f32: 'f32',
  float32: 'f32',
  f64: 'f64',
  float64: 'f64',
  i32: 'i32',
  int32: 'i32',
  u32: 'u32',
  uint32: 'u32',
  i16: 'i16',
  int16: 'i16',
  u16: 'u16',
  uint16: 'u16',
  i8: 'i8',
  int8: 'i8',
  u8: 'u8',
  uint8: 'u8',
};

/** The backend `toDevice` uses when none is named: the one `auto` prefers for large arrays. */
async function defaultBackend(): Promise<BackendName> {
  for (const name of ['wasm', 'workers', 'js'] as const) {
    if (backendByName(name) && (await probe(name)).available) return name;
  }
  return 'js';
}

async function resolveBackend(name: BackendName | undefined, what: string): Promise<BackendName> {
  const chosen = name ?? (await defaultBackend());
  const backend = backendByName(chosen);
  if (!backend)
    throw new TypeError(`numbat: ${what}: unknown backend '${chosen}' (js, workers, wasm, webgpu)`);
  const status = await probe(chosen);
  if (!status.available)
    throw new Error(`numbat: ${what}: the ${chosen} backend is unavailable here: ${status.reason}`);
  return chosen;
}

/**
 * WGSL has no f64: a Float64Array placed on WebGPU would come back rounded to f32 while its
 * dtype still said f64. Refused before anything is allocated.
 */
function refuseF64OnWebgpu(name: BackendName, dtype: string, what: string): void {
  if (name === 'webgpu' && dtype === 'f64')
    throw new TypeError(
      `numbat: ${what}: f64 data cannot live on WebGPU (WGSL has no f64; its values would be rounded to f32): keep it on a CPU backend, or convert it to a Float32Array first`,
    );
}

/**
 * Copies a typed array or scijs ndarray to a backend (by default the one `auto` prefers
 * for large arrays); `toHost()` gives back the same kind. The copy is taken after every
 * launch issued before this call (stream order). Launches on NDArrays copy nothing.
 *
 * @example
 * ```ts
 * const dx = await toDevice(x, 'webgpu');
 * await saxpy.launch(n, 2, dx, dy, dout);
 * const result: Float32Array = await dout.toHost();
 * dx.dispose();
 * ```
 */
export function toDevice<T extends HostArray>(x: T, backend?: BackendName): Promise<NDArray<T>> {
  // What can be refused now is refused now: the error's stack then holds the caller's line.
  try {
    const data = isScijsNdarray(x) ? x.data : ArrayBuffer.isView(x) && dtypeOf(x) ? x : undefined;
    if (!data)
      throw new TypeError(
        `numbat: toDevice takes a typed array or an ndarray, got ${describeValue(x)}`,
      );
    // An ndarray over data numbat cannot hold (a Uint8ClampedArray, a plain Array) is refused
    // here, not by a backend's allocator in its own words.
    if (!dtypeOf(data))
      throw new TypeError(
        `numbat: toDevice takes an ndarray over a Float32Array, Float64Array, Int8/16/32Array or Uint8/16/32Array, got one over ${describeValue(data)}`,
      );
    if (backend !== undefined) refuseF64OnWebgpu(backend, dtypeOf(data as TypedArray)!, 'toDevice');
  } catch (e) {
    return Promise.reject(e);
  }
  return inOrder(() => toDeviceNow(x, backend)) as Promise<NDArray<T>>;
}

/** toDevice without waiting for the stream (for code already inside an ordered task). */
export async function toDeviceNow(x: unknown, backend?: BackendName): Promise<NDArray> {
  const name = await resolveBackend(backend, 'toDevice');
  let data: TypedArray;
  let shape: number[];
  let strides: number[];
  let offset = 0;
  let hostKind: HostKind;
  if (isScijsNdarray(x)) {
    data = x.data;
    shape = [...x.shape];
    strides = [...x.stride];
    offset = x.offset;
    hostKind = {
      kind: 'ndarray',
      ctor: (x as unknown as { constructor: (HostKind & { kind: 'ndarray' })['ctor'] }).constructor,
    };
  } else if (ArrayBuffer.isView(x) && dtypeOf(x)) {
    data = x as TypedArray;
    shape = [data.length];
    strides = [1];
    hostKind = { kind: 'typed' };
  } else {
    throw new TypeError(
      `numbat: toDevice takes a typed array or an ndarray, got ${describeValue(x)}`,
    );
  }
  const dtype = dtypeOf(data)!;
  refuseF64OnWebgpu(name, dtype, 'toDevice');
  // Written in full at once: no zero-fill first.
  const storage = await backendByName(name)!.allocate(dtype, data.length, false);
  await storage.write(data);
  return new NDArray(storage, shape, strides, offset, hostKind);
}

/**
 * A zero-filled NDArray of `shape` and `dtype` on a backend (`toHost()` gives the dtype's
 * typed array).
 *
 * @example
 * ```ts
 * const grid = await zeros([512, 512], 'f32', 'wasm');
 * const pixels: Float32Array = await grid.toHost();
 * ```
 */
export function zeros<D extends DTypeName>(
  shape: number | readonly number[],
  dtype: D,
  backend?: BackendName,
): Promise<NDArray<DTypeArrays[D]>> {
  // Refused now where it can be (the error's stack then holds the caller's line).
  const dt = DTYPE_ALIASES[dtype];
  if (backend === 'webgpu' && dt === 'f64') {
    try {
      refuseF64OnWebgpu(backend, dt, 'zeros');
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return inOrder(() => zerosNow(shape, dtype, backend)) as Promise<NDArray<DTypeArrays[D]>>;
}

/**
 * zeros without waiting for the stream (for code already inside an ordered task); with
 * `zeroed` false the contents are unspecified (Backend.allocate: for a caller that writes
 * the array in full before anything reads it).
 */
export async function zerosNow(
  shape: number | readonly number[],
  dtype: DType | string,
  backend?: BackendName,
  zeroed = true,
): Promise<NDArray> {
  const dims = typeof shape === 'number' ? [shape] : [...shape];
  if (dims.length < 1 || dims.length > 4 || dims.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new TypeError(
      `numbat: zeros: shape must be 1 to 4 non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  const dt = DTYPE_ALIASES[dtype];
  if (!dt)
    throw new TypeError(
      `numbat: zeros: unknown dtype '${dtype}' (f32, f64, i32, u32, i16, u16, i8, u8)`,
    );
  const name = await resolveBackend(backend, 'zeros');
  refuseF64OnWebgpu(name, dt, 'zeros');
  const length = dims.reduce((a, b) => a * b, 1);
  const storage = await backendByName(name)!.allocate(dt, length, zeroed);
  return new NDArray(storage, dims, rowMajorStrides(dims), 0, { kind: 'typed' });
}
