// wgsl/expr.ts — IR expressions to WGSL expressions, with JavaScript semantics.
//
// Every expression is emitted as a WGSL expression string. Sub-expressions whose
// evaluation has side effects (atomics, bounds-checked loads) and sit under a lazy
// operator (`?:`, `&&`, `||`) are hoisted into statements written before the
// expression ("preludes"), so they run only when JavaScript would run them.

import { MIRRORED, type CompareOp } from '../../ir/compare.js';
import type { ArrayRef, Expr, GeomOf, IrKernel, MathFn } from '../../ir/ir.js';
import { exprChildren } from '../../ir/walk.js';
import { hasEffect as exprHasEffect } from '../../ir/effects.js';
import type { Span } from '../../diagnostics.js';
import { InternalError } from '../../diagnostics.js';
import type { HelperSet } from './helpers.js';
import { literal, needsBitsHelper, storageType, wgslType, type WgslScalar } from './types.js';
import type { Writer } from './writer.js';
import { WGSL_MATH, type WgslMathGen } from './mathOps.js';

/** One load, store or atomic that boundsCheck may report, by site id (its array index). */
export interface BoundsSite {
  readonly arr: ArrayRef;
  /** The parameter or local array name. */
  readonly name: string;
  readonly span: Span;
  readonly access: 'load' | 'store' | 'atomic';
}

/** The state shared by expression and statement emission for one kernel. */
export interface KernelCtx {
  readonly ir: IrKernel;
  readonly helpers: HelperSet;
  /** Buffers that some atomic touches: every access to them goes through atomics. */
  readonly atomicBuffers: ReadonlySet<number>;
  /** Shared (workgroup) arrays some atomic touches: `array<atomic<…>>`, every access atomic. */
  readonly sharedAtomics: ReadonlySet<number>;
  /** Packed buffers (see packing.ts): buffer index → slot in `nb_pack`. */
  readonly packSlots: ReadonlyMap<number, number>;
  /** Per-buffer accessor functions the kernel needs ("load:0", "store:2", "atomic:add:1"). */
  readonly accessors: Set<string>;
  readonly sites: BoundsSite[];
  /** WGSL types of the IR locals declared so far (by name; later declarations win). */
  readonly localTypes: Map<string, WgslScalar>;
  /**
   * While the body function is emitted: the scalars it reads, each copied once from the
   * uniform into a `let` at the top (a uniform load in a loop condition is not hoisted by
   * every shader compiler; SwiftShader's is one that reloads it). Null elsewhere.
   */
  scalarLets: Set<number> | null;
  /**
   * While the body is emitted: the scalars used as a `random` seed, whose hash (the
   * per-seed half of random) is computed once per invocation, ahead of the body, instead
   * of once per call and grid index. Null elsewhere.
   */
  randomKeys: Set<number> | null;
  /** f32 bit pattern (a u32 literal) → the private variable holding it hidden from folding (opaqueLiteral). */
  readonly opaqueConstants: Map<string, string>;
  nextTemp(): string;
}

/** The `let` that holds scalar `i` inside the body function. */
export const scalarLet = (i: number): string => `nb_s${i}`;

/** The hash of scalar `i` as a random seed (see KernelCtx.randomKeys). */
export const randomKey = (i: number): string => `nb_key${i}`;

/** The scalar whose random key can stand for `seed` (a scalar read as its own type), or null. */
function keyedSeed(ctx: KernelCtx, seed: Expr): number | null {
  if (seed.k !== 'scalar' || !ctx.randomKeys) return null;
  const scalar = ctx.ir.scalars[seed.index];
  return scalar && wgslType(scalar.type) === wgslType(seed.t) ? seed.index : null;
}

/** The WGSL that computes randomKey(i) from the uniform: the seed half of helpers.ts `random`. */
export function randomKeyInit(ctx: KernelCtx, i: number): string {
  const scalar = ctx.ir.scalars[i];
  if (!scalar) throw new InternalError(`scalar #${i} does not exist`);
  const field = `U.${scalarField(i)}`;
  const asI32 =
    wgslType(scalar.type) === 'bool'
      ? `select(0i, 1i, ${field} != 0u)`
      : convert(ctx, field, wgslType(scalar.type), 'i32');
  return `${ctx.helpers.use('mix32')}(bitcast<u32>(${asI32}) ^ 0x9e3779b9u)`;
}

/** The WGSL name of kernel buffer `i`, local array `i`, and IR local `name`. */
export const bufferVar = (i: number): string => `b${i}`;
export const localArrayVar = (i: number): string => `la${i}`;
export function localVar(name: string): string {
  return `v_${name.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}
/** The uniform field holding scalar `i`. */
export const scalarField = (i: number): string => `s${i}`;

/**
 * Element `index` (an i32 expression) of buffer `i`, as its 32-bit storage type. A packed
 * buffer's index is clamped to its own last element (robust access would clamp only to
 * the end of the pack), then offset to its place in the pack.
 */
export function bufferElement(ctx: KernelCtx, i: number, index: string): string {
  const slot = ctx.packSlots.get(i);
  if (slot === undefined) return `${bufferVar(i)}[${index}]`;
  const word = `nb_pack[U.pk${slot} + min(bitcast<u32>(${index}), U.pl${slot})]`;
  const buffer = ctx.ir.buffers[i];
  if (!buffer) throw new InternalError(`buffer #${i} does not exist`);
  const st = storageType(buffer.dtype);
  return st === 'u32' ? word : `bitcast<${st}>(${word})`;
}

/** Converts `code` of WGSL type `from` to `to` with JavaScript semantics. */
export function convert(ctx: KernelCtx, code: string, from: WgslScalar, to: WgslScalar): string {
  if (from === to) return code;
  if (to === 'bool') {
    if (from === 'f32') return `${ctx.helpers.use('truthy_f32')}(${code})`;
    return `(${code} != ${literal(0, from)})`;
  }
  if (from === 'bool') return `select(${literal(0, to)}, ${literal(1, to)}, ${code})`;
  if (to === 'f32')
    return from === 'u32' ? `${ctx.helpers.use('u32_to_f32')}(${code})` : `f32(${code})`;
  if (from === 'f32')
    return `${ctx.helpers.use(to === 'i32' ? 'f32_to_i32' : 'f32_to_u32')}(${code})`;
  return `bitcast<${to}>(${code})`; // i32 <-> u32: ToInt32 / ToUint32 of the other
}

/**
 * An f32 value hidden from constant folding unless `fastMath`: spirv-opt, which Dawn's
 * Vulkan path runs before SwiftShader compiles, folds x*0 → 0, x+0 → x, 0/x → 0,
 * x/c → x*(1/c), (x+c)-c → x and more whenever an operand is a constant (mathcore.ts), so
 * every f32 literal outside a comparison, and every integer converted to f32 that may be a
 * constant after optimisation (see mayBeConstant), goes through `nb_opaque` (one XOR).
 */
function ieeeOperand(ctx: KernelCtx, code: string): string {
  return ctx.ir.fastMath ? code : `${ctx.helpers.use('opaque')}(${code})`;
}

/**
 * An f32 literal hidden from constant folding (see ieeeOperand), made once per distinct
 * literal: a private variable that every entry point sets from `nb_opaque(literal)` at its
 * start (OPAQUE_CONSTANTS marks the place). A call per use made a 1,400-term sum take 5×
 * as long to compile on SwiftShader.
 */
function opaqueLiteral(ctx: KernelCtx, v: number): string {
  if (ctx.ir.fastMath) return f32Literal(ctx, v);
  // Keyed by the bit pattern: 0 and -0 are two constants.
  const bits = f32Bits(v);
  // A cooperative kernel: in place, from the uniform buffer. WGSL's uniformity analysis
  // takes a read of a module-scope private variable as non-uniform, so a condition around
  // a barrier (`k < n * 0.5`, a loop bound `Math.ceil(k / 4)`) failed validation.
  if (ctx.ir.geometry.kind === 'workgroup') return `bitcast<f32>(${bits} ^ U.zero)`;
  let name = ctx.opaqueConstants.get(bits);
  if (!name) {
    name = `nb_k${ctx.opaqueConstants.size}`;
    ctx.opaqueConstants.set(bits, name);
  }
  return name;
}

/** The bit pattern of `v` rounded to f32 (NaN canonical), as a WGSL u32 literal. */
function f32Bits(v: number): string {
  const bits = new Uint32Array(new Float32Array([v]).buffer)[0]!;
  return `0x${bits.toString(16)}u`;
}

/** Marks the start of an entry point, where the opaque constants are set (see opaqueLiteral). */
export const OPAQUE_CONSTANTS = '// nb: opaque constants';

/**
 * The module-scope declarations and the entry-point lines of the opaque constants. Each is
 * built from its bits, `bitcast<f32>(bits ^ U.zero)`, so the SPIR-V holds no f32 constant
 * at all: a constant table that keys floats by value merged -0 into 0 (x * -0 lost its sign).
 */
export function opaqueConstantCode(ctx: KernelCtx): { declarations: string; inits: string[] } {
  const entries = [...ctx.opaqueConstants];
  return {
    declarations: entries.map(([, name]) => `var<private> ${name}: f32;`).join('\n'),
    inits: entries.map(([bits, name]) => `${name} = bitcast<f32>(${bits} ^ U.zero);`),
  };
}

/** Whether WGSL sees `e` as a constant expression: literals and operations on them only. */
function isConstExpression(e: Expr): boolean {
  switch (e.k) {
    case 'const':
      return true;
    case 'bin':
      return isConstExpression(e.a) && isConstExpression(e.b);
    case 'un':
    case 'cast':
      return isConstExpression(e.a);
    case 'select':
      return isConstExpression(e.a) && isConstExpression(e.b) && isConstExpression(e.c);
    case 'math':
      return e.args.every(isConstExpression);
    default:
      return false;
  }
}

/**
 * Whether `e` may be a constant once the device compiler has simplified it. Only a value
 * read at run time (a load from a buffer or a workgroup array, a scalar from the uniform
 * buffer, a grid index, an atomic, `random` of one), or a sign flip, complement or
 * conversion of one, or one plus a literal, is surely not: integer algebra folds far more
 * than operations on constants (`0 >>> x`, `x & 0`, `Math.min(x, u32(0))`, `x - x`,
 * `(x + 1) - x`), and a zero made so and converted to f32 turned `y * f32(…)` into +0 for
 * y = -4 (fuzz seed 20261219, case 910). A private array's element may be a constant too:
 * the device sees what was stored (probe 20).
 */
function mayBeConstant(ctx: KernelCtx, e: Expr): boolean {
  switch (e.k) {
    case 'scalar':
    case 'atomic':
    case 'geom':
      return false;
    // An element of a private array may be a constant the compiler saw stored (or its zero).
    case 'load':
      return e.arr.kind === 'local' && ctx.ir.localArrays[e.arr.index]?.scope === 'private';
    // A pure function of its arguments: `random(1, 2)` is a constant.
    case 'random':
      return mayBeConstant(ctx, e.seed) && mayBeConstant(ctx, e.counter);
    case 'local':
      return !ctx.ir.indexNames.includes(e.name);
    case 'un':
    case 'cast':
      return mayBeConstant(ctx, e.a);
    case 'bin': {
      // An integer plus, minus or XOR a literal is one-to-one: variable where its operand is.
      if (!(e.op === '+' || e.op === '-' || e.op === '^') || wgslType(e.t) === 'f32') return true;
      if (e.a.k === 'const') return mayBeConstant(ctx, e.b);
      return e.b.k !== 'const' || mayBeConstant(ctx, e.a);
    }
    case 'const':
    case 'select':
    case 'math':
      return true;
    default: {
      const never: never = e;
      throw new InternalError(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether emitting `e` as f32 makes a float from something else: an integer or bool (a local
 * declared so included), or bits (`f32frombits(0)` would fold as the constant +0; `random`).
 */
function fromNonFloat(ctx: KernelCtx, e: Expr): boolean {
  if (wgslType(e.t) !== 'f32') return true;
  if (e.k === 'un' && e.op === 'f32frombits') return true;
  if (e.k === 'random') return true; // bits made a float (x * random(c, 0) folded to 0)
  return e.k === 'local' && (ctx.localTypes.get(e.name) ?? 'f32') !== 'f32';
}

/** The f32 literal for constant `v` (ToNumber of an integer or bool constant). */
function f32Literal(ctx: KernelCtx, v: number): string {
  if (needsBitsHelper(v)) ctx.helpers.use('f32_bits');
  return literal(v, 'f32');
}

/** Whether evaluating `e` can have an effect beyond its value (ir/effects.ts). */
function hasEffect(ctx: KernelCtx, e: Expr): boolean {
  return exprHasEffect(e, ctx.ir.boundsCheck);
}

/** Emits `e` converted to `to`. */
export function emitAs(ctx: KernelCtx, e: Expr, to: WgslScalar, w: Writer): string {
  if (e.k === 'const' && to === 'f32') return opaqueLiteral(ctx, e.v);
  const code = convert(ctx, emitExpr(ctx, e, w), wgslType(e.t), to);
  return to === 'f32' && fromNonFloat(ctx, e) && mayBeConstant(ctx, e)
    ? ieeeOperand(ctx, code)
    : code;
}

/** Emits `e` as a WGSL expression; preludes it needs go to `w`. */
export function emitExpr(ctx: KernelCtx, e: Expr, w: Writer): string {
  const code = emitNode(ctx, e, w);
  // WGSL parsers stop at some nesting depth (Tint near 127 levels): every HOIST_DEPTH
  // levels an expression becomes a `let` (its preludes already went to `w`, in order).
  const depth = depthOf(e);
  if (
    depth >= HOIST_DEPTH &&
    depth % HOIST_DEPTH === 0 &&
    e.k !== 'const' &&
    e.k !== 'local' &&
    e.k !== 'scalar'
  ) {
    const name = ctx.nextTemp();
    w.line(`let ${name} = ${code};`);
    return name;
  }
  return code;
}

/** Expression levels between the `let`s that keep generated WGSL shallow. */
const HOIST_DEPTH = 32;
const depths = new WeakMap<Expr, number>();

/** The height of an expression tree (a leaf is 1). */
function depthOf(e: Expr): number {
  let d = depths.get(e);
  if (d === undefined) {
    d = 1 + Math.max(0, ...exprChildren(e).map(depthOf));
    depths.set(e, d);
  }
  return d;
}

function emitNode(ctx: KernelCtx, e: Expr, w: Writer): string {
  switch (e.k) {
    case 'const': {
      const t = wgslType(e.t);
      return t === 'f32' ? opaqueLiteral(ctx, e.v) : literal(e.v, t);
    }
    case 'scalar': {
      const scalar = ctx.ir.scalars[e.index];
      if (!scalar) throw new InternalError(`scalar #${e.index} does not exist`);
      ctx.scalarLets?.add(e.index);
      const field = ctx.scalarLets ? scalarLet(e.index) : `U.${scalarField(e.index)}`;
      return wgslType(scalar.type) === 'bool'
        ? `(${field} != 0u)`
        : convert(ctx, field, wgslType(scalar.type), wgslType(e.t));
    }
    case 'local': {
      const declared = ctx.localTypes.get(e.name) ?? wgslType(e.t);
      return convert(ctx, localVar(e.name), declared, wgslType(e.t));
    }
    case 'bin':
      return emitBinary(ctx, e, w);
    case 'un': {
      const t = wgslType(e.t);
      switch (e.op) {
        case '-':
          // A sign flip on the bit pattern: SwiftShader negates by subtracting, which flushes
          // a subnormal to -0 (JavaScript's -x is exact).
          if (t === 'f32' && !ctx.ir.fastMath)
            return `bitcast<f32>(bitcast<u32>(${emitAs(ctx, e.a, 'f32', w)}) ^ 0x80000000u)`;
          return `(-${emitAs(ctx, e.a, t === 'bool' ? 'i32' : t, w)})`;
        case '!':
          return convert(ctx, `(!${emitAs(ctx, e.a, 'bool', w)})`, 'bool', t);
        case '~':
          return convert(
            ctx,
            `(~${emitAs(ctx, e.a, t === 'u32' ? 'u32' : 'i32', w)})`,
            t === 'u32' ? 'u32' : 'i32',
            t,
          );
        case 'f32bits':
          return convert(ctx, `bitcast<u32>(${emitAs(ctx, e.a, 'f32', w)})`, 'u32', t);
        case 'f32frombits':
          return convert(ctx, `bitcast<f32>(${emitAs(ctx, e.a, 'u32', w)})`, 'f32', t);
        default: {
          const never: never = e;
          throw new InternalError(`unknown unary operator ${JSON.stringify(never)}`);
        }
      }
    }
    case 'cast':
      return emitAs(ctx, e.a, wgslType(e.t), w);
    case 'select': {
      const t = wgslType(e.t);
      const c = emitAs(ctx, e.c, 'bool', w);
      const thenW = w.nested();
      const elseW = w.nested();
      const a = emitAs(ctx, e.a, t, thenW);
      const b = emitAs(ctx, e.b, t, elseW);
      if (thenW.empty && elseW.empty && !hasEffect(ctx, e.a) && !hasEffect(ctx, e.b))
        return `select(${b}, ${a}, ${c})`;
      const tmp = ctx.nextTemp();
      w.line(`var ${tmp}: ${t};`);
      w.line(`if (${c}) {`);
      w.append(thenW);
      w.line(`  ${tmp} = ${a};`);
      w.line('} else {');
      w.append(elseW);
      w.line(`  ${tmp} = ${b};`);
      w.line('}');
      return tmp;
    }
    case 'math':
      return emitMath(ctx, e.fn, e.args, wgslType(e.t), w);
    case 'load':
      return emitLoad(ctx, e.arr, e.index, e.span, wgslType(e.t), w, e.uniform === true);
    case 'atomic':
      return emitAtomic(ctx, e, w);
    case 'geom':
      return geomName(e.of, e.axis);
    case 'random': {
      const keyed = keyedSeed(ctx, e.seed);
      if (keyed !== null) {
        ctx.randomKeys?.add(keyed);
        const counter = `bitcast<u32>(${emitAs(ctx, e.counter, 'i32', w)})`;
        return convert(
          ctx,
          `${ctx.helpers.use('random_keyed')}(${randomKey(keyed)}, ${counter})`,
          'f32',
          wgslType(e.t),
        );
      }
      const seed = `bitcast<u32>(${emitAs(ctx, e.seed, 'i32', w)})`;
      const counter = `bitcast<u32>(${emitAs(ctx, e.counter, 'i32', w)})`;
      return convert(
        ctx,
        `${ctx.helpers.use('random')}(${seed}, ${counter})`,
        'f32',
        wgslType(e.t),
      );
    }
    default: {
      const never: never = e;
      throw new InternalError(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

function emitBinary(ctx: KernelCtx, e: Extract<Expr, { k: 'bin' }>, w: Writer): string {
  const t = wgslType(e.t);
  const h = ctx.helpers;
  switch (e.op) {
    case '+':
    case '-':
    case '*': {
      const ct = t === 'bool' ? 'i32' : t;
      return convert(ctx, `(${emitAs(ctx, e.a, ct, w)} ${e.op} ${emitAs(ctx, e.b, ct, w)})`, ct, t);
    }
    case '/': {
      const q = `(${emitAs(ctx, e.a, 'f32', w)} / ${emitAs(ctx, e.b, 'f32', w)})`;
      return convert(ctx, q, 'f32', t);
    }
    case '%': {
      if (t === 'f32') return `(${emitAs(ctx, e.a, 'f32', w)} % ${emitAs(ctx, e.b, 'f32', w)})`;
      const ct = t === 'u32' ? 'u32' : 'i32';
      const call = `${h.use(ct === 'u32' ? 'umod' : 'imod')}(${emitAs(ctx, e.a, ct, w)}, ${emitAs(ctx, e.b, ct, w)})`;
      return convert(ctx, call, ct, t);
    }
    case '**': {
      const call = `${h.use(ctx.ir.fastMath ? 'fast_pow' : 'pow')}(${emitAs(ctx, e.a, 'f32', w)}, ${emitAs(ctx, e.b, 'f32', w)})`;
      return convert(ctx, call, 'f32', t);
    }
    case '&':
    case '|':
    case '^': {
      const ct = t === 'u32' ? 'u32' : 'i32';
      return convert(ctx, `(${emitAs(ctx, e.a, ct, w)} ${e.op} ${emitAs(ctx, e.b, ct, w)})`, ct, t);
    }
    case '<<':
    case '>>':
    case '>>>': {
      const ct = e.op === '>>>' ? 'u32' : 'i32';
      const count = `(${emitAs(ctx, e.b, 'u32', w)} & 31u)`;
      const op = e.op === '<<' ? '<<' : '>>';
      let value = emitAs(ctx, e.a, ct, w);
      // WGSL evaluates a shift of constant expressions at shader creation and refuses one
      // that changes the sign (`1 << 31`, JavaScript's -2^31): such an operand goes
      // through the uniform zero, which makes the shift a run-time one (fuzz seed 1, case
      // 10725: `i32(1) << Math.max(0, 32, 65535)`).
      if (e.op === '<<' && isConstExpression(e.a) && isConstExpression(e.b))
        value = `(${value} ^ i32(U.zero))`;
      return convert(ctx, `(${value} ${op} ${count})`, ct, t);
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return convert(ctx, emitComparison(ctx, e.op, e.a, e.b, w), 'bool', t);
    case '&&':
    case '||':
      return emitLogical(ctx, e.op, e.a, e.b, t, w);
    default: {
      const never: never = e.op;
      throw new InternalError(`unknown binary operator ${String(never)}`);
    }
  }
}

function emitComparison(ctx: KernelCtx, op: CompareOp, a: Expr, b: Expr, w: Writer): string {
  const ta = wgslType(a.t);
  const tb = wgslType(b.t);
  if (ta === 'f32' || tb === 'f32') {
    // A comparison with a constant folds exactly: its literal stays visible to the compiler.
    // −0 is written 0 (they compare equal): SwiftShader's constant table keeps one of the
    // two, and a visible −0 turned the 0.0 of a later `select(0.0f, 1.0f, c)` into −0
    // (fuzz seed 7204, case 633).
    const constant = (v: number): string => f32Literal(ctx, Object.is(v, -0) ? 0 : v);
    const left = a.k === 'const' ? constant(a.v) : emitAs(ctx, a, 'f32', w);
    const right = b.k === 'const' ? constant(b.v) : emitAs(ctx, b, 'f32', w);
    return op === '!='
      ? `${ctx.helpers.use('ne_f32')}(${left}, ${right})`
      : `(${left} ${op} ${right})`;
  }
  if (ta === tb && ta !== 'bool') return `(${emitExpr(ctx, a, w)} ${op} ${emitExpr(ctx, b, w)})`;
  if ((ta === 'i32' && tb === 'u32') || (ta === 'u32' && tb === 'i32')) {
    // Compare by numeric value as JavaScript does: a negative i32 is below every u32.
    const signedFirst = ta === 'i32';
    const s = signedFirst ? emitExpr(ctx, a, w) : emitExpr(ctx, b, w);
    const u = signedFirst ? emitExpr(ctx, b, w) : emitExpr(ctx, a, w);
    const sop = signedFirst ? op : MIRRORED[op];
    const tmp = ctx.nextTemp();
    w.line(`let ${tmp} = ${s};`);
    const unsigned = `(bitcast<u32>(${tmp}) ${sop} ${u})`;
    switch (sop) {
      case '==':
        return `(${tmp} >= 0i && ${unsigned})`;
      case '!=':
        return `(${tmp} < 0i || ${unsigned})`;
      case '<':
      case '<=':
        return `(${tmp} < 0i || ${unsigned})`;
      case '>':
      case '>=':
        return `(${tmp} >= 0i && ${unsigned})`;
      default: {
        const never: never = sop;
        throw new InternalError(`unknown comparison ${String(never)}`);
      }
    }
  }
  return `(${emitAs(ctx, a, 'i32', w)} ${op} ${emitAs(ctx, b, 'i32', w)})`;
}

function emitLogical(
  ctx: KernelCtx,
  op: '&&' | '||',
  a: Expr,
  b: Expr,
  t: WgslScalar,
  w: Writer,
): string {
  if (t === 'bool') {
    const left = emitAs(ctx, a, 'bool', w);
    const rightW = w.nested();
    const right = emitAs(ctx, b, 'bool', rightW);
    if (rightW.empty) return `(${left} ${op} ${right})`;
    const tmp = ctx.nextTemp();
    w.line(`var ${tmp}: bool = ${left};`);
    w.line(op === '&&' ? `if (${tmp}) {` : `if (!${tmp}) {`);
    w.append(rightW);
    w.line(`  ${tmp} = ${right};`);
    w.line('}');
    return tmp;
  }
  // Value-producing `a && b` / `a || b`: the result is one operand, chosen by a's truthiness.
  const tmp = ctx.nextTemp();
  w.line(`var ${tmp}: ${t} = ${emitAs(ctx, a, t, w)};`);
  const truthy = convert(ctx, tmp, t, 'bool');
  w.line(op === '&&' ? `if (${truthy}) {` : `if (!${truthy}) {`);
  const rightW = w.nested();
  const right = emitAs(ctx, b, t, rightW);
  w.append(rightW);
  w.line(`  ${tmp} = ${right};`);
  w.line('}');
  return tmp;
}

/** Math[fn] of `args` as type t, by its emitter (mathOps.ts). */
function emitMath(
  ctx: KernelCtx,
  fn: MathFn,
  args: readonly Expr[],
  t: WgslScalar,
  w: Writer,
): string {
  const emitter = WGSL_MATH[fn];
  const arg = (i: number, as: WgslScalar = 'f32'): string => {
    const a = args[i];
    if (!a) throw new InternalError(`Math.${fn} is missing argument ${i}`);
    return emitAs(ctx, a, as, w);
  };
  const g: WgslMathGen = {
    arg,
    count: args.length,
    args: () => args.map((_, i) => arg(i)),
    helper: (name) => ctx.helpers.use(name),
  };
  if (emitter.int && (t === 'i32' || t === 'u32')) return emitter.int(g, t);
  const form = ctx.ir.fastMath ? (emitter.fast ?? emitter.accurate) : emitter.accurate;
  return convert(ctx, form(g), emitter.yields ?? 'f32', t);
}

/** The name shown in errors for an array reference. */
export function arrayName(ctx: KernelCtx, arr: ArrayRef): string {
  const named = arr.kind === 'buffer' ? ctx.ir.buffers[arr.index] : ctx.ir.localArrays[arr.index];
  if (!named) throw new InternalError(`${arr.kind} array #${arr.index} does not exist`);
  return named.name;
}

function addSite(ctx: KernelCtx, arr: ArrayRef, span: Span, access: BoundsSite['access']): number {
  ctx.sites.push({ arr, name: arrayName(ctx, arr), span, access });
  return ctx.sites.length - 1;
}

/** The WGSL element type of a local array. */
export function localElementType(ctx: KernelCtx, index: number): WgslScalar {
  const local = ctx.ir.localArrays[index];
  if (!local) throw new InternalError(`local array #${index} does not exist`);
  return storageType(local.dtype);
}

/**
 * A local array index: clamped into range (WGSL would clamp too), and reported first
 * under boundsCheck.
 */
export function localIndex(
  ctx: KernelCtx,
  arr: number,
  index: Expr,
  span: Span,
  access: BoundsSite['access'],
  w: Writer,
): string {
  return localSlot(ctx, arr, index, span, access, w).clamped;
}

/**
 * A local array element's index as a u32 `let` (reported first under boundsCheck): its
 * clamped form for loads, and whether it is in range, for stores and atomics, which are
 * dropped out of range as a typed array drops them.
 */
export function localSlot(
  ctx: KernelCtx,
  arr: number,
  index: Expr,
  span: Span,
  access: BoundsSite['access'],
  w: Writer,
): { at: string; clamped: string; inRange: string } {
  const length = ctx.ir.localArrays[arr]?.length ?? 1;
  const at = ctx.nextTemp();
  w.line(`let ${at} = bitcast<u32>(${emitAs(ctx, index, 'i32', w)});`);
  if (ctx.ir.boundsCheck) {
    w.line(
      `if (${at} >= ${length}u) { nb_oob(${addSite(ctx, { kind: 'local', index: arr }, span, access)}u, bitcast<i32>(${at})); }`,
    );
  }
  return {
    at,
    clamped: `min(${at}, ${Math.max(length - 1, 0)}u)`,
    inRange: `(${at} < ${length}u)`,
  };
}

function emitLoad(
  ctx: KernelCtx,
  arr: ArrayRef,
  index: Expr,
  span: Span,
  t: WgslScalar,
  w: Writer,
  uniform = false,
): string {
  if (arr.kind === 'local') {
    const idx = localIndex(ctx, arr.index, index, span, 'load', w);
    const et = localElementType(ctx, arr.index);
    const element = `${localArrayVar(arr.index)}[${idx}]`;
    // workgroupUniformLoad(): WGSL's own, whose result its uniformity analysis knows is
    // uniform (the barriers numbat emits around it are then extra ones, harmless).
    if (uniform) return convert(ctx, `workgroupUniformLoad(&${element})`, et, t);
    if (ctx.sharedAtomics.has(arr.index)) {
      const read = `atomicLoad(&${element})`;
      return convert(ctx, et === 'f32' ? `bitcast<f32>(${read})` : read, et, t);
    }
    return convert(ctx, element, et, t);
  }
  const buffer = ctx.ir.buffers[arr.index];
  if (!buffer) throw new InternalError(`buffer #${arr.index} does not exist`);
  const st = storageType(buffer.dtype);
  const idx = emitAs(ctx, index, 'i32', w);
  if (ctx.ir.boundsCheck || ctx.atomicBuffers.has(arr.index)) {
    ctx.accessors.add(`load:${arr.index}`);
    const site = ctx.ir.boundsCheck ? addSite(ctx, arr, span, 'load') : 0;
    return convert(ctx, `nb_load_b${arr.index}(${idx}, ${site}u)`, st, t);
  }
  return convert(ctx, bufferElement(ctx, arr.index, idx), st, t);
}

function emitAtomic(ctx: KernelCtx, e: Extract<Expr, { k: 'atomic' }>, w: Writer): string {
  const t = wgslType(e.t);
  if (e.arr.kind === 'local' && ctx.sharedAtomics.has(e.arr.index)) {
    // A shared array: the device's atomics (f32 through compare-exchange of its bits).
    // Out of range it neither reads nor writes, and gives what a missing element converts to.
    const la = localArrayVar(e.arr.index);
    const et = localElementType(ctx, e.arr.index);
    const slot = localSlot(ctx, e.arr.index, e.index, e.span, 'atomic', w);
    const v = emitAs(ctx, e.value, et, w);
    const old = ctx.nextTemp();
    const missing = et === 'f32' ? `${ctx.helpers.use('nan')}()` : literal(0, et);
    w.line(`var ${old}: ${et} = ${missing};`);
    if (et === 'f32') {
      ctx.accessors.add(`shared:${e.op}:${e.arr.index}`);
      w.line(
        `if ${slot.inRange} { ${old} = nb_shared_${e.op}_la${e.arr.index}(${slot.at}, ${v}); }`,
      );
    } else {
      const fn = { add: 'atomicAdd', sub: 'atomicSub', min: 'atomicMin', max: 'atomicMax' }[e.op];
      w.line(`if ${slot.inRange} { ${old} = ${fn}(&${la}[${slot.at}], ${v}); }`);
    }
    return convert(ctx, old, et, t);
  }
  if (e.arr.kind === 'local') {
    // A local array is private to this invocation: a plain read-modify-write is atomic.
    // Out of range it neither reads nor writes, and gives what a missing element converts to.
    const la = localArrayVar(e.arr.index);
    const et = localElementType(ctx, e.arr.index);
    const slot = localSlot(ctx, e.arr.index, e.index, e.span, 'atomic', w);
    const old = ctx.nextTemp();
    const missing = et === 'f32' ? `${ctx.helpers.use('nan')}()` : literal(0, et);
    w.line(`let ${old} = select(${missing}, ${la}[${slot.clamped}], ${slot.inRange});`);
    const v = emitAs(ctx, e.value, et, w);
    w.line(`if ${slot.inRange} { ${la}[${slot.at}] = ${combineOld(ctx, e.op, old, v, et)}; }`);
    return convert(ctx, old, et, t);
  }
  const buffer = ctx.ir.buffers[e.arr.index];
  if (!buffer) throw new InternalError(`buffer #${e.arr.index} does not exist`);
  const st = storageType(buffer.dtype);
  ctx.accessors.add(`atomic:${e.op}:${e.arr.index}`);
  const site = ctx.ir.boundsCheck ? addSite(ctx, e.arr, e.span, 'atomic') : 0;
  const idx = emitAs(ctx, e.index, 'i32', w);
  const v = emitAs(ctx, e.value, st, w);
  return convert(ctx, `nb_atomic_${e.op}_b${e.arr.index}(${idx}, ${v}, ${site}u)`, st, t);
}

/** `old op v` for an atomic read-modify-write on element type `t`. */
export function combineOld(
  ctx: KernelCtx,
  op: 'add' | 'sub' | 'min' | 'max',
  old: string,
  v: string,
  t: WgslScalar,
): string {
  switch (op) {
    case 'add':
      return `(${old} + ${v})`;
    case 'sub':
      return `(${old} - ${v})`;
    case 'min':
    case 'max':
      return t === 'f32' ? `${ctx.helpers.use(op)}(${old}, ${v})` : `${op}(${old}, ${v})`;
    default: {
      const never: never = op;
      throw new InternalError(`unknown atomic op ${String(never)}`);
    }
  }
}

/** The entry's `let` holding a workgroup kernel's localId/groupId/groupCount of one axis (i32). */
export function geomName(of: GeomOf, axis: number): string {
  return `nb_${of === 'localId' ? 'local' : of === 'groupId' ? 'group' : 'groups'}${axis}`;
}
