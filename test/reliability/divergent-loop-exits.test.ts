// divergent-loop-exits.test.ts — a loop with no condition of its own (`while (true)`,
// `for (;;)`, `do … while (true)`) whose lanes leave only through `return`, `break outer`
// or `continue outer` from a divergent place (probe 9, finding 6). The wasm vectoriser
// tested for active lanes only in loops that lanes left to themselves, so once every lane
// had returned nothing ended such a loop: the most common search loop never returned on
// wasm, and a launch small enough to run on the calling thread froze the process.
// Expected values: the kernel's plain function.

import { expect, it } from 'vitest';
import { kernel, KernelError } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

/** The first k with k² > i, found by a loop left only by `return`. */
const firstSquareAbove = (i: number, out: Int32Array) => {
  let k = 0;
  while (true) {
    if (k * k > i) {
      out[i] = k;
      return;
    }
    k++;
  }
};

/** An endless inner loop left only by `continue outer` and `break outer`. */
const labelled = (i: number, out: Int32Array) => {
  let s = 0;
  outer: for (let a = 0; a < 5; a++) {
    let b = 0;
    while (true) {
      b++;
      if (b > a) continue outer;
      if (b === i % 7) break outer;
      s += b;
    }
  }
  out[i] = s;
};

/** Collatz steps to 1, in `for (;;)` and in `do … while (true)`, left by `return`. */
const steps = (i: number) => {
  let x = i + 1;
  let n = 0;
  for (;;) {
    if (x === 1) return n;
    x = x % 2 === 0 ? x / 2 : 3 * x + 1;
    n++;
  }
};
const stepsDo = (i: number) => {
  let x = i + 1;
  let n = 0;
  do {
    if (x === 1) return n;
    x = x % 2 === 0 ? x / 2 : 3 * x + 1;
    n++;
    // biome-ignore lint/correctness/noConstantCondition: the case under test
  } while (true);
};

describeEachBackend('loops left only through a divergent return or outer label', (backend) => {
  for (const n of [8, 4096])
    it(`give the plain function's answers (${n} indices)`, async () => {
      for (const fn of [firstSquareAbove, labelled]) {
        const want = new Int32Array(n);
        for (let i = 0; i < n; i++) fn(i, want);
        const out = new Int32Array(n);
        await kernel(fn, { backend }).launch(n, out);
        expect(Array.from(out), fn.name).toEqual(Array.from(want));
      }
      for (const fn of [steps, stepsDo]) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += fn(i);
        expect(await kernel(fn, { backend, reduce: 'sum' }).launch(n), fn.name).toBe(sum);
      }
    });
});

describeEachBackend(
  'a return only inside an endless loop',
  (backend) => {
    it('counts as a return on every path, in a helper too; a break out of it does not', async () => {
      const isqrt = (v: number) => {
        let k = 0;
        while (true) {
          if ((k + 1) * (k + 1) > v) return k;
          k++;
        }
      };
      const out = new Int32Array(50);
      await kernel(
        (i: number, out: Int32Array) => {
          out[i] = isqrt(i);
        },
        { backend, uses: { isqrt } },
      ).launch(50, out);
      expect(Array.from(out)).toEqual(Array.from({ length: 50 }, (_, i) => isqrt(i)));
      const leaves = (i: number) => {
        while (true) {
          if (i > 3) break;
          return 1;
        }
      };
      expect(() => kernel(leaves, { backend, reduce: 'sum' })).toThrow(KernelError);
    });
  },
  ['js', 'wasm'],
);
