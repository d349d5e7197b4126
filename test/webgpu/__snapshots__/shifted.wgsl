// numbat kernel 'shifted'

struct NbParams {
  total: u32,
  s0: i32, // shift (argument 2)
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of x
  len1: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // x: f32 (argument 0)

@group(0) @binding(2) var<storage, read_write> b1: array<f32>; // out: f32 (argument 1)

@group(0) @binding(3) var<storage, read_write> nb_err: array<atomic<u32>, 4>;

fn nb_oob(site: u32, index: i32) {
  loop {
    let r = atomicCompareExchangeWeak(&nb_err[0], 0u, site + 1u);
    if (r.exchanged) { atomicStore(&nb_err[1], bitcast<u32>(index)); return; }
    if (r.old_value != 0u) { return; }
  }
}

fn nb_load_b0(i: i32, site: u32) -> f32 {
  if (bitcast<u32>(i) >= U.len0) { nb_oob(site, i); return 0.0f; }
  return b0[i];
}

fn nb_store_b1(i: i32, v: f32, site: u32) {
  if (bitcast<u32>(i) >= U.len1) { nb_oob(site, i); return; }
  b1[i] = v;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  let nb_s0 = U.s0;
  nb_store_b1(v_i, nb_load_b0((v_i + nb_s0), 0u), 1u);
}
