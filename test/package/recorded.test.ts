// recorded.test.ts — the runtime half of the bundler plugins: a function that carries a
// build-time record (src/jit/recorded.ts) compiles from the recorded text, not from its
// own (minified) text; the record's names map renamed imports to intrinsics; errors use
// the record's file and lines; without a record, minified-looking text gets the hint.

import { describe, expect, it } from 'vitest';
import { f32, kernel, KernelError, random } from '../../src/index.js';

const KEY = Symbol.for('numbat.source');
const recorded = <F extends Function>(fn: F, record: object): F => {
  Object.defineProperty(fn, KEY, { value: record });
  return fn;
};

describe('a recorded kernel', () => {
  it('compiles from the recorded text, with renamed intrinsics mapped by name', async () => {
    // What a minifier leaves: `g` is f32 under another name, and the text is not the original.
    const g = f32;
    const minified = recorded(
      (n: number, e: Float32Array) => {
        e[n] = g(n / 3);
      },
      {
        source: '(i, out) => {\n  out[i] = toF32(i / 3);\n}',
        file: 'src/app.ts',
        lines: [10, 11, 12],
        name: 'third',
        names: { toF32: g },
      },
    );
    const k = kernel(minified, { backend: 'js' });
    expect(k.name).toBe('third');
    const out = new Float32Array(4);
    await k.launch(4, out);
    expect(Array.from(out)).toEqual([0, 1, 2, 3].map((i) => Math.fround(i / 3)));
  });

  it("reports errors at the record's file and line", () => {
    const fn = recorded((n: number) => n, {
      source: '(i, out) => {\n  out[i] = outer + 1;\n}',
      file: 'src/app.ts',
      lines: [20, 21, 22],
    });
    expect(() => kernel(fn)).toThrow(
      /`outer` is not defined inside the kernel; .*\(src\/app\.ts:21\)\n21 \| {3}out\[i\] = outer \+ 1;/,
    );
  });

  it('without a record, minified text gets the hint that names the plugin', () => {
    // `Sn` is `random` renamed by a minifier: not a name the kernel language knows.
    const Sn = random;
    const fn = new Function('Sn', 'return (e,t)=>{let s=Sn(t,2*e);return s<1?1:0}')(Sn);
    let error: unknown;
    try {
      kernel(fn, { reduce: 'sum' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).message).toMatch(
      /`Sn` is not defined inside the kernel.*this looks like a minified bundle/,
    );
    expect((error as KernelError).hint).toMatch(/numbat\/esbuild \(or numbat\/vite\)/);
  });

  it('without a record, ordinary text keeps the ordinary hint', () => {
    expect(() =>
      kernel((i: number, out: Float32Array) => {
        out[i] = (globalThis as unknown as { q: number }).q;
      }),
    ).toThrow(/hint: pass it as an argument/);
  });
});
