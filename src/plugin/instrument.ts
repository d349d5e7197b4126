// instrument.ts — the transform behind numbat/esbuild and numbat/vite: it records, in the
// code itself, the original JavaScript text of every function handed to numbat, so that
// kernels still compile after a minifier renamed and rewrote them (src/jit/recorded.ts
// reads the record back).
//
// Which functions: the first argument of `kernel()` and `vectorize()`; the `uses` helpers
// and the `reduce` combiner in their options (and in `k.with(…)`); functions passed to any
// other numbat import (`scan(x, (a, b) => …)`). Each may be written inline or named: a
// name is followed to a function or object declared in the same file (`uses: { helper }`,
// `kernel(fn, options)`). A file that imports numbat also has its exported functions
// recorded when they could be kernel language (a helper another file hands to a kernel).
// `recordAll` records every function that contains no other function and could be kernel
// language, for code that passes helpers around in variables, such as numbat's own
// built-in kernels.
//
// How: a function expression F becomes `__numbatRecord(F, {…})`; a function declaration
// gets `__numbatRecord(name, {…});` at the top of its scope (declarations are hoisted); the
// helper itself is appended to the file. Insertions never add a line, so the code's lines
// stay where they were; the caller shifts its source map by the returned insertions.

import { parse } from 'acorn';
import { INTRINSIC_NAMES } from '../jit/ops/intrinsics.js';

export interface InstrumentOptions {
  /** The file's name as records give it (relative to the build's working directory). */
  readonly file: string;
  /** The 1-based line in the original file of a 0-based (line, column) of the code, when the code was transformed from it. */
  readonly originalLine?: (line: number, column: number) => number | undefined;
  /** Record every function that contains no other function (see the file header). */
  readonly recordAll?: boolean;
}

/** Text inserted at an offset of the input. */
export interface Insertion {
  readonly at: number;
  readonly text: string;
}

export interface Instrumented {
  readonly code: string;
  readonly insertions: readonly Insertion[];
  /** How many functions were recorded. */
  readonly recorded: number;
}

const RECORD = '__numbatRecord';
const HELPER = `function ${RECORD}(f, r) { try { Object.defineProperty(f, Symbol.for('numbat.source'), { value: r, configurable: true }); } catch {} return f; }`;

/** Intrinsics a kernel may refer to under another name (`import { f32 as g }`). */
const INTRINSICS = INTRINSIC_NAMES;

/** Whether a file may hold something to record (a cheap test before parsing). */
export function mayHaveKernels(code: string): boolean {
  return !code.includes(RECORD) && /\b(kernel|vectorize|numbat)\b/.test(code);
}

type Node = { type: string; start: number; end: number; [key: string]: any };

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function isFunction(node: Node | null | undefined): boolean {
  return !!node && FUNCTION.has(node.type);
}

function childNodes(node: Node): Node[] {
  const out: Node[] = [];
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v.type === 'string') out.push(v);
    } else if (value && typeof value === 'object' && typeof value.type === 'string') {
      out.push(value);
    }
  }
  return out;
}

interface Binding {
  readonly name: string;
  /** The block (or program) the name is declared in. */
  readonly scope: Node;
  readonly node: Node;
  readonly kind: 'function' | 'object';
}

interface ImportBinding {
  readonly source: string;
  /** The imported name, or '*' for a namespace. */
  readonly imported: string;
}

const isNumbat = (source: string): boolean => source === 'numbat' || source.startsWith('numbat/');

/** Records the functions handed to numbat in `code` (see the file header); undefined when none. */
export function instrument(code: string, options: InstrumentOptions): Instrumented | undefined {
  if (code.includes(RECORD)) return undefined;
  let program: Node;
  try {
    program = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
    }) as unknown as Node;
  } catch {
    try {
      program = parse(code, {
        ecmaVersion: 'latest',
        sourceType: 'script',
        allowHashBang: true,
      }) as unknown as Node;
    } catch {
      return undefined;
    }
  }

  const imports = new Map<string, ImportBinding>();
  const bindings: Binding[] = [];
  const calls: { node: Node; parent: Node | undefined }[] = [];
  const leaves: { node: Node; parent: Node | undefined }[] = [];
  const scopeOf = (ancestors: readonly Node[]): Node => {
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const t = ancestors[k]!.type;
      if (t === 'Program' || t === 'BlockStatement' || t === 'StaticBlock') return ancestors[k]!;
    }
    return program;
  };

  // One walk: imports, named functions and objects, calls, and leaf functions.
  const ancestors: Node[] = [];
  const walk = (node: Node): boolean => {
    // Returns whether the subtree holds a function.
    const parent = ancestors[ancestors.length - 1];
    switch (node.type) {
      case 'ImportDeclaration':
        for (const s of node.specifiers as Node[]) {
          const imported =
            s.type === 'ImportNamespaceSpecifier'
              ? '*'
              : s.type === 'ImportDefaultSpecifier'
                ? 'default'
                : (s.imported.name ?? s.imported.value);
          imports.set(s.local.name, { source: String(node.source.value), imported });
        }
        return false;
      case 'FunctionDeclaration':
        if (node.id) {
          bindings.push({
            name: node.id.name,
            scope: scopeOf(ancestors),
            node,
            kind: 'function',
          });
        }
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier' && node.init) {
          const init = unparen(node.init);
          if (isFunction(init) || init.type === 'ObjectExpression') {
            bindings.push({
              name: node.id.name,
              scope: scopeOf(ancestors),
              node: init,
              kind: isFunction(init) ? 'function' : 'object',
            });
          }
        }
        break;
      case 'CallExpression':
        calls.push({ node, parent });
        break;
    }
    ancestors.push(node);
    let nested = false;
    for (const child of childNodes(node)) if (walk(child)) nested = true;
    ancestors.pop();
    if (isFunction(node)) {
      if (!nested) leaves.push({ node, parent });
      return true;
    }
    return nested;
  };
  walk(program);

  const resolve = (name: string, at: number, kind: Binding['kind']): Node | undefined => {
    let best: Binding | undefined;
    for (const b of bindings) {
      if (b.name !== name || b.kind !== kind || b.scope.start > at || b.scope.end < at) continue;
      if (!best || b.scope.end - b.scope.start < best.scope.end - best.scope.start) best = b;
    }
    return best?.node;
  };

  // Functions to record: node → the name a kernel was given, if any.
  const toRecord = new Map<Node, string | undefined>();
  const want = (node: Node | undefined, name?: string): void => {
    if (!node) return;
    node = unparen(node);
    if (node.type === 'Identifier') {
      const target = resolve(node.name, node.start, 'function');
      if (target) want(target, node.name);
      return;
    }
    if (!isFunction(node) || node.async || node.generator) return;
    if (!toRecord.has(node) || toRecord.get(node) === undefined) toRecord.set(node, name);
  };
  const objectOf = (node: Node | undefined): Node | undefined => {
    if (!node) return undefined;
    node = unparen(node);
    if (node.type === 'ObjectExpression') return node;
    if (node.type === 'Identifier') return resolve(node.name, node.start, 'object');
    return undefined;
  };
  const kernelOptions = (node: Node | undefined, depth = 0): void => {
    const object = objectOf(node);
    if (!object || depth > 4) return;
    for (const p of object.properties as Node[]) {
      if (p.type === 'SpreadElement') {
        kernelOptions(p.argument, depth + 1);
        continue;
      }
      if (p.type !== 'Property' || p.computed) continue;
      const key = p.key.name ?? p.key.value;
      if (key === 'reduce') want(p.value);
      if (key === 'uses') uses(p.value);
    }
  };
  const uses = (node: Node | undefined, depth = 0): void => {
    const object = objectOf(node);
    if (!object || depth > 4) return;
    for (const p of object.properties as Node[]) {
      if (p.type === 'SpreadElement') uses(p.argument, depth + 1);
      else if (p.type === 'Property') want(p.value);
    }
  };

  for (const { node, parent } of calls) {
    const role = callRole(node.callee, imports);
    if (role === 'kernel') {
      want(node.arguments[0], nameOfCall(node, parent));
      kernelOptions(node.arguments[1]);
    } else if (role === 'with') {
      kernelOptions(node.arguments[0]);
    } else if (role === 'other') {
      for (const a of node.arguments as Node[]) want(a);
    }
  }
  // Helpers exported by a file that imports numbat: another file may hand them to a kernel.
  if ([...imports.values()].some((b) => isNumbat(b.source))) {
    for (const statement of program.body as Node[]) {
      if (statement.type !== 'ExportNamedDeclaration' || !statement.declaration) continue;
      const d = statement.declaration;
      const fns =
        d.type === 'FunctionDeclaration'
          ? [d]
          : d.type === 'VariableDeclaration'
            ? (d.declarations as Node[]).map((v) => v.init && unparen(v.init))
            : [];
      for (const f of fns) if (isFunction(f) && couldBeKernelLanguage(f)) want(f);
    }
  }
  if (options.recordAll) {
    for (const { node, parent } of leaves) {
      if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.method))
        continue;
      if (parent?.type === 'Property' && (parent.kind === 'get' || parent.kind === 'set')) continue;
      if (couldBeKernelLanguage(node)) want(node);
    }
  }
  if (toRecord.size === 0) return undefined;

  const lineStarts = [0];
  for (let k = 0; k < code.length; k++) if (code.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const position = (offset: number): { line: number; column: number } => {
    let lo = 0,
      hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - lineStarts[lo]! };
  };
  const fileLine = (offset: number): number => {
    const p = position(offset);
    return options.originalLine?.(p.line, p.column) ?? p.line + 1;
  };

  const insertions: Insertion[] = [];
  const scopeTops = new Map<Node, string[]>();
  for (const [node, name] of toRecord) {
    const record = recordText(code, node, name, imports, fileLine, options.file);
    if (node.type === 'FunctionDeclaration') {
      const scope = bindings.find((b) => b.node === node)?.scope ?? program;
      const list = scopeTops.get(scope) ?? [];
      list.push(`${RECORD}(${node.id.name}, ${record});`);
      scopeTops.set(scope, list);
    } else {
      insertions.push({ at: node.start, text: `${RECORD}(` });
      insertions.push({ at: node.end, text: `, ${record})` });
    }
  }
  for (const [scope, statements] of scopeTops) {
    insertions.push({ at: scopeTop(scope, program), text: statements.join(' ') });
  }
  insertions.sort((a, b) => a.at - b.at);
  let out = '';
  let last = 0;
  for (const ins of insertions) {
    out += code.slice(last, ins.at) + ins.text;
    last = ins.at;
  }
  out += code.slice(last);
  out += (out.endsWith('\n') ? '' : '\n') + HELPER + '\n';
  return { code: out, insertions, recorded: toRecord.size };
}

/** Node types the kernel language never has (strings, objects, `this`, patterns, …). */
const NOT_KERNEL_LANGUAGE = new Set([
  'TemplateLiteral',
  'TaggedTemplateExpression',
  'ObjectExpression',
  'ArrayExpression',
  'SpreadElement',
  'ThisExpression',
  'AwaitExpression',
  'YieldExpression',
  'ObjectPattern',
  'ArrayPattern',
  'RestElement',
  'AssignmentPattern',
  'ThrowStatement',
  'TryStatement',
  'ChainExpression',
  'ImportExpression',
  'ClassExpression',
  'ClassDeclaration',
  'ForInStatement',
  'ForOfStatement',
  'SwitchStatement',
]);

/** Whether a leaf function could be a kernel or helper (what `recordAll` records). */
function couldBeKernelLanguage(fn: Node): boolean {
  const ok = (n: Node): boolean => {
    if (NOT_KERNEL_LANGUAGE.has(n.type)) return false;
    if (n.type === 'Literal' && (typeof n.value === 'string' || n.regex || n.bigint)) return false;
    if (n.type === 'NewExpression' && !/Array$/.test(n.callee?.name ?? '')) return false;
    if (n.type === 'UnaryExpression' && (n.operator === 'typeof' || n.operator === 'delete'))
      return false;
    if (n.type === 'BinaryExpression' && (n.operator === 'instanceof' || n.operator === 'in'))
      return false;
    return childNodes(n).every(ok);
  };
  return fn.params.length > 0 && ok(fn);
}

function unparen(node: Node): Node {
  while (node.type === 'ParenthesizedExpression') node = node.expression;
  return node;
}

/** What a call is to the transform: a kernel definition, `k.with(options)`, another numbat function, or nothing. */
function callRole(
  callee: Node,
  imports: ReadonlyMap<string, ImportBinding>,
): 'kernel' | 'with' | 'other' | undefined {
  const isDefiner = (name: string): boolean => name === 'kernel' || name === 'vectorize';
  if (callee.type === 'Identifier') {
    const b = imports.get(callee.name);
    if (b && isDefiner(b.imported)) return 'kernel';
    if (b && isNumbat(b.source)) return 'other';
    if (!b && isDefiner(callee.name)) return 'kernel';
    return undefined;
  }
  if (callee.type === 'MemberExpression' && !callee.computed) {
    const property: string = callee.property.name;
    if (property === 'with') return 'with';
    if (isDefiner(property)) return 'kernel';
    const object = callee.object;
    if (object.type === 'Identifier') {
      const b = imports.get(object.name);
      if (b?.imported === '*' && isNumbat(b.source)) return 'other';
    }
  }
  return undefined;
}

/** The name a kernel is assigned to: `const saxpy = kernel(…)`, `x.saxpy = …`, `{ saxpy: … }`. */
function nameOfCall(_call: Node, parent: Node | undefined): string | undefined {
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier')
    return parent.id.name;
  if (parent.type === 'AssignmentExpression') {
    const left = parent.left;
    if (left.type === 'Identifier') return left.name;
    if (left.type === 'MemberExpression' && !left.computed) return left.property.name;
  }
  if (parent.type === 'Property' && !parent.computed) return parent.key.name ?? parent.key.value;
  return undefined;
}

/** Where statements can go at the top of a block: after its directives ('use strict'). */
function scopeTop(scope: Node, program: Node): number {
  const body: Node[] = scope.body ?? [];
  let at = scope === program ? (body[0]?.start ?? scope.end) : scope.start + 1;
  for (const s of body) {
    if (s.type === 'ExpressionStatement' && typeof s.directive === 'string') at = s.end;
    else break;
  }
  return at;
}

/** The record of one function, as a JavaScript object literal on one line. */
function recordText(
  code: string,
  node: Node,
  name: string | undefined,
  imports: ReadonlyMap<string, ImportBinding>,
  fileLine: (offset: number) => number,
  file: string,
): string {
  const source = code.slice(node.start, node.end);
  const lines: number[] = [];
  let offset = node.start;
  for (const line of source.split('\n')) {
    const indent = /^\s*/.exec(line)![0].length;
    lines.push(fileLine(offset + Math.min(indent, Math.max(0, line.length - 1))));
    offset += line.length + 1;
  }
  const aliases = new Set<string>();
  const visit = (n: Node, parent: Node | undefined): void => {
    if (n.type === 'Identifier') {
      const b = imports.get(n.name);
      const isKey =
        (parent?.type === 'MemberExpression' && parent.property === n && !parent.computed) ||
        (parent?.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand);
      if (b && !isKey && b.imported !== n.name && INTRINSICS.has(b.imported)) aliases.add(n.name);
      return;
    }
    for (const c of childNodes(n)) visit(c, n);
  };
  visit(node, undefined);
  const ownName = node.id?.name as string | undefined;
  const parts = [
    `source: ${JSON.stringify(source)}`,
    `file: ${JSON.stringify(file)}`,
    `lines: [${lines.join(', ')}]`,
  ];
  const kernelName = ownName ?? name;
  if (kernelName) parts.push(`name: ${JSON.stringify(kernelName)}`);
  if (aliases.size) parts.push(`names: { ${[...aliases].map((a) => `${a}: ${a}`).join(', ')} }`);
  return `{ ${parts.join(', ')} }`;
}
