// vectorize.ts — `vectorize(fn)`: a scalar function applied elementwise with NumPy
// broadcasting. Each call pattern (arity, which arguments are arrays, broadcast rank)
// gets a small generated kernel that calls `fn` through `uses`, over a grid of the
// broadcast shape; inputs are viewed with zero strides along broadcast axes.

import type { BackendName } from '../backends/backend.js';
import { NDArray, rowMajorStrides } from './ndarray.js';
import { zerosNow } from './device.js';
import { inOrder } from './stream.js';
import { kernel, type Kernel } from './kernel.js';
import { dtypeOf, TYPED_ARRAY, type DType, type TypedArray } from '../jit/types/dtype.js';
import { isScijsNdarray, type ScijsNdarray } from './arguments.js';

/**
 * Options of `vectorize(fn, options)`.
 *
 * @example
 * ```ts
 * const relu = vectorize((v: number) => Math.max(v, 0), { backend: 'wasm' });
 * ```
 */
export interface VectorizeOptions {
  /** Write into this array instead of allocating the result. */
  out?: TypedArray | ScijsNdarray | NDArray;
  /** Where it runs, as `KernelOptions.backend`. */
  backend?: BackendName | 'auto';
  /** Float precision, as `KernelOptions.precision`. */
  precision?: 'auto' | 'f32' | 'f64';
}

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

/** NumPy-style result dtype of the inputs (floats win; wider wins). */
function promoteDtypes(dtypes: DType[]): DType {
  if (dtypes.includes('f64')) return 'f64';
  if (dtypes.includes('f32')) return 'f32';
  if (dtypes.includes('u32') && dtypes.some((d) => d === 'i32' || d === 'i16' || d === 'i8'))
    return 'f64';
  for (const d of ['u32', 'i32', 'i16', 'u16', 'i8', 'u8'] as const)
    if (dtypes.includes(d))
      return d === 'i16' || d === 'u16' || d === 'i8' || d === 'u8' ? 'i32' : d;
  return 'f64';
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
 * of the first array argument: an NDArray (on its backend), a scijs ndarray, or a typed
 * array (a `Float32Array` when every array is one, a `Float64Array` likewise, else any
 * typed array: the dtype is the promotion of the inputs').
 *
 * @example
 * ```ts
 * type R = VectorizeResult<[Float32Array, number]>; // Float32Array
 * ```
 */
export type VectorizeResult<A extends readonly unknown[]> = [FirstArray<A>] extends [never]
  ? number
  : FirstArray<A> extends NDArray<any>
    ? NDArray<TypedArray>
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
export type Vectorized<F extends (...xs: number[]) => number> = <
  A extends Each<Parameters<F>, VectorizeArgument>,
>(
  ...args: A
) => Promise<VectorizeResult<A>>;

/**
 * Applies a scalar function (in the kernel language) elementwise with NumPy broadcasting:
 * the result has the broadcast shape and the kind of the first array argument.
 *
 * @typeParam F - the scalar function
 * @example
 * ```ts
 * const hyp = vectorize((a: number, b: number) => Math.sqrt(a * a + b * b));
 * const h: Float32Array = await hyp(new Float32Array([3, 5]), 4); // [5, 6.403…]
 * const one: number = await hyp(3, 4); // 5
 * ```
 */
export function vectorize<F extends (...xs: number[]) => number>(
  fn: F,
  options?: Omit<VectorizeOptions, 'out'>,
): Vectorized<F>;
export function vectorize(
  fn: (...xs: number[]) => number,
  options: Omit<VectorizeOptions, 'out'> = {},
): (...args: any[]) => Promise<any> {
  if (typeof fn !== 'function') throw new TypeError('numbat: vectorize() takes a function');
  const kernels = new Map<string, Kernel>();
  const name = fn.name || 'vectorized';
  const apply = async (args: unknown[], callOptions: VectorizeOptions): Promise<any> => {
    if (args.length !== fn.length)
      throw new TypeError(
        `numbat: vectorize '${name}': takes ${fn.length} arguments, got ${args.length}`,
      );
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
    if (arrays.length === 0) return fn(...(args as number[]));
    const shape = broadcastShapes(arrays.map((a) => a.shape));
    if (shape.length > MAX_RANK)
      throw new TypeError(
        `numbat: vectorize '${name}': broadcast rank ${shape.length} is above ${MAX_RANK}`,
      );
    const rank = shape.length;
    const size = shape.reduce((a, b) => a * b, 1);
    const first = arrays[0]!;
    let dtype = promoteDtypes(arrays.map((a) => a.dtype));
    if (dtype !== 'f32' && dtype !== 'f64' && size > 0) {
      // Integer inputs: the result is integer only if the function keeps it so.
      const sample = fn(...args.map((a, k) => (infos[k] ? firstElement(a) : Number(a))));
      if (!Number.isInteger(sample)) dtype = 'f64';
    }
    // Output container
    const out = callOptions.out;
    let outView: unknown;
    let result: unknown;
    if (out !== undefined) {
      const info = arrayInfo(out);
      if (!info || info.shape.join() !== shape.join())
        throw new TypeError(
          `numbat: vectorize '${name}': options.out must have the broadcast shape [${shape.join(', ')}]`,
        );
      outView =
        out instanceof NDArray || isScijsNdarray(out)
          ? out
          : view(out as TypedArray, shape, rowMajorStrides(shape), 0);
      result = out;
    } else if (first.kind === 'NDArray') {
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
    // Inputs as rank-`rank` views with zero strides on broadcast axes.
    const kernelArgs = args.map((a, k) => {
      const info = infos[k];
      if (!info) return a;
      if (a instanceof NDArray && info.shape.join() === shape.join()) return a;
      const pad = rank - info.shape.length;
      const stride = shape.map((_, ax) =>
        ax < pad || info.shape[ax - pad] === 1 ? 0 : info.strides[ax - pad]!,
      );
      const data = a instanceof NDArray ? null : isScijsNdarray(a) ? a.data : (a as TypedArray);
      if (!data) return a; // an NDArray that needs broadcasting: leave to the kernel's rank check
      return view(data, shape, stride, info.offset);
    });
    const key = `${rank}|${infos.map((i) => (i ? 'a' : 's')).join('')}`;
    let k = kernels.get(key);
    if (!k) {
      const ix = ['i', 'j', 'k'].slice(0, rank);
      const params = args.map((_, n) => `x${n}`);
      const call = `f(${params.map((p, n) => (infos[n] ? `${p}.get(${ix.join(', ')})` : p)).join(', ')})`;
      const src = `(${[...ix, ...params, 'out'].join(', ')}) => { out.set(${ix.join(', ')}, ${call}); }`;
      // `f` is also a real binding of the wrapper's closure, so the wrapper runs as plain
      // JavaScript too (NUMBAT_DISABLE_JIT, kernel.fn), not only through `uses`.
      const wrapper = new Function('f', `return ${src}`)(fn) as Function;
      k = kernel(wrapper, {
        uses: { f: fn },
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
    return inOrder(async () => {
      const created = await zerosNow(shape, dtype, where);
      await launcher.launchUnordered(shape, ...kernelArgs, created);
      return created;
    });
  };
  return (...args: unknown[]) => apply(args, {});
}

function firstElement(a: unknown): number {
  if (isScijsNdarray(a)) return a.data[a.offset] ?? 0;
  if (ArrayBuffer.isView(a)) return (a as TypedArray)[0] ?? 0;
  return 0;
}
