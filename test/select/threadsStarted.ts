// threadsStarted.ts — for tests of `auto`'s other rules: every backend reports its thread
// pool as started (startupMs 0), as in a process that has run a parallel launch, so that a
// choice does not depend on whether this test file's process has started its pool yet.
// poolStartup.test.ts tests the rules for a pool not started.

import { vi } from 'vitest';
import { ALL_BACKENDS } from '../../src/backends/registry.js';

/** Makes every backend's startupMs() read 0 until the spies are restored. */
export function threadsStarted(): void {
  for (const backend of ALL_BACKENDS)
    if (backend.startupMs) vi.spyOn(backend, 'startupMs').mockReturnValue(0);
}
