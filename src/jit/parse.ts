// parse.ts — from a JavaScript function value to the kernel AST.
//
// Reads `fn.toString()`, parses it with acorn (arrow functions, function expressions,
// method shorthand, and what esbuild or tsc emit from TypeScript), and hands the ESTree
// to fromEstree.ts. Syntax errors and unsupported constructs become KernelErrors with a
// caret under the user's code.

import { Parser, tokTypes } from 'acorn';
import { KernelError, type SourceInfo } from './diagnostics.js';
import { sourceOf } from './source.js';
import type { FunctionAst } from './ast.js';
import { functionFromEstree } from './fromEstree.js';
import { MAX_DEPTH, splitDeepExpressions } from './splitDeep.js';

/**
 * acorn with its binary-operator parser made iterative. acorn recurses once per operator
 * of a left-associative chain (`a + b + c …` is a tail call per `+`), so a sum of some
 * thousands of terms ran out of stack; V8 itself parses such code. The loop below is
 * acorn's parseExprOp (8.x) with the tail call turned into iteration.
 */
const KernelParser = Parser.extend(
  (Base: any) =>
    class extends Base {
      parseExprOp(
        left: any,
        leftStartPos: number,
        leftStartLoc: unknown,
        minPrec: number,
        forInit: boolean,
      ): any {
        for (;;) {
          let prec = this.type.binop;
          if (prec == null || (forInit && this.type === tokTypes._in) || !(prec > minPrec))
            return left;
          const logical = this.type === tokTypes.logicalOR || this.type === tokTypes.logicalAND;
          const coalesce = this.type === tokTypes.coalesce;
          if (coalesce) prec = (tokTypes.logicalAND as unknown as { binop: number }).binop;
          const op = this.value;
          this.next();
          const startPos = this.start;
          const startLoc = this.startLoc;
          const right = this.parseExprOp(
            this.parseMaybeUnary(null, false, false, forInit),
            startPos,
            startLoc,
            prec,
            forInit,
          );
          left = this.buildBinary(leftStartPos, leftStartLoc, left, right, op, logical || coalesce);
          if (
            (logical && this.type === tokTypes.coalesce) ||
            (coalesce && (this.type === tokTypes.logicalOR || this.type === tokTypes.logicalAND))
          ) {
            this.raiseRecoverable(
              this.start,
              'Logical expressions and coalesce expressions cannot be mixed. Wrap either by parentheses',
            );
          }
        }
      }
    } as any,
);

/** Whether `e` is the engine running out of stack (a RangeError, or acorn's own message). */
export function isStackOverflow(e: unknown): boolean {
  const message = String((e as Error)?.message ?? '');
  return (e instanceof RangeError && /call stack/i.test(message)) || /stack space/i.test(message);
}

/** Source text and a parsed AST for one function. */
export interface ParsedFunction {
  readonly source: SourceInfo;
  readonly ast: FunctionAst;
}

/**
 * Parse `fn` (already checked to be a function) as a kernel-language function. `name` names
 * the function (a helper's IR locals take it). A function that is not the kernel itself
 * says so in `as`: `reportAs`, the name its errors give (a helper's: its kernel and
 * itself), and `role`, what it is (SourceInfo.role).
 */
export function parseFunction(
  fn: Function,
  name: string | undefined,
  callSite: string | undefined,
  as: { readonly reportAs?: string; readonly role?: string } = {},
): ParsedFunction {
  const { reportAs, role } = as;
  const displayName = name ?? (fn.name && fn.name !== 'anonymous' ? fn.name : 'kernel');
  const source: SourceInfo = sourceOf(fn, reportAs ?? displayName, callSite, role);
  const text = source.text;
  if (/\{\s*\[native code\]\s*\}$/.test(text)) {
    throw new KernelError(
      'E_NATIVE',
      'is a native or bound function: numbat needs its source text',
      source,
      undefined,
      'pass the function itself, not a bound or built-in function',
    );
  }
  // Try, in order: an expression (arrows, function expressions), then a method shorthand.
  const attempts: Array<{ prefix: string; suffix: string; method: boolean }> = [
    { prefix: '(', suffix: '\n)', method: false },
    { prefix: '({', suffix: '\n})', method: true },
    { prefix: '(class { ', suffix: '\n})', method: true },
  ];
  let firstError: { message: string; pos: number } | undefined;
  for (const attempt of attempts) {
    const wrapped = attempt.prefix + text + attempt.suffix;
    let program: any;
    try {
      program = KernelParser.parse(wrapped, {
        ecmaVersion: 'latest',
        sourceType: 'module',
        ranges: false,
      });
    } catch (e: any) {
      if (isStackOverflow(e)) tooDeep(source, text);
      if (!firstError)
        firstError = {
          message: String(e.message).replace(/\s*\(\d+:\d+\)$/, ''),
          pos: Math.max(0, (e.pos ?? 0) - attempt.prefix.length),
        };
      continue;
    }
    const fnNode = findFunction(program, attempt.method);
    if (!fnNode) continue;
    let ast: FunctionAst;
    try {
      ast = splitDeepExpressions(
        functionFromEstree(fnNode, source, attempt.prefix.length, displayName),
        source,
      );
    } catch (e) {
      if (isStackOverflow(e)) tooDeep(source, text);
      throw e;
    }
    return { source, ast };
  }
  const pos = Math.min(firstError?.pos ?? 0, text.length);
  throw new KernelError(
    'E_SYNTAX',
    `cannot parse the function source: ${firstError?.message ?? 'not a function'}`,
    source,
    { start: pos, end: pos + 1 },
  );
}

/** A function too deeply nested for any parser here: a located error instead of a stack overflow. */
function tooDeep(source: SourceInfo, text: string): never {
  // Point at the deepest run of opening brackets, or the longest run of prefix operators.
  let depth = 0,
    best = 0,
    at = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '(' || c === '[') {
      depth++;
      if (depth > best) {
        best = depth;
        at = k;
      }
    } else if (c === ')' || c === ']') depth--;
  }
  const prefix = /(?:[-+!~]\s*){64,}/.exec(text);
  if (prefix && prefix[0].length / 2 > best) at = prefix.index;
  throw new KernelError(
    'E_DEPTH',
    `an expression nests too deeply to parse; numbat compiles at most ${MAX_DEPTH} levels`,
    source,
    { start: at, end: at + 1 },
    'compute it in steps with intermediate `const`s',
  );
}

function findFunction(program: any, method: boolean): any {
  const stmt = program.body?.[0];
  if (stmt?.type !== 'ExpressionStatement') return undefined;
  const expr = stmt.expression;
  if (!method) {
    if (expr.type === 'ArrowFunctionExpression' || expr.type === 'FunctionExpression') return expr;
    return undefined;
  }
  if (expr.type === 'ObjectExpression') {
    const prop = expr.properties?.[0];
    if (prop?.type === 'Property' && prop.value?.type === 'FunctionExpression')
      return { ...prop.value, methodName: prop.key?.name };
  }
  if (expr.type === 'ClassExpression') {
    const m = expr.body?.body?.[0];
    if (m?.type === 'MethodDefinition') return { ...m.value, methodName: m.key?.name };
  }
  return undefined;
}
