// vmath/hyperbolic.ts — f64x2 sinh, cosh, tanh, asinh, acosh, atanh (fdlibm e_sinh.c,
// e_cosh.c, s_tanh.c, s_asinh.c, e_acosh.c, e_atanh.c, branch-free) on the exp/expm1/log
// kernels of expLog.ts. Each range's argument is selected before one kernel call:
//   sinh  — |x| < 22: (t + t/(t + 1))/2 or (2t − t²/(t + 1))/2 with t = expm1|x|; else
//           exp(|x|)/2 rounded once (expScaled), also past the double's exp range.
//   cosh  — E + 1/(4E) with E = exp(|x|)/2 (fdlibm's formula for |x| ≥ ln2/2; below, the
//           error in E cancels to first order).
//   tanh  — t = expm1(±2|x|): 1 − 2/(t + 2) for |x| ≥ 1, −t/(t + 2) below; 1 from 22.
//   asinh, acosh, atanh — one logSum call on log(A) or log1p(B) = log(1 + B as a
//           double-double), then + ln2 for huge arguments.

import type { F64x2, Operand, Vec } from './f64x2.js';
import { expm1, expScaled, logSum } from './expLog.js';

const LN2_HUGE = 2 ** 28;

export function sinh(b: F64x2, x: Operand): Vec {
  const a = b.abs(x);
  const t = expm1(b, b.min(a, 22));
  const tp1 = b.add(t, 1);
  const belowOne = b.mul(b.sub(b.mul(t, 2), b.div(b.mul(t, t), tp1)), 0.5);
  const belowTwentyTwo = b.mul(b.add(t, b.div(t, tp1)), 0.5);
  let r = b.select(b.lt(a, 22), belowTwentyTwo, expScaled(b, a, -1));
  r = b.select(b.lt(a, 1), belowOne, r);
  r = b.flipSign(r, x);
  return b.select(b.lt(a, 2 ** -28), x, r);
}

export function cosh(b: F64x2, x: Operand): Vec {
  const e = expScaled(b, b.abs(x), -1);
  return b.add(e, b.div(0.25, e));
}

export function tanh(b: F64x2, x: Operand): Vec {
  const a = b.min(b.abs(x), 22);
  const big = b.ge(a, 1);
  const t = expm1(b, b.select(big, b.mul(a, 2), b.mul(a, -2)));
  const tp2 = b.add(t, 2);
  const z = b.select(big, b.sub(1, b.div(2, tp2)), b.div(b.neg(t), tp2));
  const r = b.flipSign(z, x);
  return b.select(b.or(b.lt(b.abs(x), 2 ** -55), b.isNaN(x)), x, r);
}

/** fdlibm's log(x) + ln2 for huge arguments (rounded twice, as V8 does). */
function plusLn2(b: F64x2, huge: Vec, r: Vec): Vec {
  return b.add(r, b.and(huge, 6.93147180559945286227e-1));
}

export function asinh(b: F64x2, x: Operand): Vec {
  const a = b.abs(x);
  const t = b.mul(a, a);
  const huge = b.ge(a, LN2_HUGE);
  const big = b.gt(a, 2);
  // |x| > 2: log(2|x| + 1/(√(x² + 1) + |x|));  |x| ≥ 2^28: log|x| + ln2
  const logArg = b.select(huge, a, b.add(b.mul(a, 2), b.div(1, b.add(b.sqrt(b.add(t, 1)), a))));
  // |x| ≤ 2: log1p(|x| + x²/(1 + √(1 + x²)))
  const [hi1, lo1] = b.twoSum(1, b.add(a, b.div(t, b.add(1, b.sqrt(b.add(1, t))))));
  const r = plusLn2(b, huge, logSum(b, b.select(big, logArg, hi1), b.and(b.not(big), lo1)));
  const res = b.flipSign(r, x);
  return b.select(b.or(b.lt(a, 2 ** -28), b.or(b.eq(a, Infinity), b.isNaN(x))), x, res);
}

export function acosh(b: F64x2, x: Operand): Vec {
  const huge = b.ge(x, LN2_HUGE);
  const big = b.gt(x, 2);
  // x > 2: log(2x − 1/(x + √(x² − 1)));  x ≥ 2^28: log x + ln2
  const logArg = b.select(
    huge,
    x,
    b.sub(b.mul(x, 2), b.div(1, b.add(x, b.sqrt(b.sub(b.mul(x, x), 1))))),
  );
  // 1 ≤ x ≤ 2: log1p(t + √(2t + t²)), t = x − 1
  const t = b.sub(x, 1);
  const [hi1, lo1] = b.twoSum(1, b.add(t, b.sqrt(b.add(b.mul(t, 2), b.mul(t, t)))));
  const r = plusLn2(b, huge, logSum(b, b.select(big, logArg, hi1), b.and(b.not(big), lo1)));
  const res = b.select(b.eq(x, Infinity), Infinity, r);
  return b.select(b.or(b.lt(x, 1), b.isNaN(x)), NaN, res);
}

export function atanh(b: F64x2, x: Operand): Vec {
  const a = b.abs(x);
  const oneMinus = b.sub(1, a);
  const twice = b.add(a, a);
  // |x| < ½: log1p(2a + 2a·a/(1 − a))/2, else log1p(2a/(1 − a))/2
  const arg = b.select(
    b.lt(a, 0.5),
    b.add(twice, b.div(b.mul(twice, a), oneMinus)),
    b.div(twice, oneMinus),
  );
  const [hi, lo] = b.twoSum(1, arg);
  let r = b.mul(logSum(b, hi, lo), 0.5);
  r = b.select(b.eq(a, 1), Infinity, r);
  r = b.flipSign(r, x);
  r = b.select(b.lt(a, 2 ** -28), x, r);
  return b.select(b.or(b.gt(a, 1), b.isNaN(x)), NaN, r);
}
