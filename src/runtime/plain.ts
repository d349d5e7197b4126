// plain.ts — runs a kernel as the plain JavaScript function it is (NUMBAT_DISABLE_JIT=1,
// and the reference the differential tests compare against).
//
// Every grid index calls the function, in row-major order. A reduction combines the
// returned values in the canonical order of the CPU backends (reduceOrder.ts): chunks,
// four lanes, f64 accumulation. So a reduction under NUMBAT_DISABLE_JIT gives the same
// bits as js, workers and wasm whenever the per-index values agree.

import {
  combineLanes,
  foldPartials,
  REDUCE_COMBINE,
  REDUCE_EMPTY,
  REDUCE_IDENTITY,
  REDUCE_LANES,
  reduceChunks,
} from '../jit/reduceOrder.js';

/**
 * How a kernel's returned values combine (`KernelOptions.reduce`).
 *
 * @example
 * ```ts
 * const reduce: ReduceOption = (a, b) => Math.max(a, b);
 * ```
 */
export type ReduceOption =
  | 'sum'
  | 'prod'
  | 'min'
  | 'max'
  | ((a: number, b: number) => number)
  | undefined;

/** Calls `fn(...indices, ...args)` for every grid index (row-major) and combines returns. */
export function runPlain(
  fn: Function,
  grid: readonly number[],
  args: readonly unknown[],
  reduce: ReduceOption,
): number | undefined {
  const [a = 1, b = 1, c = 1] = grid;
  const total = grid.length === 0 ? 0 : a * b * c;
  const call = (f: number): unknown => {
    if (grid.length === 1) return fn(f, ...args);
    const k = f % c;
    const rest = (f - k) / c;
    if (grid.length === 2) return fn(Math.floor(f / b), f % b, ...args);
    return fn(Math.floor(rest / b), rest % b, k, ...args);
  };
  if (!reduce) {
    for (let f = 0; f < total; f++) call(f);
    return undefined;
  }
  const combine = typeof reduce === 'function' ? reduce : REDUCE_COMBINE[reduce];
  const identity = typeof reduce === 'function' ? undefined : REDUCE_IDENTITY[reduce];
  if (total === 0) return typeof reduce === 'function' ? undefined : REDUCE_EMPTY[reduce];
  const { chunkSize, chunks } = reduceChunks(total);
  const partials: (number | undefined)[] = [];
  const lanes = new Array<number>(REDUCE_LANES);
  const has = new Array<boolean>(REDUCE_LANES);
  for (let chunk = 0; chunk < chunks; chunk++) {
    lanes.fill(identity ?? 0);
    has.fill(identity !== undefined);
    const end = Math.min(total, (chunk + 1) * chunkSize);
    for (let f = chunk * chunkSize; f < end; f++) {
      const v = Number(call(f));
      const k = f & (REDUCE_LANES - 1);
      lanes[k] = has[k] ? combine(lanes[k]!, v) : v;
      has[k] = true;
    }
    partials.push(combineLanes(lanes, has, combine));
  }
  return foldPartials(partials, combine, identity);
}
