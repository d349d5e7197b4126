// wgsl/helpers.ts — WGSL helper functions that give WGSL the JavaScript semantics the IR
// promises (ToInt32 casts, `**`, Math.round, NaN-propagating min/max, `random`, …).
//
// Each helper is a named WGSL function; the codegen records which ones a kernel needs and
// emits only those, in a fixed order, so generated code stays small and deterministic.
// NaN and infinity are detected through bit patterns: WGSL lets implementations assume
// floats are finite, so `x != x` is not a reliable test.
// The `fast_*` helpers serve `fastMath: true` (GPU built-ins); the accurate Math library
// that is the default lives in mathcore.ts, mathexp.ts, mathtrig.ts and mathhyp.ts.

import { InternalError } from '../../diagnostics.js';
import { CORE_DEFS } from './mathcore.js';
import { EXP_DEFS } from './mathexp.js';
import { TRIG_DEFS } from './mathtrig.js';
import { HYP_DEFS } from './mathhyp.js';

type BaseHelperName =
  | 'f32_bits'
  | 'is_nan'
  | 'nan'
  | 'inf'
  | 'f32_to_i32'
  | 'f32_to_u32'
  | 'u32_to_f32'
  | 'truthy_f32'
  | 'ne_f32'
  | 'imod'
  | 'umod'
  | 'fast_pow'
  | 'round'
  | 'floor'
  | 'ceil'
  | 'min'
  | 'max'
  | 'sign'
  | 'fast_expm1'
  | 'fast_log1p'
  | 'fast_cbrt'
  | 'fast_hypot'
  | 'fast_tanh'
  | 'mix32'
  | 'random'
  | 'random_keyed';

/** The helpers the codegen can request, by name. */
export type HelperName =
  | BaseHelperName
  | keyof typeof CORE_DEFS
  | keyof typeof EXP_DEFS
  | keyof typeof TRIG_DEFS
  | keyof typeof HYP_DEFS;

/** One helper: its WGSL text and the helpers that text calls. */
export interface HelperDef {
  readonly deps: readonly string[];
  readonly code: string;
}

const BASE_DEFS: Record<BaseHelperName, HelperDef> = {
  f32_bits: {
    deps: [],
    // A function call is never a const-expression, so NaN and ±Inf built here are legal
    // (a constant bitcast to NaN/Inf is a WGSL shader-creation error).
    code: `fn nb_f32_bits(bits: u32) -> f32 { return bitcast<f32>(bits); }`,
  },
  is_nan: {
    deps: [],
    code: `fn nb_is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`,
  },
  nan: {
    deps: ['f32_bits'],
    code: `fn nb_nan() -> f32 { return nb_f32_bits(0x7fc00000u); }`,
  },
  inf: {
    deps: ['f32_bits'],
    code: `fn nb_inf(negative: bool) -> f32 { return nb_f32_bits(select(0x7f800000u, 0xff800000u, negative)); }`,
  },
  f32_to_i32: {
    deps: [],
    // JS ToInt32: NaN/±Inf → 0, truncate toward zero, wrap modulo 2^32. For |t| ≥ 2^31
    // the f32 value is a multiple of 2^8, so the reduction below is exact in f32.
    code: `fn nb_f32_to_i32(x: f32) -> i32 {
  let bits = bitcast<u32>(x);
  if ((bits & 0x7f800000u) == 0x7f800000u) { return 0i; }
  if (abs(x) < 2147483648.0f) { return i32(x); }
  let t = trunc(x);
  let r = t - 4294967296.0f * floor(t / 4294967296.0f);
  return bitcast<i32>(u32(r));
}`,
  },
  f32_to_u32: {
    deps: ['f32_to_i32'],
    code: `fn nb_f32_to_u32(x: f32) -> u32 { return bitcast<u32>(nb_f32_to_i32(x)); }`,
  },
  u32_to_f32: {
    deps: [],
    // JS rounds a u32 to the nearest f32 (ties to even); WGSL leaves f32(u32) free to
    // round either way (§15.7.6; SwiftShader truncates). Both halves convert exactly and
    // the one addition rounds to nearest like every f32 addition.
    code: `fn nb_u32_to_f32(x: u32) -> f32 { return f32(x >> 16u) * 65536.0f + f32(x & 0xffffu); }`,
  },
  truthy_f32: {
    deps: ['is_nan'],
    code: `fn nb_truthy_f32(x: f32) -> bool { return x != 0.0f && !nb_is_nan(x); }`,
  },
  ne_f32: {
    deps: ['is_nan'],
    // JS "a !== b" is true when either is NaN; WGSL's "!=" may assume no NaN (SwiftShader
    // compiles it as an ordered compare), so NaN is checked on the bit pattern.
    code: `fn nb_ne_f32(a: f32, b: f32) -> bool { return !(a == b) || nb_is_nan(a) || nb_is_nan(b); }`,
  },
  imod: {
    deps: [],
    // JS: x % 0 is NaN (0 once stored as an integer); INT_MIN % -1 is -0.
    code: `fn nb_imod(a: i32, b: i32) -> i32 { if (b == 0i || b == -1i) { return 0i; } return a % b; }`,
  },
  umod: {
    deps: [],
    code: `fn nb_umod(a: u32, b: u32) -> u32 { if (b == 0u) { return 0u; } return a % b; }`,
  },
  fast_pow: {
    deps: ['is_nan', 'nan'],
    // JS `**`: x**0 = 1 (even for NaN); 1**±Inf = NaN; negative bases with integer
    // exponents are exact-signed; small integer exponents use repeated squaring.
    code: `fn nb_fast_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0f) { return 1.0f; }
  if (nb_is_nan(x) || nb_is_nan(y)) { return nb_nan(); }
  let ay = abs(y);
  if (abs(x) == 1.0f && (bitcast<u32>(ay) == 0x7f800000u)) { return nb_nan(); }
  if (y == trunc(y) && ay <= 64.0f) {
    var n = u32(ay);
    var base = x;
    var acc = 1.0f;
    loop {
      if ((n & 1u) == 1u) { acc = acc * base; }
      n = n >> 1u;
      if (n == 0u) { break; }
      base = base * base;
    }
    return select(acc, 1.0f / acc, y < 0.0f);
  }
  if (x == 0.0f) {
    let negZero = bitcast<u32>(x) == 0x80000000u;
    let odd = y == trunc(y) && ay < 16777216.0f && (u32(ay) & 1u) == 1u;
    if (y > 0.0f) { return select(0.0f, x, odd); }
    return bitcast<f32>(select(0x7f800000u, 0xff800000u, negZero && odd));
  }
  if (x < 0.0f) {
    if (y != trunc(y)) { return nb_nan(); }
    let r = pow(-x, y);
    let odd = ay < 16777216.0f && (u32(ay) & 1u) == 1u;
    return select(r, -r, odd);
  }
  return pow(x, y);
}`,
  },
  round: {
    deps: [],
    // Math.round: floor(x + 0.5) computed exactly, keeping the sign of zero.
    code: `fn nb_round(x: f32) -> f32 {
  let f = floor(x);
  let r = select(f, f + 1.0f, x - f >= 0.5f);
  if (r == 0.0f) { return bitcast<f32>(bitcast<u32>(x) & 0x80000000u); }
  return r;
}`,
  },
  min: {
    deps: ['is_nan', 'nan'],
    // Compared as integers in the total order of the bit patterns (-0 below +0): exact for
    // subnormals too, which a flushing device's float compare would take as equal zeros.
    code: `fn nb_min(a: f32, b: f32) -> f32 {
  if (nb_is_nan(a) || nb_is_nan(b)) { return nb_nan(); }
  let ia = bitcast<i32>(a);
  let ib = bitcast<i32>(b);
  return select(b, a, (ia ^ ((ia >> 31u) & 0x7fffffff)) < (ib ^ ((ib >> 31u) & 0x7fffffff)));
}`,
  },
  max: {
    deps: ['is_nan', 'nan'],
    code: `fn nb_max(a: f32, b: f32) -> f32 {
  if (nb_is_nan(a) || nb_is_nan(b)) { return nb_nan(); }
  let ia = bitcast<i32>(a);
  let ib = bitcast<i32>(b);
  return select(b, a, (ia ^ ((ia >> 31u) & 0x7fffffff)) > (ib ^ ((ib >> 31u) & 0x7fffffff)));
}`,
  },
  floor: {
    deps: [],
    // The built-in, but a negative subnormal (which a flushing device reads as -0) is -1.
    code: `fn nb_floor(x: f32) -> f32 { return select(floor(x), -1.0f, bitcast<u32>(x) - 0x80000001u < 0x7fffffu); }`,
  },
  ceil: {
    deps: [],
    // The built-in, but a positive subnormal (which a flushing device reads as +0) is 1.
    code: `fn nb_ceil(x: f32) -> f32 { return select(ceil(x), 1.0f, bitcast<u32>(x) - 1u < 0x7fffffu); }`,
  },
  sign: {
    deps: [],
    // From the bit pattern: ±0 and NaN are themselves, subnormals count (no flush).
    code: `fn nb_sign(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u || (b & 0x7fffffffu) > 0x7f800000u) { return x; }
  return select(1.0f, -1.0f, b >= 0x80000000u);
}`,
  },
  fast_expm1: {
    deps: [],
    code: `fn nb_fast_expm1(x: f32) -> f32 {
  if (abs(x) < 1e-3f) { return x + x * x * (0.5f + x * (1.0f / 6.0f)); }
  return exp(x) - 1.0f;
}`,
  },
  fast_log1p: {
    deps: [],
    code: `fn nb_fast_log1p(x: f32) -> f32 {
  let u = 1.0f + x;
  if (u == 1.0f) { return x; }
  if (u == 0.0f || u < 0.0f || bitcast<u32>(u) == 0x7f800000u) { return log(u); }
  return log(u) * (x / (u - 1.0f));
}`,
  },
  fast_cbrt: {
    deps: [],
    code: `fn nb_fast_cbrt(x: f32) -> f32 {
  let a = abs(x);
  if (a == 0.0f || !(a < 3.4e38f)) { return x; }
  var r = pow(a, 1.0f / 3.0f);
  r = r - (r * r * r - a) / (3.0f * r * r);
  return select(r, -r, x < 0.0f);
}`,
  },
  fast_hypot: {
    deps: ['is_nan', 'nan', 'f32_bits'],
    code: `fn nb_fast_hypot(a: f32, b: f32) -> f32 {
  let x = abs(a);
  let y = abs(b);
  if (bitcast<u32>(x) == 0x7f800000u || bitcast<u32>(y) == 0x7f800000u) { return nb_f32_bits(0x7f800000u); }
  if (nb_is_nan(x) || nb_is_nan(y)) { return nb_nan(); }
  let m = max(x, y);
  if (m == 0.0f) { return 0.0f; }
  let p = x / m;
  let q = y / m;
  return m * sqrt(p * p + q * q);
}`,
  },
  fast_tanh: {
    deps: [],
    code: `fn nb_fast_tanh(x: f32) -> f32 { if (abs(x) > 10.0f) { return sign(x); } return tanh(x); }`,
  },
  mix32: {
    deps: [],
    code: `fn nb_mix32(v: u32) -> u32 {
  var x = v;
  x = x ^ (x >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  x = x ^ (x >> 16u);
  return x;
}`,
  },
  random: {
    deps: ['mix32'],
    // intrinsics.ts random: (mix32((mix32(seed ^ 0x9e3779b9) + counter) | 0) >>> 8) · 2^-24,
    // seed and counter as ToInt32 bit patterns; the product is exact in f32.
    code: `fn nb_random(seed: u32, counter: u32) -> f32 {
  let h = nb_mix32(nb_mix32(seed ^ 0x9e3779b9u) + counter);
  return f32(h >> 8u) * 5.9604644775390625e-8f;
}`,
  },
  random_keyed: {
    deps: ['mix32'],
    // random with its seed's hash `key` = mix32(seed ^ 0x9e3779b9) computed once ahead.
    code: `fn nb_random_keyed(key: u32, counter: u32) -> f32 {
  return f32(nb_mix32(key + counter) >> 8u) * 5.9604644775390625e-8f;
}`,
  },
};

const DEFS: Record<HelperName, HelperDef> = {
  ...BASE_DEFS,
  ...CORE_DEFS,
  ...EXP_DEFS,
  ...TRIG_DEFS,
  ...HYP_DEFS,
};

const ORDER = Object.keys(DEFS) as HelperName[];

/** The helper calls a kernel needs, collected during codegen. */
export class HelperSet {
  private readonly used = new Set<HelperName>();

  /** Records `name` (and what it calls) and returns its WGSL function name. */
  use(name: HelperName): string {
    this.add(name);
    return `nb_${name}`;
  }

  private add(name: HelperName): void {
    if (this.used.has(name)) return;
    const def = DEFS[name];
    if (!def) throw new InternalError(`unknown WGSL helper '${name}'`);
    this.used.add(name);
    for (const dep of def.deps) this.add(dep as HelperName);
  }

  /** Whether `name` was requested (directly or by another helper). */
  has(name: HelperName): boolean {
    return this.used.has(name);
  }

  /** The WGSL text of every requested helper, in a fixed order. */
  emit(): string {
    return ORDER.filter((n) => this.used.has(n))
      .map((n) => DEFS[n].code)
      .join('\n\n');
  }
}
