// corpus.test.ts — the differential corpus inside headless Chromium: every corpus entry on
// every backend `backends()` reports in the page (webgpu through navigator.gpu, wasm,
// workers as Web Workers over shared memory, js), held to the plain function with the
// same harness as the Node run. An unavailable backend gets one visible test with its
// reason (failing when NUMBAT_REQUIRE_BACKENDS names it).

import { describe, expect, it } from 'vitest';
import { corpus } from '../corpus/index.js';
import { checkUnavailable, listBackends } from '../harness/backends.js';
import { checkEntry } from '../harness/differential.js';

describe('the page', () => {
  it('is cross-origin isolated (SharedArrayBuffer for workers and shared wasm memory)', () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    expect(typeof SharedArrayBuffer).toBe('function');
  });
});

const available = await listBackends();

for (const backend of available) {
  describe(`browser backend ${backend.name}`, () => {
    if (!backend.available) {
      it(`backend ${backend.name} unavailable: ${backend.reason}`, () => checkUnavailable(backend));
      return;
    }
    for (const entry of corpus) {
      it(entry.name, async () => {
        const note = await checkEntry(entry, backend.name);
        if (note) console.log(`[numbat browser tests] ${entry.name} on ${backend.name}: ${note}`);
      });
    }
  });
}
