// ast.ts — the small kernel AST: just the constructs the kernel language has.
//
// fromEstree.ts builds it from acorn's ESTree; everything outside this language is
// rejected there, at the definition site. Every node keeps its byte span into the
// kernel's source text so later errors can put a caret under the user's code.

import type { Span } from './diagnostics.js';

export type AssignOp =
  | '='
  | '+='
  | '-='
  | '*='
  | '/='
  | '%='
  | '**='
  | '&='
  | '|='
  | '^='
  | '<<='
  | '>>='
  | '>>>=';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '>>>'
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '<='
  | '>'
  | '>=';

export type Expr =
  | {
      kind: 'num';
      span: Span;
      value: number /** written without '.', 'e' and within int range */;
      intLiteral: boolean;
    }
  | { kind: 'bool'; span: Span; value: boolean }
  | { kind: 'ident'; span: Span; name: string }
  /** `obj.prop`: x.length, a.size, Math.PI, a.shape (only under an index) */
  | { kind: 'member'; span: Span; object: Expr; property: string; propertySpan: Span }
  /** `obj[index]` */
  | { kind: 'index'; span: Span; object: Expr; index: Expr }
  | { kind: 'call'; span: Span; callee: Expr; args: Expr[] }
  | { kind: 'binary'; span: Span; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'logical'; span: Span; op: '&&' | '||'; left: Expr; right: Expr }
  | { kind: 'unary'; span: Span; op: '-' | '+' | '!' | '~'; arg: Expr }
  | { kind: 'cond'; span: Span; test: Expr; then: Expr; else: Expr }
  /** Only as a `let`/`const` initializer: `new Float32Array(8)` */
  | { kind: 'newArray'; span: Span; ctor: string; length: Expr };

export type Stmt =
  | { kind: 'let'; span: Span; constant: boolean; name: string; nameSpan: Span; init: Expr | null }
  | { kind: 'expr'; span: Span; expr: Expr }
  | { kind: 'assign'; span: Span; op: AssignOp; target: Expr; value: Expr }
  | { kind: 'update'; span: Span; op: '++' | '--'; target: Expr }
  | { kind: 'if'; span: Span; test: Expr; then: Stmt[]; else: Stmt[] }
  | {
      kind: 'for';
      span: Span;
      label: string | null;
      init: Stmt[];
      test: Expr | null;
      update: Stmt[];
      body: Stmt[];
    }
  | { kind: 'while'; span: Span; label: string | null; test: Expr; body: Stmt[] }
  | { kind: 'doWhile'; span: Span; label: string | null; test: Expr; body: Stmt[] }
  | { kind: 'break'; span: Span; label: string | null }
  | { kind: 'continue'; span: Span; label: string | null }
  | { kind: 'return'; span: Span; value: Expr | null }
  | { kind: 'block'; span: Span; body: Stmt[] };

/** A parsed function: the kernel itself, a `uses` helper, or a reduce combiner. */
export interface FunctionAst {
  readonly name: string;
  readonly params: readonly { name: string; span: Span }[];
  readonly body: Stmt[];
  /** true when the source was an expression-bodied arrow: body is one `return`. */
  readonly expressionBody: boolean;
  readonly span: Span;
}
