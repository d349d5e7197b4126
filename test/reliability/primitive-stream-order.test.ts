// primitive-stream-order.test.ts — a primitive call is one step of the stream (probe 9,
// finding 1): a launch, toHost, dispose or another primitive issued right after it, not
// awaited in between, takes effect after it, as after a launch. Before, a primitive issued
// its passes only after awaits of its own, so what was issued next overtook it: a copy
// launched after `scan(x, 'sum', { out: x })` read the unscanned x, a launch that changed
// d after `histogram(d)` changed what the histogram counted, `toHost` after a scan read
// the old data, and `dispose` after a sort made the sort fail. Expected values: the same
// steps awaited one by one.

import { expect, it } from 'vitest';
import { kernel, NDArray, toDevice } from '../../src/index.js';
import { fillRandom, histogram, matmul, reduce, scan, sort } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const copy = kernel((i: number, x: Float32Array, y: Float32Array) => {
  y[i] = x[i]!;
});
const add10 = kernel((i: number, x: Float32Array) => {
  x[i] = x[i]! + 10;
});
const DATA = [3, 1, 4, 1, 5, 9, 2, 6];

describeEachBackend('a primitive in the stream', (backend) => {
  const device = () => toDevice(Float32Array.from(DATA), backend);
  const cp = copy.with({ backend });

  it('a launch issued after scan/sort/fillRandom into x sees their result', async () => {
    const steps: [string, (x: NDArray) => Promise<unknown>][] = [
      ['scan', (x) => scan(x, 'sum', { out: x })],
      ['sort', (x) => sort(x, { out: x })],
      ['fillRandom', (x) => fillRandom(x, 7)],
    ];
    for (const [name, step] of steps) {
      const ref = await device();
      await step(ref);
      const want = new Float32Array(8);
      await cp.launch(8, ref, want);
      const x = await device();
      const y = new Float32Array(8);
      await Promise.all([step(x), cp.launch(8, x, y)]);
      expect(Array.from(y), name).toEqual(Array.from(want));
    }
  });

  it('a launch issued after histogram/reduce does not change what they read', async () => {
    const d = await toDevice(Float32Array.of(0.5, 1.5, 2.5, 3.5), backend);
    const counts = histogram(d, 4, { range: [0, 4] });
    const total = reduce(d, 'sum');
    void add10.with({ backend }).launch(4, d);
    // A resident input gives a resident result (issued after add10: it reads the counts).
    const got = await counts;
    const host = got instanceof NDArray ? await got.toHost() : got;
    expect(Array.from(host as Uint32Array)).toEqual([1, 1, 1, 1]);
    expect(await total).toBe(8);
  });

  it('toHost after a scan reads its result; dispose after a sort waits for it', async () => {
    const d = await device();
    void scan(d, 'sum', { out: d });
    expect(Array.from((await d.toHost()) as Float32Array)).toEqual([3, 4, 8, 9, 14, 23, 25, 31]);
    const e = await device();
    const sorted = sort(e, { out: e });
    e.dispose();
    await expect(sorted).resolves.toBe(e);
  });

  it('a launch issued after matmul.launch sees the product', async () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    const c = new Float32Array(4);
    const y = new Float32Array(4);
    await Promise.all([matmul.with({ backend }).launch([2, 2], a, b, c, 2, 2), cp.launch(4, c, y)]);
    expect(Array.from(y)).toEqual([19, 22, 43, 50]);
  });
});
