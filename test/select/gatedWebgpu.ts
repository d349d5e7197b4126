// gatedWebgpu.ts — the backend registry with WebGPU's probe held behind a gate, for tests of
// what `auto` does while that probe is not in (slowProbes.ts). A test file mocks the registry
// with it: vi.mock('../../src/backends/registry.js', async (original) =>
// (await import('./gatedWebgpu.js')).gatedRegistry(await original())), then opens the gate.

import type { BackendName, BackendStatus } from '../../src/backends/backend.js';
import type * as Registry from '../../src/backends/registry.js';

let open!: () => void;
const gate = new Promise<void>((resolve) => {
  open = resolve;
});
let started = false;

/** Lets WebGPU's probe run (once anything asks for it). */
export function openGate(): void {
  open();
}

/** Whether anything has asked for WebGPU's probe. */
export function webgpuProbeStarted(): boolean {
  return started;
}

/** `registry` whose probe of WebGPU waits for the gate (the other probes run as usual). */
export function gatedRegistry(registry: typeof Registry): typeof Registry {
  let gated: Promise<BackendStatus> | undefined;
  const probe: typeof registry.probe = (name) => {
    if (name !== 'webgpu') return registry.probe(name);
    started = true;
    gated ??= gate.then(() => registry.probe(name));
    return gated;
  };
  return {
    ...registry,
    probe,
    backends: async (names?: readonly BackendName[]) =>
      Promise.all((names ?? registry.BACKEND_NAMES).map((n) => probe(n))),
  };
}
