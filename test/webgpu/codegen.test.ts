// codegen.test.ts — the pure WGSL codegen, no device needed: golden snapshots of the
// generated WGSL, the binding/uniform layout, refusals (f64), literals, dispatch folding.

import { describe, expect, test } from 'vitest';
import { generateWgsl } from '../../src/jit/codegen/wgsl.js';
import { literal } from '../../src/jit/codegen/wgsl/types.js';
import { refuseWebGpu } from '../../src/backends/webgpu/index.js';
import { foldDispatch } from '../../src/backends/webgpu/launch.js';
import * as K from './irKernels.js';

describe('golden WGSL', () => {
  for (const k of [K.saxpy, K.sumSquares, K.mandelbrot, K.histogram, K.labelled, K.shifted]) {
    test(k.name, async () => {
      await expect(generateWgsl(k).code).toMatchFileSnapshot(`./__snapshots__/${k.name}.wgsl`);
    });
  }
});

test('layout: uniform words, read-only vs read_write bindings, error and partial buffers', () => {
  const saxpy = generateWgsl(K.saxpy);
  expect(saxpy.buffers.map((b) => [b.binding, b.element, b.access])).toEqual([
    [1, 'f32', 'read'],
    [2, 'f32', 'read'],
    [3, 'f32', 'read_write'],
  ]);
  // total, the scalar a, g0–g2, partials, zero, three lengths: 10 words in 48 bytes.
  expect(saxpy.uniform).toMatchObject({
    total: 0,
    scalars: 1,
    grid: [2, 3, 4],
    partials: 5,
    zero: 6,
    lengths: 7,
    scalarTypes: ['f32'],
    bytes: 48,
  });
  expect(saxpy.code).toMatch(
    /struct NbParams \{\n {2}total: u32,\n {2}s0: f32, \/\/ a \(argument 0\)\n {2}g0: u32,/,
  );
  expect(saxpy.errorBinding).toBeNull();
  expect(saxpy.partialsBinding).toBeNull();
  const shifted = generateWgsl(K.shifted);
  expect(shifted.errorBinding).toBe(3);
  expect(shifted.sites.map((site) => [site.name, site.access])).toEqual([
    ['x', 'load'],
    ['out', 'store'],
  ]);
  expect(shifted.sites[0]).toEqual({
    arr: { kind: 'buffer', index: 0 },
    name: 'x',
    span: { start: 40, end: 52 },
    access: 'load',
  });
  const sum = generateWgsl(K.sumSquares);
  expect(sum.partialsBinding).toBe(2);
  expect(sum.reduceType).toBe('f32');
  const histogram = generateWgsl(K.histogram);
  expect(histogram.code).toContain('array<atomic<i32>>');
  expect(histogram.code).toContain('array<atomic<u32>>'); // f32 atomics on the bit pattern
  expect(histogram.code).toContain('atomicCompareExchangeWeak');
  const semantics = generateWgsl(K.semantics);
  expect(semantics.buffers[4]).toMatchObject({ element: 'i32' }); // i8 widened
  expect(semantics.code).toContain('extractBits('); // Int8Array store wraps (sign-extends its low 8 bits)
});

test('f64 is refused with a reason naming f64 and precision', () => {
  expect(refuseWebGpu(K.saxpy)).toBeNull();
  expect(refuseWebGpu(K.saxpyF64)).toMatch(
    /WebGPU has no f64: pass precision: 'f32' to store Float64Array data as f32/,
  );
  const computesF64 = { ...K.saxpy, uses: { ...K.saxpy.uses, f64: true } };
  expect(refuseWebGpu(computesF64)).toMatch(/no f64/);
  // f64 data under precision 'f32' is stored as f32 words (passes/demoteF64.ts) ...
  expect(refuseWebGpu({ ...K.saxpyF64, precision: 'f32' })).toBeNull();
  expect(generateWgsl({ ...K.saxpyF64, precision: 'f32' }).code).toContain('array<f32>');
  // ... but an f64 value reaching the WGSL codegen is a numbat bug.
  const f64Value = {
    ...K.saxpy,
    body: [
      {
        k: 'let' as const,
        name: 'v',
        t: 'f64' as const,
        init: { k: 'const' as const, t: 'f64' as const, v: 1 },
      },
    ],
  };
  expect(() => generateWgsl(f64Value)).toThrow(/internal error.*f64/);
});

test('literals: f32 shortest round trip, NaN/Inf through a runtime helper, INT_MIN', () => {
  expect(literal(0.1, 'f32')).toBe('0.1f');
  expect(literal(3, 'f32')).toBe('3.0f');
  expect(literal(-2.5, 'f32')).toBe('(-2.5f)');
  expect(literal(1e30, 'f32')).toBe('1e30f');
  expect(literal(NaN, 'f32')).toBe('nb_f32_bits(0x7fc00000u)');
  expect(literal(-Infinity, 'f32')).toBe('nb_f32_bits(0xff800000u)');
  expect(literal(-0, 'f32')).toBe('bitcast<f32>(0x80000000u)');
  expect(literal(-2147483648, 'i32')).toBe('(-2147483647i - 1i)');
  expect(literal(4294967295, 'u32')).toBe('4294967295u');
});

test('dispatch folding past 65 535 workgroups covers every workgroup', () => {
  expect(foldDispatch(10)).toEqual([10, 1, 1]);
  for (const n of [65535, 65536, 65535 * 3 + 1, 65535 * 65535 + 7]) {
    const [x, y, z] = foldDispatch(n);
    expect(Math.max(x, y, z)).toBeLessThanOrEqual(65535);
    expect(x * y * z).toBeGreaterThanOrEqual(n);
  }
});
