// vmath.test.ts — the vectorised Math functions (codegen/wasm/vmath.ts, vmath/*.ts) on f64
// and f32 lanes against V8: Math.f(x) for f64, fround(Math.f(x)) for f32, over wide ranges
// (dense sweeps, random bit patterns over every exponent, subnormals, special values and
// each function's edge cases), asserting the maximum ulp errors documented in vmath.ts and
// exact special values (signed zeros, infinities, NaN). Also checks that each kernel takes
// the vector path (no imported call in the SIMD loop outside the guarded per-lane fallback
// of sin/cos/tan and pow) and that the scalar tail (lengths not a multiple of the lanes)
// agrees within the same bound.

import { describe, expect, test } from 'vitest';
import { generateWasm } from '../../src/jit/codegen/wasm.js';
import type { MathFn } from '../../src/jit/ir/ir.js';
import { buffer, cast, kernelIr, load, local, math, runWasm, store } from './irBuilders.js';

const i = local('i', 'i32');
const f = Math.fround;

/** Distance in ulps of the precision: 0 for equal values and two NaNs, Infinity for a wrong sign (±0 included) or NaN. */
function ulps(a: number, b: number, t: 'f32' | 'f64'): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const signBit = (v: number): boolean => v < 0 || Object.is(v, -0);
  if (signBit(a) !== signBit(b)) return Object.is(a, b) ? 0 : Infinity;
  if (t === 'f32') {
    const bits = new Int32Array(new Float32Array([Math.abs(a), Math.abs(b)]).buffer);
    return Math.abs(bits[0]! - bits[1]!);
  }
  const w = new Uint32Array(new Float64Array([Math.abs(a), Math.abs(b)]).buffer);
  return Math.abs((w[1]! - w[3]!) * 2 ** 32 + (w[0]! - w[2]!));
}

let seed = 12345;
function nextU32(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed;
}

/** n random bit patterns of the precision (every exponent, both signs, NaNs). */
function randomBits(n: number, t: 'f32' | 'f64'): number[] {
  const words = new Uint32Array(t === 'f64' ? 2 * n : n).map(() => nextU32());
  return Array.from(t === 'f64' ? new Float64Array(words.buffer) : new Float32Array(words.buffer));
}

function sweep(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));
}

/** Log-spaced magnitudes from 2^lo to 2^hi, both signs. */
function logSweep(lo: number, hi: number, n: number): number[] {
  return sweep(lo, hi, n).flatMap((e) => [2 ** e, -(2 ** e)]);
}

const SPECIALS = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  1,
  -1,
  0.5,
  -0.5,
  2,
  -2,
];
const halfPiMultiples = Array.from({ length: 2000 }, (_, k) => (k * Math.PI) / 2).flatMap((v) => [
  v,
  v * (1 + 2 ** -52),
  -v,
]);

interface Case {
  fn: MathFn;
  f64: number;
  f32: number;
  x: () => number[];
  y?: () => number[];
}

// Unary cases: [fn, max f64 ulps, max f32 ulps, inputs]
const cases: Case[] = [
  {
    fn: 'exp',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-750, 712, 20_000),
      ...sweep(-1, 1, 5000),
      709.782712893384,
      709.7827128933841,
      -745.1332191019411,
      -745.1332191019412,
      -708.4,
      88.72283,
      -103.9,
    ],
  },
  {
    fn: 'expm1',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-45, 712, 20_000),
      ...sweep(-1.2, 1.2, 5000),
      ...logSweep(-60, 0, 2000),
      38.81622314453125,
      -38.81622314453125,
      0.34657359027997264,
      1.0397207708399179,
    ],
  },
  {
    fn: 'log',
    f64: 1,
    f32: 1,
    x: () => [...sweep(0, 100, 20_000), ...sweep(0.7, 1.5, 5000), ...logSweep(-1074, 1023, 3000)],
  },
  {
    fn: 'log1p',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-1, 100, 20_000),
      ...logSweep(-80, 0, 3000),
      ...logSweep(0, 1023, 1000),
      -1 + 2 ** -53,
      -0.2928932188134524,
      0.41421356237309503,
    ],
  },
  {
    fn: 'log2',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(0, 100, 20_000),
      ...sweep(0.7, 1.5, 5000),
      ...logSweep(-1074, 1023, 3000),
      ...Array.from({ length: 2098 }, (_, k) => 2 ** (k - 1074)),
    ],
  },
  {
    fn: 'log10',
    f64: 2,
    f32: 1,
    x: () => [
      ...sweep(0, 100, 20_000),
      ...sweep(0.7, 1.5, 5000),
      ...logSweep(-1074, 1023, 3000),
      ...Array.from({ length: 600 }, (_, k) => 10 ** (k - 300)),
    ],
  },
  {
    fn: 'sin',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-10_000, 10_000, 20_000),
      ...sweep(-4, 4, 5000),
      ...halfPiMultiples,
      ...logSweep(-30, 24, 3000),
      2 ** 20,
      2 ** 20 + 1,
      1e22,
    ],
  },
  {
    fn: 'cos',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-10_000, 10_000, 20_000),
      ...sweep(-4, 4, 5000),
      ...halfPiMultiples,
      ...logSweep(-30, 24, 3000),
      2 ** 20,
      2 ** 20 + 1,
      1e22,
    ],
  },
  {
    fn: 'tan',
    f64: 2,
    f32: 1,
    x: () => [
      ...sweep(-10_000, 10_000, 20_000),
      ...sweep(-4, 4, 5000),
      ...halfPiMultiples,
      ...logSweep(-30, 24, 3000),
      0.6743354797363281,
      0.674335479736328,
      2 ** 20,
      1e22,
    ],
  },
  {
    fn: 'asin',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-1.1, 1.1, 20_000),
      ...sweep(0.97, 1, 5000),
      ...logSweep(-40, 0, 2000),
      0.975,
      0.9749999046325684,
      1 - 2 ** -53,
    ],
  },
  {
    fn: 'acos',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-1.1, 1.1, 20_000),
      ...sweep(0.97, 1, 5000),
      ...sweep(-1, -0.97, 5000),
      ...logSweep(-60, 0, 2000),
      1 - 2 ** -53,
      -1 + 2 ** -53,
    ],
  },
  {
    fn: 'atan',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-100, 100, 20_000),
      ...sweep(-3, 3, 5000),
      ...logSweep(-40, 80, 3000),
      0.4375,
      0.6875,
      1.1875,
      2.4375,
    ],
  },
  {
    fn: 'sinh',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-720, 720, 20_000),
      ...sweep(-23, 23, 5000),
      ...logSweep(-40, 10, 2000),
      22,
      710.4758600739439,
      710.475860073944,
    ],
  },
  {
    fn: 'cosh',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-720, 720, 20_000),
      ...sweep(-23, 23, 5000),
      ...logSweep(-40, 10, 2000),
      22,
      710.4758600739439,
      710.475860073944,
    ],
  },
  {
    fn: 'tanh',
    f64: 1,
    f32: 1,
    x: () => [...sweep(-30, 30, 20_000), ...sweep(-1.5, 1.5, 5000), ...logSweep(-60, 5, 2000)],
  },
  {
    fn: 'asinh',
    f64: 1,
    f32: 1,
    x: () => [...sweep(-1000, 1000, 20_000), ...sweep(-3, 3, 5000), ...logSweep(-40, 1023, 3000)],
  },
  {
    fn: 'acosh',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(0.5, 1000, 20_000),
      ...sweep(1, 3, 5000),
      ...logSweep(0, 1023, 3000),
      1 + 2 ** -52,
      2 ** 28,
      2 ** 28 - 1,
    ],
  },
  {
    fn: 'atanh',
    f64: 1,
    f32: 1,
    x: () => [
      ...sweep(-1.1, 1.1, 20_000),
      ...sweep(0.99, 1, 5000),
      ...logSweep(-60, 0, 2000),
      1 - 2 ** -53,
      -1 + 2 ** -53,
    ],
  },
  {
    fn: 'cbrt',
    f64: 1,
    f32: 1,
    x: () => [...sweep(-1000, 1000, 20_000), ...logSweep(-1074, 1023, 4000), 27, -8, 1e300, 1e-320],
  },
];

function powInputs(): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (x: number, y: number): void => {
    xs.push(x);
    ys.push(y);
  };
  // Moderate bases and exponents, results across the whole range (incl. over/underflow).
  for (let k = 0; k < 15_000; k++) {
    const x = 2 ** ((nextU32() / 2 ** 32) * 40 - 20) * (nextU32() & 1 ? -1 : 1);
    const yMax = 1100 / Math.max(1e-3, Math.abs(Math.log2(Math.abs(x))));
    const y = ((nextU32() / 2 ** 32) * 2 - 1) * yMax;
    add(x, nextU32() % 4 === 0 ? Math.round(y) : y);
  }
  for (let k = 0; k < 5000; k++)
    add(Math.abs(randomBits(1, 'f64')[0]!), (nextU32() / 2 ** 32) * 8 - 4);
  // Near 1 with huge exponents; integer powers; the user's favourite exponents.
  for (let k = 0; k < 2000; k++)
    add(1 + ((nextU32() / 2 ** 32) * 2 - 1) * 2 ** -30, ((nextU32() / 2 ** 32) * 2 - 1) * 2 ** 40);
  for (let b = -20; b <= 20; b++) for (let e = -40; e <= 40; e++) add(b, e);
  for (let k = 0; k < 2000; k++)
    add((nextU32() / 2 ** 32) * 100, [1.7, 0.5, 2, 3, -1, 1 / 3, 2.5, -0.5][k % 8]!);
  const specials = [
    ...SPECIALS,
    3,
    -3,
    0.25,
    -8,
    1 / 3,
    1.5,
    2 ** 53,
    -(2 ** 53),
    2 ** 53 + 2,
    1e300,
    1e-300,
  ];
  for (const x of specials) for (const y of specials) add(x, y);
  return [xs, ys];
}

function pairInputs(): [number[], number[]] {
  const xs = [
    ...sweep(-50, 50, 10_000),
    ...randomBits(10_000, 'f64'),
    ...logSweep(-1074, 1023, 3000),
  ];
  const ys = [
    ...sweep(37, -60, 10_000),
    ...randomBits(10_000, 'f64'),
    ...logSweep(-1074, 1023, 3000).reverse(),
  ];
  const specials = [...SPECIALS, 3, -3, 1e-300, 1e300];
  for (const a of specials)
    for (const b of specials) {
      xs.push(a);
      ys.push(b);
    }
  return [xs, ys];
}

const pow = powInputs();
const pairs = pairInputs();
const binaryCases: Case[] = [
  { fn: 'atan2', f64: 1, f32: 1, x: () => pairs[0], y: () => pairs[1] },
  { fn: 'pow', f64: 1, f32: 1, x: () => pow[0], y: () => pow[1] },
  { fn: 'hypot', f64: 0, f32: 0, x: () => pairs[0], y: () => pairs[1] },
];

function mathKernel(fn: MathFn, t: 'f32' | 'f64', arity: number) {
  const args = Array.from({ length: arity }, (_, k) => load(k, i, t));
  return kernelIr({
    name: `v${fn}_${t}`,
    buffers: [...args.map((_, k) => buffer(`x${k}`, t, k)), buffer('out', t, arity, false, true)],
    body: [store(arity, i, math(fn, t, ...args))],
    uses: { atomics: false, random: false, f64: t === 'f64' },
  });
}

/** The SIMD loop of a kernel's listing. */
function simdLoop(listing: string): string {
  return listing.slice(listing.indexOf(';; SIMD loop'), listing.indexOf(';; scalar loop'));
}

describe.each(['f64', 'f32'] as const)('vectorised Math on %s lanes', (t) => {
  test.each([...cases, ...binaryCases])('$fn within its documented ulps of V8', async (c) => {
    const arity = c.y ? 2 : 1;
    const ir = mathKernel(c.fn, t, arity);
    const code = generateWasm(ir, { shared: true });
    const loop = simdLoop(code.listing);
    expect(code.lanes).toBe(4);
    // No host call except the per-lane fallback (huge trig arguments, integer powers
    // beyond 2^53), behind any_true.
    const calls = loop.match(/\bcall\b/g)?.length ?? 0;
    if (['sin', 'cos', 'tan', 'pow'].includes(c.fn)) {
      // One call per lane of each guarded vector (an f64 pair is guarded half by half).
      const guards = loop.match(/v128\.any_true/g)?.length ?? 0;
      expect(guards).toBeGreaterThan(0);
      expect(calls).toBeLessThanOrEqual(guards * code.lanes);
    } else {
      expect(calls).toBe(0);
    }
    const specials = [...SPECIALS, ...randomBits(10_000, t)];
    const xs = [...c.x(), ...(c.y ? [] : specials)];
    const ys = c.y ? c.y() : [];
    const Arr = t === 'f64' ? Float64Array : Float32Array;
    // An odd length: the last elements run in the scalar tail.
    const n = xs.length | 1;
    const x = new Arr(n);
    const y = new Arr(n);
    for (let k = 0; k < n; k++) {
      x[k] = xs[k % xs.length]!;
      y[k] = ys[k % Math.max(1, ys.length)] ?? 0;
    }
    const out = new Arr(n);
    await runWasm(ir, c.y ? [x, y, out] : [x, out], [], [n], true);
    const reference = Math[c.fn] as (a: number, b?: number) => number;
    const round = t === 'f32' ? f : (v: number) => v;
    const bound = t === 'f64' ? c.f64 : c.f32;
    let worst = 0;
    let worstAt = 0;
    for (let k = 0; k < n; k++) {
      const d = ulps(out[k]!, round(reference(x[k]!, y[k]!)), t);
      if (d > worst) {
        worst = d;
        worstAt = k;
      }
    }
    if (process.env.VMATH_REPORT) console.log(`${t} ${c.fn}: max ${worst} ulp`);
    const at = `x = ${x[worstAt]}${c.y ? `, y = ${y[worstAt]}` : ''}: got ${out[worstAt]}, want ${round(reference(x[worstAt]!, y[worstAt]!))}`;
    expect(worst, at).toBeLessThanOrEqual(bound);
  });
});

test('f32 Math in a kernel with f64 values (4 lanes, f64 as pairs)', async () => {
  const fns = ['exp', 'sin', 'tanh', 'pow'] as const;
  const x0 = load(0, i, 'f32');
  const ir = kernelIr({
    name: 'vmath_mixed',
    buffers: [buffer('x', 'f32', 0), ...fns.map((fn, k) => buffer(fn, 'f64', 1 + k, false, true))],
    body: fns.map((fn, k) =>
      store(1 + k, i, cast(math(fn, 'f32', ...(fn === 'pow' ? [x0, x0] : [x0])), 'f64')),
    ),
    uses: { atomics: false, random: false, f64: true },
  });
  const code = generateWasm(ir, { shared: true });
  expect(code.lanes).toBe(4);
  const loop = simdLoop(code.listing);
  // Only sin's and pow's guarded per-lane fallbacks call the host.
  expect(loop.match(/\bcall\b/g)?.length ?? 0).toBeLessThanOrEqual(
    4 * (loop.match(/v128\.any_true/g)?.length ?? 0),
  );
  const x = Float32Array.from([...sweep(-20, 20, 4001), ...SPECIALS]);
  const outs = fns.map(() => new Float64Array(x.length));
  await runWasm(ir, [x, ...outs], [], [x.length], true);
  fns.forEach((fn, k) => {
    const reference = Math[fn] as (a: number, b?: number) => number;
    x.forEach((v, e) =>
      expect(ulps(outs[k]![e]!, f(reference(v, v)), 'f32'), `${fn}(${v})`).toBeLessThanOrEqual(1),
    );
  });
});
