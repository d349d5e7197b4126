// vectorize: elementwise application with NumPy broadcasting, per container kind.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { vectorize, toDevice, NDArray } from '../../src/index.js';

describe('vectorize', () => {
  const hypot = vectorize((x: number, y: number) => Math.sqrt(x * x + y * y));

  it('typed arrays in, typed array out, computed as the plain function', async () => {
    const xs = new Float32Array([3, 5, 8, 0.5]);
    const ys = new Float32Array([4, 12, 15, 0.25]);
    const r = await hypot(xs, ys);
    expect(r).toBeInstanceOf(Float32Array);
    expect(Array.from(r)).toEqual(
      Array.from(xs, (x, i) => Math.fround(Math.sqrt(x * x + ys[i]! * ys[i]!))),
    );
  });

  it('broadcasts a number and a column against a row (ndarray in, ndarray out)', async () => {
    const col = ndarray(new Float64Array([1, 2, 3]), [3, 1]);
    const row = ndarray(new Float64Array([10, 20]), [2]);
    const f = vectorize((a: number, b: number, c: number) => a * b + c);
    const r = await f(col, row, 0.5);
    expect(r.shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) expect(r.get(i, j)).toBe(col.get(i, 0) * row.get(j) + 0.5);
  });

  it('promotes dtypes: int inputs with a float result give f64', async () => {
    const half = vectorize((a: number) => a / 2);
    const r = await half(new Int32Array([1, 2, 3]));
    expect(r).toBeInstanceOf(Float64Array);
    expect(Array.from(r)).toEqual([0.5, 1, 1.5]);
    const twice = vectorize((a: number) => a * 2);
    expect(await twice(new Int32Array([1, 2]))).toBeInstanceOf(Int32Array);
  });

  it('writes into options.out and rejects shapes that do not broadcast', async () => {
    const add = vectorize((a: number, b: number) => a + b);
    await expect(add(new Float32Array(3), new Float32Array(4))).rejects.toThrow(/do not broadcast/);
  });

  it('NDArray in, NDArray out on the same backend', async () => {
    const x = await toDevice(new Float32Array([1, 4, 9]), 'workers');
    const sqrt = vectorize((a: number) => Math.sqrt(a));
    const r = await sqrt(x);
    expect(r).toBeInstanceOf(NDArray);
    expect(r.backend).toBe('workers');
    expect(Array.from((await r.toHost()) as Float32Array)).toEqual([1, 2, 3]);
    x.dispose();
    r.dispose();
  });
});
