// errorModel.ts — how far each backend may legitimately be from the exact typed value,
// and the float helpers the interpreter's error bounds are built from.
//
// js and workers call V8's own Math functions: everything is exact. wasm's vectorised
// fdlibm kernels are within 2 ulps of V8 in f64 (1 for all but tan and log10) and within
// 1 ulp of Math.fround(Math.f(x)) in f32 (README, "Semantics decided once"). WebGPU is
// held to 2 ulps of fround(Math.f(x)) (the target being brought in), may round an
// integer to f32 either way (WGSL), divides f32 within 2.5 ulps (WGSL), and accumulates
// reductions in f32.
// Relaxations explain a mismatch after the fact: one that disappears when Math functions
// may be 4096 ulps off, may return anything where JS gives NaN or ±Infinity, or when f32
// subnormals may flush to zero, is attributed to that cause.

/** What a backend may do differently from the exact typed semantics. */
export interface ErrorModel {
  readonly name: string;
  /** ulps of the result's precision a rounding Math function may be off (0: exact). */
  readonly mathUlps: (fn: string, precision: 'f32' | 'f64') => number;
  /** int → f32 conversions may round to either neighbour. */
  readonly looseIntToF32: boolean;
  /** f32 subnormals may be flushed to zero (a relaxation only). */
  readonly flushSubnormals: boolean;
  /** Rounding Math functions may return anything where JS gives NaN or ±Infinity, or is given them (a relaxation only). */
  readonly looseMathSpecials: boolean;
  /** Unit roundoff of float reduce accumulation. */
  readonly reduceUnit: number;
  /** ulps an f32 division may be off (0: correctly rounded). */
  readonly f32DivUlps: number;
}

/** Math functions that are correctly rounded (or exact) on every backend. */
export const EXACT_MATH = new Set([
  'abs',
  'sign',
  'floor',
  'ceil',
  'round',
  'trunc',
  'sqrt',
  'fround',
  'min',
  'max',
  'imul',
  'clz32',
]);

const exact: ErrorModel = {
  name: 'exact',
  mathUlps: () => 0,
  looseIntToF32: false,
  flushSubnormals: false,
  looseMathSpecials: false,
  reduceUnit: 2 ** -53,
  f32DivUlps: 0,
};

const wasm: ErrorModel = {
  ...exact,
  name: 'wasm',
  mathUlps: (fn, precision) =>
    EXACT_MATH.has(fn) ? 0 : precision === 'f32' ? 1 : fn === 'tan' || fn === 'log10' ? 2 : 1,
};

const webgpu: ErrorModel = {
  ...exact,
  name: 'webgpu',
  mathUlps: (fn) => (EXACT_MATH.has(fn) ? 0 : 2),
  looseIntToF32: true,
  reduceUnit: 2 ** -24,
  // WGSL allows 2.5 ulps for x / y (|y| in [2^-126, 2^126]); SwiftShader computes it as
  // x × (1/y), which is 1 ulp off for some operands (fuzz seed 20261215, case 2515).
  f32DivUlps: 2.5,
};

/** The model a backend is held to. */
export function modelFor(backend: string): ErrorModel {
  if (backend === 'wasm') return wasm;
  if (backend === 'webgpu') return webgpu;
  return exact;
}

/**
 * The Math relaxation's bound: far beyond any promise (so a mismatch it explains is
 * certainly about Math accuracy), but finite, so a wrong reduction or store still shows.
 */
export const LOOSE_MATH_ULPS = 4096;

/** A relaxation that can explain a mismatch: its name and the relaxed model. */
export interface Relaxation {
  readonly cause: string;
  readonly model: ErrorModel;
}

/** The relaxations worth trying for a backend, single causes first. */
export function relaxationsFor(backend: string): Relaxation[] {
  const base = modelFor(backend);
  const looseMath = (fn: string) => (EXACT_MATH.has(fn) ? 0 : LOOSE_MATH_ULPS);
  if (backend === 'wasm')
    return [{ cause: 'Math function accuracy', model: { ...base, mathUlps: looseMath } }];
  if (backend !== 'webgpu') return [];
  const ftz = { ...base, flushSubnormals: true };
  const specials = { ...base, looseMathSpecials: true };
  return [
    { cause: 'f32 subnormals flushed to zero', model: ftz },
    { cause: 'Math special values (NaN/Infinity in or out)', model: specials },
    { cause: 'Math function accuracy', model: { ...base, mathUlps: looseMath } },
    {
      cause: 'Math function accuracy and special values',
      model: { ...specials, mathUlps: looseMath },
    },
    {
      cause: 'Math function accuracy and special values, with f32 subnormals flushed',
      model: { ...specials, ...ftz, looseMathSpecials: true, mathUlps: looseMath },
    },
  ];
}

// --- float helpers ------------------------------------------------------------------------

const bits = new DataView(new ArrayBuffer(8));

/** The next f64 above x (x itself for +Infinity and NaN). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  bits.setFloat64(0, x);
  const b = bits.getBigUint64(0);
  bits.setBigUint64(0, x > 0 ? b + 1n : b - 1n);
  return bits.getFloat64(0);
}

export function nextDown(x: number): number {
  return -nextUp(-x);
}

export const MAX_FINITE = { f32: 3.4028234663852886e38, f64: Number.MAX_VALUE } as const;

/** The spacing of floats of `precision` at |x| (the smallest subnormal at 0). */
export function ulp(precision: 'f32' | 'f64', x: number): number {
  const a = Math.abs(x);
  const [minExp, mant] = precision === 'f32' ? [-126, 23] : [-1022, 52];
  if (!Number.isFinite(a)) return Infinity;
  if (a === 0) return 2 ** (minExp - mant);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (Math.max(e, minExp) - mant);
}

/** x rounded to a float precision as numbat stores it. */
export function roundTo(precision: 'f32' | 'f64', x: number): number {
  return precision === 'f32' ? Math.fround(x) : x;
}
