// numbat kernel 'mandelbrot'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: i32, // grid 1
  s2: i32, // maxIter (argument 1)
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

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  nb_k0 = bitcast<f32>(0x40400000u ^ U.zero);
  nb_k1 = bitcast<f32>(0x40000000u ^ U.zero);
  nb_k2 = bitcast<f32>(0x3f800000u ^ U.zero);
  nb_k3 = bitcast<f32>(0x0u ^ U.zero);
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let p1 = flat % U.g1;
  let p0 = flat / U.g1;
  let v_y: i32 = i32(p0);
  let v_x: i32 = i32(p1);
  let nb_s0 = U.s0;
  let nb_s1 = U.s1;
  let nb_s2 = U.s2;
  var v_cx: f32 = (((f32(v_x) / f32(nb_s1)) * nb_k0) - nb_k1);
  var v_cy: f32 = (((f32(v_y) / f32(nb_s0)) * nb_k1) - nb_k2);
  var v_zx: f32 = nb_k3;
  var v_zy: f32 = nb_k3;
  var v_n: i32 = 0i;
  loop {
    if (!((v_n < nb_s2))) { break; }
    if ((((v_zx * v_zx) + (v_zy * v_zy)) > 4.0f)) {
      break;
    }
    var v_t: f32 = (((v_zx * v_zx) - (v_zy * v_zy)) + v_cx);
    v_zy = (((nb_k1 * v_zx) * v_zy) + v_cy);
    v_zx = v_t;
    v_n = (v_n + 1i);
  }
  let nb_t0 = ((v_y * nb_s1) + v_x);
  if (bitcast<u32>(nb_t0) < U.len0) { b0[nb_t0] = v_n; }
}
