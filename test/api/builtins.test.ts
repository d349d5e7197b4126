// builtins.test.ts — the built-in kernels' public surface (src/kernels, `numbat/kernels`)
// and Kernel.with. Their results on every backend are checked by the differential
// corpus (test/corpus/builtins.ts); here: names, option overrides, and plain use.

import { describe, expect, it } from 'vitest';
import * as builtins from '../../src/kernels/index.js';
import { axpy, dot, matmul, monteCarloPi } from '../../src/kernels/index.js';

describe('built-in kernels', () => {
  it('carry their own names, so errors and inspect name them', () => {
    for (const [exported, k] of Object.entries(builtins)) expect(k.name).toBe(exported);
  });

  it('report a bad argument against the built-in by name', async () => {
    // @ts-expect-error a string is no array: a type error, and a TypeError at run time
    await expect(dot.launch(4, new Float32Array(4), 'not an array')).rejects.toThrow(/dot/);
  });

  it('compute on the default backend', async () => {
    const x = new Float32Array([1, 2, 3, 4]);
    const y = new Float32Array([0.5, 0.5, 0.5, 0.5]);
    const out = new Float32Array(4);
    await axpy.launch(4, 2, x, y, out);
    expect(Array.from(out)).toEqual([2.5, 4.5, 6.5, 8.5]);
    expect(await dot.launch(4, x, y)).toBe(5);
    const c = new Float32Array(4);
    await matmul.launch(
      [2, 2],
      new Float32Array([1, 2, 3, 4]),
      new Float32Array([5, 6, 7, 8]),
      c,
      2,
      2,
    );
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
    const hits = (await monteCarloPi.launch(20000, 7)) as number;
    expect(Math.abs((4 * hits) / 20000 - Math.PI)).toBeLessThan(0.05);
  });
});

describe('Kernel.with', () => {
  it('returns a kernel with options replaced and the name kept', async () => {
    const onJs = dot.with({ backend: 'js' });
    expect(onJs).not.toBe(dot);
    expect(onJs.name).toBe('dot');
    expect(onJs.fn).toBe(dot.fn);
    const x = new Float32Array([3, 4]);
    const info = await onJs.inspect(2, x, x);
    expect(info.backend).toBe('js');
    expect(await onJs.launch(2, x, x)).toBe(25);
  });

  it('keeps the options it does not replace (reduce)', async () => {
    const onJs = monteCarloPi.with({ backend: 'js' });
    const plain = monteCarloPi.fn as (i: number, seed: number) => number;
    let expected = 0;
    for (let i = 0; i < 1000; i++) expected += plain(i, 3);
    expect(await onJs.launch(1000, 3)).toBe(expected);
  });
});
