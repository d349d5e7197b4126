// affineIndex.ts — how an integer index expression moves with a loop counter.
//
// An index is *affine* in counter j when it is index(j0) + S·(j − j0) for every j, with
// S = c · factor: c a compile-time integer and factor an optional loop-invariant integer
// expression (a kernel scalar such as a row stride). The i32 arithmetic of the kernel
// language wraps, but wrapping is a ring homomorphism: `(jr*k + p)*8 + l` is still
// 8·p plus a loop-invariant term modulo 2³², so the index of iteration j is exactly
// index(j0) + S·(j − j0) whenever that exact value stays in [0, length). The wasm SIMD
// codegen uses this to check the range of every such load once before a counted loop
// (its first and last index) and run the loop without per-access guards (loop
// versioning: the guarded copy still runs when the check fails).

import type { Expr } from '../ir/ir.js';
import { concrete } from '../codegen/wasm/context.js';
import { allExprs } from '../ir/walk.js';

/** index(j) − index(j0) = c · factor · (j − j0); factor null means 1. */
export interface AffineStep {
  readonly c: number;
  readonly factor: Expr | null;
}

/** Coefficients beyond this are not tracked (keeps c · factor exact in f64). */
const MAX_COEFFICIENT = 1 << 20;

const isInt = (e: Expr): boolean => {
  const t = concrete(e.t);
  return t === 'i32' || t === 'u32';
};

/**
 * The step of integer expression `e` per unit of `counter`, or null when `e` is not affine
 * in it or reads anything not invariant in the loop (a local for which `invariant` is
 * false, a load, an atomic, a random number).
 */
export function affineStep(
  e: Expr,
  counter: string,
  invariant: (name: string) => boolean,
): AffineStep | null {
  const free = (x: Expr): boolean =>
    [...allExprs(x)].every(
      (y) =>
        y.k !== 'load' &&
        y.k !== 'atomic' &&
        y.k !== 'random' &&
        (y.k !== 'local' || (y.name !== counter && invariant(y.name))),
    );
  const step = (x: Expr): AffineStep | null => {
    if (!isInt(x)) return null;
    if (free(x)) return { c: 0, factor: null };
    switch (x.k) {
      case 'local':
        return x.name === counter ? { c: 1, factor: null } : null;
      case 'cast':
        return isInt(x.a) ? step(x.a) : null;
      case 'bin': {
        if (x.op === '+' || x.op === '-') {
          const a = step(x.a);
          const b = step(x.b);
          if (!a || !b) return null;
          const sign = x.op === '+' ? 1 : -1;
          if (b.c === 0) return a;
          if (a.c === 0) return scaled(b, sign);
          if (a.factor === null && b.factor === null) return bounded(a.c + sign * b.c, null);
          return null;
        }
        if (x.op === '*') {
          const [fixed, moving] = free(x.a) ? [x.a, x.b] : free(x.b) ? [x.b, x.a] : [null, null];
          if (!fixed || !moving) return null;
          const m = step(moving);
          if (!m) return null;
          if (fixed.k === 'const') return scaled(m, fixed.v);
          // A run-time factor: one per step at most.
          return m.factor === null ? bounded(m.c, fixed) : null;
        }
        if (x.op === '<<' && x.b.k === 'const' && x.b.v >= 0 && x.b.v <= 20) {
          const a = step(x.a);
          return a ? scaled(a, 2 ** x.b.v) : null;
        }
        return null;
      }
      default:
        return null;
    }
  };
  return step(e);
}

function scaled(s: AffineStep, by: number): AffineStep | null {
  if (!Number.isInteger(by)) return null;
  return bounded(s.c * by, s.factor);
}

function bounded(c: number, factor: Expr | null): AffineStep | null {
  if (Math.abs(c) > MAX_COEFFICIENT) return null;
  return { c, factor: c === 0 ? null : factor };
}
