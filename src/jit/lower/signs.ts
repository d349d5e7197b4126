// signs.ts — which integer values are certainly non-negative in the plain function's
// numbers. A weak integer (from a literal: `let k = 2`, a loop counter from 0, a helper
// parameter given a literal, `c ? -1 : 1`) adopts the type of the value it meets; adopting
// u32 is right only when every value it can hold is ≥ 0 (`u[i] * k` for k = −1 is −3e9 in
// JavaScript, 4294967293·… as u32). Variables are tracked by declaration: a variable is
// non-negative when every value assigned to it is (LowerContext.noteAssigned; a `k--`
// anywhere makes k possibly negative, on the next round of the types' fixed point).

import type { Expr } from '../ir/ir.js';
import type { LowerContext } from './context.js';

/** Whether `e` is certainly ≥ 0 as a JavaScript number (false when unsure). */
export function provedNonNegative(cx: LowerContext, e: Expr): boolean {
  // A u32 element, argument or conversion holds no negative number (u32 arithmetic wraps,
  // as README says, and is judged by its operands below).
  if (e.t === 'u32' && (e.k === 'load' || e.k === 'scalar' || e.k === 'cast')) return true;
  switch (e.k) {
    case 'load':
      return narrowUnsignedLoad(cx, e);
    case 'const':
      return e.v >= 0 && !Object.is(e.v, -0);
    case 'local':
      return localNonNegative(cx, e.name);
    case 'cast':
      return e.a.t === e.t && provedNonNegative(cx, e.a);
    case 'select':
      return provedNonNegative(cx, e.a) && provedNonNegative(cx, e.b);
    case 'bin':
      switch (e.op) {
        case '+':
        case '*':
          return provedNonNegative(cx, e.a) && provedNonNegative(cx, e.b);
        case '%':
          return provedNonNegative(cx, e.a);
        case '>>>':
          return true;
        // `>>` and `&` read their operands as i32: a number ≥ 2³¹ turns negative there, so
        // only an operand known to be below 2³¹ (a constant) proves the result ≥ 0.
        case '>>':
          return below2to31(e.a);
        case '&':
          return below2to31(e.a) || below2to31(e.b);
        default:
          return false;
      }
    case 'math':
      switch (e.fn) {
        case 'min':
          return e.args.every((a) => provedNonNegative(cx, a));
        case 'max':
          return e.args.some((a) => provedNonNegative(cx, a));
        case 'floor':
        case 'ceil':
        case 'round':
        case 'trunc':
          return provedNonNegative(cx, e.args[0]!);
        case 'clz32':
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}

/** A constant in [0, 2³¹). */
const below2to31 = (e: Expr): boolean => e.k === 'const' && e.v >= 0 && e.v < 2 ** 31;

/** A variable all of whose values noted this round (and any earlier one) are ≥ 0. */
function localNonNegative(cx: LowerContext, irName: string): boolean {
  const decl = cx.localDecls.get(irName);
  return decl !== undefined && cx.notedDecls.has(decl) && !cx.mayBeNegative.has(decl);
}

/** An element of a Uint8Array or Uint16Array (read as an i32 in [0, 2¹⁶)). */
export function narrowUnsignedLoad(cx: LowerContext, e: Expr): boolean {
  if (e.k !== 'load') return false;
  const dtype = cx.dtypeOf(e.arr);
  return dtype === 'u8' || dtype === 'u16';
}
