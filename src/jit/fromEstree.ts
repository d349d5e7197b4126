// fromEstree.ts — converts acorn's ESTree into the kernel AST, rejecting everything the
// kernel language does not have with a located KernelError (code E_UNSUPPORTED).
//
// Spans are shifted by `shift` because parse.ts wraps the source text to parse it.

import { KernelError, type SourceInfo, type Span } from './diagnostics.js';
import type { AssignOp, BinaryOp, Expr, FunctionAst, Stmt } from './ast.js';

const TYPED_ARRAY_CTORS = new Set([
  'Float32Array',
  'Float64Array',
  'Int32Array',
  'Uint32Array',
  'Int16Array',
  'Uint16Array',
  'Int8Array',
  'Uint8Array',
]);

/** Convert a FunctionExpression / ArrowFunctionExpression node. */
export function functionFromEstree(
  node: any,
  source: SourceInfo,
  shift: number,
  name: string,
): FunctionAst {
  return new Converter(source, shift).fn(node, name);
}

class Converter {
  constructor(
    private readonly source: SourceInfo,
    private readonly shift: number,
  ) {}

  private span(node: any): Span {
    return { start: node.start - this.shift, end: node.end - this.shift };
  }

  private unsupported(node: any, what: string, hint?: string): never {
    const plural = what.replace(/\s*\(.*\)$/, '').endsWith('s');
    throw new KernelError(
      'E_UNSUPPORTED',
      `${what} ${plural ? 'are' : 'is'} not supported in kernels`,
      this.source,
      this.span(node),
      hint,
    );
  }

  fn(node: any, name: string): FunctionAst {
    if (node.async) this.unsupported(node, 'async functions');
    if (node.generator) this.unsupported(node, 'generators');
    const params = node.params.map((p: any) => {
      if (p.type !== 'Identifier') {
        const what =
          p.type === 'AssignmentPattern'
            ? 'default parameter values'
            : p.type === 'RestElement'
              ? 'rest parameters'
              : 'destructuring parameters';
        this.unsupported(
          p,
          what,
          'kernel parameters are plain names: grid indices first, then arrays and numbers',
        );
      }
      return { name: p.name as string, span: this.span(p) };
    });
    const expressionBody = node.body.type !== 'BlockStatement';
    const bodyType = node.body.type;
    // `(i, x, out) => (out[i] = x[i])`: an arrow whose expression is an assignment is a statement body.
    const assignmentBody = bodyType === 'AssignmentExpression' || bodyType === 'UpdateExpression';
    const body: Stmt[] = !expressionBody
      ? this.stmts(node.body.body)
      : assignmentBody
        ? [this.exprStatement(node.body)]
        : [{ kind: 'return', span: this.span(node.body), value: this.expr(node.body) }];
    return {
      name: node.methodName ?? node.id?.name ?? name,
      params,
      body,
      expressionBody: expressionBody && !assignmentBody,
      span: this.span(node),
    };
  }

  private stmts(nodes: any[]): Stmt[] {
    const out: Stmt[] = [];
    this.depth++;
    for (const n of nodes) out.push(...this.stmt(n));
    this.depth--;
    return out;
  }

  /** Block nesting of the statements being converted (function body: 1). */
  private depth = 0;
  /** Each `var` name's first declaration: its block depth and node. */
  private readonly vars = new Map<string, { depth: number; node: any }>();

  /**
   * `var` is read as `let` (tsc's ES5 output declares its block-scoped variables with
   * `var`, renamed where they would clash). A `var` declared again at another block depth
   * is one function-scoped variable in JavaScript that the block-scoped reading would
   * split (`var a = 1; if (c) { var a = 7; } out[i] = a` gave 1 for 7: probe 9): refused.
   */
  private checkVar(d: any): void {
    const name = d.id.name as string;
    const first = this.vars.get(name);
    if (!first) {
      this.vars.set(name, { depth: this.depth, node: d });
      return;
    }
    if (first.depth === this.depth) return;
    throw new KernelError(
      'E_UNSUPPORTED',
      `\`var ${name}\` declares again the function-scoped \`var ${name}\` of an enclosing or other block: JavaScript makes both one variable, numbat reads \`var\` as \`let\` (block-scoped)`,
      this.source,
      this.span(d.id),
      `declare it once with let in the block that holds every use, and assign it here without var`,
    );
  }

  /** One ESTree statement may become several (a `let a = 1, b = 2` declaration). */
  private stmt(n: any, label: string | null = null): Stmt[] {
    const span = this.span(n);
    switch (n.type) {
      case 'EmptyStatement':
        return [];
      case 'ExpressionStatement':
        if (n.directive) return []; // "use strict"
        return [this.exprStatement(n.expression)];
      case 'VariableDeclaration': {
        // `var` (tsc's ES5 output) is read as `let`: block-scoped, which is what kernels need.
        return n.declarations.map((d: any): Stmt => {
          if (d.id.type !== 'Identifier') this.unsupported(d.id, 'destructuring');
          if (n.kind === 'var') this.checkVar(d);
          return {
            kind: 'let',
            span: this.span(d),
            constant: n.kind === 'const',
            name: d.id.name,
            nameSpan: this.span(d.id),
            init: d.init ? this.initExpr(d.init) : null,
          };
        });
      }
      case 'BlockStatement':
        return [{ kind: 'block', span, body: this.stmts(n.body) }];
      case 'IfStatement':
        return [
          {
            kind: 'if',
            span,
            test: this.expr(n.test),
            then: this.body(n.consequent),
            else: n.alternate ? this.body(n.alternate) : [],
          },
        ];
      case 'ForStatement': {
        let init: Stmt[] = [];
        if (n.init)
          init =
            n.init.type === 'VariableDeclaration'
              ? this.stmt(n.init)
              : [this.exprStatement(n.init)];
        const update = n.update ? this.sequenceStatements(n.update) : [];
        return [
          {
            kind: 'for',
            span,
            label,
            init,
            test: n.test ? this.expr(n.test) : null,
            update,
            body: this.body(n.body),
          },
        ];
      }
      case 'WhileStatement':
        return [{ kind: 'while', span, label, test: this.expr(n.test), body: this.body(n.body) }];
      case 'DoWhileStatement':
        return [{ kind: 'doWhile', span, label, test: this.expr(n.test), body: this.body(n.body) }];
      case 'BreakStatement':
        return [{ kind: 'break', span, label: n.label?.name ?? null }];
      case 'ContinueStatement':
        return [{ kind: 'continue', span, label: n.label?.name ?? null }];
      case 'ReturnStatement':
        return [{ kind: 'return', span, value: n.argument ? this.expr(n.argument) : null }];
      case 'LabeledStatement': {
        const t = n.body.type;
        if (t !== 'ForStatement' && t !== 'WhileStatement' && t !== 'DoWhileStatement')
          this.unsupported(n, 'labels on anything but loops');
        return this.stmt(n.body, n.label.name);
      }
      case 'ForOfStatement':
        return this.unsupported(
          n,
          '`for…of` loops',
          'use an index loop: for (let k = 0; k < x.length; k++)',
        );
      case 'ForInStatement':
        return this.unsupported(
          n,
          '`for…in` loops',
          'use an index loop: for (let k = 0; k < x.length; k++)',
        );
      case 'SwitchStatement':
        return this.unsupported(n, '`switch` statements', 'use if / else if');
      case 'TryStatement':
        return this.unsupported(n, '`try` statements', 'kernels cannot catch exceptions');
      case 'ThrowStatement':
        return this.unsupported(n, '`throw` statements');
      case 'FunctionDeclaration':
        return this.unsupported(
          n,
          'nested functions',
          'pass helpers through the `uses` option: kernel(fn, { uses: { helper } })',
        );
      case 'ClassDeclaration':
        return this.unsupported(n, 'classes');
      case 'WithStatement':
        return this.unsupported(n, '`with` statements');
      case 'DebuggerStatement':
        return [];
      default:
        return this.unsupported(n, `\`${n.type}\``);
    }
  }

  private body(n: any): Stmt[] {
    return n.type === 'BlockStatement' ? this.stmts(n.body) : this.stmt(n);
  }

  /** `a, b` in a for-update becomes two statements. */
  private sequenceStatements(n: any): Stmt[] {
    if (n.type === 'SequenceExpression')
      return n.expressions.map((e: any) => this.exprStatement(e));
    return [this.exprStatement(n)];
  }

  private exprStatement(e: any): Stmt {
    const span = this.span(e);
    if (e.type === 'AssignmentExpression') {
      return {
        kind: 'assign',
        span,
        op: e.operator as AssignOp,
        target: this.assignTarget(e.left),
        value: this.expr(e.right),
      };
    }
    if (e.type === 'UpdateExpression') {
      return { kind: 'update', span, op: e.operator, target: this.assignTarget(e.argument) };
    }
    if (e.type === 'SequenceExpression') {
      return { kind: 'block', span, body: this.sequenceStatements(e) };
    }
    return { kind: 'expr', span, expr: this.expr(e) };
  }

  private assignTarget(n: any): Expr {
    if (n.type === 'Identifier' || n.type === 'MemberExpression') return this.expr(n);
    return this.unsupported(n, 'destructuring assignments');
  }

  private initExpr(n: any): Expr {
    if (n.type === 'NewExpression') {
      const ctor = n.callee.type === 'Identifier' ? n.callee.name : '';
      if (!TYPED_ARRAY_CTORS.has(ctor) || n.arguments.length !== 1) {
        this.unsupported(
          n,
          '`new` of anything but a fixed-size typed array',
          'local arrays are written `new Float32Array(8)` with a constant length',
        );
      }
      return { kind: 'newArray', span: this.span(n), ctor, length: this.expr(n.arguments[0]) };
    }
    return this.expr(n);
  }

  /**
   * A binary or logical expression, walking its left spine in a loop: a sum of thousands
   * of terms is a left-nested tree that deep, and recursing down it would exhaust the stack.
   */
  private chain(top: any): Expr {
    const spine: any[] = [];
    let n = top;
    while (n.type === 'BinaryExpression' || n.type === 'LogicalExpression') {
      spine.push(n);
      n = n.left;
    }
    let acc = this.expr(n);
    for (let k = spine.length - 1; k >= 0; k--) {
      const node = spine[k];
      const op = node.operator as string;
      if (op === 'in' || op === 'instanceof') this.unsupported(node, `the \`${op}\` operator`);
      if (op === '??') this.unsupported(node, 'the `??` operator');
      const right = this.expr(node.right);
      acc =
        node.type === 'LogicalExpression'
          ? { kind: 'logical', span: this.span(node), op: op as '&&' | '||', left: acc, right }
          : { kind: 'binary', span: this.span(node), op: op as BinaryOp, left: acc, right };
    }
    return acc;
  }

  expr(n: any): Expr {
    const span = this.span(n);
    switch (n.type) {
      case 'Literal': {
        if (typeof n.value === 'number') {
          const raw = String(n.raw ?? n.value);
          // Integer-valued and written without a point: `1e3` counts (esbuild prints 1000 so).
          const intLiteral =
            Number.isInteger(n.value) && !raw.includes('.') && Math.abs(n.value) <= 0xffffffff;
          return { kind: 'num', span, value: n.value, intLiteral };
        }
        if (typeof n.value === 'boolean') return { kind: 'bool', span, value: n.value };
        if (typeof n.value === 'string') return this.unsupported(n, 'strings');
        if (n.value === null) return this.unsupported(n, '`null`');
        if (n.regex) return this.unsupported(n, 'regular expressions');
        if (typeof n.value === 'bigint') return this.unsupported(n, 'BigInt literals');
        return this.unsupported(n, 'this literal');
      }
      case 'Identifier':
        if (n.name === 'undefined') return this.unsupported(n, '`undefined`');
        if (n.name === 'NaN') return { kind: 'num', span, value: NaN, intLiteral: false };
        if (n.name === 'Infinity') return { kind: 'num', span, value: Infinity, intLiteral: false };
        return { kind: 'ident', span, name: n.name };
      case 'MemberExpression': {
        if (n.optional) this.unsupported(n, 'optional chaining');
        const object = this.expr(n.object);
        if (n.computed) return { kind: 'index', span, object, index: this.expr(n.property) };
        if (n.property.type === 'PrivateIdentifier') this.unsupported(n, 'private fields');
        return {
          kind: 'member',
          span,
          object,
          property: n.property.name,
          propertySpan: this.span(n.property),
        };
      }
      case 'ChainExpression':
        return this.unsupported(n, 'optional chaining');
      case 'CallExpression': {
        if (n.optional) this.unsupported(n, 'optional chaining');
        let callee = n.callee;
        // `(0, ns.f32)(x)` — how bundlers call imported functions.
        if (
          callee.type === 'SequenceExpression' &&
          callee.expressions.length === 2 &&
          callee.expressions[0].type === 'Literal'
        )
          callee = callee.expressions[1];
        for (const a of n.arguments)
          if (a.type === 'SpreadElement') this.unsupported(a, 'spread arguments');
        return {
          kind: 'call',
          span,
          callee: this.expr(callee),
          args: n.arguments.map((a: any) => this.expr(a)),
        };
      }
      case 'BinaryExpression':
      case 'LogicalExpression':
        return this.chain(n);
      case 'UnaryExpression': {
        const op = n.operator as string;
        if (op === '-' || op === '+' || op === '!' || op === '~')
          return { kind: 'unary', span, op, arg: this.expr(n.argument) };
        return this.unsupported(n, `the \`${op}\` operator`);
      }
      case 'ConditionalExpression':
        return {
          kind: 'cond',
          span,
          test: this.expr(n.test),
          then: this.expr(n.consequent),
          else: this.expr(n.alternate),
        };
      case 'ParenthesizedExpression':
        return this.expr(n.expression);
      case 'AssignmentExpression':
      case 'UpdateExpression':
        return this.unsupported(
          n,
          'assignments inside expressions',
          'write the assignment as its own statement',
        );
      case 'SequenceExpression':
        return this.unsupported(n, 'comma expressions');
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.unsupported(
          n,
          'closures (functions defined inside a kernel)',
          'pass helpers through the `uses` option: kernel(fn, { uses: { helper } })',
        );
      case 'ObjectExpression':
        return this.unsupported(n, 'objects');
      case 'ArrayExpression':
        return this.unsupported(
          n,
          'array literals',
          'use a fixed-size local typed array: new Float32Array(4)',
        );
      case 'TemplateLiteral':
      case 'TaggedTemplateExpression':
        return this.unsupported(n, 'template strings');
      case 'NewExpression':
        return this.unsupported(
          n,
          '`new` of anything but a fixed-size typed array',
          'local arrays are declared as `let t = new Float32Array(8)`',
        );
      case 'ThisExpression':
        return this.unsupported(n, '`this`');
      case 'AwaitExpression':
        return this.unsupported(n, '`await`');
      case 'YieldExpression':
        return this.unsupported(n, '`yield`');
      case 'ClassExpression':
        return this.unsupported(n, 'classes');
      case 'Super':
        return this.unsupported(n, '`super`');
      case 'MetaProperty':
        return this.unsupported(n, '`new.target` and `import.meta`');
      case 'ImportExpression':
        return this.unsupported(n, '`import()`');
      default:
        return this.unsupported(n, `\`${n.type}\``);
    }
  }
}
