// dtypes.ts — every storage dtype (f32, f64, i32, u32, i8, u8, i16, u16), weak-scalar
// precision, integer overflow with Math.imul and `| 0`, u32 arithmetic via `>>> 0`,
// integer and float `%`, and mixing dtypes in one expression. Integer `+ - *` wrap at 32
// bits in kernels (README, "Semantics decided once"): entries here either store into an
// integer array (where plain JS wraps too) or widen with f64() first, so every backend
// must match the plain function; the wrap itself is tested in integer-wrap.test.ts.

import { f64 } from '../../src/index.js';
import { mulberry32, randF32, randF64, randI32, randI32Full, randU32 } from './prng.js';
import type { CorpusEntry } from './types.js';

/** Fill a small-integer typed array with values over its full range. */
function smallInts<T extends Int8Array | Uint8Array | Int16Array | Uint16Array>(
  make: new (n: number) => T,
  n: number,
  seed: number,
): T {
  const next = mulberry32(seed);
  const out = new make(n);
  for (let k = 0; k < n; k++) out[k] = Math.floor(next() * 65536) - 32768;
  return out;
}

const linearCombination = (
  i: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  out: { [k: number]: number },
) => {
  out[i] = a[i]! * 3 + b[i]!;
};

export const dtypes: CorpusEntry[] = [
  {
    name: 'dtypes/f32-linear',
    fn: linearCombination,
    grid: 500,
    makeArgs: () => [randF32(500, 201), randF32(500, 202), new Float32Array(500)],
    outputs: [2],
  },
  {
    name: 'dtypes/f64-linear',
    fn: linearCombination,
    grid: 500,
    makeArgs: () => [randF64(500, 203), randF64(500, 204), new Float64Array(500)],
    outputs: [2],
  },
  {
    name: 'dtypes/i32-linear-wraps',
    fn: linearCombination,
    grid: 500,
    makeArgs: () => [
      randI32(500, 205, -1e9, 1e9),
      randI32(500, 206, -1e9, 1e9),
      new Int32Array(500),
    ],
    outputs: [2],
    note: 'a*3+b exceeds i32 and wraps on store (exact in f64 first, so JS and i32 math agree)',
  },
  {
    name: 'dtypes/u32-linear-wraps',
    fn: linearCombination,
    grid: 500,
    makeArgs: () => [randU32(500, 207), randU32(500, 208), new Uint32Array(500)],
    outputs: [2],
  },
  {
    name: 'dtypes/i8-linear-wraps',
    fn: linearCombination,
    grid: 300,
    makeArgs: () => [
      smallInts(Int8Array, 300, 209),
      smallInts(Int8Array, 300, 210),
      new Int8Array(300),
    ],
    outputs: [2],
  },
  {
    name: 'dtypes/u8-linear-wraps',
    fn: linearCombination,
    grid: 300,
    makeArgs: () => [
      smallInts(Uint8Array, 300, 211),
      smallInts(Uint8Array, 300, 212),
      new Uint8Array(300),
    ],
    outputs: [2],
  },
  {
    name: 'dtypes/i16-linear-wraps',
    fn: linearCombination,
    grid: 301,
    makeArgs: () => [
      smallInts(Int16Array, 301, 213),
      smallInts(Int16Array, 301, 214),
      new Int16Array(301),
    ],
    outputs: [2],
  },
  {
    name: 'dtypes/u16-linear-wraps',
    fn: linearCombination,
    grid: 301,
    makeArgs: () => [
      smallInts(Uint16Array, 301, 215),
      smallInts(Uint16Array, 301, 216),
      new Uint16Array(301),
    ],
    outputs: [2],
  },
  {
    name: 'dtypes/u8-to-f32-normalise',
    fn: (i: number, px: Uint8Array, out: Float32Array) => {
      out[i] = px[i]! / 255;
    },
    grid: 256,
    makeArgs: () => [smallInts(Uint8Array, 256, 217), new Float32Array(256)],
    outputs: [1],
  },
  {
    name: 'dtypes/weak-scalar-f32-times-literal',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]! * 0.1 + 0.3;
    },
    grid: 1000,
    makeArgs: () => [randF32(1000, 218, -10, 10), new Float32Array(1000)],
    outputs: [1],
    note: 'literals are weak: the math is f32 (NEP 50); plain JS rounds once at the store',
  },
  {
    name: 'dtypes/mixed-f32-f64-promotes-f64',
    fn: (i: number, a: Float32Array, b: Float64Array, out: Float64Array) => {
      out[i] = a[i]! * b[i]! + 1e-10;
    },
    grid: 400,
    makeArgs: () => [randF32(400, 219), randF64(400, 220), new Float64Array(400)],
    outputs: [2],
  },
  {
    name: 'dtypes/i32-array-times-float-into-f64',
    fn: (i: number, a: Int32Array, out: Float64Array) => {
      out[i] = a[i]! * 0.5 + a[i]! / 3;
    },
    grid: 400,
    makeArgs: () => [randI32Full(400, 221), new Float64Array(400)],
    outputs: [1],
  },
  {
    name: 'dtypes/imul-hash-overflow',
    fn: (i: number, a: Int32Array, out: Int32Array) => {
      let h = a[i]! ^ i;
      h = Math.imul(h, 0x9e3779b1);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b) | 0;
      h = (h + 0x7fffffff) | 0;
      out[i] = h;
    },
    grid: 800,
    makeArgs: () => [randI32Full(800, 222), new Int32Array(800)],
    outputs: [1],
    note: '0x9e3779b1 > 2^31-1: Math.imul takes it modulo 2^32',
  },
  {
    name: 'dtypes/u32-arithmetic-via-unsigned-shift',
    fn: (i: number, a: Uint32Array, b: Uint32Array, out: Uint32Array) => {
      const s = (a[i]! + b[i]!) >>> 0;
      const d = (a[i]! - b[i]!) >>> 0;
      const m = Math.imul(a[i]!, b[i]!) >>> 0;
      out[i] = (s ^ d ^ m) >>> 0;
    },
    grid: 600,
    makeArgs: () => [randU32(600, 223), randU32(600, 224), new Uint32Array(600)],
    outputs: [2],
  },
  {
    name: 'dtypes/u32-sum-beyond-2-32-into-f64',
    fn: (i: number, a: Uint32Array, b: Uint32Array, out: Float64Array) => {
      out[i] = f64(a[i]!) + b[i]!;
    },
    grid: 300,
    makeArgs: () => [randU32(300, 233), randU32(300, 234), new Float64Array(300)],
    outputs: [2],
    note:
      'integer + wraps at 32 bits (README, "Semantics decided once"); widening one operand with f64() ' +
      'keeps the sum exact (up to 2^33), so every backend must agree with plain JS. The unwidened ' +
      '`a[i] + b[i]` wraps on every backend: test/differential/integer-wrap.test.ts holds that contract',
  },
  {
    name: 'dtypes/u32-compare-above-2-31',
    fn: (i: number, a: Uint32Array, out: Int32Array) => {
      out[i] = a[i]! > 0x80000000 ? 1 : a[i]! > 0x7fffffff ? 2 : 3;
    },
    grid: 512,
    makeArgs: () => [randU32(512, 225), new Int32Array(512)],
    outputs: [1],
  },
  {
    name: 'dtypes/remainder-int-and-float',
    fn: (
      i: number,
      a: Int32Array,
      b: Int32Array,
      x: Float64Array,
      outI: Int32Array,
      outF: Float64Array,
    ) => {
      const d = b[i]! === 0 ? 7 : b[i]!;
      outI[i] = a[i]! % d;
      outF[i] = (x[i]! % 0.75) + (-x[i]! % 1.25);
    },
    grid: 500,
    makeArgs: () => [
      randI32(500, 226, -1000, 1000),
      randI32(500, 227, -20, 20),
      randF64(500, 228, -10, 10),
      new Int32Array(500),
      new Float64Array(500),
    ],
    outputs: [3, 4],
    note: '% takes the sign of the dividend, on ints and floats',
  },
  {
    name: 'dtypes/int-division-truncates',
    fn: (i: number, a: Int32Array, b: Int32Array, out: Int32Array, outF: Float32Array) => {
      const d = b[i]! === 0 ? -3 : b[i]!;
      out[i] = (a[i]! / d) | 0;
      outF[i] = a[i]! / d;
    },
    grid: 500,
    makeArgs: () => [
      randI32(500, 229, -100000, 100000),
      randI32(500, 230, -50, 50),
      new Int32Array(500),
      new Float32Array(500),
    ],
    outputs: [2, 3],
  },
  {
    name: 'dtypes/f64-store-into-i32-truncates',
    fn: (i: number, x: Float64Array, out: Int32Array, outU: Uint32Array) => {
      out[i] = x[i]! * 100;
      outU[i] = x[i]! * 100;
    },
    grid: 300,
    makeArgs: () => [randF64(300, 231, -50, 50), new Int32Array(300), new Uint32Array(300)],
    outputs: [1, 2],
    note: 'typed-array stores convert with ToInt32/ToUint32: truncation, negatives wrap for u32',
  },
  {
    name: 'dtypes/f32-precision-integer-number-arg',
    fn: (i: number, x: Float32Array, k: number, out: Float32Array) => {
      out[i] = x[i]! * k + i;
    },
    grid: 300,
    makeArgs: () => [randF32(300, 232), 3, new Float32Array(300)],
    outputs: [2],
    note: 'an integer-valued number argument is i32; with an f32 array the result is f32',
  },
];
