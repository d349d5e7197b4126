// bounds-check-local.test.ts — `boundsCheck: true` covers local and shared arrays too, on
// every backend: an out-of-range access is a RangeError naming the array and its length
// (js and workers let it pass before; probe 9: it called a local array a parameter), an
// in-range one runs.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { barrier, kernel, localId, shared } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const local = kernel(
  (i: number, o: Float32Array, k: number) => {
    const a = new Float32Array(2);
    a[k] = 1;
    o[i] = a[0]! + a[1]!;
  },
  { boundsCheck: true },
);

const tile = kernel(
  (i: number, o: Float32Array, k: number) => {
    const t = shared(Float32Array, 4);
    t[localId()] = i;
    barrier();
    o[i] = t[k]!;
  },
  { workgroup: 4, boundsCheck: true, uses: { barrier, localId, shared } },
);

describeEachBackend('boundsCheck on local and shared arrays', (backend) => {
  if (compiledOnly(`boundsCheck on the arrays a kernel makes itself (on ${backend})`))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  it('a local array: index 3 of 2 is a RangeError, index 1 runs', async () => {
    await expect(local.with({ backend }).launch(4, new Float32Array(4), 3)).rejects.toThrow(
      /index 3 is out of range \[0, 2\) for local array 'a'/,
    );
    const o = new Float32Array(4);
    await local.with({ backend }).launch(4, o, 1);
    expect(Array.from(o)).toEqual([1, 1, 1, 1]);
  });

  it('a shared array: index 5 of 4 is a RangeError, index 2 runs', async () => {
    await expect(tile.with({ backend }).launch(4, new Float32Array(4), 5)).rejects.toThrow(
      /index 5 is out of range \[0, 4\) for shared array 't'/,
    );
    const o = new Float32Array(4);
    await tile.with({ backend }).launch(4, o, 2);
    expect(Array.from(o)).toEqual([2, 2, 2, 2]);
  });
});
