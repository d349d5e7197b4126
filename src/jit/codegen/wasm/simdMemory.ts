// simdMemory.ts — loads and stores of the SIMD loop, on buffers and on local arrays (a split
// cooperative kernel's shared arrays, spills and private slices, in the thread's scratch):
// contiguous (stride-1) accesses as one v128 access (two for an f64 pair: bytes 0 and 16;
// for 1- and 2-byte integers a 4- or 8-byte access widened to, or narrowed from, i32 lanes)
// when the whole vector is in range (and, for stores, every lane active), otherwise a
// guarded per-lane gather/scatter; out-of-range lanes read NaN/0 and never write.

import type { ArrayRef, Expr } from '../../ir/ir.js';
import { concrete, scalarValType, shiftOf, type ConcreteTy } from './context.js';
import { elemTy, loadOp, missingValue } from './scalar.js';
import { isStride1 } from '../../passes/vectorPlan.js';
import { allExprs, allStmts, mapExpr, stmtExprs } from '../../ir/walk.js';
import { VectorCore } from './simdCore.js';
import { inductionKey, splitIndex, type SplitIndex } from './addressing.js';
import { BYTES, type DType } from '../../types/dtype.js';

/** Shuffles gathering the low 2 bytes (LOW_HALVES) or the low byte (LOW_BYTES) of each 32-bit lane into bytes 0–7 / 0–3. */
const LOW_HALVES = [0, 1, 4, 5, 8, 9, 12, 13, 0, 1, 4, 5, 8, 9, 12, 13];
const LOW_BYTES = [0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12];

/** Where an array's elements live (see VectorMemory.bufferOf). */
interface ArrayPlace {
  readonly ptr: number;
  /** Byte offset of element 0 from `ptr` (a local array's place in scratch). */
  readonly byteBase: number;
  /** The local holding the element count, or −1 when it is the constant `length`. */
  readonly len: number;
  readonly length: number;
  readonly dtype: import('../../types/dtype.js').DType;
  readonly name: string;
}

/** A contiguous access whose range a whole loop can be checked for (hoistableAccesses). */
interface HoistedAccess {
  readonly arr: ArrayRef;
  /** The index expression as the loop body has it (the key of `unguarded`). */
  readonly index: Expr;
  /** The same index in terms of values known before the loop (for the check). */
  readonly at: Expr;
}

/** One number per array: buffer k → k, local array k → −1 − k. */
function arrayKey(arr: ArrayRef): number {
  return arr.kind === 'buffer' ? arr.index : -1 - arr.index;
}

/** Loads and stores over VectorCore. */
export abstract class VectorMemory extends VectorCore {
  /**
   * Contiguous accesses proven in range for the current row segment or phase (index
   * expression → arrayKey of the arrays); set while the unguarded copy of the SIMD loop is
   * emitted.
   */
  protected unguarded = new Map<Expr, Set<number>>();

  /**
   * An interleaved loop being unrolled (interleavedAccess.ts, simd.ts): the v128 locals
   * holding each group load's vectors for steps 0–3 (by load expression), and the step
   * whose statements are being emitted.
   */
  protected groupColumns = new Map<Expr, readonly number[]>();
  protected groupStep = 0;

  /**
   * Transposes the 4×4 matrix of 32-bit lanes in locals `rows` (row r = lane r's four
   * consecutive elements) into `cols` (col c = element c of every lane), or back: two rounds
   * of four i8x16.shuffles (unpack low/high of 32-bit lanes, then of 64-bit halves).
   */
  protected transpose4(rows: readonly number[], cols: readonly number[]): void {
    const cx = this.cx;
    const lanes = (...l: number[]): number[] =>
      l.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]);
    const half = [0, 1, 2, 3].map(() => cx.temp('v128'));
    const round = (
      src: readonly number[],
      dst: readonly number[],
      lo: number[],
      hi: number[],
    ): void => {
      for (const [d, a, b, m] of [
        [dst[0]!, src[0]!, src[1]!, lo],
        [dst[1]!, src[0]!, src[1]!, hi],
        [dst[2]!, src[2]!, src[3]!, lo],
        [dst[3]!, src[2]!, src[3]!, hi],
      ] as Array<[number, number, number, number[]]>) {
        cx.get(a);
        cx.get(b);
        this.fn.op('i8x16.shuffle', m);
        cx.set(d);
      }
    };
    // (a0 b0 a1 b1) (a2 b2 a3 b3) (c0 d0 c1 d1) (c2 d2 c3 d3)
    round(rows, half, lanes(0, 4, 1, 5), lanes(2, 6, 3, 7));
    // (a0 b0 c0 d0) (a1 b1 c1 d1) from the first and third; (a2 …) (a3 …) from the others
    const [h0, h1, h2, h3] = half as [number, number, number, number];
    round(
      [h0, h2, h1, h3],
      [cols[0]!, cols[1]!, cols[2]!, cols[3]!],
      lanes(0, 1, 4, 5),
      lanes(2, 3, 6, 7),
    );
    for (const h of half) cx.release(h);
  }

  protected isUnguarded(arr: ArrayRef, index: Expr): boolean {
    return this.unguarded.get(index)?.has(arrayKey(arr)) ?? false;
  }

  /**
   * The local holding the address of a contiguous access in the counted loop being
   * emitted (its induction variable: addressing.ts), or undefined.
   */
  protected inductionAddress(
    arr: ArrayRef,
    index: Expr,
    split: SplitIndex | null,
  ): number | undefined {
    if (arr.kind !== 'buffer') return undefined;
    const key = inductionKey(arr.index, true, index, split);
    return key === null ? undefined : this.scalar.inductionAddresses.get(key);
  }

  /** Marks `accesses` as in range (for the copy of the loop emitted next). */
  protected markUnguarded(accesses: readonly HoistedAccess[]): void {
    for (const a of accesses) {
      const set = this.unguarded.get(a.index) ?? new Set<number>();
      set.add(arrayKey(a.arr));
      this.unguarded.set(a.index, set);
    }
  }

  /**
   * Contiguous accesses whose index is the innermost index (a phase: the invocation) plus
   * an offset invariant over the loop — grid indices, kernel scalars, constants; in a
   * phase also the workgroup-level variables, and the phase's own stride-1 lets, replaced
   * by their values: their range over a whole row segment (a phase's invocations) can be
   * checked once, before the SIMD loop.
   */
  protected hoistableAccesses(): HoistedAccess[] {
    const found: HoistedAccess[] = [];
    const indexNames = new Set(this.ir.indexNames);
    const declared = new Set<string>();
    const stride1Values = new Map<string, Expr>();
    if (this.overInvocations) {
      for (const st of allStmts(this.body)) {
        if (st.k !== 'let') continue;
        declared.add(st.name);
        if (this.plan.stride1.has(st.name)) stride1Values.set(st.name, st.init);
      }
    }
    const invariant = (name: string): boolean =>
      this.overInvocations
        ? name === this.plan.innermost || !declared.has(name)
        : indexNames.has(name);
    const expand = (e: Expr): Expr =>
      mapExpr(e, {
        expr: (x) => {
          if (x.k !== 'local') return x;
          const value = stride1Values.get(x.name);
          return value ? expand(value) : x;
        },
      });
    const simpleLeaves = (e: Expr): boolean =>
      [...allExprs(e)].every(
        (x) =>
          x.k === 'const' ||
          x.k === 'scalar' ||
          (x.k === 'local' && invariant(x.name)) ||
          (x.k === 'bin' && (x.op === '+' || x.op === '-' || x.op === '*')) ||
          x.k === 'cast',
      );
    const consider = (arr: ArrayRef, index: Expr): void => {
      if (!this.contiguousOk(this.bufferOf(arr).dtype) || !this.stride1(index)) return;
      const at = stride1Values.size ? expand(index) : index;
      if (!simpleLeaves(at) || !this.stride1(at)) return;
      const key = arrayKey(arr);
      if (!found.some((f) => arrayKey(f.arr) === key && f.index === index))
        found.push({ arr, index, at });
    };
    for (const st of allStmts(this.body)) {
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
  protected segmentInRange(accesses: readonly HoistedAccess[], inner: number, stop: number): void {
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
      const b = this.bufferOf(access.arr);
      this.innerScalar = inner;
      this.lane0(access.at);
      this.pushLength(b);
      fn.op('i32.lt_u');
      fn.op('i32.and');
      this.innerScalar = last;
      this.lane0(access.at);
      cx.set(base);
      cx.get(base);
      this.pushLength(b);
      fn.op('i32.lt_u');
      fn.op('i32.and');
      this.pushLength(b);
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

  /**
   * Where an array's elements are: a buffer (its pointer and length in locals), or a local
   * array (the per-thread scratch pointer, its byte offset there, a constant length).
   */
  protected bufferOf(arr: ArrayRef): ArrayPlace {
    if (arr.kind === 'local') {
      const la = this.ir.localArrays[arr.index]!;
      return {
        ptr: this.cx.scratchLocal,
        byteBase: this.localArrayOffsets[arr.index]!,
        len: -1,
        length: la.length,
        dtype: la.dtype,
        name: la.name,
      };
    }
    const b = this.cx.buffers[arr.index]!;
    return {
      ptr: b.ptr,
      byteBase: 0,
      len: b.len,
      length: 0,
      dtype: b.dtype,
      name: this.ir.buffers[arr.index]!.name,
    };
  }

  /** Pushes the array's element count. */
  protected pushLength(b: ArrayPlace): void {
    if (b.len >= 0) this.cx.get(b.len);
    else this.cx.constI32(b.length);
  }

  /**
   * Whether `dtype` elements can move as whole-vector accesses: 4- and 8-byte elements as
   * v128s, 1- and 2-byte integers as 4 or 8 bytes widened to i32 lanes (see vectorLoad).
   */
  protected contiguousOk(dtype: string): boolean {
    return dtype in BYTES;
  }

  /**
   * Loads the vector of 4 elements at the address on the stack (+ `offset` bytes): a v128,
   * or 1- and 2-byte integers widened to i32 lanes (sign- or zero-extended, as their scalar
   * loads), reading only those elements' bytes.
   */
  private vectorLoad(dtype: DType, offset: number): void {
    const fn = this.fn;
    switch (dtype) {
      case 'u16':
      case 'i16':
        fn.op(dtype === 'u16' ? 'v128.load16x4_u' : 'v128.load16x4_s', offset);
        return;
      case 'u8':
      case 'i8': {
        const sign = dtype === 'u8' ? 'u' : 's';
        fn.op('v128.load32_zero', offset);
        fn.op(`i16x8.extend_low_i8x16_${sign}`);
        fn.op(`i32x4.extend_low_i16x8_${sign}`);
        return;
      }
      default:
        fn.op('v128.load', offset);
    }
  }

  /**
   * Stores vector local `value` to the address on the stack (+ `offset` bytes): a v128, or
   * for 1- and 2-byte integers the low bytes of each i32 lane (the wrap of their scalar
   * stores), writing only those elements' bytes.
   */
  private vectorStore(dtype: DType, value: number, offset: number): void {
    const fn = this.fn;
    this.cx.get(value);
    const bytes = BYTES[dtype];
    if (bytes >= 4) {
      fn.op('v128.store', offset);
      return;
    }
    this.cx.get(value);
    fn.op('i8x16.shuffle', bytes === 2 ? LOW_HALVES : LOW_BYTES);
    fn.op(bytes === 2 ? 'v128.store64_lane' : 'v128.store32_lane', offset, 0);
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
  protected wholeVectorInRange(base: number, b: ArrayPlace): void {
    const fn = this.fn;
    this.cx.get(base);
    this.pushLength(b);
    fn.op('i32.lt_u');
    this.pushLength(b);
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
      this.vectorLoad(b.dtype, b.byteBase + offset);
      if (this.isPair(et)) {
        this.address(b.ptr, base, b.dtype);
        fn.op('v128.load', b.byteBase + offset + 16);
      }
    };
    const gather = (): void => {
      const [iv] = this.toTemps([{ e: index, t: 'i32' }]);
      this.perLane([iv!], et, () => {
        const idx = this.cx.temp('i32');
        this.cx.set(idx);
        this.cx.get(idx);
        this.pushLength(b);
        fn.op('i32.lt_u');
        fn.op('if', scalarValType(et) as unknown as number);
        this.address(b.ptr, idx, b.dtype);
        fn.op(loadOp(b.dtype), b.byteBase);
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
      const split = splitIndex(index, BYTES[b.dtype]);
      const offset = split ? split.c * BYTES[b.dtype] : 0;
      const iv = this.inductionAddress(arr, index, split);
      if (iv !== undefined) {
        // The address is the counted loop's induction variable (addressing.ts).
        this.cx.get(iv);
        this.vectorLoad(b.dtype, b.byteBase + offset);
        if (this.isPair(et)) {
          this.cx.get(iv);
          fn.op('v128.load', b.byteBase + offset + 16);
        }
      } else {
        const base = this.cx.temp('i32');
        if (split) this.scalar.sumTerms(split, (e) => this.lane0(e));
        else this.lane0(index);
        this.cx.set(base);
        contiguous(base, offset);
        this.cx.release(base);
      }
    } else if (this.stride1(index) && this.contiguousOk(b.dtype)) {
      const base = this.cx.temp('i32');
      this.lane0(index);
      this.cx.set(base);
      this.wholeVectorInRange(base, b);
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
      this.vectorStore(b.dtype, val!.local, b.byteBase + offset);
      if (val!.hi >= 0) {
        this.address(b.ptr, base, b.dtype);
        cx.get(val!.hi);
        fn.op('v128.store', b.byteBase + offset + 16);
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
        this.pushLength(b);
        fn.op('i32.lt_u');
        fn.op('if');
        this.address(b.ptr, idx, b.dtype);
        this.laneOf(val!, l);
        this.scalar.storeValue(b.dtype, vt, b.byteBase);
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
      const split = splitIndex(index, BYTES[b.dtype]);
      const offset = split ? split.c * BYTES[b.dtype] : 0;
      const iv = this.inductionAddress(arr, index, split);
      if (iv !== undefined) {
        // The address is the counted loop's induction variable (addressing.ts).
        cx.get(iv);
        this.vectorStore(b.dtype, val!.local, b.byteBase + offset);
        if (val!.hi >= 0) {
          cx.get(iv);
          cx.get(val!.hi);
          fn.op('v128.store', b.byteBase + offset + 16);
        }
      } else {
        const base = cx.temp('i32');
        if (split) this.scalar.sumTerms(split, (e) => this.lane0(e));
        else this.lane0(index);
        cx.set(base);
        contiguous(base, offset);
        cx.release(base);
      }
    } else if (this.stride1(index) && wideStore) {
      const base = cx.temp('i32');
      this.lane0(index);
      cx.set(base);
      if (this.isUnguarded(arr, index)) cx.get(this.exec);
      else this.wholeVectorInRange(base, b);
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
