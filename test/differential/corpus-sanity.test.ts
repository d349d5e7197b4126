// corpus-sanity.test.ts — the corpus itself is well formed: enough entries, unique names,
// deterministic fresh arguments, declared outputs are arrays the plain run writes, and
// reduce bodies return numbers. Runs without any backend.

import { describe, expect, it } from 'vitest';
import { corpus } from '../corpus/index.js';
import { diffRuns } from '../harness/compare.js';
import { gridSize, runPlain, storageOf } from '../harness/plain.js';

describe('differential corpus', () => {
  it('has at least 60 entries with unique names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const names = corpus.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const entry of corpus) {
    it(`${entry.name}: deterministic, and writes its declared outputs`, () => {
      const first = runPlain(entry);
      const second = runPlain(entry);
      expect(diffRuns(entry, first, second, 'plain-again')).toEqual([]);
      if (entry.options?.reduce !== undefined) {
        expect(typeof first.value === 'number' || gridSize(entry.grid) === 0).toBe(true);
        expect(Object.is(first.value, second.value)).toBe(true);
      }
      const fresh = entry.makeArgs();
      for (const position of entry.outputs ?? []) {
        const before = storageOf(fresh[position]);
        const after = storageOf(first.args[position]);
        expect(before, `output ${position} is an array`).toBeDefined();
        if (gridSize(entry.grid) > 0) {
          expect(Array.from(after!), `output ${position} changed`).not.toEqual(Array.from(before!));
        }
      }
      if (entry.options?.reduce === undefined) {
        expect(entry.outputs?.length ?? 0, 'a map kernel declares its outputs').toBeGreaterThan(0);
      }
    });
  }
});
