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

fn nb_fast_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0f) { return 1.0f; }
  if (nb_is_nan(x) || nb_is_nan(y)) { return nb_nan(); }
  let ay = abs(y);
  if (abs(x) == 1.0f && (bitcast<u32>(ay) == 0x7f800000u)) { return nb_nan(); }
  if (y == trunc(y) && ay <= 64.0f) {
    var n = u32(ay);
    var base = x;
    var acc = 1.0f;
    loop {
      if ((n & 1u) == 1u) { acc = acc * base; }
      n = n >> 1u;
      if (n == 0u) { break; }
      base = base * base;
    }
    return select(acc, 1.0f / acc, y < 0.0f);
  }
  if (x == 0.0f) {
    let negZero = bitcast<u32>(x) == 0x80000000u;
    let odd = y == trunc(y) && ay < 16777216.0f && (u32(ay) & 1u) == 1u;
    if (y > 0.0f) { return select(0.0f, x, odd); }
    return bitcast<f32>(select(0x7f800000u, 0xff800000u, negZero && odd));
  }
  if (x < 0.0f) {
    if (y != trunc(y)) { return nb_nan(); }
    let r = pow(-x, y);
    let odd = ay < 16777216.0f && (u32(ay) & 1u) == 1u;
    return select(r, -r, odd);
  }
  return pow(x, y);
}

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

fn nb_sign(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u || (b & 0x7fffffffu) > 0x7f800000u) { return x; }
  return select(1.0f, -1.0f, b >= 0x80000000u);
}

fn nb_fast_expm1(x: f32) -> f32 {
  if (abs(x) < 1e-3f) { return x + x * x * (0.5f + x * (1.0f / 6.0f)); }
  return exp(x) - 1.0f;
}

fn nb_fast_log1p(x: f32) -> f32 {
  let u = 1.0f + x;
  if (u == 1.0f) { return x; }
  if (u == 0.0f || u < 0.0f || bitcast<u32>(u) == 0x7f800000u) { return log(u); }
  return log(u) * (x / (u - 1.0f));
}

fn nb_fast_cbrt(x: f32) -> f32 {
  let a = abs(x);
  if (a == 0.0f || !(a < 3.4e38f)) { return x; }
  var r = pow(a, 1.0f / 3.0f);
  r = r - (r * r * r - a) / (3.0f * r * r);
  return select(r, -r, x < 0.0f);
}

fn nb_fast_hypot(a: f32, b: f32) -> f32 {
  let x = abs(a);
  let y = abs(b);
  if (bitcast<u32>(x) == 0x7f800000u || bitcast<u32>(y) == 0x7f800000u) { return nb_f32_bits(0x7f800000u); }
  if (nb_is_nan(x) || nb_is_nan(y)) { return nb_nan(); }
  let m = max(x, y);
  if (m == 0.0f) { return 0.0f; }
  let p = x / m;
  let q = y / m;
  return m * sqrt(p * p + q * q);
}

fn nb_fast_tanh(x: f32) -> f32 { if (abs(x) > 10.0f) { return sign(x); } return tanh(x); }

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
  if (bitcast<u32>(nb_t1) < U.len2) { b2[nb_t1] = sqrt(v_a); }
  let nb_t2 = (v_k + 3i);
  if (bitcast<u32>(nb_t2) < U.len2) { b2[nb_t2] = nb_fast_cbrt(v_a); }
  let nb_t3 = (v_k + 4i);
  if (bitcast<u32>(nb_t3) < U.len2) { b2[nb_t3] = floor(v_a); }
  let nb_t4 = (v_k + 5i);
  if (bitcast<u32>(nb_t4) < U.len2) { b2[nb_t4] = ceil(v_a); }
  let nb_t5 = (v_k + 6i);
  if (bitcast<u32>(nb_t5) < U.len2) { b2[nb_t5] = nb_round(v_a); }
  let nb_t6 = (v_k + 7i);
  if (bitcast<u32>(nb_t6) < U.len2) { b2[nb_t6] = trunc(v_a); }
  let nb_t7 = (v_k + 8i);
  if (bitcast<u32>(nb_t7) < U.len2) { b2[nb_t7] = v_a; }
  let nb_t8 = (v_k + 9i);
  if (bitcast<u32>(nb_t8) < U.len2) { b2[nb_t8] = exp(v_a); }
  let nb_t9 = (v_k + 10i);
  if (bitcast<u32>(nb_t9) < U.len2) { b2[nb_t9] = nb_fast_expm1(v_a); }
  let nb_t10 = (v_k + 11i);
  if (bitcast<u32>(nb_t10) < U.len2) { b2[nb_t10] = log(v_a); }
  let nb_t11 = (v_k + 12i);
  if (bitcast<u32>(nb_t11) < U.len2) { b2[nb_t11] = nb_fast_log1p(v_a); }
  let nb_t12 = (v_k + 13i);
  if (bitcast<u32>(nb_t12) < U.len2) { b2[nb_t12] = log2(v_a); }
  let nb_t13 = (v_k + 14i);
  if (bitcast<u32>(nb_t13) < U.len2) { b2[nb_t13] = (log2(v_a) * 0.30102999566398120f); }
  let nb_t14 = (v_k + 15i);
  if (bitcast<u32>(nb_t14) < U.len2) { b2[nb_t14] = sin(v_a); }
  let nb_t15 = (v_k + 16i);
  if (bitcast<u32>(nb_t15) < U.len2) { b2[nb_t15] = cos(v_a); }
  let nb_t16 = (v_k + 17i);
  if (bitcast<u32>(nb_t16) < U.len2) { b2[nb_t16] = tan(v_a); }
  let nb_t17 = (v_k + 18i);
  if (bitcast<u32>(nb_t17) < U.len2) { b2[nb_t17] = asin(v_a); }
  let nb_t18 = (v_k + 19i);
  if (bitcast<u32>(nb_t18) < U.len2) { b2[nb_t18] = acos(v_a); }
  let nb_t19 = (v_k + 20i);
  if (bitcast<u32>(nb_t19) < U.len2) { b2[nb_t19] = atan(v_a); }
  let nb_t20 = (v_k + 21i);
  if (bitcast<u32>(nb_t20) < U.len2) { b2[nb_t20] = atan2(v_a, v_b); }
  let nb_t21 = (v_k + 22i);
  if (bitcast<u32>(nb_t21) < U.len2) { b2[nb_t21] = sinh(v_a); }
  let nb_t22 = (v_k + 23i);
  if (bitcast<u32>(nb_t22) < U.len2) { b2[nb_t22] = cosh(v_a); }
  let nb_t23 = (v_k + 24i);
  if (bitcast<u32>(nb_t23) < U.len2) { b2[nb_t23] = nb_fast_tanh(v_a); }
  let nb_t24 = (v_k + 25i);
  if (bitcast<u32>(nb_t24) < U.len2) { b2[nb_t24] = asinh(v_a); }
  let nb_t25 = (v_k + 26i);
  if (bitcast<u32>(nb_t25) < U.len2) { b2[nb_t25] = acosh(v_a); }
  let nb_t26 = (v_k + 27i);
  if (bitcast<u32>(nb_t26) < U.len2) { b2[nb_t26] = atanh(v_a); }
  let nb_t27 = (v_k + 28i);
  if (bitcast<u32>(nb_t27) < U.len2) { b2[nb_t27] = nb_fast_pow(v_a, v_b); }
  let nb_t28 = (v_k + 29i);
  if (bitcast<u32>(nb_t28) < U.len2) { b2[nb_t28] = nb_fast_hypot(v_a, v_b); }
  let nb_t29 = (v_k + 30i);
  if (bitcast<u32>(nb_t29) < U.len2) { b2[nb_t29] = nb_min(v_a, v_b); }
  let nb_t30 = (v_k + 31i);
  if (bitcast<u32>(nb_t30) < U.len2) { b2[nb_t30] = nb_max(v_a, v_b); }
  let nb_t31 = (v_k + 32i);
  if (bitcast<u32>(nb_t31) < U.len2) { b2[nb_t31] = f32((nb_f32_to_i32(v_a) * nb_f32_to_i32(v_b))); }
  let nb_t32 = (v_k + 33i);
  if (bitcast<u32>(nb_t32) < U.len2) { b2[nb_t32] = f32(i32(countLeadingZeros(nb_f32_to_u32(v_a)))); }
}
