// overlap.test.ts — an output in an input's memory behaves the same on every backend: scan
// takes x itself as `out` (in place) and refuses any other overlap; histogram refuses `out`
// in x's or weights' memory; argsort refuses `out` in keys; each refusal is a TypeError naming
// the primitive, `out` and the input, before anything is written. copy between overlapping
// src and dst is defined: as if src were read in full first. Against plain-JS references.

import { expect, it } from 'vitest';
import ndarray from 'ndarray';
import { toDevice } from '../../src/index.js';
import { argsort, copy, histogram, scan } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import { refScan, rng } from './reference.js';

/** Small integers as floats: every sum below is exact, whatever the order. */
function ints(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(r() * 16) - 8);
}

describeEachBackend('outputs overlapping inputs', (backend) => {
  it('scan: out = x scans in place; a partly overlapping out is refused, nothing written', async () => {
    // 10 elements, and 40000 (more than one block; the size the default backend leaves js at).
    for (const n of [10, 40000]) {
      const buf = ints(n + 2, n);
      const before = buf.slice();
      for (const shift of [2, -2]) {
        const x = shift > 0 ? buf.subarray(0, n) : buf.subarray(2, n + 2);
        const out = shift > 0 ? buf.subarray(2, n + 2) : buf.subarray(0, n);
        await expect(scan(x, 'sum', { out, backend })).rejects.toThrow(
          /numbat: scan: 'out' shares memory with 'x'/,
        );
        await expect(scan(x, 'sum', { out, backend })).rejects.toThrow(TypeError);
        expect(Array.from(buf), `n=${n} shift ${shift}`).toEqual(Array.from(before));
      }
      // An ndarray over the same data, offset by one element.
      await expect(
        scan(ndarray(buf, [n]), 'max', { out: ndarray(buf, [n], [1], 1), backend }),
      ).rejects.toThrow(/'out' shares memory with 'x'/);
      expect(Array.from(buf)).toEqual(Array.from(before));
      // The same elements through another view object: in place, as out = x.
      for (const exclusive of [false, true]) {
        const y = buf.slice(0, n);
        const want = refScan(y.slice(), 'sum', exclusive, 0);
        const view = new Float32Array(y.buffer, 0, n);
        const got = await scan(y, 'sum', { out: view, exclusive, backend });
        expect(got).toBe(view);
        expect(Array.from(y), `n=${n} exclusive ${exclusive}`).toEqual(Array.from(want));
      }
    }
    // A resident array scanned in place.
    const h = ints(300, 5);
    const d = await toDevice(h, backend);
    expect(await scan(d, 'sum', { out: d })).toBe(d);
    expect(Array.from(await d.toHost())).toEqual(Array.from(refScan(h, 'sum', false)));
    d.dispose();
  });

  it('histogram: out in the memory of x or weights is refused, nothing written', async () => {
    const words = new Uint32Array(16).fill(3);
    const before = words.slice();
    const x = new Float32Array(words.buffer, 0, 8); // tiny positive subnormals, bits 3
    await expect(
      histogram(x, 4, { out: words.subarray(0, 4), range: [0, 1], backend }),
    ).rejects.toThrow(/numbat: histogram: 'out' shares memory with 'x'/);
    await expect(
      histogram(x, 8, { out: new Uint32Array(words.buffer, 0, 8), range: [0, 1], backend }),
    ).rejects.toThrow(TypeError);
    expect(Array.from(words)).toEqual(Array.from(before));
    const w = Float32Array.from({ length: 8 }, (_, i) => i + 1);
    const wBefore = w.slice();
    await expect(
      histogram(Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7), 8, {
        weights: w,
        out: w,
        range: [0, 8],
        backend,
      }),
    ).rejects.toThrow(/'out' shares memory with 'weights'/);
    expect(Array.from(w)).toEqual(Array.from(wBefore));
  });

  it('argsort: out in the memory of keys is refused, nothing written', async () => {
    const keys = Uint32Array.of(5, 1, 4, 2, 3, 0);
    await expect(argsort(keys, { out: keys, backend })).rejects.toThrow(
      /argsort: 'out' shares memory with 'keys'/,
    );
    expect(Array.from(keys)).toEqual([5, 1, 4, 2, 3, 0]);
  });

  it('copy: overlapping src and dst copy as if src were read first', async () => {
    for (const [from, to] of [
      [0, 2],
      [2, 0],
    ] as const) {
      const buf = Float32Array.from({ length: 12 }, (_, i) => i + 1);
      const want = Array.from(buf);
      const src = buf.slice(from, from + 10);
      for (let i = 0; i < 10; i++) want[to + i] = src[i]!;
      const dst = buf.subarray(to, to + 10);
      expect(await copy(buf.subarray(from, from + 10), dst, { backend })).toBe(dst);
      expect(Array.from(buf), `${from} → ${to}`).toEqual(want);
    }
    // A square matrix transposed in place.
    const m = Float32Array.from({ length: 9 }, (_, i) => i);
    const a = ndarray(m, [3, 3]);
    const want = [0, 3, 6, 1, 4, 7, 2, 5, 8];
    await copy(a.transpose(1, 0), ndarray(m, [3, 3]), { backend });
    expect(Array.from(m)).toEqual(want);
    // The same elements: nothing changes.
    const s = Float32Array.of(1, 2, 3);
    await copy(s, new Float32Array(s.buffer), { backend });
    expect(Array.from(s)).toEqual([1, 2, 3]);
    // A resident array copied onto a shifted view of itself is not expressible (NDArrays
    // never share storage), so resident arrays copy as before.
    const d = await toDevice(Float32Array.of(1, 2, 3), backend);
    await copy(d, d);
    expect(Array.from(await d.toHost())).toEqual([1, 2, 3]);
    d.dispose();
  });
});

it('overlap rules hold on the default backend too', async () => {
  const buf = ints(40002, 9);
  await expect(
    scan(buf.subarray(0, 40000), 'sum', { out: buf.subarray(2, 40002) }),
  ).rejects.toThrow(/'out' shares memory with 'x'/);
});
