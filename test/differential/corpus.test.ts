// corpus.test.ts — the differential spine: every corpus entry on every available backend,
// held to the plain function. One describe per backend reported by `backends()`; an
// unavailable backend gets one visible test that prints its reason (and fails when
// NUMBAT_REQUIRE_BACKENDS names it) — never a silent skip.

import { describe, expect, it } from 'vitest';
import { kernel } from '../../src/index.js';
import { corpus } from '../corpus/index.js';
import type { PlainKernel } from '../corpus/types.js';
import { checkUnavailable, listBackends } from '../harness/backends.js';
import { diffRuns } from '../harness/compare.js';
import { checkEntry } from '../harness/differential.js';
import { runPlain } from '../harness/plain.js';

const available = await listBackends();

for (const backend of available) {
  describe(`backend ${backend.name}`, () => {
    if (!backend.available) {
      it(`backend ${backend.name} unavailable: ${backend.reason}`, () => checkUnavailable(backend));
      return;
    }
    for (const entry of corpus) {
      it(entry.name, async () => {
        const note = await checkEntry(entry, backend.name);
        if (note) console.log(`[numbat tests] ${entry.name} on ${backend.name}: ${note}`);
      });
    }
  });
}

describe('kernel.fn is the plain function', () => {
  for (const entry of corpus) {
    it(entry.name, () => {
      const compiled = kernel(entry.fn, entry.options as Parameters<typeof kernel>[1]);
      expect(compiled.fn).toBe(entry.fn);
      const viaKernelFn = runPlain(entry, compiled.fn as PlainKernel);
      expect(diffRuns(entry, runPlain(entry), viaKernelFn, 'kernel.fn')).toEqual([]);
    });
  }
});
