// Misused cooperative kernels: each a located KernelError (at kernel() or at the first
// launch), never a hang or a wrong answer — a barrier some invocations skip cannot be
// expressed.

import { describe, expect, it } from 'vitest';
import {
  atomicAdd,
  barrier,
  groupId,
  kernel,
  KernelError,
  localId,
  shared,
  workgroupUniformLoad,
} from '../../src/index.js';

interface Case {
  name: string;
  run: () => unknown;
  code: string;
  /** A part of the message. */
  detail: string | RegExp;
  /** The source text under the caret. */
  caret: string;
  /** A part of the hint. */
  hint?: string;
}

const f32 = () => new Float32Array(8);

const cases: Case[] = [
  {
    name: 'localId() without the workgroup option',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = localId();
      }),
    code: 'E_WORKGROUP',
    detail: 'localId() needs the workgroup option: it belongs to cooperative kernels',
    caret: 'localId()',
    hint: 'workgroup: 256',
  },
  {
    name: 'barrier() without the workgroup option',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        x[i] = 1;
        barrier();
      }),
    code: 'E_WORKGROUP',
    detail: 'barrier() needs the workgroup option: it belongs to cooperative kernels',
    caret: 'barrier()',
  },
  {
    name: 'shared() without the workgroup option',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const t = shared(Float32Array, 8);
        x[i] = t[0]!;
      }),
    code: 'E_WORKGROUP',
    detail: 'shared() needs the workgroup option: it belongs to cooperative kernels',
    caret: 'shared(Float32Array, 8)',
  },
  {
    name: 'a workgroup of more than 256 invocations',
    run: () =>
      kernel(
        (i: number, j: number, x: Float32Array) => {
          x[i] = j;
        },
        { workgroup: [32, 16] },
      ),
    code: 'E_WORKGROUP',
    detail: /has 512 invocations; at most 256/,
    caret: 'i, j, x',
  },
  {
    name: 'a workgroup extent that is not a whole number',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = 1;
        },
        { workgroup: 0 },
      ),
    code: 'E_WORKGROUP',
    detail: /extents must be whole numbers of at least 1/,
    caret: 'i, x',
  },
  {
    name: 'a shared length that is not a constant',
    run: () =>
      kernel(
        (i: number, x: Float32Array, n: number) => {
          const t = shared(Float32Array, n);
          x[i] = t[0]!;
        },
        { workgroup: 64 },
      ),
    code: 'E_LOCAL_ARRAY',
    detail: 'shared() needs a constant length of at least 1',
    caret: 'n',
  },
  {
    name: 'a shared array of an unsupported type',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const t = shared(Int8Array as unknown as Int32ArrayConstructor, 8);
          x[i] = t[0]!;
        },
        { workgroup: 64 },
      ),
    code: 'E_TYPE',
    detail: /first argument of shared\(\) must be Float32Array/,
    caret: 'Int8Array',
  },
  {
    name: 'more shared memory than a workgroup has',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const a = shared(Float32Array, 3000);
          const b = shared(Float32Array, 2000);
          x[i] = a[0]! + b[0]!;
        },
        { workgroup: 64 },
      ),
    code: 'E_LOCAL_ARRAY',
    detail: "the kernel's shared arrays need 20000 bytes; a workgroup has 16384",
    caret: 'shared(Float32Array, 2',
  },
  {
    name: 'shared() used as a value',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = shared(Float32Array, 4)[0]!;
        },
        { workgroup: 64 },
      ),
    code: 'E_UNSUPPORTED',
    detail: 'shared() can only initialise a `const`',
    caret: 'shared(Float32Array, 4)',
  },
  {
    name: 'barrier() used as a value',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const b = barrier();
          x[i] = b as unknown as number;
        },
        { workgroup: 64 },
      ),
    code: 'E_VOID',
    detail: 'barrier() returns no value: call it as a statement',
    caret: 'barrier()',
  },
  {
    name: 'a cooperative reduce kernel',
    run: () => kernel((i: number, x: Float32Array) => x[i]!, { workgroup: 64, reduce: 'sum' }),
    code: 'E_WORKGROUP',
    detail: 'a cooperative kernel (the workgroup option) cannot also have the reduce option',
    caret: '(i, x) => x[i]',
  },
  {
    name: 'barrier() in a uses helper',
    run: () => {
      const sync = (): void => {
        barrier();
      };
      return kernel(
        (i: number, x: Float32Array) => {
          x[i] = 1;
          sync();
        },
        { workgroup: 64, uses: { sync } },
      );
    },
    code: 'E_UNSUPPORTED',
    detail: 'barrier() can only be called in the kernel itself, not in a `uses` helper',
    caret: 'barrier()',
  },
  {
    name: 'barrier() under a condition on localId()',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const l = localId();
          if (l < 4) {
            x[i] = 1;
            barrier();
          }
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_BARRIER',
    detail: 'barrier() is reached in non-uniform control flow: inside `if (l < 4)`',
    caret: 'barrier()',
    hint: '`l < 4` depends on `l`, which depends on localId()',
  },
  {
    name: 'barrier() in a loop whose condition reads an array',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          for (let k = 0; k < x[i]!; k++) barrier();
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_BARRIER',
    detail: 'barrier() is reached in non-uniform control flow: inside the loop on `k < x[i]`',
    caret: 'barrier()',
    hint: 'depends on an array element (x[…])',
  },
  {
    name: 'barrier() after a return only some invocations take',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          if (i >= x.length) return;
          x[i] = 1;
          barrier();
        },
        { workgroup: 64 },
      ).launch(100, new Float32Array(100)),
    code: 'E_BARRIER',
    detail: /after a `return` that only some invocations take/,
    caret: 'barrier()',
  },
  {
    name: 'barrier() in a loop some invocations leave early',
    run: () =>
      kernel(
        (i: number, x: Float32Array, n: number) => {
          for (let k = 0; k < n; k++) {
            if (x[i]! > k) break;
            barrier();
          }
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64), 4),
    code: 'E_BARRIER',
    detail: /non-uniform control flow/,
    caret: 'barrier()',
  },
  {
    name: 'barrier() under a variable that holds a grid index',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const odd = (i & 1) === 1;
          if (odd) barrier();
          x[i] = 1;
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_BARRIER',
    detail: 'barrier() is reached in non-uniform control flow: inside `if (odd)`',
    caret: 'barrier()',
    hint: 'the grid index `i`',
  },
  {
    name: 'a workgroup of another rank than the grid',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = groupId();
        },
        { workgroup: [8, 8] },
      ).launch(64, f32()),
    code: 'E_WORKGROUP',
    detail: 'the workgroup has 2 dimensions ([8,8]) but the grid has 1',
    caret: 'i',
  },
  {
    name: 'localId() of an axis the workgroup does not have',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = localId(1);
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_WORKGROUP',
    detail: /the axis of localId\(\) must be a constant from 0 to 0/,
    caret: '1',
  },
  {
    name: 'workgroupUniformLoad() at an index that differs between invocations',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const t = shared(Float32Array, 64);
          t[localId()] = x[i]!;
          x[i] = workgroupUniformLoad(t, localId());
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_BARRIER',
    detail:
      'the index of workgroupUniformLoad() must be the same in every invocation; it depends on localId()',
    caret: 'workgroupUniformLoad(t, localId())',
    hint: 'a constant, groupId()',
  },
  {
    name: 'workgroupUniformLoad() in non-uniform control flow',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          const t = shared(Float32Array, 1);
          if (x[i]! > 0) x[i] = workgroupUniformLoad(t, 0);
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_BARRIER',
    detail: 'workgroupUniformLoad() is reached in non-uniform control flow: inside `if (x[i] > 0)`',
    caret: 'workgroupUniformLoad(t, 0)',
    hint: 'every invocation of a workgroup must reach each workgroupUniformLoad()',
  },
  {
    name: 'workgroupUniformLoad() of a parameter array',
    run: () =>
      kernel(
        (i: number, x: Float32Array) => {
          x[i] = workgroupUniformLoad(x, 0);
        },
        { workgroup: 64 },
      ).launch(64, new Float32Array(64)),
    code: 'E_TYPE',
    detail: 'the first argument of workgroupUniformLoad must be a shared() array',
    caret: 'x',
    hint: 'shared(Int32Array, 1)',
  },
  {
    name: 'workgroupUniformLoad() of a shared array that atomics use',
    run: () =>
      kernel(
        (i: number, x: Int32Array) => {
          const t = shared(Int32Array, 1);
          atomicAdd(t, 0, 1);
          x[i] = workgroupUniformLoad(t, 0);
        },
        { workgroup: 64 },
      ).launch(64, new Int32Array(64)),
    code: 'E_TYPE',
    detail: 'workgroupUniformLoad() reads a shared array that atomics also use',
    caret: 'workgroupUniformLoad(t, 0)',
    hint: 'copy the value into a second shared array first',
  },
  {
    name: 'workgroupUniformLoad() without the workgroup option',
    run: () =>
      kernel((i: number, x: Float32Array) => {
        const t = new Float32Array(1);
        x[i] = workgroupUniformLoad(t, 0);
      }),
    code: 'E_WORKGROUP',
    detail: 'workgroupUniformLoad() needs the workgroup option: it belongs to cooperative kernels',
    caret: 'workgroupUniformLoad(t, 0)',
  },
  {
    name: 'a barrier in a loop that some invocations continue (probe 10)',
    run: () =>
      kernel(
        (i: number, x: Int32Array) => {
          const t = shared(Int32Array, 4);
          const l = localId();
          let acc = 0;
          for (let r = 0; r < 2; r++) {
            barrier();
            if (t[r]! > l) continue;
            acc += 50;
          }
          x[i] = acc;
        },
        { workgroup: 4 },
      ).launch(4, new Int32Array(4)),
    code: 'E_BARRIER',
    detail: 'barrier() is reached in non-uniform control flow: inside the loop on `r < 2`',
    caret: 'barrier()',
    hint: 'a loop with barriers that some invocations continue early',
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

describe('cooperative kernels: misuse is a located KernelError', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const e = await caught(c.run);
      expect(e, 'expected a KernelError').toBeInstanceOf(KernelError);
      const err = e as KernelError;
      if (typeof c.detail === 'string') expect(err.detail).toBe(c.detail);
      else expect(err.detail).toMatch(c.detail);
      expect(err.code).toBe(c.code);
      const lines = err.message.split('\n');
      const caretLine = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
      expect(caretLine, err.message).toBeGreaterThan(0);
      const srcLine = lines[caretLine - 1]!;
      const start = lines[caretLine]!.indexOf('^');
      // The text vitest ran: imports rewritten to `(0, __vite_ssr_import_N__.name)`, types gone.
      const underlined = srcLine
        .slice(start, start + lines[caretLine]!.trim().length)
        .replace(/\(0,\s*__vite_ssr_import_\d+__\.(\w+)\)/g, '$1');
      const matches = c.caret.startsWith(underlined) || underlined.startsWith(c.caret);
      expect(matches, `caret under «${underlined}»`).toBe(true);
      expect(underlined.length).toBeGreaterThan(0);
      expect(err.message).toContain('errors.test.ts:');
      if (c.hint) expect(err.message).toContain(c.hint);
    });
  }
});
