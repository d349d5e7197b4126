// vectorPlan.ts — decides whether and how a kernel vectorises over its innermost index, or
// a phase of a split cooperative kernel across its invocations (planInvocationLoop).
//
// Finds the lane count (4, with f64 vectors as pairs of f64x2, see simd.ts; 1 with the
// reason when the kernel cannot vectorise), whether lane-varying f64 values exist, which
// locals vary across lanes (a fixed point: the innermost index varies; so does anything
// computed from a varying value or assigned under lane-divergent control), which locals
// are "stride 1" (lane l holds base + l, so loads and stores through them are contiguous),
// the control context of every statement (uniform: every lane that entered the vector body
// is still active), and which loops and labelled blocks need lane masks because lanes
// leave them at different times.

import type { Expr, IrKernel, Stmt } from '../ir/ir.js';
import { concrete } from '../codegen/wasm/context.js';
import { allExprs, allStmts, exprChildren, stmtExprs } from '../ir/walk.js';

/** The result of planning. */
export interface VectorPlan {
  /** Lanes of the vector loop; 1 means scalar only (see `reason`). */
  readonly lanes: number;
  readonly reason: string;
  /** Whether some lane-varying value is f64 (held as a pair of f64x2). */
  readonly f64Pairs: boolean;
  readonly varying: ReadonlySet<string>;
  readonly stride1: ReadonlySet<string>;
  /** Statements that run while some lanes may be inactive. */
  readonly divergent: ReadonlySet<Stmt>;
  /** Labels of loops / blocks that lanes may leave separately (need exit masks). */
  readonly masked: ReadonlySet<string>;
  readonly innermost: string;
}

/** Plans vectorisation of `ir` over its innermost grid index (see the file header). */
export function planVectorisation(ir: IrKernel): VectorPlan {
  const innermost = ir.indexNames[ir.indexNames.length - 1]!;
  const refusal = refusalOf(ir, ir.body) ?? (ir.uses.atomics ? 'atomics' : null);
  if (refusal) return refuse(refusal, innermost);
  if (allStmts(ir.body).some((s) => s.k === 'loop' && s.overInvocations))
    return refuse('a cooperative kernel: its phases are vectorised across invocations', innermost);
  if (ir.localArrays.length) return refuse('local arrays', innermost);
  return planStatements(ir, ir.body, innermost);
}

/**
 * Plans vectorisation of a phase of a split cooperative kernel (a loop marked
 * `overInvocations`) across consecutive invocations: lane j runs invocation l + j.
 */
export function planInvocationLoop(ir: IrKernel, loop: Extract<Stmt, { k: 'loop' }>): VectorPlan {
  const cond = loop.cond;
  if (cond?.k !== 'bin' || cond.op !== '<' || cond.a.k !== 'local')
    throw new Error('numbat internal error: an invocation loop without `l < end`');
  const counter = cond.a.name;
  const refusal = refusalOf(ir, loop.body);
  if (refusal) return refuse(refusal, counter);
  return planStatements(ir, loop.body, counter);
}

/** Why `body` of `ir` cannot be vectorised, or null. */
function refusalOf(ir: IrKernel, body: readonly Stmt[]): string | null {
  if (ir.boundsCheck) return 'boundsCheck runs the scalar loop so the first failing index is exact';
  const exprs = [...allStmts(body)].flatMap((s) =>
    [...stmtExprs(s)].flatMap((e) => [...allExprs(e)]),
  );
  if (exprs.some((e) => e.k === 'atomic')) return 'atomics';
  if (ir.reduce?.kind === 'custom') return 'custom reduce combiner';
  return null;
}

function refuse(reason: string, innermost: string): VectorPlan {
  return {
    lanes: 1,
    reason,
    f64Pairs: false,
    varying: new Set<string>(),
    stride1: new Set<string>(),
    divergent: new Set<Stmt>(),
    masked: new Set<string>(),
    innermost,
  };
}

/** The plan of `body` over the lane-varying stride-1 variable `innermost`. */
function planStatements(ir: IrKernel, body: readonly Stmt[], innermost: string): VectorPlan {
  const stmts = [...allStmts(body)];
  const exprs = stmts.flatMap((s) => [...stmtExprs(s)].flatMap((e) => [...allExprs(e)]));
  const varying = new Set<string>([innermost]);
  const divergent = new Set<Stmt>();
  const masked = new Set<string>();
  const isVarying = (e: Expr): boolean => {
    if (e.k === 'local') return varying.has(e.name);
    if (e.k === 'atomic') return true;
    for (const c of exprChildren(e)) if (isVarying(c)) return true;
    return false;
  };
  let changed = true;
  const mark = (name: string): void => {
    if (!varying.has(name)) {
      varying.add(name);
      changed = true;
    }
  };
  /** Walks a sequence; returns the labels ('return' included) that lanes may leave to. */
  const walk = (ss: readonly Stmt[], ctxIn: boolean): Set<string> => {
    let ctx = ctxIn;
    const exits = new Set<string>();
    for (const s of ss) {
      if (ctx && !divergent.has(s)) {
        divergent.add(s);
        changed = true;
      }
      let inner = new Set<string>();
      switch (s.k) {
        case 'let':
          if (ctx || isVarying(s.init)) mark(s.name);
          break;
        case 'assign':
          if (ctx || isVarying(s.value)) mark(s.name);
          break;
        case 'store':
        case 'expr':
          break;
        case 'if': {
          const c = ctx || isVarying(s.cond);
          inner = walk(s.then, c);
          for (const x of walk(s.else, c)) inner.add(x);
          break;
        }
        case 'loop': {
          let m =
            masked.has(s.label) ||
            (s.cond !== null && isVarying(s.cond)) ||
            (s.postCond !== null && isVarying(s.postCond));
          let bodyCtx = ctx || m;
          inner = walk(s.body, bodyCtx);
          for (const x of walk(s.update, bodyCtx)) inner.add(x);
          // Lanes leaving through it (to itself, an outer label or `return`) from a
          // divergent place: it must test for active lanes, or once every lane has left
          // through `return` or `break outer` nothing ends it (probe 9: `while (true) {
          // if (k * k > i) { …; return; } k++; }` never returned on wasm).
          if (inner.size > 0) m = true;
          if ((m || inner.size > 0) && !bodyCtx) {
            bodyCtx = true;
            inner = walk(s.body, bodyCtx);
            for (const x of walk(s.update, bodyCtx)) inner.add(x);
          }
          if (m && !masked.has(s.label)) {
            masked.add(s.label);
            changed = true;
          }
          inner.delete(s.label);
          break;
        }
        case 'block': {
          inner = walk(s.body, ctx);
          if (inner.has(s.label) && !masked.has(s.label)) {
            masked.add(s.label);
            changed = true;
          }
          inner.delete(s.label);
          break;
        }
        case 'break':
        case 'continue':
          if (ctx) inner.add(s.label);
          break;
        case 'return':
          if (ctx) inner.add('return');
          break;
        case 'barrier':
          break;
        default: {
          const never: never = s;
          throw new Error(`unknown statement ${JSON.stringify(never)}`);
        }
      }
      for (const x of inner) exits.add(x);
      if (inner.size) ctx = true;
    }
    return exits;
  };
  for (let round = 0; changed && round < 50; round++) {
    changed = false;
    walk(body, false);
  }

  // f64 pairs: some lane-varying value is f64 (or feeds a varying operation as an f64
  // operand, or the reduction is f64); uniform f64 values (scalars, constants) are computed
  // once as scalars and converted before they are splatted, so they do not count.
  // `f32(random(…))` is computed in f32 directly (exact: a 24-bit integer times 2^-24).
  const narrowRandoms = new Set<Expr>(
    exprs.flatMap((e) =>
      e.k === 'cast' && concrete(e.t) === 'f32' && e.a.k === 'random' ? [e.a] : [],
    ),
  );
  const isF64 = (e: Expr): boolean => concrete(e.t) === 'f64' && !narrowRandoms.has(e);
  const f64Pairs =
    ir.reduce?.t === 'f64' ||
    ir.reduce?.t === 'float' ||
    stmts.some((s) => s.k === 'let' && concrete(s.t) === 'f64' && varying.has(s.name)) ||
    exprs.some((e) => isVarying(e) && (isF64(e) || [...exprChildren(e)].some(isF64)));

  // Stride-1 locals: declared once by `let`, never reassigned, initialised stride-1.
  const lets = new Map<string, number>();
  const assigned = new Set<string>();
  for (const s of stmts) {
    if (s.k === 'let') lets.set(s.name, (lets.get(s.name) ?? 0) + 1);
    if (s.k === 'assign') assigned.add(s.name);
  }
  const stride1 = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of stmts) {
      if (s.k !== 'let' || stride1.has(s.name) || lets.get(s.name) !== 1 || assigned.has(s.name))
        continue;
      if (isStride1(s.init, innermost, stride1, isVarying)) {
        stride1.add(s.name);
        grew = true;
      }
    }
  }
  return { lanes: 4, reason: '', f64Pairs, varying, stride1, divergent, masked, innermost };
}

/** Whether lane l of `e` is (lane 0's value) + l. */
export function isStride1(
  e: Expr,
  innermost: string,
  stride1: ReadonlySet<string>,
  isVarying: (e: Expr) => boolean,
): boolean {
  const t = concrete(e.t);
  if (t !== 'i32' && t !== 'u32') return false;
  switch (e.k) {
    case 'local':
      return e.name === innermost || stride1.has(e.name);
    case 'bin':
      if (e.op === '+') {
        return (
          (isStride1(e.a, innermost, stride1, isVarying) && !isVarying(e.b)) ||
          (!isVarying(e.a) && isStride1(e.b, innermost, stride1, isVarying))
        );
      }
      if (e.op === '-') return isStride1(e.a, innermost, stride1, isVarying) && !isVarying(e.b);
      return false;
    case 'cast': {
      const from = concrete(e.a.t);
      return (from === 'i32' || from === 'u32') && isStride1(e.a, innermost, stride1, isVarying);
    }
    default:
      return false;
  }
}
