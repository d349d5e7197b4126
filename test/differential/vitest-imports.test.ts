// vitest-imports.test.ts — a kernel whose intrinsics are imported directly, as users
// write it. Under vitest (Vite's SSR transform) fn.toString() then reads
// `(0, __vite_ssr_import_N__.f32)(x)` instead of `f32(x)`; the front end must still
// recognise the intrinsics. (The corpus imports them the same way; this test names the
// pattern so a regression reads as what it is.)

import { expect, it } from 'vitest';
import { f32, kernel, random } from '../../src/index.js';

const noisy = (i: number, out: Float32Array) => {
  out[i] = f32(random(7, i)) * 2 + f32(0.5);
};

it('a kernel calling directly imported intrinsics compiles and matches the plain function', async () => {
  expect(noisy.toString()).toMatch(/__vite_ssr_import_\d+__\.f32|f32\(/);
  const expected = new Float32Array(100);
  for (let i = 0; i < 100; i++) noisy(i, expected);
  const got = new Float32Array(100);
  await kernel(noisy, { backend: 'js' }).launch(100, got);
  expect(Array.from(got)).toEqual(Array.from(expected));
});
