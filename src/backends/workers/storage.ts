// storage.ts — device storage of the workers backend: a block of the shared heap holding
// the elements of a device-resident NDArray. Launches use it in place.

import type { DeviceStorage } from '../backend.js';
import type { DType, TypedArray } from '../../jit/types/dtype.js';
import { BYTES, dtypeOf } from '../../jit/types/dtype.js';
import type { Heap } from '../heap.js';

/** A heap block owned by an NDArray resident on 'workers'. */
export class WorkersStorage implements DeviceStorage {
  readonly backend = 'workers' as const;
  readonly dtype: DType;
  readonly length: number;
  readonly heap: Heap;
  /** Byte offset of the first element in the heap's memory. */
  readonly byteOffset: number;
  private released = false;

  /**
   * Allocates zero-filled storage, or of unspecified contents when `zeroed` is false
   * (Backend.allocate); a RangeError when the heap cannot grow enough.
   */
  constructor(heap: Heap, dtype: DType, length: number, zeroed = true) {
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(
        `numbat: cannot allocate ${String(length)} elements on the workers backend: the length must be a non-negative integer`,
      );
    }
    this.heap = heap;
    this.dtype = dtype;
    this.length = length;
    this.byteOffset = heap.alloc(length * BYTES[dtype], zeroed);
  }

  /** Whether free() has been called. */
  get freed(): boolean {
    return this.released;
  }

  /** A typed array over the storage, on the heap's current buffer (no copy). */
  view(): TypedArray {
    this.assertLive('use');
    return this.heap.view(this.dtype, this.byteOffset, this.length);
  }

  /** The live data as a heap view (DeviceStorage.hostView), for CPU backends. */
  hostView(): TypedArray {
    return this.view();
  }

  async read(): Promise<TypedArray> {
    return this.view().slice();
  }

  async write(src: TypedArray): Promise<void> {
    this.assertLive('write to');
    if (dtypeOf(src) !== this.dtype || src.length !== this.length) {
      throw new TypeError(
        `numbat: cannot write ${src.constructor.name}(${src.length}) into workers storage of ${this.dtype}[${this.length}]: dtype and length must match`,
      );
    }
    this.view().set(src);
  }

  free(): void {
    if (this.released) return;
    this.released = true;
    this.heap.free(this.byteOffset);
  }

  private assertLive(what: string): void {
    if (this.released) {
      throw new TypeError(
        `numbat: cannot ${what} workers storage of ${this.dtype}[${this.length}]: it has been freed`,
      );
    }
  }
}
