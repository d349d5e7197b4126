// numbat kernel 'kernel'

struct NbParams {
  total: u32,
  s0: i32, // grid 0
  s1: i32, // seed (argument 0)
  g0: u32,
  g1: u32,
  g2: u32,
  partials: u32,
  zero: u32, // always 0, unknown to the compiler: hides constants from folding
}

@group(0) @binding(0) var<uniform> U: NbParams;

struct NbPartial { value: vec2<u32>, has: u32 }

@group(0) @binding(1) var<storage, read_write> nb_partials: array<NbPartial>;

fn nb_mix32(v: u32) -> u32 {
  var x = v;
  x = x ^ (x >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  x = x ^ (x >> 16u);
  return x;
}

fn nb_random_keyed(key: u32, counter: u32) -> f32 {
  return f32(nb_mix32(key + counter) >> 8u) * 5.9604644775390625e-8f;
}

fn nb_combine(a: i32, b: i32) -> i32 {
  return a + b;
}

fn nb_body(p0: i32) -> i32 {
  var v_i: i32 = p0;
  var v_x: f32 = nb_random_keyed(nb_key1, bitcast<u32>((2i * v_i)));
  var v_y: f32 = nb_random_keyed(nb_key1, bitcast<u32>(((2i * v_i) + 1i)));
  return select(0i, 1i, (((v_x * v_x) + (v_y * v_y)) <= 1.0f));
}

fn nb_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}

fn nb_widen(v: i32) -> vec2<u32> { return vec2<u32>(bitcast<u32>(v), select(0u, 0xffffffffu, v < 0i)); }

var<workgroup> nb_wv: array<vec2<u32>, 256>;
var<private> nb_contributes: bool;
var<private> nb_key1: u32;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  nb_key1 = nb_mix32(bitcast<u32>(U.s1) ^ 0x9e3779b9u);
  var acc: vec2<u32> = vec2<u32>(0u, 0u);
  for (var flat = wid.x * 256u + lid.x; flat < U.total; flat = flat + nwg.x * 256u) {
    acc = nb_add64(acc, nb_widen(nb_body(i32(flat))));
  }
  nb_wv[lid.x] = acc;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { nb_wv[lid.x] = nb_add64(nb_wv[lid.x], nb_wv[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u) { nb_partials[wid.x] = NbPartial(nb_wv[0], 1u); }
}

@compute @workgroup_size(256)
fn finish(@builtin(local_invocation_id) lid: vec3<u32>) {
  var acc: vec2<u32> = vec2<u32>(0u, 0u);
  for (var k = lid.x; k < U.partials; k = k + 256u) { acc = nb_add64(acc, nb_partials[k].value); }
  nb_wv[lid.x] = acc;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { nb_wv[lid.x] = nb_add64(nb_wv[lid.x], nb_wv[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u) { nb_partials[0] = NbPartial(nb_wv[0], 1u); }
}
