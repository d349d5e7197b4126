// simd.ts — the SIMD loop: the kernel body over L consecutive innermost indices at once.
//
// Value layout: with 4 lanes, i32/u32/f32 are i32x4/f32x4 and bools are i32x4 lane masks.
// With 2 lanes (any f64 math), f64 is f64x2, bools are i64x2 masks, and i32/u32/f32 live in
// the low two lanes of an i32x4/f32x4 (`narrow` turns a 64-bit mask into that layout).
// Lane-invariant (uniform) values stay scalar and are splatted where they meet vectors.
// Divergent control flow runs under the execution mask `exec`: both sides of a varying
// `if` (skipped when no lane takes them), loops while any lane is active
// (`v128.any_true`), `break`/`continue`/`return` retire lanes; assignments merge with
// `v128.bitselect`. Contiguous (stride-1) accesses use v128 loads/stores when the whole
// vector is in range (and, for stores, every lane active), else a guarded per-lane path.

import type { ArrayRef, Expr, IrKernel, MathFn, Stmt } from '../../ir/ir.js';
import { concrete, scalarValType, shiftOf, type ConcreteTy, type KernelContext } from './context.js';
import { compareType, elemTy, isFloatTy, loadOp, missingValue, reduceIdentity, ScalarEmitter, Scope, TWO32, TWO_M32 } from './scalar.js';
import { isStride1, planVectorisation, type VectorPlan } from './vectorPlan.js';

export { planVectorisation };

const ALL_ONES = Array(16).fill(0xff) as number[];
const IOTA = [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
const NARROW = [0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11];

interface LoopInfo {
  readonly brk: string;
  readonly cont: string;
  readonly masked: boolean;
  readonly exitMask: number;
  readonly contMask: number;
}

/** Emits the vector loop of one kernel. */
export class VectorEmitter {
  private readonly plan: VectorPlan;
  private readonly ir: IrKernel;
  private scope = new Scope();
  private scalar!: ScalarEmitter;
  private exec = -1;
  private vacc = -1;
  private innerScalar = -1;
  private readonly loops = new Map<string, LoopInfo>();
  private indexLabel = '';

  constructor(private readonly cx: KernelContext, readonly lanes: number, private readonly localArrayOffsets: number[]) {
    this.ir = cx.ir;
    this.plan = planVectorisation(cx.ir);
  }

  private get fn() {
    return this.cx.fn;
  }

  private get rt(): ConcreteTy | null {
    return this.ir.reduce ? concrete(this.ir.reduce.t) : null;
  }

  /** Declares the vector accumulator (call before the row loop). */
  initReduce(): void {
    const rt = this.rt;
    if (!rt || this.ir.reduce?.kind === 'custom' || !this.ir.reduce) return;
    this.vacc = this.fn.addLocal('v128', 'vacc');
    new ScalarEmitter(this.cx, new Scope()).constant(rt, reduceIdentity(this.ir.reduce.kind, rt));
    this.splat(rt);
    this.cx.set(this.vacc);
  }

  /** Folds the lanes of the vector accumulator into the scalar `acc`, in lane order. */
  finishReduce(acc: number, _have: number): void {
    const rt = this.rt;
    if (!rt || this.vacc < 0 || !this.ir.reduce) return;
    const s = new ScalarEmitter(this.cx, new Scope());
    for (let l = 0; l < this.lanes; l++) {
      this.cx.get(acc);
      this.cx.get(this.vacc);
      this.extract(rt, l);
      s.combineReduce(this.ir.reduce, rt);
      this.cx.set(acc);
    }
  }

  /** The loop over full vectors: while inner + L <= stop. */
  emitLoop(scope: Scope, inner: number, stop: number, _acc: number): void {
    const cx = this.cx;
    const fn = this.fn;
    this.scope = scope;
    this.scalar = new ScalarEmitter(cx, scope);
    this.scalar.localArrayOffsets = this.localArrayOffsets;
    this.innerScalar = inner;
    this.exec = fn.addLocal('v128', 'exec');
    const innerVec = fn.addLocal('v128', `${this.plan.innermost}_v`);
    const done = cx.label('simd_done');
    const top = cx.label('simd');
    this.indexLabel = cx.label('simd_index');
    cx.open('block', done);
    cx.open('loop', top);
    cx.get(inner); cx.constI32(this.lanes); fn.op('i32.add'); cx.get(stop); fn.op('i32.gt_s'); cx.brIf(done);
    cx.get(inner); fn.op('i32x4.splat'); fn.op('v128.const', IOTA); fn.op('i32x4.add'); cx.set(innerVec);
    if (this.plan.divergent.size) { fn.op('v128.const', ALL_ONES); cx.set(this.exec); }
    scope.push();
    scope.define(this.plan.innermost, { local: innerVec, t: 'i32', vector: true });
    cx.open('block', this.indexLabel);
    this.stmts(this.ir.body);
    cx.close();
    scope.pop();
    cx.get(inner); cx.constI32(this.lanes); fn.op('i32.add'); cx.set(inner);
    cx.br(top);
    cx.close();
    cx.close();
  }

  // ------------------------------------------------------------------ helpers

  private isVarying(e: Expr): boolean {
    if (e.k === 'local') return this.plan.varying.has(e.name);
    switch (e.k) {
      case 'const': case 'scalar': return false;
      case 'bin': return this.isVarying(e.a) || this.isVarying(e.b);
      case 'un': case 'cast': return this.isVarying(e.a);
      case 'select': return this.isVarying(e.c) || this.isVarying(e.a) || this.isVarying(e.b);
      case 'math': return e.args.some((a) => this.isVarying(a));
      case 'load': return this.isVarying(e.index);
      case 'atomic': return true;
      case 'random': return this.isVarying(e.seed) || this.isVarying(e.counter);
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  private shape(t: ConcreteTy): 'i32x4' | 'f32x4' | 'f64x2' {
    return t === 'f64' ? 'f64x2' : t === 'f32' ? 'f32x4' : 'i32x4';
  }

  /** Scalar on the stack → vector with it in every lane. */
  private splat(t: ConcreteTy): void {
    if (t === 'bool') {
      const x = this.cx.temp('i32');
      this.cx.set(x); this.cx.constI32(0); this.cx.get(x); this.fn.op('i32.sub');
      this.cx.release(x);
      this.fn.op('i32x4.splat');
      return;
    }
    this.fn.op(`${this.shape(t)}.splat`);
  }

  /** Vector on the stack → scalar of lane l. */
  private extract(t: ConcreteTy, l: number): void {
    if (t === 'bool') {
      if (this.lanes === 2) { this.fn.op('i64x2.extract_lane', l); this.fn.op('i32.wrap_i64'); }
      else this.fn.op('i32x4.extract_lane', l);
      this.cx.constI32(1); this.fn.op('i32.and');
      return;
    }
    this.fn.op(`${this.shape(t)}.extract_lane`, l);
  }

  /** Stack: vector, scalar → vector with lane l replaced. */
  private replace(t: ConcreteTy, l: number): void {
    if (t === 'bool') {
      const x = this.cx.temp('i32');
      this.cx.set(x); this.cx.constI32(0); this.cx.get(x); this.fn.op('i32.sub');
      this.cx.release(x);
      if (this.lanes === 2) { this.fn.op('i64.extend_i32_s'); this.fn.op('i64x2.replace_lane', l); }
      else this.fn.op('i32x4.replace_lane', l);
      return;
    }
    this.fn.op(`${this.shape(t)}.replace_lane`, l);
  }

  /** The execution mask laid out for selecting values of type t. */
  private maskFor(t: ConcreteTy): void {
    this.cx.get(this.exec);
    if (this.lanes === 2 && t !== 'f64' && t !== 'bool') this.narrow();
  }

  private narrow(): void {
    const m = this.cx.temp('v128');
    this.cx.tee(m); this.cx.get(m);
    this.fn.op('i8x16.shuffle', NARROW);
    this.cx.release(m);
  }

  /** A 32-bit-lane mask (from an i32/f32 comparison) → the bool layout. */
  private widen(): void {
    if (this.lanes === 2) this.fn.op('i64x2.extend_low_i32x4_s');
  }

  /**
   * Applies a scalar operation lane by lane: `inputs` are v128 locals with their types;
   * `op` consumes one scalar per input (in order) and leaves one scalar of type `out`.
   */
  private perLane(inputs: readonly { local: number; t: ConcreteTy }[], out: ConcreteTy, op: () => void): void {
    const res = this.cx.temp('v128');
    this.fn.op('v128.const', Array(16).fill(0));
    this.cx.set(res);
    for (let l = 0; l < this.lanes; l++) {
      this.cx.get(res);
      for (const inp of inputs) { this.cx.get(inp.local); this.extract(inp.t, l); }
      op();
      this.replace(out, l);
      this.cx.set(res);
    }
    this.cx.get(res);
    this.cx.release(res);
  }

  /** Emits each expression as a vector into a fresh temp; returns the temps. */
  private toTemps(es: readonly { e: Expr; t: ConcreteTy }[]): { local: number; t: ConcreteTy }[] {
    return es.map(({ e, t }) => {
      const local = this.cx.temp('v128');
      this.vexprAs(e, t);
      this.cx.set(local);
      return { local, t };
    });
  }

  private releaseAll(ls: readonly { local: number }[]): void {
    for (const l of ls) this.cx.release(l.local);
  }

  // ------------------------------------------------------------------ expressions

  vexprAs(e: Expr, to: ConcreteTy): void {
    this.vexpr(e);
    this.vconvert(concrete(e.t), to);
  }

  vexpr(e: Expr): void {
    const t = concrete(e.t);
    if (!this.isVarying(e)) {
      this.scalar.expr(e);
      this.splat(t);
      return;
    }
    const fn = this.fn;
    switch (e.k) {
      case 'const': case 'scalar': case 'atomic':
        throw new Error('numbat internal error: uniform expression reached the vector path');
      case 'local': {
        const v = this.scope.lookup(e.name);
        this.cx.get(v.local);
        if (!v.vector) this.splat(v.t);
        this.vconvert(v.t, t);
        return;
      }
      case 'bin':
        this.vbinary(e.op, e.a, e.b, t);
        return;
      case 'un':
        if (e.op === '!') {
          this.vexprAs(e.a, 'bool'); fn.op('v128.not');
        } else if (e.op === '~') {
          this.vexprAs(e.a, t); fn.op('v128.not');
        } else if (isFloatTy(t)) {
          this.vexprAs(e.a, t); fn.op(`${this.shape(t)}.neg`);
        } else {
          this.vexprAs(e.a, t); fn.op('i32x4.neg');
        }
        return;
      case 'cast':
        this.vexprAs(e.a, t);
        return;
      case 'select':
        this.vexprAs(e.a, t);
        this.vexprAs(e.b, t);
        this.vexprAs(e.c, 'bool');
        if (this.lanes === 2 && t !== 'f64' && t !== 'bool') this.narrow();
        fn.op('v128.bitselect');
        return;
      case 'math':
        this.vmath(e.fn, e.args, t);
        return;
      case 'load':
        this.vload(e.arr, e.index, t);
        return;
      case 'random':
        this.vrandom(e.seed, e.counter, t);
        return;
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  /** Converts the vector on the stack with JS semantics. */
  vconvert(from: ConcreteTy, to: ConcreteTy): void {
    const fn = this.fn;
    if (from === to) return;
    if (to === 'bool') {
      if (isFloatTy(from)) {
        fn.op(`${this.shape(from)}.abs`);
        fn.op('v128.const', Array(16).fill(0));
        fn.op(`${this.shape(from)}.gt`);
        if (from === 'f32') this.widen();
      } else {
        fn.op('v128.const', Array(16).fill(0));
        fn.op('i32x4.ne');
        this.widen();
      }
      return;
    }
    if (from === 'bool') {
      if (this.lanes === 2) this.narrow();
      fn.op('i32x4.neg');
      this.vconvert('i32', to);
      return;
    }
    switch (to) {
      case 'f64':
        fn.op(from === 'f32' ? 'f64x2.promote_low_f32x4' : from === 'u32' ? 'f64x2.convert_low_i32x4_u' : 'f64x2.convert_low_i32x4_s');
        return;
      case 'f32':
        fn.op(from === 'f64' ? 'f32x4.demote_f64x2_zero' : from === 'u32' ? 'f32x4.convert_i32x4_u' : 'f32x4.convert_i32x4_s');
        return;
      case 'i32': case 'u32':
        if (from === 'i32' || from === 'u32') return;
        if (from === 'f32' && this.lanes === 2) { fn.op('f64x2.promote_low_f32x4'); from = 'f64'; }
        this.vtoInt32(from === 'f32' ? 'f32' : 'f64');
        return;
    }
  }

  /** ToInt32 lane-wise: reduce modulo 2^32 exactly, fold into [−2^31, 2^31), truncate. */
  private vtoInt32(ft: 'f32' | 'f64'): void {
    const fn = this.fn;
    const s = this.shape(ft);
    const x = this.cx.temp('v128');
    const c = (v: number): void => { fn.op(`${ft}.const`, v); fn.op(`${s}.splat`); };
    this.cx.tee(x);
    this.cx.get(x); c(TWO_M32); fn.op(`${s}.mul`); fn.op(`${s}.trunc`); c(TWO32); fn.op(`${s}.mul`); fn.op(`${s}.sub`);
    this.cx.set(x);
    // x −= (x ≥ 2^31) & 2^32;  x += (x < −2^31) & 2^32
    this.cx.get(x); this.cx.get(x); c(2147483648); fn.op(`${s}.ge`); c(TWO32); fn.op('v128.and'); fn.op(`${s}.sub`);
    this.cx.tee(x);
    this.cx.get(x); c(-2147483648); fn.op(`${s}.lt`); c(TWO32); fn.op('v128.and'); fn.op(`${s}.add`);
    fn.op(ft === 'f64' ? 'i32x4.trunc_sat_f64x2_s_zero' : 'i32x4.trunc_sat_f32x4_s');
    this.cx.release(x);
  }

  private vbinary(op: Extract<Expr, { k: 'bin' }>['op'], a: Expr, b: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    const sh = this.shape(t);
    switch (op) {
      case '+': case '-': case '*': {
        this.vexprAs(a, t); this.vexprAs(b, t);
        fn.op(`${sh}.${op === '+' ? 'add' : op === '-' ? 'sub' : 'mul'}`);
        return;
      }
      case '/':
        if (isFloatTy(t)) { this.vexprAs(a, t); this.vexprAs(b, t); fn.op(`${sh}.div`); return; }
        break;
      case '&': case '|': case '^': {
        this.vexprAs(a, t); this.vexprAs(b, t);
        fn.op(`v128.${op === '&' ? 'and' : op === '|' ? 'or' : 'xor'}`);
        return;
      }
      case '<<': case '>>': case '>>>':
        if (!this.isVarying(b)) {
          this.vexprAs(a, t);
          this.scalar.exprAs(b, 'i32');
          fn.op(`i32x4.${op === '<<' ? 'shl' : op === '>>' ? 'shr_s' : 'shr_u'}`);
          return;
        }
        break;
      case '==': case '!=': case '<': case '<=': case '>': case '>=': {
        const ot = compareType(a, b);
        this.vexprAs(a, ot); this.vexprAs(b, ot);
        const base = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[op];
        if (isFloatTy(ot)) fn.op(`${this.shape(ot)}.${base}`);
        else fn.op(`i32x4.${base}${base === 'eq' || base === 'ne' ? '' : ot === 'u32' ? '_u' : '_s'}`);
        if (ot !== 'f64' && ot !== 'bool') this.widen();
        return;
      }
      case '&&': case '||':
        if (t === 'bool') {
          this.vexprAs(a, 'bool'); this.vexprAs(b, 'bool');
          fn.op(op === '&&' ? 'v128.and' : 'v128.or');
          return;
        }
        {
          // a && b = truthy(a) ? b : a;  a || b = truthy(a) ? a : b
          const [va, vb] = this.toTemps([{ e: a, t }, { e: b, t }]);
          this.cx.get(op === '&&' ? vb!.local : va!.local);
          this.cx.get(op === '&&' ? va!.local : vb!.local);
          this.cx.get(va!.local); this.vconvert(t, 'bool');
          if (this.lanes === 2 && t !== 'f64') this.narrow();
          fn.op('v128.bitselect');
          this.releaseAll([va!, vb!]);
          return;
        }
      case '%': case '**':
        break;
      default: {
        const never: never = op;
        throw new Error(`unknown operator ${String(never)}`);
      }
    }
    // Lane-by-lane fallback through the scalar emitter's semantics.
    const ins = this.toTemps([{ e: a, t: concrete(a.t) }, { e: b, t: concrete(b.t) }]);
    this.perLane(ins, t, () => {
      const xa = this.cx.temp(scalarValType(ins[0]!.t));
      const xb = this.cx.temp(scalarValType(ins[1]!.t));
      this.cx.set(xb); this.cx.set(xa);
      this.scope.push();
      this.scope.define('\u0000a', { local: xa, t: ins[0]!.t, vector: false });
      this.scope.define('\u0000b', { local: xb, t: ins[1]!.t, vector: false });
      this.scalar.expr({ k: 'bin', t, op, a: { k: 'local', t: ins[0]!.t, name: '\u0000a' }, b: { k: 'local', t: ins[1]!.t, name: '\u0000b' } });
      this.scope.pop();
      this.cx.release(xa); this.cx.release(xb);
    });
    this.releaseAll(ins);
  }

  private vmath(name: MathFn, args: readonly Expr[], t: ConcreteTy): void {
    const fn = this.fn;
    const sh = this.shape(t);
    const arg = (k: number): void => this.vexprAs(args[k]!, t);
    const c = (v: number): void => { fn.op(`${t}.const`, v); fn.op(`${sh}.splat`); };
    if (isFloatTy(t)) {
      switch (name) {
        case 'sqrt': case 'abs': case 'floor': case 'ceil': case 'trunc':
          arg(0); fn.op(`${sh}.${name}`); return;
        case 'min': case 'max':
          arg(0); arg(1); fn.op(`${sh}.${name}`); return;
        case 'round': {
          const [x] = this.toTemps([{ e: args[0]!, t }]);
          const r = this.cx.temp('v128');
          this.cx.get(x!.local); fn.op(`${sh}.ceil`); this.cx.tee(r);
          c(1); fn.op(`${sh}.sub`);
          this.cx.get(r);
          this.cx.get(r); c(0.5); fn.op(`${sh}.sub`); this.cx.get(x!.local); fn.op(`${sh}.gt`);
          fn.op('v128.bitselect');
          this.cx.release(r); this.releaseAll([x!]);
          return;
        }
        case 'sign': {
          const [x] = this.toTemps([{ e: args[0]!, t }]);
          // copysign(1, x) = bitselect(x, 1, signbit)
          this.cx.get(x!.local); c(1); c(-0); fn.op('v128.bitselect');
          this.cx.get(x!.local);
          this.cx.get(x!.local); fn.op(`${sh}.abs`); c(0); fn.op(`${sh}.gt`);
          fn.op('v128.bitselect');
          this.releaseAll([x!]);
          return;
        }
        case 'fround':
          arg(0);
          if (t === 'f64') { fn.op('f32x4.demote_f64x2_zero'); fn.op('f64x2.promote_low_f32x4'); }
          return;
        default:
          break;
      }
    } else {
      switch (name) {
        case 'imul': arg(0); arg(1); fn.op('i32x4.mul'); return;
        case 'min': case 'max': arg(0); arg(1); fn.op(`i32x4.${name}_${t === 'u32' ? 'u' : 's'}`); return;
        case 'abs': if (t === 'i32') { arg(0); fn.op('i32x4.abs'); return; } break;
        default: break;
      }
    }
    // Lane-by-lane through the scalar emitter (imported Math functions, clz32, …).
    const argT = args.map((a) => concrete(a.t));
    const ins = this.toTemps(args.map((a, k) => ({ e: a, t: argT[k]! })));
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
    this.releaseAll(ins);
  }

  private vrandom(seed: Expr, counter: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    const k = (v: number): void => { this.cx.constI32(v); fn.op('i32x4.splat'); };
    const x = this.cx.temp('v128');
    const mix = (): void => {
      const step = (shift: number, mul: number | null): void => {
        this.cx.tee(x); this.cx.get(x); this.cx.constI32(shift); fn.op('i32x4.shr_u'); fn.op('v128.xor');
        if (mul !== null) { k(mul); fn.op('i32x4.mul'); }
      };
      step(16, 0x7feb352d); step(15, 0x846ca68b); step(16, null);
    };
    this.vexprAs(seed, 'i32'); k(0x9e3779b9); fn.op('v128.xor'); mix();
    this.vexprAs(counter, 'i32'); fn.op('i32x4.add'); mix();
    this.cx.constI32(8); fn.op('i32x4.shr_u');
    const ft = t === 'f64' ? 'f64' : 'f32';
    this.vconvert('u32', ft);
    fn.op(`${ft}.const`, 5.9604644775390625e-8); fn.op(`${this.shape(ft)}.splat`); fn.op(`${this.shape(ft)}.mul`);
    this.vconvert(ft, t);
    this.cx.release(x);
  }

  // ------------------------------------------------------------------ memory

  private bufferOf(arr: ArrayRef): { ptr: number; len: number; dtype: import('../../types/dtype.js').DType; name: string } {
    if (arr.kind !== 'buffer') throw new Error('numbat internal error: local arrays are not vectorised');
    const b = this.cx.buffers[arr.index]!;
    return { ptr: b.ptr, len: b.len, dtype: b.dtype, name: this.ir.buffers[arr.index]!.name };
  }

  /** Whether `dtype` elements can move as one v128 (or 64-bit half) access. */
  private contiguousOk(dtype: string): boolean {
    if (this.lanes === 4) return dtype === 'f32' || dtype === 'i32' || dtype === 'u32';
    return dtype === 'f64' || dtype === 'f32' || dtype === 'i32' || dtype === 'u32';
  }

  private stride1(e: Expr): boolean {
    return isStride1(e, this.plan.innermost, this.plan.stride1, (x) => this.isVarying(x));
  }

  /** Emits lane 0 of a stride-1 index as a scalar i32. */
  private lane0(e: Expr): void {
    if (!this.isVarying(e)) { this.scalar.exprAs(e, 'i32'); return; }
    switch (e.k) {
      case 'local':
        if (e.name === this.plan.innermost) { this.cx.get(this.innerScalar); return; }
        this.cx.get(this.scope.lookup(e.name).local); this.fn.op('i32x4.extract_lane', 0);
        return;
      case 'bin':
        this.lane0(e.a); this.lane0(e.b); this.fn.op(e.op === '+' ? 'i32.add' : 'i32.sub');
        return;
      case 'cast':
        this.lane0(e.a);
        return;
      default:
        this.vexprAs(e, 'i32'); this.fn.op('i32x4.extract_lane', 0);
    }
  }

  /** Pushes `base u< len && len − base u>= lanes` for the i32 in local `base`. */
  private wholeVectorInRange(base: number, len: number): void {
    const fn = this.fn;
    this.cx.get(base); this.cx.get(len); fn.op('i32.lt_u');
    this.cx.get(len); this.cx.get(base); fn.op('i32.sub'); this.cx.constI32(this.lanes); fn.op('i32.ge_u');
    fn.op('i32.and');
  }

  private address(ptr: number, idx: number, dtype: import('../../types/dtype.js').DType): void {
    this.cx.get(ptr); this.cx.get(idx);
    const s = shiftOf(dtype);
    if (s) { this.cx.constI32(s); this.fn.op('i32.shl'); }
    this.fn.op('i32.add');
  }

  private vload(arr: ArrayRef, index: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    const b = this.bufferOf(arr);
    const et = elemTy(b.dtype);
    const gather = (): void => {
      const [iv] = this.toTemps([{ e: index, t: 'i32' }]);
      this.perLane([iv!], et, () => {
        const idx = this.cx.temp('i32');
        this.cx.set(idx);
        this.cx.get(idx); this.cx.get(b.len); fn.op('i32.lt_u');
        fn.op('if', scalarValType(et) as unknown as number);
        this.address(b.ptr, idx, b.dtype); fn.op(loadOp(b.dtype));
        fn.op('else');
        this.scalar.constant(et, missingValue(et));
        fn.op('end');
        this.cx.release(idx);
      });
      this.releaseAll([iv!]);
    };
    if (this.stride1(index) && this.contiguousOk(b.dtype)) {
      const base = this.cx.temp('i32');
      this.lane0(index); this.cx.set(base);
      this.wholeVectorInRange(base, b.len);
      fn.op('if', 'v128' as unknown as number);
      this.address(b.ptr, base, b.dtype);
      fn.op(this.lanes === 2 && b.dtype !== 'f64' ? 'v128.load64_zero' : 'v128.load');
      fn.op('else');
      gather();
      fn.op('end');
      this.cx.release(base);
    } else {
      gather();
    }
    this.vconvert(et, t);
  }

  private vstore(arr: ArrayRef, index: Expr, value: Expr, divergent: boolean): void {
    const fn = this.fn;
    const cx = this.cx;
    const b = this.bufferOf(arr);
    const wideStore = this.contiguousOk(b.dtype);
    const vt: ConcreteTy = wideStore ? elemTy(b.dtype) : concrete(value.t);
    const [val] = this.toTemps([{ e: value, t: vt }]);
    const scatter = (): void => {
      const uniformIndex = !this.isVarying(index);
      const idx = cx.temp('i32');
      let iv: { local: number } | undefined;
      if (uniformIndex) { this.scalar.exprAs(index, 'i32'); cx.set(idx); }
      else [iv] = this.toTemps([{ e: index, t: 'i32' }]);
      let bits = -1;
      if (divergent) {
        bits = cx.temp('i32');
        cx.get(this.exec); fn.op(this.lanes === 2 ? 'i64x2.bitmask' : 'i32x4.bitmask'); cx.set(bits);
      }
      for (let l = 0; l < this.lanes; l++) {
        if (divergent) { cx.get(bits); cx.constI32(1 << l); fn.op('i32.and'); fn.op('if'); }
        if (iv) { cx.get(iv.local); fn.op('i32x4.extract_lane', l); cx.set(idx); }
        cx.get(idx); cx.get(b.len); fn.op('i32.lt_u');
        fn.op('if');
        this.address(b.ptr, idx, b.dtype);
        cx.get(val!.local); this.extract(vt, l);
        this.scalar.storeValue(b.dtype, vt, 0);
        fn.op('end');
        if (divergent) fn.op('end');
      }
      if (iv) cx.release(iv.local);
      if (bits >= 0) cx.release(bits);
      cx.release(idx);
    };
    if (this.stride1(index) && wideStore) {
      const base = cx.temp('i32');
      this.lane0(index); cx.set(base);
      this.wholeVectorInRange(base, b.len);
      if (divergent) { cx.get(this.exec); fn.op('i8x16.all_true'); fn.op('i32.and'); }
      fn.op('if');
      this.address(b.ptr, base, b.dtype);
      cx.get(val!.local);
      if (this.lanes === 2 && b.dtype !== 'f64') fn.op('v128.store64_lane', 0, 0);
      else fn.op('v128.store');
      fn.op('else');
      scatter();
      fn.op('end');
      cx.release(base);
    } else {
      scatter();
    }
    this.releaseAll([val!]);
  }

  // ------------------------------------------------------------------ statements

  private stmts(ss: readonly Stmt[]): void {
    this.scope.push();
    for (const s of ss) this.stmt(s);
    this.scope.pop();
  }

  /** exec |= mask-local, then clears nothing (helper for merges). */
  private orInto(target: number, source: number): void {
    this.cx.get(target); this.cx.get(source); this.fn.op('v128.or'); this.cx.set(target);
  }

  private zeroMask(local: number): void {
    this.fn.op('v128.const', Array(16).fill(0));
    this.cx.set(local);
  }

  private anyActive(): void {
    this.cx.get(this.exec);
    this.fn.op('v128.any_true');
  }

  private stmt(s: Stmt): void {
    const cx = this.cx;
    const fn = this.fn;
    const divergent = this.plan.divergent.has(s);
    switch (s.k) {
      case 'let': {
        const t = concrete(s.t);
        if (this.plan.varying.has(s.name)) {
          const local = fn.addLocal('v128', s.name);
          this.vexprAs(s.init, t);
          cx.set(local);
          this.scope.define(s.name, { local, t, vector: true });
        } else {
          const local = fn.addLocal(scalarValType(t), s.name);
          this.scalar.exprAs(s.init, t);
          cx.set(local);
          this.scope.define(s.name, { local, t, vector: false });
        }
        return;
      }
      case 'assign': {
        const v = this.scope.lookup(s.name);
        if (!v.vector) {
          this.scalar.exprAs(s.value, v.t);
          cx.set(v.local);
          return;
        }
        this.vexprAs(s.value, v.t);
        if (divergent) {
          cx.get(v.local);
          this.maskFor(v.t);
          fn.op('v128.bitselect');
        }
        cx.set(v.local);
        return;
      }
      case 'store':
        this.vstore(s.arr, s.index, s.value, divergent);
        return;
      case 'expr':
        if (this.isVarying(s.e)) this.vexpr(s.e);
        else this.scalar.expr(s.e);
        fn.op('drop');
        return;
      case 'if': {
        if (!this.isVarying(s.cond)) {
          this.scalar.truthy(s.cond);
          cx.open('if', cx.label('uif'));
          this.stmts(s.then);
          if (s.else.length) { cx.else_(); this.stmts(s.else); }
          cx.close();
          return;
        }
        const saved = fn.addLocal('v128', 'saved');
        const cond = fn.addLocal('v128', 'cond');
        if (divergent) cx.get(this.exec); else fn.op('v128.const', ALL_ONES);
        cx.set(saved);
        this.vexprAs(s.cond, 'bool'); cx.set(cond);
        cx.get(saved); cx.get(cond); fn.op('v128.and'); cx.set(this.exec);
        this.anyActive();
        cx.open('if', cx.label('then'));
        this.stmts(s.then);
        cx.close();
        if (s.else.length) {
          const thenEnd = fn.addLocal('v128', 'then_end');
          cx.get(this.exec); cx.set(thenEnd);
          cx.get(saved); cx.get(cond); fn.op('v128.andnot'); cx.set(this.exec);
          this.anyActive();
          cx.open('if', cx.label('else'));
          this.stmts(s.else);
          cx.close();
          this.orInto(this.exec, thenEnd);
        } else {
          cx.get(saved); cx.get(cond); fn.op('v128.andnot');
          cx.get(this.exec); fn.op('v128.or'); cx.set(this.exec);
        }
        return;
      }
      case 'loop': {
        const masked = this.plan.masked.has(s.label);
        const brk = cx.label(`${s.label}_break`);
        const top = cx.label(`${s.label}_top`);
        const cont = cx.label(`${s.label}_continue`);
        const exitMask = masked ? fn.addLocal('v128', `${s.label}_exit`) : -1;
        const contMask = masked ? fn.addLocal('v128', `${s.label}_cont`) : -1;
        this.loops.set(s.label, { brk, cont, masked, exitMask, contMask });
        if (masked) {
          if (!divergent) { fn.op('v128.const', ALL_ONES); cx.set(this.exec); }
          this.zeroMask(exitMask); this.zeroMask(contMask);
        }
        const test = (cond: Expr): void => {
          if (masked) {
            const c = cx.temp('v128');
            this.vexprAs(cond, 'bool'); cx.set(c);
            cx.get(exitMask); cx.get(this.exec); cx.get(c); fn.op('v128.andnot'); fn.op('v128.or'); cx.set(exitMask);
            cx.get(this.exec); cx.get(c); fn.op('v128.and'); cx.set(this.exec);
            cx.release(c);
          } else {
            this.scalar.truthy(cond); fn.op('i32.eqz'); cx.brIf(brk);
          }
        };
        cx.open('block', brk);
        cx.open('loop', top);
        if (s.cond) test(s.cond);
        if (masked) { this.anyActive(); fn.op('i32.eqz'); cx.brIf(brk); }
        cx.open('block', cont);
        this.stmts(s.body);
        cx.close();
        if (masked) { this.orInto(this.exec, contMask); this.zeroMask(contMask); }
        this.stmts(s.update);
        if (s.postCond) {
          test(s.postCond);
          if (masked) { this.anyActive(); fn.op('i32.eqz'); cx.brIf(brk); }
        }
        cx.br(top);
        cx.close();
        cx.close();
        if (masked) {
          // Lanes still active here left through an exit with no test (cannot happen) or
          // an empty exec; the survivors are those that exited.
          this.orInto(exitMask, this.exec);
          cx.get(exitMask); cx.set(this.exec);
        }
        return;
      }
      case 'block': {
        const masked = this.plan.masked.has(s.label);
        const brk = cx.label(`${s.label}_end`);
        const exitMask = masked ? fn.addLocal('v128', `${s.label}_exit`) : -1;
        this.loops.set(s.label, { brk, cont: brk, masked, exitMask, contMask: -1 });
        if (masked) {
          if (!divergent) { fn.op('v128.const', ALL_ONES); cx.set(this.exec); }
          this.zeroMask(exitMask);
        }
        cx.open('block', brk);
        this.stmts(s.body);
        cx.close();
        if (masked) this.orInto(this.exec, exitMask);
        return;
      }
      case 'break': case 'continue': {
        const info = this.loops.get(s.label)!;
        if (!divergent || !info.masked) {
          cx.br(s.k === 'break' ? info.brk : info.cont);
          return;
        }
        this.orInto(s.k === 'break' ? info.exitMask : info.contMask, this.exec);
        this.zeroMask(this.exec);
        return;
      }
      case 'return': {
        const rt = this.rt;
        if (rt && s.value && this.ir.reduce && this.ir.reduce.kind !== 'custom') {
          const sh = this.shape(rt);
          cx.get(this.vacc);
          this.vexprAs(s.value, rt);
          const op = { sum: 'add', prod: 'mul', min: 'min', max: 'max' }[this.ir.reduce.kind];
          if (isFloatTy(rt)) fn.op(`${sh}.${op}`);
          else fn.op(op === 'min' || op === 'max' ? `i32x4.${op}_${rt === 'u32' ? 'u' : 's'}` : `i32x4.${op}`);
          if (divergent) { cx.get(this.vacc); this.maskFor(rt); fn.op('v128.bitselect'); }
          cx.set(this.vacc);
        }
        if (divergent) this.zeroMask(this.exec);
        else cx.br(this.indexLabel);
        return;
      }
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }
}
