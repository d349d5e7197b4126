// heap.test.ts — the shared heap's allocator: alignment, reuse, coalescing, growth,
// exhaustion, and recognising its own buffers after growth.

import { describe, expect, test } from 'vitest';
import {
  HEAP_ALIGN,
  Heap,
  PAGE_BYTES,
  RESERVED_BYTES,
  sharedHeap,
} from '../../src/backends/heap.js';

describe('Heap', () => {
  test('is a shared WebAssembly memory when SharedArrayBuffer exists', () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 64 });
    expect(heap.shared).toBe(true);
    expect(heap.memory).toBeInstanceOf(WebAssembly.Memory);
    expect(heap.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  test('allocations are aligned, disjoint, and never in the reserved area', () => {
    const heap = new Heap({ initialPages: 4, maximumPages: 64 });
    const sizes = [1, 3, 16, 17, 100, 4096, 5];
    const blocks = sizes.map((size) => ({ offset: heap.alloc(size), size }));
    for (const block of blocks) {
      expect(block.offset % HEAP_ALIGN).toBe(0);
      expect(block.offset).toBeGreaterThanOrEqual(RESERVED_BYTES);
    }
    const sorted = [...blocks].sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]!.offset).toBeGreaterThanOrEqual(sorted[i - 1]!.offset + sorted[i - 1]!.size);
    }
  });

  test('a freed block is reused, and adjacent free blocks coalesce', () => {
    const heap = new Heap({ initialPages: 4, maximumPages: 64 });
    const a = heap.alloc(64);
    const b = heap.alloc(64);
    const c = heap.alloc(64);
    heap.free(b);
    expect(heap.alloc(48)).toBe(b);
    heap.free(b);
    heap.free(a);
    // a and b merged: a 128-byte request fits where a was, before c.
    expect(heap.alloc(128)).toBe(a);
    expect(heap.sizeOf(c)).toBe(64);
    expect(() => heap.free(c + 16)).toThrow(/not a live allocation/);
  });

  test('zero-fills reused blocks on request', () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 64 });
    const a = heap.alloc(256);
    new Uint8Array(heap.buffer, a, 256).fill(7);
    heap.free(a);
    const b = heap.alloc(256, true);
    expect(b).toBe(a);
    expect(Array.from(new Uint8Array(heap.buffer, b, 256)).every((v) => v === 0)).toBe(true);
  });

  test('zero-fills the whole rounded block on request, and nothing beside it', () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 64 });
    const before = heap.alloc(32);
    const a = heap.alloc(250); // rounded up to 256 bytes
    const after = heap.alloc(32);
    new Uint8Array(heap.buffer, before, 32).fill(0xa5);
    new Uint8Array(heap.buffer, a, 256).fill(0xff);
    new Uint8Array(heap.buffer, after, 32).fill(0x5a);
    heap.free(a);
    const b = heap.alloc(256, true);
    expect(b).toBe(a);
    expect(Array.from(new Uint8Array(heap.buffer, b, 256)).every((v) => v === 0)).toBe(true);
    expect(Array.from(new Uint8Array(heap.buffer, before, 32)).every((v) => v === 0xa5)).toBe(true);
    expect(Array.from(new Uint8Array(heap.buffer, after, 32)).every((v) => v === 0x5a)).toBe(true);
  });

  test('a zero-filled block that reaches past every earlier one is zero throughout', () => {
    // Only the part an earlier block used needs the fill; the rest was never handed out.
    const heap = new Heap({ initialPages: 2, maximumPages: 256 });
    const a = heap.alloc(4096);
    new Uint8Array(heap.buffer, a, 4096).fill(0xff);
    heap.free(a);
    const b = heap.alloc(8192, true); // a's bytes, then bytes never used
    expect(b).toBe(a);
    expect(new Uint8Array(heap.buffer, b, 8192).every((v) => v === 0)).toBe(true);
    // Unfilled blocks keep what was written; a later zero-filled one over them is cleared.
    new Uint8Array(heap.buffer, b, 8192).fill(0x33);
    heap.free(b);
    const c = heap.alloc(3 * PAGE_BYTES); // grows the memory, its start over b's bytes
    expect(c).toBe(b);
    expect(new Uint8Array(heap.buffer, c, 8192).every((v) => v === 0x33)).toBe(true);
    heap.free(c);
    const d = heap.alloc(3 * PAGE_BYTES + 16, true);
    expect(d).toBe(c);
    expect(new Uint8Array(heap.buffer, d, 3 * PAGE_BYTES + 16).every((v) => v === 0)).toBe(true);
  });

  test('grows the memory when needed, keeping earlier contents and views', () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 256 });
    const first = heap.alloc(1000 * 8);
    const oldView = heap.view('f64', first, 1000) as Float64Array;
    for (let i = 0; i < 1000; i++) oldView[i] = i * 0.5;
    const before = heap.byteLength;
    const big = heap.alloc(3 * PAGE_BYTES + 5);
    expect(heap.byteLength).toBeGreaterThan(before);
    expect(big + 3 * PAGE_BYTES + 5).toBeLessThanOrEqual(heap.byteLength);
    // Old views stay valid; new views see the new size.
    expect(oldView[999]).toBe(999 * 0.5);
    const bigView = heap.view('u8', big, 3 * PAGE_BYTES + 5);
    bigView[bigView.length - 1] = 42;
    expect(heap.view('u8', big, 3 * PAGE_BYTES + 5)[3 * PAGE_BYTES + 4]).toBe(42);
    const again = heap.view('f64', first, 1000);
    expect(Array.from(again)).toEqual(Array.from(oldView));
    // Both the pre-growth and post-growth buffers are recognised as the heap's.
    expect(heap.owns(oldView.buffer)).toBe(true);
    expect(heap.owns(bigView.buffer)).toBe(true);
    expect(heap.owns(new SharedArrayBuffer(8))).toBe(false);
  });

  test('recognises a buffer grown by someone else (memory.grow on the same memory)', () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 64 });
    heap.memory.grow(1);
    const fresh = new Float32Array(heap.memory.buffer, RESERVED_BYTES, 4);
    expect(heap.owns(fresh.buffer)).toBe(true);
  });

  test('exhaustion throws a clear RangeError and leaves earlier allocations intact', () => {
    const heap = new Heap({ initialPages: 2, maximumPages: 4 });
    const kept = heap.alloc(32 * 1024);
    const keptView = heap.view('i32', kept, 8 * 1024);
    for (let i = 0; i < keptView.length; i++) keptView[i] = i * 3;
    const inUse = heap.bytesInUse;
    expect(() => heap.alloc(4 * PAGE_BYTES)).toThrow(RangeError);
    expect(() => heap.alloc(4 * PAGE_BYTES)).toThrow(
      /numbat: out of memory in the heap of the workers and wasm backends: cannot grow linear memory to \d+(\.\d)? MiB/,
    );
    expect(heap.bytesInUse).toBe(inUse);
    const after = heap.view('i32', kept, 8 * 1024);
    for (let i = 0; i < after.length; i++) expect(after[i]).toBe(i * 3);
    // Smaller requests still succeed, up to the limit.
    const small = heap.alloc(1024);
    expect(small).toBeGreaterThanOrEqual(RESERVED_BYTES);
    expect(heap.byteLength).toBeLessThanOrEqual(4 * PAGE_BYTES);
  });

  test('sharedHeap() is one lazily created instance', () => {
    expect(sharedHeap()).toBe(sharedHeap());
    expect(sharedHeap()).toBeInstanceOf(Heap);
  });
});
