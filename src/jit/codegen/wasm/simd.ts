// simd.ts — the SIMD loop: the kernel body over L consecutive innermost indices at once, or
// a phase of a split cooperative kernel over L consecutive invocations (emitInvocationLoop).
//
// Value layout (4 lanes): i32/u32/f32 are i32x4/f32x4, bools are i32x4 lane masks, and f64
// is a pair of f64x2 — lanes 0–1, then 2–3: two locals, two stack values (high on top),
// each f64 instruction once per half; an f64 comparison joins its two 64-bit masks into
// one i32x4 mask, and selecting f64 values widens the mask back into two.
// Lane-invariant (uniform) values stay scalar and are splatted where they meet vectors.
// Divergent control flow runs under the execution mask `exec`: both sides of a varying
// `if` (skipped when no lane takes them), loops while any lane is active
// (`v128.any_true`), `break`/`continue`/`return` retire lanes; assignments merge with
// `v128.bitselect`. Contiguous (stride-1) accesses use v128 loads/stores when the whole
// vector is in range (and, for stores, every lane active), else a guarded per-lane path.
//
// Layers (one class each): simdCore.ts (state, lane helpers, hoisted splats) → simdMemory.ts
// (loads/stores) → simdExpr.ts (expressions, math) → this file (statements, the loop).
// maskAnalysis.ts says which loops and assignments need no mask bookkeeping.

import type { Expr, Stmt } from '../../ir/ir.js';
import { concrete, scalarValType, shiftOf } from './context.js';
import { inductionKey, splitIndex } from './addressing.js';
import { BYTES } from '../../types/dtype.js';
import { elemTy, isFloatTy, ScalarEmitter, type Scope } from './scalar.js';
import { SCRATCH_LANES } from './layout.js';
import { planVectorisation } from '../../passes/vectorPlan.js';
import { allExprs, allStmts, exprChildren, stmtExprs } from '../../ir/walk.js';
import { ALL_ONES, IOTA, splatBytes, type VecLocal } from './simdCore.js';
import { REDUCE_IDENTITY } from '../../reduceOrder.js';
import { integerMaskCount, VectorExpressions } from './simdExpr.js';
import { affineStep, type AffineStep } from '../../passes/affineIndex.js';
import { emitAffineInRange, isIncrementOf, pushF64, stepsByOne } from './countedLoops.js';
import { interleavedLoop, type InterleavedLoop } from '../../passes/interleavedAccess.js';

export { planVectorisation };

type Loop = Extract<Stmt, { k: 'loop' }>;

/** A v128 local whose lane l holds the innermost index + offset + l. */
/** An affine access's address kept as an induction variable of a counted loop. */
interface InductionAddress {
  /** addressing.ts inductionKey. */
  readonly key: string;
  /** The i32 local holding the address. */
  readonly local: number;
  /** Bytes added per step (a compile-time step). */
  readonly bytes: number;
  /** The local holding the bytes per step when the step has a run-time factor, else −1. */
  readonly delta: number;
}

interface VectorCounter {
  readonly local: number;
  readonly offset: number;
}

/** Emits the vector loop of one kernel. */
export class VectorEmitter extends VectorExpressions {
  /** i32x4 lane counts of a counting sum (`return c ? 1 : 0`) within one row segment, or -1. */
  private vcount = -1;
  /**
   * A min or max reduction's further accumulators (three pairs besides `vacc`): the vector
   * loop folds each vector into `vacc` and then rotates the four, so that consecutive
   * vectors go to different accumulators and the loop is not bound by the latency of one
   * chain (f64x2.min/max with JavaScript's NaN and ±0 rules is a sequence of about eight
   * instructions on x64). Exact: min and max are associative and commutative, NaN and
   * signed zeros included, so the lanes end with the same values whatever the grouping.
   * A sum or product keeps one chain per lane (reduceOrder.ts fixes its order).
   */
  private vaccSpares: VecLocal[] = [];
  /** Whether the spares hold partial results (between loadLanes and storeLanes). */
  private sparesLive = false;

  /**
   * Declares the reduce accumulators (call before the row loop): a pair of f64x2 (the four
   * lane accumulators of reduceOrder.ts, f64 whatever the value type), and for a sum that
   * counts lanes an i32x4 of counts, exact within a segment and added in f64 at its end.
   */
  initReduce(): void {
    const reduce = this.ir.reduce;
    if (!this.rt || !reduce || reduce.kind === 'custom') return;
    this.vacc = this.vlocal('f64', 'vacc');
    if (reduce.kind === 'min' || reduce.kind === 'max')
      this.vaccSpares = [1, 2, 3].map((k) => this.vlocal('f64', `vacc${k}`));
    const counts =
      reduce.kind === 'sum' &&
      !isFloatTy(this.rt) &&
      allStmts(this.body).some(
        (st) => st.k === 'return' && st.value !== null && integerMaskCount(st.value) !== null,
      );
    if (counts) this.vcount = this.fn.addLocal('v128', 'vcount');
  }

  /**
   * Loads the lane accumulators from scratch into `vacc` for a row segment starting at
   * flat index rowBase + inner: vector lane j holds the accumulator of lane
   * (rowBase + inner + j) & 3 (a rotation when a row starts off a multiple of four).
   */
  private loadLanes(rowBase: number, inner: number): number[] {
    const cx = this.cx;
    const fn = this.fn;
    const addresses = [0, 1, 2, 3].map((j) => {
      const a = fn.addLocal('i32', `lane${j}_at`);
      cx.get(rowBase);
      cx.get(inner);
      fn.op('i32.add');
      if (j) {
        cx.constI32(j);
        fn.op('i32.add');
      }
      cx.constI32(3);
      fn.op('i32.and');
      cx.constI32(3);
      fn.op('i32.shl');
      cx.get(cx.scratchLocal);
      fn.op('i32.add');
      cx.set(a);
      return a;
    });
    for (const [half, local] of [
      [0, this.vacc!.local],
      [1, this.vacc!.hi],
    ] as const) {
      cx.get(addresses[2 * half]!);
      fn.op('f64.load', SCRATCH_LANES);
      fn.op('f64x2.splat');
      cx.get(addresses[2 * half + 1]!);
      fn.op('f64.load', SCRATCH_LANES);
      fn.op('f64x2.replace_lane', 1);
      cx.set(local);
    }
    if (this.vcount >= 0) {
      fn.op('v128.const', Array(16).fill(0));
      cx.set(this.vcount);
    }
    for (const spare of this.vaccSpares) {
      this.eachHalf(spare, (half) => {
        fn.op('v128.const', splatBytes('f64', REDUCE_IDENTITY[this.ir.reduce!.kind as 'min']));
        cx.set(half);
      });
    }
    this.sparesLive = this.vaccSpares.length > 0;
    return addresses;
  }

  /** Stores `vacc` (plus the segment's lane counts) back to the lanes loadLanes read. */
  private storeLanes(addresses: readonly number[]): void {
    const cx = this.cx;
    const fn = this.fn;
    if (this.vcount >= 0) {
      this.vget(this.vacc!);
      cx.get(this.vcount);
      this.vconvert('i32', 'f64');
      this.lanewise('f64', 2, () => fn.op('f64x2.add'));
      this.vset(this.vacc!);
    }
    if (this.sparesLive) {
      // vacc ⊕ spare₁ ⊕ spare₂ ⊕ spare₃ (any grouping gives the same min or max).
      const op = `f64x2.${this.ir.reduce!.kind}`;
      for (const spare of this.vaccSpares) {
        this.vget(this.vacc!);
        this.vget(spare);
        this.lanewise('f64', 2, () => fn.op(op));
        this.vset(this.vacc!);
      }
      this.sparesLive = false;
    }
    for (let j = 0; j < 4; j++) {
      cx.get(addresses[j]!);
      cx.get(j < 2 ? this.vacc!.local : this.vacc!.hi);
      fn.op('f64x2.extract_lane', j & 1);
      fn.op('f64.store', SCRATCH_LANES);
    }
  }

  /**
   * The loop over full vectors: while inner + L <= stop. `rowBase` (reduce kernels) is the
   * local holding the flat index of innermost index 0 in this row.
   */
  emitLoop(scope: Scope, inner: number, stop: number, rowBase: number): void {
    const lanes = this.vacc ? this.loadLanes(rowBase, inner) : null;
    this.emitLoops(scope, inner, stop);
    if (lanes) this.storeLanes(lanes);
  }

  /**
   * One phase of a split cooperative kernel (a loop marked `overInvocations`, this
   * emitter made with its plan and body): while l + L ≤ end, the phase's body with lane j
   * running invocation l + j; `l` (the scalar local of the loop's counter in `scope`) is
   * left at the first invocation not run, for the scalar loop that follows to finish.
   */
  emitInvocationLoop(scope: Scope, loop: Loop): void {
    const cond = loop.cond;
    if (cond?.k !== 'bin' || cond.a.k !== 'local')
      throw new Error('numbat internal error: an invocation loop without `l < end`');
    const cx = this.cx;
    this.scope = scope;
    this.scalar = new ScalarEmitter(cx, scope);
    this.scalar.localArrayOffsets = this.localArrayOffsets;
    const counter = scope.lookup(cond.a.name).local;
    this.innerScalar = counter;
    this.exec = this.fn.addLocal('v128', 'exec');
    this.hoistRandomSeeds();
    const end = cx.temp('i32');
    this.scalar.exprAs(cond.b, 'i32');
    cx.set(end);
    const accesses = this.hoistableAccesses();
    if (accesses.length === 0) this.emitVectorLoop(scope, counter, end, false);
    else {
      // As for a row segment (emitLoops): unguarded when every contiguous access is in
      // range for all of the phase's invocations, per-vector guards otherwise.
      this.segmentInRange(accesses, counter, end);
      cx.open('if', cx.label('phase_in_range'));
      this.fn.comment("every contiguous access is in range for the phase's invocations");
      this.markUnguarded(accesses);
      this.emitVectorLoop(scope, counter, end, false);
      this.unguarded.clear();
      cx.else_();
      this.emitVectorLoop(scope, counter, end, false);
      cx.close();
    }
    cx.release(end);
  }

  private emitLoops(scope: Scope, inner: number, stop: number): void {
    const cx = this.cx;
    const fn = this.fn;
    this.scope = scope;
    this.scalar = new ScalarEmitter(cx, scope);
    this.scalar.localArrayOffsets = this.localArrayOffsets;
    this.innerScalar = inner;
    this.exec = fn.addLocal('v128', 'exec');
    this.hoistRandomSeeds();
    const accesses = this.hoistableAccesses();
    if (accesses.length === 0) {
      this.emitVectorLoop(scope, inner, stop, true);
      return;
    }
    // Two copies of the loop: without range guards when the whole row segment is in range
    // (the usual case), with per-vector guards otherwise (edges, out-of-range indices).
    this.segmentInRange(accesses, inner, stop);
    cx.open('if', cx.label('segment_in_range'));
    fn.comment('every contiguous access is in range for this row segment: no guards');
    this.markUnguarded(accesses);
    this.emitVectorLoop(scope, inner, stop, true);
    this.unguarded.clear();
    cx.else_();
    this.emitVectorLoop(scope, inner, stop, false);
    cx.close();
  }

  /** One copy of the vector loop (guards as `unguarded` says), after the paired loop if any. */
  private emitVectorLoop(scope: Scope, inner: number, stop: number, withPair: boolean): void {
    const cx = this.cx;
    const fn = this.fn;
    const innerVec = fn.addLocal('v128', `${this.plan.innermost}_v`);
    // Splats of kernel scalars and outer grid indices, once per row segment.
    const forgetHoisted = this.hoistSplats({
      k: 'loop',
      label: '',
      cond: null,
      body: this.body,
      update: [],
      postCond: null,
    });
    const pairable = withPair ? this.pairableLoop() : null;
    if (pairable) this.emitPairLoop(scope, inner, stop, pairable);
    const top = cx.label('simd');
    this.indexLabel = cx.label('simd_index');
    const counters = [{ local: innerVec, offset: 0 }];
    this.openRotatedLoop(inner, stop, this.lanes, top, counters);
    if (this.plan.divergent.size) {
      fn.op('v128.const', ALL_ONES);
      cx.set(this.exec);
    }
    scope.push();
    scope.define(this.plan.innermost, { local: innerVec, t: 'i32', vector: true });
    cx.open('block', this.indexLabel);
    this.stmts(this.body);
    cx.close();
    if (this.sparesLive) this.rotateAccumulators();
    scope.pop();
    this.closeRotatedLoop(inner, stop, this.lanes, top, counters);
    forgetHoisted();
  }

  /** vacc ← spare₁ ← spare₂ ← spare₃ ← vacc: the next vector folds into the next chain. */
  private rotateAccumulators(): void {
    const ring = [this.vacc!, ...this.vaccSpares];
    this.vget(ring[0]!);
    for (let k = 1; k < ring.length; k++) {
      this.vget(ring[k]!);
      this.vset(ring[k - 1]!);
    }
    this.vset(ring[ring.length - 1]!);
  }

  /**
   * The top-level loop two vectors can run fused (Mandelbrot's escape loop), or null: a
   * plain-exit masked loop without postCond or nested masked loops, in a kernel with
   * no reduction and no `return`.
   */
  private pairableLoop(): Loop | null {
    if (this.ir.reduce) return null;
    if (allStmts(this.body).some((st) => st.k === 'return')) return null;
    const loops = this.body.filter(
      (st): st is Loop =>
        st.k === 'loop' &&
        this.plan.masked.has(st.label) &&
        this.facts.plainExitLoops.has(st.label) &&
        st.postCond === null &&
        !this.plan.divergent.has(st),
    );
    if (loops.length !== 1) return null;
    const loop = loops[0]!;
    if (
      allStmts([...loop.body, ...loop.update]).some(
        (st) => st.k === 'loop' && this.plan.masked.has(st.label),
      )
    )
      return null;
    return loop;
  }

  /**
   * Two vectors (8 consecutive indices) per iteration: a second emitter `b` runs the body
   * for lanes 4–7 with its own locals, statement by statement after this one, and the
   * escape loop is fused — one loop runs while either vector has an active lane, both
   * bodies in it — so two independent dependency chains hide each other's latency.
   */
  private emitPairLoop(scope: Scope, inner: number, stop: number, loop: Loop): void {
    const cx = this.cx;
    const fn = this.fn;
    const b = new VectorEmitter(cx, this.lanes, this.localArrayOffsets);
    b.shareHoistedFrom(this);
    b.unguarded = this.unguarded;
    b.scope = scope.clone();
    b.scalar = new ScalarEmitter(cx, b.scope);
    b.scalar.localArrayOffsets = this.localArrayOffsets;
    b.innerScalar = fn.addLocal('i32', `${this.plan.innermost}_b`);
    b.exec = fn.addLocal('v128', 'exec_b');
    const vecA = fn.addLocal('v128', `${this.plan.innermost}_va`);
    const vecB = fn.addLocal('v128', `${this.plan.innermost}_vb`);
    const top = cx.label('pair');
    fn.comment(`two vectors per iteration (${2 * this.lanes} indices), escape loop fused`);
    const counters = [
      { local: vecA, offset: 0 },
      { local: vecB, offset: this.lanes },
    ];
    this.openRotatedLoop(inner, stop, 2 * this.lanes, top, counters);
    cx.get(inner);
    cx.constI32(this.lanes);
    fn.op('i32.add');
    cx.set(b.innerScalar);
    for (const e of [this, b] as VectorEmitter[]) {
      if (this.plan.divergent.size) {
        fn.op('v128.const', ALL_ONES);
        cx.set(e.exec);
      }
      e.scope.push();
      e.scope.define(this.plan.innermost, {
        local: e === this ? vecA : vecB,
        t: 'i32',
        vector: true,
      });
    }
    this.indexLabel = b.indexLabel = cx.label('pair_index');
    cx.open('block', this.indexLabel);
    for (const st of this.body) {
      if (st === loop) this.emitFusedLoop(b, loop);
      else {
        this.stmt(st);
        b.stmt(st);
      }
    }
    cx.close();
    this.scope.pop();
    b.scope.pop();
    this.closeRotatedLoop(inner, stop, 2 * this.lanes, top, counters);
  }

  /**
   * Opens `while (inner + step <= stop)` rotated: `if (inner + step <= stop) loop { …`, the
   * test repeated at the bottom (closeRotatedLoop). The body then starts at the loop header
   * and dominates every exit, which lets TurboFan's scheduler hoist the loop-invariant
   * nodes (v128 constants, splats of kernel scalars) into the pre-header; with the test at
   * the top it re-materialised them in every iteration (V8 hoists only out of blocks that
   * dominate all loop exits). Each vector counter (lane l = inner + offset + l) is set
   * before the loop and advanced with one i32x4.add per iteration, not re-splatted.
   */
  private openRotatedLoop(
    inner: number,
    stop: number,
    step: number,
    top: string,
    counters: readonly VectorCounter[],
  ): void {
    const cx = this.cx;
    for (const c of counters) {
      cx.get(inner);
      if (c.offset) {
        cx.constI32(c.offset);
        this.fn.op('i32.add');
      }
      this.fn.op('i32x4.splat');
      this.fn.op('v128.const', IOTA);
      this.fn.op('i32x4.add');
      cx.set(c.local);
    }
    cx.get(inner);
    cx.constI32(step);
    this.fn.op('i32.add');
    cx.get(stop);
    this.fn.op('i32.le_s');
    cx.open('if', cx.label(`${top}_enter`));
    cx.open('loop', top);
  }

  /** Advances `inner` and the vector counters by `step`; closes the loop openRotatedLoop opened. */
  private closeRotatedLoop(
    inner: number,
    stop: number,
    step: number,
    top: string,
    counters: readonly VectorCounter[],
  ): void {
    const cx = this.cx;
    const fn = this.fn;
    for (const c of counters) {
      cx.get(c.local);
      fn.op('v128.const', splatBytes('i32', step));
      fn.op('i32x4.add');
      cx.set(c.local);
    }
    cx.get(inner);
    cx.constI32(step);
    fn.op('i32.add');
    cx.tee(inner);
    cx.constI32(step);
    fn.op('i32.add');
    cx.get(stop);
    fn.op('i32.le_s');
    cx.brIf(top);
    cx.close();
    cx.close();
  }

  /** The escape loop for this emitter's vector and `b`'s at once (see emitPairLoop). */
  private emitFusedLoop(b: VectorEmitter, s: Loop): void {
    const cx = this.cx;
    const fn = this.fn;
    const brk = cx.label(`${s.label}_break`);
    const top = cx.label(`${s.label}_top`);
    const cont = cx.label(`${s.label}_continue`);
    const both: VectorEmitter[] = [this, b];
    const forget = both.map((e) => {
      e.loops.set(s.label, { brk, cont, masked: true, plain: true, exitMask: -1, contMask: -1 });
      const undo = e.hoistSplats(s);
      fn.op('v128.const', ALL_ONES);
      cx.set(e.exec);
      return undo;
    });
    const testBoth = (): void => {
      if (s.cond) {
        for (const e of both) {
          e.cx.get(e.exec);
          e.vexprAs(s.cond, 'bool');
          fn.op('v128.and');
          cx.set(e.exec);
        }
      }
      this.anyActive();
      b.anyActive();
      fn.op('i32.or');
    };
    // Rotated (see openRotatedLoop): tested before the loop and at the bottom of each pass,
    // so the body starts at the loop header and TurboFan computes the values defined before
    // the loop (Mandelbrot's coordinates) once, not again in every pass.
    cx.open('block', brk);
    testBoth();
    fn.op('i32.eqz');
    cx.brIf(brk);
    cx.open('loop', top);
    cx.open('block', cont);
    this.stmts(s.body);
    b.stmts(s.body);
    cx.close();
    this.stmts(s.update);
    b.stmts(s.update);
    testBoth();
    cx.brIf(top);
    cx.close();
    cx.close();
    for (const e of both) {
      fn.op('v128.const', ALL_ONES);
      cx.set(e.exec);
    }
    for (const undo of forget) undo();
  }

  private stmts(ss: readonly Stmt[]): void {
    this.scope.push();
    for (const s of ss) this.stmt(s);
    this.scope.pop();
  }

  /** Interleaved loops whose ordinary copy (after the unrolled groups) is being emitted. */
  private readonly interleaving = new Set<Stmt>();
  /** Group stores of the interleaved loop being unrolled: their value for steps 0–3. */
  private readonly groupStoreColumns = new Map<Stmt, readonly number[]>();

  /** The loop's interleaved access group (passes/interleavedAccess.ts), or null. */
  private interleavedGroup(s: Loop): InterleavedLoop | null {
    if (this.lanes !== 4 || this.plan.masked.has(s.label)) return null;
    const counter =
      s.cond?.k === 'bin' && s.cond.a.k === 'local' ? this.scope.find(s.cond.a.name) : null;
    if (!counter || counter.vector) return null;
    return interleavedLoop(s, {
      isVarying: (e) => this.isVarying(e),
      stride1: (e) => this.stride1(e),
      dtypeOf: (k) => this.cx.buffers[k]!.dtype,
    });
  }

  /**
   * An interleaved loop (passes/interleavedAccess.ts): when every lane's elements of the
   * whole groups of four steps are in range for every group access (checked once), per
   * group one v128 load per lane and group load, transposed into the four steps' vectors; the four steps' statements in
   * order (group loads read their step's vector, group stores keep their value); then each
   * group store's four values transposed back and stored, one v128 per lane. The last 1–3
   * steps go the same way when the four elements from j are still in range (the elements
   * past bound are loaded but unused, and only the steps run are stored, by
   * `v128.store64_lane`/`store32_lane`). The ordinary loop then finishes any steps left
   * (all of them when a check fails).
   */
  private emitInterleavedLoop(s: Loop, group: InterleavedLoop): void {
    const cx = this.cx;
    const fn = this.fn;
    const counter = this.scope.lookup(group.counter).local;
    const four = (name: string): number[] => [0, 1, 2, 3].map(() => fn.addLocal('v128', name));
    const accesses = [
      ...group.loads.map((l) => ({ arr: l.arr, index: l.index })),
      ...group.stores.map((st) => ({ arr: st.arr, index: st.index })),
    ];
    const indices = accesses.map(() => fn.addLocal('v128', 'group_index'));
    const loadColumns = group.loads.map(() => four('group_load'));
    const storeColumns = group.stores.map(() => four('group_store'));
    const rows = four('group_row');
    const laneIndex = fn.addLocal('i32', 'group_lane');
    const left = fn.addLocal('i32', 'group_steps_left');
    /** Per access and lane, the byte address of the group's first element (the fast loop). */
    const addresses = accesses.map(() => [0, 1, 2, 3].map(() => fn.addLocal('i32', 'group_at')));
    let hoisted = false;
    /** Pushes the address of lane l's first element of access k. */
    const laneAddress = (k: number, l: number): { byteBase: number } => {
      const b = this.bufferOf(accesses[k]!.arr);
      if (hoisted) {
        cx.get(addresses[k]![l]!);
        return b;
      }
      cx.get(indices[k]!);
      fn.op('i32x4.extract_lane', l);
      cx.set(laneIndex);
      this.address(b.ptr, laneIndex, b.dtype);
      return b;
    };
    /** Sets `left` = bound − j and pushes whether j < bound (then `left` is exact as u32). */
    const stepsLeft = (): void => {
      this.scalar.exprAs(group.bound, 'i32');
      cx.get(counter);
      fn.op('i32.sub');
      cx.set(left);
      cx.get(counter);
      this.scalar.exprAs(group.bound, 'i32');
      fn.op('i32.lt_s');
    };
    /**
     * Sets the index vectors; ands onto the stack whether every lane's next `span` elements
     * (pushed by `pushSpan`) are in range for every group access.
     */
    const inRange = (pushSpan: () => void): void => {
      accesses.forEach((a, k) => {
        const b = this.bufferOf(a.arr);
        this.vexprAs(a.index, 'i32');
        cx.tee(indices[k]!);
        this.pushLength(b);
        pushSpan();
        fn.op('i32.sub');
        fn.op('i32x4.splat');
        fn.op('i32x4.le_u');
        fn.op('i32x4.all_true');
        fn.op('i32.and');
        this.pushLength(b);
        pushSpan();
        fn.op('i32.ge_u');
        fn.op('i32.and');
      });
    };
    const loadGroups = (): void => {
      group.loads.forEach((load, k) => {
        for (let l = 0; l < 4; l++) {
          const b = laneAddress(k, l);
          fn.op('v128.load', b.byteBase);
          cx.set(rows[l]!);
        }
        this.transpose4(rows, loadColumns[k]!);
        this.groupColumns.set(load, loadColumns[k]!);
      });
      group.stores.forEach((st, k) => this.groupStoreColumns.set(st, storeColumns[k]!));
    };
    const step = (k: number): void => {
      this.groupStep = k;
      this.stmts(s.body);
      this.stmts(s.update);
    };
    /** Stores each group store's steps: all four, or the first `left` (1–3). */
    const storeGroups = (partial: boolean): void => {
      this.groupStep = 0;
      for (const load of group.loads) this.groupColumns.delete(load);
      for (const st of group.stores) this.groupStoreColumns.delete(st);
      group.stores.forEach((_, k) => {
        this.transpose4(storeColumns[k]!, rows);
        for (let l = 0; l < 4; l++) {
          const at = (): number => laneAddress(group.loads.length + k, l).byteBase;
          if (!partial) {
            const base = at();
            cx.get(rows[l]!);
            fn.op('v128.store', base);
            continue;
          }
          cx.get(left);
          cx.constI32(2);
          fn.op('i32.ge_u');
          cx.open('if', cx.label('two_or_three'));
          let base = at();
          cx.get(rows[l]!);
          fn.op('v128.store64_lane', base, 0);
          cx.get(left);
          cx.constI32(3);
          fn.op('i32.eq');
          cx.open('if', cx.label('three'));
          base = at();
          cx.get(rows[l]!);
          fn.op('v128.store32_lane', base + 8, 2);
          cx.close();
          cx.else_();
          base = at();
          cx.get(rows[l]!);
          fn.op('v128.store32_lane', base, 0);
          cx.close();
        }
      });
    };
    const top = cx.label(`${s.label}_groups`);
    const whole = fn.addLocal('i32', 'group_whole_steps');
    fn.comment(`loop ${s.label}: each lane walks its own run, 4 steps at a time (transposed)`);
    // Checked once: every lane's elements of the whole groups, [idx, idx + (left & ~3)), in
    // range for every group access (the index moves by one per step). Then the groups run
    // without checks, on per-lane addresses advanced by 16 bytes; otherwise the ordinary
    // loop takes every step.
    stepsLeft();
    cx.get(left);
    cx.constI32(-4);
    fn.op('i32.and');
    cx.tee(whole);
    fn.op('i32.eqz');
    fn.op('i32.eqz');
    fn.op('i32.and');
    inRange(() => cx.get(whole));
    cx.open('if', cx.label(`${s.label}_groups_in_range`));
    accesses.forEach((_, k) => {
      for (let l = 0; l < 4; l++) {
        laneAddress(k, l);
        cx.set(addresses[k]![l]!);
      }
    });
    hoisted = true;
    cx.open('loop', top);
    loadGroups();
    for (let k = 0; k < 4; k++) step(k);
    storeGroups(false);
    for (const lanes of addresses) {
      for (const at of lanes) {
        cx.get(at);
        cx.constI32(16);
        fn.op('i32.add');
        cx.set(at);
      }
    }
    cx.get(whole);
    cx.constI32(4);
    fn.op('i32.sub');
    cx.tee(whole);
    cx.brIf(top);
    cx.close();
    hoisted = false;
    cx.close();
    // The last 1–3 steps, when the four elements from j are in range.
    stepsLeft();
    cx.get(left);
    cx.constI32(4);
    fn.op('i32.lt_u');
    fn.op('i32.and');
    inRange(() => cx.constI32(4));
    cx.open('if', cx.label(`${s.label}_last_steps`));
    fn.comment(`loop ${s.label}: its last 1–3 steps from four elements per lane`);
    loadGroups();
    step(0);
    cx.get(left);
    cx.constI32(2);
    fn.op('i32.ge_u');
    cx.open('if', cx.label('second_step'));
    step(1);
    cx.get(left);
    cx.constI32(3);
    fn.op('i32.eq');
    cx.open('if', cx.label('third_step'));
    step(2);
    cx.close();
    cx.close();
    storeGroups(true);
    cx.close();
    this.interleaving.add(s);
    this.stmt(s);
    this.interleaving.delete(s);
  }

  /** Counted loops being emitted in their two copies (not to be split again). */
  private readonly expandingLoops = new Set<Stmt>();

  /**
   * A uniform counted loop `for (j …; j < bound; j = j + 1)` (j and bound lane-invariant
   * i32, j assigned only by the update, bound not changed by the body) and the loads in it
   * whose index is affine in j (passes/affineIndex.ts): uniform loads (`a[j]`,
   * `a[base + 4*j + r]`), contiguous vector loads (`b[base + 8*j + lane]`) and contiguous
   * stores with every lane active; null when the loop has another shape or no such access.
   */
  private countedLoopLoads(s: Extract<Stmt, { k: 'loop' }>): {
    counter: number;
    bound: Expr;
    loads: Array<{ buffer: number; index: Expr; vector: boolean; step: AffineStep }>;
  } | null {
    const cond = s.cond;
    if (
      this.plan.masked.has(s.label) ||
      !cond ||
      cond.k !== 'bin' ||
      cond.op !== '<' ||
      cond.a.k !== 'local'
    )
      return null;
    const name = cond.a.name;
    const bound = cond.b;
    if (this.isVarying(cond) || concrete(cond.a.t) !== 'i32' || concrete(bound.t) !== 'i32')
      return null;
    const writes = stepsByOne(s, name);
    if (!writes) return null;
    const { inner, written } = writes;
    if (
      allExprs(bound).some(
        (e) =>
          (e.k === 'local' && written.has(e.name)) ||
          e.k === 'load' ||
          e.k === 'atomic' ||
          e.k === 'random',
      )
    )
      return null;
    const counter = this.scope.find(name);
    if (!counter || counter.vector) return null;
    const invariant = (local: string): boolean => !written.has(local);
    const loads: Array<{ buffer: number; index: Expr; vector: boolean; step: AffineStep }> = [];
    for (const st of inner) {
      // Contiguous stores with every lane active (vstore's unguarded form) count too.
      if (
        st.k === 'store' &&
        st.arr.kind === 'buffer' &&
        !this.plan.divergent.has(st) &&
        this.isVarying(st.index) &&
        this.stride1(st.index) &&
        this.contiguousOk(this.cx.buffers[st.arr.index]!.dtype) &&
        !loads.some((l) => l.index === st.index && l.buffer === st.arr.index)
      ) {
        const step = affineStep(st.index, name, invariant);
        if (step) loads.push({ buffer: st.arr.index, index: st.index, vector: true, step });
      }
      for (const root of stmtExprs(st)) {
        for (const e of allExprs(root)) {
          if (e.k !== 'load' || e.arr.kind !== 'buffer') continue;
          if (loads.some((l) => l.index === e.index && l.buffer === e.arr.index)) continue;
          const vector = this.isVarying(e.index);
          if (
            vector &&
            !(this.stride1(e.index) && this.contiguousOk(this.cx.buffers[e.arr.index]!.dtype))
          )
            continue;
          const step = affineStep(e.index, name, invariant);
          if (step) loads.push({ buffer: e.arr.index, index: e.index, vector, step });
        }
      }
    }
    return loads.length ? { counter: counter.local, bound, loads } : null;
  }

  /** Induction addresses of the counted loops being emitted (their unguarded copies). */
  private readonly inductionSteps = new Map<Stmt, InductionAddress[]>();

  /**
   * Before the unguarded copy of a counted loop: one induction address per distinct
   * address of its affine accesses that move with the counter (addressing.ts), each a local
   * holding `ptr + (terms << shift)` at the counter's current value, registered for the
   * loads and stores of the loop body; the loop's update adds step·size bytes to each.
   */
  private openInductionAddresses(
    loads: ReadonlyArray<{ buffer: number; index: Expr; vector: boolean; step: AffineStep }>,
  ): InductionAddress[] {
    const cx = this.cx;
    const fn = this.fn;
    const opened: InductionAddress[] = [];
    for (const l of loads) {
      if (l.step.c === 0) continue;
      const dtype = this.cx.buffers[l.buffer]!.dtype;
      const split = splitIndex(l.index, BYTES[dtype]);
      const key = inductionKey(l.buffer, l.vector, l.index, split);
      if (key === null || this.scalar.inductionAddresses.has(key)) continue;
      const name = this.ir.buffers[l.buffer]!.name;
      const local = fn.addLocal('i32', `${name}_address`);
      cx.get(this.cx.buffers[l.buffer]!.ptr);
      const term = l.vector
        ? (e: Expr): void => this.lane0(e)
        : (e: Expr): void => this.scalar.exprAs(e, 'i32');
      if (split) this.scalar.sumTerms(split, term);
      else term(l.index);
      const shift = shiftOf(dtype);
      if (shift) {
        cx.constI32(shift);
        fn.op('i32.shl');
      }
      fn.op('i32.add');
      cx.set(local);
      const bytes = l.step.c * BYTES[dtype];
      let delta = -1;
      if (l.step.factor) {
        delta = fn.addLocal('i32', `${name}_address_step`);
        this.scalar.exprAs(l.step.factor, 'i32');
        cx.constI32(bytes);
        fn.op('i32.mul');
        cx.set(delta);
      }
      this.scalar.inductionAddresses.set(key, local);
      opened.push({ key, local, bytes, delta });
    }
    return opened;
  }

  /** The range test of one affine access of a counted loop (countedLoops.ts). */
  private affineLoadInRange(
    load: { buffer: number; index: Expr; vector: boolean; step: AffineStep },
    counter: number,
    bound: Expr,
  ): void {
    emitAffineInRange(this.cx, {
      first: () => {
        if (load.vector) {
          this.lane0(load.index);
          this.fn.op('f64.convert_i32_s');
        } else pushF64(this.scalar, load.index);
      },
      bound: () => pushF64(this.scalar, bound),
      counter,
      unsigned: false,
      step: load.step,
      factor: () => load.step.factor && pushF64(this.scalar, load.step.factor),
      buffer: load.buffer,
      width: load.vector ? this.lanes : 1,
    });
  }

  /** exec |= mask-local, then clears nothing (helper for merges). */
  private orInto(target: number, source: number): void {
    this.cx.get(target);
    this.cx.get(source);
    this.fn.op('v128.or');
    this.cx.set(target);
  }

  private zeroMask(local: number): void {
    this.fn.op('v128.const', Array(16).fill(0));
    this.cx.set(local);
  }

  private anyActive(): void {
    this.cx.get(this.exec);
    this.fn.op('v128.any_true');
  }

  /**
   * Names of uniform float locals (`const a0 = ap[i]`, one declaration, never assigned)
   * whose every use is an operand of lane-varying `+ - * /` of their own type: each use
   * would splat the scalar, so the declaration keeps the splat instead, loaded by one
   * `v128.load32_splat`/`load64_splat` (x64: one vbroadcastss from memory, no separate
   * load and register broadcast). A use anywhere else keeps the local scalar.
   */
  private splattedLoads(): ReadonlySet<string> {
    if (this.splatted) return this.splatted;
    const decls = new Map<string, number>();
    const candidates = new Set<string>();
    const refused = new Set<string>();
    const stmts = allStmts(this.body);
    for (const st of stmts) {
      if (st.k === 'assign') refused.add(st.name);
      if (st.k !== 'let') continue;
      decls.set(st.name, (decls.get(st.name) ?? 0) + 1);
      const t = concrete(st.t);
      if (
        (t === 'f32' || t === 'f64') &&
        st.init.k === 'load' &&
        concrete(st.init.t) === t &&
        !this.plan.varying.has(st.name) &&
        !this.isVarying(st.init)
      )
        candidates.add(st.name);
    }
    const splatOperand = (parent: Expr, child: Expr): boolean =>
      parent.k === 'bin' &&
      (parent.op === '+' || parent.op === '-' || parent.op === '*' || parent.op === '/') &&
      this.isVarying(parent) &&
      concrete(parent.t) === concrete(child.t);
    for (const st of stmts) {
      for (const root of stmtExprs(st)) {
        if (root.k === 'local') refused.add(root.name);
        for (const e of allExprs(root)) {
          for (const child of exprChildren(e))
            if (child.k === 'local' && !splatOperand(e, child)) refused.add(child.name);
        }
      }
    }
    this.splatted = new Set(
      [...candidates].filter((name) => decls.get(name) === 1 && !refused.has(name)),
    );
    return this.splatted;
  }

  private splatted: ReadonlySet<string> | undefined;

  private stmt(s: Stmt): void {
    const cx = this.cx;
    const fn = this.fn;
    const divergent = this.plan.divergent.has(s);
    switch (s.k) {
      case 'let': {
        const t = concrete(s.t);
        if (this.splattedLoads().has(s.name)) {
          // A uniform load that only ever meets vectors: loaded and splatted once, by one
          // load-and-splat instruction (splatOne fuses them), and kept as the vector.
          const v = this.vlocal(t, s.name);
          this.scalar.exprAs(s.init, t);
          this.splat(t);
          this.vset(v);
          this.scope.define(s.name, { ...v, vector: true });
          return;
        }
        if (this.plan.varying.has(s.name)) {
          const v = this.vlocal(t, s.name);
          this.vexprAs(s.init, t);
          this.vset(v);
          this.scope.define(s.name, { ...v, vector: true });
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
        if (divergent && (v.t === 'i32' || v.t === 'u32') && isIncrementOf(s.value, s.name)) {
          // v = v + 1 under the mask: active lanes hold −1, so v − exec adds 1 to them only.
          cx.get(v.local);
          cx.get(this.exec);
          fn.op('i32x4.sub');
          cx.set(v.local);
          return;
        }
        this.vexprAs(s.value, v.t);
        if (divergent && !this.facts.unmergedAssigns.has(s)) {
          this.vget(v);
          cx.get(this.exec);
          this.vbitselect(v.t);
        }
        this.vset(v);
        return;
      }
      case 'store': {
        const columns = this.groupStoreColumns.get(s);
        if (columns) {
          // A group store of an interleaved loop: kept until the group's last step.
          this.vexprAs(s.value, elemTy(this.bufferOf(s.arr).dtype));
          cx.set(columns[this.groupStep]!);
          return;
        }
        this.vstore(s.arr, s.index, s.value, divergent);
        return;
      }
      case 'expr':
        if (this.isVarying(s.e)) {
          this.vexpr(s.e);
          if (this.isPair(concrete(s.e.t))) fn.op('drop');
        } else this.scalar.expr(s.e);
        fn.op('drop');
        return;
      case 'if': {
        if (!this.isVarying(s.cond)) {
          this.scalar.truthy(s.cond);
          cx.open('if', cx.label('uif'));
          this.stmts(s.then);
          if (s.else.length) {
            cx.else_();
            this.stmts(s.else);
          }
          cx.close();
          return;
        }
        const breakOnly =
          s.then.length === 1 && s.else.length === 0 && s.then[0]!.k === 'break'
            ? this.loops.get(s.then[0]!.label)
            : undefined;
        if (breakOnly?.plain && breakOnly.masked) {
          // `if (c) break L;` in a plain-exit loop: exec = exec & ~c.
          if (divergent) cx.get(this.exec);
          else fn.op('v128.const', ALL_ONES);
          this.vexprAs(s.cond, 'bool');
          fn.op('v128.andnot');
          cx.set(this.exec);
          return;
        }
        const saved = fn.addLocal('v128', 'saved');
        const cond = fn.addLocal('v128', 'cond');
        if (divergent) cx.get(this.exec);
        else fn.op('v128.const', ALL_ONES);
        cx.set(saved);
        this.vexprAs(s.cond, 'bool');
        cx.set(cond);
        cx.get(saved);
        cx.get(cond);
        fn.op('v128.and');
        cx.set(this.exec);
        this.anyActive();
        cx.open('if', cx.label('then'));
        this.stmts(s.then);
        cx.close();
        if (s.else.length) {
          const thenEnd = fn.addLocal('v128', 'then_end');
          cx.get(this.exec);
          cx.set(thenEnd);
          cx.get(saved);
          cx.get(cond);
          fn.op('v128.andnot');
          cx.set(this.exec);
          this.anyActive();
          cx.open('if', cx.label('else'));
          this.stmts(s.else);
          cx.close();
          this.orInto(this.exec, thenEnd);
        } else {
          cx.get(saved);
          cx.get(cond);
          fn.op('v128.andnot');
          cx.get(this.exec);
          fn.op('v128.or');
          cx.set(this.exec);
        }
        return;
      }
      case 'loop': {
        const group = this.interleaving.has(s) || divergent ? null : this.interleavedGroup(s);
        if (group) {
          this.emitInterleavedLoop(s, group);
          return;
        }
        const counted = this.expandingLoops.has(s) ? null : this.countedLoopLoads(s);
        if (counted) {
          // Two copies: the affine loads unguarded when all their indices are in range.
          this.expandingLoops.add(s);
          cx.constI32(1);
          for (const l of counted.loads) {
            this.affineLoadInRange(l, counted.counter, counted.bound);
            fn.op('i32.and');
          }
          cx.open('if', cx.label(`${s.label}_in_range`));
          fn.comment(`every affine access of loop ${s.label} is in range: no guards`);
          const added: Array<{ map: Map<Expr, Set<number>>; index: Expr; buffer: number }> = [];
          for (const l of counted.loads) {
            const map = l.vector ? this.unguarded : this.scalar.unguardedLoads;
            const set = map.get(l.index) ?? new Set<number>();
            if (set.has(l.buffer)) continue;
            set.add(l.buffer);
            map.set(l.index, set);
            added.push({ map, index: l.index, buffer: l.buffer });
          }
          const inductions = this.openInductionAddresses(counted.loads);
          this.inductionSteps.set(s, inductions);
          this.stmt(s);
          this.inductionSteps.delete(s);
          for (const iv of inductions) this.scalar.inductionAddresses.delete(iv.key);
          for (const a of added) {
            const set = a.map.get(a.index)!;
            set.delete(a.buffer);
            if (set.size === 0) a.map.delete(a.index);
          }
          cx.else_();
          this.stmt(s);
          cx.close();
          this.expandingLoops.delete(s);
          return;
        }
        const masked = this.plan.masked.has(s.label);
        const brk = cx.label(`${s.label}_break`);
        const top = cx.label(`${s.label}_top`);
        const cont = cx.label(`${s.label}_continue`);
        const plain = masked && this.facts.plainExitLoops.has(s.label);
        const exitMask = masked && !plain ? fn.addLocal('v128', `${s.label}_exit`) : -1;
        const contMask = masked && !plain ? fn.addLocal('v128', `${s.label}_cont`) : -1;
        const entryMask = plain && divergent ? fn.addLocal('v128', `${s.label}_entry`) : -1;
        this.loops.set(s.label, { brk, cont, masked, plain, exitMask, contMask });
        const forgetHoisted = masked ? this.hoistSplats(s) : (): void => undefined;
        if (masked) {
          if (!divergent) {
            fn.op('v128.const', ALL_ONES);
            cx.set(this.exec);
          }
          if (entryMask >= 0) {
            cx.get(this.exec);
            cx.set(entryMask);
          }
          if (!plain) {
            this.zeroMask(exitMask);
            this.zeroMask(contMask);
          }
        }
        const test = (cond: Expr): void => {
          if (masked) {
            const c = cx.temp('v128');
            this.vexprAs(cond, 'bool');
            cx.set(c);
            if (!plain) {
              cx.get(exitMask);
              cx.get(this.exec);
              cx.get(c);
              fn.op('v128.andnot');
              fn.op('v128.or');
              cx.set(exitMask);
            }
            cx.get(this.exec);
            cx.get(c);
            fn.op('v128.and');
            cx.set(this.exec);
            cx.release(c);
          } else {
            this.scalar.truthy(cond);
            fn.op('i32.eqz');
            cx.brIf(brk);
          }
        };
        // A uniform `while (cond)` loop is rotated, tested before it and after each pass (see
        // openRotatedLoop: TurboFan then hoists the invariant splats out of it, and each
        // pass takes one branch).
        // A masked loop without a postCond is rotated the same way, its lane test (and the
        // check that a lane is still active) before it and at the bottom of each pass: the
        // values the body reads but computes before the loop are then computed once.
        const rotated = !masked && s.cond !== null && s.postCond === null;
        const maskedRotated = masked && s.postCond === null;
        cx.open('block', brk);
        if (rotated) test(s.cond!);
        if (maskedRotated) {
          if (s.cond) test(s.cond);
          this.anyActive();
          fn.op('i32.eqz');
          cx.brIf(brk);
        }
        cx.open('loop', top);
        if (s.cond && !rotated && !maskedRotated) test(s.cond);
        if (masked && !maskedRotated) {
          this.anyActive();
          fn.op('i32.eqz');
          cx.brIf(brk);
        }
        cx.open('block', cont);
        this.stmts(s.body);
        cx.close();
        if (masked && !plain) {
          this.orInto(this.exec, contMask);
          this.zeroMask(contMask);
        }
        this.stmts(s.update);
        for (const iv of this.inductionSteps.get(s) ?? []) {
          cx.get(iv.local);
          if (iv.delta >= 0) cx.get(iv.delta);
          else cx.constI32(iv.bytes);
          fn.op('i32.add');
          cx.set(iv.local);
        }
        if (s.postCond) {
          test(s.postCond);
          if (masked) {
            this.anyActive();
            fn.op('i32.eqz');
            cx.brIf(brk);
          }
        }
        if (rotated) {
          this.scalar.truthy(s.cond!);
          cx.brIf(top);
        } else if (maskedRotated) {
          if (s.cond) test(s.cond);
          this.anyActive();
          cx.brIf(top);
        } else cx.br(top);
        cx.close();
        cx.close();
        if (plain) {
          // Every lane that entered leaves through the test or `break L`: restore the entry mask.
          if (entryMask >= 0) cx.get(entryMask);
          else fn.op('v128.const', ALL_ONES);
          cx.set(this.exec);
        } else if (masked) {
          // Lanes still active here left through an exit with no test (cannot happen) or
          // an empty exec; the survivors are those that exited.
          this.orInto(exitMask, this.exec);
          cx.get(exitMask);
          cx.set(this.exec);
        }
        forgetHoisted();
        return;
      }
      case 'block': {
        const masked = this.plan.masked.has(s.label);
        const brk = cx.label(`${s.label}_end`);
        const exitMask = masked ? fn.addLocal('v128', `${s.label}_exit`) : -1;
        this.loops.set(s.label, { brk, cont: brk, masked, plain: false, exitMask, contMask: -1 });
        if (masked) {
          if (!divergent) {
            fn.op('v128.const', ALL_ONES);
            cx.set(this.exec);
          }
          this.zeroMask(exitMask);
        }
        cx.open('block', brk);
        this.stmts(s.body);
        cx.close();
        if (masked) this.orInto(this.exec, exitMask);
        return;
      }
      case 'break':
      case 'continue': {
        const info = this.loops.get(s.label)!;
        if (!divergent || !info.masked) {
          cx.br(s.k === 'break' ? info.brk : info.cont);
          return;
        }
        if (!info.plain) this.orInto(s.k === 'break' ? info.exitMask : info.contMask, this.exec);
        this.zeroMask(this.exec);
        return;
      }
      case 'return': {
        const rt = this.rt;
        if (rt && s.value && this.vacc && this.ir.reduce && this.ir.reduce.kind !== 'custom') {
          const counted = this.vcount >= 0 ? integerMaskCount(s.value) : null;
          if (counted) {
            // Counting lanes where c holds: count − mask (the mask is −1 there).
            cx.get(this.vcount);
            this.vexprAs(counted, 'bool');
            fn.op('i32x4.sub');
            if (divergent) {
              cx.get(this.vcount);
              cx.get(this.exec);
              fn.op('v128.bitselect');
            }
            cx.set(this.vcount);
          } else {
            // The value in f64, folded into its lane's f64 accumulator (reduceOrder.ts).
            this.vget(this.vacc);
            this.vexprAs(s.value, rt);
            this.vconvert(rt, 'f64');
            const op = { sum: 'add', prod: 'mul', min: 'min', max: 'max' }[this.ir.reduce.kind];
            this.lanewise('f64', 2, () => fn.op(`f64x2.${op}`));
            if (divergent) {
              this.vget(this.vacc);
              cx.get(this.exec);
              this.vbitselect('f64');
            }
            this.vset(this.vacc);
          }
        }
        if (divergent) this.zeroMask(this.exec);
        else cx.br(this.indexLabel);
        return;
      }
      case 'barrier':
        throw new Error('numbat internal error: a barrier reached the wasm vector codegen');
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }
}
