// selectChoice.ts — the words of `auto`'s choice (select.ts): a candidate's estimate, the
// choice a launch runs with (and why), the choice cached per size class, slice trials and
// the trials and samples the selector learns from.

import type { BackendName, CompiledKernel } from '../backends/backend.js';

/** One candidate's predicted time for a launch. */
export interface Estimate {
  readonly backend: BackendName;
  readonly ms: number;
  /** Where the number comes from, in words ("measured: 3 launches", "model: …"). */
  readonly basis: string;
  /** Warm launches measured behind `ms` (0: the model, or cold runs only). */
  readonly warmCount: number;
}

/** The backend chosen for a launch, the runner-up, and why. */
export interface Choice {
  readonly backend: BackendName;
  /** The choice in words: estimates of the winner and runner-up, exclusions. */
  readonly reason: string;
  readonly runnerUp?: BackendName;
  /** Every candidate's estimate, cheapest first (empty when forced). */
  readonly estimates: readonly Estimate[];
  /** Whether this launch explores (every launch is timed). */
  readonly exploring?: boolean;
  /**
   * A trial waits for the regret budget to grow: every launch is timed meanwhile (the
   * budget grows only with timed launches; sampling one in 64 left a trial waiting for
   * ever: seen for saxpy's second js slice).
   */
  readonly trialWaiting?: boolean;
  /**
   * A slice trial: `backend` (the best) runs the launch but for a slice of `fraction` of
   * the grid that `trial` runs, and an equal reference slice timed apart (see the header).
   */
  readonly trial?: SliceTrial;
  /**
   * A candidate passed over because its thread pool has not started, and what each launch
   * is predicted to lose to it, ms (the pool starts in the background once such losses
   * reach SPAWN_MS).
   */
  readonly poolLoss?: { readonly backend: BackendName; readonly lossMs: number };
}

/**
 * A slice trial: `backend` runs `fraction` of the grid. An edge trial runs the first rows
 * and has no reference slice (the best stages whole arrays whatever part it runs, so an
 * equal slice on it would not compare): it is set against the best's whole launches.
 */
export interface SliceTrial {
  readonly backend: BackendName;
  readonly fraction: number;
  readonly edge?: boolean;
}

/** A cached choice for host-only launches of one size class, with its sampling counter. */
export interface BucketChoice {
  readonly choice: Choice;
  /** Launches made with this choice (the sampling policy counts them). */
  launches: number;
  readonly profileVersion: number;
}

export interface Sample {
  readonly total: number;
  readonly ms: number;
  /** The first launch of the kernel on its backend (JIT tier-up, a pool starting). */
  readonly cold: boolean;
  /** The model's launch overhead and staging for that launch, ms (not scaled with size). */
  readonly overheadMs: number;
  /** The work per index of that launch (its loop bounds' values: WorkProfile.opsPerIndex). */
  readonly opsPerIndex?: number;
}

/** The compiled kernels a launch may use, from the kernel's specialisation. */
export interface CompiledSource {
  /** The compiled kernel of `name` if it has finished compiling. */
  ready(name: BackendName): CompiledKernel | undefined;
  /** Starts compiling for `name` (in the background) if not started. */
  prepare(name: BackendName): void;
}

/** One trial, for inspect. */
export interface Trial {
  readonly backend: BackendName;
  readonly total: number;
  /** Fraction of the grid it ran (1: a whole launch). */
  readonly fraction: number;
  readonly ms: number;
  /** The best backend's time on an equal reference slice (slices only), ms. */
  readonly referenceMs?: number;
  readonly versus: BackendName;
  /** What the trial cost over running that part on the best backend, ms. */
  readonly costMs: number;
  /** The full-launch time it implies, ms. */
  readonly impliedMs: number;
}
