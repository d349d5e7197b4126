// affineLoops.test.ts — counted loops whose accesses are affine in the counter
// (passes/affineIndex.ts, simd.ts): their range is checked once before the loop and the
// loop runs without per-access guards (a second, guarded copy runs when the check fails),
// and constant parts of an in-range index move into the memarg offset (addressing.ts);
// in that copy each distinct address is an induction variable advanced by the loop's
// update (also through `continue`, and inside nested loops).
// Each kernel is checked in its listing and against its plain function, at sizes where the
// check passes and where it fails (indices out of range at either end, wrapping i32).

import { describe, expect, test } from 'vitest';
import { i32, kernel, u32 } from '../../src/index.js';
import { affineStep } from '../../src/jit/passes/affineIndex.js';
import type { Expr } from '../../src/jit/ir/ir.js';
import { available } from '../harness/eachBackend.js';
import { wasmAndPlain } from '../harness/wasmVsPlain.js';

const f32 = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, q) => (((q * 7919 + seed) % 211) - 105) / 64);

// Four rows of a packed panel times a strip of b: uniform loads at +0…+3 and contiguous
// vector loads at +0 and +4 of an index affine in p (a gemm micro-kernel's shape).
const strip = kernel(
  (g: number, l: number, ap: Float32Array, bp: Float32Array, out: Float32Array, k: number) => {
    let s0 = 0;
    let s1 = 0;
    const pb = g * k * 8;
    for (let p = 0; p < k; p++) {
      const b0 = bp[pb + p * 8 + l]!;
      const b1 = bp[pb + p * 8 + 4 + l]!;
      s0 += ap[p * 4]! * b0 + ap[p * 4 + 3]! * b1;
      s1 += ap[p * 4 + 1]! * b1 - ap[p * 4 + 2]! * b0;
    }
    out[g * 8 + l] = s0;
    out[g * 8 + 4 + l] = s1;
  },
  { name: 'strip' },
);

describe.skipIf(!available('wasm'))('affine counted loops on wasm', () => {
  test('the loop is versioned, its accesses unguarded, constants in memarg offsets', async () => {
    const k = 16;
    const info = await strip
      .with({ backend: 'wasm' })
      .inspect([3, 4], f32(4 * k, 1), f32(3 * 8 * k, 2), new Float32Array(24), k);
    expect(info.code).toMatch(/every affine access of loop \w+ is in range: no guards/);
    // b1's +4 elements and a's +3 become byte offsets of the loads (a's a splat load).
    expect(info.code).toMatch(/v128\.load offset=16/);
    expect(info.code).toMatch(/v128\.load32_splat offset=12/);
  });

  test('each distinct address is one induction variable, advanced once per step', async () => {
    const k = 16;
    const info = await strip
      .with({ backend: 'wasm' })
      .inspect([3, 4], f32(4 * k, 1), f32(3 * 8 * k, 2), new Float32Array(24), k);
    const unguarded = info.code.split(/is in range: no guards/)[1]!.split(/\n\s*else\n/)[0]!;
    // b at +0 and +4 share one address, a at +0 … +3 another: two locals, set before the
    // loop and advanced by 8·4 and 4·4 bytes in it; every load of the copy reads one.
    const names = [
      ...new Set([...unguarded.matchAll(/local\.set \$(\w+_address)\b/g)].map((m) => m[1])),
    ];
    expect(names).toHaveLength(2);
    const advances = [
      ...unguarded.matchAll(
        /local\.get \$(\w+_address)\s+i32\.const (\d+)\s+i32\.add\s+local\.set \$(\w+)/g,
      ),
    ];
    expect(advances.map((m) => [m[1] === m[3], Number(m[2])]).sort()).toEqual([
      [true, 16],
      [true, 32],
    ]);
    const loads = [
      ...unguarded.matchAll(/local\.get \$(\w+)\s+v128\.load(32_splat)?( offset=\d+)?\n/g),
    ];
    expect(loads).toHaveLength(6);
    for (const m of loads) expect(names).toContain(m[1]);
  });

  // `continue` reaches the update (the addresses advance on that path too); an address of
  // the outer loop is read inside an inner counted loop with its own.
  const skipping = kernel(
    (i: number, x: Float32Array, y: Float32Array, out: Float32Array, k: number, m: number) => {
      let s = 0;
      for (let p = 0; p < k; p++) {
        if (p % 3 === 1) continue;
        const v = x[p * 4 + i]!;
        for (let q = 0; q < m; q++) s += v * y[q * 4 + i]! + x[p * 4 + 4 + i]!;
        s += x[p * 4 + i + 8]! * 0.5;
      }
      out[i] = s;
    },
    { name: 'skipping' },
  );
  test.each([
    [0, 0],
    [1, 2],
    [7, 3],
    [20, 1],
  ])('continue and a nested counted loop, k = %i, m = %i', async (k, m) => {
    const [got, want] = await wasmAndPlain(
      skipping,
      [4],
      () => [f32(4 * k + 12, 5), f32(4 * m + 4, 6), new Float32Array(4), k, m],
      [2],
    );
    expect(got).toEqual(want);
    // x too short for the last step: the guarded copy (NaN reads past the end).
    if (k > 0) {
      const [short, plain] = await wasmAndPlain(
        skipping,
        [4],
        () => [f32(4 * k + 6, 5), f32(4 * m + 4, 6), new Float32Array(4), k, m],
        [2],
      );
      expect(short).toEqual(plain);
    }
  });

  test.each([0, 1, 5, 64])('a strip kernel equals its plain function, k = %i', async (k) => {
    const [got, want] = await wasmAndPlain(
      strip,
      [3, 4],
      () => [f32(4 * k, 1), f32(3 * 8 * k, 2), new Float32Array(24), k],
      [2],
    );
    expect(got).toEqual(want);
  });

  test('arrays too short for the last iterations take the guarded copy (NaN reads)', async () => {
    const k = 9;
    // bp ends 3 elements early: the last step of the last strip reads past its end.
    const [got, want] = await wasmAndPlain(
      strip,
      [3, 4],
      () => [f32(4 * k, 1), f32(3 * 8 * k - 3, 2), new Float32Array(24), k],
      [2],
    );
    expect(got).toEqual(want);
    expect(Number.isNaN((got[0] as Float32Array)[23])).toBe(true);
  });

  // Indices falling (negative step), starting below zero, with a run-time factor, and
  // wrapping past 2^31 − 1: each against the plain function.
  const shapes = kernel(
    (
      i: number,
      x: Float32Array,
      out: Float32Array,
      from: number,
      to: number,
      base: number,
      stride: number,
    ) => {
      let s = 0;
      for (let p = from; p < to; p++) s += x[base - p]! + 2 * x[p * stride + i]!;
      out[i] = s;
    },
    { name: 'shapes' },
  );
  test.each([
    ['in range', 0, 8, 20, 3],
    ['falling below 0', 0, 30, 20, 1],
    ['starting below 0', -3, 5, 10, 2],
    ['a run-time stride reaching past the end', 0, 12, 11, 4],
    ['no iterations', 5, 5, 10, 1],
    ['wrapping i32', 2147483640, 2147483647, 2147483646, 1],
  ] as const)('%s', async (_, from, to, base, stride) => {
    const [got, want] = await wasmAndPlain(
      shapes,
      [40],
      () => [f32(48, 3), new Float32Array(40), from, to, base, stride],
      [1],
    );
    expect(got).toEqual(want);
  });

  // Contiguous stores in a counted loop (a packing kernel's shape).
  const scatter = kernel(
    (g: number, c: number, src: Float32Array, dst: Float32Array, k: number) => {
      for (let p = 0; p < k; p++) dst[(g * k + p) * 4 + c] = src[p * 8 + g * 4 + c]! * 2;
    },
    { name: 'scatterStores' },
  );
  test.each([1, 7, 32])('contiguous stores in the loop, k = %i', async (k) => {
    const info = await scatter
      .with({ backend: 'wasm' })
      .inspect([2, 4], f32(8 * k, 4), new Float32Array(8 * k), k);
    expect(info.code).toMatch(/every affine access of loop \w+ is in range: no guards/);
    const [got, want] = await wasmAndPlain(
      scatter,
      [2, 4],
      () => [f32(8 * k, 4), new Float32Array(8 * k), k],
      [1],
    );
    expect(got).toEqual(want);
  });
});

// One invocation per segment [starts[d], starts[d+1]) (a sort bucket's shape), compiled by the
// scalar emitter (grids under one vector): u32 counters, a stride, a run-time offset and
// factor, an i32 counter from below 0, a break, a load under a condition.
const segments = kernel(
  (d: number, starts: Uint32Array, x: Float32Array, out: Float32Array, w: number) => {
    const s = starts[d]!;
    const e = starts[d + 1]!;
    const uw = u32(w);
    const h = new Float32Array(4);
    let acc = 0;
    for (let j = s; j < e; j++) {
      acc += x[j]! + x[j * 2 + 1]!;
      h[j & 3] = h[j & 3]! + x[j + uw]! * x[j * uw]!;
      if (acc > 1e6) break;
      if (j > s + 2) acc -= x[j - 3]!;
    }
    for (let j = i32(s) - 3; j < i32(e); j++) acc += x[j]! * 0.5;
    out[d] = acc + h[0]! + h[1]! + h[2]! + h[3]!;
  },
  { name: 'segments' },
);

describe.skipIf(!available('wasm'))('counted loops in scalar code on wasm', () => {
  const starts = (...s: number[]): Uint32Array => Uint32Array.from(s);

  test('are versioned: their affine loads unguarded when in range', async () => {
    const info = await segments
      .with({ backend: 'wasm' })
      .inspect([3], starts(0, 5, 9, 20), f32(64, 3), new Float32Array(3), 2);
    expect(info.code).toMatch(/every affine load of loop \w+ is in range: no guards/);
  });

  test('give the results of the plain function, every index in range or not', async () => {
    // x of 64: in range throughout; of 30: j·2 + 1 and j·w run past the end in the last
    // segment; w = 0 and 3; i32(s) − 3 is below 0 in the first segment either way.
    for (const n of [64, 30])
      for (const w of [0, 3]) {
        const [got, want] = await wasmAndPlain(
          segments,
          [3],
          () => [starts(0, 5, 9, 20), f32(n, n + w), new Float32Array(3), w],
          [2],
        );
        expect(got, `n = ${n}, w = ${w}`).toEqual(want);
      }
  });

  test('an empty segment and one whose start is past its end run no iteration', async () => {
    const [got, want] = await wasmAndPlain(
      segments,
      [3],
      () => [starts(4, 4, 2, 9), f32(40, 7), new Float32Array(3), 1],
      [2],
    );
    expect(got).toEqual(want);
  });
});

describe('affineStep', () => {
  const int = (v: number): Expr => ({ k: 'const', t: 'i32', v });
  const loc = (name: string): Expr => ({ k: 'local', t: 'i32', name });
  const bin = (op: '+' | '-' | '*' | '<<' | '/', a: Expr, b: Expr): Expr => ({
    k: 'bin',
    t: 'i32',
    op,
    a,
    b,
  });
  const invariant = (name: string): boolean => name !== 'q';

  test('reads the coefficient of the counter through +, -, * and <<', () => {
    const e = bin('+', bin('*', bin('+', loc('base'), loc('p')), int(8)), int(4));
    expect(affineStep(e, 'p', invariant)).toEqual({ c: 8, factor: null });
    expect(affineStep(bin('-', loc('base'), bin('<<', loc('p'), int(2))), 'p', invariant)).toEqual({
      c: -4,
      factor: null,
    });
    const strided = affineStep(bin('+', bin('*', loc('p'), loc('n')), loc('i')), 'p', invariant);
    expect(strided?.c).toBe(1);
    expect(strided?.factor).toEqual(loc('n'));
    expect(affineStep(loc('base'), 'p', invariant)).toEqual({ c: 0, factor: null });
  });

  test('refuses what is not affine or not invariant', () => {
    expect(affineStep(bin('*', loc('p'), loc('p')), 'p', invariant)).toBeNull();
    expect(affineStep(bin('+', loc('p'), loc('q')), 'p', invariant)).toBeNull();
    expect(affineStep(bin('/', loc('p'), int(2)), 'p', invariant)).toBeNull();
    // Two run-time factors in one step.
    expect(affineStep(bin('*', bin('*', loc('p'), loc('n')), loc('m')), 'p', invariant)).toBeNull();
  });
});
