// reduceOrder.ts — the one association order of a reduction on the CPU backends (js,
// workers, wasm) and in the plain reference, so that their results are bit-identical and
// `auto` choosing among them can never change an answer.
//
// The grid's flat indices [0, total) are cut into chunks that depend on `total` only
// (never on the thread count or on timing): every chunk starts at a multiple of LANES.
// Inside a chunk, index f goes to lane f mod LANES; each lane folds its values left to
// right, starting from the reduction's identity (sum −0, prod 1, min +∞, max −∞; a custom
// combiner's lane starts with its first value; min and max, whose answer no grouping
// changes, may fold a lane in any grouping: wasm rotates four accumulators). −0 is the
// identity of IEEE addition (−0 + x is x for every x, −0 included, where +0 + −0 is +0):
// a sum of −0 values is −0, as the plain left fold gives. A reduction over an empty grid gives REDUCE_EMPTY (a sum
// of nothing is +0, as in NumPy). A chunk's partial is
// (lane0 ⊕ lane1) ⊕ (lane2 ⊕ lane3), empty lanes left out. The result is
// identity ⊕ partial0 ⊕ partial1 ⊕ … folded left in chunk order (a custom combiner starts
// from partial0). The built-in reductions accumulate in f64, whatever the values' type,
// as plain JavaScript's numbers do: sums of f32 values are not rounded to f32, and integer
// sums are exact up to 2^53. A custom combiner computes in the kernel's reduce type.
//
// Why this shape: wasm's vector loop holds four consecutive indices in its lanes, so lane
// accumulators are what SIMD computes naturally; chunks let threads work on their own
// partials. WebGPU reduces in f32 with a different tree (README).

/** Lanes of every reduction's accumulators. */
export const REDUCE_LANES = 4;
/** A chunk has at least this many indices (unless the grid is smaller). */
export const MIN_REDUCE_CHUNK = 64;
/**
 * At most this many chunks (one partial each). Every chunk costs a claim on the thread
 * pool (a few contended atomics on the shared control block) and a `run` call; with 1024
 * chunks, Σx² over 10^7 f64 on wasm (two threads, memory-bound) spent 13–30 % of its time
 * on them (issue 17); 256 chunks still give every thread of a 16-thread pool 16 to balance.
 */
export const MAX_REDUCE_CHUNKS = 256;

/** How a reduction's grid is cut into chunks. */
export interface ReduceChunks {
  readonly chunkSize: number;
  readonly chunks: number;
}

/** The chunks of a reduction over `total` indices (a function of `total` only). */
export function reduceChunks(total: number): ReduceChunks {
  if (total <= 0) return { chunkSize: 0, chunks: 0 };
  const wanted = Math.max(MIN_REDUCE_CHUNK, Math.ceil(total / MAX_REDUCE_CHUNKS));
  const chunkSize = Math.ceil(wanted / REDUCE_LANES) * REDUCE_LANES;
  return { chunkSize, chunks: Math.ceil(total / chunkSize) };
}

/** The identity a built-in reduction's lanes start from (see the header for the sum's −0). */
export const REDUCE_IDENTITY = { sum: -0, prod: 1, min: Infinity, max: -Infinity } as const;

/** A built-in reduction's result over an empty grid: the identity, but +0 for a sum. */
export const REDUCE_EMPTY = { sum: 0, prod: 1, min: Infinity, max: -Infinity } as const;

/** What a kernel returns for an empty grid: REDUCE_EMPTY for a built-in reduction, else undefined. */
export function emptyGridResult(reduce: { kind: string } | null | undefined): number | undefined {
  const kind = reduce?.kind;
  return kind === 'sum' || kind === 'prod' || kind === 'min' || kind === 'max'
    ? REDUCE_EMPTY[kind]
    : undefined;
}

/** The built-in combiners, with JavaScript's meaning. */
export const REDUCE_COMBINE = {
  sum: (a: number, b: number): number => a + b,
  prod: (a: number, b: number): number => a * b,
  min: (a: number, b: number): number => Math.min(a, b),
  max: (a: number, b: number): number => Math.max(a, b),
} as const;

/**
 * A chunk's partial from its lanes: (l0 ⊕ l1) ⊕ (l2 ⊕ l3), lanes with `has[k]` false left
 * out. Returns undefined when no lane has a value.
 */
export function combineLanes(
  lanes: ArrayLike<number>,
  has: ArrayLike<boolean>,
  combine: (a: number, b: number) => number,
): number | undefined {
  const pair = (a: number, b: number): number | undefined =>
    has[a] ? (has[b] ? combine(lanes[a]!, lanes[b]!) : lanes[a]) : has[b] ? lanes[b] : undefined;
  const low = pair(0, 1);
  const high = pair(2, 3);
  return low === undefined ? high : high === undefined ? low : combine(low, high);
}

/** Folds chunk partials left in chunk order, from `identity` when there is one. */
export function foldPartials(
  partials: readonly (number | undefined)[],
  combine: (a: number, b: number) => number,
  identity: number | undefined,
): number | undefined {
  let acc = identity;
  for (const p of partials) {
    if (p === undefined) continue;
    acc = acc === undefined ? p : combine(acc, p);
  }
  return acc;
}
