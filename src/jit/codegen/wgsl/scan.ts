// wgsl/scan.ts — read-only walks over an IR kernel that the WGSL codegen and the
// webgpu backend need before emitting: which buffers see atomics, which types appear,
// how hot each buffer's loads are.

import type { Expr, IrKernel, Stmt } from '../../ir/ir.js';
import type { ValueType } from '../../types/dtype.js';
import { InternalError } from '../../diagnostics.js';

/**
 * Calls `visit` on every expression of the kernel (body and custom reduce), outer first,
 * with the number of loops around it.
 */
export function forEachExpr(ir: IrKernel, visit: (e: Expr, loopDepth: number) => void): void {
  let depth = 0;
  const expr = (e: Expr): void => {
    visit(e, depth);
    switch (e.k) {
      case 'const': case 'scalar': case 'local': return;
      case 'bin': expr(e.a); expr(e.b); return;
      case 'un': case 'cast': expr(e.a); return;
      case 'select': expr(e.c); expr(e.a); expr(e.b); return;
      case 'math': e.args.forEach(expr); return;
      case 'load': expr(e.index); return;
      case 'atomic': expr(e.index); expr(e.value); return;
      case 'random': expr(e.seed); expr(e.counter); return;
      default: {
        const never: never = e;
        throw new InternalError(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };
  const stmts = (list: readonly Stmt[]): void => list.forEach(stmt);
  const stmt = (s: Stmt): void => {
    switch (s.k) {
      case 'let': expr(s.init); return;
      case 'assign': expr(s.value); return;
      case 'store': expr(s.index); expr(s.value); return;
      case 'expr': expr(s.e); return;
      case 'if': expr(s.cond); stmts(s.then); stmts(s.else); return;
      case 'loop':
        depth++;
        if (s.cond) expr(s.cond);
        stmts(s.body); stmts(s.update);
        if (s.postCond) expr(s.postCond);
        depth--;
        return;
      case 'block': stmts(s.body); return;
      case 'break': case 'continue': return;
      case 'return': if (s.value) expr(s.value); return;
      default: {
        const never: never = s;
        throw new InternalError(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  };
  stmts(ir.body);
  if (ir.reduce?.kind === 'custom') stmts(ir.reduce.body);
}

/** Every value type that some expression, declaration or scalar of the kernel has. */
export function typesUsed(ir: IrKernel): Set<ValueType> {
  const types = new Set<ValueType>();
  forEachExpr(ir, (e) => types.add(e.t));
  const decls = (list: readonly Stmt[]): void => {
    for (const s of list) {
      if (s.k === 'let') types.add(s.t);
      else if (s.k === 'if') { decls(s.then); decls(s.else); }
      else if (s.k === 'loop') { decls(s.body); decls(s.update); }
      else if (s.k === 'block') decls(s.body);
    }
  };
  decls(ir.body);
  for (const s of ir.scalars) types.add(s.type);
  if (ir.reduce) types.add(ir.reduce.t);
  return types;
}

/** Indices of the buffers some atomic operation targets. */
export function collectAtomicBuffers(ir: IrKernel): Set<number> {
  const found = new Set<number>();
  forEachExpr(ir, (e) => {
    if (e.k === 'atomic' && e.arr.kind === 'buffer') found.add(e.arr.index);
  });
  return found;
}

/**
 * An estimate of how often each buffer is loaded per grid index: every load site counts
 * 16^(loops around it). Ranks buffers only (which to make a little slower to reach).
 */
export function loadWeights(ir: IrKernel): number[] {
  const weights = ir.buffers.map(() => 0);
  forEachExpr(ir, (e, depth) => {
    if (e.k === 'load' && e.arr.kind === 'buffer') weights[e.arr.index] = (weights[e.arr.index] ?? 0) + 16 ** depth;
  });
  return weights;
}
