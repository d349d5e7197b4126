// races.test.ts — the one place a cooperative kernel is not specified (README, Cooperative
// kernels): an element one invocation writes and another reads between two barriers. The
// reference executor, js and workers run the invocations one after another in localId
// order from barrier to barrier, wasm may run a few at a time, and a GPU in any order.
// With a barrier between the write and the read every backend agrees.

import { expect, it } from 'vitest';
import { barrier, kernel, localId, shared } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { withoutJit } from './check.js';

const P = 16;

/** Each invocation writes tile[l] = l + 1, then reads its neighbour's element. */
const racy = (i: number, out: Float32Array): void => {
  const tile = shared(Float32Array, 16);
  const l = localId();
  tile[l] = l + 1;
  out[i] = tile[(l + 1) % 16]!;
};
const separated = (i: number, out: Float32Array): void => {
  const tile = shared(Float32Array, 16);
  const l = localId();
  tile[l] = l + 1;
  barrier();
  out[i] = tile[(l + 1) % 16]!;
};

/** What a barrier gives: every write lands before any read. */
const lockstep = Array.from({ length: P }, (_, l) => ((l + 1) % P) + 1);
/** What one invocation after another gives: only invocation P − 1 sees a written element. */
const sequential = Array.from({ length: P }, (_, l) => (l === P - 1 ? 1 : 0));

async function run(fn: typeof racy, backend: string | 'reference'): Promise<number[]> {
  const options = {
    workgroup: P,
    ...(backend === 'reference' ? {} : { backend: backend as 'js' }),
  };
  const k = backend === 'reference' ? withoutJit(() => kernel(fn, options)) : kernel(fn, options);
  const out = new Float32Array(P);
  await k.launch(P, out);
  return [...out];
}

it('the reference executor runs the invocations one after another to the next barrier', async () => {
  expect(await run(separated, 'reference')).toEqual(lockstep);
  expect(await run(racy, 'reference')).toEqual(sequential);
});

describeEachBackend('a shared-memory race between barriers', (backend) => {
  it('separated by a barrier, it has one answer everywhere', async () => {
    expect(await run(separated, backend)).toEqual(lockstep);
  });
  it('unseparated, each read sees the element either written or not yet', async () => {
    const got = await run(racy, backend);
    got.forEach((v, l) => expect([0, lockstep[l]]).toContain(v));
    // js and workers run the invocations in order, as the reference does; a GPU (and
    // wasm, several invocations at once) need not, which is why races are unspecified.
    if (backend === 'js' || backend === 'workers') expect(got).toEqual(sequential);
  });
});
