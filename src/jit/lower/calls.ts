// calls.ts — lowering of calls: Math functions, the casts and intrinsics, ndarray
// get/set, and `uses` helpers (inlined by stmt.ts).

import type { Expr as AstExpr } from '../ast.js';
import type { Expr, GeomOf, MathFn, AtomicOp } from '../ir/ir.js';
import { isFloat, isInt, loadType, promote, type InferType } from '../types/dtype.js';
import { mathArityProblem, mathOp } from '../ops/math.js';
import { intrinsicNamed } from '../ops/names.js';
import type { Binding, LowerContext, Value } from './context.js';
import { atomicOperand, minMaxIntegers } from './intMix.js';
import { hasEffect } from '../ir/effects.js';
import { coerce, constant, indexExpr, irType } from './types.js';
import {
  flatIndex,
  loadLocalElement,
  loadFromView,
  lowerExpr,
  lowerForBits,
  lowerInOrder,
  plainTypedHasNo,
  evaluatedOnce,
} from './expr.js';

type CallNode = AstExpr & { kind: 'call' };

/** Lowers a call; undefined for calls with no value (`a.set`, void helpers) when `asStatement`. */
export function lowerCall(cx: LowerContext, e: CallNode, asStatement: boolean): Value | undefined {
  const callee = e.callee;
  if (callee.kind === 'ident') {
    const b = cx.lookup(callee.name);
    if (b?.kind === 'helper') return cx.hooks.inlineHelper(cx, b, e, asStatement);
    if (b?.kind === 'intrinsic') return intrinsic(cx, b.name, e);
    if (b) cx.error('E_TYPE', `\`${callee.name}\` is not a function`, callee.span);
    const named = intrinsicNamed(callee.name);
    if (named) return intrinsic(cx, named, e);
    if (callee.name === 'isNaN' || callee.name === 'isFinite')
      return numberPredicate(cx, callee.name, e);
    return cx.error(
      'E_UNKNOWN_CALL',
      `calls to unknown function \`${callee.name}\` are not supported in kernels`,
      callee.span,
      `pass helpers through the \`uses\` option: kernel(fn, { uses: { ${callee.name} } })`,
    );
  }
  if (callee.kind === 'member' && callee.object.kind === 'ident') {
    const objName = callee.object.name;
    const b = cx.lookup(objName);
    if (b?.kind === 'array') {
      if (callee.property === 'get' || callee.property === 'set')
        plainTypedHasNo(
          cx,
          b.view,
          `.${callee.property}()`,
          callee.span,
          callee.property === 'get' ? `write ${objName}[i]` : `write ${objName}[i] = v`,
        );
      if (callee.property === 'get') {
        const ix = lowerInOrder(
          cx,
          e.args.map((a) => () => lowerExpr(cx, a)),
        ).map((v, k) => indexExpr(cx, v, e.args[k]!.span, `index ${k} of ${objName}.get`));
        return loadFromView(cx, b.view, ix, e.span);
      }
      if (callee.property === 'set') {
        if (!asStatement)
          cx.error(
            'E_UNSUPPORTED',
            `\`${objName}.set(…)\` has no value in kernels; call it as a statement`,
            e.span,
          );
        if (e.args.length !== b.view.rank + 1) {
          cx.error(
            'E_RANK',
            `\`${objName}\` has rank ${b.view.rank}: ${objName}.set takes ${b.view.rank} indices and a value`,
            e.span,
          );
        }
        const operands = lowerInOrder(
          cx,
          e.args.map((a) => () => lowerExpr(cx, a)),
        );
        const ix = operands
          .slice(0, -1)
          .map((v, k) => indexExpr(cx, v, e.args[k]!.span, `index ${k} of ${objName}.set`));
        const value = operands[operands.length - 1]!;
        storeToView(
          cx,
          b.view.buffer,
          b.view.dtype,
          flatIndex(cx, b.view, ix, e.span),
          value,
          e.span,
        );
        return undefined;
      }
      cx.error(
        'E_UNSUPPORTED',
        `\`${objName}.${callee.property}()\` is not supported in kernels`,
        e.span,
        'arrays offer x[i], x.length, a.get(i, j), a.set(i, j, v), a.shape[k] and a.size',
      );
    }
    if (!b && objName === 'Math') return mathCall(cx, callee.property, e);
    if (
      !b &&
      objName === 'Number' &&
      (callee.property === 'isNaN' || callee.property === 'isFinite')
    )
      return numberPredicate(cx, callee.property, e);
    // `ns.f32(x)`: an intrinsic reached through an import namespace (as bundlers emit).
    const viaNamespace = b ? undefined : intrinsicNamed(callee.property);
    if (viaNamespace) return intrinsic(cx, viaNamespace, e);
    if (b)
      cx.error(
        'E_TYPE',
        `\`${objName}\` has no method \`${callee.property}\` in kernels`,
        callee.span,
      );
    return cx.error(
      'E_UNKNOWN_CALL',
      `calls to \`${objName}.${callee.property}\` are not supported in kernels`,
      callee.span,
    );
  }
  return cx.error(
    'E_UNKNOWN_CALL',
    'only calls to Math functions, numbat intrinsics and `uses` helpers are supported in kernels',
    e.span,
  );
}

/** A store into a buffer with JS typed-array conversion of the value. */
export function storeToView(
  cx: LowerContext,
  buffer: number,
  dtype: Parameters<typeof loadType>[0],
  index: Expr,
  value: Value,
  span: { start: number; end: number },
): void {
  if (value.ty.t === 'bool' && value.ir.k !== 'const') {
    // Storing a boolean stores 0 or 1, as a typed array does.
  }
  const ref = { kind: 'buffer' as const, index: buffer };
  cx.markWritten(ref);
  const t = loadType(dtype);
  if (t === 'f64') cx.uses.f64 = true;
  cx.emit({ k: 'store', arr: ref, index, value: storedValue(cx, value.ir, t), span });
}

/**
 * A value stored into an element of type `t`. Under precision 'f32' what a kernel writes
 * into a Float64Array is an f32 value on every backend, an integer included (WebGPU holds
 * the array as f32 for the launch: 16777217 was stored exact on the CPUs and as 16777216
 * there; probe 9).
 */
export function storedValue(cx: LowerContext, value: Expr, t: Expr['t']): Expr {
  if (t === 'f64' && cx.options.precision === 'f32') return coerce(coerce(value, 'f32'), 'f64');
  return coerce(value, t);
}

function args(
  cx: LowerContext,
  e: CallNode,
  n: number,
  what: string,
  lower: (cx: LowerContext, a: CallNode['args'][number]) => Value = lowerExpr,
): Value[] {
  if (e.args.length !== n)
    cx.error(
      'E_ARITY',
      `${what} takes ${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`,
      e.span,
    );
  return lowerInOrder(
    cx,
    e.args.map((a) => () => lower(cx, a)),
  );
}

function intrinsic(cx: LowerContext, name: string, e: CallNode): Value {
  switch (name) {
    case 'f32': {
      const [x] = args(cx, e, 1, 'f32()');
      // Rounded to f32 (under precision 'f64' the rounded value then computes in f64).
      const t = irType(cx, 'f32');
      return { ir: coerce(coerce(x!.ir, 'f32'), t), ty: { t, weak: false } };
    }
    case 'f64': {
      const [x] = args(cx, e, 1, 'f64()');
      const t = irType(cx, 'f64');
      if (t === 'f64') cx.noteF64(e.span);
      return { ir: coerce(x!.ir, t), ty: { t, weak: false } };
    }
    case 'i32': {
      const [x] = args(cx, e, 1, 'i32()', lowerForBits);
      return { ir: coerce(x!.ir, 'i32'), ty: { t: 'i32', weak: false } };
    }
    case 'u32': {
      const [x] = args(cx, e, 1, 'u32()', lowerForBits);
      return { ir: coerce(x!.ir, 'u32'), ty: { t: 'u32', weak: false } };
    }
    case 'f32bits': {
      const [x] = args(cx, e, 1, 'f32bits()');
      return {
        ir: { k: 'un', t: 'u32', op: 'f32bits', a: coerce(x!.ir, 'f32') },
        ty: { t: 'u32', weak: false },
      };
    }
    case 'f32frombits': {
      const [x] = args(cx, e, 1, 'f32frombits()');
      return {
        ir: { k: 'un', t: 'f32', op: 'f32frombits', a: coerce(x!.ir, 'u32') },
        ty: { t: 'f32', weak: false },
      };
    }
    case 'random': {
      const [seed, counter] = args(cx, e, 2, 'random()');
      cx.uses.random = true;
      const t = irType(cx, 'float');
      return {
        ir: { k: 'random', t, seed: coerce(seed!.ir, 'i32'), counter: coerce(counter!.ir, 'i32') },
        ty: { t: 'float', weak: true },
      };
    }
    case 'atomicAdd':
    case 'atomicSub':
    case 'atomicMin':
    case 'atomicMax':
      return atomic(cx, name.slice(6).toLowerCase() as AtomicOp, e);
    case 'localId':
    case 'groupId':
    case 'groupCount':
      return geometry(cx, name, e);
    case 'barrier':
      if (!cx.workgroup)
        return cx.error('E_WORKGROUP', 'barrier() needs the workgroup option', e.span);
      args(cx, e, 0, 'barrier()');
      cx.emit({ k: 'barrier', span: e.span });
      return { ir: constant('i32', 0), ty: { t: 'i32', weak: true } };
    case 'shared':
      return cx.error(
        'E_UNSUPPORTED',
        'shared() can only initialise a `const`',
        e.span,
        'declare it as `const tile = shared(Float32Array, 256)`',
      );
    case 'workgroupUniformLoad':
      return uniformLoad(cx, e);
    default:
      return cx.error('E_UNKNOWN_CALL', `unknown intrinsic \`${name}\``, e.span);
  }
}

/**
 * workgroupUniformLoad(array, index): a barrier, a read of a shared() array marked uniform
 * into a fresh local, then a barrier again (passes/uniformity.ts checks that the index is
 * uniform and that no atomic uses the array; WGSL emits its own workgroupUniformLoad). The
 * second barrier is what Dawn compiles WGSL's function to: without it, an invocation that
 * writes the element after the call (`s[0] = 9`) made the others read 9 on js and workers
 * but not on wasm and WebGPU (probe 11), and the value was not the same in all of them. The
 * local keeps the read at statement level: WGSL refuses the call inside the bounds guard of
 * a store (`out[i] = workgroupUniformLoad(s, 0)` failed to validate).
 */
function uniformLoad(cx: LowerContext, e: CallNode): Value {
  if (!cx.workgroup)
    return cx.error('E_WORKGROUP', 'workgroupUniformLoad() needs the workgroup option', e.span);
  if (e.args.length !== 2)
    return cx.error(
      'E_ARITY',
      `workgroupUniformLoad(array, index) takes 2 arguments, got ${e.args.length}`,
      e.span,
    );
  const target = e.args[0]!;
  const b = target.kind === 'ident' ? cx.lookup(target.name) : undefined;
  if (b?.kind !== 'localArray' || cx.localArrays[b.index]?.scope !== 'workgroup')
    return cx.error(
      'E_TYPE',
      'the first argument of workgroupUniformLoad must be a shared() array',
      target.span,
      'declare it with `const flag = shared(Int32Array, 1)` and write it before the call',
    );
  const ix = indexExpr(cx, lowerExpr(cx, e.args[1]!), e.args[1]!.span, 'the index');
  cx.emit({ k: 'barrier', span: e.span, via: 'workgroupUniformLoad()' });
  const v = loadLocalElement(cx, b, ix, e.span, true);
  const name = cx.freshName('uniform');
  cx.emit({ k: 'let', name, t: v.ir.t, init: v.ir });
  cx.emit({ k: 'barrier', span: e.span, via: 'workgroupUniformLoad()' });
  return { ir: { k: 'local', t: v.ir.t, name }, ty: v.ty };
}

/** localId(d), groupId(d), groupCount(d): d a constant grid axis (0 when omitted). */
function geometry(cx: LowerContext, of: GeomOf, e: CallNode): Value {
  const size = cx.workgroup;
  if (!size) return cx.error('E_WORKGROUP', `${of}() needs the workgroup option`, e.span);
  if (e.args.length > 1)
    cx.error('E_ARITY', `${of}() takes 0 to 1 arguments, got ${e.args.length}`, e.span);
  let axis = 0;
  if (e.args.length === 1) {
    const d = lowerExpr(cx, e.args[0]!).ir;
    if (d.k !== 'const' || !Number.isInteger(d.v) || d.v < 0 || d.v >= size.length)
      cx.error(
        'E_WORKGROUP',
        `the axis of ${of}() must be a constant from 0 to ${size.length - 1} (the workgroup has ${size.length} dimension${size.length === 1 ? '' : 's'})`,
        e.args[0]!.span,
      );
    axis = d.v;
  }
  return { ir: { k: 'geom', t: 'i32', of, axis }, ty: { t: 'i32', weak: false } };
}

function atomic(cx: LowerContext, op: AtomicOp, e: CallNode): Value {
  const name = `atomic${op[0]!.toUpperCase()}${op.slice(1)}`;
  if (e.args.length !== 3)
    cx.error(
      'E_ARITY',
      `${name}(array, index, value) takes 3 arguments, got ${e.args.length}`,
      e.span,
    );
  const target = e.args[0]!;
  const b = target.kind === 'ident' ? cx.lookup(target.name) : undefined;
  if (b?.kind === 'localArray' && cx.localArrays[b.index]?.scope === 'workgroup')
    return sharedAtomic(cx, op, name, b, e);
  if (b?.kind !== 'array' || b.view.rank !== 1) {
    cx.error('E_TYPE', `the first argument of ${name} must be a 1-D array parameter`, target.span);
  }
  const view = b.view;
  const dtype = view.dtype;
  if (dtype !== 'i32' && dtype !== 'u32' && dtype !== 'f32' && dtype !== 'f64') {
    cx.error(
      'E_TYPE',
      `${name} needs an Int32Array, Uint32Array, Float32Array or Float64Array; \`${view.param}\` holds ${dtype}`,
      target.span,
    );
  }
  const [ixValue, operand] = lowerInOrder(cx, [
    () => lowerExpr(cx, e.args[1]!),
    () => lowerExpr(cx, e.args[2]!),
  ]);
  const index = flatIndex(
    cx,
    view,
    [indexExpr(cx, ixValue!, e.args[1]!.span, 'the atomic index')],
    e.span,
  );
  const t = loadType(dtype);
  const value = atomicOperand(cx, op, name, t, operand!, e.args[2]!.span);
  const ref = { kind: 'buffer' as const, index: view.buffer };
  cx.markRead(ref);
  cx.markWritten(ref);
  cx.uses.atomics = true;
  if (t === 'f64') cx.uses.f64 = true;
  const ir: Expr = { k: 'atomic', t, op, arr: ref, index, value, span: e.span };
  const it = irType(cx, t);
  return { ir: coerce(ir, it), ty: { t: it, weak: false } };
}

/** An atomic on a shared() array: i32, u32 or f32 elements, as on WebGPU. */
function sharedAtomic(
  cx: LowerContext,
  op: AtomicOp,
  name: string,
  b: Extract<Binding, { kind: 'localArray' }>,
  e: CallNode,
): Value {
  if (b.dtype !== 'i32' && b.dtype !== 'u32' && b.dtype !== 'f32')
    cx.error(
      'E_TYPE',
      `${name} on a shared array needs Int32Array, Uint32Array or Float32Array elements; this one holds ${b.dtype}`,
      e.args[0]!.span,
    );
  const [ixValue, operand] = lowerInOrder(cx, [
    () => lowerExpr(cx, e.args[1]!),
    () => lowerExpr(cx, e.args[2]!),
  ]);
  const index = indexExpr(cx, ixValue!, e.args[1]!.span, 'the atomic index');
  const t = loadType(b.dtype);
  const value = atomicOperand(cx, op, name, t, operand!, e.args[2]!.span);
  cx.uses.atomics = true;
  const ir: Expr = {
    k: 'atomic',
    t,
    op,
    arr: { kind: 'local', index: b.index },
    index,
    value,
    span: e.span,
  };
  const it = irType(cx, t);
  return { ir: coerce(ir, it), ty: { t: it, weak: false } };
}

function numberPredicate(cx: LowerContext, name: string, e: CallNode): Value {
  const [x] = args(cx, e, 1, `${name}()`);
  const bool: InferType = { t: 'bool', weak: false };
  if (!isFloat(x!.ty.t)) {
    // An integer is never NaN and always finite; an atomic (or, under boundsCheck, a
    // read that may be out of range) in the operand still runs, as in the plain function.
    if (hasEffect(x!.ir, cx.options.boundsCheck === true)) cx.emit({ k: 'expr', e: x!.ir });
    return { ir: constant('bool', name === 'isNaN' ? 0 : 1), ty: bool };
  }
  // The operand's IR is used twice below: an atomic in it runs once.
  const v = evaluatedOnce(cx, x!).ir;
  if (name === 'isNaN') return { ir: { k: 'bin', t: 'bool', op: '!=', a: v, b: v }, ty: bool };
  // finite ⇔ x − x == 0 (NaN for ±Infinity and NaN)
  return {
    ir: {
      k: 'bin',
      t: 'bool',
      op: '==',
      a: { k: 'bin', t: v.t, op: '-', a: v, b: v },
      b: constant(v.t, 0),
    },
    ty: bool,
  };
}

function mathCall(cx: LowerContext, fn: string, e: CallNode): Value {
  if (fn === 'random') {
    cx.error(
      'E_UNSUPPORTED',
      '`Math.random` is not supported in kernels: it would differ between backends and runs',
      e.span,
      "use numbat's counter-based random(seed, counter)",
    );
  }
  const op = mathOp(fn);
  if (op === undefined)
    return cx.error('E_UNSUPPORTED', `\`Math.${fn}\` is not supported in kernels`, e.callee.span);
  // Math.imul and Math.clz32 read their operands' 32 bits only (ToInt32 / ToUint32).
  const bitsOnly = op.typing === 'int32' || op.typing === 'int32OfU32';
  const vals = lowerInOrder(
    cx,
    e.args.map((a) => () => (bitsOnly ? lowerForBits(cx, a) : lowerExpr(cx, a))),
  );
  const arity = mathArityProblem(fn, op, vals.length);
  if (arity !== undefined) cx.error('E_ARITY', arity, e.span);
  for (const [k, v] of vals.entries())
    if (v.ty.t === 'bool')
      cx.error('E_TYPE', `argument ${k + 1} of Math.${fn} is a boolean`, e.args[k]!.span);
  const name = fn as MathFn;
  switch (op.typing) {
    case 'int32':
      return {
        ir: { k: 'math', t: 'i32', fn: name, args: vals.map((v) => coerce(v.ir, 'i32')) },
        ty: { t: 'i32', weak: false },
      };
    case 'int32OfU32':
      return {
        ir: { k: 'math', t: 'i32', fn: name, args: [coerce(vals[0]!.ir, 'u32')] },
        ty: { t: 'i32', weak: false },
      };
    case 'toF32': {
      const t = irType(cx, 'f32');
      return { ir: coerce(coerce(vals[0]!.ir, 'f32'), t), ty: { t, weak: false } };
    }
    case 'keepsInt':
    case 'identityOnInt':
    case 'float':
      break;
  }
  if ((name === 'min' || name === 'max') && vals.length > 1) {
    // Integers with literals beyond every integer type (2**32, -1e10, ±Infinity): each
    // literal lies above or below every integer, so the answer is the extreme literal or
    // the integers' own min/max, exact (promoted, it was f32 on WebGPU). Skipped where an
    // integer operand has an effect that must run.
    const beyond = (v: Value): boolean =>
      v.ir.k === 'const' &&
      v.ty.weak &&
      !isInt(v.ty.t) &&
      (v.ir.v >= 2 ** 32 || v.ir.v < -(2 ** 31));
    const ints = vals.filter((v) => isInt(v.ty.t));
    const lits = vals.filter(beyond);
    if (
      ints.length > 0 &&
      lits.length > 0 &&
      ints.length + lits.length === vals.length &&
      !ints.some((v) => hasEffect(v.ir, cx.options.boundsCheck === true))
    ) {
      const value = (v: Value): number => (v.ir as { v: number }).v;
      const wins = lits.filter((v) => (name === 'min' ? value(v) < 0 : value(v) > 0));
      if (wins.length > 0)
        return wins.reduce((a, b) =>
          name === 'min' ? (value(b) < value(a) ? b : a) : value(b) > value(a) ? b : a,
        );
      return ints.slice(1).reduce((acc, v) => minMaxIntegers(name, acc, v), ints[0]!);
    }
  }
  if ((name === 'min' || name === 'max') && vals.length > 1 && vals.every((v) => isInt(v.ty.t))) {
    // Integers of either signedness: exact (an i32 with a u32 never reinterprets bits).
    return vals.slice(1).reduce((acc, v) => minMaxIntegers(name, acc, v), vals[0]!);
  }
  let r: InferType = vals.reduce<InferType>((acc, v) => promote(acc, v.ty), vals[0]!.ty);
  if (isInt(r.t) && op.typing === 'identityOnInt') {
    // Rounding an integer is the integer itself.
    return { ir: coerce(vals[0]!.ir, r.t), ty: r };
  }
  // Integers stay integers for abs, min, max and sign; everything else computes in a float.
  if (!isFloat(r.t) && !(isInt(r.t) && op.typing === 'keepsInt')) r = { t: 'float', weak: true };
  const t = irType(cx, r);
  const ir = vals
    .map((v) => coerce(v.ir, t))
    .reduce((acc, x) => ({ k: 'math', t, fn: name, args: [acc, x] }) as Expr);
  if (vals.length === 1) {
    // A variadic function of one operand (Math.min(x), Math.max(x)) is that operand.
    if (op.arity === 'variadic') return { ir: coerce(vals[0]!.ir, t), ty: r };
    return { ir: { k: 'math', t, fn: name, args: [coerce(vals[0]!.ir, t)] }, ty: r };
  }
  return { ir, ty: r };
}
