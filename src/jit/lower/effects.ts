// effects.ts (lowering) — what the statements an expression's lowering emits (an inlined helper's)
// may do, which decides where lowering has to place them: ahead of the expression, under
// an `if` where the expression runs conditionally, or after operands read before them.

import type { Stmt } from '../ir/ir.js';
import { allExprs, allStmts, stmtExprs } from '../ir/walk.js';
import { hasEffect } from '../ir/effects.js';

/** Whether running `stmts` may change an array element or meet other invocations. */
export function writesMemory(stmts: readonly Stmt[]): boolean {
  return allStmts(stmts).some(
    (s) =>
      s.k === 'store' ||
      s.k === 'barrier' ||
      stmtExprs(s).some((e) => allExprs(e).some((x) => x.k === 'atomic')),
  );
}

/**
 * Whether `stmts` may run where the plain function would not run them, with no
 * difference but time: no loop (it might not end), no store, atomic or barrier, and,
 * under boundsCheck, no load (its index may be out of range where the operand is not
 * taken; unchecked, such a load is as harmless as one in a select's arm). Such
 * statements (a helper that computes from its arguments) stay ahead of a `?:` or `&&`,
 * which keeps the select the vectoriser wants.
 */
export function safeToRunEagerly(stmts: readonly Stmt[], boundsCheck: boolean): boolean {
  return allStmts(stmts).every(
    (s) =>
      (s.k === 'let' || s.k === 'assign' || s.k === 'if' || s.k === 'block' || s.k === 'break') &&
      stmtExprs(s).every((e) => !hasEffect(e, boundsCheck)),
  );
}
