// localIndexRange.test.ts — local-array accesses whose index is proven below the array's
// length (passes/indexRange.ts) run without a guard on wasm; the others keep theirs.
// The analysis is checked on hand-built expressions (what it proves and what it refuses),
// and kernels that mix proven and unprovable indices (some out of range: dropped writes,
// reads of 0) are checked against their plain functions.

import { describe, expect, test } from 'vitest';
import { kernel } from '../../src/index.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';
import { indexProvenBelow } from '../../src/jit/passes/indexRange.js';
import { available } from '../harness/eachBackend.js';
import { assign, bin, c, cast, let_, local } from './irBuilders.js';

/** A kernel shell whose body defines the given statements (the analysis reads only lets and assigns). */
const shell = (body: IrKernel['body']): IrKernel => ({ body, reduce: null }) as unknown as IrKernel;
const u = (v: number) => c(v, 'u32');
const k = local('k', 'u32');

describe('indexRange: local-array indices proven in range', () => {
  const ir = shell([
    let_('d', 'u32', bin('>>>', k, u(22))),
    let_('q', 'u32', bin('&', bin('>>>', k, u(11)), u(2047))),
    let_('m', 'u32', bin('&', k, u(4095))),
    let_('v', 'u32', u(0)),
    assign('v', u(5000)),
    let_('w', 'u32', bin('+', bin('&', k, u(15)), u(16))),
  ]);
  test.each([
    ['k >>> 22 below 1024', local('d', 'u32'), 1024, true],
    ['k >>> 22 not below 1023', local('d', 'u32'), 1023, false],
    ['(k >>> 11) & 2047 below 2048', local('q', 'u32'), 2048, true],
    ['k & 4095 not below 2048', local('m', 'u32'), 2048, false],
    ['a reassigned local is unknown', local('v', 'u32'), 1 << 20, false],
    ['(k & 15) + 16 below 32', local('w', 'u32'), 32, true],
    ['(k & 15) + 16 not below 31', local('w', 'u32'), 31, false],
    ['k itself is unknown', k, 1 << 30, false],
    ['k % 100 needs a non-negative k', bin('%', k, u(100)), 100, false],
    ['(k & 255) % 100 below 100', bin('%', bin('&', k, u(255)), u(100)), 100, true],
    ['an i32 cast of k >>> 1 (up to 2^31 − 1)', cast(bin('>>>', k, u(1)), 'i32'), 2 ** 31, true],
    ['an i32 cast of k >>> 0 (may be negative)', cast(bin('>>>', k, u(0)), 'i32'), 2 ** 31, false],
    ['a float index', bin('&', c(1.5), c(3)), 4, false],
  ])('%s', (_, index, length, proven) => {
    expect(indexProvenBelow(ir, index, length)).toBe(proven);
  });
});

/** Runs `fn` as plain JavaScript over a 1-D grid (the specification). */
function plainRun(fn: Function, n: number, args: unknown[]): void {
  for (let i = 0; i < n; i++) fn(i, ...args);
}

// One invocation per chunk of 1000 keys: a histogram with a proven index (k >>> 24), one
// with a mask wider than the table (k & 511 into 256 entries: half the keys fall outside;
// their writes are dropped and their reads give 0, as in JavaScript), and a proven table
// read back through a masked index.
const histograms = kernel(
  (c: number, keys: Uint32Array, out: Uint32Array, n: number) => {
    const h = new Uint32Array(256);
    const g = new Uint32Array(256);
    const start = c * 1000;
    const end = Math.min(start + 1000, n);
    for (let j = start; j < end; j++) {
      const key = keys[j]!;
      const d = key >>> 24;
      h[d] = h[d]! + 1;
      const e = key & 511;
      g[e] = g[e]! + 1 + h[(key >>> 3) & 255]!;
    }
    for (let d = 0; d < 256; d++) {
      out[c * 512 + d] = h[d]!;
      out[c * 512 + 256 + d] = g[d]!;
    }
  },
  { name: 'localIndexRange' },
);

describe.skipIf(!available('wasm'))('local-array indices on wasm', () => {
  test.each([0, 1, 999, 4321])('histograms of %i keys equal the plain function', async (n) => {
    let s = n + 7;
    const keys = Uint32Array.from({ length: n }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s;
    });
    const chunks = Math.max(1, Math.ceil(n / 1000));
    const got = new Uint32Array(chunks * 512);
    const want = new Uint32Array(chunks * 512);
    await histograms.with({ backend: 'wasm' }).launch(chunks, keys, got, n);
    plainRun(histograms.fn, chunks, [keys, want, n]);
    expect(got).toEqual(want);
  });

  test('proven accesses lose their guard, the others keep it', async () => {
    const info = await histograms
      .with({ backend: 'wasm' })
      .inspect(1, new Uint32Array(10), new Uint32Array(512), 10);
    // Guards against the tables' length 256: the two copy-out loops (indexed by a loop
    // counter, 2 loads) and g[e] (load and store) in both copies of the loop over the keys
    // (countedLoops.ts: keys[j] unguarded in the first); h[d], h[(key >>> 3) & 255] go
    // unguarded.
    const guards = info.code.match(/i32\.const 256\s+i32\.lt_u/g) ?? [];
    expect(guards.length).toBe(6);
    expect(info.code).toMatch(/every affine load of loop \w+ is in range: no guards/);
  });
});
