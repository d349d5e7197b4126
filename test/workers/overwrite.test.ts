// overwrite.test.ts — the CPU backends skip copying a host array into the shared heap when
// the launch overwrites every element without reading it (src/jit/passes/overwrite.ts).
// What the analysis accepts and refuses, and that launches the rule must not touch (a
// guarded write, a read after the write, a grid shorter than the array, an array passed
// twice or sharing its ArrayBuffer with an input, a 2-D grid) keep every element the
// kernel does not write, on js, workers and wasm, against the plain function.

import { describe, expect, it } from 'vitest';
import { kernel } from '../../src/index.js';
import { overwrittenBuffers } from '../../src/jit/passes/overwrite.js';
import { irOf } from '../harness/ir.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const f = (n: number) => new Float32Array(n);
const names = (fn: (...a: any[]) => unknown, grid: number[], args: unknown[]): number[] =>
  [...overwrittenBuffers(irOf(fn, grid, args))].sort();

describe('which arrays a launch overwrites unread', () => {
  it('accepts a store at the grid index in the straight-line prefix', () => {
    expect(
      names(
        (i: number, x: Float32Array, o: Float32Array) => {
          const v = x[i]! * 2;
          o[i] = v;
        },
        [4],
        [f(4), f(4)],
      ),
    ).toEqual([1]);
  });
  it('refuses guarded stores, stores after a branch, and arrays also read', () => {
    expect(
      names(
        (i: number, x: Float32Array, o: Float32Array) => {
          if (x[i]! > 0) o[i] = 1;
        },
        [4],
        [f(4), f(4)],
      ),
    ).toEqual([]);
    expect(
      names(
        (i: number, x: Float32Array, o: Float32Array) => {
          for (let k = 0; k < 2; k++) x[i] = k;
          o[i] = 1;
        },
        [4],
        [f(4), f(4)],
      ),
    ).toEqual([]);
    expect(
      names(
        (i: number, o: Float32Array) => {
          o[i] = 1;
          o[i] = o[i]! + 1;
        },
        [4],
        [f(4)],
      ),
    ).toEqual([]);
  });
  it('refuses other indices and 2-D grids', () => {
    const shifted = (i: number, o: Float32Array) => {
      o[i + 1] = 1;
    };
    const column = (r: number, c: number, o: Float32Array) => {
      o[c] = r;
    };
    expect(names(shifted, [4], [f(4)])).toEqual([]);
    expect(names(column, [2, 4], [f(4)])).toEqual([]);
  });
});

describeEachBackend(
  'launches that must keep what they do not write',
  (backend) => {
    const opts = { backend } as const;
    const n = 4099; // over one chunk of the pool, not a multiple of the lanes

    it('a guarded write keeps the other elements', async () => {
      const k = kernel((i: number, x: Float32Array, o: Float32Array) => {
        if (x[i]! > 0) o[i] = x[i]!;
      }, opts);
      const x = Float32Array.from({ length: n }, (_, i) => (i % 3) - 1);
      const o = Float32Array.from({ length: n }, (_, i) => 100 + i);
      const want = o.map((v, i) => (x[i]! > 0 ? x[i]! : v));
      await k.launch(n, x, o);
      expect(o).toEqual(want);
    });

    it('a grid shorter than the array keeps the tail', async () => {
      const k = kernel((i: number, o: Float32Array) => {
        o[i] = -1;
      }, opts);
      const o = Float32Array.from({ length: n }, (_, i) => i);
      await k.launch(n - 7, o);
      expect(Array.from(o.subarray(n - 7))).toEqual([...Array(7)].map((_, j) => n - 7 + j));
      expect(o.subarray(0, n - 7).every((v) => v === -1)).toBe(true);
    });

    it('an output sharing its ArrayBuffer with an input is copied in', async () => {
      const k = kernel((i: number, x: Float32Array, o: Float32Array) => {
        o[i] = x[i]! + 1;
      }, opts);
      const whole = Float32Array.from({ length: 2 * n }, (_, i) => i);
      const x = whole.subarray(0, n),
        o = whole.subarray(n);
      await k.launch(n, x, o);
      expect(Array.from(x.subarray(0, 3))).toEqual([0, 1, 2]);
      expect(o.every((v, i) => v === i + 1)).toBe(true);
    });

    it('the same array passed as input and output reads its own values', async () => {
      const k = kernel((i: number, x: Float32Array, o: Float32Array) => {
        o[i] = x[i]! * 2;
      }, opts);
      const a = Float32Array.from({ length: n }, (_, i) => i);
      await k.launch(n, a, a);
      expect(a.every((v, i) => v === 2 * i)).toBe(true);
    });

    it('a full overwrite gives the plain result, whatever the array held', async () => {
      const k = kernel((i: number, x: Float32Array, o: Float32Array) => {
        o[i] = x[i]! * 0.5;
      }, opts);
      const x = Float32Array.from({ length: n }, (_, i) => i);
      const o = new Float32Array(n).fill(Number.NaN);
      await k.launch(n, x, o);
      expect(o.every((v, i) => v === i * 0.5)).toBe(true);
    });
  },
  ['js', 'workers', 'wasm'],
);
