// eachBackend.ts — declares a describe block per backend: the tests run where the backend
// is available; elsewhere one test prints why it is skipped (or fails when
// NUMBAT_REQUIRE_BACKENDS names the backend). Never a silent skip.

import { describe, it } from 'vitest';
import { checkUnavailable, listBackends } from './backends.js';

const backendList = await listBackends();

/** `describe(title + ' on ' + name)` for every backend, with `body` run where it is available. */
export function describeEachBackend(
  title: string,
  body: (backend: 'js' | 'workers' | 'wasm' | 'webgpu') => void,
  only?: readonly string[],
): void {
  for (const b of backendList) {
    if (only && !only.includes(b.name)) continue;
    describe(`${title} on ${b.name}`, () => {
      if (!b.available) {
        it(`is skipped: ${b.name} is unavailable here`, () => checkUnavailable(b));
        return;
      }
      body(b.name as 'js' | 'workers' | 'wasm' | 'webgpu');
    });
  }
}

/** Whether a backend is available here. */
export function available(name: string): boolean {
  return backendList.some((b) => b.name === name && b.available);
}
