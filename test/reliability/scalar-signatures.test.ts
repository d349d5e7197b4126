// scalar-signatures.test.ts — a number argument's type comes from its value (i32, u32 above
// 2^31 − 1, a float otherwise; −0 is a float), and each type has its own specialisation,
// whichever order launches come in. A later launch takes a cached shortcut keyed by
// argument types (kernel.ts quickKey); it once keyed −0 as u32, so after a launch with 3e9
// a launch with −0 ran the u32 code (1 / s gave +Infinity), and the other way round.

import { expect, it } from 'vitest';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('scalar arguments keep their own specialisation', (backend) => {
  const opts = { backend, precision: backend === 'webgpu' ? 'f32' : 'auto' } as const;
  const values = [3e9, -0, 3, 0, 2.5, 4294967295, -7];
  const orders = [values, [...values].reverse()];

  it('1 / s for s of every type, in either order', async () => {
    const k = kernel((i: number, s: number, o: Float32Array) => {
      o[i] = 1 / s;
    }, opts);
    for (const order of orders) {
      for (const s of order) {
        const o = new Float32Array(1);
        await k.launch(1, s, o);
        expect(Object.is(o[0], Math.fround(1 / s)), `s = ${Object.is(s, -0) ? '-0' : s}`).toBe(
          true,
        );
      }
    }
  });

  it('s stored into a Uint32Array and compared, in either order', async () => {
    const k = kernel((i: number, s: number, o: Uint32Array) => {
      o[i] = s;
      o[i + 1] = s > 2147483647 ? 1 : 0;
    }, opts);
    for (const order of [
      [-0, 4294967295, 2 ** 31],
      [2 ** 31, 4294967295, -0],
    ]) {
      for (const s of order) {
        const o = new Uint32Array(2);
        await k.launch(1, s, o);
        const want = new Uint32Array([s, s > 2147483647 ? 1 : 0]);
        expect(Array.from(o), `s = ${s}`).toEqual(Array.from(want));
      }
    }
  });
});
