// interp.test.ts — the IR reference executor (src/jit/ir/interp.ts) agrees with the plain
// function on the whole differential corpus, and runs workgroups in lockstep.

import { describe, expect, it } from 'vitest';
import { corpus } from '../corpus/index.js';
import { defineKernel } from '../../src/runtime/definition.js';
import { specialise } from '../../src/jit/pipeline.js';
import { makeSignature } from '../../src/jit/types/signature.js';
import { aliasOf, describeArg, launchArgsOf } from '../../src/runtime/arguments.js';
import { interpret } from '../../src/jit/ir/interp.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';
import type { TypedArray } from '../../src/jit/types/dtype.js';
import { diffRuns } from '../harness/compare.js';
import { gridExtents, runPlain } from '../harness/plain.js';

describe('the IR executor agrees with the plain function', () => {
  for (const entry of corpus) {
    it(entry.name, () => {
      const args = entry.makeArgs();
      const grid = gridExtents(entry.grid);
      const def = defineKernel(
        entry.fn,
        { ...(entry.options ?? {}), name: entry.name } as Parameters<typeof defineKernel>[1],
        undefined,
      );
      const params = def.kernel.ast.params;
      const sigs = args.map((a, k) => {
        const sig = describeArg(a, params[grid.length + k]!.name, entry.name);
        if (sig.kind !== 'typed' && sig.kind !== 'strided') return sig;
        const of = aliasOf(args, k);
        return of >= 0 ? { kind: 'alias' as const, of } : sig;
      });
      const ir = specialise(def, makeSignature(grid.length, sigs));
      const total = grid.reduce((a, b) => a * b, 1);
      const launch = launchArgsOf(ir, grid, total, args);
      const buffers = launch.buffers.map((b) =>
        b.kind === 'host' ? b.data : (b.storage.hostView!() as TypedArray),
      );
      const value = interpret(ir, { buffers, scalars: launch.scalars, grid });
      const problems = diffRuns(entry, runPlain(entry), { args, value, terms: [] }, 'interp');
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});

describe('workgroups run in lockstep', () => {
  // A hand-built workgroup kernel: each invocation writes its id to shared memory, meets
  // the others at a barrier, then reads its neighbour's — only right in lockstep.
  const ir: IrKernel = {
    name: 'rotate',
    indexNames: ['i'],
    geometry: { kind: 'workgroup', size: [4] },
    buffers: [{ name: 'out', dtype: 'i32', read: false, written: true, argIndex: 0 }],
    scalars: [],
    localArrays: [{ name: 'tile', dtype: 'i32', length: 4, scope: 'workgroup' }],
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: false },
    body: [
      {
        k: 'let',
        name: 'l',
        t: 'i32',
        init: {
          k: 'bin',
          t: 'i32',
          op: '&',
          a: { k: 'local', t: 'i32', name: 'i' },
          b: { k: 'const', t: 'i32', v: 3 },
        },
      },
      {
        k: 'store',
        arr: { kind: 'local', index: 0 },
        index: { k: 'local', t: 'i32', name: 'l' },
        value: {
          k: 'bin',
          t: 'i32',
          op: '*',
          a: { k: 'local', t: 'i32', name: 'i' },
          b: { k: 'const', t: 'i32', v: 10 },
        },
        span: { start: 0, end: 0 },
      },
      { k: 'barrier', span: { start: 0, end: 0 } },
      {
        k: 'store',
        arr: { kind: 'buffer', index: 0 },
        index: { k: 'local', t: 'i32', name: 'i' },
        value: {
          k: 'load',
          t: 'i32',
          arr: { kind: 'local', index: 0 },
          index: {
            k: 'bin',
            t: 'i32',
            op: '&',
            a: {
              k: 'bin',
              t: 'i32',
              op: '+',
              a: { k: 'local', t: 'i32', name: 'l' },
              b: { k: 'const', t: 'i32', v: 1 },
            },
            b: { k: 'const', t: 'i32', v: 3 },
          },
          span: { start: 0, end: 0 },
        },
        span: { start: 0, end: 0 },
      },
    ],
  };
  it('reads the neighbour written before the barrier, per workgroup, over a ragged grid', () => {
    const out = new Int32Array(8);
    interpret(ir, { buffers: [out], scalars: [], grid: [7] }); // rounded up to 2 workgroups of 4
    expect(Array.from(out)).toEqual([10, 20, 30, 0, 50, 60, 70, 40]);
  });
});
