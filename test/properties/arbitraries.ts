// arbitraries.ts — fast-check generators of 64-element typed arrays per dtype, with the
// edge values that break backends mixed in: NaN, ±0, ±Infinity, f32 max and the smallest
// subnormals for floats; INT_MIN, INT_MAX, −1, 0, 2^31 and 0xFFFFFFFF for integers.
// Also the run settings: runs per property and the reproducible seed.

import fc from 'fast-check';

/** The dtypes the property tests cover. */
export type PropertyDType = 'f32' | 'f64' | 'i32' | 'u32';

export const PROPERTY_DTYPES: readonly PropertyDType[] = ['f32', 'f64', 'i32', 'u32'];

/** Elements per generated array. */
export const ARRAY_LENGTH = 64;

export const F32_MAX = 3.4028234663852886e38;
export const F32_MIN_SUBNORMAL = 2 ** -149;
export const F32_MIN_NORMAL = 2 ** -126;
export const INT_MIN = -(2 ** 31);
export const INT_MAX = 2 ** 31 - 1;

/** Edge values per dtype (already representable in that dtype). */
export const EDGE_VALUES: Readonly<Record<PropertyDType, readonly number[]>> = {
  f32: [
    NaN,
    0,
    -0,
    Infinity,
    -Infinity,
    F32_MAX,
    -F32_MAX,
    F32_MIN_SUBNORMAL,
    -F32_MIN_SUBNORMAL,
    F32_MIN_NORMAL,
    1,
    -1,
    0.5,
    -2.5,
    2.5,
    INT_MIN,
    2 ** 31,
    2 ** 32,
    16777217 - 1,
    1e-7,
  ],
  f64: [
    NaN,
    0,
    -0,
    Infinity,
    -Infinity,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    2 ** -1022,
    F32_MAX,
    F32_MIN_SUBNORMAL,
    1,
    -1,
    0.5,
    -2.5,
    2.5,
    INT_MIN,
    INT_MAX,
    2 ** 31,
    0xffffffff,
    2 ** 53,
    1e-300,
  ],
  i32: [
    INT_MIN,
    INT_MAX,
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
    INT_MIN + 1,
    INT_MAX - 1,
    46341,
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
    0xffffffff,
    0xfffffffe,
    65536,
    46341,
  ],
};

/** The typed-array constructor per dtype. */
export const ARRAY_OF: Readonly<
  Record<
    PropertyDType,
    new (
      values: number[],
    ) => Float32Array | Float64Array | Int32Array | Uint32Array
  >
> = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
};

function valueArbitrary(dtype: PropertyDType): fc.Arbitrary<number> {
  switch (dtype) {
    case 'f32':
      return fc.float();
    case 'f64':
      return fc.double();
    case 'i32':
      return fc.integer({ min: INT_MIN, max: INT_MAX });
    case 'u32':
      return fc.integer({ min: 0, max: 0xffffffff });
    default: {
      const unreachable: never = dtype;
      throw new Error(`unknown dtype ${String(unreachable)}`);
    }
  }
}

/** Small, "ordinary" values, so results are not dominated by overflow and NaN. */
function ordinaryArbitrary(dtype: PropertyDType): fc.Arbitrary<number> {
  switch (dtype) {
    case 'f32':
      return fc.float({ min: -100, max: 100, noNaN: true });
    case 'f64':
      return fc.double({ min: -100, max: 100, noNaN: true });
    case 'i32':
      return fc.integer({ min: -100, max: 100 });
    case 'u32':
      return fc.integer({ min: 0, max: 200 });
    default: {
      const unreachable: never = dtype;
      throw new Error(`unknown dtype ${String(unreachable)}`);
    }
  }
}

/** A 64-element typed array of `dtype`: full-range values, ordinary values and edge values mixed. */
export function arrayArbitrary(
  dtype: PropertyDType,
): fc.Arbitrary<Float32Array | Float64Array | Int32Array | Uint32Array> {
  const element = fc.oneof(
    { weight: 2, arbitrary: valueArbitrary(dtype) },
    { weight: 2, arbitrary: ordinaryArbitrary(dtype) },
    { weight: 1, arbitrary: fc.constantFrom(...EDGE_VALUES[dtype]) },
  );
  return fc
    .array(element, { minLength: ARRAY_LENGTH, maxLength: ARRAY_LENGTH })
    .map((values) => new ARRAY_OF[dtype](values));
}

/** Runs per property: NUMBAT_PROPERTY_RUNS, else 50. */
export function propertyRuns(): number {
  const fromEnv = Number(process.env['NUMBAT_PROPERTY_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 50;
}

/** The seed used when NUMBAT_PROPERTY_SEED is not set: every run draws the same inputs. */
export const DEFAULT_PROPERTY_SEED = 0x6e756d62;

/** The base seed: NUMBAT_PROPERTY_SEED (an integer), else DEFAULT_PROPERTY_SEED. */
export function propertySeed(): number {
  const text = process.env['NUMBAT_PROPERTY_SEED'];
  if (text === undefined || text.trim() === '') return DEFAULT_PROPERTY_SEED;
  const fromEnv = Number(text);
  if (!Number.isInteger(fromEnv))
    throw new Error(`NUMBAT_PROPERTY_SEED must be an integer, got "${text}"`);
  return fromEnv | 0;
}

/**
 * The fast-check seed of one property: the base seed mixed with the property's name
 * (FNV-1a), so each property draws its own inputs, the same on every backend and run.
 */
export function seedFor(baseSeed: number, propertyName: string): number {
  let hash = 0x811c9dc5 ^ baseSeed;
  for (let k = 0; k < propertyName.length; k++) {
    hash ^= propertyName.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
