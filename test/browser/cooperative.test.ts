// cooperative.test.ts — the cooperative corpus inside headless Chromium, on every backend
// the page has (webgpu through navigator.gpu with workgroup memory and barriers; wasm,
// workers and js as phase-split flat kernels), against independently computed answers.

import { expect, it } from 'vitest';
import { check } from '../cooperative/check.js';
import { cooperativeCorpus } from '../cooperative/corpus.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('browser: cooperative kernels', (backend) => {
  for (const entry of cooperativeCorpus) {
    if (entry.f64 && backend === 'webgpu') {
      it(`${entry.name}: refused (WebGPU has no f64)`, async () => {
        await expect(check(entry, backend)).rejects.toThrow(/no f64/);
      });
      continue;
    }
    it(entry.name, () => check(entry, backend));
  }
});
