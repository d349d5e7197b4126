// numbat kernel 'kernel'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: i32, // length of hist (b1)
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of x
  len1: u32, // length of hist
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // x: f32 (argument 0)

@group(0) @binding(2) var<storage, read_write> b1: array<atomic<i32>>; // hist: i32 (argument 1)

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

fn nb_min(a: f32, b: f32) -> f32 {
  if (nb_is_nan(a) || nb_is_nan(b)) { return nb_nan(); }
  let ia = bitcast<i32>(a);
  let ib = bitcast<i32>(b);
  return select(b, a, (ia ^ ((ia >> 31u) & 0x7fffffff)) < (ib ^ ((ib >> 31u) & 0x7fffffff)));
}

fn nb_floor(x: f32) -> f32 { return select(floor(x), -1.0f, bitcast<u32>(x) - 0x80000001u < 0x7fffffu); }

fn nb_atomic_add_b1(i: i32, v: i32, site: u32) -> i32 {
  if (bitcast<u32>(i) >= U.len1) { return 0i; }
  return atomicAdd(&b1[i], v);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  let nb_s1 = U.s1;
  var v_bin: f32 = nb_min(f32((nb_s1 - 1i)), nb_floor((b0[v_i] * f32(nb_s1))));
  _ = nb_atomic_add_b1(select((-1i), nb_f32_to_i32(v_bin), ((v_bin == trunc(v_bin)) && ((v_bin >= 0.0f) && (v_bin < 2.1474836e9f)))), 1i, 0u);
}
