// stmt.ts — lowering of kernel-AST statements to structured IR, and inlining of `uses`
// helpers (a helper's `return` becomes an assignment plus a `break` out of its block).

import type { Expr as AstExpr, FunctionAst, Stmt as AstStmt } from '../ast.js';
import type { Expr, Stmt } from '../ir/ir.js';
import { isFloatDType, loadType, type DType, type InferType } from '../types/dtype.js';
import type { Binding, LowerContext, Value } from './context.js';
import { definitelyReturns, hasValueReturn } from '../check.js';
import { coerce, constant, indexExpr, irType, truthy } from './types.js';
import {
  flatIndex,
  lowerBinary,
  lowerExpr,
  lowerForBits,
  keepIfReadsMemory,
  loadElement,
  lowerApart,
  lowerIdent,
  evaluatedOnce,
  markReadAsNumber,
  ndarrayHasNoIndex,
} from './expr.js';

/** Compound assignments that read the variable's 32 bits only. */
const BITWISE_OPS = new Set(['&', '|', '^', '<<', '>>', '>>>']);
import { checkIntJoin } from './intMix.js';
import { lowerCall, storedValue, storeToView } from './calls.js';
import { MAX_LOCAL_ARRAY } from '../check.js';
import { intrinsicNamed } from '../ops/names.js';
import { allExprs, allStmts } from '../ir/walk.js';
import { writesMemory } from './effects.js';
import { hasEffect } from '../ir/effects.js';

const LOCAL_ARRAY_DTYPES: Record<string, DType> = {
  Float32Array: 'f32',
  Float64Array: 'f64',
  Int32Array: 'i32',
  Uint32Array: 'u32',
  Int16Array: 'i16',
  Uint16Array: 'u16',
  Int8Array: 'i8',
  Uint8Array: 'u8',
};

/** The pseudo-declaration that collects a reduce kernel's return types. */
export const RETURN_DECL = { returnValue: true };

export function lowerStmts(cx: LowerContext, stmts: readonly AstStmt[]): void {
  for (const s of stmts) lowerStmt(cx, s);
}

function lowerBlock(cx: LowerContext, stmts: readonly AstStmt[]): Stmt[] {
  return cx.collect(() => {
    cx.pushScope();
    lowerStmts(cx, stmts);
    cx.popScope();
  });
}

function lowerStmt(cx: LowerContext, s: AstStmt): void {
  switch (s.kind) {
    case 'let':
      return lowerLet(cx, s);
    case 'expr': {
      if (s.expr.kind === 'call') {
        // Kept where an atomic is in its value (`Math.abs(atomicAdd(c, 0, 1));`), however deep.
        const v = lowerCall(cx, s.expr, true);
        if (v && hasEffect(v.ir, false)) cx.emit({ k: 'expr', e: v.ir });
        return;
      }
      // Kept only where it updates an array (`x > 0 && atomicAdd(c, 0, 1) > 0;`); the
      // rest is evaluated for its errors (and emits what its helpers need).
      const v = lowerExpr(cx, s.expr);
      if (allExprs(v.ir).some((x) => x.k === 'atomic')) cx.emit({ k: 'expr', e: v.ir });
      return;
    }
    case 'assign':
      return lowerAssign(cx, s.target, s.op === '=' ? null : s.op.slice(0, -1), s.value, s.span);
    case 'update':
      return lowerAssign(
        cx,
        s.target,
        s.op === '++' ? '+' : '-',
        { kind: 'num', span: s.span, value: 1, intLiteral: true },
        s.span,
      );
    case 'if': {
      const test = truthy(lowerExpr(cx, s.test));
      const then = lowerBlock(cx, s.then);
      const els = lowerBlock(cx, s.else);
      if (test.k === 'const') {
        for (const x of test.v ? then : els) cx.emit(x);
        return;
      }
      cx.emit({ k: 'if', cond: test, then, else: els, condText: sourceText(cx, s.test.span) });
      return;
    }
    case 'block':
      for (const x of lowerBlock(cx, s.body)) cx.emit(x);
      return;
    case 'for': {
      cx.pushScope();
      lowerStmts(cx, s.init);
      emitLoop(cx, s.label, s.test, s.body, s.update, null);
      cx.popScope();
      return;
    }
    case 'while':
      return emitLoop(cx, s.label, s.test, s.body, [], null);
    case 'doWhile':
      return emitLoop(cx, s.label, null, s.body, [], s.test);
    case 'break':
    case 'continue': {
      const target = findLoop(cx, s.label, s.span, s.kind);
      cx.emit({ k: s.kind, label: target });
      return;
    }
    case 'return':
      return lowerReturn(cx, s.value, s.span);
    default: {
      const never: never = s;
      return never;
    }
  }
}

function findLoop(
  cx: LowerContext,
  label: string | null,
  span: { start: number; end: number },
  what: string,
): string {
  for (let k = cx.jumps.length - 1; k >= 0; k--) {
    const j = cx.jumps[k]!;
    if (j.kind === 'helper') break; // a helper cannot break out of its caller's loop
    if (label === null || j.userLabel === label) return j.irLabel;
  }
  return cx.error(
    'E_JUMP',
    label ? `\`${what} ${label}\` names no enclosing loop` : `\`${what}\` outside a loop`,
    span,
  );
}

function emitLoop(
  cx: LowerContext,
  userLabel: string | null,
  test: AstExpr | null,
  body: readonly AstStmt[],
  update: readonly AstStmt[],
  post: AstExpr | null,
): void {
  const label = cx.freshLabel();
  const jump = { kind: 'loop', userLabel, irLabel: label } as const;
  // Types of the loop's variables may widen inside the body: the fixed point handles it.
  // A condition's statements (an inlined helper's) run each time it is tested, so they
  // are kept apart and placed inside the loop (with the loop on the jump stack, so that a
  // local array the helper declares is zeroed each time).
  cx.jumps.push(jump);
  const tautologies = cx.loopTautologies.length;
  const tested = test ? inLoopCondition(cx, () => lowerApart(cx, test)) : null;
  cx.jumps.pop();
  const cond = tested ? truthy(tested.value) : null;
  cx.jumps.push(jump);
  let irBody = lowerBlock(cx, body);
  cx.jumps.pop();
  const irUpdate = cx.collect(() => lowerStmts(cx, update));
  cx.jumps.push(jump);
  const posted = post ? inLoopCondition(cx, () => lowerApart(cx, post)) : null;
  cx.jumps.pop();
  refuseEndlessLoop(cx, cx.loopTautologies.splice(tautologies), test ?? post, irBody, label);
  const postCond = posted ? truthy(posted.value) : null;
  const where = test ?? post;
  const condText = where ? sourceText(cx, where.span) : undefined;
  if (tested?.stmts.length) {
    // `while (cond)` whose test needs statements: `loop { stmts; if (!cond) break; body }`.
    if (cond!.k === 'const' && !cond!.v) {
      for (const st of tested.stmts) cx.emit(st);
      return;
    }
    const exit: Stmt[] =
      cond!.k === 'const'
        ? []
        : [
            {
              k: 'if',
              cond: not(cond!),
              then: [{ k: 'break', label }],
              else: [],
              condText: condText!,
            },
          ];
    irBody = [...tested.stmts, ...exit, ...irBody];
    cx.emit({ k: 'loop', label, cond: null, body: irBody, update: irUpdate, postCond: null });
    return;
  }
  if (posted?.stmts.length) {
    // `do … while (cond)` whose test needs statements: the test ends the body, and a
    // `continue` leaves the body's block to reach it (WGSL allows no break in the part
    // of a loop that a continue reaches, so the test cannot go in `update`).
    const bodyEnd = cx.freshLabel();
    if (containsContinueTo(irBody, label)) {
      irBody = [{ k: 'block', label: bodyEnd, body: continueToBreak(irBody, label, bodyEnd) }];
    }
    const exit: Stmt[] =
      postCond!.k === 'const'
        ? postCond!.v
          ? []
          : [{ k: 'break', label }]
        : [
            {
              k: 'if',
              cond: not(postCond!),
              then: [{ k: 'break', label }],
              else: [],
              condText: condText!,
            },
          ];
    irBody = [...irBody, ...irUpdate, ...posted.stmts, ...exit];
    cx.emit({ k: 'loop', label, cond: null, body: irBody, update: [], postCond: null });
    return;
  }
  if (cond && cond.k === 'const' && !cond.v) return;
  cx.emit({
    k: 'loop',
    label,
    cond: cond && cond.k === 'const' ? null : cond,
    body: irBody,
    update: irUpdate,
    postCond,
    ...(where ? { condText: condText! } : {}),
  });
}

function not(e: Expr): Expr {
  return e.k === 'un' && e.op === '!' ? e.a : { k: 'un', t: 'bool', op: '!', a: e };
}

function containsContinueTo(stmts: readonly Stmt[], label: string): boolean {
  return allStmts(stmts).some((s) => s.k === 'continue' && s.label === label);
}

/** `stmts` with each `continue loop` turned into `break to` (the end of the loop's body). */
function continueToBreak(stmts: readonly Stmt[], loop: string, to: string): Stmt[] {
  return stmts.map((s): Stmt => {
    switch (s.k) {
      case 'continue':
        return s.label === loop ? { k: 'break', label: to } : s;
      case 'if':
        return {
          ...s,
          then: continueToBreak(s.then, loop, to),
          else: continueToBreak(s.else, loop, to),
        };
      case 'loop':
        return {
          ...s,
          body: continueToBreak(s.body, loop, to),
          update: continueToBreak(s.update, loop, to),
        };
      case 'block':
        return { ...s, body: continueToBreak(s.body, loop, to) };
      default:
        return s;
    }
  });
}

/**
 * A loop whose whole condition holds for every u32 value (`k >= 0`, `k > -1`, `k != -1`
 * after `let k = u[i]`) and whose body never leaves it would not end, where JavaScript's k
 * goes below 0 and ends it: a KernelError once the types have settled. (With a second
 * test, `k >= 0 && k < n`, or a `break`/`return` inside, the kernel's loop ends too.)
 */
function refuseEndlessLoop(
  cx: LowerContext,
  tautologies: readonly { start: number; end: number }[],
  condition: AstExpr | null,
  irBody: readonly Stmt[],
  label: string,
): void {
  const whole = tautologies.find(
    (s) => condition && s.start === condition.span.start && s.end === condition.span.end,
  );
  if (!whole) return;
  const leaves = allStmts(irBody).some(
    (s) => s.k === 'return' || (s.k === 'break' && s.label === label),
  );
  if (leaves) return;
  cx.errorOnceSettled(
    'E_TYPE',
    `\`${sourceText(cx, whole)}\` is always true: it compares a u32 value, which never goes below 0 (integer arithmetic wraps at 32 bits), so this loop would never end, where JavaScript's number goes negative and ends it`,
    whole,
    'make the counter signed, e.g. `let k = i32(u[i])`, or count up instead',
  );
}

/** Lowers a loop's condition with cx.inLoopCondition set (see LowerContext). */
function inLoopCondition<T>(cx: LowerContext, lower: () => T): T {
  const saved = cx.inLoopCondition;
  cx.inLoopCondition = true;
  try {
    return lower();
  } finally {
    cx.inLoopCondition = saved;
  }
}

/** The user's text at `span` in the source being lowered, on one line. */
function sourceText(cx: LowerContext, span: { start: number; end: number }): string {
  return cx.source.text.slice(span.start, span.end).replace(/\s+/g, ' ');
}

/**
 * `new Float32Array(n)` gives a fresh, zeroed array each time it runs, as in JavaScript.
 * Codegen zeroes a kernel's local arrays once per grid index, which covers declarations
 * that run once; one inside a loop (of the kernel or around an inlined helper) zeroes its
 * array here, each time it runs.
 */
function zeroLocalArray(
  cx: LowerContext,
  index: number,
  dtype: DType,
  length: number,
  span: { start: number; end: number },
): void {
  const k = cx.freshName('zero_k');
  const kRef: Expr = { k: 'local', t: 'i32', name: k };
  cx.emit({ k: 'let', name: k, t: 'i32', init: constant('i32', 0) });
  cx.emit({
    k: 'loop',
    label: cx.freshLabel(),
    cond: { k: 'bin', t: 'bool', op: '<', a: kRef, b: constant('i32', length) },
    body: [
      {
        k: 'store',
        arr: { kind: 'local', index },
        index: kRef,
        value: constant(loadType(dtype), 0),
        span,
      },
    ],
    update: [
      {
        k: 'assign',
        name: k,
        value: { k: 'bin', t: 'i32', op: '+', a: kRef, b: constant('i32', 1) },
      },
    ],
    postCond: null,
  });
}

function lowerLet(cx: LowerContext, s: AstStmt & { kind: 'let' }): void {
  if (s.init && isSharedCall(cx, s.init)) return lowerShared(cx, s, s.init);
  if (s.init?.kind === 'newArray') {
    const dtype = LOCAL_ARRAY_DTYPES[s.init.ctor]!;
    const len = lowerExpr(cx, s.init.length).ir;
    if (len.k !== 'const' || !Number.isInteger(len.v) || len.v < 1 || len.v > MAX_LOCAL_ARRAY) {
      cx.error(
        'E_LOCAL_ARRAY',
        `a local ${s.init.ctor} needs a constant length between 1 and ${MAX_LOCAL_ARRAY}`,
        s.init.length.span,
        'write the length as a number literal, a `const` holding one, or a `uses` constant',
      );
    }
    if (dtype === 'f64') cx.noteF64(s.init.span);
    const index = cx.localArrays.length;
    cx.localArrays.push({ name: cx.freshName(s.name), dtype, length: len.v, scope: 'private' });
    cx.bind(s.name, { kind: 'localArray', index, dtype, length: len.v });
    if (cx.jumps.some((j) => j.kind === 'loop'))
      zeroLocalArray(cx, index, dtype, len.v, s.init.span);
    return;
  }
  const init: Value | null = s.init ? lowerExpr(cx, s.init) : null;
  // `const k = -1` (or 16777216.5, or a `uses` constant) is that literal wherever k is read,
  // so every rule for literals applies to it (a negative literal meeting a u32 value, an
  // integer compared exactly with a fraction on WebGPU). −0 stays a variable (it is a float).
  if (s.constant && init?.ir.k === 'const' && init.ty.weak && !Object.is(init.ir.v, -0)) {
    const v = init.ir.v;
    cx.bind(s.name, { kind: 'constant', value: init.ty.t === 'bool' ? v !== 0 : v, local: true });
    return;
  }
  const initTy: InferType = init ? init.ty : { t: 'i32', weak: true };
  if (init) cx.assignValue(s, init);
  else cx.noteAssigned(s, true);
  const ty = cx.varType(s, initTy);
  if (init) checkIntJoin(cx, init, ty, s.init!.span, `\`${s.name}\``, s);
  const irName = cx.freshName(s.name);
  const t = irType(cx, ty);
  cx.emit({ k: 'let', name: irName, t, init: init ? coerce(init.ir, t) : constant(t, 0) });
  cx.bind(s.name, { kind: 'value', irName, decl: s, constant: s.constant, span: s.nameSpan });
}

/** Whether `e` calls the `shared` intrinsic (by its name, through `uses`, or `ns.shared`). */
function isSharedCall(cx: LowerContext, e: AstExpr): e is AstExpr & { kind: 'call' } {
  if (e.kind !== 'call') return false;
  const callee = e.callee;
  if (callee.kind === 'ident') {
    const b = cx.lookup(callee.name);
    if (b) return b.kind === 'intrinsic' && b.name === 'shared';
    return intrinsicNamed(callee.name) === 'shared';
  }
  return callee.kind === 'member' && intrinsicNamed(callee.property) === 'shared';
}

/**
 * `const tile = shared(Float32Array, 256)`: a workgroup array, one per workgroup, zeroed
 * when the workgroup starts (never again: a declaration inside a loop names the same array).
 */
function lowerShared(
  cx: LowerContext,
  s: AstStmt & { kind: 'let' },
  init: AstExpr & { kind: 'call' },
): void {
  if (!cx.workgroup) cx.error('E_WORKGROUP', 'shared() needs the workgroup option', init.span);
  const type = init.args[0];
  const dtype = type?.kind === 'ident' ? SHARED_ARRAY_DTYPES[type.name] : undefined;
  if (!dtype || init.args.length !== 2)
    return cx.error(
      'E_TYPE',
      'shared() takes (Float32Array | Float64Array | Int32Array | Uint32Array, length)',
      init.span,
    );
  const len = lowerExpr(cx, init.args[1]!).ir;
  if (len.k !== 'const' || !Number.isInteger(len.v) || len.v < 1)
    cx.error(
      'E_LOCAL_ARRAY',
      'shared() needs a constant length of at least 1',
      init.args[1]!.span,
      'write the length as a number literal, a `const` holding one, or a `uses` constant',
    );
  if (dtype === 'f64') cx.noteF64(init.span);
  const index = cx.localArrays.length;
  cx.localArrays.push({ name: cx.freshName(s.name), dtype, length: len.v, scope: 'workgroup' });
  cx.bind(s.name, { kind: 'localArray', index, dtype, length: len.v });
}

const SHARED_ARRAY_DTYPES: Record<string, DType> = {
  Float32Array: 'f32',
  Float64Array: 'f64',
  Int32Array: 'i32',
  Uint32Array: 'u32',
};

function lowerAssign(
  cx: LowerContext,
  target: AstExpr,
  op: string | null,
  valueAst: AstExpr,
  span: { start: number; end: number },
): void {
  if (target.kind === 'ident') {
    const b = cx.lookup(target.name);
    if (!b) lowerIdent(cx, target.name, target.span);
    if (b!.kind === 'constant' && b!.local)
      cx.error('E_ASSIGN', `cannot assign to constant \`${target.name}\``, target.span);
    if (b!.kind !== 'value')
      cx.error(
        'E_ASSIGN',
        `cannot assign to \`${target.name}\``,
        target.span,
        b!.kind === 'array' ? 'assign to its elements instead' : undefined,
      );
    const binding = b as Binding & { kind: 'value' };
    if (binding.constant)
      cx.error('E_ASSIGN', `cannot assign to constant \`${target.name}\``, target.span);
    const rhs = lowerExpr(cx, valueAst);
    if (op && !BITWISE_OPS.has(op)) markReadAsNumber(cx, target.name);
    const value = op
      ? lowerBinary(
          cx,
          op as never,
          lowerIdent(cx, target.name, target.span),
          rhs,
          span,
          false,
          binding.decl,
        )
      : rhs;
    cx.assignValue(binding.decl, value);
    checkIntJoin(
      cx,
      value,
      cx.varTypes.get(binding.decl)!,
      valueAst.span,
      `\`${target.name}\``,
      binding.decl,
    );
    const t = irType(cx, cx.varTypes.get(binding.decl)!);
    cx.emit({ k: 'assign', name: binding.irName, value: coerce(value.ir, t) });
    return;
  }
  if (target.kind === 'index' && target.object.kind === 'ident') {
    const b = cx.lookup(target.object.name);
    // A store into an integer array keeps the value's low bits, whatever its signedness.
    const dtype = b?.kind === 'array' ? b.view.dtype : b?.kind === 'localArray' ? b.dtype : 'f64';
    // As JavaScript: the index, then (for `x[i] op= v`) the old element, then the value;
    // where the value needs statements (a helper that stores), the index and the old
    // element are read before them.
    let ixValue = lowerExpr(cx, target.index);
    let old: Value | null = null;
    if (op) {
      // The index serves the read and the write: an atomic in it runs once.
      ixValue = evaluatedOnce(cx, ixValue);
      const at = indexExpr(cx, ixValue, target.index.span, 'an index');
      old = (b && loadElement(cx, b, at, target.span)) ?? lowerExpr(cx, target);
    }
    const apart = lowerApart(cx, valueAst, !op && !isFloatDType(dtype) ? lowerForBits : lowerExpr);
    if (writesMemory(apart.stmts)) {
      ixValue = keepIfReadsMemory(cx, ixValue);
      if (old) old = keepIfReadsMemory(cx, old);
    }
    for (const st of apart.stmts) cx.emit(st);
    const rhs = apart.value;
    const ix = indexExpr(cx, ixValue, target.index.span, 'an index');
    // (An integer array keeps the result's 32 bits.)
    const value = op ? lowerBinary(cx, op as never, old!, rhs, span, !isFloatDType(dtype)) : rhs;
    if (b?.kind === 'array') {
      ndarrayHasNoIndex(cx, b.view, target.span);
      storeToView(cx, b.view.buffer, b.view.dtype, flatIndex(cx, b.view, [ix], span), value, span);
      return;
    }
    if (b?.kind === 'localArray') {
      cx.emit({
        k: 'store',
        arr: { kind: 'local', index: b.index },
        index: ix,
        value: storedValue(cx, value.ir, loadType(b.dtype)),
        span,
      });
      return;
    }
    if (!b) lowerIdent(cx, target.object.name, target.object.span);
    cx.error('E_ASSIGN', `\`${target.object.name}\` is not an array`, target.object.span);
  }
  cx.error(
    'E_ASSIGN',
    'this assignment target is not supported in kernels',
    target.span,
    'assign to a local variable, to x[i], or use a.set(i, j, v)',
  );
}

function lowerReturn(
  cx: LowerContext,
  valueAst: AstExpr | null,
  span: { start: number; end: number },
): void {
  // Inside an inlined helper: assign its result and leave its block.
  for (let k = cx.jumps.length - 1; k >= 0; k--) {
    const j = cx.jumps[k]!;
    if (j.kind !== 'helper') continue;
    if (valueAst && j.resultName) {
      const v = lowerExpr(cx, valueAst);
      const declared = cx.varTypes.get(j.resultDecl!)!;
      // A combiner's result has the reduction's type: an integer of the other signedness
      // (`a ^ b` of u32 values is an i32 in JavaScript) would be read with the wrong sign.
      if (
        'combinerResult' in j.resultDecl! &&
        (declared.t === 'i32' || declared.t === 'u32') &&
        (v.ty.t === 'i32' || v.ty.t === 'u32') &&
        v.ty.t !== declared.t &&
        !v.ty.weak
      )
        cx.error(
          'E_TYPE',
          `the combiner returns an ${v.ty.t} value for a reduction of ${declared.t} values (plain JavaScript would give the ${v.ty.t} reading, the reduction the ${declared.t} one)`,
          valueAst.span,
          declared.t === 'u32'
            ? 'write (…) >>> 0 for the u32 reading'
            : 'write (…) | 0 for the i32 reading',
        );
      cx.assignValue(j.resultDecl!, v);
      // Returns of a u32 and of −1 (or an i32) in one helper join as a variable's values do.
      if (!('combinerResult' in j.resultDecl!))
        checkIntJoin(
          cx,
          v,
          cx.varTypes.get(j.resultDecl!)!,
          valueAst.span,
          `the result of helper \`${cx.inlining[cx.inlining.length - 1] ?? 'helper'}\``,
        );
      cx.emit({
        k: 'assign',
        name: j.resultName,
        value: coerce(v.ir, irType(cx, cx.varTypes.get(j.resultDecl!)!)),
      });
    }
    cx.emit({ k: 'break', label: j.irLabel });
    return;
  }
  if (cx.options.reduce === null) {
    if (valueAst) {
      cx.error(
        'E_RETURN',
        'this kernel returns a value but has no `reduce` option',
        span,
        "give kernel(fn, { reduce: 'sum' }) (or 'prod', 'min', 'max', or a combiner) to combine the values, or write results into an array",
      );
    }
    cx.emit({ k: 'return', value: null });
    return;
  }
  if (!valueAst) cx.error('E_RETURN', 'a reduce kernel must return a number on every path', span);
  const v = lowerExpr(cx, valueAst);
  if (v.ty.t === 'bool') {
    cx.assignType(RETURN_DECL, { t: 'i32', weak: false });
  } else {
    cx.assignType(RETURN_DECL, v.ty);
  }
  const t = irType(cx, cx.varTypes.get(RETURN_DECL)!);
  cx.emit({ k: 'return', value: coerce(v.ir, t) });
}

/** Per call site, the declarations of an inlined helper's parameters and result. */
const helperDecls = new WeakMap<object, { params: object[]; result: object }>();

/** Inlines a `uses` helper at a call; returns its value (undefined for a void helper). */
export function inlineHelper(
  cx: LowerContext,
  b: Binding & { kind: 'helper' },
  call: AstExpr & { kind: 'call' },
  asStatement: boolean,
): Value | undefined {
  const fn: FunctionAst = b.fn;
  if (cx.inlining.includes(fn.name)) {
    cx.error(
      'E_RECURSION',
      `helper \`${fn.name}\` calls itself (recursion is not supported in kernels)`,
      call.span,
    );
  }
  if (call.args.length !== fn.params.length) {
    cx.error(
      'E_ARITY',
      `helper \`${fn.name}\` takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}, got ${call.args.length}`,
      call.span,
    );
  }
  let decls = helperDecls.get(call);
  if (!decls) {
    decls = { params: fn.params.map(() => ({})), result: {} };
    helperDecls.set(call, decls);
  }
  // Arguments are evaluated in the caller's scope.
  const bindings: Binding[] = call.args.map((a, k) => {
    if (a.kind === 'ident') {
      const ab = cx.lookup(a.name);
      if (ab && (ab.kind === 'array' || ab.kind === 'localArray')) return ab;
    }
    const v = lowerExpr(cx, a);
    const decl = decls!.params[k]!;
    cx.assignValue(decl, v);
    const t = irType(cx, cx.varTypes.get(decl)!);
    const irName = cx.freshName(`${fn.name}_${fn.params[k]!.name}`);
    cx.emit({ k: 'let', name: irName, t, init: coerce(v.ir, t) });
    return { kind: 'value', irName, decl, constant: false, span: fn.params[k]!.span };
  });
  const returnsValue = hasValueReturn(fn.body);
  if (!returnsValue && !asStatement)
    cx.error('E_VOID', `helper \`${fn.name}\` returns no value`, call.span);
  let resultName: string | null = null;
  if (returnsValue) {
    // The result's type is what the returns assign (a placeholder until a round has seen
    // them: joined with the returns, a weak i32 placeholder would turn a u32 result i32).
    const t = irType(cx, cx.varTypes.get(decls.result) ?? { t: 'i32', weak: true });
    resultName = cx.freshName(`${fn.name}_result`);
    cx.localDecls.set(resultName, decls.result);
    cx.emit({ k: 'let', name: resultName, t, init: constant(t, 0) });
  }
  const label = cx.freshLabel();
  const outerSource = cx.source;
  cx.source = b.source;
  cx.inlining.push(fn.name);
  const body = cx.collect(() =>
    cx.isolated(() => {
      fn.params.forEach((p, k) => cx.bind(p.name, bindings[k]!));
      cx.jumps.push({
        kind: 'helper',
        userLabel: null,
        irLabel: label,
        resultName,
        resultDecl: decls!.result,
      });
      lowerStmts(cx, fn.body);
      cx.jumps.pop();
    }),
  );
  cx.inlining.pop();
  cx.source = outerSource;
  if (returnsValue && !definitelyReturns(fn.body)) {
    cx.error('E_RETURN', `helper \`${fn.name}\` must return a value on every path`, fn.span);
  }
  // A helper whose only return is its last statement needs no block to break out of.
  const last = body[body.length - 1];
  if (last?.k === 'break' && last.label === label && !containsBreakTo(body.slice(0, -1), label)) {
    for (const s of body.slice(0, -1)) cx.emit(s);
  } else {
    cx.emit({ k: 'block', label, body });
  }
  if (!resultName) return undefined;
  const ty = cx.varTypes.get(decls.result)!;
  return { ir: { k: 'local', t: irType(cx, ty), name: resultName }, ty };
}

function containsBreakTo(stmts: readonly Stmt[], label: string): boolean {
  return allStmts(stmts).some((s) => s.k === 'break' && s.label === label);
}
