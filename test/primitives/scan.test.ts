// scan.test.ts — scan on every backend × dtype × op against the plain-JS reference of the
// documented order (reference.ts), inclusive and exclusive, at sizes around the 64-element
// segments, the 4096-element blocks (a WebGPU workgroup) and non-powers of two; −0, NaN,
// ±Infinity, 32-bit wrap; in place, into `out`, on NDArrays; the same bits on every backend.

import { describe, expect, it } from 'vitest';
import { empty, release, toDevice, zeros } from '../../src/index.js';
import { scan } from '../../src/kernels/index.js';
import { kernelsFor } from '../../src/kernels/scan.js';
import { available, describeEachBackend } from '../harness/eachBackend.js';
import { firstDifference, refScan, rng, type Ctor, type Typed } from './reference.js';
import { jitDisabled } from '../harness/backends.js';

// The checks below are bit for bit against the documented f32/integer arithmetic of the
// compiled kernels; NUMBAT_DISABLE_JIT=1 runs the plain functions in JavaScript's own f64,
// unwrapped arithmetic instead, so they are skipped then (with this reason printed).
if (jitDisabled())
  console.log('[numbat tests] primitives: bit-exact checks skipped under NUMBAT_DISABLE_JIT=1');
describe.skipIf(jitDisabled())('compiled kernels', () => {
  const SIZES = [0, 1, 63, 64, 65, 255, 256, 257, 4095, 4096, 4097, 8193, 12_305, 100_003];
  // WebGPU (SwiftShader here) is slow: a workgroup's block ± 1, a short segment, 4 blocks.
  const GPU_SIZES = [0, 1, 65, 4095, 4096, 4097, 12_305];
  const DTYPES: Ctor[] = [
    Float32Array,
    Float64Array,
    Int32Array,
    Uint32Array,
    Int16Array,
    Uint8Array,
  ];

  function data(Ctor: Ctor, n: number, seed: number): Typed {
    const r = rng(seed);
    const x = new Ctor(n);
    const float = Ctor === Float32Array || Ctor === Float64Array;
    for (let i = 0; i < n; i++)
      x[i] = float ? (r() - 0.3) * 10 : Math.floor(r() * 2 ** 32) - 2 ** 31;
    return x;
  }

  const IDENTITY = (op: string, Ctor: Ctor): number => {
    if (op === 'sum') return 0;
    if (op === 'prod') return 1;
    const range: Record<string, [number, number]> = {
      Float32Array: [-Infinity, Infinity],
      Float64Array: [-Infinity, Infinity],
      Int32Array: [-2147483648, 2147483647],
      Uint32Array: [0, 4294967295],
      Int16Array: [-32768, 32767],
      Uint8Array: [0, 255],
    };
    return op === 'min' ? range[Ctor.name]![1] : range[Ctor.name]![0];
  };

  describeEachBackend('scan', (backend) => {
    const float = backend === 'webgpu' ? DTYPES.filter((d) => d !== Float64Array) : DTYPES;
    for (const Ctor of float) {
      const sizes = backend === 'webgpu' ? GPU_SIZES : SIZES;
      it(`${Ctor.name}: sum, prod, min, max, inclusive and exclusive, sizes ${sizes.join(', ')}`, async () => {
        for (const n of sizes) {
          const x = data(Ctor, n, n + 1);
          for (const op of ['sum', 'prod', 'min', 'max'] as const) {
            if (op === 'prod' && (Ctor === Float32Array || Ctor === Float64Array)) continue; // overflows to ±∞ quickly; below
            if (n > 10_000 && op !== 'sum') continue; // the large size checks the block order; ops are covered below it
            for (const exclusive of [false, true]) {
              const got = await scan(x, op, { exclusive, backend });
              const want = refScan(x, op, exclusive, IDENTITY(op, Ctor));
              expect(got).toBeInstanceOf(Ctor);
              expect(
                firstDifference(got, want),
                `${op} ${exclusive ? 'exclusive' : 'inclusive'} n=${n}`,
              ).toBeNull();
            }
          }
        }
      });
    }

    it('float products and a custom op, with an identity for exclusive', async () => {
      const x = new Float32Array(5000).map((_, i) => 1 + ((i % 7) - 3) * 1e-3);
      expect(
        firstDifference(await scan(x, 'prod', { backend }), refScan(x, 'prod', false)),
      ).toBeNull();
      // Associative (ab/2 · c/2 either way) but rounded in f32 at every step: the fixed
      // order shows. Around 2 the running value stays near 2.
      const op = (a: number, b: number) => a * b * 0.5;
      const x2 = x.map((v) => 2 * v);
      expect(firstDifference(await scan(x2, op, { backend }), refScan(x2, op, false))).toBeNull();
      expect(
        firstDifference(
          await scan(x2, op, { exclusive: true, identity: 2, backend }),
          refScan(x2, op, true, 2),
        ),
      ).toBeNull();
    });

    it('−0 survives sums of −0s across segments and blocks; NaN and ±Infinity there too', async () => {
      const z = new Float32Array(4096 + 40).fill(-0);
      const inc = await scan(z, 'sum', { backend });
      expect(inc.every((v) => Object.is(v, -0))).toBe(true);
      const exc = await scan(z, 'sum', { exclusive: true, backend });
      expect(Object.is(exc[0], 0)).toBe(true);
      expect(exc.subarray(1).every((v) => Object.is(v, -0))).toBe(true);
      const r = rng(3);
      const x = new Float32Array(4096 + 300).map(() => (r() - 0.5) * 8);
      x[40] = Infinity;
      x[4100] = -Infinity;
      x[4200] = NaN;
      for (const op of ['sum', 'max', 'min'] as const) {
        for (const exclusive of [false, true]) {
          const got = await scan(x, op, { exclusive, backend });
          const want = refScan(x, op, exclusive, IDENTITY(op, Float32Array));
          expect(firstDifference(got, want), `${op} ${exclusive}`).toBeNull();
        }
      }
    });

    it('NaN and infinities propagate; −0 survives a sum of −0s', async () => {
      const x = new Float32Array([-0, -0, NaN, 1, Infinity, -Infinity]);
      expect(Array.from(await scan(x, 'sum', { backend }))).toEqual([-0, -0, NaN, NaN, NaN, NaN]);
      expect(
        Array.from(await scan(new Float32Array([1, Infinity, -Infinity]), 'sum', { backend })),
      ).toEqual([1, Infinity, NaN]);
      expect(Array.from(await scan(new Float32Array([2, NaN, 1]), 'min', { backend }))).toEqual([
        2,
        NaN,
        NaN,
      ]);
    });

    it('integer sums wrap at 32 bits', async () => {
      const x = new Int32Array([2147483647, 1, 1]);
      expect(Array.from(await scan(x, 'sum', { backend }))).toEqual([
        2147483647, -2147483648, -2147483647,
      ]);
      const u = new Uint32Array([4294967295, 2]);
      expect(Array.from(await scan(u, 'sum', { backend }))).toEqual([4294967295, 1]);
    });

    it('writes into out, scans in place, and leaves the input alone', async () => {
      const x = data(Float32Array, 10_000, 5) as Float32Array;
      const copy = x.slice();
      const want = refScan(x, 'sum', false);
      const out = new Float32Array(x.length);
      expect(await scan(x, 'sum', { out, backend })).toBe(out);
      expect(firstDifference(out, want)).toBeNull();
      expect(firstDifference(x, copy)).toBeNull();
      expect(await scan(x, 'sum', { out: x, backend })).toBe(x);
      expect(firstDifference(x, want)).toBeNull();
    });

    it('uses empty() arrays where they are: as x, into out, in place', async () => {
      const n = 3 * 4096 + 77;
      const x = empty(n, 'float32');
      x.set(data(Float32Array, n, 6));
      const copy = x.slice();
      const want = refScan(copy, 'sum', false);
      const wantExclusive = refScan(copy, 'max', true, -Infinity);
      const out = empty(n, 'float32');
      try {
        expect(await scan(x, 'sum', { out, backend })).toBe(out);
        expect(firstDifference(out, want)).toBeNull();
        expect(firstDifference(x, copy)).toBeNull();
        const fresh = await scan(x, 'max', { exclusive: true, backend });
        expect(fresh).not.toBe(x);
        expect(firstDifference(fresh, wantExclusive)).toBeNull();
        expect(await scan(x, 'sum', { out: x, backend })).toBe(x);
        expect(firstDifference(x, want)).toBeNull();
        // A host input into an empty() out, and an empty() input into a host out.
        const host = new Float32Array(n);
        expect(await scan(copy, 'sum', { out, backend })).toBe(out);
        expect(firstDifference(out, want)).toBeNull();
        expect(await scan(out, 'max', { out: host, backend })).toBe(host);
        expect(firstDifference(host, refScan(want, 'max', false))).toBeNull();
      } finally {
        release(x);
        release(out);
      }
    });

    it('keeps NDArrays resident, in place or into a new NDArray', async () => {
      const x = data(Float32Array, 20_000, 9) as Float32Array;
      const want = refScan(x, 'sum', true, 0);
      const d = await toDevice(x, backend);
      const r = await scan(d, 'sum', { exclusive: true });
      expect(r.backend).toBe(backend);
      expect(r).not.toBe(d);
      expect(firstDifference(await r.toHost(), want)).toBeNull();
      const same = await scan(d, 'sum', { exclusive: true, out: d });
      expect(same).toBe(d);
      expect(firstDifference(await d.toHost(), want)).toBeNull();
      const into = await zeros(x.length, 'f32', backend);
      await scan(await toDevice(x, backend), 'sum', { exclusive: true, out: into });
      expect(firstDifference(await into.toHost(), want)).toBeNull();
    });
  });

  describe.skipIf(!available('wasm'))('scan on wasm', () => {
    it('folds the full blocks four segments (and H four blocks) at once, through transposed loads and stores', async () => {
      const k = kernelsFor('sum');
      const n = 2 * 4096;
      const x = new Float32Array(n);
      const scratch = (m: number): Float32Array => new Float32Array(m);
      for (const pass of [k.laneInclusive, k.laneExclusive]) {
        const info = await pass
          .with({ backend: 'wasm' })
          .inspect([2, 64], x, scratch(n), scratch(2), scratch(128), scratch(1));
        expect(info.code).toMatch(/each lane walks its own run, 4 steps at a time/);
      }
      const totals = await k.laneTotals.with({ backend: 'wasm' }).inspect([2, 64], x, scratch(128));
      expect(totals.code).toMatch(/each lane walks its own run, 4 steps at a time/);
      const rounds = await k.laneHillis
        .with({ backend: 'wasm' })
        .inspect(8, scratch(512), scratch(512), scratch(8));
      expect(rounds.code).toMatch(/each lane walks its own run, 4 steps at a time/);
    });
  });

  describe('scan: the same bits on every backend', () => {
    it('at 10^6 f32 elements (a sum whose rounding depends on the association order)', async () => {
      const x = data(Float32Array, 1_000_000, 77) as Float32Array;
      const want = refScan(x, 'sum', false);
      // WebGPU too, where it runs (SwiftShader here: one sum).
      for (const backend of ['js', 'workers', 'wasm', 'webgpu'] as const) {
        if (!available(backend)) {
          console.log(`[numbat tests] scan at 10^6: ${backend} is unavailable here, skipped`);
          continue;
        }
        expect(firstDifference(await scan(x, 'sum', { backend }), want), backend).toBeNull();
      }
    });

    it('at 10^6 i32 elements, exclusive (wrapping at 32 bits)', async () => {
      const x = data(Int32Array, 1_000_000, 78) as Int32Array;
      const want = refScan(x, 'sum', true, 0);
      for (const backend of ['js', 'workers', 'wasm'] as const) {
        expect(
          firstDifference(await scan(x, 'sum', { exclusive: true, backend }), want),
          backend,
        ).toBeNull();
      }
    });
  });
});
