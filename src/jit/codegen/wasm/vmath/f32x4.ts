// vmath/f32x4.ts — native 4 × f32 sequences for exp, log, sin and cos (Cephes-style: Cody–Waite
// range reduction + minimax polynomial), faster than widening to the f64x2 kernels.
//
//   exp  — n = nearest(x·log2 e); r = x − n·ln2 (two-part ln2); degree-6 polynomial;
//          2^n applied as two power-of-two factors so subnormal results round once.
//          Inputs are clamped to [−104, 89] first (results 0 / +Inf there), NaN passes.
//   log  — x = m·2^e with m ∈ [√½, √2) (subnormals pre-scaled by 2^23); log(1+f) by a
//          degree-9 polynomial; e·ln2 in two parts. x < 0 or NaN → NaN, 0 → −Inf, +Inf → +Inf.
//   sin, cos — octant j = even(trunc(|x|·4/π)); z = |x| − j·π/4 reduced in f64 lanes
//          (three-part π/4, exact products), then f32 sine and cosine polynomials on
//          z ∈ [−π/4, π/4], the octant picking polynomial and sign. Lanes with |x| > 8192
//          (or ±Inf) make the whole vector take the scalar host-Math fallback.

import type { FunctionBuilder } from '../assembler.js';
import type { KernelContext } from '../context.js';

/** |x| above which f32 sin/cos use the scalar fallback. */
export const TRIG_REDUCTION_LIMIT = 8192;

/** Emits the f32x4 sequences over a KernelContext's current function. */
export class VectorMathF32 {
  constructor(private readonly cx: KernelContext) {}

  private get fn(): FunctionBuilder {
    return this.cx.fn;
  }

  private op(name: string): void {
    this.fn.op(name);
  }

  /** f32 constant in every lane. */
  private f(v: number): void {
    this.fn.op('f32.const', v);
    this.fn.op('f32x4.splat');
  }

  /** i32 constant in every lane. */
  private i(v: number): void {
    this.cx.constI32(v);
    this.fn.op('i32x4.splat');
  }

  /** Horner: (((c0·x + c1)·x + c2)…) with x in local `x`, leaves the value on the stack. */
  private horner(x: number, coefficients: readonly number[]): void {
    this.f(coefficients[0]!);
    for (const c of coefficients.slice(1)) {
      this.cx.get(x);
      this.op('f32x4.mul');
      this.f(c);
      this.op('f32x4.add');
    }
  }

  /** exp of the f32x4 in local `x` → stack. */
  exp(x: number): void {
    const cx = this.cx;
    const xc = cx.temp('v128');
    const n = cx.temp('v128');
    const r = cx.temp('v128');
    const ni = cx.temp('v128');
    cx.get(x);
    this.f(89);
    this.op('f32x4.min');
    this.f(-104);
    this.op('f32x4.max');
    cx.set(xc);
    cx.get(xc);
    this.f(Math.LOG2E);
    this.op('f32x4.mul');
    this.op('f32x4.nearest');
    cx.set(n);
    // r = x − n·C1 − n·C2 (C1 has 9 significant bits: n·C1 is exact)
    cx.get(xc);
    cx.get(n);
    this.f(0.693359375);
    this.op('f32x4.mul');
    this.op('f32x4.sub');
    cx.get(n);
    this.f(-2.1219444e-4);
    this.op('f32x4.mul');
    this.op('f32x4.sub');
    cx.set(r);
    // y = p(r)·r² + r + 1
    this.horner(
      r,
      [
        1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
        5.0000001201e-1,
      ],
    );
    cx.get(r);
    this.op('f32x4.mul');
    cx.get(r);
    this.op('f32x4.mul');
    cx.get(r);
    this.op('f32x4.add');
    this.f(1);
    this.op('f32x4.add');
    // · 2^(n − n>>1) · 2^(n>>1), each factor built from exponent bits
    cx.get(n);
    this.op('i32x4.trunc_sat_f32x4_s');
    cx.set(ni);
    cx.get(ni);
    cx.constI32(1);
    this.op('i32x4.shr_s');
    this.i(127);
    this.op('i32x4.add');
    cx.constI32(23);
    this.op('i32x4.shl');
    this.op('f32x4.mul');
    cx.get(ni);
    cx.get(ni);
    cx.constI32(1);
    this.op('i32x4.shr_s');
    this.op('i32x4.sub');
    this.i(127);
    this.op('i32x4.add');
    cx.constI32(23);
    this.op('i32x4.shl');
    this.op('f32x4.mul');
    for (const t of [xc, n, r, ni]) cx.release(t);
  }

  /** Natural log of the f32x4 in local `x` → stack. */
  log(x: number): void {
    const cx = this.cx;
    const xs = cx.temp('v128');
    const sub = cx.temp('v128');
    const e = cx.temp('v128');
    const m = cx.temp('v128');
    const small = cx.temp('v128');
    const z = cx.temp('v128');
    const fe = cx.temp('v128');
    // Subnormals: scale by 2^23 and remember to subtract 23 from the exponent.
    cx.get(x);
    this.f(1.17549435e-38);
    this.op('f32x4.lt');
    cx.set(sub);
    cx.get(x);
    this.f(8388608);
    this.op('f32x4.mul');
    cx.get(x);
    cx.get(sub);
    this.op('v128.bitselect');
    cx.set(xs);
    // e = exponent − 126 (mantissa taken in [0.5, 1)), − 23 for scaled subnormals
    cx.get(xs);
    cx.constI32(23);
    this.op('i32x4.shr_u');
    this.i(126);
    this.op('i32x4.sub');
    cx.get(sub);
    this.i(23);
    this.op('v128.and');
    this.op('i32x4.sub');
    cx.set(e);
    cx.get(xs);
    this.i(0x007fffff);
    this.op('v128.and');
    this.i(0x3f000000);
    this.op('v128.or');
    cx.set(m);
    // m < √½: e −= 1, m = 2m − 1; else m = m − 1
    cx.get(m);
    this.f(0.707106781186547524);
    this.op('f32x4.lt');
    cx.set(small);
    cx.get(e);
    cx.get(small);
    this.op('i32x4.add');
    cx.set(e);
    cx.get(m);
    cx.get(m);
    cx.get(small);
    this.op('v128.and');
    this.op('f32x4.add');
    this.f(1);
    this.op('f32x4.sub');
    cx.set(m);
    cx.get(m);
    cx.get(m);
    this.op('f32x4.mul');
    cx.set(z);
    cx.get(e);
    this.op('f32x4.convert_i32x4_s');
    cx.set(fe);
    // y = m·z·p(m) − 2.12194440e-4·fe − z/2;  log = m + y + 0.693359375·fe
    this.horner(
      m,
      [
        7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
        -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
      ],
    );
    cx.get(m);
    this.op('f32x4.mul');
    cx.get(z);
    this.op('f32x4.mul');
    cx.get(fe);
    this.f(-2.1219444e-4);
    this.op('f32x4.mul');
    this.op('f32x4.add');
    cx.get(z);
    this.f(0.5);
    this.op('f32x4.mul');
    this.op('f32x4.sub');
    cx.get(m);
    this.op('f32x4.add');
    cx.get(fe);
    this.f(0.693359375);
    this.op('f32x4.mul');
    this.op('f32x4.add');
    // Special inputs, last wins: +Inf → +Inf, 0 → −Inf, x < 0 or NaN → NaN.
    cx.set(z);
    this.f(Infinity);
    cx.get(z);
    cx.get(x);
    this.f(Infinity);
    this.op('f32x4.eq');
    this.op('v128.bitselect');
    cx.set(z);
    this.f(-Infinity);
    cx.get(z);
    cx.get(x);
    this.f(0);
    this.op('f32x4.eq');
    this.op('v128.bitselect');
    cx.set(z);
    this.f(NaN);
    cx.get(z);
    cx.get(x);
    this.f(0);
    this.op('f32x4.lt');
    cx.get(x);
    cx.get(x);
    this.op('f32x4.ne');
    this.op('v128.or');
    this.op('v128.bitselect');
    for (const t of [xs, sub, e, m, small, z, fe]) cx.release(t);
  }

  /**
   * sin or cos of the f32x4 in local `x` → stack; `fallback` pushes the per-lane scalar
   * result (used when some lane has |x| > TRIG_REDUCTION_LIMIT or is ±Inf).
   */
  sinCos(kind: 'sin' | 'cos', x: number, fallback: () => void): void {
    const cx = this.cx;
    cx.get(x);
    this.op('f32x4.abs');
    this.f(TRIG_REDUCTION_LIMIT);
    this.op('f32x4.gt');
    this.op('v128.any_true');
    this.fn.op('if', 'v128' as unknown as number);
    fallback();
    this.fn.op('else');
    this.sinCosInRange(kind, x);
    this.fn.op('end');
  }

  private sinCosInRange(kind: 'sin' | 'cos', x: number): void {
    const cx = this.cx;
    const ax = cx.temp('v128');
    const j = cx.temp('v128');
    const z = cx.temp('v128');
    const zz = cx.temp('v128');
    const sinPoly = cx.temp('v128');
    const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
    cx.get(x);
    this.op('f32x4.abs');
    cx.set(ax);
    // j = (trunc(|x|·4/π) + 1) & ~1
    cx.get(ax);
    this.f(4 / Math.PI);
    this.op('f32x4.mul');
    this.op('i32x4.trunc_sat_f32x4_s');
    this.i(1);
    this.op('i32x4.add');
    this.i(~1);
    this.op('v128.and');
    cx.set(j);
    // z = |x| − j·π/4 in f64 (three parts; j·DP1 and j·DP2 are exact), per half
    const reduceHalf = (shuffle: boolean): void => {
      cx.get(ax);
      if (shuffle) {
        cx.get(ax);
        this.fn.op('i8x16.shuffle', HIGH_HALF);
      }
      this.op('f64x2.promote_low_f32x4');
      for (const dp of [
        7.85398125648498535156e-1, 3.77489470793079817668e-8, 2.69515142907905952645e-15,
      ]) {
        cx.get(j);
        if (shuffle) {
          cx.get(j);
          this.fn.op('i8x16.shuffle', HIGH_HALF);
        }
        this.op('f64x2.convert_low_i32x4_s');
        this.fn.op('f64.const', dp);
        this.op('f64x2.splat');
        this.op('f64x2.mul');
        this.op('f64x2.sub');
      }
      this.op('f32x4.demote_f64x2_zero');
    };
    reduceHalf(false);
    reduceHalf(true);
    this.fn.op('i8x16.shuffle', [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
    cx.set(z);
    cx.get(z);
    cx.get(z);
    this.op('f32x4.mul');
    cx.set(zz);
    // sin poly: z + z·zz·(((s0·zz + s1)·zz + s2))
    this.horner(zz, [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1]);
    cx.get(zz);
    this.op('f32x4.mul');
    cx.get(z);
    this.op('f32x4.mul');
    cx.get(z);
    this.op('f32x4.add');
    cx.set(sinPoly);
    // cos poly: 1 − zz/2 + zz²·((c0·zz + c1)·zz + c2)
    this.horner(zz, [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2]);
    cx.get(zz);
    this.op('f32x4.mul');
    cx.get(zz);
    this.op('f32x4.mul');
    cx.get(zz);
    this.f(0.5);
    this.op('f32x4.mul');
    this.op('f32x4.sub');
    this.f(1);
    this.op('f32x4.add');
    // Pick: sin uses the cos polynomial in octants with j & 2, cos the sin polynomial there.
    // Stack: cosPoly, sinPoly; bitselect takes cosPoly in the mask's lanes.
    cx.get(sinPoly);
    cx.get(j);
    this.i(2);
    this.op('v128.and');
    this.i(0);
    this.op('i32x4.ne');
    if (kind === 'cos') this.op('v128.not');
    this.op('v128.bitselect');
    // Sign: sin negates for (j & 4) xor (x < 0); cos for (j & 4) xor (j & 2).
    cx.get(j);
    this.i(4);
    this.op('v128.and');
    cx.constI32(29);
    this.op('i32x4.shl');
    if (kind === 'sin') {
      cx.get(x);
      this.i(0x80000000);
      this.op('v128.and');
    } else {
      cx.get(j);
      this.i(2);
      this.op('v128.and');
      cx.constI32(30);
      this.op('i32x4.shl');
    }
    this.op('v128.xor');
    this.op('v128.xor');
    for (const t of [ax, j, z, zz, sinPoly]) cx.release(t);
  }
}
