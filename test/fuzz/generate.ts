// generate.ts — one random kernel case from (seed, case number): the grid (1-D to 3-D),
// the parameters (input, output and atomic arrays of every dtype, int and float scalars)
// and a body of 1–8 statements (let/assign, stores to the slots the grid point owns,
// local typed arrays, atomics, if/else, for/while/do-while loops with bounded trip
// counts, labelled break/continue, early return, reduce returns). Expressions come from
// genExpr.ts; this file keeps every statement inside the rules that make the plain
// function and numbat agree (see genExpr.ts and the README's semantics).

import type {
  ArrayParam,
  AssignOp,
  Case,
  Combiner,
  DType,
  Expr,
  Param,
  ReduceSpec,
  ScalarParam,
  Stmt,
  ValTy,
} from './ast.js';
import { gridSize } from './ast.js';
import { ExprGen, LOAD_TYPE, bin, call, lit, type ExprScope, type VarRef } from './genExpr.js';
import { caseRng, type Rng } from './prng.js';
import { FLOAT_SCALARS, INT_SCALARS, drawAtomicValues, drawValues, type Flavor } from './values.js';

type Profile = 'gpu' | 'cpu' | 'int';

const PROFILE_DTYPES: Readonly<Record<Profile, Readonly<Partial<Record<DType, number>>>>> = {
  gpu: { f32: 5, i32: 2.5, u32: 1.5, i16: 0.3, u16: 0.2, i8: 0.3, u8: 0.2 },
  cpu: { f64: 3.5, f32: 3, i32: 1.5, u32: 1, i16: 0.3, u16: 0.2, i8: 0.3, u8: 0.2 },
  int: { i32: 4, u32: 3, i16: 1, u16: 1, i8: 1, u8: 1 },
};

/** Custom reduce combiners per return type: associative, so any association order is allowed. */
const COMBINERS: Readonly<Record<Exclude<ValTy, 'bool'>, readonly Combiner[]>> = {
  i32: [
    { source: '(a, b) => (a + b) | 0', kind: 'exact', precision: 'f64' },
    { source: '(a, b) => a ^ b', kind: 'exact', precision: 'f64' },
    { source: '(a, b) => Math.max(a, b)', kind: 'exact', precision: 'f64' },
    { source: '(a, b) => Math.imul(a, b)', kind: 'exact', precision: 'f64' },
    { source: '(a, b) => (a > b ? a : b)', kind: 'exact', precision: 'f64' },
  ],
  u32: [
    { source: '(a, b) => (a + b) >>> 0', kind: 'exact', precision: 'f64' },
    { source: '(a, b) => Math.min(a, b)', kind: 'exact', precision: 'f64' },
    { source: '(a, b) => (a | b) >>> 0', kind: 'exact', precision: 'f64' },
  ],
  f32: [
    { source: '(a, b) => Math.max(a, b)', kind: 'exact', precision: 'f32' },
    { source: '(a, b) => Math.min(a, b)', kind: 'exact', precision: 'f32' },
    { source: '(a, b) => f32(a + b)', kind: 'sum', precision: 'f32' },
  ],
  f64: [
    { source: '(a, b) => a + b', kind: 'sum', precision: 'f64' },
    { source: '(a, b) => Math.min(a, b)', kind: 'exact', precision: 'f64' },
  ],
};

interface LoopFrame {
  readonly counter: string;
  label: string | null;
}

class CaseBuilder {
  private readonly profile: Profile;
  private readonly allowF32: boolean;
  private readonly allowF64: boolean;
  readonly grid: number[];
  readonly params: Param[] = [];
  private readonly scopes: VarRef[][] = [[]];
  private readonly mutable = new Set<string>();
  private readonly arrayScopes: { name: string; dtype: DType; length: number }[][] = [[]];
  private readonly loops: LoopFrame[] = [];
  private names = { v: 0, n: 0, t: 0, L: 0 };
  private budget: number;
  private readonly maxDepth: number;
  readonly reduce: ReduceSpec | null;
  readonly returnTy: ValTy | null;

  constructor(private readonly rng: Rng) {
    this.profile = rng.weighted({ gpu: 45, cpu: 40, int: 15 });
    this.allowF32 = this.profile !== 'int';
    this.allowF64 = this.profile === 'cpu';
    this.grid = this.drawGrid();
    this.budget = rng.int(1, 8);
    this.maxDepth = rng.int(1, 5);
    if (rng.chance(0.3)) {
      const types: Exclude<ValTy, 'bool'>[] = ['i32', 'u32'];
      if (this.allowF32) types.push('f32', 'f32');
      if (this.allowF64) types.push('f64', 'f64');
      const t = rng.pick(types);
      this.returnTy = t;
      const kind = rng.weighted({ sum: 4, prod: 1, min: 2, max: 2, custom: 2 });
      this.reduce = kind === 'custom' ? rng.pick(COMBINERS[t]) : kind;
    } else {
      this.reduce = null;
      this.returnTy = null;
    }
    this.drawParams();
  }

  private drawGrid(): number[] {
    const rank = this.rng.weighted({ 1: 60, 2: 25, 3: 15 });
    // Now and then a grid big enough that workers and threaded wasm split it into chunks.
    if (rank === '1' && this.rng.chance(0.05)) return [this.rng.int(200, 2000)];
    if (rank === '1') return [this.rng.chance(0.5) ? this.rng.int(1, 9) : this.rng.int(10, 67)];
    if (rank === '2') return [this.rng.int(1, 9), this.rng.int(1, 9)];
    return [this.rng.int(1, 4), this.rng.int(1, 4), this.rng.int(1, 4)];
  }

  private dtype(): DType {
    return this.rng.weighted(PROFILE_DTYPES[this.profile] as Record<DType, number>);
  }

  private drawParams(): void {
    const rng = this.rng;
    const g = gridSize(this.grid);
    let inputLength = 8;
    while (inputLength < Math.max(g, ...this.grid)) inputLength *= 2;
    const flavor = (): Flavor => rng.weighted({ mixed: 7, ordinary: 2, smallInts: 1 });
    const list: Param[] = [];
    const inputs = rng.int(1, 3);
    for (let n = 0; n < inputs; n++) {
      const dtype = this.dtype();
      list.push({
        kind: 'array',
        name: `a${n}`,
        role: 'in',
        dtype,
        length: inputLength,
        slots: 1,
        values: drawValues(rng, dtype, inputLength, flavor()),
      });
    }
    const outputs = this.reduce ? (rng.chance(0.3) ? 1 : 0) : rng.int(1, 2);
    for (let n = 0; n < outputs; n++) {
      const dtype = this.dtype();
      const slots = rng.chance(0.7) ? 1 : 2;
      list.push({
        kind: 'array',
        name: `o${n}`,
        role: 'out',
        dtype,
        length: 0,
        slots,
        values: drawValues(rng, dtype, g * slots, flavor()),
      });
    }
    if (rng.chance(0.25)) {
      const dtypes: DType[] =
        this.profile === 'int'
          ? ['i32', 'u32']
          : this.profile === 'gpu'
            ? ['i32', 'u32', 'f32']
            : ['i32', 'u32', 'f32', 'f64'];
      const dtype = rng.pick(dtypes);
      const family = rng.pick(['addSub', 'addSub', 'min', 'max'] as const);
      const length = rng.pick([4, 8, 16]);
      list.push({
        kind: 'array',
        name: 'h0',
        role: 'atomic',
        dtype,
        length,
        slots: 1,
        values: drawAtomicValues(rng, dtype, length, family),
        atomicFamily: family,
      });
    }
    const scalars = rng.int(0, 2);
    for (let n = 0; n < scalars; n++) {
      const float = this.allowF32 && rng.chance(0.4);
      list.push({
        kind: 'scalar',
        name: `s${n}`,
        ty: float ? 'f64' : 'i32',
        value: rng.pick(float ? FLOAT_SCALARS : INT_SCALARS),
      });
    }
    // A random parameter order.
    for (let k = list.length - 1; k > 0; k--) {
      const m = rng.int(0, k);
      [list[k], list[m]] = [list[m]!, list[k]!];
    }
    this.params.push(...list);
  }

  private arrays(role: ArrayParam['role']): ArrayParam[] {
    return this.params.filter((p): p is ArrayParam => p.kind === 'array' && p.role === role);
  }

  private types(): ValTy[] {
    const t: ValTy[] = ['i32', 'i32', 'u32', 'bool'];
    if (this.allowF32) t.push('f32', 'f32', 'f32');
    if (this.allowF64) t.push('f64', 'f64', 'f64');
    return t;
  }

  private exprs(): ExprGen {
    const scope: ExprScope = {
      rng: this.rng,
      allowF32: this.allowF32,
      allowF64: this.allowF64,
      grid: this.grid,
      vars: this.scopes.flat(),
      inputs: this.arrays('in').map((a) => ({ name: a.name, dtype: a.dtype, length: a.length })),
      outputs: this.arrays('out').map((a) => ({ name: a.name, dtype: a.dtype, slots: a.slots })),
      localArrays: this.arrayScopes.flat(),
      intScalars: this.params
        .filter((p): p is ScalarParam => p.kind === 'scalar' && p.ty === 'i32')
        .map((p) => p.name),
      floatScalars: this.params
        .filter((p): p is ScalarParam => p.kind === 'scalar' && p.ty === 'f64')
        .map((p) => p.name),
    };
    return new ExprGen(scope);
  }

  private expr(ty: ValTy): Expr {
    return this.exprs().gen(ty, this.rng.int(1, this.maxDepth));
  }

  /** The kernel body. */
  body(): Stmt[] {
    const stmts = this.block(0, false);
    if (this.reduce) stmts.push({ k: 'return', value: this.expr(this.returnTy!) });
    else if (!containsStore(stmts)) stmts.push(this.storeOwn(this.rng.pick(this.arrays('out'))));
    return stmts;
  }

  private block(nesting: number, push = true): Stmt[] {
    if (push) {
      this.scopes.push([]);
      this.arrayScopes.push([]);
    }
    const out: Stmt[] = [];
    const count =
      nesting === 0
        ? Math.max(1, this.budget)
        : this.rng.int(1, Math.max(1, Math.min(3, this.budget)));
    for (let n = 0; n < count && this.budget > 0; n++) {
      this.budget--;
      out.push(...this.statement(nesting));
    }
    if (push) {
      this.scopes.pop();
      this.arrayScopes.pop();
    }
    return out;
  }

  private statement(nesting: number): Stmt[] {
    const rng = this.rng;
    const outs = this.arrays('out');
    const atomics = this.arrays('atomic');
    const mutableVars = this.scopes.flat().filter((x) => this.mutable.has(x.name));
    const weights: Record<string, number> = {
      let: 3,
      storeOwn: outs.length ? 5 : 0,
      assign: mutableVars.length ? 2 : 0,
      localArray: 1,
      localStore: this.arrayScopes.flat().length ? 1.5 : 0,
      atomic: atomics.length ? 2.5 : 0,
      ownAtomic: outs.some((o) => ['i32', 'u32', 'f32', 'f64'].includes(o.dtype)) ? 0.5 : 0,
      outOfRange: outs.length ? 0.3 : 0,
      if: nesting < 3 ? 2 : 0,
      loop: nesting < 3 && this.loops.length < 2 ? 1.5 : 0,
      jump: this.loops.length ? 1 : 0,
      earlyReturn: 0.3,
    };
    switch (rng.weighted(weights)) {
      case 'let':
        return [this.declare(rng.pick(this.types()), this.expr.bind(this))];
      case 'storeOwn':
        return [this.storeOwn(rng.pick(outs))];
      case 'assign':
        return [this.assign(rng.pick(mutableVars))];
      case 'localArray': {
        const dtypes: DType[] = ['i32', 'u32', 'i16', 'u8', 'i8', 'u16'];
        if (this.allowF32) dtypes.push('f32', 'f32', 'f32');
        if (this.allowF64) dtypes.push('f64', 'f64');
        const local = {
          name: `t${this.names.t++}`,
          dtype: rng.pick(dtypes),
          length: rng.pick([4, 8]),
        };
        this.arrayScopes[this.arrayScopes.length - 1]!.push(local);
        return [{ k: 'localArray', ...local }, this.storeLocal(local)];
      }
      case 'localStore':
        return [this.storeLocal(rng.pick(this.arrayScopes.flat()))];
      case 'atomic':
        return [this.atomic(rng.pick(atomics))];
      case 'ownAtomic':
        return [
          this.ownAtomic(
            rng.pick(outs.filter((o) => ['i32', 'u32', 'f32', 'f64'].includes(o.dtype))),
          ),
        ];
      case 'outOfRange':
        return [this.storeOutOfRange(rng.pick(outs))];
      case 'if': {
        const cond = this.expr('bool');
        const then = this.block(nesting + 1);
        const otherwise = rng.chance(0.5) ? this.block(nesting + 1) : null;
        return [{ k: 'if', cond, then, else: otherwise }];
      }
      case 'loop':
        return [this.loop(nesting)];
      case 'jump': {
        const target = rng.pick(this.loops);
        const innermost = target === this.loops[this.loops.length - 1];
        let label: string | null = null;
        if (!innermost || rng.chance(0.2)) label = target.label ??= `L${this.names.L++}`;
        return [
          {
            k: 'if',
            cond: this.expr('bool'),
            then: [{ k: 'jump', kind: rng.pick(['break', 'continue'] as const), label }],
            else: null,
          },
        ];
      }
      case 'earlyReturn': {
        const value = this.reduce ? this.expr(this.returnTy!) : null;
        return [{ k: 'if', cond: this.expr('bool'), then: [{ k: 'return', value }], else: null }];
      }
      default:
        throw new Error('unreachable statement kind');
    }
  }

  private declare(ty: ValTy, make: (ty: ValTy) => Expr): Stmt {
    const name = `v${this.names.v++}`;
    const isConst = this.rng.chance(0.4);
    const init = make(ty);
    this.scopes[this.scopes.length - 1]!.push({ name, ty, weak: false });
    if (!isConst) this.mutable.add(name);
    return { k: 'let', name, ty, init, isConst };
  }

  private assign(target: VarRef): Stmt {
    const rng = this.rng;
    const ty = target.ty;
    if (ty === 'f64' && rng.chance(0.4)) {
      const op = rng.pick(['+=', '-=', '*=', '/='] as const);
      return {
        k: 'assign',
        name: target.name,
        op,
        value: this.expr(this.allowF32 && rng.chance(0.3) ? 'f32' : 'f64'),
        opTy: 'f64',
      };
    }
    if (ty === 'i32' && rng.chance(0.3)) {
      return {
        k: 'assign',
        name: target.name,
        op: rng.pick(['|=', '&=', '^=', '<<=', '>>='] as const),
        value: this.expr('i32'),
        opTy: 'i32',
      };
    }
    if (ty === 'u32' && rng.chance(0.3))
      return { k: 'assign', name: target.name, op: '>>>=', value: this.expr('i32'), opTy: 'u32' };
    return { k: 'assign', name: target.name, op: '=', value: this.expr(ty), opTy: ty };
  }

  /** `arr[index] op value` with a value whose conversion at the store matches a typed array's. */
  private storeValue(dtype: DType): { op: AssignOp; value: Expr; opTy: ValTy } {
    const rng = this.rng;
    const load = LOAD_TYPE[dtype];
    if (rng.chance(0.25)) {
      if (load === 'f32' || load === 'f64') {
        const valueTy: ValTy =
          load === 'f64' && this.allowF32 && rng.chance(0.3)
            ? 'f32'
            : load === 'f32' && this.allowF64 && rng.chance(0.3)
              ? 'f64'
              : load;
        return {
          op: rng.pick(['+=', '-=', '*=', '/='] as const),
          value: this.expr(valueTy),
          opTy: valueTy === 'f64' ? 'f64' : load,
        };
      }
      const small = dtype !== 'i32' && dtype !== 'u32';
      const op = rng.pick(
        small
          ? (['+=', '-=', '|=', '^=', '&=', '*='] as const)
          : (['+=', '-=', '|=', '^=', '&='] as const),
      );
      const opTy: ValTy = ['|=', '^=', '&='].includes(op) ? 'i32' : load;
      return {
        op,
        value: this.expr(load === 'u32' && opTy === 'u32' ? 'u32' : 'i32'),
        opTy: load === 'u32' && opTy === 'u32' ? 'u32' : 'i32',
      };
    }
    const ty = rng.chance(0.6)
      ? load === 'f64' && !this.allowF64
        ? 'f32'
        : load
      : rng.pick(this.types());
    return { op: '=', value: this.expr(ty), opTy: ty };
  }

  private storeOwn(out: ArrayParam): Stmt {
    const index = this.exprs().ownSlot(out.slots);
    return { k: 'store', arr: out.name, index, ...this.storeValue(out.dtype) };
  }

  private storeLocal(a: { name: string; dtype: DType; length: number }): Stmt {
    const gen = this.exprs();
    // Now and then a write past the end, which every backend must drop as JS does.
    const index = this.rng.chance(0.05)
      ? bin(
          '+',
          'i32',
          'i32',
          lit('i32', a.length),
          bin('&', 'i32', 'i32', gen.gen('i32', 1), lit('i32', 3)),
        )
      : gen.indexInto(a.length, 2);
    return { k: 'store', arr: a.name, index, ...this.storeValue(a.dtype) };
  }

  private storeOutOfRange(out: ArrayParam): Stmt {
    const gen = this.exprs();
    const offset = bin('&', 'i32', 'i32', gen.gen('i32', 1), lit('i32', 7));
    const index = this.rng.chance(0.5)
      ? bin('+', 'i32', 'i32', { k: 'length', ty: 'i32', arr: out.name }, offset)
      : bin('-', 'i32', 'i32', lit('i32', -1), offset);
    return {
      k: 'store',
      arr: out.name,
      index,
      op: '=',
      value: this.expr(
        LOAD_TYPE[out.dtype] === 'f64' && !this.allowF64 ? 'f32' : LOAD_TYPE[out.dtype],
      ),
      opTy: LOAD_TYPE[out.dtype],
    };
  }

  /** A value an atomic on `dtype` may add in any order and still give one result. */
  private atomicValue(dtype: DType, family: 'addSub' | 'min' | 'max'): Expr {
    const gen = this.exprs();
    const small = (mask: number) => bin('&', 'i32', 'i32', gen.gen('i32', 2), lit('i32', mask));
    if (dtype === 'f32')
      return family === 'addSub'
        ? call('f32', 'f32', 'f32', [small(15)])
        : gen.gen('f32', this.maxDepth);
    if (dtype === 'f64')
      return family === 'addSub'
        ? call('f64', 'f64', 'f64', [small(255)])
        : gen.gen('f64', this.maxDepth);
    return gen.gen(LOAD_TYPE[dtype], this.maxDepth);
  }

  private atomic(h: ArrayParam): Stmt {
    const family = h.atomicFamily ?? 'addSub';
    const op =
      family === 'min' ? 'Min' : family === 'max' ? 'Max' : this.rng.pick(['Add', 'Sub'] as const);
    const index = bin('&', 'i32', 'i32', this.exprs().gen('i32', 2), lit('i32', h.length - 1));
    return {
      k: 'exprStmt',
      e: {
        k: 'atomic',
        ty: LOAD_TYPE[h.dtype],
        op,
        arr: h.name,
        index,
        value: this.atomicValue(h.dtype, family),
      },
    };
  }

  /** `const v = atomicAdd(out, ownSlot, x)`: the old value is deterministic on a slot no other point touches. */
  private ownAtomic(out: ArrayParam): Stmt {
    const gen = this.exprs();
    const ty = LOAD_TYPE[out.dtype];
    const op = this.rng.pick(['Add', 'Sub', 'Min', 'Max'] as const);
    const atomic: Expr = {
      k: 'atomic',
      ty,
      op,
      arr: out.name,
      index: gen.ownSlot(out.slots),
      value: gen.gen(ty, this.maxDepth),
    };
    return this.declare(ty, () => atomic);
  }

  private loop(nesting: number): Stmt {
    const rng = this.rng;
    const counter = `n${this.names.n++}`;
    const count: Expr = rng.chance(0.5)
      ? lit('i32', rng.int(0, 5))
      : bin('&', 'i32', 'i32', this.exprs().gen('i32', 2), lit('i32', rng.pick([3, 7])));
    const frame: LoopFrame = { counter, label: null };
    this.loops.push(frame);
    this.scopes.push([{ name: counter, ty: 'i32', weak: true }]);
    const body = this.block(nesting + 1);
    this.scopes.pop();
    this.loops.pop();
    return {
      k: 'loop',
      form: rng.weighted({ for: 3, while: 1, doWhile: 1 }),
      label: frame.label,
      counter,
      count,
      body,
    };
  }
}

function containsStore(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.k) {
      case 'store':
        return s.arr.startsWith('o');
      case 'if':
        return containsStore(s.then) || containsStore(s.else ?? []);
      case 'loop':
        return containsStore(s.body);
      default:
        return false;
    }
  });
}

/** Case `caseNumber` of the run seeded with `seed`. */
export function generateCase(seed: number, caseNumber: number): Case {
  const builder = new CaseBuilder(caseRng(seed, caseNumber));
  const body = builder.body();
  return {
    seed,
    caseNumber,
    grid: builder.grid,
    params: builder.params,
    body,
    reduce: builder.reduce,
    returnTy: builder.returnTy,
  };
}
