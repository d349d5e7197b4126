// definiteAssignment.ts — a `let v;` read before any value is assigned to it is refused.
//
// In the plain function such a read gives `undefined` (NaN in arithmetic, false in every
// comparison); a kernel has no undefined, so it would silently read 0. The check is
// TypeScript's definite-assignment analysis (strict mode reports the same reads):
// walking the structured body, the set of uninitialised `let`s assigned on every path so
// far; both arms of an `if` must assign for the variable to count after it; a loop body
// may run zero times; after `return`, `break` or `continue` nothing is read.

import type { Expr, FunctionAst, Stmt } from './ast.js';
import { KernelError, type SourceInfo } from './diagnostics.js';

/** The `let` declarations without an initializer, by object; null for every other name. */
type Decl = Stmt & { kind: 'let' };
/** Definitely assigned declarations, or 'dead' where no path reaches. */
type State = Set<Decl> | 'dead';

/** Throws a located KernelError at the first read of a possibly unassigned `let`. */
export function checkDefiniteAssignment(fn: FunctionAst, source: SourceInfo): void {
  new Analysis(source).run(fn);
}

class Analysis {
  private readonly scopes: Map<string, Decl | null>[] = [];

  constructor(private readonly source: SourceInfo) {}

  run(fn: FunctionAst): void {
    this.scopes.push(new Map(fn.params.map((p) => [p.name, null])));
    this.stmts(fn.body, new Set());
  }

  private lookup(name: string): Decl | null {
    for (let k = this.scopes.length - 1; k >= 0; k--) {
      const d = this.scopes[k]!.get(name);
      if (d !== undefined) return d;
    }
    return null; // a `uses` entry, a global or an intrinsic: always has a value
  }

  private scoped(body: readonly Stmt[], state: State): State {
    this.scopes.push(new Map());
    try {
      return this.stmts(body, state);
    } finally {
      this.scopes.pop();
    }
  }

  private stmts(body: readonly Stmt[], state: State): State {
    let s = state;
    for (const st of body) {
      if (s === 'dead') return s;
      s = this.stmt(st, s);
    }
    return s;
  }

  private stmt(st: Stmt, s: Set<Decl>): State {
    switch (st.kind) {
      case 'let': {
        if (st.init) this.expr(st.init, s);
        const scope = this.scopes[this.scopes.length - 1]!;
        if (st.init) {
          scope.set(st.name, null);
          return s;
        }
        scope.set(st.name, st);
        const next = new Set(s);
        next.delete(st); // a declaration in a loop starts unassigned on every iteration
        return next;
      }
      case 'expr':
        this.expr(st.expr, s);
        return s;
      case 'assign': {
        this.expr(st.value, s);
        if (st.target.kind === 'ident') {
          if (st.op !== '=') this.expr(st.target, s);
          const d = this.lookup(st.target.name);
          if (!d) return s;
          const next = new Set(s);
          next.add(d);
          return next;
        }
        this.expr(st.target, s);
        return s;
      }
      case 'update':
        this.expr(st.target, s);
        return s;
      case 'if': {
        this.expr(st.test, s);
        return meet(this.scoped(st.then, new Set(s)), this.scoped(st.else, new Set(s)));
      }
      case 'for': {
        this.scopes.push(new Map());
        try {
          const entry = this.stmts(st.init, s);
          if (entry === 'dead') return entry;
          if (st.test) this.expr(st.test, entry);
          this.scoped(st.body, new Set(entry));
          // The update may follow a `continue`: only what held at the entry is certain.
          this.stmts(st.update, new Set(entry));
          return entry; // the init always runs; the body may not
        } finally {
          this.scopes.pop();
        }
      }
      case 'while':
        this.expr(st.test, s);
        this.scoped(st.body, new Set(s));
        return s;
      case 'doWhile': {
        const after = this.scoped(st.body, new Set(s));
        const leavesEarly = hasJump(st.body);
        const atTest = after === 'dead' || leavesEarly ? s : after;
        this.expr(st.test, atTest);
        return atTest;
      }
      case 'break':
      case 'continue':
        return 'dead';
      case 'return':
        if (st.value) this.expr(st.value, s);
        return 'dead';
      case 'block':
        return this.scoped(st.body, s);
      default: {
        const never: never = st;
        return never;
      }
    }
  }

  private expr(e: Expr, s: Set<Decl>): void {
    switch (e.kind) {
      case 'ident': {
        const d = this.lookup(e.name);
        if (d && !s.has(d))
          throw new KernelError(
            'E_UNASSIGNED',
            `\`${e.name}\` may be read here before any value is assigned to it (in the plain function it would be undefined: NaN in arithmetic)`,
            this.source,
            e.span,
            `give it a value where it is declared (\`let ${e.name} = 0;\`) or assign it on every path before this`,
          );
        return;
      }
      case 'num':
      case 'bool':
        return;
      case 'member':
        return this.expr(e.object, s);
      case 'index':
        this.expr(e.object, s);
        return this.expr(e.index, s);
      case 'call':
        if (e.callee.kind !== 'ident') this.expr(e.callee, s);
        for (const a of e.args) this.expr(a, s);
        return;
      case 'binary':
      case 'logical':
        this.expr(e.left, s);
        return this.expr(e.right, s);
      case 'unary':
        return this.expr(e.arg, s);
      case 'cond':
        this.expr(e.test, s);
        this.expr(e.then, s);
        return this.expr(e.else, s);
      case 'newArray':
        return this.expr(e.length, s);
      default: {
        const never: never = e;
        return never;
      }
    }
  }
}

/** What holds after either of two paths. */
function meet(a: State, b: State): State {
  if (a === 'dead') return b;
  if (b === 'dead') return a;
  return new Set([...a].filter((d) => b.has(d)));
}

/** Whether `body` contains a break or continue (possibly leaving a do…while early). */
function hasJump(body: readonly Stmt[]): boolean {
  return body.some((st) => {
    switch (st.kind) {
      case 'break':
      case 'continue':
        return true;
      case 'if':
        return hasJump(st.then) || hasJump(st.else);
      case 'for':
      case 'while':
      case 'doWhile':
      case 'block':
        return hasJump(st.body);
      default:
        return false;
    }
  });
}
