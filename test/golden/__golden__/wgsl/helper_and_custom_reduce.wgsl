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
}

@group(0) @binding(0) var<uniform> U: NbParams;

@group(0) @binding(1) var<storage, read> b0: array<f32>; // x: f32 (argument 0)

struct NbPartial { value: f32, has: u32 }

@group(0) @binding(2) var<storage, read_write> nb_partials: array<NbPartial>;

var<private> nb_k0: f32;
var<private> nb_k1: f32;

fn nb_f32_bits(bits: u32) -> f32 { return bitcast<f32>(bits); }

fn nb_is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }

fn nb_nan() -> f32 { return nb_f32_bits(0x7fc00000u); }

fn nb_max(a: f32, b: f32) -> f32 {
  if (nb_is_nan(a) || nb_is_nan(b)) { return nb_nan(); }
  let ia = bitcast<i32>(a);
  let ib = bitcast<i32>(b);
  return select(b, a, (ia ^ ((ia >> 31u) & 0x7fffffff)) > (ib ^ ((ib >> 31u) & 0x7fffffff)));
}

fn nb_combine(a: f32, b: f32) -> f32 {
  var v_a: f32 = a;
  var v_b: f32 = b;
  var v_combined: f32 = nb_k0;
  loop {
    v_combined = nb_max(v_a, v_b);
    break;
  }
  return v_combined;
}

fn nb_body(p0: i32) -> f32 {
  var v_i: i32 = p0;
  var v_square_v: f32 = b0[v_i];
  var v_square_result: f32 = nb_k0;
  v_square_result = (v_square_v * v_square_v);
  return (v_square_result - nb_k1);
}

var<workgroup> nb_wv: array<f32, 256>;
var<workgroup> nb_wh: array<u32, 256>;
var<private> nb_contributes: bool;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  nb_k0 = bitcast<f32>(0x0u ^ U.zero);
  nb_k1 = bitcast<f32>(0x3f800000u ^ U.zero);
  var acc: f32 = 0.0f;
  var has = false;
  for (var flat = wid.x * 256u + lid.x; flat < U.total; flat = flat + nwg.x * 256u) {
    nb_contributes = true;
    let v = nb_body(i32(flat));
    if (nb_contributes) {
      if (has) { acc = nb_combine(acc, v); } else { acc = v; has = true; }
    }
  }
  nb_wv[lid.x] = acc;
  nb_wh[lid.x] = select(0u, 1u, has);
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      let other = lid.x + s;
      if (nb_wh[other] != 0u) {
        if (nb_wh[lid.x] != 0u) { nb_wv[lid.x] = nb_combine(nb_wv[lid.x], nb_wv[other]); }
        else { nb_wv[lid.x] = nb_wv[other]; nb_wh[lid.x] = 1u; }
      }
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) { nb_partials[wid.x] = NbPartial(nb_wv[0], nb_wh[0]); }
}

@compute @workgroup_size(256)
fn finish(@builtin(local_invocation_id) lid: vec3<u32>) {
  nb_k0 = bitcast<f32>(0x0u ^ U.zero);
  nb_k1 = bitcast<f32>(0x3f800000u ^ U.zero);
  var acc: f32 = 0.0f;
  var has = false;
  for (var k = lid.x; k < U.partials; k = k + 256u) {
    let p = nb_partials[k];
    if (p.has != 0u) {
      let v = p.value;
      if (has) { acc = nb_combine(acc, v); } else { acc = v; has = true; }
    }
  }
  nb_wv[lid.x] = acc;
  nb_wh[lid.x] = select(0u, 1u, has);
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      let other = lid.x + s;
      if (nb_wh[other] != 0u) {
        if (nb_wh[lid.x] != 0u) { nb_wv[lid.x] = nb_combine(nb_wv[lid.x], nb_wv[other]); }
        else { nb_wv[lid.x] = nb_wv[other]; nb_wh[lid.x] = 1u; }
      }
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) { nb_partials[0] = NbPartial(nb_wv[0], nb_wh[0]); }
}
