// disable-jit.test.ts — with NUMBAT_DISABLE_JIT=1 every kernel runs as plain JavaScript
// (as Numba's NUMBA_DISABLE_JIT), so every corpus entry must match the plain run exactly:
// bit for bit, with no tolerance. This file runs in its own process (vitest forks pool),
// so setting the variable before importing numbat affects nothing else.

process.env['NUMBAT_DISABLE_JIT'] = '1';

import { describe, expect, it } from 'vitest';
import type { CorpusEntry } from '../corpus/types.js';
import { diffRuns } from '../harness/compare.js';
import { gridExtents, runPlain } from '../harness/plain.js';

// Dynamic imports: static ones would load numbat (the corpus imports its intrinsics)
// before the variable above is set.
const { kernel } = await import('../../src/index.js');
const { corpus } = await import('../corpus/index.js');

/** The same entry with every tolerance forced to exact. */
function exact(entry: CorpusEntry): CorpusEntry {
  return { ...entry, tolerance: { rel: 0, abs: 0, mismatchFraction: 0 }, backendTolerance: {} };
}

describe('NUMBAT_DISABLE_JIT=1 runs the plain function', () => {
  for (const entry of corpus) {
    it(entry.name, async () => {
      const args = entry.makeArgs();
      const compiled = kernel(entry.fn, entry.options as Parameters<typeof kernel>[1]);
      const grid = typeof entry.grid === 'number' ? entry.grid : gridExtents(entry.grid);
      const value: unknown = await compiled.launch(grid, ...args);
      const got = { args, value: typeof value === 'number' ? value : undefined, terms: [] };
      const problems = diffRuns(exact(entry), runPlain(entry), got, 'disable-jit');
      if (problems.length > 0) {
        throw new Error(
          `${entry.name} with NUMBAT_DISABLE_JIT=1 differs from the plain function:\n  ${problems.join('\n  ')}`,
        );
      }
    });
  }
});

// The same program, not only the same arithmetic (issue 10, item 8): validation, argument
// handling, residency and vectorize take the paths they take with the JIT on. Before,
// device arrays gave zeros, vectorize threw `f is not defined`, and boundsCheck and the
// argument checks were skipped.
const { toDevice, zeros, vectorize } = await import('../../src/index.js');

describe('NUMBAT_DISABLE_JIT=1 keeps the rest of numbat', () => {
  it('launches on device arrays (in place on the CPU, read and written back on the GPU)', async () => {
    const saxpy = kernel(
      (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
        out[i] = a * x[i]! + y[i]!;
      },
    );
    for (const backend of ['js', 'wasm'] as const) {
      const x = await toDevice(Float32Array.of(1, 2, 3), backend);
      const out = await zeros(3, 'f32', backend);
      await saxpy.launch(3, 2, x, Float32Array.of(1, 1, 1), out);
      expect(Array.from(await out.toHost())).toEqual([3, 5, 7]);
      await saxpy.launch(3, 2, x, out, out); // the same array twice
      expect(Array.from(await out.toHost())).toEqual([5, 9, 13]);
    }
    const sum = kernel((i: number, x: Float32Array) => x[i]!, { reduce: 'sum' });
    expect(await sum.launch(3, await toDevice(Float32Array.of(1, 2, 3.5), 'js'))).toBe(6.5);
  });

  it('vectorize works, with helpers through uses', async () => {
    const hyp = vectorize((x: number, y: number) => Math.sqrt(x * x + y * y));
    expect(Array.from(await hyp(Float64Array.of(3, 5), Float64Array.of(4, 12)))).toEqual([5, 13]);
    // The casts vectorize adds (f64 where Int32 meets Uint32) run as plain JS too.
    const add = vectorize((a: number, b: number) => a + b);
    const sum = await add(Int32Array.of(-1), Uint32Array.of(4e9));
    expect(sum).toBeInstanceOf(Float64Array);
    expect(Array.from(sum)).toEqual([-1 + 4e9]);
    expect(Array.from(await add(Uint8Array.of(1), Uint32Array.of(4e9)))).toEqual([1 + 4e9]);
    const twice = (v: number): number => v * 2;
    const k = kernel(
      (i: number, x: Float64Array) => {
        x[i] = helper(x[i]!);
      },
      { uses: { helper: twice } },
    );
    const x = Float64Array.of(1, 2);
    await k.launch(2, x);
    expect(Array.from(x)).toEqual([2, 4]);
  });

  it('checks arguments and bounds as the compiled kernel does', async () => {
    const k = kernel(
      (i: number, x: Float32Array) => {
        x[i + 1] = 1;
      },
      { boundsCheck: true },
    );
    await expect(k.launch(4, new Float32Array(4))).rejects.toThrow(
      /index 4 is out of range \[0, 4\) for parameter 'x' of kernel 'k'/,
    );
    await expect(k.launch(4, 'nope' as unknown as Float32Array)).rejects.toThrow(TypeError);
    // @ts-expect-error too few arguments: a type error, and a TypeError at run time
    await expect(k.launch(4)).rejects.toThrow(/too few arguments/);
    const direct = kernel((i: number, x: Float32Array) => {
      x[i] = 1;
    });
    await expect(direct.launch(8, new Float32Array(4))).rejects.toThrow(
      /has 4 elements, but the grid indexes it/,
    );
  });
});

// Intrinsics the rebuilt text names as the compiler reads them (before, both were a
// ReferenceError under NUMBAT_DISABLE_JIT: 232 of the suite's kernels failed that way).
describe('NUMBAT_DISABLE_JIT=1 resolves intrinsics as the compiler does', () => {
  it('in a kernel the Function constructor made (free names, no closure)', async () => {
    const k = kernel(new Function('i', 'c', 'o', 'o[i] = atomicAdd(c, 0, 1) + f32(0.1);') as never);
    const c = new Int32Array(1);
    const o = new Float32Array(3);
    await (k.launch as unknown as (n: number, ...a: unknown[]) => Promise<void>)(3, c, o);
    expect([c[0], ...o]).toEqual([3, ...[0, 1, 2].map((k) => Math.fround(k + Math.fround(0.1)))]);
  });

  it('through an import namespace (`nb.f32`) in a kernel with uses', async () => {
    const nb = await import('../../src/index.js');
    const twice = (v: number): number => v * 2;
    const k = kernel(
      (i: number, x: Float32Array) => {
        x[i] = nb.f32(helper(x[i]!) + 0.1);
      },
      { uses: { helper: twice } },
    );
    const x = Float32Array.of(1, 2);
    await k.launch(2, x);
    expect(Array.from(x)).toEqual([Math.fround(2.1), Math.fround(4.1)]);
  });
});

describe('NUMBAT_DISABLE_JIT=1 fails where the compiled program fails', () => {
  it('a forced backend that refuses the kernel is the same TypeError (f64 on WebGPU)', async () => {
    const k = kernel(
      (i: number, x: Float64Array) => {
        x[i] = x[i]! * 2;
      },
      { backend: 'webgpu' },
    );
    const x = Float64Array.of(1, 2);
    await expect(k.launch(2, x)).rejects.toThrow(TypeError);
    await expect(k.launch(2, x)).rejects.toThrow(/cannot run on webgpu \(backend: 'webgpu'\)/);
    expect(Array.from(x)).toEqual([1, 2]); // nothing ran
  });

  it('boundsCheck: an index that is not an integer names no element (a RangeError)', async () => {
    const k = kernel(
      (i: number, x: Float32Array, o: Float32Array) => {
        o[i] = x[i / 2]!;
      },
      { boundsCheck: true },
    );
    await expect(k.launch(2, new Float32Array(4), new Float32Array(2))).rejects.toThrow(
      /index 0.5 is out of range \[0, 4\) \(not an integer\) for parameter 'x'/,
    );
  });
});

declare const helper: (v: number) => number;
