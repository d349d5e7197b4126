// scalarMemory.ts — scalar loads, stores and atomics with JS semantics: every access is
// guarded (an out-of-range load gives NaN for floats and 0 for integers, as `undefined`
// would after conversion; an out-of-range store is dropped; with boundsCheck both report
// the located RangeError through env.oob), local arrays live in the thread's scratch area,
// and atomics use the threads proposal (rmw instructions or compare-exchange loops).

import type { ArrayRef, AtomicOp, Expr, Ty } from '../../ir/ir.js';
import type { DType } from '../../types/dtype.js';
import type { Span } from '../../diagnostics.js';
import {
  concrete,
  scalarValType,
  shiftOf,
  type ConcreteTy,
  type KernelContext,
} from './context.js';
import type { WasmValType } from './opcodes.js';
import {
  elemTy,
  isFloatTy,
  loadOp,
  missingValue,
  type Scope,
  type ReturnHandler,
} from './scalarSupport.js';
import { inductionKey, splitIndex, type SplitIndex } from './addressing.js';
import { BYTES } from '../../types/dtype.js';
import { indexProvenBelow } from '../../passes/indexRange.js';

/** The state of a scalar emitter, and its memory operations. */
export abstract class ScalarMemory {
  onReturn: ReturnHandler = () => {
    throw new Error('numbat internal error: return handler unset');
  };
  /** Byte offsets of local arrays inside the per-thread scratch area. */
  localArrayOffsets: number[] = [];
  /** Loads proven in range (index expression → buffer indices): emitted without a guard. */
  readonly unguardedLoads = new Map<Expr, Set<number>>();
  /**
   * Induction addresses of the counted loop being emitted (addressing.ts inductionKey →
   * i32 local holding `ptr + (terms << shift)`), set by the SIMD emitter (simd.ts).
   */
  readonly inductionAddresses = new Map<string, number>();

  constructor(
    readonly cx: KernelContext,
    readonly scope: Scope,
  ) {}

  protected get fn() {
    return this.cx.fn;
  }

  /** Emits `e` converted to `to` (scalar.ts). */
  abstract exprAs(e: Expr, to: Ty): void;
  abstract expr(e: Expr): void;
  abstract constant(t: ConcreteTy, v: number): void;
  abstract convert(from: ConcreteTy, to: ConcreteTy): void;

  /** Pushes the i32 element index of `arr` at `index` and returns (ptr local, length, name). */
  protected target(arr: ArrayRef): {
    ptrLocal: number | null;
    byteBase: number;
    lenLocal: number | null;
    length: number;
    dtype: DType;
    name: string;
    bufferIndex: number | null;
  } {
    if (arr.kind === 'buffer') {
      const b = this.cx.buffers[arr.index]!;
      return {
        ptrLocal: b.ptr,
        byteBase: 0,
        lenLocal: b.len,
        length: 0,
        dtype: b.dtype,
        name: this.cx.ir.buffers[arr.index]!.name,
        bufferIndex: arr.index,
      };
    }
    const la = this.cx.ir.localArrays[arr.index]!;
    return {
      ptrLocal: this.cx.scratchLocal,
      byteBase: this.localArrayOffsets[arr.index]!,
      lenLocal: null,
      length: la.length,
      dtype: la.dtype,
      name: la.name,
      bufferIndex: null,
    };
  }

  /** Emits `index u< length` using the index in local `idx`. */
  protected inBounds(idx: number, tg: ReturnType<ScalarMemory['target']>): void {
    this.cx.get(idx);
    if (tg.lenLocal !== null) this.cx.get(tg.lenLocal);
    else this.cx.constI32(tg.length);
    this.fn.op('i32.lt_u');
  }

  /** Emits the byte address of element `idx`. */
  protected address(idx: number, tg: ReturnType<ScalarMemory['target']>): void {
    this.cx.get(tg.ptrLocal!);
    this.cx.get(idx);
    const shift = shiftOf(tg.dtype);
    if (shift) {
      this.cx.constI32(shift);
      this.fn.op('i32.shl');
    }
    this.fn.op('i32.add');
  }

  /** Reports an out-of-range access: calls env.oob(site, index, length), which throws. */
  protected reportOob(idx: number, tg: ReturnType<ScalarMemory['target']>, span: Span): void {
    const site = this.cx.oobSite(
      tg.bufferIndex,
      tg.lenLocal === null ? tg.length : null,
      tg.name,
      span,
    );
    this.cx.constI32(site);
    this.cx.get(idx);
    if (tg.lenLocal !== null) this.cx.get(tg.lenLocal);
    else this.cx.constI32(tg.length);
    this.fn.op('call', this.cx.importIndex('env', 'oob'));
    this.fn.op('unreachable');
  }

  /** A local array's index proven within its constant length (passes/indexRange.ts). */
  protected provenLocal(arr: ArrayRef, index: Expr, length: number): boolean {
    return arr.kind === 'local' && indexProvenBelow(this.cx.ir, index, length);
  }

  load(arr: ArrayRef, index: Expr, t: ConcreteTy, span: Span): void {
    const tg = this.target(arr);
    const idx = this.cx.temp('i32');
    if (
      (arr.kind === 'buffer' && this.unguardedLoads.get(index)?.has(arr.index)) ||
      this.provenLocal(arr, index, tg.length)
    ) {
      // Proven in range before the enclosing counted loop (simd.ts), or a local array's
      // index proven below its length: a constant part of the index goes into the memarg
      // offset (addressing.ts).
      const split = splitIndex(index, BYTES[tg.dtype]);
      const key = inductionKey(arr.index, false, index, split);
      const iv = key === null ? undefined : this.inductionAddresses.get(key);
      if (iv !== undefined) this.cx.get(iv);
      else {
        if (split) this.sumTerms(split);
        else this.exprAs(index, 'i32');
        this.cx.set(idx);
        this.address(idx, tg);
      }
      this.fn.op(loadOp(tg.dtype), tg.byteBase + (split ? split.c * BYTES[tg.dtype] : 0));
      this.convert(elemTy(tg.dtype), t);
      this.cx.release(idx);
      return;
    }
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

  /** Pushes the i32 sum of a split index's terms (without its constant). */
  sumTerms(split: SplitIndex, term: (e: Expr) => void = (e) => this.exprAs(e, 'i32')): void {
    split.terms.forEach(({ e, negate }, k) => {
      if (k === 0 && negate) this.cx.constI32(0);
      term(e);
      if (k > 0 || negate) this.fn.op(negate ? 'i32.sub' : 'i32.add');
    });
  }

  /** Converts the value on the stack (type `from`) to what `dtype` stores, and stores it. */
  storeValue(dtype: DType, from: ConcreteTy, offset: number): void {
    const fn = this.fn;
    switch (dtype) {
      case 'f32':
        this.convert(from, 'f32');
        fn.op('f32.store', offset);
        return;
      case 'f64':
        this.convert(from, 'f64');
        fn.op('f64.store', offset);
        return;
      case 'i32':
      case 'u32':
        this.convert(from, 'i32');
        fn.op('i32.store', offset);
        return;
      case 'i16':
      case 'u16':
        this.convert(from, 'i32');
        fn.op('i32.store16', offset);
        return;
      case 'i8':
      case 'u8':
        this.convert(from, 'i32');
        fn.op('i32.store8', offset);
        return;
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
    if (this.provenLocal(arr, index, tg.length)) {
      this.address(idx, tg);
      this.cx.get(val);
      this.storeValue(tg.dtype, vt, tg.byteBase);
      this.cx.release(idx);
      this.cx.release(val);
      return;
    }
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

  protected atomic(
    op: AtomicOp,
    arr: ArrayRef,
    index: Expr,
    value: Expr,
    t: ConcreteTy,
    span: Span,
  ): void {
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
    if (tg.byteBase) {
      this.cx.constI32(tg.byteBase);
      fn.op('i32.add');
    }
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
  protected combineAtomic(op: AtomicOp, et: ConcreteTy): void {
    const fn = this.fn;
    if (isFloatTy(et)) {
      fn.op(`${et}.${op}`);
      return;
    }
    if (op === 'add' || op === 'sub') {
      fn.op(`i32.${op}`);
      return;
    }
    const a = this.cx.temp('i32');
    const b = this.cx.temp('i32');
    this.cx.set(b);
    this.cx.set(a);
    this.cx.get(a);
    this.cx.get(b);
    this.cx.get(a);
    this.cx.get(b);
    const u = et === 'u32' ? 'u' : 's';
    fn.op(op === 'min' ? `i32.lt_${u}` : `i32.gt_${u}`);
    fn.op('select');
    this.cx.release(a);
    this.cx.release(b);
  }

  /** random(seed, counter) — bit-identical to intrinsics.ts. */
}
