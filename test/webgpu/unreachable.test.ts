// unreachable.test.ts — statements after a jump (`continue; acc += 1;`, legal JavaScript)
// are not emitted into WGSL: Tint warns of unreachable code and Dawn prints the warning,
// which a library that promises to be quiet must not cause (probe 9, finding 5). The
// kernel still gives the plain function's answer.

import { expect, it } from 'vitest';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const skipped = (i: number, x: Float32Array, out: Float32Array) => {
  let acc = 0;
  for (let q = 0; q < 4; q++) {
    if (x[i]! > 0) {
      continue;
      // biome-ignore lint/correctness/noUnreachable: the case under test
      acc += 1000;
    }
    acc += x[i]!;
    if (q === 2) {
      break;
      // biome-ignore lint/correctness/noUnreachable: the case under test
      acc += 2000;
    }
  }
  out[i] = acc;
  return;
  // biome-ignore lint/correctness/noUnreachable: the case under test
  out[i] = 3000;
};

describeEachBackend(
  'statements after a jump',
  (backend) => {
    it('are left out of the WGSL, and the result is the plain function’s', async () => {
      const x = Float32Array.of(1, -1, 2, -2.5);
      const want = new Float32Array(4);
      for (let i = 0; i < 4; i++) skipped(i, x, want);
      const out = new Float32Array(4);
      const k = kernel(skipped, { backend });
      await k.launch(4, x, out);
      expect(Array.from(out)).toEqual(Array.from(want));
      const { code } = await k.inspect(4, x, out);
      // Every jump ends its block (float constants are hidden as bits, so the dead
      // statements cannot be looked for by their values).
      for (const jump of code.matchAll(/^\s*(continue|break|return)\b[^\n]*\n([^\n]*)/gm))
        expect(jump[2]!.trim(), jump[0]).toMatch(/^}/);
    });
  },
  ['webgpu'],
);
