// interp.ts — the reference executor: runs an IrKernel directly, with the typed meaning
// every code generator implements (the JavaScript codegen's, operation by operation), on
// host typed arrays. It is slow and simple on purpose: it is what the generated code of
// every backend is checked against at the IR level, and the specification of kernels
// the plain function cannot express alone.
//
// Each invocation is a generator that yields at every `barrier`. A flat kernel runs its
// invocations one after another; a workgroup kernel steps the invocations of each
// workgroup in lockstep — every one runs to its next barrier before any goes on — with
// the workgroup's shared arrays zeroed when it starts. Reductions combine per-index
// values in the canonical order of the CPU backends (reduceOrder.ts).

import type { ArrayRef, Expr, GeomOf, IrKernel, Stmt, Ty } from './ir.js';
import { InternalError, outOfRangeMessage, type Span } from '../diagnostics.js';
import { describeSite, isViewBuffer } from '../sites.js';
import { TYPED_ARRAY, type TypedArray } from '../types/dtype.js';
import {
  atomicAdd,
  atomicMax,
  atomicMin,
  atomicSub,
  f32bits,
  f32frombits,
  random,
} from '../ops/intrinsics.js';
import {
  combineLanes,
  foldPartials,
  REDUCE_COMBINE,
  REDUCE_IDENTITY,
  REDUCE_LANES,
  reduceChunks,
} from '../reduceOrder.js';
import { MATH_OPS } from '../ops/math.js';
import type { MathOpSpec } from '../ops/op.js';

/** What a run needs: one typed array per IrKernel buffer, one value per scalar, the grid. */
export interface InterpArgs {
  readonly buffers: readonly TypedArray[];
  readonly scalars: readonly number[];
  readonly grid: readonly number[];
}

/** How a statement list ended. */
type Completion =
  | { readonly kind: 'normal' }
  | { readonly kind: 'break' | 'continue'; readonly label: string }
  | { readonly kind: 'return'; readonly value: number | undefined };

const NORMAL: Completion = { kind: 'normal' };

/** Rounds `v` to type `t` as the JS codegen does after an arithmetic operation. */
function round(v: number, t: Ty): number {
  switch (t) {
    case 'i32':
      return v | 0;
    case 'u32':
      return v >>> 0;
    case 'f32':
      return Math.fround(v);
    default:
      return v;
  }
}

/** Converts `v` of type `from` to `to` with JS semantics (casts). */
function convert(v: number, from: Ty, to: Ty): number {
  if (from === to) return v;
  if (from === 'bool') return v ? 1 : 0;
  switch (to) {
    case 'i32':
      return v | 0;
    case 'u32':
      return v >>> 0;
    case 'f32':
      return Math.fround(v);
    case 'bool':
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}

/** One invocation's state: its locals and private arrays. */
interface Frame {
  readonly locals: Map<string, number>;
  readonly privateArrays: TypedArray[];
  /** Workgroup kernels: this invocation's localId, groupId and groupCount per axis. */
  readonly geom?: Readonly<Record<GeomOf, readonly number[]>>;
}

class Executor {
  constructor(
    private readonly ir: IrKernel,
    private readonly args: InterpArgs,
    private readonly shared: TypedArray[],
  ) {}

  /**
   * `index` of an array argument under boundsCheck: a RangeError, as every backend's
   * generated code raises, when it names no element (shared and kernel-made arrays are not
   * checked, as in a plain kernel under NUMBAT_DISABLE_JIT).
   */
  private checked(ref: ArrayRef, arr: TypedArray, index: number, span: Span): number {
    if (!this.ir.boundsCheck || ref.kind !== 'buffer') return index;
    if (Number.isInteger(index) && index >= 0 && index < arr.length) return index;
    const param = this.ir.buffers[ref.index]!.name;
    const where = describeSite(this.ir, span, param);
    throw new RangeError(
      outOfRangeMessage(index, arr.length, where, isViewBuffer(this.ir, ref.index)),
    );
  }

  private array(ref: ArrayRef, frame: Frame): TypedArray {
    if (ref.kind === 'buffer') return this.args.buffers[ref.index]!;
    const local = this.ir.localArrays[ref.index]!;
    return local.scope === 'workgroup' ? this.shared[ref.index]! : frame.privateArrays[ref.index]!;
  }

  expr(e: Expr, f: Frame): number {
    switch (e.k) {
      case 'const':
        return e.v;
      case 'scalar':
        return this.args.scalars[e.index]!;
      case 'local': {
        const v = f.locals.get(e.name);
        if (v === undefined && !f.locals.has(e.name))
          throw new InternalError(`interp: local '${e.name}' read before it was set`);
        return v!;
      }
      case 'bin': {
        if (e.op === '&&') return this.expr(e.a, f) ? this.expr(e.b, f) : 0;
        if (e.op === '||') return this.expr(e.a, f) ? 1 : this.expr(e.b, f);
        const a = this.expr(e.a, f);
        const b = this.expr(e.b, f);
        switch (e.op) {
          case '==':
            return a === b ? 1 : 0;
          case '!=':
            return a !== b ? 1 : 0;
          case '<':
            return a < b ? 1 : 0;
          case '<=':
            return a <= b ? 1 : 0;
          case '>':
            return a > b ? 1 : 0;
          case '>=':
            return a >= b ? 1 : 0;
          case '&':
            return a & b;
          case '|':
            return a | b;
          case '^':
            return a ^ b;
          case '<<':
            return a << b;
          case '>>':
            return a >> b;
          case '>>>':
            return a >>> b;
          case '**':
            return round(Math.pow(a, b), e.t);
          case '*':
            return e.t === 'i32'
              ? Math.imul(a, b)
              : e.t === 'u32'
                ? Math.imul(a, b) >>> 0
                : round(a * b, e.t);
          case '+':
            return round(a + b, e.t);
          case '-':
            return round(a - b, e.t);
          case '/':
            return round(a / b, e.t);
          case '%':
            return round(a % b, e.t);
          default: {
            const never: never = e.op;
            return never;
          }
        }
      }
      case 'un': {
        const a = this.expr(e.a, f);
        if (e.op === '!') return a ? 0 : 1;
        if (e.op === '~') return ~a;
        if (e.op === 'f32bits') return f32bits(a);
        if (e.op === 'f32frombits') return f32frombits(a);
        return e.t === 'i32' ? -a | 0 : e.t === 'u32' ? -a >>> 0 : -a;
      }
      case 'cast':
        return convert(this.expr(e.a, f), e.a.t, e.t);
      case 'select':
        return this.expr(e.c, f) ? this.expr(e.a, f) : this.expr(e.b, f);
      case 'math': {
        const args = e.args.map((x) => this.expr(x, f));
        const op: MathOpSpec = MATH_OPS[e.fn];
        const v = op.plain(...args);
        if (e.t === 'f32' && !op.f32Exact) return Math.fround(v);
        if (e.t === 'i32' && e.fn === 'abs') return v | 0;
        return v;
      }
      case 'load': {
        // Out of range: NaN for floats, 0 for integers (what `undefined` converts to).
        const arr = this.array(e.arr, f);
        const v = arr[this.checked(e.arr, arr, this.expr(e.index, f), e.span)];
        return v ?? (e.t === 'i32' || e.t === 'u32' || e.t === 'bool' ? 0 : NaN);
      }
      case 'atomic': {
        const arr = this.array(e.arr, f);
        const index = this.checked(e.arr, arr, this.expr(e.index, f), e.span);
        const value = this.expr(e.value, f);
        const op = { add: atomicAdd, sub: atomicSub, min: atomicMin, max: atomicMax }[e.op];
        return op(arr, index, value);
      }
      case 'random':
        return random(this.expr(e.seed, f), this.expr(e.counter, f));
      case 'geom': {
        const v = f.geom?.[e.of][e.axis];
        if (v === undefined)
          throw new InternalError(`interp: ${e.of}(${e.axis}) outside a workgroup`);
        return v;
      }
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  *stmts(list: readonly Stmt[], f: Frame): Generator<void, Completion> {
    for (const s of list) {
      const c = yield* this.stmt(s, f);
      if (c.kind !== 'normal') return c;
    }
    return NORMAL;
  }

  *stmt(s: Stmt, f: Frame): Generator<void, Completion> {
    switch (s.k) {
      case 'let':
        f.locals.set(s.name, this.expr(s.init, f));
        return NORMAL;
      case 'assign':
        f.locals.set(s.name, this.expr(s.value, f));
        return NORMAL;
      case 'store': {
        const arr = this.array(s.arr, f);
        const index = this.checked(s.arr, arr, this.expr(s.index, f), s.span);
        arr[index] = this.expr(s.value, f);
        return NORMAL;
      }
      case 'expr':
        this.expr(s.e, f);
        return NORMAL;
      case 'if':
        return yield* this.stmts(this.expr(s.cond, f) ? s.then : s.else, f);
      case 'loop': {
        for (;;) {
          if (s.cond && !this.expr(s.cond, f)) return NORMAL;
          const body = yield* this.stmts(s.body, f);
          if (body.kind === 'break' && body.label === s.label) return NORMAL;
          if (body.kind !== 'normal' && !(body.kind === 'continue' && body.label === s.label))
            return body;
          const update = yield* this.stmts(s.update, f);
          if (update.kind !== 'normal') return update;
          if (s.postCond && !this.expr(s.postCond, f)) return NORMAL;
        }
      }
      case 'block': {
        const c = yield* this.stmts(s.body, f);
        return c.kind === 'break' && c.label === s.label ? NORMAL : c;
      }
      case 'break':
      case 'continue':
        return { kind: s.k, label: s.label };
      case 'return':
        return { kind: 'return', value: s.value ? this.expr(s.value, f) : undefined };
      case 'barrier':
        yield;
        return NORMAL;
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  /** A custom combiner's value for (a, b). */
  combine(a: number, b: number): number {
    const r = this.ir.reduce;
    if (r?.kind !== 'custom')
      throw new InternalError('interp: combine of a kernel without a custom reduce');
    const f: Frame = {
      locals: new Map([
        [r.a, a],
        [r.b, b],
      ]),
      privateArrays: [],
    };
    const run = this.stmts(r.body, f);
    if (!run.next().done) throw new InternalError('interp: a barrier in a reduce combiner');
    return f.locals.get(r.result)!;
  }
}

/** Row-major grid indices of flat index `flat` over `extents`. */
function unflatten(flat: number, extents: readonly number[]): number[] {
  const ix = new Array<number>(extents.length);
  let rest = flat;
  for (let axis = extents.length - 1; axis >= 0; axis--) {
    ix[axis] = rest % extents[axis]!;
    rest = Math.floor(rest / extents[axis]!);
  }
  return ix;
}

/**
 * Runs `ir` over `args.grid` on host arrays (written in place); resolves the reduce value
 * of a reduce kernel. Workgroup kernels run their workgroups in lockstep (see the header).
 */
export function interpret(ir: IrKernel, args: InterpArgs): number | undefined {
  const privateArrays = (): TypedArray[] =>
    ir.localArrays.map((a) =>
      a.scope === 'private' ? new TYPED_ARRAY[a.dtype](a.length) : new Float64Array(0),
    );
  const values: number[] = [];
  const contribute = (c: Completion): void => {
    if (ir.reduce && c.kind === 'return' && c.value !== undefined) values.push(c.value);
  };
  const invocation = (
    ex: Executor,
    indices: readonly number[],
    geom?: Frame['geom'],
  ): Generator<void, Completion> => {
    const frame: Frame = {
      locals: new Map(ir.indexNames.map((n, a) => [n, indices[a]!])),
      privateArrays: privateArrays(),
      ...(geom ? { geom } : {}),
    };
    return ex.stmts(ir.body, frame);
  };
  const geometry = ir.geometry;
  let executor: Executor;
  if (geometry.kind === 'flat') {
    executor = new Executor(ir, args, []);
    const total = args.grid.reduce((a, b) => a * b, 1);
    for (let flat = 0; flat < total; flat++) {
      const run = invocation(executor, unflatten(flat, args.grid));
      const step = run.next();
      if (!step.done)
        throw new InternalError(`kernel '${ir.name}': a barrier in a kernel without workgroups`);
      contribute(step.value);
    }
  } else {
    const size = geometry.size;
    const groups = args.grid.map((n, a) => Math.ceil(n / size[a]!));
    const groupCount = groups.reduce((a, b) => a * b, 1);
    const perGroup = size.reduce((a, b) => a * b, 1);
    executor = new Executor(ir, args, []);
    for (let g = 0; g < groupCount; g++) {
      const group = unflatten(g, groups);
      const shared = ir.localArrays.map((a) =>
        a.scope === 'workgroup' ? new TYPED_ARRAY[a.dtype](a.length) : new Float64Array(0),
      );
      const ex = new Executor(ir, args, shared);
      executor = ex;
      const runs = Array.from({ length: perGroup }, (_, l) => {
        const local = unflatten(l, size);
        return invocation(
          ex,
          local.map((v, a) => group[a]! * size[a]! + v),
          { localId: local, groupId: group, groupCount: groups },
        );
      });
      // Lockstep: each pass runs every live invocation to its next barrier (or its end).
      let live = runs.map((run) => ({ run, done: false }));
      while (live.length > 0) {
        let atBarrier = 0;
        for (const inv of live) {
          const step = inv.run.next();
          if (step.done) {
            inv.done = true;
            contribute(step.value);
          } else atBarrier++;
        }
        if (atBarrier > 0 && atBarrier < live.length) {
          throw new InternalError(
            `kernel '${ir.name}': some invocations of workgroup ${g} reached a barrier that others skipped`,
          );
        }
        live = live.filter((inv) => !inv.done);
      }
    }
  }
  if (!ir.reduce) return undefined;
  // The canonical association of the CPU backends.
  const spec = ir.reduce;
  const combine =
    spec.kind === 'custom'
      ? (a: number, b: number) => executor.combine(a, b)
      : REDUCE_COMBINE[spec.kind];
  const identity = spec.kind === 'custom' ? undefined : REDUCE_IDENTITY[spec.kind];
  const { chunkSize, chunks } = reduceChunks(values.length);
  const partials: (number | undefined)[] = [];
  for (let c = 0; c < chunks; c++) {
    const lanes = new Array<number>(REDUCE_LANES).fill(identity ?? 0);
    const has = new Array<boolean>(REDUCE_LANES).fill(identity !== undefined);
    for (let k = c * chunkSize; k < Math.min(values.length, (c + 1) * chunkSize); k++) {
      const lane = k & (REDUCE_LANES - 1);
      lanes[lane] = has[lane] ? combine(lanes[lane]!, values[k]!) : values[k]!;
      has[lane] = true;
    }
    partials.push(combineLanes(lanes, has, combine));
  }
  return foldPartials(partials, combine, identity);
}
