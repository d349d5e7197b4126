// slices.test.ts — when `auto` may split a launch into ranges run on different backends
// (src/jit/passes/sliceSafety.ts), and that a split launch gives the plain function's
// result: every corpus kernel the analysis calls sliceable is run split between js and
// wasm (the trial slice on one, the rest on the other, as select.ts does) and compared.

import { describe, expect, it } from 'vitest';
import { backends, f32 } from '../../src/index.js';
import { launchArgsOf } from '../../src/runtime/arguments.js';
import { sliceableLaunch, sliceSafety } from '../../src/jit/passes/sliceSafety.js';
import type { CompiledKernel, LaunchArgs } from '../../src/backends/backend.js';
import { backendByName } from '../../src/backends/registry.js';
import { corpus } from '../corpus/index.js';
import { diffRuns } from '../harness/compare.js';
import { gridExtents, runPlain } from '../harness/plain.js';
import { irOf } from '../harness/ir.js';

const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));
/** Whether `name` cannot run here; the skip is printed with the reason (never silent). */
const missing = (name: string): boolean => {
  if (available.has(name as never)) return false;
  console.log(`[numbat tests] skipped: the ${name} backend is unavailable here`);
  return true;
};

const f = (n: number) => new Float32Array(n);

describe('which kernels may be split', () => {
  const verdict = (
    fn: (...args: any[]) => unknown,
    grid: readonly number[],
    args: readonly unknown[],
    options?: Record<string, unknown>,
  ): boolean => {
    const ir = irOf(fn, grid, args, options);
    const safety = sliceSafety(ir);
    return sliceableLaunch(safety, grid, launchArgsOf(ir, [...grid], grid[0]!, args).scalars);
  };

  it('maps over their own element: yes (1-D, in place, with an offset, read-only neighbours)', () => {
    expect(
      verdict(
        (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
          out[i] = a * x[i]! + y[i]!;
        },
        [8],
        [2, f(8), f(8), f(8)],
      ),
    ).toBe(true);
    expect(
      verdict(
        (i: number, x: Float32Array) => {
          x[i] = x[i]! * 2;
        },
        [8],
        [f(8)],
      ),
    ).toBe(true);
    expect(
      verdict(
        (i: number, x: Float32Array, out: Float32Array) => {
          const k = i + 1;
          out[k] = x[i]! + x[i + 2]!;
        },
        [8],
        [f(10), f(10)],
      ),
    ).toBe(true);
  });

  it('2-D row-major writes: yes when the launch row stride covers the row, else no', () => {
    const image = (r: number, c: number, out: Int32Array, w: number) => {
      const at = r * w + c;
      out[at] = r + c;
    };
    expect(verdict(image, [4, 8], [new Int32Array(32), 8])).toBe(true);
    expect(verdict(image, [4, 8], [new Int32Array(64), 16])).toBe(true);
    // A stride below the row length makes two indices write one element.
    expect(verdict(image, [4, 8], [new Int32Array(32), 4])).toBe(false);
    // Column-major: the stride must cover the column.
    const transposed = (r: number, c: number, out: Int32Array, h: number) => {
      out[c * h + r] = r;
    };
    expect(verdict(transposed, [4, 8], [new Int32Array(32), 4])).toBe(true);
    expect(verdict(transposed, [4, 8], [new Int32Array(32), 3])).toBe(false);
  });

  it('reductions, atomics, scatters, neighbour writes, boundsCheck, workgroups: no', () => {
    const no = (
      fn: (...args: any[]) => unknown,
      grid: readonly number[],
      args: readonly unknown[],
      options?: Record<string, unknown>,
    ) => expect(verdict(fn, grid, args, options)).toBe(false);
    no((i: number, x: Float32Array) => x[i]!, [8], [f(8)], { reduce: 'sum' });
    no(
      (i: number, x: Int32Array) => {
        x[0] = x[0]! + i; // every index writes element 0
      },
      [8],
      [new Int32Array(8)],
    );
    no(
      (i: number, idx: Int32Array, out: Float32Array) => {
        out[idx[i]!] = i; // a scatter: not provably one element per index
      },
      [8],
      [new Int32Array(8), f(8)],
    );
    no(
      (i: number, x: Float32Array) => {
        x[i] = x[i]! + (i > 0 ? x[i - 1]! : 0); // reads an element another index writes
      },
      [8],
      [f(8)],
    );
    no(
      (i: number, out: Float32Array) => {
        out[i] = 1;
        out[i + 1] = 2; // two indices write each element
      },
      [8],
      [f(9)],
    );
    no(
      (i: number, out: Float32Array) => {
        out[i] = i;
      },
      [8],
      [f(8)],
      { boundsCheck: true },
    );
    no(
      (i: number, out: Float32Array) => {
        out[i] = f32(i);
      },
      [8],
      [f(8)],
      { workgroup: 4 },
    );
  });
});

describe('a launch split between backends equals one launch (the corpus)', () => {
  const pair = ['js', 'wasm'].filter((b) => available.has(b as never));
  for (const entry of corpus) {
    it(entry.name, async () => {
      if (pair.length < 2) return;
      const args = entry.makeArgs();
      const grid = gridExtents(entry.grid);
      const ir = irOf(entry.fn, grid, args, entry.options as Record<string, unknown>);
      const total = grid.reduce((a, b) => a * b, 1);
      const launch: LaunchArgs = launchArgsOf(ir, grid, total, args);
      if (!sliceableLaunch(sliceSafety(ir), grid, launch.scalars)) return;
      const [a, b] = await Promise.all(
        pair.map((name) => backendByName(name as never)!.compile(ir)),
      );
      // As select.ts splits: a slice, an equal slice beside it, then the rest, whole rows.
      const row = grid[grid.length - 1]!;
      const rows = Math.ceil(total / row);
      const s = Math.max(1, Math.floor(rows / 4)) * row;
      const m = Math.floor(Math.max(0, rows - 2 * (s / row)) / 2) * row;
      const parts: [CompiledKernel, number, number][] = [
        [a!, m, Math.min(total, m + s)],
        [b!, Math.min(total, m + s), Math.min(total, m + 2 * s)],
        [b!, 0, m],
        [a!, Math.min(total, m + 2 * s), total],
      ];
      for (const [compiled, begin, end] of parts)
        if (end > begin) await compiled.run({ ...launch, range: { begin, end } });
      const problems = diffRuns(
        entry,
        runPlain(entry),
        { args, value: undefined, terms: [] },
        'split',
      );
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});

describe('auto splits real launches for its trials, and every result is one launch’s', () => {
  it('a 2-D map under auto with js and wasm modelled alike', async () => {
    if (missing('wasm')) return;
    const { kernel } = await import('../../src/index.js');
    const { setProfile } = await import('../../src/runtime/calibrate.js');
    const k = kernel((r: number, c: number, x: Float32Array, out: Float32Array, w: number) => {
      let s = 0;
      for (let j = 0; j < 64; j++) s += x[(r * w + c + j) % x.length]! * 0.5;
      out[r * w + c] = s + r - c;
    });
    const h = 64;
    const w = 96;
    const x = new Float32Array(h * w);
    const out = new Float32Array(h * w);
    await k.inspect([h, w], x, out, w); // prepares the selector (and its default profile)
    const constants = {
      launchMs: 0.001,
      nsPerOp: 1,
      nsPerByte: 0,
      stageNsPerByte: 0,
      source: 'calibrated' as const,
    };
    const slow = { ...constants, nsPerOp: 1e4 };
    setProfile({
      format: 1,
      key: 'test-machine',
      backends: { js: constants, wasm: constants, workers: slow, webgpu: slow },
    });
    for (let launch = 0; launch < 10; launch++) {
      for (let i = 0; i < x.length; i++) x[i] = Math.fround(Math.sin(i + launch));
      out.fill(Number.NaN);
      await k.launch([h, w], x, out, w);
      // One whole launch on js (js and wasm agree bit for bit on f32 arithmetic).
      const want = new Float32Array(h * w).fill(Number.NaN);
      await k.with({ backend: 'js' }).launch([h, w], x, want, w);
      expect(Array.from(out)).toEqual(Array.from(want));
    }
    const info = await k.inspect([h, w], x, out, w);
    // Whether a trial ran depends on real timings; when one did, inspect says so in words.
    for (const line of info.explored.slice(0, -1))
      expect(line).toMatch(/^tried (wasm|js) on (a whole launch|a slice of \d+ of 6144 indices)/);
  });
});

describe('a split launch, driven directly', () => {
  it('the trial slice, the reference slice and the rest run on their backends; the result is one launch’s', async () => {
    if (missing('wasm')) return;
    const { KernelSelector } = await import('../../src/runtime/select.js');
    const fn = (r: number, c: number, x: Float32Array, out: Float32Array, w: number) => {
      out[r * w + c] = x[r * w + c]! * 3 + r;
    };
    const h = 40;
    const w = 24;
    const x = new Float32Array(h * w).map((_, i) => Math.fround(Math.cos(i)));
    const out = new Float32Array(h * w).fill(Number.NaN);
    const ir = irOf(fn, [h, w], [x, out, w]);
    const selector = new KernelSelector(ir, 'auto');
    await selector.prepare();
    selector.chooseNow(h * w, [x, out, w]); // as every launch does first
    const js = await backendByName('js')!.compile(ir);
    const wasm = await backendByName('wasm')!.compile(ir);
    const ranges: string[] = [];
    const spy = (name: string, compiled: CompiledKernel): CompiledKernel => ({
      ...compiled,
      run: (args) => {
        ranges.push(`${name} ${args.range?.begin}-${args.range?.end}`);
        return compiled.run(args);
      },
    });
    const bucket = {
      choice: {
        backend: 'js' as const,
        reason: 'test',
        estimates: [],
        exploring: true,
        trial: { backend: 'wasm' as const, fraction: 0.25 },
      },
      launches: 0,
      profileVersion: -1,
    };
    const source = { ready: () => spy('wasm', wasm), prepare: () => undefined };
    await selector.run(bucket, spy('js', js), launchArgsOf(ir, [h, w], h * w, [x, out, w]), source);
    // 40 rows: a quarter (10 rows) on wasm in the middle, 10 beside it on js, then the rest.
    expect(ranges).toEqual(['wasm 240-480', 'js 480-720', 'js 0-240', 'js 720-960']);
    const want = new Float32Array(h * w);
    await js.run(launchArgsOf(ir, [h, w], h * w, [x, want, w]));
    expect(Array.from(out)).toEqual(Array.from(want));
    expect(selector.explored()[0]).toMatch(/^tried wasm on a slice of 240 of 960 indices/);
  });

  it('an edge trial: the candidate on the first rows, in place, the best (which stages) on the rest in one run', async () => {
    if (missing('wasm')) return;
    const { KernelSelector } = await import('../../src/runtime/select.js');
    // In place: each index reads and writes its own element of x.
    const fn = (i: number, a: number, x: Float32Array) => {
      x[i] = a * x[i]! + 1;
    };
    const n = 1000;
    const x = new Float32Array(n).map((_, i) => Math.fround(Math.sin(i)));
    const want = x.map((v) => Math.fround(Math.fround(2.5 * v) + 1));
    const ir = irOf(fn, [n], [2.5, x]);
    const selector = new KernelSelector(ir, 'auto');
    await selector.prepare();
    selector.chooseNow(n, [2.5, x]);
    const js = await backendByName('js')!.compile(ir);
    const wasm = await backendByName('wasm')!.compile(ir);
    const ranges: string[] = [];
    const spy = (name: string, compiled: CompiledKernel): CompiledKernel => ({
      ...compiled,
      run: (args) => {
        ranges.push(`${name} ${args.range?.begin}-${args.range?.end}`);
        return compiled.run(args);
      },
    });
    const bucket = {
      choice: {
        backend: 'wasm' as const,
        reason: 'test',
        estimates: [],
        exploring: true,
        trial: { backend: 'js' as const, fraction: 0.1, edge: true },
      },
      launches: 0,
      profileVersion: -1,
    };
    const source = { ready: () => spy('js', js), prepare: () => undefined };
    await selector.run(bucket, spy('wasm', wasm), launchArgsOf(ir, [n], n, [2.5, x]), source);
    expect(ranges).toEqual(['js 0-100', 'wasm 100-1000']);
    // wasm copied x in after js had written its first rows, and back whole: one launch's result.
    expect(Array.from(x)).toEqual(Array.from(want));
    expect(selector.explored()[0]).toMatch(
      /^tried js on the first 100 of 1000 indices, on the arrays in place/,
    );
  });
});
