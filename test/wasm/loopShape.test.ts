// loopShape.test.ts — the shape of the SIMD emitter's loops (simd.ts): rotated loops (tested
// before entry and at the bottom), vector index counters advanced by one add, the paired
// loop's 8-index steps, and a counting sum (`c ? 1 : 0`) accumulated as acc − mask; every
// shape checked in the listing and against the scalar path and plain JavaScript.

import { describe, expect, test } from 'vitest';
import type { Stmt } from '../../src/jit/ir/ir.js';
import { generateWasm } from '../../src/jit/codegen/wasm.js';
import {
  assign,
  bin,
  buffer,
  c,
  ci,
  if_,
  kernelIr,
  let_,
  load,
  local,
  ret,
  runWasm,
  sc,
  scalar,
  store,
  while_,
} from './irBuilders.js';

const i = local('i', 'i32');
const j = local('j', 'i32');
const TAILS = [0, 1, 3, 4, 5, 7, 8, 9, 12, 13, 63, 64, 65];

function simdLoopOf(listing: string): string {
  return listing.slice(listing.indexOf(';; SIMD loop'), listing.indexOf(';; scalar loop'));
}

/** The instructions of the first `loop` … matching `end` in a listing section. */
function firstLoopBody(section: string): string[] {
  const lines = section.split('\n').map((l) => l.trim());
  const start = lines.indexOf('loop');
  let depth = 0;
  for (let k = start; k < lines.length; k++) {
    const op = lines[k]!.split(' ')[0]!;
    if (op === 'loop' || op === 'block' || op === 'if') depth++;
    if (op === 'end' && --depth === 0) return lines.slice(start + 1, k);
  }
  throw new Error('unterminated loop');
}

describe('SIMD loop shape', () => {
  // out[i] = i · 3 + x[i]: reads the vector index counter in every lane.
  const indexed = kernelIr({
    name: 'indexed',
    buffers: [buffer('x', 'i32', 0), buffer('out', 'i32', 1, false, true)],
    body: [store(1, i, bin('+', bin('*', i, ci(3), 'i32'), load(0, i, 'i32'), 'i32'))],
  });

  test('the vector loop is rotated: tested before it, then at the bottom; the index vector is not re-splatted', () => {
    const section = simdLoopOf(generateWasm(indexed, { shared: true }).listing);
    const body = firstLoopBody(section);
    const beforeLoop = section.slice(0, section.indexOf('\n            loop'));
    expect(
      beforeLoop
        .trim()
        .split('\n')
        .map((l) => l.trim()),
    ).toContain('if');
    expect(body.slice(-3)).toEqual(['local.get $stop', 'i32.le_s', 'br_if 0']);
    expect(body).not.toContain('i32x4.splat');
  });

  test.each(TAILS)('indexed kernel, n = %i: SIMD equals scalar and JS', async (n) => {
    const make = () => [
      Int32Array.from({ length: n }, (_, k) => ((k * 7919) % 101) - 50),
      new Int32Array(n),
    ];
    const a = make();
    const b = make();
    await runWasm(indexed, a, [], [n], true);
    await runWasm(indexed, b, [], [n], false);
    const want = Int32Array.from({ length: n }, (_, k) => k * 3 + a[0]![k]!);
    expect(a[1]).toEqual(want);
    expect(b[1]).toEqual(want);
  });

  // An escape loop (paired: 8 indices per pass) whose result also depends on i directly.
  const escape = kernelIr({
    name: 'escape',
    buffers: [buffer('x', 'f32', 0), buffer('out', 'i32', 1, false, true)],
    scalars: [scalar('limit', 'i32', 0)],
    body: [
      let_('z', 'f32', load(0, i, 'f32')),
      let_('k', 'i32', ci(0)),
      while_(
        'E',
        bin(
          '&&',
          bin('<', local('k', 'i32'), sc(0, 'i32'), 'bool'),
          bin('<', local('z', 'f32'), c(100, 'f32'), 'bool'),
          'bool',
        ),
        [
          assign(
            'z',
            bin('+', bin('*', local('z', 'f32'), local('z', 'f32'), 'f32'), c(0.25, 'f32'), 'f32'),
          ),
          assign('k', bin('+', local('k', 'i32'), ci(1), 'i32')),
        ],
      ),
      store(1, i, bin('+', bin('*', local('k', 'i32'), ci(1000), 'i32'), i, 'i32')),
    ],
  });

  test('the paired loop is rotated too and keeps a counter per vector', () => {
    const section = simdLoopOf(generateWasm(escape, { shared: true }).listing);
    expect(section).toContain('two vectors per iteration (8 indices)');
    const body = firstLoopBody(section.slice(section.indexOf('two vectors per iteration')));
    expect(body.slice(-5)).toEqual([
      'i32.const 8',
      'i32.add',
      'local.get $stop',
      'i32.le_s',
      'br_if 0',
    ]);
    expect(body).not.toContain('i32x4.splat');
  });

  test.each(TAILS)('paired escape loop, n = %i: SIMD equals scalar and JS', async (n) => {
    const make = () => [
      Float32Array.from({ length: n }, (_, k) => (k % 11) * 0.1 - 0.3),
      new Int32Array(n),
    ];
    const a = make();
    const b = make();
    await runWasm(escape, a, [40], [n], true);
    await runWasm(escape, b, [40], [n], false);
    const want = Int32Array.from({ length: n }, (_, k) => {
      let z = a[0]![k]!;
      let steps = 0;
      while (steps < 40 && z < 100) {
        z = Math.fround(Math.fround(z * z) + 0.25);
        steps++;
      }
      return steps * 1000 + k;
    });
    expect(a[1]).toEqual(want);
    expect(b[1]).toEqual(want);
  });

  // out[i] = Σ_{j < m, j ≠ skip} w[j] · x[i], leaving at j = stopAt: a uniform counted loop
  // with `continue` and `break`, rotated.
  const weighted = (body: Stmt[]) =>
    kernelIr({
      name: 'weighted',
      buffers: [buffer('w', 'f32', 0), buffer('x', 'f32', 1), buffer('out', 'f32', 2, false, true)],
      scalars: [scalar('m', 'i32', 3), scalar('skip', 'i32', 4), scalar('stopAt', 'i32', 5)],
      body: [
        let_('acc', 'f32', c(0, 'f32')),
        let_('j', 'i32', ci(0)),
        while_('L', bin('<', j, sc(0, 'i32'), 'bool'), body, [
          assign('j', bin('+', j, ci(1), 'i32')),
        ]),
        store(2, i, local('acc', 'f32')),
      ],
    });
  const withExits = weighted([
    if_(bin('==', j, sc(1, 'i32'), 'bool'), [{ k: 'continue', label: 'L' }]),
    if_(bin('==', j, sc(2, 'i32'), 'bool'), [{ k: 'break', label: 'L' }]),
    assign(
      'acc',
      bin('+', local('acc', 'f32'), bin('*', load(0, j, 'f32'), load(1, i, 'f32'), 'f32'), 'f32'),
    ),
  ]);

  test('a uniform counted loop is rotated: its condition is tested before it and at the bottom', () => {
    const section = simdLoopOf(generateWasm(withExits, { shared: true }).listing);
    const inner = firstLoopBody(section.slice(section.indexOf('local.set $j') + 1));
    expect(inner.slice(-4)).toEqual(['local.get $j', 'local.get $m', 'i32.lt_s', 'br_if 0']);
  });

  test.each([
    [0, -1, -1],
    [1, -1, -1],
    [5, 2, -1],
    [5, -1, 3],
    [5, 0, 0],
    [9, 4, 8],
  ])(
    'uniform loop with continue and break, m = %i, skip = %i, stop at %i: SIMD equals scalar and JS',
    async (m, skip, stopAt) => {
      const n = 13;
      const w = Float32Array.from({ length: 9 }, (_, k) => 0.5 + k * 0.75);
      const make = () => [
        w.slice(),
        Float32Array.from({ length: n }, (_, k) => k - 6.5),
        new Float32Array(n),
      ];
      const a = make();
      const b = make();
      await runWasm(withExits, a, [m, skip, stopAt], [n], true);
      await runWasm(withExits, b, [m, skip, stopAt], [n], false);
      const want = Float32Array.from({ length: n }, (_, k) => {
        let acc = 0;
        for (let q = 0; q < m; q++) {
          if (q === skip) continue;
          if (q === stopAt) break;
          acc = Math.fround(acc + Math.fround(w[q]! * (k - 6.5)));
        }
        return acc;
      });
      expect(a[2]).toEqual(want);
      expect(b[2]).toEqual(want);
    },
  );
});

describe('counting sums', () => {
  // Σ (x[i] < t ? 1 : 0), with x[i] < 0 returning 0 early (a divergent return).
  const count = (earlyReturn: boolean) =>
    kernelIr({
      name: 'count',
      buffers: [buffer('x', 'f64', 0)],
      scalars: [scalar('t', 'f64', 1)],
      reduce: { kind: 'sum', t: 'i32' },
      body: [
        ...(earlyReturn ? [if_(bin('<', load(0, i, 'f64'), c(0), 'bool'), [ret(ci(0))])] : []),
        ret({
          k: 'select',
          t: 'i32',
          c: bin('<', load(0, i, 'f64'), sc(0, 'f64'), 'bool'),
          a: ci(1),
          b: ci(0),
        }),
      ],
    });

  test('c ? 1 : 0 is accumulated as acc − mask (no negation)', () => {
    const section = simdLoopOf(generateWasm(count(false), { shared: true }).listing);
    expect(section).toContain('i32x4.sub');
    expect(section).not.toContain('i32x4.neg');
  });

  test.each([false, true])(
    'counts equal the scalar path and JS (early return: %s)',
    async (earlyReturn) => {
      const ir = count(earlyReturn);
      for (const n of TAILS) {
        const x = Float64Array.from({ length: n }, (_, k) => Math.sin(k * 1.7) * 2);
        const want = [...x].filter((v) => !(earlyReturn && v < 0) && v < 0.5).length;
        expect(await runWasm(ir, [x], [0.5], [n], true)).toBe(want);
        expect(await runWasm(ir, [x], [0.5], [n], false)).toBe(want);
      }
    },
  );
});
