// marshal.ts — checks a launch's arrays and places them where the pool threads can see
// them: in the shared heap.
//
// Device storage of this backend and host arrays that already view the heap's memory are
// used in place. Any other host array is copied into a scratch block for the launch; its
// written bytes are copied back afterwards. Arrays that share an ArrayBuffer share one
// scratch block laid out like the original, so aliasing (the same array passed twice, or
// overlapping subarrays) is preserved. An array the launch overwrites element for element
// without reading it (overwrite.ts), alone in its ArrayBuffer, is not copied in.

import type { IrKernel } from '../../jit/ir/ir.js';
import type { TypedArray } from '../../jit/types/dtype.js';
import { dtypeOf } from '../../jit/types/dtype.js';
import { factsOf } from '../../jit/passes/facts.js';
import type { LaunchArgs, LaunchBuffer } from '../backend.js';
import { HEAP_ALIGN } from '../heap.js';
import type { Heap } from '../heap.js';
import type { BufferDescriptor } from './pool.js';
import { WorkersStorage } from './storage.js';

function isDetached(data: TypedArray): boolean {
  const buffer = data.buffer;
  if (buffer.byteLength !== 0) return false;
  if (typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer) return false;
  try {
    (buffer as ArrayBuffer).slice(0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * Throws a clear TypeError when the launch's arrays do not fit the kernel: wrong count,
 * wrong dtype, a detached buffer, storage of another backend or heap, or freed storage.
 */
export function validateLaunch(
  ir: IrKernel,
  args: LaunchArgs,
  heap: Heap,
  backend: 'workers' | 'wasm',
): void {
  const where = `numbat: kernel '${ir.name}'`;
  if (args.buffers.length !== ir.buffers.length) {
    throw new TypeError(
      `${where}: expected ${ir.buffers.length} array argument(s), got ${args.buffers.length}`,
    );
  }
  if (args.scalars.length !== ir.scalars.length) {
    throw new TypeError(
      `${where}: expected ${ir.scalars.length} scalar value(s), got ${args.scalars.length}`,
    );
  }
  if (!Number.isSafeInteger(args.total) || args.total < 0) {
    throw new RangeError(
      `${where}: the grid size must be a non-negative integer, got ${String(args.total)}`,
    );
  }
  args.buffers.forEach((buffer, index) => {
    const param = ir.buffers[index]!;
    const label = `${where}: array parameter '${param.name}'`;
    switch (buffer.kind) {
      case 'host': {
        const actual = dtypeOf(buffer.data);
        if (actual !== param.dtype) {
          throw new TypeError(
            `${label} expects ${param.dtype} elements but got ${actual ?? 'a non-typed-array value'}`,
          );
        }
        if (isDetached(buffer.data)) {
          throw new TypeError(
            `${label} is a detached ${buffer.data.constructor.name} (its ArrayBuffer was transferred or freed); pass a live array`,
          );
        }
        return;
      }
      case 'device': {
        const storage = buffer.storage;
        if (storage instanceof WorkersStorage && storage.heap === heap) {
          if (storage.freed)
            throw new TypeError(`${label} refers to an array whose storage has been freed`);
        } else if (!storage.hostView) {
          throw new TypeError(
            `${label} holds ${storage.backend} storage that the ${backend} backend cannot use in place (it must be moved first)`,
          );
        }
        if (storage.dtype !== param.dtype) {
          throw new TypeError(
            `${label} expects ${param.dtype} elements but its storage holds ${storage.dtype}`,
          );
        }
        if (!(storage instanceof WorkersStorage)) {
          // Host memory of another CPU backend: used like a host array (in the heap or copied).
          const view = storage.hostView!();
          if (isDetached(view))
            throw new TypeError(
              `${label} refers to ${storage.backend} storage that is no longer usable`,
            );
        }
        return;
      }
      default: {
        const never: never = buffer;
        throw new TypeError(`${label}: unknown launch buffer ${JSON.stringify(never)}`);
      }
    }
  });
}

/**
 * The launch's buffers with storage of other CPU backends replaced by its host view (so
 * it is treated like a host array). Call after validateLaunch.
 */
export function normalizeBuffers(buffers: readonly LaunchBuffer[]): LaunchBuffer[] {
  return buffers.map((buffer) =>
    buffer.kind === 'device' && !(buffer.storage instanceof WorkersStorage)
      ? { kind: 'host', data: buffer.storage.hostView!() }
      : buffer,
  );
}

/** The arrays as the calling thread sees them, for a serial run (no copies). */
export function callerViews(buffers: readonly LaunchBuffer[]): TypedArray[] {
  return buffers.map((buffer) => {
    switch (buffer.kind) {
      case 'host':
        return buffer.data;
      case 'device':
        return buffer.storage.hostView
          ? buffer.storage.hostView()
          : (buffer.storage as WorkersStorage).view();
      default: {
        const never: never = buffer;
        throw new TypeError(`numbat: unknown launch buffer ${JSON.stringify(never)}`);
      }
    }
  });
}

/** Where a launch's arrays live in the heap, and how to undo the scratch copies. */
export interface Placement {
  readonly descriptors: readonly BufferDescriptor[];
  /** Copies the written arrays' scratch bytes back into the caller's arrays. */
  copyBack(): void;
  /** Frees the scratch blocks. */
  release(): void;
}

/** A scratch block mirroring bytes [start, end) of one caller ArrayBuffer. */
interface ScratchGroup {
  start: number;
  end: number;
  heapOffset: number;
  /** Whether the launch writes every byte of the group that is copied back, reading none. */
  overwritten: boolean;
}

/**
 * Places every array of a validated launch in the heap (copying host arrays that are not).
 * `grid` and `range` are the launch's: an array is overwritten (no copy in) only by a
 * launch over its whole length.
 */
export function placeInHeap(
  heap: Heap,
  ir: IrKernel,
  buffers: readonly LaunchBuffer[],
  launch: Pick<LaunchArgs, 'grid' | 'range'>,
): Placement {
  const wholeGrid = launch.range === undefined && launch.grid.length === 1;
  const overwritten = wholeGrid ? factsOf(ir).overwritten : new Set<number>();
  const groups = new Map<ArrayBufferLike, ScratchGroup>();
  buffers.forEach((buffer, index) => {
    if (buffer.kind !== 'host' || heap.owns(buffer.data.buffer)) return;
    const data = buffer.data;
    const start = data.byteOffset - (data.byteOffset % HEAP_ALIGN);
    const end = data.byteOffset + data.byteLength;
    const group = groups.get(data.buffer);
    if (group) {
      group.start = Math.min(group.start, start);
      group.end = Math.max(group.end, end);
      group.overwritten = false;
    } else {
      const whole = overwritten.has(index) && data.length === launch.grid[0];
      groups.set(data.buffer, { start, end, heapOffset: -1, overwritten: whole });
    }
  });

  const allocated: number[] = [];
  const release = (): void => {
    for (const offset of allocated.splice(0)) heap.free(offset);
  };
  try {
    for (const group of groups.values()) {
      group.heapOffset = heap.alloc(group.end - group.start);
      allocated.push(group.heapOffset);
    }
  } catch (error) {
    release();
    throw error;
  }
  const heapBytes = new Uint8Array(heap.buffer);
  for (const [source, group] of groups) {
    if (group.overwritten) continue;
    heapBytes.set(new Uint8Array(source, group.start, group.end - group.start), group.heapOffset);
  }

  const copies: Array<{ data: TypedArray; heapOffset: number }> = [];
  const descriptors = buffers.map((buffer, index): BufferDescriptor => {
    switch (buffer.kind) {
      case 'host': {
        const data = buffer.data;
        const group = groups.get(data.buffer);
        if (!group)
          return {
            dtype: ir.buffers[index]!.dtype,
            byteOffset: data.byteOffset,
            length: data.length,
          };
        const heapOffset = group.heapOffset + (data.byteOffset - group.start);
        if (ir.buffers[index]!.written) copies.push({ data, heapOffset });
        return { dtype: ir.buffers[index]!.dtype, byteOffset: heapOffset, length: data.length };
      }
      case 'device': {
        const storage = buffer.storage as WorkersStorage;
        return { dtype: storage.dtype, byteOffset: storage.byteOffset, length: storage.length };
      }
      default: {
        const never: never = buffer;
        throw new TypeError(`numbat: unknown launch buffer ${JSON.stringify(never)}`);
      }
    }
  });

  return {
    descriptors,
    copyBack() {
      const bytes = new Uint8Array(heap.buffer);
      for (const { data, heapOffset } of copies) {
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(
          bytes.subarray(heapOffset, heapOffset + data.byteLength),
        );
      }
    },
    release,
  };
}
