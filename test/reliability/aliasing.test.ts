// aliasing.test.ts — the same array passed for two parameters is one array on every
// backend (bound once, read-write), and different views that share elements with one of
// them written are rejected before anything runs (issue 10, items 2 and 7). Before, WebGPU
// failed validation silently and wasm's vector loop tore overlapping views.

import { expect, it } from 'vitest';
import ndarray from 'ndarray';
import { kernel, toDevice } from '../../src/index.js';
import { distinctElements } from '../../src/runtime/distinctElements.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const saxpy = kernel(
  (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
    out[i] = a * x[i]! + y[i]!;
  },
);

describeEachBackend('the same array for two parameters', (backend) => {
  it('an NDArray passed as input and output is one array', async () => {
    const dx = await toDevice(Float32Array.of(1, 2, 3), backend);
    const dout = await toDevice(Float32Array.of(1, 1, 1), backend);
    await saxpy.with({ backend }).launch(3, 3, dx, dout, dout);
    expect(Array.from(await dout.toHost())).toEqual([4, 7, 10]);
    dx.dispose();
    dout.dispose();
  });

  it('a typed array passed twice (and two views of the same elements) is one array', async () => {
    const y = Float32Array.of(1, 1, 1, 1, 1);
    await saxpy.with({ backend }).launch(5, 2, Float32Array.of(1, 2, 3, 4, 5), y, y);
    expect(Array.from(y)).toEqual([3, 5, 7, 9, 11]);
    const buf = new Float32Array(8).fill(1);
    await saxpy
      .with({ backend })
      .launch(
        4,
        2,
        Float32Array.of(1, 2, 3, 4),
        buf.subarray(2, 6),
        new Float32Array(buf.buffer, 8, 4),
      );
    expect(Array.from(buf)).toEqual([1, 1, 3, 5, 7, 9, 1, 1]);
  });

  it('same-index aliasing in place equals the plain function', async () => {
    const scale = kernel(
      (i: number, x: Float64Array, out: Float64Array) => {
        out[i] = x[i]! * x[i]! + 1;
      },
      { backend, precision: backend === 'webgpu' ? 'f32' : 'auto' },
    );
    const n = 1000;
    const data = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const expected = data.map((v) => v * v + 1);
    await scale.launch(n, data, data);
    const tolerance = backend === 'webgpu' ? 1e-6 : 0;
    for (let i = 0; i < n; i++)
      expect(Math.abs(data[i]! - expected[i]!)).toBeLessThanOrEqual(
        tolerance * Math.abs(expected[i]!),
      );
  });

  it('views sharing some elements, one written, are a TypeError before anything is written', async () => {
    const shift = kernel(
      (i: number, x: Float32Array, y: Float32Array) => {
        y[i] = x[i]! * 2;
      },
      { backend },
    );
    const buf = Float32Array.from({ length: 9 }, (_, i) => i);
    const before = Array.from(buf);
    await expect(shift.launch(8, buf.subarray(0, 8), buf.subarray(1))).rejects.toThrow(
      /'x' and 'y' are different views that share elements/,
    );
    expect(Array.from(buf)).toEqual(before);
    // ndarray views over one buffer that overlap
    const a = ndarray(new Float32Array(12), [3, 4]);
    const twoD = kernel(
      (i: number, j: number, x: ndarray.NdArray, y: ndarray.NdArray) => {
        y.set(i, j, x.get(i, j) + 1);
      },
      { backend },
    );
    await expect(twoD.launch([2, 4], a.lo(0, 0).hi(2, 4), a.lo(1, 0).hi(2, 4))).rejects.toThrow(
      TypeError,
    );
  });

  it('views that interleave without sharing an element are fine', async () => {
    const copy = kernel(
      (i: number, x: ndarray.NdArray, y: ndarray.NdArray) => {
        y.set(i, x.get(i) * 10);
      },
      { backend },
    );
    const data = Float32Array.from({ length: 8 }, (_, i) => i);
    const whole = ndarray(data, [8]);
    await copy.launch(4, whole.step(2), whole.lo(1).step(2)); // evens → odds
    expect(Array.from(data)).toEqual([0, 0, 2, 20, 4, 40, 6, 60]);
    // rows of one matrix
    const m = ndarray(
      Float32Array.from({ length: 6 }, (_, i) => i),
      [2, 3],
    );
    await copy.launch(3, m.pick(0), m.pick(1));
    expect(Array.from(m.data)).toEqual([0, 1, 2, 0, 10, 20]);
  });

  // Probe 6, finding 3: WebGPU uploaded each view's whole data into a buffer of its own and
  // read each back whole, so the second read-back overwrote the first view's results.
  it('views that interleave without sharing an element, both written, equal the plain function', async () => {
    const both = kernel(
      (i: number, a: ndarray.NdArray, b: ndarray.NdArray) => {
        a.set(i, a.get(i) + 1);
        b.set(i, b.get(i) * 10 + 0.5);
      },
      { backend },
    );
    const blocks = kernel(
      (i: number, j: number, a: ndarray.NdArray, b: ndarray.NdArray) => {
        a.set(i, j, a.get(i, j) - 1);
        b.set(i, j, b.get(i, j) + 100);
      },
      { backend },
    );
    // Written without being read: the CPU backends may skip copying such an array in.
    const overwrite = kernel(
      (i: number, a: ndarray.NdArray, b: ndarray.NdArray) => {
        a.set(i, i + 0.5);
        b.set(i, 0.5 - i);
      },
      { backend },
    );
    type Views = (data: Float32Array) => [ndarray.NdArray, ndarray.NdArray];
    const cases: [string, kernel: typeof both | typeof blocks, number[], number, Views][] = [
      [
        'odd and even elements past the first, written only',
        overwrite,
        [10],
        23,
        (d) => [ndarray(d, [10], [2], 1), ndarray(d, [10], [2], 2)],
      ],
      [
        'rows 0 and 2',
        both,
        [3],
        12,
        (d) => [ndarray(d, [4, 3]).pick(0), ndarray(d, [4, 3]).pick(2)],
      ],
      [
        'columns 0 and 2',
        both,
        [4],
        12,
        (d) => [ndarray(d, [4, 3]).pick(null, 0), ndarray(d, [4, 3]).pick(null, 2)],
      ],
      [
        'even and odd elements',
        both,
        [10],
        20,
        (d) => [ndarray(d, [10], [2], 0), ndarray(d, [10], [2], 1)],
      ],
      [
        'even and odd elements through two subarrays',
        both,
        [10],
        21,
        (d) => [ndarray(d.subarray(0, 20), [10], [2], 0), ndarray(d.subarray(1, 21), [10], [2], 0)],
      ],
      [
        'the even and odd columns of a matrix, 2-D',
        blocks,
        [3, 2],
        12,
        (d) => [ndarray(d, [3, 4]).step(1, 2), ndarray(d, [3, 4]).lo(0, 1).step(1, 2)],
      ],
    ];
    for (const [name, k, grid, length, views] of cases) {
      const data = Float32Array.from({ length }, (_, i) => i * 1.25);
      const want = data.slice();
      const [pa, pb] = views(want);
      const [gi, gj] = grid as [number, number?];
      for (let i = 0; i < gi; i++)
        if (gj === undefined) (k.fn as Function)(i, pa, pb);
        else for (let j = 0; j < gj; j++) (k.fn as Function)(i, j, pa, pb);
      expect(Array.from(want), `${name}: the plain function wrote nothing`).not.toEqual(
        Array.from(data),
      );
      await k.launch(grid, ...views(data));
      expect(Array.from(data), name).toEqual(Array.from(want));
    }
  });

  it('disjoint typed subarrays of one buffer, both written, equal the plain function', async () => {
    const both = kernel(
      (i: number, a: Float32Array, b: Float32Array) => {
        a[i] = a[i]! + 1;
        b[i] = b[i]! * 10 + 0.5;
      },
      { backend },
    );
    const views = (d: Float32Array): [Float32Array, Float32Array] => [
      d.subarray(0, 4),
      d.subarray(4, 8),
    ];
    const data = Float32Array.from({ length: 10 }, (_, i) => i * 1.25);
    const want = data.slice();
    const [pa, pb] = views(want);
    for (let i = 0; i < 4; i++) both.fn(i, pa, pb);
    await both.launch(4, ...views(data));
    expect(Array.from(data)).toEqual(Array.from(want));
  });
});

describeEachBackend('a written view that names one element at several indices', (backend) => {
  const fill = kernel(
    (i: number, o: ndarray.NdArray) => {
      o.set(i, i + 1);
    },
    { backend },
  );
  const window = kernel(
    (i: number, j: number, x: ndarray.NdArray, o: ndarray.NdArray) => {
      o.set(i, j, x.get(i, j) * 2);
    },
    { backend },
  );

  it('a zero stride or overlapping strides are a TypeError naming the parameter, nothing written', async () => {
    const buf = Float32Array.of(-1, -1, -1, -1, -1, -1);
    await expect(fill.launch(4, ndarray(buf, [4], [0], 1))).rejects.toThrow(
      "numbat: kernel 'fill': parameter 'o' is written, but its view (shape [4], strides [0]) names some elements at more than one index: which write lands would depend on the order in which indices run. Write to a view whose elements are distinct (no zero stride along an axis longer than 1, no overlapping strides), or to a fresh array\nkernel defined at ",
    );
    // A sliding window [4, 3] with strides [1, 1] over 6 elements.
    const src = ndarray(new Float32Array(12), [4, 3]);
    await expect(window.launch([4, 3], src, ndarray(buf, [4, 3], [1, 1]))).rejects.toThrow(
      /kernel 'window': parameter 'o' is written, but its view \(shape \[4, 3\], strides \[1, 1\]\)/,
    );
    // Strides that interleave and meet: [4, 3] with strides [2, 3] names offset 6 at (3, 0) and (0, 2).
    await expect(
      window.launch(
        [4, 3],
        ndarray(new Float32Array(12), [4, 3]),
        ndarray(new Float32Array(13), [4, 3], [2, 3]),
      ),
    ).rejects.toThrow(/parameter 'o' is written/);
    expect(Array.from(buf)).toEqual([-1, -1, -1, -1, -1, -1]);
    // The same views on the device.
    const d = await toDevice(ndarray(new Float32Array(3), [4], [0], 1), backend);
    await expect(fill.launch(4, d)).rejects.toThrow(/parameter 'o' is written, but its view/);
    expect(Array.from((await d.toHost()).data)).toEqual([0, 0, 0]);
    d.dispose();
  });

  it('read-only such views, and written views whose strides interleave without meeting, are fine', async () => {
    const x = ndarray(Float32Array.of(1, 2, 3, 4, 5, 6), [4, 3], [1, 1]); // a sliding window, read
    const o = ndarray(new Float32Array(12), [4, 3]);
    await window.launch([4, 3], x, o);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 3; j++) expect(o.get(i, j)).toBe(x.get(i, j) * 2);
    // [3, 2] with strides [2, 3]: offsets i·2 + j·3 = 0, 3, 2, 5, 4, 7 are distinct.
    const data = new Float32Array(8).fill(-1);
    const odd = ndarray(data, [3, 2], [2, 3]);
    await window.launch([3, 2], ndarray(Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2]), odd);
    const expected = Array.from({ length: 8 }, () => -1);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) expected[i * 2 + j * 3] = (i * 2 + j + 1) * 2;
    expect(Array.from(data)).toEqual(expected);
  });
});

it('distinctElements agrees with listing the offsets, over small random layouts', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  for (let t = 0; t < 3000; t++) {
    const rank = 1 + rand(3);
    const shape = Array.from({ length: rank }, () => rand(5));
    const strides = Array.from({ length: rank }, () => rand(9) - 4);
    const offsets: number[] = [0];
    const all = shape.reduce(
      (acc, n, k) => acc.flatMap((at) => Array.from({ length: n }, (_, v) => at + v * strides[k]!)),
      offsets,
    );
    const want = new Set(all).size === all.length;
    expect([shape, strides, distinctElements(shape, strides)]).toEqual([shape, strides, want]);
  }
});
