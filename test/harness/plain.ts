// plain.ts — the specification run: call a corpus entry's plain function over its grid in
// JavaScript, index order, and combine reduce values in index order. Also the helpers
// that find the arrays among a launch's arguments (typed arrays and scijs ndarrays).

import type { CorpusEntry, PlainKernel, ReduceSpec } from '../corpus/types.js';
import type { ReduceKind } from './tolerance.js';
import {
  combineLanes,
  foldPartials,
  REDUCE_COMBINE,
  REDUCE_EMPTY,
  REDUCE_IDENTITY,
  REDUCE_LANES,
  reduceChunks,
} from '../../src/jit/reduceOrder.js';

/** A typed array numbat may read or write. */
export type AnyTypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** The result of running a kernel once: the (mutated) arguments and the reduce value. */
export interface RunResult {
  readonly args: unknown[];
  /** The combined value for reduce kernels; undefined for map kernels. */
  readonly value: number | undefined;
  /** Per-index values of a reduce kernel, in index order (plain runs only). */
  readonly terms: readonly number[];
}

/** The grid as a list of extents, outermost first. */
export function gridExtents(grid: number | readonly number[]): number[] {
  return typeof grid === 'number' ? [grid] : [...grid];
}

/** The number of grid points. */
export function gridSize(grid: number | readonly number[]): number {
  return gridExtents(grid).reduce((a, b) => a * b, 1);
}

function isTypedArray(x: unknown): x is AnyTypedArray {
  return (
    ArrayBuffer.isView(x) &&
    !(x instanceof DataView) &&
    !(x instanceof BigInt64Array) &&
    !(x instanceof BigUint64Array)
  );
}

/** True for a scijs ndarray (duck-typed: data, shape, stride, offset, get, set). */
export function isNdarray(
  x: unknown,
): x is { data: AnyTypedArray; shape: number[]; stride: number[]; offset: number } {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return (
    isTypedArray(o['data']) &&
    Array.isArray(o['shape']) &&
    Array.isArray(o['stride']) &&
    typeof o['get'] === 'function'
  );
}

/** The storage behind an argument: the typed array itself or an ndarray's data; undefined for scalars. */
export function storageOf(arg: unknown): AnyTypedArray | undefined {
  if (isTypedArray(arg)) return arg;
  if (isNdarray(arg)) return arg.data;
  return undefined;
}

/** How a reduce option combines, for choosing the error bound. */
export function reduceKind(spec: ReduceSpec): ReduceKind {
  return typeof spec === 'function' ? 'custom' : spec;
}

/**
 * Combine per-index values (in index order) in the canonical association of the CPU
 * backends (src/jit/reduceOrder.ts: chunks, four lanes, f64), the order a reduction's
 * result is specified in.
 */
export function combineInOrder(spec: ReduceSpec, terms: readonly number[]): number | undefined {
  const combine = typeof spec === 'function' ? spec : REDUCE_COMBINE[spec];
  const identity = typeof spec === 'function' ? undefined : REDUCE_IDENTITY[spec];
  if (terms.length === 0) return typeof spec === 'function' ? undefined : REDUCE_EMPTY[spec];
  const { chunkSize, chunks } = reduceChunks(terms.length);
  const partials: (number | undefined)[] = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    const lanes = [0, 0, 0, 0].map(() => identity ?? 0);
    const has = [0, 0, 0, 0].map(() => identity !== undefined);
    for (let f = chunk * chunkSize; f < Math.min(terms.length, (chunk + 1) * chunkSize); f++) {
      const k = f % REDUCE_LANES;
      lanes[k] = has[k] ? combine(lanes[k]!, terms[f]!) : terms[f]!;
      has[k] = true;
    }
    partials.push(combineLanes(lanes, has, combine));
  }
  return foldPartials(partials, combine, identity);
}

/** Call `visit` with every grid index tuple, outermost first, in row-major order. */
export function forEachGridIndex(
  grid: number | readonly number[],
  visit: (index: number[]) => void,
): void {
  const extents = gridExtents(grid);
  if (extents.length < 1 || extents.length > 3)
    throw new Error(`grid must have 1 to 3 extents, got ${extents.length}`);
  const index = extents.map(() => 0);
  const total = gridSize(extents);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    for (let axis = extents.length - 1; axis >= 0; axis--) {
      index[axis] = rest % extents[axis]!;
      rest = Math.floor(rest / extents[axis]!);
    }
    visit(index);
  }
}

/**
 * Run the plain function over the entry's grid on fresh arguments.
 * `fn` defaults to the entry's function (pass `kernel.fn` to check it is the same).
 */
export function runPlain(entry: CorpusEntry, fn: PlainKernel = entry.fn): RunResult {
  const args = entry.makeArgs();
  const terms: number[] = [];
  const reduce = entry.options?.reduce;
  forEachGridIndex(entry.grid, (index) => {
    const value: unknown = fn(...index, ...args);
    if (reduce !== undefined) {
      if (typeof value !== 'number') {
        throw new Error(
          `${entry.name}: the plain reduce body returned ${String(value)} at index [${index.join(', ')}], not a number`,
        );
      }
      terms.push(value);
    }
  });
  return { args, value: reduce === undefined ? undefined : combineInOrder(reduce, terms), terms };
}
