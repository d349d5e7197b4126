// numbat kernel 'labelled'

struct NbParams {
  total: u32,
  s0: i32, // length of out (b0)
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of out
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read_write> b0: array<i32>; // out: i32 (argument 0)

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * 256u;
  if (flat >= U.total) { return; }
  let v_i: i32 = i32(flat);
  var v_acc: i32 = v_i;
  var v_j: i32 = 0i;
  var nb_brk0 = false;
  var nb_cnt0 = false;
  loop {
    nb_cnt0 = false;
    if (!((v_j < 10i))) { break; }
    var v_k: i32 = 0i;
    loop {
      if (!((v_k < 10i))) { break; }
      if ((v_k == v_j)) {
        nb_cnt0 = true;
        break;
      }
      if (((v_j * v_k) > (20i + v_i))) {
        nb_brk0 = true;
        break;
      }
      v_acc = (v_acc + 1i);
      continuing {
        v_k = (v_k + 1i);
      }
    }
    if (nb_brk0) { break; }
    if (nb_cnt0) { continue; }
    continuing {
      v_j = (v_j + 1i);
    }
  }
  if (bitcast<u32>(v_i) < U.len0) { b0[v_i] = v_acc; }
}
