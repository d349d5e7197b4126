// vectorize.ts — `vectorize(fn)`: a scalar function applied elementwise with NumPy
// broadcasting. Each call pattern (arity, which arguments are arrays, broadcast rank)
// gets a small generated kernel that calls `fn` through `uses`, over a grid of the
// broadcast shape; inputs are viewed with zero strides along broadcast axes.

import { describeValue } from './describe.js';
import type { BackendName } from '../backends/backend.js';
import { NDArray, rowMajorStrides, type HostArray, type HostKind } from './ndarray.js';
import { zerosNow } from './device.js';
import { inOrder } from './stream.js';
import { kernel, type Kernel } from './kernel.js';
import { dtypeOf, TYPED_ARRAY, type DType, type TypedArray } from '../jit/types/dtype.js';
import { describeArg, isScijsNdarray, type ScijsNdarray } from './arguments.js';
import { BACKEND_NAMES, isBackendName } from '../backends/registry.js';
import {
  callSource,
  inputCasts,
  ResultTypes,
  wrapperFunction,
  wrapperUses,
  type InputType,
} from './vectorizeTypes.js';

/**
 * Options of `vectorize(fn, options)`.
 *
 * @example
 * ```ts
 * const relu = vectorize((v: number) => Math.max(v, 0), { backend: 'wasm' });
 * ```
 */
export interface VectorizeOptions {
  /**
   * Every call writes into this array and resolves to it, instead of allocating a result:
   * a typed array of the broadcast size (row-major), or an ndarray or NDArray of the
   * broadcast shape (else a RangeError before anything is written). Its dtype is the
   * result's, whatever `fn` computes: values are stored as `out[i] = fn(…)` would store them.
   */
  out?: VectorizeOut;
  /** Where it runs, as `KernelOptions.backend`. */
  backend?: BackendName | 'auto';
  /** Float precision, as `KernelOptions.precision`. */
  precision?: 'auto' | 'f32' | 'f64';
}

/**
 * What `options.out` may be.
 *
 * @example
 * ```ts
 * const out: VectorizeOut = new Float32Array(4);
 * ```
 */
export type VectorizeOut = TypedArray | ScijsNdarray | NDArray;

interface ArrayInfo {
  dtype: DType;
  shape: number[];
  strides: number[];
  offset: number;
  kind: 'typed' | 'ndarray' | 'NDArray';
}

const MAX_RANK = 3;

function arrayInfo(x: unknown): ArrayInfo | null {
  if (x instanceof NDArray)
    return {
      dtype: x.dtype,
      shape: [...x.shape],
      strides: [...x.strides],
      offset: x.offset,
      kind: 'NDArray',
    };
  if (isScijsNdarray(x))
    return {
      dtype: dtypeOf(x.data)!,
      shape: [...x.shape],
      strides: [...x.stride],
      offset: x.offset,
      kind: 'ndarray',
    };
  if (ArrayBuffer.isView(x) && dtypeOf(x))
    return {
      dtype: dtypeOf(x)!,
      shape: [(x as TypedArray).length],
      strides: [1],
      offset: 0,
      kind: 'typed',
    };
  return null;
}

/** NumPy broadcasting of shapes; throws naming the arguments that do not broadcast. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    let n = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + k] ?? 1;
      if (d !== 1 && n !== 1 && d !== n)
        throw new TypeError(
          `numbat: vectorize: shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(', ')} do not broadcast (axis ${k}: ${n} vs ${d})`,
        );
      if (d !== 1) n = d;
    }
    out.push(n);
  }
  return out;
}

/** A strided view object the kernel accepts as an ndarray argument. */
function view(data: TypedArray, shape: number[], stride: number[], offset: number): ScijsNdarray {
  const at = (ix: number[]) => ix.reduce((acc, v, k) => acc + v * stride[k]!, offset);
  return {
    data,
    shape,
    stride,
    offset,
    get: (...ix: number[]) => data[at(ix)]!,
    set: (...ixv: number[]) => (data[at(ixv.slice(0, -1))] = ixv[ixv.length - 1]!),
  };
}

/**
 * What an NDArray result's `toHost()` gives: a scijs ndarray when the first NDArray came
 * from one (with a view constructor of the result's rank, from an argument that has one),
 * else a typed array.
 */
function resultHostKind(args: readonly unknown[], rank: number): HostKind {
  const first = args.find((a) => a instanceof NDArray) as NDArray;
  if (first.hostKind.kind !== 'ndarray') return { kind: 'typed' };
  for (const a of args) {
    if (a instanceof NDArray && a.hostKind.kind === 'ndarray' && a.shape.length === rank)
      return a.hostKind;
    if (isScijsNdarray(a) && a.shape.length === rank)
      return { kind: 'ndarray', ctor: (a as unknown as { constructor: NdarrayCtor }).constructor };
  }
  return { kind: 'typed' };
}

type NdarrayCtor = (HostKind & { kind: 'ndarray' })['ctor'];

/**
 * What a vectorized function takes in place of each number: a number, or an array of them.
 *
 * @example
 * ```ts
 * const args: VectorizeArgument[] = [new Float32Array(4), 2];
 * ```
 */
export type VectorizeArgument = number | boolean | TypedArray | ScijsNdarray | NDArray;

/** The first argument of `A` that is an array (never when all are numbers). */
type FirstArray<A extends readonly unknown[]> = A extends readonly [infer H, ...infer R]
  ? H extends number | boolean
    ? FirstArray<R>
    : H
  : never;

/**
 * What a vectorized call resolves to: a number when every argument is one; else the kind
 * of the first array argument: an NDArray (on its backend; its `toHost()` gives a scijs
 * ndarray where the first NDArray came from one), a scijs ndarray, or a typed
 * array (a `Float32Array` when every array is one, a `Float64Array` likewise, else any
 * typed array: the dtype `vectorize` describes). With `options.out`, calls resolve to it.
 *
 * @example
 * ```ts
 * type R = VectorizeResult<[Float32Array, number]>; // Float32Array
 * ```
 */
export type VectorizeResult<A extends readonly unknown[]> = [FirstArray<A>] extends [never]
  ? number
  : FirstArray<A> extends NDArray<infer H>
    ? [H] extends [TypedArray]
      ? NDArray<TypedArray>
      : NDArray<HostArray>
    : FirstArray<A> extends TypedArray
      ? [Extract<A[number], TypedArray>] extends [Float32Array]
        ? Float32Array
        : [Extract<A[number], TypedArray>] extends [Float64Array]
          ? Float64Array
          : TypedArray
      : FirstArray<A>;

/** `P` with every element's type replaced by `T` (labels kept). */
type Each<P extends readonly unknown[], T> = { [K in keyof P]: T };

/**
 * A vectorized function: `fn`'s arity, each number possibly an array (broadcast together).
 *
 * @typeParam F - the scalar function
 * @example
 * ```ts
 * const hyp: Vectorized<(a: number, b: number) => number> = vectorize(Math.hypot);
 * ```
 */
export type Vectorized<F extends (...xs: number[]) => number | boolean> = <
  A extends Each<Parameters<F>, VectorizeArgument>,
>(
  ...args: A
) => Promise<VectorizeResult<A>>;

/** The options `vectorize` takes. */
const OPTION_NAMES = ['out', 'backend', 'precision'] as const;

/** Checks `vectorize`'s options once, when it is called; throws a TypeError naming the option. */
function checkOptions(name: string, options: unknown): VectorizeOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(
      `numbat: vectorize '${name}': options must be an object { out, backend, precision }, got ${options === null ? 'null' : Array.isArray(options) ? 'an Array' : typeof options}`,
    );
  for (const key of Object.keys(options))
    if (!(OPTION_NAMES as readonly string[]).includes(key))
      throw new TypeError(
        `numbat: vectorize '${name}': unknown option '${key}' (the options are ${OPTION_NAMES.map((n) => `'${n}'`).join(', ')})`,
      );
  const { out, backend, precision } = options as VectorizeOptions;
  if (backend !== undefined && backend !== 'auto' && !isBackendName(backend)) {
    const names = ['auto', ...BACKEND_NAMES].map((n) => `'${n}'`);
    throw new TypeError(
      `numbat: vectorize '${name}': options.backend must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}, got ${JSON.stringify(backend)}`,
    );
  }
  if (precision !== undefined && !['auto', 'f32', 'f64'].includes(precision))
    throw new TypeError(
      `numbat: vectorize '${name}': options.precision must be 'auto', 'f32' or 'f64', got ${JSON.stringify(precision)}`,
    );
  if (out !== undefined && !arrayInfo(out))
    throw new TypeError(
      `numbat: vectorize '${name}': options.out must be a typed array, an ndarray or an NDArray, got ${describeValue(out)}`,
    );
  return options as VectorizeOptions;
}

/**
 * Where a call writes into `options.out`: the view the kernel writes, after checking that
 * `out` holds the broadcast shape (a RangeError naming 'out' before anything runs).
 */
function outTarget(name: string, out: object, shape: number[], size: number): unknown {
  const info = arrayInfo(out)!;
  if (info.kind === 'typed') {
    // A typed array holds the broadcast shape row-major.
    if (info.shape[0] !== size)
      throw new RangeError(
        `numbat: vectorize '${name}': options.out has ${info.shape[0]} elements, but the broadcast shape [${shape.join(', ')}] has ${size}`,
      );
    return view(out as TypedArray, shape, rowMajorStrides(shape), 0);
  }
  if (info.shape.join() !== shape.join())
    throw new RangeError(
      `numbat: vectorize '${name}': options.out has shape [${info.shape.join(', ')}], but the broadcast shape is [${shape.join(', ')}]`,
    );
  return out;
}

/**
 * Applies a scalar function (in the kernel language) elementwise with NumPy broadcasting:
 * the result has the broadcast shape and the kind of the first array argument. Its dtype is
 * decided from types, never from values: with a float input array, the inputs' float type
 * (f32 when every float array is f32, else f64); with integer arrays only, the type the
 * compiler infers for `fn`'s value (i32 or u32 with 32-bit integer semantics, a boolean as
 * i32, f32 where `fn` asks for it, any other float as f64). Where a Uint32Array (or a
 * number above 2³¹ − 1) meets a signed integer input, the integer inputs reach `fn` as f64
 * (NumPy's int64, exactly); where it meets Uint8/Uint16Arrays or non-negative integers,
 * those reach it as u32. `options.out` (an array of the broadcast shape, any dtype)
 * receives the values as `out[i] = fn(…)` would store them; each call resolves to it.
 *
 * @typeParam F - the scalar function
 * @example
 * ```ts
 * const hyp = vectorize((a: number, b: number) => Math.sqrt(a * a + b * b));
 * const h: Float32Array = await hyp(new Float32Array([3, 5]), 4); // [5, 6.403…]
 * const one: number = await hyp(3, 4); // 5
 * const half = vectorize((a: number) => a / 2);
 * await half(new Int32Array([2, 3])); // Float64Array [1, 1.5]
 * const into = vectorize((a: number) => a * 2, { out: new Float32Array(2) });
 * await into(new Float32Array([1, 2])); // the out array, now [2, 4]
 * ```
 */
export function vectorize<F extends (...xs: number[]) => number | boolean, O extends VectorizeOut>(
  fn: F,
  options: VectorizeOptions & { out: O },
): (...args: Each<Parameters<F>, VectorizeArgument>) => Promise<O>;
export function vectorize<F extends (...xs: number[]) => number | boolean>(
  fn: F,
  options?: VectorizeOptions,
): Vectorized<F>;
export function vectorize(
  fn: (...xs: number[]) => number | boolean,
  rawOptions?: VectorizeOptions,
): (...args: any[]) => Promise<any> {
  if (typeof fn !== 'function') throw new TypeError('numbat: vectorize() takes a function');
  const name = fn.name || 'vectorized';
  const options = checkOptions(name, rawOptions);
  const kernels = new Map<string, Kernel>();
  const resultTypes = new ResultTypes(fn, name, options.precision ?? 'auto');
  const apply = async (args: unknown[]): Promise<any> => {
    if (args.length !== fn.length) {
      const last = args[args.length - 1];
      const perCallOptions =
        args.length === fn.length + 1 &&
        typeof last === 'object' &&
        last !== null &&
        Object.getPrototypeOf(last) === Object.prototype;
      throw new TypeError(
        `numbat: vectorize '${name}': takes ${fn.length} argument${fn.length === 1 ? '' : 's'}, got ${args.length}${perCallOptions ? `: argument ${args.length} is an options object, but options are given once, to vectorize(fn, options)` : ''}`,
      );
    }
    const infos = args.map((a, k) => {
      if (typeof a === 'number' || typeof a === 'boolean') return null;
      const info = arrayInfo(a);
      if (!info)
        throw new TypeError(
          `numbat: vectorize '${name}': argument ${k + 1} is not a number, typed array, ndarray or NDArray`,
        );
      return info;
    });
    const arrays = infos.filter((i): i is ArrayInfo => i !== null);
    if (arrays.length === 0) {
      if (options.out !== undefined)
        throw new TypeError(
          `numbat: vectorize '${name}': options.out needs an array argument (with numbers only, the result is a number)`,
        );
      return fn(...(args as number[]));
    }
    const shape = broadcastShapes(arrays.map((a) => a.shape));
    if (shape.length > MAX_RANK)
      throw new TypeError(
        `numbat: vectorize '${name}': broadcast rank ${shape.length} is above ${MAX_RANK}`,
      );
    const rank = shape.length;
    const size = shape.reduce((a, b) => a * b, 1);
    const first = arrays[0]!;
    const types = args.map((a, k): InputType => {
      const info = infos[k];
      if (info) return { kind: 'array', dtype: info.dtype };
      if (typeof a === 'boolean') return { kind: 'bool' };
      return { kind: 'number', value: a as number, sig: describeArg(a, `x${k}`, name) };
    });
    const casts = inputCasts(types);
    // Output container
    const out = options.out;
    let outView: unknown;
    let result: unknown;
    let dtype: DType | undefined;
    if (out !== undefined) {
      outView = outTarget(name, out, shape, size);
      result = out;
    } else {
      dtype = resultTypes.dtypeOf(types, casts);
      if (first.kind === 'NDArray') {
        outView = null; // allocated with the launch, in one ordered step (below)
      } else {
        const data = new TYPED_ARRAY[dtype](size);
        outView = view(data, shape, rowMajorStrides(shape), 0);
        if (first.kind === 'ndarray') {
          // A scijs view constructor of the output's rank: (data, ...shape, ...stride, offset).
          const sample = args.find(
            (a) => isScijsNdarray(a) && (a as ScijsNdarray).shape.length === rank,
          ) as unknown as { constructor: new (...x: unknown[]) => unknown } | undefined;
          result = sample
            ? new sample.constructor(data, ...shape, ...rowMajorStrides(shape), 0)
            : view(data, shape, rowMajorStrides(shape), 0);
        } else {
          result = rank === 1 ? data : view(data, shape, rowMajorStrides(shape), 0);
        }
      }
    }
    // Inputs as rank-`rank` views with zero strides on broadcast axes. An NDArray gets an
    // NDArray view over its storage (one per NDArray, so an array passed twice stays one
    // argument); the view reads and moves the NDArray's storage, and is never an output.
    const ndViews = new Map<NDArray, NDArray>();
    const kernelArgs = args.map((a, k) => {
      const info = infos[k];
      if (!info) return a;
      if (a instanceof NDArray && info.shape.join() === shape.join()) return a;
      const pad = rank - info.shape.length;
      const stride = shape.map((_, ax) =>
        ax < pad || info.shape[ax - pad] === 1 ? 0 : info.strides[ax - pad]!,
      );
      if (a instanceof NDArray) {
        let v = ndViews.get(a);
        if (!v) {
          v = new NDArray(a.storage, shape, stride, a.offset, a.hostKind, a);
          ndViews.set(a, v);
        }
        return v;
      }
      const data = isScijsNdarray(a) ? a.data : (a as TypedArray);
      return view(data, shape, stride, info.offset);
    });
    const key = `${rank}|${infos.map((i) => (i ? 'a' : 's')).join('')}|${casts.join()}`;
    let k = kernels.get(key);
    if (!k) {
      const ix = ['i', 'j', 'k'].slice(0, rank);
      const params = args.map((_, n) => `x${n}`);
      const call = callSource(casts, (n) =>
        infos[n] ? `${params[n]}.get(${ix.join(', ')})` : params[n]!,
      );
      const src = `(${[...ix, ...params, 'out'].join(', ')}) => { out.set(${ix.join(', ')}, ${call}); }`;
      k = kernel(wrapperFunction(fn, src), {
        uses: wrapperUses(fn),
        name,
        ...(options.backend ? { backend: options.backend } : {}),
        ...(options.precision ? { precision: options.precision } : {}),
      });
      kernels.set(key, k);
    }
    if (outView !== null) {
      await k.launch(shape, ...kernelArgs, outView);
      return result;
    }
    // An NDArray result lives where the first NDArray input does; it is allocated and
    // written as one step of the stream, so nothing issued later runs in between.
    const where = (args.find((a) => a instanceof NDArray) as NDArray).backend;
    const launcher = k;
    const resultDtype = dtype!;
    if (resultDtype === 'f64' && where === 'webgpu')
      throw new TypeError(
        `numbat: vectorize '${name}': the result is f64, which cannot live on WebGPU (WGSL has no f64): return f32(…) from the function, give precision: 'f32', or give options.out an f32 NDArray`,
      );
    const hostKind = resultHostKind(args, rank);
    return inOrder(async () => {
      const zeroed = await zerosNow(shape, resultDtype, where);
      const created = new NDArray(zeroed.storage, shape, zeroed.strides, 0, hostKind);
      await launcher.launchUnordered(shape, ...kernelArgs, created);
      return created;
    });
  };
  return (...args: unknown[]) => apply(args);
}
