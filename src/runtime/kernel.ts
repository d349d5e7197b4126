// kernel.ts — `kernel()`: the user-facing Kernel, its per-signature cache, and a launch
// from arguments to result.
//
// kernel() parses and checks eagerly (definition.ts: errors surface at the definition). A launch builds the
// signature from its arguments, specialises on a cache miss (pipeline.ts), picks the
// backend (select.ts), makes arguments resident (transfer.ts), and dispatches.

import type { BackendName, CompiledKernel, LaunchArgs } from '../backends/backend.js';
import { backendByName, probe } from '../backends/registry.js';
import { noteCompile } from './compileCosts.js';
import { KernelSelector } from './select.js';
import type { BucketChoice, Choice, CompiledSource } from './selectChoice.js';
import { forcedBackend, throwIfRefused } from './forcedBackend.js';
import { moveArray, usableInPlace } from './transfer.js';
import { NDArray } from './ndarray.js';
import { definedAt, InternalError, KernelError } from '../jit/diagnostics.js';
import type { IrKernel } from '../jit/ir/ir.js';
import type { DType } from '../jit/types/dtype.js';
import type { GridAccess } from '../jit/passes/gridAccess.js';
import { callerOf } from '../jit/source.js';
import { makeSignature, type ArgSig } from '../jit/types/signature.js';
import { aliasOf, describeArg, launchArgsOf, type ScijsNdarray } from './arguments.js';
import { inOrder } from './stream.js';
import { zerosNow } from './device.js';
import { rejectPartialOverlaps, rejectSelfOverlaps } from './overlap.js';
import { launchPlain, plainFunction } from './plainLaunch.js';
import { abortReason } from '../backends/eventLoop.js';
import { specialise, type KernelDefinition } from '../jit/pipeline.js';
import { defineKernel, type KernelOptions } from './definition.js';
import { factsOf } from '../jit/passes/facts.js';
import { explainMinified } from './minified.js';
import { isReleased } from './sharedArrays.js';
import type { AbortSignalLike } from './platformTypes.js';

export type { KernelOptions };

/**
 * A launch grid: `n`, `[n]`, `[a, b]` or `[a, b, c]` (row-major, outermost first).
 *
 * @example
 * ```ts
 * const grid: Grid = [height, width];
 * ```
 */
export type Grid = number | readonly number[];

/**
 * A function `kernel()` compiles: its leading parameters are grid indices, then its arguments.
 *
 * @example
 * ```ts
 * const fill: KernelFunction = (i: number, x: Float32Array, v: number) => { x[i] = v; };
 * ```
 */
export type KernelFunction = (...args: any[]) => any;

/** Grid forms whose rank the types can see (a literal `[a, b]` is inferred as a pair). */
type GridForm =
  | number
  | readonly [number]
  | readonly [number, number]
  | readonly [number, number, number]
  | readonly number[];

/** How many leading parameters a grid takes as indices (0: not known from the type). */
type GridRank<G> = G extends number
  ? 1
  : G extends readonly [number]
    ? 1
    : G extends readonly [number, number]
      ? 2
      : G extends readonly [number, number, number]
        ? 3
        : 0;

/** `P` without its first `N` elements (never when it has fewer). */
type DropFirst<
  P extends readonly unknown[],
  N extends number,
  Seen extends unknown[] = [],
> = Seen['length'] extends N
  ? P
  : P extends readonly [unknown, ...infer Rest]
    ? DropFirst<Rest, N, [...Seen, unknown]>
    : never;

/**
 * What a launch accepts for a parameter: numbers and booleans as declared; for an array,
 * the declared type, an NDArray or a scijs ndarray in its place.
 *
 * @example
 * ```ts
 * type X = LaunchArgument<Float32Array>; // Float32Array | NDArray | NdarrayLike
 * ```
 */
export type LaunchArgument<T> = 0 extends 1 & T
  ? any
  : [T] extends [number]
    ? number
    : [T] extends [boolean]
      ? boolean
      : T | NDArray | ScijsNdarray;

/**
 * The arguments of a launch of a kernel `F` over a grid `G`: the kernel's parameters after
 * the grid indices (`n` and `[n]` take one, `[a, b]` two, `[a, b, c]` three).
 *
 * @example
 * ```ts
 * type Args = LaunchArguments<(r: number, c: number, out: Int32Array, w: number) => void, [number, number]>;
 * // [out: Int32Array | NDArray | NdarrayLike, w: number]
 * ```
 */
export type LaunchArguments<F extends KernelFunction, G> = number extends Parameters<F>['length']
  ? unknown[]
  : GridRank<G> extends 0
    ? unknown[]
    : LaunchArgumentList<DropFirst<Parameters<F>, GridRank<G>>>;

/** Each parameter's type mapped by LaunchArgument (labels kept). */
type LaunchArgumentList<P extends readonly unknown[]> = { [K in keyof P]: LaunchArgument<P[K]> };

/**
 * What `launch` resolves to: the reduced value for a kernel that returns one (`reduce`), else nothing.
 *
 * @example
 * ```ts
 * type R = LaunchResult<(i: number, x: Float64Array) => number>; // number
 * ```
 */
export type LaunchResult<F extends KernelFunction> = 0 extends 1 & ReturnType<F>
  ? number | undefined
  : [ReturnType<F>] extends [number | boolean]
    ? number
    : undefined;

/**
 * The options a launch may end with.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const done = long.launch(n, x, { signal: controller.signal });
 * controller.abort(); // `done` rejects with an AbortError
 * ```
 */
export interface LaunchOptions {
  /** Abandons the launch: it rejects with the signal's reason (see the README). */
  signal?: AbortSignalLike;
}

/**
 * What `inspect` reports about one call.
 *
 * @example
 * ```ts
 * const report: Inspection = await saxpy.inspect(n, 2, x, y, out);
 * console.log(report.backend, report.reason);
 * ```
 */
export interface Inspection {
  /** The backend that would run it. */
  backend: BackendName;
  /** Why that backend: forced, the only one, or the cost model's estimate. */
  reason: string;
  /** The second-cheapest candidate under `auto` (absent when forced or alone). */
  runnerUp?: BackendName;
  /** Every candidate's estimated time, in words, cheapest first (empty when forced). */
  estimates: string[];
  /** The argument signature the kernel is specialised on (dtypes, ranks, layouts). */
  signature: string;
  /** The generated code: JavaScript, WebAssembly text or WGSL. */
  code: string;
  /** What the backend decided (vectorised loops, shared bindings, moved arrays). */
  notes: string[];
  /**
   * What `auto` tried for this kernel so far and what it cost: each trial (a whole launch
   * or a slice of one, on which backend, how long, what it implies) and the total cost of
   * exploring against the time the kernel's launches took (empty when forced).
   */
  explored: string[];
  /** The IR, as text. */
  ir: string;
}

interface Specialisation {
  readonly ir: IrKernel;
  /** Compiled kernels that have finished compiling, for the synchronous launch path. */
  readonly ready: Map<BackendName, CompiledKernel>;
  /** Typed arrays indexed by a grid index on every path: they must cover the grid. */
  readonly gridAccesses: readonly GridAccess[];
  /** Whether two host arrays of a launch could be views sharing memory, one written (overlap.ts). */
  readonly mayOverlap: boolean;
  /** Whether an ndarray or NDArray is written: its view may name an element twice (overlap.ts). */
  readonly writesStrided: boolean;
  readonly compiled: Map<BackendName, Promise<CompiledKernel>>;
  /** Chooses the backend per size class, and learns from timed launches (select.ts). */
  readonly selector: KernelSelector;
  /** The compiled kernels, as the selector's slice trials ask for them. */
  readonly source: CompiledSource;
}

const env = (name: string): string | undefined =>
  typeof process !== 'undefined' ? process.env?.[name] : undefined;

/**
 * A kernel made by `kernel(fn)`: compiled on demand for each signature of arguments, on
 * the backend that `auto` (or the `backend` option) picks. `F` is the function's type,
 * from which `launch` takes its argument types.
 *
 * @example
 * ```ts
 * const scale = kernel((i: number, a: number, x: Float32Array) => { x[i] = a * x[i]!; });
 * await scale.launch(x.length, 2, x);
 * scale.fn(0, 2, x); // the plain function: index 0 only, as plain JavaScript
 * ```
 */
export class Kernel<F extends KernelFunction = KernelFunction> {
  /** The original function; calling it runs plain JavaScript. */
  readonly fn: F;
  /** The kernel's name in messages: the `name` option, the function's name, or its variable's. */
  readonly name: string;
  private readonly def: KernelDefinition;
  private readonly options: KernelOptions;
  private readonly callSite: string | undefined;
  private readonly cache = new Map<string, Specialisation>();
  /** The same specialisations keyed by a cheap per-launch key (see quickKey). */
  private readonly quickCache = new Map<string, Specialisation>();
  /** Environment read once, when the kernel is created (process.env is slow to read). */
  private readonly disableJit = env('NUMBAT_DISABLE_JIT') === '1';

  /** @internal use kernel() */
  constructor(fn: F, options: KernelOptions, callSite: string | undefined) {
    this.fn = fn;
    this.options = options;
    this.callSite = callSite;
    this.def = defineKernel(fn, options, callSite);
    this.name = this.def.kernel.source.name;
  }

  /**
   * The same kernel with some options replaced: a new Kernel with its own caches, keeping
   * this one's name and source location for errors.
   *
   * @example
   * ```ts
   * const onWasm = matmul.with({ backend: 'wasm' });
   * ```
   */
  with(options: KernelOptions): Kernel<F> {
    return new Kernel(this.fn, { ...this.options, name: this.name, ...options }, this.callSite);
  }

  /**
   * Runs the kernel over `grid` (`n`, `[n]`, `[a, b]` or `[a, b, c]`), passing the grid
   * indices as the function's leading parameters and `args` as the rest; resolves to the
   * reduced value for a kernel with `reduce`. The arguments are checked at once (a bad
   * launch rejects before anything runs); the launch then takes effect in issue order with
   * every other launch and transfer. An options object `{ signal }` may come last.
   *
   * @example
   * ```ts
   * await saxpy.launch(n, 2.5, x, y, out); // i in [0, n)
   * await mandelbrot.launch([h, w], out, xs, ys, 256); // (row, col), row-major
   * const s: number = await sumsq.launch(x.length, x); // a reduction
   * await saxpy.launch(n, 2.5, x, y, out, { signal: AbortSignal.timeout(1000) });
   * ```
   */
  launch<G extends GridForm>(
    grid: G,
    ...argsAndOptions: LaunchArguments<F, G> | [...LaunchArguments<F, G>, LaunchOptions]
  ): Promise<LaunchResult<F>>;
  launch(grid: Grid, ...argsAndOptions: unknown[]): Promise<number | undefined> {
    // The hot path stays synchronous until the backend runs: a cached specialisation, a
    // cached choice and a compiled kernel cost a few map lookups, no extra microtasks.
    try {
      const extents = this.gridExtents(grid);
      let total = 1;
      for (const n of extents) total *= n;
      const { args, signal } = this.launchOptions(extents.length, argsAndOptions);
      const spec = this.checkedSpecialisation(extents, total, args);
      if (this.disableJit)
        return inOrder(() => {
          if (signal?.aborted) throw abortReason(signal);
          return this.executePlain(spec, extents, args);
        });
      if (!signal) return inOrder(() => this.execute(spec, extents, total, args));
      return inOrder(() => {
        if (signal.aborted) throw abortReason(signal);
        return this.execute(spec, extents, total, args, signal);
      });
    } catch (e) {
      return Promise.reject(this.located(e));
    }
  }

  /**
   * A launch's bad input (a TypeError or RangeError of numbat's, thrown before anything
   * runs) with the line of the user's file where the kernel was defined, as a KernelError
   * has it: the message names the kernel and the parameter, this the place.
   */
  private located(e: unknown): unknown {
    if (!(e instanceof TypeError || e instanceof RangeError)) return e;
    if (!e.message.startsWith('numbat: ') || e.message.includes('\nkernel defined at ')) return e;
    const at = definedAt(this.def.kernel.source);
    if (at) e.message += `\nkernel defined at ${at}`;
    return e;
  }

  /**
   * The arguments, and the options object a launch may end with: `{ signal }`, an
   * AbortSignal that abandons the launch (it rejects with the signal's reason; see the
   * README for what the arrays then hold).
   */
  private launchOptions(
    gridRank: number,
    all: unknown[],
  ): { args: unknown[]; signal: AbortSignal | undefined } {
    const expected = this.def.kernel.ast.params.length - gridRank;
    if (all.length !== expected + 1) return { args: all, signal: undefined };
    const last = all[all.length - 1];
    if (
      typeof last !== 'object' ||
      last === null ||
      Object.getPrototypeOf(last) !== Object.prototype
    )
      return { args: all, signal: undefined };
    const keys = Object.keys(last);
    if (keys.some((k) => k !== 'signal')) {
      throw new TypeError(
        `numbat: kernel '${this.name}': a launch's options take only \`signal\`, got ${keys.map((k) => `'${k}'`).join(', ')}`,
      );
    }
    const signal = (last as { signal?: unknown }).signal;
    if (
      signal !== undefined &&
      !(
        typeof signal === 'object' &&
        signal !== null &&
        typeof (signal as AbortSignal).aborted === 'boolean' &&
        typeof (signal as AbortSignal).addEventListener === 'function'
      )
    ) {
      throw new TypeError(`numbat: kernel '${this.name}': options.signal must be an AbortSignal`);
    }
    return { args: all.slice(0, -1), signal: signal as AbortSignal | undefined };
  }

  /**
   * @internal `launch` without the stream: for numbat's own code that already runs inside
   * an ordered task (vectorize allocating its result and launching as one step; a
   * primitive's passes, see `Kernel.inStream`). May end with `{ signal }`.
   */
  launchUnordered(grid: Grid, ...argsAndOptions: unknown[]): Promise<number | undefined> {
    try {
      const extents = this.gridExtents(grid);
      let total = 1;
      for (const n of extents) total *= n;
      const { args, signal } = this.launchOptions(extents.length, argsAndOptions);
      // Arrays the enclosing step was given may have been disposed since it was issued:
      // their memory is freed after the step (dispose is in stream order).
      const spec = this.checkedSpecialisation(extents, total, args, true);
      if (signal?.aborted) throw abortReason(signal);
      if (this.disableJit) return this.executePlain(spec, extents, args);
      return this.execute(spec, extents, total, args, signal);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * @internal Runs `task` as one step of the process's stream: it starts once everything
   * issued before has settled, and everything issued after waits for it. A primitive call
   * (numbat/kernels) is one such step, so that a launch issued right after `scan(x, …, {
   * out: x })` sees the scan's result (probe 9). Inside `task` only the unordered halves
   * may be used (`launchUnordered`, `Kernel.zerosUnordered`): an ordered call would wait
   * for the task itself. (A static of an exported class, so that the separately bundled
   * numbat/kernels shares this bundle's stream.)
   */
  static inStream<T>(task: () => Promise<T>): Promise<T> {
    return inOrder(task);
  }

  /** @internal `zeros` inside a stream step (`Kernel.inStream`). */
  static zerosUnordered(
    shape: number | readonly number[],
    dtype: DType,
    backend: BackendName,
  ): Promise<NDArray> {
    return zerosNow(shape, dtype, backend);
  }

  /**
   * @internal An array of unspecified contents inside a stream step: for a temporary or a
   * result its primitive writes in full (a recycled heap block is not zero-filled first).
   */
  static uninitializedUnordered(
    shape: number | readonly number[],
    dtype: DType,
    backend: BackendName,
  ): Promise<NDArray> {
    return zerosNow(shape, dtype, backend, false);
  }

  /** The specialisation for a launch, after every check that needs no device. */
  private checkedSpecialisation(
    extents: readonly number[],
    total: number,
    args: readonly unknown[],
    disposedLater = false,
  ): Specialisation {
    const spec = this.specialisation(extents.length, args, disposedLater);
    if (spec.gridAccesses.length) this.checkCoverage(spec, extents, args);
    if (spec.writesStrided || spec.mayOverlap) {
      const params = this.argumentNames(extents.length);
      if (spec.writesStrided) rejectSelfOverlaps(this.name, spec.ir, args, params);
      if (spec.mayOverlap) rejectPartialOverlaps(this.name, spec.ir, args, params);
    }
    if (total === 0 && spec.ir.reduce?.kind === 'custom') {
      throw new TypeError(
        `numbat: kernel '${this.name}': a reduce over an empty grid has no value with a custom combiner`,
      );
    }
    return spec;
  }

  /** The parameter names after the grid indices. */
  private argumentNames(gridRank: number): string[] {
    return this.def.kernel.ast.params.slice(gridRank).map((p) => p.name);
  }

  /** The plain function with its `uses` in scope (NUMBAT_DISABLE_JIT). */
  private plainFn: Function | undefined;

  /**
   * Runs a checked launch now as the plain function (NUMBAT_DISABLE_JIT=1), after the
   * errors a forced backend gives before running anything (its probe loads the code that
   * decides; whether it is available here is not asked: nothing runs on it).
   */
  private async executePlain(
    spec: Specialisation,
    extents: number[],
    args: unknown[],
  ): Promise<number | undefined> {
    const forced = forcedBackend(spec.ir, this.options.backend ?? 'auto');
    if (forced) {
      await probe(forced.backend.name);
      throwIfRefused(spec.ir, forced);
    }
    this.plainFn ??= plainFunction(this.fn, this.options.uses);
    return launchPlain(
      this.name,
      this.plainFn,
      spec.ir,
      extents,
      args,
      this.options.reduce,
      this.argumentNames(extents.length),
    );
  }

  /** Runs a checked launch now (the caller keeps the stream order). */
  private execute(
    spec: Specialisation,
    extents: number[],
    total: number,
    args: unknown[],
    signal?: AbortSignal,
  ): Promise<number | undefined> {
    const bucket = this.readyChoice(spec, total, args);
    const ready = bucket && spec.ready.get(bucket.choice.backend);
    if (ready)
      return spec.selector.run(
        bucket,
        ready,
        this.launchArgs(spec.ir, extents, total, args, signal),
        spec.source,
      );
    return this.launchSlow(spec, extents, total, args, signal);
  }

  private async launchSlow(
    spec: Specialisation,
    extents: number[],
    total: number,
    args: unknown[],
    signal?: AbortSignal,
  ): Promise<number | undefined> {
    const { choice } = await this.resolveChoice(spec, total, args);
    spec.selector.notePoolLoss(choice);
    // A slice trial needs the other backend compiled: that starts now, in the background.
    if (choice.trial) spec.source.prepare(choice.trial.backend);
    let compiled: CompiledKernel;
    try {
      compiled = await this.compiled(spec, choice.backend);
    } catch (e) {
      // Under auto, a backend that cannot compile this kernel is dropped and another chosen.
      if (!spec.selector.exclude(choice.backend, (e as Error).message)) throw e;
      return this.launchSlow(spec, extents, total, args, signal);
    }
    if (signal?.aborted) throw abortReason(signal);
    // Timed without the compile: the selector learns what a launch on this backend costs.
    const start = performance.now();
    const value = await compiled.run(this.launchArgs(spec.ir, extents, total, args, signal));
    spec.selector.record(choice.backend, total, performance.now() - start);
    return value;
  }

  /** The cached choice for a launch with no NDArrays, if one is made for its size class. */
  private readyChoice(
    spec: Specialisation,
    total: number,
    args: readonly unknown[],
  ): BucketChoice | undefined {
    for (const a of args) if (a instanceof NDArray) return undefined;
    return spec.selector.cached(total, args);
  }

  /**
   * Which backend would run this call and why, and the code it would run (nothing runs).
   *
   * @example
   * ```ts
   * const { backend, reason, code } = await saxpy.inspect(n, 2.5, x, y, out);
   * ```
   */
  inspect<G extends GridForm>(grid: G, ...args: LaunchArguments<F, G>): Promise<Inspection>;
  async inspect(grid: Grid, ...args: unknown[]): Promise<Inspection> {
    let extents: number[];
    let spec: Specialisation;
    let total: number;
    try {
      extents = this.gridExtents(grid);
      total = extents.reduce((a, b) => a * b, 1);
      // The checks a launch makes (arrays too short for the grid, overlaps): an inspection
      // of a launch that would fail says so (review 24).
      spec = this.checkedSpecialisation(extents, total, args);
    } catch (e) {
      throw this.located(e);
    }
    const { choice, moves } = await this.resolveChoice(spec, total, args, true);
    const compiled = await this.compiled(spec, choice.backend);
    const { printIr } = await import('../jit/ir/print.js');
    return {
      backend: choice.backend,
      reason: moves.length ? `${choice.reason}; ${moves.join('; ')}` : choice.reason,
      ...(choice.runnerUp ? { runnerUp: choice.runnerUp } : {}),
      estimates: choice.estimates.map(
        (e) =>
          `${e.backend}: ≈ ${e.ms < 1 ? `${(e.ms * 1000).toFixed(0)} µs` : `${e.ms.toFixed(2)} ms`} (${e.basis})`,
      ),
      signature: makeSignature(extents.length, this.argSigs(extents.length, args)).key,
      code: compiled.code,
      notes: [...compiled.notes, ...moves],
      explored: spec.selector.explored(),
      ir: printIr(spec.ir),
    };
  }

  /** Rejects, before anything runs, a typed array too short for the grid that indexes it. */
  private checkCoverage(
    spec: Specialisation,
    grid: readonly number[],
    args: readonly unknown[],
  ): void {
    for (const access of spec.gridAccesses) {
      const b = spec.ir.buffers[access.buffer]!;
      const arg = args[b.argIndex] as { length?: number; shape?: readonly number[] };
      const length = ArrayBuffer.isView(arg) ? arg.length! : arg.shape![0]!;
      const extent = grid[access.axis]!;
      if (length < extent) {
        throw new RangeError(
          `numbat: kernel '${this.name}': parameter '${b.name}' has ${length} elements, but the grid indexes it with ${spec.ir.indexNames[access.axis]} up to ${extent - 1}`,
        );
      }
    }
  }

  private gridExtents(grid: Grid): number[] {
    if (
      typeof grid === 'number' &&
      grid >= 0 &&
      grid <= 0x7fffffff &&
      Number.isInteger(grid) &&
      this.def.kernel.ast.params.length >= 1
    )
      return [grid];
    const extents = typeof grid === 'number' ? [grid] : Array.isArray(grid) ? [...grid] : null;
    if (!extents || extents.length < 1 || extents.length > 3) {
      throw new TypeError(
        `numbat: kernel '${this.name}': the grid must be n, [n], [a, b] or [a, b, c], got ${typeof grid === 'string' ? `the string ${JSON.stringify(grid)}` : Array.isArray(grid) ? `[${grid.map(String).join(', ')}]` : String(grid)}`,
      );
    }
    for (const n of extents) {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
        throw new TypeError(
          `numbat: kernel '${this.name}': grid extents must be integers in [0, 2^31), got ${String(n)}`,
        );
      }
    }
    const indexParams = this.def.kernel.ast.params.length;
    if (extents.length > indexParams) {
      throw new TypeError(
        `numbat: kernel '${this.name}': a ${extents.length}-D grid needs ${extents.length} index parameters, but the kernel has only ${indexParams} parameter${indexParams === 1 ? '' : 's'}`,
      );
    }
    return extents;
  }

  private argSigs(gridRank: number, args: readonly unknown[], disposedLater = false): ArgSig[] {
    const params = this.def.kernel.ast.params;
    const expected = params.length - gridRank;
    if (args.length < expected) {
      const missing = params
        .slice(gridRank + args.length)
        .map((p) => `'${p.name}'`)
        .join(', ');
      throw new TypeError(
        `numbat: kernel '${this.name}': too few arguments: missing ${missing} (a ${gridRank}-D grid takes the first ${gridRank} parameter${gridRank === 1 ? '' : 's'} as indices)`,
      );
    }
    if (args.length > expected) {
      // A grid of too many axes takes parameters meant for arguments as indices.
      const rank = params.length - args.length;
      const meant =
        rank >= 1 && rank < gridRank
          ? `; a ${gridRank}-D grid takes the first ${gridRank} parameters (${params
              .slice(0, gridRank)
              .map((p) => p.name)
              .join(', ')}) as indices: is the grid meant to be ${rank}-D?`
          : '';
      throw new TypeError(
        `numbat: kernel '${this.name}': too many arguments: got ${args.length}, the kernel takes ${expected} after the ${gridRank} grid ${gridRank === 1 ? 'index' : 'indices'} (${params
          .slice(gridRank)
          .map((p) => p.name)
          .join(', ')})${meant}`,
      );
    }
    return args.map((a, k): ArgSig => {
      const sig = describeArg(a, params[gridRank + k]!.name, this.name, disposedLater);
      if (sig.kind !== 'typed' && sig.kind !== 'strided') return sig;
      const of = aliasOf(args, k);
      return of >= 0 ? { kind: 'alias', of } : sig;
    });
  }

  private specialisation(
    gridRank: number,
    args: readonly unknown[],
    disposedLater = false,
  ): Specialisation {
    const quick = quickKey(gridRank, args, this.def.kernel.ast.params.length);
    const hit = quick === undefined ? undefined : this.quickCache.get(quick);
    if (hit) return hit;
    const sig = makeSignature(gridRank, this.argSigs(gridRank, args, disposedLater));
    let spec = this.cache.get(sig.key);
    if (spec && quick !== undefined) this.quickCache.set(quick, spec);
    if (!spec) {
      let ir: IrKernel;
      try {
        ir = specialise(this.def, sig);
      } catch (e) {
        throw explainMinified(e, this.fn, this.options);
      }
      // Arrays whose element i is index i: typed arrays, and 1-D views with unit stride and no offset.
      const direct = (a: ArgSig): boolean =>
        a.kind === 'typed' || (a.kind === 'strided' && a.rank === 1 && a.unitInner && a.zeroOffset);
      spec = {
        ir,
        gridAccesses: factsOf(ir).gridAccesses.filter((a) =>
          direct(sig.args[ir.buffers[a.buffer]!.argIndex]!),
        ),
        mayOverlap:
          ir.buffers.some((b) => b.written) &&
          ir.buffers.filter(
            (b) =>
              sig.args[b.argIndex]!.kind !== 'strided' ||
              (sig.args[b.argIndex] as { container: string }).container === 'ndarray',
          ).length > 1,
        writesStrided: ir.buffers.some(
          (b) => b.written && sig.args[b.argIndex]!.kind === 'strided',
        ),
        compiled: new Map(),
        ready: new Map(),
        selector: new KernelSelector(ir, this.options.backend ?? 'auto'),
        source: {
          ready: (name) => made.ready.get(name),
          prepare: (name) => {
            this.compiled(made, name).catch((e: unknown) =>
              made.selector.exclude(name, (e as Error).message),
            );
          },
        },
      };
      const made: Specialisation = spec;
      this.cache.set(sig.key, spec);
      if (quick !== undefined) this.quickCache.set(quick, spec);
    }
    return spec;
  }

  private async resolveChoice(
    spec: Specialisation,
    total: number,
    args: readonly unknown[],
    dryRun = false,
  ): Promise<{ choice: Choice; moves: string[] }> {
    const arrays = args.filter((a): a is NDArray => a instanceof NDArray);
    const choice: Choice = await spec.selector.choose(total, args);
    if (arrays.length === 0) return { choice, moves: [] };
    const backend = backendByName(choice.backend)!;
    const moves: string[] = [];
    const params = this.def.kernel.ast.params.slice(spec.ir.indexNames.length);
    for (const [k, a] of args.entries()) {
      if (!(a instanceof NDArray) || usableInPlace(a, backend)) continue;
      moves.push(
        dryRun
          ? `would move '${params[k]!.name}' from ${a.backend} to ${backend.name}`
          : await moveArray(a, backend, params[k]!.name),
      );
    }
    return { choice, moves };
  }

  private compiled(spec: Specialisation, name: BackendName): Promise<CompiledKernel> {
    let c = spec.compiled.get(name);
    if (!c) {
      const backend = backendByName(name)!;
      const started = performance.now();
      c = backend.compile(spec.ir).then(
        (compiled) => {
          noteCompile(name, performance.now() - started);
          spec.ready.set(name, compiled);
          return compiled;
        },
        (e: unknown) => {
          spec.compiled.delete(name);
          if (e instanceof KernelError || e instanceof InternalError) throw e;
          throw new InternalError(
            `the ${name} backend failed to compile kernel '${this.name}': ${(e as Error).message}`,
          );
        },
      );
      spec.compiled.set(name, c);
    }
    return c;
  }

  private launchArgs(
    ir: IrKernel,
    grid: number[],
    total: number,
    args: readonly unknown[],
    signal?: AbortSignal,
  ): LaunchArgs {
    return launchArgsOf(ir, grid, total, args, signal);
  }
}

/**
 * A cheap signature key for the launch hot path, or undefined when the arguments need the
 * full description (and its checks): a wrong count, an empty typed array (maybe detached),
 * or anything but numbers, booleans, plain typed arrays and NDArrays.
 */
function quickKey(gridRank: number, args: readonly unknown[], params: number): string | undefined {
  if (args.length !== params - gridRank) return undefined;
  let key = String(gridRank);
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (typeof a === 'number') {
      // −0 is a float (describeArg), not the integer 0 of either signedness.
      key += Object.is(a, -0) ? '|f' : (a | 0) === a ? '|i' : a >>> 0 === a ? '|u' : '|f';
    } else if (typeof a === 'boolean') {
      key += '|b';
    } else if (ArrayBuffer.isView(a)) {
      if (a.byteLength === 0 || isReleased(a)) return undefined; // the full path says why
      const name = a.constructor.name;
      if (name === 'Uint8ClampedArray' || name === 'DataView' || name.startsWith('Big'))
        return undefined;
      const of = aliasOf(args, k);
      key += of >= 0 ? `|=${of}` : '|' + name;
    } else if (a instanceof NDArray) {
      if (a.disposed) return undefined;
      const of = aliasOf(args, k);
      key +=
        of >= 0
          ? `|=${of}`
          : `|N${a.dtype}${a.shape.length}${a.strides[a.strides.length - 1] === 1 ? '' : 's'}${a.offset === 0 ? '' : 'o'}`;
    } else {
      return undefined; // ndarrays and anything else take the full path
    }
  }
  return key;
}

/**
 * Compiles a plain function into a Kernel. The function's leading parameters are grid
 * indices (the launch's grid fixes how many), the rest its arguments: typed arrays,
 * ndarrays, NDArrays, numbers and booleans. Parsed and checked now: a construct outside
 * the kernel language is a `KernelError` pointing at your line. Compiled at the first
 * launch of each argument signature.
 *
 * @example
 * ```ts
 * import { kernel, random } from 'numbat';
 *
 * const saxpy = kernel((i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
 *   out[i] = a * x[i]! + y[i]!;
 * });
 * await saxpy.launch(x.length, 2.5, x, y, out);
 *
 * const pi = kernel(
 *   (i: number, seed: number) => {
 *     const u = random(seed, 2 * i), v = random(seed, 2 * i + 1);
 *     return u * u + v * v <= 1 ? 1 : 0;
 *   },
 *   { reduce: 'sum' },
 * );
 * console.log((4 * (await pi.launch(1e6, 42))) / 1e6);
 * ```
 */
export function kernel<F extends KernelFunction>(fn: F, options?: KernelOptions): Kernel<F>;
/** A function whose type is only `Function` makes an untyped Kernel. */
export function kernel(fn: Function, options?: KernelOptions): Kernel;
export function kernel(fn: Function, options: KernelOptions = {}): Kernel {
  if (typeof fn !== 'function')
    throw new TypeError(
      `numbat: kernel() takes a function, got ${fn === null ? 'null' : typeof fn}`,
    );
  return new Kernel(fn as KernelFunction, options, callerOf(kernel));
}
