// simdCore.ts — the state and helpers the SIMD emitter's layers share (see simd.ts for
// the value layout and the masking scheme): lane shapes, splat/extract/replace, mask
// layout changes, per-lane fallbacks, temporaries, and hoisted splats of loop-invariant
// uniform values. Layers: simdCore → simdMemory (loads/stores) → simdExpr (expressions,
// math) → simd (statements, the loop).

import type { Expr, IrKernel, Stmt } from '../../ir/ir.js';
import { concrete, type ConcreteTy, type KernelContext } from './context.js';
import { ScalarEmitter, Scope } from './scalar.js';
import { allExprs, allStmts, planVectorisation, stmtExprs, type VectorPlan } from './vectorPlan.js';
import { analyseMasks, type MaskFacts } from './maskAnalysis.js';

export const ALL_ONES = Array(16).fill(0xff) as number[];
export const IOTA = [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
export const NARROW = [0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11];

/** `scalar load + splat of type t` → the load-and-splat instruction that does both. */
const SPLAT_LOADS: Readonly<Record<string, string>> = {
  'f32.load f32': 'v128.load32_splat', 'i32.load i32': 'v128.load32_splat', 'i32.load u32': 'v128.load32_splat',
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
  protected vacc = -1;
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

  constructor(protected readonly cx: KernelContext, readonly lanes: number, protected readonly localArrayOffsets: number[]) {
    this.ir = cx.ir;
    this.plan = planVectorisation(cx.ir);
    this.facts = analyseMasks(cx.ir.body);
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
    if (e.k === 'scalar') return concrete(this.ir.scalars[e.index]!.type) === t ? this.cx.scalarLocals[e.index]! : -1;
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
      [...allExprs(e)].every((x) => x.k !== 'local' && x.k !== 'load' && x.k !== 'atomic' && x.k !== 'random');
    for (const st of allStmts(this.ir.body)) {
      for (const root of stmtExprs(st)) {
        for (const e of allExprs(root)) {
          if (e.k !== 'random' || !launchInvariant(e.seed) || this.mixedSeeds.has(e.seed)) continue;
          const fn = this.fn;
          const x = this.cx.temp('i32');
          this.scalar.exprAs(e.seed, 'i32');
          this.cx.constI32(0x9e3779b9); fn.op('i32.xor');
          // x ^= x >>> 16; x = imul(x, 0x7feb352d); x ^= x >>> 15; x = imul(x, 0x846ca68b); x ^= x >>> 16
          for (const [shift, mul] of [[16, 0x7feb352d], [15, 0x846ca68b], [16, null]] as const) {
            this.cx.tee(x); this.cx.get(x); this.cx.constI32(shift); fn.op('i32.shr_u'); fn.op('i32.xor');
            if (mul !== null) { this.cx.constI32(mul); fn.op('i32.mul'); }
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
    return source >= 0 && concrete(e.t) === t ? this.splats.get(source) ?? -1 : -1;
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
          if (e.k === 'cast' && e.a.k === 'scalar' && concrete(e.t) !== 'bool' && !this.castSplats.has(e)) {
            // A converted kernel scalar (an f64 `dt` used in f32 math): convert and splat once.
            const vec = this.fn.addLocal('v128', `${this.ir.scalars[e.a.index]!.name}_${concrete(e.t)}_splat`);
            this.scalar.expr(e);
            this.splat(concrete(e.t));
            this.cx.set(vec);
            this.castSplats.set(e, vec);
            addedCasts.push(e);
            continue;
          }
          if (e.k !== 'local' && e.k !== 'scalar') continue;
          if (e.k === 'local' && written.has(e.name)) continue;
          const source = this.uniformSource(e);
          if (source < 0 || this.splats.has(source)) continue;
          const vec = this.fn.addLocal('v128', `${e.k === 'local' ? e.name : this.ir.scalars[e.index]!.name}_splat`);
          this.cx.get(source);
          this.splat(concrete(e.t));
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

  protected isVarying(e: Expr): boolean {
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

  protected shape(t: ConcreteTy): 'i32x4' | 'f32x4' | 'f64x2' {
    return t === 'f64' ? 'f64x2' : t === 'f32' ? 'f32x4' : 'i32x4';
  }

  /** Scalar on the stack → vector with it in every lane. */
  protected splat(t: ConcreteTy): void {
    if (t === 'bool') {
      const x = this.cx.temp('i32');
      this.cx.set(x); this.cx.constI32(0); this.cx.get(x); this.fn.op('i32.sub');
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

  /** Vector on the stack → scalar of lane l. */
  protected extract(t: ConcreteTy, l: number): void {
    if (t === 'bool') {
      if (this.lanes === 2) { this.fn.op('i64x2.extract_lane', l); this.fn.op('i32.wrap_i64'); }
      else this.fn.op('i32x4.extract_lane', l);
      this.cx.constI32(1); this.fn.op('i32.and');
      return;
    }
    this.fn.op(`${this.shape(t)}.extract_lane`, l);
  }

  /** Stack: vector, scalar → vector with lane l replaced. */
  protected replace(t: ConcreteTy, l: number): void {
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
  protected maskFor(t: ConcreteTy): void {
    this.cx.get(this.exec);
    if (this.lanes === 2 && t !== 'f64' && t !== 'bool') this.narrow();
  }

  protected narrow(): void {
    const m = this.cx.temp('v128');
    this.cx.tee(m); this.cx.get(m);
    this.fn.op('i8x16.shuffle', NARROW);
    this.cx.release(m);
  }

  /** A 32-bit-lane mask (from an i32/f32 comparison) → the bool layout. */
  protected widen(): void {
    if (this.lanes === 2) this.fn.op('i64x2.extend_low_i32x4_s');
  }

  /**
   * Applies a scalar operation lane by lane: `inputs` are v128 locals with their types;
   * `op` consumes one scalar per input (in order) and leaves one scalar of type `out`.
   */
  protected perLane(inputs: readonly { local: number; t: ConcreteTy }[], out: ConcreteTy, op: () => void): void {
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
  protected toTemps(es: readonly { e: Expr; t: ConcreteTy }[]): { local: number; t: ConcreteTy }[] {
    return es.map(({ e, t }) => {
      const local = this.cx.temp('v128');
      this.vexprAs(e, t);
      this.cx.set(local);
      return { local, t };
    });
  }

  protected releaseAll(ls: readonly { local: number }[]): void {
    for (const l of ls) this.cx.release(l.local);
  }

}


/** A v128 constant with `v` (of type t) in every lane. */
export function splatBytes(t: ConcreteTy, v: number): number[] {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let offset = 0; offset < 16; offset += t === 'f64' ? 8 : 4) {
    switch (t) {
      case 'f64': view.setFloat64(offset, v, true); break;
      case 'f32': view.setFloat32(offset, v, true); break;
      case 'i32': case 'u32': view.setUint32(offset, v >>> 0, true); break;
      case 'bool': view.setInt32(offset, v ? -1 : 0, true); break;
    }
  }
  return Array.from(bytes);
}
