// suite.ts — declares the property tests for a list of operators: one describe per
// backend (unavailable ones get a visible test with the reason), one test per
// operator × dtype, and a visible test for each combination the backend cannot compare.

import { describe, it } from 'vitest';
import { checkUnavailable, listBackends } from '../harness/backends.js';
import { PROPERTY_DTYPES, propertyRuns, type PropertyDType } from './arbitraries.js';
import { checkOperator, notComparable } from './check.js';
import type { OpCase } from './ops.js';

/** Register the property tests for `ops` on every backend `backends()` reports. */
export async function declareOperatorProperties(
  title: string,
  ops: readonly OpCase[],
  dtypes: readonly PropertyDType[] = PROPERTY_DTYPES,
): Promise<void> {
  const available = await listBackends();
  const runs = propertyRuns();
  for (const backend of available) {
    describe(`${title} on ${backend.name}`, () => {
      if (!backend.available) {
        it(`backend ${backend.name} unavailable: ${backend.reason}`, () =>
          checkUnavailable(backend));
        return;
      }
      for (const op of ops) {
        for (const dtype of dtypes) {
          const why = notComparable(op, dtype, backend.name);
          if (why) {
            it(`${op.name} on ${dtype}: not compared on ${backend.name} — ${why}`, () => undefined);
            continue;
          }
          it(`${op.name} on ${dtype}`, () => checkOperator(op, dtype, backend.name, runs));
        }
      }
    });
  }
}
