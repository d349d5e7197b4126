// simdExpr.ts — IR expressions as vectors: conversions with JS semantics (lane-wise
// ToInt32), operators, Math (native instructions, vmath.ts kernels for the transcendental
// functions on float lanes, per-lane host calls for the rest) and the counter-based random().
// f64 vectors are pairs of f64x2 (simdCore.ts): every f64 instruction runs once per half.

import type { Expr, MathFn } from '../../ir/ir.js';
import { concrete, scalarValType, type ConcreteTy } from './context.js';
import { hasEffect } from '../../ir/effects.js';
import { sharedOperand } from '../../ir/sameValue.js';
import { compareType, elemTy, isFloatTy, TWO32, TWO_M32 } from './scalar.js';
import { emitVectorMathF32, emitVectorMathF64 } from './vmath.js';
import { type VectorMathGen, WASM_MATH } from './mathOps.js';
import { splatBytes, type VecLocal } from './simdCore.js';
import { VectorMemory } from './simdMemory.js';

/** Expressions over VectorMemory. */
export abstract class VectorExpressions extends VectorMemory {
  vexprAs(e: Expr, to: ConcreteTy): void {
    if (!this.isVarying(e) && concrete(e.t) !== to) {
      // Convert uniform values as scalars, then splat (an f64 scalar may meet 4-lane f32).
      this.scalar.exprAs(e, to);
      this.splat(to);
      return;
    }
    this.vexpr(e);
    this.vconvert(concrete(e.t), to);
  }

  vexpr(e: Expr): void {
    const t = concrete(e.t);
    if (!this.isVarying(e)) {
      if (e.k === 'const') {
        this.fn.op('v128.const', splatBytes(t, e.v));
        if (this.isPair(t)) this.fn.op('v128.const', splatBytes(t, e.v));
        return;
      }
      if (e.k === 'local') {
        const v = this.scope.lookup(e.name);
        if (v.vector) {
          // A uniform local kept splatted (VectorEmitter.splattedLoads).
          this.vget(v);
          return;
        }
      }
      const hoisted = this.hoistedSplat(e, t);
      if (hoisted >= 0) {
        this.getSplat(hoisted, t);
        return;
      }
      this.scalar.expr(e);
      this.splat(t);
      return;
    }
    const fn = this.fn;
    switch (e.k) {
      case 'const':
      case 'scalar':
      case 'atomic':
        throw new Error('numbat internal error: uniform expression reached the vector path');
      case 'local': {
        const v = this.scope.lookup(e.name);
        this.vget(v);
        if (!v.vector) this.splat(v.t);
        this.vconvert(v.t, t);
        return;
      }
      case 'bin':
        this.vbinary(e.op, e.a, e.b, t);
        return;
      case 'un':
        if (e.op === '!') {
          this.vexprAs(e.a, 'bool');
          fn.op('v128.not');
        } else if (e.op === '~') {
          this.vexprAs(e.a, t);
          fn.op('v128.not');
        } else if (e.op === 'f32bits') {
          this.vexprAs(e.a, 'f32'); // the same 128 bits, read as i32x4 from here on
        } else if (e.op === 'f32frombits') {
          this.vexprAs(e.a, 'u32'); // read as f32x4 from here on
        } else if (isFloatTy(t)) {
          this.vexprAs(e.a, t);
          this.lanewise(t, 1, () => fn.op(`${this.shape(t)}.neg`));
        } else {
          this.vexprAs(e.a, t);
          fn.op('i32x4.neg');
        }
        return;
      case 'cast':
        if (e.a.k === 'random' && t === 'f32') this.vrandom(e.a.seed, e.a.counter, 'f32');
        else this.vexprAs(e.a, t);
        return;
      case 'select':
        if (isConst(e.a, 1) && isConst(e.b, 0) && t !== 'bool') {
          // c ? 1 : 0 is the number of the mask (−1 / 0 lanes negated): no constants, no select.
          this.vexprAs(e.c, 'bool');
          this.vconvert('bool', t);
          return;
        }
        this.assertEager(e.a, e.b);
        this.vexprAs(e.a, t);
        this.vexprAs(e.b, t);
        this.vexprAs(e.c, 'bool');
        this.vbitselect(t);
        return;
      case 'math':
        this.vmath(e.fn, e.args, t);
        return;
      case 'load': {
        const columns = this.groupColumns.get(e);
        if (columns) {
          // A group load of an interleaved loop: this step's vector, loaded and transposed
          // before the group's first step (simd.ts, emitInterleavedLoop).
          this.cx.get(columns[this.groupStep]!);
          this.vconvert(elemTy(this.bufferOf(e.arr).dtype), t);
          return;
        }
        this.vload(e.arr, e.index, t);
        return;
      }
      case 'random':
        this.vrandom(e.seed, e.counter, t);
        return;
      case 'geom':
        throw new Error(`numbat internal error: ${e.of}() reached the wasm generator unsplit`);
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Every lane evaluates both sides of a lane-divergent `?:`, `&&` or `||` and keeps its own
   * by mask: sound only for operands without effects (ir/effects.ts). vectorPlan.ts does not
   * vectorise kernels with atomics or boundsCheck, so none reach here; if one ever does, fail
   * loudly rather than run an atomic or a checked load in lanes that skip it.
   */
  private assertEager(...operands: Expr[]): void {
    if (operands.some((e) => hasEffect(e, this.ir.boundsCheck)))
      throw new Error('numbat internal error: an operand with an effect reached the vector path');
  }

  /** Converts the vector on the stack with JS semantics. */
  vconvert(from: ConcreteTy, to: ConcreteTy): void {
    const fn = this.fn;
    if (from === to) return;
    if (to === 'bool') {
      if (isFloatTy(from)) {
        this.lanewise(from, 1, () => {
          fn.op(`${this.shape(from)}.abs`);
          fn.op('v128.const', Array(16).fill(0));
          fn.op(`${this.shape(from)}.gt`);
        });
        if (from === 'f64') this.joinMasks();
      } else {
        fn.op('v128.const', Array(16).fill(0));
        fn.op('i32x4.ne');
      }
      return;
    }
    if (from === 'bool') {
      fn.op('i32x4.neg');
      this.vconvert('i32', to);
      return;
    }
    switch (to) {
      case 'f64':
        this.splitLanes();
        this.lanewise('f64', 1, () =>
          fn.op(
            from === 'f32'
              ? 'f64x2.promote_low_f32x4'
              : from === 'u32'
                ? 'f64x2.convert_low_i32x4_u'
                : 'f64x2.convert_low_i32x4_s',
          ),
        );
        return;
      case 'f32':
        if (from !== 'f64') {
          fn.op(from === 'u32' ? 'f32x4.convert_i32x4_u' : 'f32x4.convert_i32x4_s');
          return;
        }
        this.lanewise('f64', 1, () => fn.op('f32x4.demote_f64x2_zero'));
        this.joinLanes();
        return;
      case 'i32':
      case 'u32':
        if (from === 'f32') this.vtoInt32('f32');
        else if (from === 'f64') {
          this.lanewise('f64', 1, () => this.vtoInt32('f64'));
          this.joinLanes();
        }
        return;
    }
  }

  /**
   * ToInt32 lane-wise. Fast path: the saturating conversion is ToInt32 in every lane that
   * does not saturate (|x| < 2^31; NaN gives 0 both ways), so only when some lane holds
   * INT32_MIN or INT32_MAX does the exact sequence run: truncate, reduce modulo 2^32 exactly,
   * fold into [−2^31, 2^31), convert. f64: one half of a pair, the result in lanes 0–1
   * (lanes 2–3 are 0 and never ask for the slow path).
   */
  protected vtoInt32(ft: 'f32' | 'f64'): void {
    const fn = this.fn;
    const s = this.shape(ft);
    const x = this.cx.temp('v128');
    const r = this.cx.temp('v128');
    const c = (v: number): void => {
      fn.op(`${ft}.const`, v);
      fn.op(`${s}.splat`);
    };
    const ci = (v: number): void => {
      this.cx.constI32(v);
      fn.op('i32x4.splat');
    };
    const trunc = ft === 'f64' ? 'i32x4.trunc_sat_f64x2_s_zero' : 'i32x4.trunc_sat_f32x4_s';
    this.cx.tee(x);
    fn.op(trunc);
    this.cx.tee(r);
    // A lane saturated when r + 0x80000001 (mod 2^32) is 0 (INT32_MAX) or 1 (INT32_MIN).
    ci(-2147483647);
    fn.op('i32x4.add');
    ci(2);
    fn.op('i32x4.lt_u');
    fn.op('v128.any_true');
    fn.op('if', 'v128' as unknown as number);
    this.cx.get(x);
    // Truncate first: folding a non-integral value across ±2^31 would round the wrong way.
    fn.op(`${s}.trunc`);
    this.cx.tee(x);
    this.cx.get(x);
    c(TWO_M32);
    fn.op(`${s}.mul`);
    fn.op(`${s}.trunc`);
    c(TWO32);
    fn.op(`${s}.mul`);
    fn.op(`${s}.sub`);
    this.cx.set(x);
    // x −= (x ≥ 2^31) & 2^32;  x += (x < −2^31) & 2^32
    this.cx.get(x);
    this.cx.get(x);
    c(2147483648);
    fn.op(`${s}.ge`);
    c(TWO32);
    fn.op('v128.and');
    fn.op(`${s}.sub`);
    this.cx.tee(x);
    this.cx.get(x);
    c(-2147483648);
    fn.op(`${s}.lt`);
    c(TWO32);
    fn.op('v128.and');
    fn.op(`${s}.add`);
    fn.op(trunc);
    fn.op('else');
    this.cx.get(r);
    fn.op('end');
    this.cx.release(r);
    this.cx.release(x);
  }

  protected vbinary(op: Extract<Expr, { k: 'bin' }>['op'], a: Expr, b: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    const sh = this.shape(t);
    switch (op) {
      case '+':
      case '-':
      case '*': {
        const shift =
          op === '*' && (t === 'i32' || t === 'u32')
            ? (powerOfTwoShift(b) ?? powerOfTwoShift(a))
            : undefined;
        if (shift !== undefined) {
          // x · 2^k as a shift (i32x4.mul is a slow pmulld on x64); same wrapped result.
          this.vexprAs(powerOfTwoShift(b) !== undefined ? a : b, t);
          this.cx.constI32(shift);
          fn.op('i32x4.shl');
          return;
        }
        this.vexprAs(a, t);
        // x ⊕ x (a square, a doubling): x evaluated once (ir/sameValue.ts).
        if (sharedOperand(a, b)) this.vdup(t);
        else this.vexprAs(b, t);
        this.lanewise(t, 2, () =>
          fn.op(`${sh}.${op === '+' ? 'add' : op === '-' ? 'sub' : 'mul'}`),
        );
        return;
      }
      case '/':
        if (isFloatTy(t)) {
          this.vexprAs(a, t);
          this.vexprAs(b, t);
          this.lanewise(t, 2, () => fn.op(`${sh}.div`));
          return;
        }
        break;
      case '&':
      case '|':
      case '^': {
        this.vexprAs(a, t);
        this.vexprAs(b, t);
        fn.op(`v128.${op === '&' ? 'and' : op === '|' ? 'or' : 'xor'}`);
        return;
      }
      case '<<':
      case '>>':
      case '>>>':
        if (!this.isVarying(b)) {
          this.vexprAs(a, t);
          this.scalar.exprAs(b, 'i32');
          fn.op(`i32x4.${op === '<<' ? 'shl' : op === '>>' ? 'shr_s' : 'shr_u'}`);
          return;
        }
        break;
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const ot = compareType(a, b);
        this.vexprAs(a, ot);
        this.vexprAs(b, ot);
        const base = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[op];
        if (isFloatTy(ot)) {
          this.lanewise(ot, 2, () => fn.op(`${this.shape(ot)}.${base}`));
          if (ot === 'f64') this.joinMasks();
        } else
          fn.op(`i32x4.${base}${base === 'eq' || base === 'ne' ? '' : ot === 'u32' ? '_u' : '_s'}`);
        return;
      }
      case '&&':
      case '||':
        this.assertEager(b);
        if (t === 'bool') {
          this.vexprAs(a, 'bool');
          this.vexprAs(b, 'bool');
          fn.op(op === '&&' ? 'v128.and' : 'v128.or');
          return;
        }
        {
          // a && b = truthy(a) ? b : a;  a || b = truthy(a) ? a : b
          const [va, vb] = this.toTemps([
            { e: a, t },
            { e: b, t },
          ]);
          this.vget(op === '&&' ? vb! : va!);
          this.vget(op === '&&' ? va! : vb!);
          this.vget(va!);
          this.vconvert(t, 'bool');
          this.vbitselect(t);
          this.releaseAll([va!, vb!]);
          return;
        }
      case '**':
        // Float `**` is Math.pow: the vectorised kernel (same operand types as the scalar path).
        if (isFloatTy(t) && concrete(a.t) === t && concrete(b.t) === t) {
          this.vmath('pow', [a, b], t);
          return;
        }
        break;
      case '%':
        break;
      default: {
        const never: never = op;
        throw new Error(`unknown operator ${String(never)}`);
      }
    }
    // Lane-by-lane fallback through the scalar emitter's semantics.
    const ins = this.toTemps([
      { e: a, t: concrete(a.t) },
      { e: b, t: concrete(b.t) },
    ]);
    this.perLane(ins, t, () => {
      const xa = this.cx.temp(scalarValType(ins[0]!.t));
      const xb = this.cx.temp(scalarValType(ins[1]!.t));
      this.cx.set(xb);
      this.cx.set(xa);
      this.scope.push();
      this.scope.define('\u0000a', { local: xa, t: ins[0]!.t, vector: false });
      this.scope.define('\u0000b', { local: xb, t: ins[1]!.t, vector: false });
      this.scalar.expr({
        k: 'bin',
        t,
        op,
        a: { k: 'local', t: ins[0]!.t, name: '\u0000a' },
        b: { k: 'local', t: ins[1]!.t, name: '\u0000b' },
      });
      this.scope.pop();
      this.cx.release(xa);
      this.cx.release(xb);
    });
    this.releaseAll(ins);
  }

  /** Math[name] of `args` as vectors of type t, by its emitter (mathOps.ts). */
  protected vmath(name: MathFn, args: readonly Expr[], t: ConcreteTy): void {
    const emitter = WASM_MATH[name];
    const sh = this.shape(t);
    const g: VectorMathGen = {
      fn: this.fn,
      cx: this.cx,
      shape: sh,
      arg: (k) => this.vexprAs(args[k]!, t),
      splat: (v) => {
        this.fn.op(`${t}.const`, v);
        this.fn.op(`${sh}.splat`);
      },
      lanewise: (arity, emit) => this.lanewise(t, arity, emit),
      operandTemp: (k) => this.toTemps([{ e: args[k]!, t }])[0]!,
      eachHalf: (v, emit) => this.eachHalf(v, emit),
      release: (v) => this.releaseAll([v]),
    };
    const form = isFloatTy(t) ? emitter.floatLanes : emitter.intLanes;
    if (form === 'native') {
      for (let k = 0; k < args.length; k++) g.arg(k);
      this.lanewise(t, args.length, () => this.fn.op(`${sh}.${name}`));
      return;
    }
    if (typeof form === 'function') {
      if (form(g, t) !== 'perLane') return;
    } else if (form !== undefined && (t === 'f32' || t === 'f64')) {
      const ins = this.toTemps(args.map((a) => ({ e: a, t })));
      if (t === 'f64') {
        // A pair: the f64x2 kernel once per half, the low half first.
        for (const high of [false, true])
          emitVectorMathF64(
            this.cx,
            form.vmath,
            ins.map((x) => (high ? x.hi : x.local)),
          );
      } else {
        emitVectorMathF32(
          this.cx,
          form.vmath,
          form.nativeF32,
          ins.map((x) => x.local),
          () => this.mathPerLane(name, ins, t),
        );
      }
      this.releaseAll(ins);
      return;
    }
    const argT = args.map((a) => concrete(a.t));
    const ins = this.toTemps(args.map((a, k) => ({ e: a, t: argT[k]! })));
    this.mathPerLane(name, ins, t);
    this.releaseAll(ins);
  }

  /** Lane-by-lane through the scalar emitter (imported Math functions, clz32, …). */
  protected mathPerLane(name: MathFn, ins: readonly VecLocal[], t: ConcreteTy): void {
    this.perLane(ins, t, () => {
      const locals = ins.map((inp) => this.cx.temp(scalarValType(inp.t)));
      for (let k = locals.length - 1; k >= 0; k--) this.cx.set(locals[k]!);
      this.scope.push();
      const es: Expr[] = ins.map((inp, k) => {
        const nm = `\u0000m${k}`;
        this.scope.define(nm, { local: locals[k]!, t: inp.t, vector: false });
        return { k: 'local', t: inp.t, name: nm };
      });
      this.scalar.expr({ k: 'math', t, fn: name, args: es });
      this.scope.pop();
      locals.forEach((l) => this.cx.release(l));
    });
  }

  protected vrandom(seed: Expr, counter: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    const k = (v: number): void => {
      this.cx.constI32(v);
      fn.op('i32x4.splat');
    };
    const x = this.cx.temp('v128');
    const mix = (): void => {
      const step = (shift: number, mul: number | null): void => {
        this.cx.tee(x);
        this.cx.get(x);
        this.cx.constI32(shift);
        fn.op('i32x4.shr_u');
        fn.op('v128.xor');
        if (mul !== null) {
          k(mul);
          fn.op('i32x4.mul');
        }
      };
      step(16, 0x7feb352d);
      step(15, 0x846ca68b);
      step(16, null);
    };
    const hoisted = this.mixedSeeds.get(seed);
    if (hoisted !== undefined) this.cx.get(hoisted);
    else {
      this.vexprAs(seed, 'i32');
      k(0x9e3779b9);
      fn.op('v128.xor');
      mix();
    }
    this.vexprAs(counter, 'i32');
    fn.op('i32x4.add');
    mix();
    this.cx.constI32(8);
    fn.op('i32x4.shr_u');
    // Scaled in f32, also for an f64 result (exact: a 24-bit integer times 2^-24, then
    // promoted per half). The value is non-negative: the signed conversion (native on x64)
    // is exact.
    this.vconvert('i32', 'f32');
    fn.op('f32.const', 5.9604644775390625e-8);
    fn.op('f32x4.splat');
    fn.op('f32x4.mul');
    this.vconvert('f32', t);
    this.cx.release(x);
  }
}

/** k when `e` is the integer constant 2^k (1 ≤ k ≤ 30), else undefined. */
function powerOfTwoShift(e: Expr): number | undefined {
  if (e.k !== 'const' || !Number.isInteger(e.v) || e.v < 2 || e.v > 2 ** 30) return undefined;
  const k = Math.log2(e.v);
  return Number.isInteger(k) ? k : undefined;
}

/**
 * The condition c when `e` is the integer `c ? 1 : 0` (its vector is the negated lane mask,
 * so a sum can subtract the mask instead: one instruction, no negation), else null.
 */
export function integerMaskCount(e: Expr): Expr | null {
  const t = concrete(e.t);
  return e.k === 'select' && (t === 'i32' || t === 'u32') && isConst(e.a, 1) && isConst(e.b, 0)
    ? e.c
    : null;
}

function isConst(e: Expr, v: number): boolean {
  return e.k === 'const' && Object.is(e.v, v);
}
