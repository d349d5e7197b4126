// param-reassign.test.ts — a kernel may assign to its own parameters as a plain function
// may: a number parameter or a grid index given a float (`s = s / 2`, `i = i / 2`) becomes
// a float, as in JavaScript. It once failed IR verification (an InternalError) because the
// parameter's widened type was forgotten between the rounds of type inference.

import { expect, it } from 'vitest';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('assigning to parameters', (backend) => {
  const opts = { backend } as const;

  it('an integer-valued number parameter given a float', async () => {
    const halve = (i: number, s: number, o: Float32Array) => {
      s = s / 2;
      o[i] = s + i;
    };
    const k = kernel(halve, opts);
    for (const s of [3, 7.5, 3e9]) {
      const o = new Float32Array(4),
        want = new Float32Array(4);
      await k.launch(4, s, o);
      for (let i = 0; i < 4; i++) halve(i, s, want);
      expect(Array.from(o), `s = ${s}`).toEqual(Array.from(want));
    }
  });

  it('a grid index given a float, and an integer parameter counting', async () => {
    const k = kernel((i: number, n: number, o: Float32Array) => {
      const at = i;
      i = i / 4;
      n += 1;
      o[at] = i * n;
    }, opts);
    const o = new Float32Array(6);
    await k.launch(6, 2, o);
    expect(Array.from(o)).toEqual([0, 1, 2, 3, 4, 5].map((i) => Math.fround((i / 4) * 3)));
  });
});
