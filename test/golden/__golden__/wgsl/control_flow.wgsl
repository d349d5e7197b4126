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
  len1: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<i32>; // x: i32 (argument 0)

@group(0) @binding(2) var<storage, read_write> b1: array<i32>; // out: i32 (argument 1)

@group(0) @binding(3) var<storage, read_write> nb_err: array<atomic<u32>, 4>;

fn nb_oob(site: u32, index: i32) {
  loop {
    let r = atomicCompareExchangeWeak(&nb_err[0], 0u, site + 1u);
    if (r.exchanged) { atomicStore(&nb_err[1], bitcast<u32>(index)); return; }
    if (r.old_value != 0u) { return; }
  }
}

fn nb_load_b0(i: i32, site: u32) -> i32 {
  if (bitcast<u32>(i) >= U.len0) { nb_oob(site, i); return 0i; }
  return b0[i];
}

fn nb_store_b1(i: i32, v: i32, site: u32) {
  if (bitcast<u32>(i) >= U.len1) { nb_oob(site, i); return; }
  b1[i] = v;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  var v_s: i32 = 0i;
  var v_k: i32 = 0i;
  loop {
    if (!((v_k < 10i))) { break; }
    if ((v_k == v_i)) {
      continue;
    }
    if ((v_s > 100i)) {
      break;
    }
    v_s = (v_s + (nb_load_b0(v_k, 0u) | 0i));
    continuing {
      v_k = (v_k + 1i);
    }
  }
  if ((v_s < 0i)) {
    return;
  }
  nb_store_b1(v_i, bitcast<i32>((bitcast<u32>(v_s) >> (bitcast<u32>(1i) & 31u))), 1u);
}
