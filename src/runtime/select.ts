// select.ts — which backend runs a launch, and why.
//
// Forced choices first (NUMBAT_BACKEND, the `backend` option). Otherwise the candidates
// are the available backends that accept the kernel (refuse() is null; a backend slow to
// start, WebGPU, only once its probe is in: slowProbes.ts), and each gets a
// predicted time (costModel.ts): launch overhead + bytes to stage or move ÷ bandwidth +
// work per index (workEstimate.ts) × indices ÷ throughput. The cheapest wins; the runner-up
// and every estimate are kept, in words, for `inspect`.
//
// A KernelSelector belongs to one specialisation and learns online: launches are timed
// (every launch at first, then one in 64), and a measured time replaces the model for that
// backend and size class (log2 of the grid size) and corrects the model of that backend for
// the kernel's other sizes.
//
// Exploring with bounded regret. The first launch of a size class runs on the backend the
// model predicts cheapest. Another candidate is tried only while what trying it is
// predicted to cost (its time over the best's) fits a budget: REGRET of the time this
// kernel's launches have taken so far, less what trials already cost — so exploring can
// never make the first launches more than about REGRET slower than the best backend would
// have been, whatever the model got wrong. Candidates predicted within EXPLORE_FACTOR of
// the best get that budget; others only LATE_REGRET of it (in a long run they get one try).
// Where the kernel allows it (sliceSafety.ts: a map over disjoint outputs, and both
// backends run grid ranges) a trial is a slice: the candidate runs a few rows, the best an
// equal slice beside them (the reference), the best the rest, one after another: the user
// gets one launch's result, and the trial costs a fraction of a launch. A first trial on
// a backend also pays its calibrated cold cost (coldMs: code reaching the threads, running
// before tier-up), which no slice makes smaller: it waits until the budget covers it. A
// candidate is done once it is measured clearly slower than the best (CLEAR_FACTOR);
// close ones get up to CLOSE_SAMPLES samples, then the choice is by measured medians, with a little
// hysteresis so that noise cannot make it flap. Every trial and its cost is kept for
// `inspect`. Resident NDArrays stay where they are unless moving them (counted in full in
// the launch that moves) still makes it cheaper. Nothing is tried while a calibration is
// measuring (calibrate.ts): its runs would load the trial, and the model is about to change.

import { typicalCompileMs } from './compileCosts.js';
import { nativeFloatOperation } from '../jit/passes/nativeFloat.js';
import type {
  Backend,
  BackendName,
  BackendStatus,
  CompiledKernel,
  LaunchArgs,
} from '../backends/backend.js';
import type { IrKernel } from '../jit/ir/ir.js';
import { backendByName, backendRecord, probe } from '../backends/registry.js';
import { yieldToEventLoop } from '../backends/eventLoop.js';
import { envBackend, forcedBackend, throwIfRefused } from './forcedBackend.js';
import { factsOf } from '../jit/passes/facts.js';
import { sliceableLaunch } from '../jit/passes/sliceSafety.js';
import { NDArray } from './ndarray.js';
import { streamBusy } from './stream.js';
import { EARLY_BUDGET_MS, EARLY_COLD_MS, earlyJsEstimate, earlyReason } from './earlyChoice.js';
import {
  anySlowLanded,
  autoHasProbed,
  noteAutoProbed,
  noteSpent,
  quickProbes,
  SLOW_PROBE_MS,
  slowNames,
  slowStatus,
  slowProbesIn,
} from './slowProbes.js';
import { type BackendConstants, threadsOf } from '../backends/costs.js';
import { formatDuration, type PoolShape, type Prediction, predictLaunch } from './costModel.js';
import { type ArgumentProfile, profileArguments, scalarValue } from './argumentTraffic.js';
import {
  calibrating,
  currentProfile,
  ensureProvisionalProfile,
  profileVersion,
} from './calibrate.js';
import { estimateWork, type WorkProfile } from '../jit/passes/workEstimate.js';
import {
  CLEAR_FACTOR,
  CLOSE_SAMPLES,
  COLD_FACTOR,
  COLD_SLICE_FRACTION,
  EAGER_SAMPLES,
  EDGE_SLICE_MIN_BYTES,
  EXPLORE_FACTOR,
  FIRST_LAUNCHES,
  LATE_AFTER,
  LATE_REGRET,
  MEDIAN_SAMPLES,
  MODEL_DOUBT,
  MOSTLY_STAGING,
  MOVE_MARGIN,
  REGRET,
  SAMPLES_KEPT,
  SAMPLE_PERIOD,
  SETTLED_LAUNCHES,
  SLICE_MAX_FRACTION,
  SLICE_MAX_TRANSFER_SHARE,
  SLICE_TARGET_MS,
  SPAWN_MS,
  STARTUP_DOUBT,
  SWITCH_MARGIN,
  TIER_MS,
  TIER_RUNS,
  TRIALS_KEPT,
  WAITS_FOR_THREADS,
  WORK_DRIFT,
  samplePeriod,
  sizeClass,
} from './selectPolicy.js';
import type {
  BucketChoice,
  Choice,
  CompiledSource,
  Estimate,
  Sample,
  SliceTrial,
  Trial,
} from './selectChoice.js';
import { type GridPart, type LaunchModel, planSlices, sliceOutcome } from './sliceTrial.js';

/**
 * Backend choice for one specialised kernel: forced resolution, candidates, cached choices
 * per size class, and what it learned from timed launches.
 */
export class KernelSelector {
  readonly ir: IrKernel;
  private readonly requested: BackendName | 'auto';
  /** Set once prepare() resolved: the forced choice, or the candidates. */
  private forcedChoice: Choice | undefined;
  private candidates: Backend[] = [];
  private excluded: string[] = [];
  private prepared: Promise<void> | undefined;
  private isPrepared = false;
  private readonly buckets = new Map<number, BucketChoice>();
  /** Arguments profile of the launch that made each bucket's choice (to recompute it). */
  private readonly bucketArgs = new Map<
    number,
    { total: number; args: ArgumentProfile; work: WorkProfile }
  >();
  /** Warm samples by backend and size class. */
  private readonly samples = new Map<BackendName, Map<number, Sample[]>>();
  /** Threads of the pooled backends (workers, wasm) among the candidates. */
  private readonly poolThreads = new Map<BackendName, number>();
  /** Backends whose first (cold: JIT, pool start) launch of this kernel was recorded. */
  private readonly warmedUp = new Set<BackendName>();
  /** Measured ÷ modelled compute time per backend (log-averaged). */
  private readonly corrections = new Map<BackendName, number>();
  /** Time this kernel's launches took, ms: measured, or estimated for untimed ones (the exploration budget grows with it). */
  private spentMs = 0;
  /** What learning from a timed launch (record) costs, ms, smoothed. */
  private bookkeepingMs = 0;
  /** What trials cost over the best backend, ms. */
  private exploredMs = 0;
  /** The latest trials, for inspect. */
  private readonly trials: Trial[] = [];
  /** Whether a launch may be split into ranges (sliceSafety.ts), as far as the IR tells. */
  private sliceable: boolean;

  constructor(ir: IrKernel, requested: BackendName | 'auto') {
    this.ir = ir;
    this.requested = requested;
    this.sliceable = factsOf(ir).slices.sliceable;
  }

  /** What exploring tried and cost, in words (for inspect). */
  explored(): string[] {
    const lines = this.trials.map((t) => {
      const part =
        t.fraction >= 1
          ? `a whole launch of ${t.total} indices`
          : t.referenceMs === undefined
            ? `the first ${Math.round(t.fraction * t.total)} of ${t.total} indices, on the arrays in place (${formatDuration(t.ms)}; set against ${t.versus}'s whole launches, which stage them)`
            : `a slice of ${Math.round(t.fraction * t.total)} of ${t.total} indices (${formatDuration(t.ms)}; ${t.versus} took ${formatDuration(t.referenceMs)} on an equal slice beside it)`;
      return `tried ${t.backend} on ${part}: ≈ ${formatDuration(t.impliedMs)} a launch; cost ${formatDuration(t.costMs)} over ${t.versus}`;
    });
    if (this.spentMs > 0)
      lines.push(
        `exploring cost ${formatDuration(this.exploredMs)} in all, ${((100 * this.exploredMs) / this.spentMs).toFixed(1)}% of the ${formatDuration(this.spentMs)} this kernel's launches took (budget ${Math.round(REGRET * 100)}%)`,
      );
    return lines;
  }

  /** Whether the choice is forced (NUMBAT_BACKEND or a `backend` option). */
  get forced(): boolean {
    return envBackend() !== undefined || this.requested !== 'auto';
  }

  /** Probes, resolves a forced choice or lists the candidates, starts calibration. Once. */
  prepare(): Promise<void> {
    this.prepared ??= this.doPrepare().then(() => {
      this.isPrepared = true;
    });
    return this.prepared;
  }

  private async doPrepare(): Promise<void> {
    const ir = this.ir;
    const forced = forcedBackend(ir, this.requested);
    if (forced) {
      const { backend, how } = forced;
      const status = await probe(backend.name);
      if (!status.available)
        throw new Error(
          `numbat: kernel '${ir.name}': ${how} was requested, but that backend is unavailable here: ${status.reason}`,
        );
      throwIfRefused(ir, forced);
      this.forcedChoice = { backend: backend.name, reason: `forced by ${how}`, estimates: [] };
      return;
    }
    const quick = await quickProbes();
    const slow = slowNames();
    const all = slowProbesIn();
    let statuses: readonly BackendStatus[];
    if (all) {
      // Every probe is in: the cached profile is read before the first choice (a measuring
      // one lands later).
      statuses = await all;
    } else {
      // A slow probe not started or still running (SLOW_TO_START): not waited for.
      statuses = quick;
      for (const name of slow) this.pending.add(name);
      // The cached profile of this CPU (or defaults) for now; the full one lands later.
      await ensureProvisionalProfile(quick, backendByName);
    }
    noteAutoProbed();
    for (const status of statuses) this.admit(status);
    if (this.candidates.length === 0 && this.pending.size > 0) {
      // Nothing else can run it: the slow backends are worth waiting for.
      await Promise.all(slow.map((name) => probe(name)));
      this.admitPending();
    }
    if (this.candidates.length === 0) {
      throw new Error(
        `numbat: kernel '${ir.name}': no backend can run it here: ${this.exclusions().join('; ')}`,
      );
    }
    this.setGpuAside();
  }

  /** Why each backend that is not a candidate is not (pending ones included), for words. */
  private exclusions(): string[] {
    return [
      ...this.excluded,
      ...[...this.pending].map(
        (name) =>
          `${name} (not ready when this kernel first launched: auto does not wait for its probe, which starts once something uses ${name} or auto's launches have taken ${Math.round(SLOW_PROBE_MS / REGRET)} ms; it is considered from the next choice after it is in)`,
      ),
    ];
  }

  /** Slow backends whose probe was not in at prepare (SLOW_TO_START). */
  private readonly pending = new Set<BackendName>();

  /** Adds `status`'s backend to the candidates, or says in `excluded` why not. */
  private admit(status: BackendStatus): void {
    const backend = backendByName(status.name);
    if (!backend) return;
    if (status.name === 'js' && this.earlyFailed) {
      this.excluded.push(this.earlyFailed);
      return;
    }
    if (!status.available) {
      this.excluded.push(`${status.name} (unavailable: ${status.reason ?? 'no reason given'})`);
      return;
    }
    const refusal = backend.refuse(this.ir);
    if (refusal) {
      this.excluded.push(`${status.name} (cannot run it: ${refusal})`);
      return;
    }
    if (status.name === 'workers' || status.name === 'wasm')
      this.poolThreads.set(status.name, threadsOf(status, 1));
    this.candidates.push(backend);
  }

  /**
   * A slow probe landed: its backend is admitted (or excluded, with the reason), and every
   * cached choice is made again, from the next launch on. Synchronous: chooseNow calls it
   * when a probe's result is in but its callback has not run yet.
   */
  private admitPending(): void {
    for (const name of [...this.pending]) {
      const status = slowStatus(name);
      if (!status) continue;
      this.pending.delete(name);
      this.admit(status);
    }
    this.setGpuAside();
    for (const size of [...this.buckets.keys()]) this.recompute(size);
  }

  /**
   * A sum, product or custom reduction gives the same bits on every CPU backend (one
   * association order, f64 accumulation) but not on WebGPU (f32, another tree): `auto`
   * keeps it on the CPU so that its choice can never change the answer, unless the arrays
   * already live on the GPU (then moving them would be the surprise). The same for float
   * math tied to no float array. Run when the candidates change.
   */
  private setGpuAside(): void {
    const ir = this.ir;
    const gpu = this.candidates.find((b) => b.name === 'webgpu');
    if (
      gpu &&
      ir.reduce &&
      ir.reduce.kind !== 'min' &&
      ir.reduce.kind !== 'max' &&
      this.candidates.length > 1
    ) {
      this.candidates = this.candidates.filter((b) => b !== gpu);
      this.gpuForResidentOnly =
        'auto runs this reduction there only then: WebGPU accumulates it in f32';
      this.excluded.push(
        "webgpu (not chosen by auto for this reduction unless its arrays live there: it accumulates in f32 in another order, so its result would differ from the CPU backends'; pass backend: 'webgpu' to use it)",
      );
    } else if (gpu && this.candidates.length > 1) {
      // Float math tied to no float array is f64 on the CPU backends and f32 on WebGPU: the
      // same rule, for the same reason (the machine must not change the answer).
      if (nativeFloatOperation(ir)) {
        this.candidates = this.candidates.filter((b) => b !== gpu);
        this.gpuForResidentOnly =
          'auto runs a kernel with float math tied to no float array there only then: WebGPU computes it in f32';
        this.excluded.push(
          `webgpu (not chosen by auto unless the kernel's arrays live there: it computes float math tied to no float array (\`i / n\`, an integer divided by 3) in f32 where the CPU backends use f64, so its results could differ; write f32(…) or pass precision: 'f32' to compute it in f32 everywhere, or backend: 'webgpu')`,
        );
      }
    }
  }

  /**
   * Why webgpu is set aside (a reduction, native-float math) and used only when the
   * kernel's arrays live there; undefined when it is not.
   */
  private gpuForResidentOnly: string | undefined;

  /**
   * The cached choice for a launch with no NDArrays in `total`'s size class, or undefined
   * when none is made yet, or when `args` (the launch's) bound the kernel's loops otherwise
   * than the launch that made it (the caller then takes the asynchronous path). Synchronous.
   */
  cached(total: number, args?: readonly unknown[]): BucketChoice | undefined {
    if (this.forcedChoice) return this.forcedBucket;
    if (!this.isPrepared) {
      if (this.earlyOver()) return undefined; // the next launch waits for the probes
      const early = this.earlyBuckets.get(sizeClass(total));
      if (early && args && !this.sameWork(total, args)) return undefined;
      if (early) this.probeWhenDue();
      return early;
    }
    if (this.pending.size > 0 && anySlowLanded()) this.admitPending();
    const bucket = this.buckets.get(sizeClass(total));
    // Loop bounds that make other work: the usual choice, for that work (tripScalars).
    if (bucket && args && !this.sameWork(total, args)) return undefined;
    if (bucket && bucket.profileVersion !== profileVersion())
      return this.recompute(sizeClass(total));
    return bucket;
  }

  /**
   * Whether a launch with `args` does about the work per index (within WORK_DRIFT×) that its
   * size class's choice was made for. The scalars that bound the kernel's loops
   * (WorkProfile.tripScalars) set that work: a loop of 1 step measured on js says nothing of
   * one of 3,000 (probe 26: it stayed on js at 7.5 s a launch where wasm took 1.3). Always,
   * for a kernel whose loops no scalar bounds, or with the same bounds; else by the work
   * estimate (a few µs: bounds that change a little at every launch, a step count, keep the
   * choice).
   */
  private sameWork(total: number, args: readonly unknown[]): boolean {
    const saved = this.bucketArgs.get(sizeClass(total));
    const trips = saved?.work.tripScalars;
    if (!saved || !trips?.length) return true;
    const made = saved.args.scalarValues;
    if (trips.every((k) => scalarValue(this.ir, args, k) === made[k])) return true;
    const values = this.ir.scalars.map((_, k) => scalarValue(this.ir, args, k));
    const ratio = estimateWork(this.ir, values).opsPerIndex / saved.work.opsPerIndex;
    return ratio < WORK_DRIFT && ratio > 1 / WORK_DRIFT;
  }

  private forcedBucketValue: BucketChoice | undefined;
  private get forcedBucket(): BucketChoice | undefined {
    if (!this.forcedChoice) return undefined;
    this.forcedBucketValue ??= { choice: this.forcedChoice, launches: 0, profileVersion: -1 };
    return this.forcedBucketValue;
  }

  /**
   * Chooses the backend for a launch of `total` indices with `args` (the user's arguments:
   * NDArrays count where they live). Host-only choices are cached for the size class.
   */
  async choose(total: number, args: readonly unknown[]): Promise<Choice> {
    if (!this.isPrepared) {
      const early = this.earlyChoice(total, args);
      if (early) return early;
    }
    await this.prepare();
    return this.chooseNow(total, args);
  }

  /** Whether the background prepare of the early launches is scheduled (earlyChoice.ts). */
  private earlyScheduled = false;
  /** Time the cold launches (first on a backend: compiling, tier-up) took, ms. */
  private coldSpentMs = 0;

  /** Why js could not compile an early launch's kernel (it is then no candidate). */
  private earlyFailed: string | undefined;
  /** The early choices (earlyChoice.ts) by size class, until the usual ones are made. */
  private readonly earlyBuckets = new Map<number, BucketChoice>();

  /**
   * js, at once, for a cheap launch before this process has probed its backends (see
   * earlyChoice.ts); undefined when the usual choice applies. Schedules the probes.
   */
  private earlyChoice(total: number, args: readonly unknown[]): Choice | undefined {
    if (this.forced || this.earlyFailed || autoHasProbed() || this.earlyOver()) return undefined;
    const early = earlyJsEstimate(this.ir, total, args);
    if (!early) return undefined;
    const js = early.estimate;
    const choice: Choice = { backend: js.backend, reason: earlyReason(js.ms), estimates: [js] };
    // The launch's work, for its samples and for sameWork.
    this.bucketArgs.set(sizeClass(total), { total, args: early.argProfile, work: early.work });
    this.earlyBuckets.set(sizeClass(total), { choice, launches: 0, profileVersion: -1 });
    this.probeWhenDue();
    return choice;
  }

  /**
   * The early launches' probes: once the event loop turns with no launch in progress (a
   * launch on js yields between its slices; probing there would only delay it), or when
   * earlyOver makes a launch wait for them.
   */
  private probeWhenDue(): void {
    if (this.earlyScheduled) return;
    this.earlyScheduled = true;
    const whenIdle = async (): Promise<void> => {
      do await yieldToEventLoop();
      while (streamBusy() && !this.prepared);
      this.prepare().catch(() => undefined); // a failure is thrown at the next usual choice
    };
    void whenIdle();
  }

  /**
   * Whether this kernel's early launches have taken the budget (EARLY_BUDGET_MS): the warm
   * ones, and what a cold one took beyond EARLY_COLD_MS (compiling is no reason to probe, a
   * slow first launch is). From then on a launch waits for the probes (its choice is the
   * usual one), whether or not the event loop has turned.
   */
  private earlyOver(): boolean {
    const coldExcess = Math.max(0, this.coldSpentMs - EARLY_COLD_MS);
    return this.spentMs - this.coldSpentMs + coldExcess >= EARLY_BUDGET_MS;
  }

  /** choose() once prepared: synchronous. */
  chooseNow(total: number, args: readonly unknown[]): Choice {
    if (!this.isPrepared)
      throw new Error(
        `numbat internal error: kernel '${this.ir.name}': selector used before prepare()`,
      );
    if (this.forcedChoice) return this.forcedChoice;
    if (this.pending.size > 0 && anySlowLanded()) this.admitPending();
    if (
      this.gpuForResidentOnly &&
      args.some((a) => a instanceof NDArray && a.backend === 'webgpu')
    ) {
      return {
        backend: 'webgpu',
        reason: `its arrays live on webgpu (${this.gpuForResidentOnly})`,
        estimates: [],
      };
    }
    const argProfile = profileArguments(this.ir, args, total);
    const work = estimateWork(this.ir, argProfile.scalarValues);
    const hasNDArrays = args.some((a) => a instanceof NDArray);
    const size = sizeClass(total);
    const previous = hasNDArrays ? undefined : this.buckets.get(size)?.choice;
    const choice = this.withPoolLoss(
      this.decide(
        total,
        argProfile,
        work,
        args.filter((a): a is NDArray => a instanceof NDArray),
        previous,
      ),
    );
    if (!hasNDArrays) {
      this.bucketArgs.set(size, { total, args: argProfile, work });
      // The launch count carries over: sampling slows down as the class gets measured.
      this.buckets.set(size, {
        choice,
        launches: this.buckets.get(size)?.launches ?? 0,
        profileVersion: profileVersion(),
      });
    }
    return choice;
  }

  private recompute(size: number): BucketChoice | undefined {
    const saved = this.bucketArgs.get(size);
    if (!saved) return undefined;
    // The launch count carries over: sampling slows down as the class gets measured.
    const old = this.buckets.get(size);
    const launches = old?.launches ?? 0;
    const bucket: BucketChoice = {
      choice: this.withPoolLoss(this.decide(saved.total, saved.args, saved.work, [], old?.choice)),
      launches,
      profileVersion: profileVersion(),
    };
    this.buckets.set(size, bucket);
    return bucket;
  }

  /**
   * Whether this launch (made with `bucket`'s choice) should be timed. One that is not still
   * spends time: it counts at the choice's estimate, so that the regret budget grows with
   * every launch, not only with the one in SAMPLE_PERIOD that is timed (a kernel of 34 µs
   * on js never afforded the wasm compile that made it 3× faster: its budget grew by 5 µs
   * every 64 launches). A choice whose backend has fewer than MEDIAN_SAMPLES warm samples of
   * the class is timed whatever the count: it may rest on the model alone (a cold sample
   * defers to it), and a model off by 2.5× kept a 1024² blur on js for 64 launches after
   * one cold trial there, at 2.5× the time of the wasm it left.
   */
  shouldSample(bucket: BucketChoice): boolean {
    if (this.forcedChoice) return false;
    const n = bucket.launches++;
    const { backend, estimates } = bucket.choice;
    const chosen = estimates.find((e) => e.backend === backend);
    const launchMs = chosen?.ms ?? 0;
    const timed =
      n < EAGER_SAMPLES ||
      (chosen?.warmCount ?? 0) < MEDIAN_SAMPLES ||
      n % (n < SETTLED_LAUNCHES ? SAMPLE_PERIOD : samplePeriod(this.bookkeepingMs, launchMs)) ===
        0 ||
      bucket.choice.exploring === true ||
      bucket.choice.trialWaiting === true;
    if (!timed) this.spend(launchMs);
    return timed;
  }

  /** Counts `ms` of launch time, for this kernel's exploring and the process's (slowProbes). */
  private spend(ms: number): void {
    this.spentMs += ms;
    noteSpent(ms, REGRET);
  }

  /**
   * Runs `compiled` (the chosen backend's kernel) and, when sampled, times it and learns
   * from the time; a slice trial (choice.trial) splits the launch when `source` has the
   * trial's kernel ready and this launch may be split, else runs it whole. Adds no await
   * before the backend runs.
   */
  run(
    bucket: BucketChoice,
    compiled: CompiledKernel,
    args: LaunchArgs,
    source?: CompiledSource,
  ): Promise<number | undefined> {
    this.notePoolLoss(bucket.choice);
    const trial = bucket.choice.trial;
    if (trial && source) {
      const other = source.ready(trial.backend);
      if (!other) source.prepare(trial.backend);
      else if (!sliceableLaunch(factsOf(this.ir).slices, args.grid, args.scalars)) {
        // This launch's strides do not prove the writes disjoint: no slices for this kernel.
        this.sliceable = false;
        for (const size of [...this.buckets.keys()]) this.recompute(size);
      } else {
        bucket.launches++;
        return this.runSplit(bucket.choice.backend, compiled, trial, other, args);
      }
    }
    if (!this.shouldSample(bucket)) return compiled.run(args);
    const backend = bucket.choice.backend;
    const start = performance.now();
    return compiled.run(args).then((value) => {
      this.record(backend, args.total, performance.now() - start);
      return value;
    });
  }

  /**
   * A slice trial (see the header): `trial` on [m, m + s), the best on [m + s, m + 2s)
   * (timed as the reference), then the best on the rest; one after another, so the user
   * sees exactly one launch's result. An edge trial: `trial` on [0, s), the best on the
   * rest in one run (it stages the arrays once).
   */
  private async runSplit(
    bestName: BackendName,
    best: CompiledKernel,
    trial: SliceTrial,
    candidate: CompiledKernel,
    args: LaunchArgs,
  ): Promise<undefined> {
    const total = args.total;
    const plan = planSlices(total, args.grid, trial.fraction, trial.edge === true);
    if (!plan) {
      // Too small to slice: the whole launch on the best, timed.
      const start = performance.now();
      await best.run(args);
      this.record(bestName, total, performance.now() - start);
      return undefined;
    }
    const part = ({ begin, end }: GridPart): LaunchArgs => ({ ...args, range: { begin, end } });
    const started = performance.now();
    await candidate.run(part(plan.trial));
    const trialMs = performance.now() - started;
    let referenceMs: number | undefined;
    if (plan.reference) {
      const refStart = performance.now();
      await best.run(part(plan.reference));
      referenceMs = performance.now() - refStart;
    }
    for (const rest of plan.rest) await best.run(part(rest));
    const launchMs = performance.now() - started;
    this.recordSlice(bestName, trial.backend, total, plan.fraction, trialMs, referenceMs, launchMs);
    return undefined;
  }

  /**
   * Learns from a slice trial: `name` took `trialMs` on `fraction` of a launch of `total`
   * indices, the best (`bestName`) `referenceMs` on an equal slice (undefined for an edge
   * trial: then its share of the best's estimated compute), the whole launch `launchMs`.
   * Kept as the whole-launch time it implies (see the header).
   */
  recordSlice(
    bestName: BackendName,
    name: BackendName,
    total: number,
    fraction: number,
    trialMs: number,
    referenceMs: number | undefined,
    launchMs: number,
  ): void {
    if (this.forcedChoice) return;
    this.spend(launchMs);
    const saved = this.bucketArgs.get(sizeClass(total));
    const ranked = saved ? this.estimates(total, saved.args, saved.work) : [];
    const best = ranked.find((e) => e.backend === bestName);
    const mine = ranked.find((e) => e.backend === name);
    if (!best || !mine) return;
    const model = (e: (typeof ranked)[number]): LaunchModel => ({
      ms: e.ms,
      overheadMs: e.model.launchMs + e.model.transferMs,
      launchMs: e.model.launchMs,
    });
    const { impliedMs: implied, costMs } = sliceOutcome(
      { fraction, trialMs, referenceMs, launchMs },
      model(best),
      model(mine),
    );
    const tiering = this.tieringUp(name, trialMs);
    const cold = !this.warmedUp.has(name) || calibrating() || tiering;
    this.warmedUp.add(name);
    this.exploredMs += costMs;
    this.addTrial({
      backend: name,
      total,
      fraction,
      ms: trialMs,
      referenceMs,
      versus: bestName,
      costMs,
      impliedMs: implied,
    });
    this.addSample(name, {
      total,
      ms: implied,
      cold,
      overheadMs: model(mine).overheadMs,
      ...(saved ? { opsPerIndex: saved.work.opsPerIndex } : {}),
    });
  }

  private addTrial(trial: Trial): void {
    this.trials.push(trial);
    if (this.trials.length > TRIALS_KEPT) this.trials.shift();
  }

  private addSample(backend: BackendName, sample: Sample): void {
    const size = sizeClass(sample.total);
    let byClass = this.samples.get(backend);
    if (!byClass) this.samples.set(backend, (byClass = new Map()));
    const list = byClass.get(size) ?? [];
    list.push(sample);
    if (list.length > SAMPLES_KEPT) list.shift();
    byClass.set(size, list);
    // Every cached class may choose differently now: recompute them (cheap, synchronous).
    for (const cachedSize of [...this.buckets.keys()]) this.recompute(cachedSize);
  }

  /**
   * Drops a candidate that failed to compile the kernel (a limit refuse() did not foresee)
   * so that `auto` never picks it again; false when it was not a candidate or is the last.
   */
  exclude(name: BackendName, why: string): boolean {
    const reason = `${name} (failed to compile it: ${why.split('\n')[0]})`;
    if (!this.isPrepared && name === 'js' && this.earlyBuckets.size > 0) {
      // An early launch (earlyChoice.ts) found js unable to compile the kernel: the launch
      // chooses again, the usual way, without js.
      this.earlyFailed = reason;
      this.earlyBuckets.clear();
      return true;
    }
    if (
      this.forcedChoice ||
      this.candidates.length <= 1 ||
      !this.candidates.some((b) => b.name === name)
    )
      return false;
    this.candidates = this.candidates.filter((b) => b.name !== name);
    this.excluded.push(reason);
    for (const size of [...this.buckets.keys()]) this.recompute(size);
    return true;
  }

  /** Learns from one timed launch of `total` indices on `backend` (ms, compile excluded). */
  record(backend: BackendName, total: number, ms: number): void {
    if (this.forcedChoice || !Number.isFinite(ms) || ms < 0) return;
    const start = performance.now();
    this.learn(backend, total, ms);
    // What learning costs here, smoothed (samplePeriod spaces the samples by it).
    const took = performance.now() - start;
    this.bookkeepingMs = this.bookkeepingMs === 0 ? took : 0.75 * this.bookkeepingMs + 0.25 * took;
  }

  private learn(backend: BackendName, total: number, ms: number): void {
    // The first launch on a backend is cold (JIT tier-up, a pool or pipeline starting): it
    // counts towards exploring, but warm samples replace it and it teaches no correction.
    // So is one timed while a calibration measures on the same cores (inflated: wasm's
    // first samples of a dot product at 5.6 ms against 3.4-4 after, and auto left it for js).
    const tiering = this.tieringUp(backend, ms);
    const cold = !this.warmedUp.has(backend) || calibrating() || tiering;
    this.warmedUp.add(backend);
    const size = sizeClass(total);
    const saved = this.bucketArgs.get(size);
    // Ranked as decide() ranks them (a cold-only cheapest is not the best yet).
    const ranked = saved
      ? this.unmeasuredBestIfAffordable(this.estimates(total, saved.args, saved.work))
      : [];
    const mine = ranked.find((e) => e.backend === backend);
    const best = ranked[0];
    // A whole launch on a backend other than the best one measured is a trial: its cost counts.
    if (best && mine && best !== mine && best.measured) {
      const costMs = Math.max(0, ms - best.ms);
      this.exploredMs += costMs;
      this.addTrial({
        backend,
        total,
        fraction: 1,
        ms,
        versus: best.backend,
        costMs,
        impliedMs: ms,
      });
    }
    this.spend(ms);
    if (cold) this.coldSpentMs += ms;
    if (!cold) this.learnCorrection(backend, total, ms, size);
    const overheadMs = mine ? mine.model.launchMs + mine.model.transferMs : 0;
    this.addSample(backend, {
      total,
      ms,
      cold,
      overheadMs,
      ...(saved ? { opsPerIndex: saved.work.opsPerIndex } : {}),
    });
  }

  private learnCorrection(backendName: BackendName, total: number, ms: number, size: number): void {
    const constants = this.constantsOf(backendName);
    const backend = backendByName(backendName);
    const saved = this.bucketArgs.get(size);
    if (!constants || !backend || !saved) return;
    // Predicted as estimates() predicts it (with the correction in use: it decides whether
    // the launch ran on the calling thread), and set against the uncorrected compute.
    const current = this.correctionFor(backendName).value;
    const model = predictLaunch(
      constants,
      saved.work,
      total,
      saved.args.trafficFor(backend),
      current,
      (n) => this.constantsOf(n),
      this.poolShape(backendName),
    );
    const uncorrectedMs = model.computeMs / current;
    if (uncorrectedMs <= 0) return;
    const measuredCompute = Math.max(ms - model.launchMs - model.transferMs, 0.1 * ms);
    const ratio = Math.min(1e3, Math.max(1e-3, measuredCompute / uncorrectedMs));
    const previous = this.corrections.get(backendName);
    this.corrections.set(backendName, previous === undefined ? ratio : Math.sqrt(previous * ratio));
  }

  /**
   * What a backend's first run of this kernel costs whatever its size, ms: its compile
   * (compileCosts.ts) and its calibrated cold cost (code reaching the threads, tier-up).
   */
  private firstRunMs(name: BackendName): number {
    const startup = this.startupOf(name);
    if (this.warmedUp.has(name)) return startup;
    return startup + typicalCompileMs(name) + (this.constantsOf(name)?.coldMs ?? 0);
  }

  /** What a launch on `name` would wait for its thread pool to start, ms (FIRST_LAUNCHES). */
  private startupOf(name: BackendName): number {
    return this.candidates.find((b) => b.name === name)?.startupMs?.() ?? 0;
  }

  /**
   * `choice`, with what each launch of it is predicted to lose to a candidate it passed
   * over that needs its thread pool started and would have been cheapest without that
   * start (FIRST_LAUNCHES). run() starts the pool in the background once those losses
   * reach SPAWN_MS; once it is up, exploring tries that candidate at its own cost.
   */
  private withPoolLoss(choice: Choice): Choice {
    const chosen = choice.estimates.find((e) => e.backend === choice.backend);
    if (!chosen || this.startupOf(choice.backend) > 0) return choice;
    for (const e of choice.estimates) {
      const startup = this.startupOf(e.backend);
      const lossMs = chosen.ms - (e.ms - startup / FIRST_LAUNCHES);
      if (startup > 0 && lossMs > 0) {
        if (!this.warmedUp.has(e.backend)) this.passedOverForStartup.add(e.backend);
        return { ...choice, poolLoss: { backend: e.backend, lossMs } };
      }
    }
    return choice;
  }

  /** Launches' predicted losses to a pool not started (withPoolLoss), ms. */
  private poolLossMs = 0;

  /**
   * Counts one launch of `choice` towards starting the pool it passed over (withPoolLoss);
   * run() calls it, and the caller for a launch it makes itself.
   */
  notePoolLoss(choice: Choice): void {
    const loss = choice.poolLoss;
    if (!loss) return;
    this.poolLossMs += loss.lossMs;
    if (this.poolLossMs >= SPAWN_MS && this.startupOf(loss.backend) > 0)
      this.candidates.find((b) => b.name === loss.backend)?.startInBackground?.();
  }

  /**
   * What exploring may still spend, ms: REGRET of what the launches would have taken without
   * it (spent − explored, plus one launch on `best`), less what it has spent.
   */
  private budgetMs(regret: number, bestMs: number): number {
    return regret * (this.spentMs - this.exploredMs + bestMs) - this.exploredMs;
  }

  private constantsOf(name: BackendName): BackendConstants | undefined {
    return currentProfile()?.backends[name];
  }

  /** The correction for a backend that has not run the kernel: the others' geometric mean. */
  private correctionFor(name: BackendName): { value: number; learned: boolean } {
    const own = this.corrections.get(name);
    if (own !== undefined) return { value: own, learned: true };
    if (this.corrections.size === 0) return { value: 1, learned: false };
    let logSum = 0;
    for (const c of this.corrections.values()) logSum += Math.log(c);
    return { value: Math.exp(logSum / this.corrections.size), learned: false };
  }

  /** How `name` runs a launch too short for its pool (predictLaunch); undefined: no pool. */
  private poolShape(name: BackendName): PoolShape | undefined {
    const threads = this.poolThreads.get(name);
    if (threads === undefined) return undefined;
    const inPlace = name === 'workers' ? this.constantsOf('js') : undefined;
    return inPlace ? { threads, inPlace } : { threads };
  }

  /** Every candidate's estimate for this launch, cheapest first. */
  estimates(
    total: number,
    argProfile: ArgumentProfile,
    work: WorkProfile,
  ): (Estimate & {
    /** The measured figure before a cold-only one is capped by the model. */
    rawMs: number;
    measured: boolean;
    learned: boolean;
    /** The model's figure without a correction borrowed from other backends, ms. */
    ownModelMs: number;
    sampleCount: number;
    model: Prediction;
  })[] {
    const size = sizeClass(total);
    const out = [];
    for (const backend of this.candidates) {
      const constants = this.constantsOf(backend.name);
      if (!constants) continue;
      const traffic = argProfile.trafficFor(backend);
      const correction = this.correctionFor(backend.name);
      const model = predictLaunch(
        constants,
        work,
        total,
        traffic,
        correction.value,
        (n) => this.constantsOf(n),
        this.poolShape(backend.name),
      );
      const samples = this.samples.get(backend.name)?.get(size);
      let ms = model.totalMs;
      let rawMs = ms;
      let basis: string;
      if (samples && samples.length > 0) {
        // Measured here, scaled to this grid size, plus any move: the lower median of the
        // warm samples once there are MEDIAN_SAMPLES, before that the fastest sample (noise
        // on a shared machine only ever adds time, and a cold launch is an upper bound).
        const warm = samples.filter((s) => !s.cold);
        const used = warm.length >= MEDIAN_SAMPLES ? warm : samples;
        const overheadMs = model.launchMs + model.transferMs;
        // Scaled by the indices, and by the work per index where loop bounds changed it.
        const scaled = used
          .map(
            (s) =>
              overheadMs +
              Math.max(0, s.ms - s.overheadMs) *
                (total / Math.max(1, s.total)) *
                (work.opsPerIndex / (s.opsPerIndex ?? work.opsPerIndex)),
          )
          .sort((a, b) => a - b);
        // The model's overhead of this launch is in `scaled` (moving NDArrays included).
        const moveMs = traffic.movedBytes > 0 ? model.transferMs : 0;
        ms = warm.length >= MEDIAN_SAMPLES ? scaled[(scaled.length - 1) >> 1]! : scaled[0]!;
        // A cold launch (first-call JIT, a pool starting) can be many times a warm one:
        // until a warm sample exists, the model's figure also gets a say.
        rawMs = ms;
        if (warm.length === 0) ms = Math.min(ms, model.totalMs);
        const coldNote = warm.length === 0 ? ', cold' : '';
        basis = `measured (${used.length} launch${used.length === 1 ? '' : 'es'} of this size${coldNote}${moveMs > 0 ? `, + ${formatDuration(moveMs)} to move NDArrays here` : ''})`;
      } else {
        const parts = [`${formatDuration(model.launchMs)} launch`];
        if (model.transferMs > 0)
          parts.push(
            `${formatDuration(model.transferMs)} moving ${traffic.stagedBytes + traffic.movedBytes} bytes`,
          );
        parts.push(
          `${formatDuration(model.computeMs)} compute (${Math.round(work.opsPerIndex)} ops/index${correction.value !== 1 ? ` × ${correction.value.toFixed(2)} ${correction.learned ? 'learned on this backend' : 'learned on others'}` : ''})`,
        );
        basis = `model${constants.source === 'default' ? ', default constants' : ''}: ${parts.join(' + ')}`;
      }
      // A pool not started yet: its start, spread over FIRST_LAUNCHES launches.
      const startup = backend.startupMs?.() ?? 0;
      if (startup > 0) {
        ms += startup / FIRST_LAUNCHES;
        basis += `; + ${formatDuration(startup / FIRST_LAUNCHES)}: its threads are not up yet (≈ ${formatDuration(startup)} once, to wait for them or, on wasm in Node, to create them; counted over ${FIRST_LAUNCHES} launches)`;
      }
      out.push({
        backend: backend.name,
        ms,
        basis,
        rawMs,
        measured: !!samples && samples.length > 0,
        learned: correction.learned,
        ownModelMs: correction.learned
          ? model.totalMs
          : model.launchMs + model.transferMs + model.computeMs / correction.value,
        sampleCount: samples?.length ?? 0,
        warmCount: samples?.filter((s) => !s.cold).length ?? 0,
        model,
      });
    }
    return out.sort((a, b) => a.ms - b.ms);
  }

  /**
   * The exploring choice for a launch with no NDArrays, or undefined when nothing needs
   * trying (see the header: bounded regret, slices, stopping once the choice is clear).
   */
  private exploration(
    ranked: ReturnType<KernelSelector['estimates']>,
    total: number,
    work: WorkProfile,
    describe: (e: Estimate) => string,
    notes: string,
  ): Choice | 'waiting' | undefined {
    const best = ranked[0]!;
    const runnerUp = ranked[1];
    if (best.sampleCount === 0) {
      return {
        backend: best.backend,
        runnerUp: runnerUp?.backend,
        estimates: ranked,
        exploring: true,
        reason:
          runnerUp && runnerUp.ms < best.ms && this.startupOf(runnerUp.backend) > 0
            ? `needs no threads started: ${describe(best)}; ${describe(runnerUp)} is predicted faster, ${WAITS_FOR_THREADS}${notes}`
            : `predicted cheapest: ${describe(best)}${runnerUp ? `; runner-up ${describe(runnerUp)}` : ''}${notes}`,
      };
    }
    // A cold launch (first-call compile, a pool starting) can be many times a warm one:
    // until a warm sample exists, the model's figure also gets a say.
    const screen = (e: (typeof ranked)[number]): number =>
      e.warmCount === 0 ? Math.min(e.ms, e.model.totalMs) : e.ms;
    // Whether a candidate may be near the best. A correction borrowed from the backends that
    // ran the kernel says the kernel's work was misjudged, but it may be their own cost that
    // was (Math.sin at 8× its model on wasm, at 1× in V8 on workers: 1.15× faster there):
    // a candidate never measured is near when its own model, uncorrected, is near.
    const mayBeNear = (e: (typeof ranked)[number]): boolean =>
      Math.min(screen(e), e.sampleCount === 0 ? e.ownModelMs : Infinity) <=
      EXPLORE_FACTOR * best.ms;
    const bestRecord = backendRecord(best.backend);
    const slices = (e: (typeof ranked)[number]): boolean =>
      this.sliceable &&
      bestRecord.ranges &&
      backendRecord(e.backend).ranges &&
      e.model.transferMs <= SLICE_MAX_TRANSFER_SHARE * e.ms &&
      best.model.transferMs <= SLICE_MAX_TRANSFER_SHARE * best.ms;
    // A candidate that uses the host arrays in place, against a best that stages them
    // (mostly): an edge slice, set against the best's whole launches (see SliceTrial).
    const edge = (e: (typeof ranked)[number]): boolean =>
      this.sliceable &&
      bestRecord.ranges &&
      backendRecord(e.backend).ranges &&
      e.model.transferMs === 0 &&
      best.model.transferMs > SLICE_MAX_TRANSFER_SHARE * best.ms;
    const done = (e: (typeof ranked)[number]): boolean => {
      if (e.sampleCount === 0) return false;
      // A cold slice only warmed the backend up (its code sent, its JIT started), and a
      // JIT-compiled backend (js, workers) may still be tiering up in the next slice of a
      // few ms (seen: a js edge slice at 4× its whole-launch rate): two warm slices say.
      if ((slices(e) || edge(e)) && e.warmCount < (backendRecord(e.backend).jit ? 2 : 1))
        return false;
      // A cold whole launch can be many times a warm one: on a JIT (js, workers:
      // interpreted at first), a GPU (a pipeline being built), and wasm too (its first
      // parallel launch in a process: 14.5 ms for a 1024² blur that then took 2.5, its
      // staging area's pages touched for the first time). A cold-only figure does not win a
      // choice on the model's word (unmeasuredBestIfAffordable): such a candidate gets one
      // warm trial, within the budget, before it is judged. (Judged on its cold run ÷
      // COLD_FACTOR, a js reduction cold at 30 ms and warm at 5 was never run again beside
      // wasm's 10.)
      if (e.warmCount === 0) return false;
      const warmMs = e.ms;
      if (warmMs > CLEAR_FACTOR * best.ms) return true;
      return e.sampleCount >= CLOSE_SAMPLES;
    };
    // Trials are measured against the best's warm time: none before it has one; none
    // while a calibration measures (its runs would load the trial; the model will change).
    if (best.warmCount === 0 || calibrating()) return undefined;
    let waiting = false;
    for (const e of ranked) {
      if (e === best || done(e)) continue;
      const near = mayBeNear(e);
      const atEdge = !slices(e) && edge(e);
      // Far candidates wait for a long run (and then get LATE_REGRET). An in-place
      // candidate against a best that mostly stages (MOSTLY_STAGING of its time) does not
      // wait (LATE_REGRET still): staging is where the model knows least (the caches, the
      // load). Against a best that stages a little (Mandelbrot's output on wasm: 2%) it
      // waits like any other: the first rows of a compute-bound kernel need not cost like
      // the rest (Mandelbrot's top rows escape at once: js measured 20× too fast there).
      const mostlyStaging = best.model.transferMs >= MOSTLY_STAGING * best.ms;
      if (!near && !(atEdge && mostlyStaging) && this.spentMs < LATE_AFTER * best.ms) continue;
      // Against what the launches would have taken without exploring (spent − explored).
      const budget = this.budgetMs(near ? REGRET : LATE_REGRET, best.ms);
      // After a cold slice, its (overstated) figure bounds the next slice's size. For js
      // and workers, whose cold slice ran interpreted (many times slower than COLD_FACTOR:
      // it would keep the next slice from ever fitting the budget) and whose next one is
      // still tiering up, the geometric mean of that figure and their own model, without a
      // correction borrowed from the backends that ran the kernel. (A 1024² blur: wasm's
      // SIMD beat its model 16×, which put js at 1.9 ms a launch; js's cold slice implied
      // 264 ms, its second slice, a quarter of the grid, took 12 ms at 50 ms a launch, a
      // third of what the launches had taken so far; warm, js takes 5 ms.)
      const guess =
        e.warmCount === 0 && e.sampleCount > 0
          ? Math.max(
              screen(e),
              backendRecord(e.backend).jit
                ? Math.sqrt(e.rawMs * e.ownModelMs)
                : e.rawMs / COLD_FACTOR,
            )
          : screen(e);
      const computeMs = Math.max(1e-3, guess - e.model.launchMs - e.model.transferMs);
      const sliced = slices(e) || atEdge;
      // A first run on a backend is cold (its code reaching the threads, JIT tier-up): on
      // a slice, it warms the backend up on the fewest indices; a whole launch pays it.
      const cold = e.sampleCount === 0 ? COLD_FACTOR : 1;
      const fraction = !sliced
        ? 1
        : e.sampleCount === 0
          ? COLD_SLICE_FRACTION
          : Math.min(
              SLICE_MAX_FRACTION,
              Math.max(
                1 / 256,
                SLICE_TARGET_MS / computeMs,
                // An edge slice of large arrays streams enough to leave the caches, as the
                // whole launch does.
                atEdge && work.bytesPerIndex * total > 4 * EDGE_SLICE_MIN_BYTES
                  ? EDGE_SLICE_MIN_BYTES / (work.bytesPerIndex * total)
                  : 0,
              ),
            );
      // A first run also pays the backend's fixed cold cost (calibrated: code reaching the
      // threads, running before tier-up), however small the slice.
      const coldMs = this.firstRunMs(e.backend);
      // A whole launch on a backend never measured may be far off the model: MODEL_DOUBT.
      const cost =
        coldMs +
        (sliced
          ? fraction * Math.max(0, cold * guess - best.ms) +
            2 * best.model.launchMs +
            e.model.launchMs
          : Math.max(0, cold * (e.measured ? 1 : MODEL_DOUBT) * guess - best.ms));
      if (cost > budget) {
        // (Launches under half a millisecond keep sampling one in SAMPLE_PERIOD: timing
        // each would cost them more than the trial can save.)
        if (best.ms >= 0.5) waiting = true;
        continue;
      }
      const why = `${e.sampleCount === 0 ? 'predicted' : 'measured'} within ${near ? `${EXPLORE_FACTOR}× of` : atEdge ? 'reach of (in place, against staging)' : 'reach of'} the best, and trying it costs ≈ ${formatDuration(cost)}, within the budget (${formatDuration(Math.max(0, budget))})`;
      if (sliced) {
        return {
          backend: best.backend,
          runnerUp: e.backend,
          estimates: ranked,
          exploring: true,
          trial: atEdge
            ? { backend: e.backend, fraction, edge: true }
            : { backend: e.backend, fraction },
          reason: `${describe(best)} runs it, but for ${atEdge ? 'the first' : 'a slice of'} ${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}% of the grid that ${e.backend} tries${atEdge ? ' on the arrays in place' : ''}: ${describe(e)}; ${why}${notes}`,
        };
      }
      return {
        backend: e.backend,
        runnerUp: best.backend,
        estimates: ranked,
        exploring: true,
        reason: `trying ${describe(e)} on a whole launch: ${why}; best so far ${describe(best)}${notes}`,
      };
    }
    return waiting ? 'waiting' : undefined;
  }

  /**
   * `ranked`, or, when its cheapest was never run but another backend has run the kernel
   * and a whole first launch on the cheapest (its compile and cold cost, and a model that
   * may be MODEL_DOUBT× off) would cost more than the regret budget allows, `ranked` with
   * that measured backend first: the cheapest is then a candidate that exploration tries
   * when the budget covers it. (A kernel of microseconds measured on js, its JIT still
   * warming, must not pay a wasm compile of milliseconds at its second launch; one of 400
   * ms per launch switches at once.) A cheapest that ran only cold, its figure then the
   * model's (estimates), displaces a backend measured warm only if its cold run, counted as
   * COLD_FACTOR× a warm one, was faster too; else exploration tries it, on a slice where it
   * can. (A 1024² blur: one cold slice on js implied 362 ms, then a model borrowing wasm's
   * correction put js at 1.9 ms against wasm's measured 2.1; the whole launch on js took
   * 15.8 ms.)
   */
  private unmeasuredBestIfAffordable(
    ranked: ReturnType<KernelSelector['estimates']>,
  ): ReturnType<KernelSelector['estimates']> {
    ranked = this.startupAware(ranked);
    const best = ranked[0];
    if (best && best.sampleCount > 0 && best.warmCount === 0) {
      // A candidate passed over for its pool's start runs as a first choice would: kept
      // through its tier-up (tieringUp), its cold figure capped by the model.
      if (this.passedOverForStartup.has(best.backend)) return ranked;
      const warm = ranked.find((e) => e.warmCount > 0);
      if (!warm || best.rawMs / COLD_FACTOR < warm.ms) return ranked;
      return [warm, ...ranked.filter((e) => e !== warm)];
    }
    const measured = ranked.find((e) => e.sampleCount > 0);
    if (!best || !measured || best.sampleCount > 0) return ranked;
    // One passed over only for its pool's start would have run first without it: no more
    // doubt on its model than then.
    const doubt = this.passedOverForStartup.has(best.backend) ? 1 : MODEL_DOUBT;
    const cost =
      this.firstRunMs(best.backend) + Math.max(0, COLD_FACTOR * doubt * best.ms - measured.ms);
    if (cost <= this.budgetMs(REGRET, measured.ms)) return ranked;
    return [measured, ...ranked.filter((e) => e !== measured)];
  }

  /**
   * `ranked`, or, when its cheapest needs a thread pool not started yet, `ranked` with the
   * cheapest candidate that needs no start first, unless the cheapest's estimate beats it
   * STARTUP_DOUBT× over (see there). The pool then starts in the background
   * (withPoolLoss, notePoolLoss), and the candidate runs once it is up.
   */
  private startupAware(
    ranked: ReturnType<KernelSelector['estimates']>,
  ): ReturnType<KernelSelector['estimates']> {
    const best = ranked[0];
    if (!best) return ranked;
    const startup = this.startupOf(best.backend);
    if (startup <= 0) return ranked;
    const free = ranked.find((e) => this.startupOf(e.backend) <= 0);
    if (!free) return ranked;
    const share = startup / FIRST_LAUNCHES;
    if ((best.ms - share) * STARTUP_DOUBT + share < free.ms) return ranked;
    return [free, ...ranked.filter((e) => e !== free)];
  }

  /** Candidates that would have run first but for their pool's start (withPoolLoss). */
  private readonly passedOverForStartup = new Set<BackendName>();
  /** Runs and milliseconds of each passed-over candidate since it first ran (tieringUp). */
  private readonly ranSince = new Map<BackendName, { runs: number; ms: number }>();

  /**
   * Whether a run of `ms` on `name`, a candidate passed over for its pool's start, is
   * still in its tier-up (counted cold): its first TIER_RUNS runs, until they have taken
   * TIER_MS. A first choice goes through that as the chosen backend; a candidate tried
   * later was judged on it (review 15: wasm's launches of a clamp over 2^16 floats took
   * 0.61, 0.28, 0.45, 0.30 ms, then 0.07 from about the 15th; judged on its second, 0.56
   * against js's 0.38, it was never tried again, and 2000 launches took 3× as long).
   */
  private tieringUp(name: BackendName, ms: number): boolean {
    if (!this.passedOverForStartup.has(name)) return false;
    const ran = this.ranSince.get(name) ?? { runs: 0, ms: 0 };
    const tiering = ran.runs < TIER_RUNS && ran.ms < TIER_MS;
    // The first run (cold anyway: the module reaching the threads) does not count towards
    // TIER_MS: 11 ms of it would end the tier-up before it began.
    this.ranSince.set(name, { runs: ran.runs + 1, ms: ran.runs === 0 ? 0 : ran.ms + ms });
    return tiering;
  }

  /**
   * The choice for a launch. `previous` is this size class's last choice (host-only
   * launches): once exploring is over it is kept unless another backend is clearly faster.
   */
  private decide(
    total: number,
    argProfile: ArgumentProfile,
    work: WorkProfile,
    arrays: readonly NDArray[],
    previous?: Choice,
  ): Choice {
    const ranked = this.unmeasuredBestIfAffordable(this.estimates(total, argProfile, work));
    const exclusions = this.exclusions();
    const excludedNote = exclusions.length ? `; not considered: ${exclusions.join('; ')}` : '';
    const residentOn = [...new Set(arrays.map((a) => a.backend))];
    const residentNote = residentOn.length ? `; NDArrays live on ${residentOn.join(', ')}` : '';
    const best = ranked[0];
    if (!best)
      throw new Error(
        `numbat: kernel '${this.ir.name}': no backend can run it here${excludedNote}`,
      );
    const describe = (e: Estimate): string => `${e.backend} ≈ ${formatDuration(e.ms)} (${e.basis})`;
    const moves = (e: Estimate): boolean =>
      argProfile.trafficFor(backendByName(e.backend)!).movedBytes > 0;
    // Resident NDArrays stay unless moving them pays by a clear margin.
    if (arrays.length > 0 && moves(best)) {
      const stay = ranked.find((e) => !moves(e));
      if (stay && best.ms * MOVE_MARGIN > stay.ms) {
        return {
          backend: stay.backend,
          runnerUp: best.backend,
          estimates: ranked,
          reason: `the kernel's NDArrays already live where ${stay.backend} uses them in place: ${describe(stay)}; moving them to ${describe(best)} would not pay ${MOVE_MARGIN}×${residentNote}${excludedNote}`,
        };
      }
    }
    let waiting: { trialWaiting?: true } = {};
    if (arrays.length === 0) {
      const explore = this.exploration(ranked, total, work, describe, residentNote + excludedNote);
      if (explore === 'waiting') waiting = { trialWaiting: true };
      else if (explore) return explore;
    }
    // Hysteresis: a measured previous choice stays unless the best is clearly faster.
    const kept =
      previous && !previous.exploring && arrays.length === 0
        ? ranked.find((e) => e.backend === previous.backend && e.measured)
        : undefined;
    if (kept && kept !== best && best.ms > SWITCH_MARGIN * kept.ms) {
      return {
        backend: kept.backend,
        runnerUp: best.backend,
        estimates: ranked,
        ...waiting,
        reason: `kept for ${total} indices: ${describe(kept)}; ${describe(best)} is not ${Math.round((1 / SWITCH_MARGIN - 1) * 100)}% faster${excludedNote}`,
      };
    }
    const runnerUp = ranked[1];
    const stayNote =
      arrays.length > 0 && !moves(best)
        ? `; the kernel's NDArrays already live where ${best.backend} uses them in place`
        : '';
    const versus = runnerUp ? `; runner-up ${describe(runnerUp)}` : '; the only candidate';
    const others = ranked.slice(2).map((e) => `${e.backend} ≈ ${formatDuration(e.ms)}`);
    // unmeasuredBestIfAffordable put a measured backend ahead of the model's cheapest.
    const notTriedYet = runnerUp && runnerUp.ms < best.ms && runnerUp.sampleCount === 0;
    const onlyCold = runnerUp && runnerUp.ms < best.ms && runnerUp.warmCount === 0;
    const head =
      notTriedYet && this.startupOf(runnerUp.backend) > 0
        ? `kept for ${total} indices: ${describe(best)}; ${describe(runnerUp)} is predicted faster, ${WAITS_FOR_THREADS}`
        : notTriedYet
          ? `kept for ${total} indices: ${describe(best)}; ${describe(runnerUp)} is predicted faster but not tried yet (its first run, a compile and a cold start on a model that may be 4× optimistic, costs more than the exploration budget has so far)`
          : onlyCold
            ? `kept for ${total} indices: ${describe(best)}; ${describe(runnerUp)} is predicted faster by the model, but its only run was cold: it is tried within the exploration budget before it replaces a backend measured warm`
            : `cheapest for ${total} indices: ${describe(best)}${versus}`;
    return {
      backend: best.backend,
      runnerUp: runnerUp?.backend,
      estimates: ranked,
      ...waiting,
      reason: `${head}${others.length ? `; then ${others.join(', ')}` : ''}${stayNote}${residentNote}${excludedNote}`,
    };
  }
}

/**
 * One-off choice (no learning kept): kept for callers that do not hold a selector.
 * `residentOn` is ignored here; pass the arguments to a KernelSelector to count residency.
 */
export async function chooseBackend(
  ir: IrKernel,
  total: number,
  requested: BackendName | 'auto',
  args: readonly unknown[] = [],
): Promise<Choice> {
  return new KernelSelector(ir, requested).choose(total, args);
}
