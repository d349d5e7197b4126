// vmath.ts — vectorised Math for the SIMD loop: every function of the kernel language's Math
// list without a native instruction (cbrt, exp, expm1, log, log1p, log2, log10, sin, cos,
// tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, pow, hypot), written
// once as f64x2 kernels (vmath/*.ts: fdlibm — V8's own algorithms — made branch-free) and
// used for both lane types: f64 pairs run them half by half; f32 lanes are widened to f64x2,
// computed there and rounded back, which is exactly the JS semantics fround(Math.f(x)).
// exp, log, sin and cos on 4 f32 lanes keep their faster native f32x4 sequences
// (vmath/f32x4.ts). Lanes a kernel cannot reduce accurately (sin/cos/tan with |x| > 2^20 in
// f64, > 8192 for the native f32 sin/cos, or ±Inf) make that vector take the per-lane
// host call, as every function did before.
//
// Maximum error against V8 measured by test/wasm/vmath.test.ts (VMATH_REPORT=1 prints it;
// dense sweeps, random bit patterns over every exponent, each function's edge cases) on
// Node 20: f64 lanes in f64 ulps of Math.f(x), f32 lanes in f32 ulps of fround(Math.f(x)).
// The test asserts the bound in brackets (1 where 0 was measured, as room for other V8
// versions; f32 lanes allow one double-rounding step):
//
//   function  f64    f32        function  f64    f32        function  f64    f32
//   exp       1 [1]  1 [1]      sin       1 [1]  1 [1]      sinh      1 [1]  0 [1]
//   expm1     0 [1]  0 [1]      cos       1 [1]  1 [1]      cosh      1 [1]  0 [1]
//   log       1 [1]  1 [1]      tan       2 [2]  0 [1]      tanh      1 [1]  0 [1]
//   log1p     1 [1]  0 [1]      asin      0 [1]  0 [1]      asinh     1 [1]  0 [1]
//   log2      0 [1]  0 [1]      acos      0 [1]  0 [1]      acosh     1 [1]  0 [1]
//   log10     2 [2]  0 [1]      atan      0 [1]  0 [1]      atanh     1 [1]  0 [1]
//   cbrt      0 [1]  0 [1]      atan2     1 [1]  0 [1]      pow       1 [1]  0 [1]
//   hypot     0 [0]  0 [0]
//
// (V8 runs fdlibm for most of these; its tan, log10 and pow are not the versions ported here,
// hence the larger f64 figures there — our log10 is FreeBSD's < 1 ulp one. hypot is V8's own
// algorithm, bit for bit. pow lanes whose result is an integer beyond 2^53 take the host
// call, so integer kernels storing such powers match V8 exactly.) Special values (NaN, ±0,
// ±Inf, out-of-domain inputs, and all of `**`'s cases) match Math exactly. Float `**` uses
// the same pow kernel (simdExpr.ts). Which function takes which form: mathOps.ts.

import type { KernelContext } from './context.js';
import { F64x2, Vec } from './vmath/f64x2.js';
import { VectorMathF32 } from './vmath/f32x4.js';

/** A function of the library: f64x2 code for one half (binary ones read `y` too). */
export type VectorMathKernel = (b: F64x2, x: Vec, y: Vec) => Vec;

/** The functions with a native f32x4 form. */
export type NativeF32Math = 'exp' | 'log' | 'sin' | 'cos';

/** Pushes `kernel` of the f64x2 locals `args`: one half of an f64 pair (run once per half). */
export function emitVectorMathF64(
  cx: KernelContext,
  kernel: VectorMathKernel,
  args: readonly number[],
): void {
  const b = new F64x2(cx);
  b.finish(kernel(b, new Vec(args[0]!), new Vec(args[1] ?? args[0]!)));
}

/**
 * Pushes `kernel` (or its native f32x4 form) of the f32x4 locals `args`. `perLane` pushes
 * the per-lane host result for the whole vector (the native sin/cos fallback for huge
 * arguments).
 */
export function emitVectorMathF32(
  cx: KernelContext,
  kernel: VectorMathKernel,
  nativeF32: NativeF32Math | undefined,
  args: readonly number[],
  perLane: () => void,
): void {
  if (nativeF32) {
    const vm = new VectorMathF32(cx);
    if (nativeF32 === 'exp') vm.exp(args[0]!);
    else if (nativeF32 === 'log') vm.log(args[0]!);
    else vm.sinCos(nativeF32, args[0]!, perLane);
    return;
  }
  // Each half widened to f64x2, computed, rounded back, the halves joined.
  for (const high of [false, true]) {
    const b = new F64x2(cx);
    const wide = args.map((a) => b.promoteF32(a, high));
    b.finish(kernel(b, wide[0]!, wide[1] ?? wide[0]!));
    cx.fn.op('f32x4.demote_f64x2_zero');
  }
  cx.fn.op('i8x16.shuffle', [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
}
