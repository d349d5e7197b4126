// select.ts — which backend runs a launch, and why.
//
// Forced choices first (NUMBAT_BACKEND, the `backend` option); otherwise the candidates
// are the available backends that accept the kernel, and the choice follows where the
// data already lives and the size of the work. The reason is kept for `inspect`.

import type { BackendName } from './backend.js';
import type { IrKernel } from '../jit/ir/ir.js';
import { backendByName, probe } from './registry.js';

export interface Choice {
  readonly backend: BackendName;
  readonly reason: string;
}

/** Work below this many grid indices runs on the calling thread: a dispatch costs more. */
export const PARALLEL_THRESHOLD = 1 << 14;

export function envBackend(): string | undefined {
  const env = typeof process !== 'undefined' ? process.env?.NUMBAT_BACKEND : undefined;
  return env && env !== 'auto' ? env : undefined;
}

/** Chooses the backend for a launch of `ir` over `total` grid indices. */
export async function chooseBackend(
  ir: IrKernel,
  total: number,
  requested: BackendName | 'auto',
  residentOn: readonly BackendName[],
): Promise<Choice> {
  const forced = envBackend() ?? (requested !== 'auto' ? requested : undefined);
  if (forced) {
    const backend = backendByName(forced as BackendName);
    const how = envBackend() ? `NUMBAT_BACKEND=${forced}` : `backend: '${forced}'`;
    if (!backend) throw new TypeError(`numbat: kernel '${ir.name}': ${how} names no backend numbat has (js, workers, wasm, webgpu)`);
    const status = await probe(backend.name);
    if (!status.available) throw new Error(`numbat: kernel '${ir.name}': ${how} was requested, but that backend is unavailable here: ${status.reason}`);
    const refusal = backend.refuse(ir);
    if (refusal) throw new TypeError(`numbat: kernel '${ir.name}' cannot run on ${forced} (${how}): ${refusal}`);
    return { backend: backend.name, reason: `forced by ${how}` };
  }
  const candidates: { name: BackendName; why: string }[] = [];
  const refused: string[] = [];
  for (const name of ['wasm', 'workers', 'webgpu', 'js'] as const) {
    const backend = backendByName(name);
    if (!backend) continue;
    const status = await probe(name);
    if (!status.available) { refused.push(`${name}: ${status.reason}`); continue; }
    const refusal = backend.refuse(ir);
    if (refusal) { refused.push(`${name}: ${refusal}`); continue; }
    candidates.push({ name, why: '' });
  }
  const has = (n: BackendName) => candidates.some((c) => c.name === n);
  const notes = refused.length ? `; not considered: ${refused.join('; ')}` : '';
  const resident = residentOn.find((n) => has(n));
  if (resident) return { backend: resident, reason: `the kernel's NDArrays already live on ${resident}${notes}` };
  if (total < PARALLEL_THRESHOLD && has('js')) {
    return { backend: 'js', reason: `small grid (${total} indices < ${PARALLEL_THRESHOLD}): a single thread beats the cost of a parallel dispatch${notes}` };
  }
  for (const name of ['wasm', 'workers'] as const) {
    if (has(name)) return { backend: name, reason: `grid of ${total} indices: ${name === 'wasm' ? 'SIMD WebAssembly on every core' : 'JavaScript on every core'}${notes}` };
  }
  const first = candidates[0];
  if (!first) throw new Error(`numbat: kernel '${ir.name}': no backend can run it here${notes}`);
  return { backend: first.name, reason: `the only backend able to run it${notes}` };
}
