// selectPolicy.ts — the numbers `auto`'s backend choice is tuned by (select.ts), each with
// the measurement that set it, and the two small rules built from them: which launches are
// timed (samplePeriod) and which launches share a choice (sizeClass).

import { POOL_SPAWN_MS } from '../backends/costs.js';

/** Candidates predicted within this factor of the best may be tried early (REGRET budget). */
export const EXPLORE_FACTOR = 2;
/** Trials may cost at most this fraction of the time the kernel's launches have taken. */
export const REGRET = 0.15;
/** Candidates predicted beyond EXPLORE_FACTOR: this fraction only, after LATE_AFTER best launches' time. */
export const LATE_REGRET = 0.02;
export const LATE_AFTER = 50;
/** A candidate measured more than this factor slower than the best is not tried again. */
export const CLEAR_FACTOR = 1.2;
/** What a trial's cost assumes a first (cold) launch on a backend takes, × a warm one. */
export const COLD_FACTOR = 2;
/** Samples each of two close candidates gets before choosing between them by measurement. */
export const CLOSE_SAMPLES = 3;
/** A slice trial aims at this much of the candidate's time, ms (enough to time it)... */
export const SLICE_TARGET_MS = 1;
/** ...and takes at most this fraction of the grid (the reference slice takes as much). */
export const SLICE_MAX_FRACTION = 0.25;
/** How far off the model a whole-launch trial's cost is assumed to be, before any measurement. */
export const MODEL_DOUBT = 4;
/** The first (cold) slice on a backend: this fraction of the grid, at least one index or row. */
export const COLD_SLICE_FRACTION = 1 / 1024;
/**
 * Reference slices are used only when staging data is at most this share of the predicted
 * time: a range run stages the whole arrays however small the range, so the reference
 * slice carries all of it, and the model's staging figure (subtracted) can be 4× off for
 * arrays beyond the caches (saxpy on workers: 18 ms modelled, 70 measured; the slice then
 * implied js at 1.5 ms a launch, and auto chose it on that).
 */
export const SLICE_MAX_TRANSFER_SHARE = 0.01;
/** A far in-place candidate is tried early against a best that stages this share of its time. */
export const MOSTLY_STAGING = 0.25;
/** An edge slice covers at least this many bytes of the kernel's arrays (beyond the caches). */
export const EDGE_SLICE_MIN_BYTES = 4 << 20;
/**
 * A thread pool that has not started costs its start once (POOL_START_MS: workers
 * booting), in the first launch that needs it. A candidate that needs it is predicted with
 * that cost spread over this many launches, a short script's run: a kernel of 0.1 ms on
 * wasm and 0.4 ms on js starts on js (probe 13, fresh processes: 10 launches of a clamp
 * over 2^16 floats took 12 ms on js, 47 on wasm, 52 under auto), and the pool starts in
 * the background meanwhile; one of 13 ms on wasm and 60 on js starts it at once.
 */
export const FIRST_LAUNCHES = 10;
/**
 * A pool's start cannot be taken back, and the model's ratio between two backends was off
 * by up to 3× in probe 13 (a 1024² blur modelled at 31 ms on js and 13 on wasm took 4.8
 * and 2.3; a dot product, 12 and 4.7, took 5.1 and 4.8): a candidate that needs its pool
 * started is preferred to one that needs nothing only while its estimate, this many times
 * over, plus its start spread over FIRST_LAUNCHES, is still the cheaper (startupAware).
 */
export const STARTUP_DOUBT = 3;
/**
 * What starting a pool costs the calling thread (POOL_SPAWN_MS): started in the background
 * once launches have lost as much to the candidate that needs it (ski rental: a kernel of
 * 0.4 ms on js and 0.1 on wasm starts it after about 25 launches, a blur of 4.8 ms and 2.3
 * after 3).
 */
export const SPAWN_MS = POOL_SPAWN_MS;
/** Why a candidate predicted faster waits for its pool (inspect's words, startupAware). */
export const WAITS_FOR_THREADS = `but its threads are not up yet: starting them pays only when it is ${STARTUP_DOUBT}× faster (the model can be that far off), else they start in the background once the launches have lost ${SPAWN_MS} ms to it, and it runs once they are up`;
/** A candidate passed over for its pool's start: its runs count cold for this many... */
export const TIER_RUNS = 16;
/** ...or until they have taken this long, ms (tieringUp). */
export const TIER_MS = 10;
/**
 * A cached choice holds for launches whose loop bounds (scalars) give work per index within
 * this factor of the work it was made for; beyond it the choice is made again (select.ts
 * sameWork; probe 26: one made for a loop of 1 step kept a loop of 3,000 on js, 7.5 s a
 * launch where wasm took 1.3).
 */
export const WORK_DRIFT = 2;
/** Trials kept for inspect. */
export const TRIALS_KEPT = 16;
/** Warm samples from which the estimate is their median rather than the fastest sample. */
export const MEDIAN_SAMPLES = 3;
/** A measured choice is kept unless another backend's estimate is below this fraction of it. */
export const SWITCH_MARGIN = 0.9;
/** Moving resident NDArrays must make the launch this many times faster (it is one-way). */
export const MOVE_MARGIN = 2;
/** Warm samples kept per backend and size class. */
export const SAMPLES_KEPT = 5;
/** After this many samples of a class, one launch in SAMPLE_PERIOD is timed (or fewer: samplePeriod). */
export const EAGER_SAMPLES = 4;
export const SAMPLE_PERIOD = 64;
/** Learning from a timed launch may cost at most this share of the launches it stands for. */
const BOOKKEEPING_SHARE = 0.02;
const MAX_SAMPLE_PERIOD = 1 << 16;
/**
 * Launches of a class sampled one in SAMPLE_PERIOD before samplePeriod may space them more:
 * by then the kept samples were all taken warm (a js kernel's first launches run before V8
 * has tiered it up, 10× slower: kept for thousands of launches, such samples made auto
 * leave js for workers at 1.5× the time).
 */
export const SETTLED_LAUNCHES = 2 * SAMPLE_PERIOD * SAMPLES_KEPT;

/**
 * One launch in how many is timed, for launches of `launchMs` whose timing costs
 * `bookkeepingMs` to learn from (record: the estimates, every cached class decided again):
 * SAMPLE_PERIOD, doubled until the bookkeeping is at most BOOKKEEPING_SHARE of the
 * launches between two samples. (A 1000-index kernel of 6 µs on js: record took ~100 µs,
 * 1.6 µs a launch at one in 64, auto 1.2× the forced backend.) Exploring does not wait on
 * samples: untimed launches count towards its budget at their estimate (shouldSample).
 */
export function samplePeriod(bookkeepingMs: number, launchMs: number): number {
  let period = SAMPLE_PERIOD;
  while (period < MAX_SAMPLE_PERIOD && bookkeepingMs > BOOKKEEPING_SHARE * period * launchMs)
    period *= 2;
  return period;
}

/** The size class of a grid: ⌈log2(total + 1)⌉ (0 for an empty grid). */
export function sizeClass(total: number): number {
  return 32 - Math.clz32(total);
}
