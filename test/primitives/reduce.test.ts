// reduce.test.ts — reduce, argmin and argmax along every axis of ranks 1–4 (ndarrays with
// transposed and sliced strides, NDArrays) against nested plain-JS loops, on every backend.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { toDevice } from '../../src/index.js';
import { argmax, argmin, reduce } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { rng } from './reference.js';
import { jitDisabled } from '../harness/backends.js';

// The checks below are bit for bit against the documented f32/integer arithmetic of the
// compiled kernels; NUMBAT_DISABLE_JIT=1 runs the plain functions in JavaScript's own f64,
// unwrapped arithmetic instead, so they are skipped then (with this reason printed).
if (jitDisabled())
  console.log('[numbat tests] primitives: bit-exact checks skipped under NUMBAT_DISABLE_JIT=1');
describe.skipIf(jitDisabled())('compiled kernels', () => {
  type Nd = ndarray.NdArray<Float32Array | Int32Array>;

  /** Every index of a shape, row-major. */
  function* indices(shape: readonly number[]): Generator<number[]> {
    const n = shape.reduce((a, b) => a * b, 1);
    for (let f = 0; f < n; f++) {
      const ix: number[] = [];
      let r = f;
      for (let k = shape.length - 1; k >= 0; k--) {
        ix.unshift(r % shape[k]!);
        r = Math.floor(r / shape[k]!);
      }
      yield ix;
    }
  }

  /** Reference along an axis: fold left to right in the dtype (f32: fround each step). */
  function refAlong(a: Nd, axis: number, kind: 'sum' | 'max' | 'argmin' | 'argmax'): number[] {
    const f32 = a.data instanceof Float32Array;
    const shape = a.shape.filter((_, k) => k !== axis);
    const out: number[] = [];
    for (const o of indices(shape)) {
      const at = (t: number): number => a.get(...[...o.slice(0, axis), t, ...o.slice(axis)]);
      let acc = at(0);
      let best = 0;
      for (let t = 1; t < a.shape[axis]!; t++) {
        const v = at(t);
        if (kind === 'sum') acc = f32 ? Math.fround(acc + v) : (acc + v) | 0;
        else if (kind === 'max') acc = Math.max(acc, v);
        else if (
          kind === 'argmin'
            ? v < acc || (v !== v && acc === acc)
            : v > acc || (v !== v && acc === acc)
        ) {
          acc = v;
          best = t;
        }
      }
      out.push(kind === 'argmin' || kind === 'argmax' ? best : acc);
    }
    return out;
  }

  function values(x: unknown): number[] {
    const v = x as { data?: ArrayLike<number> } & ArrayLike<number>;
    return Array.from(v.data ?? v);
  }

  function arrays(seed: number): Nd[] {
    const r = rng(seed);
    const f = Float32Array.from({ length: 360 }, () =>
      r() < 0.03 ? NaN : Math.round((r() - 0.5) * 20) / 4,
    );
    const i = Int32Array.from({ length: 360 }, () => Math.floor((r() - 0.5) * 2 ** 32));
    return [
      ndarray(f.subarray(0, 9), [9]),
      ndarray(f, [12, 30]),
      ndarray(f, [6, 60]).transpose(1, 0), // strided rank 2
      ndarray(i, [5, 8, 9]).transpose(2, 0, 1), // integers, rank 3, permuted strides
      ndarray(f, [3, 4, 5, 6]).hi(3, 4, 4, 5).lo(0, 1, 1, 0), // rank 4, sliced with an offset
    ];
  }

  describeEachBackend('reduce along an axis', (backend) => {
    it('sum, max, argmin, argmax along every axis of ranks 1–4', async () => {
      for (const a of arrays(3)) {
        for (let axis = 0; axis < a.shape.length; axis++) {
          for (const kind of ['sum', 'max', 'argmin', 'argmax'] as const) {
            const got =
              kind === 'argmin'
                ? await argmin(a, { axis, backend })
                : kind === 'argmax'
                  ? await argmax(a, { axis, backend })
                  : await reduce(a, kind, { axis, backend });
            const want = refAlong(a, axis, kind);
            if (a.shape.length === 1) expect(got, `${kind} rank 1`).toEqual(want[0]);
            else
              expect(values(got), `${kind} axis ${axis} of [${a.shape.join(', ')}]`).toEqual(want);
          }
        }
      }
    });

    it('negative axes, the whole array to a number, NDArrays stay resident', async () => {
      const a = ndarray(
        Float32Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 3),
        [2, 3, 4],
      );
      expect(values(await reduce(a, 'sum', { axis: -1, backend }))).toEqual(refAlong(a, 2, 'sum'));
      expect(await reduce(a, 'max', { backend })).toBe(7);
      expect(await argmin(a, { backend })).toBe(0); // the first of the −3s, row-major
      expect(await argmax(new Float32Array([1, 5, 5, NaN, 2]), { backend })).toBe(3);
      expect(await reduce(new Int32Array([2147483647, 1]), 'sum', { backend })).toBe(-2147483648);
      const d = await toDevice(a, backend);
      const r = await reduce(d, 'sum', { axis: 1 });
      expect(r.backend).toBe(backend);
      expect(r.shape).toEqual([2, 4]);
      const back = (await r.toHost()) as unknown as { shape: number[] };
      expect(back.shape).toEqual([2, 4]); // an ndarray, as the input was
      expect(values(back)).toEqual(refAlong(a, 1, 'sum'));
      const m = await argmax(d, { axis: 0 });
      expect(m.dtype).toBe('u32');
      expect(values(await m.toHost())).toEqual(refAlong(a, 0, 'argmax'));
      const big = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i));
      let s = big[0]!;
      for (let b = 0; b < big.length; b += 4096) {
        let p = big[b]!;
        for (let j = b + 1; j < Math.min(big.length, b + 4096); j++) p = Math.fround(p + big[j]!);
        if (b > 0) s = Math.fround(s + p);
        else s = p;
      }
      expect(await reduce(big, 'sum', { backend })).toBe(s); // blocks of 4096, then the blocks
    });

    it('the whole array in blocks: full blocks in pairs, an odd one, a partial last, every kind of input', async () => {
      /** The documented order: blocks of 4096 folded left to right, then the block results. */
      const blockSum = (xs: ArrayLike<number>, add: (a: number, b: number) => number) => {
        let s = 0;
        for (let b = 0; b < xs.length; b += 4096) {
          let p = xs[b]!;
          for (let j = b + 1; j < Math.min(xs.length, b + 4096); j++) p = add(p, xs[j]!);
          s = b > 0 ? add(s, p) : p;
        }
        return s;
      };
      const f32 = (a: number, b: number) => Math.fround(a + b);
      const i32 = (a: number, b: number) => (a + b) | 0;
      for (const n of [4096, 8192, 3 * 4096, 3 * 4096 + 5, 5 * 4096 + 4095, 2 * 4096 + 1]) {
        const f = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 1000);
        const i = Int32Array.from({ length: n }, (_, k) => Math.imul(k + 1, 0x9e3779b1));
        const b = Int8Array.from({ length: n }, (_, k) => (k * 37) % 256);
        expect(await reduce(f, 'sum', { backend }), `f32 ${n}`).toBe(blockSum(f, f32));
        expect(await reduce(i, 'sum', { backend }), `i32 ${n}`).toBe(blockSum(i, i32));
        expect(await reduce(b, 'sum', { backend }), `i8 ${n}`).toBe(blockSum(b, i32));
        const d = await toDevice(f, backend);
        expect(await reduce(d, 'sum'), `resident ${n}`).toBe(blockSum(f, f32));
        d.dispose();
        // argmin/argmax: the first index of the extreme (the first NaN when there is one),
        // with ties across blocks and pairs of blocks, and a NaN in a block's second chain.
        const ties = Float32Array.from({ length: n }, (_, k) => (k * 7919) % 13);
        const firstOf = (xs: Float32Array, better: (v: number, b: number) => boolean) => {
          let bi = 0;
          for (let k = 1; k < xs.length; k++) if (better(xs[k]!, xs[bi]!)) bi = k;
          return bi;
        };
        const lt = (v: number, b: number) => v < b || (v !== v && b === b);
        const gt = (v: number, b: number) => v > b || (v !== v && b === b);
        expect(await argmin(ties, { backend }), `argmin ties ${n}`).toBe(firstOf(ties, lt));
        expect(await argmax(ties, { backend }), `argmax ties ${n}`).toBe(firstOf(ties, gt));
        const nan = ties.slice();
        nan[n - 3] = Number.NaN;
        nan[Math.floor(n / 2) + 5] = Number.NaN;
        expect(await argmin(nan, { backend }), `argmin NaN ${n}`).toBe(firstOf(nan, lt));
        expect(await argmax(nan, { backend }), `argmax NaN ${n}`).toBe(firstOf(nan, gt));
        // A strided view (every other element) is made dense first, in the same order.
        const every2 = ndarray(f, [Math.ceil(n / 2)], [2]);
        const picked = Float32Array.from({ length: Math.ceil(n / 2) }, (_, k) => f[2 * k]!);
        expect(await reduce(every2, 'sum', { backend }), `strided ${n}`).toBe(
          blockSum(picked, f32),
        );
      }
    });

    it('an axis of length 0 reduces to the identity (argmin/argmax and custom ops refuse)', async () => {
      const e = ndarray(new Float32Array(0), [0, 3]);
      expect(values(await reduce(e, 'sum', { axis: 0, backend }))).toEqual([0, 0, 0]);
      expect(values(await reduce(e, 'prod', { axis: 0, backend }))).toEqual([1, 1, 1]);
      expect(values(await reduce(e, 'min', { axis: 0, backend }))).toEqual([
        Infinity,
        Infinity,
        Infinity,
      ]);
      const ei = ndarray(new Int32Array(0), [2, 0]);
      expect(values(await reduce(ei, 'max', { axis: 1, backend }))).toEqual([
        -2147483648, -2147483648,
      ]);
      const d = await toDevice(ndarray(new Float32Array(0), [4, 0]), backend);
      const r = await reduce(d, 'sum', { axis: -1 });
      expect(r.backend).toBe(backend);
      expect(values(await r.toHost())).toEqual([0, 0, 0, 0]);
      await expect(argmin(e, { axis: 0, backend })).rejects.toThrow(/axis 0 has length 0/);
      await expect(reduce(e, (x, y) => x + y, { axis: 0, backend })).rejects.toThrow(
        /custom op has no identity/,
      );
    });

    it('a custom op', async () => {
      const a = ndarray(
        Float32Array.from({ length: 12 }, (_, i) => i),
        [3, 4],
      );
      const op = (x: number, y: number) => x * 0.5 + y;
      const got = values(await reduce(a, op, { axis: 1, backend }));
      expect(got).toEqual(
        [0, 1, 2].map((r) =>
          [1, 2, 3].reduce(
            (acc, t) => Math.fround(Math.fround(acc * 0.5) + a.get(r, t)),
            a.get(r, 0),
          ),
        ),
      );
    });
  });
});
