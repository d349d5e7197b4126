// The function forms kernel() accepts: arrows, function expressions, method shorthand,
// and what tsc and esbuild emit from TypeScript (var, function expressions, Math.pow).

import { describe, expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { kernel } from '../../src/index.js';

async function run(fn: Function, n = 6): Promise<number[]> {
  const out = new Float64Array(n);
  await kernel(fn, { backend: 'js' }).launch(n, out, 3);
  return Array.from(out);
}

const expected = [0, 1, 2, 3, 4, 5].map((i) => i * 3 + 1);

describe('function forms', () => {
  it('arrow with block body', async () => {
    expect(
      await run((i: number, out: Float64Array, k: number) => {
        out[i] = i * k + 1;
      }),
    ).toEqual(expected);
  });
  it('arrow with an assignment as its body', async () => {
    expect(await run((i: number, out: Float64Array, k: number) => (out[i] = i * k + 1))).toEqual(
      expected,
    );
  });
  it('named function expression', async () => {
    expect(
      await run(function fill(i: number, out: Float64Array, k: number) {
        out[i] = i * k + 1;
      }),
    ).toEqual(expected);
  });
  it('method shorthand', async () => {
    const o = {
      fill(i: number, out: Float64Array, k: number) {
        out[i] = i * k + 1;
      },
    };
    expect(await run(o.fill)).toEqual(expected);
  });
  it('class method', async () => {
    class K {
      static fill(i: number, out: Float64Array, k: number) {
        out[i] = i * k + 1;
      }
    }
    expect(await run(K.fill)).toEqual(expected);
  });
  it("tsc's ES5 output: var, function expression, Math.pow", async () => {
    const es5 = new Function(
      'return function (i, out, k) { var t = Math.pow(i, 1); var u = t * k; out[i] = u + 1; }',
    )() as Function;
    expect(await run(es5)).toEqual(expected);
  });
  const byName = !compiledOnly(
    'a function evaluated in the global scope naming an import namespace (only the compiler resolves it by name; a user closure holds it)',
  );
  it.runIf(byName)("esbuild's output of an import: (0, ns.f32)(x)", async () => {
    const bundled = new Function(
      'return (i, out, k) => { out[i] = (0, import_numbat.f64)(i * k) + 1; }',
    )() as Function;
    expect(await run(bundled)).toEqual(expected);
  });
  it('"use strict" directive and comments', async () => {
    const f = new Function(
      'return function (i, out, k) { "use strict"; /* c */ out[i] = i * k + 1; // end\n }',
    )() as Function;
    expect(await run(f)).toEqual(expected);
  });
  it('rejects a bound function with a clear error', () => {
    const bound = ((i: number, out: Float64Array) => {
      out[i] = 1;
    }).bind(null);
    expect(() => kernel(bound)).toThrow(
      /is a native or bound function: numbat needs its source text/,
    );
    // Its text ('function () { [native code] }') is not a sign of a minified bundle.
    expect(() => kernel(bound)).not.toThrow(/minified/);
  });
});
