// intMix.ts — integers of different signedness meeting: an i32 value with a u32 value, or
// an integer value with a weak integer constant outside its type (`u[i] < -1`,
// `s[i] < 3000000000`), or with a number literal that is no integer (`u[i] > 16777216.5`,
// `x < Infinity`). Comparisons and Math.min/max give plain JavaScript's answer on
// every backend, computed in 32-bit integer logic (WebGPU has no f64): a constant outside
// the other operand's range folds, and an i32 `s` against a u32 `u` uses `s < 0` first.
// Arithmetic (`+ - * %`) of an i32 value with a u32 value (mixedArithmetic): a value
// certainly in [0, 2³¹) takes the other's type; otherwise the two readings of the 32-bit
// result are different numbers (`u + i` is 3000000000 in JavaScript for u = 3e9, i = 0,
// and −1294967296 read as i32), so it is refused unless only its bits are used (+ - *
// under a bitwise operator, i32()/u32(), an integer store), as a join of the two is.
// Arithmetic of one signedness wraps at 32 bits, as README documents.

import type { Span } from '../diagnostics.js';
import type { BinOp, Expr } from '../ir/ir.js';
import { MIRRORED, type CompareOp } from '../ir/compare.js';
import { hasEffect } from '../ir/effects.js';
import type { InferType } from '../types/dtype.js';
import type { LowerContext, Value } from './context.js';
import { narrowUnsignedLoad, provedNonNegative } from './signs.js';
import { coerce, constant, convertNumber } from './types.js';

type IntT = 'i32' | 'u32';

const isIntT = (t: string): t is IntT => t === 'i32' || t === 'u32';

/** Whether the JS number `v` is a value of type `t`. */
export function fitsInt(v: number, t: IntT): boolean {
  if (!Number.isInteger(v)) return false;
  return t === 'i32' ? v >= -(2 ** 31) && v < 2 ** 31 : v >= 0 && v < 2 ** 32;
}

function compareNumbers(op: CompareOp, x: number, y: number): boolean {
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** Whether `e` computes an atomic (ir/effects.ts: its only effect without boundsCheck). */
const hasAtomic = (e: Expr): boolean => hasEffect(e, false);
const bin = (op: BinOp, t: Expr['t'], a: Expr, b: Expr): Expr => ({ k: 'bin', t, op, a, b });
const mathOf = (fn: 'min' | 'max', t: IntT, a: Expr, b: Expr): Expr => ({
  k: 'math',
  t,
  fn,
  args: [a, b],
});

/** The integer type of a constant's value on its own (i32 when it fits, else u32). */
const constType = (v: number): IntT => (fitsInt(v, 'i32') ? 'i32' : 'u32');

/**
 * `a op b` for two integer values, or an integer value and a literal that is no integer,
 * exact; undefined otherwise (then the ordinary promotion applies). Weak non-constant
 * integers count as their type.
 */
export function compareIntegers(
  cx: LowerContext,
  op: CompareOp,
  a: Value,
  b: Value,
  span: Span,
): Expr | undefined {
  const ta = a.ty.t;
  const tb = b.ty.t;
  // A literal of no integer type: a fraction, NaN, ±Infinity, or a whole number beyond
  // both integer types (2^32, 1e10).
  if (isIntT(ta) && b.ir.k === 'const' && b.ty.weak && !isIntT(tb))
    return compareWithFraction(cx, op, a.ir, ta, b.ir.v, span);
  if (isIntT(tb) && a.ir.k === 'const' && a.ty.weak && !isIntT(ta))
    return compareWithFraction(cx, MIRRORED[op], b.ir, tb, a.ir.v, span);
  if (!isIntT(ta) || !isIntT(tb)) return undefined;
  const ca = a.ir.k === 'const' ? a.ir.v : undefined;
  const cb = b.ir.k === 'const' ? b.ir.v : undefined;
  if (ca !== undefined && cb !== undefined)
    return constant('bool', compareNumbers(op, ca, cb) ? 1 : 0);
  if (cb !== undefined) return compareWithConstant(cx, op, a.ir, ta, cb, span);
  if (ca !== undefined) return compareWithConstant(cx, MIRRORED[op], b.ir, tb, ca, span);
  if (ta === tb) return bin(op, 'bool', coerce(a.ir, ta), coerce(b.ir, tb));
  return ta === 'i32'
    ? mixedCompare(cx, op, a.ir, b.ir, span)
    : mixedCompare(cx, MIRRORED[op], b.ir, a.ir, span);
}

/**
 * `x op c` for an integer value `x` and a number literal `c` that is no integer (0.5,
 * NaN, ±Infinity): exact in integer logic, as plain JavaScript compares. (Promoted, it
 * would compare in the native float: f64 on the CPU backends, but f32 on WebGPU, where
 * `u[i] > 16777216.5` was false for 16777217.) Below a fraction, `x < c` ⇔ `x <= ⌊c⌋`
 * and `x > c` ⇔ `x > ⌊c⌋`; `==` is false, `!=` true; NaN compares false but for `!=`.
 */
function compareWithFraction(
  cx: LowerContext,
  op: CompareOp,
  x: Expr,
  t: IntT,
  c: number,
  span: Span,
): Expr | undefined {
  // An atomic must run once: it keeps the ordinary promotion (folding would drop it).
  if (hasAtomic(x)) return undefined;
  // A whole number outside every integer type: the integer path folds it.
  if (Number.isInteger(c)) return compareWithConstant(cx, op, x, t, c, span);
  if (Number.isNaN(c) || op === '==' || op === '!=') return folded(cx, x, op === '!=');
  if (!Number.isFinite(c)) return folded(cx, x, compareNumbers(op, 0, c));
  const integerOp: CompareOp = op === '<' ? '<=' : op === '>=' ? '>' : op;
  return compareWithConstant(cx, integerOp, x, t, Math.floor(c), span);
}

/** Whether `u op c` holds for every u32 u only because u never goes below 0. */
const unsignedTautology = (op: CompareOp, c: number): boolean =>
  (op === '>=' && c <= 0) || (c < 0 && (op === '>' || op === '!='));

/** `x op c` for an integer value `x` of type `t` and a whole constant `c`. */
function compareWithConstant(
  cx: LowerContext,
  op: CompareOp,
  x: Expr,
  t: IntT,
  c: number,
  span: Span,
): Expr {
  if (t === 'u32' && cx.inLoopCondition && unsignedTautology(op, c)) cx.loopTautologies.push(span);
  if (fitsInt(c, t)) return bin(op, 'bool', x, constant(t, c));
  if (!fitsInt(c, t === 'i32' ? 'u32' : 'i32') || !hasAtomic(x)) {
    // Every value of `t` lies on one side of `c`: the answer is a constant.
    // (the type's own extreme nearest c: c ± 1 would round back to c beyond 2^53)
    const side = c < 0 ? (t === 'i32' ? -(2 ** 31) : 0) : t === 'i32' ? 2 ** 31 - 1 : 2 ** 32 - 1;
    return folded(cx, x, compareNumbers(op, side, c));
  }
  // x computes an atomic, whose effect must stay: compare exactly instead of folding.
  const k = constant(t === 'i32' ? 'u32' : 'i32', c);
  return t === 'i32'
    ? mixedCompare(cx, op, x, k, span)
    : mixedCompare(cx, MIRRORED[op], k, x, span);
}

/**
 * The constant answer of a comparison of `x` with a constant. An atomic in `x` (or, under
 * boundsCheck, a read that may be out of range) still runs, for its effect alone: the
 * constant is the comparison's only other operand, so nothing it ran before moves.
 */
function folded(cx: LowerContext, x: Expr, answer: boolean): Expr {
  if (hasEffect(x, cx.options.boundsCheck === true)) cx.emit({ k: 'expr', e: x });
  return constant('bool', answer ? 1 : 0);
}

/**
 * `s op u` for an i32 `s` and a u32 `u`: a negative `s` is below every `u`; otherwise both
 * compare as u32. The orderings use each operand once (`max(s, 0)` maps every negative
 * `s` to 0; `max(s, −1) + 1` as u32 maps them to 0 and the others to s + 1);
 * equality reads one operand twice, which must then compute no atomic.
 */
function mixedCompare(cx: LowerContext, op: CompareOp, s: Expr, u: Expr, span: Span): Expr {
  const asU32 = (e: Expr) => coerce(e, 'u32');
  const clamp0 = () => asU32(mathOf('max', 'i32', s, constant('i32', 0)));
  const plus1 = () =>
    bin('+', 'u32', asU32(mathOf('max', 'i32', s, constant('i32', -1))), constant('u32', 1));
  switch (op) {
    case '<=':
      return bin('<=', 'bool', clamp0(), u);
    case '>':
      return bin('>', 'bool', clamp0(), u);
    case '<':
      return bin('<=', 'bool', plus1(), u);
    case '>=':
      return bin('>', 'bool', plus1(), u);
    case '==':
    case '!=': {
      const eq = op === '==';
      if (!hasAtomic(s)) {
        // s == u ⇔ s ≥ 0 && u32(s) == u
        const sign = bin(eq ? '>=' : '<', 'bool', s, constant('i32', 0));
        return bin(eq ? '&&' : '||', 'bool', sign, bin(op, 'bool', asU32(s), u));
      }
      if (!hasAtomic(u)) {
        // s == u ⇔ u < 2^31 && s == i32(u)
        const range = bin(eq ? '<' : '>=', 'bool', u, constant('u32', 2 ** 31));
        return bin(eq ? '&&' : '||', 'bool', range, bin(op, 'bool', s, coerce(u, 'i32')));
      }
      return cx.error(
        'E_TYPE',
        'this compares an i32 with a u32 where both sides compute an atomic',
        span,
        'convert one side with i32(…), u32(…) or f64(…) first',
      );
    }
  }
}

/**
 * Math.min / Math.max of two integer values, exact: min of an i32 and a u32 always fits
 * an i32 (`min(s, i32(min(u, 2^31 − 1)))`), max always fits a u32
 * (`max(u32(max(s, 0)), u)`). Constants outside the other operand's type count as their
 * own type.
 */
export function minMaxIntegers(fn: 'min' | 'max', a: Value, b: Value): Value {
  const ta = intTypeOf(a, b);
  const tb = intTypeOf(b, a);
  const weak = a.ty.weak && b.ty.weak;
  if (ta === tb) {
    const t = ta;
    return { ir: mathOf(fn, t, coerce(a.ir, t), coerce(b.ir, t)), ty: { t, weak } };
  }
  const [s, u] = ta === 'i32' ? [a.ir, b.ir] : [b.ir, a.ir];
  if (fn === 'min') {
    const uClamped = coerce(mathOf('min', 'u32', u, constant('u32', 2 ** 31 - 1)), 'i32');
    return { ir: mathOf('min', 'i32', s, uClamped), ty: { t: 'i32', weak: false } };
  }
  const sClamped = coerce(mathOf('max', 'i32', s, constant('i32', 0)), 'u32');
  return { ir: mathOf('max', 'u32', sClamped, u), ty: { t: 'u32', weak: false } };
}

/**
 * The integer type `v` computes in when it meets `other`: a constant that is a value of
 * the other operand's type adopts it, another weak constant has the type of its value,
 * anything else (a constant from u32(…) included) keeps its own type.
 */
function intTypeOf(v: Value, other: Value): IntT {
  const t = v.ty.t as IntT;
  const o = other.ty.t as IntT;
  if (v.ir.k === 'const' && v.ty.weak) {
    const otherWeakConstant = other.ir.k === 'const' && other.ty.weak;
    if (!otherWeakConstant && fitsInt(v.ir.v, o)) return o;
    return constType(v.ir.v);
  }
  return t;
}

/** Whether `t` is an integer inference type (i32 or u32). */
export const isIntInfer = (t: InferType): boolean => isIntT(t.t);

const HINT = 'convert explicitly: i32(…) or u32(…) chooses the 32 bits, f64(…) keeps every value';

/**
 * A value stored where values of type `target` live (a variable, one arm of `?:`) must keep
 * its meaning: an i32 value where u32 values live (or the reverse) would be read with the
 * other signedness, and so would a constant outside `target`'s range (`-1` in a u32
 * variable reads 4294967295). Such a join is refused, once the variable types have settled.
 */
export function checkIntJoin(
  cx: LowerContext,
  value: Value,
  target: InferType,
  span: Span,
  what: string,
  variable?: object,
): void {
  const t = target.t;
  if (!isIntT(t) || !isIntT(value.ty.t)) return;
  // A variable read only where its 32 bits count (bitwise operators, Math.imul, i32(),
  // integer stores) means the same bits either way: refused only if read as a number.
  const when = variable ? () => cx.readAsNumber.has(variable) : undefined;
  const other = t === 'i32' ? 'u32' : 'i32';
  if (value.ir.k === 'const') {
    const v = value.ir.v;
    if (!fitsInt(v, t))
      cx.errorOnceSettled(
        'E_TYPE',
        `${v} is not a ${t} value, but ${what} holds ${t} values: it would read as ${convertNumber(v, t)}`,
        span,
        HINT,
        when,
      );
    return;
  }
  // A weak value (`let k = -1` joined where u32 values live) counts as its own type unless
  // it is certainly ≥ 0 (signs.ts) where u32 values live.
  const weakFits = value.ty.weak && t === 'u32' && provedNonNegative(cx, value.ir);
  if (!target.weak && value.ty.t === other && !weakFits && !inBothRanges(cx, value.ir))
    cx.errorOnceSettled(
      'E_TYPE',
      `${what} holds both ${t} and ${other} values; in 32 bits one of them would change (a u32 above 2³¹ − 1 reads as a negative i32, a negative i32 as a large u32)`,
      span,
      HINT,
      when,
    );
}

/**
 * The operand of an atomic on elements of type `t`. The plain function computes
 * `Math.min(old, v)` / `Math.max(old, v)` in numbers and stores the result with the
 * array's conversion; between an integer array and a value of the other signedness that
 * is an ordinary min/max where the value's excess side cannot win (a negative value never
 * beats a u32 in atomicMax: it becomes 0; a value above 2³¹ − 1 never beats an i32 in
 * atomicMin: it becomes 2³¹ − 1). Where it would win (a negative value in atomicMin of a
 * u32 array stores 2³² + v whatever the old value), no min/max expresses it: refused.
 * add and sub wrap at 32 bits, as JS's store of the sum does.
 */
export function atomicOperand(
  cx: LowerContext,
  op: 'add' | 'sub' | 'min' | 'max',
  name: string,
  t: Expr['t'],
  v: Value,
  span: Span,
): Expr {
  refuseConvertedFirst(cx, name, t, v, span);
  if ((op !== 'min' && op !== 'max') || !isIntT(t) || !isIntT(v.ty.t)) return coerce(v.ir, t);
  const vt = v.ir.k === 'const' ? (fitsInt(v.ir.v, t) ? t : constType(v.ir.v)) : v.ty.t;
  if (vt === t) return coerce(v.ir, t);
  const harmless = (t === 'u32' && op === 'max') || (t === 'i32' && op === 'min');
  if (harmless) {
    return t === 'u32'
      ? coerce(mathOf('max', 'i32', coerce(v.ir, 'i32'), constant('i32', 0)), 'u32')
      : coerce(mathOf('min', 'u32', coerce(v.ir, 'u32'), constant('u32', 2 ** 31 - 1)), 'i32');
  }
  const [arr, val, wins] =
    t === 'u32'
      ? ['a Uint32Array', 'an i32 value', 'a negative value stores 2³² + value']
      : ['an Int32Array', 'a u32 value', 'a value above 2³¹ − 1 stores value − 2³²'];
  return cx.error(
    'E_TYPE',
    `${name} on ${arr} with ${val}: in the plain function ${wins} whatever the old element, which no atomic ${op} does`,
    span,
    `convert the value with ${t}(…) if it is never ${t === 'u32' ? 'negative' : 'above 2³¹ − 1'}`,
  );
}

/**
 * An atomic converts its value to the element type, then combines; the plain function
 * (`rmw(a, i, o => o + v)`) combines in numbers, then the store converts once. The two
 * agree when the value is already of the element type (or an integer constant), and
 * under the weak-scalar rule (a number meeting a Float32Array is f32). They differ for a
 * float value on an integer array (−1 + 0.7 stores 0 in the plain function, −1 converted
 * first; NaN and ±Infinity store 0 there, nothing here; min/max pick another value) and
 * for an f64 value on a Float32Array (two roundings instead of one): refused (probe 9).
 */
function refuseConvertedFirst(
  cx: LowerContext,
  name: string,
  t: Expr['t'],
  v: Value,
  span: Span,
): void {
  const vt = v.ty.t;
  if (isIntT(t) && (vt === 'f32' || vt === 'f64' || vt === 'float')) {
    if (v.ir.k === 'const' && Number.isInteger(v.ir.v)) return;
    const arr = t === 'u32' ? 'a Uint32Array' : 'an Int32Array';
    cx.error(
      'E_TYPE',
      `${name} on ${arr} with a float value: the plain function combines the old element with the value in numbers and converts the result once (−1 + 0.7 stores 0; NaN or ±Infinity stores 0), the atomic would convert the value first (−1)`,
      span,
      `convert the value with ${t}(…) (or Math.round, Math.floor) if that is what you mean`,
    );
  }
  if (t === 'f32' && vt === 'f64' && !v.ty.weak)
    cx.error(
      'E_TYPE',
      `${name} on a Float32Array with an f64 value: the plain function adds in f64 and rounds the sum once, the atomic would round the value to f32 first (two roundings)`,
      span,
      'round the value with f32(…) if that is what you mean',
    );
}

/**
 * Whether `e` is certainly in [0, 2³¹), a value of both i32 and u32: a constant there, a
 * grid index, an element of a Uint8Array or Uint16Array, `x >>> k` with a constant k ≥ 1, or `x & m`
 * with such an operand.
 */
function inBothRanges(cx: LowerContext, e: Expr): boolean {
  if (e.k === 'cast') return inBothRanges(cx, e.a);
  if (e.k === 'const') return fitsInt(e.v, 'i32') && e.v >= 0;
  if (e.k === 'local') return cx.gridIndexNames.has(e.name);
  if (e.k === 'load') return narrowUnsignedLoad(cx, e);
  if (e.k !== 'bin') return false;
  if (e.op === '>>>') return e.b.k === 'const' && (e.b.v & 31) >= 1;
  if (e.op === '&') return inBothRanges(cx, e.a) || inBothRanges(cx, e.b);
  return false;
}

/**
 * The type of `a op b` (`+ - * %`) for two integer values of different signedness, neither
 * weak, or undefined when they are not such a pair. An operand certainly in [0, 2³¹) (a
 * value of both types: `s & 255`, `x >>> 1`) adopts the other's type, so `u[i] + (s & 255)`
 * is a u32 as `u[i] + 255` is. Otherwise JavaScript's number and either 32-bit reading
 * differ: refused (at the first launch, once types settle) unless the consumer keeps only
 * the 32 bits (`bitsOnly`; never for `%`, whose bits differ too) or the result goes into
 * `variable`, read only where its bits count (see checkIntJoin).
 */
export function mixedArithmetic(
  cx: LowerContext,
  op: '+' | '-' | '*' | '%',
  a: Value,
  b: Value,
  span: Span,
  bitsOnly: boolean,
  variable?: object,
): InferType | undefined {
  // A weak integer constant adopts the other operand's type, unless it is no value of that
  // type (`u[i] % -7`, `i + 3000000000`): then it counts as a value of its own type. Any
  // other weak integer (`let k = -1`, `c ? -1 : 1`, a loop counter, a helper's parameter
  // given a literal) adopts u32 only when it is certainly ≥ 0 (signs.ts), else counts as
  // its own type, as `s[i]` does.
  const typeOf = (v: Value, other: Value): string | undefined => {
    if (!v.ty.weak) return v.ty.t;
    if (!isIntT(other.ty.t) || !isIntT(v.ty.t)) return undefined;
    if (v.ir.k === 'const') {
      if (other.ir.k === 'const' && other.ty.weak) return undefined; // two literals: folded
      return fitsInt(v.ir.v, other.ty.t) ? other.ty.t : constType(v.ir.v);
    }
    if (v.ty.t === 'i32' && other.ty.t === 'u32' && provedNonNegative(cx, v.ir)) return 'u32';
    return v.ty.t;
  };
  const ta = typeOf(a, b);
  const tb = typeOf(b, a);
  if (!ta || !tb || !isIntT(ta) || !isIntT(tb)) return undefined;
  // One type for both: theirs (two weak values — a counter from 0 and 3000000000 — are a
  // u32 sum, where the ordinary promotion of weak integers gives i32).
  if (ta === tb) return a.ty.weak ? { t: ta, weak: b.ty.weak } : undefined;
  const aBoth = inBothRanges(cx, a.ir);
  const bBoth = inBothRanges(cx, b.ir);
  // Both in [0, 2³¹): u32, whose range holds their sum and product in more cases.
  if (aBoth && bBoth) return { t: 'u32', weak: false };
  if (aBoth) return { t: tb, weak: false };
  if (bBoth) return { t: ta, weak: false };
  if (op !== '%' && bitsOnly) return { t: 'i32', weak: false };
  const when = op !== '%' && variable ? () => cx.readAsNumber.has(variable) : undefined;
  cx.errorOnceSettled(
    'E_TYPE',
    `\`${op}\` of ${ta === 'u32' ? 'a' : 'an'} ${ta} value and ${tb === 'u32' ? 'a' : 'an'} ${tb} value: JavaScript computes it in numbers; in 32 bits the result would depend on reading it as i32 or as u32 (a u32 above 2³¹ − 1 reads as a negative i32, a negative i32 as a large u32)${op === '%' ? '' : ', and it is used as a number here'}`,
    span,
    op === '%'
      ? 'convert one side explicitly: u32(…) or i32(…) chooses the reading, f64(…) keeps every value'
      : 'convert one side explicitly: u32(…) or i32(…) chooses the reading, f64(…) keeps every value (or use only its bits: `| 0`, `>>> 0`, an integer store)',
    when,
  );
  return { t: 'i32', weak: false };
}
