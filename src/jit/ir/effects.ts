// effects.ts — which IR expressions are observable beyond their value. An atomic writes
// memory; under boundsCheck a load can throw (the located RangeError). Nothing else can:
// integer `/` is computed in floating point and integer `%` never divides by zero in any
// generator, Math functions and `random` are pure.
//
// A code generator may evaluate an operand the plain function might skip (the right side
// of `&&` / `||`, the arms of `?:`) eagerly — a `select`, an `and` of both sides — only when
// the operand has no effect. An operand with one needs real control flow.

import type { Expr } from './ir.js';
import { exprChildren } from './walk.js';

/** Whether evaluating `e` can have an effect beyond its value (see the file header). */
export function hasEffect(e: Expr, boundsCheck: boolean): boolean {
  if (e.k === 'atomic') return true;
  if (e.k === 'load' && boundsCheck) return true;
  for (const c of exprChildren(e)) if (hasEffect(c, boundsCheck)) return true;
  return false;
}
