// narrowVectors.test.ts — contiguous SIMD loads and stores of 1- and 2-byte integer arrays
// (simdMemory.ts): four elements widened to i32 lanes by one load (`v128.load16x4_*`, or
// `v128.load32_zero` and two extends), narrowed back by a shuffle and one lane store,
// instead of four guarded scalar accesses. Each kernel is checked in its listing and
// against its plain function: sign and zero extension, wrapping stores of values out of the
// dtype's range, lengths that are not multiples of four (the scalar tail), an index offset
// by one element.

import { describe, expect, test } from 'vitest';
import { kernel } from '../../src/index.js';
import { available } from '../harness/eachBackend.js';
import { wasmAndPlain } from '../harness/wasmVsPlain.js';

type IntArray = Int8Array | Uint8Array | Int16Array | Uint16Array;
type IntArrayClass = { new (n: number): IntArray; readonly BYTES_PER_ELEMENT: number };

// out[i] = a[i]·3 − 7 + b[i + 1]: both loads contiguous (b's one element on), the store
// wraps (a's ·3 leaves the dtype's range). Typed for Int16Array, launched on all four.
const mix = kernel(
  (i: number, a: Int16Array, b: Int16Array, out: Int16Array) => {
    out[i] = a[i]! * 3 - 7 + b[i + 1]!;
  },
  { name: 'narrowMix' },
);

// Narrow to wide and back: bytes to floats, floats to bytes (products exact in f32, so
// the f32 arithmetic of precision 'auto' gives the plain function's values).
const toFloat = kernel(
  (i: number, a: Uint8Array, out: Float32Array) => {
    out[i] = a[i]! * 0.25;
  },
  { name: 'narrowToFloat' },
);
const toBytes = kernel(
  (i: number, a: Float32Array, out: Uint8Array) => {
    out[i] = a[i]! * 4 - 300;
  },
  { name: 'narrowFromFloat' },
);

/** Every value of the dtype's range and a few around it, repeated to length n. */
function fill(C: IntArrayClass, n: number, seed: number): IntArray {
  const a = new C(n);
  for (let q = 0; q < n; q++) a[q] = (q * 7919 + seed * 104729) % 70001;
  return a;
}

const CLASSES: [string, IntArrayClass][] = [
  ['i8', Int8Array],
  ['u8', Uint8Array],
  ['i16', Int16Array],
  ['u16', Uint16Array],
];

describe.skipIf(!available('wasm'))('contiguous SIMD accesses of 1- and 2-byte integers', () => {
  test.each(CLASSES)('%s loads and stores are vector accesses', async (_, C) => {
    const n = 64;
    const info = await mix
      .with({ backend: 'wasm' })
      .inspect(
        n,
        fill(C, n, 1) as Int16Array,
        fill(C, n + 1, 2) as Int16Array,
        new C(n) as Int16Array,
      );
    const wide = C.BYTES_PER_ELEMENT === 2;
    expect(info.code).toMatch(
      wide ? /v128\.load16x4_[su]/ : /v128\.load32_zero[\s\S]*i32x4\.extend_low_i16x8_[su]/,
    );
    expect(info.code).toMatch(wide ? /v128\.store64_lane/ : /v128\.store32_lane/);
  });

  test.each(CLASSES)('%s: the same values as the plain function', async (_, C) => {
    // 4k and 4k ± 1 (scalar tails).
    for (const n of [1, 3, 4, 5, 63, 64, 65, 1001]) {
      const [got, want] = await wasmAndPlain(
        mix,
        [n],
        () => [fill(C, n, 3), fill(C, n + 1, 4), new C(n)],
        [2],
      );
      expect(got, `n ${n}`).toEqual(want);
    }
  });

  test('u8 → f32 and f32 → u8 (wrapped), as the plain function', async () => {
    for (const n of [7, 64, 1003]) {
      const bytes = (): Uint8Array => fill(Uint8Array, n, 5) as Uint8Array;
      const [got, want] = await wasmAndPlain(
        toFloat,
        [n],
        () => [bytes(), new Float32Array(n)],
        [1],
      );
      expect(got).toEqual(want);
      const floats = (): Float32Array =>
        Float32Array.from({ length: n }, (_, q) => ((q * 37) % 601) - 150);
      const [got2, want2] = await wasmAndPlain(
        toBytes,
        [n],
        () => [floats(), new Uint8Array(n)],
        [1],
      );
      expect(got2).toEqual(want2);
    }
  });
});
