// integer-wrap.test.ts — the integer contract (README, "Semantics decided once"), stated
// explicitly: in a kernel, integer `+`, `-`, `*` on i32/u32 values wrap at 32 bits (as
// int32 in NumPy/Numba, `| 0`, `>>> 0` and `Math.imul`), even when the result is stored
// into a Float64Array. This is the one documented place where a kernel may differ from
// its plain function, so these kernels are held to the wrapped value, not to plain JS:
// a backend that stops wrapping fails here. Widening one operand with `f64()` keeps the
// result exact, and then every backend must agree with the plain function exactly.
//
// On WebGPU (no f64 data, API.md "Precision") the float outputs are Float32Arrays, held
// to the wrapped value rounded to f32 (within one f32 ulp: WGSL may round u32→f32 either
// way), and the f64()-widened kernels must be refused with a clear error. Under
// NUMBAT_DISABLE_JIT=1 every launch is the plain function, so it is held to plain JS.

import { describe, expect, it } from 'vitest';
import { f64, kernel } from '../../src/index.js';
import { randI32Full, randU32 } from '../corpus/prng.js';
import { checkUnavailable, jitDisabled, listBackends } from '../harness/backends.js';
import { ulpDistance } from '../harness/ulp.js';
import { EDGE_VALUES } from '../properties/arbitraries.js';

type IntDType = 'i32' | 'u32';
type IntArray = Int32Array | Uint32Array;
type OutKind = 'float' | 'i32' | 'u32';
type Arr = { [k: number]: number };

/** One kernel of the contract: what it computes and the value each element must get. */
interface WrapCase {
  readonly name: string;
  readonly fn: (i: number, a: Arr, b: Arr, out: Arr) => void;
  readonly input: IntDType;
  /** 'float': a Float64Array (a Float32Array on WebGPU). */
  readonly out: OutKind;
  /**
   * The contract's value per element, before the store; `'plain'` for kernels that must
   * reproduce the plain function exactly (the f64()-widened ones).
   */
  readonly expected: ((a: number, b: number) => number) | 'plain';
}

const WRAP_CASES: readonly WrapCase[] = [
  {
    name: 'u32 + u32 into f64 wraps as (a + b) >>> 0',
    input: 'u32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = a[i]! + b[i]!;
    },
    expected: (a, b) => (a + b) >>> 0,
  },
  {
    name: 'u32 - u32 into f64 wraps as (a - b) >>> 0',
    input: 'u32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = a[i]! - b[i]!;
    },
    expected: (a, b) => (a - b) >>> 0,
  },
  {
    name: 'u32 * u32 into f64 wraps as Math.imul(a, b) >>> 0',
    input: 'u32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = a[i]! * b[i]!;
    },
    expected: (a, b) => Math.imul(a, b) >>> 0,
  },
  {
    name: 'i32 + i32 into f64 wraps as (a + b) | 0',
    input: 'i32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = a[i]! + b[i]!;
    },
    expected: (a, b) => (a + b) | 0,
  },
  {
    name: 'i32 - i32 into f64 wraps as (a - b) | 0',
    input: 'i32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = a[i]! - b[i]!;
    },
    expected: (a, b) => (a - b) | 0,
  },
  {
    name: 'i32 * i32 into f64 wraps as Math.imul(a, b)',
    input: 'i32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = a[i]! * b[i]!;
    },
    expected: (a, b) => Math.imul(a, b),
  },
  {
    name: 'i32 * i32 into i32 is Math.imul(a, b), also beyond 2^53',
    input: 'i32',
    out: 'i32',
    fn: (i, a, b, out) => {
      out[i] = a[i]! * b[i]!;
    },
    expected: (a, b) => Math.imul(a, b),
  },
  {
    name: 'u32 * u32 into u32 is Math.imul(a, b) >>> 0, also beyond 2^53',
    input: 'u32',
    out: 'u32',
    fn: (i, a, b, out) => {
      out[i] = a[i]! * b[i]!;
    },
    expected: (a, b) => Math.imul(a, b) >>> 0,
  },
  {
    name: 'f64(u32) + u32 is exact (the plain sum)',
    input: 'u32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = f64(a[i]!) + b[i]!;
    },
    expected: 'plain',
  },
  {
    name: 'f64(u32) - u32 is exact (the plain difference)',
    input: 'u32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = f64(a[i]!) - b[i]!;
    },
    expected: 'plain',
  },
  {
    name: 'f64(i32) * i32 is the plain f64 product',
    input: 'i32',
    out: 'float',
    fn: (i, a, b, out) => {
      out[i] = f64(a[i]!) * b[i]!;
    },
    expected: 'plain',
  },
];

/** Every pair of edge values, then full-range random pairs: many sums and products overflow. */
function operands(dtype: IntDType): { a: IntArray; b: IntArray } {
  const edges = EDGE_VALUES[dtype];
  const pairs: [number, number][] = [];
  for (const x of edges) for (const y of edges) pairs.push([x, y]);
  const randomCount = 256;
  const ra = dtype === 'i32' ? randI32Full(randomCount, 901) : randU32(randomCount, 901);
  const rb = dtype === 'i32' ? randI32Full(randomCount, 902) : randU32(randomCount, 902);
  for (let k = 0; k < randomCount; k++) pairs.push([ra[k]!, rb[k]!]);
  const make = dtype === 'i32' ? Int32Array : Uint32Array;
  return { a: make.from(pairs.map((p) => p[0])), b: make.from(pairs.map((p) => p[1])) };
}

function makeOut(
  kind: OutKind,
  n: number,
  backend: string,
): Float64Array | Float32Array | IntArray {
  switch (kind) {
    case 'float':
      return backend === 'webgpu' ? new Float32Array(n) : new Float64Array(n);
    case 'i32':
      return new Int32Array(n);
    case 'u32':
      return new Uint32Array(n);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown output kind ${String(unreachable)}`);
    }
  }
}

/** The plain function's output on fresh copies of the operands. */
function plainOutput(c: WrapCase, a: IntArray, b: IntArray, backend: string): ArrayLike<number> {
  const out = makeOut(c.out, a.length, backend);
  const ac = a.slice(),
    bc = b.slice();
  for (let i = 0; i < a.length; i++) c.fn(i, ac, bc, out);
  return out;
}

/**
 * The contract's output: each wrapped value, converted by the output array's store (the
 * plain output for widened kernels, and for every kernel under NUMBAT_DISABLE_JIT=1).
 */
function contractOutput(c: WrapCase, a: IntArray, b: IntArray, backend: string): ArrayLike<number> {
  if (c.expected === 'plain' || jitDisabled()) return plainOutput(c, a, b, backend);
  const out = makeOut(c.out, a.length, backend);
  for (let i = 0; i < a.length; i++) out[i] = c.expected(a[i]!, b[i]!);
  return out;
}

/** Exact, except within one f32 ulp in a Float32Array (WebGPU's u32→f32 may round either way). */
function elementMatches(expected: number, got: number, out: ArrayLike<number>): boolean {
  if (expected === got) return true;
  return out instanceof Float32Array && ulpDistance(expected, got, 'f32') <= 1;
}

/** The first few elements where `got` breaks the contract, as readable lines. */
function mismatches(
  a: IntArray,
  b: IntArray,
  expected: ArrayLike<number>,
  got: ArrayLike<number>,
): string[] {
  const lines: string[] = [];
  let count = 0;
  for (let k = 0; k < a.length; k++) {
    if (elementMatches(expected[k]!, got[k]!, got)) continue;
    count++;
    if (lines.length < 5)
      lines.push(`element ${k}: a = ${a[k]}, b = ${b[k]}: expected ${expected[k]}, got ${got[k]}`);
  }
  if (count > lines.length) lines.push(`… ${count - lines.length} more of ${a.length}`);
  return lines;
}

const available = await listBackends();

describe('the operands exercise the 32-bit wrap', () => {
  for (const c of WRAP_CASES) {
    const wrap = c.expected;
    if (wrap === 'plain') continue;
    it(`${c.name}: the contract differs from plain JS on some elements`, () => {
      const { a, b } = operands(c.input);
      const plain = plainOutput(c, a, b, 'js');
      let differing = 0;
      for (let k = 0; k < a.length; k++) {
        const wrapped = makeOut(c.out, 1, 'js');
        wrapped[0] = wrap(a[k]!, b[k]!);
        if (plain[k] !== wrapped[0]) differing++;
      }
      expect(differing, 'elements where wrapping changes the result').toBeGreaterThan(10);
    });
  }
});

for (const backend of available) {
  describe(`integer wrap contract on ${backend.name}`, () => {
    if (!backend.available) {
      it(`backend ${backend.name} unavailable: ${backend.reason}`, () => checkUnavailable(backend));
      return;
    }
    for (const c of WRAP_CASES) {
      it(c.name, async () => {
        const { a, b } = operands(c.input);
        const launchA = a.slice(),
          launchB = b.slice();
        const got = makeOut(c.out, a.length, backend.name);
        const launch = async (): Promise<unknown> =>
          kernel(c.fn, { backend: backend.name } as Parameters<typeof kernel>[1]).launch(
            a.length,
            launchA,
            launchB,
            got,
          );
        if (c.expected === 'plain' && backend.name === 'webgpu') {
          await expect(launch()).rejects.toThrow(/f64|float64/i);
          return;
        }
        await launch();
        const problems = mismatches(a, b, contractOutput(c, a, b, backend.name), got);
        if (problems.length > 0) {
          throw new Error(
            `${c.name} on ${backend.name} breaks the integer contract:\n  ${problems.join('\n  ')}`,
          );
        }
        expect(Array.from(launchA)).toEqual(Array.from(a));
        expect(Array.from(launchB)).toEqual(Array.from(b));
      });
    }
  });
}
