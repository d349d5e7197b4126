// simdCore.ts — the state and helpers the SIMD emitter's layers share (see simd.ts for
// the value layout and the masking scheme): lane shapes, splat/extract/replace, f64 pairs
// (per-half operations, splitting and joining lanes, widening masks), vector locals and
// temporaries, per-lane fallbacks, and hoisted splats of loop-invariant uniform values.
// Layers: simdCore → simdMemory (loads/stores) → simdExpr (expressions, math) → simd
// (statements, the loop).

import type { Expr, IrKernel, Stmt } from '../../ir/ir.js';
import { concrete, type ConcreteTy, type KernelContext } from './context.js';
import { type ScalarEmitter, Scope } from './scalar.js';
import type { VectorPlan } from '../../passes/vectorPlan.js';
import { allExprs, allStmts, stmtExprs } from '../../ir/walk.js';
import type { MaskFacts } from '../../passes/maskAnalysis.js';
import { factsOf } from '../../passes/facts.js';

export const ALL_ONES = Array(16).fill(0xff) as number[];
export const IOTA = [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
/** Two 64-bit-lane masks → one 32-bit-lane mask (the low half of each 64-bit lane). */
const JOIN_MASKS = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
/** Lanes 0–1 (32-bit) of two vectors → one vector. */
const JOIN_LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
/** 32-bit lanes 2–3 moved to lanes 0–1. */
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * A vector value in locals: one v128, or an f64 vector as a pair of f64x2 — lanes 0–1 in
 * `local`, lanes 2–3 in `hi` (−1 for other types).
 */
export interface VecLocal {
  readonly local: number;
  readonly hi: number;
  readonly t: ConcreteTy;
}

/** `scalar load + splat of type t` → the load-and-splat instruction that does both. */
const SPLAT_LOADS: Readonly<Record<string, string>> = {
  'f32.load f32': 'v128.load32_splat',
  'i32.load i32': 'v128.load32_splat',
  'i32.load u32': 'v128.load32_splat',
  'f64.load f64': 'v128.load64_splat',
};

/** Per loop or labelled block: its branch labels and mask bookkeeping. */
export interface LoopInfo {
  readonly brk: string;
  readonly cont: string;
  readonly masked: boolean;
  /** A plain-exit loop (maskAnalysis.ts): no exit/continue masks are kept. */
  readonly plain: boolean;
  readonly exitMask: number;
  readonly contMask: number;
}

/** The shared state of the SIMD emitter's layers. */
export abstract class VectorCore {
  protected readonly plan: VectorPlan;
  protected readonly ir: IrKernel;
  protected scope = new Scope();
  protected scalar!: ScalarEmitter;
  protected exec = -1;
  protected vacc: VecLocal | null = null;
  protected innerScalar = -1;
  protected readonly loops = new Map<string, LoopInfo>();
  protected readonly facts: MaskFacts;
  /** Scalar wasm local → v128 local holding its splat (loop-invariant uniforms, hoisted). */
  protected splats = new Map<number, number>();
  /** Uniform casts of kernel scalars → v128 local holding the converted value, splatted. */
  protected castSplats = new Map<Expr, number>();
  /** random() seeds that depend on no grid index → v128 local with the mixed seed, splatted. */
  protected mixedSeeds = new Map<Expr, number>();
  protected indexLabel = '';

  /** The statements vectorised: the kernel body, or one phase's loop body. */
  protected readonly body: readonly Stmt[];
  /** Whether this emitter vectorises a phase across invocations (not the grid). */
  protected readonly overInvocations: boolean;

  /**
   * An emitter of the kernel body over its innermost index, or, given `phase` (a plan of
   * an invocation loop and the loop), of one phase of a split kernel across invocations.
   */
  constructor(
    protected readonly cx: KernelContext,
    readonly lanes: number,
    protected readonly localArrayOffsets: number[],
    phase?: { plan: VectorPlan; body: readonly Stmt[] },
  ) {
    this.ir = cx.ir;
    this.plan = phase?.plan ?? factsOf(cx.ir).vectorPlan;
    this.body = phase?.body ?? cx.ir.body;
    this.overInvocations = phase !== undefined;
    this.facts = factsOf(cx.ir).masks;
  }

  protected get fn() {
    return this.cx.fn;
  }

  protected get rt(): ConcreteTy | null {
    return this.ir.reduce ? concrete(this.ir.reduce.t) : null;
  }

  /** Uses `other`'s hoisted values and range facts (a second emitter for the same loop). */
  protected shareHoistedFrom(other: VectorCore): void {
    this.splats = other.splats;
    this.castSplats = other.castSplats;
    this.mixedSeeds = other.mixedSeeds;
  }

  /** Emits `e` as a vector of type `to` (simdExpr.ts). */
  abstract vexprAs(e: Expr, to: ConcreteTy): void;
  /** Converts the vector on the stack (simdExpr.ts). */
  abstract vconvert(from: ConcreteTy, to: ConcreteTy): void;

  /** The scalar wasm local a uniform local/scalar reads (when its type needs no conversion), or -1. */
  protected uniformSource(e: Expr): number {
    const t = concrete(e.t);
    if (t === 'bool') return -1;
    if (e.k === 'scalar')
      return concrete(this.ir.scalars[e.index]!.type) === t ? this.cx.scalarLocals[e.index]! : -1;
    if (e.k === 'local') {
      const v = this.scope.find(e.name);
      return v && !v.vector && v.t === t ? v.local : -1;
    }
    return -1;
  }

  /**
   * Mixes, before the SIMD loop, every random() seed made only of constants and kernel
   * scalars (the usual `random(seed, i)`), so the loop only mixes the counter.
   */
  protected hoistRandomSeeds(): void {
    if (!this.ir.uses.random) return;
    const launchInvariant = (e: Expr): boolean =>
      [...allExprs(e)].every(
        (x) => x.k !== 'local' && x.k !== 'load' && x.k !== 'atomic' && x.k !== 'random',
      );
    for (const st of allStmts(this.body)) {
      for (const root of stmtExprs(st)) {
        for (const e of allExprs(root)) {
          if (e.k !== 'random' || !launchInvariant(e.seed) || this.mixedSeeds.has(e.seed)) continue;
          const fn = this.fn;
          const x = this.cx.temp('i32');
          this.scalar.exprAs(e.seed, 'i32');
          this.cx.constI32(0x9e3779b9);
          fn.op('i32.xor');
          // x ^= x >>> 16; x = imul(x, 0x7feb352d); x ^= x >>> 15; x = imul(x, 0x846ca68b); x ^= x >>> 16
          for (const [shift, mul] of [
            [16, 0x7feb352d],
            [15, 0x846ca68b],
            [16, null],
          ] as const) {
            this.cx.tee(x);
            this.cx.get(x);
            this.cx.constI32(shift);
            fn.op('i32.shr_u');
            fn.op('i32.xor');
            if (mul !== null) {
              this.cx.constI32(mul);
              fn.op('i32.mul');
            }
          }
          this.cx.release(x);
          fn.op('i32x4.splat');
          const local = fn.addLocal('v128', 'seed_mixed');
          this.cx.set(local);
          this.mixedSeeds.set(e.seed, local);
        }
      }
    }
  }

  /** The v128 local holding a hoisted splat of `e`, or -1. */
  protected hoistedSplat(e: Expr, t: ConcreteTy): number {
    const cast = this.castSplats.get(e);
    if (cast !== undefined && concrete(e.t) === t) return cast;
    const source = this.uniformSource(e);
    return source >= 0 && concrete(e.t) === t ? (this.splats.get(source) ?? -1) : -1;
  }

  /**
   * Splats, before a masked loop, every uniform local or scalar the loop reads and does not
   * assign or declare, so the loop body reuses the vectors (V8 does not hoist splats).
   * Returns the scalar locals newly cached (to forget after the loop).
   */
  protected hoistSplats(loop: Extract<Stmt, { k: 'loop' }>): () => void {
    const inner = [...allStmts(loop.body), ...allStmts(loop.update)];
    const written = new Set<string>();
    for (const st of inner) if (st.k === 'let' || st.k === 'assign') written.add(st.name);
    const added: number[] = [];
    const addedCasts: Expr[] = [];
    for (const st of [loop, ...inner]) {
      for (const root of stmtExprs(st)) {
        for (const e of allExprs(root)) {
          if (this.isVarying(e)) continue;
          if (
            e.k === 'cast' &&
            e.a.k === 'scalar' &&
            concrete(e.t) !== 'bool' &&
            !this.castSplats.has(e)
          ) {
            // A converted kernel scalar (an f64 `dt` used in f32 math): convert and splat
            // once, shared by every occurrence of the same conversion.
            let vec = this.sameCastSplat(e.a.index, concrete(e.t));
            if (vec < 0) {
              vec = this.fn.addLocal(
                'v128',
                `${this.ir.scalars[e.a.index]!.name}_${concrete(e.t)}_splat`,
              );
              this.scalar.expr(e);
              this.splatOne(concrete(e.t));
              this.cx.set(vec);
            }
            this.castSplats.set(e, vec);
            addedCasts.push(e);
            continue;
          }
          if (e.k !== 'local' && e.k !== 'scalar') continue;
          if (e.k === 'local' && written.has(e.name)) continue;
          const source = this.uniformSource(e);
          if (source < 0 || this.splats.has(source)) continue;
          const vec = this.fn.addLocal(
            'v128',
            `${e.k === 'local' ? e.name : this.ir.scalars[e.index]!.name}_splat`,
          );
          this.cx.get(source);
          this.splatOne(concrete(e.t));
          this.cx.set(vec);
          this.splats.set(source, vec);
          added.push(source);
        }
      }
    }
    return () => {
      for (const source of added) this.splats.delete(source);
      for (const e of addedCasts) this.castSplats.delete(e);
    };
  }

  /** The hoisted splat of kernel scalar `index` converted to `t`, or -1. */
  private sameCastSplat(index: number, t: ConcreteTy): number {
    for (const [e, vec] of this.castSplats) {
      if (e.k === 'cast' && e.a.k === 'scalar' && e.a.index === index && concrete(e.t) === t)
        return vec;
    }
    return -1;
  }

  protected isVarying(e: Expr): boolean {
    if (e.k === 'local') return this.plan.varying.has(e.name);
    switch (e.k) {
      case 'const':
      case 'scalar':
        return false;
      case 'bin':
        return this.isVarying(e.a) || this.isVarying(e.b);
      case 'un':
      case 'cast':
        return this.isVarying(e.a);
      case 'select':
        return this.isVarying(e.c) || this.isVarying(e.a) || this.isVarying(e.b);
      case 'math':
        return e.args.some((a) => this.isVarying(a));
      case 'load':
        return this.isVarying(e.index);
      case 'atomic':
        return true;
      case 'random':
        return this.isVarying(e.seed) || this.isVarying(e.counter);
      case 'geom':
        return true;
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  protected shape(t: ConcreteTy): 'i32x4' | 'f32x4' | 'f64x2' {
    return t === 'f64' ? 'f64x2' : t === 'f32' ? 'f32x4' : 'i32x4';
  }

  /** Whether vectors of type t are pairs of f64x2 (f64: four lanes in two registers). */
  protected isPair(t: ConcreteTy): boolean {
    return t === 'f64';
  }

  /** Scalar on the stack → vector with it in every lane (a pair: both halves). */
  protected splat(t: ConcreteTy): void {
    this.splatOne(t);
    if (this.isPair(t)) this.dup();
  }

  /** Pushes a hoisted splat (one v128 local, used for both halves of a pair). */
  protected getSplat(local: number, t: ConcreteTy): void {
    this.cx.get(local);
    if (this.isPair(t)) this.cx.get(local);
  }

  /** Scalar on the stack → one v128 with it in every lane (for a pair: one half). */
  protected splatOne(t: ConcreteTy): void {
    if (t === 'bool') {
      const x = this.cx.temp('i32');
      this.cx.set(x);
      this.cx.constI32(0);
      this.cx.get(x);
      this.fn.op('i32.sub');
      this.cx.release(x);
      this.fn.op('i32x4.splat');
      return;
    }
    // A scalar load followed by a splat is one load-and-splat instruction (on x64 one
    // vbroadcastss from memory instead of a load and a register broadcast).
    const last = this.fn.lastOp();
    const fused = last && SPLAT_LOADS[`${last.name} ${t}`];
    if (last && fused) {
      this.fn.dropLastOp();
      this.fn.op(fused, ...last.imms);
      return;
    }
    this.fn.op(`${this.shape(t)}.splat`);
  }

  /** One v128 on the stack (for f64: one half of a pair) → the scalar in its lane l. */
  protected extract(t: ConcreteTy, l: number): void {
    if (t === 'bool') {
      this.fn.op('i32x4.extract_lane', l);
      this.cx.constI32(1);
      this.fn.op('i32.and');
      return;
    }
    this.fn.op(`${this.shape(t)}.extract_lane`, l);
  }

  /** Stack: one v128 (for f64: one half of a pair), scalar → the v128 with lane l replaced. */
  protected replace(t: ConcreteTy, l: number): void {
    if (t === 'bool') {
      const x = this.cx.temp('i32');
      this.cx.set(x);
      this.cx.constI32(0);
      this.cx.get(x);
      this.fn.op('i32.sub');
      this.cx.release(x);
      this.fn.op('i32x4.replace_lane', l);
      return;
    }
    this.fn.op(`${this.shape(t)}.replace_lane`, l);
  }

  /** Stack: a, b (vectors of type t), a lane mask → a where the mask is set, else b. */
  protected vbitselect(t: ConcreteTy): void {
    if (this.isPair(t)) {
      const m = this.cx.temp('v128');
      this.cx.tee(m);
      this.fn.op('i64x2.extend_low_i32x4_s');
      this.cx.get(m);
      this.fn.op('i64x2.extend_high_i32x4_s');
      this.cx.release(m);
      this.lanewise(t, 3, () => this.fn.op('v128.bitselect'));
      return;
    }
    this.fn.op('v128.bitselect');
  }

  /** Stack: `arity` vectors of type t → `emit`'s result, once per half when they are pairs. */
  protected lanewise(t: ConcreteTy, arity: number, emit: () => void): void {
    if (!this.isPair(t)) {
      emit();
      return;
    }
    // Stack: lo₀ hi₀ lo₁ hi₁ …; all but lo₀ go to temps.
    const halves: number[] = [-1];
    for (let k = 1; k < 2 * arity; k++) halves.push(this.cx.temp('v128'));
    for (let k = 2 * arity - 1; k >= 1; k--) this.cx.set(halves[k]!);
    for (const h of [0, 1]) {
      for (let k = h ? 0 : 1; k < arity; k++) this.cx.get(halves[2 * k + h]!);
      emit();
    }
    for (const l of halves.slice(1)) this.cx.release(l);
  }

  /** Runs `emit` (which pushes one v128) for each half of the value in `v`. */
  protected eachHalf(v: VecLocal, emit: (local: number) => void): void {
    emit(v.local);
    if (v.hi >= 0) emit(v.hi);
  }

  /** Duplicates the v128 on top of the stack. */
  protected dup(): void {
    const x = this.cx.temp('v128');
    this.cx.tee(x);
    this.cx.get(x);
    this.cx.release(x);
  }

  /** Duplicates the vector of type t on top of the stack (a pair: both halves). */
  protected vdup(t: ConcreteTy): void {
    if (!this.isPair(t)) {
      this.dup();
      return;
    }
    const v = this.vtemp(t);
    this.vset(v);
    this.vget(v);
    this.vget(v);
    this.releaseAll([v]);
  }

  /** An i32x4/f32x4 → two vectors with its lanes 0–1, then 2–3, in their lanes 0–1. */
  protected splitLanes(): void {
    const x = this.cx.temp('v128');
    this.cx.tee(x);
    this.cx.get(x);
    this.cx.get(x);
    this.fn.op('i8x16.shuffle', HIGH_TO_LOW);
    this.cx.release(x);
  }

  /** Two vectors with 32-bit results in lanes 0–1 → one vector of lanes 0–3. */
  protected joinLanes(): void {
    this.fn.op('i8x16.shuffle', JOIN_LOW);
  }

  /** Two 64-bit-lane masks (an f64 pair comparison) → one 32-bit-lane mask. */
  protected joinMasks(): void {
    this.fn.op('i8x16.shuffle', JOIN_MASKS);
  }

  /** A new local (two for a pair) for vectors of type t. */
  protected vlocal(t: ConcreteTy, name: string): VecLocal {
    const local = this.fn.addLocal('v128', name);
    return { local, hi: this.isPair(t) ? this.fn.addLocal('v128', `${name}_hi`) : -1, t };
  }

  /** A temporary (two for a pair) for vectors of type t; give it back with `releaseAll`. */
  protected vtemp(t: ConcreteTy): VecLocal {
    return { local: this.cx.temp('v128'), hi: this.isPair(t) ? this.cx.temp('v128') : -1, t };
  }

  /** Pushes the vector in `v` (a pair: low half, then high). */
  protected vget(v: { local: number; hi?: number }): void {
    this.cx.get(v.local);
    if (v.hi !== undefined && v.hi >= 0) this.cx.get(v.hi);
  }

  /** Pops a vector into `v` (a pair: high half first). */
  protected vset(v: { local: number; hi?: number }): void {
    if (v.hi !== undefined && v.hi >= 0) this.cx.set(v.hi);
    this.cx.set(v.local);
  }

  /** Pushes lane l of `v` as a scalar. */
  protected laneOf(v: VecLocal, l: number): void {
    if (v.hi >= 0) {
      this.cx.get(l < 2 ? v.local : v.hi);
      this.extract(v.t, l & 1);
      return;
    }
    this.cx.get(v.local);
    this.extract(v.t, l);
  }

  /**
   * Applies a scalar operation lane by lane: `inputs` are vectors in locals;
   * `op` consumes one scalar per input (in order) and leaves one scalar of type `out`.
   */
  protected perLane(inputs: readonly VecLocal[], out: ConcreteTy, op: () => void): void {
    const res = this.vtemp(out);
    this.eachHalf(res, (half) => {
      this.fn.op('v128.const', Array(16).fill(0));
      this.cx.set(half);
    });
    for (let l = 0; l < this.lanes; l++) {
      const half = res.hi >= 0 && l >= 2 ? res.hi : res.local;
      this.cx.get(half);
      for (const inp of inputs) this.laneOf(inp, l);
      op();
      this.replace(out, res.hi >= 0 ? l & 1 : l);
      this.cx.set(half);
    }
    this.vget(res);
    this.releaseAll([res]);
  }

  /** Emits each expression as a vector into a fresh temp; returns the temps. */
  protected toTemps(es: readonly { e: Expr; t: ConcreteTy }[]): VecLocal[] {
    return es.map(({ e, t }) => {
      const v = this.vtemp(t);
      this.vexprAs(e, t);
      this.vset(v);
      return v;
    });
  }

  protected releaseAll(ls: readonly VecLocal[]): void {
    for (const l of ls) this.eachHalf(l, (half) => this.cx.release(half));
  }
}

/** A v128 constant with `v` (of type t) in every lane. */
export function splatBytes(t: ConcreteTy, v: number): number[] {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let offset = 0; offset < 16; offset += t === 'f64' ? 8 : 4) {
    switch (t) {
      case 'f64':
        view.setFloat64(offset, v, true);
        break;
      case 'f32':
        view.setFloat32(offset, v, true);
        break;
      case 'i32':
      case 'u32':
        view.setUint32(offset, v >>> 0, true);
        break;
      case 'bool':
        view.setInt32(offset, v ? -1 : 0, true);
        break;
    }
  }
  return Array.from(bytes);
}
