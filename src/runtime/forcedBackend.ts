// forcedBackend.ts — a backend forced on a kernel (NUMBAT_BACKEND, or the `backend` option
// other than 'auto'): which one and how it was forced, and the errors it gives before
// anything runs: a name numbat has no backend by, a kernel the backend refuses (f64 on
// WebGPU). The selector asks before its first choice; NUMBAT_DISABLE_JIT's plain launch asks
// too, so that a program fails where it would with the JIT on.

import type { Backend, BackendName } from '../backends/backend.js';
import { BACKEND_NAMES, backendByName } from '../backends/registry.js';
import type { IrKernel } from '../jit/ir/ir.js';

const env = (name: string): string | undefined =>
  typeof process !== 'undefined' ? process.env?.[name] : undefined;

/** NUMBAT_BACKEND, when it names a backend (not 'auto'). */
export function envBackend(): string | undefined {
  const value = env('NUMBAT_BACKEND');
  return value && value !== 'auto' ? value : undefined;
}

/**
 * The backend NUMBAT_BACKEND or the `backend` option forces, and how it was forced (none
 * under `auto`); a TypeError for a name numbat has no backend by.
 */
export function forcedBackend(
  ir: IrKernel,
  requested: BackendName | 'auto',
): { backend: Backend; how: string } | undefined {
  const forced = envBackend() ?? (requested !== 'auto' ? requested : undefined);
  if (!forced) return undefined;
  const backend = backendByName(forced as BackendName);
  const how = envBackend() ? `NUMBAT_BACKEND=${forced}` : `backend: '${forced}'`;
  if (!backend)
    throw new TypeError(
      `numbat: kernel '${ir.name}': ${how} names no backend numbat has (${BACKEND_NAMES.join(', ')})`,
    );
  return { backend, how };
}

/**
 * The TypeError for a kernel that the forced backend refuses (f64 on WebGPU, say), before
 * anything runs; also under NUMBAT_DISABLE_JIT, so a program fails where it would with the
 * JIT on.
 */
export function throwIfRefused(
  ir: IrKernel,
  forced: { backend: Backend; how: string } | undefined,
): void {
  const refusal = forced?.backend.refuse(ir);
  if (forced && refusal)
    throw new TypeError(
      `numbat: kernel '${ir.name}' cannot run on ${forced.backend.name} (${forced.how}): ${refusal}`,
    );
}
