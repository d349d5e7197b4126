// values.ts — what the generated arrays and scalars hold: edge values per dtype (±0, NaN,
// ±Infinity, subnormals, ±2^31, 2^32 − 1, …) mixed with ordinary values, and the typed
// array constructors. Every value is already representable in its dtype.

import type { DType } from './ast.js';
import type { Rng } from './prng.js';

export type AnyTypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

export const TYPED_ARRAY: Readonly<
  Record<DType, new (n: number | ArrayLike<number>) => AnyTypedArray>
> = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
};

export const F32_MAX = 3.4028234663852886e38;

/** Values that break backends, per dtype (converted to the dtype when stored). */
export const EDGE_VALUES: Readonly<Record<DType, readonly number[]>> = {
  f32: [
    NaN,
    0,
    -0,
    Infinity,
    -Infinity,
    F32_MAX,
    -F32_MAX,
    2 ** -149,
    -(2 ** -149),
    2 ** -126,
    2 ** -130,
    -(2 ** -127),
    1,
    -1,
    0.5,
    -2.5,
    2.5,
    -(2 ** 31),
    2 ** 31,
    2 ** 32,
    2 ** 24,
    2 ** 24 + 2,
    1e-7,
    3.1415927,
    1e30,
    -1e-30,
    65504,
  ],
  f64: [
    NaN,
    0,
    -0,
    Infinity,
    -Infinity,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    2 ** -1022,
    F32_MAX,
    2 ** -149,
    1,
    -1,
    0.5,
    -2.5,
    2.5,
    -(2 ** 31),
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    1e-300,
    0.1,
    1e308,
    -1e-10,
  ],
  i32: [
    -(2 ** 31),
    2 ** 31 - 1,
    -1,
    0,
    1,
    2,
    -2,
    31,
    32,
    33,
    65535,
    65536,
    -(2 ** 31) + 1,
    2 ** 31 - 2,
    46341,
    16777217,
  ],
  u32: [
    0,
    1,
    2,
    31,
    32,
    33,
    2 ** 31,
    2 ** 31 - 1,
    2 ** 31 + 1,
    2 ** 32 - 1,
    2 ** 32 - 2,
    65536,
    46341,
    16777217,
  ],
  i16: [-32768, 32767, -1, 0, 1, 255, 256, -256],
  u16: [0, 65535, 1, 32768, 32767, 255, 256],
  i8: [-128, 127, -1, 0, 1, 64, -64],
  u8: [0, 255, 1, 128, 127, 16],
};

const INT_RANGE: Readonly<Record<Exclude<DType, 'f32' | 'f64'>, readonly [number, number]>> = {
  i32: [-(2 ** 31), 2 ** 31 - 1],
  u32: [0, 2 ** 32 - 1],
  i16: [-32768, 32767],
  u16: [0, 65535],
  i8: [-128, 127],
  u8: [0, 255],
};

/** Converts to the dtype exactly as storing into its typed array does. */
export function toDType(dtype: DType, v: number): number {
  const one = new TYPED_ARRAY[dtype](1);
  one[0] = v;
  return one[0]!;
}

/** How an array's values are drawn. */
export type Flavor = 'mixed' | 'ordinary' | 'smallInts';

/** One value of `dtype`: edges, ordinary magnitudes, or full-range bits. */
export function drawValue(rng: Rng, dtype: DType, flavor: Flavor): number {
  if (flavor === 'smallInts') return toDType(dtype, rng.int(-20, 20));
  if (flavor === 'mixed' && rng.chance(0.25)) return toDType(dtype, rng.pick(EDGE_VALUES[dtype]));
  if (dtype === 'f32' || dtype === 'f64') {
    switch (rng.int(0, 5)) {
      case 0:
        return toDType(dtype, rng.int(-8, 8));
      case 1:
        return toDType(dtype, rng.int(-64, 64) / 8);
      case 2: {
        // any exponent: tiny to huge, both signs
        const limit = dtype === 'f32' ? 127 : 1023;
        return toDType(dtype, (rng.next() * 2 - 1) * 2 ** rng.int(-limit, limit));
      }
      default:
        return toDType(dtype, (rng.next() * 2 - 1) * 100);
    }
  }
  const [lo, hi] = INT_RANGE[dtype as Exclude<DType, 'f32' | 'f64'>];
  if (rng.chance(0.5)) return toDType(dtype, rng.int(Math.max(lo, -100), Math.min(hi, 100)));
  return toDType(dtype, lo + Math.floor(rng.next() * (hi - lo + 1)));
}

export function drawValues(rng: Rng, dtype: DType, n: number, flavor: Flavor): number[] {
  return Array.from({ length: n }, () => drawValue(rng, dtype, flavor));
}

/** Initial contents of an atomic array: order-independent under its family of updates. */
export function drawAtomicValues(
  rng: Rng,
  dtype: DType,
  n: number,
  family: 'addSub' | 'min' | 'max',
): number[] {
  if (family !== 'addSub' || dtype === 'i32' || dtype === 'u32')
    return drawValues(rng, dtype, n, 'mixed');
  // Float sums stay exact (and so order-independent) on small integers; ±Infinity and NaN absorb.
  return Array.from({ length: n }, () =>
    toDType(dtype, rng.chance(0.1) ? rng.pick([Infinity, -Infinity, NaN]) : rng.int(-50, 50)),
  );
}

/** Integer scalars (i32 in numbat) and float scalars (weak; all f32-representable, never integers). */
export const INT_SCALARS: readonly number[] = [
  0,
  1,
  2,
  3,
  5,
  7,
  -1,
  -3,
  100,
  65536,
  -(2 ** 31),
  2 ** 31 - 1,
];
export const FLOAT_SCALARS: readonly number[] = [
  0.5,
  -2.75,
  1.5,
  Math.fround(Math.PI),
  Math.fround(0.1),
  Math.fround(1e-40),
  NaN,
  Infinity,
  -Infinity,
  -0.125,
  Math.fround(1e-7),
];

/** A fresh typed array holding `values`, repeated to fill `length`. */
export function makeTypedArray(
  dtype: DType,
  length: number,
  values: readonly number[],
): AnyTypedArray {
  const a = new TYPED_ARRAY[dtype](length);
  if (values.length > 0) for (let k = 0; k < length; k++) a[k] = values[k % values.length]!;
  return a;
}
