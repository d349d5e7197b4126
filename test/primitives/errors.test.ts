// errors.test.ts — bad input to the primitives: a RangeError or TypeError naming the
// argument, before anything is written (API.md, issue 15 "Bad input").

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import {
  argmin,
  argsort,
  copy,
  fillRandom,
  histogram,
  reduce,
  scan,
  sort,
  transpose,
} from '../../src/kernels/index.js';

describe('primitives reject bad input clearly, writing nothing', () => {
  it('histogram: bins, range, weights, out', async () => {
    const x = new Float32Array([0.5, 1.5]);
    await expect(histogram(x, 0)).rejects.toThrow(RangeError);
    await expect(histogram(x, 0)).rejects.toThrow(/'bins'/);
    await expect(histogram(x, 2 ** 24 + 1)).rejects.toThrow(/'bins' must be in \[1, 16777216\]/);
    await expect(histogram(x, 2.5)).rejects.toThrow(TypeError);
    await expect(histogram(x, 4, { range: [1, 0] })).rejects.toThrow(/'range' is inverted/);
    await expect(histogram(x, 4, { range: [NaN, 1] })).rejects.toThrow(RangeError);
    await expect(histogram(x, 4, { range: [0, Infinity] })).rejects.toThrow(
      /'range' must be finite/,
    );
    await expect(histogram(x, 4, { weights: new Float32Array(3) })).rejects.toThrow(
      /'weights' has 3 elements, but 'x' has 2/,
    );
    const out = new Uint32Array(3).fill(7);
    await expect(histogram(x, 4, { range: [0, 2], out })).rejects.toThrow(RangeError);
    await expect(histogram(x, 3, { range: [0, 2], out: new Float32Array(3) })).rejects.toThrow(
      /'out' holds f32 elements, but the result is u32/,
    );
    expect(Array.from(out)).toEqual([7, 7, 7]);
    await expect(histogram(new Float32Array([1, Infinity]), 4)).rejects.toThrow(/no finite range/);
    // Finite ends whose width overflows: every bin would be empty.
    const wide = new Float64Array([-1e308, 0, 1e308]);
    await expect(histogram(wide, 2, { range: [-1.7e308, 1.7e308] })).rejects.toThrow(
      /'range' .* is wider than the largest double/,
    );
    await expect(histogram(wide, 2)).rejects.toThrow(/'x' spans .* wider than the largest double/);
    const near = new Float64Array([-4e307, 0, 1e308]);
    expect(Array.from(await histogram(near, 2, { range: [-5e307, 1e308] }))).toEqual([2, 1]);
    await expect(histogram([1, 2] as never, 4)).rejects.toThrow(/'x' must be a typed array/);
  });

  it('sort and argsort: values, out, options', async () => {
    const keys = new Float32Array([3, 1, 2]);
    await expect(sort(keys, { values: new Float32Array(2) })).rejects.toThrow(
      /'values' has 2 elements, but 'keys' has 3/,
    );
    const out = new Float32Array(4).fill(9);
    await expect(sort(keys, { out })).rejects.toThrow(RangeError);
    expect(Array.from(out)).toEqual([9, 9, 9, 9]);
    await expect(sort(keys, { out: new Int32Array(3) })).rejects.toThrow(TypeError);
    await expect(argsort(keys, { out: new Int32Array(3) as never })).rejects.toThrow(
      /'out' holds i32 elements, but the result is u32/,
    );
    await expect(sort(keys, { descending: 'yes' as never })).rejects.toThrow(
      /'descending' must be a boolean/,
    );
    await expect(sort(keys, { reverse: true } as never)).rejects.toThrow(
      /unknown option 'reverse'/,
    );
    await expect(sort(new Uint8ClampedArray(3) as never)).rejects.toThrow(
      /'keys' is a Uint8ClampedArray/,
    );
    await expect(sort(ndarray(new Float32Array(4), [2, 2]))).rejects.toThrow(/'keys' must be 1-D/);
    expect(Array.from(await sort(new Float32Array(0)))).toEqual([]);
    expect(Array.from(await argsort(new Int32Array(0)))).toEqual([]);
  });

  it("sort and argsort: an output in the other operand's memory (in place is fine)", async () => {
    for (const backend of ['js', 'wasm'] as const) {
      const k = new Int32Array([3, 1, 2, 1]);
      const v = new Int32Array([30, 10, 20, 11]);
      const cases: [Parameters<typeof sort>[1], RegExp][] = [
        [{ values: v, out: { keys: v, values: k } }, /'out.keys' shares memory with 'values'/],
        [{ values: v, out: { keys: v } }, /'out.keys' shares memory with 'values'/],
        [{ values: v, out: { values: k } }, /'out.values' shares memory with 'keys'/],
        [
          { values: v, out: { keys: new Int32Array(k.buffer, 0, 4), values: k } },
          /'out.keys' shares memory with 'out.values'/,
        ],
      ];
      for (const [options, message] of cases) {
        await expect(sort(k, { ...options, backend }), backend).rejects.toThrow(message);
        expect(Array.from(k)).toEqual([3, 1, 2, 1]);
        expect(Array.from(v)).toEqual([30, 10, 20, 11]);
      }
      const u = new Uint32Array([5, 4, 6]);
      await expect(argsort(u, { out: u, backend })).rejects.toThrow(
        /'out' shares memory with 'keys'/,
      );
      expect(Array.from(u)).toEqual([5, 4, 6]);
      // Sorting each array into itself stays allowed.
      const r = await sort(k, { values: v, out: { keys: k, values: v }, backend });
      expect([Array.from(r.keys), Array.from(r.values)]).toEqual([
        [1, 1, 2, 3],
        [10, 11, 20, 30],
      ]);
    }
  });

  it('scan, reduce, fillRandom, copy, transpose', async () => {
    const x = new Float32Array([1, 2]);
    await expect(scan(x, 'mean' as never)).rejects.toThrow(/'op' must be/);
    await expect(scan(x, (a: number, b: number) => a + b, { exclusive: true })).rejects.toThrow(
      /'identity'/,
    );
    await expect(scan(x, 'sum', { out: new Float32Array(3) })).rejects.toThrow(
      /'out' has 3 elements, but the result has 2/,
    );
    await expect(scan(x, 'sum', { out: new Float64Array(2) })).rejects.toThrow(TypeError);
    expect(Array.from(await scan(new Float32Array(0)))).toEqual([]);
    await expect(reduce(ndarray(new Float32Array(6), [2, 3]), 'sum', { axis: 2 })).rejects.toThrow(
      /'axis' 2 is out of range/,
    );
    await expect(argmin(new Float32Array(0))).rejects.toThrow(/'x' is empty/);
    expect(await reduce(new Float32Array(0), 'sum')).toBe(0);
    // Float64Array on WebGPU is refused whatever its length (an empty one returned 0: probe 11).
    for (const length of [0, 3])
      await expect(
        reduce(new Float64Array(length), 'sum', { backend: 'webgpu' }),
        `length ${length}`,
      ).rejects.toThrow(/reduce: Float64Array data cannot be reduced on WebGPU/);
    await expect(fillRandom(new Int32Array(4), 1)).rejects.toThrow(/'out' must hold f32 or f64/);
    await expect(fillRandom(new Float32Array(4), 1.5)).rejects.toThrow(/'seed' must be an integer/);
    await expect(
      fillRandom(new Float32Array(4), 1, { distribution: 'poisson' as never }),
    ).rejects.toThrow(/'distribution'/);
    await expect(copy(new Float32Array(3), new Float32Array(4))).rejects.toThrow(
      /'dst' has shape \[4\], but 'src' has shape \[3\]/,
    );
    await expect(transpose(ndarray(new Float32Array(6), [2, 3]), [0, 0])).rejects.toThrow(
      /'axes' must be a permutation/,
    );
    await expect(sort(x, { backend: 'cuda' as never })).rejects.toThrow(/unknown backend 'cuda'/);
  });

  // Probe 22: such an output was refused, but by an internal pass ("kernel 'copy1':
  // parameter 'dst' is written…"), and for scan only after the whole scan had run.
  it('an output view naming an element at several indices is refused by the primitive, naming it', async () => {
    const x = Float32Array.of(3, 1, 2, 5, 4, 0, 7, 6);
    const buf = new Float32Array(8).fill(-1);
    const repeat = ndarray(buf, [8], [0]);
    const named = (fn: string, param: string) =>
      new RegExp(
        `^numbat: ${fn}: '${param}' is a view \\(shape \\[8\\], strides \\[0\\]\\) that names some elements at more than one index`,
      );
    await expect(scan(x, 'sum', { out: repeat })).rejects.toThrow(named('scan', 'out'));
    await expect(sort(x, { out: repeat })).rejects.toThrow(named('sort', 'out'));
    await expect(fillRandom(repeat, 1)).rejects.toThrow(named('fillRandom', 'out'));
    await expect(copy(x, repeat)).rejects.toThrow(named('copy', 'dst'));
    const counts = ndarray(new Uint32Array(4), [4], [0]);
    await expect(histogram(x, 4, { range: [0, 8], out: counts })).rejects.toThrow(
      /^numbat: histogram: 'out' is a view \(shape \[4\], strides \[0\]\)/,
    );
    // A sliding window: [4, 2] over 5 elements with strides [1, 1].
    const window = ndarray(new Float32Array(5), [4, 2], [1, 1]);
    await expect(copy(ndarray(new Float32Array(8), [4, 2]), window)).rejects.toThrow(
      /^numbat: copy: 'dst' is a view \(shape \[4, 2\], strides \[1, 1\]\)/,
    );
    expect(Array.from(buf)).toEqual(new Array(8).fill(-1));
    expect(Array.from(counts.data)).toEqual([0, 0, 0, 0]);
  });

  it("scan: an 'identity' that is not a number says so", async () => {
    const add = (a: number, b: number) => a + b;
    await expect(
      scan(Float32Array.of(1, 2), add, { exclusive: true, identity: 'x' as never }),
    ).rejects.toThrow(/^numbat: scan: 'identity' must be a number, got "x"$/);
  });

  it('fillRandom: a seed outside [0, 2^32) is a RangeError naming it (no silent wrap)', async () => {
    const out = new Float32Array(4).fill(7);
    for (const seed of [-1, 2 ** 32, 2 ** 40, -(2 ** 31)])
      await expect(fillRandom(out, seed), `seed ${seed}`).rejects.toThrow(
        new RangeError(`numbat: fillRandom: 'seed' must be in [0, 4294967295], got ${seed}`),
      );
    for (const seed of [0.5, NaN, Infinity, '3', 3n])
      await expect(fillRandom(out, seed as never)).rejects.toThrow(/'seed' must be an integer/);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
    // The ends of the range are two different streams, as every seed in it.
    const lo = await fillRandom(new Float32Array(8), 0, { backend: 'js' });
    const hi = await fillRandom(new Float32Array(8), 2 ** 32 - 1, { backend: 'js' });
    expect(Array.from(lo)).not.toEqual(Array.from(hi));
  });

  it('messages show what was given: a string is quoted, an object named with its article', async () => {
    const m = ndarray(new Float32Array(6), [2, 3]);
    await expect(reduce(m, 'sum', { axis: '1' as never })).rejects.toThrow(
      new TypeError(`numbat: reduce: 'axis' must be an integer, got "1" (a string)`),
    );
    await expect(reduce(m, 'sum', { axis: 1.5 })).rejects.toThrow(
      new TypeError(`numbat: reduce: 'axis' must be an integer, got 1.5`),
    );
    await expect(reduce({} as never, 'sum')).rejects.toThrow(
      /'x' must be a typed array, an NDArray or an ndarray, got a plain object$/,
    );
    await expect(scan(new Map() as never)).rejects.toThrow(/got a Map$/);
    await expect(scan(new ArrayBuffer(4) as never)).rejects.toThrow(/got an ArrayBuffer$/);
    await expect(scan(Object.create(null) as never)).rejects.toThrow(/got a plain object$/);
    await expect(scan(new Uint8ClampedArray(2) as never)).rejects.toThrow(
      /'x' is a Uint8ClampedArray; use/,
    );
    await expect(scan(new BigInt64Array(2) as never)).rejects.toThrow(/'x' is a BigInt64Array/);
    await expect(scan(new DataView(new ArrayBuffer(4)) as never)).rejects.toThrow(
      /'x' is a DataView/,
    );
    await expect(histogram(new Float32Array(2), '4' as never)).rejects.toThrow(
      /'bins' must be an integer, got "4" \(a string\)/,
    );
    await expect(reduce(m, 'sum', 5 as never)).rejects.toThrow(
      /options must be an object, got a number/,
    );
  });
});
