// countedLoops.ts — loop versioning for the scalar wasm emitter: a counted loop
// (`for (let j = a; j < bound; j++)`, j written nowhere else, bound invariant) whose buffer
// loads have indices affine in j (affineIndex.ts) is emitted twice. Before it, one test
// computes each such index's first and last value exactly in f64; when every one lies in
// [0, length), the copy that runs has those loads unguarded (no `index < length` test and
// branch per access), else the guarded copy runs, with the kernel language's semantics for
// an out-of-range read. An early `break` or `return` only runs fewer iterations, and a load
// under a condition is counted as if it ran every iteration (the test may then fail: the
// guarded copy runs). The SIMD emitter versions its counted loops the same way for its
// vector and uniform loads (simd.ts, countedLoopLoads).
//
// Measured on a sort of 10^7 u32 keys in empty() arrays on wasm (2 threads; six alternating
// process pairs, each the median of 10 sorts): 45 → 41 ms (minima 40 → 36). Its count,
// scatter and bucket passes read the keys in such loops.

import type { Expr, Stmt } from '../../ir/ir.js';
import { allExprs, allStmts, stmtExprs } from '../../ir/walk.js';
import { affineStep, type AffineStep } from '../../passes/affineIndex.js';
import { concrete, type KernelContext } from './context.js';

type LoopStmt = Extract<Stmt, { k: 'loop' }>;

/** Loops up to a constant bound this small are not versioned (the test costs ~25 instructions a load). */
const SHORT_LOOP = 16;

/** A buffer load whose index moves with the loop counter by a fixed step. */
export interface AffineLoad {
  readonly buffer: number;
  readonly index: Expr;
  readonly step: AffineStep;
}

/** A counted loop: `counter < bound`, counter + 1 per pass, and its affine buffer loads. */
export interface CountedLoop {
  readonly counter: string;
  readonly bound: Expr;
  readonly unsigned: boolean;
  readonly loads: readonly AffineLoad[];
}

/** Whether `e` is `name + 1` or `1 + name` (an increment of local `name`). */
export function isIncrementOf(e: Expr, name: string): boolean {
  if (e.k !== 'bin' || e.op !== '+') return false;
  const one = (x: Expr): boolean => x.k === 'const' && x.v === 1;
  const self = (x: Expr): boolean => x.k === 'local' && x.name === name;
  return (self(e.a) && one(e.b)) || (one(e.a) && self(e.b));
}

/**
 * The statements of a `for` loop's body and update, and the locals they write besides the
 * counter, when the update is the one statement `counter = counter + 1` and nothing else
 * writes the counter; else null. (What the scalar and SIMD emitters' counted loops need.)
 */
export function stepsByOne(
  s: LoopStmt,
  counter: string,
): { inner: Stmt[]; written: Set<string> } | null {
  const update = s.update[0];
  if (
    s.update.length !== 1 ||
    update?.k !== 'assign' ||
    update.name !== counter ||
    !isIncrementOf(update.value, counter)
  )
    return null;
  const inner = [...allStmts(s.body), ...allStmts(s.update)];
  const written = new Set<string>();
  for (const st of inner)
    if ((st.k === 'assign' || st.k === 'let') && st !== update) written.add(st.name);
  return written.has(counter) ? null : { inner, written };
}

/** `s` as a counted loop with at least one affine buffer load, or null. */
export function countedLoop(s: LoopStmt): CountedLoop | null {
  const cond = s.cond;
  if (s.overInvocations || s.postCond || !cond || cond.k !== 'bin' || cond.op !== '<') return null;
  if (cond.a.k !== 'local') return null;
  const counter = cond.a.name;
  const bound = cond.b;
  // A short loop of constant bound: its guards cost less than the test.
  if (bound.k === 'const' && bound.v <= SHORT_LOOP) return null;
  const t = concrete(cond.a.t);
  if ((t !== 'i32' && t !== 'u32') || concrete(bound.t) !== t) return null;
  const writes = stepsByOne(s, counter);
  if (!writes) return null;
  const { inner, written } = writes;
  const variant = (e: Expr): boolean =>
    (e.k === 'local' && written.has(e.name)) ||
    e.k === 'load' ||
    e.k === 'atomic' ||
    e.k === 'random';
  if (allExprs(bound).some(variant)) return null;
  const invariant = (local: string): boolean => !written.has(local);
  const loads: AffineLoad[] = [];
  for (const st of inner) {
    for (const root of stmtExprs(st)) {
      for (const e of allExprs(root)) {
        if (e.k !== 'load' || e.arr.kind !== 'buffer') continue;
        const buffer = e.arr.index;
        if (loads.some((l) => l.index === e.index && l.buffer === buffer)) continue;
        const step = affineStep(e.index, counter, invariant);
        if (step) loads.push({ buffer, index: e.index, step });
      }
    }
  }
  return loads.length ? { counter, bound, unsigned: t === 'u32', loads } : null;
}

/** What emitting the range test needs of the scalar emitter. */
export interface RangeTestEmitter {
  readonly cx: KernelContext;
  exprAs(e: Expr, to: 'i32' | 'u32'): void;
}

/** One affine index to test: pushers of its parts as f64 (exact), and the access width. */
export interface AffineRange {
  /** Pushes the index at the counter's current value. */
  readonly first: () => void;
  /** Pushes the loop's bound. */
  readonly bound: () => void;
  /** The counter's local, and whether it is a u32. */
  readonly counter: number;
  readonly unsigned: boolean;
  readonly step: AffineStep;
  /** Pushes the step's run-time factor (when it has one). */
  readonly factor: () => void;
  readonly buffer: number;
  /** Elements one access reads from the index on (a vector load: its lanes). */
  readonly width: number;
}

/**
 * Pushes 1 when every index an affine access takes while the counter runs from its current
 * value to bound − 1 is in range (for a vector access, all its lanes), else 0. The index is
 * affine, so its first and last values bound all the others; both are computed exactly in
 * f64 (i32 wrapping cannot hide an out-of-range index: see affineIndex.ts). Shared by the
 * scalar emitter (emitLoadInRange) and the SIMD emitter (simd.ts).
 */
export function emitAffineInRange(cx: KernelContext, r: AffineRange): void {
  const fn = cx.fn;
  const first = cx.temp('f64');
  const last = cx.temp('f64');
  const len = cx.temp('f64');
  r.first();
  cx.set(first);
  // last = first + c·factor·(bound − 1 − counter)
  cx.get(first);
  r.bound();
  cx.get(r.counter);
  fn.op(r.unsigned ? 'f64.convert_i32_u' : 'f64.convert_i32_s');
  fn.op('f64.sub');
  fn.op('f64.const', 1);
  fn.op('f64.sub');
  fn.op('f64.const', r.step.c);
  fn.op('f64.mul');
  if (r.step.factor) {
    r.factor();
    fn.op('f64.mul');
  }
  fn.op('f64.add');
  cx.set(last);
  cx.get(cx.buffers[r.buffer]!.len);
  fn.op('f64.convert_i32_u');
  fn.op('f64.const', r.width);
  fn.op('f64.sub');
  cx.set(len);
  // 0 <= first <= len − width and 0 <= last <= len − width
  const within = (v: number): void => {
    cx.get(v);
    fn.op('f64.const', 0);
    fn.op('f64.ge');
    cx.get(v);
    cx.get(len);
    fn.op('f64.le');
    fn.op('i32.and');
  };
  within(first);
  within(last);
  fn.op('i32.and');
  cx.release(first);
  cx.release(last);
  cx.release(len);
}

/** Pushes integer expression `e` as an exact f64 (its own signedness). */
export function pushF64(em: RangeTestEmitter, e: Expr): void {
  const unsigned = concrete(e.t) === 'u32';
  em.exprAs(e, unsigned ? 'u32' : 'i32');
  em.cx.fn.op(unsigned ? 'f64.convert_i32_u' : 'f64.convert_i32_s');
}

/** The range test of one load of a counted loop in scalar code (emitAffineInRange). */
export function emitLoadInRange(
  em: RangeTestEmitter,
  loop: CountedLoop,
  counter: number,
  load: AffineLoad,
): void {
  emitAffineInRange(em.cx, {
    first: () => pushF64(em, load.index),
    bound: () => pushF64(em, loop.bound),
    counter,
    unsigned: loop.unsigned,
    step: load.step,
    factor: () => load.step.factor && pushF64(em, load.step.factor),
    buffer: load.buffer,
    width: 1,
  });
}
