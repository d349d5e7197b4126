// The arithmetic of slice trials (src/runtime/sliceTrial.ts): where the parts run, and the
// whole launch and cost a trial's times imply.
import { describe, expect, it } from 'vitest';
import { planSlices, sliceOutcome } from '../../src/runtime/sliceTrial.js';

/** Every index of the grid covered exactly once by the plan's parts. */
function covered(total: number, plan: NonNullable<ReturnType<typeof planSlices>>): number[] {
  const hits = new Array<number>(total).fill(0);
  for (const p of [plan.trial, ...(plan.reference ? [plan.reference] : []), ...plan.rest])
    for (let i = p.begin; i < p.end; i++) hits[i]!++;
  return hits;
}

describe('planSlices', () => {
  it('cuts a 1-D grid into a middle slice, an equal reference beside it and the rest', () => {
    const plan = planSlices(1000, [1000], 0.1, false)!;
    expect(plan.trial).toEqual({ begin: 400, end: 500 });
    expect(plan.reference).toEqual({ begin: 500, end: 600 });
    expect(plan.rest).toEqual([
      { begin: 0, end: 400 },
      { begin: 600, end: 1000 },
    ]);
    expect(plan.fraction).toBe(0.1);
    expect(covered(1000, plan).every((h) => h === 1)).toBe(true);
  });

  it('takes whole rows of a 2-D grid, and the first rows for an edge trial', () => {
    const middle = planSlices(64 * 100, [64, 100], 0.05, false)!;
    for (const p of [middle.trial, middle.reference!, ...middle.rest]) {
      expect(p.begin % 100).toBe(0);
      expect(p.end % 100).toBe(0);
    }
    expect(middle.trial.end - middle.trial.begin).toBe(300);
    expect(covered(6400, middle).every((h) => h === 1)).toBe(true);
    const edge = planSlices(64 * 100, [64, 100], 0.05, true)!;
    expect(edge.trial).toEqual({ begin: 0, end: 300 });
    expect(edge.reference).toBeUndefined();
    expect(edge.rest).toEqual([{ begin: 300, end: 6400 }]);
  });

  it('refuses a grid too small for two slices and something beside them', () => {
    expect(planSlices(2, [2], 0.25, false)).toBeUndefined();
    expect(planSlices(3, [3], 0.25, false)).toBeDefined();
  });
});

describe('sliceOutcome', () => {
  const best = { ms: 10, overheadMs: 1, launchMs: 0.5 };
  const candidate = { ms: 8, overheadMs: 2, launchMs: 0.2 };

  it('scales the best compute by the trial over the reference slice', () => {
    // trial compute 3 − 2 = 1; reference 2.5 − 1 = 1.5; best compute 9 → 2 + 9/1.5 = 8.
    const r = sliceOutcome(
      { fraction: 0.1, trialMs: 3, referenceMs: 2.5, launchMs: 11 },
      best,
      candidate,
    );
    expect(r.impliedMs).toBeCloseTo(8, 12);
    // 3 − 2.5 + 2 × 0.5 = 1.5, more than the launch's 11 − 10 = 1.
    expect(r.costMs).toBeCloseTo(1.5, 12);
  });

  it('sets an edge trial against its share of the best modelled compute', () => {
    // reference compute 0.1 × 9 = 0.9; trial compute 2.9 − 2 = 0.9 → 2 + 9 = 11.
    const r = sliceOutcome(
      { fraction: 0.1, trialMs: 2.9, referenceMs: undefined, launchMs: 10.5 },
      best,
      candidate,
    );
    expect(r.impliedMs).toBeCloseTo(11, 12);
    // 2.9 − 0.9 + 0.5 = 2.5.
    expect(r.costMs).toBeCloseTo(2.5, 12);
  });

  it('costs at least what the split launch took over a whole one on the best', () => {
    const r = sliceOutcome(
      { fraction: 0.1, trialMs: 1.2, referenceMs: 1.2, launchMs: 25 },
      best,
      candidate,
    );
    expect(r.costMs).toBe(15);
  });
});
