// precision-f32-unwritten.test.ts — `precision: 'f32'` computes in f32 and stores what a
// kernel writes into a Float64Array as f32 values, but the elements a launch does not
// write keep their exact f64 values on every backend: WebGPU, which holds the array as f32
// for the launch, must not hand them back rounded. Expected values: the plain function
// with every float operand rounded by Math.fround (f32 math), computed here.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import ndarray from 'ndarray';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

/** f64 values that f32 cannot hold exactly (the subnormal one at an odd index: never written). */
const INEXACT = [0.1, 1e-40, 1 / 3, 2 ** 60 + 2 ** 20, 0.2, 0.3, 0.7, -1.1];

describeEachBackend("precision: 'f32' leaves unwritten Float64Array elements exact", (backend) => {
  if (compiledOnly(`precision: 'f32' math (on ${backend})`))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  it('a kernel that writes every other element in place', async () => {
    const k = kernel(
      (i: number, x: Float64Array) => {
        if (i % 2 === 0) x[i] = x[i]! * 2;
      },
      { backend, precision: 'f32' },
    );
    const x = Float64Array.from(INEXACT);
    const expected = INEXACT.map((v, i) => (i % 2 === 0 ? Math.fround(Math.fround(v) * 2) : v));
    await k.launch(x.length, x);
    expect(Array.from(x)).toEqual(expected);
  });

  it('a guarded output keeps the values it held where the guard is false', async () => {
    const k = kernel(
      (i: number, x: Float64Array, o: Float64Array) => {
        if (x[i]! > 0.5) o[i] = x[i]! + 0.25;
      },
      { backend, precision: 'f32' },
    );
    const x = Float64Array.of(0.1, 0.9, 0.3, 2.2, 0.45, 0.55, -3, 0.7);
    const o = Float64Array.from(INEXACT);
    const expected = INEXACT.map((v, i) => {
      const xi = Math.fround(x[i]!);
      return xi > 0.5 ? Math.fround(xi + 0.25) : v;
    });
    await k.launch(x.length, x, o);
    expect(Array.from(o)).toEqual(expected);
    // The input is only read: it is untouched.
    expect(Array.from(x)).toEqual([0.1, 0.9, 0.3, 2.2, 0.45, 0.55, -3, 0.7]);
  });

  it('written elements hold the f32 values written, NaN and −0 included', async () => {
    const k = kernel(
      (i: number, x: Float64Array, o: Float64Array) => {
        o[i] = x[i]! * -1;
      },
      { backend, precision: 'f32' },
    );
    const x = Float64Array.of(0, Number.NaN, 0.1, -0, 1e-30, 3);
    const o = Float64Array.of(0, 5, 0, 0, 0.5, -3);
    await k.launch(x.length, x, o);
    expect(Array.from(o)).toEqual(Array.from(x, (v) => Math.fround(Math.fround(v) * -1)));
  });

  it('two written rows of one Float64Array matrix, each written in part', async () => {
    const k = kernel(
      (i: number, a: ndarray.NdArray, b: ndarray.NdArray) => {
        if (i % 2 === 0) a.set(i, a.get(i) * 3);
        else b.set(i, b.get(i) + 0.5);
      },
      { backend, precision: 'f32' },
    );
    const data = Float64Array.from({ length: 12 }, (_, i) => (i + 1) / 7);
    const before = Array.from(data);
    const m = ndarray(data, [3, 4]);
    await k.launch(4, m.pick(0), m.pick(2));
    const expected = before.map((v, p) => {
      const [row, i] = [Math.floor(p / 4), p % 4];
      if (row === 0 && i % 2 === 0) return Math.fround(Math.fround(v) * 3);
      if (row === 2 && i % 2 === 1) return Math.fround(Math.fround(v) + 0.5);
      return v;
    });
    expect(Array.from(data)).toEqual(expected);
  });
  it('an integer written into a Float64Array is stored as its f32 value (probe 9)', async () => {
    const k = kernel(
      (i: number, b: Int32Array, out: Float64Array) => {
        out[i] = b[i]! + 1;
      },
      { backend, precision: 'f32' },
    );
    const b = Int32Array.of(16777216, 123456789, -320131075, 7);
    const out = new Float64Array(4);
    await k.launch(4, b, out);
    expect(Array.from(out)).toEqual(Array.from(b, (v) => Math.fround(v + 1)));
  });
});
