// vmath/expLog.ts — f64x2 exp, expm1, log, log1p, log2, log10 (fdlibm/FreeBSD msun ports,
// the algorithms V8's ieee754 functions use, made branch-free: every range's formula is
// computed and the lanes pick theirs with bitselect).
//
//   exp   — k = nearest(x/ln2), r = x − k·ln2 (ln2 in two parts, k·ln2_hi exact), fdlibm's
//           rational form; 2^k applied as two power-of-two factors (subnormal results
//           round once). `expScaled` returns exp(x)·2^s for sinh/cosh without overflow.
//   expm1 — fdlibm s_expm1.c: the same reduction with a correction term and the k-specific
//           reconstructions (k = 0, ±1, small, large) selected per lane.
//   log   — x = 2^k·(1+f), 1+f ∈ [√½, √2) (subnormals scaled by 2^54), k_log1p's
//           polynomial; `logSum(hi, lo)` is log(hi + lo) for a double-double argument
//           (log1p, asinh, acosh, atanh use it with hi + lo = 1 + x exactly).
//   log2, log10 — FreeBSD e_log2.c / e_log10.c: f − f²/2 split hi/lo, extra-precise sums
//           (log2 of a power of two is exact).

import { bits, type F64x2, type Operand, type Vec } from './f64x2.js';

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const EXP_P = [
  1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5,
  -1.6533902205465251539e-6, 4.13813679705723846039e-8,
];
const EXPM1_Q = [
  -3.33333333333331316428e-2, 1.58730158725481460165e-3, -7.93650757867487942473e-5,
  4.00821782732936239552e-6, -2.01099218183624371326e-7,
];
const LG = [
  6.66666666666673513e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
];
const MIN_NORMAL = 2.2250738585072014e-308;
const TWO54 = 18014398509481984;

/** exp(x)·2^s (s a small integer constant) for the f64x2 in x. */
export function expScaled(b: F64x2, x: Operand, s = 0): Vec {
  // Clamped so 2^k stays two normal factors; NaN passes through min/max.
  const xc = b.max(b.min(x, 712), -746);
  const k = b.nearest(b.mul(xc, INV_LN2));
  const hi = b.sub(xc, b.mul(k, LN2_HI));
  const lo = b.mul(k, LN2_LO);
  const r = b.sub(hi, lo);
  const t = b.mul(r, r);
  const c = b.sub(r, b.mul(t, b.poly(t, EXP_P)));
  // y = 1 − ((lo − r·c/(2 − c)) − hi)
  const y = b.sub(1, b.sub(b.sub(lo, b.div(b.mul(r, c), b.sub(2, c))), hi));
  return b.scale(y, s === 0 ? k : b.add(k, s));
}

export function exp(b: F64x2, x: Operand): Vec {
  return expScaled(b, x);
}

export function expm1(b: F64x2, x: Operand): Vec {
  const xc = b.max(b.min(x, 710), -40);
  const k = b.nearest(b.mul(xc, INV_LN2));
  const hi = b.sub(xc, b.mul(k, LN2_HI));
  const lo = b.mul(k, LN2_LO);
  const r = b.sub(hi, lo);
  const c = b.sub(b.sub(hi, r), lo);
  const hfx = b.mul(r, 0.5);
  const hxs = b.mul(r, hfx);
  const r1 = b.add(1, b.mul(hxs, b.poly(hxs, EXPM1_Q)));
  const t = b.sub(3, b.mul(r1, hfx));
  const e0 = b.mul(hxs, b.div(b.sub(r1, t), b.sub(6, b.mul(r, t))));
  const kZero = b.sub(r, b.sub(b.mul(r, e0), hxs));
  const e = b.sub(b.sub(b.mul(r, b.sub(e0, c)), c), hxs);
  const kMinusOne = b.sub(b.mul(b.sub(r, e), 0.5), 0.5);
  const kOne = b.select(
    b.lt(r, -0.25),
    b.mul(b.sub(e, b.add(r, 0.5)), -2),
    b.add(1, b.mul(b.sub(r, e), 2)),
  );
  const far = b.sub(b.scale(b.sub(1, b.sub(e, r)), k), 1);
  const twoPk = b.pow2(b.min(k, 1023));
  const twoMk = b.pow2(b.max(b.neg(k), -1022));
  const small = b.mul(b.sub(b.sub(1, twoMk), b.sub(e, r)), twoPk);
  const medium = b.mul(b.add(b.sub(r, b.add(e, twoMk)), 1), twoPk);
  let y = b.select(b.lt(k, 20), small, medium);
  y = b.select(b.or(b.le(k, -2), b.gt(k, 56)), far, y);
  y = b.select(b.eq(k, 1), kOne, y);
  y = b.select(b.eq(k, -1), kMinusOne, y);
  y = b.select(b.eq(k, 0), kZero, y);
  // Beyond the kernel's range: −1 from −56·ln2 down, +Inf above the overflow threshold.
  y = b.select(b.le(x, -38.81622314453125), -1, y);
  y = b.select(b.gt(x, 7.09782712893383973096e2), Infinity, y);
  return b.select(b.lt(b.abs(x), 2 ** -54), x, y);
}

/** x = 2^k·(1 + f) with 1 + f ∈ [√½, √2), for positive normal x. */
function reduce(b: F64x2, x: Operand): { f: Vec; k: Vec } {
  const u = b.addI(x, bits(0x0009_5f62_0000_0000n)); // high word + (0x3ff00000 − 0x3fe6a09e)
  const k = b.exponent(u);
  const m = b.addI(b.and(u, bits(0x000f_ffff_ffff_ffffn)), bits(0x3fe6_a09e_0000_0000n));
  return { f: b.sub(m, 1), k };
}

/** k_log1p's pieces for f: s = f/(2+f), hfsq = f²/2, and s·(hfsq + R(s²)). */
function kernel(b: F64x2, f: Operand): { hfsq: Vec; r: Vec } {
  const s = b.div(f, b.add(2, f));
  const z = b.mul(s, s);
  const w = b.mul(z, z);
  const t1 = b.mul(w, b.poly(w, [LG[1]!, LG[3]!, LG[5]!]));
  const t2 = b.mul(z, b.poly(w, [LG[0]!, LG[2]!, LG[4]!, LG[6]!]));
  const hfsq = b.mul(b.mul(f, f), 0.5);
  return { hfsq, r: b.mul(s, b.add(hfsq, b.add(t2, t1))) };
}

/** log(hi + lo) for positive normal hi, |lo| ≲ ulp(hi); plus kAdd·ln2 when given. */
export function logSum(
  b: F64x2,
  hi: Operand,
  lo: Operand | null,
  kAdd: Operand | null = null,
): Vec {
  const { f, k: k0 } = reduce(b, hi);
  const k = kAdd === null ? k0 : b.add(k0, kAdd);
  const { hfsq, r } = kernel(b, f);
  // r + (k·ln2_lo + lo/hi) − hfsq + f + k·ln2_hi
  let lowTerms: Vec = b.mul(k, LN2_LO);
  if (lo !== null) lowTerms = b.add(lowTerms, b.div(lo, hi));
  return b.add(b.add(b.sub(b.add(r, lowTerms), hfsq), f), b.mul(k, LN2_HI));
}

/** Positive subnormals scaled into the normal range: [x′, exponent adjustment]. */
function normalise(b: F64x2, x: Operand): [Vec, Vec] {
  const sub = b.lt(x, MIN_NORMAL);
  return [b.select(sub, b.mul(x, TWO54), x), b.and(sub, -54)];
}

/** The special inputs shared by log, log2 and log10. */
function logSpecials(b: F64x2, x: Operand, y: Operand): Vec {
  let r = b.select(b.eq(x, Infinity), Infinity, y);
  r = b.select(b.eq(x, 0), -Infinity, r);
  return b.select(b.or(b.lt(x, 0), b.isNaN(x)), NaN, r);
}

export function log(b: F64x2, x: Operand): Vec {
  const [xs, adjust] = normalise(b, x);
  return logSpecials(b, x, logSum(b, xs, null, adjust));
}

export function log1p(b: F64x2, x: Operand): Vec {
  const [hi, lo] = b.twoSum(1, x);
  let r = logSum(b, b.max(hi, MIN_NORMAL), lo);
  r = b.select(b.eq(x, Infinity), Infinity, r);
  r = b.select(b.eq(x, -1), -Infinity, r);
  r = b.select(b.or(b.lt(x, -1), b.isNaN(x)), NaN, r);
  return b.select(b.lt(b.abs(x), 2 ** -54), x, r);
}

/** log2 / log10 (FreeBSD): (f − hfsq + r)·(1/ln b) + k·log_b 2 in extra precision. */
function logBase(b: F64x2, x: Operand, base: 2 | 10): Vec {
  const [xs, adjust] = normalise(b, x);
  const { f, k: k0 } = reduce(b, xs);
  const k = b.add(k0, adjust);
  const { hfsq, r } = kernel(b, f);
  const hi = b.highWord(b.sub(f, hfsq));
  const lo = b.add(b.sub(b.sub(f, hi), hfsq), r);
  let valHi: Vec, valLo: Vec, y: Vec;
  if (base === 2) {
    valHi = b.mul(hi, 1.44269504072144627571);
    valLo = b.add(
      b.mul(b.add(lo, hi), 1.67517131648865118353e-10),
      b.mul(lo, 1.44269504072144627571),
    );
    y = k;
  } else {
    valHi = b.mul(hi, 4.34294481878168880939e-1);
    y = b.mul(k, 3.01029995663611771306e-1);
    valLo = b.add(
      b.add(b.mul(k, 3.69423907715893078616e-13), b.mul(b.add(lo, hi), 2.50829467116452752298e-11)),
      b.mul(lo, 4.34294481878168880939e-1),
    );
  }
  const w = b.add(y, valHi);
  valLo = b.add(valLo, b.add(b.sub(y, w), valHi));
  return logSpecials(b, x, b.add(valLo, w));
}

export function log2(b: F64x2, x: Operand): Vec {
  return logBase(b, x, 2);
}

export function log10(b: F64x2, x: Operand): Vec {
  return logBase(b, x, 10);
}
