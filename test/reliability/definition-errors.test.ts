// definition-errors.test.ts — every mistake that needs no argument types is rejected by
// kernel() itself, at the right line of the user's file (issue 11, item 2). Before,
// Math.foo, Math.random, recursion through uses, assigning to an array parameter or a
// const and new Float64Array(1e9) passed kernel() and failed at the first launch; a
// one-line kernel defined away from its kernel() call was reported at the call's line,
// and a helper whose first line matched another function's was reported at that one.
// So did a call of a global a kernel may only name (`Number(x)`).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernel, KernelError } from '../../src/index.js';

/** The 1-based line of this file holding `marker`. */
function lineOf(marker: string): number {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;
}

function definitionError(f: () => unknown): KernelError {
  try {
    f();
  } catch (e) {
    if (e instanceof KernelError) return e;
    throw e;
  }
  throw new Error('kernel() accepted the definition');
}

describe('errors raised by kernel(), before any launch', () => {
  it.each([
    [
      'Math.foo',
      (i: number, x: Float32Array) => {
        x[i] = (Math as unknown as { foo(v: number): number }).foo(x[i]!);
      },
      /`Math.foo` is not supported in kernels/,
    ],
    [
      'Math.random',
      (i: number, x: Float32Array) => {
        x[i] = Math.random();
      },
      /`Math.random` is not supported in kernels: it would differ between backends/,
    ],
    [
      'Math.E2',
      (i: number, x: Float32Array) => {
        x[i] = (Math as unknown as { E2: number }).E2;
      },
      /`Math.E2` is not supported/,
    ],
    [
      'Math.sin arity',
      (i: number, x: Float32Array) => {
        x[i] = (Math.sin as (a: number, b: number) => number)(x[i]!, 2);
      },
      /Math.sin takes 1 argument, got 2/,
    ],
    [
      'assign to an array parameter',
      (i: number, x: Float32Array, y: Float32Array) => {
        x[i] = 1;
        x = y;
      },
      /cannot assign to `x`: it is an array parameter/,
    ],
    [
      'assign to a const',
      (i: number, x: Float32Array) => {
        const k = 1;
        (k as number) = 2;
        x[i] = k;
      },
      /cannot assign to constant `k`/,
    ],
    [
      'increment a const',
      (i: number, x: Float32Array) => {
        const k = 1;
        (k as number)++;
        x[i] = k;
      },
      /cannot assign to constant `k`/,
    ],
    [
      'huge local array',
      (i: number, x: Float64Array) => {
        const t = new Float64Array(1e9);
        x[i] = t[0]!;
      },
      /a local Float64Array needs a constant length between 1 and 4096/,
    ],
    [
      'non-constant local array',
      (i: number, x: Float64Array, n: number) => {
        const t = new Float64Array(n);
        x[i] = t[0]!;
      },
      /needs a constant length/,
    ],
    [
      'break outside a loop',
      (i: number, x: Float64Array) => {
        if (i) break_();
        x[i] = 1;
      },
      /is not defined inside the kernel/,
    ],
    [
      'Number(x) called',
      (i: number, x: Float64Array) => {
        x[i] = Number(x[i]) + 1;
      },
      /calls to unknown function `Number` are not supported in kernels[\s\S]*f64\(…\)/,
    ],
    [
      'Math(x) called',
      (i: number, x: Float64Array) => {
        x[i] = (Math as unknown as (v: number) => number)(x[i]!);
      },
      /calls to unknown function `Math` are not supported in kernels/,
    ],
    [
      'f32 arity',
      (i: number, x: Float64Array) => {
        x[i] = (Math.fround as (a: number, b: number) => number)(1, 2);
      },
      /Math.fround takes 1 argument, got 2/,
    ],
  ])('%s', (_name, fn, message) => {
    const e = definitionError(() => kernel(fn));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/\^/);
  });

  it('recursion through uses, direct and in a circle', () => {
    const even = (n: number): number => (n === 0 ? 1 : odd(n - 1));
    const odd = (n: number): number => (n === 0 ? 0 : even(n - 1));
    expect(
      definitionError(() =>
        kernel(
          (i: number, x: Int32Array) => {
            x[i] = even(x[i]!);
          },
          { uses: { even, odd } },
        ),
      ).message,
    ).toMatch(/helpers call each other in a circle \((even → odd → even|odd → even → odd)\)/);
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    expect(
      definitionError(() =>
        kernel(
          (i: number, x: Int32Array) => {
            x[i] = fact(x[i]!);
          },
          { uses: { fact } },
        ),
      ).message,
    ).toMatch(/helper `fact` calls itself/);
  });

  it('a helper with the wrong number of arguments, or without a value used as one', () => {
    const twice = (v: number): number => v * 2;
    const store = (x: Float32Array, i: number): void => {
      x[i] = 0;
    };
    expect(
      definitionError(() =>
        kernel(
          (i: number, x: Float32Array) => {
            x[i] = (twice as (a: number, b: number) => number)(1, 2);
          },
          { uses: { twice } },
        ),
      ).message,
    ).toMatch(/helper `twice` takes 1 argument, got 2/);
    expect(
      definitionError(() =>
        kernel(
          (i: number, x: Float32Array) => {
            x[i] = store(x, i) as unknown as number;
          },
          { uses: { store } },
        ),
      ).message,
    ).toMatch(/helper `store` returns no value/);
  });
});

// Defined far from its kernel() call, on one line:
// biome-ignore format: the kernel must stay on one line
const oneLiner = (i: number, x: Float32Array): void => { x[i] = Math.random(); }; // @oneLiner

// Two helpers whose first lines are the same text:
const helperOk = (v: number): number => {
  // @helperOk
  return v * 2;
};
const helperBad = (v: number): number => {
  // @helperBad
  return (Math as unknown as { cube(a: number): number }).cube(v);
};

describe('error locations come from the function itself', () => {
  it('a one-line kernel defined away from its kernel() call is reported at its own line', () => {
    const e = definitionError(() => kernel(oneLiner));
    expect(e.line).toBe(lineOf('// @oneLiner'));
    expect(e.message).toContain(`definition-errors.test.ts:${lineOf('// @oneLiner')}`);
  });

  it('a helper is reported at its own line, not at another function with the same first line', () => {
    const e = definitionError(() =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = helperOk(x[i]!) + helperBad(x[i]!);
        },
        { uses: { helperOk, helperBad } },
      ),
    );
    expect(e.message).toMatch(/`Math.cube` is not supported/);
    expect(e.line).toBe(lineOf('// @helperBad') + 1);
  });

  it('a mistake inside a helper names the kernel and the helper, not the helper as the kernel', () => {
    const e = definitionError(() =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = helperBad(x[i]!);
        },
        { uses: { helperBad }, name: 'smooth' },
      ),
    );
    expect(e.message).toMatch(/^numbat: kernel 'smooth \(helper helperBad\)': `Math.cube`/);
  });

  it('a class in uses is a TypeError naming the kernel and the entry, not a parse error', () => {
    class Ops {
      static twice(v: number): number {
        return 2 * v;
      }
    }
    expect(() =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = Ops.twice(x[i]!);
        },
        { uses: { Ops }, name: 'scale' },
      ),
    ).toThrow(
      /^numbat: kernel 'scale': uses\.Ops is a class; `uses` takes numbers, booleans and helper functions/,
    );
  });
});

declare function break_(): void;

describe('kernel() options', () => {
  const fill = (i: number, x: Float32Array) => {
    x[i] = 1;
  };
  it('an unknown option is a TypeError naming it and the kernel (a typo must not pass)', () => {
    expect(() => kernel(fill, { boundscheck: true } as never)).toThrow(
      /kernel 'fill': unknown option 'boundscheck' \(did you mean 'boundsCheck'\?\); the options are backend, reduce/,
    );
    expect(() => kernel(fill, { backnd: 'js' } as never)).toThrow(/unknown option 'backnd'/);
    expect(() => kernel(fill, null as never)).toThrow(
      /kernel 'fill': options must be an object, got null/,
    );
    expect(() => kernel(fill).with({ reduc: 'sum' } as never)).toThrow(/unknown option 'reduc'/);
    // An arrow function takes the name of the variable it is defined into, as other errors do.
    expect(() => {
      const sized = kernel(
        (i: number, x: Float32Array) => {
          x[i] = 2;
        },
        { sise: 4 } as never,
      );
      void sized;
    }).toThrow(/kernel 'sized': unknown option 'sise'/);
  });
  it('every documented option is accepted', () => {
    const k = kernel(fill, {
      backend: 'js',
      boundsCheck: true,
      precision: 'f32',
      fastMath: false,
      name: 'ones',
      uses: {},
    });
    expect(k.name).toBe('ones');
  });
});
