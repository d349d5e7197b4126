// genExpr.ts — random well-typed expressions whose plain-JavaScript value equals the
// value numbat's typing gives them (README, "Semantics decided once"):
//   i32: every + - * and negation wrapped (`(a + b) | 0`, `Math.imul`, `(-a) | 0`),
//        `%` only by a divisor that cannot be 0;
//   u32: the same with `>>> 0`, operands never mixed with i32 except through `| 0`/`>>> 0`;
//   f32: every operation and Math call wrapped in `f32(…)`, literals f32-representable,
//        integers converted explicitly with `f32(…)`;
//   f64: at least one operand of every operation is a non-weak f64.
// No composite node has only weak (literal) operands, so nothing falls back to the
// backend's native float. Reads are in range by construction (masks and `% n` on powers
// of two); every node records its numbat type for the interpreter.

import type { DType, Expr, ValTy } from './ast.js';
import { FLAT, INDEX_NAMES } from './ast.js';
import type { Rng } from './prng.js';
import { F32_MAX } from './values.js';

/** What an expression may refer to at the point it is generated. */
export interface ExprScope {
  readonly rng: Rng;
  readonly allowF32: boolean;
  readonly allowF64: boolean;
  /** Grid extents, outermost first. */
  readonly grid: readonly number[];
  /** Readable local variables and loop counters. */
  readonly vars: readonly VarRef[];
  /** Input arrays (any index in [0, length) may be read). */
  readonly inputs: readonly { name: string; dtype: DType; length: number }[];
  /** Output arrays: only the slots this grid point owns may be read. */
  readonly outputs: readonly { name: string; dtype: DType; slots: number }[];
  readonly localArrays: readonly { name: string; dtype: DType; length: number }[];
  readonly intScalars: readonly string[];
  readonly floatScalars: readonly string[];
}

export interface VarRef {
  readonly name: string;
  readonly ty: ValTy;
  readonly weak: boolean;
}

export const LOAD_TYPE: Readonly<Record<DType, ValTy>> = {
  f32: 'f32',
  f64: 'f64',
  u32: 'u32',
  i32: 'i32',
  i16: 'i32',
  u16: 'i32',
  i8: 'i32',
  u8: 'i32',
};

const F32_LITERALS = [
  0,
  1,
  -1,
  0.5,
  2,
  3,
  -0.25,
  1.5,
  10,
  100,
  0.125,
  Math.fround(1e-3),
  2 ** -126,
  2 ** -149,
  F32_MAX,
  NaN,
  Infinity,
  -Infinity,
  -0,
  16777216,
  65504,
  Math.fround(Math.PI),
];
const F64_LITERALS = [
  0,
  1,
  -1,
  0.5,
  2,
  0.1,
  1e-300,
  1e300,
  Number.MIN_VALUE,
  2 ** 53,
  -0,
  NaN,
  Infinity,
  1 / 3,
  1e-10,
  4294967296,
  2147483648,
  -7.25,
];
const I32_LITERALS = [
  0, 1, -1, 2, 3, 5, 7, 8, 15, 16, 31, 32, 255, 65535, 2147483647, -2147483648, 1000, -100,
];
const U32_LITERALS = [0, 1, 2, 7, 31, 32, 255, 65535, 2147483648, 4294967295, 3000000000];
const NAMED_CONSTANTS = [
  'Math.PI',
  'Math.E',
  'Math.LN2',
  'Math.LN10',
  'Math.LOG2E',
  'Math.LOG10E',
  'Math.SQRT2',
  'Math.SQRT1_2',
  'Number.EPSILON',
  'Number.MAX_VALUE',
  'Number.MIN_VALUE',
  'Number.MAX_SAFE_INTEGER',
  'Number.POSITIVE_INFINITY',
  'Number.NEGATIVE_INFINITY',
  'Number.NaN',
];

/** Math functions that round (their results differ by a few ulps between backends). */
export const APPROX_MATH1 = [
  'cbrt',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
];
export const APPROX_MATH2 = ['atan2', 'pow', 'hypot'];
/** Math functions every backend computes exactly. */
const EXACT_FLOAT_MATH1 = ['abs', 'sign', 'floor', 'ceil', 'round', 'trunc', 'sqrt'];

// --- node builders ------------------------------------------------------------------------

export const lit = (ty: ValTy, v: number): Expr => ({ k: 'lit', ty, v });
export const bin = (
  op: Expr & { k: 'binary' } extends { op: infer O } ? O : never,
  ty: ValTy,
  opTy: ValTy,
  a: Expr,
  b: Expr,
): Expr => ({ k: 'binary', ty, opTy, op, a, b });
export const call = (fn: string, ty: ValTy, opTy: ValTy, args: Expr[]): Expr => ({
  k: 'call',
  ty,
  opTy,
  fn,
  args,
});
const v = (name: string, ty: ValTy, weak = false): Expr & { k: 'var' } =>
  ({ k: 'var', ty, name, ...(weak ? { weak } : {}) }) as Expr & { k: 'var' };

/** Whether numbat types `e` as weak (a literal-only value that adopts what it meets). */
export function isWeak(e: Expr): boolean {
  switch (e.k) {
    case 'lit':
    case 'named':
    case 'length':
      return true;
    case 'var':
      return (e as { weak?: boolean }).weak === true;
    case 'load':
    case 'atomic':
    case 'logical':
      return false;
    case 'unary':
      return e.op === '!' ? false : isWeak(e.a);
    case 'binary':
      return ['<', '<=', '>', '>=', '===', '!==', '==', '!='].includes(e.op)
        ? false
        : isWeak(e.a) && isWeak(e.b);
    case 'call':
      if (e.fn === 'random') return true;
      if (
        e.fn.startsWith('Math.') &&
        e.fn !== 'Math.imul' &&
        e.fn !== 'Math.clz32' &&
        e.fn !== 'Math.fround'
      )
        return e.args.every(isWeak);
      return false;
    case 'cond':
      return isWeak(e.a) && isWeak(e.b);
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** `e` itself, or wrapped in the cast intrinsic of its type when it is weak. */
export function anchor(e: Expr): Expr {
  if (!isWeak(e) || e.ty === 'bool') return e;
  return call(e.ty, e.ty, e.ty, [e]);
}

/** Two operands of which at least one is not weak. */
function anchored(a: Expr, b: Expr): [Expr, Expr] {
  return isWeak(a) && isWeak(b) ? [anchor(a), b] : [a, b];
}

// --- the generator ----------------------------------------------------------------------

export class ExprGen {
  constructor(private readonly s: ExprScope) {}

  private get rng(): Rng {
    return this.s.rng;
  }

  /** A non-weak expression of type `ty`, at most `depth` operators deep. */
  gen(ty: ValTy, depth: number): Expr {
    const leafChance = depth <= 0 ? 1 : 0.3;
    const e = this.rng.chance(leafChance) ? this.leaf(ty) : this.composite(ty, depth - 1);
    return anchor(e);
  }

  /** An in-range index for input or local array of `length` (a power of two). */
  indexInto(length: number, depth: number): Expr {
    const r = this.rng.int(0, 9);
    if (r <= 1) return lit('i32', this.rng.int(0, length - 1));
    // A grid index reads in range only where the array covers its axis (or the whole grid).
    if (r === 2 && this.s.grid.reduce((a, b) => a * b, 1) <= length) return v(FLAT, 'i32');
    const axes = this.s.grid
      .map((n, axis) => (n <= length ? axis : -1))
      .filter((axis) => axis >= 0);
    if (r === 3 && axes.length) return v(INDEX_NAMES[this.rng.pick(axes)]!, 'i32');
    const e = this.gen('i32', Math.min(depth, 2));
    if (r <= 7) return bin('&', 'i32', 'i32', e, lit('i32', length - 1));
    const n = lit('i32', length);
    return bin('%', 'i32', 'i32', bin('+', 'i32', 'i32', bin('%', 'i32', 'i32', e, n), n), n);
  }

  /** The index of one of the slots grid point `f` owns in an output with `slots` per point. */
  ownSlot(slots: number): Expr {
    const slot = this.rng.int(0, slots - 1);
    if (slots === 1) return v(FLAT, 'i32');
    return bin(
      '+',
      'i32',
      'i32',
      bin('*', 'i32', 'i32', v(FLAT, 'i32'), lit('i32', slots)),
      lit('i32', slot),
    );
  }

  private leaf(ty: ValTy): Expr {
    const options: (() => Expr | undefined)[] = [
      () => this.pickVar(ty),
      () => this.load(ty),
      () => this.load(ty),
      () => this.literalLeaf(ty),
    ];
    if (ty === 'i32') {
      options.push(
        () => v(FLAT, 'i32'),
        () => v(this.rng.pick(INDEX_NAMES.slice(0, this.s.grid.length)), 'i32'),
      );
      if (this.s.intScalars.length) options.push(() => v(this.rng.pick(this.s.intScalars), 'i32'));
      if (this.s.inputs.length)
        options.push(() => ({ k: 'length', ty: 'i32', arr: this.rng.pick(this.s.inputs).name }));
    }
    for (let tries = 0; tries < 6; tries++) {
      const e = this.rng.pick(options)();
      if (e) return e;
    }
    return this.literalLeaf(ty);
  }

  private pickVar(ty: ValTy): Expr | undefined {
    const vars = this.s.vars.filter((x) => x.ty === ty);
    if (!vars.length) return undefined;
    const x = this.rng.pick(vars);
    return v(x.name, x.ty, x.weak);
  }

  private load(ty: ValTy): Expr | undefined {
    const sources: (() => Expr)[] = [];
    for (const a of this.s.inputs)
      if (LOAD_TYPE[a.dtype] === ty)
        sources.push(() => ({ k: 'load', ty, arr: a.name, index: this.indexInto(a.length, 1) }));
    for (const a of this.s.outputs)
      if (LOAD_TYPE[a.dtype] === ty)
        sources.push(() => ({ k: 'load', ty, arr: a.name, index: this.ownSlot(a.slots) }));
    for (const a of this.s.localArrays)
      if (LOAD_TYPE[a.dtype] === ty)
        sources.push(() => ({ k: 'load', ty, arr: a.name, index: this.indexInto(a.length, 1) }));
    return sources.length ? this.rng.pick(sources)() : undefined;
  }

  /** A literal of `ty`, anchored by its cast so it is not weak. */
  private literalLeaf(ty: ValTy): Expr {
    return ty === 'bool' ? lit('bool', this.rng.int(0, 1)) : anchor(this.literal(ty));
  }

  /** A weak literal (floats in an f32 context are f32-representable). */
  literal(ty: Exclude<ValTy, 'bool'>): Expr {
    switch (ty) {
      case 'i32':
        return lit('i32', this.rng.chance(0.5) ? this.rng.int(-9, 9) : this.rng.pick(I32_LITERALS));
      case 'u32':
        return lit('u32', this.rng.chance(0.5) ? this.rng.int(0, 9) : this.rng.pick(U32_LITERALS));
      case 'f32':
        return lit('f32', this.rng.pick(F32_LITERALS));
      case 'f64':
        return lit('f64', this.rng.pick(F64_LITERALS));
      default: {
        const never: never = ty;
        return never;
      }
    }
  }

  /** A second operand for a float operation: often weak (literal, scalar, constant). */
  private partner(ty: 'f32' | 'f64', depth: number): Expr {
    const r = this.rng.int(0, 9);
    if (r <= 5)
      return this.gen(ty === 'f64' && this.s.allowF32 && this.rng.chance(0.2) ? 'f32' : ty, depth);
    if (r <= 7) return this.literal(ty);
    if (this.s.floatScalars.length && r === 8)
      return v(this.rng.pick(this.s.floatScalars), ty, true);
    if (ty === 'f64') return { k: 'named', ty: 'f64', name: this.rng.pick(NAMED_CONSTANTS) };
    return this.literal(ty);
  }

  private composite(ty: ValTy, depth: number): Expr {
    switch (ty) {
      case 'i32':
        return this.i32(depth);
      case 'u32':
        return this.u32(depth);
      case 'f32':
        return this.f32(depth);
      case 'f64':
        return this.f64(depth);
      case 'bool':
        return this.bool(depth);
      default: {
        const never: never = ty;
        return never;
      }
    }
  }

  private floatTy(): 'f32' | 'f64' | undefined {
    if (this.s.allowF32 && this.s.allowF64) return this.rng.pick(['f32', 'f64'] as const);
    return this.s.allowF32 ? 'f32' : this.s.allowF64 ? 'f64' : undefined;
  }

  private i32(d: number): Expr {
    const g = (t: ValTy = 'i32') => this.gen(t, d);
    const wrap = (e: Expr) => bin('|', 'i32', 'i32', e, lit('i32', 0));
    const ft = this.floatTy();
    switch (this.rng.int(0, 15)) {
      case 0:
      case 1: {
        const [a, b] = anchored(g(), this.rng.chance(0.3) ? this.literal('i32') : g());
        return wrap(bin(this.rng.pick(['+', '-'] as const), 'i32', 'i32', a, b));
      }
      case 2:
        return call('Math.imul', 'i32', 'i32', [
          g(),
          this.rng.chance(0.3) ? this.literal('i32') : g(),
        ]);
      case 3:
        return wrap({ k: 'unary', ty: 'i32', op: '-', a: g() });
      case 4: {
        const divisor = bin(
          '+',
          'i32',
          'i32',
          bin('&', 'i32', 'i32', g(), lit('i32', this.rng.pick([3, 15, 255]))),
          lit('i32', 1),
        );
        return wrap(bin('%', 'i32', 'i32', g(), divisor));
      }
      case 5: {
        const [a, b] = anchored(g(), this.rng.chance(0.3) ? this.literal('i32') : g());
        return bin(this.rng.pick(['&', '|', '^', '<<', '>>'] as const), 'i32', 'i32', a, b);
      }
      case 6:
        return { k: 'unary', ty: 'i32', op: '~', a: g() };
      case 7: {
        const args = [g(), this.rng.chance(0.4) ? this.literal('i32') : g()];
        if (this.rng.chance(0.25)) args.push(g());
        return call(this.rng.pick(['Math.min', 'Math.max']), 'i32', 'i32', args);
      }
      case 8:
        return this.rng.chance(0.5)
          ? wrap(call('Math.abs', 'i32', 'i32', [g()]))
          : call('Math.sign', 'i32', 'i32', [g()]);
      case 9:
        return call('Math.clz32', 'i32', 'u32', [g(this.rng.pick(['i32', 'u32'] as const))]);
      case 10:
        return wrap(g('u32'));
      case 11:
      case 12: {
        if (!ft) return wrap(g('u32'));
        const x = g(ft);
        const r = this.rng.int(0, 3);
        if (r === 0) return call('i32', 'i32', 'i32', [x]);
        if (r === 1) return wrap(x);
        return wrap(
          call(`Math.${this.rng.pick(['round', 'floor', 'ceil', 'trunc'])}`, ft, ft, [x]),
        );
      }
      case 13:
        return { k: 'cond', ty: 'i32', c: g('bool'), a: lit('i32', 1), b: lit('i32', 0) };
      default: {
        const [a, b] = anchored(g(), g());
        return { k: 'cond', ty: 'i32', c: g('bool'), a, b };
      }
    }
  }

  private u32(d: number): Expr {
    const g = (t: ValTy = 'u32') => this.gen(t, d);
    const wrap = (e: Expr) => bin('>>>', 'u32', 'u32', e, lit('i32', 0));
    const ft = this.floatTy();
    switch (this.rng.int(0, 10)) {
      case 0:
      case 1: {
        const [a, b] = anchored(g(), this.rng.chance(0.3) ? this.literal('u32') : g());
        return wrap(bin(this.rng.pick(['+', '-'] as const), 'u32', 'u32', a, b));
      }
      case 2:
        return wrap(call('Math.imul', 'i32', 'i32', [g(), g()]));
      case 3:
        return bin('>>>', 'u32', 'u32', g(this.rng.pick(['i32', 'u32'] as const)), g('i32'));
      case 4:
        return wrap(g('i32'));
      case 5: {
        if (!ft) return wrap(g('i32'));
        const x = g(ft);
        return this.rng.chance(0.5) ? call('u32', 'u32', 'u32', [x]) : wrap(x);
      }
      case 6: {
        const args = [g(), this.rng.chance(0.4) ? this.literal('u32') : g()];
        return call(
          this.rng.pick(['Math.min', 'Math.max']),
          'u32',
          'u32',
          anchored(args[0]!, args[1]!),
        );
      }
      case 7: {
        const divisor = bin(
          '+',
          'u32',
          'u32',
          bin('>>>', 'u32', 'u32', g(), lit('i32', this.rng.pick([28, 24, 16]))),
          lit('u32', 1),
        );
        return wrap(bin('%', 'u32', 'u32', g(), divisor));
      }
      case 8:
        return wrap(bin(this.rng.pick(['&', '|', '^'] as const), 'i32', 'i32', g(), g()));
      default: {
        const [a, b] = anchored(g(), g());
        return { k: 'cond', ty: 'u32', c: g('bool'), a, b };
      }
    }
  }

  private f32(d: number): Expr {
    const g = (t: ValTy = 'f32') => this.gen(t, d);
    const round = (e: Expr) => call('f32', 'f32', 'f32', [e]);
    switch (this.rng.int(0, 13)) {
      case 0:
      case 1:
      case 2: {
        const op = this.rng.pick(['+', '-', '*', '/', '*', '+', '%', '**'] as const);
        const [a, b] = anchored(g(), this.partner('f32', d));
        return round(
          this.rng.chance(0.3) ? bin(op, 'f32', 'f32', b, a) : bin(op, 'f32', 'f32', a, b),
        );
      }
      case 3:
      case 4:
        return round(call(`Math.${this.rng.pick(APPROX_MATH1)}`, 'f32', 'f32', [g()]));
      case 5: {
        const [a, b] = anchored(g(), this.partner('f32', d));
        return round(call(`Math.${this.rng.pick(APPROX_MATH2)}`, 'f32', 'f32', [a, b]));
      }
      case 6: {
        // sqrt is correctly rounded, so it still needs f32(…) to round as plain JS does.
        const fn = this.rng.pick(EXACT_FLOAT_MATH1);
        const e = call(`Math.${fn}`, 'f32', 'f32', [g()]);
        return fn === 'sqrt' ? round(e) : e;
      }
      case 7:
        return { k: 'unary', ty: 'f32', op: '-', a: g() };
      case 8: {
        const [a, b] = anchored(g(), this.partner('f32', d));
        return call(
          this.rng.pick(['Math.min', 'Math.max']),
          'f32',
          'f32',
          this.rng.chance(0.2) ? [a, b, g()] : [a, b],
        );
      }
      case 9: {
        const from = this.rng.pick(
          this.s.allowF64 ? (['i32', 'u32', 'f64'] as const) : (['i32', 'u32'] as const),
        );
        if (this.rng.chance(0.3))
          return call('Math.fround', 'f32', 'f32', [g(this.rng.pick([from, 'f32']))]);
        return call('f32', 'f32', 'f32', [g(from)]);
      }
      case 10:
        return round(call('random', 'f64', 'f64', [g('i32'), g('i32')]));
      case 11:
        return round({ k: 'named', ty: 'f64', name: this.rng.pick(NAMED_CONSTANTS) });
      default: {
        const [a, b] = anchored(g(), g());
        return { k: 'cond', ty: 'f32', c: g('bool'), a, b };
      }
    }
  }

  private f64(d: number): Expr {
    const g = (t: ValTy = 'f64') => this.gen(t, d);
    switch (this.rng.int(0, 11)) {
      case 0:
      case 1:
      case 2: {
        const op = this.rng.pick(['+', '-', '*', '/', '*', '+', '%', '**'] as const);
        const a = g(),
          b = this.partner('f64', d);
        return this.rng.chance(0.3) ? bin(op, 'f64', 'f64', b, a) : bin(op, 'f64', 'f64', a, b);
      }
      case 3:
      case 4:
        return call(`Math.${this.rng.pick(APPROX_MATH1)}`, 'f64', 'f64', [g()]);
      case 5:
        return call(`Math.${this.rng.pick(APPROX_MATH2)}`, 'f64', 'f64', [
          g(),
          this.partner('f64', d),
        ]);
      case 6:
        return call(`Math.${this.rng.pick(EXACT_FLOAT_MATH1)}`, 'f64', 'f64', [g()]);
      case 7:
        return { k: 'unary', ty: 'f64', op: '-', a: g() };
      case 8:
        return call(this.rng.pick(['Math.min', 'Math.max']), 'f64', 'f64', [
          g(),
          this.partner('f64', d),
        ]);
      case 9: {
        const from = this.rng.pick(
          this.s.allowF32 ? (['i32', 'u32', 'f32'] as const) : (['i32', 'u32'] as const),
        );
        return call('f64', 'f64', 'f64', [g(from)]);
      }
      case 10:
        return call('f64', 'f64', 'f64', [call('random', 'f64', 'f64', [g('i32'), g('i32')])]);
      default: {
        const [a, b] = anchored(g(), g());
        return { k: 'cond', ty: 'f64', c: g('bool'), a, b };
      }
    }
  }

  private bool(d: number): Expr {
    const g = (t: ValTy) => this.gen(t, d);
    const r = this.rng.int(0, 9);
    if (r <= 5) return this.comparison(d);
    if (r === 6) return { k: 'unary', ty: 'bool', op: '!', a: g('bool') };
    if (r === 7)
      return {
        k: 'logical',
        ty: 'bool',
        op: this.rng.pick(['&&', '||'] as const),
        a: g('bool'),
        b: g('bool'),
      };
    const ft = this.floatTy();
    if (!ft) return this.comparison(d);
    return call(
      this.rng.pick(['isNaN', 'isFinite', 'Number.isNaN', 'Number.isFinite']),
      'bool',
      ft,
      [g(ft)],
    );
  }

  private comparison(d: number): Expr {
    const op = this.rng.pick(['<', '<=', '>', '>=', '===', '!==', '==', '!='] as const);
    const kinds: ('i32' | 'u32' | 'f32' | 'f64' | 'f32f64' | 'i32u32')[] = ['i32', 'i32', 'u32'];
    // Rare: WebGPU refuses these (the comparison runs in f64).
    if (this.rng.chance(0.15)) kinds.push('i32u32');
    if (this.s.allowF32) kinds.push('f32', 'f32');
    if (this.s.allowF64) kinds.push('f64', 'f64');
    if (this.s.allowF32 && this.s.allowF64) kinds.push('f32f64');
    const kind = this.rng.pick(kinds);
    let a: Expr, b: Expr, opTy: ValTy;
    switch (kind) {
      case 'f32f64':
        [a, b, opTy] = [this.gen('f32', d), this.gen('f64', d), 'f64'];
        break;
      // i32 against u32 compares numeric values (in f64); both sides must be non-weak.
      case 'i32u32':
        [a, b, opTy] = [this.gen('i32', d), this.gen('u32', d), 'f64'];
        break;
      case 'f32':
      case 'f64':
        [a, b, opTy] = [
          this.gen(kind, d),
          this.rng.chance(0.4) ? this.literal(kind) : this.gen(kind, d),
          kind,
        ];
        break;
      default:
        [a, b, opTy] = [
          this.gen(kind, d),
          this.rng.chance(0.4) ? this.literal(kind) : this.gen(kind, d),
          kind,
        ];
    }
    if (this.rng.chance(0.5)) [a, b] = [b, a];
    return bin(op, 'bool', opTy, a, b);
  }
}
