// phaseGuard.ts — the invocations a guarded phase needs to visit (for passes/phaseSplit.ts).
//
// A phase whose whole body is `if (cond) { … }` runs its work only for the invocations where
// `cond` holds. When `cond` is a conjunction with terms that bound the invocation's
// workgroup-axis-0 position by a value uniform over the phase —
//
//   l < s,  l <= s,  l > s,  l >= s,  l === s   (and mirrored: s > l, …)
//   i < n, …                                     (i the axis-0 grid index = g·size₀ + l)
//
// with l the axis-0 localId, s and n i32 values no invocation of the phase can change
// (constants, kernel scalars, workgroup-level variables, groupId) — those invocations
// are a contiguous range [lo, hi) of localId(0), hence of the invocation number (axis 0
// varies slowest: invocation = localId(0) · stride + the rest). The phase then loops over
// that range only; the recognised terms are dropped from the condition, the others kept.
// Exact: each bound is computed as the condition is (i32 values, JS comparison of
// integers), clamped to [0, size₀] before any ±1 can overflow; with a grid-index term the
// offset g·size₀ is subtracted in f64, where every i32 difference is exact.
// A bound after a term with an effect (an atomic, a checked load: ir/effects.ts) stays in
// the condition: testing it first would skip the effect where the plain function runs it.

import type { BinOp, Expr, Stmt } from '../ir/ir.js';
import { allExprs } from '../ir/walk.js';
import { hasEffect } from '../ir/effects.js';

/** What phaseSplit tells the guard analysis about a phase's names. */
export interface GuardNames {
  /** The phase's name for localId(0). */
  readonly local0: string;
  /** The grid index of axis 0 (its value is groupId(0) · size₀ + localId(0)), or null. */
  readonly index0: string | null;
  /** The flat kernel's name for groupId(0). */
  readonly group0: string;
  /** The workgroup's extent along axis 0. */
  readonly size0: number;
  /** Whether a variable has one value for the whole phase (workgroup-level or groupId). */
  readonly uniform: (name: string) => boolean;
  /** A fresh variable name. */
  readonly fresh: (base: string) => string;
  /** Whether loads are checked (a checked load is an effect: it may throw). */
  readonly boundsCheck: boolean;
}

/** The range of localId(0) a guard admits, and what is left of the condition. */
export interface InvocationRange {
  /** Lets computing the bounds, to run once before the phase's loop. */
  readonly setup: Stmt[];
  /** i32 bounds of localId(0), both in [0, size₀]: the phase runs lo ≤ localId(0) < hi. */
  readonly lo: Expr;
  readonly hi: Expr;
  /** The condition's other terms (still tested per invocation), or null when none is left. */
  readonly rest: Expr | null;
}

/** The localId(0) range `cond` admits (see the file header), or null when it bounds nothing. */
export function invocationRange(cond: Expr, names: GuardNames): InvocationRange | null {
  const terms = conjuncts(cond);
  const setup: Stmt[] = [];
  const los: Expr[] = [];
  const his: Expr[] = [];
  const rest: Expr[] = [];
  let afterEffect = false;
  for (const term of terms) {
    const bound = afterEffect ? null : boundOf(term, names);
    if (!bound) {
      rest.push(term);
      afterEffect ||= hasEffect(term, names.boundsCheck);
      continue;
    }
    const n = names.size0;
    let below: Expr;
    let upTo: Expr;
    if (!bound.offset && bound.value.k === 'const') {
      const v = bound.value.v;
      below = i32(Math.min(Math.max(v, 0), n));
      upTo = i32(Math.min(Math.max(v, -1), n - 1) + 1);
    } else {
      // The bound's value once, in a variable (f64 when an offset is subtracted).
      const t = bound.offset ? 'f64' : 'i32';
      let v = bound.value;
      if (bound.offset || (v.k !== 'local' && v.k !== 'scalar')) {
        const name = names.fresh('nb_bound');
        const init: Expr = bound.offset
          ? {
              k: 'bin',
              t: 'f64',
              op: '-',
              a: { k: 'cast', t: 'f64', a: bound.value },
              b: { k: 'cast', t: 'f64', a: bound.offset },
            }
          : bound.value;
        setup.push({ k: 'let', name, t, init });
        v = { k: 'local', t, name };
      }
      // l < v ⇔ l < clamp(v, 0, n);  l ≤ v ⇔ l < clamp(v, −1, n − 1) + 1 (for 0 ≤ l < n).
      below = toI32(clamp(v, 0, n, t));
      upTo = add1(toI32(clamp(v, -1, n - 1, t)));
    }
    switch (bound.op) {
      case '<':
        his.push(below);
        break;
      case '<=':
        his.push(upTo);
        break;
      case '>':
        los.push(upTo);
        break;
      case '>=':
        los.push(below);
        break;
      case '==':
        los.push(below);
        his.push(upTo);
        break;
    }
  }
  if (los.length === 0 && his.length === 0) return null;
  // Every bound is already in [0, size₀]: the tightest of them, or the whole range.
  const lo = los.length ? los.reduce((a, b) => pick('>', a, b)) : i32(0);
  const hi = his.length ? his.reduce((a, b) => pick('<', a, b)) : i32(names.size0);
  const left = rest.reduce<Expr | null>(
    (a, b) => (a ? { k: 'bin', t: 'bool', op: '&&', a, b } : b),
    null,
  );
  return { setup, lo, hi, rest: left };
}

/** The terms of a conjunction `a && b && …` (truthy exactly when every term is). */
function conjuncts(e: Expr): Expr[] {
  if (e.k === 'bin' && e.op === '&&') return [...conjuncts(e.a), ...conjuncts(e.b)];
  return [e];
}

type Order = '<' | '<=' | '>' | '>=' | '==';

const MIRROR: Readonly<Record<Order, Order>> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
};

/**
 * `localId(0) op value` (value − offset when the term compares the grid index), or null
 * when the term is not an i32 comparison of the invocation's position with a uniform value.
 */
function boundOf(
  term: Expr,
  names: GuardNames,
): { op: Order; value: Expr; offset: Expr | null } | null {
  if (term.k !== 'bin' || !(term.op in MIRROR)) return null;
  const op = term.op as Order;
  const position = (x: Expr): Expr | null | undefined => {
    if (x.k !== 'local' || x.t !== 'i32') return undefined;
    if (x.name === names.local0) return null;
    if (x.name === names.index0) {
      return {
        k: 'bin',
        t: 'i32',
        op: '*',
        a: { k: 'local', t: 'i32', name: names.group0 },
        b: i32(names.size0),
      };
    }
    return undefined;
  };
  const uniform = (x: Expr): boolean =>
    x.t === 'i32' &&
    allExprs(x).every(
      (y) =>
        y.k === 'const' ||
        y.k === 'scalar' ||
        y.k === 'bin' ||
        y.k === 'un' ||
        y.k === 'cast' ||
        y.k === 'select' ||
        (y.k === 'local' && names.uniform(y.name)),
    );
  const left = position(term.a);
  if (left !== undefined && uniform(term.b)) return { op, value: term.b, offset: left };
  const right = position(term.b);
  if (right !== undefined && uniform(term.a))
    return { op: MIRROR[op], value: term.a, offset: right };
  return null;
}

function i32(v: number): Expr {
  return { k: 'const', t: 'i32', v };
}

/** min(max(v, lo), hi) of type t (i32 or f64). */
function clamp(v: Expr, lo: number, hi: number, t: 'i32' | 'f64'): Expr {
  const c = (x: number): Expr => ({ k: 'const', t, v: x });
  const low: Expr = {
    k: 'select',
    t,
    c: { k: 'bin', t: 'bool', op: '<', a: v, b: c(lo) },
    a: c(lo),
    b: v,
  };
  return {
    k: 'select',
    t,
    c: { k: 'bin', t: 'bool', op: '>', a: v, b: c(hi) },
    a: c(hi),
    b: low,
  };
}

function toI32(e: Expr): Expr {
  return e.t === 'i32' ? e : { k: 'cast', t: 'i32', a: e };
}

function add1(e: Expr): Expr {
  return { k: 'bin', t: 'i32', op: '+', a: e, b: i32(1) };
}

/** a if `a op b` else b (max with '>', min with '<'). */
function pick(op: BinOp, a: Expr, b: Expr): Expr {
  return { k: 'select', t: 'i32', c: { k: 'bin', t: 'bool', op, a, b }, a, b };
}
