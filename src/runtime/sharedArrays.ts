// sharedArrays.ts — `empty()` and `release()`: ordinary typed arrays that live in the
// shared wasm heap, so that plain JavaScript and kernels share them with no copy.
//
// A host array that is not in the heap costs the wasm and workers backends a copy in (and
// out, if written) at every launch; a memory-bound kernel (saxpy) then runs slower than a
// plain loop. An array from `empty()` is a view of the heap itself: every CPU backend uses
// it in place, and `auto` counts no staging for it. It stays valid until `release()` (the
// heap never moves a block; a shared memory's growth keeps old views valid). Where the
// heap cannot be shared (a page without cross-origin isolation) its growth would detach
// views, so `empty()` returns an ordinary typed array there, which `release()` ignores.

import { inSharedHeap, sharedHeap } from '../backends/heap.js';
import { BYTES, TYPED_ARRAY, type TypedArray } from '../jit/types/dtype.js';
import { DTYPE_ALIASES, type DTypeArrays, type DTypeName } from './device.js';

/** Heap blocks of live `empty()` arrays, by the array. */
const blocks = new WeakMap<TypedArray, number>();

/** Arrays given to `release()`: their memory may now belong to another array. */
const released = new WeakSet<object>();

/**
 * Whether `array` came from `empty()` and was given to `release()`, or is a view of heap
 * memory that is free now (a subarray of a released array): its memory may belong to
 * another array. Kernel launches and the primitives refuse such an array.
 *
 * @example
 * ```ts
 * const x = empty(8, 'float32');
 * release(x);
 * isReleased(x); // true
 * ```
 */
export function isReleased(array: unknown): boolean {
  if (typeof array !== 'object' || array === null) return false;
  if (released.has(array)) return true;
  if (!ArrayBuffer.isView(array) || blocks.has(array as TypedArray)) return false;
  // A view of heap memory (a subarray of an `empty()` array, say) whose bytes are free now:
  // the array it was made from was released. (Once another array reuses the bytes, no
  // check can tell: README says a view must not outlive its array.)
  return (
    inSharedHeap(array.buffer) && sharedHeap().overlapsFree(array.byteOffset, array.byteLength)
  );
}

/**
 * A zero-filled typed array of `length` elements of `dtype`, allocated in the shared heap
 * of the wasm and workers backends: plain JavaScript reads and writes it as any typed
 * array, and kernels on js, workers and wasm use it in place (no copy at launch). Valid
 * until `release(array)`. Without SharedArrayBuffer it is an ordinary typed array.
 *
 * @example
 * ```ts
 * const x = empty(1 << 24, 'float32'); // a Float32Array in the shared heap
 * for (let i = 0; i < x.length; i++) x[i] = Math.random();
 * await saxpy.launch(x.length, 2, x, y, out); // y, out from empty() too: nothing is copied
 * release(x);
 * ```
 */
export function empty<D extends DTypeName>(length: number, dtype: D): DTypeArrays[D] {
  if (!Number.isInteger(length) || length < 0)
    throw new TypeError(
      `numbat: empty: length must be a non-negative integer, got ${String(length)}`,
    );
  const dt = DTYPE_ALIASES[dtype];
  if (!dt)
    throw new TypeError(
      `numbat: empty: unknown dtype '${String(dtype)}' (f32, f64, i32, u32, i16, u16, i8, u8)`,
    );
  const heap = typeof SharedArrayBuffer === 'function' ? sharedHeap() : undefined;
  if (!heap?.shared) return new TYPED_ARRAY[dt](length) as DTypeArrays[D];
  const offset = heap.alloc(length * BYTES[dt], true);
  const view = heap.view(dt, offset, length);
  blocks.set(view, offset);
  return view as DTypeArrays[D];
}

/**
 * Returns the memory of an array from `empty()` to the heap; the array must not be used
 * afterwards (its elements may be reused by another array): a kernel launch or primitive
 * given it is a TypeError, though plain JavaScript can still read it. Releasing an
 * ordinary array, or one already released, does nothing. Releasing a view of heap memory
 * that is not itself an array from `empty()` (its `subarray(…)`, say) is a TypeError: it
 * would free nothing, and the array it views would stay allocated unnoticed.
 *
 * @example
 * ```ts
 * const x = empty(n, 'float64');
 * // …
 * release(x);
 * ```
 */
export function release(array: TypedArray): void {
  const offset = blocks.get(array);
  if (offset === undefined) {
    // A view of heap memory still in use (isReleased covers released arrays and free bytes).
    if (ArrayBuffer.isView(array) && inSharedHeap(array.buffer) && !isReleased(array))
      throw new TypeError(
        `numbat: release: this ${array.constructor.name} (${array.length} elements) is a view of an array from empty(), not that array itself: release the array empty() returned (a view frees nothing, and must not outlive it)`,
      );
    return;
  }
  blocks.delete(array);
  released.add(array);
  sharedHeap().free(offset);
}
