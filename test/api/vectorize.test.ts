// vectorize: elementwise application with NumPy broadcasting, per container kind; the
// result dtype decided from types (the compiler's inference of fn's value), the casts that
// keep 32-bit integer mixes exact, options.out, and the checks of options and arguments.
// Every value is compared with the plain function applied element by element.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { vectorize, toDevice, zeros, f32, NDArray, type TypedArray } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

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

  it('rejects shapes that do not broadcast', async () => {
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

  it('rejects unknown and malformed options by name, when vectorize is called', () => {
    const f = (a: number) => a;
    expect(() => vectorize(f, { backnd: 'js' } as never)).toThrow(
      /vectorize 'f': unknown option 'backnd'.*'backend'/,
    );
    expect(() => vectorize(f, { backend: 'gpu' } as never)).toThrow(
      /options\.backend must be .*got "gpu"/,
    );
    expect(() => vectorize(f, { precision: 'f16' } as never)).toThrow(/options\.precision/);
    expect(() => vectorize(f, { out: [1, 2] } as never)).toThrow(
      /options\.out must be a typed array, an ndarray or an NDArray, got a plain Array/,
    );
    expect(() => vectorize(f, 'js' as never)).toThrow(/options must be an object/);
  });

  it('says that options belong to vectorize() when a call passes them', async () => {
    const half = vectorize((a: number) => a / 2);
    await expect((half as Function)(new Float64Array(2), { backend: 'js' })).rejects.toThrow(
      /takes 1 argument, got 2: argument 2 is an options object, but options are given once, to vectorize\(fn, options\)/,
    );
  });

  it('options.out with numbers only is an error (the result is a number)', async () => {
    const add = vectorize((a: number, b: number) => a + b, { out: new Float64Array(1) });
    await expect(add(1, 2)).rejects.toThrow(/options\.out needs an array argument/);
  });
});

/** The plain function applied to every element (the arguments broadcast along one axis). */
function plainMap(fn: (...xs: number[]) => number, args: readonly unknown[]): number[] {
  const n = Math.max(
    ...args.map((a) =>
      typeof a === 'number' || typeof a === 'boolean' ? 1 : (a as TypedArray).length,
    ),
  );
  return Array.from({ length: n }, (_, i) =>
    fn(
      ...args.map((a) =>
        typeof a === 'number' || typeof a === 'boolean'
          ? (a as number)
          : (a as TypedArray)[(a as TypedArray).length === 1 ? 0 : i]!,
      ),
    ),
  );
}

/** Stores `values` as a typed array of `dtype` would (the plain `out[i] = v`). */
function storedAs(ctor: { from(xs: number[]): TypedArray }, values: number[]): number[] {
  return Array.from(ctor.from(values));
}

interface DtypeCase {
  what: string;
  fn: (...xs: number[]) => number;
  args: unknown[];
  /** The result's typed-array type, by the documented rule. */
  result: Function & { from(xs: number[]): TypedArray };
  /** The values by the documented 32-bit integer semantics, where they are not plain JS's. */
  reference?: (...xs: number[]) => number;
  /** Computed in f64 whatever the result (so refused on WebGPU). */
  inF64?: boolean;
}

const U32_MAX = 2 ** 32 - 1;

const DTYPE_CASES: DtypeCase[] = [
  // Integer inputs: the dtype comes from the compiler's type of the value, not from fn(first).
  {
    what: 'a / 2 on Int32Array is float (the first element gives an integer)',
    fn: (a) => a / 2,
    args: [Int32Array.of(2, 3, 5, -7)],
    result: Float64Array,
  },
  {
    what: 'a * 1e10 on Int32Array is float',
    fn: (a) => a * 1e10,
    args: [Int32Array.of(1, 2, -3)],
    result: Float64Array,
  },
  {
    what: 'a * 3 on Int32Array stays an integer',
    fn: (a) => a * 3,
    args: [Int32Array.of(1, -2, 1000)],
    result: Int32Array,
  },
  {
    what: 'a comparison gives 0 and 1 in an Int32Array',
    fn: (a) => (a > 2 ? 1 : 0) + (a < 0 ? 2 : 0),
    args: [Int16Array.of(1, 3, -4)],
    result: Int32Array,
  },
  {
    what: 'a boolean value gives 0 and 1 in an Int32Array',
    fn: ((a: number) => a > 2) as unknown as (a: number) => number,
    args: [Int8Array.of(1, 3, -4)],
    result: Int32Array,
    reference: (a) => Number(a > 2),
  },
  {
    what: 'a * a on Uint16Array is i32 (wraps as Math.imul)',
    fn: (a) => a * a,
    args: [Uint16Array.of(3, 65535)],
    result: Int32Array,
    reference: (a) => Math.imul(a, a),
  },
  {
    what: 'a - 10 on Uint32Array is u32 (wraps modulo 2^32)',
    fn: (a) => a - 10,
    args: [Uint32Array.of(20, 5)],
    result: Uint32Array,
    reference: (a) => (a - 10) >>> 0,
  },
  // Mixed signs of 32-bit integers: computed in f64 (NumPy's int64), as plain JS.
  {
    what: 'Int32Array + Uint32Array computes in f64',
    fn: (a, b) => a + b,
    args: [Int32Array.of(-1, 5, -(2 ** 31)), Uint32Array.of(4e9, U32_MAX, 0)],
    result: Float64Array,
  },
  {
    what: 'Int8Array meets Uint32Array in comparisons and Math.max as plain JS',
    fn: (a, b) => (a < b ? Math.max(a, b) : -b),
    args: [Int8Array.of(-1, 100), Uint32Array.of(4e9, 5)],
    result: Float64Array,
  },
  {
    what: 'Int32Array - Uint32Array, then | 0, is i32 (the value is an integer)',
    fn: (a, b) => (a - b) | 0,
    args: [Int32Array.of(-1, 7), Uint32Array.of(4e9, 3)],
    result: Int32Array,
    inF64: true,
  },
  {
    what: 'Uint32Array + a negative number computes in f64',
    fn: (a, b) => a + b,
    args: [Uint32Array.of(4e9, 0), -1],
    result: Float64Array,
  },
  {
    what: 'Int32Array + a number above 2^31 - 1 computes in f64',
    fn: (a, b) => a + b,
    args: [Int32Array.of(1, -5), 3e9],
    result: Float64Array,
  },
  // u32 meeting unsigned narrower integers: those are read as u32 (NumPy's uint32).
  {
    what: 'Uint8Array + Uint32Array is u32',
    fn: (a, b) => a + b,
    args: [Uint8Array.of(1, 200), Uint32Array.of(4e9, 5)],
    result: Uint32Array,
  },
  {
    what: 'Uint32Array + a non-negative number is u32',
    fn: (a, b) => a + b,
    args: [Uint32Array.of(4e9, 7), 1],
    result: Uint32Array,
  },
  {
    what: 'Uint32Array compared with Uint16Array as plain JS',
    fn: (a, b) => (a > b ? a : b),
    args: [Uint32Array.of(3e9, 1), Uint16Array.of(5, 60000)],
    result: Uint32Array,
  },
  // Float inputs keep their float dtype.
  {
    what: 'Int32Array with Float32Array is f32 (the weak-scalar rule)',
    fn: (a, b) => a + b,
    args: [Int32Array.of(1, -2), Float32Array.of(0.5, 0.25)],
    result: Float32Array,
  },
  {
    what: 'Float32Array with an integer-valued result stays f32',
    fn: (a) => (a > 0 ? 1 : 0),
    args: [Float32Array.of(0.5, -0.5)],
    result: Float32Array,
  },
  {
    what: 'Float32Array with Float64Array is f64',
    fn: (a, b) => a * b,
    args: [Float32Array.of(1.5), Float64Array.of(0.1, 3)],
    result: Float64Array,
  },
];

describeEachBackend('vectorize result dtypes and integer mixes', (backend) => {
  for (const c of DTYPE_CASES) {
    it(c.what, async () => {
      const v = vectorize(c.fn, { backend });
      const run = v(...(c.args as never[]));
      if (backend === 'webgpu' && (c.result === Float64Array || c.inF64)) {
        // WGSL has no f64: an f64 result (or f64 arithmetic) is refused, never rounded.
        await expect(run).rejects.toThrow(/f64/);
        return;
      }
      const r = (await run) as unknown as TypedArray;
      expect(r).toBeInstanceOf(c.result);
      const values = plainMap(c.reference ?? c.fn, c.args);
      const expected =
        c.result === Float32Array
          ? storedAs(Float32Array, plainMap(c.reference ?? fround(c.fn), c.args))
          : storedAs(c.result, values);
      expect(Array.from(r)).toEqual(expected);
      // Values are exact: the reference fits the dtype without change.
      if (c.result !== Float32Array) expect(expected).toEqual(values);
    });
  }

  it('an NDArray input gives the same dtype as a typed array', async () => {
    const half = vectorize((a: number) => a / 2, { backend });
    const x = Int32Array.of(3, 5, -1);
    const d = await toDevice(x, backend);
    if (backend === 'webgpu') {
      await expect(half(d)).rejects.toThrow(/vectorize 'vectorized': the result is f64.*WebGPU/);
    } else {
      const r = await half(d);
      expect(r.dtype).toBe('f64');
      expect(Array.from(await r.toHost())).toEqual(Array.from(x, (a) => a / 2));
      r.dispose();
    }
    const twice = vectorize((a: number) => a * 2, { backend });
    const r2 = await twice(d);
    expect(r2.dtype).toBe('i32');
    expect(Array.from(await r2.toHost())).toEqual(Array.from(x, (a) => a * 2));
    r2.dispose();
    d.dispose();
  });

  it('an ndarray of integers with a float result is an f64 ndarray', async () => {
    const x = ndarray(Int16Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
    const quarter = vectorize((a: number) => a / 4, { backend });
    if (backend === 'webgpu') {
      await expect(quarter(x)).rejects.toThrow(/f64/);
      return;
    }
    const r = await quarter(x);
    expect(r.data).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) expect(r.get(i, j)).toBe(x.get(i, j) / 4);
  });

  it('f32(…) in fn asks for an f32 result from integer inputs', async () => {
    const third = vectorize((a: number) => f32(a) / 3, { backend });
    const x = Int32Array.of(1, 2, 7);
    const r = await third(x);
    expect(r).toBeInstanceOf(Float32Array);
    expect(Array.from(r)).toEqual(Array.from(x, (a) => Math.fround(Math.fround(a) / 3)));
  });

  it('options.out receives the values as out[i] = fn(…) stores them, and is returned', async () => {
    const x = Int32Array.of(1, 2, 3, -7);
    const toF32 = new Float32Array(4);
    const half = vectorize((a: number) => a / 2, { backend, out: toF32 });
    expect(await half(x)).toBe(toF32);
    expect(Array.from(toF32)).toEqual(
      storedAs(
        Float32Array,
        plainMap((a) => a / 2, [x]),
      ),
    );
    const toI32 = new Int32Array(4);
    const halfInt = vectorize((a: number) => a / 2, { backend, out: toI32 });
    expect(await halfInt(x)).toBe(toI32);
    expect(Array.from(toI32)).toEqual(
      storedAs(
        Int32Array,
        plainMap((a) => a / 2, [x]),
      ),
    );
  });

  it('options.out may be the input (in place)', async () => {
    const x = Float32Array.of(1, 2, 3);
    const before = Array.from(x);
    const square = vectorize((a: number) => a * a, { backend, out: x });
    expect(await square(x)).toBe(x);
    expect(Array.from(x)).toEqual(before.map((a) => Math.fround(a * a)));
  });

  it('options.out holds a broadcast shape: an ndarray, or a typed array row-major', async () => {
    const col = ndarray(Float32Array.of(1, 2, 3), [3, 1]);
    const row = Float32Array.of(10, 20);
    const f = (a: number, b: number) => a * b - 1;
    const nd = ndarray(new Float32Array(6), [3, 2]);
    expect(await vectorize(f, { backend, out: nd })(col, row)).toBe(nd);
    const flat = new Float32Array(6);
    expect(await vectorize(f, { backend, out: flat })(col, row)).toBe(flat);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) {
        const want = Math.fround(col.get(i, 0) * row[j]! - 1);
        expect(nd.get(i, j)).toBe(want);
        expect(flat[i * 2 + j]).toBe(want);
      }
  });

  it('options.out may be an NDArray of this backend', async () => {
    const out = await zeros(3, 'f32', backend);
    const x = Float32Array.of(1, 4, 9);
    const sqrt = vectorize((a: number) => Math.sqrt(a), { backend, out });
    expect(await sqrt(x)).toBe(out);
    expect(Array.from(await out.toHost())).toEqual(Array.from(x, (a) => Math.fround(Math.sqrt(a))));
    out.dispose();
  });

  it("an out of the wrong length or shape is a RangeError naming 'out', nothing written", async () => {
    const short = Float32Array.of(-1, -1);
    const f = vectorize((a: number) => a + 1, { backend, out: short });
    await expect(f(new Float32Array(3))).rejects.toThrow(
      new RangeError(
        "numbat: vectorize 'vectorized': options.out has 2 elements, but the broadcast shape [3] has 3",
      ),
    );
    expect(Array.from(short)).toEqual([-1, -1]);
    const nd = ndarray(Float32Array.of(-1, -1, -1, -1, -1, -1), [2, 3]);
    const g = vectorize((a: number, b: number) => a + b, { backend, out: nd });
    await expect(g(ndarray(new Float32Array(3), [3, 1]), new Float32Array(2))).rejects.toThrow(
      /options\.out has shape \[2, 3\], but the broadcast shape is \[3, 2\]/,
    );
    expect(Array.from(nd.data)).toEqual([-1, -1, -1, -1, -1, -1]);
  });
});

/** `fn` with every float operation rounded to f32, as the kernel computes with f32 arrays. */
function fround(fn: (...xs: number[]) => number): (...xs: number[]) => number {
  return (...xs) => Math.fround(fn(...xs.map(Math.fround)));
}

/** Row-major values of an array given as (shape, element at an index). */
interface Grid {
  shape: number[];
  at: (ix: number[]) => number;
}

/** NumPy broadcasting of `f` over grids, computed element by element in plain JS. */
function broadcastReference(f: (a: number, b: number) => number, x: Grid, y: Grid): Grid {
  const rank = Math.max(x.shape.length, y.shape.length);
  const pad = (s: number[]) => [...Array(rank - s.length).fill(1), ...s];
  const xs = pad(x.shape);
  const ys = pad(y.shape);
  const shape = xs.map((n, k) => Math.max(n, ys[k]!));
  const pick = (g: Grid, s: number[], ix: number[]) =>
    g.at(
      ix.slice(rank - g.shape.length).map((v, k) => (s[rank - g.shape.length + k] === 1 ? 0 : v)),
    );
  return { shape, at: (ix) => f(pick(x, xs, ix), pick(y, ys, ix)) };
}

/** Every index of a shape, row-major. */
function indices(shape: number[]): number[][] {
  return shape.reduce<number[][]>(
    (acc, n) => acc.flatMap((ix) => Array.from({ length: n }, (_, v) => [...ix, v])),
    [[]],
  );
}

describeEachBackend('vectorize broadcasts NDArrays as it broadcasts host arrays', (backend) => {
  const f = (a: number, b: number) => a * 10 + b;
  const v = vectorize(f);
  /** A Float32Array ndarray of a shape holding 1, 2, 3, … (`from` first) row-major. */
  const filled = (shape: number[], from: number) =>
    ndarray(
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => from + i),
      shape,
    );
  const grid = (a: ReturnType<typeof filled>): Grid => ({
    shape: [...a.shape],
    at: (ix) => a.get(...ix),
  });
  const cases: [number[], number[]][] = [
    [
      [2, 3],
      [1, 3],
    ],
    [
      [2, 3],
      [2, 1],
    ],
    [
      [1, 3],
      [2, 3],
    ],
    [
      [2, 1],
      [1, 3],
    ],
    [[2, 3], [3]],
    [[3], [2, 3]],
    [
      [2, 3, 2],
      [3, 1],
    ],
    [[4], [1]],
  ];
  for (const [xs, ys] of cases)
    it(`NDArray [${xs}] ⊕ NDArray [${ys}], and NDArray ⊕ host`, async () => {
      const x = filled(xs, 1);
      const y = filled(ys, 7);
      const want = broadcastReference(f, grid(x), grid(y));
      const expected = indices(want.shape).map((ix) => Math.fround(want.at(ix)));
      const X = await toDevice(x, backend);
      const Y = await toDevice(y, backend);
      for (const [a, b] of [
        [X, Y],
        [X, y],
        [x, Y],
      ] as const) {
        const r = await v(a, b);
        if (r instanceof NDArray) {
          expect(r.shape).toEqual(want.shape);
          expect(r.backend).toBe(backend);
          const host = (await r.toHost()) as unknown as ReturnType<typeof filled>;
          expect(indices(want.shape).map((ix) => host.get(...ix))).toEqual(expected);
          r.dispose();
        } else {
          const host = r as unknown as ReturnType<typeof filled>;
          expect(indices(want.shape).map((ix) => host.get(...ix))).toEqual(expected);
        }
      }
      // The inputs are untouched and still usable.
      expect(Array.from((await X.toHost()).data)).toEqual(Array.from(x.data));
      expect(Array.from((await Y.toHost()).data)).toEqual(Array.from(y.data));
      X.dispose();
      Y.dispose();
    });

  it('a broadcast NDArray that must move backends moves once, and stays usable', async () => {
    const other = backend === 'js' ? 'wasm' : 'js';
    const x = filled([2, 3], 1);
    const y = filled([3], 7);
    const Y = await toDevice(y, other);
    const want = broadcastReference(f, grid(x), grid(y));
    const onBackend = vectorize(f, { backend });
    const X = await toDevice(x, backend);
    const r = await onBackend(X, Y);
    const host = (await r.toHost()) as unknown as ReturnType<typeof filled>;
    expect(indices(want.shape).map((ix) => host.get(...ix))).toEqual(
      indices(want.shape).map((ix) => Math.fround(want.at(ix))),
    );
    expect(Array.from((await Y.toHost()).data)).toEqual(Array.from(y.data));
    const again = (await (await onBackend(Y, 0.5)).toHost()) as unknown as typeof y;
    expect(Array.from(again.data)).toEqual(Array.from(y.data, (a) => Math.fround(a * 10 + 0.5)));
    for (const a of [X, Y, r]) a.dispose();
  });

  it('the result of an NDArray from an ndarray comes back as an ndarray; a strided one too', async () => {
    const x = filled([3, 2], 1).transpose(1, 0); // [2, 3], strides [1, 2]
    const y = filled([2, 1], 7);
    const want = broadcastReference(f, grid(x), grid(y));
    const X = await toDevice(x, backend);
    const r = await v(X, await toDevice(y, backend));
    const host = (await r.toHost()) as unknown as ReturnType<typeof filled>;
    expect(host.shape).toEqual([2, 3]);
    expect(indices(want.shape).map((ix) => host.get(...ix))).toEqual(
      indices(want.shape).map((ix) => Math.fround(want.at(ix))),
    );
  });
});
