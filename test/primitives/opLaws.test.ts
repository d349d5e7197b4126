// opLaws.test.ts — a custom `op` of scan() and reduce() must be associative (probe 6,
// finding 5): both keep the order but group the elements in blocks, so `(a, b) => a - b`
// gave an answer that depends on the block boundaries. Such an op is a TypeError naming
// the primitive, `op` and both groupings' values, before anything is written; reduce along
// an axis (a left fold) accepts any op. Associative ops stay accepted, also those that are
// associative only up to float rounding (Math.hypot, log-sum-exp), as the kernel-level
// combiner check accepts them. Expected values come from test/primitives/reference.ts or a
// plain left fold.

import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { reduce, scan } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { firstDifference, refScan, rng } from './reference.js';

type Op = (a: number, b: number) => number;

/** Not associative, with the samples and groupings the message must name. */
const BROKEN: [string, Op, string][] = [
  ['a - b', (a, b) => a - b, 'for 0, 0, 1 it gives -1 as op(op(0, 0), 1) and 1 as op(0, op(0, 1))'],
  [
    '(a + b) / 2',
    (a, b) => (a + b) / 2,
    'for 0, 0, 1 it gives 0.5 as op(op(0, 0), 1) and 0.25 as op(0, op(0, 1))',
  ],
  [
    'a + 2 * b (the old ScanOp example)',
    (a, b) => a + 2 * b,
    'for 0, 0, 1 it gives 2 as op(op(0, 0), 1) and 4 as op(0, op(0, 1))',
  ],
];

const N = 4096 + 300; // two blocks
const r = rng(11);
const floats = Float32Array.from({ length: N }, () => Math.round((r() - 0.5) * 64) / 4);
const ints = Int32Array.from({ length: N }, () => Math.floor((r() - 0.5) * 2 ** 32));
const uints = Uint32Array.from({ length: N }, () => Math.floor(r() * 2 ** 32));

/** Exact associative ops: every grouping gives the same bits, so the answers are exact. */
const EXACT: [string, Op, Float32Array | Int32Array | Uint32Array][] = [
  ['max of magnitudes', (a, b) => Math.max(Math.abs(a), Math.abs(b)), floats],
  ['bitwise or of Int32Array', (a, b) => a | b, ints],
  ['bitwise or of Uint32Array, as u32', (a, b) => (a | b) >>> 0, uints],
  // `a | b` is an i32 in JavaScript: on u32 elements it is taken as a u32, as a store would.
  ['bitwise or of Uint32Array (an i32 in JavaScript)', (a, b) => a | b, uints],
  ['bitwise xor of Uint32Array', (a, b) => a ^ b, uints],
  ['bitwise and of Int32Array, as u32', (a, b) => (a & b) >>> 0, ints],
  ['a + b of Uint32Array, wrapping', (a, b) => a + b, uints],
  ['the last element', (_a, b) => b, floats],
];

/** Associative only up to rounding: accepted, and near the left fold. */
const ROUNDED: [string, Op][] = [
  ['Math.hypot', (a, b) => Math.hypot(a, b)],
  ['log-sum-exp', (a, b) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)))],
];

const leftFold = (x: ArrayLike<number>, op: Op): number => {
  let acc = x[0]!;
  for (let j = 1; j < x.length; j++) acc = op(acc, x[j]!);
  return acc;
};

describeEachBackend('scan and reduce refuse a custom op that is not associative', (backend) => {
  for (const [name, op, groupings] of BROKEN) {
    it(`${name}: a TypeError naming the primitive, op and both groupings; nothing written`, async () => {
      const x = floats.slice();
      const out = new Float32Array(N).fill(7);
      const scanned = scan(x, op, { out, backend });
      await expect(scanned).rejects.toThrow(TypeError);
      await expect(scan(x, op, { out, backend })).rejects.toThrow(
        /^numbat: scan: 'op' must be associative/,
      );
      await expect(scan(x, op, { out, backend })).rejects.toThrow(groupings);
      await expect(reduce(x, op, { backend })).rejects.toThrow(
        /^numbat: reduce: 'op' must be associative/,
      );
      await expect(reduce(x, op, { axis: 0, backend })).rejects.toThrow(groupings);
      expect(out.every((v) => v === 7)).toBe(true);
      expect(Array.from(x)).toEqual(Array.from(floats));
    });
  }

  it('an op drawing Math.random is a TypeError saying so (not "not associative")', async () => {
    const noisy: Op = (a, b) => a + b + Math.random() * 0;
    await expect(scan(floats.slice(), noisy, { backend })).rejects.toThrow(
      /^numbat: scan: 'op' .* calls Math\.random, which kernels cannot/,
    );
    // reduce compiles its op first: the kernel language's own error, at the op's line.
    await expect(reduce(floats.slice(), noisy, { backend })).rejects.toThrow(
      /`Math\.random` is not supported in kernels/,
    );
  });

  it('reduce along an axis folds left to right: any op is accepted', async () => {
    const m = ndarray(
      Float32Array.from({ length: 12 }, (_, q) => q * q),
      [3, 4],
    );
    const op: Op = (a, b) => a - b;
    const got = (await reduce(m, op, { axis: 1, backend })) as { data: ArrayLike<number> };
    const rows = [0, 1, 2].map((row) =>
      leftFold(
        [0, 1, 2, 3].map((c) => m.get(row, c)),
        op,
      ),
    );
    expect(Array.from(got.data)).toEqual(rows);
  });

  for (const [name, op, x] of EXACT) {
    it(`${name} is accepted, exact`, async () => {
      const want = refScan(x, op, false);
      expect(firstDifference(await scan(x, op, { backend }), want)).toBeNull();
      expect(await reduce(x, op, { backend })).toBe(want[N - 1]);
    });
  }

  for (const [name, op] of ROUNDED) {
    it(`${name} (associative up to rounding) is accepted`, async () => {
      const x = floats.map((v) => Math.abs(v) / 8);
      const want = leftFold(x, op);
      const scanned = await scan(x, op, { backend });
      const reduced = (await reduce(x, op, { backend })) as number;
      for (const got of [scanned[x.length - 1]!, reduced])
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-4 * Math.abs(want));
    });
  }
});

describe('a custom op of scan() and reduce() takes two parameters', () => {
  const three = (a: number, b: number, c: number) => a + b + c;
  const one = (a: number) => a;
  for (const [name, op] of [
    ['three', three],
    ['one', one],
  ] as const) {
    it(`${name}: a TypeError naming the primitive and 'op', before anything is written`, async () => {
      const x = Float32Array.from({ length: 40 }, (_, q) => q);
      const out = new Float32Array(40).fill(7);
      const bad = op as unknown as Op;
      await expect(scan(x, bad, { out })).rejects.toThrow(
        /^numbat: scan: 'op' must be a function of two parameters .* takes \d$/,
      );
      await expect(reduce(x, bad)).rejects.toThrow(
        /^numbat: reduce: 'op' must be a function of two parameters/,
      );
      await expect(reduce(x, bad, { axis: 0 })).rejects.toThrow(/two parameters/);
      expect(out.every((v) => v === 7)).toBe(true);
    });
  }
});
