// corpus.test.ts — every cooperative kernel of the corpus on every backend and on the
// reference executor (NUMBAT_DISABLE_JIT=1), against its independently computed answer.

import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../harness/eachBackend.js';
import { check } from './check.js';
import { cooperativeCorpus } from './corpus.js';

describeEachBackend('cooperative kernels', (backend) => {
  for (const entry of cooperativeCorpus) {
    // Refused under NUMBAT_DISABLE_JIT=1 too: the program fails where it would compiled.
    if (entry.f64 && backend === 'webgpu') {
      it(`${entry.name}: refused (WebGPU has no f64)`, async () => {
        await expect(check(entry, backend)).rejects.toThrow(/no f64/);
      });
      continue;
    }
    it(entry.name, () => check(entry, backend));
  }
});

describe('cooperative kernels on the reference executor (NUMBAT_DISABLE_JIT=1)', () => {
  for (const entry of cooperativeCorpus) it(entry.name, () => check(entry, 'reference'));
});
