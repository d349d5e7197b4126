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
  len0: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read_write> b0: array<i32>; // out: i32 (argument 0)

fn nb_opaque(v: f32) -> f32 { return bitcast<f32>(bitcast<u32>(v) ^ min(U.total, 0u)); }

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let p1 = flat % U.g1;
  let p0 = flat / U.g1;
  let v_y: i32 = i32(p0);
  let v_x: i32 = i32(p1);
  let nb_s0 = U.s0;
  let nb_s1 = U.s1;
  let nb_s2 = U.s2;
  var v_cx: f32 = (((f32(v_x) / f32(nb_s1)) * nb_opaque(3.0f)) - nb_opaque(2.0f));
  var v_cy: f32 = (((f32(v_y) / f32(nb_s0)) * nb_opaque(2.0f)) - nb_opaque(1.0f));
  var v_zx: f32 = nb_opaque(0.0f);
  var v_zy: f32 = nb_opaque(0.0f);
  var v_n: i32 = 0i;
  loop {
    if (!((v_n < nb_s2))) { break; }
    if ((((v_zx * v_zx) + (v_zy * v_zy)) > 4.0f)) {
      break;
    }
    var v_t: f32 = (((v_zx * v_zx) - (v_zy * v_zy)) + v_cx);
    v_zy = (((nb_opaque(2.0f) * v_zx) * v_zy) + v_cy);
    v_zx = v_t;
    v_n = (v_n + 1i);
  }
  let nb_t0 = ((v_y * nb_s1) + v_x);
  if (bitcast<u32>(nb_t0) < U.len0) { b0[nb_t0] = v_n; }
}
