// hostKinds.test.ts — a primitive's resident result made from an NDArray gives back, from
// toHost, the container kind that NDArray was made from (API.md: "toHost() → the same
// container kind that was passed to toDevice"), at the result's own rank and dtype. Before,
// an ndarray-born array's transpose or reduction came back a flat typed array.

import { expect, it } from 'vitest';
import ndarray from 'ndarray';
import { toDevice, type NDArray } from '../../src/index.js';
import { argmax, gemm, reduce, scan, sort, transpose } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

type View = {
  data: ArrayLike<number>;
  shape: number[];
  dtype: string;
  get(...i: number[]): number;
};

describeEachBackend('primitive results keep the host kind', (backend) => {
  const grid = () => ndarray(new Float32Array([1, 9, 3, 4, 5, 6]), [2, 3]);

  it('an ndarray-born transpose comes back an ndarray of the same rank', async () => {
    const d = await toDevice(grid(), backend);
    const t = (await (await transpose(d)).toHost()) as unknown as View;
    expect(t.shape).toEqual([3, 2]);
    expect(t.dtype).toBe('float32');
    expect([t.get(0, 1), t.get(1, 0), t.get(2, 1)]).toEqual([4, 9, 6]);
  });

  it('an axis reduction comes back an ndarray one rank lower (3-D → 2-D, 2-D → 1-D)', async () => {
    const d3 = await toDevice(
      ndarray(
        Float32Array.from({ length: 24 }, (_, i) => i),
        [2, 3, 4],
      ),
      backend,
    );
    const r3 = (await (
      (await reduce(d3, 'max', { axis: 2 })) as NDArray
    ).toHost()) as unknown as View;
    expect(r3.shape).toEqual([2, 3]);
    expect(r3.dtype).toBe('float32');
    expect(r3.get(1, 2)).toBe(23);
    const d = await toDevice(grid(), backend);
    const r = (await (
      (await reduce(d, 'sum', { axis: 0 })) as NDArray
    ).toHost()) as unknown as View;
    expect(r.shape).toEqual([3]);
    expect([r.get(0), r.get(1), r.get(2)]).toEqual([5, 14, 9]);
  });

  it("argmax's indices name their own dtype", async () => {
    const d = await toDevice(grid(), backend);
    const a = (await ((await argmax(d, { axis: 1 })) as NDArray).toHost()) as unknown as View;
    expect(a.shape).toEqual([2]);
    expect(a.dtype).toBe('uint32');
    expect([a.get(0), a.get(1)]).toEqual([1, 2]);
  });

  it('1-D sort and scan of an ndarray-born NDArray come back ndarrays', async () => {
    const v = await toDevice(ndarray(new Float32Array([3, 1, 2]), [3]), backend);
    const s = (await ((await sort(v)) as NDArray).toHost()) as unknown as View;
    expect([s.shape, [...(s.data as Float32Array)]]).toEqual([[3], [1, 2, 3]]);
    const c = (await ((await scan(v)) as NDArray).toHost()) as unknown as View;
    expect([c.shape, [...(c.data as Float32Array)]]).toEqual([[3], [3, 4, 6]]);
  });

  it('gemm of ndarray-born NDArrays comes back an ndarray (review 16: it was flat)', async () => {
    const a = await toDevice(ndarray(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]), backend);
    const b = await toDevice(ndarray(Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2]), backend);
    const c = (await ((await gemm(a, b)) as NDArray).toHost()) as unknown as View;
    expect(c.shape).toEqual([2, 2]);
    expect([c.get(0, 0), c.get(0, 1), c.get(1, 0), c.get(1, 1)]).toEqual([4, 5, 10, 11]);
  });

  it('a typed-array-born NDArray still gives typed arrays', async () => {
    const v = await toDevice(new Float32Array([3, 1, 2]), backend);
    const s = await ((await sort(v)) as NDArray).toHost();
    expect(s).toBeInstanceOf(Float32Array);
    expect([...(s as Float32Array)]).toEqual([1, 2, 3]);
  });
});
