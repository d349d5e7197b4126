// definition.ts — what `kernel()` learns at definition time, before any launch: the
// parsed kernel, its `uses` helpers and constants, the reduce combiner, the options, and
// the scope check that rejects outer variables with a caret under the user's code.

import { parseFunction } from '../jit/parse.js';
import { intrinsicOf } from '../jit/ops/names.js';
import { type CheckedFunction, checkDefinition } from '../jit/check.js';
import { KernelError } from '../jit/diagnostics.js';
import { nameAtCallSite } from '../jit/source.js';
import type { KernelDefinition } from '../jit/pipeline.js';
import type { UsesEntry } from '../jit/lower/index.js';
import type { ReduceOption } from './plain.js';
import type { BackendName } from '../backends/backend.js';
import { BACKEND_NAMES, isBackendName } from '../backends/registry.js';

/** Options of `kernel(fn, options)`; see API.md. */
export interface KernelOptions {
  backend?: BackendName | 'auto';
  reduce?: ReduceOption;
  uses?: Record<string, number | boolean | Function>;
  boundsCheck?: boolean;
  precision?: 'auto' | 'f32' | 'f64';
  /**
   * WebGPU only: use the GPU's built-in f32 Math functions (faster, but only as accurate
   * as the WGSL spec requires) instead of numbat's own, which are within 2 ulps of
   * `Math.fround(Math.f(x))`, and let the device compiler fold float constants (so
   * `x * 0` may give 0 for NaN) and flush subnormals through unary minus, floor and ceil.
   * Other backends ignore it.
   */
  fastMath?: boolean;
  /**
   * Makes a cooperative kernel: the grid runs in workgroups of this shape (one extent per
   * grid axis, at most 256 invocations in all), rounded up to whole workgroups; the
   * invocations of a workgroup share `shared()` arrays and meet at `barrier()`.
   */
  workgroup?:
    | number
    | readonly [number]
    | readonly [number, number]
    | readonly [number, number, number];
  /** A name for messages (defaults to the function's name). */
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
  const parsed = parseFunction(fn, options.name ?? (fn.name || nameAtCallSite(callSite)), callSite);
  const kernelName = parsed.source.name;
  const uses = new Map<string, UsesEntry>();
  for (const [name, value] of Object.entries(options.uses ?? {})) {
    const intrinsic = intrinsicOf(value);
    if (intrinsic) {
      uses.set(name, { kind: 'intrinsic', name: intrinsic });
    } else if (typeof value === 'function') {
      uses.set(name, { kind: 'helper', fn: parseFunction(value, name, callSite) });
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      uses.set(name, { kind: 'constant', value });
    } else {
      throw new TypeError(
        `numbat: kernel '${kernelName}': uses.${name} is ${value === null ? 'null' : typeof value}; \`uses\` takes numbers, booleans and helper functions (pass arrays as arguments)`,
      );
    }
  }
  const workgroup = workgroupShape(parsed, options.workgroup);
  const reduce = options.reduce;
  let reduceDef: KernelDefinition['reduce'] = null;
  if (typeof reduce === 'function') {
    reduceDef = parseFunction(reduce, `${kernelName} combiner`, callSite);
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
