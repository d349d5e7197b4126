// emptyArrays.test.ts — `empty()` and `release()`: typed arrays in the shared heap that
// plain JavaScript and every backend use as they are, with the same results as ordinary
// arrays, and that `auto` counts no staging for.

import { describe, expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { backends, empty, isReleased, kernel, release } from '../../src/index.js';
import { scan, sort } from '../../src/kernels/index.js';
import { inSharedHeap } from '../../src/backends/heap.js';
import { whenAutoProbed } from '../../src/runtime/slowProbes.js';

const available = (await backends()).filter((b) => b.available).map((b) => b.name);

describe('empty()', () => {
  it('returns a zero-filled typed array of the dtype, in the shared heap when it can be shared', () => {
    const x = empty(1000, 'float32');
    expect(x).toBeInstanceOf(Float32Array);
    expect(x.length).toBe(1000);
    expect(x.every((v) => v === 0)).toBe(true);
    expect(empty(3, 'int32')).toBeInstanceOf(Int32Array);
    expect(empty(3, 'f64')).toBeInstanceOf(Float64Array);
    if (typeof SharedArrayBuffer === 'function') expect(inSharedHeap(x.buffer)).toBe(true);
    release(x);
  });

  it('a released block is reused zero-filled, and release is idempotent', () => {
    const a = empty(64, 'float64');
    a.fill(7);
    release(a);
    release(a);
    const b = empty(64, 'float64');
    expect(b.every((v) => v === 0)).toBe(true);
    release(b);
    release(new Float32Array(4)); // an ordinary array: nothing to do
  });

  it('releasing a view of an empty() array is a TypeError that frees nothing', () => {
    const a = empty(64, 'float32');
    if (!inSharedHeap(a.buffer)) return release(a); // no shared heap: ordinary arrays
    a.fill(5);
    expect(() => release(a.subarray(8, 16))).toThrow(
      /release: this Float32Array \(8 elements\) is a view of an array from empty\(\), not that array itself/,
    );
    expect(() => release(new Int32Array(a.buffer, a.byteOffset, 64))).toThrow(TypeError);
    expect(isReleased(a)).toBe(false);
    expect(a.every((v) => v === 5)).toBe(true);
    release(a);
    release(a.subarray(8, 16)); // a view of memory already freed: nothing to do
  });

  it('a launch on a released array is a TypeError, and the array now in its memory is untouched', async () => {
    const x = empty(4, 'float32');
    x.fill(3);
    release(x);
    const y = empty(4, 'float32'); // may take x's memory
    y.fill(100);
    const write7 = kernel((i: number, a: Float32Array) => {
      a[i] = 7;
    });
    for (const backend of ['js', ...available] as const) {
      await expect(write7.with({ backend }).launch(4, x), backend).rejects.toThrow(
        /parameter 'a' is an array from empty\(\), or a view of one, that was released/,
      );
    }
    expect(Array.from(y)).toEqual([100, 100, 100, 100]);
    expect(isReleased(x)).toBe(true);
    expect(isReleased(y)).toBe(false);
    // The primitives refuse it too (on wasm and workers they used it in place and read y's
    // memory: scan gave the sums of y).
    for (const backend of ['js', ...available.filter((b) => b !== 'webgpu')] as const) {
      await expect(scan(x, 'sum', { backend }), backend).rejects.toThrow(
        /scan: 'x' is an array from empty\(\), or a view of one, that was released/,
      );
      await expect(sort(x, { backend }), backend).rejects.toThrow(
        /sort: 'keys' is an array from empty\(\), or a view of one, that was released/,
      );
    }
    release(y);
  });

  it('a launch on an array released after the kernel compiled for it is a TypeError too', async () => {
    // The second launch of a signature takes a cached shortcut (kernel.ts quickKey), which
    // once skipped the released check: the launch wrote into the array now in x's memory.
    const double = kernel((i: number, a: Float32Array, o: Float32Array) => {
      o[i] = a[i]! * 2;
    });
    for (const backend of ['js', ...available] as const) {
      const k = double.with({ backend });
      const out = empty(4, 'float32');
      await k.launch(4, Float32Array.of(1, 2, 3, 4), out);
      expect(Array.from(out), backend).toEqual([2, 4, 6, 8]);
      release(out);
      const other = empty(4, 'float32');
      other.fill(7);
      await expect(k.launch(4, Float32Array.of(5, 6, 7, 8), out), backend).rejects.toThrow(
        /parameter 'o' is an array from empty\(\), or a view of one, that was released/,
      );
      const input = empty(4, 'float32');
      input.fill(1);
      await k.launch(4, input, other);
      release(input);
      await expect(k.launch(4, input, other), backend).rejects.toThrow(
        /parameter 'a' is an array from empty\(\), or a view of one, that was released/,
      );
      expect(Array.from(other), backend).toEqual([2, 2, 2, 2]);
      release(other);
    }
  });

  it('a view of a released array is refused while its memory is free (probe 4, item 8)', async () => {
    if (typeof SharedArrayBuffer !== 'function') return;
    const inc = kernel((i: number, x: Float32Array) => {
      x[i] = x[i]! + 100;
    });
    for (const backend of ['js', ...available.filter((b) => b !== 'webgpu')] as const) {
      const k = inc.with({ backend });
      const a = empty(8, 'float32');
      const view = a.subarray(2, 6);
      const alias = new Float32Array(a.buffer, a.byteOffset + 4, 2);
      await k.launch(4, view);
      expect(Array.from(a), backend).toEqual([0, 0, 100, 100, 100, 100, 0, 0]);
      expect(isReleased(view)).toBe(false);
      release(a);
      expect(isReleased(view)).toBe(true);
      expect(isReleased(alias)).toBe(true);
      await expect(k.launch(4, view), backend).rejects.toThrow(
        /or a view of one, that was released/,
      );
      await expect(k.launch(2, alias), backend).rejects.toThrow(/that was released/);
      await expect(scan(view, 'sum', { backend }), backend).rejects.toThrow(
        /scan: 'x' is an array/,
      );
    }
  });

  it('rejects a bad length or dtype, naming the argument', () => {
    expect(() => empty(-1, 'float32')).toThrow(/empty: length must be a non-negative integer/);
    expect(() => empty(1.5, 'float32')).toThrow(/length/);
    expect(() => empty(4, 'complex64' as never)).toThrow(/empty: unknown dtype 'complex64'/);
  });

  const f32Math = !compiledOnly('a saxpy checked against f32 math');
  for (const backend of available) {
    it.runIf(f32Math)(
      `kernels on ${backend} read and write empty() arrays in place, as ordinary arrays`,
      async () => {
        if (backend === 'webgpu') return; // staged like any host array; covered by its own tests
        const saxpy = kernel(
          (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
            out[i] = a * x[i]! + y[i]!;
          },
          { backend },
        );
        const n = 5000;
        const x = empty(n, 'float32');
        const y = empty(n, 'float32');
        const out = empty(n, 'float32');
        for (let i = 0; i < n; i++) {
          x[i] = Math.fround(i / 7);
          y[i] = Math.fround(1 - i / 11);
        }
        await saxpy.launch(n, 2.5, x, y, out);
        for (let i = 0; i < n; i += 97)
          expect(out[i]).toBe(Math.fround(Math.fround(2.5 * x[i]!) + y[i]!));
        // In place: the kernel's writes are visible through the very same view.
        const before = out[10]!;
        await saxpy.launch(n, 1, out, y, out);
        expect(out[10]).toBe(Math.fround(before + y[10]!));
        for (const a of [x, y, out]) release(a);
      },
    );
  }

  it('auto counts no staging for empty() arrays on the shared-heap backends', async () => {
    if (!available.includes('wasm') || typeof SharedArrayBuffer !== 'function') return;
    const k = kernel((i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * 2;
    });
    const n = 1 << 16;
    // Past the early launches on js (earlyChoice.ts), which weigh no other backend.
    await k.inspect(n, new Float32Array(n), new Float32Array(n));
    await whenAutoProbed();
    const hostInfo = await k.inspect(n, new Float32Array(n), new Float32Array(n));
    const wasmHost = hostInfo.estimates.find((e) => e.startsWith('wasm'))!;
    expect(wasmHost).toMatch(/moving \d+ bytes/);
    const x = empty(n, 'float32');
    const out = empty(n, 'float32');
    const heapInfo = await k.inspect(n, x, out);
    const wasmHeap = heapInfo.estimates.find((e) => e.startsWith('wasm'))!;
    expect(wasmHeap).not.toMatch(/moving/);
    release(x);
    release(out);
  });
});
