// vmath/arcTrig.ts — f64x2 atan, atan2, asin, acos (fdlibm s_atan.c, e_atan2.c, e_asin.c,
// e_acos.c, branch-free). atan picks one of five reductions per lane by |x| (one division
// serves them all); atan2 is atan(|y/x|) placed in its quadrant, with the signed zeros and
// infinities of Math.atan2 selected exactly; asin and acos share one rational R(t) on
// t = x² (|x| < ½) or (1 − |x|)/2, with √t split hi/lo near ±1.

import type { F64x2, Operand, Vec } from './f64x2.js';

const ATAN_HI = [
  4.63647609000806093515e-1, 7.85398163397448278999e-1, 9.82793723247329054082e-1,
  1.570796326794896558,
];
const ATAN_LO = [
  2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17,
  6.12323399573676603587e-17,
];
const AT = [
  3.33333333333329318027e-1, -1.99999999998764832476e-1, 1.42857142725034663711e-1,
  -1.1111110405462355788e-1, 9.09088713343650656196e-2, -7.69187620504482999495e-2,
  6.66107313738753120669e-2, -5.83357013379057348645e-2, 4.97687799461593236017e-2,
  -3.6531572744216915527e-2, 1.62858201153657823623e-2,
];
const PI = 3.141592653589793116;
const PI_LO = 1.2246467991473531772e-16;
const PIO2_HI = 1.570796326794896558;
const PIO2_LO = 6.12323399573676603587e-17;
const PIO4_HI = 7.85398163397448278999e-1;
const PS = [
  1.66666666666666657415e-1, -3.25565818622400915405e-1, 2.01212532134862925881e-1,
  -4.00555345006794114027e-2, 7.91534994289814532176e-4, 3.4793310759602116757e-5,
];
const QS = [
  1, -2.40339491173441421878, 2.02094576023350569471, -6.8828397160545329303e-1,
  7.70381505559019352791e-2,
];

/** atan(a) for a = |x| ≥ 0 (or NaN); +π/2 for +Inf. */
function atanAbs(b: F64x2, a: Operand): Vec {
  const id0 = b.ge(a, 0.4375);
  const id1 = b.ge(a, 0.6875);
  const id2 = b.ge(a, 1.1875);
  const id3 = b.ge(a, 2.4375);
  // [7/16, 11/16): (2a − 1)/(2 + a); [11/16, 19/16): (a − 1)/(a + 1);
  // [19/16, 39/16): (a − 1.5)/(1 + 1.5a); beyond: −1/a.
  let num = b.select(id0, b.sub(b.mul(a, 2), 1), a);
  num = b.select(id1, b.sub(a, 1), num);
  num = b.select(id2, b.sub(a, 1.5), num);
  num = b.select(id3, -1, num);
  let den = b.select(id0, b.add(2, a), 1);
  den = b.select(id1, b.add(a, 1), den);
  den = b.select(id2, b.add(1, b.mul(a, 1.5)), den);
  den = b.select(id3, a, den);
  const x = b.div(num, den);
  let hi: Vec = b.and(id0, ATAN_HI[0]!);
  let lo: Vec = b.and(id0, ATAN_LO[0]!);
  for (const [k, id] of [
    [1, id1],
    [2, id2],
    [3, id3],
  ] as const) {
    hi = b.select(id, ATAN_HI[k]!, hi);
    lo = b.select(id, ATAN_LO[k]!, lo);
  }
  const z = b.mul(x, x);
  const w = b.mul(z, z);
  const s1 = b.mul(z, b.poly(w, [AT[0]!, AT[2]!, AT[4]!, AT[6]!, AT[8]!, AT[10]!]));
  const s2 = b.mul(w, b.poly(w, [AT[1]!, AT[3]!, AT[5]!, AT[7]!, AT[9]!]));
  // hi − ((x·(s1 + s2) − lo) − x); for |x| < 7/16 hi = lo = 0 and this is x − x·(s1 + s2).
  return b.sub(hi, b.sub(b.sub(b.mul(x, b.add(s1, s2)), lo), x));
}

export function atan(b: F64x2, x: Operand): Vec {
  return b.flipSign(atanAbs(b, b.abs(x)), x);
}

export function atan2(b: F64x2, y: Operand, x: Operand): Vec {
  const ax = b.abs(x);
  const ay = b.abs(y);
  let z = atanAbs(b, b.div(ay, ax));
  z = b.select(b.and(b.eq(ax, 0), b.eq(ay, 0)), 0, z);
  // x < 0 (sign bit, so −0 too): π − (z − π_lo); the sign of y goes on last.
  const xNegative = b.signBitSet(x);
  let r = b.select(xNegative, b.sub(PI, b.sub(z, PI_LO)), z);
  const yInf = b.eq(ay, Infinity);
  const xInf = b.eq(ax, Infinity);
  r = b.select(b.and(b.or(yInf, b.eq(ax, 0)), b.ne(ay, 0)), 1.570796326794896558, r);
  r = b.select(
    b.and(xInf, yInf),
    b.select(xNegative, 3 * 7.85398163397448279e-1, 7.85398163397448279e-1),
    r,
  );
  r = b.flipSign(r, y);
  return b.select(b.or(b.isNaN(x), b.isNaN(y)), NaN, r);
}

/** R(t) = p(t)/q(t), the rational part asin and acos share. */
function rational(b: F64x2, t: Operand): Vec {
  return b.div(b.mul(t, b.poly(t, PS)), b.poly(t, QS));
}

export function asin(b: F64x2, x: Operand): Vec {
  const a = b.abs(x);
  const small = b.lt(a, 0.5);
  const t = b.select(small, b.mul(a, a), b.mul(b.sub(1, a), 0.5));
  const r = rational(b, t);
  const s = b.sqrt(t);
  const near1 = b.sub(PIO2_HI, b.sub(b.mul(2, b.add(s, b.mul(s, r))), PIO2_LO));
  const w = b.highWord(s);
  const c = b.div(b.sub(t, b.mul(w, w)), b.add(s, w));
  const p = b.sub(b.mul(b.mul(2, s), r), b.sub(PIO2_LO, b.mul(2, c)));
  const q = b.sub(PIO4_HI, b.mul(2, w));
  const middle = b.sub(PIO4_HI, b.sub(p, q));
  let res = b.select(b.ge(a, 0.9749999046325684), near1, middle); // high word ≥ 0x3FEF3333
  res = b.select(small, b.add(a, b.mul(a, r)), res);
  res = b.select(b.eq(a, 1), PIO2_HI + PIO2_LO, res);
  res = b.flipSign(res, x);
  return b.select(b.gt(a, 1), NaN, res);
}

export function acos(b: F64x2, x: Operand): Vec {
  const a = b.abs(x);
  const small = b.lt(a, 0.5);
  const t = b.select(small, b.mul(x, x), b.mul(b.sub(1, a), 0.5));
  const r = rational(b, t);
  const s = b.sqrt(t);
  const mid = b.sub(PIO2_HI, b.sub(x, b.sub(PIO2_LO, b.mul(x, r))));
  const negative = b.sub(PI, b.mul(2, b.add(s, b.sub(b.mul(r, s), PIO2_LO))));
  const df = b.highWord(s);
  const c = b.div(b.sub(t, b.mul(df, df)), b.add(s, df));
  const positive = b.mul(2, b.add(df, b.add(b.mul(r, s), c)));
  let res = b.select(b.lt(x, 0), negative, positive);
  res = b.select(small, mid, res);
  res = b.select(b.eq(x, 1), 0, res);
  res = b.select(b.eq(x, -1), PI + 2 * PIO2_LO, res);
  return b.select(b.gt(a, 1), NaN, res);
}
