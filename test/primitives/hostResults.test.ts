// hostResults.test.ts — new host results of more than 4 MiB on the heap backends: the array a
// result is read into is allocated ahead and its pages touched while the kernels run
// (arrays.ts, Work.expectHostResult). Each result must still hold exactly the primitive's
// answer, including where two results share a dtype and length (keys and u32 values) and
// either pre-touched array may take either.

import { expect, it } from 'vitest';
import { argsort, scan, sort } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { firstDifference, rng } from './reference.js';

/** Above the 4 MiB from which results are allocated ahead, as u32 or f32. */
const N = 1_200_000;

describeEachBackend(
  'new host results allocated ahead',
  (backend) => {
    it('sort, key–value sort with u32 values, argsort and scan, against plain references', async () => {
      const random = rng(77);
      const keys = new Uint32Array(N);
      for (let i = 0; i < N; i++) keys[i] = Math.floor(random() * 2 ** 32) >>> 0;
      const keysBefore = keys.slice();

      const sorted = await sort(keys, { backend });
      expect(firstDifference(sorted, keysBefore.slice().sort())).toBeNull();
      expect(firstDifference(keys, keysBefore)).toBeNull();

      // Values: the original positions, so the stable order is the reference argsort.
      const values = Uint32Array.from({ length: N }, (_, i) => i);
      const pairs = (await sort(keys, { values, backend })) as {
        keys: Uint32Array;
        values: Uint32Array;
      };
      const order = Uint32Array.from({ length: N }, (_, i) => i).sort(
        (a, b) => keys[a]! - keys[b]! || a - b,
      );
      expect(firstDifference(pairs.keys, sorted)).toBeNull();
      expect(firstDifference(pairs.values, order)).toBeNull();

      // A permutation of 0 … N−1 as f32 keys (exact): key i sits at perm[i].
      const perm = Float32Array.from({ length: N }, (_, i) => i);
      for (let i = N - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const where = (await argsort(perm, { backend })) as Uint32Array;
      const want = new Uint32Array(N);
      for (let i = 0; i < N; i++) want[perm[i]!] = i;
      expect(firstDifference(where, want)).toBeNull();

      // Small integers: every partial sum is exact in f32, whatever the association order.
      const x = Float32Array.from({ length: N }, () => Math.floor(random() * 3) - 1);
      const scanned = await scan(x, 'sum', { backend });
      const ref = new Float32Array(N);
      let acc = 0;
      for (let i = 0; i < N; i++) ref[i] = acc += x[i]!;
      expect(firstDifference(scanned, ref)).toBeNull();
    }, 60_000);
  },
  ['workers', 'wasm'],
);
