// harness.ts — the bench's timing utility: warm-up, repeated timed runs, and robust
// statistics (median, min, spread). Knows nothing about numbat or about the cases.
//
// A run is one call of a (possibly async) function. Warm-up runs let V8 tier the code up
// and let a backend compile; then runs are timed one at a time with performance.now()
// until both `minRuns` runs and `minTotalMs` of measured time are reached.

/** How many runs to make. */
export interface MeasureOptions {
  /** Untimed runs before timing (at least this many). Default 2. */
  readonly warmupRuns?: number;
  /** Keep warming up until this much time went by (bounded by maxWarmupRuns). Default 50 ms. */
  readonly warmupMs?: number;
  /** Upper bound on warm-up runs. Default 20. */
  readonly maxWarmupRuns?: number;
  /** Timed runs (at least this many). Default 5. */
  readonly minRuns?: number;
  /** Keep timing until the timed runs add up to this much. Default 200 ms. */
  readonly minTotalMs?: number;
  /** Upper bound on timed runs. Default 200. */
  readonly maxRuns?: number;
}

/** The statistics of one measured function. */
export interface Timing {
  /** Median of the timed runs, ms. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** (p90 − p10) / median: how noisy the runs were (0.05 = 5 %). */
  readonly spread: number;
  /** Every timed run, ms, in the order they ran. */
  readonly samplesMs: readonly number[];
  readonly warmupRuns: number;
}

/** Median of a non-empty list (average of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Linear-interpolated quantile q ∈ [0, 1] of a non-empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return sorted[below]! * (1 - weight) + sorted[above]! * weight;
}

/** Statistics of a list of timed samples. */
export function summarize(samplesMs: readonly number[], warmupRuns: number): Timing {
  const medianMs = median(samplesMs);
  const spread =
    medianMs > 0 ? (quantile(samplesMs, 0.9) - quantile(samplesMs, 0.1)) / medianMs : 0;
  return {
    medianMs,
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    spread,
    samplesMs,
    warmupRuns,
  };
}

/**
 * Time `run`: warm-up runs, then timed runs until both the run count and the total-time
 * targets are met. An async `run` is awaited inside the timed span.
 */
export async function measure(run: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  const warmupRuns = options.warmupRuns ?? 2;
  const warmupMs = options.warmupMs ?? 50;
  const maxWarmupRuns = Math.max(warmupRuns, options.maxWarmupRuns ?? 20);
  const minRuns = options.minRuns ?? 5;
  const minTotalMs = options.minTotalMs ?? 200;
  const maxRuns = Math.max(minRuns, options.maxRuns ?? 200);

  let warmed = 0;
  const warmupStart = performance.now();
  while (
    warmed < warmupRuns ||
    (performance.now() - warmupStart < warmupMs && warmed < maxWarmupRuns)
  ) {
    await run();
    warmed++;
  }

  const samples: number[] = [];
  let total = 0;
  while (samples.length < minRuns || (total < minTotalMs && samples.length < maxRuns)) {
    const start = performance.now();
    await run();
    const elapsed = performance.now() - start;
    samples.push(elapsed);
    total += elapsed;
  }
  return summarize(samples, warmed);
}

/**
 * Per-call cost of something too quick to time alone: `batches` batches of `perBatch`
 * sequential calls each (after `warmupCalls` untimed calls); returns the statistics of the
 * per-call time of each batch, in microseconds (`medianMs` etc. hold µs here).
 */
export async function measurePerCall(
  call: () => unknown,
  {
    warmupCalls = 1000,
    perBatch = 1000,
    batches = 10,
  }: { warmupCalls?: number; perBatch?: number; batches?: number } = {},
): Promise<Timing> {
  for (let i = 0; i < warmupCalls; i++) await call();
  const perCallMicros: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i++) await call();
    perCallMicros.push(((performance.now() - start) * 1000) / perBatch);
  }
  return summarize(perCallMicros, warmupCalls);
}
