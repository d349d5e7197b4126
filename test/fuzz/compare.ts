// compare.ts — holds one backend's run to the interpreter's expectation: every element
// of every array argument (inputs must be unchanged) and the reduce result. Exact
// elements compare exactly — NaN equals NaN, and for floats +0 and −0 differ, since
// numbat promises signed zeros; bounded ones within their bound; unknown ones (from
// ill-conditioned points) are skipped and counted. Also the reduce bound: the plain
// combination in index order, within (n + 8)·u·Σ|terms| for sums in the model's
// accumulation precision, exact for integer sums within 2^53, min/max and exact combiners.

import type { Case } from './ast.js';
import type { Val } from './bounds.js';
import type { ErrorModel } from './errorModel.js';
import type { Expectation } from './interpret.js';
import { combineInOrder } from '../harness/plain.js';

/** What a run left behind: every array argument by name, and the reduce value. */
export interface RunOutput {
  readonly arrays: ReadonlyMap<string, ArrayLike<number>>;
  readonly value: number | undefined;
}

export interface BadElement {
  /** `o0[3]`, or `reduce`. */
  readonly where: string;
  readonly expected: number;
  readonly bound: number;
  readonly got: number;
}

export interface Verdict {
  readonly bad: BadElement[];
  /** Elements (and reduce results) skipped because their expected value is unknown. */
  readonly skipped: number;
}

/** Whether `got` is `expected` (within `bound`; exactly, signed zeros included, when it is 0). */
export function agrees(expected: number, bound: number, got: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(got))
    return Number.isNaN(expected) && Number.isNaN(got);
  if (bound === 0) return Object.is(expected, got);
  if (!Number.isFinite(expected)) return expected === got;
  return Math.abs(got - expected) <= bound * (1 + 2 ** -30);
}

/** The reduce result a backend must give: the plain combination of the typed terms, with its bound. */
export function expectedReduce(
  c: Case,
  terms: readonly Val[],
  combiner: ((a: number, b: number) => number) | undefined,
  model: ErrorModel,
): Val {
  const spec = c.reduce!;
  const values = terms.map((t) => t.v);
  const v = combineInOrder(typeof spec === 'string' ? spec : combiner!, values) ?? NaN;
  if (terms.some((t) => t.e === Infinity)) return { v, e: Infinity };
  const n = terms.length;
  const errorSum = terms.reduce((s, t) => s + t.e, 0);
  const intTerms = c.returnTy === 'i32' || c.returnTy === 'u32';
  const sumAbs = values.reduce((s, t) => s + (Number.isFinite(t) ? Math.abs(t) : 0), 0);
  const kind = typeof spec === 'string' ? spec : spec.kind;
  if (kind === 'min' || kind === 'max' || kind === 'exact')
    return { v, e: Math.max(0, ...terms.map((t) => t.e)) };
  const unit =
    typeof spec === 'string'
      ? model.reduceUnit
      : spec.precision === 'f32'
        ? 2 ** -24
        : model.reduceUnit;
  const overflowAt = unit === 2 ** -24 ? 3.4028234663852886e38 / 4 : Number.MAX_VALUE / 4;
  if (kind === 'sum') {
    if (sumAbs >= overflowAt) return { v, e: Infinity };
    if (intTerms && sumAbs <= 2 ** 53) return { v, e: 0 };
    const e = errorSum + (n + 8) * unit * sumAbs;
    return { v, e: Number.isFinite(v) ? e : 0 };
  }
  // prod: partial products of any order stay between the sums of negative and positive log2|t|.
  if (values.some((t) => Number.isNaN(t))) return { v, e: 0 };
  let up = 0,
    down = 0,
    relError = 0;
  for (const t of terms) {
    if (t.v === 0 || !Number.isFinite(t.v)) {
      if (t.e !== 0) return { v, e: Infinity };
      continue;
    }
    const lg = Math.log2(Math.abs(t.v));
    if (lg > 0) up += lg;
    else down += lg;
    if (t.e !== 0) {
      if (t.e >= Math.abs(t.v) / 2) return { v, e: Infinity };
      relError += (2 * t.e) / Math.abs(t.v);
    }
  }
  const limit = unit === 2 ** -24 ? 120 : 1000;
  if (up > limit || down < -limit) return { v, e: Infinity };
  if (!Number.isFinite(v) || v === 0) return { v, e: 0 };
  if (intTerms && up <= 53) return { v, e: 0 };
  return { v, e: Math.abs(v) * ((n + 8) * unit + relError * 1.01) };
}

/** Compares a backend's run with the expectation. */
export function compareRun(
  c: Case,
  expectation: Expectation,
  got: RunOutput,
  combiner: ((a: number, b: number) => number) | undefined,
  model: ErrorModel,
): Verdict {
  const bad: BadElement[] = [];
  let skipped = 0;
  for (const [name, want] of expectation.arrays) {
    const have = got.arrays.get(name);
    if (!have) throw new Error(`compare: no array ${name} in the run`);
    for (let k = 0; k < want.v.length; k++) {
      const bound = want.e[k]!;
      if (bound === Infinity) {
        skipped++;
        continue;
      }
      if (!agrees(want.v[k]!, bound, have[k]!))
        bad.push({ where: `${name}[${k}]`, expected: want.v[k]!, bound, got: have[k]! });
    }
  }
  if (c.reduce) {
    const want = expectedReduce(c, expectation.terms, combiner, model);
    if (want.e === Infinity) skipped++;
    else if (got.value === undefined || !agrees(want.v, want.e, got.value)) {
      bad.push({ where: 'reduce', expected: want.v, bound: want.e, got: got.value ?? NaN });
    }
  }
  return { bad, skipped };
}

/** Number formatting for reports: −0 shown, floats in full. */
export function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}
