// irKernels.ts — hand-built IR kernels (and their plain-JS references) for the webgpu
// backend's tests, independent of the front end: saxpy, a sum reduce, mandelbrot with
// while/break, if/else, early return, atomics on i32 and f32, random, labelled loops.

import type { ArrayRef, Expr, IrBuffer, IrKernel, IrScalar, Stmt } from '../../src/jit/ir/ir.js';
import type { DType, ValueType } from '../../src/jit/types/dtype.js';

const span = { start: 0, end: 1 };

// ---- tiny IR builders -----------------------------------------------------------------
export const c = (v: number, t: ValueType = 'f32'): Expr => ({ k: 'const', t, v });
export const loc = (name: string, t: ValueType = 'i32'): Expr => ({ k: 'local', t, name });
export const sc = (index: number, t: ValueType): Expr => ({ k: 'scalar', t, index });
export const bin = (
  op: Extract<Expr, { k: 'bin' }>['op'],
  a: Expr,
  b: Expr,
  t: ValueType = a.t,
): Expr => ({ k: 'bin', t, op, a, b });
export const cast = (a: Expr, t: ValueType): Expr => ({ k: 'cast', t, a });
const buf = (index: number): ArrayRef => ({ kind: 'buffer', index });
export const load = (index: number, at: Expr, t: ValueType, s = span): Expr => ({
  k: 'load',
  t,
  arr: buf(index),
  index: at,
  span: s,
});
export const store = (index: number, at: Expr, value: Expr, s = span): Stmt => ({
  k: 'store',
  arr: buf(index),
  index: at,
  value,
  span: s,
});
export const let_ = (name: string, t: ValueType, init: Expr): Stmt => ({ k: 'let', name, t, init });
export const assign = (name: string, value: Expr): Stmt => ({ k: 'assign', name, value });

function buffer(
  name: string,
  dtype: DType,
  read: boolean,
  written: boolean,
  argIndex: number,
): IrBuffer {
  return { name, dtype, read, written, argIndex };
}
const lengthScalar = (name: string, b: number): IrScalar => ({
  name,
  type: 'i32',
  source: { kind: 'length', buffer: b },
});

function kernel(
  partial: Partial<IrKernel> & Pick<IrKernel, 'name' | 'buffers' | 'body'>,
): IrKernel {
  return {
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    scalars: [],
    localArrays: [],
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: false },
    ...partial,
  };
}

/** saxpy: out[i] = a * x[i] + y[i]  (a: f32 scalar). */
export const saxpy = kernel({
  name: 'saxpy',
  buffers: [
    buffer('x', 'f32', true, false, 1),
    buffer('y', 'f32', true, false, 2),
    buffer('out', 'f32', false, true, 3),
  ],
  scalars: [{ name: 'a', type: 'f32', source: { kind: 'arg', argIndex: 0 } }],
  body: [
    store(
      2,
      loc('i'),
      bin('+', bin('*', sc(0, 'f32'), load(0, loc('i'), 'f32')), load(1, loc('i'), 'f32')),
    ),
  ],
});
export function saxpyRef(a: number, x: Float32Array, y: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(a) * x[i]! + y[i]!;
}

/** sum reduce: return x[i] * x[i]. */
export const sumSquares = kernel({
  name: 'sumSquares',
  buffers: [buffer('x', 'f32', true, false, 0)],
  body: [{ k: 'return', value: bin('*', load(0, loc('i'), 'f32'), load(0, loc('i'), 'f32')) }],
  reduce: { kind: 'sum', t: 'f32' },
});

/** max reduce over i32 with early skip of negatives (bare return contributes nothing). */
export const maxPositive = kernel({
  name: 'maxPositive',
  buffers: [buffer('x', 'i32', true, false, 0)],
  body: [
    {
      k: 'if',
      cond: bin('<', load(0, loc('i'), 'i32'), c(0, 'i32'), 'bool'),
      then: [{ k: 'return', value: null }],
      else: [],
    },
    { k: 'return', value: load(0, loc('i'), 'i32') },
  ],
  reduce: { kind: 'max', t: 'i32' },
});

/** mandelbrot on a 2-D grid (rows, cols) with a while loop and break. */
export const mandelbrot = kernel({
  name: 'mandelbrot',
  indexNames: ['y', 'x'],
  buffers: [buffer('out', 'i32', false, true, 0)],
  scalars: [
    { name: 'rows', type: 'i32', source: { kind: 'grid', axis: 0 } },
    { name: 'cols', type: 'i32', source: { kind: 'grid', axis: 1 } },
    { name: 'maxIter', type: 'i32', source: { kind: 'arg', argIndex: 1 } },
  ],
  body: [
    let_(
      'cx',
      'float',
      bin(
        '-',
        bin(
          '*',
          bin('/', cast(loc('x'), 'float'), cast(sc(1, 'i32'), 'float'), 'float'),
          c(3, 'float'),
        ),
        c(2, 'float'),
      ),
    ),
    let_(
      'cy',
      'float',
      bin(
        '-',
        bin(
          '*',
          bin('/', cast(loc('y'), 'float'), cast(sc(0, 'i32'), 'float'), 'float'),
          c(2, 'float'),
        ),
        c(1, 'float'),
      ),
    ),
    let_('zx', 'float', c(0, 'float')),
    let_('zy', 'float', c(0, 'float')),
    let_('n', 'i32', c(0, 'i32')),
    {
      k: 'loop',
      label: 'L0',
      cond: bin('<', loc('n'), sc(2, 'i32'), 'bool'),
      update: [],
      postCond: null,
      body: [
        {
          k: 'if',
          cond: bin(
            '>',
            bin(
              '+',
              bin('*', loc('zx', 'float'), loc('zx', 'float')),
              bin('*', loc('zy', 'float'), loc('zy', 'float')),
            ),
            c(4, 'float'),
            'bool',
          ),
          then: [{ k: 'break', label: 'L0' }],
          else: [],
        },
        let_(
          't',
          'float',
          bin(
            '+',
            bin(
              '-',
              bin('*', loc('zx', 'float'), loc('zx', 'float')),
              bin('*', loc('zy', 'float'), loc('zy', 'float')),
            ),
            loc('cx', 'float'),
          ),
        ),
        assign(
          'zy',
          bin(
            '+',
            bin('*', bin('*', c(2, 'float'), loc('zx', 'float')), loc('zy', 'float')),
            loc('cy', 'float'),
          ),
        ),
        assign('zx', loc('t', 'float')),
        assign('n', bin('+', loc('n'), c(1, 'i32'))),
      ],
    },
    store(0, bin('+', bin('*', loc('y'), sc(1, 'i32')), loc('x')), loc('n')),
  ],
});
export function mandelbrotRef(rows: number, cols: number, maxIter: number): Int32Array {
  const f = Math.fround;
  const out = new Int32Array(rows * cols);
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < cols; x++) {
      const cx = f(f(f(x / cols) * 3) - 2);
      const cy = f(f(f(y / rows) * 2) - 1);
      let zx = 0,
        zy = 0,
        n = 0;
      while (n < maxIter) {
        if (f(f(zx * zx) + f(zy * zy)) > 4) break;
        const t = f(f(f(zx * zx) - f(zy * zy)) + cx);
        zy = f(f(f(2 * zx) * zy) + cy);
        zx = t;
        n++;
      }
      out[y * cols + x] = n;
    }
  return out;
}

/** if/else with an early return: out[i] = x[i] > 0 ? sqrt(x[i]) : (x[i] == 0 ? return : -x[i] % 3). */
export const branches = kernel({
  name: 'branches',
  buffers: [buffer('x', 'f32', true, false, 0), buffer('out', 'f32', true, true, 1)],
  body: [
    let_('v', 'f32', load(0, loc('i'), 'f32')),
    {
      k: 'if',
      cond: bin('==', loc('v', 'f32'), c(0), 'bool'),
      then: [{ k: 'return', value: null }],
      else: [],
    },
    {
      k: 'if',
      cond: bin('>', loc('v', 'f32'), c(0), 'bool'),
      then: [store(1, loc('i'), { k: 'math', t: 'f32', fn: 'sqrt', args: [loc('v', 'f32')] })],
      else: [
        store(1, loc('i'), bin('%', { k: 'un', t: 'f32', op: '-', a: loc('v', 'f32') }, c(3))),
      ],
    },
  ],
});
export function branchesRef(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === 0) continue;
    out[i] = v > 0 ? Math.sqrt(v) : -v % 3;
  }
}

/** Atomic histogram on i32 counts and an f32 total: counts[x[i] & 7] += 1; total += x[i]. */
export const histogram = kernel({
  name: 'histogram',
  buffers: [
    buffer('x', 'i32', true, false, 0),
    buffer('counts', 'i32', true, true, 1),
    buffer('total', 'f32', true, true, 2),
  ],
  body: [
    {
      k: 'expr',
      e: {
        k: 'atomic',
        t: 'i32',
        op: 'add',
        arr: buf(1),
        index: bin('&', load(0, loc('i'), 'i32'), c(7, 'i32')),
        value: c(1, 'i32'),
        span,
      },
    },
    {
      k: 'expr',
      e: {
        k: 'atomic',
        t: 'f32',
        op: 'add',
        arr: buf(2),
        index: c(0, 'i32'),
        value: cast(load(0, loc('i'), 'i32'), 'f32'),
        span,
      },
    },
  ],
  uses: { atomics: true, random: false, f64: false },
});

/** random: out[i] = random(seed, i). */
export const randoms = kernel({
  name: 'randoms',
  buffers: [buffer('out', 'f32', false, true, 0)],
  scalars: [{ name: 'seed', type: 'i32', source: { kind: 'arg', argIndex: 1 } }],
  body: [store(0, loc('i'), { k: 'random', t: 'f32', seed: sc(0, 'i32'), counter: loc('i') })],
  uses: { atomics: false, random: true, f64: false },
});

/** sum reduce of i32(random(seed, i) * 256) and of the same with the seed as an f32 scalar. */
export const randomBytesSum = kernel({
  name: 'randomBytesSum',
  buffers: [],
  scalars: [
    { name: 'seed', type: 'i32', source: { kind: 'arg', argIndex: 0 } },
    { name: 'fseed', type: 'f32', source: { kind: 'arg', argIndex: 1 } },
  ],
  body: [
    {
      k: 'return',
      value: bin(
        '+',
        cast(
          bin('*', { k: 'random', t: 'f32', seed: sc(0, 'i32'), counter: loc('i') }, c(256)),
          'i32',
        ),
        cast(
          bin('*', { k: 'random', t: 'f32', seed: sc(1, 'f32'), counter: loc('i') }, c(256)),
          'i32',
        ),
      ),
    },
  ],
  reduce: { kind: 'sum', t: 'i32' },
  uses: { atomics: false, random: true, f64: false },
});

/**
 * Nested labelled loops: for j < 10 { for k < 10 { if k == j: continue outer; if j*k > 20:
 * break outer; acc += 1 } } — exercises flags for labelled break/continue.
 */
export const labelled = kernel({
  name: 'labelled',
  buffers: [buffer('out', 'i32', false, true, 0)],
  scalars: [lengthScalar('n', 0)],
  body: [
    let_('acc', 'i32', loc('i')),
    let_('j', 'i32', c(0, 'i32')),
    {
      k: 'loop',
      label: 'outer',
      cond: bin('<', loc('j'), c(10, 'i32'), 'bool'),
      update: [assign('j', bin('+', loc('j'), c(1, 'i32')))],
      postCond: null,
      body: [
        let_('k', 'i32', c(0, 'i32')),
        {
          k: 'loop',
          label: 'inner',
          cond: bin('<', loc('k'), c(10, 'i32'), 'bool'),
          update: [assign('k', bin('+', loc('k'), c(1, 'i32')))],
          postCond: null,
          body: [
            {
              k: 'if',
              cond: bin('==', loc('k'), loc('j'), 'bool'),
              then: [{ k: 'continue', label: 'outer' }],
              else: [],
            },
            {
              k: 'if',
              cond: bin(
                '>',
                bin('*', loc('j'), loc('k')),
                bin('+', c(20, 'i32'), loc('i')),
                'bool',
              ),
              then: [{ k: 'break', label: 'outer' }],
              else: [],
            },
            assign('acc', bin('+', loc('acc'), c(1, 'i32'))),
          ],
        },
      ],
    },
    store(0, loc('i'), loc('acc')),
  ],
});
export function labelledRef(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let acc = i;
    outer: for (let j = 0; j < 10; j++) {
      for (let k = 0; k < 10; k++) {
        if (k === j) continue outer;
        if (j * k > 20 + i) break outer;
        acc++;
      }
    }
    out[i] = acc;
  }
  return out;
}

/** JS-semantics casts and ops: f32→i32 wrap, shifts, i32 % 0, **, round, min with NaN, small ints. */
export const semantics = kernel({
  name: 'semantics',
  buffers: [
    buffer('x', 'f32', true, false, 0),
    buffer('k', 'i32', true, false, 1),
    buffer('ints', 'i32', false, true, 2),
    buffer('floats', 'f32', false, true, 3),
    buffer('bytes', 'i8', false, true, 4),
  ],
  body: [
    let_('v', 'f32', load(0, loc('i'), 'f32')),
    let_('q', 'i32', load(1, loc('i'), 'i32')),
    let_('o', 'i32', bin('*', loc('i'), c(4, 'i32'))),
    store(2, loc('o'), cast(loc('v', 'f32'), 'i32')),
    store(2, bin('+', loc('o'), c(1, 'i32')), bin('%', cast(loc('v', 'f32'), 'i32'), loc('q'))),
    store(2, bin('+', loc('o'), c(2, 'i32')), bin('<<', c(1, 'i32'), loc('q'))),
    store(
      2,
      bin('+', loc('o'), c(3, 'i32')),
      cast(bin('>>>', loc('q'), c(1, 'i32'), 'u32'), 'i32'),
    ),
    store(3, loc('o'), bin('**', loc('v', 'f32'), cast(loc('q'), 'f32'))),
    store(3, bin('+', loc('o'), c(1, 'i32')), {
      k: 'math',
      t: 'f32',
      fn: 'round',
      args: [loc('v', 'f32')],
    }),
    store(3, bin('+', loc('o'), c(2, 'i32')), {
      k: 'math',
      t: 'f32',
      fn: 'min',
      args: [loc('v', 'f32'), c(1)],
    }),
    store(3, bin('+', loc('o'), c(3, 'i32')), {
      k: 'math',
      t: 'f32',
      fn: 'sign',
      args: [loc('v', 'f32')],
    }),
    store(4, loc('i'), cast(loc('v', 'f32'), 'i32')),
  ],
});
export function semanticsRef(
  x: Float32Array,
  k: Int32Array,
): { ints: Int32Array; floats: Float32Array; bytes: Int8Array } {
  const n = x.length;
  const ints = new Int32Array(4 * n);
  const floats = new Float32Array(4 * n);
  const bytes = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const q = k[i]!;
    ints[4 * i] = v | 0;
    ints[4 * i + 1] = (v | 0) % q;
    ints[4 * i + 2] = 1 << q;
    ints[4 * i + 3] = q >>> 1;
    floats[4 * i] = v ** q;
    floats[4 * i + 1] = Math.round(v);
    floats[4 * i + 2] = Math.min(v, 1);
    floats[4 * i + 3] = Math.sign(v);
    bytes[i] = v | 0;
  }
  return { ints, floats, bytes };
}

/** Writes x[i + shift] into out[i] with boundsCheck on: shift past the end is reported. */
export const shifted = kernel({
  name: 'shifted',
  buffers: [buffer('x', 'f32', true, false, 0), buffer('out', 'f32', false, true, 1)],
  scalars: [{ name: 'shift', type: 'i32', source: { kind: 'arg', argIndex: 2 } }],
  body: [
    store(1, loc('i'), load(0, bin('+', loc('i'), sc(0, 'i32')), 'f32', { start: 40, end: 52 })),
  ],
  boundsCheck: true,
});

/** The same kernel over f64 buffers: WebGPU must refuse it. */
export const saxpyF64 = kernel({
  ...saxpy,
  name: 'saxpy64',
  buffers: saxpy.buffers.map((b) => ({ ...b, dtype: 'f64' as const })),
});
