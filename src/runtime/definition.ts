// definition.ts — what `kernel()` learns at definition time, before any launch: the
// parsed kernel, its `uses` helpers and constants, the reduce combiner, the options, and
// the scope check that rejects outer variables with a caret under the user's code.

import { parseFunction } from '../jit/parse.js';
import { intrinsicOf } from '../jit/intrinsics.js';
import { checkDefinition } from '../jit/check.js';
import { nameAtCallSite } from '../jit/source.js';
import { recordedSource } from '../jit/recorded.js';
import { explainMinified } from './minified.js';
import type { KernelDefinition } from '../jit/pipeline.js';
import type { UsesEntry } from '../jit/lower/index.js';
import type { ReduceOption } from './plain.js';
import type { BackendName } from '../backends/backend.js';

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
  /** A name for messages (defaults to the function's name). */
  name?: string;
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

function define(
  fn: Function,
  options: KernelOptions,
  callSite: string | undefined,
): KernelDefinition {
  const name = options.name ?? recordedSource(fn)?.name ?? (fn.name || nameAtCallSite(callSite));
  const parsed = parseFunction(fn, name, callSite);
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
  for (const f of [fn, options.reduce, ...Object.values(options.uses ?? {})])
    recordedIntrinsics(f, uses);
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
  });
  const precision = options.precision ?? 'auto';
  if (!['auto', 'f32', 'f64'].includes(precision))
    throw new TypeError(`numbat: kernel '${kernelName}': precision must be 'auto', 'f32' or 'f64'`);
  const backend = options.backend ?? 'auto';
  if (backend !== 'auto' && !['js', 'workers', 'wasm', 'webgpu'].includes(backend)) {
    throw new TypeError(
      `numbat: kernel '${kernelName}': backend must be 'auto', 'js', 'workers', 'wasm' or 'webgpu', got ${JSON.stringify(backend)}`,
    );
  }
  return {
    kernel: parsed,
    uses,
    reduce: reduceDef,
    precision,
    boundsCheck: options.boundsCheck ?? env('NUMBAT_BOUNDSCHECK') === '1',
    fastMath: options.fastMath === true,
  };
}
