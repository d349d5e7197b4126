// out-of-range-reads.test.ts — what a read past an array's end gives on each backend, as
// the README's "Out-of-range access" says (probe 9, finding 3: the README said wasm gave
// the same as JS). js and workers give JavaScript's `undefined` (NaN in arithmetic, 0 once
// converted to an integer: the plain function's answer); wasm NaN for a float array and 0
// for an integer array; WebGPU the nearest element. Writes past the end are dropped
// everywhere. Expected values: the plain function, and for wasm and WebGPU the rule above.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const floatRead = (i: number, x: Float32Array, out: Float32Array) => {
  out[i] = x[i + 3]! * 0.5;
};
const intRead = (i: number, x: Int32Array, out: Int32Array) => {
  out[i] = x[i + 3]! + 1;
};

describeEachBackend('a read past the end of an array', (backend) => {
  if (
    backend !== 'js' &&
    backend !== 'workers' &&
    compiledOnly(`${backend}'s documented out-of-range value`)
  )
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  it('gives the backend’s documented value', async () => {
    const xf = Float32Array.of(2, 4, 6, 8);
    const xi = Int32Array.of(2, 4, 6, 8);
    const plainF = new Float32Array(2);
    const plainI = new Int32Array(2);
    for (let i = 0; i < 2; i++) {
      floatRead(i, xf, plainF);
      intRead(i, xi, plainI);
    }
    expect(Array.from(plainF)).toEqual([4, Number.NaN]);
    expect(Array.from(plainI)).toEqual([9, 0]);
    const outF = new Float32Array(2);
    const outI = new Int32Array(2);
    await kernel(floatRead, { backend }).launch(2, xf, outF);
    await kernel(intRead, { backend }).launch(2, xi, outI);
    const want = {
      js: [plainF, plainI],
      workers: [plainF, plainI],
      wasm: [
        [4, Number.NaN],
        [9, 1],
      ], // an integer array's guard reads 0: 0 + 1
      webgpu: [
        [4, 4],
        [9, 9],
      ], // robust access: the last element
    }[backend];
    expect(Array.from(outF)).toEqual(Array.from(want[0]!));
    expect(Array.from(outI)).toEqual(Array.from(want[1]!));
  });
});
