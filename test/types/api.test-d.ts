// api.test-d.ts — type tests of the public API, checked by `npm run typecheck` (tsc over
// test/): `expectTypeOf` pins what a call's type is, `@ts-expect-error` proves a wrong call
// is a type error (tsc fails on an `@ts-expect-error` with no error under it). Nothing
// here runs: the calls sit in functions that are never called.

import { expectTypeOf } from 'vitest';
import {
  type HostArray,
  type Kernel,
  type NDArray,
  type NdarrayLike,
  type TypedArray,
  f32,
  kernel,
  toDevice,
  vectorize,
  zeros,
} from 'numbat';
import { dot, matmul, monteCarloPi } from 'numbat/kernels';
import type { EsbuildPlugin } from 'numbat/esbuild';
import type { VitePlugin } from 'numbat/vite';
import numbatEsbuild from 'numbat/esbuild';
import numbatVite from 'numbat/vite';
import type { Plugin as RealEsbuildPlugin } from 'esbuild';

declare const x: Float32Array;
declare const y: Float32Array;
declare const out: Float32Array;
declare const ix: Int32Array;
declare const nd: NdarrayLike;

const saxpy = kernel(
  (i: number, a: number, xs: Float32Array, ys: Float32Array, o: Float32Array) => {
    o[i] = a * xs[i]! + ys[i]!;
  },
);
const sumsq = kernel((i: number, xs: Float64Array) => xs[i]! * xs[i]!, { reduce: 'sum' });
const grid2 = kernel((r: number, c: number, o: Int32Array, w: number) => {
  o[r * w + c] = r + c;
});

export async function launches(): Promise<void> {
  // The arguments after the grid index, in order; an NDArray or an ndarray for an array.
  expectTypeOf(await saxpy.launch(3, 2.5, x, y, out)).toEqualTypeOf<undefined>();
  await saxpy.launch([3], 2.5, await toDevice(x), nd, out);
  await saxpy.launch(3, 2.5, x, y, out, { signal: new AbortController().signal });
  // @ts-expect-error a string where a number goes
  await saxpy.launch(3, '2.5', x, y, out);
  // @ts-expect-error an Int32Array where a Float32Array goes
  await saxpy.launch(3, 2.5, ix, y, out);
  // @ts-expect-error too few arguments
  await saxpy.launch(3, 2.5, x, y);
  // @ts-expect-error too many arguments
  await saxpy.launch(3, 2.5, x, y, out, out);

  // A reduction resolves to a number, not number | undefined.
  expectTypeOf(await sumsq.launch(10, new Float64Array(10))).toEqualTypeOf<number>();
  expectTypeOf(await monteCarloPi.launch(1000, 42)).toEqualTypeOf<number>();
  expectTypeOf(await dot.launch(4, x, y)).toEqualTypeOf<number>();

  // The grid's form fixes how many leading parameters are indices.
  await grid2.launch([2, 3], ix, 3);
  // @ts-expect-error a 1-D grid leaves `c` as the first argument: ix is not a number
  await grid2.launch(6, ix, 3);
  await matmul.launch([2, 2], x, y, out, 2, 2);
  // @ts-expect-error matmul over a 2-D grid takes five arguments
  await matmul.launch([2, 2], x, y, out, 2);

  // A grid of unknown rank (a number[]) checks nothing it cannot see.
  const shape: number[] = [2, 3];
  await grid2.launch(shape, ix, 3);

  // `with` keeps the kernel's type; the untyped Kernel takes anything.
  expectTypeOf(saxpy.with({ backend: 'js' })).toEqualTypeOf(saxpy);
  const loose: Kernel = saxpy;
  await loose.launch(3, 'anything');
}

export async function arrays(): Promise<void> {
  // zeros: a dtype union, the host type follows it.
  expectTypeOf(await (await zeros(4, 'f32')).toHost()).toEqualTypeOf<Float32Array>();
  expectTypeOf(await (await zeros([2, 2], 'int32')).toHost()).toEqualTypeOf<Int32Array>();
  // @ts-expect-error not a dtype
  await zeros(4, 'complex64');
  // toDevice / toHost give back the kind given.
  expectTypeOf(await (await toDevice(new Uint8Array(4))).toHost()).toExtend<Uint8Array>();
  expectTypeOf(await toDevice(x)).toExtend<NDArray<Float32Array>>();
  expectTypeOf(await (await toDevice(nd)).toHost()).toEqualTypeOf<NdarrayLike>();
  // @ts-expect-error a plain array is not an array numbat moves
  await toDevice([1, 2, 3]);
  // `using` frees the device memory (Symbol.dispose, declared without @types/node).
  {
    using d = await zeros(4, 'f64');
    expectTypeOf(d.size).toEqualTypeOf<number>();
  }
}

export async function vectorized(): Promise<void> {
  const hyp = vectorize((a: number, b: number) => Math.sqrt(a * a + b * b));
  expectTypeOf(await hyp(3, 4)).toEqualTypeOf<number>();
  expectTypeOf(await hyp(x, 4)).toEqualTypeOf<Float32Array>();
  expectTypeOf(await hyp(new Float64Array(2), 1)).toEqualTypeOf<Float64Array>();
  expectTypeOf(await hyp(x, new Float64Array(2))).toEqualTypeOf<TypedArray>();
  expectTypeOf(await hyp(await zeros(2, 'f32'), x)).toEqualTypeOf<NDArray<TypedArray>>();
  expectTypeOf(await hyp(nd, 1)).toEqualTypeOf<NdarrayLike>();
  expectTypeOf(await hyp(await toDevice(nd), x)).toEqualTypeOf<NDArray<HostArray>>();
  // @ts-expect-error the function takes two arguments
  await hyp(x);
  // @ts-expect-error a string is not a number or an array
  await hyp(x, 'four');
  const toF32 = vectorize((v: number) => f32(v));
  expectTypeOf(await toF32(new Float64Array(1))).toEqualTypeOf<Float64Array>();
  // With options.out, every call resolves to that array.
  const target: Int32Array = new Int32Array(2);
  const into = vectorize((a: number, b: number) => a + b, { out: target });
  expectTypeOf(await into(x, 1)).toEqualTypeOf<Int32Array>();
  // A boolean result is stored as 0 or 1 (probe 23: it was a type error).
  const above = vectorize((a: number) => a > 1);
  expectTypeOf(await above(x)).toEqualTypeOf<Float32Array>();
  // @ts-expect-error a string is no result
  vectorize((a: number) => `${a}`);
  // @ts-expect-error an unknown option
  vectorize((a: number) => a, { backnd: 'js' });
  // @ts-expect-error options are given to vectorize, not to each call
  await hyp(x, 4, { backend: 'js' });
}

export function plugins(): void {
  // The plugins fit esbuild's and Vite's own plugin types, with neither imported by numbat.
  const e: RealEsbuildPlugin = numbatEsbuild();
  expectTypeOf(numbatEsbuild({ recordAll: true })).toEqualTypeOf<EsbuildPlugin>();
  expectTypeOf(numbatVite()).toEqualTypeOf<VitePlugin>();
  void e;
  // @ts-expect-error an unknown option
  numbatEsbuild({ minify: true });
}
