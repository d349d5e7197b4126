// interpret.ts — the oracle: runs a generated case with numbat's typed semantics (every
// node computed in its own type, as ast.ts records) and carries, per value, a bound on
// how far a backend held to an error model may be from it (bounds.ts).
//
// Grid points run in row-major order, as the plain run does. Integers and booleans are
// exact or unknown; a decision (branch, loop test, index, `?:`) on an unknown value makes
// the grid point ill-conditioned: every slot it owns, every atomic array and its reduce
// term become unknown (skipped by the comparison, counted in the summary).

import type { AtomicOp, Case, DType, Expr, Stmt, ValTy } from './ast.js';
import { FLAT, INDEX_NAMES, arrayLength, gridSize } from './ast.js';
import { compareBounded, exactly, floatToInt, propagate, unknown, type Val } from './bounds.js';
import { EXACT_MATH, roundTo, ulp, type ErrorModel } from './errorModel.js';
import { LOAD_TYPE } from './genExpr.js';
import { toDType } from './values.js';
import { random } from '../../src/index.js';

/** Expected contents (value and bound per element) of every array, and the reduce terms. */
export interface Expectation {
  readonly arrays: ReadonlyMap<
    string,
    { readonly dtype: DType; readonly v: number[]; readonly e: number[] }
  >;
  /** Per grid point, the typed value it returned (reduce kernels). */
  readonly terms: Val[];
  /** Grid points whose control flow depended on an uncertain value. */
  readonly illConditioned: number;
}

interface Memory {
  dtype: DType;
  v: number[];
  e: number[];
}

type Completion =
  | undefined
  | { kind: 'break' | 'continue'; label: string | null }
  | { kind: 'return'; value: Val | null };

const isFloatTy = (t: ValTy): t is 'f32' | 'f64' => t === 'f32' || t === 'f64';

class IllConditioned extends Error {}

export function interpret(c: Case, model: ErrorModel): Expectation {
  const arrays = new Map<string, Memory>();
  for (const p of c.params) {
    if (p.kind !== 'array') continue;
    const n = arrayLength(p, c.grid);
    arrays.set(p.name, {
      dtype: p.dtype,
      v: Array.from({ length: n }, (_, k) => toDType(p.dtype, p.values[k % p.values.length] ?? 0)),
      e: new Array<number>(n).fill(0),
    });
  }
  const terms: Val[] = [];
  let illConditioned = 0;
  const total = gridSize(c.grid);
  for (let flat = 0; flat < total; flat++) {
    const point = new GridPoint(c, model, arrays, flat);
    const result = point.run();
    if (point.tainted) illConditioned++;
    if (c.reduce) terms.push(point.tainted ? unknown(result?.v ?? NaN) : (result ?? unknown(NaN)));
  }
  return { arrays, terms, illConditioned };
}

/** One grid point's run. */
class GridPoint {
  tainted = false;
  private readonly env = new Map<string, { ty: ValTy; val: Val }>();
  private readonly locals = new Map<string, Memory>();

  constructor(
    private readonly c: Case,
    private readonly model: ErrorModel,
    private readonly arrays: Map<string, Memory>,
    private readonly flat: number,
  ) {
    let rest = flat;
    const index: number[] = [];
    for (let axis = c.grid.length - 1; axis >= 0; axis--) {
      index[axis] = rest % c.grid[axis]!;
      rest = Math.floor(rest / c.grid[axis]!);
    }
    index.forEach((x, axis) => this.env.set(INDEX_NAMES[axis]!, { ty: 'i32', val: exactly(x) }));
    this.env.set(FLAT, { ty: 'i32', val: exactly(flat) });
    for (const p of c.params) {
      if (p.kind === 'scalar') this.env.set(p.name, { ty: p.ty, val: exactly(p.value) });
    }
  }

  run(): Val | undefined {
    const done = this.block(this.c.body);
    if (done?.kind === 'return' && done.value)
      return this.coerce(done.value, this.c.returnTy!, this.c.returnTy!);
    return undefined;
  }

  /** A decision on `val`: the point becomes ill-conditioned when it is not certain. */
  private decide(val: Val): number {
    if (val.e !== 0) this.taint();
    return val.v;
  }

  private taint(): void {
    if (this.tainted) return;
    this.tainted = true;
    for (const p of this.c.params) {
      if (p.kind !== 'array') continue;
      const mem = this.arrays.get(p.name)!;
      if (p.role === 'atomic') mem.e.fill(Infinity);
      if (p.role === 'out')
        for (let s = 0; s < p.slots; s++) mem.e[this.flat * p.slots + s] = Infinity;
    }
  }

  // --- statements ----------------------------------------------------------------------------

  private block(stmts: readonly Stmt[]): Completion {
    for (const s of stmts) {
      const done = this.stmt(s);
      if (done) return done;
    }
    return undefined;
  }

  private stmt(s: Stmt): Completion {
    switch (s.k) {
      case 'let':
        this.env.set(s.name, { ty: s.ty, val: this.coerce(this.eval(s.init), s.init.ty, s.ty) });
        return undefined;
      case 'localArray':
        this.locals.set(s.name, {
          dtype: s.dtype,
          v: new Array<number>(s.length).fill(0),
          e: new Array<number>(s.length).fill(0),
        });
        return undefined;
      case 'assign': {
        const slot = this.env.get(s.name)!;
        const value =
          s.op === '='
            ? this.coerce(this.eval(s.value), s.value.ty, slot.ty)
            : this.coerce(
                this.binary(
                  s.op.slice(0, -1),
                  s.opTy,
                  slot.val,
                  slot.ty,
                  this.eval(s.value),
                  s.value.ty,
                ),
                s.opTy,
                slot.ty,
              );
        slot.val = value;
        return undefined;
      }
      case 'store': {
        const mem = this.memory(s.arr);
        const index = this.decide(this.eval(s.index));
        if (index < 0 || index >= mem.v.length) return undefined; // dropped, as a typed array does
        const loadTy = LOAD_TYPE[mem.dtype];
        let value: Val, ty: ValTy;
        if (s.op === '=') [value, ty] = [this.eval(s.value), s.value.ty];
        else
          [value, ty] = [
            this.binary(
              s.op.slice(0, -1),
              s.opTy,
              this.flushed(loadTy, { v: mem.v[index]!, e: mem.e[index]! }),
              loadTy,
              this.eval(s.value),
              s.value.ty,
            ),
            s.opTy,
          ];
        this.write(mem, index, this.coerce(value, ty, loadTy), this.isOutput(s.arr));
        return undefined;
      }
      case 'exprStmt':
        this.eval(s.e);
        return undefined;
      case 'if': {
        if (this.decide(this.eval(s.cond))) return this.block(s.then);
        return s.else ? this.block(s.else) : undefined;
      }
      case 'loop':
        return this.loop(s);
      case 'jump':
        return { kind: s.kind, label: s.label };
      case 'return':
        return {
          kind: 'return',
          value: s.value
            ? this.coerce(this.eval(s.value), s.value.ty, this.c.returnTy ?? s.value.ty)
            : null,
        };
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private loop(s: Stmt & { k: 'loop' }): Completion {
    const counter = { ty: 'i32' as ValTy, val: exactly(0) };
    this.env.set(s.counter, counter);
    const more = () =>
      counter.val.v < this.decide(this.coerce(this.eval(s.count), s.count.ty, 'i32'));
    const bump = () => {
      counter.val = exactly(counter.val.v + 1);
    };
    for (let pass = 0; ; pass++) {
      if (pass > 100) throw new Error('interpreter: a generated loop ran more than 100 passes');
      if (s.form === 'for' || s.form === 'while') {
        if (!more()) return undefined;
        if (s.form === 'while') bump();
      } else {
        bump();
      }
      const done = this.block(s.body);
      if (done) {
        const mine = done.kind !== 'return' && (done.label === null || done.label === s.label);
        if (!mine) return done;
        if (done.kind === 'break') return undefined;
      }
      if (s.form === 'for') bump();
      if (s.form === 'doWhile' && !more()) return undefined;
    }
  }

  private isOutput(name: string): boolean {
    return this.c.params.some((p) => p.kind === 'array' && p.name === name && p.role !== 'in');
  }

  private memory(name: string): Memory {
    const mem = this.locals.get(name) ?? this.arrays.get(name);
    if (!mem) throw new Error(`interpreter: no array ${name}`);
    return mem;
  }

  /** Stores `val` (already of the array's load type) with the array's own conversion. */
  private write(mem: Memory, index: number, val: Val, shared: boolean): void {
    mem.v[index] = toDType(mem.dtype, val.v);
    let e = val.e;
    if (e !== 0 && e !== Infinity && (mem.dtype === 'f32' || mem.dtype === 'f64')) {
      e = propagate(mem.dtype, (x) => x, [val], 0, true).e;
    } else if (e !== 0 && !(mem.dtype === 'f32' || mem.dtype === 'f64')) {
      e = Infinity;
    }
    mem.e[index] =
      this.tainted && shared
        ? Infinity
        : this.flushed(mem.dtype === 'f32' ? 'f32' : 'f64', { v: mem.v[index]!, e }).e;
  }

  // --- expressions ---------------------------------------------------------------------------

  eval(e: Expr): Val {
    switch (e.k) {
      case 'lit':
        return this.flushed(e.ty, exactly(e.ty === 'f32' ? Math.fround(e.v) : e.v));
      case 'named':
        return exactly(namedValue(e.name));
      case 'var':
        return this.flushed(e.ty, this.env.get(e.name)!.val);
      case 'length':
        return exactly(this.memory(e.arr).v.length);
      case 'load': {
        const mem = this.memory(e.arr);
        const index = this.decide(this.eval(e.index));
        if (index < 0 || index >= mem.v.length)
          throw new Error(`interpreter: generated read ${e.arr}[${index}] is out of range`);
        return this.flushed(e.ty, { v: mem.v[index]!, e: mem.e[index]! });
      }
      case 'unary': {
        const a = this.eval(e.a);
        if (e.op === '!')
          return { v: this.coerce(a, e.a.ty, 'bool').v ? 0 : 1, e: a.e === 0 ? 0 : Infinity };
        if (e.op === '~') return intResult(~this.coerce(a, e.a.ty, 'i32').v, [a]);
        const x = this.coerce(a, e.a.ty, e.ty);
        if (e.ty === 'i32') return intResult(-x.v | 0, [x]);
        if (e.ty === 'u32') return intResult(-x.v >>> 0, [x]);
        return { v: -x.v, e: x.e };
      }
      case 'binary':
        return this.binary(e.op, e.opTy, this.eval(e.a), e.a.ty, this.eval(e.b), e.b.ty);
      case 'logical': {
        const a = this.eval(e.a),
          b = this.eval(e.b);
        const v = e.op === '&&' ? (a.v && b.v ? 1 : 0) : a.v || b.v ? 1 : 0;
        const certain = a.e === 0 && (b.e === 0 || (e.op === '&&' ? !a.v : !!a.v));
        return certain ? exactly(v) : unknown(v);
      }
      case 'call':
        return this.call(e);
      case 'cond': {
        const c = this.eval(e.c);
        const pick = c.v ? e.a : e.b;
        const chosen = this.coerce(this.eval(pick), pick.ty, e.ty);
        this.coerce(this.eval(c.v ? e.b : e.a), (c.v ? e.b : e.a).ty, e.ty); // both sides run in numbat
        return c.e === 0 ? chosen : unknown(chosen.v);
      }
      case 'atomic':
        return this.atomic(e);
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** f32 values that may flush to zero (a relaxation): bounded by their own magnitude. */
  private flushed(ty: ValTy, val: Val): Val {
    if (
      !this.model.flushSubnormals ||
      ty !== 'f32' ||
      val.v === 0 ||
      !(Math.abs(val.v) < 2 ** -126)
    )
      return val;
    return { v: val.v, e: Math.max(val.e, Math.abs(val.v)) };
  }

  /** Converts a value of type `from` to `to` as numbat's casts do (JS semantics). */
  coerce(val: Val, from: ValTy, to: ValTy): Val {
    if (from === to) return val;
    switch (to) {
      case 'bool':
        return { v: val.v !== 0 && !Number.isNaN(val.v) ? 1 : 0, e: val.e === 0 ? 0 : Infinity };
      case 'i32':
        return isFloatTy(from) ? floatToInt(val, (x) => x | 0) : { v: val.v | 0, e: val.e };
      case 'u32':
        return isFloatTy(from) ? floatToInt(val, (x) => x >>> 0) : { v: val.v >>> 0, e: val.e };
      case 'f64':
        return val;
      case 'f32': {
        if (from === 'f64')
          return this.flushed(
            'f32',
            propagate('f32', (x) => x, [val], 0, true),
          );
        const v = Math.fround(val.v);
        // WGSL may round an integer that f32 cannot hold to either neighbour.
        const loose = this.model.looseIntToF32 && from !== 'bool' && v !== val.v;
        return { v, e: val.e === Infinity ? Infinity : loose ? ulp('f32', v) : val.e };
      }
      default: {
        const never: never = to;
        return never;
      }
    }
  }

  private binary(op: string, opTy: ValTy, a0: Val, aTy: ValTy, b0: Val, bTy: ValTy): Val {
    const a = this.coerce(a0, aTy, opTy),
      b = this.coerce(b0, bTy, opTy);
    const x = a.v,
      y = b.v;
    switch (op) {
      case '<':
        return compareBounded(op, a, b, (p, q) => p < q);
      case '<=':
        return compareBounded(op, a, b, (p, q) => p <= q);
      case '>':
        return compareBounded(op, a, b, (p, q) => p > q);
      case '>=':
        return compareBounded(op, a, b, (p, q) => p >= q);
      case '==':
      case '===':
        return compareBounded(op, a, b, (p, q) => p === q);
      case '!=':
      case '!==':
        return compareBounded(op, a, b, (p, q) => p !== q);
      case '&':
        return intResult(x & y, [a, b]);
      case '|':
        return intResult(x | y, [a, b]);
      case '^':
        return intResult(x ^ y, [a, b]);
      case '<<':
        return intResult(x << y, [a, b]);
      case '>>':
        return intResult(x >> y, [a, b]);
      case '>>>':
        return intResult(x >>> y, [a, b]);
      default:
        break;
    }
    if (opTy === 'i32' || opTy === 'u32') {
      const wrap = opTy === 'i32' ? (n: number) => n | 0 : (n: number) => n >>> 0;
      switch (op) {
        case '+':
          return intResult(wrap(x + y), [a, b]);
        case '-':
          return intResult(wrap(x - y), [a, b]);
        case '*':
          return intResult(wrap(Math.imul(x, y)), [a, b]);
        case '%':
          if (y === 0) throw new Error('interpreter: generated an integer % by zero');
          return intResult(wrap(x % y), [a, b]);
        default:
          throw new Error(`interpreter: integer ${op} is not generated`);
      }
    }
    if (!isFloatTy(opTy)) throw new Error(`interpreter: ${op} on ${opTy}`);
    const fns: Record<string, (p: number, q: number) => number> = {
      '+': (p, q) => p + q,
      '-': (p, q) => p - q,
      '*': (p, q) => p * q,
      '/': (p, q) => p / q,
      '%': (p, q) => p % q,
      '**': (p, q) => p ** q,
    };
    const f = fns[op]!;
    if (op === '**') return this.flushed(opTy, this.math('pow', opTy, f, [a, b]));
    if (op === '%' && (a.e !== 0 || b.e !== 0)) return unknown(roundTo(opTy, f(x, y)));
    if (op === '/' && b.e !== 0 && !(Math.abs(y) > b.e * 2)) return unknown(roundTo(opTy, f(x, y)));
    const budget = op === '/' && opTy === 'f32' ? this.model.f32DivUlps : 0;
    const result = this.flushed(opTy, propagate(opTy, f, [a, b], budget, true));
    // A zero computed from a flushed (inexact) operand may carry either sign: SwiftShader
    // flushes −2^-149 to −0 before `0 + x`, so (−3) * (0 + −2^-149) is −0 where JavaScript
    // rounds 3 * 2^-149 to +0. The interval arithmetic collapses to one zero; widen it.
    if (this.model.flushSubnormals && result.v === 0 && result.e === 0 && (a.e > 0 || b.e > 0))
      return { v: result.v, e: 2 ** -149 };
    return result;
  }

  /** A Math function: exact ones monotone with no budget, rounding ones with the model's. */
  private math(
    fn: string,
    precision: 'f32' | 'f64',
    f: (...xs: number[]) => number,
    args: Val[],
  ): Val {
    if (EXACT_MATH.has(fn)) return propagate(precision, f, args, 0, true);
    if (this.model.looseMathSpecials) {
      const v = roundTo(precision, f(...args.map((x) => x.v)));
      if (!Number.isFinite(v) || args.some((x) => !Number.isFinite(x.v))) return unknown(v);
    }
    return propagate(precision, f, args, this.model.mathUlps(fn, precision), false);
  }

  private call(e: Expr & { k: 'call' }): Val {
    const raw = e.args.map((a) => this.eval(a));
    switch (e.fn) {
      case 'f32':
      case 'f64':
      case 'i32':
      case 'u32':
        return this.coerce(raw[0]!, e.args[0]!.ty, e.fn);
      case 'Math.fround':
        return this.coerce(raw[0]!, e.args[0]!.ty, 'f32');
      case 'random': {
        const [s, n] = raw.map((x, k) => this.coerce(x, e.args[k]!.ty, 'i32'));
        return intResult(random(s!.v, n!.v), [s!, n!]);
      }
      case 'isNaN':
      case 'isFinite':
      case 'Number.isNaN':
      case 'Number.isFinite': {
        const x = this.coerce(raw[0]!, e.args[0]!.ty, e.opTy);
        const v = e.fn.endsWith('isNaN') ? Number.isNaN(x.v) : Number.isFinite(x.v);
        return x.e === Infinity ? unknown(v ? 1 : 0) : exactly(v ? 1 : 0);
      }
      default:
        break;
    }
    const name = e.fn.slice('Math.'.length);
    const f = (Math as unknown as Record<string, (...xs: number[]) => number>)[name]!;
    const args = raw.map((x, k) => this.coerce(x, e.args[k]!.ty, e.opTy));
    if (e.opTy === 'i32' || e.opTy === 'u32') {
      const wrap = e.ty === 'u32' ? (n: number) => n >>> 0 : (n: number) => n | 0;
      return intResult(wrap(f(...args.map((x) => x.v))), args);
    }
    if (!isFloatTy(e.opTy)) throw new Error(`interpreter: ${e.fn} on ${e.opTy}`);
    return this.flushed(e.opTy, this.math(name, e.opTy, f, args));
  }

  private atomic(e: Expr & { k: 'atomic' }): Val {
    const mem = this.memory(e.arr);
    const shared = this.c.params.some(
      (p) => p.kind === 'array' && p.name === e.arr && p.role === 'atomic',
    );
    const index = this.eval(e.index);
    if (index.e !== 0) {
      this.taint();
      if (shared) mem.e.fill(Infinity);
    }
    const k = index.v;
    const ty = LOAD_TYPE[mem.dtype];
    const old: Val = this.flushed(ty, { v: mem.v[k]!, e: mem.e[k]! });
    const value = this.coerce(this.eval(e.value), e.value.ty, ty);
    const updated = atomicUpdate(e.op, ty, old, value);
    this.write(mem, k, updated, true);
    if (shared && (this.tainted || updated.e === Infinity)) mem.e.fill(Infinity);
    return old;
  }
}

function atomicUpdate(op: AtomicOp, ty: ValTy, old: Val, value: Val): Val {
  const f: (p: number, q: number) => number =
    op === 'Add'
      ? (p, q) => p + q
      : op === 'Sub'
        ? (p, q) => p - q
        : op === 'Min'
          ? Math.min
          : Math.max;
  if (ty === 'i32') return intResult(f(old.v, value.v) | 0, [old, value]);
  if (ty === 'u32') return intResult(f(old.v, value.v) >>> 0, [old, value]);
  return propagate(ty as 'f32' | 'f64', f, [old, value], 0, true);
}

function intResult(v: number, inputs: readonly Val[]): Val {
  return inputs.some((x) => x.e !== 0) ? unknown(v) : exactly(v);
}

function namedValue(name: string): number {
  const [object, key] = name.split('.') as [string, string];
  const source = object === 'Math' ? Math : Number;
  return (source as unknown as Record<string, number>)[key]!;
}
