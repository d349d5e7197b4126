// types.ts — the shape of one differential-corpus entry.
//
// A corpus entry is data: the plain kernel function, the options it is compiled with, the
// grid, and a factory of fresh deterministic arguments. The harness runs the plain
// function (the specification) and every available backend on separate fresh copies and
// compares every array argument and the reduce result.

/** Any plain kernel function: leading grid indices, then the kernel's arguments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PlainKernel = (...args: any[]) => any;

/** A reduce specification, as in API.md. */
export type ReduceSpec = 'sum' | 'prod' | 'min' | 'max' | ((a: number, b: number) => number);

/** The options a corpus entry compiles with (the harness adds `backend`). */
export interface CorpusOptions {
  readonly reduce?: ReduceSpec;
  readonly uses?: Record<string, unknown>;
  readonly precision?: 'auto' | 'f32' | 'f64';
}

/**
 * How far a backend's result may be from the plain function's.
 * Integer and boolean data is always compared exactly unless `abs` is given.
 */
export interface ToleranceSpec {
  /** Relative tolerance, against |expected|. */
  readonly rel?: number;
  /** Absolute tolerance. */
  readonly abs?: number;
  /**
   * Fraction (0..1) of elements allowed to mismatch outright, for chaotic kernels
   * (Mandelbrot iteration counts) run where float math is f32.
   */
  readonly mismatchFraction?: number;
}

/** The element precision of a reduce result, used to pick its default tolerance. */
export type ResultPrecision = 'f32' | 'f64' | 'int';

/** One kernel of the differential corpus. */
export interface CorpusEntry {
  /** Unique, descriptive name (used as the test title). */
  readonly name: string;
  /** The plain function; the specification. */
  readonly fn: PlainKernel;
  readonly options?: CorpusOptions;
  /** `n`, `[n]`, `[a, b]` or `[a, b, c]`. */
  readonly grid: number | readonly number[];
  /** Fresh deterministic arguments (seeded PRNG), a new copy on every call. */
  makeArgs(): unknown[];
  /** Indices (into the argument list) of arrays the kernel writes; documentation and a sanity check. */
  readonly outputs?: readonly number[];
  /** For reduce kernels: the precision the per-index value is computed in (default f64). */
  readonly resultPrecision?: ResultPrecision;
  /** Overrides the dtype-aware default tolerance on every backend. */
  readonly tolerance?: ToleranceSpec;
  /** Per-backend overrides (e.g. `webgpu`, whose unanchored float math is f32). */
  readonly backendTolerance?: Readonly<Record<string, ToleranceSpec>>;
  /** Why this entry exists, or what is special about it. */
  readonly note?: string;
}
