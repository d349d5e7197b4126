// loopInvariants.test.ts — values a kernel computes once before a loop stay out of the loop
// (issue 17): a Mandelbrot whose coordinates are computed in f64 and cast once to f32.
// The wasm emitter rotates every `while` loop (tested before it and at the bottom of each
// pass) — masked vector loops, the fused escape loop and scalar loops alike — because
// TurboFan recomputes a loop-invariant value inside the loop when its use does not
// dominate every loop exit; with the test at the top, the f64 prologue ran again in every
// pass of the f32 escape loop. Checked in the listing and against the plain function.

import { describe, expect, test } from 'vitest';
import { f32, kernel } from '../../src/index.js';
import { available } from '../harness/eachBackend.js';

const mandelbrotF64Prologue = kernel(
  (row: number, col: number, out: Int32Array, w: number, h: number, maxIter: number) => {
    const cx = f32(-2 + (col * 2.5) / w);
    const cy = f32(-1.25 + (row * 2.5) / h);
    let x = f32(0);
    let y = f32(0);
    let k = 0;
    while (k < maxIter && x * x + y * y <= 4) {
      const t = f32(x * x - y * y + cx);
      y = f32(2 * x * y + cy);
      x = t;
      k++;
    }
    out[row * w + col] = k;
  },
  { name: 'mandelbrotF64Prologue' },
);

/** Each `loop … end` of a listing: its instructions, and whether it holds another loop. */
function loopsOf(listing: string): Array<{ body: string[]; nested: boolean }> {
  const lines = listing.split('\n').map((l) => l.trim().split(' ')[0]!);
  const loops: Array<{ body: string[]; nested: boolean }> = [];
  for (let start = 0; start < lines.length; start++) {
    if (lines[start] !== 'loop') continue;
    let depth = 0;
    for (let k = start; k < lines.length; k++) {
      const op = lines[k]!;
      if (op === 'loop' || op === 'block' || op === 'if') depth++;
      if (op === 'end' && --depth === 0) {
        const body = lines.slice(start + 1, k);
        loops.push({ body, nested: body.includes('loop') });
        break;
      }
    }
  }
  return loops;
}

describe.skipIf(!available('wasm'))('loop invariants on wasm', () => {
  test('the escape loops are rotated and hold no f64 work', async () => {
    const side = 16;
    const info = await mandelbrotF64Prologue
      .with({ backend: 'wasm' })
      .inspect([side, side], new Int32Array(side * side), side, side, 64);
    const code = info.code ?? '';
    expect(code).toMatch(/escape loop fused/);
    // The prologue is vectorised in f64 (pairs of f64x2) before the escape loop …
    expect(code).toMatch(/f64x2\.div/);
    // The kernel's body function (the driver's `run` loop that calls it is not kernel code).
    const loops = loopsOf(code.slice(0, code.indexOf('(func $run')));
    const innermost = loops.filter((l) => !l.nested);
    // … the fused pair, the single vector and the scalar escape loop: f32 work only.
    expect(innermost.length).toBeGreaterThanOrEqual(3);
    for (const l of innermost) {
      expect(l.body.filter((op) => op.startsWith('f64'))).toEqual([]);
      expect(l.body.some((op) => op === 'f32x4.mul' || op === 'f32.mul')).toBe(true);
      // Rotated: the last instruction is the conditional branch back to the top.
      expect(l.body.at(-1)).toBe('br_if');
    }
  });

  test.each([
    [1, 1],
    [3, 7],
    [5, 13],
    [8, 16],
    [9, 21],
  ])('a %i×%i image equals the plain function', async (h, w) => {
    const maxIter = 64;
    const got = new Int32Array(h * w);
    const want = new Int32Array(h * w);
    await mandelbrotF64Prologue.with({ backend: 'wasm' }).launch([h, w], got, w, h, maxIter);
    for (let row = 0; row < h; row++)
      for (let col = 0; col < w; col++) mandelbrotF64Prologue.fn(row, col, want, w, h, maxIter);
    expect(got).toEqual(want);
    // Not trivially uniform: some pixels escape early, some never.
    if (h * w >= 64) expect(new Set(got).size).toBeGreaterThan(4);
  });
});
