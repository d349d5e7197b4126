// addressing.ts — constant parts of an index folded into the access's memarg offset.
//
// `b[base + 8*p + 4 + lane]` proven in range (a counted loop's affine load, a row
// segment's contiguous access) needs no full index, only an address: emitted as
// `ptr + ((base + 8*p + lane) << 2)` with `offset=16` in the load itself, TurboFan folds
// the constant into the x64 addressing mode ([mem + addr + 16]) instead of computing
// `idx + 4` and shifting it for every access (loads at +0, +4, +8 … of one base then share
// one address). Integer `+` wraps, so regrouping the terms of a sum keeps its value.
//
// In the unguarded copy of a counted loop (simd.ts) an affine access's address is also an
// induction variable: `ptr + (rest << shift)` is computed once before the loop into a local
// that the loop's update advances by step·size bytes (passes/affineIndex.ts gives the
// step), so each access is one load at [local + offset] and each step one add per
// distinct address, instead of recomputing `ptr + ((base + 8*p + lane) << 2)` from the
// counter (x64: 7 of the 32 instructions of gemm's f32 step). Accesses whose indices differ
// only in their constant (b[o + 8*p], b[o + 8*p + 4]) share one local (inductionKey).
//
// Safe only for in-range accesses: the element index idx = rest + c is in [0, length), so
// the address ptr + rest·size = ptr + idx·size − c·size ≥ ptr − MAX_OFFSET_BYTES, and every
// buffer of the shared heap starts after its reserved first 64 KiB (backends/heap.ts
// RESERVED_BYTES), so the address never wraps below zero.

import type { Expr } from '../../ir/ir.js';
import { concrete } from './context.js';

/** The largest constant moved into a memarg offset, in bytes (well below the heap's 64 KiB). */
export const MAX_OFFSET_BYTES = 4096;

/** An integer index as signed terms plus a constant. */
export interface SplitIndex {
  readonly terms: ReadonlyArray<{ readonly e: Expr; readonly negate: boolean }>;
  /** The constant part, in elements (≥ 0 when split; 0 when not). */
  readonly c: number;
}

const isInt = (e: Expr): boolean => {
  const t = concrete(e.t);
  return t === 'i32' || t === 'u32';
};

/**
 * `index` as terms and a positive constant c (c·bytes ≤ MAX_OFFSET_BYTES), or null when it
 * has no such constant part (then emit it whole).
 */
export function splitIndex(index: Expr, bytes: number): SplitIndex | null {
  const { terms, c } = termsOf(index);
  if (c <= 0 || c * bytes > MAX_OFFSET_BYTES || terms.length === 0) return null;
  return { terms, c };
}

/** An integer index as its signed terms and constant (c may be 0 or negative). */
function termsOf(index: Expr): SplitIndex {
  const terms: Array<{ e: Expr; negate: boolean }> = [];
  let c = 0;
  const walk = (e: Expr, negate: boolean): void => {
    if (e.k === 'bin' && (e.op === '+' || e.op === '-') && isInt(e)) {
      walk(e.a, negate);
      walk(e.b, e.op === '-' ? !negate : negate);
      return;
    }
    if (e.k === 'const' && Number.isInteger(e.v)) {
      c += negate ? -e.v : e.v;
      return;
    }
    terms.push({ e, negate });
  };
  if (isInt(index)) walk(index, false);
  else terms.push({ e: index, negate: false });
  return { terms, c };
}

/**
 * A structural key of an index expression built from constants, kernel scalars, locals,
 * + - * << and casts; null for anything else (no induction address then).
 */
function exprKey(e: Expr): string | null {
  switch (e.k) {
    case 'const':
      return `${e.v}`;
    case 'scalar':
      return `$${e.index}`;
    case 'local':
      return e.name;
    case 'bin': {
      if (e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '<<') return null;
      const a = exprKey(e.a);
      const b = exprKey(e.b);
      return a === null || b === null ? null : `(${a}${e.op}${b})`;
    }
    case 'cast': {
      const a = exprKey(e.a);
      return a === null ? null : `${concrete(e.t)}(${a})`;
    }
    default:
      return null;
  }
}

/**
 * The key under which an access's induction address is kept (simd.ts): the array, whether
 * the index is taken at lane 0 of a vector, and its terms without the constant (`split`,
 * or the whole index), so that accesses differing only in their constant share one
 * address; null when the index has a part exprKey does not describe.
 */
export function inductionKey(
  array: number,
  vector: boolean,
  index: Expr,
  split: SplitIndex | null,
): string | null {
  const { terms, c } = split ? { terms: split.terms, c: 0 } : termsOf(index);
  const parts = terms.map((t) => {
    const k = exprKey(t.e);
    return k === null ? null : `${t.negate ? '-' : '+'}${k}`;
  });
  if (parts.some((x) => x === null)) return null;
  return `${array}|${vector ? 'v' : 's'}|${parts.join('')}${c === 0 ? '' : `|${c}`}`;
}
