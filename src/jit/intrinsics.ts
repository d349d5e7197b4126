// intrinsics.ts — the functions a kernel may call besides Math.*, as plain JavaScript.
//
// Each intrinsic is an ordinary function so a kernel also runs as plain JavaScript
// (kernel.fn, NUMBAT_DISABLE_JIT). The compiler recognises them by name; every backend
// must reproduce these definitions exactly (random bit for bit).

import type { TypedArray } from './types/dtype.js';

/**
 * Converts to f32 with JS semantics (`Math.fround`).
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float64Array, out: Float32Array) => { out[i] = f32(x[i]!); });
 * ```
 */
export const f32 = (x: number): number => Math.fround(x);
/**
 * Marks a value as f64 (a no-op in plain JS): `f64(a[i]) + b[i]` keeps JavaScript's
 * meaning where integers would wrap.
 *
 * @example
 * ```ts
 * kernel((i: number, a: Int32Array, out: Float64Array) => { out[i] = f64(a[i]!) * 3e9; });
 * ```
 */
export const f64 = (x: number): number => +x;
/**
 * Converts to i32 with JS semantics (`x | 0`).
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float32Array, out: Int32Array) => { out[i] = i32(x[i]! * 255); });
 * ```
 */
export const i32 = (x: number): number => x | 0;
/**
 * Converts to u32 with JS semantics (`x >>> 0`).
 *
 * @example
 * ```ts
 * kernel((i: number, out: Uint32Array) => { out[i] = u32(-i); });
 * ```
 */
export const u32 = (x: number): number => x >>> 0;

type AtomicTarget = TypedArray | { get(i: number): number; set(i: number, v: number): unknown };

function rmw(a: AtomicTarget, i: number, f: (old: number) => number): number {
  if (ArrayBuffer.isView(a)) {
    const old = (a as TypedArray)[i]!;
    (a as TypedArray)[i] = f(old);
    return old;
  }
  const old = a.get(i);
  a.set(i, f(old));
  return old;
}

/**
 * a[i] += v atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float32Array, bins: Uint32Array) => { atomicAdd(bins, x[i]! > 0 ? 1 : 0, 1); });
 * ```
 */
export const atomicAdd = (a: AtomicTarget, i: number, v: number): number => rmw(a, i, (o) => o + v);
/**
 * a[i] -= v atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, left: Int32Array) => { atomicSub(left, 0, 1); });
 * ```
 */
export const atomicSub = (a: AtomicTarget, i: number, v: number): number => rmw(a, i, (o) => o - v);
/**
 * a[i] = min(a[i], v) atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Int32Array, lo: Int32Array) => { atomicMin(lo, 0, x[i]!); });
 * ```
 */
export const atomicMin = (a: AtomicTarget, i: number, v: number): number =>
  rmw(a, i, (o) => Math.min(o, v));
/**
 * a[i] = max(a[i], v) atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Int32Array, hi: Int32Array) => { atomicMax(hi, 0, x[i]!); });
 * ```
 */
export const atomicMax = (a: AtomicTarget, i: number, v: number): number =>
  rmw(a, i, (o) => Math.max(o, v));

/** The 32-bit integer finaliser behind `random` (Wellons' lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The constant `random` xors into the seed. */
export const RANDOM_SEED_XOR = 0x9e3779b9;

/**
 * Counter-based random number: k · 2^-24 for k in [0, 2^24), the same on every backend.
 * `random(seed, counter) = (mix32((mix32(seed ^ 0x9e3779b9) + counter) | 0) >>> 8) · 2^-24`,
 * with seed and counter converted to 32-bit integers as JS bitwise operators do.
 *
 * @example
 * ```ts
 * kernel((i: number, seed: number, out: Float32Array) => { out[i] = random(seed, i); });
 * ```
 */
export function random(seed: number, counter: number): number {
  const h = mix32((mix32(seed ^ RANDOM_SEED_XOR) + (counter | 0)) | 0);
  return (h >>> 8) * 5.9604644775390625e-8;
}

/** Math functions a kernel may call, with their arity (-1: one or more, folded pairwise). */
export const MATH_FUNCTIONS: Record<string, number> = {
  abs: 1,
  sign: 1,
  sqrt: 1,
  cbrt: 1,
  floor: 1,
  ceil: 1,
  round: 1,
  trunc: 1,
  fround: 1,
  exp: 1,
  expm1: 1,
  log: 1,
  log1p: 1,
  log2: 1,
  log10: 1,
  sin: 1,
  cos: 1,
  tan: 1,
  asin: 1,
  acos: 1,
  atan: 1,
  atan2: 2,
  sinh: 1,
  cosh: 1,
  tanh: 1,
  asinh: 1,
  acosh: 1,
  atanh: 1,
  pow: 2,
  hypot: 2,
  min: -1,
  max: -1,
  imul: 2,
  clz32: 1,
};

/** Math and Number constants a kernel may read. */
export const CONSTANTS: Record<string, number> = {
  'Math.PI': Math.PI,
  'Math.E': Math.E,
  'Math.LN2': Math.LN2,
  'Math.LN10': Math.LN10,
  'Math.LOG2E': Math.LOG2E,
  'Math.LOG10E': Math.LOG10E,
  'Math.SQRT2': Math.SQRT2,
  'Math.SQRT1_2': Math.SQRT1_2,
  'Number.EPSILON': Number.EPSILON,
  'Number.MAX_VALUE': Number.MAX_VALUE,
  'Number.MIN_VALUE': Number.MIN_VALUE,
  'Number.MAX_SAFE_INTEGER': Number.MAX_SAFE_INTEGER,
  'Number.MIN_SAFE_INTEGER': Number.MIN_SAFE_INTEGER,
  'Number.POSITIVE_INFINITY': Infinity,
  'Number.NEGATIVE_INFINITY': -Infinity,
  'Number.NaN': NaN,
};

/** Names of the exported intrinsics the compiler recognises (also as `ns.name(...)`). */
export const INTRINSIC_NAMES = new Set([
  'f32',
  'f64',
  'i32',
  'u32',
  'atomicAdd',
  'atomicSub',
  'atomicMin',
  'atomicMax',
  'random',
]);

/**
 * The intrinsic an identifier names, if any. Bundlers rename imports to avoid clashes
 * (esbuild turns a second `random` into `random2`), so a trailing number is ignored
 * when the name is otherwise unbound.
 */
export function intrinsicNamed(name: string): string | undefined {
  if (INTRINSIC_NAMES.has(name)) return name;
  // `f322` is f32 renamed: match an intrinsic's full name followed by digits.
  for (const intrinsic of INTRINSIC_NAMES) {
    if (
      name.length > intrinsic.length &&
      name.startsWith(intrinsic) &&
      /^\d+$/.test(name.slice(intrinsic.length))
    )
      return intrinsic;
  }
  return undefined;
}

/** The intrinsic a function value is (for `uses: { random }`), if any. */
export function intrinsicOf(value: unknown): string | undefined {
  const table: Record<string, unknown> = {
    f32,
    f64,
    i32,
    u32,
    atomicAdd,
    atomicSub,
    atomicMin,
    atomicMax,
    random,
  };
  return Object.keys(table).find((k) => table[k] === value);
}
