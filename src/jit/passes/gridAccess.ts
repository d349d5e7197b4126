// gridAccess.ts — which arrays a kernel indexes directly by a grid index on every path,
// so a launch can reject arrays too short for the grid before anything runs.
//
// Only unconditional accesses count: statements at the top of the body before the first
// branch, loop or return, whose index is exactly a grid index variable (`out[i] = …`).
// An access under a guard (`if (i < x.length) …`, `i < x.length && x[i] > 0`,
// `i < x.length ? x[i] : 0`) is the user's business. A barrier is no branch: a cooperative
// kernel's accesses after it count too (against the launch's grid, not the grid rounded up
// to whole workgroups, whose extra invocations the kernel guards).

import type { Expr, IrKernel, Stmt } from '../ir/ir.js';

export interface GridAccess {
  /** Buffer index in IrKernel.buffers. */
  readonly buffer: number;
  /** The grid axis whose index variable is the element index. */
  readonly axis: number;
}

export function unconditionalGridAccesses(ir: IrKernel): GridAccess[] {
  const found = new Map<number, GridAccess>();
  const axisOf = (e: Expr): number => (e.k === 'local' ? ir.indexNames.indexOf(e.name) : -1);
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'load':
      case 'atomic': {
        const axis = axisOf(e.index);
        if (e.arr.kind === 'buffer' && axis >= 0 && !found.has(e.arr.index))
          found.set(e.arr.index, { buffer: e.arr.index, axis });
        visit(e.index);
        if (e.k === 'atomic') visit(e.value);
        return;
      }
      case 'bin':
        visit(e.a);
        // The right side of && and || runs only when the left one lets it.
        if (e.op !== '&&' && e.op !== '||') visit(e.b);
        return;
      case 'un':
      case 'cast':
        visit(e.a);
        return;
      case 'math':
        e.args.forEach(visit);
        return;
      case 'random':
        visit(e.seed);
        visit(e.counter);
        return;
      // The arms of ?: are conditional: only the test always runs.
      case 'select':
        visit(e.c);
        return;
      case 'const':
      case 'scalar':
      case 'local':
      case 'geom':
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
  const top = (s: Stmt): boolean => {
    switch (s.k) {
      case 'let':
        visit(s.init);
        return true;
      case 'assign':
        visit(s.value);
        return true;
      case 'expr':
        visit(s.e);
        return true;
      case 'store': {
        visit(s.index);
        visit(s.value);
        const axis = axisOf(s.index);
        if (s.arr.kind === 'buffer' && axis >= 0 && !found.has(s.arr.index))
          found.set(s.arr.index, { buffer: s.arr.index, axis });
        return true;
      }
      case 'barrier':
        return true; // every invocation reaches it (uniform control flow), and goes on after it
      default:
        return false; // control flow: later accesses may be guarded
    }
  };
  for (const s of ir.body) if (!top(s)) break;
  return [...found.values()];
}
