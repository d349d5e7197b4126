// numbat kernel 'kernel'

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

@group(0) @binding(1) var<storage, read> b0: array<i32>; // x: i32 (argument 0)

@group(0) @binding(2) var<storage, read> b1: array<i32>; // y: i32 (argument 1)

@group(0) @binding(3) var<storage, read_write> b2: array<i32>; // o: i32 (argument 2)

fn nb_f32_to_i32(x: f32) -> i32 {
  let bits = bitcast<u32>(x);
  if ((bits & 0x7f800000u) == 0x7f800000u) { return 0i; }
  if (abs(x) < 2147483648.0f) { return i32(x); }
  let t = trunc(x);
  let r = t - 4294967296.0f * floor(t / 4294967296.0f);
  return bitcast<i32>(u32(r));
}

fn nb_sign(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u || (b & 0x7fffffffu) > 0x7f800000u) { return x; }
  return select(1.0f, -1.0f, b >= 0x80000000u);
}

fn nb_opaque(v: f32) -> f32 { return bitcast<f32>(bitcast<u32>(v) ^ U.zero); }

fn nb_sqrt(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let sub = (b & 0x7fffffffu) - 1u < 0x7fffffu;
  // 2m exactly for a positive subnormal; a negative one becomes ≈ -2^32, whose root is NaN
  let y = select(x, f32(bitcast<i32>(b)) * 2.0f, sub);
  return sqrt(y) * select(1.0f, 2.646978e-23f, sub);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  var v_a: i32 = b0[v_i];
  var v_b: i32 = b1[v_i];
  var v_k: i32 = (v_i * 8i);
  if (bitcast<u32>(v_k) < U.len2) { b2[v_k] = abs(v_a); }
  let nb_t0 = (v_k + 1i);
  if (bitcast<u32>(nb_t0) < U.len2) { b2[nb_t0] = min(v_a, v_b); }
  let nb_t1 = (v_k + 2i);
  if (bitcast<u32>(nb_t1) < U.len2) { b2[nb_t1] = max(max(v_a, v_b), 3i); }
  let nb_t2 = (v_k + 3i);
  if (bitcast<u32>(nb_t2) < U.len2) { b2[nb_t2] = nb_f32_to_i32(nb_sign(nb_opaque(f32(v_a)))); }
  let nb_t3 = (v_k + 4i);
  if (bitcast<u32>(nb_t3) < U.len2) { b2[nb_t3] = (v_a * v_b); }
  let nb_t4 = (v_k + 5i);
  if (bitcast<u32>(nb_t4) < U.len2) { b2[nb_t4] = i32(countLeadingZeros(bitcast<u32>(v_a))); }
  let nb_t5 = (v_k + 6i);
  if (bitcast<u32>(nb_t5) < U.len2) { b2[nb_t5] = v_a; }
  let nb_t6 = (v_k + 7i);
  if (bitcast<u32>(nb_t6) < U.len2) { b2[nb_t6] = nb_f32_to_i32(nb_sqrt(nb_opaque(f32(v_b)))); }
}
