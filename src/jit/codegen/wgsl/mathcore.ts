// wgsl/mathcore.ts — the pieces numbat's own f32 Math library (mathexp.ts, mathtrig.ts,
// mathhyp.ts) is built from, and the opaque constant that keeps IEEE semantics through
// the device's SPIR-V optimiser.
//
// Two facts about WebGPU devices shape this code:
// - Subnormals may be flushed to zero by every float operation (SwiftShader sets FTZ and
//   DAZ; WGSL §15.7.2 allows it). Scaling by powers of two, normalising a subnormal
//   argument and rounding a subnormal result are therefore done on the bit pattern, in
//   integer arithmetic, which no flush touches.
// - Dawn's SPIR-V goes through spirv-opt before SwiftShader compiles it, and spirv-opt's
//   folding rules are not IEEE-safe when an operand is a constant: x*0 → 0, x+0 → x,
//   0-x → -x, 0/x → 0, x/c → x*(1/c), (x+c1)+c2 → x+(c1+c2), (x+c)-c → x, … . A constant
//   passed through `nb_opaque` is XORed with `U.zero`, a zero read from the
//   uniform buffer, so no rule sees a constant; it costs one integer XOR. The generated
//   code uses it for every f32 literal outside comparisons and every integer converted to
//   f32; the library only where a rule would otherwise change a result.

import { literal } from './types.js';
import type { HelperDef } from './helpers.js';

const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/** The WGSL literal of the f32 with bit pattern `bits` (finite only). */
export function f(bits: number): string {
  bitsU32[0] = bits >>> 0;
  return literal(bitsF32[0]!, 'f32');
}

export const CORE_DEFS = {
  opaque: {
    deps: [],
    // U.zero is 0, a uniform word the host never writes: no compiler can know it, so the
    // constant stays hidden. (min(U.total, 0u) did not: umin(x, 0) folds to 0, after
    // which x * -0.0 lost its sign.)
    code: `fn nb_opaque(v: f32) -> f32 { return bitcast<f32>(bitcast<u32>(v) ^ U.zero); }`,
  },
  scalbn: {
    deps: [],
    // y · 2^k for a normal y, in integer arithmetic: a subnormal result is rounded to
    // nearest even by hand (a float multiply would be flushed), an overflow gives ±Inf.
    code: `fn nb_scalbn(y: f32, k: i32) -> f32 {
  let b = bitcast<u32>(y);
  let s = b & 0x80000000u;
  let e = i32((b >> 23u) & 0xffu) + k;
  if (e >= 255) { return bitcast<f32>(s | 0x7f800000u); }
  if (e > 0) { return bitcast<f32>((b & 0x807fffffu) | (u32(e) << 23u)); }
  if (e < -24) { return bitcast<f32>(s); }
  let m = (b & 0x7fffffu) | 0x800000u;
  let sh = u32(1 - e);
  let q = m >> sh;
  let rem = m & ((1u << sh) - 1u);
  let half = 1u << (sh - 1u);
  return bitcast<f32>(s | (q + select(0u, 1u, rem > half || (rem == half && (q & 1u) == 1u))));
}`,
  },
  scale_up: {
    deps: [],
    // x · 2^k exactly (k ≥ 0), subnormal x included, when the result is normal.
    code: `fn nb_scale_up(x: f32, k: i32) -> f32 {
  let b = bitcast<u32>(x);
  let a = b & 0x7fffffffu;
  if (a == 0u) { return x; }
  if (a >= 0x800000u) { return bitcast<f32>(b + (u32(k) << 23u)); }
  let sh = countLeadingZeros(a) - 8u;
  return bitcast<f32>((b & 0x80000000u) | ((a << sh) & 0x7fffffu) | (u32(k + 1 - i32(sh)) << 23u));
}`,
  },
  two_prod: {
    deps: [],
    // a·b = p + e exactly (Dekker; |a|, |b| well inside the range). The split products are
    // exact, so a fused multiply-add anywhere here gives the same result.
    code: `fn nb_two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let ca = a * 4097.0f;
  let ah = ca - (ca - a);
  let al = a - ah;
  let cb = b * 4097.0f;
  let bh = cb - (cb - b);
  let bl = b - bh;
  return vec2<f32>(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}`,
  },
  mul64: {
    deps: [],
    // The 64-bit product of two u32 as (low word, high word).
    code: `fn nb_mul64(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>((p00 & 0xffffu) | (mid << 16u), a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u));
}`,
  },
} satisfies Record<string, HelperDef>;
