// instrument.test.ts — the transform behind numbat/esbuild and numbat/vite
// (src/plugin/instrument.ts): which functions it records, what a record holds, and that
// the code's lines and source map stay right.

import { describe, expect, it } from 'vitest';
import { instrument } from '../../src/plugin/instrument.js';
import { decodeMappings, identityMap, shiftMap } from '../../src/plugin/sourceMap.js';

const KEY = Symbol.for('numbat.source');
type Record = { source: string; file: string; lines: number[]; name?: string; names?: object };

/** Runs instrumented code whose `kernel` is a stub returning what it was given. */
function run(code: string): any {
  const out = instrument(code, { file: 'app.js' });
  expect(out).toBeDefined();
  return new Function(`const kernel = (fn, o) => ({ fn, o });\n${out!.code}\nreturn result;`)();
}
const recordOf = (f: Function): Record => (f as any)[KEY];

describe('instrument', () => {
  it('records an inline kernel with its text, file, lines and the name it is assigned to', () => {
    const code = [
      'const saxpy = kernel((i, a, x, out) => {',
      '  out[i] = a * x[i];',
      '});',
      'const result = saxpy;',
    ].join('\n');
    const r = recordOf(run(code).fn);
    expect(r.source).toBe('(i, a, x, out) => {\n  out[i] = a * x[i];\n}');
    expect(r.file).toBe('app.js');
    // Line 1 is the stub prepended by `run`: the code's own lines are unchanged.
    expect(r.lines).toEqual([1, 2, 3]);
    expect(r.name).toBe('saxpy');
  });

  it('follows names to functions and objects declared in the file, also declared after the call', () => {
    const code = [
      'const cube = (v) => v * v * v;',
      'const uses = { sq, cube };',
      'const result = kernel((i, x) => sq(x[i]) + cube(x[i]), { uses, reduce: add });',
      'function sq(v) { return v * v; }',
      'function add(a, b) { return a + b; }',
    ].join('\n');
    const out = instrument(code, { file: 'a.js' })!;
    // Declarations get their record at the top of the scope (hoisted), expressions in place.
    const lines = out.code.split('\n');
    expect(lines[0]).toMatch(/^__numbatRecord\(sq, .*__numbatRecord\(add, .*const cube = /);
    expect(lines[0]).toMatch(/const cube = __numbatRecord\(\(v\) => v \* v \* v, /);
    // Same number of lines, plus the helper.
    expect(lines.length).toBe(code.split('\n').length + 2);
    const { fn, o } = new Function(
      `const kernel = (fn, o) => ({ fn, o });\n${out.code}\nreturn result;`,
    )();
    expect(recordOf(fn).source).toBe('(i, x) => sq(x[i]) + cube(x[i])');
    expect(recordOf(o.uses.sq).source).toBe('function sq(v) { return v * v; }');
    expect(recordOf(o.uses.cube).source).toBe('(v) => v * v * v');
    expect(recordOf(o.reduce).source).toBe('function add(a, b) { return a + b; }');
  });

  it('records imports a kernel uses under another name, and functions passed to other numbat imports', () => {
    const code = [
      "import { kernel as k, f32 as toF32, random } from 'numbat';",
      "import { scan } from 'numbat/kernels';",
      'k((i, x) => { x[i] = toF32(random(1, i)); });',
      'scan(x, (a, b) => a + b);',
    ].join('\n');
    const out = instrument(code, { file: 'a.js' })!;
    expect(out.recorded).toBe(2);
    expect(out.code).toContain('names: { toF32: toF32 }');
    expect(out.code).not.toContain('random: random');
  });

  it('leaves files without numbat calls alone, and does not instrument twice', () => {
    expect(instrument('const f = (x) => x * 2; f(1);', { file: 'a.js' })).toBeUndefined();
    const once = instrument('kernel((i, x) => { x[i] = 1; });', { file: 'a.js' })!;
    expect(instrument(once.code, { file: 'a.js' })).toBeUndefined();
  });

  it('recordAll records leaf functions that could be kernel language, and nothing else', () => {
    const code = [
      'const gen = (seed, i) => seed + i;', // recorded
      'const label = (x) => `value ${x}`;', // a string: not kernel language
      'function build(g) { return kernel((i, out) => { out[i] = g(1, i); }); }', // not a leaf
      'const noArgs = () => 1;', // no parameters: not a kernel or helper
    ].join('\n');
    const out = instrument(code, { file: 'a.js', recordAll: true })!;
    const sources = [...out.code.matchAll(/source: ("(?:[^"\\]|\\.)*")/g)].map((m) =>
      JSON.parse(m[1]!),
    );
    expect(sources.sort()).toEqual(
      [
        '(i, out) => {\n  out[i] = g(1, i);\n}'.replace(/\n\s*/g, ' '),
        '(seed, i) => seed + i',
      ].sort(),
    );
  });

  it('keeps a directive prologue first', () => {
    const code =
      "'use strict';\nfunction h(v) { return v; }\nkernel((i, x) => { x[i] = h(i); }, { uses: { h } });";
    const out = instrument(code, { file: 'a.js' })!;
    expect(out.code.startsWith("'use strict';__numbatRecord(h, ")).toBe(true);
  });
});

describe('source maps of instrumented code', () => {
  it('moves every mapped column past the text inserted before it', () => {
    const code = 'const k = kernel((i, x) => { x[i] = 1; }); k;';
    const out = instrument(code, { file: 'a.js' })!;
    const shifted = decodeMappings(
      shiftMap(identityMap(code, 'a.js'), code, out.insertions).mappings,
    );
    // Each segment's generated text is the original token it maps to.
    for (const [column, , , original] of shifted[0]!) {
      const token = /^([\w$]+|[^\s\w$])/.exec(code.slice(original!))![1]!;
      expect(out.code.slice(column!, column! + token.length)).toBe(token);
    }
  });
});
