// shrink.ts — reduces a failing case to a small one that still fails the same way:
// drops unused parameters, shrinks the grid, deletes statements (or keeps one branch of
// an `if`, one pass of a loop), replaces subexpressions by their operands or by 0 and 1,
// and zeroes array contents. Greedy: the first candidate that still fails is kept and
// the search restarts from it, until nothing helps or the budget is spent. Candidates
// that break the generator's typing rules fail the interpreter's self-check and are
// rejected by the caller's predicate.

import type { Case, Expr, Param, Stmt } from './ast.js';
import { printKernel } from './ast.js';
import { anchor, isWeak, lit } from './genExpr.js';
import { toDType } from './values.js';

/** True when the candidate still fails the way the original did. */
export type StillFails = (candidate: Case) => Promise<boolean>;

export interface ShrinkLimits {
  readonly maxTries: number;
  readonly maxMs: number;
}

export interface ShrinkResult {
  readonly minimal: Case;
  readonly tries: number;
  readonly steps: number;
}

export async function shrinkCase(
  original: Case,
  stillFails: StillFails,
  limits: ShrinkLimits,
): Promise<ShrinkResult> {
  const started = performance.now();
  let current = original;
  let tries = 0,
    steps = 0;
  const spent = () => tries >= limits.maxTries || performance.now() - started > limits.maxMs;
  for (let progress = true; progress && !spent(); ) {
    progress = false;
    for (const candidate of candidates(current)) {
      if (spent()) break;
      tries++;
      if (await stillFails(candidate)) {
        current = candidate;
        steps++;
        progress = true;
        break;
      }
    }
  }
  return { minimal: current, tries, steps };
}

function* candidates(c: Case): Generator<Case> {
  yield* dropUnusedParams(c);
  yield* shrinkGrid(c);
  yield* stmtEdits(c.body, (body) => ({ ...c, body }));
  for (const slot of exprSlots(c.body, (body) => ({ ...c, body }))) {
    for (const simpler of simplerExprs(slot.e)) yield slot.put(simpler);
  }
  yield* simplerValues(c);
}

function* dropUnusedParams(c: Case): Generator<Case> {
  const body = printKernel({ ...c, params: [] });
  const unused = c.params.filter((p) => !new RegExp(`\\b${p.name}\\b`).test(body));
  if (unused.length) yield { ...c, params: c.params.filter((p) => !unused.includes(p)) };
}

function* shrinkGrid(c: Case): Generator<Case> {
  for (let axis = 0; axis < c.grid.length; axis++) {
    const n = c.grid[axis]!;
    for (const smaller of new Set([1, Math.floor(n / 2), n - 1])) {
      if (smaller >= 1 && smaller < n)
        yield { ...c, grid: c.grid.map((x, k) => (k === axis ? smaller : x)) };
    }
  }
}

function* stmtEdits(stmts: readonly Stmt[], rebuild: (stmts: Stmt[]) => Case): Generator<Case> {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    const replace = (with_: Stmt[]) =>
      rebuild([...stmts.slice(0, i), ...with_, ...stmts.slice(i + 1)]);
    yield replace([]);
    if (s.k === 'if') {
      yield replace(s.then);
      if (s.else) {
        yield replace(s.else);
        yield replace([{ ...s, else: null }]);
      }
      yield* stmtEdits(s.then, (then) => replace([{ ...s, then }]));
      if (s.else) yield* stmtEdits(s.else, (otherwise) => replace([{ ...s, else: otherwise }]));
    } else if (s.k === 'loop') {
      yield replace([
        { k: 'let', name: s.counter, ty: 'i32', init: lit('i32', 0), isConst: false },
        ...s.body,
      ]);
      if (!(s.count.k === 'lit' && s.count.v <= 1)) yield replace([{ ...s, count: lit('i32', 1) }]);
      if (s.form !== 'for') yield replace([{ ...s, form: 'for' }]);
      if (s.label) yield replace([{ ...s, label: null }]);
      yield* stmtEdits(s.body, (body) => replace([{ ...s, body }]));
    }
  }
}

interface Slot {
  readonly e: Expr;
  readonly put: (e: Expr) => Case;
}

function* exprSlots(stmts: readonly Stmt[], rebuild: (stmts: Stmt[]) => Case): Generator<Slot> {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    const replace = (n: Stmt) => rebuild([...stmts.slice(0, i), n, ...stmts.slice(i + 1)]);
    switch (s.k) {
      case 'let':
        yield* within(s.init, (init) => replace({ ...s, init }));
        break;
      case 'assign':
        yield* within(s.value, (value) => replace({ ...s, value }));
        break;
      case 'store':
        yield* within(s.value, (value) => replace({ ...s, value }));
        yield* within(s.index, (index) => replace({ ...s, index }));
        break;
      case 'exprStmt':
        yield* within(s.e, (e) => replace({ ...s, e }));
        break;
      case 'return':
        if (s.value) yield* within(s.value, (value) => replace({ ...s, value }));
        break;
      case 'if':
        yield* within(s.cond, (cond) => replace({ ...s, cond }));
        yield* exprSlots(s.then, (then) => replace({ ...s, then }));
        if (s.else) yield* exprSlots(s.else, (otherwise) => replace({ ...s, else: otherwise }));
        break;
      case 'loop':
        yield* within(s.count, (count) => replace({ ...s, count }));
        yield* exprSlots(s.body, (body) => replace({ ...s, body }));
        break;
      default:
        break;
    }
  }
}

function* within(e: Expr, put: (e: Expr) => Case): Generator<Slot> {
  yield { e, put };
  switch (e.k) {
    case 'load':
      yield* within(e.index, (index) => put({ ...e, index }));
      break;
    case 'unary':
      yield* within(e.a, (a) => put({ ...e, a }));
      break;
    case 'binary':
    case 'logical':
      yield* within(e.a, (a) => put({ ...e, a } as Expr));
      yield* within(e.b, (b) => put({ ...e, b } as Expr));
      break;
    case 'call':
      for (let k = 0; k < e.args.length; k++)
        yield* within(e.args[k]!, (x) =>
          put({ ...e, args: e.args.map((y, m) => (m === k ? x : y)) }),
        );
      break;
    case 'cond':
      yield* within(e.c, (c) => put({ ...e, c }));
      yield* within(e.a, (a) => put({ ...e, a }));
      yield* within(e.b, (b) => put({ ...e, b }));
      break;
    case 'atomic':
      yield* within(e.index, (index) => put({ ...e, index }));
      yield* within(e.value, (value) => put({ ...e, value }));
      break;
    default:
      break;
  }
}

function children(e: Expr): Expr[] {
  switch (e.k) {
    case 'load':
      return [e.index];
    case 'unary':
      return [e.a];
    case 'binary':
    case 'logical':
      return [e.a, e.b];
    case 'call':
      return e.args;
    case 'cond':
      return [e.c, e.a, e.b];
    case 'atomic':
      return [e.index, e.value];
    default:
      return [];
  }
}

/** Operands and grand-operands of the same type, then the constants 0 and 1. */
function* simplerExprs(e: Expr): Generator<Expr> {
  if (e.k === 'lit' || e.k === 'var' || e.k === 'named' || e.k === 'length') return;
  // A weak operand (a bare literal) in place of a typed node would change numbat's typing: anchor it.
  const near = children(e)
    .flatMap((x) => [x, ...children(x)])
    .filter((x) => x.ty === e.ty);
  for (const x of near) {
    const candidate: Expr = isWeak(x) && !isWeak(e) ? anchor(x) : x;
    if (candidate !== e && JSON.stringify(candidate) !== JSON.stringify(e)) yield candidate;
  }
  if (e.ty === 'bool') {
    yield lit('bool', 0);
    yield lit('bool', 1);
  } else {
    yield anchor(lit(e.ty, 0));
    yield anchor(lit(e.ty, 1));
  }
}

function* simplerValues(c: Case): Generator<Case> {
  for (let p = 0; p < c.params.length; p++) {
    const param = c.params[p]!;
    const put = (n: Param) => ({ ...c, params: c.params.map((x, k) => (k === p ? n : x)) });
    if (param.kind === 'scalar') {
      if (param.ty === 'i32' && param.value !== 0) yield put({ ...param, value: 0 });
      continue;
    }
    const zero = toDType(param.dtype, 0);
    if (param.values.some((x) => !Object.is(x, zero)))
      yield put({ ...param, values: param.values.map(() => zero) });
    for (let k = 0; k < Math.min(param.values.length, 64); k++) {
      if (!Object.is(param.values[k], zero))
        yield put({ ...param, values: param.values.map((x, m) => (m === k ? zero : x)) });
    }
  }
}
