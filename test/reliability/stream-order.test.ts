// stream-order.test.ts — launches, toDevice, toHost and dispose take effect in the order
// they were issued, whatever each has to compile or wait for (issue 10, item 1). Before
// the stream, a launch of a warm kernel overtook an earlier launch of a cold one.

import { expect, it } from 'vitest';
import { kernel, toDevice, zeros } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('launch order', (backend) => {
  it('a warm launch waits for an earlier launch that is still compiling', async () => {
    const dbl = kernel(
      (i: number, x: Float32Array, y: Float32Array) => {
        y[i] = 2 * x[i]!;
      },
      { backend },
    );
    const inc = kernel(
      (i: number, x: Float32Array, y: Float32Array) => {
        y[i] = x[i]! + 1;
      },
      { backend },
    );
    const w = new Float32Array(4);
    await dbl.launch(4, w, w); // dbl is warm, inc is cold
    const a = Float32Array.of(1, 2, 3, 4),
      b = new Float32Array(4),
      c = new Float32Array(4);
    void inc.launch(4, a, b);
    await dbl.launch(4, b, c);
    expect(Array.from(c)).toEqual([4, 6, 8, 10]);
  });

  it('unawaited alternating launches of two cold kernels apply in order', async () => {
    const add = kernel(
      (i: number, x: Float64Array) => {
        x[i] = x[i]! + 1;
      },
      { backend: backend === 'webgpu' ? 'js' : backend },
    );
    const twice = kernel(
      (i: number, x: Float64Array) => {
        x[i] = x[i]! * 2;
      },
      { backend: backend === 'webgpu' ? 'js' : backend },
    );
    const x = new Float64Array(1);
    const pending: Promise<unknown>[] = [];
    for (let r = 0; r < 10; r++) pending.push(add.launch(1, x), twice.launch(1, x));
    await Promise.all(pending);
    let expected = 0;
    for (let r = 0; r < 10; r++) expected = (expected + 1) * 2;
    expect(x[0]).toBe(expected);
  });

  it('toHost, toDevice and dispose wait for the launches issued before them', async () => {
    const fill = kernel(
      (i: number, x: Float32Array, v: number) => {
        x[i] = v;
      },
      { backend },
    );
    const host = new Float32Array(8);
    const d = await zeros(8, 'f32', backend);
    void fill.launch(8, d, 3);
    const read = d.toHost(); // issued after the launch: sees 3s
    void fill.launch(8, host, 5);
    const copied = toDevice(host, backend); // copies the 5s
    const viaCopy = (await copied).toHost();
    d.dispose(); // frees after the launch above has used it
    expect(Array.from(await read)).toEqual(new Array(8).fill(3));
    expect(Array.from(await viaCopy)).toEqual(new Array(8).fill(5));
    await expect(fill.launch(8, d, 1)).rejects.toThrow(/disposed/); // rejects, does not throw
  });

  it('a failing launch does not stop the ones after it', async () => {
    const k = kernel(
      (i: number, x: Float32Array) => {
        x[i] = 1;
      },
      { backend },
    );
    const bad = k.launch(4, new Float32Array(2)); // too short for the grid
    const x = new Float32Array(4);
    const good = k.launch(4, x);
    await expect(bad).rejects.toThrow(RangeError);
    await good;
    expect(Array.from(x)).toEqual([1, 1, 1, 1]);
  });
});
