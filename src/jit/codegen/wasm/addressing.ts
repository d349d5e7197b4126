// addressing.ts — constant parts of an index folded into the access's memarg offset.
//
// `b[base + 8*p + 4 + lane]` proven in range (a counted loop's affine load, a row
// segment's contiguous access) needs no full index, only an address: emitted as
// `ptr + ((base + 8*p + lane) << 2)` with `offset=16` in the load itself, TurboFan folds
// the constant into the x64 addressing mode ([mem + addr + 16]) instead of computing
// `idx + 4` and shifting it for every access (loads at +0, +4, +8 … of one base then share
// one address). Integer `+` wraps, so regrouping the terms of a sum keeps its value.
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
  if (!isInt(index) || index.k !== 'bin' || (index.op !== '+' && index.op !== '-')) return null;
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
  walk(index, false);
  if (c <= 0 || c * bytes > MAX_OFFSET_BYTES || terms.length === 0) return null;
  return { terms, c };
}
