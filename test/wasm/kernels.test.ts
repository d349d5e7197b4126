// kernels.test.ts — the wasm backend on hand-built IR kernels: results against plain
// JavaScript references, SIMD path against scalar path, tails, NaN, masked-off lanes,
// early return, break in data-dependent loops, atomics, random, casts, Math, and wabt
// validation of every generated module.

import { describe, expect, test } from 'vitest';
import wabtInit from 'wabt';
import type { Expr, IrKernel } from '../../src/jit/ir/ir.js';
import { random as jsRandom } from '../../src/jit/ops/intrinsics.js';
import { generateWasm } from '../../src/jit/codegen/wasm.js';
import {
  assign,
  bin,
  buffer,
  c,
  cast,
  ci,
  if_,
  kernelIr,
  let_,
  load,
  local,
  math,
  ret,
  runWasm,
  sc,
  scalar,
  store,
  while_,
} from './irBuilders.js';

const i = local('i', 'i32');
const f = Math.fround;

async function validate(ir: IrKernel): Promise<void> {
  const wabt = await wabtInit();
  for (const simd of [true, false]) {
    const code = generateWasm(ir, { shared: true, simd });
    const mod = wabt.readWasm(code.bytes, { readDebugNames: false, simd: true, threads: true });
    expect(() =>
      (mod.validate as (features: object) => void)({ simd: true, threads: true }),
    ).not.toThrow();
    mod.destroy();
  }
}

/** Runs a kernel on both paths and returns the outputs of each. */
async function both<T extends Float32Array | Float64Array | Int32Array | Uint32Array>(
  ir: IrKernel,
  make: () => T[],
  scalars: number[],
  grid: number[],
): Promise<{
  simd: T[];
  scalar: T[];
  simdResult: number | undefined;
  scalarResult: number | undefined;
}> {
  const a = make();
  const b = make();
  const simdResult = await runWasm(ir, a, scalars, grid, true);
  const scalarResult = await runWasm(ir, b, scalars, grid, false);
  return { simd: a, scalar: b, simdResult, scalarResult };
}

const saxpy = kernelIr({
  name: 'saxpy',
  buffers: [buffer('x', 'f32', 1), buffer('y', 'f32', 2), buffer('out', 'f32', 3, false, true)],
  scalars: [scalar('a', 'f32', 0)],
  body: [store(2, i, bin('+', bin('*', sc(0, 'f32'), load(0, i, 'f32')), load(1, i, 'f32')))],
});

describe('wasm backend on hand-built IR', () => {
  test.each([0, 1, 3, 4, 5, 64, 1023])('saxpy f32, n = %i (tails)', async (n) => {
    const make = () => [
      new Float32Array(n).map((_, k) => k * 0.37 - 3),
      new Float32Array(n).map((_, k) => (k % 7) - 2.5),
      new Float32Array(n),
    ];
    const { simd, scalar } = await both(saxpy, make, [2.5], [n]);
    const [x, y] = make();
    const want = new Float32Array(n).map((_, k) => f(f(2.5 * x![k]!) + y![k]!));
    expect(simd[2]).toEqual(want);
    expect(scalar[2]).toEqual(want);
  });

  test('saxpy is vectorised and the listing shows SIMD instructions', () => {
    const code = generateWasm(saxpy, { shared: true });
    expect(code.lanes).toBe(4);
    expect(code.listing).toContain('v128.load');
    expect(code.listing).toContain('f32x4.mul');
    expect(code.notes).toEqual([]);
  });

  test('the module carries a name section naming it and its functions after the kernel', () => {
    const names = (name: string) => {
      const code = generateWasm({ ...saxpy, name }, { shared: true });
      const [section] = WebAssembly.Module.customSections(
        new WebAssembly.Module(code.bytes as BufferSource),
        'name',
      );
      return { bytes: code.bytes, text: new TextDecoder().decode(section) };
    };
    const a = names('saxpy');
    // Module name (subsection 0), then the exported function's name (subsection 1).
    expect(a.text).toContain('saxpy');
    expect(a.text).toContain('saxpy.run');
    // Two kernels of the same code and different names are different modules (V8 caches
    // compiled modules by their bytes: each kernel gets its own tier-up).
    const b = names('saxpy2');
    expect(b.text).toContain('saxpy2.run');
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  test.each([
    ['f32', 'v128.load32_splat'],
    ['f64', 'v128.load64_splat'],
  ] as const)(
    'a %s load the lanes share is one load-and-splat, with the same results as the scalar path',
    async (t, fused) => {
      // out[i] = Σ_j w[j] · x[i]: w[j] does not depend on i, so every lane reads the same element.
      const j = local('j', 'i32');
      const ir = kernelIr({
        name: `shared_${t}`,
        buffers: [buffer('w', t, 0), buffer('x', t, 1), buffer('out', t, 2, false, true)],
        scalars: [scalar('m', 'i32', 3)],
        body: [
          let_('acc', t, c(0, t)),
          let_('j', 'i32', ci(0)),
          while_(
            'L',
            bin('<', j, sc(0, 'i32'), 'bool'),
            [
              assign(
                'acc',
                bin('+', local('acc', t), bin('*', load(0, j, t), load(1, i, t), t), t),
              ),
            ],
            [assign('j', bin('+', j, ci(1), 'i32'))],
          ),
          store(2, i, local('acc', t)),
        ],
      });
      const code = generateWasm(ir, { shared: true });
      const simdLoop = code.listing.slice(
        code.listing.indexOf(';; SIMD loop'),
        code.listing.indexOf(';; scalar loop'),
      );
      expect(simdLoop).toContain(fused);
      await validate(ir);
      const Kind = t === 'f32' ? Float32Array : Float64Array;
      const make = () => [
        Kind.from([0.5, -2, 3.25, 1e-3, 7]),
        new Kind(11).map((_, k) => k - 4.5),
        new Kind(11),
      ];
      const { simd, scalar: viaScalar } = await both(ir, make, [5], [11]);
      expect(simd[2]).toEqual(viaScalar[2]);
      expect(simd[2]![3]).toBe(
        t === 'f32'
          ? f(
              f(f(f(f(0.5 * -1.5) + f(-2 * -1.5)) + f(3.25 * -1.5)) + f(f(1e-3) * -1.5)) +
                f(7 * -1.5),
            )
          : 0.5 * -1.5 + -2 * -1.5 + 3.25 * -1.5 + 1e-3 * -1.5 + 7 * -1.5,
      );
    },
  );

  test.each([
    ['f32', 'v128.load32_splat', true],
    ['f64', 'v128.load64_splat', true],
    ['f32', 'v128.load32_splat', false],
  ] as const)(
    'a uniform %s local read only by vector arithmetic is kept splatted (%s; vector-only uses: %s)',
    async (t, fused, vectorOnly) => {
      // const wj = w[j]; lo += wj·x[i]; hi += wj·x[i] + wj: each use would splat wj, so the
      // declaration loads and splats it once. A scalar use too (wj·wj, uniform) keeps it scalar.
      const j = local('j', 'i32');
      const wj = local('wj', t);
      const extra = vectorOnly ? wj : bin('*', wj, wj, t);
      const ir = kernelIr({
        name: `splatted_${t}_${vectorOnly}`,
        buffers: [buffer('w', t, 0), buffer('x', t, 1), buffer('out', t, 2, false, true)],
        scalars: [scalar('m', 'i32', 3)],
        body: [
          let_('lo', t, c(0, t)),
          let_('hi', t, c(0, t)),
          let_('j', 'i32', ci(0)),
          while_(
            'L',
            bin('<', j, sc(0, 'i32'), 'bool'),
            [
              let_('wj', t, load(0, j, t)),
              assign('lo', bin('+', local('lo', t), bin('*', wj, load(1, i, t), t), t)),
              assign(
                'hi',
                bin('+', local('hi', t), bin('+', bin('*', wj, load(1, i, t), t), extra, t), t),
              ),
            ],
            [assign('j', bin('+', j, ci(1), 'i32'))],
          ),
          store(2, i, bin('-', local('hi', t), local('lo', t), t)),
        ],
      });
      const code = generateWasm(ir, { shared: true });
      const simdLoop = code.listing.slice(
        code.listing.indexOf(';; SIMD loop'),
        code.listing.indexOf(';; scalar loop'),
      );
      if (vectorOnly) expect(simdLoop).toContain(fused);
      else expect(simdLoop).not.toContain(fused);
      await validate(ir);
      const Kind = t === 'f32' ? Float32Array : Float64Array;
      const w = [0.5, -2, 3.25, 1e-3, 7];
      const make = () => [Kind.from(w), new Kind(11).map((_, k) => k - 4.5), new Kind(11)];
      const { simd, scalar: viaScalar } = await both(ir, make, [w.length], [11]);
      expect(simd[2]).toEqual(viaScalar[2]);
      // The plain reference, rounded as the kernel's precision rounds.
      const r = t === 'f32' ? f : (v: number) => v;
      const want = new Kind(11).map((_, k) => {
        const x = k - 4.5;
        let lo = 0;
        let hi = 0;
        for (const v of w.map(r)) {
          lo = r(lo + r(v * x));
          hi = r(hi + r(r(v * x) + (vectorOnly ? v : r(v * v))));
        }
        return r(hi - lo);
      });
      expect(simd[2]).toEqual(want);
    },
  );

  test('a kernel scalar converted for f32 math is converted and splatted once, however often it is used', async () => {
    // out0[i] = x[i] * f32(dt); out1[i] = x[i] + f32(dt): two cast nodes of the same scalar.
    const dt = (): Expr => cast(sc(0, 'f64'), 'f32');
    const ir = kernelIr({
      name: 'shared_cast',
      buffers: [
        buffer('x', 'f32', 1),
        buffer('out0', 'f32', 2, false, true),
        buffer('out1', 'f32', 3, false, true),
      ],
      scalars: [scalar('dt', 'f64', 0)],
      body: [
        store(1, i, bin('*', load(0, i, 'f32'), dt(), 'f32')),
        store(2, i, bin('+', load(0, i, 'f32'), dt(), 'f32')),
      ],
    });
    const once = kernelIr({ ...ir, name: 'single_cast', body: [ir.body[0]!] });
    const conversions = (k: IrKernel): number =>
      generateWasm(k, { shared: true }).listing.match(/local\.set \$dt_f32_splat/g)?.length ?? 0;
    expect(conversions(once)).toBeGreaterThan(0);
    expect(conversions(ir)).toBe(conversions(once));
    await validate(ir);
    const make = () => [
      new Float32Array(9).map((_, k) => k - 4),
      new Float32Array(9),
      new Float32Array(9),
    ];
    const { simd } = await both(ir, make, [0.1], [9]);
    const step = f(0.1);
    expect(Array.from(simd[1]!)).toEqual(Array.from({ length: 9 }, (_, k) => f((k - 4) * step)));
    expect(Array.from(simd[2]!)).toEqual(Array.from({ length: 9 }, (_, k) => f(k - 4 + step)));
  });

  test('golden listing: saxpy', async () => {
    await expect(generateWasm(saxpy, { shared: true }).listing).toMatchFileSnapshot(
      './__snapshots__/saxpy.wat',
    );
  });

  test('sum of squares reduce (f64), SIMD and scalar agree with JS', async () => {
    const ir = kernelIr({
      name: 'sumsq',
      buffers: [buffer('x', 'f64', 0)],
      body: [ret(bin('*', load(0, i, 'f64'), load(0, i, 'f64')))],
      reduce: { kind: 'sum', t: 'f64' },
    });
    await validate(ir);
    for (const n of [0, 1, 2, 3, 1001]) {
      const x = new Float64Array(n).map((_, k) => Math.sin(k) * 10);
      const want = x.reduce((s, v) => s + v * v, 0);
      const simd = await runWasm(ir, [x], [], [n], true);
      const sc = await runWasm(ir, [x], [], [n], false);
      expect(simd).toBeCloseTo(want, 8);
      // run() folds per-block partials (driver.ts), so the order differs from a plain loop.
      expect(Math.abs(sc! - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-14);
    }
  });

  test('mandelbrot f32: 2-D grid, data-dependent while with break', async () => {
    const row = local('row', 'i32');
    const col = local('col', 'i32');
    const x = local('x', 'f32');
    const y = local('y', 'f32');
    const k = local('k', 'i32');
    const ir = kernelIr({
      name: 'mandel',
      indexNames: ['row', 'col'],
      buffers: [buffer('out', 'i32', 0, false, true)],
      scalars: [scalar('w', 'i32', 1), scalar('h', 'i32', 2), scalar('maxIter', 'i32', 3)],
      body: [
        let_(
          'cx',
          'f32',
          bin(
            '-',
            bin('*', bin('/', cast(col, 'f32'), cast(sc(0, 'i32'), 'f32')), c(3, 'f32')),
            c(2, 'f32'),
          ),
        ),
        let_(
          'cy',
          'f32',
          bin(
            '-',
            bin('*', bin('/', cast(row, 'f32'), cast(sc(1, 'i32'), 'f32')), c(2, 'f32')),
            c(1, 'f32'),
          ),
        ),
        let_('x', 'f32', c(0, 'f32')),
        let_('y', 'f32', c(0, 'f32')),
        let_('k', 'i32', ci(0)),
        while_('L', bin('<', k, sc(2, 'i32')), [
          let_('x2', 'f32', bin('*', x, x)),
          let_('y2', 'f32', bin('*', y, y)),
          if_(bin('>', bin('+', local('x2', 'f32'), local('y2', 'f32')), c(4, 'f32')), [
            { k: 'break', label: 'L' },
          ]),
          assign('y', bin('+', bin('*', bin('*', c(2, 'f32'), x), y), local('cy', 'f32'))),
          assign(
            'x',
            bin('+', bin('-', local('x2', 'f32'), local('y2', 'f32')), local('cx', 'f32')),
          ),
          assign('k', bin('+', k, ci(1))),
        ]),
        store(0, bin('+', bin('*', row, sc(0, 'i32')), col), k),
      ],
    });
    await validate(ir);
    const code = generateWasm(ir, { shared: true });
    expect(code.lanes).toBe(4);
    expect(code.listing).toContain('v128.any_true');
    const w = 45,
      h = 21,
      maxIter = 60;
    const want = new Int32Array(w * h);
    for (let r = 0; r < h; r++) {
      for (let cc = 0; cc < w; cc++) {
        const cx = f(f(f(f(cc) / f(w)) * 3) - 2);
        const cy = f(f(f(f(r) / f(h)) * 2) - 1);
        let xx = 0,
          yy = 0,
          kk = 0;
        while (kk < maxIter) {
          const x2 = f(xx * xx),
            y2 = f(yy * yy);
          if (f(x2 + y2) > 4) break;
          yy = f(f(f(2 * xx) * yy) + cy);
          xx = f(f(x2 - y2) + cx);
          kk++;
        }
        want[r * w + cc] = kk;
      }
    }
    const r = await both(ir, () => [new Int32Array(w * h)], [w, h, maxIter], [h, w]);
    expect(r.scalar[0]).toEqual(want);
    expect(r.simd[0]).toEqual(want);
  });

  test('if/else under a lane mask with NaN inputs (f32)', async () => {
    const xi = load(0, i, 'f32');
    const ir = kernelIr({
      name: 'branchy',
      buffers: [buffer('x', 'f32', 0), buffer('out', 'f32', 1, false, true)],
      body: [
        if_(
          bin('>', xi, c(0.5, 'f32')),
          [store(1, i, bin('*', xi, c(2, 'f32')))],
          [store(1, i, bin('-', xi, c(1, 'f32')))],
        ),
      ],
    });
    await validate(ir);
    const n = 37;
    const make = () => [
      new Float32Array(n).map((_, k) => (k % 5 === 0 ? NaN : (k * 0.13) % 1)),
      new Float32Array(n),
    ];
    const [x] = make();
    const want = new Float32Array(n).map((_, k) => (x![k]! > 0.5 ? f(x![k]! * 2) : f(x![k]! - 1)));
    const { simd, scalar } = await both(ir, make, [], [n]);
    expect(simd[1]).toEqual(want);
    expect(scalar[1]).toEqual(want);
  });

  test('early return retires lanes (f64) and masked-off lanes keep their values', async () => {
    const xi = load(0, i, 'f64');
    const ir = kernelIr({
      name: 'early',
      buffers: [buffer('x', 'f64', 0), buffer('out', 'f64', 1, true, true)],
      body: [if_(bin('<', xi, c(0)), [ret()]), store(1, i, math('sqrt', 'f64', xi))],
    });
    await validate(ir);
    const n = 19;
    const make = () => [
      new Float64Array(n).map((_, k) => (k % 3 === 1 ? -k : k * 1.5)),
      new Float64Array(n).fill(-7),
    ];
    const [x] = make();
    const want = new Float64Array(n).map((_, k) => (x![k]! < 0 ? -7 : Math.sqrt(x![k]!)));
    const { simd, scalar } = await both(ir, make, [], [n]);
    expect(simd[1]).toEqual(want);
    expect(scalar[1]).toEqual(want);
  });

  test('atomics: integer histogram and float accumulation (scalar path, noted)', async () => {
    const bucket = cast(bin('*', load(0, i, 'f64'), c(10)), 'i32');
    const ir = kernelIr({
      name: 'hist',
      buffers: [
        buffer('x', 'f64', 0),
        buffer('hist', 'i32', 1, true, true),
        buffer('acc', 'f32', 2, true, true),
      ],
      uses: { atomics: true, random: false, f64: true },
      body: [
        {
          k: 'expr',
          e: {
            k: 'atomic',
            t: 'i32',
            op: 'add',
            arr: { kind: 'buffer', index: 1 },
            index: bucket,
            value: ci(1),
            span: { start: 0, end: 1 },
          },
        },
        {
          k: 'expr',
          e: {
            k: 'atomic',
            t: 'f32',
            op: 'add',
            arr: { kind: 'buffer', index: 2 },
            index: ci(0),
            value: cast(load(0, i, 'f64'), 'f32'),
            span: { start: 0, end: 1 },
          },
        },
        {
          k: 'expr',
          e: {
            k: 'atomic',
            t: 'f32',
            op: 'max',
            arr: { kind: 'buffer', index: 2 },
            index: ci(1),
            value: cast(load(0, i, 'f64'), 'f32'),
            span: { start: 0, end: 1 },
          },
        },
      ],
    });
    await validate(ir);
    const code = generateWasm(ir, { shared: true });
    expect(code.notes.join(' ')).toMatch(/not vectorised: atomics/);
    const n = 500;
    const x = new Float64Array(n).map((_, k) => ((k * 7919) % 1000) / 1000);
    const hist = new Int32Array(10);
    const acc = new Float32Array(2);
    await runWasm(ir, [x, hist, acc], [], [n]);
    const want = new Int32Array(10);
    let s = 0,
      m = 0;
    for (const v of x) {
      want[Math.trunc(v * 10)]!++;
      s = f(s + f(v));
      m = Math.max(m, f(v));
    }
    expect(hist).toEqual(want);
    expect(acc[0]).toBe(s);
    expect(acc[1]).toBe(m);
  });

  test('random(seed, counter) is bit-identical to the JS intrinsic (f64 and f32)', async () => {
    const ir = kernelIr({
      name: 'rng',
      buffers: [buffer('a', 'f64', 0, false, true), buffer('b', 'f32', 1, false, true)],
      scalars: [scalar('seed', 'i32', 2)],
      body: [
        store(0, i, { k: 'random', t: 'f64', seed: sc(0, 'i32'), counter: i }),
        store(1, i, { k: 'random', t: 'f32', seed: sc(0, 'i32'), counter: bin('*', i, ci(3)) }),
      ],
    });
    await validate(ir);
    const n = 101;
    const r = await both(ir, () => [new Float64Array(n), new Float32Array(n)], [12345], [n]);
    const wantA = new Float64Array(n).map((_, k) => jsRandom(12345, k));
    const wantB = new Float32Array(n).map((_, k) => jsRandom(12345, k * 3));
    for (const out of [r.simd, r.scalar]) {
      expect(out[0]).toEqual(wantA);
      expect(out[1]).toEqual(wantB);
    }
  });

  test('casts follow JS: ToInt32, ToUint32, fround, u32 → f64', async () => {
    const xi = load(0, i, 'f64');
    const ir = kernelIr({
      name: 'casts',
      buffers: [
        buffer('x', 'f64', 0),
        buffer('a', 'i32', 1, false, true),
        buffer('b', 'u32', 2, false, true),
        buffer('c', 'f32', 3, false, true),
        buffer('d', 'f64', 4, false, true),
      ],
      body: [
        store(1, i, cast(xi, 'i32')),
        store(2, i, cast(xi, 'u32')),
        store(3, i, cast(xi, 'f32')),
        store(4, i, cast(cast(xi, 'u32'), 'f64')),
      ],
    });
    await validate(ir);
    const xs = [
      0,
      -0,
      1.5,
      -1.5,
      2.5,
      2147483647.9,
      2147483648,
      -2147483649,
      4294967296 + 5,
      1e20,
      -1e20,
      2 ** 63,
      2 ** 70 + 2 ** 40,
      NaN,
      Infinity,
      -Infinity,
      1e-300,
      123456789.123,
    ];
    const n = xs.length;
    const make = () => [
      Float64Array.from(xs),
      new Int32Array(n),
      new Uint32Array(n),
      new Float32Array(n),
      new Float64Array(n),
    ];
    const { simd, scalar } = await both(ir, make, [], [n]);
    for (const r of [simd, scalar]) {
      expect(Array.from(r[1]!)).toEqual(xs.map((v) => v | 0));
      expect(Array.from(r[2]!)).toEqual(xs.map((v) => v >>> 0));
      expect(Array.from(r[3]!)).toEqual(xs.map((v) => Math.fround(v)));
      expect(Array.from(r[4]!)).toEqual(xs.map((v) => v >>> 0));
    }
  });

  test('Math functions match V8 (f64) on both paths', async () => {
    const fns = [
      'sqrt',
      'abs',
      'floor',
      'ceil',
      'trunc',
      'round',
      'sign',
      'fround',
      'exp',
      'log',
      'sin',
      'cos',
      'tan',
      'atan',
      'tanh',
      'asinh',
      'cbrt',
      'log1p',
      'expm1',
    ] as const;
    const xs = [
      0,
      -0,
      0.5,
      -0.5,
      1.5,
      -2.5,
      0.49999999999999994,
      3.7,
      -3.7,
      1e-310,
      1e300,
      -1e300,
      NaN,
      Infinity,
      -Infinity,
      2 ** 52 + 1,
      12.25,
      -0.3,
    ];
    const n = xs.length;
    const body = fns.map((fn, k) => store(1 + k, i, math(fn, 'f64', load(0, i, 'f64'))));
    const ir = kernelIr({
      name: 'mathfns',
      buffers: [
        buffer('x', 'f64', 0),
        ...fns.map((fn, k) => buffer(fn, 'f64', 1 + k, false, true)),
      ],
      body: [...body, store(1, i, math('sqrt', 'f64', load(0, i, 'f64')))],
    });
    await validate(ir);
    const make = () => [Float64Array.from(xs), ...fns.map(() => new Float64Array(n))];
    const { simd, scalar } = await both(ir, make, [], [n]);
    const M = Math as unknown as Record<string, (x: number) => number>;
    // The scalar path calls the host's Math: exact. The SIMD path's transcendental kernels
    // (vmath.ts) are within a few ulps of V8 for finite nonzero results, exact otherwise.
    const close = (got: number, want: number): boolean =>
      Object.is(got, want) ||
      (Number.isFinite(want) && want !== 0 && Math.abs(got - want) <= Math.abs(want) * 2 ** -50);
    for (const r of [simd, scalar]) {
      fns.forEach((fn, k) => {
        const want = xs.map((v) => M[fn]!(v));
        if (
          r === scalar ||
          ['sqrt', 'abs', 'floor', 'ceil', 'trunc', 'round', 'sign', 'fround'].includes(fn)
        ) {
          expect(Array.from(r[1 + k]!), fn).toEqual(want);
        } else {
          Array.from(r[1 + k]!).forEach((got, e) =>
            expect(close(got, want[e]!), `${fn}(${xs[e]}) = ${got}, V8: ${want[e]}`).toBe(true),
          );
        }
      });
    }
  });

  test('integer % by zero gives 0, float % is JS remainder, ** is Math.pow', async () => {
    const ai = load(0, i, 'i32');
    const bi = load(1, i, 'i32');
    const ir = kernelIr({
      name: 'rem',
      buffers: [
        buffer('a', 'i32', 0),
        buffer('b', 'i32', 1),
        buffer('r', 'i32', 2, false, true),
        buffer('fr', 'f64', 3, false, true),
        buffer('p', 'f64', 4, false, true),
      ],
      body: [
        store(2, i, bin('%', ai, bi)),
        store(3, i, bin('%', cast(ai, 'f64'), bin('*', cast(bi, 'f64'), c(0.7)))),
        store(4, i, bin('**', cast(ai, 'f64'), bin('*', cast(bi, 'f64'), c(0.5)))),
      ],
    });
    await validate(ir);
    const as = [7, -7, 7, -7, 5, 0, -2147483648, 13, 100, 3];
    const bs = [2, 2, -2, -2, 0, 0, -1, 5, 7, -3];
    const n = as.length;
    const make = () => [
      Int32Array.from(as),
      Int32Array.from(bs),
      new Int32Array(n),
      new Float64Array(n),
      new Float64Array(n),
    ];
    const { simd, scalar } = await both(ir, make, [], [n]);
    for (const r of [simd, scalar]) {
      expect(Array.from(r[2]!)).toEqual(as.map((a, k) => (a % bs[k]!) | 0));
      expect(Array.from(r[3]!)).toEqual(as.map((a, k) => a % (bs[k]! * 0.7)));
      expect(Array.from(r[4]!)).toEqual(as.map((a, k) => a ** (bs[k]! * 0.5)));
    }
  });

  test('out-of-range access never touches other arrays; boundsCheck throws a located RangeError', async () => {
    const idx: Expr = bin('+', i, ci(3));
    const mk = (boundsCheck: boolean) =>
      kernelIr({
        name: 'shifted',
        boundsCheck,
        buffers: [
          buffer('x', 'f32', 0),
          buffer('out', 'f32', 1, false, true),
          buffer('guard', 'f32', 2, true, true),
        ],
        body: [store(1, idx, bin('+', load(0, idx, 'f32'), c(1, 'f32')))],
      });
    const n = 10;
    const x = new Float32Array(n).fill(2);
    const out = new Float32Array(n);
    const guard = new Float32Array(8).fill(42);
    await runWasm(mk(false), [x, out, guard], [], [n]);
    expect(guard.every((v) => v === 42)).toBe(true);
    expect(Array.from(out)).toEqual([0, 0, 0, 3, 3, 3, 3, 3, 3, 3]);
    await expect(runWasm(mk(true), [x, out, guard], [], [n])).rejects.toThrow(
      /index 10 is out of range \[0, 10\) for parameter 'x' of kernel 'shifted'/,
    );
  });
});
