// reduceAccumulators.test.ts — the wasm generator's shortcuts for memory-bound reductions
// give the plain function's answers on every backend: a min or max folds vectors into four
// rotating accumulators (simd.ts, vaccSpares), and an operand used twice (`x[i] * x[i]`)
// is evaluated once (ir/sameValue.ts), in vector and scalar code. References are plain
// JavaScript loops over the same values; sizes cover one vector, a tail, and many chunks
// and blocks (reduceOrder.ts, the module's `run`).

import { describe, expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { atomicAdd, kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { combineInOrder } from '../harness/plain.js';
import { sameValue } from '../../src/jit/ir/sameValue.js';
import { bin, ci, load, local } from './irBuilders.js';

const SIZES = [1, 7, 64, 4099, 100_003];

/** Deterministic values in [−1, 1) with repeats (so that ties and equal maxima occur). */
function values(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = Math.round((s / 4294967296) * 2000 - 1000) / 1000;
  }
  return x;
}

const plainMax = (x: ArrayLike<number>): number => {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]!);
  return m;
};
const plainMin = (x: ArrayLike<number>): number => {
  let m = Infinity;
  for (let i = 0; i < x.length; i++) m = Math.min(m, x[i]!);
  return m;
};
const show = (v: number | undefined): string => (Object.is(v, -0) ? '-0' : String(v));

describeEachBackend('min and max reductions', (backend) => {
  // WebGPU reduces in f32 (README): f32 data only there, and no NaN or signed zeros.
  const cpu = backend !== 'webgpu';
  const max = kernel((i: number, x: Float32Array) => x[i]!, { reduce: 'max', backend });
  const min = kernel((i: number, x: Float32Array) => x[i]!, { reduce: 'min', backend });

  it.each(SIZES)('of f32 values equal the plain loop (n = %i)', async (n) => {
    const x = Float32Array.from(values(n, n));
    expect(await max.launch(n, x)).toBe(plainMax(x));
    expect(await min.launch(n, x)).toBe(plainMin(x));
  });

  if (!cpu) return;
  const max64 = kernel((i: number, x: Float64Array) => x[i]!, { reduce: 'max', backend });
  const min64 = kernel((i: number, x: Float64Array) => x[i]!, { reduce: 'min', backend });

  it.each(SIZES)('of f64 values equal the plain loop (n = %i)', async (n) => {
    const x = values(n, 3 * n + 1);
    expect(await max64.launch(n, x)).toBe(plainMax(x));
    expect(await min64.launch(n, x)).toBe(plainMin(x));
  });

  it.each([67, 4099])('find a unique extreme at any position (n = %i)', async (n) => {
    // Every position of the first and last 40 and a stride through the rest: each
    // accumulator, lane, vector tail and block boundary holds the extreme in some case.
    const at = new Set<number>();
    for (let p = 0; p < Math.min(n, 40); p++) at.add(p).add(n - 1 - p);
    for (let p = 0; p < n; p += 97) at.add(p);
    const x = values(n, 17);
    for (const p of at) {
      const saved = x[p]!;
      x[p] = 7;
      expect(await max64.launch(n, x), `max at ${p}`).toBe(7);
      x[p] = -7;
      expect(await min64.launch(n, x), `min at ${p}`).toBe(-7);
      x[p] = saved;
    }
  });

  it.each(SIZES)('propagate a NaN wherever it is (n = %i)', async (n) => {
    for (const at of new Set([0, n >> 1, n - 1, Math.min(n - 1, 13)])) {
      const x = values(n, at + 5);
      x[at] = NaN;
      expect(await max64.launch(n, x), `NaN at ${at}`).toBe(plainMax(x));
      expect(await min64.launch(n, x), `NaN at ${at}`).toBe(plainMin(x));
    }
  });

  it.each(SIZES)('tell +0 from −0 as Math.max and Math.min do (n = %i)', async (n) => {
    for (const at of new Set([0, n >> 1, n - 1])) {
      // max over −0 with one +0 is +0; min over +0 with one −0 is −0; and without them, ∓0.
      const negZeros = new Float64Array(n).fill(-0);
      expect(show(await max64.launch(n, negZeros))).toBe(show(plainMax(negZeros)));
      negZeros[at] = 0;
      expect(show(await max64.launch(n, negZeros)), `+0 at ${at}`).toBe(show(plainMax(negZeros)));
      const posZeros = new Float64Array(n).fill(0);
      expect(show(await min64.launch(n, posZeros))).toBe(show(plainMin(posZeros)));
      posZeros[at] = -0;
      expect(show(await min64.launch(n, posZeros)), `−0 at ${at}`).toBe(show(plainMin(posZeros)));
    }
  });

  it.each(SIZES)('with lane-divergent returns equal the plain loop (n = %i)', async (n) => {
    const clipped = kernel(
      (i: number, x: Float64Array) => {
        const v = x[i]!;
        if (v > 0.25) return v * 2;
        return -v - 3;
      },
      { reduce: 'max', backend },
    );
    const x = values(n, 7 * n);
    const terms = Array.from(x, (v) => (v > 0.25 ? v * 2 : -v - 3));
    expect(await clipped.launch(n, x)).toBe(plainMax(terms));
  });

  it('of i32 values equal the plain loop', async () => {
    const n = 100_003;
    const x = Int32Array.from(values(n, 11), (v) => Math.round(v * 2 ** 30));
    const maxI = kernel((i: number, x: Int32Array) => x[i]!, { reduce: 'max', backend });
    const minI = kernel((i: number, x: Int32Array) => x[i]!, { reduce: 'min', backend });
    expect(await maxI.launch(n, x)).toBe(plainMax(x));
    expect(await minI.launch(n, x)).toBe(plainMin(x));
  });
});

describeEachBackend('an operand used twice', (backend) => {
  if (compiledOnly(`f32 products of an operand used twice (on ${backend})`))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  const cpu = backend !== 'webgpu';
  const x32 = Float32Array.from(values(100_003, 9));
  const y32 = Float32Array.from(values(100_003, 10));

  it.each(SIZES)(
    'x[i] * x[i] and (x[i] − y[i])² summed equal the plain reference (n = %i)',
    async (n) => {
      const sq = kernel((i: number, x: Float32Array) => x[i]! * x[i]!, { reduce: 'sum', backend });
      const dist = kernel(
        (i: number, x: Float32Array, y: Float32Array) => (x[i]! - y[i]!) * (x[i]! - y[i]!),
        { reduce: 'sum', backend },
      );
      // Operands that differ only in their array or index stay two (a control).
      const dot = kernel((i: number, x: Float32Array, y: Float32Array) => x[i]! * y[i]!, {
        reduce: 'sum',
        backend,
      });
      const shifted = kernel(
        (i: number, x: Float32Array) => x[i]! * x[i + 1 < x.length ? i + 1 : i]!,
        { reduce: 'sum', backend },
      );
      const x = x32.subarray(0, n);
      const y = y32.subarray(0, n);
      const dotTerms = Array.from(x, (v, i) => Math.fround(v * y[i]!));
      const shiftedTerms = Array.from(x, (v, i) => Math.fround(v * x[i + 1 < n ? i + 1 : i]!));
      const gotDot = (await dot.launch(n, x, y))!;
      const gotShifted = (await shifted.launch(n, x))!;
      if (cpu) {
        expect(gotDot).toBe(combineInOrder('sum', dotTerms));
        expect(gotShifted).toBe(combineInOrder('sum', shiftedTerms));
      } else {
        expect(Math.abs(gotDot - combineInOrder('sum', dotTerms)!)).toBeLessThan(
          1e-3 * Math.sqrt(n),
        );
        expect(Math.abs(gotShifted - combineInOrder('sum', shiftedTerms)!)).toBeLessThan(
          1e-3 * Math.sqrt(n),
        );
      }
      // The kernel computes in f32 (f32 arrays): each term rounded to f32, summed in f64 on
      // the CPU backends in reduceOrder.ts's order (combineInOrder); in f32 on WebGPU.
      const sqTerms = Array.from(x, (v) => Math.fround(v * v));
      const distTerms = Array.from(x, (v, i) => {
        const d = Math.fround(v - y[i]!);
        return Math.fround(d * d);
      });
      const gotSq = (await sq.launch(n, x))!;
      const gotDist = (await dist.launch(n, x, y))!;
      if (cpu) {
        expect(gotSq).toBe(combineInOrder('sum', sqTerms));
        expect(gotDist).toBe(combineInOrder('sum', distTerms));
      } else {
        expect(gotSq).toBeCloseTo(combineInOrder('sum', sqTerms)!, 0);
        expect(Math.abs(gotDist / combineInOrder('sum', distTerms)! - 1)).toBeLessThan(1e-4);
      }
    },
  );

  it('x[i] + x[i], x[i] − x[i] and x[i] * x[i] stored by a map kernel equal the plain loop', async () => {
    const n = 4099;
    const out = new Float32Array(3 * n);
    const k = kernel(
      (i: number, x: Float32Array, o: Float32Array, n: number) => {
        o[i] = x[i]! + x[i]!;
        o[n + i] = x[i]! - x[i]!;
        o[2 * n + i] = x[i]! * x[i]!;
      },
      { backend },
    );
    const x = x32.subarray(0, n);
    await k.launch(n, x, out, n);
    for (let i = 0; i < n; i++) {
      expect(out[i]).toBe(Math.fround(x[i]! + x[i]!));
      expect(out[n + i]).toBe(0);
      expect(out[2 * n + i]).toBe(Math.fround(x[i]! * x[i]!));
    }
  });

  if (!cpu) return;
  it('on the scalar path (boundsCheck) and for f64 and i32 values', async () => {
    const n = 4099;
    const x = values(n, 21);
    const sq64 = kernel((i: number, x: Float64Array) => x[i]! * x[i]!, {
      reduce: 'sum',
      backend,
      boundsCheck: true,
    });
    expect(await sq64.launch(n, x)).toBe(
      combineInOrder(
        'sum',
        Array.from(x, (v) => v * v),
      ),
    );
    const xi = Int32Array.from(x, (v) => Math.round(v * 1e5));
    const sqI = kernel((i: number, x: Int32Array) => x[i]! * x[i]!, { reduce: 'sum', backend });
    // An i32 product wraps to 32 bits (Math.imul), as in the plain function.
    expect(await sqI.launch(n, xi)).toBe(
      combineInOrder(
        'sum',
        Array.from(xi, (v) => Math.imul(v, v)),
      ),
    );
  });

  it('an atomic used twice runs twice', async () => {
    const counter = new Int32Array(1);
    const out = new Int32Array(64);
    const k = kernel(
      (i: number, c: Int32Array, o: Int32Array) => {
        o[i] = atomicAdd(c, 0, 1) + atomicAdd(c, 0, 1);
      },
      { backend },
    );
    await k.launch(64, counter, out);
    expect(counter[0]).toBe(128);
  });
});

describe('sameValue', () => {
  const i = local('i', 'i32');
  it('matches equal loads and arithmetic, whatever their spans', () => {
    expect(sameValue(load(0, i, 'f32'), load(0, i, 'f32'))).toBe(true);
    const d = () => bin('-', load(0, i, 'f32'), load(1, i, 'f32'), 'f32');
    expect(sameValue(d(), d())).toBe(true);
  });
  it('tells different arrays, indices, operators and types apart', () => {
    expect(sameValue(load(0, i, 'f32'), load(1, i, 'f32'))).toBe(false);
    expect(sameValue(load(0, i, 'f32'), load(0, bin('+', i, ci(1), 'i32'), 'f32'))).toBe(false);
    expect(sameValue(load(0, i, 'f32'), load(0, i, 'f64'))).toBe(false);
    const a = load(0, i, 'f32');
    expect(sameValue(bin('-', a, a, 'f32'), bin('+', a, a, 'f32'))).toBe(false);
  });
});
