// mixedWidth.test.ts — f64 vectors as pairs of f64x2 in the 4-lane SIMD loop (simd.ts).
// Kernels that mix f64 with i32/f32 work, compiled from plain functions, run on the SIMD
// and the scalar path of the wasm backend and are held to the plain function: tails (n not
// a multiple of 4), NaN and ±0, masked-off lanes (divergent if, while with break, early
// return), conversions both ways, gathers and scatters, per-lane Math, hoisted f64 scalars,
// and f64 reductions (deterministic for a given size).

import { describe, expect, test } from 'vitest';
import wabtInit from 'wabt';
import { random } from '../../src/index.js';
import { generateWasm } from '../../src/jit/codegen/wasm.js';
import { defineKernel } from '../../src/runtime/definition.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';
import { specialise } from '../../src/jit/pipeline.js';
import { makeSignature } from '../../src/jit/types/signature.js';
import { describeArg } from '../../src/runtime/arguments.js';
import type { TypedArray } from '../../src/jit/types/dtype.js';
import { runWasm } from './irBuilders.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Plain = (...args: any[]) => any;
type Reduce = 'sum' | 'max';

/** The IR of `fn` for a 1-D grid and these arguments, as kernel() would build it. */
function irOf(fn: Plain, reduce: Reduce | undefined, args: readonly unknown[]): IrKernel {
  const def = defineKernel(fn, reduce ? { reduce } : {}, undefined);
  return specialise(
    def,
    makeSignature(
      1,
      args.map((a, k) => describeArg(a, `arg${k}`, 'mixed')),
    ),
  );
}

async function validate(ir: IrKernel): Promise<void> {
  const wabt = await wabtInit();
  const mod = wabt.readWasm(generateWasm(ir, { shared: true }).bytes, {
    readDebugNames: false,
    simd: true,
    threads: true,
  });
  expect(() =>
    (mod.validate as (features: object) => void)({ simd: true, threads: true }),
  ).not.toThrow();
  mod.destroy();
}

/** Runs `ir` on the wasm backend with the kernel's arguments (arrays written in place). */
function launch(
  ir: IrKernel,
  args: unknown[],
  n: number,
  simd: boolean,
): Promise<number | undefined> {
  const argOf = (argIndex: number): unknown => args[argIndex];
  const arrays = ir.buffers.map((b) => argOf(b.argIndex) as TypedArray);
  const scalars = ir.scalars.map((s) => {
    if (s.source.kind === 'arg') return argOf(s.source.argIndex) as number;
    if (s.source.kind === 'grid') return n;
    throw new Error(
      `test kernels take plain numbers and typed arrays, not ${s.source.kind} scalars`,
    );
  });
  return runWasm(ir, arrays, scalars, [n], simd);
}

/** The plain function over [0, n) (the specification), folding returns for reduce kernels. */
function runPlain(
  fn: Plain,
  args: unknown[],
  n: number,
  reduce: Reduce | undefined,
): number | undefined {
  let acc = reduce === 'max' ? -Infinity : 0;
  for (let i = 0; i < n; i++) {
    const v = fn(i, ...args) as number;
    if (reduce === 'sum') acc += v;
    if (reduce === 'max') acc = Math.max(acc, v);
  }
  return reduce ? acc : undefined;
}

/**
 * Checks `fn` at every size: both wasm paths against the plain function, arrays exactly
 * (f64 math is IEEE on both sides; Math functions are the host's), reductions within
 * rounding of the different summation order and identical across two SIMD runs.
 */
async function check(
  fn: Plain,
  makeArgs: (n: number) => unknown[],
  sizes: readonly number[],
  reduce?: Reduce,
): Promise<IrKernel> {
  const ir = irOf(fn, reduce, makeArgs(sizes[0]!));
  const code = generateWasm(ir, { shared: true });
  expect(code.lanes).toBe(4);
  expect(code.listing).toContain('(f64 values as pairs of f64x2)');
  await validate(ir);
  for (const n of sizes) {
    const want = makeArgs(n);
    const wantValue = runPlain(fn, want, n, reduce);
    for (const simd of [true, false]) {
      const got = makeArgs(n);
      const value = await launch(ir, got, n, simd);
      const path = `${simd ? 'SIMD' : 'scalar'} path, n = ${n}`;
      got.forEach((a, k) => {
        if (ArrayBuffer.isView(a))
          expect(Array.from(a as TypedArray), `${path}, argument ${k}`).toEqual(
            Array.from(want[k] as TypedArray),
          );
      });
      if (reduce) {
        expect(Math.abs(value! - wantValue!), path).toBeLessThanOrEqual(
          Math.abs(wantValue!) * 1e-12,
        );
        if (simd)
          expect(await launch(ir, makeArgs(n), n, true), `${path}: deterministic`).toBe(value);
      }
    }
  }
  return ir;
}

/** Float64Array of n values cycling through `special` then a smooth pattern in (−2, 2). */
function f64Data(n: number, special: readonly number[] = []): Float64Array {
  return new Float64Array(n).map((_, k) =>
    k % 11 < special.length ? special[k % 11]! : Math.sin(k * 1.37) * 2,
  );
}

const TAILS = [1, 2, 3, 4, 5, 7, 9, 33, 130];
const SPECIAL = [NaN, -0, 0, Infinity, -Infinity, -1, 2 ** 40 + 0.5];

describe('f64 pairs in the 4-lane SIMD loop', () => {
  test('elementwise f64 loads, math and stores with tails, NaN and ±0', async () => {
    await check(
      (i: number, x: Float64Array, out: Float64Array) => {
        out[i] = Math.sqrt(x[i]!) * 0.5 + x[i]! / 3 - Math.abs(x[i]!);
      },
      (n) => [f64Data(n, SPECIAL), new Float64Array(n).fill(-7)],
      TAILS,
    );
  });

  test('mixed i32/u32/f32/f64: conversions both ways (ToInt32 wrap, demote, u32 → f64)', async () => {
    await check(
      (
        i: number,
        x: Float64Array,
        y: Float32Array,
        k: Int32Array,
        outD: Float64Array,
        outF: Float32Array,
        outI: Int32Array,
        outU: Float64Array,
      ) => {
        const d = x[i]! * 1.5 + y[i]! + k[i]! / 3;
        outD[i] = d + i;
        outF[i] = d;
        outI[i] = (d * 1e9) | 0;
        outU[i] = (k[i]! >>> 0) * 0.5 + (y[i]! > d ? 1 : 0);
      },
      (n) => [
        f64Data(n, SPECIAL),
        new Float32Array(n).map((_, j) => (j % 5) - 1.75),
        new Int32Array(n).map((_, j) => (j % 3 === 0 ? -2147483648 + j : j * 7919 - 400)),
        new Float64Array(n),
        new Float32Array(n),
        new Int32Array(n),
        new Float64Array(n),
      ],
      TAILS,
    );
  });

  test('divergent if/else chains assign f64 values under masks (lanes 0–1 and 2–3 differ)', async () => {
    await check(
      (i: number, x: Float64Array, out: Float64Array) => {
        let v = x[i]!;
        if (v > 0.3) v = v * v - 1;
        else if (v < -0.2) v = -v;
        else v = v / 3;
        out[i] = v;
      },
      (n) => [f64Data(n, SPECIAL), new Float64Array(n)],
      TAILS,
    );
  });

  test('data-dependent while with break: f64 state and an i32 count per lane', async () => {
    await check(
      (i: number, cr: Float64Array, out: Float64Array, iters: Int32Array, maxIter: number) => {
        const c = cr[i]!;
        let x = 0;
        let y = 0;
        let k = 0;
        while (k < maxIter) {
          const x2 = x * x;
          const y2 = y * y;
          if (x2 + y2 > 4) break;
          y = 2 * x * y + c * 0.5;
          x = x2 - y2 + c;
          k++;
        }
        out[i] = x + y;
        iters[i] = k;
      },
      (n) => [
        new Float64Array(n).map((_, j) => -2 + (j * 2.7) / n),
        new Float64Array(n),
        new Int32Array(n),
        60,
      ],
      [3, 4, 5, 67],
    );
  });

  test('early return under a mask in an f64 sum reduction', async () => {
    await check(
      (i: number, x: Float64Array) => {
        const v = x[i]!;
        if (v !== v) return 0;
        if (v < 0) return -v * 0.5 + i;
        return v * v;
      },
      (n) => [f64Data(n, [NaN, -0, -1.5])],
      [1, 2, 3, 5, 8, 1001],
      'sum',
    );
  });

  test('f64 max reduction of i32 × f64 products', async () => {
    await check(
      (i: number, x: Float64Array, k: Int32Array) => x[i]! * k[i]!,
      (n) => [f64Data(n), new Int32Array(n).map((_, j) => (j % 7) - 3)],
      [1, 3, 4, 6, 257],
      'max',
    );
  });

  test('gathers, scatters and stores under a mask', async () => {
    await check(
      (
        i: number,
        x: Float64Array,
        idx: Int32Array,
        out: Float64Array,
        masked: Float64Array,
        n: number,
      ) => {
        out[idx[i]!] = x[(i * 7) % n]! * 2;
        if (x[i]! > 0) masked[i] = x[i]! + 1;
      },
      (n) => [
        f64Data(n, SPECIAL),
        new Int32Array(n).map((_, j) => (j * 5 + 3) % n),
        new Float64Array(n),
        new Float64Array(n).fill(-3),
        n,
      ],
      TAILS,
    );
  });

  test('per-lane Math, %, selects, && / || and truthiness of f64 values', async () => {
    await check(
      (i: number, x: Float64Array, out: Float64Array, out2: Float64Array, flags: Int32Array) => {
        const v = x[i]!;
        out[i] =
          Math.exp(v) +
          v ** 3 +
          (v % 0.7) +
          Math.round(v * 3) +
          Math.sign(v) +
          Math.fround(v) +
          Math.min(v, 0.5) +
          Math.max(v, -0.25) +
          Math.floor(v) +
          Math.ceil(v) +
          Math.trunc(v) +
          Math.atan2(v, 2);
        out2[i] = (v > 0 ? v : -2 * v) + (v || 3) + (v && 5);
        flags[i] = v ? 1 : 0;
      },
      (n) => [f64Data(n, SPECIAL), new Float64Array(n), new Float64Array(n), new Int32Array(n)],
      TAILS,
    );
  });

  test('a uniform f64 scalar read in a masked loop (hoisted splat) and f64 scalars meeting i32 lanes', async () => {
    await check(
      (i: number, x: Float64Array, out: Float64Array, limit: number, scale: number) => {
        let v = x[i]!;
        let k = 0;
        while (v < limit && k < 50) {
          v = v * 1.7 + 0.1;
          k++;
        }
        out[i] = v + k * scale + i * scale;
      },
      (n) => [
        new Float64Array(n).map((_, j) => (j % 9) * 0.3 - 1),
        new Float64Array(n),
        3.5,
        0.125,
      ],
      [4, 7, 41],
    );
  });

  test('Monte Carlo π with f64 random(): 4 lanes, integer hash once, exact count', async () => {
    const pi = (i: number, seed: number): number => {
      const x = random(seed, 2 * i);
      const y = random(seed, 2 * i + 1);
      return x * x + y * y < 1 ? 1 : 0;
    };
    const ir = await check(pi, () => [12345], [1, 3, 4, 4099], 'sum');
    const listing = generateWasm(ir, { shared: true }).listing;
    const simdLoop = listing.slice(
      listing.indexOf(';; SIMD loop'),
      listing.indexOf(';; scalar loop'),
    );
    expect(simdLoop).toContain(';; SIMD loop: 4 lanes of i (f64 values as pairs of f64x2)');
    // Two counter hashes of 4 lanes each (two i32x4.mul per hash), the comparison per half.
    expect(simdLoop.match(/i32x4\.mul/g)).toHaveLength(4);
    expect(simdLoop.match(/f64x2\.lt/g)).toHaveLength(2);
  });
});
