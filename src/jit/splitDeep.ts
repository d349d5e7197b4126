// splitDeep.ts — keeps every expression of a kernel shallow enough to compile.
//
// A sum of thousands of terms is a left-nested tree thousands of levels deep: the
// compiler's recursive walks would exhaust the stack, WGSL's parser stops near 127
// levels and V8's near a few thousand. So at definition time, a deep chain of binary or
// logical operators in a statement is cut into pieces of PIECE operators, each piece a
// `const` declared just before the statement: `s = t1 + …` with `const t1 = a + b + …`.
// JavaScript evaluates the left operand first, so the values and their order are those of
// the original (and a `&&`/`||` chain keeps its short-circuit: `t1 && c` is `(a && b) && c`).
// Pieces are hoisted only out of expressions without side effects (no atomics, no helper
// calls), and not out of loop conditions (evaluated on every pass). Whatever is still
// deeper than MAX_DEPTH is a located KernelError, never a stack overflow.

import type { Expr, FunctionAst, Stmt } from './ast.js';
import { KernelError, type SourceInfo } from './diagnostics.js';

/** Chains deeper than this are split. */
const SPLIT_DEPTH = 64;
/** Operators per hoisted piece. */
const PIECE = 48;
/** Deeper expressions are refused. */
export const MAX_DEPTH = 256;

/** The children of an expression (operands, arguments, indices). */
function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'num':
    case 'bool':
    case 'ident':
      return [];
    case 'member':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'call':
      return [e.callee, ...e.args];
    case 'binary':
    case 'logical':
      return [e.left, e.right];
    case 'unary':
      return [e.arg];
    case 'cond':
      return [e.test, e.then, e.else];
    case 'newArray':
      return [e.length];
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Depth of an expression tree and its deepest node, computed without recursion. */
function measure(root: Expr): { depth: number; deepest: Expr } {
  let best = { depth: 0, deepest: root };
  const stack: Array<[Expr, number]> = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > best.depth) best = { depth: d, deepest: e };
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return best;
}

const PURE_CALLS = new Set(['f32', 'f64', 'i32', 'u32', 'random', 'isNaN', 'isFinite']);

/** Whether evaluating `e` can have no effect but its value (no atomics, no helper calls). */
function isPure(root: Expr): boolean {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === 'call') {
      const c = e.callee;
      const name = c.kind === 'ident' ? c.name : c.kind === 'member' ? c.property : '';
      const isMath = c.kind === 'member' && c.object.kind === 'ident' && c.object.name === 'Math';
      if (!isMath && !PURE_CALLS.has(name.replace(/\d+$/, ''))) return false;
    }
    stack.push(...children(e));
  }
  return true;
}

class Splitter {
  private counter = 0;
  constructor(private readonly source: SourceInfo) {}

  stmts(list: readonly Stmt[]): Stmt[] {
    const out: Stmt[] = [];
    for (const s of list) {
      const hoisted: Stmt[] = [];
      const rewritten = this.stmt(s, hoisted);
      out.push(...hoisted, rewritten);
    }
    return out;
  }

  private stmt(s: Stmt, hoisted: Stmt[]): Stmt {
    const e = (x: Expr): Expr => this.expr(x, hoisted);
    switch (s.kind) {
      case 'let':
        return s.init && s.init.kind !== 'newArray' ? { ...s, init: e(s.init) } : s;
      case 'expr':
        return { ...s, expr: e(s.expr) };
      case 'assign':
        return { ...s, target: e(s.target), value: e(s.value) };
      case 'update':
        return { ...s, target: e(s.target) };
      case 'if':
        return { ...s, test: e(s.test), then: this.stmts(s.then), else: this.stmts(s.else) };
      case 'return':
        return s.value ? { ...s, value: e(s.value) } : s;
      case 'for':
        return {
          ...s,
          init: this.stmts(s.init),
          update: this.stmts(s.update),
          body: this.stmts(s.body),
        };
      case 'while':
      case 'doWhile':
        return { ...s, body: this.stmts(s.body) };
      case 'block':
        return { ...s, body: this.stmts(s.body) };
      case 'break':
      case 'continue':
        return s;
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  /** `e` with deep chains cut into hoisted pieces (when it has no side effects). */
  private expr(e: Expr, hoisted: Stmt[]): Expr {
    if (measure(e).depth <= SPLIT_DEPTH || !isPure(e)) return e;
    return this.split(e, hoisted);
  }

  private split(e: Expr, hoisted: Stmt[]): Expr {
    if (measure(e).depth <= SPLIT_DEPTH) return e;
    if (e.kind !== 'binary' && e.kind !== 'logical') {
      // Not a chain: split below it.
      switch (e.kind) {
        case 'member':
          return { ...e, object: this.split(e.object, hoisted) };
        case 'index':
          return {
            ...e,
            object: this.split(e.object, hoisted),
            index: this.split(e.index, hoisted),
          };
        case 'call':
          return { ...e, args: e.args.map((a) => this.split(a, hoisted)) };
        case 'unary':
          return { ...e, arg: this.split(e.arg, hoisted) };
        case 'cond':
          return {
            ...e,
            test: this.split(e.test, hoisted),
            then: this.split(e.then, hoisted),
            else: this.split(e.else, hoisted),
          };
        default:
          return e;
      }
    }
    const spine: Array<Expr & { kind: 'binary' | 'logical' }> = [];
    let bottom: Expr = e;
    while (bottom.kind === 'binary' || bottom.kind === 'logical') {
      spine.push(bottom);
      bottom = bottom.left;
    }
    let acc = this.split(bottom, hoisted);
    let sincePiece = 0;
    for (let k = spine.length - 1; k >= 0; k--) {
      const node = spine[k]!;
      acc = { ...node, left: acc, right: this.split(node.right, hoisted) } as Expr;
      if (++sincePiece >= PIECE && k > 0) {
        const name = `#piece${++this.counter}`;
        hoisted.push({
          kind: 'let',
          span: node.span,
          constant: true,
          name,
          nameSpan: node.span,
          init: acc,
        });
        acc = { kind: 'ident', span: node.span, name };
        sincePiece = 0;
      }
    }
    return acc;
  }

  /** Throws E_DEPTH at the deepest place of any expression still deeper than MAX_DEPTH. */
  check(list: readonly Stmt[]): void {
    for (const s of list) {
      const exprs: (Expr | null)[] = [];
      const lists: (readonly Stmt[])[] = [];
      switch (s.kind) {
        case 'let':
          exprs.push(s.init);
          break;
        case 'expr':
          exprs.push(s.expr);
          break;
        case 'assign':
          exprs.push(s.target, s.value);
          break;
        case 'update':
          exprs.push(s.target);
          break;
        case 'if':
          exprs.push(s.test);
          lists.push(s.then, s.else);
          break;
        case 'return':
          exprs.push(s.value);
          break;
        case 'for':
          exprs.push(s.test);
          lists.push(s.init, s.update, s.body);
          break;
        case 'while':
        case 'doWhile':
          exprs.push(s.test);
          lists.push(s.body);
          break;
        case 'block':
          lists.push(s.body);
          break;
        case 'break':
        case 'continue':
          break;
        default: {
          const never: never = s;
          return never;
        }
      }
      for (const x of exprs) {
        if (!x) continue;
        const { depth, deepest } = measure(x);
        if (depth > MAX_DEPTH) {
          throw new KernelError(
            'E_DEPTH',
            `this expression nests ${depth} levels deep; numbat compiles at most ${MAX_DEPTH}`,
            this.source,
            deepest.span,
            'compute it in steps with intermediate `const`s (numbat does so itself for long sums and products outside loop conditions, unless they call atomics or helpers)',
          );
        }
      }
      for (const l of lists) this.check(l);
    }
  }
}

/** The function with its deep expressions split (see the file header). */
export function splitDeepExpressions(fn: FunctionAst, source: SourceInfo): FunctionAst {
  const splitter = new Splitter(source);
  const body = splitter.stmts(fn.body);
  splitter.check(body);
  return body === fn.body ? fn : { ...fn, body };
}
