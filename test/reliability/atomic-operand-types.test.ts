// atomic-operand-types.test.ts — an atomic whose value the plain function would combine in
// numbers before the store converts it (probe 9, finding 2): every backend converted the
// value to the element type first, so `atomicAdd(int32s, i, 0.7)` added 0 where the plain
// function stored ToInt32(old + 0.7), NaN left the element unchanged where it stores 0,
// and an f64 value on a Float32Array was rounded twice. These are refused at the value,
// before anything runs; the forms that agree with the plain function (a value of the
// element type, an integer constant, a number meeting a Float32Array, `i32(v)` / `f32(v)`)
// still run and give the plain function's answers on every backend (expected values: the
// kernel's own function called in plain JavaScript).

import { expect, it } from 'vitest';
import { atomicAdd, atomicMax, atomicMin, f32, i32, kernel, KernelError } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('atomics whose value the plain function would combine first', (backend) => {
  it('a float value on an Int32Array or Uint32Array is a KernelError at the value', async () => {
    const add = (i: number, a: Int32Array, v: Float32Array) => {
      atomicAdd(a, i, v[i]!);
    };
    const launch = kernel(add, { backend }).launch(2, new Int32Array(2), new Float32Array(2));
    await expect(launch).rejects.toThrow(KernelError);
    await expect(
      kernel(add, { backend }).launch(2, new Int32Array(2), new Float32Array(2)),
    ).rejects.toThrow(
      /atomicAdd on an Int32Array with a float value[\s\S]*v\[i\]!?\)[\s\S]*i32\(…\)/,
    );
    const halves = (i: number, a: Uint32Array) => {
      atomicMin(a, i, i / 2);
    };
    await expect(kernel(halves, { backend }).launch(2, new Uint32Array(2))).rejects.toThrow(
      /atomicMin on a Uint32Array with a float value/,
    );
    const literal = (i: number, a: Int32Array) => {
      atomicMax(a, i, 0.5);
    };
    await expect(kernel(literal, { backend }).launch(2, new Int32Array(2))).rejects.toThrow(
      /atomicMax on an Int32Array with a float value/,
    );
  });

  if (backend !== 'webgpu')
    it('an f64 value on a Float32Array is a KernelError (two roundings)', async () => {
      const add = (i: number, a: Float32Array, v: Float64Array) => {
        atomicAdd(a, 0, v[i]!);
      };
      await expect(
        kernel(add, { backend }).launch(2, new Float32Array(1), new Float64Array(2)),
      ).rejects.toThrow(/atomicAdd on a Float32Array with an f64 value[\s\S]*f32\(…\)/);
    });

  it('the forms that agree with the plain function run and give its answers', async () => {
    const fn = (i: number, a: Int32Array, f: Float32Array, v: Float32Array) => {
      atomicAdd(a, i & 3, i32(v[i]!));
      atomicAdd(a, 4 + (i & 3), 2);
      atomicMax(a, 8, i32(v[i]! * 10));
      atomicAdd(f, i & 1, v[i]!);
      atomicAdd(f, 2, 0.5);
      atomicAdd(f, 3, f32(v[i]! * 3));
    };
    const n = 64;
    const v = Float32Array.from({ length: n }, (_, i) => ((i * 37) % 23) / 4 - 2.25);
    const want = [new Int32Array(9), new Float32Array(4)] as const;
    for (let i = 0; i < n; i++) fn(i, want[0], want[1], v);
    const a = new Int32Array(9);
    const f = new Float32Array(4);
    await kernel(fn, { backend }).launch(n, a, f, v);
    expect(Array.from(a)).toEqual(Array.from(want[0]));
    // Float sums of exact quarter values: every order gives the same sum.
    expect(Array.from(f)).toEqual(Array.from(want[1]));
  });
});
