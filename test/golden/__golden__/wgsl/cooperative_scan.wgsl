// numbat kernel 'kernel'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: i32, // length of x (b0)
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

var<workgroup> la0: array<f32, 64>; // t (shared)

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lidx: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let group = wid.x + (wid.y + wid.z * nwg.y) * nwg.x;
  if (group >= U.total) { return; }
  let nb_group0 = i32(group);
  let nb_groups0 = i32(U.g0);
  let nb_local0 = i32(lidx);
  let v_i: i32 = nb_group0 * 64 + nb_local0;
  let nb_s1 = U.s1;
  var v_l: i32 = nb_local0;
  let nb_t0 = bitcast<u32>(v_l);
  if (nb_t0 < 64u) { la0[nb_t0] = select(bitcast<f32>(0x0u ^ U.zero), b0[v_i], (v_i < nb_s1)); }
  workgroupBarrier();
  var v_off: i32 = 1i;
  loop {
    if (!((v_off < 64i))) { break; }
    var nb_t2: f32;
    if ((v_l >= v_off)) {
      let nb_t1 = bitcast<u32>((v_l - v_off));
      nb_t2 = la0[min(nb_t1, 63u)];
    } else {
      nb_t2 = bitcast<f32>(0x0u ^ U.zero);
    }
    var v_v: f32 = nb_t2;
    workgroupBarrier();
    let nb_t3 = bitcast<u32>(v_l);
    let nb_t4 = bitcast<u32>(v_l);
    if (nb_t3 < 64u) { la0[nb_t3] = (la0[min(nb_t4, 63u)] + v_v); }
    workgroupBarrier();
    continuing {
      v_off = (v_off * 2i);
    }
  }
  if ((v_i < nb_s1)) {
    let nb_t5 = bitcast<u32>(v_l);
    if (bitcast<u32>(v_i) < U.len1) { b1[v_i] = (la0[min(nb_t5, 63u)] + f32(nb_group0)); }
  }
}
