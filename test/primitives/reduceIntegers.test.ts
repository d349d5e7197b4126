// reduceIntegers.test.ts — reduce of 8- and 16-bit integer arrays accumulates in 32 bits
// (i32 for signed, u32 for unsigned: sums and products wrap at 32 bits, not at the element
// width; min and max keep the element type), and nothing to reduce gives the same identity
// with and without an axis; against plain-JS folds, on every backend.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { toDevice } from '../../src/index.js';
import { reduce } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { jitDisabled } from '../harness/backends.js';
import { rng, type Ctor } from './reference.js';

type Op = 'sum' | 'prod' | 'min' | 'max';

const NARROW: readonly { ctor: Ctor; lo: number; hi: number; signed: boolean }[] = [
  { ctor: Int8Array, lo: -128, hi: 127, signed: true },
  { ctor: Uint8Array, lo: 0, hi: 255, signed: false },
  { ctor: Int16Array, lo: -32768, hi: 32767, signed: true },
  { ctor: Uint16Array, lo: 0, hi: 65535, signed: false },
];

/** Plain-JS fold left to right in 32 bits (signed or unsigned), as README states. */
function fold(values: ArrayLike<number>, op: Op, signed: boolean): number {
  const wrap = (v: number): number => (signed ? v | 0 : v >>> 0);
  let acc = values[0]!;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (op === 'sum') acc = wrap(acc + v);
    else if (op === 'prod') acc = wrap(Math.imul(acc, v));
    else acc = op === 'min' ? Math.min(acc, v) : Math.max(acc, v);
  }
  return acc;
}

function randomData(ctor: Ctor, lo: number, hi: number, n: number, seed: number) {
  const r = rng(seed);
  const a = new ctor(n);
  for (let i = 0; i < n; i++) a[i] = lo + Math.floor(r() * (hi - lo + 1));
  return a;
}

function values(x: unknown): number[] {
  const v = x as { data?: ArrayLike<number> } & ArrayLike<number>;
  return Array.from(v.data ?? v);
}

// Wrapping at 32 bits is the compiled kernels' arithmetic; NUMBAT_DISABLE_JIT=1 runs the
// plain functions in JavaScript's unwrapped f64 instead (printed, as reduce.test.ts does).
if (jitDisabled())
  console.log(
    '[numbat tests] reduceIntegers: 32-bit wrap checks skipped under NUMBAT_DISABLE_JIT=1',
  );
describe.skipIf(jitDisabled())('compiled kernels', () => {
  describeEachBackend('reduce of 8- and 16-bit integers', (backend) => {
    it('sum and prod in 32 bits, min and max in the element type, whole arrays to a number', async () => {
      for (const [t, { ctor, lo, hi, signed }] of NARROW.entries()) {
        // 5000 elements: more than one block of 4096, sums far beyond the element width.
        const x = randomData(ctor, lo, hi, 5000, 11 + t);
        for (const op of ['sum', 'prod', 'min', 'max'] as const) {
          const got = await reduce(x, op, { backend });
          expect(got, `${ctor.name} ${op}`).toBe(fold(x, op, signed));
        }
      }
      // The probe's cases: beyond 8 and 16 bits, exact.
      expect(await reduce(Uint8Array.of(200, 100), 'sum', { backend })).toBe(300);
      expect(await reduce(Int16Array.of(30000, 30000), 'sum', { backend })).toBe(60000);
      expect(await reduce(Int8Array.of(-128, -128, -128), 'sum', { backend })).toBe(-384);
      // And wrapping at 32 bits: 65535³ mod 2³², unsigned.
      expect(await reduce(Uint16Array.of(65535, 65535, 65535), 'prod', { backend })).toBe(
        fold([65535, 65535, 65535], 'prod', false),
      );
    });

    it('a custom op over a whole array, past one block (probe 8, item 5: it was refused)', async () => {
      for (const [t, { ctor, lo, hi, signed }] of NARROW.entries()) {
        const x = randomData(ctor, lo, hi, 5000, 31 + t);
        for (const op of [(a: number, b: number) => a | b, (a: number, b: number) => a ^ b]) {
          let want = x[0]!;
          for (let j = 1; j < x.length; j++)
            want = signed ? op(want, x[j]!) | 0 : op(want, x[j]!) >>> 0;
          expect(await reduce(x, op, { backend }), `${ctor.name} ${op}`).toBe(want);
        }
      }
    });

    it('along an axis: i32/u32 results for sum, prod and a custom op; the element type for min/max', async () => {
      for (const [t, { ctor, lo, hi, signed }] of NARROW.entries()) {
        const data = randomData(ctor, lo, hi, 6 * 70, 21 + t);
        const a = ndarray(data, [70, 6]).transpose(1, 0); // [6, 70], strided
        const wide = signed ? Int32Array : Uint32Array;
        for (const op of ['sum', 'prod', 'min', 'max'] as const) {
          for (const axis of [0, 1]) {
            const want: number[] = [];
            const other = a.shape[1 - axis]!;
            for (let o = 0; o < other; o++) {
              const line: number[] = [];
              for (let t2 = 0; t2 < a.shape[axis]!; t2++)
                line.push(axis === 0 ? a.get(t2, o) : a.get(o, t2));
              want.push(fold(line, op, signed));
            }
            const got = (await reduce(a, op, { axis, backend })) as { data: unknown };
            const dtypeWant = op === 'min' || op === 'max' ? ctor : wide;
            expect(got.data, `${ctor.name} ${op} axis ${axis}`).toBeInstanceOf(dtypeWant);
            expect(values(got), `${ctor.name} ${op} axis ${axis}`).toEqual(want);
          }
        }
        // A custom op folds in 32 bits too (its accumulator is a kernel's 32-bit integer).
        const custom = (p: number, q: number) => p + 2 * q;
        const got = await reduce(a, custom, { axis: 1, backend });
        const want = [0, 1, 2, 3, 4, 5].map((r) => {
          let acc = a.get(r, 0);
          for (let c = 1; c < 70; c++)
            acc = signed ? (acc + 2 * a.get(r, c)) | 0 : (acc + 2 * a.get(r, c)) >>> 0;
          return acc;
        });
        expect(values(got), `${ctor.name} custom`).toEqual(want);
        // An NDArray: the result stays resident, with the 32-bit dtype.
        const d = await toDevice(a, backend);
        const r = await reduce(d, 'sum', { axis: 0 });
        expect(r.backend).toBe(backend);
        expect(r.dtype).toBe(signed ? 'i32' : 'u32');
        const wantSum = Array.from({ length: 70 }, (_, c) =>
          fold(
            [0, 1, 2, 3, 4, 5].map((row) => a.get(row, c)),
            'sum',
            signed,
          ),
        );
        expect(
          Array.from(((await r.toHost()) as unknown as { data: ArrayLike<number> }).data),
        ).toEqual(wantSum);
        const m = await reduce(d, 'max', { axis: 1 });
        expect(m.dtype).toBe(d.dtype);
        d.dispose();
        r.dispose();
        m.dispose();
      }
    });

    it('nothing to reduce is the identity, the same with and without an axis', async () => {
      const dtypes = [Float32Array, Int32Array, Uint32Array, ...NARROW.map((n) => n.ctor)];
      for (const ctor of dtypes) {
        for (const op of ['sum', 'prod', 'min', 'max'] as const) {
          const whole = await reduce(new ctor(0), op, { backend });
          const along = values(
            await reduce(ndarray(new ctor(0), [0, 2]), op, { axis: 0, backend }),
          );
          expect(along, `${ctor.name} ${op}`).toEqual([whole, whole]);
          // The identity in the dtype: x ⊕ identity = x for every element x of the type.
          const lo =
            ctor === Float32Array
              ? -Infinity
              : ctor.name.startsWith('Uint')
                ? 0
                : -(2 ** (new ctor(1).BYTES_PER_ELEMENT * 8 - 1));
          const hi =
            ctor === Float32Array ? Infinity : lo + 2 ** (new ctor(1).BYTES_PER_ELEMENT * 8) - 1;
          const want = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'min' ? hi : lo;
          expect(whole, `${ctor.name} ${op}`).toBe(want);
        }
      }
    });
  });
});
