// interleavedAccess.ts — finds the counted loops of a SIMD body in which every lane walks
// its own contiguous run of an array (LLVM's "interleaved access groups").
//
// In the wasm vector loop lane l runs innermost index i + l. An access `a[base + j]` in a
// loop over j, where base varies across lanes without being stride 1 (lane l at base_l,
// e.g. `i * 64`: each invocation owns a row or segment), reads 4 unrelated elements per
// step: a per-lane gather. Four consecutive steps, though, read 4 contiguous elements per
// lane: 4 v128 loads (one per lane) and a 4×4 transpose give the 4 steps' vectors at once,
// and a store the same way backwards. simd.ts unrolls such a loop by 4 (steps j … j+3,
// each step's own statements in order, then the counter's update) while j + 4 ≤ bound and
// every lane's 4 elements are in range, and finishes with the ordinary loop.
//
// What qualifies (anything else keeps the ordinary loop): a uniform counted loop
// `for (; j < bound; j = j + 1)` (j not assigned in the body, bound loop-invariant) whose
// body is straight-line (`let`, assignment, store, expression statement; no `if`, loop,
// block, break or return) without atomics or local arrays; its group accesses are loads
// and stores of a 4-byte buffer (f32, i32, u32) at an index that varies across lanes, is
// not stride 1 and moves by exactly 1 per step; every store in the body is one of them,
// at most one per buffer; and a buffer that is stored is read only at the store's own
// index. The loads of 4 steps then happen before their stores, which changes nothing
// (step k reads element base + j + k, which no earlier step of the group writes); different
// lanes are different invocations, which have no defined order (README, "Aliasing").

import type { Expr, Stmt } from '../ir/ir.js';
import { allExprs, allStmts, stmtExprs } from '../ir/walk.js';
import { affineStep } from './affineIndex.js';
import { concrete } from '../codegen/wasm/context.js';

type Loop = Extract<Stmt, { k: 'loop' }>;
/** A load expression of the IR. */
export type LoadExpr = Extract<Expr, { k: 'load' }>;
/** A store statement of the IR. */
export type StoreStmt = Extract<Stmt, { k: 'store' }>;

/** The group accesses of a loop that qualifies (see the file header). */
export interface InterleavedLoop {
  /** The counter's name and the loop's bound. */
  readonly counter: string;
  readonly bound: Expr;
  /** Loads to take 4 steps at a time (each Expr object as it appears in the body). */
  readonly loads: readonly LoadExpr[];
  readonly stores: readonly StoreStmt[];
}

/** What the analysis needs from the vector code generator. */
export interface LaneFacts {
  /** Whether `e` differs across lanes. */
  isVarying(e: Expr): boolean;
  /** Whether `e` is innermost index + lane-invariant (contiguous across lanes). */
  stride1(e: Expr): boolean;
  /** The element type of buffer k. */
  dtypeOf(buffer: number): string;
}

const FOUR_BYTES = new Set(['f32', 'i32', 'u32']);

/** Whether two expressions are the same tree. */
function same(a: Expr, b: Expr): boolean {
  const key = (e: Expr): string =>
    JSON.stringify(e, (k, v) => (k === 't' || k === 'span' ? undefined : v));
  return key(a) === key(b);
}

/** The loop's group accesses, or null when it does not qualify (see the file header). */
export function interleavedLoop(s: Loop, facts: LaneFacts): InterleavedLoop | null {
  const cond = s.cond;
  if (s.postCond || s.overInvocations || !cond || cond.k !== 'bin' || cond.op !== '<') return null;
  if (cond.a.k !== 'local' || facts.isVarying(cond)) return null;
  if (concrete(cond.a.t) !== 'i32' || concrete(cond.b.t) !== 'i32') return null;
  const counter = cond.a.name;
  const bound = cond.b;
  const update = s.update[0];
  if (s.update.length !== 1 || update?.k !== 'assign' || update.name !== counter) return null;
  const inc = update.value;
  const isCounter = (e: Expr): boolean => e.k === 'local' && e.name === counter;
  const isOne = (e: Expr): boolean => e.k === 'const' && e.v === 1;
  if (
    inc.k !== 'bin' ||
    inc.op !== '+' ||
    !((isCounter(inc.a) && isOne(inc.b)) || (isOne(inc.a) && isCounter(inc.b)))
  )
    return null;
  const body = [...allStmts(s.body)];
  if (body.some((st) => st.k !== 'let' && st.k !== 'assign' && st.k !== 'store' && st.k !== 'expr'))
    return null;
  const written = new Set<string>();
  for (const st of body) if (st.k === 'let' || st.k === 'assign') written.add(st.name);
  if (written.has(counter)) return null;
  const exprs = body.flatMap((st) => [...stmtExprs(st)].flatMap((e) => [...allExprs(e)]));
  if (exprs.some((e) => e.k === 'atomic' || (e.k === 'load' && e.arr.kind !== 'buffer')))
    return null;
  if (
    [...allExprs(bound)].some(
      (e) =>
        (e.k === 'local' && written.has(e.name)) ||
        e.k === 'load' ||
        e.k === 'atomic' ||
        e.k === 'random',
    )
  )
    return null;
  const invariant = (name: string): boolean => !written.has(name);
  const isGroup = (buffer: number, index: Expr): boolean => {
    if (!FOUR_BYTES.has(facts.dtypeOf(buffer))) return false;
    if (!facts.isVarying(index) || facts.stride1(index)) return false;
    const step = affineStep(index, counter, invariant);
    return step !== null && step.c === 1 && step.factor === null;
  };
  const stores: StoreStmt[] = [];
  for (const st of body) {
    if (st.k !== 'store') continue;
    if (st.arr.kind !== 'buffer' || !isGroup(st.arr.index, st.index)) return null;
    if (stores.some((o) => o.arr.index === st.arr.index)) return null;
    stores.push(st);
  }
  const loads: LoadExpr[] = [];
  for (const e of exprs) {
    if (e.k !== 'load' || e.arr.kind !== 'buffer') continue;
    const buffer = e.arr.index;
    const stored = stores.find((st) => st.arr.index === buffer);
    if (stored && !same(stored.index, e.index)) return null;
    if (isGroup(buffer, e.index)) loads.push(e);
    else if (stored) return null;
  }
  if (loads.length + stores.length === 0) return null;
  return { counter, bound, loads, stores };
}
