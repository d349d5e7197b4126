// The error table: every rejected construct and type error, with its exact message, its
// code, and the source text the caret points at.

import { describe, expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { atomicMin, barrier, kernel, KernelError, localId, shared } from '../../src/index.js';

interface Case {
  name: string;
  /** Builds the kernel (and launches it when the error needs a signature). */
  run: () => unknown;
  code: string;
  detail: string;
  /** The source text under the caret. */
  caret: string;
}

const f32 = () => new Float32Array(8);
declare const outside: number;

const definitionErrors: Case[] = [
  {
    name: 'object literal',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const o = { a: 1 };
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'objects are not supported in kernels',
    caret: '{ a: 1 }',
  },
  {
    name: 'array literal',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const o = [1, 2];
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'array literals are not supported in kernels',
    caret: '[1, 2]',
  },
  {
    name: 'string',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const s = 'a';
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'strings are not supported in kernels',
    caret: '"a"',
  },
  {
    name: 'closure',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const f = (v: number) => v;
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'closures (functions defined inside a kernel) are not supported in kernels',
    caret: '(v) => v',
  },
  {
    name: 'nested function declaration',
    run: () =>
      kernel(function (i: number, x: Float32Array) {
        function g() {
          return 1;
        }
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'nested functions are not supported in kernels',
    caret: 'function g() {',
  },
  {
    name: 'try',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        try {
          x[i] = 1;
        } catch {
          x[i] = 2;
        }
      }),
    code: 'E_UNSUPPORTED',
    detail: '`try` statements are not supported in kernels',
    caret: 'try {',
  },
  {
    name: 'throw',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        if (i < 0) throw 1;
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: '`throw` statements are not supported in kernels',
    caret: 'throw 1;',
  },
  {
    name: 'switch',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        switch (i) {
          default:
            x[i] = 0;
        }
      }),
    code: 'E_UNSUPPORTED',
    detail: '`switch` statements are not supported in kernels',
    caret: 'switch (i) {',
  },
  {
    name: 'for of',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        for (const v of x) x[i] = v;
      }),
    code: 'E_UNSUPPORTED',
    detail: '`for…of` loops are not supported in kernels',
    caret: 'for (const v of x) x[i] = v;',
  },
  {
    name: 'new Map',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const m = new Map();
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: '`new` of anything but a fixed-size typed array is not supported in kernels',
    caret: 'new Map()',
  },
  {
    name: 'this',
    run: () =>
      kernel(function (this: unknown, i: number, x: Float32Array) {
        x[i] = this ? 1 : 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: '`this` is not supported in kernels',
    caret: 'this',
  },
  {
    name: 'template string',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const s = `${i}`;
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'template strings are not supported in kernels',
    caret: '`${i}`',
  },
  {
    name: 'destructuring',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const [a] = [1];
        x[i] = a;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'destructuring is not supported in kernels',
    caret: '[a]',
  },
  {
    name: 'default parameter',
    run: () =>
      kernel((i: number, x: Float32Array, a = 1) => {
        x[i] = a;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'default parameter values are not supported in kernels',
    caret: 'a = 1',
  },
  {
    name: 'assignment in expression',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        let a = 0;
        x[i] = a = 2;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'assignments inside expressions are not supported in kernels',
    caret: 'a = 2',
  },
  {
    name: 'outer variable',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = outside;
      }),
    code: 'E_UNDEFINED',
    detail: '`outside` is not defined inside the kernel; kernels cannot see variables from outside',
    caret: 'outside',
  },
  {
    name: 'async',
    run: () =>
      kernel(async (i: number, x: Float32Array) => {
        x[i] = 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'async functions are not supported in kernels',
    caret: 'async (i, x) => {',
  },
  {
    name: 'value return without reduce',
    run: () => kernel((i: number, x: Float32Array) => x[i]! * 2),
    code: 'E_RETURN',
    detail: 'this kernel returns a value but has no `reduce` option',
    caret: 'x[i] * 2',
  },
  {
    name: 'typeof',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = typeof i === 'number' ? 1 : 0;
      }),
    code: 'E_UNSUPPORTED',
    detail: 'the `typeof` operator is not supported in kernels',
    caret: 'typeof i',
  },
  {
    name: 'a `let` without a value read on a path that assigns none',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        let v: number | undefined;
        if (x[i]! > 0) v = x[i]! * 2;
        x[i] = v as number;
      }),
    code: 'E_UNASSIGNED',
    detail:
      '`v` may be read here before any value is assigned to it (in the plain function it would be undefined: NaN in arithmetic)',
    caret: 'v as number',
  },
  {
    name: 'a `let` without a value updated before any assignment',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        let s: any;
        for (let k = 0; k < 3; k++) s += k;
        x[i] = s;
      }),
    code: 'E_UNASSIGNED',
    detail:
      '`s` may be read here before any value is assigned to it (in the plain function it would be undefined: NaN in arithmetic)',
    caret: 's += k',
  },
  {
    name: 'a reduce combiner that is not commutative ("first non-zero")',
    run: () =>
      kernel((i: number, x: Float32Array) => x[i]!, {
        reduce: (a: number, b: number) => (a !== 0 ? a : b),
      }),
    code: 'E_REDUCE',
    detail: 'the reduce combiner must be commutative, but it gives 1 for (1, 2) and 2 for (2, 1)',
    caret: '(a, b) => a !== 0 ? a : b',
  },
  {
    name: 'a reduce combiner that is not associative (the mean of two)',
    run: () =>
      kernel((i: number, x: Float32Array) => x[i]!, {
        reduce: (a: number, b: number) => (a + b) / 2,
      }),
    code: 'E_REDUCE',
    detail:
      'the reduce combiner must be associative, but combining 0, 0, 1 gives 0.5 as (a ⊕ b) ⊕ c and 0.25 as a ⊕ (b ⊕ c)',
    caret: '(a, b) => (a + b) / 2',
  },
];

const specialisationErrors: Case[] = [
  {
    name: 'a combiner returning an i32 for a u32 reduction (a ^ b)',
    run: () =>
      kernel((i: number, x: Uint32Array) => x[i]!, {
        reduce: (a: number, b: number) => a ^ b,
      }).launch(4, new Uint32Array(4)),
    code: 'E_TYPE',
    detail:
      'the combiner returns an i32 value for a reduction of u32 values (plain JavaScript would give the i32 reading, the reduction the u32 one)',
    caret: 'a ^ b',
  },
  {
    name: 'unknown call',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = Number.parseFloat(i as any);
      }).launch(8, f32()),
    code: 'E_UNKNOWN_CALL',
    detail: 'calls to `Number.parseFloat` are not supported in kernels',
    caret: 'Number.parseFloat',
  },
  {
    name: 'unknown method of an array',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = (x as any).at(i);
      }).launch(8, f32()),
    code: 'E_UNSUPPORTED',
    detail: '`x.at()` is not supported in kernels',
    caret: 'x.at(i)',
  },
  {
    name: 'Math.random',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = Math.random();
      }).launch(8, f32()),
    code: 'E_UNSUPPORTED',
    detail: '`Math.random` is not supported in kernels: it would differ between backends and runs',
    caret: 'Math.random()',
  },
  {
    name: 'unknown array property',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = (x as any).foo;
      }).launch(8, f32()),
    code: 'E_UNSUPPORTED',
    detail: '`.foo` of an array is not supported in kernels',
    caret: 'x.foo',
  },
  {
    name: 'local array with variable length',
    run: () =>
      kernel((i: number, x: Float32Array, n: number) => {
        const t = new Float32Array(n);
        x[i] = t[0]!;
      }).launch(8, f32(), 4),
    code: 'E_LOCAL_ARRAY',
    detail: 'a local Float32Array needs a constant length between 1 and 4096',
    caret: 'n',
  },
  {
    name: 'wrong rank indexing',
    run: () =>
      kernel((i: number, a: any, out: Float32Array) => {
        out[i] = a[i];
      }).launch(
        2,
        {
          data: new Float32Array(4),
          shape: [2, 2],
          stride: [2, 1],
          offset: 0,
          get() {
            return 0;
          },
          set() {
            return 0;
          },
        },
        f32(),
      ),
    code: 'E_RANK',
    detail: '`a` has rank 2 but is indexed with 1 index',
    caret: 'a[i]',
  },
  {
    name: 'assign to const',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const c = 1;
        // @ts-expect-error: assigning a const is the error under test
        c = 2;
        x[i] = c;
      }).launch(8, f32()),
    code: 'E_ASSIGN',
    detail: 'cannot assign to constant `c`',
    caret: 'c',
  },
  {
    name: 'recursion through uses',
    run: () => {
      const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
      return kernel(
        (i: number, x: Float32Array) => {
          x[i] = fact(i);
        },
        { uses: { fact } },
      ).launch(8, f32());
    },
    code: 'E_RECURSION',
    detail: 'helper `fact` calls itself (recursion is not supported in kernels)',
    caret: 'fact(n - 1)',
  },
  {
    name: 'reduce kernel missing a return path',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          if (i > 0) return x[i];
        },
        { reduce: 'sum' },
      ).launch(8, f32()),
    code: 'E_RETURN',
    detail: 'a reduce kernel must return a number on every path',
    caret: '}',
  },
  {
    // Plain JavaScript: false for every x (probe 6, item 9); numbat compared 1 with 1.
    name: 'a boolean === a number',
    run: () =>
      kernel((i: number, x: Float32Array, o: Int32Array) => {
        // @ts-expect-error: a boolean compared strictly with a number is the error under test
        o[i] = x[i]! > 0 === 1 ? 1 : 0;
      }).launch(8, f32(), new Int32Array(8)),
    code: 'E_TYPE',
    detail: '`===` of a boolean and a number is false whatever their values in JavaScript',
    caret: 'x[i] > 0 === 1',
  },
  {
    name: 'boolean as index',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        // @ts-expect-error: a boolean index is the error under test
        x[i > 2] = 1;
      }).launch(8, f32()),
    code: 'E_TYPE',
    detail: 'an index is a boolean, not a number',
    caret: 'i > 2',
  },
  {
    // In the plain function `dst.set(i, v)` is TypedArray's copy-from-array method (a
    // no-op here): compiling it as an element store would disagree with the specification.
    name: 'ndarray .set() on a plain typed array',
    run: () =>
      kernel((i: number, x: Float32Array, dst: any) => {
        dst.set(i, x[i]);
      }).launch(8, f32(), f32()),
    code: 'E_TYPE',
    detail: '`dst` is a plain typed array here, which has no ndarray `.set()`',
    caret: 'dst.set',
  },
  {
    name: 'ndarray .get() on a plain typed array',
    run: () =>
      kernel((i: number, x: any, out: Float32Array) => {
        out[i] = x.get(i);
      }).launch(8, f32(), f32()),
    code: 'E_TYPE',
    detail: '`x` is a plain typed array here, which has no ndarray `.get()`',
    caret: 'x.get',
  },
  {
    name: 'ndarray .size and .shape on a plain typed array',
    run: () =>
      kernel((i: number, x: any, out: Float32Array) => {
        out[i] = x.shape[0];
      }).launch(8, f32(), f32()),
    code: 'E_TYPE',
    detail: '`x` is a plain typed array here, which has no ndarray `.shape`',
    caret: 'x.shape',
  },
  {
    name: 'a variable holding both i32 and u32 values',
    run: () =>
      kernel((i: number, u: Uint32Array, s: Int32Array, o: Float64Array) => {
        let m = s[i]!;
        if (u[i]! > 0) m = u[i]!;
        o[i] = m;
      }).launch(1, new Uint32Array(1), new Int32Array(1), new Float64Array(1)),
    code: 'E_TYPE',
    detail:
      '`m` holds both i32 and u32 values; in 32 bits one of them would change (a u32 above 2³¹ − 1 reads as a negative i32, a negative i32 as a large u32)',
    caret: 'u[i]!',
  },
  {
    name: 'a `?:` of a u32 value and a negative constant, used as a number',
    run: () =>
      kernel((i: number, u: Uint32Array, o: Float64Array) => {
        o[i] = i > 0 ? u[i]! : -1;
      }).launch(1, new Uint32Array(1), new Float64Array(1)),
    code: 'E_TYPE',
    detail: '-1 is not a u32 value, but this `?:` holds u32 values: it would read as 4294967295',
    caret: '-1',
  },
  {
    name: 'atomicMin of an i32 value on a Uint32Array',
    run: () =>
      kernel((i: number, u: Uint32Array) => {
        atomicMin(u, 0, -1);
      }).launch(1, new Uint32Array(1)),
    code: 'E_TYPE',
    detail:
      'atomicMin on a Uint32Array with an i32 value: in the plain function a negative value stores 2³² + value whatever the old element, which no atomic min does',
    caret: '-1',
  },
];

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

for (const [title, cases] of [
  ['at kernel() (definition)', definitionErrors],
  ['at the first launch (specialisation)', specialisationErrors],
] as const) {
  describe(`errors raised ${title}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const e = await caught(c.run);
        expect(e, 'expected a KernelError').toBeInstanceOf(KernelError);
        const err = e as KernelError;
        expect(err.detail).toBe(c.detail);
        expect(err.code).toBe(c.code);
        expect(err.span).toBeDefined();
        const fnText = err.message; // the caret line sits under the quoted source line
        const lines = fnText.split('\n');
        const caretLine = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
        expect(caretLine).toBeGreaterThan(0);
        const srcLine = lines[caretLine - 1]!;
        const start = lines[caretLine]!.indexOf('^');
        const underlined = srcLine.slice(start, start + lines[caretLine]!.trim().length);
        expect(underlined).toBe(c.caret.slice(0, underlined.length));
        expect(c.caret.startsWith(underlined)).toBe(true);
        // Names the kernel, the user's file and line, and where kernel() was called.
        expect(err.message).toMatch(/kernel '[^']+'/);
        expect(err.message).toContain('errors.test.ts:');
        expect(err.message).toMatch(/(kernel|helper `\w+`|combiner) defined at /);
        expect(err.line).toBeGreaterThan(0);
      });
    }
  });
}

// A mistake in a `uses` helper or a reduce combiner said "kernel defined at <the helper's
// line>": it now says what is defined there, and which kernel() call uses it.
describe('errors in a helper or a combiner say where it is defined', () => {
  it('a helper: its line, and the kernel() call that uses it', async () => {
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const e = (await caught(() =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = fact(i);
        },
        { uses: { fact } },
      ).launch(8, f32()),
    )) as KernelError;
    const m =
      /helper `fact` defined at .*errors\.test\.ts:(\d+), used by the kernel\(\) call at .*errors\.test\.ts:(\d+):\d+$/.exec(
        e.message,
      );
    expect(m, e.message).not.toBeNull();
    expect(Number(m![1])).toBe(e.line); // fact is defined on the line of its recursive call
    expect(Number(m![2])).toBe(e.line! + 2);
    expect(e.message).not.toContain('kernel defined at');
  });

  it('a combiner: its line, and the kernel() call', async () => {
    const e = (await caught(() =>
      kernel((i: number, x: Float32Array) => x[i]!, {
        reduce: (a: number, b: number) => {
          const t = [a];
          return t[0]! + b;
        },
      }).launch(8, f32()),
    )) as KernelError;
    expect(e).toBeInstanceOf(KernelError);
    const m =
      /combiner defined at .*errors\.test\.ts:(\d+), used by the kernel\(\) call at .*errors\.test\.ts:(\d+):\d+$/.exec(
        e.message,
      );
    expect(m, e.message).not.toBeNull();
    expect(Number(m![1])).toBe(e.line! - 1);
    expect(Number(m![2])).toBe(e.line! - 2);
  });
});

describe('argument errors are TypeErrors naming the parameter', () => {
  const k = kernel((i: number, a: number, x: Float32Array, out: Float32Array) => {
    out[i] = a * x[i]!;
  });
  it('wrong type', async () => {
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch(4, 1, [1, 2, 3, 4], f32())).rejects.toThrow(
      /^numbat: kernel 'k': parameter 'x' is a plain Array; expected a typed array, an ndarray, an NDArray, a number or a boolean\nkernel defined at .*errors\.test\.ts:\d+$/,
    );
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch(4, 1, [1, 2, 3, 4], f32())).rejects.toBeInstanceOf(TypeError);
  });
  it('string where a number goes', async () => {
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch(4, '2', f32(), f32())).rejects.toThrow(/parameter 'a' is string/);
  });
  it('too few arguments', async () => {
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch(4, 1, f32())).rejects.toThrow(/too few arguments: missing 'out'/);
  });
  it('too many arguments', async () => {
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch(4, 1, f32(), f32(), f32())).rejects.toThrow(/too many arguments: got 4/);
  });
  it('a grid of more axes than meant: the message asks whether it was', async () => {
    const oneD = kernel((i: number, x: Float32Array) => {
      x[i] = 1;
    });
    // @ts-expect-error the types refuse this launch too
    await expect(oneD.launch([2, 2], f32())).rejects.toThrow(
      /too many arguments: got 1, the kernel takes 0 after the 2 grid indices \(\); a 2-D grid takes the first 2 parameters \(i, x\) as indices: is the grid meant to be 1-D\?/,
    );
  });
  it('grid rank above the index parameters', async () => {
    const one = kernel((i: number) => {
      if (i < 0) return;
    });
    // @ts-expect-error the types refuse this launch too
    await expect(one.launch([2, 2])).rejects.toThrow(
      /a 2-D grid needs 2 index parameters, but the kernel has only 1 parameter/,
    );
  });
  it('bad grid', async () => {
    await expect(k.launch(-1, 1, f32(), f32())).rejects.toThrow(/grid extents must be integers/);
    await expect(k.launch([1, 2, 3, 4], 1, f32(), f32())).rejects.toThrow(
      /the grid must be n, \[n\], \[a, b\] or \[a, b, c\], got \[1, 2, 3, 4\]/,
    );
    await expect(k.launch([], 1, f32(), f32())).rejects.toThrow(/\[a, b, c\], got \[\]/);
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch('4', 1, f32(), f32())).rejects.toThrow(/got the string "4"/);
  });
  it('unsupported typed array', async () => {
    // @ts-expect-error the types refuse this launch too
    await expect(k.launch(4, 1, new Uint8ClampedArray(4), f32())).rejects.toThrow(
      /parameter 'x' is a Uint8ClampedArray, which kernels do not accept/,
    );
  });
  it('detached buffer', async () => {
    const x = f32();
    structuredClone(x.buffer, { transfer: [x.buffer] });
    await expect(k.launch(4, 1, x, f32())).rejects.toThrow(
      /parameter 'x' is a Float32Array whose buffer is detached/,
    );
  });
});

describe('boundsCheck', () => {
  it('throws a RangeError naming the kernel, the parameter, the index and the line', async () => {
    const shift = kernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        out[i] = x[i + 1]!;
      },
      { boundsCheck: true, backend: 'js' },
    );
    const out = f32();
    const err = await caught(() => shift.launch(8, f32(), out));
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toMatch(
      /^numbat: index 8 is out of range \[0, 8\) for parameter 'x' of kernel 'shift' \(.*errors\.test\.ts:\d+\)$/,
    );
  });
});

describe('arrays too short for the grid', () => {
  it('is a RangeError before anything runs, and nothing is written', async () => {
    const copy = kernel((i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]!;
    });
    const out = new Float32Array(16).fill(-1);
    await expect(copy.launch(16, new Float32Array(10), out)).rejects.toThrow(
      /^numbat: kernel 'copy': parameter 'x' has 10 elements, but the grid indexes it with i up to 15\nkernel defined at .*errors\.test\.ts:\d+$/,
    );
    await expect(copy.launch(16, new Float32Array(10), out)).rejects.toBeInstanceOf(RangeError);
    expect(out.every((v) => v === -1)).toBe(true);
  });
  it('inspect makes the same check (review 24: it resolved where the launch would throw)', async () => {
    const copy = kernel((i: number, x: Float32Array, out: Float32Array) => {
      out[i] = x[i]!;
    });
    await expect(copy.inspect(16, new Float32Array(10), new Float32Array(16))).rejects.toThrow(
      /parameter 'x' has 10 elements, but the grid indexes it with i up to 15/,
    );
    const fine = await copy.inspect(10, new Float32Array(10), new Float32Array(16));
    expect(typeof fine.backend).toBe('string');
  });
  it('a cooperative kernel too, after its barriers, against the grid as launched (probe 25)', async () => {
    // The writes to out[6] and out[7] were dropped with no error; the grid rounded up to whole
    // workgroups is not held against the arrays (those invocations are the kernel's to guard).
    const reverse = kernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        const t = shared(Float32Array, 4);
        t[localId()] = x[i]!;
        barrier();
        out[i] = t[3 - localId()]!;
      },
      { workgroup: 4 },
    );
    const out = new Float32Array(6).fill(-1);
    await expect(reverse.launch(8, new Float32Array(8), out)).rejects.toThrow(
      /parameter 'out' has 6 elements, but the grid indexes it with i up to 7/,
    );
    expect(out.every((v) => v === -1)).toBe(true);
    const x = Float32Array.from({ length: 8 }, (_, k) => k + 1);
    const fits = new Float32Array(8);
    await reverse.launch(8, x, fits);
    expect(Array.from(fits)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
  });
  it('a guarded access is allowed', async () => {
    const guarded = kernel((i: number, x: Float32Array, out: Float32Array) => {
      if (i < x.length) out[i] = x[i]!;
    });
    const out = new Float32Array(16);
    await guarded.launch(16, new Float32Array(10).fill(3), out);
    expect(out[9]).toBe(3);
    expect(out[10]).toBe(0);
  });
});

describe('intrinsics renamed by bundlers', () => {
  const byName = !compiledOnly(
    'a function evaluated in the global scope naming renamed intrinsics (only the compiler resolves them by name; a user closure holds them)',
  );
  it.runIf(byName)(
    'random2 and f322 (esbuild renaming) and uses: { rnd: random } mean the intrinsics',
    async () => {
      const { random } = await import('../../src/index.js');
      const plain = new Float64Array(4);
      for (let i = 0; i < 4; i++) plain[i] = Math.fround(random(3, i));
      const renamed = kernel(
        new Function(
          'return (i, out) => { out[i] = f322(random2(3, i)) - f321(0); }',
        )() as Function,
        { backend: 'js' },
      );
      const viaUses = kernel(
        new Function('return (i, out) => { out[i] = Math.fround(rnd(3, i)); }')() as Function,
        { backend: 'js', uses: { rnd: random } },
      );
      for (const k of [renamed, viaUses]) {
        const out = new Float64Array(4);
        await k.launch(4, out);
        expect(Array.from(out)).toEqual(Array.from(plain));
      }
    },
  );
});
