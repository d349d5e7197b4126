// known.ts — mismatch classes already found and reported, waiting for their fix: the
// summary lists them with counts, but they are not counted as mismatches (so the slice
// in `npm test` catches new classes while these are fixed elsewhere). `--strict` counts
// them. Remove an entry when its fix lands; each names a minimal repro.

import type { BackendResult } from './runCase.js';

interface KnownClass {
  readonly id: string;
  readonly why: string;
  readonly matches: (backend: string, result: BackendResult) => boolean;
}

const threw = (backend: string, pattern: RegExp) => (b: string, r: BackendResult) =>
  b === backend && r.status === 'threw' && pattern.test(r.message);
const mismatch = (backend: string, pattern: RegExp) => (b: string, r: BackendResult) =>
  b === backend && r.status === 'mismatch' && pattern.test(r.cause);

export const KNOWN_CLASSES: readonly KnownClass[] = [
  {
    id: 'webgpu-ftz',
    why: 'SwiftShader (and many GPUs) flush f32 subnormal operands and results of + - * / and comparisons to zero, as WGSL allows (README, Floats on WebGPU): `o[i] = f32(x[i] * 2.0)` with x[i] = 2^-140 gives 0',
    matches: mismatch('webgpu', /subnormals flushed/),
  },
];

/** The id of the known class a failed run belongs to, or null. */
export function knownClassOf(backend: string, result: BackendResult): string | null {
  return KNOWN_CLASSES.find((k) => k.matches(backend, result))?.id ?? null;
}
