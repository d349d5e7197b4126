// astWalk.ts — the one walk over the kernel AST (ast.ts) for analyses that look at every
// statement and expression of a function body: each statement is visited before its
// children, each expression before its operands, in source order.

import type { Expr, Stmt } from './ast.js';

export interface AstVisitor {
  readonly stmt?: (s: Stmt) => void;
  readonly expr?: (e: Expr) => void;
}

/** Visits every statement and expression of `body` (see the file header). */
export function walkAst(body: readonly Stmt[], visit: AstVisitor): void {
  const expr = (e: Expr | null): void => {
    if (!e) return;
    visit.expr?.(e);
    switch (e.kind) {
      case 'index':
        expr(e.object);
        expr(e.index);
        return;
      case 'member':
        expr(e.object);
        return;
      case 'call':
        expr(e.callee);
        e.args.forEach(expr);
        return;
      case 'binary':
      case 'logical':
        expr(e.left);
        expr(e.right);
        return;
      case 'unary':
        expr(e.arg);
        return;
      case 'cond':
        expr(e.test);
        expr(e.then);
        expr(e.else);
        return;
      case 'newArray':
        expr(e.length);
        return;
      case 'num':
      case 'bool':
      case 'ident':
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
  const stmts = (list: readonly Stmt[]): void => {
    for (const s of list) {
      visit.stmt?.(s);
      switch (s.kind) {
        case 'let':
          expr(s.init);
          break;
        case 'expr':
          expr(s.expr);
          break;
        case 'assign':
          expr(s.target);
          expr(s.value);
          break;
        case 'update':
          expr(s.target);
          break;
        case 'if':
          expr(s.test);
          stmts(s.then);
          stmts(s.else);
          break;
        case 'for':
          stmts(s.init);
          expr(s.test);
          stmts(s.update);
          stmts(s.body);
          break;
        case 'while':
        case 'doWhile':
          expr(s.test);
          stmts(s.body);
          break;
        case 'return':
          expr(s.value);
          break;
        case 'block':
          stmts(s.body);
          break;
        case 'break':
        case 'continue':
          break;
        default: {
          const never: never = s;
          return never;
        }
      }
    }
  };
  stmts(body);
}
