// parse.ts — from a JavaScript function value to the kernel AST.
//
// Reads `fn.toString()`, parses it with acorn (arrow functions, function expressions,
// method shorthand, and what esbuild or tsc emit from TypeScript), and hands the ESTree
// to fromEstree.ts. Syntax errors and unsupported constructs become KernelErrors with a
// caret under the user's code.

import { parse as acornParse } from 'acorn';
import { KernelError, type SourceInfo } from './diagnostics.js';
import type { FunctionAst } from './ast.js';
import { functionFromEstree } from './fromEstree.js';

/** Source text and a parsed AST for one function. */
export interface ParsedFunction {
  readonly source: SourceInfo;
  readonly ast: FunctionAst;
}

/** Parse `fn` (already checked to be a function) as a kernel-language function. */
export function parseFunction(fn: Function, name: string | undefined, callSite: string | undefined, fileLine: number | undefined): ParsedFunction {
  const text = fn.toString();
  const displayName = name ?? (fn.name && fn.name !== 'anonymous' ? fn.name : 'kernel');
  const source: SourceInfo = { name: displayName, text, callSite, fileLine };
  if (/\{\s*\[native code\]\s*\}$/.test(text)) {
    throw new KernelError('E_NATIVE', 'is a native or bound function: numbat needs its source text', source, undefined,
      'pass the function itself, not a bound or built-in function');
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
      program = acornParse(wrapped, { ecmaVersion: 'latest', sourceType: 'module', ranges: false });
    } catch (e: any) {
      if (!firstError) firstError = { message: String(e.message).replace(/\s*\(\d+:\d+\)$/, ''), pos: Math.max(0, (e.pos ?? 0) - attempt.prefix.length) };
      continue;
    }
    const fnNode = findFunction(program, attempt.method);
    if (!fnNode) continue;
    const ast = functionFromEstree(fnNode, source, attempt.prefix.length, displayName);
    return { source, ast };
  }
  const pos = Math.min(firstError?.pos ?? 0, text.length);
  throw new KernelError('E_SYNTAX', `cannot parse the function source: ${firstError?.message ?? 'not a function'}`, source,
    { start: pos, end: pos + 1 });
}

function findFunction(program: any, method: boolean): any {
  const stmt = program.body?.[0];
  if (!stmt || stmt.type !== 'ExpressionStatement') return undefined;
  let expr = stmt.expression;
  if (!method) {
    if (expr.type === 'ArrowFunctionExpression' || expr.type === 'FunctionExpression') return expr;
    return undefined;
  }
  if (expr.type === 'ObjectExpression') {
    const prop = expr.properties?.[0];
    if (prop?.type === 'Property' && prop.value?.type === 'FunctionExpression') return { ...prop.value, methodName: prop.key?.name };
  }
  if (expr.type === 'ClassExpression') {
    const m = expr.body?.body?.[0];
    if (m?.type === 'MethodDefinition') return { ...m.value, methodName: m.key?.name };
  }
  return undefined;
}
