// unloadableBackend.test.ts — a backend whose code cannot load (a page that cannot fetch its
// chunk, a package left out of a bundle): it is reported unavailable with the load's error,
// forcing it is a clear Error, and under NUMBAT_DISABLE_JIT a kernel forced to it runs as the
// plain function (it raised an InternalError: the forced backend was asked to refuse the
// kernel while its code was missing).

import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/backends/wasm/index.js', () => {
  throw new Error('the wasm chunk could not be fetched');
});

const { backends, kernel } = await import('../../src/index.js');

const double = (i: number, x: Float32Array, out: Float32Array): void => {
  out[i] = x[i]! * 2;
};

afterEach(() => {
  delete process.env['NUMBAT_DISABLE_JIT'];
});

describe('a backend whose code cannot load', () => {
  it('is reported unavailable, with the reason', async () => {
    const wasm = (await backends()).find((s) => s.name === 'wasm');
    expect(wasm?.available).toBe(false);
    expect(wasm?.reason).toMatch(/^probe failed: /);
  });

  it('forced, is a clear Error before anything runs', async () => {
    const out = new Float32Array(3).fill(7);
    const k = kernel(double, { backend: 'wasm' });
    await expect(k.launch(3, Float32Array.of(1, 2, 3), out)).rejects.toThrow(
      /backend: 'wasm' was requested, but that backend is unavailable here: probe failed/,
    );
    expect([...out]).toEqual([7, 7, 7]);
  });

  it('forced under NUMBAT_DISABLE_JIT, runs the plain function', async () => {
    process.env['NUMBAT_DISABLE_JIT'] = '1';
    const out = new Float32Array(3);
    await kernel(double, { backend: 'wasm' }).launch(3, Float32Array.of(1, 2, 3), out);
    expect([...out]).toEqual([2, 4, 6]);
  });
});
