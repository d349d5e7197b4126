// maskAnalysis.ts — facts about a kernel's masked (lane-divergent) loops that let the SIMD
// emitter skip mask bookkeeping ISPC-style:
//
// * Plain-exit loops: lanes leave loop L only through `break L` (no `return`, no
//   `continue L`, no break/continue to a label outside L). Then the lanes active after L
//   are exactly those active before it, so L needs no exit or continue masks: `break`
//   just clears lanes from `exec`, and `exec` is restored from the entry mask afterwards.
// * Unmerged assignments: `v = e` directly in the body of a plain-exit loop L, where every
//   read of v lies inside L and v is declared (once) in the same loop nesting as L. Lanes
//   masked off there have left L for good and never read v again, so the new value needs
//   no `v128.bitselect` merge (Mandelbrot's zr and zi).
//
// Both are conservative: a name declared more than once never qualifies.

import type { Stmt } from '../ir/ir.js';
import { allExprs, allStmts, stmtExprs } from '../ir/walk.js';

/** What the SIMD emitter may skip; see the file header. */
export interface MaskFacts {
  readonly plainExitLoops: ReadonlySet<string>;
  readonly unmergedAssigns: ReadonlySet<Stmt>;
}

type Loop = Extract<Stmt, { k: 'loop' }>;

function loopStmts(l: Loop): Stmt[] {
  return [...allStmts(l.body), ...allStmts(l.update)];
}

/** Labels of loops and blocks declared inside `ss` (recursively). */
function labelsWithin(ss: readonly Stmt[]): Set<string> {
  const labels = new Set<string>();
  for (const s of ss) if (s.k === 'loop' || s.k === 'block') labels.add(s.label);
  return labels;
}

function isPlainExit(l: Loop): boolean {
  const inner = loopStmts(l);
  const local = labelsWithin(inner);
  for (const s of inner) {
    if (s.k === 'return') return false;
    if (s.k === 'continue' && !local.has(s.label)) return false;
    if (s.k === 'break' && s.label !== l.label && !local.has(s.label)) return false;
  }
  return true;
}

/** Reads of each local name among the expressions of `ss` (recursively). */
function countReads(ss: Iterable<Stmt>, into = new Map<string, number>()): Map<string, number> {
  for (const s of ss) {
    for (const root of stmtExprs(s)) {
      for (const e of allExprs(root)) {
        if (e.k === 'local') into.set(e.name, (into.get(e.name) ?? 0) + 1);
      }
    }
  }
  return into;
}

/** Analyses a kernel body; see MaskFacts. */
export function analyseMasks(body: readonly Stmt[]): MaskFacts {
  const plainExitLoops = new Set<string>();
  const unmergedAssigns = new Set<Stmt>();
  // Innermost enclosing loop (label or null) of every `let` and every loop.
  const declaredIn = new Map<string, Array<string | null>>();
  const loopParent = new Map<Loop, string | null>();
  const visit = (ss: readonly Stmt[], enclosing: string | null): void => {
    for (const s of ss) {
      switch (s.k) {
        case 'let': {
          const list = declaredIn.get(s.name) ?? [];
          list.push(enclosing);
          declaredIn.set(s.name, list);
          break;
        }
        case 'if':
          visit(s.then, enclosing);
          visit(s.else, enclosing);
          break;
        case 'block':
          visit(s.body, enclosing);
          break;
        case 'loop':
          loopParent.set(s, enclosing);
          visit(s.body, s.label);
          visit(s.update, s.label);
          break;
        case 'assign':
        case 'store':
        case 'expr':
        case 'break':
        case 'continue':
        case 'return':
        case 'barrier':
          break;
        default: {
          const never: never = s;
          throw new Error(`unknown statement ${JSON.stringify(never)}`);
        }
      }
    }
  };
  visit(body, null);
  const allReads = countReads(allStmts(body));

  for (const [loop, parent] of loopParent) {
    if (!isPlainExit(loop)) continue;
    plainExitLoops.add(loop.label);
    // Reads inside the loop: its own condition(s) plus every statement within.
    const readsInside = countReads([loop, ...loopStmts(loop)]);
    for (const s of loop.body) {
      if (s.k !== 'assign') continue;
      const decls = declaredIn.get(s.name);
      if (decls?.length !== 1 || decls[0] !== parent) continue;
      if ((readsInside.get(s.name) ?? 0) !== (allReads.get(s.name) ?? 0)) continue;
      unmergedAssigns.add(s);
    }
  }
  return { plainExitLoops, unmergedAssigns };
}
