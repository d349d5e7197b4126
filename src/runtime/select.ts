// select.ts — which backend runs a launch, and why.
//
// Forced choices first (NUMBAT_BACKEND, the `backend` option). Otherwise the candidates
// are the available backends that accept the kernel (refuse() is null), and each gets a
// predicted time (costModel.ts): launch overhead + bytes to stage or move ÷ bandwidth +
// work per index (workEstimate.ts) × indices ÷ throughput. The cheapest wins; the runner-up
// and every estimate are kept, in words, for `inspect`.
//
// A KernelSelector belongs to one specialisation and learns online: launches are timed
// (every launch at first, then one in 64), and a measured time replaces the model for that
// backend and size class (log2 of the grid size) and corrects the model of that backend for
// the kernel's other sizes. Exploration: for a size class, every candidate estimated within
// 4× of the best runs until it has two samples there (the first launch on a backend is cold:
// it counts as a sample, but warm samples replace it in the estimate), the least-sampled
// first; so with four candidates exploring ends within eight launches, and afterwards the
// choice is by measured medians, with a little hysteresis so that noise cannot make it flap.
// `auto` thus finds out, say, that wasm is 8× faster than js for Mandelbrot. Resident
// NDArrays stay where they are unless moving them (counted in full in the launch that
// moves) still makes it cheaper.

import type {
  Backend,
  BackendName,
  BackendStatus,
  CompiledKernel,
  LaunchArgs,
} from '../backends/backend.js';
import type { IrKernel } from '../jit/ir/ir.js';
import { AUTO_ORDER, BACKEND_NAMES, backendByName, probe } from '../backends/registry.js';
import { NDArray } from './ndarray.js';
import { BYTES } from '../jit/types/dtype.js';
import { usableInPlace } from './transfer.js';
import { isScijsNdarray } from './arguments.js';
import type { BackendConstants } from '../backends/costs.js';
import { formatDuration, predict, type Prediction, type Traffic } from './costModel.js';
import { currentProfile, ensureProfile, machineKey, profileVersion } from './calibrate.js';
import { estimateWork, type WorkProfile } from '../jit/passes/workEstimate.js';

/** One candidate's predicted time for a launch. */
export interface Estimate {
  readonly backend: BackendName;
  readonly ms: number;
  /** Where the number comes from, in words ("measured: 3 launches", "model: …"). */
  readonly basis: string;
}

/** The backend chosen for a launch, the runner-up, and why. */
export interface Choice {
  readonly backend: BackendName;
  /** The choice in words: estimates of the winner and runner-up, exclusions. */
  readonly reason: string;
  readonly runnerUp?: BackendName;
  /** Every candidate's estimate, cheapest first (empty when forced). */
  readonly estimates: readonly Estimate[];
  /** Whether this is a trial of a backend that never ran the kernel (every launch is timed). */
  readonly exploring?: boolean;
}

/** A cached choice for host-only launches of one size class, with its sampling counter. */
export interface BucketChoice {
  readonly choice: Choice;
  /** Launches made with this choice (the sampling policy counts them). */
  launches: number;
  readonly profileVersion: number;
}

/** A candidate estimated within this factor of the best is tried until it has EXPLORE_SAMPLES samples. */
const EXPLORE_FACTOR = 4;
/** Samples (cold first launch included) a contender needs in a size class before choosing by measurement. */
const EXPLORE_SAMPLES = 2;
/** Contenders within this factor of the best get CLOSE_SAMPLES samples: noise could swap them. */
const CLOSE_FACTOR = 1.5;
const CLOSE_SAMPLES = 3;
/** Warm samples from which the estimate is their median rather than the fastest sample. */
const MEDIAN_SAMPLES = 3;
/** A measured choice is kept unless another backend's estimate is below this fraction of it. */
const SWITCH_MARGIN = 0.9;
/** Moving resident NDArrays must make the launch this many times faster (it is one-way). */
const MOVE_MARGIN = 2;
/** Warm samples kept per backend and size class. */
const SAMPLES_KEPT = 5;
/** After this many samples of a class, one launch in SAMPLE_PERIOD is timed. */
const EAGER_SAMPLES = 4;
const SAMPLE_PERIOD = 64;

const env = (name: string): string | undefined =>
  typeof process !== 'undefined' ? process.env?.[name] : undefined;

/** NUMBAT_BACKEND, when it names a backend (not 'auto'). */
export function envBackend(): string | undefined {
  const value = env('NUMBAT_BACKEND');
  return value && value !== 'auto' ? value : undefined;
}

/** The size class of a grid: ⌈log2(total + 1)⌉ (0 for an empty grid). */
export function sizeClass(total: number): number {
  return 32 - Math.clz32(total);
}

/** What a launch's arguments cost to get onto each backend. */
interface ArgumentProfile {
  /** Launch values of the kernel's scalars where cheap to know (loop bounds). */
  readonly scalarValues: (number | undefined)[];
  readonly trafficFor: (backend: Backend) => Traffic;
}

function profileArguments(ir: IrKernel, args: readonly unknown[]): ArgumentProfile {
  const scalarValues = ir.scalars.map((s) => {
    const src = s.source;
    if (src.kind === 'arg') {
      const v = args[src.argIndex];
      return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined;
    }
    if (src.kind === 'length') {
      const a = args[ir.buffers[src.buffer]!.argIndex] as
        | { length?: number; storage?: { length: number } }
        | undefined;
      return a instanceof NDArray
        ? a.storage.length
        : typeof a?.length === 'number'
          ? a.length
          : undefined;
    }
    return undefined;
  });
  const trafficFor = (backend: Backend): Traffic => {
    let stagedBytes = 0;
    let movedBytes = 0;
    const movedFrom: BackendName[] = [];
    for (const b of ir.buffers) {
      const arg = args[b.argIndex];
      const bytesPerElement = BYTES[b.dtype];
      if (arg instanceof NDArray) {
        if (!usableInPlace(arg, backend)) {
          movedBytes += arg.storage.length * bytesPerElement;
          movedFrom.push(arg.backend);
        }
        continue;
      }
      const data = isScijsNdarray(arg) ? arg.data : arg;
      if (!ArrayBuffer.isView(data)) continue;
      const bytes = data.byteLength;
      const directions = (b.read ? 1 : 0) + (b.written ? 1 : 0);
      if (backend.name === 'js') continue;
      // workers use SharedArrayBuffer-backed arrays in place; everything else is copied.
      const shared =
        typeof SharedArrayBuffer === 'function' && data.buffer instanceof SharedArrayBuffer;
      if (backend.name === 'workers' && shared) continue;
      stagedBytes += bytes * directions;
    }
    return { stagedBytes, movedBytes, movedFrom };
  };
  return { scalarValues, trafficFor };
}

interface Sample {
  readonly total: number;
  readonly ms: number;
  /** The first launch of the kernel on its backend (JIT tier-up, a pool starting). */
  readonly cold: boolean;
}

/** Every backend's probe, once per process. */
let statusesPromise: Promise<BackendStatus[]> | undefined;
let machineKeyPromise: Promise<string> | undefined;

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
  /** Backends whose first (cold: JIT, pool start) launch of this kernel was recorded. */
  private readonly warmedUp = new Set<BackendName>();
  /** Measured ÷ modelled compute time per backend (log-averaged). */
  private readonly corrections = new Map<BackendName, number>();

  constructor(ir: IrKernel, requested: BackendName | 'auto') {
    this.ir = ir;
    this.requested = requested;
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
    const forced = envBackend() ?? (this.requested !== 'auto' ? this.requested : undefined);
    if (forced) {
      const backend = backendByName(forced as BackendName);
      const how = envBackend() ? `NUMBAT_BACKEND=${forced}` : `backend: '${forced}'`;
      if (!backend)
        throw new TypeError(
          `numbat: kernel '${ir.name}': ${how} names no backend numbat has (${BACKEND_NAMES.join(', ')})`,
        );
      const status = await probe(backend.name);
      if (!status.available)
        throw new Error(
          `numbat: kernel '${ir.name}': ${how} was requested, but that backend is unavailable here: ${status.reason}`,
        );
      const refusal = backend.refuse(ir);
      if (refusal)
        throw new TypeError(
          `numbat: kernel '${ir.name}' cannot run on ${forced} (${how}): ${refusal}`,
        );
      this.forcedChoice = { backend: backend.name, reason: `forced by ${how}`, estimates: [] };
      return;
    }
    statusesPromise ??= Promise.all(AUTO_ORDER.map((name) => probe(name)));
    const statuses = await statusesPromise;
    machineKeyPromise ??= machineKey(statuses);
    ensureProfile(await machineKeyPromise, statuses, backendByName);
    for (const status of statuses) {
      const backend = backendByName(status.name);
      if (!backend) continue;
      if (!status.available) {
        this.excluded.push(`${status.name} (unavailable: ${status.reason ?? 'no reason given'})`);
        continue;
      }
      const refusal = backend.refuse(ir);
      if (refusal) {
        this.excluded.push(`${status.name} (cannot run it: ${refusal})`);
        continue;
      }
      this.candidates.push(backend);
    }
    if (this.candidates.length === 0) {
      throw new Error(
        `numbat: kernel '${ir.name}': no backend can run it here: ${this.excluded.join('; ')}`,
      );
    }
    // A sum, product or custom reduction gives the same bits on every CPU backend (one
    // association order, f64 accumulation) but not on WebGPU (f32, another tree): `auto`
    // keeps it on the CPU so that its choice can never change the answer, unless the
    // arrays already live on the GPU (then moving them would be the surprise).
    const gpu = this.candidates.find((b) => b.name === 'webgpu');
    if (
      gpu &&
      ir.reduce &&
      ir.reduce.kind !== 'min' &&
      ir.reduce.kind !== 'max' &&
      this.candidates.length > 1
    ) {
      this.candidates = this.candidates.filter((b) => b !== gpu);
      this.gpuForResidentOnly = true;
      this.excluded.push(
        "webgpu (not chosen by auto for this reduction unless its arrays live there: it accumulates in f32 in another order, so its result would differ from the CPU backends'; pass backend: 'webgpu' to use it)",
      );
    }
  }

  /** Whether webgpu is set aside for this reduction and used only when the arrays live there. */
  private gpuForResidentOnly = false;

  /**
   * The cached choice for a launch with no NDArrays in `total`'s size class, or undefined
   * when none is made yet (the caller then takes the asynchronous path). Synchronous.
   */
  cached(total: number): BucketChoice | undefined {
    if (this.forcedChoice) return this.forcedBucket;
    const bucket = this.buckets.get(sizeClass(total));
    if (bucket && bucket.profileVersion !== profileVersion())
      return this.recompute(sizeClass(total));
    return bucket;
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
    await this.prepare();
    return this.chooseNow(total, args);
  }

  /** choose() once prepared: synchronous. */
  chooseNow(total: number, args: readonly unknown[]): Choice {
    if (!this.isPrepared)
      throw new Error(
        `numbat internal error: kernel '${this.ir.name}': selector used before prepare()`,
      );
    if (this.forcedChoice) return this.forcedChoice;
    if (
      this.gpuForResidentOnly &&
      args.some((a) => a instanceof NDArray && a.backend === 'webgpu')
    ) {
      return {
        backend: 'webgpu',
        reason:
          'its arrays live on webgpu (auto runs this reduction there only then: WebGPU accumulates it in f32)',
        estimates: [],
      };
    }
    const argProfile = profileArguments(this.ir, args);
    const work = estimateWork(this.ir, argProfile.scalarValues);
    const hasNDArrays = args.some((a) => a instanceof NDArray);
    const size = sizeClass(total);
    const previous = hasNDArrays ? undefined : this.buckets.get(size)?.choice;
    const choice = this.decide(
      total,
      argProfile,
      work,
      args.filter((a): a is NDArray => a instanceof NDArray),
      previous,
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
      choice: this.decide(saved.total, saved.args, saved.work, [], old?.choice),
      launches,
      profileVersion: profileVersion(),
    };
    this.buckets.set(size, bucket);
    return bucket;
  }

  /** Whether this launch (made with `bucket`'s choice) should be timed. */
  shouldSample(bucket: BucketChoice): boolean {
    if (this.forcedChoice) return false;
    const n = bucket.launches++;
    return n < EAGER_SAMPLES || n % SAMPLE_PERIOD === 0 || bucket.choice.exploring === true;
  }

  /**
   * Runs `compiled` (the chosen backend's kernel) and, when sampled, times it and learns
   * from the time. Adds no await before the backend runs.
   */
  run(
    bucket: BucketChoice,
    compiled: CompiledKernel,
    args: LaunchArgs,
  ): Promise<number | undefined> {
    if (!this.shouldSample(bucket)) return compiled.run(args);
    const backend = bucket.choice.backend;
    const start = performance.now();
    return compiled.run(args).then((value) => {
      this.record(backend, args.total, performance.now() - start);
      return value;
    });
  }

  /**
   * Drops a candidate that failed to compile the kernel (a limit refuse() did not foresee)
   * so that `auto` never picks it again; false when it was not a candidate or is the last.
   */
  exclude(name: BackendName, why: string): boolean {
    if (
      this.forcedChoice ||
      this.candidates.length <= 1 ||
      !this.candidates.some((b) => b.name === name)
    )
      return false;
    this.candidates = this.candidates.filter((b) => b.name !== name);
    this.excluded.push(`${name} (failed to compile it: ${why.split('\n')[0]})`);
    for (const size of [...this.buckets.keys()]) this.recompute(size);
    return true;
  }

  /** Learns from one timed launch of `total` indices on `backend` (ms, compile excluded). */
  record(backend: BackendName, total: number, ms: number): void {
    if (this.forcedChoice || !Number.isFinite(ms) || ms < 0) return;
    // The first launch on a backend is cold (JIT tier-up, a pool or pipeline starting): it
    // counts towards exploring, but warm samples replace it and it teaches no correction.
    const cold = !this.warmedUp.has(backend);
    this.warmedUp.add(backend);
    const size = sizeClass(total);
    let byClass = this.samples.get(backend);
    if (!byClass) this.samples.set(backend, (byClass = new Map()));
    const list = byClass.get(size) ?? [];
    list.push({ total, ms, cold });
    if (list.length > SAMPLES_KEPT) list.shift();
    byClass.set(size, list);
    if (!cold) this.learnCorrection(backend, total, ms, size);
    // Every cached class may choose differently now: recompute them (cheap, synchronous).
    for (const cachedSize of [...this.buckets.keys()]) this.recompute(cachedSize);
  }

  private learnCorrection(backendName: BackendName, total: number, ms: number, size: number): void {
    const constants = this.constantsOf(backendName);
    const backend = backendByName(backendName);
    const saved = this.bucketArgs.get(size);
    if (!constants || !backend || !saved) return;
    const model = predict(constants, saved.work, total, saved.args.trafficFor(backend), 1, (n) =>
      this.constantsOf(n),
    );
    if (model.computeMs <= 0) return;
    const measuredCompute = Math.max(ms - model.launchMs - model.transferMs, 0.1 * ms);
    const ratio = Math.min(1e3, Math.max(1e-3, measuredCompute / model.computeMs));
    const previous = this.corrections.get(backendName);
    this.corrections.set(backendName, previous === undefined ? ratio : Math.sqrt(previous * ratio));
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

  /** Every candidate's estimate for this launch, cheapest first. */
  estimates(
    total: number,
    argProfile: ArgumentProfile,
    work: WorkProfile,
  ): (Estimate & {
    measured: boolean;
    learned: boolean;
    sampleCount: number;
    warmCount: number;
    model: Prediction;
  })[] {
    const size = sizeClass(total);
    const out = [];
    for (const backend of this.candidates) {
      const constants = this.constantsOf(backend.name);
      if (!constants) continue;
      const traffic = argProfile.trafficFor(backend);
      const correction = this.correctionFor(backend.name);
      const model = predict(constants, work, total, traffic, correction.value, (n) =>
        this.constantsOf(n),
      );
      const samples = this.samples.get(backend.name)?.get(size);
      let ms = model.totalMs;
      let basis: string;
      if (samples && samples.length > 0) {
        // Measured here, scaled to this grid size, plus any move: the lower median of the
        // warm samples once there are MEDIAN_SAMPLES, before that the fastest sample (noise
        // on a shared machine only ever adds time, and a cold launch is an upper bound).
        const warm = samples.filter((s) => !s.cold);
        const used = warm.length >= MEDIAN_SAMPLES ? warm : samples;
        const scaled = used
          .map(
            (s) =>
              model.launchMs + Math.max(0, s.ms - model.launchMs) * (total / Math.max(1, s.total)),
          )
          .sort((a, b) => a - b);
        const moveMs = traffic.movedBytes > 0 ? model.transferMs : 0;
        ms =
          (warm.length >= MEDIAN_SAMPLES ? scaled[(scaled.length - 1) >> 1]! : scaled[0]!) + moveMs;
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
      out.push({
        backend: backend.name,
        ms,
        basis,
        measured: !!samples && samples.length > 0,
        learned: correction.learned,
        sampleCount: samples?.length ?? 0,
        warmCount: samples?.filter((s) => !s.cold).length ?? 0,
        model,
      });
    }
    return out.sort((a, b) => a.ms - b.ms);
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
    const ranked = this.estimates(total, argProfile, work);
    const excludedNote = this.excluded.length
      ? `; not considered: ${this.excluded.join('; ')}`
      : '';
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
    // Exploration: every contender (estimated within EXPLORE_FACTOR of the best) runs until
    // it has EXPLORE_SAMPLES samples of this size, the least-sampled first, then the best.
    if (arrays.length === 0) {
      // A cold launch (first-call compile, a pool starting) can be many times a warm one:
      // until a warm sample exists, the model's figure also gets a say.
      const screen = (e: (typeof ranked)[number]): number =>
        e.warmCount === 0 ? Math.min(e.ms, e.model.totalMs) : e.ms;
      const reference = Math.min(...ranked.map(screen));
      const contenders = ranked.filter((e) => screen(e) <= EXPLORE_FACTOR * reference);
      const needed = (e: (typeof ranked)[number]): number =>
        contenders.length > 1 && screen(e) <= CLOSE_FACTOR * reference
          ? CLOSE_SAMPLES
          : EXPLORE_SAMPLES;
      const wanting = contenders.filter((e) => e.sampleCount < needed(e));
      const fewest = Math.min(...wanting.map((e) => e.sampleCount));
      const next = wanting.find((e) => e.sampleCount === fewest);
      if (next) {
        const others = contenders.filter((e) => e !== next);
        return {
          backend: next.backend,
          runnerUp: next === best ? ranked[1]?.backend : best.backend,
          estimates: ranked,
          exploring: true,
          reason:
            next === best
              ? `measuring ${describe(best)}${ranked[1] ? `; runner-up ${describe(ranked[1])}` : ''}${others.length ? `; trying ${others.map((e) => e.backend).join(', ')} too (within ${EXPLORE_FACTOR}×)` : ''}${residentNote}${excludedNote}`
              : `trying ${describe(next)}: it has ${next.sampleCount} of ${needed(next)} launches of this size and may beat ${describe(best)}${residentNote}${excludedNote}`,
        };
      }
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
    return {
      backend: best.backend,
      runnerUp: runnerUp?.backend,
      estimates: ranked,
      reason: `cheapest for ${total} indices: ${describe(best)}${versus}${others.length ? `; then ${others.join(', ')}` : ''}${stayNote}${residentNote}${excludedNote}`,
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
