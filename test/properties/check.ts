// check.ts — run one operator kernel on one backend over generated arrays and hold every
// element to the plain function's result under that backend's float model.
//
// CPU backends (js, workers, wasm) are IEEE: 'exact' and 'ieee' ops must match bit for bit
// (+0 and −0 count as equal), transcendental functions within a few ulps. WebGPU follows
// the WGSL spec instead: subnormal inputs and outputs may be flushed to zero (§15.7.2,
// checked per element: any subset of the subnormal inputs read as ±0), results for
// non-finite inputs or outputs are indeterminate (not compared), and builtins have the
// accuracy bounds of WGSL §15.7.4 (division 2.5 ulp, sin/cos 2^-11 absolute on [−π, π],
// atan2 only for |x| in [2^-126, 2^126] and y finite and normal, …).
//
// The reference is the plain function, except for `+ - *` on i32/u32 arrays: there the
// integer contract (README, "Semantics decided once") makes it the 32-bit wrapped value
// (`| 0`, Math.imul; see ops.ts), unless NUMBAT_DISABLE_JIT=1 runs plain functions.
//
// Reproducible: inputs come from a fixed seed (NUMBAT_PROPERTY_SEED, else a constant,
// mixed with the property's name). A failure is shrunk (at most MAX_SHRINKS candidates)
// and reported with the failing element, its inputs, the seed and the command to rerun.

import fc from 'fast-check';
import { kernel } from '../../src/index.js';
import { jitDisabled } from '../harness/backends.js';
import { ulpDistance, isSubnormal } from '../harness/ulp.js';
import {
  ARRAY_LENGTH,
  ARRAY_OF,
  arrayArbitrary,
  propertySeed,
  seedFor,
  type PropertyDType,
} from './arbitraries.js';
import type { OpCase } from './ops.js';

type Numeric = Float32Array | Float64Array | Int32Array | Uint32Array;

/** Whether `op` on `dtype` is comparable on `backend`, and if not, why. */
export function notComparable(
  op: OpCase,
  dtype: PropertyDType,
  backend: string,
): string | undefined {
  if (backend !== 'webgpu') return undefined;
  if (dtype === 'f64') return 'f64 arrays never run on WebGPU (API.md, Precision)';
  if (op.floatValued && (dtype === 'i32' || dtype === 'u32')) {
    return 'a float-valued op on integers computes in f32 on WebGPU (API.md, Precision), so stored integers differ';
  }
  return undefined;
}

/** True when `x` is a normal f32: finite, non-zero and not subnormal. */
function isNormalF32(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) >= 2 ** -126;
}

/** The ulp or absolute bound WGSL allows for `op` at `inputs`, in f32. */
function wgslBound(
  op: OpCase,
  inputs: readonly number[],
): { ulps: number; abs: number; compare: boolean } {
  const x = inputs[0]!;
  switch (op.wgsl) {
    case undefined:
      return { ulps: 0, abs: 0, compare: true };
    case 'div':
      return { ulps: 3, abs: 0, compare: true };
    case 'sqrt':
      return { ulps: 5, abs: 0, compare: true };
    case 'sin':
    case 'cos':
      return { ulps: 0, abs: 2 ** -11, compare: Math.abs(x) <= Math.PI };
    case 'exp':
      return { ulps: 3 + 2 * Math.ceil(Math.abs(x)), abs: 0, compare: true };
    case 'log':
      return { ulps: 3, abs: 2 ** -21, compare: true };
    case 'atan2': {
      // WGSL §15.7.4.1: "4096 ULP for |x| in the range [2^-126, 2^126], and y is finite and
      // normal"; §15.7.4: "the accuracy is undefined for input values outside that range".
      const [y, xArg] = [inputs[0]!, inputs[1]!];
      return {
        ulps: 4096,
        abs: 0,
        compare: isNormalF32(y) && isNormalF32(xArg) && Math.abs(xArg) <= 2 ** 126,
      };
    }
    case 'pow':
      return { ulps: 4096, abs: 0, compare: true };
    case 'hypot':
      return { ulps: 8, abs: 0, compare: true };
    default: {
      const unreachable: never = op.wgsl;
      throw new Error(`unknown WGSL op ${String(unreachable)}`);
    }
  }
}

function floatOk(
  op: OpCase,
  precision: 'f32' | 'f64',
  backend: string,
  inputs: number[],
  expected: number,
  got: number,
): boolean {
  if (Number.isNaN(expected) ? Number.isNaN(got) : expected === got) return true;
  if (backend === 'webgpu') {
    if (!inputs.every(Number.isFinite) || !Number.isFinite(expected)) return true; // indeterminate in WGSL
    // WGSL §15.7.2: "Any inputs or outputs of operations listed in § 15.7.4 Floating Point
    // Accuracy may be flushed to zero." A subnormal result may be stored as ±0; and a zero
    // result may keep the bits of a subnormal input the shader read as zero (min, max,
    // sign and comparisons choose among their inputs by values that compare equal to 0).
    if (isSubnormal(expected, precision) && got === 0) return true;
    if (expected === 0 && isSubnormal(got, precision)) return true;
    const bound = wgslBound(op, inputs);
    if (!bound.compare) return true;
    if (op.accuracy === 'exact') return false;
    return (
      ulpDistance(expected, got, precision) <= bound.ulps || Math.abs(expected - got) <= bound.abs
    );
  }
  if (op.accuracy === 'transcendental') return ulpDistance(expected, got, precision) <= 4;
  return false;
}

/** Shrink candidates tried after a failure: bounded, so a failing property stays quick. */
export const MAX_SHRINKS = 200;

function runPlainOp(op: OpCase, inputs: Numeric[], out: Numeric): void {
  for (let i = 0; i < ARRAY_LENGTH; i++) op.fn(i, ...inputs, out);
}

/** The contract's 32-bit wrapped reference for `op` on `dtype`, when it replaces plain JS. */
function wrappedReference(
  op: OpCase,
  dtype: PropertyDType,
): ((a: number, b: number) => number) | undefined {
  if ((dtype !== 'i32' && dtype !== 'u32') || jitDisabled()) return undefined;
  return op.wrapped32;
}

/** Fill `out` with the expected result: the wrapped value where the contract says so, else plain JS. */
function runReference(op: OpCase, dtype: PropertyDType, inputs: Numeric[], out: Numeric): void {
  const wrapped = wrappedReference(op, dtype);
  if (wrapped === undefined) {
    runPlainOp(op, inputs, out);
    return;
  }
  const [a, b] = inputs;
  if (a === undefined || b === undefined)
    throw new Error(`${op.name}: a wrapped reference needs two operands`);
  for (let k = 0; k < ARRAY_LENGTH; k++) out[k] = wrapped(a[k]!, b[k]!);
}

/**
 * The plain results of `op` at one element when any subset of its subnormal f32 inputs is
 * read as a zero of the same sign (WGSL §15.7.2 lets every input of an operation be
 * flushed to zero, each independently). Empty when no input is subnormal.
 */
function flushedReferences(
  op: OpCase,
  inputs: readonly number[],
  makeOut: () => Numeric,
): number[] {
  const subnormal = inputs.map((v) => isSubnormal(v, 'f32'));
  if (!subnormal.some(Boolean)) return [];
  const results: number[] = [];
  for (let mask = 1; mask < 1 << inputs.length; mask++) {
    if (inputs.some((_, position) => (mask >> position) & 1 && !subnormal[position])) continue;
    const flushed = inputs.map((v, position) => ((mask >> position) & 1 ? (v < 0 ? -0 : 0) : v));
    const out = makeOut();
    op.fn(0, ...flushed.map((v) => Float32Array.of(v)), out);
    results.push(out[0]!);
  }
  return results;
}

/**
 * Property: for generated arrays, `op` compiled for `backend` writes the reference
 * result (plain function, or the integer contract's wrapped value), element by element,
 * under the backend's float model. Throws a report naming the element, its inputs, the
 * expected and actual values, and how to reproduce the run.
 */
export async function checkOperator(
  op: OpCase,
  dtype: PropertyDType,
  backend: string,
  runs: number,
): Promise<void> {
  const compiled = kernel(op.fn, { backend } as Parameters<typeof kernel>[1]);
  const makeOut = (): Numeric =>
    op.out === 'i32'
      ? new Int32Array(ARRAY_LENGTH)
      : new ARRAY_OF[dtype]([...new Array<number>(ARRAY_LENGTH).fill(0)]);
  const outPrecision =
    op.out === 'i32' ? 'int' : dtype === 'f32' || dtype === 'f64' ? dtype : 'int';
  const inputsArb = fc.tuple(
    ...(new Array(op.arity).fill(arrayArbitrary(dtype)) as [fc.Arbitrary<Numeric>]),
  );
  const property = fc.asyncProperty(
    fc.limitShrink(inputsArb, MAX_SHRINKS),
    async (inputs: Numeric[]) => {
      const expected = makeOut();
      runReference(
        op,
        dtype,
        inputs.map((a) => a.slice()),
        expected,
      );
      const launchInputs = inputs.map((a) => a.slice());
      const got = makeOut();
      await compiled.launch(ARRAY_LENGTH, ...launchInputs, got);
      for (let k = 0; k < ARRAY_LENGTH; k++) {
        const at = inputs.map((a) => a[k]!);
        const e = expected[k]!,
          g = got[k]!;
        const matches = (reference: number): boolean =>
          outPrecision === 'int'
            ? reference === g
            : floatOk(op, outPrecision, backend, at, reference, g);
        const flushed =
          backend === 'webgpu' && dtype === 'f32' ? flushedReferences(op, at, makeOut) : [];
        const ok = matches(e) || flushed.some(matches);
        if (!ok) {
          const ulps = outPrecision === 'int' ? '' : `, ${ulpDistance(e, g, outPrecision)} ulps`;
          const reference = wrappedReference(op, dtype)
            ? ' (32-bit wrapped, the integer contract)'
            : '';
          throw new Error(
            `${op.name} on ${dtype} (${backend}): element ${k}, inputs (${at.map(show).join(', ')}): expected ${show(e)}${reference}, got ${show(g)}${ulps}`,
          );
        }
      }
      inputs.forEach((a, position) => {
        for (let k = 0; k < ARRAY_LENGTH; k++) {
          if (!Object.is(a[k], launchInputs[position]![k]))
            throw new Error(
              `${op.name} on ${dtype} (${backend}): input ${position} was modified at ${k}`,
            );
        }
      });
    },
  );
  const baseSeed = propertySeed();
  const name = `${op.name} on ${dtype}`;
  const details = await fc.check(property, { numRuns: runs, seed: seedFor(baseSeed, name) });
  if (details.failed) throw new Error(failureReport(name, backend, baseSeed, details));
}

/** A readable, reproducible report of a failed property. */
function failureReport(
  name: string,
  backend: string,
  baseSeed: number,
  details: fc.RunDetails<[Numeric[]]>,
): string {
  const cause =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance);
  const pattern = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lines = [
    `${name} (${backend}) failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s):`,
    `  ${cause}`,
    `  seed: NUMBAT_PROPERTY_SEED=${baseSeed} (fast-check seed ${details.seed}, path "${details.counterexamplePath ?? ''}")`,
    `  rerun: NUMBAT_PROPERTY_SEED=${baseSeed} npx vitest run test/properties -t '${pattern}'`,
  ];
  if (details.counterexample !== null)
    lines.push(`  counterexample: ${fc.stringify(details.counterexample[0])}`);
  return lines.join('\n');
}

function show(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}
