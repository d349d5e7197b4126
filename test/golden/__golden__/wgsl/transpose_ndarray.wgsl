// numbat kernel 'kernel'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: i32, // grid 1
  s2: i32, // stride 0 of argument 0
  s3: i32, // stride 0 of argument 1
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of a
  len1: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // a: f32 (argument 0)

@group(0) @binding(2) var<storage, read_write> b1: array<f32>; // out: f32 (argument 1)

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let p1 = flat % U.g1;
  let p0 = flat / U.g1;
  let v_i: i32 = i32(p0);
  let v_j: i32 = i32(p1);
  let nb_s2 = U.s2;
  let nb_s3 = U.s3;
  let nb_t0 = ((v_j * nb_s3) + v_i);
  if (bitcast<u32>(nb_t0) < U.len1) { b1[nb_t0] = b0[((v_i * nb_s2) + v_j)]; }
}
