// ndarray-specialisation.test.ts — a contiguous 1-D scijs ndarray (stride 1, offset 0,
// shorter than its data) compiles like a typed array but is not one: the same call gives
// the same answer or the same KernelError whatever the kernel was launched with before.
// Probe 6, finding 4: after one typed-array launch, the ndarray reused the typed array's
// specialisation, so `x.length` was its data's length (40, not 10) and a guard
// `i < x.length` read past the view; a fresh kernel refused `x.length`.

import { expect, it } from 'vitest';
import ndarray from 'ndarray';
import { kernel, KernelError } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const base = Float32Array.from({ length: 40 }, (_, i) => i + 100);
/** The first 10 elements of a 40-element array: stride 1, offset 0. */
const view = (): ndarray.NdArray<Float32Array> => ndarray(base, [10]);

/** The error (or the outputs) of `launch`, to compare two launch histories. */
async function outcome(launch: () => Promise<unknown>, out: Float32Array): Promise<unknown> {
  try {
    await launch();
    return Array.from(out);
  } catch (e) {
    expect(e).toBeInstanceOf(KernelError);
    const k = e as KernelError;
    return {
      code: k.code,
      hint: k.hint,
      message: k.message
        .split('\n')[0]!
        .replace(/kernel '\w+': /, '')
        .replace(/\(.*$/, ''),
    };
  }
}

describeEachBackend('a contiguous ndarray and a typed array, one kernel', (backend) => {
  /** The call's outcome on a fresh kernel and after one typed-array launch. */
  async function bothHistories(fn: Function, n: number): Promise<[unknown, unknown]> {
    const fresh = kernel(fn, { backend });
    const outA = new Float32Array(n);
    const a = await outcome(() => fresh.launch(n, view(), outA), outA);
    const warm = kernel(fn, { backend });
    await warm.launch(4, new Float32Array(4).fill(7), new Float32Array(4));
    const outB = new Float32Array(n);
    const b = await outcome(() => warm.launch(n, view(), outB), outB);
    return [a, b];
  }

  it('x.length is the same KernelError whatever the launch history', async () => {
    const [fresh, warm] = await bothHistories((i: number, x: Float32Array, o: Float32Array) => {
      o[i] = i < x.length ? x[i]! : -1;
    }, 16);
    expect(fresh).toMatchObject({ code: 'E_TYPE', hint: expect.stringMatching(/x\.size/) });
    expect(warm).toEqual(fresh);
  });

  it('x[i] on a 1-D ndarray is a KernelError pointing to x.get(i), read or written', async () => {
    const read = await bothHistories((i: number, x: Float32Array, o: Float32Array) => {
      o[i] = x[i]! * 2;
    }, 10);
    expect(read[0]).toMatchObject({ code: 'E_TYPE', hint: expect.stringMatching(/x\.get\(i\)/) });
    expect(read[1]).toEqual(read[0]);
    const written = kernel(
      (i: number, x: Float32Array, o: Float32Array) => {
        x[i] = o[i]!;
      },
      { backend },
    );
    await written.launch(4, new Float32Array(4), new Float32Array(4));
    const before = Array.from(base);
    await expect(written.launch(10, view() as never, new Float32Array(10))).rejects.toThrow(
      /`x` is an ndarray, whose elements are not `x\[…\]`/,
    );
    expect(Array.from(base)).toEqual(before);
  });

  it('x.size and x.get(i) over a view shorter than its data equal the plain function', async () => {
    const fn = (i: number, x: ndarray.NdArray<Float32Array>, o: Float32Array): void => {
      o[i] = i < x.size ? x.get(i) * 2 : -1;
    };
    const want = new Float32Array(16);
    for (let i = 0; i < 16; i++) fn(i, view(), want);
    expect(want.filter((v) => v === -1).length).toBe(6);
    const k = kernel(fn, { backend });
    for (const n of [16, 16]) {
      const out = new Float32Array(n);
      await k.launch(n, view(), out);
      expect(Array.from(out)).toEqual(Array.from(want));
    }
  });
});
