// tolerance.test.ts — the harness's own comparisons: exact integers, NaN = NaN, ±0
// equal, relative/absolute float bounds, mismatch fractions, reduce bounds, ulp distance,
// and the plain runner's grid order and reduce combination.

import { describe, expect, it } from 'vitest';
import { combineInOrder, forEachGridIndex } from './plain.js';
import { compareArrays, compareReduce, sameValue } from './tolerance.js';
import { isSubnormal, ulpDistance } from './ulp.js';

describe('compareArrays', () => {
  it('compares integer arrays exactly and reports the first mismatch and the count', () => {
    const r = compareArrays('out', new Int32Array([1, 2, 3, 4]), new Int32Array([1, 5, 3, 6]));
    expect(r.ok).toBe(false);
    expect(r.mismatches).toBe(2);
    expect(r.message).toContain('2 of 4 elements differ');
    expect(r.message).toContain('first at [1]');
    expect(r.message).toContain('expected 2, got 5');
  });

  it('treats NaN as equal to NaN and +0 as equal to -0 for floats', () => {
    expect(
      compareArrays('x', new Float32Array([NaN, 0, -0]), new Float32Array([NaN, -0, 0])).ok,
    ).toBe(true);
    expect(compareArrays('x', new Float64Array([NaN]), new Float64Array([0])).ok).toBe(false);
    expect(compareArrays('x', new Float64Array([Infinity]), new Float64Array([-Infinity])).ok).toBe(
      false,
    );
  });

  it('uses 1e-5 relative for f32 and 1e-12 relative for f64 by default', () => {
    expect(compareArrays('x', new Float32Array([1000]), new Float32Array([1000.005])).ok).toBe(
      true,
    );
    expect(compareArrays('x', new Float32Array([1000]), new Float32Array([1000.1])).ok).toBe(false);
    expect(compareArrays('x', new Float64Array([1]), new Float64Array([1 + 1e-13])).ok).toBe(true);
    expect(compareArrays('x', new Float64Array([1]), new Float64Array([1 + 1e-10])).ok).toBe(false);
  });

  it('allows a fraction of outright mismatches when asked', () => {
    const expected = new Int32Array(100);
    const got = new Int32Array(100);
    got[3] = 7;
    got[50] = 9;
    expect(compareArrays('x', expected, got, { mismatchFraction: 0.02 }).ok).toBe(true);
    expect(compareArrays('x', expected, got, { mismatchFraction: 0.01 }).ok).toBe(false);
  });

  it('fails on a length difference', () => {
    expect(compareArrays('x', new Int32Array(3), new Int32Array(4)).ok).toBe(false);
  });
});

describe('compareReduce', () => {
  it('bounds a float sum by n·u·Σ|terms| and an integer sum exactly', () => {
    const terms = new Array<number>(1000).fill(1);
    expect(compareReduce('s', 1000, 1000 + 1e-4, terms, 'sum', 'f32').ok).toBe(true);
    expect(compareReduce('s', 1000, 1000 + 1, terms, 'sum', 'f32').ok).toBe(false);
    expect(compareReduce('s', 1000, 1000 + 1e-4, terms, 'sum', 'f64').ok).toBe(false);
    expect(compareReduce('s', 1000, 1001, terms, 'sum', 'int').ok).toBe(false);
  });

  it('rejects a launch that resolved to something other than a number', () => {
    expect(compareReduce('s', 1, undefined, [1], 'sum', 'f64').message).toContain(
      'resolved to undefined',
    );
  });
});

describe('ulpDistance', () => {
  it('counts representable values between two floats', () => {
    expect(ulpDistance(1, 1 + 2 ** -23, 'f32')).toBe(1);
    expect(ulpDistance(1, 1 + 2 ** -52, 'f64')).toBe(1);
    expect(ulpDistance(-(2 ** -149), 2 ** -149, 'f32')).toBe(2);
    expect(ulpDistance(0, -0, 'f64')).toBe(0);
    expect(ulpDistance(NaN, NaN, 'f32')).toBe(0);
    expect(ulpDistance(NaN, 1, 'f32')).toBe(Infinity);
  });

  it('knows subnormals', () => {
    expect(isSubnormal(2 ** -149, 'f32')).toBe(true);
    expect(isSubnormal(2 ** -126, 'f32')).toBe(false);
    expect(isSubnormal(0, 'f64')).toBe(false);
    expect(sameValue(NaN, NaN)).toBe(true);
  });
});

describe('the plain runner', () => {
  it('visits a 3-D grid row-major, outermost first', () => {
    const seen: string[] = [];
    forEachGridIndex([2, 1, 3], (idx) => seen.push(idx.join('')));
    expect(seen).toEqual(['000', '001', '002', '100', '101', '102']);
  });

  it('combines reduce values in index order', () => {
    expect(combineInOrder('sum', [1, 2, 3])).toBe(6);
    expect(combineInOrder('prod', [2, 3])).toBe(6);
    expect(combineInOrder('min', [2, -3])).toBe(-3);
    expect(combineInOrder('max', [2, -3])).toBe(2);
    expect(combineInOrder((a, b) => a * 10 + b, [1, 2, 3])).toBe(123);
  });
});
