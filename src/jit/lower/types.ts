// types.ts — small typed-IR builders used throughout lowering: conversions with JS
// semantics, truthiness, constant folding of casts, and the precision option.

import type { Expr, Ty } from '../ir/ir.js';
import { allExprs } from '../ir/walk.js';
import { hasEffect } from '../ir/effects.js';
import { isFloat, isInt, type InferType, type ValueType } from '../types/dtype.js';
import type { LowerContext, Value } from './context.js';

/** The IR type of an inference type under the kernel's precision option. */
export function irType(cx: LowerContext, ty: InferType | ValueType): Ty {
  const t = typeof ty === 'string' ? ty : ty.t;
  // precision 'f64': all float math in f64, f32 values (array elements, f32(…)) included.
  if (cx.options.precision === 'f64' && (t === 'float' || t === 'f32')) return 'f64';
  if (cx.options.precision === 'f32' && (t === 'float' || t === 'f64')) return 'f32';
  return t;
}

/**
 * A constant of type `t`. An f32 constant holds its f32 value: wasm's f32.const and WGSL's
 * literals round it anyway, and the js backend prints it as it is (under precision 'f32'
 * a literal 0.3 typed f32 kept 0.3 on js and workers, 0.30000001192092896 on wasm and
 * WebGPU: probe 9).
 */
export const constant = (t: Ty, v: number): Expr => ({
  k: 'const',
  t,
  v: t === 'f32' ? Math.fround(v) : v,
});

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
    // An atomic must run once: |x| > 0 reads x once (false for ±0 and NaN).
    if (hasEffect(e, false))
      return {
        k: 'bin',
        t: 'bool',
        op: '>',
        a: { k: 'math', t: e.t, fn: 'abs', args: [e] },
        b: zero,
      };
    // NaN is falsy: x != 0 && x == x
    const notNaN: Expr = { k: 'bin', t: 'bool', op: '==', a: e, b: e };
    return { k: 'bin', t: 'bool', op: '&&', a: nonZero, b: notNaN };
  }
  return nonZero;
}

export function truthy(v: Value): Expr {
  return truthyExpr(v.ir);
}

/**
 * An integer index (i32) from any numeric value. A float index is an element only when it
 * is an integer in [0, 2^31): in JavaScript `x[0.5]`, `x[NaN]` and `x[2 ** 32 + i]` name
 * no element (a read gives undefined, a write sets nothing), so such an index becomes −1,
 * which every backend treats as out of range (and `boundsCheck` reports) — truncating or
 * wrapping it would read or write a real element. An index made from a float remembers it
 * (floatSource): an axis of a view is not an element by itself (flatIndex).
 */
export function indexExpr(
  cx: LowerContext,
  v: Value,
  span: { start: number; end: number },
  what: string,
): Expr {
  if (v.ty.t === 'bool') cx.error('E_TYPE', `${what} is a boolean, not a number`, span);
  const e = v.ir;
  if (!isFloat(e.t)) return coerce(e, 'i32');
  if (e.k === 'const') {
    const named = Number.isInteger(e.v) && e.v >= 0 && e.v < 2 ** 31;
    return fromFloat(named ? coerce(e, 'i32') : constant('i32', -1), e);
  }
  if (allExprs(e).some((x) => x.k === 'atomic'))
    cx.error(
      'E_TYPE',
      `${what} is a float computed by an atomic: convert it with i32(…) first`,
      span,
    );
  return fromFloat(elementIndex(e), e);
}

/** `e` (a float) as an i32 index when it is an integer in [0, 2^31), else −1. */
export function elementIndex(e: Expr): Expr {
  const t = e.t;
  const integral: Expr = {
    k: 'bin',
    t: 'bool',
    op: '==',
    a: e,
    b: { k: 'math', t, fn: 'trunc', args: [e] },
  };
  const inRange: Expr = {
    k: 'bin',
    t: 'bool',
    op: '&&',
    a: { k: 'bin', t: 'bool', op: '>=', a: e, b: constant(t, 0) },
    b: { k: 'bin', t: 'bool', op: '<', a: e, b: constant(t, 2 ** 31) },
  };
  const names: Expr = { k: 'bin', t: 'bool', op: '&&', a: integral, b: inRange };
  return { k: 'select', t: 'i32', c: names, a: coerce(e, 'i32'), b: constant('i32', -1) };
}

/**
 * The float each index indexExpr made from one came from. On one axis of a view an index
 * need not be an element by itself: the plain function adds offset + Σ index·stride in
 * floats and reads the element that sum names, if any (`m.get(1, -1)` of a [2, 4] matrix is
 * element (0, 3), `m.get(0.5, j)` with a row stride of 4 is element (0, j + 2), and
 * `m.get(1, NaN)` is none), so flatIndex sums the floats.
 */
const floatSources = new WeakMap<Expr, Expr>();

function fromFloat(index: Expr, source: Expr): Expr {
  floatSources.set(index, source);
  return index;
}

/** An index made from float `source` as indexExpr makes it (flatIndex sums `source`). */
export function floatIndex(source: Expr): Expr {
  return fromFloat(elementIndex(source), source);
}

/** The float an index made by indexExpr came from (undefined: it was an integer). */
export function floatSource(index: Expr): Expr | undefined {
  return floatSources.get(index);
}

export const isIntType = (t: Ty): boolean => isInt(t);
