// tolerance.ts — dtype-aware comparison of a backend's results with the plain function's.
//
// Integers and booleans compare exactly. Floats compare within |got − expected| ≤
// abs + rel·|expected|, with NaN equal to NaN and +0 equal to −0. f64 defaults are tight
// (1e-12 relative); f32 defaults allow the difference between computing in f32 (a
// backend) and computing in f64 then rounding once at the store (plain JS). Reduce
// results get an error bound scaled by the number of terms and their absolute sum.
// Failures read as a diff: how many elements differ, and the first few with values.

import type { ResultPrecision, ToleranceSpec } from '../corpus/types.js';

/** The precision class of a typed array's elements. */
export type ElementPrecision = 'f32' | 'f64' | 'int';

/** Anything indexable with a length, as typed arrays are. */
export type NumericArray = ArrayLike<number>;

/** Outcome of one comparison: ok, or a readable diff. */
export interface Comparison {
  readonly ok: boolean;
  /** Empty when ok; otherwise the diff (first mismatch, values, count). */
  readonly message: string;
  readonly mismatches: number;
}

/** Machine epsilon (unit roundoff) per float precision. */
export const UNIT_ROUNDOFF = { f32: 2 ** -24, f64: 2 ** -53 } as const;

/** Default tolerances for elementwise array comparison. */
export const DEFAULT_TOLERANCE: Readonly<
  Record<ElementPrecision, Required<Omit<ToleranceSpec, 'mismatchFraction'>>>
> = {
  f64: { rel: 1e-12, abs: 1e-15 },
  f32: { rel: 1e-5, abs: 1e-6 },
  int: { rel: 0, abs: 0 },
};

/** The precision class of a typed array (or of an ndarray's data). */
export function precisionOf(a: unknown): ElementPrecision {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Float32Array) return 'f32';
  return 'int';
}

/** True when two numbers are the same value for a tolerance-free comparison (NaN = NaN, +0 = −0). */
export function sameValue(expected: number, got: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  return expected === got;
}

/** True when `got` is within `abs + rel·|expected|` of `expected` (infinities must match exactly). */
export function withinTolerance(expected: number, got: number, rel: number, abs: number): boolean {
  if (sameValue(expected, got)) return true;
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return false;
  return Math.abs(got - expected) <= abs + rel * Math.abs(expected);
}

function formatNumber(v: number): string {
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/**
 * Compare two arrays elementwise with a dtype-aware tolerance.
 * `tolerance` overrides the default for the array's precision; `mismatchFraction` lets a
 * fraction of elements differ outright (chaotic kernels under f32 math).
 */
export function compareArrays(
  label: string,
  expected: NumericArray,
  got: NumericArray,
  tolerance?: ToleranceSpec,
): Comparison {
  if (expected.length !== got.length) {
    return {
      ok: false,
      mismatches: Math.abs(expected.length - got.length),
      message: `${label}: length ${got.length}, expected ${expected.length}`,
    };
  }
  const precision = precisionOf(expected);
  const rel = tolerance?.rel ?? DEFAULT_TOLERANCE[precision].rel;
  const abs = tolerance?.abs ?? DEFAULT_TOLERANCE[precision].abs;
  const bad: number[] = [];
  for (let k = 0; k < expected.length; k++) {
    if (!withinTolerance(expected[k]!, got[k]!, rel, abs)) bad.push(k);
  }
  const allowed = Math.floor((tolerance?.mismatchFraction ?? 0) * expected.length);
  if (bad.length <= allowed) return { ok: true, message: '', mismatches: bad.length };
  const shown = bad.slice(0, 5).map((k) => {
    const e = expected[k]!,
      g = got[k]!;
    return `[${k}] expected ${formatNumber(e)}, got ${formatNumber(g)} (|diff| ${Math.abs(g - e)})`;
  });
  const message =
    `${label}: ${bad.length} of ${expected.length} elements differ ` +
    `(${precision}, rel ${rel}, abs ${abs}${allowed > 0 ? `, ${allowed} allowed` : ''}); ` +
    `first at [${bad[0]}]\n    ${shown.join('\n    ')}`;
  return { ok: false, message, mismatches: bad.length };
}

/** How a reduce result was combined, for its error bound. */
export type ReduceKind = 'sum' | 'prod' | 'min' | 'max' | 'custom';

/**
 * Compare a reduce result. The default bound for floats is
 * sum/custom: (n + 8)·u·Σ|terms|; prod: (n + 8)·u·|expected|; min/max: 8·u·|expected|,
 * where u is the unit roundoff of the precision the terms are computed in (summation in
 * any order has error at most n·u·Σ|terms|; the 8 covers rounding inside each term).
 */
export function compareReduce(
  label: string,
  expected: number | undefined,
  got: unknown,
  terms: readonly number[],
  kind: ReduceKind,
  precision: ResultPrecision,
  tolerance?: ToleranceSpec,
): Comparison {
  if (typeof got !== 'number') {
    return {
      ok: false,
      mismatches: 1,
      message: `${label}: launch resolved to ${String(got)}, expected the number ${expected}`,
    };
  }
  if (expected === undefined) {
    return {
      ok: false,
      mismatches: 1,
      message: `${label}: the plain run produced no value to compare with`,
    };
  }
  let rel = 0;
  let abs = 0;
  if (tolerance) {
    rel = tolerance.rel ?? 0;
    abs = tolerance.abs ?? 0;
  } else if (precision !== 'int') {
    const u = UNIT_ROUNDOFF[precision];
    const n = terms.length;
    const sumAbs = terms.reduce((acc, t) => acc + Math.abs(t), 0);
    if (kind === 'sum' || kind === 'custom') abs = (n + 8) * u * sumAbs;
    else if (kind === 'prod') rel = (n + 8) * u;
    else rel = 8 * u;
  }
  if (withinTolerance(expected, got, rel, abs)) return { ok: true, message: '', mismatches: 0 };
  return {
    ok: false,
    mismatches: 1,
    message:
      `${label}: expected ${formatNumber(expected)}, got ${formatNumber(got)} ` +
      `(|diff| ${Math.abs(got - expected)}, allowed ${abs + rel * Math.abs(expected)}; ${kind} of ${terms.length} ${precision} terms)`,
  };
}
