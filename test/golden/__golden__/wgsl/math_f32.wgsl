// numbat kernel 'mathEvery'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of x
  len1: u32, // length of y
  len2: u32, // length of o
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // x: f32 (argument 0)

@group(0) @binding(2) var<storage, read> b1: array<f32>; // y: f32 (argument 1)

@group(0) @binding(3) var<storage, read_write> b2: array<f32>; // o: f32 (argument 2)

fn nb_f32_bits(bits: u32) -> f32 { return bitcast<f32>(bits); }

fn nb_is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }

fn nb_nan() -> f32 { return nb_f32_bits(0x7fc00000u); }

fn nb_f32_to_i32(x: f32) -> i32 {
  let bits = bitcast<u32>(x);
  if ((bits & 0x7f800000u) == 0x7f800000u) { return 0i; }
  if (abs(x) < 2147483648.0f) { return i32(x); }
  let t = trunc(x);
  let r = t - 4294967296.0f * floor(t / 4294967296.0f);
  return bitcast<i32>(u32(r));
}

fn nb_f32_to_u32(x: f32) -> u32 { return bitcast<u32>(nb_f32_to_i32(x)); }

fn nb_round(x: f32) -> f32 {
  let f = floor(x);
  let r = select(f, f + 1.0f, x - f >= 0.5f);
  if (r == 0.0f) { return bitcast<f32>(bitcast<u32>(x) & 0x80000000u); }
  return r;
}

fn nb_min(a: f32, b: f32) -> f32 {
  if (nb_is_nan(a) || nb_is_nan(b)) { return nb_nan(); }
  let ia = bitcast<i32>(a);
  let ib = bitcast<i32>(b);
  return select(b, a, (ia ^ ((ia >> 31u) & 0x7fffffff)) < (ib ^ ((ib >> 31u) & 0x7fffffff)));
}

fn nb_max(a: f32, b: f32) -> f32 {
  if (nb_is_nan(a) || nb_is_nan(b)) { return nb_nan(); }
  let ia = bitcast<i32>(a);
  let ib = bitcast<i32>(b);
  return select(b, a, (ia ^ ((ia >> 31u) & 0x7fffffff)) > (ib ^ ((ib >> 31u) & 0x7fffffff)));
}

fn nb_floor(x: f32) -> f32 { return select(floor(x), -1.0f, bitcast<u32>(x) - 0x80000001u < 0x7fffffu); }

fn nb_ceil(x: f32) -> f32 { return select(ceil(x), 1.0f, bitcast<u32>(x) - 1u < 0x7fffffu); }

fn nb_sign(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u || (b & 0x7fffffffu) > 0x7f800000u) { return x; }
  return select(1.0f, -1.0f, b >= 0x80000000u);
}

fn nb_opaque(v: f32) -> f32 { return bitcast<f32>(bitcast<u32>(v) ^ U.zero); }

fn nb_scalbn(y: f32, k: i32) -> f32 {
  let b = bitcast<u32>(y);
  let s = b & 0x80000000u;
  let e = i32((b >> 23u) & 0xffu) + k;
  if (e >= 255) { return bitcast<f32>(s | 0x7f800000u); }
  if (e > 0) { return bitcast<f32>((b & 0x807fffffu) | (u32(e) << 23u)); }
  if (e < -24) { return bitcast<f32>(s); }
  let m = (b & 0x7fffffu) | 0x800000u;
  let sh = u32(1 - e);
  let q = m >> sh;
  let rem = m & ((1u << sh) - 1u);
  let half = 1u << (sh - 1u);
  return bitcast<f32>(s | (q + select(0u, 1u, rem > half || (rem == half && (q & 1u) == 1u))));
}

fn nb_scale_up(x: f32, k: i32) -> f32 {
  let b = bitcast<u32>(x);
  let a = b & 0x7fffffffu;
  if (a == 0u) { return x; }
  if (a >= 0x800000u) { return bitcast<f32>(b + (u32(k) << 23u)); }
  let sh = countLeadingZeros(a) - 8u;
  return bitcast<f32>((b & 0x80000000u) | ((a << sh) & 0x7fffffu) | (u32(k + 1 - i32(sh)) << 23u));
}

fn nb_two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let ca = a * 4097.0f;
  let ah = ca - (ca - a);
  let al = a - ah;
  let cb = b * 4097.0f;
  let bh = cb - (cb - b);
  let bl = b - bh;
  return vec2<f32>(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}

fn nb_mul64(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>((p00 & 0xffffu) | (mid << 16u), a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u));
}

fn nb_expk(x: f32, shift: i32) -> f32 {
  let k = round(x * 1.442695f);
  let hi = x - k * 0.69314575f;
  let lo = k * 0.0000014286068f;
  let r = hi - lo;
  let t = r * r;
  let c = r - t * (0.16666625f + t * (-0.0027667333f));
  let y = 1.0f - ((lo - (r * c) / (2.0f - c)) - hi);
  return nb_scalbn(y, i32(k) + shift);
}

fn nb_exp(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax > 0x7f800000u) { return x; }
  if (x > 89.0f) { return nb_f32_bits(0x7f800000u); }
  if (x < -104.0f) { return 0.0f; }
  if (ax < 0x31800000u) { return 1.0f + x; }
  return nb_expk(x, 0);
}

fn nb_expm1(x: f32) -> f32 {
  let hx = bitcast<u32>(x) & 0x7fffffffu;
  let neg = bitcast<u32>(x) >= 0x80000000u;
  if (hx >= 0x4195b844u) {
    if (hx > 0x7f800000u) { return x; }
    if (neg) { return -1.0f; }
    if (hx >= 0x42b17218u) { return nb_f32_bits(0x7f800000u); }
  }
  if (hx < 0x33000000u) { return x; }
  var k = 0;
  var xr = x;
  var c = 0.0f;
  if (hx > 0x3eb17218u) {
    let t = round(x * 1.442695f);
    k = i32(t);
    let hi = x - t * 0.6931381f;
    let lo = t * 0.000009058001f;
    xr = hi - lo;
    c = (hi - xr) - lo;
  }
  let hfx = 0.5f * xr;
  let hxs = xr * hfx;
  let r1 = 1.0f + hxs * ((-0.033333212f) + hxs * 0.001580717f);
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
}

fn nb_log(x: f32) -> f32 {
  var ix = bitcast<i32>(x);
  var k = 0;
  if (ix < 0x00800000) {
    if ((ix & 0x7fffffff) == 0) { return nb_f32_bits(0xff800000u); }
    if (ix < 0) { return nb_f32_bits(0x7fc00000u); }
    let sh = countLeadingZeros(u32(ix)) - 8u;
    ix = ix << sh;
    k = -i32(sh);
  }
  if (ix >= 0x7f800000) { return x; }
  k = k + (ix >> 23u) - 127;
  ix = ix & 0x007fffff;
  let i = (ix + 0x4afb0d) & 0x800000;
  k = k + (i >> 23u);
  let fm = bitcast<f32>(ix | (i ^ 0x3f800000)) - 1.0f;
  // One formula for every f (e_logf.c also has a shortcut for |f| < 2^-9 and a second form
  // for some f; SwiftShader would run all three).
  let dk = f32(k);
  let s = fm / (2.0f + fm);
  let z = s * s;
  let w = z * z;
  let r = z * (0.6666666f + w * 0.28498787f) + w * (0.40000972f + w * 0.24279079f);
  let hfsq = 0.5f * fm * fm;
  return dk * 0.6931381f - ((hfsq - (s * (hfsq + r) + dk * 0.000009058001f)) - fm);
}

fn nb_k_log1p(fm: f32) -> f32 {
  let s = fm / (2.0f + fm);
  let z = s * s;
  let w = z * z;
  let r = z * (0.6666666f + w * 0.28498787f) + w * (0.40000972f + w * 0.24279079f);
  let hfsq = 0.5f * fm * fm;
  return s * (hfsq + r);
}

fn nb_log2(x: f32) -> f32 {
  var ix = bitcast<i32>(x);
  var k = 0;
  if (ix < 0x00800000) {
    if ((ix & 0x7fffffff) == 0) { return nb_f32_bits(0xff800000u); }
    if (ix < 0) { return nb_f32_bits(0x7fc00000u); }
    let sh = countLeadingZeros(u32(ix)) - 8u;
    ix = ix << sh;
    k = -i32(sh);
  }
  if (ix >= 0x7f800000) { return x; }
  k = k + (ix >> 23u) - 127;
  ix = ix & 0x007fffff;
  let i = (ix + 0x4afb0d) & 0x800000;
  k = k + (i >> 23u);
  let fm = bitcast<f32>(ix | (i ^ 0x3f800000)) - 1.0f;
  let y = f32(k);
  let hfsq = 0.5f * fm * fm;
  let r = nb_k_log1p(fm);
  let hi = bitcast<f32>(bitcast<u32>(fm - hfsq) & 0xfffff000u);
  let lo = (fm - hi) - hfsq + r;
  return (lo + hi) * (-0.00017605285f) + lo * 1.4428711f + hi * 1.4428711f + y;
}

fn nb_log10(x: f32) -> f32 {
  var ix = bitcast<i32>(x);
  var k = 0;
  if (ix < 0x00800000) {
    if ((ix & 0x7fffffff) == 0) { return nb_f32_bits(0xff800000u); }
    if (ix < 0) { return nb_f32_bits(0x7fc00000u); }
    let sh = countLeadingZeros(u32(ix)) - 8u;
    ix = ix << sh;
    k = -i32(sh);
  }
  if (ix >= 0x7f800000) { return x; }
  k = k + (ix >> 23u) - 127;
  ix = ix & 0x007fffff;
  let i = (ix + 0x4afb0d) & 0x800000;
  k = k + (i >> 23u);
  let fm = bitcast<f32>(ix | (i ^ 0x3f800000)) - 1.0f;
  let y = f32(k);
  let hfsq = 0.5f * fm * fm;
  let r = nb_k_log1p(fm);
  let hi = bitcast<f32>(bitcast<u32>(fm - hfsq) & 0xfffff000u);
  let lo = (fm - hi) - hfsq + r;
  return y * 7.903415e-7f + (lo + hi) * (-0.00003168997f) + lo * 0.43432617f + hi * 0.43432617f + y * 0.3010292f;
}

fn nb_log1p(x: f32) -> f32 {
  let hx = bitcast<i32>(x);
  let ax = hx & 0x7fffffff;
  var k = 1;
  var fm = 0.0f;
  var c = 0.0f;
  var hu = 0;
  if (hx < 0x3ed413d0) {
    if (ax >= 0x3f800000) {
      if (x == -1.0f) { return nb_f32_bits(0xff800000u); }
      return nb_f32_bits(0x7fc00000u);
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
    if (fm == 0.0f) { return dk * 0.6931381f + (c + dk * 0.000009058001f); }
    let r = hfsq * (1.0f - 0.6666667f * fm);
    return dk * 0.6931381f - ((r - (dk * 0.000009058001f + c)) - fm);
  }
  let s = fm / (2.0f + fm);
  let z = s * s;
  let r = z * (0.6666667f + z * (0.4f + z * (0.2857143f + z * (0.22222199f + z * (0.18183573f + z * (0.15313838f + z * 0.14798199f))))));
  if (k == 0) { return fm - (hfsq - s * (hfsq + r)); }
  return dk * 0.6931381f - ((hfsq - (s * (hfsq + r) + (dk * 0.000009058001f + c))) - fm);
}

fn nb_pow(x: f32, y: f32) -> f32 {
  let hx = bitcast<i32>(x);
  let hy = bitcast<i32>(y);
  var ix = hx & 0x7fffffff;
  let iy = hy & 0x7fffffff;
  if (iy == 0) { return 1.0f; }
  if (ix > 0x7f800000 || iy > 0x7f800000) { return nb_f32_bits(0x7fc00000u); }
  if (iy == 0x7f800000) {
    if (ix == 0x3f800000) { return nb_f32_bits(0x7fc00000u); }
    return select(0.0f, nb_f32_bits(0x7f800000u), (ix > 0x3f800000) == (hy >= 0));
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
      if (((ix - 0x3f800000) | yisint) == 0) { return nb_f32_bits(0x7fc00000u); }
      if (yisint == 1) { z = -z; }
    }
    return z;
  }
  if (hx < 0 && yisint == 0) { return nb_f32_bits(0x7fc00000u); }
  let sgn = select(0u, 0x80000000u, hx < 0 && yisint == 1);
  var t1: f32;
  var t2: f32;
  if (iy > 0x4d000000) {
    if (ix < 0x3f7ffff8) { return bitcast<f32>(sgn | select(0u, 0x7f800000u, hy < 0)); }
    if (ix > 0x3f800007) { return bitcast<f32>(sgn | select(0u, 0x7f800000u, hy > 0)); }
    let t = ax - 1.0f;
    let w = (t * t) * (0.5f - t * (0.33333334f - t * 0.25f));
    let u = 1.442688f * t;
    let v = t * 0.0000070526075f - w * 1.442695f;
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
    let dp_h = select(0.0f, 0.58496094f, k == 1);
    let dp_l = select(0.0f, 0.0000015632208f, k == 1);
    let u = ax - bp;
    let v = 1.0f / (ax + bp);
    let s = u * v;
    let s_h = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
    let t_h = bitcast<f32>((((ix >> 1u) & -4096) | 0x20000000) + 0x00400000 + (k << 21u));
    let t_l = ax - (t_h - bp);
    let s_l = v * ((u - s_h * t_h) - s_h * t_l);
    let s2 = s * s;
    let r = s2 * s2 * (0.6f + s2 * (0.42857143f + s2 * (0.33333334f + s2 * (0.27272812f + s2 * (0.23066075f + s2 * 0.20697501f))))) + s_l * (s_h + s);
    let sh2 = s_h * s_h;
    let th = bitcast<f32>(bitcast<u32>(3.0f + sh2 + r) & 0xfffff000u);
    let tl = r - ((th - 3.0f) - sh2);
    let u2 = s_h * th;
    let v2 = s_l * th + tl * s;
    let p_h = bitcast<f32>(bitcast<u32>(u2 + v2) & 0xfffff000u);
    let p_l = v2 - (p_h - u2);
    let z_h = 0.96191406f * p_h;
    let z_l = (-0.000117368574f) * p_h + p_l * 0.9617967f + dp_l;
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
  if (j == 0x43000000 && p_l + 4.2995666e-8f > z - p_h) { return over; }
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
  let u = t * 0.69314575f;
  let v = (p_l - (t - p_h)) * 0.6931472f + t * 0.0000014286065f;
  let zz = u + v;
  let w = v - (zz - u);
  let tt = zz * zz;
  let tp = zz - tt * (0.16666667f + tt * ((-0.0027777778f) + tt * (0.00006613756f + tt * ((-0.0000016533902f) + tt * 4.138137e-8f))));
  let r = (zz * tp) / (tp - 2.0f) - (w + zz * w);
  return bitcast<f32>(bitcast<u32>(nb_scalbn(1.0f - (r - zz), n)) ^ sgn);
}

fn nb_sqrt(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let sub = (b & 0x7fffffffu) - 1u < 0x7fffffu;
  // 2m exactly for a positive subnormal; a negative one becomes ≈ -2^32, whose root is NaN
  let y = select(x, f32(bitcast<i32>(b)) * 2.0f, sub);
  return sqrt(y) * select(1.0f, 2.646978e-23f, sub);
}

fn nb_cbrt(x: f32) -> f32 {
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
}

struct NbReduced { h: f32, l: f32, q: u32 }

fn nb_rem_pio2(x: f32) -> NbReduced {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x3f490fdbu) { return NbReduced(x, 0.0f, 0u); }
  if (ax >= 0x43800000u) { return nb_rem_pio2_large(x); }
  let k = round(x * 0.63661975f);
  let a = x - k * 1.5707703f;
  let t = k * 0.000026063062f;
  let s = a - t;
  let bb = s - a;
  let e = (a - (s - bb)) - (t + bb);
  let l = (e - k * 6.0770944e-11f) - k * 6.123234e-17f;
  let h = s + l;
  return NbReduced(h, l - (h - s), bitcast<u32>(i32(k)) & 3u);
}

fn nb_rem_pio2_large(x: f32) -> NbReduced {
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
  let a = f32(g2 >> 6u) * 5.9604645e-8f;
  let b = f32(((g2 & 0x3fu) << 18u) | (g1 >> 14u)) * 3.5527137e-15f;
  let c = f32(((g1 & 0x3fffu) << 10u) | (g0 >> 22u)) * 2.1175824e-22f;
  let fh = a + b;
  let fl = ((a - fh) + b) + c;
  // r = |fraction| · π/2, π/2 as two floats
  let pr = nb_two_prod(fh, 1.5707964f);
  let rl0 = pr.y + (fh * (-4.371139e-8f) + fl * 1.5707964f);
  let rh = pr.x + rl0;
  let rl = rl0 - (rh - pr.x);
  let neg = (bitcast<u32>(x) >= 0x80000000u) != flip;
  let qq = select(q, 0u - q, bitcast<u32>(x) >= 0x80000000u) & 3u;
  return NbReduced(select(rh, -rh, neg), select(rl, -rl, neg), qq);
}

fn nb_sin_k(x: f32, y: f32) -> f32 {
  let z = x * x;
  let v = z * x;
  let r = 0.008333329f + z * ((-0.00019839335f) + z * 0.0000027183114f);
  return x - ((z * (0.5f * y - v * r) - y) - v * (-0.16666667f));
}

fn nb_cos_k(x: f32, y: f32) -> f32 {
  let z = x * x;
  let r = z * (2.748969e-9f + z * (0.041666623f + z * ((-0.0013886763f) + z * 0.000024390449f)));
  let ix = bitcast<u32>(x) & 0x7fffffffu;
  if (ix < 0x3e99999au) { return 1.0f - (0.5f * z - (r - x * y)); }
  let qx = select(bitcast<f32>((ix - 0x01000000u) & 0xffff0000u), 0.28125f, ix > 0x3f480000u);
  let hz = 0.5f * z - qx;
  return (1.0f - qx) - (hz - (r - x * y));
}

fn nb_tan_k(x: f32, y: f32, odd: bool) -> f32 {
  let z = x * x;
  let p = z * x * (0.33333334f + z * (0.13333231f + z * (0.05399449f + z * (0.021620946f + z * (0.009962722f + z * (0.0011844839f + z * 0.0038435971f))))));
  let xp = x + p;
  let c = p + y * (1.0f + xp * xp);
  let th = x + c;
  if (!odd) { return th; }
  let tl = c - (th - x);
  let q = -1.0f / th;
  let e2 = nb_two_prod(q, th);
  let e = ((-1.0f - e2.x) - e2.y) - q * tl;
  return q - q * e;
}

fn nb_sin(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x39800000u) { return x; }
  if (ax >= 0x7f800000u) { return nb_f32_bits(0x7fc00000u); }
  let r = nb_rem_pio2(x);
  var v: f32;
  if ((r.q & 1u) == 0u) { v = nb_sin_k(r.h, r.l); } else { v = nb_cos_k(r.h, r.l); }
  return select(v, -v, (r.q & 2u) != 0u);
}

fn nb_cos(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x39800000u) { return 1.0f; }
  if (ax >= 0x7f800000u) { return nb_f32_bits(0x7fc00000u); }
  let r = nb_rem_pio2(x);
  var v: f32;
  if ((r.q & 1u) == 0u) { v = nb_cos_k(r.h, r.l); } else { v = nb_sin_k(r.h, r.l); }
  return select(v, -v, ((r.q + 1u) & 2u) != 0u);
}

fn nb_tan(x: f32) -> f32 {
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  if (ax < 0x39800000u) { return x; }
  if (ax >= 0x7f800000u) { return nb_f32_bits(0x7fc00000u); }
  let r = nb_rem_pio2(x);
  return nb_tan_k(r.h, r.l, (r.q & 1u) == 1u);
}

fn nb_asin(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x3f800000u) {
    if (ix == 0x3f800000u) { return bitcast<f32>((hx & 0x80000000u) | 0x3fc90fdbu); }
    return nb_f32_bits(0x7fc00000u);
  }
  if (ix < 0x3f000000u) {
    if (ix < 0x39800000u) { return x; }
    let t = x * x;
    let w = t * (0.16666587f + t * ((-0.042743422f) + t * (-0.008656363f))) / (1.0f + t * (-0.70662963f));
    return x + x * w;
  }
  let t = (1.0f - bitcast<f32>(ix)) * 0.5f;
  let p = t * (0.16666587f + t * ((-0.042743422f) + t * (-0.008656363f)));
  let q = 1.0f + t * (-0.70662963f);
  let s = sqrt(t);
  var v: f32;
  if (ix >= 0x3f79999au) {
    v = 1.5707963f - (2.0f * (s + s * (p / q)) - 7.5497894e-8f);
  } else {
    let w = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
    let c = (t - w * w) / (s + w);
    let pp = 2.0f * s * (p / q) - (7.5497894e-8f - 2.0f * c);
    let qq = 0.7853981f - 2.0f * w;
    v = 0.7853981f - (pp - qq);
  }
  return bitcast<f32>(bitcast<u32>(v) | (hx & 0x80000000u));
}

fn nb_acos(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x3f800000u) {
    if (hx == 0x3f800000u) { return 0.0f; }
    if (hx == 0xbf800000u) { return 3.1415927f; }
    return nb_f32_bits(0x7fc00000u);
  }
  if (ix < 0x3f000000u) {
    if (ix <= 0x32800000u) { return 1.5707964f; }
    let z = x * x;
    let r = z * (0.16666587f + z * ((-0.042743422f) + z * (-0.008656363f))) / (1.0f + z * (-0.70662963f));
    return 1.5707963f - (x - (7.5497894e-8f - x * r));
  }
  if (hx >= 0x80000000u) {
    let z = (1.0f + x) * 0.5f;
    let r = z * (0.16666587f + z * ((-0.042743422f) + z * (-0.008656363f))) / (1.0f + z * (-0.70662963f));
    let s = sqrt(z);
    return 3.1415925f - 2.0f * (s + (r * s - 7.5497894e-8f));
  }
  let z = (1.0f - x) * 0.5f;
  let s = sqrt(z);
  let df = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
  let c = (z - df * df) / (s + df);
  let r = z * (0.16666587f + z * ((-0.042743422f) + z * (-0.008656363f))) / (1.0f + z * (-0.70662963f));
  return 2.0f * (df + (r * s + c));
}

fn nb_atan(x0: f32) -> f32 {
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
  let s1 = z * (0.33333328f + w * (0.14253636f + w * 0.061687607f));
  let s2 = w * ((-0.19999158f) + w * (-0.106480174f));
  if (id < 0) { return x - x * (s1 + s2); }
  var hi = array<f32, 4>(0.4636476f, 0.7853981f, 0.9827937f, 1.5707963f);
  var lo = array<f32, 4>(5.0121582e-9f, 3.7748947e-8f, 3.4473217e-8f, 7.5497894e-8f);
  let v = hi[id] - ((x * (s1 + s2) - lo[id]) - x);
  return bitcast<f32>(bitcast<u32>(v) | (hx & 0x80000000u));
}

fn nb_atan2(y: f32, x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let hy = bitcast<u32>(y);
  let ix = hx & 0x7fffffffu;
  let iy = hy & 0x7fffffffu;
  if (ix > 0x7f800000u || iy > 0x7f800000u) { return nb_f32_bits(0x7fc00000u); }
  if (hx == 0x3f800000u) { return nb_atan(y); }
  var m = (hy >> 31u) | ((hx >> 30u) & 2u);
  let sy = hy & 0x80000000u;
  let pi = 3.1415927f;
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
    z = 1.5707964f + 0.5f * (-8.742278e-8f);
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
  let pilo = nb_opaque((-8.742278e-8f));
  switch (m) {
    case 0u: { return z; }
    case 1u: { return bitcast<f32>(bitcast<u32>(z) ^ 0x80000000u); }
    case 2u: { return pi - (z - pilo); }
    default: { return (z - pilo) - pi; }
  }
}

fn nb_sinh(x: f32) -> f32 {
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
      v = ax + ax * z * (0.16666667f + z * (0.008333334f + z * (0.0001984127f + z * (0.0000027557319f + z * (2.5052108e-8f + z * 1.6059044e-10f)))));
    } else {
      let t = nb_expm1(ax);
      v = 0.5f * (t + t / (t + 1.0f));
    }
  } else if (ix <= 0x42b2d4fcu) {
    v = nb_expk(ax, -1);
  } else {
    v = nb_f32_bits(0x7f800000u);
  }
  return bitcast<f32>(bitcast<u32>(v) | sx);
}

fn nb_cosh(x: f32) -> f32 {
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
  return nb_f32_bits(0x7f800000u);
}

fn nb_tanh(x: f32) -> f32 {
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
      z = ax + ax * w * ((-0.33333334f) + w * (0.13333331f + w * ((-0.0539676f) + w * (0.021862581f + w * ((-0.008826273f) + w * (0.0034784335f + w * ((-0.0012422126f) + w * (0.0003377234f + w * (-0.000048475453f)))))))));
    }
  } else {
    z = 1.0f;
  }
  return bitcast<f32>(bitcast<u32>(z) | (hx & 0x80000000u));
}

fn nb_asinh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x7f800000u) { return x; }
  if (ix < 0x39800000u) { return x; }
  let ax = bitcast<f32>(ix);
  var w: f32;
  if (ix > 0x4d800000u) {
    w = nb_log(ax) + 0.6931472f;
  } else if (ix > 0x40000000u) {
    w = nb_log(2.0f * ax + 1.0f / (sqrt(ax * ax + 1.0f) + ax));
  } else if (ix >= 0x3f400000u) {
    let t = ax * ax;
    w = nb_log1p(ax + t / (1.0f + sqrt(1.0f + t)));
  } else {
    // |x| < 0.75: x + x³·P(x²), a least-squares fit of (asinh(x) - x)/x³ (2^-25 with f32
    // coefficients), where the log1p form costs up to 2 ulps.
    let z = ax * ax;
    w = ax + ax * z * ((-0.16666667f) + z * (0.07499999f + z * ((-0.044642117f) + z * (0.030367866f + z * ((-0.02223589f) + z * (0.016592544f + z * ((-0.0113578f) + z * (0.005855465f + z * (-0.0015654522f)))))))));
  }
  return bitcast<f32>(bitcast<u32>(w) | (hx & 0x80000000u));
}

fn nb_acosh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  if (hx < 0x3f800000u || hx > 0x7f800000u) { return nb_f32_bits(0x7fc00000u); }
  if (hx >= 0x4d800000u) {
    if (hx == 0x7f800000u) { return x; }
    return nb_log(x) + 0.6931472f;
  }
  if (hx == 0x3f800000u) { return 0.0f; }
  if (hx > 0x40000000u) { return nb_log(2.0f * x - 1.0f / (x + sqrt(x * x - 1.0f))); }
  // 1 < x ≤ 2: √(2t)·Q(t), t = x - 1 exact, Q a least-squares fit of acosh(1 + t)/√(2t)
  // (2^-30), √(2t) with its rounding error as a tail: the log1p form costs up to 2 ulps.
  let t = x - 1.0f;
  let s = sqrt(2.0f * t);
  let ss = nb_two_prod(s, s);
  let sl = (((2.0f * t - ss.x) - ss.y) / (s + s));
  return s + (sl + s * t * ((-0.08333333f) + t * (0.018749887f + t * ((-0.005579152f) + t * (0.0018923123f + t * ((-0.0006786423f) + t * (0.00023207052f + t * ((-0.00006221184f) + t * 0.000008924619f))))))));
}

fn nb_atanh(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix > 0x3f800000u) { return nb_f32_bits(0x7fc00000u); }
  if (ix == 0x3f800000u) { return bitcast<f32>((hx & 0x80000000u) | 0x7f800000u); }
  if (ix < 0x39800000u) { return x; }
  let ax = bitcast<f32>(ix);
  var t: f32;
  if (ix < 0x3f000000u) {
    // |x| < 0.5: x + x³·P(x²), a least-squares fit of (atanh(x) - x)/x³ (2^-25 with f32
    // coefficients), where e_atanhf.c's log1p costs up to 2 ulps.
    let w = ax * ax;
    t = ax + ax * w * (0.33333334f + w * (0.19999959f + w * (0.14288352f + w * (0.110496715f + w * (0.09760971f + w * (0.040592458f + w * 0.15672632f))))));
  } else {
    t = 0.5f * nb_log1p((ax + ax) / (1.0f - ax));
  }
  return bitcast<f32>(bitcast<u32>(t) | (hx & 0x80000000u));
}

fn nb_hypot(x: f32, y: f32) -> f32 {
  var ha = bitcast<u32>(x) & 0x7fffffffu;
  var hb = bitcast<u32>(y) & 0x7fffffffu;
  if (ha == 0x7f800000u || hb == 0x7f800000u) { return nb_f32_bits(0x7f800000u); }
  if (ha > 0x7f800000u || hb > 0x7f800000u) { return nb_f32_bits(0x7fc00000u); }
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
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  var v_a: f32 = b0[v_i];
  var v_b: f32 = b1[v_i];
  var v_k: i32 = (v_i * 34i);
  if (bitcast<u32>(v_k) < U.len2) { b2[v_k] = abs(v_a); }
  let nb_t0 = (v_k + 1i);
  if (bitcast<u32>(nb_t0) < U.len2) { b2[nb_t0] = nb_sign(v_a); }
  let nb_t1 = (v_k + 2i);
  if (bitcast<u32>(nb_t1) < U.len2) { b2[nb_t1] = nb_sqrt(v_a); }
  let nb_t2 = (v_k + 3i);
  if (bitcast<u32>(nb_t2) < U.len2) { b2[nb_t2] = nb_cbrt(v_a); }
  let nb_t3 = (v_k + 4i);
  if (bitcast<u32>(nb_t3) < U.len2) { b2[nb_t3] = nb_floor(v_a); }
  let nb_t4 = (v_k + 5i);
  if (bitcast<u32>(nb_t4) < U.len2) { b2[nb_t4] = nb_ceil(v_a); }
  let nb_t5 = (v_k + 6i);
  if (bitcast<u32>(nb_t5) < U.len2) { b2[nb_t5] = nb_round(v_a); }
  let nb_t6 = (v_k + 7i);
  if (bitcast<u32>(nb_t6) < U.len2) { b2[nb_t6] = trunc(v_a); }
  let nb_t7 = (v_k + 8i);
  if (bitcast<u32>(nb_t7) < U.len2) { b2[nb_t7] = v_a; }
  let nb_t8 = (v_k + 9i);
  if (bitcast<u32>(nb_t8) < U.len2) { b2[nb_t8] = nb_exp(v_a); }
  let nb_t9 = (v_k + 10i);
  if (bitcast<u32>(nb_t9) < U.len2) { b2[nb_t9] = nb_expm1(v_a); }
  let nb_t10 = (v_k + 11i);
  if (bitcast<u32>(nb_t10) < U.len2) { b2[nb_t10] = nb_log(v_a); }
  let nb_t11 = (v_k + 12i);
  if (bitcast<u32>(nb_t11) < U.len2) { b2[nb_t11] = nb_log1p(v_a); }
  let nb_t12 = (v_k + 13i);
  if (bitcast<u32>(nb_t12) < U.len2) { b2[nb_t12] = nb_log2(v_a); }
  let nb_t13 = (v_k + 14i);
  if (bitcast<u32>(nb_t13) < U.len2) { b2[nb_t13] = nb_log10(v_a); }
  let nb_t14 = (v_k + 15i);
  if (bitcast<u32>(nb_t14) < U.len2) { b2[nb_t14] = nb_sin(v_a); }
  let nb_t15 = (v_k + 16i);
  if (bitcast<u32>(nb_t15) < U.len2) { b2[nb_t15] = nb_cos(v_a); }
  let nb_t16 = (v_k + 17i);
  if (bitcast<u32>(nb_t16) < U.len2) { b2[nb_t16] = nb_tan(v_a); }
  let nb_t17 = (v_k + 18i);
  if (bitcast<u32>(nb_t17) < U.len2) { b2[nb_t17] = nb_asin(v_a); }
  let nb_t18 = (v_k + 19i);
  if (bitcast<u32>(nb_t18) < U.len2) { b2[nb_t18] = nb_acos(v_a); }
  let nb_t19 = (v_k + 20i);
  if (bitcast<u32>(nb_t19) < U.len2) { b2[nb_t19] = nb_atan(v_a); }
  let nb_t20 = (v_k + 21i);
  if (bitcast<u32>(nb_t20) < U.len2) { b2[nb_t20] = nb_atan2(v_a, v_b); }
  let nb_t21 = (v_k + 22i);
  if (bitcast<u32>(nb_t21) < U.len2) { b2[nb_t21] = nb_sinh(v_a); }
  let nb_t22 = (v_k + 23i);
  if (bitcast<u32>(nb_t22) < U.len2) { b2[nb_t22] = nb_cosh(v_a); }
  let nb_t23 = (v_k + 24i);
  if (bitcast<u32>(nb_t23) < U.len2) { b2[nb_t23] = nb_tanh(v_a); }
  let nb_t24 = (v_k + 25i);
  if (bitcast<u32>(nb_t24) < U.len2) { b2[nb_t24] = nb_asinh(v_a); }
  let nb_t25 = (v_k + 26i);
  if (bitcast<u32>(nb_t25) < U.len2) { b2[nb_t25] = nb_acosh(v_a); }
  let nb_t26 = (v_k + 27i);
  if (bitcast<u32>(nb_t26) < U.len2) { b2[nb_t26] = nb_atanh(v_a); }
  let nb_t27 = (v_k + 28i);
  if (bitcast<u32>(nb_t27) < U.len2) { b2[nb_t27] = nb_pow(v_a, v_b); }
  let nb_t28 = (v_k + 29i);
  if (bitcast<u32>(nb_t28) < U.len2) { b2[nb_t28] = nb_hypot(v_a, v_b); }
  let nb_t29 = (v_k + 30i);
  if (bitcast<u32>(nb_t29) < U.len2) { b2[nb_t29] = nb_min(v_a, v_b); }
  let nb_t30 = (v_k + 31i);
  if (bitcast<u32>(nb_t30) < U.len2) { b2[nb_t30] = nb_max(v_a, v_b); }
  let nb_t31 = (v_k + 32i);
  if (bitcast<u32>(nb_t31) < U.len2) { b2[nb_t31] = nb_opaque(f32((nb_f32_to_i32(v_a) * nb_f32_to_i32(v_b)))); }
  let nb_t32 = (v_k + 33i);
  if (bitcast<u32>(nb_t32) < U.len2) { b2[nb_t32] = nb_opaque(f32(i32(countLeadingZeros(nb_f32_to_u32(v_a))))); }
}
