// sameValue.ts — whether two IR expressions compute the same value when evaluated one
// after the other with nothing in between: the same tree (operators, types, constants,
// locals, kernel scalars, arrays and indices; source spans ignored) and no effect. Code
// generators use it to evaluate an operand once where an expression uses it twice
// (`x[i] * x[i]`, `(a[i] - b[i]) * (a[i] - b[i])`): V8 does not merge two loads of wasm
// memory, and a memory-bound loop pays for every one.
//
// Loads count as values: within one expression nothing writes memory unless an atomic
// runs, and an expression with an atomic never matches (hasEffect). A load that throws
// under boundsCheck throws at its first evaluation, so evaluating it once is the same.

import type { Expr } from './ir.js';
import { hasEffect } from './effects.js';

/** Whether `a` and `b` are the same effect-free expression (see the file header). */
export function sameValue(a: Expr, b: Expr): boolean {
  return a === b ? !hasEffect(a, false) : sameTree(a, b) && !hasEffect(a, false);
}

/**
 * Whether `a` and `b` are the same expression (sameValue) and worth evaluating once: not a
 * local, constant or kernel scalar, which are read again more cheaply than kept.
 */
export function sharedOperand(a: Expr, b: Expr): boolean {
  const cheap = a.k === 'local' || a.k === 'const' || a.k === 'scalar' || a.k === 'geom';
  return !cheap && sameValue(a, b);
}

function sameTree(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (a.k !== b.k || a.t !== b.t) return false;
  switch (a.k) {
    case 'const':
      return Object.is(a.v, (b as typeof a).v);
    case 'scalar':
      return a.index === (b as typeof a).index;
    case 'local':
      return a.name === (b as typeof a).name;
    case 'bin': {
      const o = b as typeof a;
      return a.op === o.op && sameTree(a.a, o.a) && sameTree(a.b, o.b);
    }
    case 'un': {
      const o = b as typeof a;
      return a.op === o.op && sameTree(a.a, o.a);
    }
    case 'cast':
      return sameTree(a.a, (b as typeof a).a);
    case 'select': {
      const o = b as typeof a;
      return sameTree(a.c, o.c) && sameTree(a.a, o.a) && sameTree(a.b, o.b);
    }
    case 'math': {
      const o = b as typeof a;
      return (
        a.fn === o.fn &&
        a.args.length === o.args.length &&
        a.args.every((x, k) => sameTree(x, o.args[k]!))
      );
    }
    case 'load': {
      const o = b as typeof a;
      return a.arr.kind === o.arr.kind && a.arr.index === o.arr.index && sameTree(a.index, o.index);
    }
    case 'random': {
      const o = b as typeof a;
      return sameTree(a.seed, o.seed) && sameTree(a.counter, o.counter);
    }
    case 'geom': {
      const o = b as typeof a;
      return a.of === o.of && a.axis === o.axis;
    }
    case 'atomic':
      return false;
    default: {
      const never: never = a;
      return never;
    }
  }
}
