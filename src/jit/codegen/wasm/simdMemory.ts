// simdMemory.ts — loads and stores of the SIMD loop: contiguous (stride-1) accesses as one
// v128 access (two for an f64 pair: bytes 0 and 16) when the whole vector is in range (and,
// for stores, every lane active), otherwise a guarded per-lane gather/scatter; out-of-range
// lanes read NaN/0 and never write.

import type { ArrayRef, Expr } from '../../ir/ir.js';
import { concrete, scalarValType, shiftOf, type ConcreteTy } from './context.js';
import { elemTy, loadOp, missingValue } from './scalar.js';
import { isStride1 } from '../../passes/vectorPlan.js';
import { allExprs, allStmts, stmtExprs } from '../../ir/walk.js';
import { VectorCore } from './simdCore.js';
import { splitIndex } from './addressing.js';
import { BYTES } from '../../types/dtype.js';

/** Loads and stores over VectorCore. */
export abstract class VectorMemory extends VectorCore {
  /**
   * Contiguous accesses proven in range for the current row segment (index expression →
   * buffer indices); set while the unguarded copy of the SIMD loop is emitted.
   */
  protected unguarded = new Map<Expr, Set<number>>();

  protected isUnguarded(arr: ArrayRef, index: Expr): boolean {
    return arr.kind === 'buffer' && (this.unguarded.get(index)?.has(arr.index) ?? false);
  }

  /**
   * Contiguous buffer accesses whose index is the innermost index plus a launch- or
   * row-invariant offset (grid indices, kernel scalars, constants): their range over a
   * whole row segment can be checked once, before the SIMD loop.
   */
  protected hoistableAccesses(): Array<{ buffer: number; index: Expr }> {
    const found: Array<{ buffer: number; index: Expr }> = [];
    const indexNames = new Set(this.ir.indexNames);
    const simpleLeaves = (e: Expr): boolean =>
      [...allExprs(e)].every(
        (x) =>
          x.k === 'const' ||
          x.k === 'scalar' ||
          (x.k === 'local' && indexNames.has(x.name)) ||
          (x.k === 'bin' && (x.op === '+' || x.op === '-' || x.op === '*')) ||
          x.k === 'cast',
      );
    const consider = (arr: ArrayRef, index: Expr): void => {
      if (arr.kind !== 'buffer' || !this.contiguousOk(this.cx.buffers[arr.index]!.dtype)) return;
      if (!this.stride1(index) || !simpleLeaves(index)) return;
      if (!found.some((f) => f.buffer === arr.index && f.index === index))
        found.push({ buffer: arr.index, index });
    };
    for (const st of allStmts(this.ir.body)) {
      if (st.k === 'store') consider(st.arr, st.index);
      for (const root of stmtExprs(st))
        for (const e of allExprs(root)) if (e.k === 'load') consider(e.arr, e.index);
    }
    return found;
  }

  /**
   * Pushes 1 when every access of `accesses` is in range for all full vectors of the row
   * segment [inner, stop): lane 0's index at `inner` and at `stop − L` both in [0, len)
   * and room for L elements after the latter (indices grow by one per grid index, so no
   * access in between can leave the range).
   */
  protected segmentInRange(
    accesses: ReadonlyArray<{ buffer: number; index: Expr }>,
    inner: number,
    stop: number,
  ): void {
    const cx = this.cx;
    const fn = this.fn;
    const last = cx.temp('i32');
    const base = cx.temp('i32');
    const saved = this.innerScalar;
    cx.get(stop);
    cx.constI32(this.lanes);
    fn.op('i32.sub');
    cx.set(last);
    cx.constI32(1);
    for (const access of accesses) {
      const len = this.cx.buffers[access.buffer]!.len;
      this.innerScalar = inner;
      this.lane0(access.index);
      cx.get(len);
      fn.op('i32.lt_u');
      fn.op('i32.and');
      this.innerScalar = last;
      this.lane0(access.index);
      cx.set(base);
      cx.get(base);
      cx.get(len);
      fn.op('i32.lt_u');
      fn.op('i32.and');
      cx.get(len);
      cx.get(base);
      fn.op('i32.sub');
      cx.constI32(this.lanes);
      fn.op('i32.ge_u');
      fn.op('i32.and');
    }
    this.innerScalar = saved;
    cx.release(last);
    cx.release(base);
  }

  protected bufferOf(arr: ArrayRef): {
    ptr: number;
    len: number;
    dtype: import('../../types/dtype.js').DType;
    name: string;
  } {
    if (arr.kind !== 'buffer')
      throw new Error('numbat internal error: local arrays are not vectorised');
    const b = this.cx.buffers[arr.index]!;
    return { ptr: b.ptr, len: b.len, dtype: b.dtype, name: this.ir.buffers[arr.index]!.name };
  }

  /** Whether `dtype` elements can move as whole v128 accesses. */
  protected contiguousOk(dtype: string): boolean {
    return dtype === 'f64' || dtype === 'f32' || dtype === 'i32' || dtype === 'u32';
  }

  protected stride1(e: Expr): boolean {
    return isStride1(e, this.plan.innermost, this.plan.stride1, (x) => this.isVarying(x));
  }

  /** Emits lane 0 of a stride-1 index as a scalar i32. */
  protected lane0(e: Expr): void {
    if (!this.isVarying(e)) {
      this.scalar.exprAs(e, 'i32');
      return;
    }
    switch (e.k) {
      case 'local':
        if (e.name === this.plan.innermost) {
          this.cx.get(this.innerScalar);
          return;
        }
        this.cx.get(this.scope.lookup(e.name).local);
        this.fn.op('i32x4.extract_lane', 0);
        return;
      case 'bin':
        this.lane0(e.a);
        this.lane0(e.b);
        this.fn.op(e.op === '+' ? 'i32.add' : 'i32.sub');
        return;
      case 'cast':
        this.lane0(e.a);
        return;
      default:
        this.vexprAs(e, 'i32');
        this.fn.op('i32x4.extract_lane', 0);
    }
  }

  /** Pushes `base u< len && len − base u>= lanes` for the i32 in local `base`. */
  protected wholeVectorInRange(base: number, len: number): void {
    const fn = this.fn;
    this.cx.get(base);
    this.cx.get(len);
    fn.op('i32.lt_u');
    this.cx.get(len);
    this.cx.get(base);
    fn.op('i32.sub');
    this.cx.constI32(this.lanes);
    fn.op('i32.ge_u');
    fn.op('i32.and');
  }

  protected address(ptr: number, idx: number, dtype: import('../../types/dtype.js').DType): void {
    this.cx.get(ptr);
    this.cx.get(idx);
    const s = shiftOf(dtype);
    if (s) {
      this.cx.constI32(s);
      this.fn.op('i32.shl');
    }
    this.fn.op('i32.add');
  }

  protected vload(arr: ArrayRef, index: Expr, t: ConcreteTy): void {
    const fn = this.fn;
    const b = this.bufferOf(arr);
    const et = elemTy(b.dtype);
    /** The vector at element `base` (+ `offset` bytes) (in range). */
    const contiguous = (base: number, offset = 0): void => {
      this.address(b.ptr, base, b.dtype);
      fn.op('v128.load', offset);
      if (this.isPair(et)) {
        this.address(b.ptr, base, b.dtype);
        fn.op('v128.load', offset + 16);
      }
    };
    const gather = (): void => {
      const [iv] = this.toTemps([{ e: index, t: 'i32' }]);
      this.perLane([iv!], et, () => {
        const idx = this.cx.temp('i32');
        this.cx.set(idx);
        this.cx.get(idx);
        this.cx.get(b.len);
        fn.op('i32.lt_u');
        fn.op('if', scalarValType(et) as unknown as number);
        this.address(b.ptr, idx, b.dtype);
        fn.op(loadOp(b.dtype));
        fn.op('else');
        this.scalar.constant(et, missingValue(et));
        fn.op('end');
        this.cx.release(idx);
      });
      this.releaseAll([iv!]);
    };
    if (this.stride1(index) && this.contiguousOk(b.dtype) && this.isUnguarded(arr, index)) {
      // In range for the whole row segment or counted loop (checked once before it); a
      // constant part of the index goes into the memarg offset (addressing.ts).
      const base = this.cx.temp('i32');
      const split = splitIndex(index, BYTES[b.dtype]);
      if (split) this.scalar.sumTerms(split, (e) => this.lane0(e));
      else this.lane0(index);
      this.cx.set(base);
      contiguous(base, split ? split.c * BYTES[b.dtype] : 0);
      this.cx.release(base);
    } else if (this.stride1(index) && this.contiguousOk(b.dtype)) {
      const base = this.cx.temp('i32');
      this.lane0(index);
      this.cx.set(base);
      this.wholeVectorInRange(base, b.len);
      if (this.isPair(et)) {
        // Two results: through locals (blocks here have at most one).
        const v = this.vtemp(et);
        fn.op('if');
        contiguous(base);
        this.vset(v);
        fn.op('else');
        gather();
        this.vset(v);
        fn.op('end');
        this.vget(v);
        this.releaseAll([v]);
      } else {
        fn.op('if', 'v128' as unknown as number);
        contiguous(base);
        fn.op('else');
        gather();
        fn.op('end');
      }
      this.cx.release(base);
    } else {
      gather();
    }
    this.vconvert(et, t);
  }

  protected vstore(arr: ArrayRef, index: Expr, value: Expr, divergent: boolean): void {
    const fn = this.fn;
    const cx = this.cx;
    const b = this.bufferOf(arr);
    const wideStore = this.contiguousOk(b.dtype);
    const vt: ConcreteTy = wideStore ? elemTy(b.dtype) : concrete(value.t);
    const [val] = this.toTemps([{ e: value, t: vt }]);
    /** The whole vector to element `base` (+ `offset` bytes). */
    const contiguous = (base: number, offset = 0): void => {
      this.address(b.ptr, base, b.dtype);
      cx.get(val!.local);
      fn.op('v128.store', offset);
      if (val!.hi >= 0) {
        this.address(b.ptr, base, b.dtype);
        cx.get(val!.hi);
        fn.op('v128.store', offset + 16);
      }
    };
    const scatter = (): void => {
      const uniformIndex = !this.isVarying(index);
      const idx = cx.temp('i32');
      let iv: { local: number } | undefined;
      if (uniformIndex) {
        this.scalar.exprAs(index, 'i32');
        cx.set(idx);
      } else [iv] = this.toTemps([{ e: index, t: 'i32' }]);
      let bits = -1;
      if (divergent) {
        bits = cx.temp('i32');
        cx.get(this.exec);
        fn.op('i32x4.bitmask');
        cx.set(bits);
      }
      for (let l = 0; l < this.lanes; l++) {
        if (divergent) {
          cx.get(bits);
          cx.constI32(1 << l);
          fn.op('i32.and');
          fn.op('if');
        }
        if (iv) {
          cx.get(iv.local);
          fn.op('i32x4.extract_lane', l);
          cx.set(idx);
        }
        cx.get(idx);
        cx.get(b.len);
        fn.op('i32.lt_u');
        fn.op('if');
        this.address(b.ptr, idx, b.dtype);
        this.laneOf(val!, l);
        this.scalar.storeValue(b.dtype, vt, 0);
        fn.op('end');
        if (divergent) fn.op('end');
      }
      if (iv) cx.release(iv.local);
      if (bits >= 0) cx.release(bits);
      cx.release(idx);
    };
    if (this.stride1(index) && wideStore && this.isUnguarded(arr, index) && !divergent) {
      // In range for the whole row segment or counted loop (checked before it) and every
      // lane active; a constant part of the index goes into the memarg offset.
      const base = cx.temp('i32');
      const split = splitIndex(index, BYTES[b.dtype]);
      if (split) this.scalar.sumTerms(split, (e) => this.lane0(e));
      else this.lane0(index);
      cx.set(base);
      contiguous(base, split ? split.c * BYTES[b.dtype] : 0);
      cx.release(base);
    } else if (this.stride1(index) && wideStore) {
      const base = cx.temp('i32');
      this.lane0(index);
      cx.set(base);
      if (this.isUnguarded(arr, index)) cx.get(this.exec);
      else this.wholeVectorInRange(base, b.len);
      if (divergent) {
        if (!this.isUnguarded(arr, index)) cx.get(this.exec);
        fn.op('i8x16.all_true');
        if (!this.isUnguarded(arr, index)) fn.op('i32.and');
      }
      fn.op('if');
      contiguous(base);
      fn.op('else');
      scatter();
      fn.op('end');
      cx.release(base);
    } else {
      scatter();
    }
    this.releaseAll([val!]);
  }
}
