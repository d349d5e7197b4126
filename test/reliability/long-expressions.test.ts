// long-expressions.test.ts — long expressions compile on every backend, and past a real
// limit the error is a located KernelError (issue 11, item 1). Before, a sum of 127 terms
// was an InternalError on webgpu (WGSL's parser depth) and ~1,400 terms a bare stack
// overflow on js and workers.

import { expect, it } from 'vitest';
import { kernel, KernelError } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

/** `(i, x, out) => { out[i] = x[i] * 1 + x[i] * 2 + … }` with `terms` terms. */
function longSum(terms: number): (i: number, x: Float64Array, out: Float64Array) => void {
  const body = Array.from({ length: terms }, (_, k) => `x[i] * ${(k % 7) + 1}`).join(' + ');
  return new Function(`return (i, x, out) => { out[i] = ${body}; }`)();
}

describeEachBackend('long expressions', (backend) => {
  // SwiftShader's shader compiler takes seconds per thousand operations: webgpu runs the
  // shorter cases here (the splitting is the same code for every backend).
  const sizes = backend === 'webgpu' ? [63, 127, 400] : [127, 1400, 10_000];
  const precision = backend === 'webgpu' ? 'f32' : 'auto';
  it.each(sizes)(
    'a sum of %i terms equals the plain function',
    async (terms) => {
      const fn = longSum(terms);
      const k = kernel(fn, { backend, precision, name: `sum${terms}` });
      const x = Float64Array.of(1, 0.5, -2),
        out = new Float64Array(3),
        expected = new Float64Array(3);
      await k.launch(3, x, out);
      for (let i = 0; i < 3; i++) fn(i, x, expected);
      if (backend === 'webgpu')
        for (let i = 0; i < 3; i++) expect(out[i]).toBeCloseTo(expected[i]!, 0);
      else expect(Array.from(out)).toEqual(Array.from(expected));
    },
    120_000,
  );
});

it('an expression nested past the limit in a loop condition is a located KernelError', () => {
  const test = Array.from({ length: 300 }, (_, k) => `x[${k % 3}]`).join(' + ');
  const fn = new Function(`return (i, x) => { while (${test} < 0) { x[i] = 1; } }`)();
  let error: unknown;
  try {
    kernel(fn, { name: 'deepLoop' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(KernelError);
  expect((error as Error).message).toMatch(
    /kernel 'deepLoop': this expression nests \d+ levels deep; numbat compiles at most 256/,
  );
  expect((error as Error).message).toMatch(/\^/);
});

it('nesting too deep for any parser is a located KernelError, not a stack overflow', () => {
  // V8 parses 8,000 nested negations; acorn's recursive descent does not.
  const fn = new Function(`return (i, x) => { x[i] = ${'- '.repeat(8000)}x[i]; }`)();
  expect(() => kernel(fn, { name: 'negations' })).toThrow(KernelError);
  expect(() => kernel(fn, { name: 'negations' })).toThrow(
    /kernel 'negations': (an expression nests too deeply|this expression nests \d+ levels deep)/,
  );
  // Moderately deep nesting compiles.
  const parens = new Function(
    `return (i, x) => { x[i] = ${'('.repeat(200)}x[i] + 1${')'.repeat(200)}; }`,
  )();
  expect(() => kernel(parens, { name: 'parens' })).not.toThrow();
});
