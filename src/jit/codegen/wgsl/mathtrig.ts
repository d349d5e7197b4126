// wgsl/mathtrig.ts — numbat's f32 sin, cos, tan, asin, acos, atan and atan2 for WebGPU,
// within 2 ulps of Math.fround(Math.f(x)) over the whole f32 range (measured in
// test/webgpu/math-ulp.test.ts).
//
// sin/cos/tan reduce x to r = x - q·π/2 as a two-float r = h + l (|r| ≤ π/4):
// - |x| < 256: Cody–Waite, π/2 in four parts (16, 16, 16 and 24 bits), so q·part is exact
//   for the first three and x - q·C1 is exact; the next subtraction keeps its rounding
//   error (two-sum). The nearest an f32 below 256 comes to a multiple of π/2 is 2^-27.8,
//   and the parts leave an error below 2^-70.
// - larger |x| (up to 3.4e38): Payne–Hanek in integer arithmetic. x = m·2^e; the 96 bits
//   of 2/π that matter for x·2/π mod 4 are cut from a table, multiplied by m exactly
//   (120 bits), the quadrant read from the top, and the top 72 bits of the fraction turned
//   into two floats (exact 24-bit pieces) and multiplied by π/2 in two-float arithmetic:
//   r is within 2^-70 absolute, far below the ulp of the smallest remainder an f32 can
//   leave (around 2^-30).
// Then the FreeBSD msun kernels (k_sinf.c and k_cosf.c coefficients, fdlibm's k_cos.c
// structure so 1 - z/2 loses nothing; tan's polynomial refitted) take the tail l into
// account; -1/tan is one division corrected by its exact residual. asin, acos, atan and
// atan2 are FreeBSD's float versions (e_asinf.c in fdlibm's float-only form, e_acosf.c,
// s_atanf.c, e_atan2f.c: Sun Microsystems, freely redistributable); atan2 scales
// subnormal arguments and rounds a subnormal y/x in integer arithmetic (mathcore.ts),
// since the device may flush them.

import { literal } from './types.js';
import { f } from './mathcore.js';
import type { HelperDef } from './helpers.js';

const d = (v: number): string => literal(v, 'f32');
const QNAN = 'nb_f32_bits(0x7fc00000u)';
const PIO2_HI = f(0x3fc90fda);
const PIO2_LO = f(0x33a22168);

export const TRIG_DEFS = {
  rem_pio2: {
    deps: ['rem_pio2_large'],
    code: `struct NbReduced { h: f32, l: f32, q: u32 }

fn nb_rem_pio2(x: f32) -> NbReduced {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x3f490fdbu) { return NbReduced(x, 0.0f, 0u); }
  if (ax >= 0x43800000u) { return nb_rem_pio2_large(x); }
  let k = round(x * ${f(0x3f22f983)});
  let a = x - k * ${f(0x3fc90f00)};
  let t = k * ${f(0x37daa200)};
  let s = a - t;
  let bb = s - a;
  let e = (a - (s - bb)) - (t + bb);
  let l = (e - k * ${f(0x2e85a300)}) - k * ${f(0x248d3132)};
  let h = s + l;
  return NbReduced(h, l - (h - s), bitcast<u32>(i32(k)) & 3u);
}`,
  },
  rem_pio2_large: {
    deps: ['mul64', 'two_prod'],
    // SwiftShader runs every branch of a shader (masked), so this costs every sin/cos/tan
    // there; it is written for few operations: no table copy, no 64-bit normalisation.
    code: `fn nb_rem_pio2_large(x: f32) -> NbReduced {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  let m = (ax & 0x7fffffu) | 0x800000u;
  // x = m · 2^(E - 150); the 96 bits of 2/π that matter start at bit E - 120 of the table
  // T = 0, then 2/π in 32-bit words: words wi..wi+3 (wi ≤ 4) by a three-stage shifter.
  let o = (ax >> 23u) - 120u;
  let wi = o >> 5u;
  let sh = o & 31u;
  let s4 = wi >= 4u;
  let a0 = select(0u, 0xf534ddc0u, s4);
  let a1 = select(0xa2f9836eu, 0xdb629599u, s4);
  let a2 = select(0x4e441529u, 0x3c439041u, s4);
  let a3 = select(0xfc2757d1u, 0xfe5163abu, s4);
  let s2 = (wi & 2u) != 0u;
  let b0 = select(a0, a2, s2);
  let b1 = select(a1, a3, s2);
  let b2 = select(a2, 0xf534ddc0u, s2);
  let b3 = select(a3, 0xdb629599u, s2);
  let b4 = select(0xf534ddc0u, 0x3c439041u, s2);
  let s1 = (wi & 1u) != 0u;
  let t0 = select(b0, b1, s1);
  let t1 = select(b1, b2, s1);
  let t2 = select(b2, b3, s1);
  let t3 = select(b3, b4, s1);
  let rs = select(32u - sh, 0u, sh == 0u);
  let keep = select(0xffffffffu, 0u, sh == 0u);
  let w0 = (t0 << sh) | ((t1 >> rs) & keep);
  let w1 = (t1 << sh) | ((t2 >> rs) & keep);
  let w2 = (t2 << sh) | ((t3 >> rs) & keep);
  // P = m · w (120 bits); x · 2/π mod 4 = P · 2^-94: the quadrant is bits 94-95.
  let p2 = nb_mul64(m, w2);
  let p1 = nb_mul64(m, w1);
  let p0 = nb_mul64(m, w0);
  var g1 = p2.y + p1.x;
  let top = p1.y + p0.x + select(0u, 1u, g1 < p2.y);
  var g0 = p2.x;
  var g2 = top & 0x3fffffffu;
  let flip = g2 >= 0x20000000u;
  if (flip) {
    // fraction ≥ 1/2: take fraction - 1 (its magnitude, 2^94 - fraction) and the next quadrant
    g0 = ~g0 + 1u;
    let c0 = select(0u, 1u, g0 == 0u);
    g1 = ~g1 + c0;
    g2 = (~g2 + select(0u, 1u, c0 == 1u && g1 == 0u)) & 0x3fffffffu;
  }
  let q = (top >> 30u) + select(0u, 1u, flip);
  // |fraction| as three exact 24-bit pieces (bits 93-70, 69-46, 45-22), summed as fh + fl
  let a = f32(g2 >> 6u) * ${f(0x33800000)};
  let b = f32(((g2 & 0x3fu) << 18u) | (g1 >> 14u)) * ${f(0x27800000)};
  let c = f32(((g1 & 0x3fffu) << 10u) | (g0 >> 22u)) * ${f(0x1b800000)};
  let fh = a + b;
  let fl = ((a - fh) + b) + c;
  // r = |fraction| · π/2, π/2 as two floats
  let pr = nb_two_prod(fh, ${f(0x3fc90fdb)});
  let rl0 = pr.y + (fh * ${f(0xb33bbd2e)} + fl * ${f(0x3fc90fdb)});
  let rh = pr.x + rl0;
  let rl = rl0 - (rh - pr.x);
  let neg = (bitcast<u32>(x) >= 0x80000000u) != flip;
  let qq = select(q, 0u - q, bitcast<u32>(x) >= 0x80000000u) & 3u;
  return NbReduced(select(rh, -rh, neg), select(rl, -rl, neg), qq);
}`,
  },
  sin_k: {
    deps: [],
    // sin(x + y), |x| ≤ π/4, y a tail below x's last bit (fdlibm k_sin.c structure).
    code: `fn nb_sin_k(x: f32, y: f32) -> f32 {
  let z = x * x;
  let v = z * x;
  let r = ${d(0.0083333293858894631756)} + z * (${d(-0.000198393348360966317347)} + z * ${d(0.0000027183114939898219064)});
  return x - ((z * (0.5f * y - v * r) - y) - v * ${d(-0.166666666416265235595)});
}`,
  },
  cos_k: {
    deps: [],
    // cos(x + y) = 1 - z/2 + z·r - x·y; for |x| ≥ 0.3, 1 - z/2 is split as (1 - qx) - (z/2 - qx)
    // with 1 - qx exact (fdlibm k_cos.c). r includes k_cosf.c's C0 + 1/2.
    code: `fn nb_cos_k(x: f32, y: f32) -> f32 {
  let z = x * x;
  let r = z * (${d(-0.49999999725103100312 + 0.5)} + z * (${d(0.0416666233237390631894)} + z * (${d(-0.00138867637746099294692)} + z * ${d(0.0000243904487962774090654)})));
  let ix = bitcast<u32>(x) & 0x7fffffffu;
  if (ix < 0x3e99999au) { return 1.0f - (0.5f * z - (r - x * y)); }
  let qx = select(bitcast<f32>((ix - 0x01000000u) & 0xffff0000u), 0.28125f, ix > 0x3f480000u);
  let hz = 0.5f * z - qx;
  return (1.0f - qx) - (hz - (r - x * y));
}`,
  },
  tan_k: {
    deps: ['two_prod'],
    // tan(x + y) = x + x³·P(x²) + y·(1 + tan²), P a least-squares fit of (tan(x) - x)/x³
    // on |x| ≤ π/4 (2^-27 of tan with f32 coefficients; k_tanf.c's is 2^-25.4, which left
    // 2-ulp results), or -1/tan(x + y) when odd: one division and a correction from its
    // exact residual.
    code: `fn nb_tan_k(x: f32, y: f32, odd: bool) -> f32 {
  let z = x * x;
  let p = z * x * (${d(0.3333333432674408)} + z * (${d(0.13333231210708618)} + z * (${d(0.05399449169635773)} + z * (${d(0.021620946004986763)} + z * (${d(0.009962721727788448)} + z * (${d(0.0011844838736578822)} + z * ${d(0.003843597136437893)}))))));
  let xp = x + p;
  let c = p + y * (1.0f + xp * xp);
  let th = x + c;
  if (!odd) { return th; }
  let tl = c - (th - x);
  let q = -1.0f / th;
  let e2 = nb_two_prod(q, th);
  let e = ((-1.0f - e2.x) - e2.y) - q * tl;
  return q - q * e;
}`,
  },
  sin: {
    deps: ['rem_pio2', 'sin_k', 'cos_k', 'f32_bits'],
    code: `fn nb_sin(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x39800000u) { return x; }
  if (ax >= 0x7f800000u) { return ${QNAN}; }
  let r = nb_rem_pio2(x);
  var v: f32;
  if ((r.q & 1u) == 0u) { v = nb_sin_k(r.h, r.l); } else { v = nb_cos_k(r.h, r.l); }
  return select(v, -v, (r.q & 2u) != 0u);
}`,
  },
  cos: {
    deps: ['rem_pio2', 'sin_k', 'cos_k', 'f32_bits'],
    code: `fn nb_cos(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x39800000u) { return 1.0f; }
  if (ax >= 0x7f800000u) { return ${QNAN}; }
  let r = nb_rem_pio2(x);
  var v: f32;
  if ((r.q & 1u) == 0u) { v = nb_cos_k(r.h, r.l); } else { v = nb_sin_k(r.h, r.l); }
  return select(v, -v, ((r.q + 1u) & 2u) != 0u);
}`,
  },
  tan: {
    deps: ['rem_pio2', 'tan_k', 'f32_bits'],
    code: `fn nb_tan(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x39800000u) { return x; }
  if (ax >= 0x7f800000u) { return ${QNAN}; }
  let r = nb_rem_pio2(x);
  return nb_tan_k(r.h, r.l, (r.q & 1u) == 1u);
}`,
  },
  asin: {
    deps: ['f32_bits'],
    code: `fn nb_asin(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x3f800000u) {
    if (ix == 0x3f800000u) { return bitcast<f32>((hx & 0x80000000u) | 0x3fc90fdbu); }
    return ${QNAN};
  }
  if (ix < 0x3f000000u) {
    if (ix < 0x39800000u) { return x; }
    let t = x * x;
    let w = t * (${f(0x3e2aaa75)} + t * (${f(0xbd2f13ba)} + t * ${f(0xbc0dd36b)})) / (1.0f + t * ${f(0xbf34e5ae)});
    return x + x * w;
  }
  let t = (1.0f - bitcast<f32>(ix)) * 0.5f;
  let p = t * (${f(0x3e2aaa75)} + t * (${f(0xbd2f13ba)} + t * ${f(0xbc0dd36b)}));
  let q = 1.0f + t * ${f(0xbf34e5ae)};
  let s = sqrt(t);
  var v: f32;
  if (ix >= 0x3f79999au) {
    v = ${PIO2_HI} - (2.0f * (s + s * (p / q)) - ${PIO2_LO});
  } else {
    let w = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
    let c = (t - w * w) / (s + w);
    let pp = 2.0f * s * (p / q) - (${PIO2_LO} - 2.0f * c);
    let qq = ${f(0x3f490fda)} - 2.0f * w;
    v = ${f(0x3f490fda)} - (pp - qq);
  }
  return bitcast<f32>(bitcast<u32>(v) | (hx & 0x80000000u));
}`,
  },
  acos: {
    deps: ['f32_bits'],
    code: `fn nb_acos(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x3f800000u) {
    if (hx == 0x3f800000u) { return 0.0f; }
    if (hx == 0xbf800000u) { return ${f(0x40490fdb)}; }
    return ${QNAN};
  }
  if (ix < 0x3f000000u) {
    if (ix <= 0x32800000u) { return ${f(0x3fc90fdb)}; }
    let z = x * x;
    let r = z * (${f(0x3e2aaa75)} + z * (${f(0xbd2f13ba)} + z * ${f(0xbc0dd36b)})) / (1.0f + z * ${f(0xbf34e5ae)});
    return ${PIO2_HI} - (x - (${PIO2_LO} - x * r));
  }
  if (hx >= 0x80000000u) {
    let z = (1.0f + x) * 0.5f;
    let r = z * (${f(0x3e2aaa75)} + z * (${f(0xbd2f13ba)} + z * ${f(0xbc0dd36b)})) / (1.0f + z * ${f(0xbf34e5ae)});
    let s = sqrt(z);
    return ${f(0x40490fda)} - 2.0f * (s + (r * s - ${PIO2_LO}));
  }
  let z = (1.0f - x) * 0.5f;
  let s = sqrt(z);
  let df = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
  let c = (z - df * df) / (s + df);
  let r = z * (${f(0x3e2aaa75)} + z * (${f(0xbd2f13ba)} + z * ${f(0xbc0dd36b)})) / (1.0f + z * ${f(0xbf34e5ae)});
  return 2.0f * (df + (r * s + c));
}`,
  },
  atan: {
    deps: ['f32_bits'],
    code: `fn nb_atan(x0: f32) -> f32 {
  let hx = bitcast<u32>(x0);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x4c800000u) {
    if (ix > 0x7f800000u) { return x0; }
    return bitcast<f32>((hx & 0x80000000u) | 0x3fc90fdbu);
  }
  var x = x0;
  var id = -1;
  if (ix < 0x3ee00000u) {
    if (ix < 0x39800000u) { return x0; }
  } else {
    x = bitcast<f32>(ix);
    if (ix < 0x3f980000u) {
      if (ix < 0x3f300000u) { id = 0; x = (2.0f * x - 1.0f) / (2.0f + x); }
      else { id = 1; x = (x - 1.0f) / (x + 1.0f); }
    } else {
      if (ix < 0x401c0000u) { id = 2; x = (x - 1.5f) / (1.0f + 1.5f * x); }
      else { id = 3; x = -1.0f / x; }
    }
  }
  let z = x * x;
  let w = z * z;
  let s1 = z * (${f(0x3eaaaaa9)} + w * (${f(0x3e11f50d)} + w * ${f(0x3d7cac25)}));
  let s2 = w * (${f(0xbe4cca98)} + w * ${f(0xbdda1247)});
  if (id < 0) { return x - x * (s1 + s2); }
  var hi = array<f32, 4>(${f(0x3eed6338)}, ${f(0x3f490fda)}, ${f(0x3f7b985e)}, ${f(0x3fc90fda)});
  var lo = array<f32, 4>(${f(0x31ac3769)}, ${f(0x33222168)}, ${f(0x33140fb4)}, ${f(0x33a22168)});
  let v = hi[id] - ((x * (s1 + s2) - lo[id]) - x);
  return bitcast<f32>(bitcast<u32>(v) | (hx & 0x80000000u));
}`,
  },
  atan2: {
    deps: ['atan', 'opaque', 'scale_up', 'scalbn', 'f32_bits'],
    code: `fn nb_atan2(y: f32, x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let hy = bitcast<u32>(y);
  let ix = hx & 0x7fffffffu;
  let iy = hy & 0x7fffffffu;
  if (ix > 0x7f800000u || iy > 0x7f800000u) { return ${QNAN}; }
  if (hx == 0x3f800000u) { return nb_atan(y); }
  var m = (hy >> 31u) | ((hx >> 30u) & 2u);
  let sy = hy & 0x80000000u;
  let pi = ${f(0x40490fdb)};
  let pio2 = bitcast<f32>(sy | 0x3fc90fdbu);
  if (iy == 0u) {
    if (m < 2u) { return y; }
    return bitcast<f32>(sy | 0x40490fdbu);
  }
  if (ix == 0u) { return pio2; }
  if (ix == 0x7f800000u) {
    if (iy == 0x7f800000u) { return bitcast<f32>(sy | select(0x3f490fdbu, 0x4016cbe4u, m >= 2u)); }
    return bitcast<f32>(sy | select(0u, 0x40490fdbu, m >= 2u));
  }
  if (iy == 0x7f800000u) { return pio2; }
  let k = (i32(iy) - i32(ix)) >> 23u;
  var z: f32;
  if (k > 26) {
    z = ${f(0x3fc90fdb)} + 0.5f * ${f(0xb3bbbd2e)};
    m = m & 1u;
  } else if (k < -26 && hx >= 0x80000000u) {
    z = 0.0f;
  } else if (k < -60) {
    // |y/x| < 2^-59: atan(q) = q, which may be subnormal: divide 2^64·|y| and round the scaling.
    let big = iy >= 0x5d800000u;
    let q = select(nb_scale_up(bitcast<f32>(iy), 64), bitcast<f32>(iy), big) / bitcast<f32>(ix);
    z = select(nb_scalbn(q, select(-64, 0, big)), 0.0f, (bitcast<u32>(q) & 0x7f800000u) == 0u);
  } else {
    var ay = bitcast<f32>(iy);
    var ax = bitcast<f32>(ix);
    if (ix < 0x00800000u || iy < 0x00800000u) {
      ay = nb_scale_up(ay, 64);
      ax = nb_scale_up(ax, 64);
    }
    z = nb_atan(ay / ax);
  }
  let pilo = nb_opaque(${f(0xb3bbbd2e)});
  switch (m) {
    case 0u: { return z; }
    case 1u: { return bitcast<f32>(bitcast<u32>(z) ^ 0x80000000u); }
    case 2u: { return pi - (z - pilo); }
    default: { return (z - pilo) - pi; }
  }
}`,
  },
} satisfies Record<string, HelperDef>;
