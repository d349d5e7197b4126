// numbat kernel 'sumSquares'

struct NbParams {
  total: u32,
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
  len0: u32, // length of x
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // x: f32 (argument 0)

struct NbPartial { value: f32, has: u32 }

@group(0) @binding(2) var<storage, read_write> nb_partials: array<NbPartial>;

fn nb_combine(a: f32, b: f32) -> f32 {
  return a + b;
}

fn nb_body(p0: i32) -> f32 {
  var v_i: i32 = p0;
  return (b0[v_i] * b0[v_i]);
}

var<workgroup> nb_wv: array<f32, 256>;
var<private> nb_contributes: bool;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var acc: f32 = bitcast<f32>(0x80000000u ^ U.zero);
  for (var flat = wid.x * 256u + lid.x; flat < U.total; flat = flat + nwg.x * 256u) {
    acc = nb_combine(acc, nb_body(i32(flat)));
  }
  nb_wv[lid.x] = acc;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { nb_wv[lid.x] = nb_combine(nb_wv[lid.x], nb_wv[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u) { nb_partials[wid.x] = NbPartial(nb_wv[0], 1u); }
}

@compute @workgroup_size(256)
fn finish(@builtin(local_invocation_id) lid: vec3<u32>) {
  var acc: f32 = bitcast<f32>(0x80000000u ^ U.zero);
  for (var k = lid.x; k < U.partials; k = k + 256u) { acc = nb_combine(acc, nb_partials[k].value); }
  nb_wv[lid.x] = acc;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { nb_wv[lid.x] = nb_combine(nb_wv[lid.x], nb_wv[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u) { nb_partials[0] = NbPartial(nb_wv[0], 1u); }
}
