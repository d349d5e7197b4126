// check.ts — runs one cooperative corpus entry (on a backend, or on the reference executor
// under NUMBAT_DISABLE_JIT=1 in Node) and holds every output to its expected answer.

import { expect } from 'vitest';
import { kernel } from '../../src/index.js';
import type { CooperativeEntry } from './corpus.js';

type Data = Float32Array | Float64Array | Int32Array | Uint32Array;

/** Runs `entry` (on `backend`, or the reference executor) and checks every output. */
export async function check(entry: CooperativeEntry, backend: string | 'reference'): Promise<void> {
  const options = {
    workgroup: entry.workgroup as number,
    ...(backend === 'reference' ? {} : { backend: backend as 'js' }),
  };
  const k =
    backend === 'reference'
      ? withoutJit(() => kernel(entry.fn, options))
      : kernel(entry.fn, options);
  const args = entry.makeArgs();
  const want = entry.expected(args);
  await k.launch(entry.grid as number, ...args);
  entry.outputs.forEach((position, o) => {
    const got = args[position] as Data;
    const expected = want[o]!;
    expect(got.length).toBe(expected.length);
    const tolerance = entry.tolerance ?? 0;
    for (let j = 0; j < got.length; j++) {
      const g = got[j]!;
      const e = expected[j]!;
      const ok = Object.is(g, e) || Math.abs(g - e) <= tolerance * Math.max(1, Math.abs(e));
      if (!ok) expect.fail(`${entry.name}: output ${position}[${j}] is ${g}, expected ${e}`);
    }
  });
}

/** Runs `make` with NUMBAT_DISABLE_JIT=1 (read when a kernel is made), in Node only. */
export function withoutJit<T>(make: () => T): T {
  const previous = process.env['NUMBAT_DISABLE_JIT'];
  process.env['NUMBAT_DISABLE_JIT'] = '1';
  try {
    return make();
  } finally {
    if (previous === undefined) delete process.env['NUMBAT_DISABLE_JIT'];
    else process.env['NUMBAT_DISABLE_JIT'] = previous;
  }
}
