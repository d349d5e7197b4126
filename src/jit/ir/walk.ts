// walk.ts — the generic walks over the IR: visiting every expression and statement, and
// rebuilding a kernel with some nodes replaced. Analyses and passes use these instead of
// writing their own switch over every node kind.

import type { Expr, IrKernel, Stmt } from './ir.js';

/** The direct sub-expressions of `e`, in evaluation order. */
export function exprChildren(e: Expr): Expr[] {
  switch (e.k) {
    case 'const':
    case 'scalar':
    case 'local':
      return [];
    case 'bin':
      return [e.a, e.b];
    case 'un':
    case 'cast':
      return [e.a];
    case 'select':
      return [e.c, e.a, e.b];
    case 'math':
      return [...e.args];
    case 'load':
      return [e.index];
    case 'atomic':
      return [e.index, e.value];
    case 'random':
      return [e.seed, e.counter];
    case 'geom':
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The expressions a statement evaluates directly (not those of nested statements). */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.k) {
    case 'let':
      return [s.init];
    case 'assign':
      return [s.value];
    case 'store':
      return [s.index, s.value];
    case 'expr':
      return [s.e];
    case 'if':
      return [s.cond];
    case 'loop':
      return [...(s.cond ? [s.cond] : []), ...(s.postCond ? [s.postCond] : [])];
    case 'return':
      return s.value ? [s.value] : [];
    case 'block':
    case 'break':
    case 'continue':
    case 'barrier':
      return [];
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** The statement lists nested directly in `s`. */
export function stmtChildren(s: Stmt): (readonly Stmt[])[] {
  switch (s.k) {
    case 'if':
      return [s.then, s.else];
    case 'loop':
      return [s.body, s.update];
    case 'block':
      return [s.body];
    default:
      return [];
  }
}

/** Every statement of `ss`, nested ones included, in order. */
export function allStmts(ss: readonly Stmt[], out: Stmt[] = []): Stmt[] {
  for (const s of ss) {
    out.push(s);
    for (const list of stmtChildren(s)) allStmts(list, out);
  }
  return out;
}

/** `e` and every sub-expression, pre-order. */
export function allExprs(e: Expr, out: Expr[] = []): Expr[] {
  out.push(e);
  for (const c of exprChildren(e)) allExprs(c, out);
  return out;
}

/** Visits every statement of `stmts`, outer first, with the number of loops around it. */
export function forEachStmt(
  stmts: readonly Stmt[],
  visit: (s: Stmt, loopDepth: number) => void,
  depth = 0,
): void {
  for (const s of stmts) {
    visit(s, depth);
    for (const list of stmtChildren(s)) forEachStmt(list, visit, depth + (s.k === 'loop' ? 1 : 0));
  }
}

/**
 * Visits every expression of the kernel (body and custom combiner), outer first, with the
 * number of loops around it.
 */
export function forEachExpr(ir: IrKernel, visit: (e: Expr, loopDepth: number) => void): void {
  const expr = (e: Expr, depth: number): void => {
    visit(e, depth);
    for (const c of exprChildren(e)) expr(c, depth);
  };
  const bodies = ir.reduce?.kind === 'custom' ? [ir.body, ir.reduce.body] : [ir.body];
  for (const body of bodies) {
    forEachStmt(body, (s, depth) => {
      for (const e of stmtExprs(s)) expr(e, depth + (s.k === 'loop' ? 1 : 0));
    });
  }
}

/** How mapKernel rewrites nodes: each hook gets a node whose children are already mapped. */
export interface Rewrite {
  expr?(e: Expr): Expr;
  stmt?(s: Stmt): Stmt;
}

/** Rebuilds an expression bottom-up. */
export function mapExpr(e: Expr, r: Rewrite): Expr {
  const m = (x: Expr): Expr => mapExpr(x, r);
  let out: Expr;
  switch (e.k) {
    case 'const':
    case 'scalar':
    case 'local':
      out = e;
      break;
    case 'bin':
      out = { ...e, a: m(e.a), b: m(e.b) };
      break;
    case 'un':
    case 'cast':
      out = { ...e, a: m(e.a) };
      break;
    case 'select':
      out = { ...e, c: m(e.c), a: m(e.a), b: m(e.b) };
      break;
    case 'math':
      out = { ...e, args: e.args.map(m) };
      break;
    case 'load':
      out = { ...e, index: m(e.index) };
      break;
    case 'atomic':
      out = { ...e, index: m(e.index), value: m(e.value) };
      break;
    case 'random':
      out = { ...e, seed: m(e.seed), counter: m(e.counter) };
      break;
    case 'geom':
      out = e;
      break;
    default: {
      const never: never = e;
      return never;
    }
  }
  return r.expr ? r.expr(out) : out;
}

/** Rebuilds statements bottom-up. */
export function mapStmts(stmts: readonly Stmt[], r: Rewrite): Stmt[] {
  return stmts.map((s) => mapStmt(s, r));
}

function mapStmt(s: Stmt, r: Rewrite): Stmt {
  const e = (x: Expr): Expr => mapExpr(x, r);
  let out: Stmt;
  switch (s.k) {
    case 'let':
      out = { ...s, init: e(s.init) };
      break;
    case 'assign':
      out = { ...s, value: e(s.value) };
      break;
    case 'store':
      out = { ...s, index: e(s.index), value: e(s.value) };
      break;
    case 'expr':
      out = { ...s, e: e(s.e) };
      break;
    case 'if':
      out = { ...s, cond: e(s.cond), then: mapStmts(s.then, r), else: mapStmts(s.else, r) };
      break;
    case 'loop':
      out = {
        ...s,
        cond: s.cond && e(s.cond),
        body: mapStmts(s.body, r),
        update: mapStmts(s.update, r),
        postCond: s.postCond && e(s.postCond),
      };
      break;
    case 'block':
      out = { ...s, body: mapStmts(s.body, r) };
      break;
    case 'return':
      out = { ...s, value: s.value && e(s.value) };
      break;
    case 'break':
    case 'continue':
    case 'barrier':
      out = s;
      break;
    default: {
      const never: never = s;
      return never;
    }
  }
  return r.stmt ? r.stmt(out) : out;
}

/** The kernel with its body and custom combiner rewritten. */
export function mapKernel(ir: IrKernel, r: Rewrite): IrKernel {
  const reduce =
    ir.reduce?.kind === 'custom' ? { ...ir.reduce, body: mapStmts(ir.reduce.body, r) } : ir.reduce;
  return { ...ir, body: mapStmts(ir.body, r), reduce };
}
