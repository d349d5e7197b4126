// storage.ts — device-resident arrays on WebGPU, and host <-> GPU element conversion.
//
// Every element is 32 bits on the GPU: i8/u8/i16/u16 widen to i32 on upload and narrow
// on readback (typed-array assignment does the wrapping). A resident array survives an
// idle release of the device: it is evicted to a host copy and uploaded again on its
// next use. After a device loss its contents are gone and using it is an error.

import type { DeviceStorage } from '../backend.js';
import { TYPED_ARRAY, type DType, type TypedArray } from '../../jit/types/dtype.js';
import {
  trackResident,
  untrackResident,
  withErrorScopes,
  withGpu,
  type Evictable,
  type GpuSession,
} from './gpu.js';

/** A typed array of 32-bit words as stored in a GPU buffer. */
export type GpuWords = Float32Array | Int32Array | Uint32Array;

/** The element data of `src` as 32-bit GPU words (a view when no conversion is needed). */
export function toGpuWords(src: TypedArray, dtype: DType): GpuWords {
  switch (dtype) {
    // Dawn's writeBuffer takes no SharedArrayBuffer views: copy those (slice makes a plain buffer).
    case 'f32':
    case 'i32':
    case 'u32':
      return (
        typeof SharedArrayBuffer !== 'undefined' && src.buffer instanceof SharedArrayBuffer
          ? src.slice()
          : src
      ) as GpuWords;
    case 'f64':
      return Float32Array.from(src as Float64Array); // stored as f32 (precision: 'f32')
    case 'i16':
    case 'u16':
    case 'i8':
    case 'u8':
      return Int32Array.from(src as Int16Array);
    default: {
      const never: never = dtype;
      throw new Error(`unknown dtype ${String(never)}`);
    }
  }
}

/** `n` 32-bit GPU words of `dtype` at word `wordOffset` of `words`, as a typed-array view. */
export function gpuWordsAt(
  words: ArrayBuffer,
  wordOffset: number,
  dtype: DType,
  n: number,
): GpuWords {
  switch (dtype) {
    case 'f32':
    case 'f64':
      return new Float32Array(words, wordOffset * 4, n);
    case 'u32':
      return new Uint32Array(words, wordOffset * 4, n);
    case 'i32':
    case 'i16':
    case 'u16':
    case 'i8':
    case 'u8':
      return new Int32Array(words, wordOffset * 4, n);
    default: {
      const never: never = dtype;
      throw new Error(`unknown dtype ${String(never)}`);
    }
  }
}

/** Copies 32-bit GPU words into `dst` (of `dtype`), converting element types. */
export function fromGpuWords(
  words: ArrayBuffer,
  wordOffset: number,
  dtype: DType,
  dst: TypedArray,
): void {
  const n = dst.length;
  if (dtype === 'f64') keepUnchangedF64(gpuWordsAt(words, wordOffset, dtype, n), dst);
  else dst.set(gpuWordsAt(words, wordOffset, dtype, n));
}

/**
 * Reads back an f64 array that ran as f32 (`precision: 'f32'`; `dst` still holds the values
 * it was uploaded from). An element whose word is still the f32 rounding of its own value
 * keeps its exact f64 value: the kernel left it alone, or wrote exactly that rounding (the
 * f32 value of what was there, within the rounding that `precision: 'f32'` allows). Every
 * other element takes the value the kernel wrote.
 */
function keepUnchangedF64(words: GpuWords, dst: TypedArray): void {
  for (let k = 0; k < words.length; k++) dst[k] = f64ReadBack(words[k]!, dst[k]!);
}

/** One element of an f64 array read back from its f32 word (see keepUnchangedF64). */
export function f64ReadBack(word: number, held: number): number {
  return Object.is(word, Math.fround(held)) ? held : word;
}

/** Bytes a GPU buffer needs for `length` elements (never zero: WebGPU cannot bind that). */
export const gpuBytes = (length: number): number => Math.max(4, length * 4);

const STORAGE_USAGE = (): number =>
  GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** Reads `bytes` bytes of `src` back to the host. */
export async function readBack(s: GpuSession, src: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const staging = s.pool.acquire(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  try {
    const enc = s.device.createCommandEncoder();
    enc.copyBufferToBuffer(src, 0, staging, 0, bytes);
    s.device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    const copy = staging.getMappedRange(0, bytes).slice(0);
    staging.unmap();
    return copy;
  } finally {
    s.pool.release(staging);
  }
}

/** An NDArray's storage on the GPU. */
export class WebGpuStorage implements DeviceStorage, Evictable {
  readonly backend = 'webgpu' as const;
  private buffer: GPUBuffer | null = null;
  private owner: GpuSession | null = null;
  /** Host copy while evicted (null: zero-filled, or resident). */
  private shadow: ArrayBuffer | null = null;
  private lost: string | null = null;
  private freed = false;

  constructor(
    readonly dtype: DType,
    readonly length: number,
  ) {
    trackResident(this);
  }

  /** The GPU buffer on session `s`, uploading the host copy after an eviction. */
  bufferOn(s: GpuSession): GPUBuffer {
    if (this.freed) throw new TypeError('numbat: this NDArray was disposed (webgpu)');
    if (this.lost)
      throw new Error(`numbat webgpu: this device array's contents were lost: ${this.lost}`);
    if (this.buffer && this.owner === s) return this.buffer;
    const buffer = s.device.createBuffer({ size: gpuBytes(this.length), usage: STORAGE_USAGE() });
    if (this.shadow) s.device.queue.writeBuffer(buffer, 0, this.shadow);
    this.buffer = buffer;
    this.owner = s;
    this.shadow = null;
    return buffer;
  }

  async read(): Promise<TypedArray> {
    const out = new TYPED_ARRAY[this.dtype](this.length);
    const words = await withGpu((s) =>
      withErrorScopes(s.device, `reading a device array of ${this.length} elements`, () =>
        readBack(s, this.bufferOn(s), gpuBytes(this.length)),
      ),
    );
    fromGpuWords(words, 0, this.dtype, out);
    return out;
  }

  async write(src: TypedArray): Promise<void> {
    if (src.length !== this.length) {
      throw new RangeError(
        `numbat webgpu: write of ${src.length} elements into a device array of ${this.length}`,
      );
    }
    await withGpu((s) =>
      withErrorScopes(s.device, `writing ${this.length} elements to a device array`, () => {
        const words = toGpuWords(src, this.dtype);
        s.device.queue.writeBuffer(
          this.bufferOn(s),
          0,
          words.buffer,
          words.byteOffset,
          words.byteLength,
        );
        s.device.queue.submit([]); // flush the write: its staging memory is freed now, not at the next launch
      }),
    );
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.buffer?.destroy();
    // Dawn returns destroyed buffers' memory (and the staging of queued writes) when the
    // queue next processes a submission; an empty one makes that now, not at the next
    // launch or at the idle release (2,000 dispose cycles of 1 MB grew RSS by 2 GB).
    if (this.buffer && this.owner && this.owner.lostReason === null)
      this.owner.device.queue.submit([]);
    this.buffer = null;
    this.shadow = null;
    untrackResident(this);
  }

  deviceBytes(): number {
    return this.buffer ? this.buffer.size : 0;
  }

  async evict(s: GpuSession): Promise<void> {
    if (!this.buffer || this.owner !== s) return;
    this.shadow = await readBack(s, this.buffer, gpuBytes(this.length));
    this.buffer.destroy();
    this.buffer = null;
    this.owner = null;
  }

  forget(s: GpuSession): void {
    if (this.owner !== s) return;
    this.buffer = null;
    this.owner = null;
    this.lost = s.lostReason ?? 'the WebGPU device was lost';
  }
}

/** Allocates zero-filled storage (WebGPU zero-initialises new buffers). */
export async function allocateStorage(dtype: DType, length: number): Promise<WebGpuStorage> {
  const storage = new WebGpuStorage(dtype, length);
  try {
    await withGpu((s) =>
      withErrorScopes(
        s.device,
        `allocating a device array of ${length} ${dtype} elements (${gpuBytes(length)} bytes)`,
        () => {
          storage.bufferOn(s);
        },
      ),
    );
  } catch (error) {
    storage.free();
    throw error;
  }
  return storage;
}
