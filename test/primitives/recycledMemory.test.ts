// recycledMemory.test.ts — a primitive's temporaries and results on the heap backends are
// allocated without a zero-fill (Backend.allocate with zeroed false: they are written in
// full), and so are toDevice's arrays. Here every free byte of the heap that an earlier block
// used has all its bits set (NaN for floats, the largest word for integers) before each call,
// so that allocations land on garbage; each primitive must still give exactly the js
// backend's answer, and zeros() must still be zeros.

import ndarray from 'ndarray';
import { beforeEach, expect, it } from 'vitest';
import { Kernel, NDArray, toDevice, zeros } from '../../src/index.js';
import { sharedHeap } from '../../src/backends/heap.js';
import {
  argmax,
  argmin,
  argsort,
  copy,
  fillRandom,
  gemm,
  histogram,
  reduce,
  scan,
  sort,
  transpose,
} from '../../src/kernels/index.js';
import { releasePool } from '../../src/kernels/arrays.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { firstDifference, rng } from './reference.js';

/** Not a multiple of any block, chunk or lane count. */
const N = 300_007;

/**
 * Frees the recycled temporaries, then sets every bit of every free byte of the heap that an
 * earlier block used (the allocator's free list and its mark of bytes never handed out, read
 * here for the test's sake: bytes above the mark are zero by the heap's own invariant, and
 * garbage there would be a fault of the test, not of the library), where later allocations
 * land.
 */
function poisonHeap(): void {
  releasePool();
  const heap = sharedHeap();
  // A block handed out and freed: its 32 MiB count as used (below the mark) from now on.
  heap.free(heap.alloc(32 << 20));
  const inside = heap as unknown as {
    freeList: { offset: number; size: number }[];
    untouched: number;
  };
  expect(inside.freeList.length).toBeGreaterThan(0);
  expect(inside.untouched).toBeGreaterThan(0);
  for (const b of inside.freeList) {
    const end = Math.min(b.offset + b.size, inside.untouched);
    if (end > b.offset) new Uint8Array(heap.buffer, b.offset, end - b.offset).fill(0xff);
  }
}

/** A result as plain numbers: an NDArray read back, an ndarray's data, a typed array. */
async function host(a: unknown): Promise<ArrayLike<number>> {
  if (a instanceof NDArray) {
    const h = (await a.toHost()) as unknown;
    return ArrayBuffer.isView(h)
      ? (h as unknown as ArrayLike<number>)
      : (h as { data: ArrayLike<number> }).data;
  }
  return ArrayBuffer.isView(a)
    ? (a as unknown as ArrayLike<number>)
    : (a as { data: ArrayLike<number> }).data;
}

describeEachBackend(
  'primitives on recycled heap memory',
  (backend) => {
    beforeEach(poisonHeap);
    const random = rng(4242);
    const xf = Float32Array.from({ length: N }, () => Math.fround(random() * 200 - 100));
    const xu = Uint32Array.from({ length: N }, () => Math.floor(random() * 2 ** 32) >>> 0);
    const xi = Int32Array.from({ length: N }, () => Math.floor(random() * 2000) - 1000);

    /** The call on `backend`, host and resident inputs, against the same call on js. */
    async function same(
      label: string,
      call: (
        b: 'js' | typeof backend,
        input: <T>(a: T) => Promise<T | NDArray>,
      ) => Promise<unknown>,
    ): Promise<void> {
      const want = await host(await call('js', async (a) => a));
      for (const resident of [false, true]) {
        poisonHeap();
        const made: NDArray[] = [];
        const input = async <T>(a: T): Promise<T | NDArray> => {
          if (!resident) return a;
          const d = await toDevice(a as unknown as Float32Array, backend);
          made.push(d);
          return d;
        };
        const got = await host(await call(backend, input));
        expect(
          firstDifference(got, want),
          `${label}, ${resident ? 'resident' : 'host'}`,
        ).toBeNull();
        for (const d of made) d.dispose();
      }
    }

    it('the garbage reaches new allocations; toDevice and zeros are unaffected', async () => {
      // What the other tests rely on: an allocation of unspecified contents sees the garbage.
      const u = await Kernel.uninitializedUnordered(N, 'u32', backend);
      expect(((await u.toHost()) as Uint32Array)[N >> 1]).toBe(0xffffffff);
      u.dispose();
      poisonHeap();
      const d = await toDevice(xf, backend);
      expect(firstDifference((await d.toHost()) as Float32Array, xf)).toBeNull();
      d.dispose();
      poisonHeap();
      const z = await zeros(N, 'f32', backend);
      const zh = (await z.toHost()) as Float32Array;
      expect(zh.every((v) => Object.is(v, 0))).toBe(true);
      z.dispose();
    });

    it('scan: inclusive and exclusive sums, i32 max', async () => {
      await same('inclusive f32', (b, i) => i(xf).then((x) => scan(x, 'sum', { backend: b })));
      await same('exclusive f32', (b, i) =>
        i(xf).then((x) => scan(x, 'sum', { exclusive: true, backend: b })),
      );
      await same('max i32', (b, i) => i(xi).then((x) => scan(x, 'max', { backend: b })));
    }, 60_000);

    it('sort, key–value sort and argsort', async () => {
      await same('sort u32', (b, i) => i(xu).then((x) => sort(x, { backend: b })));
      await same('sort f32 descending', (b, i) =>
        i(xf).then((x) => sort(x, { descending: true, backend: b })),
      );
      await same('sort i32 with values', async (b, i) => {
        const values = Float32Array.from({ length: N }, (_, k) => k);
        const r = (await sort(await i(xi), { values: await i(values), backend: b })) as {
          values: unknown;
        };
        return r.values;
      });
      await same('argsort f32', (b, i) => i(xf).then((x) => argsort(x, { backend: b })));
    }, 60_000);

    it('histogram, with and without weights', async () => {
      await same('counts', (b, i) =>
        i(xf).then((x) => histogram(x, 256, { range: [-100, 100], backend: b })),
      );
      await same('weights', async (b, i) =>
        histogram(await i(xf), 1000, { range: [-50, 50], weights: await i(xf), backend: b }),
      );
    }, 60_000);

    const grid = (data: Float32Array, shape: number[]) => ndarray(data, shape);

    it('reductions along an axis, argmin and argmax', async () => {
      const m = grid(xf.subarray(0, 300_000), [600, 500]);
      await same('sum axis 0', (b, i) =>
        i(m).then((x) => reduce(x, 'sum', { axis: 0, backend: b })),
      );
      await same('max axis 1', (b, i) =>
        i(m).then((x) => reduce(x, 'max', { axis: 1, backend: b })),
      );
      await same('argmin axis 0', (b, i) => i(m).then((x) => argmin(x, { axis: 0, backend: b })));
      await same('argmax axis 1', (b, i) => i(m).then((x) => argmax(x, { axis: 1, backend: b })));
    }, 60_000);

    it('transpose, copy between strides, fillRandom and gemm', async () => {
      const m = grid(xf.subarray(0, 300_000), [500, 600]);
      await same('transpose', (b, i) => i(m).then((x) => transpose(x, undefined, { backend: b })));
      await same('copy', async (b, i) => {
        const dst = grid(new Float32Array(300_000), [600, 500]);
        await copy(await i(m.transpose(1, 0)), dst, { backend: b });
        return dst.data;
      });
      await same('fillRandom normal', (b) =>
        fillRandom(new Float32Array(N), 7, { distribution: 'normal', backend: b }),
      );
      await same('gemm', async (b, i) =>
        gemm(
          await i(grid(xf.subarray(0, 300 * 200), [300, 200])),
          await i(grid(xf.subarray(1000, 1000 + 200 * 250), [200, 250])),
          undefined,
          { backend: b },
        ),
      );
    }, 60_000);
  },
  ['workers', 'wasm'],
);
