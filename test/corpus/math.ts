// math.ts — Math.* functions and constants, `**`, the casts f32/f64/i32/u32, Math.trunc,
// Math.imul, `| 0` and `>>> 0` on floats (ToInt32 wraps modulo 2^32), rounding of halves.

import { f32, f64, i32, u32 } from '../../src/index.js';
import { mulberry32, randF32, randF64, randI32 } from './prng.js';
import type { CorpusEntry } from './types.js';

/** Halves and near-halves, positive and negative: Math.round rounds half up (towards +∞). */
function halves(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = (k - n / 2) / 2 + (k % 5 === 0 ? 1e-9 : 0);
  return out;
}

/** Floats beyond the i32 range, both signs, for ToInt32/ToUint32 wrapping. */
function wideFloats(n: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = (next() - 0.5) * 2 ** (1 + Math.floor(next() * 40));
  return out;
}

/**
 * Float-to-int edge cases (NaN, ±Infinity, −0, around ±2^31 and ±2^32, huge), each placed
 * among ordinary in-range values so that one lane of a vector saturates while the others
 * do not; `f32` keeps to values an f32 holds exactly.
 */
function edgeFloats(n: number, f32Only: boolean): Float64Array {
  const edges = [
    NaN,
    Infinity,
    -Infinity,
    -0,
    0.5,
    -0.5,
    2147483647,
    -2147483648,
    2147483648,
    -2147483649,
    4294967295,
    4294967296,
    -4294967296,
    2 ** 40 + 3,
    -(2 ** 40) - 5,
    1e300,
    -1e300,
    2 ** 53,
    2147483520,
    -2147483520,
    3e9,
    -3e9,
    2147483647.5,
    -2147483648.75,
    2147483646.5,
  ].filter(
    (v) => !f32Only || Object.is(Math.fround(v), v) || Number.isNaN(v) || Math.abs(v) > 1e40,
  );
  const out = new Float64Array(n);
  const next = mulberry32(311 + (f32Only ? 1 : 0));
  for (let k = 0; k < n; k++) out[k] = (next() - 0.5) * 1000;
  edges.forEach((v, k) => {
    out[(k * 3 + (k % 4)) % n] = v;
  });
  return out;
}

export const math: CorpusEntry[] = [
  {
    name: 'math/elementary-f64',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const v = x[i]!;
      const a = Math.abs(v);
      out[8 * i] = Math.sqrt(a) + Math.cbrt(v);
      out[8 * i + 1] = Math.exp(v) - Math.log(a + 1);
      out[8 * i + 2] = Math.sin(v) * Math.cos(v) + Math.tan(v / 4);
      out[8 * i + 3] = Math.atan2(v, 1.5) + Math.atan(v) + Math.asin(v / 4) + Math.acos(v / 4);
      out[8 * i + 4] = Math.pow(a, 1.7) + a ** 0.5 + Math.hypot(v, 3);
      out[8 * i + 5] = Math.log2(a + 0.5) + Math.log10(a + 0.5) + Math.log1p(a) + Math.expm1(v / 2);
      out[8 * i + 6] = Math.sinh(v / 2) + Math.cosh(v / 2) + Math.tanh(v);
      out[8 * i + 7] = Math.sign(v) + Math.min(v, 1, -a / 2) + Math.max(v, 0.25);
    },
    grid: 300,
    makeArgs: () => [randF64(300, 301, -4, 4), new Float64Array(2400)],
    outputs: [1],
    tolerance: { rel: 1e-13, abs: 1e-14 },
  },
  {
    name: 'math/elementary-f32',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      const v = x[i]!;
      const a = Math.abs(v);
      out[6 * i] = Math.sqrt(a);
      out[6 * i + 1] = Math.exp(v);
      out[6 * i + 2] = Math.log(a + 1);
      out[6 * i + 3] = Math.sin(v) + Math.cos(v);
      out[6 * i + 4] = Math.atan2(v, 1.5);
      out[6 * i + 5] = Math.pow(a, 1.5) + Math.hypot(v, 2);
    },
    grid: 300,
    makeArgs: () => [randF32(300, 302, -3, 3), new Float32Array(1800)],
    outputs: [1],
    tolerance: { rel: 1e-5, abs: 1e-6 },
    backendTolerance: { webgpu: { rel: 1e-4, abs: 2 ** -11 } },
    note: 'WebGPU: WGSL builtins are accurate to 2^-11 absolute for sin/cos on [-π, π]',
  },
  {
    name: 'math/constants',
    fn: (i: number, out: Float64Array) => {
      const k = i + 1;
      out[i] =
        Math.PI * k +
        Math.E / k +
        Math.SQRT2 -
        Math.SQRT1_2 +
        Math.LN2 * Math.LN10 +
        Math.LOG2E -
        Math.LOG10E;
    },
    grid: 64,
    makeArgs: () => [new Float64Array(64)],
    outputs: [0],
  },
  {
    name: 'math/constants-into-f32',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * Math.PI + Math.E;
    },
    grid: 128,
    makeArgs: () => [randF32(128, 303), new Float32Array(128)],
    outputs: [1],
  },
  {
    name: 'math/rounding-halves',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const v = x[i]!;
      out[5 * i] = Math.round(v);
      out[5 * i + 1] = Math.floor(v);
      out[5 * i + 2] = Math.ceil(v);
      out[5 * i + 3] = Math.trunc(v);
      out[5 * i + 4] = Math.sign(v);
    },
    grid: 201,
    makeArgs: () => [halves(201), new Float64Array(1005)],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
    note: 'Math.round(-2.5) is -2 and Math.round(2.5) is 3 (not half-to-even); Math.round(-0.4) is -0',
  },
  {
    name: 'math/rounding-halves-f32',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[2 * i] = Math.round(x[i]!);
      out[2 * i + 1] = Math.trunc(x[i]!) + Math.floor(x[i]!) + Math.ceil(x[i]!);
    },
    grid: 201,
    makeArgs: () => [new Float32Array(halves(201)), new Float32Array(402)],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'math/power-operator',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const v = x[i]!;
      out[3 * i] = v ** 2;
      out[3 * i + 1] = 2 ** (i % 40);
      out[3 * i + 2] = Math.abs(v) ** -1.5;
    },
    grid: 100,
    makeArgs: () => [randF64(100, 304, -3, 3), new Float64Array(300)],
    outputs: [1],
  },
  {
    name: 'math/casts-f32-f64-i32-u32',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const v = x[i]!;
      out[4 * i] = f32(v);
      out[4 * i + 1] = f64(v) * 2;
      out[4 * i + 2] = i32(v);
      out[4 * i + 3] = u32(v);
    },
    grid: 300,
    makeArgs: () => [wideFloats(300, 305), new Float64Array(1200)],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
    note: 'i32(x) is x | 0: values beyond ±2^31 wrap modulo 2^32',
  },
  {
    name: 'math/bitwise-truncation-of-floats',
    fn: (i: number, x: Float64Array, outI: Int32Array, outU: Uint32Array, outT: Float64Array) => {
      const v = x[i]!;
      outI[i] = v | 0;
      outU[i] = v >>> 0;
      outT[i] = Math.trunc(v);
    },
    grid: 300,
    makeArgs: () => [
      wideFloats(300, 306),
      new Int32Array(300),
      new Uint32Array(300),
      new Float64Array(300),
    ],
    outputs: [1, 2, 3],
  },
  {
    name: 'math/float-to-int-edges-f64',
    fn: (i: number, x: Float64Array, outI: Int32Array, outU: Uint32Array, outC: Float64Array) => {
      const v = x[i]!;
      outI[i] = v | 0;
      outU[i] = v >>> 0;
      outC[2 * i] = i32(v);
      outC[2 * i + 1] = u32(v);
    },
    grid: 96,
    makeArgs: () => [
      edgeFloats(96, false),
      new Int32Array(96),
      new Uint32Array(96),
      new Float64Array(192),
    ],
    outputs: [1, 2, 3],
    tolerance: { rel: 0, abs: 0 },
    note: 'values at and around ±2^31, ±2^32, NaN, ±Infinity, −0, one per lane among in-range ones: the saturation fast path of the wasm conversion must agree with ToInt32 exactly',
  },
  {
    name: 'math/float-to-int-edges-f32',
    fn: (i: number, x: Float32Array, outI: Int32Array, outU: Uint32Array) => {
      const v = x[i]!;
      outI[i] = i32(v);
      outU[i] = u32(v * 0.5);
    },
    grid: 96,
    makeArgs: () => [
      Float32Array.from(edgeFloats(96, true)),
      new Int32Array(96),
      new Uint32Array(96),
    ],
    outputs: [1, 2],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'math/f32-cast-of-f64-math',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      const z = f32(x[i]! * 3);
      out[i] = f32(z + 1) - f32(0.1);
    },
    grid: 200,
    makeArgs: () => [randF32(200, 307, -100, 100), new Float32Array(200)],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
    note: 'every intermediate is rounded to f32 explicitly: all backends must agree exactly',
  },
  {
    name: 'math/imul-and-clz32',
    fn: (i: number, a: Int32Array, out: Int32Array) => {
      const v = a[i]!;
      out[2 * i] = Math.imul(v, v + 1);
      out[2 * i + 1] = Math.clz32(v) + Math.clz32(i);
    },
    grid: 300,
    makeArgs: () => [randI32(300, 308, -2e9, 2e9), new Int32Array(600)],
    outputs: [1],
  },
  {
    name: 'math/min-max-abs-int',
    fn: (i: number, a: Int32Array, b: Int32Array, out: Int32Array) => {
      out[i] = Math.max(a[i]!, b[i]!) - Math.min(a[i]!, b[i]!) + Math.abs(a[i]! - 7);
    },
    grid: 300,
    makeArgs: () => [randI32(300, 309), randI32(300, 310), new Int32Array(300)],
    outputs: [2],
  },
];
