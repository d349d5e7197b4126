// wasmPhases.test.ts — on wasm, inspect says per phase of a cooperative kernel whether it
// was vectorised across invocations, and why not; and the vectorised phases give the same
// answers as the scalar ones on workgroups whose invocation counts are not multiples of
// the vector width (the corpus checks the answers themselves against references).

import { expect, it } from 'vitest';
import { describeEachBackend } from '../harness/eachBackend.js';
import { atomicAdd, barrier, groupId, kernel, localId, shared } from '../../src/index.js';
import { cooperativeCorpus } from './corpus.js';

describeEachBackend('wasm phases of cooperative kernels', () => {
  it('notes every phase of the workgroup sum as vectorised', async () => {
    const blockSum = kernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        const tile = shared(Float32Array, 256);
        const l = localId();
        tile[l] = i < x.length ? x[i]! : 0;
        barrier();
        for (let s = 128; s > 0; s >>= 1) {
          if (l < s) tile[l] += tile[l + s]!;
          barrier();
        }
        if (l === 0) out[groupId()] = tile[0]!;
      },
      { workgroup: 256, backend: 'wasm' },
    );
    const x = new Float32Array(512).fill(1);
    const info = await blockSum.inspect(512, x, new Float32Array(2));
    const phases = info.notes.filter((n) => n.startsWith('phase '));
    expect(phases).toEqual(
      [1, 2, 3].map((k) => `phase ${k}: vectorised, 4 invocations per vector`),
    );
  });

  it('keeps a phase with atomics scalar, and says so, vectorising the others', async () => {
    const counts = kernel(
      (i: number, x: Int32Array, out: Int32Array) => {
        const bins = shared(Int32Array, 4);
        const l = localId();
        if (i < x.length) atomicAdd(bins, x[i]! & 3, 1);
        barrier();
        if (l < 4) out[groupId() * 4 + l] = bins[l]! * 10 + l;
      },
      { workgroup: 13, backend: 'wasm' },
    );
    const x = Int32Array.from({ length: 30 }, (_, k) => (k * 7) % 11);
    const out = new Int32Array(12);
    const info = await counts.inspect(30, x, out);
    expect(info.notes.filter((n) => n.startsWith('phase '))).toEqual([
      'phase 1: not vectorised: atomics',
      'phase 2: vectorised, 4 invocations per vector',
    ]);
    await counts.launch(30, x, out);
    const want = new Int32Array(12);
    for (let g = 0; g < 3; g++) {
      const bins = [0, 0, 0, 0];
      for (let l = 0; l < 13; l++) if (g * 13 + l < 30) bins[x[g * 13 + l]! & 3]!++;
      for (let l = 0; l < 4; l++) want[g * 4 + l] = bins[l]! * 10 + l;
    }
    expect(Array.from(out)).toEqual(Array.from(want));
  });

  it('vectorises the phases of every corpus kernel without atomics', async () => {
    for (const entry of cooperativeCorpus) {
      const k = kernel(entry.fn, { workgroup: entry.workgroup as number, backend: 'wasm' });
      const info = await k.inspect(entry.grid as number, ...(entry.makeArgs() as []));
      for (const note of info.notes.filter((n) => n.startsWith('phase ')))
        expect(note, entry.name).toMatch(/vectorised, 4 invocations|not vectorised: atomics/);
    }
  });
}, ['wasm']);
