// bounds.ts — forward error propagation: a value with an absolute bound on how far a
// backend's result may be from it (0: exact, Infinity: unknown), through one operation.
//
// Monotone operations (+ − × ÷, min/max, floor, sqrt, conversions) are evaluated at the
// corners of the input intervals; others (the rounding Math functions) at five points
// per argument, doubled, and only for narrow intervals (wider ones become unknown). The
// backend's own ulp budget for the operation is added on top.

import { MAX_FINITE, nextDown, nextUp, roundTo, ulp } from './errorModel.js';

/** A typed value and its error bound. */
export interface Val {
  readonly v: number;
  readonly e: number;
}

export const exactly = (v: number): Val => ({ v, e: 0 });
export const unknown = (v: number): Val => ({ v, e: Infinity });

/** Interval widths beyond which a non-monotone function's range is not estimated. */
const NARROW = 1e-3;

function points(a: Val, monotone: boolean): number[] {
  if (a.e === 0) return [a.v];
  const lo = nextDown(a.v - a.e),
    hi = nextUp(a.v + a.e);
  return monotone ? [lo, a.v, hi] : [lo, (lo + a.v) / 2, a.v, (a.v + hi) / 2, hi];
}

function combinations(sets: number[][]): number[][] {
  return sets.reduce<number[][]>(
    (acc, set) => acc.flatMap((prefix) => set.map((x) => [...prefix, x])),
    [[]],
  );
}

/** Adds `budget` ulps at the result's magnitude; unknown where the result could cross to ±Infinity. */
function finish(
  precision: 'f32' | 'f64',
  v: number,
  e: number,
  magnitude: number,
  budget: number,
): Val {
  if (Number.isNaN(v)) return { v, e: 0 };
  if (!Number.isFinite(v)) return budget > 0 || e > 0 ? unknown(v) : { v, e: 0 };
  const total = e + (budget > 0 ? budget * ulp(precision, magnitude) : 0);
  if (total > 0 && Math.abs(v) + total >= MAX_FINITE[precision]) return unknown(v);
  return { v, e: total };
}

/**
 * `f` applied to `args` and rounded to `precision`, with the bound on a backend's result:
 * the spread of `f` over the argument intervals plus `budget` ulps.
 */
export function propagate(
  precision: 'f32' | 'f64',
  f: (...xs: number[]) => number,
  args: readonly Val[],
  budget: number,
  monotone: boolean,
): Val {
  const v = roundTo(precision, f(...args.map((a) => a.v)));
  if (args.some((a) => a.e === Infinity)) return unknown(v);
  if (args.every((a) => a.e === 0)) return finish(precision, v, 0, v, budget);
  if (!monotone && args.some((a) => a.e > NARROW * Math.max(1, Math.abs(a.v)))) return unknown(v);
  let spread = 0;
  let magnitude = Math.abs(v);
  for (const xs of combinations(args.map((a) => points(a, monotone)))) {
    const r = roundTo(precision, f(...xs));
    if (Number.isNaN(r) || Number.isNaN(v)) {
      if (Number.isNaN(r) && Number.isNaN(v)) continue;
      return unknown(v);
    }
    if (!Number.isFinite(r) || !Number.isFinite(v)) {
      if (r === v) continue;
      return unknown(v);
    }
    spread = Math.max(spread, Math.abs(r - v));
    magnitude = Math.max(magnitude, Math.abs(r));
  }
  return finish(precision, v, monotone ? spread : 2 * spread, magnitude, budget);
}

/** A float comparison: certain (e 0) only when it has one outcome over both intervals. */
export function compareBounded(
  op: string,
  a: Val,
  b: Val,
  test: (x: number, y: number) => boolean,
): Val {
  const v = test(a.v, b.v) ? 1 : 0;
  if (a.e === 0 && b.e === 0) return exactly(v);
  if (a.e === Infinity || b.e === Infinity) return unknown(v);
  if (Number.isNaN(a.v) || Number.isNaN(b.v)) return exactly(v);
  const [alo, ahi] = [nextDown(a.v - a.e), nextUp(a.v + a.e)];
  const [blo, bhi] = [nextDown(b.v - b.e), nextUp(b.v + b.e)];
  const disjoint = ahi < blo || bhi < alo;
  switch (op) {
    case '<':
    case '>=':
      return ahi < blo || alo >= bhi ? exactly(v) : unknown(v);
    case '>':
    case '<=':
      return alo > bhi || ahi <= blo ? exactly(v) : unknown(v);
    default:
      return disjoint ? exactly(v) : unknown(v); // == != === !==
  }
}

/** ToInt32/ToUint32 of a bounded float: certain when every value in the interval truncates alike. */
export function floatToInt(a: Val, convert: (x: number) => number): Val {
  const v = convert(a.v);
  if (a.e === 0) return exactly(v);
  if (a.e === Infinity) return unknown(v);
  if (!Number.isFinite(a.v)) return exactly(v);
  const lo = nextDown(a.v - a.e),
    hi = nextUp(a.v + a.e);
  return Math.trunc(lo) === Math.trunc(hi) && Number.isFinite(lo) && Number.isFinite(hi)
    ? exactly(v)
    : unknown(v);
}
