// overwrite.ts — which arrays a kernel overwrites element for element without reading
// them, so the CPU backends need not copy such a host array into the shared heap before a
// launch whose grid covers it (marshal.ts copies it back afterwards as before).
//
// The rule is strict, proved on the IR: a 1-D, non-cooperative kernel whose index
// variable is never assigned; buffer b is never loaded nor touched by an atomic anywhere,
// and some statement of the body's straight-line prefix (before the first branch, loop or
// return, so it runs for every index) stores `b[i]` with i the grid index itself. A
// launch of grid n over an array of length n, with no range, then writes every element of
// b before the copy back, whatever the stored values are. A launch that throws half-way
// (boundsCheck) copies nothing back, so skipping the copy in changes nothing visible.

import type { IrKernel } from '../ir/ir.js';
import { allExprs, allStmts, stmtExprs } from '../ir/walk.js';

/** Indices (in IrKernel.buffers) of the buffers a full launch overwrites unread. */
export function overwrittenBuffers(ir: IrKernel): ReadonlySet<number> {
  const found = new Set<number>();
  if (ir.geometry.kind !== 'flat' || ir.indexNames.length !== 1) return found;
  const index = ir.indexNames[0]!;
  const stmts = allStmts(ir.body);
  if (stmts.some((s) => (s.k === 'assign' || s.k === 'let') && s.name === index)) return found;

  for (const s of ir.body) {
    if (s.k === 'store') {
      if (s.arr.kind === 'buffer' && s.index.k === 'local' && s.index.name === index)
        found.add(s.arr.index);
    } else if (s.k !== 'let' && s.k !== 'assign' && s.k !== 'expr') break;
  }
  for (const s of stmts)
    for (const root of stmtExprs(s))
      for (const e of allExprs(root))
        if ((e.k === 'load' || e.k === 'atomic') && e.arr.kind === 'buffer')
          found.delete(e.arr.index);
  return found;
}
