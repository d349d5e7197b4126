// vmath/powRoot.ts — f64x2 pow, cbrt, hypot.
//   pow   — fdlibm e_pow.c (what V8's Math.pow runs), branch-free: log2|x| as t1 + t2 in
//           extra precision (s = (m − bp)/(m + bp), bp ∈ {1, 1.5}, products of 21-bit
//           halves exact), y·log2|x| as p_h + p_l with y split the same way, then
//           2^(p_h + p_l) with n = nearest(p_h + p_l) applied by exact scaling (subnormal
//           results round once). fdlibm's shortcuts (y = ±1, 2, ½) and every special case
//           of JS `**` (y = ±0 → 1 even for NaN x, 1 ** NaN = NaN, (±1) ** ±Inf = NaN,
//           signed zeros and infinities, negative x with integer / non-integer y) are
//           selected per lane afterwards. Integer powers of integers beyond 2^53 take the
//           host call (below).
//   cbrt  — FreeBSD s_cbrt.c: exponent/3 bit estimate (integer division done in f64),
//           a degree-4 polynomial to 23 bits, one Newton step (< 0.667 ulp).
//   hypot — V8's own algorithm for two arguments (max-scaled, sqrt(a² + b²)·max), so
//           results are V8's bit for bit; ±Inf wins over NaN, hypot(0, 0) = 0.

import { bits, type F64x2, type Operand, type Vec } from './f64x2.js';

const L = [
  5.99999999999994648725e-1, 4.28571428578550184252e-1, 3.33333329818377432918e-1,
  2.72728123808534006489e-1, 2.30660745775561754067e-1, 2.06975017800338417784e-1,
];
const P = [
  1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5,
  -1.6533902205465251539e-6, 4.13813679705723846039e-8,
];
const DP_H = 5.84962487220764160156e-1;
const DP_L = 1.35003920212974897128e-8;
const LG2 = 6.93147180559945286227e-1;
const LG2_H = 6.93147182464599609375e-1;
const LG2_L = -1.90465429995776804525e-9;
const OVT = 8.0085662595372944372e-17;
const CP = 9.61796693925975554329e-1;
const CP_H = 9.61796700954437255859e-1;
const CP_L = -7.02846165095275826516e-9;
const MIN_NORMAL = 2.2250738585072014e-308;
/** Mantissa thresholds (high words 0x3ff3988f and 0x3ffbb67a): √(3/2) and √3 intervals. */
const SQRT3_HALF = 1.2247428894042969;
const SQRT3 = 1.7320556640625;

/** log2(a) as t1 + t2 (t1 with a clear low word) for positive finite a. */
function log2Parts(b: F64x2, a: Operand): { t1: Vec; t2: Vec } {
  const sub = b.lt(a, MIN_NORMAL);
  const as = b.select(sub, b.mul(a, 2 ** 53), a);
  let m: Vec = b.or(b.and(as, bits(0x000f_ffff_ffff_ffffn)), bits(0x3ff0_0000_0000_0000n));
  const wrap = b.ge(m, SQRT3);
  const kOne = b.and(b.ge(m, SQRT3_HALF), b.not(wrap));
  m = b.select(wrap, b.mul(m, 0.5), m);
  const n = b.add(b.add(b.exponent(as), b.and(sub, -53)), b.and(wrap, 1));
  const bp = b.select(kOne, 1.5, 1);
  // ss = s_h + s_l = (m − bp)/(m + bp)
  const u = b.sub(m, bp);
  const v = b.div(1, b.add(m, bp));
  const ss = b.mul(u, v);
  const sH = b.highWord(ss);
  const tH = b.highWord(b.add(m, bp));
  const tL = b.sub(m, b.sub(tH, bp));
  const sL = b.mul(v, b.sub(b.sub(u, b.mul(sH, tH)), b.mul(sH, tL)));
  // log(m) = 2s + 2s³/3 + s⁵·R(s²), with the leading terms in extra precision
  const s2 = b.mul(ss, ss);
  const r = b.add(b.mul(b.mul(s2, s2), b.poly(s2, L)), b.mul(sL, b.add(sH, ss)));
  const sH2 = b.mul(sH, sH);
  const t3H = b.highWord(b.add(b.add(3, sH2), r));
  const t3L = b.sub(r, b.sub(b.sub(t3H, 3), sH2));
  const pu = b.mul(sH, t3H);
  const pv = b.add(b.mul(sL, t3H), b.mul(t3L, ss));
  const pH = b.highWord(b.add(pu, pv));
  const pL = b.sub(pv, b.sub(pH, pu));
  // × 2/(3 ln 2), + log2(bp), + n
  const zH = b.mul(CP_H, pH);
  const zL = b.add(b.add(b.mul(CP_L, pH), b.mul(pL, CP)), b.and(kOne, DP_L));
  const dpH = b.and(kOne, DP_H);
  const t1 = b.highWord(b.add(b.add(b.add(zH, zL), dpH), n));
  const t2 = b.sub(zL, b.sub(b.sub(b.sub(t1, n), dpH), zH));
  return { t1, t2 };
}

/** |x|^y for positive finite nonzero |x|, finite y (over/underflow to Inf/0 included). */
function powCore(b: F64x2, a: Operand, y: Operand): Vec {
  const { t1, t2 } = log2Parts(b, a);
  const y1 = b.highWord(y);
  const pL = b.add(b.mul(b.sub(y, y1), t1), b.mul(y, t2));
  let pH = b.mul(y1, t1);
  const z = b.add(pL, pH);
  const over = b.or(b.gt(z, 1024), b.and(b.eq(z, 1024), b.gt(b.add(pL, OVT), b.sub(z, pH))));
  const under = b.or(b.lt(z, -1075), b.and(b.eq(z, -1075), b.le(pL, b.sub(z, pH))));
  // 2^(p_h + p_l) = 2^n · 2^(p_h − n + p_l)
  const n = b.nearest(b.max(b.min(z, 1100), -1100));
  pH = b.sub(pH, n);
  const t = b.highWord(b.add(pL, pH));
  const u = b.mul(t, LG2_H);
  const v = b.add(b.mul(b.sub(pL, b.sub(t, pH)), LG2), b.mul(t, LG2_L));
  const zz = b.add(u, v);
  const w = b.sub(v, b.sub(zz, u));
  const tt = b.mul(zz, zz);
  const tp = b.sub(zz, b.mul(tt, b.poly(tt, P)));
  const rr = b.sub(b.div(b.mul(zz, tp), b.sub(tp, 2)), b.add(w, b.mul(zz, w)));
  const result = b.scale(b.sub(1, b.sub(rr, zz)), n);
  return b.select(over, Infinity, b.select(under, 0, result));
}

export function pow(b: F64x2, x: Operand, y: Operand): Vec {
  const ax = b.abs(x);
  const yInt = b.eq(b.trunc(y), y);
  const halfY = b.mul(y, 0.5);
  const yOdd = b.and(yInt, b.ne(b.trunc(halfY), halfY));
  const negate = b.and(b.and(b.signBitSet(x), yOdd), -0);
  let r = b.xor(powCore(b, ax, y), negate);
  r = b.select(b.and(b.lt(x, 0), b.not(yInt)), NaN, r);
  // x = ±0 or ±Inf: 0 or Inf by (|x| = Inf) xor (y < 0), signed for negative x and odd y
  const xZeroOrInf = b.or(b.eq(ax, 0), b.eq(ax, Infinity));
  const zeroOrInf = b.select(b.eqI(b.eq(ax, Infinity), b.lt(y, 0)), 0, Infinity);
  r = b.select(xZeroOrInf, b.xor(zeroOrInf, negate), r);
  // y = ±Inf: NaN for |x| = 1, else Inf or 0 by (|x| > 1) xor (y < 0)
  const yInfResult = b.select(b.eqI(b.gt(ax, 1), b.gt(y, 0)), Infinity, 0);
  r = b.select(b.eq(b.abs(y), Infinity), b.select(b.eq(ax, 1), NaN, yInfResult), r);
  // fdlibm's exact shortcuts
  r = b.select(b.eq(y, 1), x, r);
  r = b.select(b.eq(y, -1), b.div(1, x), r);
  r = b.select(b.eq(y, 2), b.mul(x, x), r);
  r = b.select(b.andNot(b.eq(y, 0.5), b.signBitSet(x)), b.sqrt(x), r);
  r = b.select(b.or(b.isNaN(x), b.isNaN(y)), NaN, r);
  r = b.select(b.eq(y, 0), 1, r);
  // An integer power beyond 2^53 is an integer whose rounding V8's libm decides (its pow is
  // not fdlibm's): those lanes take the host call, so integer kernels agree bit for bit.
  const absR = b.abs(r);
  const hostLanes = b.and(
    b.and(b.eq(b.trunc(x), x), yInt),
    b.and(b.ge(absR, 2 ** 53), b.lt(absR, Infinity)),
  );
  return b.unless(
    hostLanes,
    () => b.perLane('pow', [x, y]),
    () => r,
  );
}

export function cbrt(b: F64x2, x: Operand): Vec {
  const a = b.abs(x);
  const sub = b.lt(a, MIN_NORMAL);
  const as = b.select(sub, b.mul(a, 2 ** 54), a);
  // t = 2^(e/3)-ish from the high word: (high/3 + B) << 32, the division exact via floor
  const high = b.sub(b.or(b.shrU(as, 32), bits(0x4330_0000_0000_0000n)), 2 ** 52);
  const q = b.add(b.floor(b.div(high, 3)), b.select(sub, 696219795, 715094163));
  let t = b.shl(b.add(q, 2 ** 52), 32);
  // to 23 bits: t·P(t³/a)
  const r = b.mul(b.mul(t, t), b.div(t, a));
  t = b.mul(
    t,
    b.add(
      b.poly(r, [1.87595182427177009643, -1.88497979543377169875, 1.62142972010535446614]),
      b.mul(b.mul(b.mul(r, r), r), b.poly(r, [-0.758397934778766047437, 0.145996192886612446982])),
    ),
  );
  // round away from zero to 23 bits, then one Newton step
  t = b.and(b.addI(t, bits(0x8000_0000n)), bits(0xffff_ffff_c000_0000n));
  const s = b.mul(t, t);
  const rr = b.div(b.sub(b.div(a, s), t), b.add(b.add(t, t), b.div(a, s)));
  const res = b.add(t, b.mul(t, rr));
  return b.select(b.or(b.eq(a, 0), b.or(b.eq(a, Infinity), b.isNaN(x))), x, b.flipSign(res, x));
}

export function hypot(b: F64x2, x: Operand, y: Operand): Vec {
  const ax = b.abs(x);
  const ay = b.abs(y);
  const m = b.max(ax, ay);
  const p = b.div(ax, m);
  const q = b.div(ay, m);
  let r = b.mul(b.sqrt(b.add(b.mul(p, p), b.mul(q, q))), m);
  r = b.select(b.eq(m, 0), 0, r);
  r = b.select(b.or(b.isNaN(x), b.isNaN(y)), NaN, r);
  return b.select(b.or(b.eq(ax, Infinity), b.eq(ay, Infinity)), Infinity, r);
}
