// heap.ts — the one linear memory shared by the CPU-parallel backends (workers, wasm).
//
// A Heap owns a WebAssembly.Memory (shared when SharedArrayBuffer exists, so worker
// threads see the same bytes and the wasm backend can import it) and a first-fit
// allocator over it: 16-byte aligned blocks, a sorted free list with coalescing, growth
// with `memory.grow` when no free block fits. The first 64 KiB are reserved for a
// control/scratch area that other code may use (see RESERVED_BYTES); no allocation ever
// lands there. Typed-array views are always built on the *current* `memory.buffer`:
// after growth, older views of a shared memory stay valid but do not cover the new pages.

import type { DType, TypedArray } from '../jit/types/dtype.js';
import { BYTES, TYPED_ARRAY } from '../jit/types/dtype.js';

/** Bytes of one wasm page. */
export const PAGE_BYTES = 65536;
/** Bytes at the start of the memory reserved for a control/scratch area (one page). */
export const RESERVED_BYTES = 65536;
/** Every block starts on, and is sized in multiples of, this many bytes. */
export const HEAP_ALIGN = 16;
/** The largest memory a wasm32 memory may have: 65536 pages (4 GiB). */
export const MAX_PAGES = 65536;

/** Options for a new Heap (tests use small limits to exercise growth and exhaustion). */
export interface HeapOptions {
  /** Pages at creation (default 16 = 1 MiB, including the reserved page). */
  readonly initialPages?: number;
  /** Largest size in pages (default 65536, lowered automatically if the engine refuses). */
  readonly maximumPages?: number;
  /** Force a non-shared memory (default: shared whenever SharedArrayBuffer exists). */
  readonly shared?: boolean;
}

/** A free block: [offset, offset + size). */
interface FreeBlock {
  offset: number;
  size: number;
}

const MIB = 1024 * 1024;

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function formatMiB(bytes: number): string {
  return (bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1);
}

/** Creates the memory, lowering the maximum when the engine refuses a large reservation. */
function createMemory(
  initial: number,
  maximum: number,
  shared: boolean,
): { memory: WebAssembly.Memory; maximum: number } {
  let max = maximum;
  let lastError: unknown;
  while (max >= initial) {
    try {
      const descriptor: WebAssembly.MemoryDescriptor = shared
        ? { initial, maximum: max, shared: true }
        : { initial, maximum: max };
      return { memory: new WebAssembly.Memory(descriptor), maximum: max };
    } catch (error) {
      lastError = error;
      if (max === initial) break;
      max = Math.max(initial, Math.floor(max / 2));
    }
  }
  throw new RangeError(
    `numbat: cannot create a ${shared ? 'shared ' : ''}WebAssembly.Memory of ${initial} pages: ${String(lastError)}`,
  );
}

/** A linear memory with a first-fit allocator; see the file header. */
export class Heap {
  readonly memory: WebAssembly.Memory;
  /** Whether the memory is shared (its buffer is a SharedArrayBuffer). */
  readonly shared: boolean;
  /** The largest size, in pages, the memory may grow to. */
  readonly maximumPages: number;

  /** Free blocks above the reserved area, sorted by offset, never adjacent (coalesced). */
  private readonly freeList: FreeBlock[] = [];
  /** Live allocations: offset → rounded size. */
  private readonly live = new Map<number, number>();
  /** Every buffer object `memory.buffer` has returned, to recognise heap views after growth. */
  private readonly knownBuffers = new WeakSet<ArrayBufferLike>();
  private currentBuffer: ArrayBufferLike;
  private liveBytes = 0;
  /**
   * Bytes from here up have never been handed out, so they still hold the zeros the memory
   * was created or grown with: a zero-filled block clears only what lies below this mark.
   * (Only allocations write above the reserved area; nothing here ever shrinks the memory.)
   */
  private untouched = RESERVED_BYTES;

  constructor(options: HeapOptions = {}) {
    const shared = options.shared ?? typeof SharedArrayBuffer === 'function';
    const requestedMax = Math.min(options.maximumPages ?? MAX_PAGES, MAX_PAGES);
    const initial = Math.max(1, Math.min(options.initialPages ?? 16, requestedMax));
    const created = createMemory(initial, requestedMax, shared);
    this.memory = created.memory;
    this.maximumPages = created.maximum;
    this.shared = shared;
    this.currentBuffer = this.memory.buffer;
    this.knownBuffers.add(this.currentBuffer);
    if (this.currentBuffer.byteLength > RESERVED_BYTES) {
      this.freeList.push({
        offset: RESERVED_BYTES,
        size: this.currentBuffer.byteLength - RESERVED_BYTES,
      });
    }
  }

  /** The memory's current buffer (refreshed after growth, by this or any other thread). */
  get buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    if (buffer !== this.currentBuffer) {
      this.currentBuffer = buffer;
      this.knownBuffers.add(buffer);
    }
    return buffer;
  }

  /** Current size of the memory in bytes. */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** Bytes held by live allocations (rounded to the alignment). */
  get bytesInUse(): number {
    return this.liveBytes;
  }

  /** Whether `buffer` is (any SharedArrayBuffer or ArrayBuffer of) this heap's memory. */
  owns(buffer: ArrayBufferLike): boolean {
    if (this.knownBuffers.has(buffer)) return true;
    // The memory may have grown since we last looked (e.g. wasm code ran memory.grow).
    void this.buffer;
    return this.knownBuffers.has(buffer);
  }

  /**
   * Allocates `byteLength` bytes (at least one block), 16-byte aligned, and returns the
   * byte offset. Zero-fills the block when `zero` is set: the part of it that an earlier
   * block used (bytes never handed out are zero already, and a fill would only fault their
   * pages in on this thread). Throws a RangeError when the memory cannot grow enough; every
   * earlier allocation is left intact.
   */
  alloc(byteLength: number, zero = false): number {
    if (!Number.isFinite(byteLength) || byteLength < 0) {
      throw new RangeError(`numbat: invalid allocation size ${byteLength}`);
    }
    const size = roundUp(Math.max(byteLength, 1), HEAP_ALIGN);
    let index = this.findFit(size);
    if (index < 0) {
      this.growFor(size);
      index = this.findFit(size);
      if (index < 0)
        throw new Error(`numbat internal error: heap grew but no block of ${size} bytes fits`);
    }
    const block = this.freeList[index]!;
    const offset = block.offset;
    if (block.size === size) {
      this.freeList.splice(index, 1);
    } else {
      block.offset += size;
      block.size -= size;
    }
    this.live.set(offset, size);
    this.liveBytes += size;
    // In 8-byte words (offset and size are multiples of HEAP_ALIGN): on a shared memory V8
    // fills element by element, and a byte fill costs about three times as much.
    const used = Math.min(size, this.untouched - offset);
    if (zero && used > 0) new Float64Array(this.buffer, offset, used / 8).fill(0);
    this.untouched = Math.max(this.untouched, offset + size);
    return offset;
  }

  /** Releases a block returned by `alloc`; its bytes may be reused by a later allocation. */
  free(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) {
      throw new Error(
        `numbat internal error: heap free of offset ${offset}, which is not a live allocation`,
      );
    }
    this.live.delete(offset);
    this.liveBytes -= size;
    this.insertFree(offset, size);
  }

  /**
   * Whether any byte of [byteOffset, byteOffset + byteLength) lies in a free block: a view
   * over it outlived the allocation it was made from (its bytes may be handed out again).
   */
  overlapsFree(byteOffset: number, byteLength: number): boolean {
    const list = this.freeList;
    const end = byteOffset + Math.max(byteLength, 1);
    // The last free block starting before `end` is the only one that can overlap.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.offset < end) lo = mid + 1;
      else hi = mid;
    }
    const block = list[lo - 1];
    return block !== undefined && block.offset + block.size > byteOffset;
  }

  /** The rounded size of a live allocation, or undefined. */
  sizeOf(offset: number): number | undefined {
    return this.live.get(offset);
  }

  /** A typed array of `length` elements of `dtype` at `byteOffset`, on the current buffer. */
  view(dtype: DType, byteOffset: number, length: number): TypedArray {
    return new TYPED_ARRAY[dtype](this.buffer, byteOffset, length);
  }

  /** Index of the first free block of at least `size` bytes, or -1. */
  private findFit(size: number): number {
    const list = this.freeList;
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.size >= size) return i;
    }
    return -1;
  }

  /** Inserts a free block in offset order, merging it with adjacent neighbours. */
  private insertFree(offset: number, size: number): void {
    const list = this.freeList;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? list[lo - 1] : undefined;
    const after = list[lo];
    if (before && before.offset + before.size === offset) {
      before.size += size;
      if (after && before.offset + before.size === after.offset) {
        before.size += after.size;
        list.splice(lo, 1);
      }
      return;
    }
    if (after && offset + size === after.offset) {
      after.offset = offset;
      after.size += size;
      return;
    }
    list.splice(lo, 0, { offset, size });
  }

  /** Grows the memory so that a block of `size` bytes fits at its end. */
  private growFor(size: number): void {
    const oldBytes = this.buffer.byteLength;
    const last = this.freeList[this.freeList.length - 1];
    const tailFree = last && last.offset + last.size === oldBytes ? last.size : 0;
    const neededPages = Math.ceil((size - tailFree) / PAGE_BYTES);
    const oldPages = oldBytes / PAGE_BYTES;
    const roomPages = this.maximumPages - oldPages;
    if (neededPages > roomPages) throw this.outOfMemory(oldBytes + (size - tailFree));
    // Grow geometrically (a quarter of the current size) to keep growth rare, but never
    // past the maximum; fall back to the exact need if the engine refuses the larger step.
    const generous = Math.min(roomPages, Math.max(neededPages, Math.ceil(oldPages / 4)));
    let grown = 0;
    for (const pages of generous > neededPages ? [generous, neededPages] : [neededPages]) {
      try {
        this.memory.grow(pages);
        grown = pages;
        break;
      } catch {
        // try the smaller step
      }
    }
    if (grown === 0) throw this.outOfMemory(oldBytes + (size - tailFree));
    const newBytes = this.buffer.byteLength;
    this.insertFree(oldBytes, newBytes - oldBytes);
  }

  private outOfMemory(wantedBytes: number): RangeError {
    const wanted = roundUp(wantedBytes, PAGE_BYTES);
    return new RangeError(
      `numbat: out of memory in the heap of the workers and wasm backends: cannot grow linear memory to ${formatMiB(wanted)} MiB ` +
        `(limit ${formatMiB(this.maximumPages * PAGE_BYTES)} MiB, ${formatMiB(this.liveBytes)} MiB in use). ` +
        `Dispose of arrays you no longer need (NDArray.dispose()) or use smaller arrays.`,
    );
  }
}

/** Bytes per element of `dtype` (re-exported for callers sizing allocations). */
export function bytesFor(dtype: DType, length: number): number {
  return BYTES[dtype] * length;
}

let singleton: Heap | undefined;

/** Whether `buffer` is the shared heap's memory (false when no heap exists yet). */
export function inSharedHeap(buffer: ArrayBufferLike): boolean {
  return singleton?.owns(buffer) ?? false;
}

/** The process-wide heap shared by the workers and wasm backends, created on first use. */
export function sharedHeap(): Heap {
  singleton ??= new Heap();
  return singleton;
}
