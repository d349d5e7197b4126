// scope.ts — definition-time checks that need no signature: every name a kernel (or a
// helper) reads must be a parameter, a local, a `uses` entry, an intrinsic or a global
// such as Math; a non-reduce kernel must not return values. Raised by `kernel()` itself.

import type { Expr, FunctionAst, Stmt } from './ast.js';
import { KernelError, type SourceInfo } from './diagnostics.js';
import { INTRINSIC_NAMES, intrinsicNamed } from './intrinsics.js';

const GLOBALS = new Set(['Math', 'Number', 'isNaN', 'isFinite', ...INTRINSIC_NAMES]);

export function checkScopes(fn: FunctionAst, source: SourceInfo, usesNames: ReadonlySet<string>, isKernel: boolean, hasReduce: boolean): void {
  const scopes: Set<string>[] = [new Set(fn.params.map((p) => p.name))];
  const declared = (name: string) => scopes.some((s) => s.has(name)) || usesNames.has(name) || GLOBALS.has(name) || intrinsicNamed(name) !== undefined;
  const fail = (e: Expr & { kind: 'ident' }) => {
    throw new KernelError('E_UNDEFINED', `\`${e.name}\` is not defined inside the kernel; kernels cannot see variables from outside`, source, e.span,
      `pass it as an argument, or through the \`uses\` option: kernel(fn, { uses: { ${e.name} } })`);
  };
  const expr = (e: Expr | null): void => {
    if (!e) return;
    switch (e.kind) {
      case 'num': case 'bool': return;
      case 'ident': if (!declared(e.name)) fail(e); return;
      case 'member':
        // `ns.f32` (a bundler's import namespace) is allowed when the property is an intrinsic.
        if (e.object.kind === 'ident' && !declared(e.object.name) && intrinsicNamed(e.property)) return;
        expr(e.object); return;
      case 'index': expr(e.object); expr(e.index); return;
      case 'call': expr(e.callee); e.args.forEach(expr); return;
      case 'binary': case 'logical': expr(e.left); expr(e.right); return;
      case 'unary': expr(e.arg); return;
      case 'cond': expr(e.test); expr(e.then); expr(e.else); return;
      case 'newArray': expr(e.length); return;
      default: { const never: never = e; return never; }
    }
  };
  const block = (stmts: readonly Stmt[]) => { scopes.push(new Set()); stmts.forEach(stmt); scopes.pop(); };
  const stmt = (s: Stmt): void => {
    switch (s.kind) {
      case 'let': expr(s.init); scopes[scopes.length - 1]!.add(s.name); return;
      case 'expr': expr(s.expr); return;
      case 'assign': expr(s.target); expr(s.value); return;
      case 'update': expr(s.target); return;
      case 'if': expr(s.test); block(s.then); block(s.else); return;
      case 'for': scopes.push(new Set()); s.init.forEach(stmt); expr(s.test); block(s.body); s.update.forEach(stmt); scopes.pop(); return;
      case 'while': case 'doWhile': expr(s.test); block(s.body); return;
      case 'break': case 'continue': return;
      case 'return':
        if (isKernel && !hasReduce && s.value) {
          throw new KernelError('E_RETURN', 'this kernel returns a value but has no `reduce` option', source, s.span,
            "give kernel(fn, { reduce: 'sum' }) (or 'prod', 'min', 'max', or a combiner) to combine the values, or write results into an array");
        }
        expr(s.value); return;
      case 'block': block(s.body); return;
      default: { const never: never = s; return never; }
    }
  };
  // Pre-declare let names hoisted within the function for use-before-declaration in loops? No: JS has TDZ.
  fn.body.forEach(stmt);
}
