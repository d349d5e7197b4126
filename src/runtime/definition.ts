// definition.ts — what `kernel()` learns at definition time, before any launch: the
// parsed kernel, its `uses` helpers and constants, the reduce combiner, the options, and
// the scope check that rejects outer variables with a caret under the user's code.

import { checkCombinerLaws } from './combinerLaws.js';
import { parseFunction } from '../jit/parse.js';
import { intrinsicOf } from '../jit/ops/names.js';
import { type CheckedFunction, checkDefinition } from '../jit/check.js';
import { KernelError } from '../jit/diagnostics.js';
import { nameAtCallSite } from '../jit/source.js';
import { recordedSource } from '../jit/recorded.js';
import { explainMinified } from './minified.js';
import { withBundlerRenames } from './bundlerRenames.js';
import type { KernelDefinition } from '../jit/pipeline.js';
import type { UsesEntry } from '../jit/lower/index.js';
import type { ReduceOption } from './plain.js';
import type { BackendName } from '../backends/backend.js';
import { BACKEND_NAMES, isBackendName } from '../backends/registry.js';

/**
 * Options of `kernel(fn, options)`.
 *
 * @example
 * ```ts
 * const sumsq = kernel((i: number, x: Float64Array) => sq(x[i]!), {
 *   reduce: 'sum',
 *   uses: { sq: (v: number) => v * v },
 *   backend: 'wasm',
 * });
 * ```
 */
export interface KernelOptions {
  /**
   * Where the kernel runs: `'auto'` (the default) picks per launch from a cost model
   * calibrated on this machine; a name forces that backend (`NUMBAT_BACKEND` does the same
   * for every kernel).
   *
   * @example
   * ```ts
   * kernel(fn, { backend: 'webgpu' });
   * ```
   */
  backend?: BackendName | 'auto';
  /**
   * Combines the values the kernel returns, one per grid index: `'sum'`, `'prod'`, `'min'`,
   * `'max'` or an associative `(a, b) => …`; `launch` then resolves to the result. The
   * built-in reductions accumulate in f64 on the CPU backends (f32 on WebGPU).
   *
   * @example
   * ```ts
   * const count = kernel((i: number, x: Float32Array) => (x[i]! > 0 ? 1 : 0), { reduce: 'sum' });
   * const positives: number = await count.launch(x.length, x);
   * const maxAbs = kernel((i: number, x: Float32Array) => Math.abs(x[i]!), {
   *   reduce: (a: number, b: number) => (a > b ? a : b),
   * });
   * ```
   */
  reduce?: ReduceOption;
  /**
   * Helpers (functions in the kernel language), numbers and booleans the kernel refers to
   * by name: a kernel cannot see outer variables. Helpers are inlined; numbers are
   * constants of the compiled code.
   *
   * @example
   * ```ts
   * const N = 64;
   * const clamp = (v: number) => Math.min(1, Math.max(0, v));
   * kernel((i: number, x: Float32Array) => { x[i] = clamp(x[i]! / N); }, { uses: { clamp, N } });
   * ```
   */
  uses?: Record<string, number | boolean | Function>;
  /**
   * Checks every array access: an index out of range throws a `RangeError` naming the
   * kernel, the parameter, the index and the line (also `NUMBAT_BOUNDSCHECK=1`). Without
   * it, out-of-range reads give what the backend gives and writes are dropped.
   *
   * @example
   * ```ts
   * kernel(fn, { boundsCheck: true });
   * ```
   */
  boundsCheck?: boolean;
  /**
   * The float precision of arithmetic tied to no array: `'auto'` (the backend's native
   * float: f64 on CPUs, f32 on WebGPU), `'f64'`, or `'f32'` (all float math f32 everywhere,
   * and f64 arrays stored as f32 on WebGPU).
   *
   * @example
   * ```ts
   * kernel(fn, { precision: 'f32' });
   * ```
   */
  precision?: 'auto' | 'f32' | 'f64';
  /**
   * WebGPU only: use the GPU's built-in f32 Math functions (faster, but only as accurate
   * as the WGSL spec requires) instead of numbat's own, which are within 2 ulps of
   * `Math.fround(Math.f(x))`, and let the device compiler fold float constants (so
   * `x * 0` may give 0 for NaN) and flush subnormals through unary minus, floor and ceil.
   * Other backends ignore it.
   *
   * @example
   * ```ts
   * kernel(fn, { backend: 'webgpu', fastMath: true });
   * ```
   */
  fastMath?: boolean;
  /**
   * Makes a cooperative kernel: the grid runs in workgroups of this shape (one extent per
   * grid axis, at most 256 invocations in all), rounded up to whole workgroups; the
   * invocations of a workgroup share `shared()` arrays and meet at `barrier()` (README,
   * "Cooperative kernels").
   *
   * @example
   * ```ts
   * kernel((i: number, x: Float32Array, out: Float32Array) => {
   *   const tile = shared(Float32Array, 256);
   *   tile[localId()] = x[i]!;
   *   barrier();
   *   if (localId() === 0) out[groupId()] = tile[0]! + tile[255]!;
   * }, { workgroup: 256 });
   * ```
   */
  workgroup?:
    | number
    | readonly [number]
    | readonly [number, number]
    | readonly [number, number, number];
  /**
   * A name for messages and `inspect` (defaults to the function's name, or the variable
   * the kernel is assigned to).
   *
   * @example
   * ```ts
   * kernel((i: number, x: Float32Array) => { x[i] = 0; }, { name: 'clear' });
   * ```
   */
  name?: string;
}

/** The most invocations a workgroup may have (WebGPU's guaranteed minimum limit). */
export const MAX_WORKGROUP_INVOCATIONS = 256;

/**
 * The workgroup option as extents, or a KernelError located at the kernel's parameters
 * (the grid indices the workgroup divides).
 */
function workgroupShape(kernel: CheckedFunction, option: unknown): readonly number[] | null {
  if (option === undefined) return null;
  const shape = typeof option === 'number' ? [option] : option;
  const params = kernel.ast.params;
  const span =
    params.length > 0
      ? { start: params[0]!.span.start, end: params[params.length - 1]!.span.end }
      : kernel.ast.span;
  const bad = (why: string): never => {
    throw new KernelError(
      'E_WORKGROUP',
      `the workgroup option ${why}, got ${JSON.stringify(option)}`,
      kernel.source,
      span,
      'e.g. workgroup: 256, or [16, 16] for a 2-D grid',
    );
  };
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3)
    bad('must be n, [n], [a, b] or [a, b, c]');
  const extents = shape as unknown[];
  if (!extents.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1))
    bad('extents must be whole numbers of at least 1');
  const invocations = (extents as number[]).reduce((a, b) => a * b, 1);
  if (invocations > MAX_WORKGROUP_INVOCATIONS)
    bad(
      `has ${invocations} invocations; at most ${MAX_WORKGROUP_INVOCATIONS} are allowed (WebGPU's limit)`,
    );
  return extents as number[];
}

const env = (name: string): string | undefined =>
  typeof process !== 'undefined' ? process.env?.[name] : undefined;

/** Parses and checks a kernel definition; throws KernelError or TypeError naming the kernel. */
export function defineKernel(
  fn: Function,
  options: KernelOptions,
  callSite: string | undefined,
): KernelDefinition {
  try {
    return define(fn, options, callSite);
  } catch (e) {
    throw explainMinified(e, fn, options);
  }
}

/** Intrinsics a recorded function refers to under another name (`import { f32 as g }`). */
function recordedIntrinsics(f: unknown, uses: Map<string, UsesEntry>): void {
  if (typeof f !== 'function') return;
  for (const [name, value] of Object.entries(recordedSource(f)?.names ?? {})) {
    const intrinsic = intrinsicOf(value);
    if (intrinsic && !uses.has(name)) uses.set(name, { kind: 'intrinsic', name: intrinsic });
  }
}

/** The options kernel() knows; any other key is a TypeError (a typo must not pass silently). */
const KNOWN_OPTIONS: readonly (keyof KernelOptions)[] = [
  'backend',
  'reduce',
  'uses',
  'boundsCheck',
  'precision',
  'fastMath',
  'workgroup',
  'name',
];

/** Throws a TypeError for options that are not an object or carry an unknown key. */
function checkOptionKeys(options: unknown, kernelName: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(
      `numbat: kernel '${kernelName}': options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`,
    );
  for (const key of Object.keys(options)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(key)) continue;
    const near = KNOWN_OPTIONS.find((k) => k.toLowerCase() === key.toLowerCase());
    throw new TypeError(
      `numbat: kernel '${kernelName}': unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; the options are ${KNOWN_OPTIONS.join(', ')}`,
    );
  }
}

function define(
  fn: Function,
  options: KernelOptions,
  callSite: string | undefined,
): KernelDefinition {
  const given = (options as { name?: unknown } | null)?.name;
  const inferred = recordedSource(fn)?.name ?? (fn.name || nameAtCallSite(callSite));
  // The name later errors use (`const k = kernel(…)` is 'k'), here too.
  checkOptionKeys(options, typeof given === 'string' ? given : (inferred ?? 'kernel'));
  const name = options.name ?? inferred;
  const parsed = parseFunction(fn, name, callSite);
  const kernelName = parsed.source.name;
  const uses = new Map<string, UsesEntry>();
  for (const [name, value] of Object.entries(withBundlerRenames(fn, options.uses) ?? {})) {
    const intrinsic = intrinsicOf(value);
    if (intrinsic) {
      uses.set(name, { kind: 'intrinsic', name: intrinsic });
    } else if (typeof value === 'function') {
      if (/^class\b/.test(Function.prototype.toString.call(value)))
        throw new TypeError(
          `numbat: kernel '${kernelName}': uses.${name} is a class; \`uses\` takes numbers, booleans and helper functions (a static method can be one: uses: { ${name}Method: ${name}.method })`,
        );
      uses.set(name, {
        kind: 'helper',
        fn: parseFunction(value, name, callSite, {
          reportAs: `${kernelName} (helper ${name})`,
          role: `helper \`${name}\``,
        }),
      });
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      uses.set(name, { kind: 'constant', value });
    } else {
      throw new TypeError(
        `numbat: kernel '${kernelName}': uses.${name} is ${value === null ? 'null' : typeof value}; \`uses\` takes numbers, booleans and helper functions (pass arrays as arguments)`,
      );
    }
  }
  for (const f of [fn, options.reduce, ...Object.values(options.uses ?? {})])
    recordedIntrinsics(f, uses);
  const workgroup = workgroupShape(parsed, options.workgroup);
  const reduce = options.reduce;
  let reduceDef: KernelDefinition['reduce'] = null;
  if (typeof reduce === 'function') {
    reduceDef = parseFunction(reduce, `${kernelName} combiner`, callSite, { role: 'combiner' });
  } else if (reduce !== undefined) {
    if (!['sum', 'prod', 'min', 'max'].includes(reduce as string)) {
      throw new TypeError(
        `numbat: kernel '${kernelName}': reduce must be 'sum', 'prod', 'min', 'max' or a function (a, b) => …, got ${JSON.stringify(reduce)}`,
      );
    }
    reduceDef = reduce;
  }
  checkDefinition({
    kernel: parsed,
    helpers: new Map(
      [...uses].flatMap(([name, e]) => (e.kind === 'helper' ? [[name, e.fn] as const] : [])),
    ),
    constants: new Map(
      [...uses].flatMap(([name, e]) => (e.kind === 'constant' ? [[name, e.value] as const] : [])),
    ),
    intrinsics: new Map(
      [...uses].flatMap(([name, e]) => (e.kind === 'intrinsic' ? [[name, e.name] as const] : [])),
    ),
    reduce: reduceDef === null ? null : typeof reduceDef === 'string' ? 'builtin' : reduceDef,
    workgroup,
  });
  if (typeof reduce === 'function' && reduceDef !== null && typeof reduceDef !== 'string')
    checkCombinerLaws(reduce as (a: number, b: number) => unknown, reduceDef);
  const precision = options.precision ?? 'auto';
  if (!['auto', 'f32', 'f64'].includes(precision))
    throw new TypeError(`numbat: kernel '${kernelName}': precision must be 'auto', 'f32' or 'f64'`);
  const backend = options.backend ?? 'auto';
  if (backend !== 'auto' && !isBackendName(backend)) {
    const names = ['auto', ...BACKEND_NAMES].map((n) => `'${n}'`);
    throw new TypeError(
      `numbat: kernel '${kernelName}': backend must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}, got ${JSON.stringify(backend)}`,
    );
  }
  return {
    kernel: parsed,
    uses,
    reduce: reduceDef,
    precision,
    boundsCheck: options.boundsCheck ?? env('NUMBAT_BOUNDSCHECK') === '1',
    fastMath: options.fastMath === true,
    workgroup,
  };
}
