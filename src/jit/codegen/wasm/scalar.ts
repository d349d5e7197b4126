// scalar.ts — scalar wasm code for IR expressions and statements (one grid index at a
// time), with JS semantics: ToInt32 casts, guarded loads/stores (an out-of-range load
// gives NaN for floats and 0 for integers, as `undefined` would after conversion; an
// out-of-range store is dropped, as on a typed array), JS `%`, Math.round, atomics via
// the threads proposal, and the counter-based `random`. `?:`, `&&` and `||` evaluate both
// sides at once (`select`, `i32.and`) unless the side JS may skip has an effect (an atomic,
// a checked load: ir/effects.ts), which then runs under an if/else. The SIMD emitter reuses
// it for uniform (lane-invariant) expressions.
// Memory operations live in scalarMemory.ts, shared helpers in scalarSupport.ts.

import type { BinOp, Expr, MathFn, ReduceSpec, Stmt, Ty } from '../../ir/ir.js';
import { concrete, scalarValType, type ConcreteTy } from './context.js';
import { hasEffect } from '../../ir/effects.js';
import { sharedOperand } from '../../ir/sameValue.js';
import {
  compareOp,
  compareType,
  elemTy,
  isFloatTy,
  loadOp,
  missingValue,
  reduceIdentity,
  Scope,
  TWO32,
  TWO_M24,
  TWO_M32,
  type ReturnHandler,
  type VarInfo,
} from './scalarSupport.js';
import { ScalarMemory } from './scalarMemory.js';
import { countedLoop, emitLoadInRange, type AffineLoad } from './countedLoops.js';
import { type ScalarMathGen, WASM_MATH } from './mathOps.js';

export {
  compareType,
  elemTy,
  isFloatTy,
  loadOp,
  missingValue,
  reduceIdentity,
  Scope,
  TWO32,
  TWO_M32,
  type ReturnHandler,
  type VarInfo,
};

/** Emits scalar code for one grid index. */
export class ScalarEmitter extends ScalarMemory {
  /** Label of the block a loop's `break` leaves, and of its body (for `continue`). */
  private readonly loopLabels = new Map<string, { brk: string; cont: string }>();
  /**
   * Called before a phase loop of a split cooperative kernel (`overInvocations`) is
   * emitted: wasm.ts emits its vector loop there, which leaves the remaining invocations
   * to the scalar loop.
   */
  beforeInvocationLoop: ((s: Extract<Stmt, { k: 'loop' }>) => void) | null = null;
  /** Counted loops being emitted in their two copies (countedLoops.ts). */
  private readonly versioning = new Set<Stmt>();
  /** How many guarded copies of counted loops enclose the code being emitted. */
  private guardedCopies = 0;

  // ------------------------------------------------------------------ expressions

  /** Emits `e` and converts the result to `to`. */
  exprAs(e: Expr, to: Ty): void {
    this.expr(e);
    this.convert(concrete(e.t), concrete(to));
  }

  expr(e: Expr): void {
    const fn = this.fn;
    switch (e.k) {
      case 'const':
        this.constant(concrete(e.t), e.v);
        return;
      case 'scalar': {
        this.cx.get(this.cx.scalarLocals[e.index]!);
        return;
      }
      case 'local': {
        const v = this.scope.lookup(e.name);
        if (v.vector)
          throw new Error(`numbat internal error: lane-varying '${e.name}' used as uniform`);
        this.cx.get(v.local);
        this.convert(v.t, concrete(e.t));
        return;
      }
      case 'bin':
        this.binary(e.op, e.a, e.b, concrete(e.t));
        return;
      case 'un': {
        const t = concrete(e.t);
        if (e.op === '!') {
          this.truthy(e.a);
          fn.op('i32.eqz');
        } else if (e.op === '~') {
          this.exprAs(e.a, t === 'u32' ? 'u32' : 'i32');
          this.cx.constI32(-1);
          fn.op('i32.xor');
        } else if (e.op === 'f32bits') {
          this.exprAs(e.a, 'f32');
          fn.op('i32.reinterpret_f32');
        } else if (e.op === 'f32frombits') {
          this.exprAs(e.a, 'u32');
          fn.op('f32.reinterpret_i32');
        } else if (isFloatTy(t)) {
          this.exprAs(e.a, t);
          fn.op(`${t}.neg`);
        } else {
          this.cx.constI32(0);
          this.exprAs(e.a, t);
          fn.op('i32.sub');
        }
        return;
      }
      case 'cast':
        this.exprAs(e.a, e.t);
        return;
      case 'select': {
        const t = concrete(e.t);
        if (this.hasEffect(e.a) || this.hasEffect(e.b)) {
          // Only the chosen arm may run (an atomic, a checked load): an if/else value.
          this.truthy(e.c);
          this.cx.open('if', this.cx.label('pick'), scalarValType(t));
          this.exprAs(e.a, t);
          this.cx.else_();
          this.exprAs(e.b, t);
          this.cx.close();
          return;
        }
        this.exprAs(e.a, t);
        this.exprAs(e.b, t);
        this.truthy(e.c);
        fn.op('select');
        return;
      }
      case 'math':
        this.math(e.fn, e.args, concrete(e.t));
        return;
      case 'load':
        this.load(e.arr, e.index, concrete(e.t), e.span);
        return;
      case 'atomic':
        this.atomic(e.op, e.arr, e.index, e.value, concrete(e.t), e.span);
        return;
      case 'random':
        this.random(e.seed, e.counter, concrete(e.t));
        return;
      case 'geom':
        throw new Error(`numbat internal error: ${e.of}() reached the wasm generator unsplit`);
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  /** Whether `e` must run only where the plain function evaluates it (ir/effects.ts). */
  hasEffect(e: Expr): boolean {
    return hasEffect(e, this.cx.ir.boundsCheck);
  }

  constant(t: ConcreteTy, v: number): void {
    switch (t) {
      case 'f64':
        this.fn.op('f64.const', v);
        return;
      case 'f32':
        this.fn.op('f32.const', v);
        return;
      case 'bool':
        this.cx.constI32(v ? 1 : 0);
        return;
      case 'i32':
      case 'u32':
        this.cx.constI32(v >>> 0);
        return;
    }
  }

  /** Emits a JS-truthiness test of `e` as an i32 0/1. */
  truthy(e: Expr): void {
    this.expr(e);
    this.toBool(concrete(e.t));
  }

  toBool(from: ConcreteTy): void {
    const fn = this.fn;
    if (from === 'bool') return;
    if (isFloatTy(from)) {
      fn.op(`${from}.abs`);
      fn.op(`${from}.const`, 0);
      fn.op(`${from}.gt`);
    } else {
      this.cx.constI32(0);
      fn.op('i32.ne');
    }
  }

  /** Converts the value on the stack with JS semantics. */
  convert(from: ConcreteTy, to: ConcreteTy): void {
    const fn = this.fn;
    if (from === to) return;
    if (to === 'bool') return this.toBool(from);
    const fromInt = from === 'i32' || from === 'bool';
    switch (to) {
      case 'f64':
        if (from === 'f32') fn.op('f64.promote_f32');
        else fn.op(fromInt ? 'f64.convert_i32_s' : 'f64.convert_i32_u');
        return;
      case 'f32':
        if (from === 'f64') fn.op('f32.demote_f64');
        else fn.op(fromInt ? 'f32.convert_i32_s' : 'f32.convert_i32_u');
        return;
      case 'i32':
      case 'u32':
        if (from === 'f32') fn.op('f64.promote_f32');
        if (from === 'f32' || from === 'f64') this.toInt32();
        return;
    }
  }

  /**
   * ToInt32 of the f64 on the stack, exact for every input (NaN and ±Inf give 0). Fast path:
   * `i32.trunc_sat_f64_s` is ToInt32 whenever it does not saturate (|x| < 2^31; NaN gives 0
   * both ways); only a saturated result (INT32_MIN or INT32_MAX) takes the exact modular
   * sequence — a branch a loop over in-range values always predicts.
   */
  toInt32(): void {
    const fn = this.fn;
    const x = this.cx.temp('f64');
    const r = this.cx.temp('i32');
    this.cx.tee(x);
    fn.op('i32.trunc_sat_f64_s');
    this.cx.tee(r);
    // r + 0x80000001 (mod 2^32) is 0 for INT32_MAX and 1 for INT32_MIN.
    this.cx.constI32(-2147483647);
    fn.op('i32.add');
    this.cx.constI32(2);
    fn.op('i32.lt_u');
    fn.op('if', 'i32' as unknown as number);
    // x − trunc(x·2^-32)·2^32 is exact, keeps trunc(x) mod 2^32 and lies in (−2^32, 2^32).
    this.cx.get(x);
    this.cx.get(x);
    fn.op('f64.const', TWO_M32);
    fn.op('f64.mul');
    fn.op('f64.trunc');
    fn.op('f64.const', TWO32);
    fn.op('f64.mul');
    fn.op('f64.sub');
    fn.op('i64.trunc_sat_f64_s');
    fn.op('i32.wrap_i64');
    fn.op('else');
    this.cx.get(r);
    fn.op('end');
    this.cx.release(r);
    this.cx.release(x);
  }

  private binary(op: BinOp, a: Expr, b: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    switch (op) {
      case '+':
      case '-':
      case '*': {
        this.exprAs(a, t);
        // x ⊕ x (a square, a doubling): x evaluated once (ir/sameValue.ts).
        if (sharedOperand(a, b)) {
          const x = this.cx.temp(scalarValType(t));
          this.cx.tee(x);
          this.cx.get(x);
          this.cx.release(x);
        } else this.exprAs(b, t);
        const name = op === '+' ? 'add' : op === '-' ? 'sub' : 'mul';
        fn.op(`${isFloatTy(t) ? t : 'i32'}.${name}`);
        return;
      }
      case '/': {
        const ft = isFloatTy(t) ? t : 'f64';
        this.exprAs(a, ft);
        this.exprAs(b, ft);
        fn.op(`${ft}.div`);
        this.convert(ft, t);
        return;
      }
      case '%':
        if (isFloatTy(t)) {
          this.exprAs(a, 'f64');
          this.exprAs(b, 'f64');
          fn.op('call', this.cx.importIndex('math', 'fmod'));
          this.convert('f64', t);
        } else {
          // JS: (a % 0) | 0 is 0; rem by 1 gives 0 too, and never traps.
          this.exprAs(a, t);
          const d = this.cx.temp('i32');
          this.cx.constI32(1);
          this.exprAs(b, t);
          this.cx.tee(d);
          this.cx.get(d);
          fn.op('i32.eqz');
          fn.op('select');
          fn.op(t === 'u32' ? 'i32.rem_u' : 'i32.rem_s');
          this.cx.release(d);
        }
        return;
      case '**': {
        this.exprAs(a, 'f64');
        this.exprAs(b, 'f64');
        fn.op('call', this.cx.importIndex('math', 'pow'));
        this.convert('f64', t);
        return;
      }
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
      case '>>>': {
        const it = t === 'u32' ? 'u32' : 'i32';
        this.exprAs(a, it);
        this.exprAs(b, it);
        const name = {
          '&': 'and',
          '|': 'or',
          '^': 'xor',
          '<<': 'shl',
          '>>': 'shr_s',
          '>>>': 'shr_u',
        }[op];
        fn.op(`i32.${name}`);
        this.convert(it, t);
        return;
      }
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const ot = compareType(a, b);
        this.exprAs(a, ot);
        this.exprAs(b, ot);
        fn.op(compareOp(op, ot));
        return;
      }
      case '&&':
      case '||': {
        // Both sides at once (`i32.and`, `select`) when b has no effect; else b runs only
        // where JS evaluates it (an if/else value).
        const shortCircuit = this.hasEffect(b);
        if (t === 'bool') {
          this.truthy(a);
          if (shortCircuit) {
            this.cx.open('if', this.cx.label(op === '&&' ? 'and' : 'or'), 'i32');
            if (op === '&&') this.truthy(b);
            else this.cx.constI32(1);
            this.cx.else_();
            if (op === '&&') this.cx.constI32(0);
            else this.truthy(b);
            this.cx.close();
            return;
          }
          this.truthy(b);
          fn.op(op === '&&' ? 'i32.and' : 'i32.or');
          return;
        }
        // a && b = truthy(a) ? b : a;  a || b = truthy(a) ? a : b
        const tmp = this.cx.temp(scalarValType(t));
        this.exprAs(a, t);
        this.cx.set(tmp);
        if (shortCircuit) {
          this.cx.get(tmp);
          this.toBool(t);
          this.cx.open('if', this.cx.label(op === '&&' ? 'and' : 'or'), scalarValType(t));
          if (op === '&&') this.exprAs(b, t);
          else this.cx.get(tmp);
          this.cx.else_();
          if (op === '&&') this.cx.get(tmp);
          else this.exprAs(b, t);
          this.cx.close();
          this.cx.release(tmp);
          return;
        }
        if (op === '&&') {
          this.exprAs(b, t);
          this.cx.get(tmp);
        } else {
          this.cx.get(tmp);
          this.exprAs(b, t);
        }
        this.cx.get(tmp);
        this.toBool(t);
        fn.op('select');
        this.cx.release(tmp);
        return;
      }
      default: {
        const never: never = op;
        throw new Error(`unknown operator ${String(never)}`);
      }
    }
  }

  // ------------------------------------------------------------------ math

  /** Math[name] of `args` as type t, by its emitter (mathOps.ts). */
  private math(name: MathFn, args: readonly Expr[], t: ConcreteTy): void {
    const emitter = WASM_MATH[name];
    const g: ScalarMathGen = {
      fn: this.fn,
      cx: this.cx,
      arg: (k, as = t) => this.exprAs(args[k]!, as),
      convert: (from, to) => this.convert(from, to),
      computeAs: (as) => this.math(name, args, as),
    };
    if (!isFloatTy(t)) {
      if (emitter.int && t !== 'bool') emitter.int(g, t);
      else {
        // Computed in f64 and converted back.
        this.math(name, args, 'f64');
        this.convert('f64', t);
      }
      return;
    }
    if (emitter.float === 'native') {
      for (let k = 0; k < args.length; k++) g.arg(k);
      this.fn.op(`${t}.${name}`);
    } else if (emitter.float === 'host') {
      for (let k = 0; k < args.length; k++) g.arg(k, 'f64');
      this.fn.op('call', this.cx.importIndex('math', name));
      this.convert('f64', t);
    } else emitter.float(g, t);
  }

  private random(seed: Expr, counter: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    this.exprAs(seed, 'i32');
    this.cx.constI32(0x9e3779b9);
    fn.op('i32.xor');
    this.mix32();
    this.exprAs(counter, 'i32');
    fn.op('i32.add');
    this.mix32();
    this.cx.constI32(8);
    fn.op('i32.shr_u');
    const ft = isFloatTy(t) ? t : 'f64';
    fn.op(`${ft}.convert_i32_u`);
    fn.op(`${ft}.const`, TWO_M24);
    fn.op(`${ft}.mul`);
    this.convert(ft, t);
  }

  /** lowbias32 on the i32 at the top of the stack. */
  private mix32(): void {
    const fn = this.fn;
    const x = this.cx.temp('i32');
    const step = (shift: number, mul: number | null): void => {
      this.cx.tee(x);
      this.cx.get(x);
      this.cx.constI32(shift);
      fn.op('i32.shr_u');
      fn.op('i32.xor');
      if (mul !== null) {
        this.cx.constI32(mul);
        fn.op('i32.mul');
      }
    };
    step(16, 0x7feb352d);
    step(15, 0x846ca68b);
    step(16, null);
    this.cx.release(x);
  }

  // ------------------------------------------------------------------ statements

  stmts(ss: readonly Stmt[]): void {
    this.scope.push();
    for (const s of ss) this.stmt(s);
    this.scope.pop();
  }

  stmt(s: Stmt): void {
    const cx = this.cx;
    switch (s.k) {
      case 'let': {
        const t = concrete(s.t);
        const local = this.fn.addLocal(scalarValType(t), s.name);
        this.exprAs(s.init, t);
        cx.set(local);
        this.scope.define(s.name, { local, t, vector: false });
        return;
      }
      case 'assign': {
        const v = this.scope.lookup(s.name);
        this.exprAs(s.value, v.t);
        cx.set(v.local);
        return;
      }
      case 'store':
        this.store(s.arr, s.index, s.value, s.span);
        return;
      case 'expr':
        this.expr(s.e);
        this.fn.op('drop');
        return;
      case 'if': {
        this.truthy(s.cond);
        cx.open('if', cx.label('if'));
        this.stmts(s.then);
        if (s.else.length) {
          cx.else_();
          this.stmts(s.else);
        }
        cx.close();
        return;
      }
      case 'loop': {
        if (s.overInvocations) this.beforeInvocationLoop?.(s);
        // Not inside a guarded copy (the slow path): nested counted loops make depth + 1
        // copies of the innermost body, not 2^depth.
        const counted = this.versioning.has(s) || this.guardedCopies > 0 ? null : countedLoop(s);
        if (counted) {
          // Two copies: its affine loads unguarded when all their indices are in range.
          const counter = this.scope.lookup(counted.counter).local;
          this.versioning.add(s);
          cx.constI32(1);
          for (const load of counted.loads) {
            emitLoadInRange(this, counted, counter, load);
            this.fn.op('i32.and');
          }
          cx.open('if', cx.label(`${s.label}_in_range`));
          this.fn.comment(`every affine load of loop ${s.label} is in range: no guards`);
          const added: AffineLoad[] = [];
          for (const load of counted.loads) {
            const set = this.unguardedLoads.get(load.index) ?? new Set<number>();
            if (set.has(load.buffer)) continue;
            set.add(load.buffer);
            this.unguardedLoads.set(load.index, set);
            added.push(load);
          }
          this.stmt(s);
          for (const load of added) {
            const set = this.unguardedLoads.get(load.index)!;
            set.delete(load.buffer);
            if (set.size === 0) this.unguardedLoads.delete(load.index);
          }
          cx.else_();
          this.guardedCopies++;
          this.stmt(s);
          this.guardedCopies--;
          cx.close();
          this.versioning.delete(s);
          return;
        }
        const brk = cx.label(`${s.label}_break`);
        const top = cx.label(`${s.label}_top`);
        const cont = cx.label(`${s.label}_continue`);
        this.loopLabels.set(s.label, { brk, cont });
        // `while (cond)` is rotated: tested before the loop and at the bottom of each pass,
        // so the body starts at the loop header and TurboFan computes the values it reads
        // but that were computed before the loop once, not in every pass (V8 hoists only
        // out of blocks that dominate every loop exit).
        const rotated = s.cond !== null && s.postCond === null;
        cx.open('block', brk);
        if (rotated) {
          this.truthy(s.cond!);
          this.fn.op('i32.eqz');
          cx.brIf(brk);
        }
        cx.open('loop', top);
        if (s.cond && !rotated) {
          this.truthy(s.cond);
          this.fn.op('i32.eqz');
          cx.brIf(brk);
        }
        cx.open('block', cont);
        this.stmts(s.body);
        cx.close();
        this.stmts(s.update);
        if (s.postCond) {
          this.truthy(s.postCond);
          this.fn.op('i32.eqz');
          cx.brIf(brk);
        }
        if (rotated) {
          this.truthy(s.cond!);
          cx.brIf(top);
        } else cx.br(top);
        cx.close();
        cx.close();
        return;
      }
      case 'block': {
        const brk = cx.label(`${s.label}_end`);
        this.loopLabels.set(s.label, { brk, cont: brk });
        cx.open('block', brk);
        this.stmts(s.body);
        cx.close();
        return;
      }
      case 'break':
        cx.br(this.loopLabels.get(s.label)!.brk);
        return;
      case 'continue':
        cx.br(this.loopLabels.get(s.label)!.cont);
        return;
      case 'return':
        this.onReturn(s.value);
        return;
      case 'barrier':
        throw new Error(
          'numbat internal error: a barrier reached the wasm codegen (workgroup kernels are not compiled for the CPU yet)',
        );
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }

  /** Combines the two values on the stack with a standard reduce (sum/prod/min/max). */
  combineReduce(spec: ReduceSpec, t: ConcreteTy): void {
    const fn = this.fn;
    if (spec.kind === 'custom')
      throw new Error('numbat internal error: custom combine is a function call');
    if (isFloatTy(t)) {
      fn.op(`${t}.${{ sum: 'add', prod: 'mul', min: 'min', max: 'max' }[spec.kind]}`);
      return;
    }
    if (spec.kind === 'sum') {
      fn.op('i32.add');
      return;
    }
    if (spec.kind === 'prod') {
      fn.op('i32.mul');
      return;
    }
    this.combineAtomic(spec.kind, t);
  }
}
