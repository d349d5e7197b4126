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

const threw = (backend: string, pattern: RegExp) => (b: string, r: BackendResult) => b === backend && r.status === 'threw' && pattern.test(r.message);
const mismatch = (backend: string, pattern: RegExp) => (b: string, r: BackendResult) => b === backend && r.status === 'mismatch' && pattern.test(r.cause);

export const KNOWN_CLASSES: readonly KnownClass[] = [
  {
    id: 'webgpu-math-accuracy',
    why: 'WebGPU Math functions are being brought to within 2 ulps of fround(Math.f(x))',
    matches: mismatch('webgpu', /^Math function accuracy/),
  },
  {
    id: 'webgpu-math-specials',
    why: 'WebGPU Math functions gave numbers where JS gives NaN (Math.log10(-6.25), Math.acosh(-2), Math.log1p(-11), Math.log(NaN)); fixed in the working tree of 2026-12-06',
    matches: mismatch('webgpu', /^Math special values/),
  },
  {
    id: 'webgpu-ftz',
    why: 'SwiftShader flushes f32 subnormals to zero (WGSL allows it): `o[i] = f32(x[i] * 2.0)` with x[i] = 2^-140 gives 0',
    matches: mismatch('webgpu', /subnormals flushed/),
  },
  {
    id: 'wgsl-f32-max-literal',
    why: "WGSL rejects the literal numbat prints for f32's largest value: `let v = f32(3.4028234663852886e+38)` gives `3.4028235e38f`, 'value cannot be represented as f32'",
    matches: threw('webgpu', /value cannot be represented as 'f32'/),
  },
  {
    id: 'wgsl-const-math-domain',
    why: 'WGSL const-evaluated Math on constants and rejected out-of-domain or overflowing arguments: `Math.acos(f32(1.5))`, `Math.atanh(10.0)`, `Math.sinh(100.0)`; fixed in the working tree of 2026-12-06',
    matches: threw('webgpu', /must be called with a value in the range|value -?inf cannot be represented/),
  },
  {
    id: 'wgsl-constant-index-out-of-bounds',
    why: 'A store at a constant out-of-range index failed WGSL validation instead of being dropped: `o0[-1] = 0`; fixed by f07fec7',
    matches: threw('webgpu', /index -?\d+ out of bounds/),
  },
  {
    id: 'wgsl-small-int-local-store',
    why: "Storing a constant into a local Int8Array/Int16Array fails WGSL validation ('shift left operation results in sign change'): `const t = new Int16Array(8); t[i] = i32(2147483647)`",
    matches: threw('webgpu', /shift left operation results in sign change/),
  },
  {
    id: 'webgpu-signed-zero',
    why: "WebGPU loses or invents −0: `o[i] = f32(-0.0)` stores +0 when the kernel also has the constant 0 (`Math.atan2(f32(0.0), s)`, a combiner's 0), and reduce 'sum' of −0 terms gives −0 where plain (0 + terms) gives +0",
    matches: (b, r) => b === 'webgpu' && r.status === 'mismatch' && r.cause === 'unexplained'
      && r.bad.every((x) => x.expected === 0 && x.got === 0 && !Object.is(x.expected, x.got)),
  },
  {
    id: 'wasm-atomics-beside-small-int-arrays',
    why: "wasm refuses every kernel with an atomic and a read-and-written 8/16-bit array, though the atomic is on an Int32Array: `(i, o, small) => { atomicAdd(o, 0, 1); small[i] = small[i] + 1; }`",
    matches: threw('wasm', /atomics on 8- or 16-bit integer arrays/),
  },
];

/** The id of the known class a failed run belongs to, or null. */
export function knownClassOf(backend: string, result: BackendResult): string | null {
  return KNOWN_CLASSES.find((k) => k.matches(backend, result))?.id ?? null;
}
