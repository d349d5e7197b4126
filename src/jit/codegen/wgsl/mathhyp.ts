// wgsl/mathhyp.ts — numbat's f32 sinh, cosh, tanh, asinh, acosh, atanh and hypot for
// WebGPU, within 2 ulps of Math.fround(Math.f(x)) over the whole f32 range (measured in
// test/webgpu/math-ulp.test.ts).
//
// FreeBSD msun's float versions (e_sinhf.c, e_coshf.c, s_tanhf.c, s_asinhf.c,
// e_acoshf.c, e_atanhf.c, e_hypotf.c: Sun Microsystems, freely redistributable) on top of
// mathexp.ts; where FreeBSD's formula costs up to 2 ulps (sinh, tanh, atanh, asinh near 0,
// acosh near 1) a short polynomial fitted here replaces it. Large sinh/cosh scale exp's
// result by 2^-1 before rounding (no premature overflow). hypot scales the larger argument into [1, 2) on the bit pattern (FreeBSD's
// 2^±68 leaves partial products a flushing device would zero), rounds a subnormal result
// in integer arithmetic (mathcore.ts), and follows JavaScript: ±Inf wins over NaN.

import { literal } from './types.js';
import { f } from './mathcore.js';
import type { HelperDef } from './helpers.js';

const d = (v: number): string => literal(v, 'f32');
const QNAN = 'nb_f32_bits(0x7fc00000u)';
const INF = 'nb_f32_bits(0x7f800000u)';
const LN2 = f(0x3f317218);

export const HYP_DEFS = {
  sinh: {
    deps: ['expm1', 'expk', 'f32_bits'],
    code: `fn nb_sinh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  let sx = hx & 0x80000000u;
  if (ix >= 0x7f800000u) { return x; }
  let ax = bitcast<f32>(ix);
  var v: f32;
  if (ix < 0x41100000u) {
    if (ix < 0x39800000u) { return x; }
    if (ix < 0x3f800000u) {
      // |x| < 1: the Taylor series to x^13 (the next term is below 2^-40 relative), a
      // correction under 0.18·|x| added to x: under an ulp where e_sinhf.c's is 2.
      let z = ax * ax;
      v = ax + ax * z * (${d(1 / 6)} + z * (${d(1 / 120)} + z * (${d(1 / 5040)} + z * (${d(1 / 362880)} + z * (${d(1 / 39916800)} + z * ${d(1 / 6227020800)})))));
    } else {
      let t = nb_expm1(ax);
      v = 0.5f * (t + t / (t + 1.0f));
    }
  } else if (ix <= 0x42b2d4fcu) {
    v = nb_expk(ax, -1);
  } else {
    v = ${INF};
  }
  return bitcast<f32>(bitcast<u32>(v) | sx);
}`,
  },
  cosh: {
    deps: ['expm1', 'expk', 'f32_bits'],
    code: `fn nb_cosh(x: f32) -> f32 {
  let ix = bitcast<u32>(x) & 0x7fffffffu;
  if (ix > 0x7f800000u) { return x; }
  let ax = bitcast<f32>(ix);
  if (ix < 0x3eb17218u) {
    if (ix < 0x39800000u) { return 1.0f; }
    let t = nb_expm1(ax);
    let w = 1.0f + t;
    return 1.0f + (t * t) / (w + w);
  }
  if (ix < 0x41100000u) {
    let t = nb_expk(ax, 0);
    return 0.5f * t + 0.5f / t;
  }
  if (ix <= 0x42b2d4fcu) { return nb_expk(ax, -1); }
  return ${INF};
}`,
  },
  tanh: {
    deps: ['expm1'],
    code: `fn nb_tanh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix > 0x7f800000u) { return x; }
  var z: f32;
  if (ix < 0x41100000u) {
    if (ix < 0x39800000u) { return x; }
    let ax = bitcast<f32>(ix);
    if (ix >= 0x3f800000u) {
      z = 1.0f - 2.0f / (nb_expm1(2.0f * ax) + 2.0f);
    } else {
      // |x| < 1: x + x³·P(x²), P a least-squares fit of (tanh(x) - x)/x³ (2^-24.5 with f32
      // coefficients), where s_tanhf.c's -t/(t + 2) costs up to 2 ulps.
      let w = ax * ax;
      z = ax + ax * w * (${d(-0.3333333432674408)} + w * (${d(0.13333331048488617)} + w * (${d(-0.05396759882569313)} + w * (${d(0.021862581372261047)} + w * (${d(-0.008826272562146187)} + w * (${d(0.003478433471173048)} + w * (${d(-0.0012422126019373536)} + w * (${d(0.0003377234097570181)} + w * ${d(-4.8475452786078677e-5)}))))))));
    }
  } else {
    z = 1.0f;
  }
  return bitcast<f32>(bitcast<u32>(z) | (hx & 0x80000000u));
}`,
  },
  asinh: {
    deps: ['log', 'log1p'],
    code: `fn nb_asinh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x7f800000u) { return x; }
  if (ix < 0x39800000u) { return x; }
  let ax = bitcast<f32>(ix);
  var w: f32;
  if (ix > 0x4d800000u) {
    w = nb_log(ax) + ${LN2};
  } else if (ix > 0x40000000u) {
    w = nb_log(2.0f * ax + 1.0f / (sqrt(ax * ax + 1.0f) + ax));
  } else if (ix >= 0x3f400000u) {
    let t = ax * ax;
    w = nb_log1p(ax + t / (1.0f + sqrt(1.0f + t)));
  } else {
    // |x| < 0.75: x + x³·P(x²), a least-squares fit of (asinh(x) - x)/x³ (2^-25 with f32
    // coefficients), where the log1p form costs up to 2 ulps.
    let z = ax * ax;
    w = ax + ax * z * (${d(-0.1666666716337204)} + z * (${d(0.07499998807907104)} + z * (${d(-0.044642116874456406)} + z * (${d(0.030367866158485413)} + z * (${d(-0.022235890850424767)} + z * (${d(0.016592543572187424)} + z * (${d(-0.011357800103724003)} + z * (${d(0.005855464842170477)} + z * ${d(-0.0015654521994292736)}))))))));
  }
  return bitcast<f32>(bitcast<u32>(w) | (hx & 0x80000000u));
}`,
  },
  acosh: {
    deps: ['log', 'two_prod', 'f32_bits'],
    code: `fn nb_acosh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  if (hx < 0x3f800000u || hx > 0x7f800000u) { return ${QNAN}; }
  if (hx >= 0x4d800000u) {
    if (hx == 0x7f800000u) { return x; }
    return nb_log(x) + ${LN2};
  }
  if (hx == 0x3f800000u) { return 0.0f; }
  if (hx > 0x40000000u) { return nb_log(2.0f * x - 1.0f / (x + sqrt(x * x - 1.0f))); }
  // 1 < x ≤ 2: √(2t)·Q(t), t = x - 1 exact, Q a least-squares fit of acosh(1 + t)/√(2t)
  // (2^-30), √(2t) with its rounding error as a tail: the log1p form costs up to 2 ulps.
  let t = x - 1.0f;
  let s = sqrt(2.0f * t);
  let ss = nb_two_prod(s, s);
  let sl = (((2.0f * t - ss.x) - ss.y) / (s + s));
  return s + (sl + s * t * (${d(-0.0833333283662796)} + t * (${d(0.018749887123703957)} + t * (${d(-0.0055791521444916725)} + t * (${d(0.0018923123134300113)} + t * (${d(-0.0006786423036828637)} + t * (${d(0.00023207052436191589)} + t * (${d(-6.221183866728097e-5)} + t * ${d(8.924618668970652e-6)}))))))));
}`,
  },
  atanh: {
    deps: ['log1p', 'f32_bits'],
    code: `fn nb_atanh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix > 0x3f800000u) { return ${QNAN}; }
  if (ix == 0x3f800000u) { return bitcast<f32>((hx & 0x80000000u) | 0x7f800000u); }
  if (ix < 0x39800000u) { return x; }
  let ax = bitcast<f32>(ix);
  var t: f32;
  if (ix < 0x3f000000u) {
    // |x| < 0.5: x + x³·P(x²), a least-squares fit of (atanh(x) - x)/x³ (2^-25 with f32
    // coefficients), where e_atanhf.c's log1p costs up to 2 ulps.
    let w = ax * ax;
    t = ax + ax * w * (${d(0.3333333432674408)} + w * (${d(0.1999995857477188)} + w * (${d(0.1428835242986679)} + w * (${d(0.11049671471118927)} + w * (${d(0.09760971367359161)} + w * (${d(0.040592458099126816)} + w * ${d(0.15672631561756134)}))))));
  } else {
    t = 0.5f * nb_log1p((ax + ax) / (1.0f - ax));
  }
  return bitcast<f32>(bitcast<u32>(t) | (hx & 0x80000000u));
}`,
  },
  hypot: {
    deps: ['scale_up', 'scalbn', 'f32_bits'],
    code: `fn nb_hypot(x: f32, y: f32) -> f32 {
  var ha = bitcast<u32>(x) & 0x7fffffffu;
  var hb = bitcast<u32>(y) & 0x7fffffffu;
  if (ha == 0x7f800000u || hb == 0x7f800000u) { return ${INF}; }
  if (ha > 0x7f800000u || hb > 0x7f800000u) { return ${QNAN}; }
  if (hb > ha) {
    let j = ha;
    ha = hb;
    hb = j;
  }
  if (hb == 0u) { return bitcast<f32>(ha); }
  if (ha - hb > 0xf000000u) { return bitcast<f32>(ha) + bitcast<f32>(hb); }
  // Scale |a| into [1, 2) (|b| then ≥ 2^-31): no intermediate below can underflow, which a
  // flushing device would turn into zero.
  var k = 0;
  if (ha < 0x00800000u) {
    ha = bitcast<u32>(nb_scale_up(bitcast<f32>(ha), 64));
    hb = bitcast<u32>(nb_scale_up(bitcast<f32>(hb), 64));
    k = -64;
  }
  let e = i32(ha >> 23u) - 127;
  ha = bitcast<u32>(bitcast<i32>(ha) - (e << 23u));
  if (hb >= 0x00800000u) {
    hb = bitcast<u32>(bitcast<i32>(hb) - (e << 23u));
  } else {
    hb = bitcast<u32>(nb_scale_up(bitcast<f32>(hb), -e));
  }
  k = k + e;
  var a = bitcast<f32>(ha);
  let b = bitcast<f32>(hb);
  var w = a - b;
  if (w > b) {
    let t1 = bitcast<f32>(ha & 0xfffff000u);
    let t2 = a - t1;
    w = sqrt(t1 * t1 - (b * (-b) - t2 * (a + t1)));
  } else {
    a = a + a;
    let y1 = bitcast<f32>(hb & 0xfffff000u);
    let y2 = b - y1;
    let t1 = bitcast<f32>((ha + 0x00800000u) & 0xfffff000u);
    let t2 = a - t1;
    w = sqrt(t1 * y1 - (w * (-w) - (t1 * y2 + t2 * b)));
  }
  return nb_scalbn(w, k);
}`,
  },
} satisfies Record<string, HelperDef>;
