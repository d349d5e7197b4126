// numbat kernel 'kernel'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: i32, // grid 1
  s2: i32, // w (argument 1)
  s3: i32, // h (argument 2)
  s4: i32, // maxIter (argument 3)
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read_write> b0: array<i32>; // out: i32 (argument 0)

var<private> nb_k0: f32;
var<private> nb_k1: f32;
var<private> nb_k2: f32;
var<private> nb_k3: f32;
var<private> nb_k4: f32;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  nb_k0 = bitcast<f32>(0x40600000u ^ U.zero);
  nb_k1 = bitcast<f32>(0x40200000u ^ U.zero);
  nb_k2 = bitcast<f32>(0x40000000u ^ U.zero);
  nb_k3 = bitcast<f32>(0x3f800000u ^ U.zero);
  nb_k4 = bitcast<f32>(0x0u ^ U.zero);
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let p1 = flat % U.g1;
  let p0 = flat / U.g1;
  let v_row: i32 = i32(p0);
  let v_col: i32 = i32(p1);
  let nb_s2 = U.s2;
  let nb_s3 = U.s3;
  let nb_s4 = U.s4;
  var v_x0: f32 = (((f32(v_col) / f32(nb_s2)) * nb_k0) - nb_k1);
  var v_y0: f32 = (((f32(v_row) / f32(nb_s3)) * nb_k2) - nb_k3);
  var v_x: f32 = nb_k4;
  var v_y: f32 = nb_k4;
  var v_it: i32 = 0i;
  loop {
    if (!(((((v_x * v_x) + (v_y * v_y)) <= 4.0f) && (v_it < nb_s4)))) { break; }
    var v_t: f32 = (((v_x * v_x) - (v_y * v_y)) + v_x0);
    v_y = (((nb_k2 * v_x) * v_y) + v_y0);
    v_x = v_t;
    v_it = (v_it + 1i);
  }
  let nb_t0 = ((v_row * nb_s2) + v_col);
  if (bitcast<u32>(nb_t0) < U.len0) { b0[nb_t0] = v_it; }
}
