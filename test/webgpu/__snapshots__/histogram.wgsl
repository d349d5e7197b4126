// numbat kernel 'histogram'

struct NbParams {
  total: u32,
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of x
  len1: u32, // length of counts
  len2: u32, // length of total
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<i32>; // x: i32 (argument 0)

@group(0) @binding(2) var<storage, read_write> b1: array<atomic<i32>>; // counts: i32 (argument 1)

@group(0) @binding(3) var<storage, read_write> b2: array<atomic<u32>>; // total: f32 (argument 2)

fn nb_f32_bits(bits: u32) -> f32 { return bitcast<f32>(bits); }

fn nb_nan() -> f32 { return nb_f32_bits(0x7fc00000u); }

fn nb_atomic_add_b1(i: i32, v: i32, site: u32) -> i32 {
  if (bitcast<u32>(i) >= U.len1) { return 0i; }
  return atomicAdd(&b1[i], v);
}

fn nb_atomic_add_b2(i: i32, v: f32, site: u32) -> f32 {
  if (bitcast<u32>(i) >= U.len2) { return nb_nan(); }
  var old = atomicLoad(&b2[i]);
  loop {
    let r = atomicCompareExchangeWeak(&b2[i], old, bitcast<u32>((bitcast<f32>(old) + v)));
    if (r.exchanged) { return bitcast<f32>(old); }
    old = r.old_value;
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  _ = nb_atomic_add_b1((b0[v_i] & 7i), 1i, 0u);
  _ = nb_atomic_add_b2(0i, f32(b0[v_i]), 0u);
}
