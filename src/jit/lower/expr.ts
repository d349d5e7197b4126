// expr.ts — lowering of kernel-AST expressions to typed IR, with the promotion rules
// of dtype.ts (weak scalars, integer index math, `/` and `**` always float).

import type { Expr as AstExpr, BinaryOp } from '../ast.js';
import { AXIS_FAULT, type Span } from '../diagnostics.js';
import type { BinOp, Expr, Stmt, Ty } from '../ir/ir.js';
import { isFloat, loadType, promote, type InferType } from '../types/dtype.js';
import { CONSTANTS } from '../ops/constants.js';
import type { ArrayView, Binding, LowerContext, Value } from './context.js';
import { checkIntJoin, compareIntegers, mixedArithmetic } from './intMix.js';
import type { CompareOp } from '../ir/compare.js';
import {
  coerce,
  constant,
  elementIndex,
  floatIndex,
  floatSource,
  indexExpr,
  irType,
  truthy,
} from './types.js';
import { allExprs } from '../ir/walk.js';
import { safeToRunEagerly, writesMemory } from './effects.js';
import { hasEffect } from '../ir/effects.js';

const I32: InferType = { t: 'i32', weak: false };
const BOOL: InferType = { t: 'bool', weak: false };

/** `e` lowered for a consumer that keeps only its 32 bits (see LowerContext.bitsOnly). */
export function lowerForBits(cx: LowerContext, e: AstExpr): Value {
  cx.bitsOnly = true;
  return lowerExpr(cx, e);
}

const BITWISE = new Set(['&', '|', '^', '<<', '>>', '>>>']);

export function lowerExpr(cx: LowerContext, e: AstExpr): Value {
  const bitsOnly = cx.bitsOnly;
  cx.bitsOnly = false;
  switch (e.kind) {
    case 'num': {
      if (e.intLiteral) {
        const t = e.value > 0x7fffffff ? 'u32' : 'i32';
        return { ir: constant(t, e.value), ty: { t, weak: true } };
      }
      return { ir: constant(irType(cx, 'float'), e.value), ty: { t: 'float', weak: true } };
    }
    case 'bool':
      return { ir: constant('bool', e.value ? 1 : 0), ty: { t: 'bool', weak: true } };
    case 'ident':
      if (!bitsOnly) markReadAsNumber(cx, e.name);
      return lowerIdent(cx, e.name, e.span);
    case 'member':
      return lowerMember(cx, e);
    case 'index':
      return lowerIndex(cx, e);
    case 'call':
      return (
        cx.hooks.lowerCall(cx, e, false) ?? cx.error('E_VOID', 'this call has no value', e.span)
      );
    case 'binary': {
      // The low 32 bits of + - * depend only on their operands' low 32 bits.
      const operand =
        BITWISE.has(e.op) || (bitsOnly && (e.op === '+' || e.op === '-' || e.op === '*'))
          ? lowerForBits
          : lowerExpr;
      const [a, b] = lowerInOrder(cx, [() => operand(cx, e.left), () => operand(cx, e.right)]);
      return lowerBinary(cx, e.op, a!, b!, e.span, bitsOnly);
    }
    case 'logical': {
      const operand = bitsOnly ? lowerForBits : lowerExpr;
      let a = operand(cx, e.left);
      // The right operand runs only where the left does not decide: its statements (an
      // inlined helper's) go under an `if`, unless running them anyway changes nothing.
      const { value: b, stmts } = lowerApart(cx, e.right, operand);
      if (stmts.length && safeToRunEagerly(stmts, !!cx.options.boundsCheck)) {
        for (const s of stmts) cx.emit(s);
        stmts.length = 0;
      }
      if (a.ty.t === 'bool' && b.ty.t === 'bool') {
        const ty = { t: 'bool' as const, weak: a.ty.weak && b.ty.weak };
        if (stmts.length) return shortCircuit(cx, e.op, a, b, stmts, 'bool', ty);
        return { ir: { k: 'bin', t: 'bool', op: e.op, a: a.ir, b: b.ir }, ty };
      }
      // Value semantics: `a && b` is `a ? b : a`, `a || b` is `a ? a : b`.
      const r = numeric(promote(a.ty, b.ty));
      if (!bitsOnly) {
        checkIntJoin(cx, a, r, e.left.span, `this \`${e.op}\``);
        checkIntJoin(cx, b, r, e.right.span, `this \`${e.op}\``);
      }
      const t = irType(cx, r);
      if (stmts.length) return shortCircuit(cx, e.op, a, b, stmts, t, r);
      // The left is both the test and a result: an atomic there must run once.
      a = evaluatedOnce(cx, a);
      const [x, y] =
        e.op === '&&' ? [coerce(b.ir, t), coerce(a.ir, t)] : [coerce(a.ir, t), coerce(b.ir, t)];
      return { ir: { k: 'select', t, c: truthy(a), a: x, b: y }, ty: r };
    }
    case 'unary': {
      const a = lowerExpr(cx, e.arg);
      const op = e.op;
      switch (op) {
        case '!':
          return { ir: foldUnary('!', 'bool', truthy(a)), ty: BOOL };
        case '~':
          return {
            ir: foldUnary('~', 'i32', coerce(a.ir, 'i32')),
            ty: { t: 'i32', weak: a.ty.weak },
          };
        case '+': {
          const r = numeric(a.ty);
          return { ir: coerce(a.ir, irType(cx, r)), ty: r };
        }
        case '-': {
          // `-0` is JavaScript's negative zero, not an integer: a weak float, so it keeps
          // its sign wherever it meets floats (an integer context still reads 0).
          if (a.ir.k === 'const' && a.ir.v === 0 && a.ty.weak && a.ty.t !== 'bool') {
            return { ir: constant(irType(cx, 'float'), -0), ty: { t: 'float', weak: true } };
          }
          // A weak constant (a literal, a `const` holding one) negates in JavaScript's
          // numbers: -m for m = -2147483648 is 2147483648, a u32, not a wrapped i32.
          if (a.ir.k === 'const' && a.ty.weak && a.ty.t !== 'bool')
            return weakConstant(cx, -a.ir.v);
          const r = numeric(a.ty);
          const t = r.t === 'u32' && !r.weak ? 'i32' : irType(cx, r);
          return { ir: foldUnary('-', t, coerce(a.ir, t)), ty: { t, weak: r.weak } };
        }
        default: {
          const never: never = op;
          return never;
        }
      }
    }
    case 'cond': {
      const test = truthy(lowerExpr(cx, e.test));
      // The arms of a ?: whose bits alone count are consumed for their bits too.
      const arm = bitsOnly ? lowerForBits : lowerExpr;
      // Only the chosen arm runs: an arm's statements (an inlined helper's) go under an
      // `if`, unless running them anyway changes nothing (then the select stays).
      const { value: a, stmts: aStmts } = lowerApart(cx, e.then, arm);
      const { value: b, stmts: bStmts } = lowerApart(cx, e.else, arm);
      const r =
        a.ty.t === 'bool' && b.ty.t === 'bool'
          ? { t: 'bool' as const, weak: a.ty.weak && b.ty.weak }
          : promote(a.ty, b.ty);
      if (!bitsOnly) {
        checkIntJoin(cx, a, r, e.then.span, 'this `?:`');
        checkIntJoin(cx, b, r, e.else.span, 'this `?:`');
      }
      const t = irType(cx, r);
      if (test.k === 'const') {
        for (const s of test.v ? aStmts : bStmts) cx.emit(s);
        return { ir: coerce(test.v ? a.ir : b.ir, t), ty: r };
      }
      if (
        safeToRunEagerly(aStmts, !!cx.options.boundsCheck) &&
        safeToRunEagerly(bStmts, !!cx.options.boundsCheck)
      ) {
        for (const s of [...aStmts, ...bStmts]) cx.emit(s);
      } else {
        const name = cx.freshName('cond_value');
        cx.emit({ k: 'let', name, t, init: constant(t, 0) });
        cx.emit({
          k: 'if',
          cond: test,
          then: [...aStmts, { k: 'assign', name, value: coerce(a.ir, t) }],
          else: [...bStmts, { k: 'assign', name, value: coerce(b.ir, t) }],
        });
        return { ir: { k: 'local', t, name }, ty: r };
      }
      return { ir: { k: 'select', t, c: test, a: coerce(a.ir, t), b: coerce(b.ir, t) }, ty: r };
    }
    case 'newArray':
      return cx.error(
        'E_UNSUPPORTED',
        'a local typed array can only initialise a `let` or `const`',
        e.span,
        'declare it as `const t = new Float32Array(8)`',
      );
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * `e` lowered with the statements its lowering emits (an inlined helper's) kept apart,
 * for a caller that must place them where `e` runs: under an `if` for an operand that
 * runs conditionally, inside the loop for a loop condition. Most expressions emit none.
 */
export function lowerApart(
  cx: LowerContext,
  e: AstExpr,
  lower: (cx: LowerContext, e: AstExpr) => Value = lowerExpr,
): { value: Value; stmts: Stmt[] } {
  let value: Value | undefined;
  const stmts = cx.collect(() => {
    value = lower(cx, e);
  });
  return { value: value!, stmts };
}

/**
 * Operands lowered left to right, as JavaScript evaluates them. Where a later operand
 * emits statements (an inlined helper that stores or counts atomically), an earlier
 * operand that reads memory is first kept in a local, so it reads what it would have
 * read before the helper ran. Operands that write nothing lower exactly as alone.
 */
export function lowerInOrder(cx: LowerContext, operands: readonly (() => Value)[]): Value[] {
  const values: Value[] = [];
  for (const lower of operands) {
    let value: Value | undefined;
    const stmts = cx.collect(() => {
      value = lower();
    });
    if (writesMemory(stmts)) {
      for (let k = 0; k < values.length; k++) values[k] = keepIfReadsMemory(cx, values[k]!);
    }
    for (const s of stmts) cx.emit(s);
    values.push(value!);
  }
  return values;
}

/**
 * `v` in a fresh local when it computes an atomic, else `v` itself: for a consumer about
 * to use its operand's IR twice (`x[k] op= v` reads and writes element k; `isNaN(v)` is
 * `v != v`), which would otherwise run the atomic twice.
 */
export function evaluatedOnce(cx: LowerContext, v: Value): Value {
  return hasEffect(v.ir, false) ? inLocal(cx, v, 'once') : v;
}

/** `v` in a fresh local when it loads or updates array elements, else `v` itself. */
export function keepIfReadsMemory(cx: LowerContext, v: Value): Value {
  return allExprs(v.ir).some((x) => x.k === 'load' || x.k === 'atomic')
    ? inLocal(cx, v, 'operand')
    : v;
}

/** `v` computed once into a fresh local (named from `prefix`), and that local. */
function inLocal(cx: LowerContext, v: Value, prefix: string): Value {
  const name = cx.freshName(prefix);
  cx.emit({ k: 'let', name, t: v.ir.t, init: v.ir });
  return { ir: { k: 'local', t: v.ir.t, name }, ty: v.ty };
}

/**
 * `a && b` / `a || b` whose right operand needs statements: the left's value is kept in a
 * local, and the right runs, statements first, only where the left does not decide.
 */
function shortCircuit(
  cx: LowerContext,
  op: '&&' | '||',
  a: Value,
  b: Value,
  stmts: Stmt[],
  t: Ty,
  ty: InferType,
): Value {
  const leftValue = inLocal(cx, a, op === '&&' ? 'and_left' : 'or_left');
  const name = cx.freshName(op === '&&' ? 'and_value' : 'or_value');
  cx.emit({ k: 'let', name, t, init: coerce(leftValue.ir, t) });
  const runRight: Stmt[] = [...stmts, { k: 'assign', name, value: coerce(b.ir, t) }];
  const test = truthy(leftValue);
  const cond: Expr = op === '&&' ? test : { k: 'un', t: 'bool', op: '!', a: test };
  cx.emit({ k: 'if', cond, then: runRight, else: [] });
  return { ir: { k: 'local', t, name }, ty };
}

/** A number as a weak constant: i32 or u32 when it is an integer of their range, else a float. */
function weakConstant(cx: LowerContext, v: number): Value {
  if (Number.isInteger(v) && !Object.is(v, -0) && v >= -0x80000000 && v <= 0xffffffff) {
    const t = v > 0x7fffffff ? 'u32' : 'i32';
    return { ir: constant(t, v), ty: { t, weak: true } };
  }
  return { ir: constant(irType(cx, 'float'), v), ty: { t: 'float', weak: true } };
}

/** Booleans used as numbers become i32. */
function numeric(t: InferType): InferType {
  return t.t === 'bool' ? { t: 'i32', weak: t.weak } : t;
}

function foldUnary(op: '-' | '!' | '~', t: Expr['t'], a: Expr): Expr {
  if (a.k === 'const') {
    if (op === '-') return constant(t, t === 'i32' ? -a.v | 0 : -a.v);
    if (op === '!') return constant('bool', a.v ? 0 : 1);
    return constant('i32', ~a.v);
  }
  return { k: 'un', t, op, a };
}

/** Notes that variable `name` is read where its value, not only its 32 bits, counts. */
export function markReadAsNumber(cx: LowerContext, name: string): void {
  const b = cx.lookup(name);
  if (b?.kind === 'value') cx.readAsNumber.add(b.decl);
}

export function lowerIdent(
  cx: LowerContext,
  name: string,
  span: { start: number; end: number },
): Value {
  const b = cx.lookup(name);
  if (!b) {
    cx.error(
      'E_UNDEFINED',
      `\`${name}\` is not defined inside the kernel; kernels cannot see variables from outside`,
      span,
      `pass it as an argument, or through the \`uses\` option: kernel(fn, { uses: { ${name} } })`,
    );
  }
  switch (b.kind) {
    case 'value': {
      const ty = cx.varTypes.get(b.decl) ?? I32;
      return { ir: { k: 'local', t: irType(cx, ty), name: b.irName }, ty };
    }
    case 'scalar':
      return { ir: { k: 'scalar', t: irType(cx, b.ty), index: b.index }, ty: b.ty };
    case 'constant':
      if (typeof b.value === 'boolean')
        return { ir: constant('bool', b.value ? 1 : 0), ty: { t: 'bool', weak: true } };
      return weakConstant(cx, b.value);
    case 'array':
    case 'localArray':
      return cx.error(
        'E_TYPE',
        `\`${name}\` is an array; use an element of it (${name}[i]) here`,
        span,
      );
    case 'helper':
    case 'intrinsic':
      return cx.error('E_TYPE', `\`${name}\` is a function; call it`, span);
    default: {
      const never: never = b;
      return never;
    }
  }
}

/** Binary operators with JS meaning on typed values. */
/**
 * `a op b`. `bitsOnly`: the consumer keeps only the result's 32 bits; `variable`: the
 * result is assigned to this variable (by declaration), for a compound assignment (both
 * decide whether i32 ⊕ u32 arithmetic is refused: intMix.ts mixedArithmetic).
 */
export function lowerBinary(
  cx: LowerContext,
  op: BinaryOp,
  a: Value,
  b: Value,
  span: Span,
  bitsOnly = false,
  variable?: object,
): Value {
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '%': {
      // Two weak integer constants (literals, `const`s holding them) compute in JavaScript's
      // numbers, as the plain function does: 0 - m for m = -2147483648 is 2147483648.
      if (
        a.ir.k === 'const' &&
        b.ir.k === 'const' &&
        a.ty.weak &&
        b.ty.weak &&
        (a.ty.t === 'i32' || a.ty.t === 'u32') &&
        (b.ty.t === 'i32' || b.ty.t === 'u32') &&
        !bitsOnly
      ) {
        const x = a.ir.v;
        const y = b.ir.v;
        return weakConstant(
          cx,
          op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x % y,
        );
      }
      const r =
        mixedArithmetic(cx, op, a, b, span, bitsOnly, variable) ?? numeric(promote(a.ty, b.ty));
      const t = irType(cx, r);
      return { ir: fold(op, t, coerce(a.ir, t), coerce(b.ir, t)), ty: r };
    }
    case '/':
    case '**': {
      let r = numeric(promote(a.ty, b.ty));
      if (!isFloat(r.t)) r = { t: 'float', weak: true };
      const t = irType(cx, r);
      return { ir: fold(op, t, coerce(a.ir, t), coerce(b.ir, t)), ty: r };
    }
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>': {
      if (a.ty.t === 'bool' && b.ty.t === 'bool' && (op === '&' || op === '|' || op === '^')) {
        return {
          ir: fold(op, 'i32', coerce(a.ir, 'i32'), coerce(b.ir, 'i32')),
          ty: { t: 'i32', weak: false },
        };
      }
      return {
        ir: fold(op, 'i32', coerce(a.ir, 'i32'), coerce(b.ir, 'i32')),
        ty: { t: 'i32', weak: a.ty.weak && b.ty.weak },
      };
    }
    case '>>>':
      return {
        ir: fold('>>>', 'u32', coerce(a.ir, 'u32'), coerce(b.ir, 'i32')),
        ty: { t: 'u32', weak: a.ty.weak && b.ty.weak },
      };
    case '==':
    case '===':
    case '!=':
    case '!==':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      // JavaScript's `===` of a boolean and a number is false whatever their values (`==`
      // converts the boolean): almost surely a mistake, and numbat compared them as numbers.
      if ((op === '===' || op === '!==') && (a.ty.t === 'bool') !== (b.ty.t === 'bool'))
        cx.error(
          'E_TYPE',
          `\`${op}\` of a boolean and a number is ${op === '===' ? 'false' : 'true'} whatever their values in JavaScript`,
          span,
          'compare booleans with booleans, or convert the boolean: `c ? 1 : 0`',
        );
      const irOp: CompareOp = op === '===' ? '==' : op === '!==' ? '!=' : op;
      // Two integers (i32, u32, weak constants of either) compare exactly, as in JS.
      const exact = compareIntegers(cx, irOp, a, b, span);
      if (exact) return { ir: exact, ty: BOOL };
      let r = promote(a.ty, b.ty);
      if (a.ty.t === 'bool' && b.ty.t === 'bool') r = { t: 'i32', weak: false };
      const t = irType(cx, numeric(r));
      return { ir: fold(irOp, 'bool', coerce(a.ir, t), coerce(b.ir, t)), ty: BOOL };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** A binary IR node, folded when both sides are constants (integer results wrap as JS would). */
function fold(op: BinOp, t: Expr['t'], a: Expr, b: Expr): Expr {
  if (a.k === 'const' && b.k === 'const') {
    const v = evalBinary(op, t, a.v, b.v);
    if (v !== undefined) return constant(t, v);
  }
  return { k: 'bin', t, op, a, b };
}

function evalBinary(op: BinOp, t: Expr['t'], x: number, y: number): number | undefined {
  const intOp = t === 'i32' || t === 'u32';
  const wrap = (v: number) =>
    t === 'i32' ? v | 0 : t === 'u32' ? v >>> 0 : t === 'f32' ? Math.fround(v) : v;
  switch (op) {
    case '+':
      return wrap(x + y);
    case '-':
      return wrap(x - y);
    case '*':
      return intOp ? wrap(Math.imul(x, y)) : wrap(x * y);
    case '/':
      return wrap(x / y);
    case '%':
      return intOp && y === 0 ? 0 : wrap(x % y);
    case '**':
      return wrap(x ** y);
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    case '>>>':
      return x >>> y;
    case '==':
      return x === y ? 1 : 0;
    case '!=':
      return x !== y ? 1 : 0;
    case '<':
      return x < y ? 1 : 0;
    case '<=':
      return x <= y ? 1 : 0;
    case '>':
      return x > y ? 1 : 0;
    case '>=':
      return x >= y ? 1 : 0;
    case '&&':
    case '||':
      return undefined;
    default: {
      const never: never = op;
      return never;
    }
  }
}

function lowerMember(cx: LowerContext, e: AstExpr & { kind: 'member' }): Value {
  const obj = e.object;
  if (obj.kind === 'ident' && !cx.lookup(obj.name)) {
    const key = `${obj.name}.${e.property}`;
    if (key in CONSTANTS)
      return { ir: constant(irType(cx, 'float'), CONSTANTS[key]!), ty: { t: 'float', weak: true } };
    if (obj.name === 'Math' || obj.name === 'Number')
      cx.error('E_UNSUPPORTED', `\`${key}\` is not supported in kernels`, e.span);
  }
  if (obj.kind === 'ident') {
    const b = cx.lookup(obj.name);
    if (b?.kind === 'array') {
      const v = b.view;
      if (e.property === 'length') {
        if (v.sig.kind === 'strided' && v.sig.container === 'ndarray') {
          cx.error(
            'E_TYPE',
            `\`${obj.name}\` is an ndarray, which has no .length`,
            e.span,
            `use ${obj.name}.size or ${obj.name}.shape[0]`,
          );
        }
        return { ir: arraySize(cx, v), ty: I32 };
      }
      if (e.property === 'size') {
        plainTypedHasNo(cx, v, '.size', e.span, `use ${obj.name}.length`);
        return { ir: arraySize(cx, v), ty: I32 };
      }
      cx.error(
        'E_UNSUPPORTED',
        `\`.${e.property}\` of an array is not supported in kernels`,
        e.span,
        'arrays offer x[i], x.length, a.get(i, j), a.set(i, j, v), a.shape[k] and a.size',
      );
    }
    if (b?.kind === 'localArray' && e.property === 'length')
      return { ir: constant('i32', b.length), ty: { t: 'i32', weak: true } };
  }
  return cx.error(
    'E_UNSUPPORTED',
    `the property access \`.${e.property}\` is not supported in kernels`,
    e.span,
  );
}

/** Number of elements of an array parameter. */
export function arraySize(cx: LowerContext, v: ArrayView): Expr {
  if (v.sig.kind === 'typed')
    return {
      k: 'scalar',
      t: 'i32',
      index: cx.scalar(`${v.param}_length`, 'i32', { kind: 'length', buffer: v.buffer }),
    };
  let size: Expr | undefined;
  for (let axis = 0; axis < v.rank; axis++) {
    const s = shapeScalar(cx, v, axis);
    size = size ? { k: 'bin', t: 'i32', op: '*', a: size, b: s } : s;
  }
  return size!;
}

function argIndexOf(cx: LowerContext, v: ArrayView): number {
  return cx.buffers[v.buffer]!.argIndex;
}

export function shapeScalar(cx: LowerContext, v: ArrayView, axis: number): Expr {
  if (v.sig.kind === 'typed') return arraySize(cx, v);
  return {
    k: 'scalar',
    t: 'i32',
    index: cx.scalar(`${v.param}_shape${axis}`, 'i32', {
      kind: 'shape',
      argIndex: argIndexOf(cx, v),
      axis,
    }),
  };
}

/** An axis index computed once into a fresh local (its float source, for a float index). */
function once(cx: LowerContext, ix: Expr): Expr {
  const source = floatSource(ix);
  const value = source ?? ix;
  const name = cx.freshName('axis_index');
  cx.emit({ k: 'let', name, t: value.t, init: value });
  const local: Expr = { k: 'local', t: value.t, name };
  return source ? floatIndex(local) : local;
}

/**
 * The flat element index of `indices` in a view: offset + Σ index·stride for strided views,
 * without the offset when the signature says it is 0 and the stride when it says it is 1.
 */
export function flatIndex(
  cx: LowerContext,
  v: ArrayView,
  indices: Expr[],
  span: { start: number; end: number },
): Expr {
  if (indices.length !== v.rank) {
    cx.error(
      'E_RANK',
      `\`${v.param}\` has rank ${v.rank} but is indexed with ${indices.length} ${indices.length === 1 ? 'index' : 'indices'}`,
      span,
      v.rank > 1
        ? `use ${v.param}.get(${Array.from({ length: v.rank }, (_, k) => 'ijkl'[k]).join(', ')})`
        : undefined,
    );
  }
  if (v.sig.kind === 'typed') return indices[0]!;
  // Under boundsCheck every axis index is checked against its extent (below), which reads
  // it twice: an index with an effect there (an atomic, or a load, which may report) is
  // computed once into a local first, in order (m.get(0, idx[i]) with idx[i] past the row
  // read another row's element unreported before).
  if (cx.options.boundsCheck)
    indices = indices.map((ix) => (hasEffect(ix, true) ? once(cx, ix) : ix));
  const { unitInner, zeroOffset } = v.sig;
  const arg = argIndexOf(cx, v);
  const scalar = (name: string, source: Parameters<LowerContext['scalar']>[2]): Expr => ({
    k: 'scalar',
    t: 'i32',
    index: cx.scalar(`${v.param}_${name}`, 'i32', source),
  });
  const offset: Expr[] = zeroOffset ? [] : [scalar('offset', { kind: 'offset', argIndex: arg })];
  // An axis given a float (indexExpr's floatSource): the plain function sums offset +
  // Σ index·stride in floats, left to right, and reads the element that sum names, if any;
  // so does the kernel, in the widest float type among those axes. All integer: in i32.
  const sources = indices.map(floatSource);
  const floatTy: Ty | undefined = sources.some((e) => e?.t === 'f64')
    ? 'f64'
    : sources.find((e) => e !== undefined)?.t;
  const t: Ty = floatTy ?? 'i32';
  const term = (ix: Expr, axis: number): Expr => {
    const value = floatTy ? coerce(sources[axis] ?? ix, t) : ix;
    if (axis === v.rank - 1 && unitInner) return value;
    const stride = scalar(`stride${axis}`, { kind: 'stride', argIndex: arg, axis });
    return { k: 'bin', t, op: '*', a: value, b: coerce(stride, t) };
  };
  const terms = [...offset.map((o) => coerce(o, t)), ...indices.map(term)];
  const sum = terms.reduce((a, b): Expr => ({ k: 'bin', t, op: '+', a, b }));
  const flat = floatTy ? elementIndex(sum) : sum;
  // Under boundsCheck an axis index outside [0, shape) is out of range too: in a view it
  // would still be some element of the buffer (x.get(0, 4) of a [2, 4] matrix is (1, 0)),
  // which is what the plain scijs function reads, but never what a kernel means.
  const withinAxes = cx.options.boundsCheck
    ? indices.map(
        (ix, axis): Expr => ({
          k: 'bin',
          t: 'bool',
          op: '&&',
          a: { k: 'bin', t: 'bool', op: '>=', a: ix, b: constant('i32', 0) },
          b: { k: 'bin', t: 'bool', op: '<', a: ix, b: shapeScalar(cx, v, axis) },
        }),
      )
    : [];
  // The first axis out of range is reported as AXIS_FAULT + its axis (diagnostics.ts).
  return withinAxes.reduceRight<Expr>(
    (inner, c, axis) => ({
      k: 'select',
      t: 'i32',
      c,
      a: inner,
      b: constant('i32', AXIS_FAULT + axis),
    }),
    flat,
  );
}

/** A load from an array view, typed by precision (f64 data under precision 'f32' computes in f32). */
export function loadFromView(
  cx: LowerContext,
  v: ArrayView,
  indices: Expr[],
  span: { start: number; end: number },
): Value {
  const ref = { kind: 'buffer' as const, index: v.buffer };
  cx.markRead(ref);
  const t = loadType(v.dtype);
  if (t === 'f64') cx.uses.f64 = true;
  const load: Expr = { k: 'load', t, arr: ref, index: flatIndex(cx, v, indices, span), span };
  const ty: InferType = { t, weak: false };
  const it = irType(cx, ty);
  return { ir: coerce(load, it), ty: { t: it, weak: false } };
}

function lowerIndex(cx: LowerContext, e: AstExpr & { kind: 'index' }): Value {
  const obj = e.object;
  // a.shape[k]
  if (obj.kind === 'member' && obj.property === 'shape' && obj.object.kind === 'ident') {
    const b = cx.lookup(obj.object.name);
    if (b?.kind === 'array') {
      plainTypedHasNo(cx, b.view, '.shape', obj.span, `use ${obj.object.name}.length`);
      const k = lowerExpr(cx, e.index).ir;
      if (k.k !== 'const' || !Number.isInteger(k.v) || k.v < 0 || k.v >= b.view.rank) {
        cx.error(
          'E_TYPE',
          `\`${obj.object.name}.shape[…]\` needs a constant axis between 0 and ${b.view.rank - 1}`,
          e.index.span,
        );
      }
      return { ir: shapeScalar(cx, b.view, k.v), ty: I32 };
    }
  }
  if (obj.kind !== 'ident')
    return cx.error(
      'E_UNSUPPORTED',
      'only arrays passed as parameters (or local arrays) can be indexed',
      e.span,
    );
  const b = cx.lookup(obj.name);
  if (!b) return lowerIdent(cx, obj.name, obj.span);
  const ix = indexExpr(cx, lowerExpr(cx, e.index), e.index.span, 'an index');
  return (
    loadElement(cx, b, ix, e.span) ??
    cx.error('E_TYPE', `\`${obj.name}\` is not an array`, obj.span)
  );
}

/** Element `ix` (a flat i32 index) of an array or local array binding; undefined for others. */
export function loadElement(cx: LowerContext, b: Binding, ix: Expr, span: Span): Value | undefined {
  if (b.kind === 'array') {
    ndarrayHasNoIndex(cx, b.view, span);
    return loadFromView(cx, b.view, [ix], span);
  }
  if (b.kind === 'localArray') return loadLocalElement(cx, b, ix, span, false);
  return undefined;
}

/** Element `ix` of a local or shared array; `uniform`: workgroupUniformLoad's read. */
export function loadLocalElement(
  cx: LowerContext,
  b: Extract<Binding, { kind: 'localArray' }>,
  ix: Expr,
  span: Span,
  uniform: boolean,
): Value {
  const t = loadType(b.dtype);
  const load: Expr = {
    k: 'load',
    t,
    arr: { kind: 'local', index: b.index },
    index: ix,
    span,
    ...(uniform ? { uniform: true as const } : {}),
  };
  const it = irType(cx, t);
  return { ir: coerce(load, it), ty: { t: it, weak: false } };
}

/**
 * `x[i]` on a parameter bound to a scijs ndarray: in the plain function it reads a property
 * of the ndarray object (`undefined`) and `x[i] = v` sets one, whatever the view's layout,
 * so compiling it as element i would give an answer the specification does not. Refused
 * with `.get`/`.set` in the hint. (A 1-D NDArray is indexed as a typed array: the plain
 * function is given a typed view of its data.)
 */
export function ndarrayHasNoIndex(cx: LowerContext, v: ArrayView, span: Span): void {
  // Rank 2 and up: flatIndex's rank error, whose hint says the same.
  if (v.sig.kind !== 'strided' || v.sig.container !== 'ndarray' || v.rank !== 1) return;
  cx.error(
    'E_TYPE',
    `\`${v.param}\` is an ndarray, whose elements are not \`${v.param}[…]\` (in JavaScript that is a property of the ndarray object)`,
    span,
    `use ${v.param}.get(i) and ${v.param}.set(i, v)`,
  );
}

/**
 * The ndarray members (`.size`, `.shape`, `.get`, `.set`) on a parameter bound to a plain
 * typed array: in the plain function they are undefined (or, for `.set`, TypedArray's
 * copy-from-array method), so compiling them as element access would give an answer the
 * specification does not. Refused with the way out in the hint.
 */
export function plainTypedHasNo(
  cx: LowerContext,
  v: ArrayView,
  member: string,
  span: Span,
  hint: string,
): void {
  if (v.sig.kind !== 'typed') return;
  cx.error(
    'E_TYPE',
    `\`${v.param}\` is a plain typed array here, which has no ndarray \`${member}\``,
    span,
    `${hint}, or pass an ndarray or NDArray`,
  );
}
