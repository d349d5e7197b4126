// index.ts — lowers a parsed kernel, for one signature, to an IrKernel.
//
// Binds the parameters (grid indices, arrays, scalars) and the `uses` entries, then runs
// the lowering walk to a fixed point of the variable types (see context.ts).

import type { FunctionAst, Stmt as AstStmt, Expr as AstExpr } from '../ast.js';
import type { SourceInfo } from '../diagnostics.js';
import type { IrKernel, ReduceSpec, Stmt } from '../ir/ir.js';
import type { InferType } from '../types/dtype.js';
import type { Signature } from '../types/signature.js';
import { LowerContext, type Binding } from './context.js';
import { definitelyReturns } from '../check.js';
import { inlineHelper, lowerStmts, RETURN_DECL } from './stmt.js';
import { lowerCall } from './calls.js';
import { coerce, constant, irType } from './types.js';
import { checkUniformity } from '../passes/uniformity.js';

/** A parsed function with its source, as the lowering needs it. */
export interface FunctionInput {
  readonly ast: FunctionAst;
  readonly source: SourceInfo;
}

/** What `uses` entries bind to. */
export type UsesEntry =
  | { kind: 'helper'; fn: FunctionInput }
  | { kind: 'constant'; value: number | boolean }
  | { kind: 'intrinsic'; name: string };

export interface LowerInput {
  readonly kernel: FunctionInput;
  readonly signature: Signature;
  readonly precision: 'auto' | 'f32' | 'f64';
  readonly reduce: 'sum' | 'prod' | 'min' | 'max' | FunctionInput | null;
  readonly uses: ReadonlyMap<string, UsesEntry>;
  readonly boundsCheck: boolean;
  readonly fastMath: boolean;
  /** Cooperative kernels: the workgroup's extents (one per grid axis). */
  readonly workgroup: readonly number[] | null;
}

const MAX_ROUNDS = 10;

export function lowerKernel(input: LowerInput): IrKernel {
  const varTypes = new Map<object, InferType>();
  const mayBeNegative = new Set<object>();
  for (let round = 0; ; round++) {
    const { ir, changed, settledErrors } = lowerOnce(input, varTypes, mayBeNegative);
    if (!changed || round >= MAX_ROUNDS) {
      const settled = settledErrors.find((e) => e.when?.() ?? true);
      if (settled) throw settled.error;
      // Cooperative kernels: every barrier() in uniform control flow (passes/uniformity.ts).
      if (ir.geometry.kind === 'workgroup') checkUniformity(ir, input.kernel.source);
      return ir;
    }
  }
}

function lowerOnce(
  input: LowerInput,
  varTypes: Map<object, InferType>,
  mayBeNegative: Set<object>,
): {
  ir: IrKernel;
  changed: boolean;
  settledErrors: LowerContext['settledErrors'];
} {
  const { kernel, signature } = input;
  const reduceKind =
    input.reduce === null ? null : typeof input.reduce === 'string' ? input.reduce : 'custom';
  const cx = new LowerContext(
    kernel.source,
    { precision: input.precision, reduce: reduceKind, boundsCheck: input.boundsCheck },
    varTypes,
    { lowerCall, inlineHelper },
    mayBeNegative,
  );
  cx.setGlobals(globalsFor(input.uses));
  cx.pushScope();
  const params = kernel.ast.params;
  const assigned = assignedNames(kernel.ast.body);
  const prologue: Stmt[] = [];

  if (input.workgroup && input.workgroup.length !== signature.gridRank) {
    const first = params[0];
    const last = params[Math.max(0, signature.gridRank - 1)];
    cx.error(
      'E_WORKGROUP',
      `the workgroup has ${input.workgroup.length} dimension${input.workgroup.length === 1 ? '' : 's'} (${JSON.stringify(input.workgroup)}) but the grid has ${signature.gridRank}`,
      first && last ? { start: first.span.start, end: last.span.end } : kernel.ast.span,
      'give the workgroup one extent per grid axis, e.g. [16, 16] for launch([h, w], …)',
    );
  }
  cx.workgroup = input.workgroup;
  const indexNames: string[] = [];
  for (let axis = 0; axis < signature.gridRank; axis++) {
    const p = params[axis]!;
    const name = cx.freshName(p.name);
    indexNames.push(name);
    cx.scalar(`grid${axis}`, 'i32', { kind: 'grid', axis });
    // The parameter's AST node keys its type (stable across the rounds of lowerKernel): an
    // index the body reassigns is a copy that widens as its assignments do (`i = i / 2`).
    const decl = p;
    cx.assignType(decl, { t: 'i32', weak: false });
    cx.noteAssigned(decl, true); // a grid index is ≥ 0
    if (assigned.has(p.name)) {
      const copy = cx.freshName(p.name);
      const t = irType(cx, cx.varTypes.get(decl)!);
      prologue.push({ k: 'let', name: copy, t, init: coerce({ k: 'local', t: 'i32', name }, t) });
      cx.bind(p.name, { kind: 'value', irName: copy, decl, constant: false, span: p.span });
    } else {
      cx.bind(p.name, { kind: 'value', irName: name, decl, constant: true, span: p.span });
      cx.gridIndexNames.add(name);
    }
  }

  signature.args.forEach((arg, argIndex) => {
    const p = params[signature.gridRank + argIndex]!;
    switch (arg.kind) {
      case 'typed':
      case 'strided': {
        const buffer = cx.buffers.length;
        cx.buffers.push({ name: p.name, dtype: arg.dtype, read: false, written: false, argIndex });
        cx.bufferFlags.push({ read: false, written: false });
        cx.bind(p.name, {
          kind: 'array',
          view: {
            param: p.name,
            buffer,
            dtype: arg.dtype,
            sig: arg,
            rank: arg.kind === 'typed' ? 1 : arg.rank,
          },
        });
        return;
      }
      case 'number':
      case 'bool': {
        const ty: InferType =
          arg.kind === 'bool'
            ? { t: 'bool', weak: false }
            : arg.type === 'float'
              ? { t: 'float', weak: true }
              : { t: arg.type, weak: false };
        const index = cx.scalar(p.name, irType(cx, ty), { kind: 'arg', argIndex });
        if (assigned.has(p.name)) {
          // The parameter's AST node keys its type, so the fixed point of lowerKernel sees
          // the assignments of earlier rounds (a fresh object each round forgot them).
          const decl = p;
          cx.assignType(decl, ty);
          cx.noteAssigned(decl, ty.t === 'u32');
          const name = cx.freshName(p.name);
          prologue.push({
            k: 'let',
            name,
            t: irType(cx, cx.varTypes.get(decl)!),
            init: coerce(
              { k: 'scalar', t: irType(cx, ty), index },
              irType(cx, cx.varTypes.get(decl)!),
            ),
          });
          cx.bind(p.name, { kind: 'value', irName: name, decl, constant: false, span: p.span });
        } else {
          cx.bind(p.name, { kind: 'scalar', index, ty });
        }
        return;
      }
      case 'alias': {
        // The same array as an earlier parameter: both names mean its one buffer.
        cx.bind(p.name, cx.lookup(params[signature.gridRank + arg.of]!.name)!);
        return;
      }
      default: {
        const never: never = arg;
        return never;
      }
    }
  });

  const body = cx.collect(() => {
    for (const s of prologue) cx.emit(s);
    lowerStmts(cx, kernel.ast.body);
  });

  let reduce: ReduceSpec | null = null;
  if (input.reduce !== null) {
    if (!definitelyReturns(kernel.ast.body)) {
      const end = kernel.ast.span.end;
      cx.error('E_RETURN', 'a reduce kernel must return a number on every path', {
        start: end - 1,
        end,
      });
    }
    const t = irType(cx, cx.varTypes.get(RETURN_DECL) ?? { t: 'float', weak: true });
    reduce =
      typeof input.reduce === 'string'
        ? { kind: input.reduce, t }
        : lowerCombiner(cx, input.reduce, t);
  }

  const buffers = cx.buffers.map((b, k) => ({
    ...b,
    read: cx.bufferFlags[k]!.read,
    written: cx.bufferFlags[k]!.written,
  }));
  const ir: IrKernel = {
    name: kernel.source.name,
    indexNames,
    geometry: input.workgroup ? { kind: 'workgroup', size: input.workgroup } : { kind: 'flat' },
    buffers,
    scalars: cx.scalars,
    localArrays: cx.localArrays,
    body,
    reduce,
    precision: input.precision,
    boundsCheck: input.boundsCheck,
    fastMath: input.fastMath,
    uses: { ...cx.uses, f64: cx.uses.f64 || containsF64(body) || reduce?.t === 'f64' },
  };
  return { ir, changed: cx.changed, settledErrors: cx.settledErrors };
}

/** The combiner `(a, b) => …` of a custom reduce, with a and b of the return type. */
function lowerCombiner(cx: LowerContext, fn: FunctionInput, t: ReduceSpec['t']): ReduceSpec {
  const ast = fn.ast;
  if (ast.params.length !== 2)
    cx.error(
      'E_REDUCE',
      `the reduce combiner must take two parameters (a, b), it takes ${ast.params.length}`,
      ast.span,
    );
  const outer = cx.source;
  cx.source = fn.source;
  const a = cx.freshName(ast.params[0]!.name);
  const b = cx.freshName(ast.params[1]!.name);
  const result = cx.freshName('combined');
  const resultDecl = { combinerResult: true };
  const ty: InferType = { t, weak: false };
  cx.varTypes.set(resultDecl, ty);
  const label = cx.freshLabel();
  const body = cx.collect(() =>
    cx.isolated(() => {
      cx.bind(ast.params[0]!.name, {
        kind: 'value',
        irName: a,
        decl: { combinerParam: 0, ty },
        constant: false,
        span: ast.params[0]!.span,
      });
      cx.bind(ast.params[1]!.name, {
        kind: 'value',
        irName: b,
        decl: { combinerParam: 1, ty },
        constant: false,
        span: ast.params[1]!.span,
      });
      for (const name of ['a', 'b'] as const)
        cx.varTypes.set(
          (cx.lookup(ast.params[name === 'a' ? 0 : 1]!.name) as Binding & { kind: 'value' }).decl,
          ty,
        );
      cx.emit({ k: 'let', name: result, t, init: constant(t, 0) });
      cx.jumps.push({
        kind: 'helper',
        userLabel: null,
        irLabel: label,
        resultName: result,
        resultDecl,
      });
      const inner = cx.collect(() => lowerStmts(cx, ast.body));
      cx.jumps.pop();
      cx.emit({ k: 'block', label, body: inner });
    }),
  );
  cx.source = outer;
  if (!definitelyReturns(ast.body))
    cx.error('E_REDUCE', 'the reduce combiner must return a value on every path', ast.span);
  return { kind: 'custom', t, a, b, body, result };
}

function globalsFor(uses: ReadonlyMap<string, UsesEntry>): Map<string, Binding> {
  const globals = new Map<string, Binding>();
  for (const [name, entry] of uses) {
    globals.set(
      name,
      entry.kind === 'helper'
        ? { kind: 'helper', fn: entry.fn.ast, source: entry.fn.source }
        : entry,
    );
  }
  return globals;
}

/** Names assigned anywhere in a body (parameters that are assigned need a local copy). */
function assignedNames(stmts: readonly AstStmt[], out = new Set<string>()): Set<string> {
  const target = (e: AstExpr) => {
    if (e.kind === 'ident') out.add(e.name);
  };
  for (const s of stmts) {
    switch (s.kind) {
      case 'assign':
      case 'update':
        target(s.target);
        break;
      case 'if':
        assignedNames(s.then, out);
        assignedNames(s.else, out);
        break;
      case 'for':
        assignedNames(s.init, out);
        assignedNames(s.update, out);
        assignedNames(s.body, out);
        break;
      case 'while':
      case 'doWhile':
      case 'block':
        assignedNames(s.body, out);
        break;
      default:
        break;
    }
  }
  return out;
}

function containsF64(stmts: readonly Stmt[]): boolean {
  return JSON.stringify(stmts, (_k, v) => v).includes('"t":"f64"');
}
