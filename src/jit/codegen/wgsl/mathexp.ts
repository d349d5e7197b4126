// wgsl/mathexp.ts — numbat's f32 exp, expm1, log, log1p, log2, log10, pow, cbrt and sqrt
// for WebGPU, within 2 ulps of Math.fround(Math.f(x)) over the whole f32 range (the
// measured table is in test/webgpu/math-ulp.test.ts).
//
// The algorithms are FreeBSD msun's float versions (e_expf.c, s_expm1f.c, e_logf.c,
// e_log2f.c, e_log10f.c with k_logf.h, s_log1pf.c, e_powf.c: Sun Microsystems, freely
// redistributable), evaluated in f32 only (WGSL has no f64). Changes: subnormal arguments
// are normalised and subnormal results rounded in integer arithmetic (mathcore.ts: the
// device may flush subnormals), JavaScript's special values (1 ** NaN is NaN, (±1) ** ±Inf
// is NaN), and expressions a SPIR-V folding rule would rewrite are written so that none
// applies (see mathcore.ts).

import { f } from './mathcore.js';
import type { HelperDef } from './helpers.js';

const INVLN2 = f(0x3fb8aa3b);
const LN2HI_EXP = f(0x3f317200); // 15 bits: k · LN2HI_EXP is exact for |k| ≤ 512
const LN2LO_EXP = f(0x35bfbe8e);
const LN2_HI = f(0x3f317180); // 17 bits: k · LN2_HI is exact for |k| ≤ 128
const LN2_LO = f(0x3717f7d1);
const INF = 'nb_f32_bits(0x7f800000u)';
const NINF = 'nb_f32_bits(0xff800000u)';
const QNAN = 'nb_f32_bits(0x7fc00000u)';

/** The shared front of log, log2 and log10: x = 2^k · (1 + f), 1 + f in [√2/2, √2). */
const LOG_REDUCE = `  var ix = bitcast<i32>(x);
  var k = 0;
  if (ix < 0x00800000) {
    if ((ix & 0x7fffffff) == 0) { return ${NINF}; }
    if (ix < 0) { return ${QNAN}; }
    let sh = countLeadingZeros(u32(ix)) - 8u;
    ix = ix << sh;
    k = -i32(sh);
  }
  if (ix >= 0x7f800000) { return x; }
  k = k + (ix >> 23u) - 127;
  ix = ix & 0x007fffff;
  let i = (ix + 0x4afb0d) & 0x800000;
  k = k + (i >> 23u);
  let fm = bitcast<f32>(ix | (i ^ 0x3f800000)) - 1.0f;`;

export const EXP_DEFS = {
  expk: {
    deps: ['scalbn'],
    // exp(x) · 2^shift for |x| ≤ 104 (e_expf.c): the scaling rounds subnormal results and
    // overflows to Inf exactly where the true value does.
    code: `fn nb_expk(x: f32, shift: i32) -> f32 {
  let k = round(x * ${INVLN2});
  let hi = x - k * ${LN2HI_EXP};
  let lo = k * ${LN2LO_EXP};
  let r = hi - lo;
  let t = r * r;
  let c = r - t * (${f(0x3e2aaa8f)} + t * ${f(0xbb355215)});
  let y = 1.0f - ((lo - (r * c) / (2.0f - c)) - hi);
  return nb_scalbn(y, i32(k) + shift);
}`,
  },
  exp: {
    deps: ['expk', 'f32_bits'],
    code: `fn nb_exp(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax > 0x7f800000u) { return x; }
  if (x > 89.0f) { return ${INF}; }
  if (x < -104.0f) { return 0.0f; }
  if (ax < 0x31800000u) { return 1.0f + x; }
  return nb_expk(x, 0);
}`,
  },
  expm1: {
    deps: ['scalbn', 'f32_bits'],
    code: `fn nb_expm1(x: f32) -> f32 {
  let hx = bitcast<u32>(x) & 0x7fffffffu;
  let neg = bitcast<u32>(x) >= 0x80000000u;
  if (hx >= 0x4195b844u) {
    if (hx > 0x7f800000u) { return x; }
    if (neg) { return -1.0f; }
    if (hx >= 0x42b17218u) { return ${INF}; }
  }
  if (hx < 0x33000000u) { return x; }
  var k = 0;
  var xr = x;
  var c = 0.0f;
  if (hx > 0x3eb17218u) {
    let t = round(x * ${INVLN2});
    k = i32(t);
    let hi = x - t * ${LN2_HI};
    let lo = t * ${LN2_LO};
    xr = hi - lo;
    c = (hi - xr) - lo;
  }
  let hfx = 0.5f * xr;
  let hxs = xr * hfx;
  let r1 = 1.0f + hxs * (${f(0xbd088868)} + hxs * ${f(0x3acf3010)});
  let t = 3.0f - r1 * hfx;
  var e = hxs * ((r1 - t) / (6.0f - xr * t));
  if (k == 0) { return xr - (xr * e - hxs); }
  e = (xr * (e - c) - c) - hxs;
  if (k == -1) { return 0.5f * (xr - e) - 0.5f; }
  if (k == 1) {
    if (xr < -0.25f) { return -2.0f * (e - (xr + 0.5f)); }
    return 1.0f + 2.0f * (xr - e);
  }
  if (k <= -2 || k > 56) { return nb_scalbn(1.0f - (e - xr), k) - 1.0f; }
  if (k < 23) { return nb_scalbn(bitcast<f32>(0x3f800000u - (0x1000000u >> u32(k))) - (e - xr), k); }
  return nb_scalbn((xr - (e + bitcast<f32>(u32(127 - k) << 23u))) + 1.0f, k);
}`,
  },
  log: {
    deps: ['f32_bits'],
    code: `fn nb_log(x: f32) -> f32 {
${LOG_REDUCE}
  // One formula for every f (e_logf.c also has a shortcut for |f| < 2^-9 and a second form
  // for some f; SwiftShader would run all three).
  let dk = f32(k);
  let s = fm / (2.0f + fm);
  let z = s * s;
  let w = z * z;
  let r = z * (${f(0x3f2aaaaa)} + w * ${f(0x3e91e9ee)}) + w * (${f(0x3eccce13)} + w * ${f(0x3e789e26)});
  let hfsq = 0.5f * fm * fm;
  return dk * ${LN2_HI} - ((hfsq - (s * (hfsq + r) + dk * ${LN2_LO})) - fm);
}`,
  },
  k_log1p: {
    deps: [],
    // k_logf.h: log(1 + f) - f + f²/2 for 1 + f in [√2/2, √2).
    code: `fn nb_k_log1p(fm: f32) -> f32 {
  let s = fm / (2.0f + fm);
  let z = s * s;
  let w = z * z;
  let r = z * (${f(0x3f2aaaaa)} + w * ${f(0x3e91e9ee)}) + w * (${f(0x3eccce13)} + w * ${f(0x3e789e26)});
  let hfsq = 0.5f * fm * fm;
  return s * (hfsq + r);
}`,
  },
  log2: {
    deps: ['k_log1p', 'f32_bits'],
    code: `fn nb_log2(x: f32) -> f32 {
${LOG_REDUCE}
  let y = f32(k);
  let hfsq = 0.5f * fm * fm;
  let r = nb_k_log1p(fm);
  let hi = bitcast<f32>(bitcast<u32>(fm - hfsq) & 0xfffff000u);
  let lo = (fm - hi) - hfsq + r;
  return (lo + hi) * ${f(0xb9389ad4)} + lo * ${f(0x3fb8b000)} + hi * ${f(0x3fb8b000)} + y;
}`,
  },
  log10: {
    deps: ['k_log1p', 'f32_bits'],
    code: `fn nb_log10(x: f32) -> f32 {
${LOG_REDUCE}
  let y = f32(k);
  let hfsq = 0.5f * fm * fm;
  let r = nb_k_log1p(fm);
  let hi = bitcast<f32>(bitcast<u32>(fm - hfsq) & 0xfffff000u);
  let lo = (fm - hi) - hfsq + r;
  return y * ${f(0x355427db)} + (lo + hi) * ${f(0xb804ead9)} + lo * ${f(0x3ede6000)} + hi * ${f(0x3ede6000)} + y * ${f(0x3e9a2080)};
}`,
  },
  log1p: {
    deps: ['opaque', 'f32_bits'],
    // s_log1pf.c. The correction term's u - 1 (u = 1 + x) goes through nb_opaque: spirv-opt
    // would fold (1 + x) - 1 to x and lose it.
    code: `fn nb_log1p(x: f32) -> f32 {
  let hx = bitcast<i32>(x);
  let ax = hx & 0x7fffffff;
  var k = 1;
  var fm = 0.0f;
  var c = 0.0f;
  var hu = 0;
  if (hx < 0x3ed413d0) {
    if (ax >= 0x3f800000) {
      if (x == -1.0f) { return ${NINF}; }
      return ${QNAN};
    }
    if (ax < 0x38000000) {
      if (ax < 0x33800000) { return x; }
      return x - x * x * 0.5f;
    }
    if (hx > 0 || hx <= -1097468391) { k = 0; fm = x; hu = 1; }
  }
  if (hx >= 0x7f800000) { return x; }
  if (k != 0) {
    var u = x;
    if (hx < 0x5a000000) {
      u = 1.0f + x;
      hu = bitcast<i32>(u);
      k = (hu >> 23u) - 127;
      c = select(x - (u - nb_opaque(1.0f)), 1.0f - (u - x), k > 0) / u;
    } else {
      hu = hx;
      k = (hu >> 23u) - 127;
    }
    hu = hu & 0x007fffff;
    if (hu < 0x3504f4) {
      u = bitcast<f32>(hu | 0x3f800000);
    } else {
      k = k + 1;
      u = bitcast<f32>(hu | 0x3f000000);
      hu = (0x00800000 - hu) >> 2u;
    }
    fm = u - 1.0f;
  }
  let hfsq = 0.5f * fm * fm;
  let dk = f32(k);
  if (hu == 0) {
    if (fm == 0.0f) { return dk * ${LN2_HI} + (c + dk * ${LN2_LO}); }
    let r = hfsq * (1.0f - ${f(0x3f2aaaab)} * fm);
    return dk * ${LN2_HI} - ((r - (dk * ${LN2_LO} + c)) - fm);
  }
  let s = fm / (2.0f + fm);
  let z = s * s;
  let r = z * (${f(0x3f2aaaab)} + z * (${f(0x3ecccccd)} + z * (${f(0x3e924925)} + z * (${f(0x3e638e29)} + z * (${f(0x3e3a3325)} + z * (${f(0x3e1cd04f)} + z * ${f(0x3e178897)}))))));
  if (k == 0) { return fm - (hfsq - s * (hfsq + r)); }
  return dk * ${LN2_HI} - ((hfsq - (s * (hfsq + r) + (dk * ${LN2_LO} + c))) - fm);
}`,
  },
  pow: {
    deps: ['sqrt', 'scalbn', 'scale_up', 'f32_bits'],
    // e_powf.c: log2(|x|) as t1 + t2 in extra precision (hi halves with 12 zero bits make
    // the products exact), times y split the same way, then 2^z as 2^n · exp(z - n) with a
    // correctly rounded scaling. JavaScript's rules first: x ** ±0 = 1 (NaN too), NaN
    // otherwise propagates, (±1) ** ±Inf is NaN.
    code: `fn nb_pow(x: f32, y: f32) -> f32 {
  let hx = bitcast<i32>(x);
  let hy = bitcast<i32>(y);
  var ix = hx & 0x7fffffff;
  let iy = hy & 0x7fffffff;
  if (iy == 0) { return 1.0f; }
  if (ix > 0x7f800000 || iy > 0x7f800000) { return ${QNAN}; }
  if (iy == 0x7f800000) {
    if (ix == 0x3f800000) { return ${QNAN}; }
    return select(0.0f, ${INF}, (ix > 0x3f800000) == (hy >= 0));
  }
  var yisint = 0;
  if (hx < 0) {
    if (iy >= 0x4b800000) {
      yisint = 2;
    } else if (iy >= 0x3f800000) {
      let sh = u32(23 - ((iy >> 23u) - 0x7f));
      let j = iy >> sh;
      if ((j << sh) == iy) { yisint = 2 - (j & 1); }
    }
  }
  if (iy == 0x3f800000) {
    if (hy > 0) { return x; }
    // 1/x, also where x or 1/x is subnormal (which a flushing device would zero)
    if (ix < 0x00800000) { return (1.0f / nb_scale_up(x, 24)) * 16777216.0f; }
    if (ix >= 0x7e800000 && ix < 0x7f800000) { return nb_scalbn(1.0f / bitcast<f32>(hx - 0x0c000000), -24); }
    return 1.0f / x;
  }
  if (hy == 0x40000000) { return x * x; }
  if (hy == 0x3f000000 && hx >= 0) { return nb_sqrt(x); }
  var ax = abs(x);
  if (ix == 0x7f800000 || ix == 0 || ix == 0x3f800000) {
    var z = select(ax, 1.0f / ax, hy < 0);
    if (hx < 0) {
      if (((ix - 0x3f800000) | yisint) == 0) { return ${QNAN}; }
      if (yisint == 1) { z = -z; }
    }
    return z;
  }
  if (hx < 0 && yisint == 0) { return ${QNAN}; }
  let sgn = select(0u, 0x80000000u, hx < 0 && yisint == 1);
  var t1: f32;
  var t2: f32;
  if (iy > 0x4d000000) {
    if (ix < 0x3f7ffff8) { return bitcast<f32>(sgn | select(0u, 0x7f800000u, hy < 0)); }
    if (ix > 0x3f800007) { return bitcast<f32>(sgn | select(0u, 0x7f800000u, hy > 0)); }
    let t = ax - 1.0f;
    let w = (t * t) * (0.5f - t * (${f(0x3eaaaaab)} - t * 0.25f));
    let u = ${f(0x3fb8aa00)} * t;
    let v = t * ${f(0x36eca570)} - w * ${INVLN2};
    t1 = bitcast<f32>(bitcast<u32>(u + v) & 0xfffff000u);
    t2 = v - (t1 - u);
  } else {
    var n = 0;
    if (ix < 0x00800000) {
      ax = nb_scale_up(ax, 24);
      n = -24;
      ix = bitcast<i32>(ax);
    }
    n = n + (ix >> 23u) - 0x7f;
    let j = ix & 0x007fffff;
    ix = j | 0x3f800000;
    var k = 0;
    if (j > 0x1cc471) {
      if (j < 0x5db3d7) {
        k = 1;
      } else {
        n = n + 1;
        ix = ix - 0x00800000;
      }
    }
    ax = bitcast<f32>(ix);
    let bp = select(1.0f, 1.5f, k == 1);
    let dp_h = select(0.0f, ${f(0x3f15c000)}, k == 1);
    let dp_l = select(0.0f, ${f(0x35d1cfdc)}, k == 1);
    let u = ax - bp;
    let v = 1.0f / (ax + bp);
    let s = u * v;
    let s_h = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
    let t_h = bitcast<f32>((((ix >> 1u) & -4096) | 0x20000000) + 0x00400000 + (k << 21u));
    let t_l = ax - (t_h - bp);
    let s_l = v * ((u - s_h * t_h) - s_h * t_l);
    let s2 = s * s;
    let r = s2 * s2 * (${f(0x3f19999a)} + s2 * (${f(0x3edb6db7)} + s2 * (${f(0x3eaaaaab)} + s2 * (${f(0x3e8ba305)} + s2 * (${f(0x3e6c3255)} + s2 * ${f(0x3e53f142)}))))) + s_l * (s_h + s);
    let sh2 = s_h * s_h;
    let th = bitcast<f32>(bitcast<u32>(3.0f + sh2 + r) & 0xfffff000u);
    let tl = r - ((th - 3.0f) - sh2);
    let u2 = s_h * th;
    let v2 = s_l * th + tl * s;
    let p_h = bitcast<f32>(bitcast<u32>(u2 + v2) & 0xfffff000u);
    let p_l = v2 - (p_h - u2);
    let z_h = ${f(0x3f764000)} * p_h;
    let z_l = ${f(0xb8f623c6)} * p_h + p_l * ${f(0x3f76384f)} + dp_l;
    let t = f32(n);
    t1 = bitcast<f32>(bitcast<u32>(((z_h + z_l) + dp_h) + t) & 0xfffff000u);
    t2 = z_l - (((t1 - t) - dp_h) - z_h);
  }
  let y1 = bitcast<f32>(bitcast<u32>(y) & 0xfffff000u);
  let p_l = (y - y1) * t1 + y * t2;
  var p_h = y1 * t1;
  let z = p_l + p_h;
  let j = bitcast<i32>(z);
  let over = bitcast<f32>(sgn | 0x7f800000u);
  let under = bitcast<f32>(sgn);
  if (j > 0x43000000) { return over; }
  if (j == 0x43000000 && p_l + ${f(0x3338aa3c)} > z - p_h) { return over; }
  if ((j & 0x7fffffff) > 0x43160000) { return under; }
  if (j == -1021968384 && p_l <= z - p_h) { return under; }
  let i = j & 0x7fffffff;
  var n = 0;
  if (i > 0x3f000000) {
    let nn = j + (0x00800000 >> u32((i >> 23u) - 0x7e));
    let k = ((nn & 0x7fffffff) >> 23u) - 0x7f;
    p_h = p_h - bitcast<f32>(nn & ~(0x007fffff >> u32(k)));
    n = ((nn & 0x007fffff) | 0x00800000) >> u32(23 - k);
    if (j < 0) { n = -n; }
  }
  let t = bitcast<f32>(bitcast<u32>(p_l + p_h) & 0xffff8000u);
  let u = t * ${f(0x3f317200)};
  let v = (p_l - (t - p_h)) * ${f(0x3f317218)} + t * ${f(0x35bfbe8c)};
  let zz = u + v;
  let w = v - (zz - u);
  let tt = zz * zz;
  let tp = zz - tt * (${f(0x3e2aaaab)} + tt * (${f(0xbb360b61)} + tt * (${f(0x388ab355)} + tt * (${f(0xb5ddea0e)} + tt * ${f(0x3331bb4c)}))));
  let r = (zz * tp) / (tp - 2.0f) - (w + zz * w);
  return bitcast<f32>(bitcast<u32>(nb_scalbn(1.0f - (r - zz), n)) ^ sgn);
}`,
  },
  sqrt: {
    deps: [],
    // The built-in (correctly rounded on SwiftShader), but a subnormal argument, which a
    // flushing device would read as ±0, is taken as 2m · 2^-150 (2m exact, m = its bits):
    // √x = √(2m) · 2^-75, a negative one giving NaN. Branch-free: SwiftShader runs both
    // sides of every branch, and this sits in inner loops (n-body).
    code: `fn nb_sqrt(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let sub = (b & 0x7fffffffu) - 1u < 0x7fffffu;
  // 2m exactly for a positive subnormal; a negative one becomes ≈ -2^32, whose root is NaN
  let y = select(x, f32(bitcast<i32>(b)) * 2.0f, sub);
  return sqrt(y) * select(1.0f, ${f(0x1a000000)}, sub);
}`,
  },
  cbrt: {
    deps: ['two_prod'],
    // |x| = m · 2^3q with m in [1, 8): two Halley steps from the bit-pattern estimate, then
    // one Newton step on the exact residual m - t³ (two_prod), and the exponent put back.
    code: `fn nb_cbrt(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let a = b & 0x7fffffffu;
  if (a == 0u || a >= 0x7f800000u) { return x; }
  var e: i32;
  var mb: u32;
  if (a < 0x800000u) {
    let sh = countLeadingZeros(a) - 8u;
    mb = (a << sh) & 0x7fffffu;
    e = -126 - i32(sh);
  } else {
    mb = a & 0x7fffffu;
    e = i32(a >> 23u) - 127;
  }
  let q = (e + 300) / 3 - 100;
  let m = bitcast<f32>(mb | (u32(127 + e - 3 * q) << 23u));
  var t = bitcast<f32>(bitcast<u32>(m) / 3u + 709958130u);
  var t3 = t * t * t;
  t = t * (t3 + m + m) / (t3 + t3 + m);
  t3 = t * t * t;
  t = t * (t3 + m + m) / (t3 + t3 + m);
  let p = nb_two_prod(t, t);
  let c = nb_two_prod(p.x, t);
  let d = ((c.x - m) + c.y) + p.y * t;
  t = t - d / (3.0f * p.x);
  return bitcast<f32>((b & 0x80000000u) | (bitcast<u32>(t) + (bitcast<u32>(q) << 23u)));
}`,
  },
} satisfies Record<string, HelperDef>;
