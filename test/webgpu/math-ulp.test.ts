// math-ulp.test.ts — numbat's own f32 Math library on WebGPU (issue 10, item 6): by default
// every Math function is within 2 ulps of Math.fround(Math.f(x)) over the whole f32 range,
// and its special values (NaN, ±0, ±Infinity, overflow, underflow, subnormal results) are
// exact; the exact functions stay exact, subnormal arguments included.
//
// One launch per function over a few hundred thousand inputs: random bit patterns (every
// exponent, both signs, subnormals, NaN, ±Inf), the function's main domain, points within
// a few ulps of multiples of π/2 (up to 2^20·π/2) and the hardest f32 arguments for the
// reduction, huge and tiny arguments, neighbourhoods of the overflow and underflow
// thresholds, and a grid of special values (all pairs of them for atan2, pow, hypot).
// Prints the measured maximum per function. NUMBAT_ULP_FASTMATH=1 runs the same checks on
// `fastMath: true` (the GPU's built-ins), which fail them: that is what the library fixes.

import { afterAll, describe, expect, test } from 'vitest';
import { kernel } from '../../src/index.js';
import { webgpuBackend } from '../../src/backends/webgpu/index.js';
import { ulpDistance } from '../harness/ulp.js';
import { runGpuTests, webgpuRequired, webgpuStatus } from './env.js';

afterAll(() => webgpuBackend.shutdown?.());

const fastMath = process.env['NUMBAT_ULP_FASTMATH'] === '1';
const MAX_ULPS = 2;

const u32 = new Uint32Array(1);
const f32 = new Float32Array(u32.buffer);
const fromBits = (b: number): number => {
  u32[0] = b >>> 0;
  return f32[0]!;
};
const toBits = (x: number): number => {
  f32[0] = x;
  return u32[0]!;
};

/** A deterministic generator of u32 (LCG; quality is not the point, coverage is). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const randomBits = (n: number, seed: number): number[] => {
  const r = lcg(seed);
  return Array.from({ length: n }, () => fromBits(r()));
};
const uniform = (n: number, lo: number, hi: number, seed: number): number[] => {
  const r = lcg(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * (r() / 2 ** 32));
};
/** x and its `k` f32 neighbours on each side. */
const around = (x: number, k: number): number[] => {
  const b = toBits(Math.fround(x));
  return Array.from({ length: 2 * k + 1 }, (_, i) => fromBits(b - k + i)).filter((v) =>
    Number.isFinite(v),
  );
};
/** ±2^e for every exponent, with a neighbour each side: tiny, subnormal and huge arguments. */
const powersOfTwo = (): number[] => {
  const out: number[] = [];
  for (let e = -149; e <= 127; e++) for (const v of around(2 ** e, 1)) out.push(v, -v);
  return out;
};

const SPECIALS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  2,
  -2,
  3,
  -3,
  1e-45,
  -1e-45,
  1.1754942e-38,
  -1.1754942e-38,
  1.17549435e-38,
  3.4028235e38,
  -3.4028235e38,
  Math.PI,
  -Math.PI,
  Math.PI / 2,
  Math.PI / 4,
  10,
  100,
  1e10,
  1e30,
].map(Math.fround);

/** Arguments near multiples of π/2 (cancellation in the reduction) and the hardest known ones. */
function nearPiOver2(): number[] {
  const out: number[] = [];
  for (let k = 1; k <= 2 ** 20; k = k < 64 ? k + 1 : Math.ceil(k * 1.07))
    for (const v of around((k * Math.PI) / 2, 2)) out.push(v, -v);
  // the f32 closest to a multiple of π/2 in each binade below 2^12 (computed offline), and
  // 16367173·2^72, the classic worst case of the whole single-precision range
  for (const v of [
    1.5707964,
    3.1415927,
    4.712389,
    9.424778,
    18.849556,
    37.699112,
    75.398224,
    252.89821,
    505.79642,
    1011.59283,
    2023.1857,
    2238.3848,
    16367173 * 2 ** 72,
  ])
    out.push(...around(v, 3));
  return out;
}

interface UnaryCase {
  readonly name: string;
  readonly fn: (i: number, x: Float32Array, out: Float32Array) => void;
  readonly ref: (x: number) => number;
  readonly domain: readonly number[];
  readonly edges?: () => number[];
}

// Written out literally, as a user would: the front end parses each from source.
const UNARY: readonly UnaryCase[] = [
  {
    name: 'sin',
    fn: (i, x, out) => {
      out[i] = Math.sin(x[i]!);
    },
    ref: Math.sin,
    domain: [-7, 7],
    edges: nearPiOver2,
  },
  {
    name: 'cos',
    fn: (i, x, out) => {
      out[i] = Math.cos(x[i]!);
    },
    ref: Math.cos,
    domain: [-7, 7],
    edges: nearPiOver2,
  },
  {
    name: 'tan',
    fn: (i, x, out) => {
      out[i] = Math.tan(x[i]!);
    },
    ref: Math.tan,
    domain: [-7, 7],
    edges: nearPiOver2,
  },
  {
    name: 'asin',
    fn: (i, x, out) => {
      out[i] = Math.asin(x[i]!);
    },
    ref: Math.asin,
    domain: [-1, 1],
    edges: () => [...around(1, 40), ...around(-1, 40), ...around(0.5, 4), ...around(0.975, 4)],
  },
  {
    name: 'acos',
    fn: (i, x, out) => {
      out[i] = Math.acos(x[i]!);
    },
    ref: Math.acos,
    domain: [-1, 1],
    edges: () => [...around(1, 40), ...around(-1, 40), ...around(0.5, 4), ...around(-0.5, 4)],
  },
  {
    name: 'atan',
    fn: (i, x, out) => {
      out[i] = Math.atan(x[i]!);
    },
    ref: Math.atan,
    domain: [-4, 4],
    edges: () => [0.4375, 0.6875, 1.1875, 2.4375, 2 ** 26].flatMap((v) => around(v, 3)),
  },
  {
    name: 'sinh',
    fn: (i, x, out) => {
      out[i] = Math.sinh(x[i]!);
    },
    ref: Math.sinh,
    domain: [-10, 10],
    edges: () =>
      [1, 9, 88.72284, 89.41599, 89.416].flatMap((v) => [...around(v, 3), ...around(-v, 3)]),
  },
  {
    name: 'cosh',
    fn: (i, x, out) => {
      out[i] = Math.cosh(x[i]!);
    },
    ref: Math.cosh,
    domain: [-10, 10],
    edges: () =>
      [0.34657, 9, 88.72284, 89.41599, 89.416].flatMap((v) => [...around(v, 3), ...around(-v, 3)]),
  },
  {
    name: 'tanh',
    fn: (i, x, out) => {
      out[i] = Math.tanh(x[i]!);
    },
    ref: Math.tanh,
    domain: [-10, 10],
    edges: () => [1, 9, 9.0109].flatMap((v) => [...around(v, 3), ...around(-v, 3)]),
  },
  {
    name: 'asinh',
    fn: (i, x, out) => {
      out[i] = Math.asinh(x[i]!);
    },
    ref: Math.asinh,
    domain: [-10, 10],
    edges: () => [2, 2 ** 28].flatMap((v) => [...around(v, 3), ...around(-v, 3)]),
  },
  {
    name: 'acosh',
    fn: (i, x, out) => {
      out[i] = Math.acosh(x[i]!);
    },
    ref: Math.acosh,
    domain: [1, 10],
    edges: () => [...around(1, 40), ...around(2, 3), ...around(2 ** 28, 3)],
  },
  {
    name: 'atanh',
    fn: (i, x, out) => {
      out[i] = Math.atanh(x[i]!);
    },
    ref: Math.atanh,
    domain: [-1, 1],
    edges: () => [...around(1, 40), ...around(-1, 40), ...around(0.5, 3)],
  },
  {
    name: 'exp',
    fn: (i, x, out) => {
      out[i] = Math.exp(x[i]!);
    },
    ref: Math.exp,
    domain: [-104, 89],
    edges: () =>
      [88.72284, -87.33655, -103.27893, -103.97208, -104, 0.34657, 1.03972].flatMap((v) =>
        around(v, 8),
      ),
  },
  {
    name: 'expm1',
    fn: (i, x, out) => {
      out[i] = Math.expm1(x[i]!);
    },
    ref: Math.expm1,
    domain: [-20, 89],
    edges: () =>
      [88.72284, 0.34657, 1.03972, 18.714973, -18.714973, 39.4, -17.32868].flatMap((v) =>
        around(v, 8),
      ),
  },
  {
    name: 'log',
    fn: (i, x, out) => {
      out[i] = Math.log(x[i]!);
    },
    ref: Math.log,
    domain: [0, 4],
    edges: () => [...around(1, 64), ...around(Math.SQRT2, 4), ...around(Math.SQRT1_2, 4)],
  },
  {
    name: 'log1p',
    fn: (i, x, out) => {
      out[i] = Math.log1p(x[i]!);
    },
    ref: Math.log1p,
    domain: [-1, 4],
    edges: () => [
      ...around(-1, 64),
      ...around(0.41421357, 4),
      ...around(-0.29289323, 4),
      ...around(2 ** 24, 4),
    ],
  },
  {
    name: 'log2',
    fn: (i, x, out) => {
      out[i] = Math.log2(x[i]!);
    },
    ref: Math.log2,
    domain: [0, 4],
    edges: () => around(1, 64),
  },
  {
    name: 'log10',
    fn: (i, x, out) => {
      out[i] = Math.log10(x[i]!);
    },
    ref: Math.log10,
    domain: [0, 4],
    edges: () => [1, 10, 100, 1e5, 1e10, 1e-5].flatMap((v) => around(v, 8)),
  },
  {
    name: 'cbrt',
    fn: (i, x, out) => {
      out[i] = Math.cbrt(x[i]!);
    },
    ref: Math.cbrt,
    domain: [-10, 10],
    edges: () => [8, 27, 1e30, 1e-30].flatMap((v) => around(v, 8)),
  },
  {
    name: 'sqrt',
    fn: (i, x, out) => {
      out[i] = Math.sqrt(x[i]!);
    },
    ref: Math.sqrt,
    domain: [0, 10],
    edges: () => [1, 2, 4, 1e-30].flatMap((v) => around(v, 8)),
  },
];

interface BinaryCase {
  readonly name: string;
  readonly fn: (i: number, y: Float32Array, x: Float32Array, out: Float32Array) => void;
  readonly ref: (y: number, x: number) => number;
  readonly pairs: () => [number, number][];
}

const rand = lcg(7);
const pick = (xs: readonly number[]): number => xs[rand() % xs.length]!;

const BINARY: readonly BinaryCase[] = [
  {
    name: 'atan2',
    fn: (i, y, x, out) => {
      out[i] = Math.atan2(y[i]!, x[i]!);
    },
    ref: Math.atan2,
    pairs: () => uniform(20000, -1e-37, 1e-37, 31).map((y, i) => [y, i % 2 ? 1e10 : -1e-30]),
  },
  {
    name: 'pow',
    fn: (i, y, x, out) => {
      out[i] = Math.pow(y[i]!, x[i]!);
    },
    ref: Math.pow,
    pairs: () => [
      // integer exponents of negative bases, exponents near the overflow/underflow edges,
      // bases near 1 with huge exponents
      ...uniform(20000, -4, 4, 33).map((b, i): [number, number] => [
        b,
        Math.round(uniform(1, -40, 40, i)[0]!),
      ]),
      ...uniform(20000, 0, 4, 34).map((b): [number, number] => [
        b,
        Math.fround(
          (pick([128, -126, -149, -150]) / Math.log2(b)) * (1 + (rand() / 2 ** 32 - 0.5) * 1e-6),
        ),
      ]),
      ...uniform(20000, 0.999, 1.001, 35).map((b): [number, number] => [
        b,
        pick([1e8, -1e8, 3e7, 1.5e9, -2.5e9]),
      ]),
      ...uniform(5000, 0, 2, 36).map((b): [number, number] => [
        b,
        pick([0.5, -0.5, 2, -1, 1, 3, -3]),
      ]),
    ],
  },
  {
    name: 'hypot',
    fn: (i, y, x, out) => {
      out[i] = Math.hypot(y[i]!, x[i]!);
    },
    ref: Math.hypot,
    pairs: () =>
      randomBits(20000, 37).map((y): [number, number] => [
        y,
        y * (1 + (rand() / 2 ** 32 - 0.5) * 1e-3),
      ]),
  },
];

/** Why `got` is not acceptable for `want` (or null): 2 ulps, with zeros, NaN and ±Inf exact. */
function badness(got: number, want: number): string | null {
  if (
    Number.isNaN(want) ||
    want === 0 ||
    !Number.isFinite(want) ||
    !Number.isFinite(got) ||
    got === 0
  ) {
    return Object.is(got, want) ? null : 'special value not exact';
  }
  const ulps = ulpDistance(got, want, 'f32');
  return ulps <= MAX_ULPS ? null : `${ulps} ulps`;
}

interface Measured {
  readonly maxUlps: number;
  readonly failures: string[];
}

function measure(
  label: string,
  inputs: readonly (readonly number[])[],
  out: Float32Array,
  ref: (...a: number[]) => number,
): Measured {
  let maxUlps = 0;
  const failures: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const args = inputs.map((a) => a[i]!);
    const want = Math.fround(ref(...args));
    const got = out[i]!;
    const why = badness(got, want);
    if (Number.isFinite(want) && Number.isFinite(got) && want !== 0)
      maxUlps = Math.max(maxUlps, ulpDistance(got, want, 'f32'));
    if (why && failures.length < 8)
      failures.push(
        `${label}(${args.map(show).join(', ')}) = ${show(got)}, want ${show(want)}: ${why}`,
      );
  }
  return { maxUlps, failures };
}

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
const table: string[] = [];

test('webgpu availability', () => {
  if (!webgpuStatus.available) {
    if (webgpuRequired)
      throw new Error(
        `webgpu is required by NUMBAT_REQUIRE_BACKENDS but unavailable: ${webgpuStatus.reason}`,
      );
    console.log(`[numbat tests] webgpu Math accuracy skipped: ${webgpuStatus.reason}`);
  }
});

describe.runIf(runGpuTests)(
  `f32 Math on webgpu${fastMath ? ' (fastMath: true)' : ''} within ${MAX_ULPS} ulps of Math.fround(Math.f(x))`,
  () => {
    afterAll(() => {
      if (table.length)
        console.log(
          `[numbat tests] webgpu Math max ulps${fastMath ? ' (fastMath)' : ''}: ${table.join(', ')}`,
        );
    });

    for (const c of UNARY) {
      test(`Math.${c.name}`, async () => {
        const [lo, hi] = c.domain as [number, number];
        const xs = Float32Array.from([
          ...randomBits(1 << 16, 1),
          ...uniform(1 << 16, lo, hi, 2),
          ...uniform(1 << 12, -1e-3, 1e-3, 3),
          ...powersOfTwo(),
          ...(c.edges?.() ?? []),
          ...SPECIALS,
        ]);
        const out = new Float32Array(xs.length);
        await kernel(c.fn, { backend: 'webgpu', fastMath, name: c.name }).launch(
          xs.length,
          xs,
          out,
        );
        const m = measure(`Math.${c.name}`, [Array.from(xs)], out, c.ref);
        table.push(`${c.name} ${m.maxUlps}`);
        expect(m.failures).toEqual([]);
      });
    }

    for (const c of BINARY) {
      test(`Math.${c.name}`, async () => {
        const pairs: [number, number][] = [...c.pairs()];
        const a = randomBits(1 << 16, 11);
        const b = randomBits(1 << 16, 12);
        const m1 = uniform(1 << 15, -10, 10, 13);
        const m2 = uniform(1 << 15, -10, 10, 14);
        for (let i = 0; i < a.length; i++) pairs.push([a[i]!, b[i]!]);
        for (let i = 0; i < m1.length; i++) pairs.push([m1[i]!, m2[i]!]);
        for (const y of SPECIALS) for (const x of SPECIALS) pairs.push([y, x]);
        const ys = Float32Array.from(pairs, (p) => p[0]);
        const xs = Float32Array.from(pairs, (p) => p[1]);
        const out = new Float32Array(xs.length);
        await kernel(c.fn, { backend: 'webgpu', fastMath, name: c.name }).launch(
          xs.length,
          ys,
          xs,
          out,
        );
        const m = measure(`Math.${c.name}`, [Array.from(ys), Array.from(xs)], out, c.ref);
        table.push(`${c.name} ${m.maxUlps}`);
        expect(m.failures).toEqual([]);
      });
    }

    test('`**` is Math.pow', async () => {
      const ys = Float32Array.from([...uniform(4096, -3, 3, 21), NaN, 1, 1, -1, 0, -0, -0, 2]);
      const xs = Float32Array.from([
        ...uniform(4096, -8, 8, 22),
        0,
        NaN,
        Infinity,
        -Infinity,
        -1,
        -1,
        -3,
        0.5,
      ]);
      const out = new Float32Array(xs.length);
      await kernel(
        (i: number, y: Float32Array, x: Float32Array, o: Float32Array) => {
          o[i] = y[i]! ** x[i]!;
        },
        { backend: 'webgpu', fastMath },
      ).launch(xs.length, ys, xs, out);
      expect(
        measure('**', [Array.from(ys), Array.from(xs)], out, (y, x) => y! ** x!).failures,
      ).toEqual([]);
    });

    test('the exact functions stay exact, on subnormal arguments too', async () => {
      const xs = Float32Array.from([
        ...randomBits(1 << 15, 41),
        ...uniform(1 << 12, -10, 10, 42),
        ...powersOfTwo(),
        ...SPECIALS,
        ...[0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, -0.49999997, 8388607.5, -8388607.5].map(
          Math.fround,
        ),
      ]);
      const ys = Float32Array.from(xs, (_, i) => xs[(i * 7919) % xs.length]!);
      const cases: [
        string,
        (i: number, x: Float32Array, y: Float32Array, o: Float32Array) => void,
        (x: number, y: number) => number,
      ][] = [
        [
          'abs',
          (i, x, y, o) => {
            o[i] = Math.abs(x[i]!);
          },
          (x) => Math.abs(x),
        ],
        [
          'floor',
          (i, x, y, o) => {
            o[i] = Math.floor(x[i]!);
          },
          (x) => Math.floor(x),
        ],
        [
          'ceil',
          (i, x, y, o) => {
            o[i] = Math.ceil(x[i]!);
          },
          (x) => Math.ceil(x),
        ],
        [
          'round',
          (i, x, y, o) => {
            o[i] = Math.round(x[i]!);
          },
          (x) => Math.round(x),
        ],
        [
          'trunc',
          (i, x, y, o) => {
            o[i] = Math.trunc(x[i]!);
          },
          (x) => Math.trunc(x),
        ],
        [
          'sign',
          (i, x, y, o) => {
            o[i] = Math.sign(x[i]!);
          },
          (x) => Math.sign(x),
        ],
        [
          'fround',
          (i, x, y, o) => {
            o[i] = Math.fround(x[i]!);
          },
          (x) => Math.fround(x),
        ],
        [
          'min',
          (i, x, y, o) => {
            o[i] = Math.min(x[i]!, y[i]!);
          },
          (x, y) => Math.min(x, y),
        ],
        [
          'max',
          (i, x, y, o) => {
            o[i] = Math.max(x[i]!, y[i]!);
          },
          (x, y) => Math.max(x, y),
        ],
      ];
      const failures: string[] = [];
      for (const [name, fn, ref] of cases) {
        const out = new Float32Array(xs.length);
        await kernel(fn, { backend: 'webgpu', fastMath, name }).launch(xs.length, xs, ys, out);
        for (let i = 0; i < xs.length && failures.length < 8; i++) {
          const want = Math.fround(ref(xs[i]!, ys[i]!));
          if (!Object.is(out[i], want) && !(Number.isNaN(out[i]) && Number.isNaN(want))) {
            failures.push(
              `Math.${name}(${show(xs[i]!)}${name === 'min' || name === 'max' ? `, ${show(ys[i]!)}` : ''}) = ${show(out[i]!)}, want ${show(want)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
      const ints = Int32Array.from(randomBits(4096, 43), (v) => toBits(v) | 0);
      const out = new Int32Array(ints.length * 2);
      await kernel(
        (i: number, a: Int32Array, o: Int32Array) => {
          o[2 * i] = Math.imul(a[i]!, a[(i + 1) % a.length]!);
          o[2 * i + 1] = Math.clz32(a[i]!);
        },
        { backend: 'webgpu', fastMath },
      ).launch(ints.length, ints, out);
      for (let i = 0; i < ints.length; i++) {
        expect([out[2 * i], out[2 * i + 1]]).toEqual([
          Math.imul(ints[i]!, ints[(i + 1) % ints.length]!),
          Math.clz32(ints[i]!),
        ]);
      }
    });

    test.runIf(!fastMath)('fastMath: true keeps the GPU built-ins', async () => {
      const x = new Float32Array(4);
      const fast = await kernel(
        (i: number, a: Float32Array) => {
          a[i] = Math.sin(a[i]!) + Math.exp(a[i]!) * 0;
        },
        { backend: 'webgpu', fastMath: true },
      ).inspect(4, x);
      const own = await kernel(
        (i: number, a: Float32Array) => {
          a[i] = Math.sin(a[i]!) + Math.exp(a[i]!) * 0;
        },
        { backend: 'webgpu' },
      ).inspect(4, x);
      expect(fast.code).toMatch(/= \(sin\(b0\[/);
      expect(fast.code).not.toContain('nb_sin');
      expect(fast.code).not.toMatch(/nb_opaque|nb_k\d/);
      expect(own.code).toContain('nb_sin(');
      expect(own.code).toContain('nb_exp(');
      expect(own.code).toMatch(/nb_k0 = bitcast<f32>\(0x0u \^ U\.zero\)/); // the constant 0, hidden from folding
    });
  },
);
