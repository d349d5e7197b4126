// precision-f64.test.ts — `precision: 'f64'` as API.md "Precision" promises: all float
// math in f64, Float32Array values included (converted on load, rounded on store), f32(…)
// still rounds its operand; such a kernel never runs on WebGPU (a forced 'webgpu' is a
// clear error). Expected values are the plain function's.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { f32, kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend("precision: 'f64'", (backend) => {
  const f = (i: number, x: Float32Array, o: Float32Array, d: Float64Array) => {
    o[i] = (x[i]! * 1e30 * 1e30) / 1e30 / 1e30; // f32 math overflows to Infinity
    d[2 * i] = x[i]! * 0.1; // f64 product of the f32 value
    d[2 * i + 1] = f32(0.1) + x[i]!; // f32(…) rounds; the sum is f64
  };

  if (backend === 'webgpu') {
    it('is refused on WebGPU with the reason', async () => {
      const k = kernel(f, { backend, precision: 'f64' });
      await expect(
        k.launch(1, Float32Array.of(1.5), new Float32Array(1), new Float64Array(2)),
      ).rejects.toThrow(/precision: 'f64' asks for all float math in f64/);
    });
    return;
  }

  it.runIf(!compiledOnly(`f32 math without precision: 'f64' (on ${backend})`))(
    'computes Float32Array values in f64, as the plain function does',
    async () => {
      const x = Float32Array.of(1.5, 0.1, 3e38);
      const [o, d, po, pd] = [
        new Float32Array(3),
        new Float64Array(6),
        new Float32Array(3),
        new Float64Array(6),
      ];
      for (let i = 0; i < 3; i++) f(i, x, po, pd);
      await kernel(f, { backend, precision: 'f64' }).launch(3, x, o, d);
      expect(Array.from(o)).toEqual(Array.from(po));
      expect(Array.from(d)).toEqual(Array.from(pd));
      // without the option the f32 values compute in f32: the product overflows
      await kernel(f, { backend }).launch(3, x, o, d);
      expect(o[0]).toBe(Infinity);
    },
  );
});
