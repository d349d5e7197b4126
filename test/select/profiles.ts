// profiles.ts — machine profiles of chosen constants for the selector's tests: each backend
// costs a given time per operation and its launch overhead, nothing per byte; backends not
// named are very slow (1000 ns per operation).

import { setProfile } from '../../src/runtime/calibrate.js';
import type { BackendConstants } from '../../src/backends/costs.js';
import type { BackendName } from '../../src/backends/backend.js';
import type { MachineProfile } from '../../src/runtime/costModel.js';

/** Calibrated-looking constants: `nsPerOp` per operation, `launchMs` a launch. */
export function constants(nsPerOp: number, launchMs = 0.001): BackendConstants {
  return { launchMs, nsPerOp, nsPerByte: 0, stageNsPerByte: 0, source: 'calibrated' };
}

/** A profile with the given per-operation costs, in use from now on. */
export function useProfile(
  nsPerOp: Partial<Record<BackendName, number>>,
  launchMs = 0.001,
): MachineProfile {
  const profile: MachineProfile = {
    format: 1,
    key: 'test-machine',
    backends: {
      js: constants(nsPerOp.js ?? 1000, launchMs),
      workers: constants(nsPerOp.workers ?? 1000, launchMs),
      wasm: constants(nsPerOp.wasm ?? 1000, launchMs),
      webgpu: constants(nsPerOp.webgpu ?? 1000, launchMs),
    },
  };
  setProfile(profile);
  return profile;
}
