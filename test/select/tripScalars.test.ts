// tripScalars.test.ts — a scalar that bounds a kernel's loop sets its work per index, so
// `auto` does not take what it measured with one value for another (probe 26: a loop of 1
// step measured on js kept a loop of 3,000 there, 7.5 s a launch where wasm took 1.3): the
// work estimate names those scalars (WorkProfile.tripScalars), a cached choice holds only
// for the values it was made with, and measured samples are scaled by the work per index.

import { describe, expect, it, vi } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { kernel } from '../../src/index.js';
import { KernelSelector } from '../../src/runtime/select.js';
import { whenAutoProbed } from '../../src/runtime/slowProbes.js';
import { estimateWork } from '../../src/jit/passes/workEstimate.js';
import { irOf } from '../harness/ir.js';

const stepped = (i: number, x: Float64Array, out: Float64Array, reps: number, scale: number) => {
  let v = x[i]!;
  for (let k = 0; k < reps; k++) v = v * 0.999 + 0.001 * scale;
  out[i] = v;
};

/** The estimate for `backend` in an inspection, ms. */
function estimateMs(estimates: readonly string[], backend: string): number {
  const line = estimates.find((e) => e.startsWith(`${backend}:`));
  const m = line?.match(/≈ ([\d.]+) (µs|ms|s)\b/);
  if (!m) throw new Error(`no estimate for ${backend} in ${estimates.join('; ')}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'µs' ? 1e-3 : 1);
}

describe('loop bounds set by scalars', () => {
  it('the work estimate names the scalars that bound loops, and only those', () => {
    const ir = irOf(stepped, [8], [new Float64Array(8), new Float64Array(8), 3, 0.5]);
    const reps = ir.scalars.findIndex((s) => s.name === 'reps');
    const few = estimateWork(
      ir,
      ir.scalars.map((_, k) => (k === reps ? 2 : 1)),
    );
    const many = estimateWork(
      ir,
      ir.scalars.map((_, k) => (k === reps ? 2000 : 1)),
    );
    expect(few.tripScalars).toEqual([reps]);
    expect(many.opsPerIndex).toBeGreaterThan(500 * few.opsPerIndex);
    const flat = irOf(
      (i: number, x: Float64Array, out: Float64Array, a: number) => {
        out[i] = a * x[i]!;
      },
      [8],
      [new Float64Array(8), new Float64Array(8), 0.5],
    );
    expect(estimateWork(flat, [3]).tripScalars).toEqual([]);
  });

  it.runIf(!compiledOnly('auto choosing by loop bounds'))(
    'auto scales what it measured by the work per index, and chooses again for other bounds',
    async () => {
      const n = 20_000;
      const x = new Float64Array(n).map((_, i) => i / n);
      const out = new Float64Array(n);
      const k = kernel(stepped, { name: 'tripStepped' });
      for (let r = 0; r < 3; r++) await k.launch(n, x, out, 1, 1);
      await whenAutoProbed();
      for (let r = 0; r < 3; r++) await k.launch(n, x, out, 1, 1);
      const one = await k.inspect(n, x, out, 1, 1);
      const many = await k.inspect(n, x, out, 2000, 1);
      // js is measured at one step: 2,000 steps are predicted from it, not taken as equal.
      expect(estimateMs(many.estimates, 'js')).toBeGreaterThan(
        100 * estimateMs(one.estimates, 'js'),
      );
      // The choice cached for 40 steps serves 40 and 50 (about the same work per index) and a
      // scalar that bounds no loop (scale) keeps it; 2,000 steps choose again.
      await k.launch(n, x, out, 40, 1);
      const chose = vi.spyOn(KernelSelector.prototype, 'chooseNow');
      try {
        await k.launch(n, x, out, 40, 2);
        await k.launch(n, x, out, 50, 1);
        expect(chose).not.toHaveBeenCalled();
        await k.launch(n, x, out, 2000, 1);
        expect(chose).toHaveBeenCalled();
        chose.mockClear();
        await k.launch(n, x, out, 50, 1);
      } finally {
        chose.mockRestore();
      }
      // The last launch (50 steps) computed what the plain function does.
      let v = x[7]!;
      for (let s = 0; s < 50; s++) v = v * 0.999 + 0.001;
      expect(out[7]).toBe(v);
    },
  );
});
