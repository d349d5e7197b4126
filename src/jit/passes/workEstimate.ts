// workEstimate.ts — how much work one grid index of a kernel does, read from its IR.
//
// The selector's cost model needs "work per index" before any launch has been timed. It
// counts the IR's operations (arithmetic, loads, stores, math calls weighted by their rough
// cost, random draws, atomics) and the bytes of kernel buffers an index touches; a loop
// multiplies its body by a trip-count guess (a constant bound exactly; a scalar bound from
// the launch's value when known; otherwise a default), halved when the loop can break
// early. The estimate is only a starting point: measured launches refine it (select.ts).

import type { Expr, IrKernel, Stmt } from '../ir/ir.js';
import { INTRINSIC_OPS } from '../ops/intrinsics.js';
import { MATH_OPS } from '../ops/math.js';
import { BYTES } from '../types/dtype.js';

/** Work of one grid index, in abstract operations and buffer bytes. */
export interface WorkProfile {
  /** Abstract operations per index (an add is 1; a sqrt 4; an exp 20). */
  readonly opsPerIndex: number;
  /** Bytes of kernel buffers loaded or stored per index (loop bodies multiplied out). */
  readonly bytesPerIndex: number;
  /** Whether some loop's trip count was a guess (then measurements matter more). */
  readonly guessedLoops: boolean;
  /** Whether the body has a loop (else it is straight-line code, run once per index). */
  readonly loops: boolean;
  /**
   * The scalars (indices into `ir.scalars`) that bound a loop's trip count: a launch with
   * other values of them does other work per index (`auto` chooses again, select.ts).
   */
  readonly tripScalars: readonly number[];
}

/** The trip count assumed for a loop whose bound is unknown. */
export const DEFAULT_TRIP_COUNT = 32;
/** A trip count above this is clamped (guards against absurd launch scalars). */
const MAX_TRIP_COUNT = 1 << 20;

/**
 * Estimates the work of one index of `ir`. `scalarValues[k]` is the launch value of
 * `ir.scalars[k]` where known (a loop `j < n` then runs n times), else undefined.
 */
export function estimateWork(
  ir: IrKernel,
  scalarValues: readonly (number | undefined)[] = [],
): WorkProfile {
  // The last estimate per kernel, for the same scalars: `auto`'s early choice and its usual
  // one ask twice at a first launch (about a millisecond of cold code each).
  const key = scalarValues.join(',');
  const last = lastEstimate.get(ir);
  if (last?.key === key) return last.work;
  const counter = new WorkCounter(ir, scalarValues);
  const body = counter.block(ir.body);
  const work: WorkProfile = {
    opsPerIndex: Math.max(1, body.ops),
    bytesPerIndex: body.bytes,
    guessedLoops: counter.guessed,
    loops: counter.loops,
    tripScalars: [...counter.tripScalars].sort((a, b) => a - b),
  };
  lastEstimate.set(ir, { key, work });
  return work;
}

const lastEstimate = new WeakMap<IrKernel, { key: string; work: WorkProfile }>();

interface Tally {
  ops: number;
  bytes: number;
}

class WorkCounter {
  guessed = false;
  loops = false;
  /** Scalars read as a loop bound (tripCount). */
  readonly tripScalars = new Set<number>();
  /** Locals whose value is a known constant at their declaration (loop starts). */
  private readonly constantLocals = new Map<string, number>();

  constructor(
    private readonly ir: IrKernel,
    private readonly scalarValues: readonly (number | undefined)[],
  ) {}

  block(stmts: readonly Stmt[]): Tally {
    const total: Tally = { ops: 0, bytes: 0 };
    for (const s of stmts) {
      const t = this.stmt(s);
      total.ops += t.ops;
      total.bytes += t.bytes;
    }
    return total;
  }

  private stmt(s: Stmt): Tally {
    switch (s.k) {
      case 'let': {
        if (s.init.k === 'const') this.constantLocals.set(s.name, s.init.v);
        return this.expr(s.init);
      }
      case 'assign':
        this.constantLocals.delete(s.name);
        return this.expr(s.value);
      case 'store': {
        const index = this.expr(s.index);
        const value = this.expr(s.value);
        const bytes = s.arr.kind === 'buffer' ? BYTES[this.ir.buffers[s.arr.index]!.dtype] : 0;
        return { ops: index.ops + value.ops + 1, bytes: index.bytes + value.bytes + bytes };
      }
      case 'expr':
        return this.expr(s.e);
      case 'if': {
        const cond = this.expr(s.cond);
        const a = this.block(s.then);
        const b = this.block(s.else);
        // Either branch may run: count the dearer one.
        const dear = a.ops >= b.ops ? a : b;
        return { ops: cond.ops + dear.ops + 1, bytes: cond.bytes + dear.bytes };
      }
      case 'loop': {
        this.loops = true;
        const trips = this.tripCount(s);
        const cond = s.cond ? this.expr(s.cond) : { ops: 0, bytes: 0 };
        const post = s.postCond ? this.expr(s.postCond) : { ops: 0, bytes: 0 };
        const body = this.block(s.body);
        const update = this.block(s.update);
        const perTrip = cond.ops + post.ops + body.ops + update.ops + 1;
        const perTripBytes = cond.bytes + post.bytes + body.bytes + update.bytes;
        return { ops: perTrip * trips, bytes: perTripBytes * trips };
      }
      case 'block':
        return this.block(s.body);
      case 'break':
      case 'continue':
        return { ops: 1, bytes: 0 };
      case 'return':
        return s.value ? this.expr(s.value) : { ops: 0, bytes: 0 };
      case 'barrier':
        return { ops: 4, bytes: 0 };
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private expr(e: Expr): Tally {
    switch (e.k) {
      case 'const':
      case 'scalar':
      case 'local':
        return { ops: 0, bytes: 0 };
      case 'bin': {
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        const cost = e.op === '/' || e.op === '%' ? 4 : e.op === '**' ? 30 : 1;
        return { ops: a.ops + b.ops + cost, bytes: a.bytes + b.bytes };
      }
      case 'un':
      case 'cast': {
        const a = this.expr(e.a);
        return { ops: a.ops + 1, bytes: a.bytes };
      }
      case 'select': {
        const c = this.expr(e.c);
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        return { ops: c.ops + a.ops + b.ops + 1, bytes: c.bytes + a.bytes + b.bytes };
      }
      case 'math': {
        let ops: number = MATH_OPS[e.fn].cost;
        let bytes = 0;
        for (const arg of e.args) {
          const t = this.expr(arg);
          ops += t.ops;
          bytes += t.bytes;
        }
        return { ops, bytes };
      }
      case 'load': {
        const index = this.expr(e.index);
        const bytes = e.arr.kind === 'buffer' ? BYTES[this.ir.buffers[e.arr.index]!.dtype] : 0;
        return { ops: index.ops + 1, bytes: index.bytes + bytes };
      }
      case 'atomic': {
        const index = this.expr(e.index);
        const value = this.expr(e.value);
        const bytes = e.arr.kind === 'buffer' ? 2 * BYTES[this.ir.buffers[e.arr.index]!.dtype] : 0;
        return {
          ops: index.ops + value.ops + INTRINSIC_OPS.atomicAdd.cost,
          bytes: index.bytes + value.bytes + bytes,
        };
      }
      case 'random': {
        const seed = this.expr(e.seed);
        const counter = this.expr(e.counter);
        return {
          ops: seed.ops + counter.ops + INTRINSIC_OPS.random.cost,
          bytes: seed.bytes + counter.bytes,
        };
      }
      case 'geom':
        return { ops: 0, bytes: 0 };
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** Trip-count guess for `while (i < bound)`-shaped loops; halved if the body can break. */
  private tripCount(loop: Extract<Stmt, { k: 'loop' }>): number {
    let trips: number | undefined;
    const cond = loop.cond;
    if (cond && cond.k === 'bin' && (cond.op === '<' || cond.op === '<=' || cond.op === '!=')) {
      if (cond.b.k === 'scalar') this.tripScalars.add(cond.b.index);
      const bound = this.valueOf(cond.b);
      const start = cond.a.k === 'local' ? (this.constantLocals.get(cond.a.name) ?? 0) : 0;
      if (bound !== undefined) trips = Math.max(0, bound - start + (cond.op === '<=' ? 1 : 0));
    }
    if (trips === undefined) {
      this.guessed = true;
      trips = DEFAULT_TRIP_COUNT;
    }
    if (breaksOut(loop.body, loop.label)) trips = Math.max(1, trips / 2);
    return Math.min(MAX_TRIP_COUNT, trips);
  }

  private valueOf(e: Expr): number | undefined {
    if (e.k === 'const') return e.v;
    if (e.k === 'scalar') return this.scalarValues[e.index];
    return undefined;
  }
}

/** Whether `body` has a `break` that leaves the loop (unlabelled inner-loop breaks do not). */
function breaksOut(body: readonly Stmt[], label: string): boolean {
  for (const s of body) {
    switch (s.k) {
      case 'break':
        if (s.label === label) return true;
        break;
      case 'return':
        return true;
      case 'if':
        if (breaksOut(s.then, label) || breaksOut(s.else, label)) return true;
        break;
      case 'block':
        if (breaksOut(s.body, label)) return true;
        break;
      case 'loop':
        // An inner loop's breaks leave the inner loop unless they name ours.
        if (breaksOut(s.body, label)) return true;
        break;
      case 'let':
      case 'assign':
      case 'store':
      case 'expr':
      case 'continue':
      case 'barrier':
        break;
      default: {
        const never: never = s;
        return never;
      }
    }
  }
  return false;
}
