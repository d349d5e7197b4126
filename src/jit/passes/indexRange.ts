// indexRange.ts — proves that an index expression stays inside a fixed range, so that an
// access to a local array (whose length is a constant) needs no guard.
//
// Histograms and radix passes index their local tables with masked or shifted digits
// (`h[k & 2047]`, `h[k >>> 22]`); every such access was guarded (compare and branch), and
// the guards cost about as much as the work in those loops. The analysis is a small
// interval evaluation over the expression tree:
//   integer constants; `a & b` (within [0, c] when one side is within [0, c], c < 2^31);
//   `a >>> s` and `a >> s` with a constant s; `a + b`, `a * b` of non-negative ranges;
//   `a % c` of a non-negative a; `select`; integer casts; and locals with exactly one
//   definition in the kernel (one `let`, never assigned), whose range is their initial
//   value's. Anything else is unknown, so the guard stays. The proof is exact for the
//   kernel language's integer semantics: i32/u32 arithmetic wraps only past the bounds
//   checked here (sums and products are proven only while they stay below 2^31).

import type { Expr, IrKernel, Stmt } from '../ir/ir.js';
import { allStmts } from '../ir/walk.js';

/** A closed integer interval [lo, hi]. */
type Range = readonly [number, number];

const I31 = 2 ** 31 - 1;

/** The initial values of the locals defined once and never assigned, per kernel. */
const singleDefs = new WeakMap<IrKernel, Map<string, Expr>>();

function definitions(ir: IrKernel): Map<string, Expr> {
  let defs = singleDefs.get(ir);
  if (defs) return defs;
  const lets = new Map<string, Expr[]>();
  const assigned = new Set<string>();
  const bodies: (readonly Stmt[])[] = [ir.body];
  if (ir.reduce?.kind === 'custom') bodies.push(ir.reduce.body);
  for (const body of bodies) {
    for (const s of allStmts(body)) {
      if (s.k === 'let') lets.set(s.name, [...(lets.get(s.name) ?? []), s.init]);
      else if (s.k === 'assign') assigned.add(s.name);
    }
  }
  defs = new Map();
  for (const [name, inits] of lets) {
    if (inits.length === 1 && !assigned.has(name)) defs.set(name, inits[0]!);
  }
  singleDefs.set(ir, defs);
  return defs;
}

const isInt = (t: string): boolean => t === 'i32' || t === 'u32';

function rangeOf(e: Expr, defs: Map<string, Expr>, depth: number): Range | null {
  if (depth > 32) return null;
  const sub = (x: Expr): Range | null => rangeOf(x, defs, depth + 1);
  switch (e.k) {
    case 'const':
      return Number.isInteger(e.v) && e.v >= 0 && e.v <= 0xffffffff ? [e.v, e.v] : null;
    case 'local': {
      const init = defs.get(e.name);
      return init && isInt(e.t) ? sub(init) : null;
    }
    case 'cast':
      // Between i32 and u32 the bits are kept: a range within [0, 2^31) is the same value.
      if (!isInt(e.t) || !isInt(e.a.t)) return null;
      {
        const r = sub(e.a);
        return r && r[1] <= I31 ? r : null;
      }
    case 'select': {
      const a = sub(e.a);
      const b = sub(e.b);
      return a && b ? [Math.min(a[0], b[0]), Math.max(a[1], b[1])] : null;
    }
    case 'bin': {
      if (!isInt(e.t)) return null;
      const a = sub(e.a);
      const b = sub(e.b);
      switch (e.op) {
        case '&': {
          // The result's bits are a subset of a non-negative operand's (in i32 too).
          const bounds = [a, b].filter((r): r is Range => r !== null && r[1] <= I31);
          return bounds.length ? [0, Math.min(...bounds.map((r) => r[1]))] : null;
        }
        case '>>>':
        case '>>': {
          if (!b || b[0] !== b[1]) return null;
          const s = b[0] & 31;
          if (a && (e.op === '>>>' || a[1] <= I31)) {
            return [Math.floor(a[0] / 2 ** s), Math.floor(a[1] / 2 ** s)];
          }
          // Any 32-bit word shifted right logically by s.
          return e.op === '>>>' && s > 0 ? [0, Math.floor(0xffffffff / 2 ** s)] : null;
        }
        case '+':
          return a && b && a[1] + b[1] <= I31 ? [a[0] + b[0], a[1] + b[1]] : null;
        case '*':
          return a && b && a[1] * b[1] <= I31 ? [a[0] * b[0], a[1] * b[1]] : null;
        case '%':
          return a && b && a[1] <= I31 && b[0] > 0 ? [0, Math.min(a[1], b[1] - 1)] : null;
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** Whether `index` (an expression of `ir`) is always an integer in [0, length). */
export function indexProvenBelow(ir: IrKernel, index: Expr, length: number): boolean {
  const r = rangeOf(index, definitions(ir), 0);
  return r !== null && r[0] >= 0 && r[1] < length;
}
