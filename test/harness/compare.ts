// compare.ts — compare two runs of a corpus entry (the plain one and a backend's): every
// array argument (an ndarray's whole data, so writes outside a view are caught) and the
// reduce value, each with its dtype-aware tolerance.

import type { CorpusEntry, ToleranceSpec } from '../corpus/types.js';
import { reduceKind, storageOf, type RunResult } from './plain.js';
import { compareArrays, compareReduce } from './tolerance.js';

/** The tolerance an entry asks for on a backend (per-backend override first). */
export function toleranceFor(entry: CorpusEntry, backend: string): ToleranceSpec | undefined {
  return entry.backendTolerance?.[backend] ?? entry.tolerance;
}

/**
 * Every difference between `expected` (plain) and `got` (a backend) as readable messages;
 * empty when they agree. `backend` selects per-backend tolerances and how reduce terms
 * were computed (WebGPU computes unanchored floats in f32).
 */
export function diffRuns(
  entry: CorpusEntry,
  expected: RunResult,
  got: RunResult,
  backend: string,
): string[] {
  const problems: string[] = [];
  const tolerance = toleranceFor(entry, backend);
  expected.args.forEach((arg, position) => {
    const want = storageOf(arg);
    if (!want) return;
    const have = storageOf(got.args[position]);
    if (!have) {
      problems.push(`argument ${position}: not an array after the ${backend} run`);
      return;
    }
    const role = entry.outputs?.includes(position) ? 'output' : 'input (must be unchanged)';
    const result = compareArrays(
      `argument ${position} (${role}, ${want.constructor.name})`,
      want,
      have,
      tolerance,
    );
    if (!result.ok) problems.push(result.message);
  });
  const reduce = entry.options?.reduce;
  if (reduce !== undefined) {
    let precision = entry.resultPrecision ?? 'f64';
    if (precision === 'f64' && backend === 'webgpu') precision = 'f32';
    const result = compareReduce(
      'reduce result',
      expected.value,
      got.value,
      expected.terms,
      reduceKind(reduce),
      precision,
      tolerance,
    );
    if (!result.ok) problems.push(result.message);
  }
  return problems;
}
