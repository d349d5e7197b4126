// types.ts — small typed-IR builders used throughout lowering: conversions with JS
// semantics, truthiness, constant folding of casts, and the precision option.

import type { Expr, Ty } from '../ir/ir.js';
import { isFloat, isInt, type InferType, type ValueType } from '../types/dtype.js';
import type { LowerContext, Value } from './context.js';

/** The IR type of an inference type under the kernel's precision option. */
export function irType(cx: LowerContext, ty: InferType | ValueType): Ty {
  const t = typeof ty === 'string' ? ty : ty.t;
  if (cx.options.precision === 'f64' && t === 'float') return 'f64';
  if (cx.options.precision === 'f32' && (t === 'float' || t === 'f64')) return 'f32';
  return t;
}

export const constant = (t: Ty, v: number): Expr => ({ k: 'const', t, v });

/** JS conversion of a number to `t` (for folding constants). */
export function convertNumber(v: number, t: Ty): number {
  switch (t) {
    case 'i32':
      return v | 0;
    case 'u32':
      return v >>> 0;
    case 'f32':
      return Math.fround(v);
    case 'bool':
      return v !== 0 && !Number.isNaN(v) ? 1 : 0;
    case 'f64':
    case 'float':
      return v;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** `e` converted to `t` with JS semantics (a no-op when it already has that type). */
export function coerce(e: Expr, t: Ty): Expr {
  if (e.t === t) return e;
  if (e.k === 'const') {
    // Keep NaN/Infinity literals as floats; fold everything else.
    return constant(t, convertNumber(e.v, t));
  }
  if (t === 'bool') return truthyExpr(e);
  return { k: 'cast', t, a: e };
}

/** The JS truthiness of `e` as a bool expression. */
export function truthyExpr(e: Expr): Expr {
  if (e.t === 'bool') return e;
  if (e.k === 'const') return constant('bool', convertNumber(e.v, 'bool'));
  const zero = constant(e.t, 0);
  const nonZero: Expr = { k: 'bin', t: 'bool', op: '!=', a: e, b: zero };
  if (isFloat(e.t)) {
    // NaN is falsy: x != 0 && x == x
    const notNaN: Expr = { k: 'bin', t: 'bool', op: '==', a: e, b: e };
    return { k: 'bin', t: 'bool', op: '&&', a: nonZero, b: notNaN };
  }
  return nonZero;
}

export function truthy(v: Value): Expr {
  return truthyExpr(v.ir);
}

/** An integer index (i32) from any numeric value: floats truncate as ToInt32. */
export function indexExpr(
  cx: LowerContext,
  v: Value,
  span: { start: number; end: number },
  what: string,
): Expr {
  if (v.ty.t === 'bool') cx.error('E_TYPE', `${what} is a boolean, not a number`, span);
  return coerce(v.ir, 'i32');
}

export const isIntType = (t: Ty): boolean => isInt(t);
