// The operation registry (src/jit/ops/): every operation is declared once, and every
// (operation, backend) pair has an emitter that reproduces the declaration's plain meaning,
// or a refusal that says why. The emitter tables are typed Record<MathFn, …>, so a missing
// entry is also a type error; these tests prove the entries are reached and right.

import { describe, expect, it } from 'vitest';
import { kernel } from '../../src/index.js';
import { WASM_MATH } from '../../src/jit/codegen/wasm/mathOps.js';
import { WGSL_MATH } from '../../src/jit/codegen/wgsl/mathOps.js';
import { INTRINSIC_OPS, type IntrinsicName } from '../../src/jit/ops/intrinsics.js';
import { MATH_FNS, MATH_OPS } from '../../src/jit/ops/math.js';
import type { MathOpSpec } from '../../src/jit/ops/op.js';
import { jitDisabled } from '../harness/backends.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describe('the Math declarations', () => {
  it('name real Math functions, whose meaning is the function itself', () => {
    for (const name of MATH_FNS) {
      const op: MathOpSpec = MATH_OPS[name];
      expect(op.plain, name).toBe((Math as unknown as Record<string, unknown>)[name]);
      if (op.arity !== 'variadic') expect(op.arity, name).toBe(op.plain.length);
    }
  });

  it('have an emitter in every code generator', () => {
    for (const name of MATH_FNS) {
      expect(WASM_MATH[name]?.float, `wasm: Math.${name}`).toBeDefined();
      expect(WGSL_MATH[name]?.accurate, `wgsl: Math.${name}`).toBeDefined();
    }
    expect(Object.keys(WASM_MATH).sort()).toEqual([...MATH_FNS].sort());
    expect(Object.keys(WGSL_MATH).sort()).toEqual([...MATH_FNS].sort());
  });
});

/** Operand values that reach each function's special cases. */
const X = [0.5, -0.75, 2.25, 0, -0, 3, -4.5, 1e-3, 100, NaN, Infinity, -Infinity, 0.9999, 7];
const Y = [1.5, 2, -0.5, 0, 3, -2, 0.25, 2, -1, 1, 0, 1, NaN, 0.5];

/** A function from source text (the kernels below are generated, one per operation). */
function evaluate(text: string) {
  // biome-ignore lint/security/noGlobalEval: test kernels written as text; an indirect eval
  return globalThis.eval(text);
}

/** A kernel `o[i] = Math.name(x[i], y[i] …)` built from source text, as a user would write it. */
function mathKernel(name: string, arity: number, backend: string) {
  const operands = ['x[i]', 'y[i]'].slice(0, arity).join(', ');
  const fn = evaluate(`(i, x, y, o) => { o[i] = Math.${name}(${operands}); }`);
  return kernel(fn, { backend: backend as 'js' });
}

/** The distance between two floats in units in the last place of `want` (of f32 or f64). */
function ulps(got: number, want: number, bits: 32 | 64): number {
  if (Object.is(got, want)) return 0;
  if (Number.isNaN(want) || Number.isNaN(got) || !Number.isFinite(want)) return Infinity;
  const exponent = Math.max(
    Math.floor(Math.log2(Math.abs(want) || 2 ** -1022)),
    bits === 32 ? -126 : -1022,
  );
  return Math.abs(got - want) / 2 ** (exponent - (bits === 32 ? 23 : 52));
}

/**
 * The documented bound (README, "Semantics decided once"): js and workers call Math itself;
 * wasm's vector library is within 1 ulp (f64: 2 for tan and log10); WebGPU's f32 library
 * within 2 ulps. Functions exact by declaration must match bit for bit everywhere.
 */
function bound(backend: string, op: MathOpSpec, name: string, bits: 32 | 64): number {
  if (op.f32Exact || backend === 'js' || backend === 'workers') return 0;
  if (backend === 'webgpu') return 2;
  return bits === 64 && (name === 'tan' || name === 'log10') ? 2 : 1;
}

describeEachBackend('every Math function', (backend) => {
  for (const name of MATH_FNS) {
    const op: MathOpSpec = MATH_OPS[name];
    const arity = op.arity === 'variadic' ? 2 : op.arity;
    it(`Math.${name} matches its declaration (f32)`, async () => {
      const x = new Float32Array(X);
      const y = new Float32Array(Y);
      const o = new Float32Array(X.length);
      await mathKernel(name, arity, backend).launch(X.length, x, y, o);
      for (let i = 0; i < X.length; i++) {
        const want = Math.fround(op.plain(x[i]!, y[i]!));
        expect(
          ulps(o[i]!, want, 32),
          `Math.${name}(${x[i]}, ${y[i]}) = ${o[i]}, want ${want}`,
        ).toBeLessThanOrEqual(bound(backend, op, name, 32));
      }
    });
    if (backend !== 'webgpu')
      it(`Math.${name} matches its declaration (f64)`, async () => {
        const x = new Float64Array(X);
        const y = new Float64Array(Y);
        const o = new Float64Array(X.length);
        await mathKernel(name, arity, backend).launch(X.length, x, y, o);
        for (let i = 0; i < X.length; i++) {
          const want = op.plain(x[i]!, y[i]!);
          expect(
            ulps(o[i]!, want, 64),
            `Math.${name}(${x[i]}, ${y[i]}) = ${o[i]}, want ${want}`,
          ).toBeLessThanOrEqual(bound(backend, op, name, 64));
        }
      });
    it(`Math.${name} on integers`, async () => {
      const xi = new Int32Array([5, -7, 0, 123456, -2147483648, 2147483647, 1, -1]);
      const yi = new Int32Array([3, 2, -9, 7, -1, 2, 0, -5]);
      const o = new Int32Array(xi.length);
      await mathKernel(name, arity, backend).launch(xi.length, xi, yi, o);
      for (let i = 0; i < xi.length; i++) {
        // WebGPU computes the float functions of integers in f32 (README, Floats on WebGPU);
        // under NUMBAT_DISABLE_JIT=1 every launch is the plain function, in f64.
        const inF32 =
          backend === 'webgpu' &&
          !jitDisabled() &&
          (op.typing === 'float' || op.typing === 'toF32');
        const f = inF32 ? Math.fround : (v: number) => v;
        const want = f(op.plain(f(xi[i]!), f(yi[i]!))) | 0;
        const got = o[i]!;
        expect(got, `Math.${name}(${xi[i]}, ${yi[i]})`).toBe(want);
      }
    });
  }
});

type Data = Float32Array | Float64Array | Int32Array | Uint32Array;

/** A kernel body that calls one intrinsic, its input, and the array it writes. */
const INTRINSIC_CASES: Record<
  Exclude<IntrinsicName, Cooperative>,
  { src: string; x: () => Data; out: () => Data }
> = {
  f32: {
    src: 'o[i] = f32(x[i])',
    x: () => new Float64Array([1.1, -2.3, 1e300, NaN]),
    out: () => new Float64Array(4),
  },
  f64: {
    src: 'o[i] = f64(x[i]) / 3',
    x: () => new Float32Array([1.5, -2.25, 1e30, 7]),
    out: () => new Float64Array(4),
  },
  i32: {
    src: 'o[i] = i32(x[i])',
    x: () => new Float64Array([4.5e9, -6.75e9, -2.7, NaN]),
    out: () => new Float64Array(4),
  },
  u32: {
    src: 'o[i] = u32(x[i])',
    x: () => new Float64Array([4.5e9, -6.75e9, -2.7, -0.1]),
    out: () => new Float64Array(4),
  },
  f32bits: {
    src: 'o[i] = f32bits(x[i])',
    x: () => new Float32Array([1.5, -0, 0, -Infinity, NaN, 3.4e38, -1e-45]),
    out: () => new Uint32Array(7),
  },
  f32frombits: {
    src: 'o[i] = f32frombits(x[i])',
    x: () => new Uint32Array([0x3fc00000, 0x80000000, 0, 0xff800000, 0x7fc00000, 1, 0x807fffff]),
    out: () => new Float32Array(7),
  },
  atomicAdd: { src: 'atomicAdd(o, i & 1, x[i])', x: ints, out: () => new Int32Array(2) },
  atomicSub: { src: 'atomicSub(o, i & 1, x[i])', x: ints, out: () => new Int32Array(2) },
  atomicMin: { src: 'atomicMin(o, i & 1, x[i])', x: ints, out: () => new Int32Array(2) },
  atomicMax: { src: 'atomicMax(o, i & 1, x[i])', x: ints, out: () => new Int32Array(2) },
  random: {
    src: 'o[i] = random(x[i], i * 7)',
    x: () => new Int32Array([1, 2, -3, 2147483647]),
    out: () => new Float32Array(4),
  },
};

function ints(): Int32Array {
  return new Int32Array([5, -3, 7, 11, -20, 4]);
}

type Cooperative =
  | 'localId'
  | 'groupId'
  | 'groupCount'
  | 'shared'
  | 'barrier'
  | 'workgroupUniformLoad';

/**
 * The cooperative intrinsics, in a kernel of workgroups of 4 over a grid of 10 (rounded up
 * to 12): what each invocation writes, computed independently. (As plain functions they
 * refuse: a cooperative kernel is not a plain function of one index.)
 */
const COOPERATIVE_CASES: Record<Cooperative, { src: string; want: (i: number) => number }> = {
  localId: { src: 'o[i] = localId()', want: (i) => i % 4 },
  groupId: { src: 'o[i] = groupId()', want: (i) => Math.floor(i / 4) },
  groupCount: { src: 'o[i] = groupCount()', want: () => 3 },
  shared: {
    src: 'const t = shared(Int32Array, 4); t[localId()] = i; barrier(); o[i] = t[3 - localId()]',
    want: (i) => i - (i % 4) + 3 - (i % 4),
  },
  barrier: {
    src: 'const t = shared(Int32Array, 4); t[localId()] = 2 * i; barrier(); o[i] = t[0]',
    want: (i) => 2 * (i - (i % 4)),
  },
  // Invocation 1 of each group writes a count; every invocation runs that many rounds,
  // a barrier in each (a loop bound read from shared memory, uniform through the call).
  workgroupUniformLoad: {
    src:
      'const t = shared(Int32Array, 4); if (localId() === 1) t[0] = groupId() + 1; ' +
      'const n = workgroupUniformLoad(t, 0); let s = 0; ' +
      'for (let k = 0; k < n; k++) { t[localId()] = k * 10 + localId(); barrier(); s += t[3 - localId()]; barrier(); } ' +
      'o[i] = s',
    want: (i) => {
      const n = Math.floor(i / 4) + 1;
      let s = 0;
      for (let k = 0; k < n; k++) s += k * 10 + 3 - (i % 4);
      return s;
    },
  },
};

describeEachBackend('every cooperative intrinsic', (backend) => {
  for (const name of Object.keys(COOPERATIVE_CASES) as Cooperative[]) {
    it(`${name} matches its meaning`, async () => {
      const c = COOPERATIVE_CASES[name];
      const names = Object.keys(COOPERATIVE_CASES);
      const fn = evaluate(`(${names.join(', ')}) => (i, o) => { ${c.src}; }`)(
        ...names.map((n) => INTRINSIC_OPS[n as Cooperative].plain),
      );
      expect(() => fn(0, new Int32Array(12))).toThrow(
        /only has a meaning inside a cooperative kernel/,
      );
      const o = new Int32Array(12);
      await kernel(fn, { backend, workgroup: 4 }).launch(10, o);
      expect(Array.from(o)).toEqual(Array.from({ length: 12 }, (_, i) => c.want(i)));
    });
  }
});

describeEachBackend('every intrinsic', (backend) => {
  for (const name of Object.keys(INTRINSIC_CASES) as Exclude<IntrinsicName, Cooperative>[]) {
    it(`${name} matches its declaration`, async () => {
      const c = INTRINSIC_CASES[name];
      const plain = INTRINSIC_OPS[name].plain as unknown;
      const fn = evaluate(`(${name}) => (i, x, o) => { ${c.src}; }`)(plain);
      const x = c.x();
      const out = c.out();
      const want = out.slice();
      for (let i = 0; i < x.length; i++) fn(i, x, want);
      const run = kernel(fn, { backend }).launch(x.length, x, out);
      const f64Refused =
        backend === 'webgpu' && // refused under NUMBAT_DISABLE_JIT=1 too
        (x instanceof Float64Array || out instanceof Float64Array);
      if (f64Refused) {
        await expect(run).rejects.toThrow(/WebGPU has no f64/);
        return;
      }
      await run;
      expect(Array.from(out)).toEqual(Array.from(want));
    });
  }
});
