// layout.test.ts — copy and transpose between any strides, ranks 1–4, every container, on
// every backend, against element-by-element plain JavaScript.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { toDevice, zeros } from '../../src/index.js';
import { copy, transpose } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { jitDisabled } from '../harness/backends.js';

// The checks below are bit for bit against the documented f32/integer arithmetic of the
// compiled kernels; NUMBAT_DISABLE_JIT=1 runs the plain functions in JavaScript's own f64,
// unwrapped arithmetic instead, so they are skipped then (with this reason printed).
if (jitDisabled())
  console.log('[numbat tests] primitives: bit-exact checks skipped under NUMBAT_DISABLE_JIT=1');
describe.skipIf(jitDisabled())('compiled kernels', () => {
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

  const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i * 1.5 - 7);

  describeEachBackend('copy and transpose', (backend) => {
    it('transpose every permutation of ranks 2–4 (ndarrays, strided and offset inputs)', async () => {
      const inputs = [
        ndarray(ramp(35), [5, 7]),
        ndarray(ramp(120), [4, 5, 6]).step(1, -1, 2),
        ndarray(ramp(360), [3, 4, 5, 6]).lo(0, 1, 0, 2),
      ];
      for (const a of inputs) {
        const rank = a.shape.length;
        const perms: number[][] =
          rank === 2
            ? [
                [1, 0],
                [0, 1],
              ]
            : rank === 3
              ? [
                  [2, 0, 1],
                  [1, 0, 2],
                  [0, 2, 1],
                  [2, 1, 0],
                ]
              : [
                  [3, 2, 1, 0],
                  [1, 3, 0, 2],
                ];
        for (const axes of perms) {
          const t = await transpose(a, axes, { backend });
          expect(t.shape).toEqual(axes.map((p) => a.shape[p]));
          for (const ix of indices(t.shape)) {
            const src = new Array<number>(rank);
            axes.forEach((p, k) => {
              src[p] = ix[k]!;
            });
            expect(t.get(...ix)).toBe(a.get(...src));
          }
        }
      }
      const d = await transpose(ndarray(ramp(6), [2, 3]));
      expect(d.shape).toEqual([3, 2]);
    });

    it('transposes NDArrays on the device and copies between any strides', async () => {
      const host = ndarray(ramp(24), [2, 3, 4]);
      const d = await toDevice(host, backend);
      const t = await transpose(d);
      expect(t.backend).toBe(backend);
      expect(t.shape).toEqual([4, 3, 2]);
      // An ndarray-born NDArray's transpose comes back an ndarray (of its own shape).
      const transposed = (await t.toHost()) as unknown as typeof host;
      expect(transposed.shape).toEqual([4, 3, 2]);
      for (const [i, j, k] of indices([4, 3, 2]))
        expect(transposed.get(i!, j!, k!)).toBe(host.get(k!, j!, i!));
      // copy: a transposed view into a column-major ndarray, and host ↔ device.
      const dst = ndarray(new Float32Array(24), [4, 3, 2], [1, 4, 12], 0);
      expect(await copy(host.transpose(2, 1, 0), dst, { backend })).toBe(dst);
      for (const [i, j, k] of indices([4, 3, 2]))
        expect(dst.get(i!, j!, k!)).toBe(host.get(k!, j!, i!));
      const z = await zeros([2, 3, 4], 'f32', backend);
      await copy(host, z);
      expect(Array.from(await z.toHost())).toEqual(Array.from(host.data));
      const back = new Float32Array(24);
      await copy(ndarray(ramp(24), [24]).step(-1), back, { backend });
      expect(Array.from(back)).toEqual(Array.from(ramp(24)).reverse());
    });
  });
});
