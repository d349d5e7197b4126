// numbat kernel 'kernel'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: f32, // a (argument 0)
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of x
  len1: u32, // length of y
  len2: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // x: f32 (argument 1)

@group(0) @binding(2) var<storage, read> b1: array<f32>; // y: f32 (argument 2)

@group(0) @binding(3) var<storage, read_write> b2: array<f32>; // out: f32 (argument 3)

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  let nb_s1 = U.s1;
  if (bitcast<u32>(v_i) < U.len2) { b2[v_i] = ((nb_s1 * b0[v_i]) + b1[v_i]); }
}
