// scalar.ts — scalar wasm code for IR expressions and statements (one grid index at a
// time), with JS semantics: ToInt32 casts, guarded loads/stores (an out-of-range load
// gives NaN for floats and 0 for integers, as `undefined` would after conversion; an
// out-of-range store is dropped, as on a typed array), JS `%`, Math.round, atomics via
// the threads proposal, and the counter-based `random`. The SIMD emitter reuses it for
// uniform (lane-invariant) expressions.

import type { ArrayRef, AtomicOp, BinOp, Expr, MathFn, ReduceSpec, Stmt, Ty } from '../../ir/ir.js';
import type { DType } from '../../types/dtype.js';
import type { Span } from '../../diagnostics.js';
import { concrete, scalarValType, shiftOf, type ConcreteTy, type KernelContext } from './context.js';
import type { WasmValType } from './opcodes.js';

/** A variable in scope: its wasm local and whether it holds a vector (SIMD emitter only). */
export interface VarInfo {
  readonly local: number;
  readonly t: ConcreteTy;
  readonly vector: boolean;
}

/** Lexical scopes mapping IR local names to wasm locals. */
export class Scope {
  private readonly frames: Map<string, VarInfo>[] = [new Map()];

  push(): void {
    this.frames.push(new Map());
  }

  pop(): void {
    this.frames.pop();
  }

  define(name: string, info: VarInfo): void {
    this.frames[this.frames.length - 1]!.set(name, info);
  }

  lookup(name: string): VarInfo {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const v = this.frames[k]!.get(name);
      if (v) return v;
    }
    throw new Error(`numbat internal error: wasm codegen found no local '${name}'`);
  }
}

/** 2^32 and 2^-32, used by ToInt32. */
export const TWO32 = 4294967296;
export const TWO_M32 = 1 / 4294967296;
const TWO_M24 = 5.9604644775390625e-8;

/** The value a failed (out-of-range) load yields for a value type. */
export function missingValue(t: ConcreteTy): number {
  return t === 'f32' || t === 'f64' ? NaN : 0;
}

export function isFloatTy(t: ConcreteTy): t is 'f32' | 'f64' {
  return t === 'f32' || t === 'f64';
}

/** The load instruction for a dtype (small integers extend to i32). */
export function loadOp(d: DType): string {
  switch (d) {
    case 'f32': return 'f32.load';
    case 'f64': return 'f64.load';
    case 'i32': case 'u32': return 'i32.load';
    case 'i16': return 'i32.load16_s';
    case 'u16': return 'i32.load16_u';
    case 'i8': return 'i32.load8_s';
    case 'u8': return 'i32.load8_u';
  }
}

/** The type a dtype's elements load as. */
export function elemTy(d: DType): ConcreteTy {
  return d === 'f32' ? 'f32' : d === 'f64' ? 'f64' : d === 'u32' ? 'u32' : 'i32';
}

/** How `return` behaves while emitting a body. */
export interface ReturnHandler {
  (value: Expr | null): void;
}

/** Emits scalar code for one grid index. */
export class ScalarEmitter {
  /** Label of the block a loop's `break` leaves, and of its body (for `continue`). */
  private readonly loopLabels = new Map<string, { brk: string; cont: string }>();
  onReturn: ReturnHandler = () => { throw new Error('numbat internal error: return handler unset'); };
  /** Byte offsets of local arrays inside the per-thread scratch area. */
  localArrayOffsets: number[] = [];

  constructor(readonly cx: KernelContext, readonly scope: Scope) {}

  private get fn() {
    return this.cx.fn;
  }

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
        if (v.vector) throw new Error(`numbat internal error: lane-varying '${e.name}' used as uniform`);
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
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  constant(t: ConcreteTy, v: number): void {
    switch (t) {
      case 'f64': this.fn.op('f64.const', v); return;
      case 'f32': this.fn.op('f32.const', v); return;
      case 'bool': this.cx.constI32(v ? 1 : 0); return;
      case 'i32': case 'u32': this.cx.constI32(v >>> 0); return;
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

  /** ToInt32 of the f64 on the stack, exact for every input (NaN and ±Inf give 0). */
  toInt32(): void {
    const fn = this.fn;
    const x = this.cx.temp('f64');
    // x − trunc(x·2^-32)·2^32 is exact, keeps trunc(x) mod 2^32 and lies in (−2^32, 2^32).
    this.cx.tee(x);
    this.cx.get(x);
    fn.op('f64.const', TWO_M32);
    fn.op('f64.mul');
    fn.op('f64.trunc');
    fn.op('f64.const', TWO32);
    fn.op('f64.mul');
    fn.op('f64.sub');
    fn.op('i64.trunc_sat_f64_s');
    fn.op('i32.wrap_i64');
    this.cx.release(x);
  }

  private binary(op: BinOp, a: Expr, b: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    switch (op) {
      case '+': case '-': case '*': {
        this.exprAs(a, t);
        this.exprAs(b, t);
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
      case '&': case '|': case '^': case '<<': case '>>': case '>>>': {
        const it = t === 'u32' ? 'u32' : 'i32';
        this.exprAs(a, it);
        this.exprAs(b, it);
        const name = { '&': 'and', '|': 'or', '^': 'xor', '<<': 'shl', '>>': 'shr_s', '>>>': 'shr_u' }[op];
        fn.op(`i32.${name}`);
        this.convert(it, t);
        return;
      }
      case '==': case '!=': case '<': case '<=': case '>': case '>=': {
        const ot = compareType(a, b);
        this.exprAs(a, ot);
        this.exprAs(b, ot);
        fn.op(compareOp(op, ot));
        return;
      }
      case '&&': case '||': {
        if (t === 'bool') {
          this.truthy(a);
          this.truthy(b);
          fn.op(op === '&&' ? 'i32.and' : 'i32.or');
          return;
        }
        // a && b = truthy(a) ? b : a;  a || b = truthy(a) ? a : b
        const tmp = this.cx.temp(scalarValType(t));
        this.exprAs(a, t);
        this.cx.set(tmp);
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

  private math(name: MathFn, args: readonly Expr[], t: ConcreteTy): void {
    const fn = this.fn;
    const arg = (k: number, as: ConcreteTy = t): void => this.exprAs(args[k]!, as);
    if (!isFloatTy(t)) {
      // Integer-typed math: imul, clz32, abs/min/max/sign of integers.
      switch (name) {
        case 'imul': arg(0); arg(1); fn.op('i32.mul'); return;
        case 'clz32': arg(0); fn.op('i32.clz'); return;
        case 'min': case 'max': {
          const x = this.cx.temp('i32');
          const y = this.cx.temp('i32');
          arg(0); this.cx.tee(x); arg(1); this.cx.tee(y);
          this.cx.get(x); this.cx.get(y);
          const lt = t === 'u32' ? 'i32.lt_u' : 'i32.lt_s';
          fn.op(name === 'min' ? lt : lt.replace('lt', 'gt'));
          fn.op('select');
          // select(x, y, c) picks x when c: we pushed x,y then c=(x<y) for min.
          this.cx.release(x); this.cx.release(y);
          return;
        }
        case 'abs': {
          const x = this.cx.temp('i32');
          arg(0); this.cx.set(x);
          this.cx.constI32(0); this.cx.get(x); fn.op('i32.sub');
          this.cx.get(x);
          this.cx.get(x); this.cx.constI32(0); fn.op('i32.lt_s');
          fn.op('select');
          this.cx.release(x);
          return;
        }
        default: {
          // Compute in f64 and convert back.
          this.math(name, args, 'f64');
          this.convert('f64', t);
          return;
        }
      }
    }
    const ft = t;
    switch (name) {
      case 'sqrt': case 'abs': case 'floor': case 'ceil': case 'trunc':
        arg(0);
        fn.op(`${ft}.${name}`);
        return;
      case 'min': case 'max':
        arg(0); arg(1);
        fn.op(`${ft}.${name}`);
        return;
      case 'round': {
        // JS Math.round: r = ceil(x); if (r − 0.5 > x) r −= 1.
        const x = this.cx.temp(ft);
        const r = this.cx.temp(ft);
        arg(0); this.cx.set(x);
        this.cx.get(x); fn.op(`${ft}.ceil`); this.cx.tee(r);
        fn.op(`${ft}.const`, 1); fn.op(`${ft}.sub`);
        this.cx.get(r);
        this.cx.get(r); fn.op(`${ft}.const`, 0.5); fn.op(`${ft}.sub`);
        this.cx.get(x); fn.op(`${ft}.gt`);
        fn.op('select');
        this.cx.release(x); this.cx.release(r);
        return;
      }
      case 'sign': {
        const x = this.cx.temp(ft);
        fn.op(`${ft}.const`, 1);
        arg(0); this.cx.tee(x);
        fn.op(`${ft}.copysign`);
        this.cx.get(x);
        this.cx.get(x); fn.op(`${ft}.abs`); fn.op(`${ft}.const`, 0); fn.op(`${ft}.gt`);
        fn.op('select');
        this.cx.release(x);
        return;
      }
      case 'fround':
        arg(0);
        if (ft === 'f64') { fn.op('f32.demote_f64'); fn.op('f64.promote_f32'); }
        return;
      case 'imul': case 'clz32':
        this.math(name, args, 'i32');
        this.convert('i32', ft);
        return;
      default: {
        const arity = name === 'atan2' || name === 'pow' || name === 'hypot' ? 2 : 1;
        for (let k = 0; k < arity; k++) arg(k, 'f64');
        fn.op('call', this.cx.importIndex('math', name));
        this.convert('f64', ft);
        return;
      }
    }
  }

  // ------------------------------------------------------------------ memory

  /** Pushes the i32 element index of `arr` at `index` and returns (ptr local, length, name). */
  private target(arr: ArrayRef): { ptrLocal: number | null; byteBase: number; lenLocal: number | null; length: number; dtype: DType; name: string; bufferIndex: number | null } {
    if (arr.kind === 'buffer') {
      const b = this.cx.buffers[arr.index]!;
      return { ptrLocal: b.ptr, byteBase: 0, lenLocal: b.len, length: 0, dtype: b.dtype, name: this.cx.ir.buffers[arr.index]!.name, bufferIndex: arr.index };
    }
    const la = this.cx.ir.localArrays[arr.index]!;
    return { ptrLocal: this.cx.scratchLocal, byteBase: this.localArrayOffsets[arr.index]!, lenLocal: null, length: la.length, dtype: la.dtype, name: la.name, bufferIndex: null };
  }

  /** Emits `index u< length` using the index in local `idx`. */
  private inBounds(idx: number, tg: ReturnType<ScalarEmitter['target']>): void {
    this.cx.get(idx);
    if (tg.lenLocal !== null) this.cx.get(tg.lenLocal);
    else this.cx.constI32(tg.length);
    this.fn.op('i32.lt_u');
  }

  /** Emits the byte address of element `idx`. */
  private address(idx: number, tg: ReturnType<ScalarEmitter['target']>): void {
    this.cx.get(tg.ptrLocal!);
    this.cx.get(idx);
    const shift = shiftOf(tg.dtype);
    if (shift) { this.cx.constI32(shift); this.fn.op('i32.shl'); }
    this.fn.op('i32.add');
  }

  /** Reports an out-of-range access: calls env.oob(site, index, length), which throws. */
  private reportOob(idx: number, tg: ReturnType<ScalarEmitter['target']>, span: Span): void {
    const site = this.cx.oobSite(tg.bufferIndex, tg.lenLocal === null ? tg.length : null, tg.name, span);
    this.cx.constI32(site);
    this.cx.get(idx);
    if (tg.lenLocal !== null) this.cx.get(tg.lenLocal);
    else this.cx.constI32(tg.length);
    this.fn.op('call', this.cx.importIndex('env', 'oob'));
    this.fn.op('unreachable');
  }

  load(arr: ArrayRef, index: Expr, t: ConcreteTy, span: Span): void {
    const tg = this.target(arr);
    const idx = this.cx.temp('i32');
    this.exprAs(index, 'i32');
    this.cx.set(idx);
    this.inBounds(idx, tg);
    const et = elemTy(tg.dtype);
    this.fn.op('if', scalarValType(et) as unknown as number);
    this.address(idx, tg);
    this.fn.op(loadOp(tg.dtype), tg.byteBase);
    this.fn.op('else');
    if (this.cx.ir.boundsCheck) this.reportOob(idx, tg, span);
    else this.constant(et, missingValue(et));
    this.fn.op('end');
    this.convert(et, t);
    this.cx.release(idx);
  }

  /** Converts the value on the stack (type `from`) to what `dtype` stores, and stores it. */
  storeValue(dtype: DType, from: ConcreteTy, offset: number): void {
    const fn = this.fn;
    switch (dtype) {
      case 'f32': this.convert(from, 'f32'); fn.op('f32.store', offset); return;
      case 'f64': this.convert(from, 'f64'); fn.op('f64.store', offset); return;
      case 'i32': case 'u32': this.convert(from, 'i32'); fn.op('i32.store', offset); return;
      case 'i16': case 'u16': this.convert(from, 'i32'); fn.op('i32.store16', offset); return;
      case 'i8': case 'u8': this.convert(from, 'i32'); fn.op('i32.store8', offset); return;
    }
  }

  store(arr: ArrayRef, index: Expr, value: Expr, span: Span): void {
    const tg = this.target(arr);
    const idx = this.cx.temp('i32');
    const vt = concrete(value.t);
    const val = this.cx.temp(scalarValType(vt));
    this.exprAs(index, 'i32');
    this.cx.set(idx);
    this.expr(value);
    this.cx.set(val);
    this.inBounds(idx, tg);
    this.fn.op('if');
    this.address(idx, tg);
    this.cx.get(val);
    this.storeValue(tg.dtype, vt, tg.byteBase);
    if (this.cx.ir.boundsCheck) {
      this.fn.op('else');
      this.reportOob(idx, tg, span);
    }
    this.fn.op('end');
    this.cx.release(idx);
    this.cx.release(val);
  }

  private atomic(op: AtomicOp, arr: ArrayRef, index: Expr, value: Expr, t: ConcreteTy, span: Span): void {
    const fn = this.fn;
    const tg = this.target(arr);
    const et = elemTy(tg.dtype);
    const wide = tg.dtype === 'f64';
    const bits: WasmValType = wide ? 'i64' : 'i32';
    const idx = this.cx.temp('i32');
    const addr = this.cx.temp('i32');
    const v = this.cx.temp(scalarValType(et));
    const old = this.cx.temp(bits);
    this.exprAs(index, 'i32');
    this.cx.set(idx);
    this.exprAs(value, et);
    this.cx.set(v);
    this.inBounds(idx, tg);
    fn.op('if', scalarValType(et) as unknown as number);
    this.address(idx, tg);
    if (tg.byteBase) { this.cx.constI32(tg.byteBase); fn.op('i32.add'); }
    this.cx.set(addr);
    if ((et === 'i32' || et === 'u32') && (op === 'add' || op === 'sub')) {
      this.cx.get(addr);
      this.cx.get(v);
      fn.op(`i32.atomic.rmw.${op}`);
    } else {
      // Compare-exchange loop on the bit pattern: old → f(old) until no one raced us.
      const fresh = this.cx.temp(bits);
      const loop = this.cx.label('cas');
      this.cx.get(addr);
      fn.op(`${bits}.atomic.load`);
      this.cx.set(old);
      this.cx.open('loop', loop);
      this.cx.get(addr);
      this.cx.get(old);
      // new value = f(old, v) as bits
      this.cx.get(old);
      if (et === 'f32') fn.op('f32.reinterpret_i32');
      if (et === 'f64') fn.op('f64.reinterpret_i64');
      this.cx.get(v);
      this.combineAtomic(op, et);
      if (et === 'f32') fn.op('i32.reinterpret_f32');
      if (et === 'f64') fn.op('i64.reinterpret_f64');
      fn.op(`${bits}.atomic.rmw.cmpxchg`);
      this.cx.tee(fresh);
      this.cx.get(old);
      fn.op(`${bits}.ne`);
      this.cx.get(fresh);
      this.cx.set(old);
      this.cx.brIf(loop);
      this.cx.close();
      this.cx.get(old);
      if (et === 'f32') fn.op('f32.reinterpret_i32');
      if (et === 'f64') fn.op('f64.reinterpret_i64');
      this.cx.release(fresh);
    }
    fn.op('else');
    if (this.cx.ir.boundsCheck) this.reportOob(idx, tg, span);
    else this.constant(et, missingValue(et));
    fn.op('end');
    this.convert(et, t);
    [idx, addr, v, old].forEach((l) => this.cx.release(l));
  }

  /** Stack: old, v (both of type et) → f(old, v). */
  private combineAtomic(op: AtomicOp, et: ConcreteTy): void {
    const fn = this.fn;
    if (isFloatTy(et)) {
      fn.op(`${et}.${op}`);
      return;
    }
    if (op === 'add' || op === 'sub') { fn.op(`i32.${op}`); return; }
    const a = this.cx.temp('i32');
    const b = this.cx.temp('i32');
    this.cx.set(b); this.cx.set(a);
    this.cx.get(a); this.cx.get(b);
    this.cx.get(a); this.cx.get(b);
    const u = et === 'u32' ? 'u' : 's';
    fn.op(op === 'min' ? `i32.lt_${u}` : `i32.gt_${u}`);
    fn.op('select');
    this.cx.release(a); this.cx.release(b);
  }

  /** random(seed, counter) — bit-identical to intrinsics.ts. */
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
        const brk = cx.label(`${s.label}_break`);
        const top = cx.label(`${s.label}_top`);
        const cont = cx.label(`${s.label}_continue`);
        this.loopLabels.set(s.label, { brk, cont });
        cx.open('block', brk);
        cx.open('loop', top);
        if (s.cond) {
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
        cx.br(top);
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
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }

  /** Combines the two values on the stack with a standard reduce (sum/prod/min/max). */
  combineReduce(spec: ReduceSpec, t: ConcreteTy): void {
    const fn = this.fn;
    if (spec.kind === 'custom') throw new Error('numbat internal error: custom combine is a function call');
    if (isFloatTy(t)) {
      fn.op(`${t}.${{ sum: 'add', prod: 'mul', min: 'min', max: 'max' }[spec.kind]}`);
      return;
    }
    if (spec.kind === 'sum') { fn.op('i32.add'); return; }
    if (spec.kind === 'prod') { fn.op('i32.mul'); return; }
    this.combineAtomic(spec.kind, t);
  }
}

/** The identity of a standard reduce in type t. */
export function reduceIdentity(kind: 'sum' | 'prod' | 'min' | 'max', t: ConcreteTy): number {
  const float = isFloatTy(t);
  switch (kind) {
    case 'sum': return 0;
    case 'prod': return 1;
    case 'min': return float ? Infinity : t === 'u32' ? 0xffffffff : 0x7fffffff;
    case 'max': return float ? -Infinity : t === 'u32' ? 0 : -0x80000000;
  }
}

/** The common operand type of a comparison. */
export function compareType(a: Expr, b: Expr): ConcreteTy {
  const ta = concrete(a.t);
  const tb = concrete(b.t);
  if (ta === tb) return ta;
  if (ta === 'f64' || tb === 'f64') return 'f64';
  if (ta === 'f32' || tb === 'f32') return 'f32';
  if (ta === 'u32' && tb === 'u32') return 'u32';
  // Mixed i32/u32 (or bool) compares by value, as JS does: use f64.
  if ((ta === 'u32') !== (tb === 'u32')) return 'f64';
  return 'i32';
}

function compareOp(op: '==' | '!=' | '<' | '<=' | '>' | '>=', t: ConcreteTy): string {
  const base = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[op];
  if (isFloatTy(t)) return `${t}.${base}`;
  if (base === 'eq' || base === 'ne') return `i32.${base}`;
  return `i32.${base}_${t === 'u32' ? 'u' : 's'}`;
}
