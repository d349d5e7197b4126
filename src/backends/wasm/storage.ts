// storage.ts — device storage of the wasm backend: a block of the shared heap holding the
// elements of a device-resident NDArray. wasm launches use it in place, and so does the
// workers backend (same heap), through hostView().

import type { DeviceStorage } from '../backend.js';
import type { DType, TypedArray } from '../../jit/types/dtype.js';
import { BYTES, dtypeOf } from '../../jit/types/dtype.js';
import type { Heap } from '../heap.js';

/** A heap block owned by an NDArray resident on 'wasm'. */
export class WasmStorage implements DeviceStorage {
  readonly backend = 'wasm' as const;
  /** Byte offset of the first element in the heap's memory. */
  readonly byteOffset: number;
  private freed = false;

  /**
   * Allocates zero-filled storage, or of unspecified contents when `zeroed` is false
   * (Backend.allocate); a RangeError when the heap cannot grow enough.
   */
  constructor(
    readonly heap: Heap,
    readonly dtype: DType,
    readonly length: number,
    zeroed = true,
  ) {
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(
        `numbat: cannot allocate ${String(length)} elements on the wasm backend: the length must be a non-negative integer`,
      );
    }
    this.byteOffset = heap.alloc(length * BYTES[dtype], zeroed);
  }

  /** A view of the live bytes (rebuilt on every call: the memory may have grown). */
  view(): TypedArray {
    if (this.freed)
      throw new TypeError(
        `numbat: cannot use wasm storage of ${this.dtype}[${this.length}]: it has been freed`,
      );
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
    if (dtypeOf(src) !== this.dtype || src.length !== this.length) {
      throw new TypeError(
        `numbat: cannot write ${src.constructor.name}(${src.length}) into wasm storage of ${this.dtype}[${this.length}]: dtype and length must match`,
      );
    }
    this.view().set(src as never);
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.heap.free(this.byteOffset);
  }
}
