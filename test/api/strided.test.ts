// strided.test.ts — NDArrays and scijs ndarrays are specialised on whether their innermost
// stride is 1 and their offset 0: unit-stride views address consecutive elements (and
// vectorise like typed arrays), others keep the run-time stride and offset. One kernel
// launched on every kind, in turn, must give each its own code and the plain function's
// results; a contiguous ndarray never reuses a typed array's specialisation.

import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { kernel, NDArray, toDevice } from '../../src/index.js';
import { checkUnavailable, listBackends } from '../harness/backends.js';

const available = await listBackends();
const base = Float32Array.from({ length: 64 }, (_, i) => i * 0.5 - 3);
const double = (i: number, a: Float32Array, out: Float32Array): void => {
  out[i] = a[i]! * 2 + 1;
};
/** The same for any view: a scijs ndarray's elements are `a.get(i)` (`a[i]` is a KernelError). */
const doubleView = (i: number, a: ndarray.NdArray<Float32Array>, out: Float32Array): void => {
  out[i] = a.get(i) * 2 + 1;
};

/** The plain function's output over `view` (its first `n` elements). */
function expected(view: ndarray.NdArray<Float32Array>, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(view.get(i) * 2 + 1);
  return out;
}

for (const backend of available) {
  describe(`innermost stride on ${backend.name}`, () => {
    if (!backend.available) {
      it(`backend ${backend.name} unavailable: ${backend.reason}`, () => checkUnavailable(backend));
      return;
    }
    it('unit and non-unit strides share a kernel without sharing its code', async () => {
      const k = kernel(doubleView, { backend: backend.name as 'js' });
      const views = [
        ndarray(base, [64]),
        ndarray(base, [21], [3], 1),
        ndarray(base, [32], [1], 32),
        ndarray(base, [32], [-2], 63),
      ];
      const signatures = new Set<string>();
      const kinds = new Set<string>();
      for (const resident of [true, false]) {
        for (const view of views) {
          const n = view.shape[0]!;
          const arg = resident ? await toDevice(view, backend.name as 'js') : view;
          const [stride, offset] =
            arg instanceof NDArray ? [arg.strides[0], arg.offset] : [view.stride[0], view.offset];
          kinds.add(`${resident} ${stride === 1} ${offset === 0}`);
          const out = new Float32Array(n);
          await k.launch(n, arg as ndarray.NdArray<Float32Array>, out);
          expect(
            Array.from(out),
            `${resident ? 'NDArray' : 'ndarray'} stride ${view.stride[0]} offset ${view.offset}`,
          ).toEqual(Array.from(expected(view, n)));
          signatures.add((await k.inspect(n, arg as ndarray.NdArray<Float32Array>, out)).signature);
        }
      }
      expect(kinds.size).toBeGreaterThanOrEqual(6);
      expect(signatures.size).toBe(kinds.size);
    });
  });
}

// Under NUMBAT_BOUNDSCHECK=1 every access is checked and nothing is vectorised: there are no
// vector loads to look for.
const checkedEverywhere = process.env['NUMBAT_BOUNDSCHECK'] === '1';
if (checkedEverywhere)
  console.log(
    '[numbat tests] vector-load check skipped under NUMBAT_BOUNDSCHECK=1 (no vector code)',
  );
describe('wasm code for a unit-stride NDArray or ndarray', () => {
  it.skipIf(checkedEverywhere)('has the contiguous vector loads a typed array gets', async () => {
    const wasm = available.find((b) => b.name === 'wasm');
    if (!wasm?.available) {
      checkUnavailable(
        wasm ?? { name: 'wasm', available: false, reason: 'not reported', required: true },
      );
      return;
    }
    const k = kernel(double, { backend: 'wasm' });
    const vectorLoads = (code: string): number =>
      code
        .slice(code.indexOf(';; SIMD loop'), code.indexOf(';; scalar loop'))
        .match(/v128\.load\b/g)?.length ?? 0;
    const resident = await toDevice(ndarray(base, [64]), 'wasm');
    const typed = vectorLoads((await k.inspect(64, base, new Float32Array(64))).code);
    expect(typed).toBeGreaterThan(0);
    expect(vectorLoads((await k.inspect(64, resident, new Float32Array(64))).code)).toBe(typed);
    resident.dispose();
    // A contiguous scijs ndarray compiles as a typed array does (a specialisation of its own).
    const view = kernel(doubleView, { backend: 'wasm' });
    const host = await view.inspect(64, ndarray(base, [64]), new Float32Array(64));
    expect(vectorLoads(host.code)).toBe(typed);
  });
});
