// var-declarations.test.ts — `var` is read as `let` (tsc's ES5 output declares block-scoped
// variables with `var`, renamed where they would clash), so a `var` declared again in
// another block, one function-scoped variable in JavaScript, is a KernelError at kernel()
// (probe 9, finding 5: `var a = i * 2; if (i > 3) { var a = 7; } out[i] = a` gave i * 2
// where the plain function gives 7). Sibling loops that each declare `for (var k …)`, as
// tsc writes them, still compile and give the plain function's answers.

import { expect, it } from 'vitest';
import { kernel, KernelError } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

it('a var declared again in a nested block is a KernelError at its name', () => {
  const redeclared = (i: number, out: Int32Array) => {
    var a = i * 2;
    if (i > 3) {
      // biome-ignore lint/suspicious/noRedeclare lint/correctness/noInnerDeclarations: the case under test
      var a = 7;
    }
    out[i] = a;
  };
  expect(() => kernel(redeclared)).toThrow(KernelError);
  expect(() => kernel(redeclared)).toThrow(/`var a` declares again the function-scoped `var a`/);
});

describeEachBackend('var declarations as tsc writes them', (backend) => {
  it('sibling loops and single declarations run as the plain function does', async () => {
    const fn = (i: number, out: Int32Array) => {
      // biome-ignore lint/correctness/noInnerDeclarations: tsc's ES5 output of two `let k` loops
      for (var k = 0; k < i; k++) out[i] = out[i]! + k;
      // biome-ignore lint/suspicious/noRedeclare lint/correctness/noInnerDeclarations: as above
      for (var k = 0; k < 3; k++) out[i] = out[i]! * 2 + k;
      var b = i % 3;
      out[i] = out[i]! - b;
    };
    const want = new Int32Array(8);
    for (let i = 0; i < 8; i++) fn(i, want);
    const out = new Int32Array(8);
    await kernel(fn, { backend }).launch(8, out);
    expect(Array.from(out)).toEqual(Array.from(want));
  });
});
