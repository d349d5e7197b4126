// disable-jit.test.ts — with NUMBAT_DISABLE_JIT=1 every kernel runs as plain JavaScript
// (as Numba's NUMBA_DISABLE_JIT), so every corpus entry must match the plain run exactly:
// bit for bit, with no tolerance. This file runs in its own process (vitest forks pool),
// so setting the variable before importing numbat affects nothing else.

process.env['NUMBAT_DISABLE_JIT'] = '1';

import { describe, it } from 'vitest';
import type { CorpusEntry } from '../corpus/types.js';
import { diffRuns } from '../harness/compare.js';
import { gridExtents, runPlain } from '../harness/plain.js';

// Dynamic imports: static ones would load numbat (the corpus imports its intrinsics)
// before the variable above is set.
const { kernel } = await import('../../src/index.js');
const { corpus } = await import('../corpus/index.js');

/** The same entry with every tolerance forced to exact. */
function exact(entry: CorpusEntry): CorpusEntry {
  return { ...entry, tolerance: { rel: 0, abs: 0, mismatchFraction: 0 }, backendTolerance: {} };
}

describe('NUMBAT_DISABLE_JIT=1 runs the plain function', () => {
  for (const entry of corpus) {
    it(entry.name, async () => {
      const args = entry.makeArgs();
      const compiled = kernel(entry.fn, entry.options as Parameters<typeof kernel>[1]);
      const grid = typeof entry.grid === 'number' ? entry.grid : gridExtents(entry.grid);
      const value: unknown = await compiled.launch(grid, ...args);
      const got = { args, value: typeof value === 'number' ? value : undefined, terms: [] };
      const problems = diffRuns(exact(entry), runPlain(entry), got, 'disable-jit');
      if (problems.length > 0) {
        throw new Error(`${entry.name} with NUMBAT_DISABLE_JIT=1 differs from the plain function:\n  ${problems.join('\n  ')}`);
      }
    });
  }
});
