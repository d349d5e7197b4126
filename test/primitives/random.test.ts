// random.test.ts — fillRandom: element i depends on (seed, i) only, the same bits on every
// backend; uniform is numbat's random(seed, i); normal is close to the f64 Box–Muller
// values of the documented pairs and has the moments of a standard normal.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { random, toDevice, zeros } from '../../src/index.js';
import { fillRandom } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { firstDifference } from './reference.js';
import { jitDisabled } from '../harness/backends.js';

// The checks below are bit for bit against the documented f32/integer arithmetic of the
// compiled kernels; NUMBAT_DISABLE_JIT=1 runs the plain functions in JavaScript's own f64,
// unwrapped arithmetic instead, so they are skipped then (with this reason printed).
if (jitDisabled())
  console.log('[numbat tests] primitives: bit-exact checks skipped under NUMBAT_DISABLE_JIT=1');
describe.skipIf(jitDisabled())('compiled kernels', () => {
  const N = 1 << 18;
  const onJs = {
    uniform: undefined as Float32Array | undefined,
    normal: undefined as Float32Array | undefined,
  };

  async function reference(distribution: 'uniform' | 'normal'): Promise<Float32Array> {
    onJs[distribution] ??= await fillRandom(new Float32Array(N), 1234, {
      distribution,
      backend: 'js',
    });
    return onJs[distribution]!;
  }

  describe('fillRandom: the definitions', () => {
    it('uniform f32 is random(seed, i); f64 takes 48 bits from two counters', async () => {
      const u = await reference('uniform');
      for (let i = 0; i < N; i += 97) expect(u[i]).toBe(Math.fround(random(1234, i)));
      const d = await fillRandom(new Float64Array(1000), 9, { backend: 'js' });
      for (let i = 0; i < 1000; i++)
        expect(d[i]).toBe(random(9, 2 * i) + random(9, 2 * i + 1) * 2 ** -24);
    });

    it('normal: within 2e-6 of the f64 Box–Muller values, mean 0 and variance 1', async () => {
      const z = await reference('normal');
      let m = 0;
      let v = 0;
      let worst = 0;
      for (let i = 0; i < N; i++) {
        const p = i >> 1;
        const k1 = Math.round(random(1234, 2 * p) * 2 ** 24);
        const k2 = Math.round(random(1234, 2 * p + 1) * 2 ** 24);
        const R = Math.sqrt(-2 * Math.log((2 ** 24 - k1) / 2 ** 24));
        const t = (2 * Math.PI * k2) / 2 ** 24;
        const want = i % 2 === 0 ? R * Math.cos(t) : R * Math.sin(t);
        worst = Math.max(worst, Math.abs(z[i]! - want) / Math.max(1, Math.abs(want)));
        m += z[i]!;
        v += z[i]! * z[i]!;
      }
      expect(worst).toBeLessThan(2e-6);
      expect(Math.abs(m / N)).toBeLessThan(0.01);
      expect(Math.abs(v / N - 1)).toBeLessThan(0.01);
    });
  });

  describeEachBackend('fillRandom', (backend) => {
    it("gives the js backend's bits, uniform and normal", async () => {
      for (const distribution of ['uniform', 'normal'] as const) {
        const got = await fillRandom(new Float32Array(N), 1234, { distribution, backend });
        expect(firstDifference(got, await reference(distribution)), distribution).toBeNull();
      }
    });

    it('element i depends on (seed, i) only: any rank, strides, NDArrays', async () => {
      const want = await reference('normal');
      const grid = ndarray(new Float32Array(6 * 7 * 8), [6, 7, 8]);
      await fillRandom(grid, 1234, { distribution: 'normal', backend });
      expect(firstDifference(grid.data, want.subarray(0, 336))).toBeNull();
      const four = ndarray(new Float32Array(2 * 3 * 4 * 5), [2, 3, 4, 5]);
      await fillRandom(four, 1234, { distribution: 'normal', backend });
      expect(firstDifference(four.data, want.subarray(0, 120))).toBeNull();
      // A transposed view: element (i, j) is the view's row-major index i·cols + j.
      const t = ndarray(new Float32Array(12), [3, 4]).transpose(1, 0);
      await fillRandom(t, 1234, { distribution: 'normal', backend });
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 3; j++) expect(t.get(i, j)).toBe(want[i * 3 + j]);
      const d = await zeros([64, 64], 'f32', backend);
      expect(await fillRandom(d, 1234, { distribution: 'normal' })).toBe(d);
      expect(firstDifference(await d.toHost(), want.subarray(0, 4096))).toBeNull();
      const one = await toDevice(new Float32Array(5), backend);
      await fillRandom(one, 1234);
      expect(
        firstDifference(await one.toHost(), (await reference('uniform')).subarray(0, 5)),
      ).toBeNull();
    });

    if (backend !== 'webgpu') {
      it('normal into f64 arrays stores the same f32 values', async () => {
        const d = await fillRandom(new Float64Array(4096), 1234, {
          distribution: 'normal',
          backend,
        });
        expect(
          firstDifference(Float32Array.from(d), (await reference('normal')).subarray(0, 4096)),
        ).toBeNull();
      });
    }
  });
});
