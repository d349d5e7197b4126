// runCase.ts — runs one generated case: compiles its source with `new Function` (so the
// function text is the generated source), runs the plain function over the grid (the
// specification), checks the interpreter reproduces it exactly (else the generator broke
// its own rules: an oracle error), then launches it on each backend with fresh arguments
// and holds the result to the interpreter's expectation under that backend's error model.
// A mismatch is attributed to a relaxation (errorModel.ts) when one explains it.

import {
  atomicAdd,
  atomicMax,
  atomicMin,
  atomicSub,
  f32,
  f64,
  i32,
  kernel,
  random,
  u32,
} from '../../src/index.js';
import type { Case, Expr, Stmt } from './ast.js';
import { arrayLength, printKernel } from './ast.js';
import { agrees, compareRun, formatNumber, type BadElement, type RunOutput } from './compare.js';
import { modelFor, relaxationsFor } from './errorModel.js';
import { interpret } from './interpret.js';
import { combineInOrder } from '../harness/plain.js';
import { makeTypedArray } from './values.js';

const INTRINSICS = { f32, f64, i32, u32, atomicAdd, atomicSub, atomicMin, atomicMax, random };

type AnyFunction = (...args: never[]) => unknown;

/** A function from its source text, with the numbat intrinsics in scope as plain functions. */
export function compileSource<T extends AnyFunction>(source: string): T {
  const names = Object.keys(INTRINSICS);
  return new Function(...names, `return ${source};`)(...Object.values(INTRINSICS)) as T;
}

export interface CompiledCase {
  readonly source: string;
  readonly fn: (...args: unknown[]) => unknown;
  readonly combiner: ((a: number, b: number) => number) | undefined;
}

export function compileCase(c: Case): CompiledCase {
  const source = printKernel(c);
  const combiner =
    c.reduce && typeof c.reduce !== 'string'
      ? compileSource<(a: number, b: number) => number>(c.reduce.source)
      : undefined;
  return { source, fn: compileSource(source), combiner };
}

/** Fresh arguments, in parameter order. */
export function freshArgs(c: Case): unknown[] {
  return c.params.map((p) =>
    p.kind === 'scalar' ? p.value : makeTypedArray(p.dtype, arrayLength(p, c.grid), p.values),
  );
}

function outputOf(c: Case, args: unknown[], value: number | undefined): RunOutput {
  const arrays = new Map<string, ArrayLike<number>>();
  c.params.forEach((p, k) => {
    if (p.kind === 'array') arrays.set(p.name, args[k] as ArrayLike<number>);
  });
  return { arrays, value };
}

/** The specification: the plain function at every grid point in row-major order. */
export function runPlain(c: Case, compiled: CompiledCase): RunOutput {
  const args = freshArgs(c);
  const terms: number[] = [];
  const total = c.grid.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < total; flat++) {
    const index: number[] = [];
    let rest = flat;
    for (let axis = c.grid.length - 1; axis >= 0; axis--) {
      index[axis] = rest % c.grid[axis]!;
      rest = Math.floor(rest / c.grid[axis]!);
    }
    const value = compiled.fn(...index, ...args);
    if (c.reduce) terms.push(value as number);
  }
  const value = c.reduce
    ? combineInOrder(typeof c.reduce === 'string' ? c.reduce : compiled.combiner!, terms)
    : undefined;
  return outputOf(c, args, value);
}

export async function runBackend(
  c: Case,
  compiled: CompiledCase,
  backend: string,
): Promise<RunOutput> {
  const args = freshArgs(c);
  const reduce = c.reduce
    ? typeof c.reduce === 'string'
      ? c.reduce
      : compiled.combiner
    : undefined;
  const k = kernel(compiled.fn, { backend, ...(reduce ? { reduce } : {}) } as Parameters<
    typeof kernel
  >[1]);
  const value = await k.launch([...c.grid], ...args);
  return outputOf(c, args, typeof value === 'number' ? value : undefined);
}

export type BackendResult =
  | { readonly status: 'ok'; readonly ms: number; readonly skipped: number }
  | { readonly status: 'refused'; readonly ms: number; readonly reason: string }
  | {
      readonly status: 'mismatch';
      readonly ms: number;
      readonly skipped: number;
      readonly cause: string;
      readonly bad: BadElement[];
    }
  | { readonly status: 'threw'; readonly ms: number; readonly message: string };

export interface CaseResult {
  readonly source: string;
  /** The interpreter or the plain run disagreed with the generator's rules (a fuzzer bug). */
  readonly oracleError?: string;
  readonly backends: Record<string, BackendResult>;
  /** Grid points skipped as ill-conditioned, per backend. */
  readonly illConditioned: Record<string, number>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of an error, with its first detail line when it ends in ':' (WGSL validation). */
function briefMessage(message: string): string {
  const [first, second] = message.split('\n');
  return first!.endsWith(':') && second
    ? `${first} ${second.replace(/^line \d+:\d+: /, '')}`
    : first!;
}

/** Whether the case computes in f64 anywhere (WebGPU must then refuse it). */
export function usesF64(c: Case, source: string): boolean {
  if (
    /Float64Array|\bf64\(/.test(source) ||
    c.params.some((p) => p.kind === 'array' && p.dtype === 'f64')
  )
    return true;
  const expr = (e: Expr): boolean => {
    switch (e.k) {
      case 'binary':
        return e.opTy === 'f64' || expr(e.a) || expr(e.b);
      case 'call':
        return (e.opTy === 'f64' && e.fn.startsWith('Math.')) || e.args.some(expr);
      case 'unary':
        return expr(e.a);
      case 'logical':
        return expr(e.a) || expr(e.b);
      case 'cond':
        return expr(e.c) || expr(e.a) || expr(e.b);
      case 'load':
        return expr(e.index);
      case 'atomic':
        return expr(e.index) || expr(e.value);
      default:
        return false;
    }
  };
  const stmt = (s: Stmt): boolean => {
    switch (s.k) {
      case 'let':
        return s.ty === 'f64' || expr(s.init);
      case 'assign':
        return s.opTy === 'f64' || expr(s.value);
      case 'store':
        return s.opTy === 'f64' || expr(s.index) || expr(s.value);
      case 'exprStmt':
        return expr(s.e);
      case 'if':
        return expr(s.cond) || s.then.some(stmt) || (s.else ?? []).some(stmt);
      case 'loop':
        return expr(s.count) || s.body.some(stmt);
      case 'return':
        return s.value !== null && expr(s.value);
      default:
        return false;
    }
  };
  return c.body.some(stmt) || c.returnTy === 'f64';
}

/** Why `backend` may refuse the case, when the message says that is what happened. */
function allowedRefusal(
  c: Case,
  source: string,
  backend: string,
  message: string,
): string | undefined {
  if (backend !== 'webgpu') return undefined;
  if (/f64|float64/i.test(message) && usesF64(c, source)) return 'f64 (WebGPU has no f64)';
  const small = c.params.some(
    (p) => p.kind === 'array' && ['i8', 'u8', 'i16', 'u16'].includes(p.dtype),
  );
  if (small && /int8|int16|\bu?i(8|16)\b|8-bit|16-bit/i.test(message)) return '8/16-bit arrays';
  const intReduce = c.reduce !== null && (c.returnTy === 'i32' || c.returnTy === 'u32');
  if (intReduce && /would wrap at 32 bits on WebGPU/.test(message))
    return 'integer reduce that would wrap at 32 bits';
  return undefined;
}

/** Checks the interpreter's exact expectation against the plain run; a message when they differ. */
function selfCheck(c: Case, compiled: CompiledCase, plain: RunOutput): string | undefined {
  const exact = interpret(c, modelFor('js'));
  for (const [name, want] of exact.arrays) {
    const have = plain.arrays.get(name)!;
    for (let k = 0; k < want.v.length; k++) {
      if (want.e[k] !== 0 || !agrees(want.v[k]!, 0, have[k]!)) {
        return `interpreter and plain function differ at ${name}[${k}]: interpreter ${formatNumber(want.v[k]!)} (±${want.e[k]}), plain ${formatNumber(have[k]!)}`;
      }
    }
  }
  if (c.reduce) {
    const typed =
      combineInOrder(
        typeof c.reduce === 'string' ? c.reduce : compiled.combiner!,
        exact.terms.map((t) => t.v),
      ) ?? NaN;
    if (!agrees(typed, 0, plain.value ?? NaN))
      return `interpreter and plain reduce differ: interpreter ${formatNumber(typed)}, plain ${formatNumber(plain.value ?? NaN)}`;
  }
  return undefined;
}

/** A launch that has not settled by then is a failure (its timer also keeps Node's event loop alive). */
export const LAUNCH_TIMEOUT_MS = 30_000;

async function timedRun(
  c: Case,
  compiled: CompiledCase,
  backend: string,
): Promise<{ run?: RunOutput; error?: unknown; ms: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the launch did not settle within ${LAUNCH_TIMEOUT_MS / 1000} s`)),
      LAUNCH_TIMEOUT_MS,
    );
  });
  try {
    const run = await Promise.race([runBackend(c, compiled, backend), timeout]);
    return { run, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the case on `backends` and compares. */
export async function checkCase(c: Case, backends: readonly string[]): Promise<CaseResult> {
  const compiled = compileCase(c);
  let plain: RunOutput;
  try {
    plain = runPlain(c, compiled);
  } catch (error) {
    return {
      source: compiled.source,
      oracleError: `the plain function threw: ${messageOf(error)}`,
      backends: {},
      illConditioned: {},
    };
  }
  let oracleError: string | undefined;
  try {
    oracleError = selfCheck(c, compiled, plain);
  } catch (error) {
    oracleError = `the interpreter threw: ${messageOf(error)}`;
  }
  if (oracleError)
    return { source: compiled.source, oracleError, backends: {}, illConditioned: {} };
  const results: Record<string, BackendResult> = {};
  const illConditioned: Record<string, number> = {};
  for (const backend of backends) {
    const { run, error, ms } = await timedRun(c, compiled, backend);
    if (!run) {
      const message = messageOf(error);
      const reason = allowedRefusal(c, compiled.source, backend, message);
      results[backend] = reason
        ? { status: 'refused', ms, reason }
        : { status: 'threw', ms, message: briefMessage(message) };
      continue;
    }
    const model = modelFor(backend);
    const expectation = interpret(c, model);
    illConditioned[backend] = expectation.illConditioned;
    const verdict = compareRun(c, expectation, run, compiled.combiner, model);
    if (verdict.bad.length === 0) {
      results[backend] = { status: 'ok', ms, skipped: verdict.skipped };
      continue;
    }
    let cause = 'unexplained';
    for (const relaxation of relaxationsFor(backend)) {
      if (
        compareRun(c, interpret(c, relaxation.model), run, compiled.combiner, relaxation.model).bad
          .length === 0
      ) {
        cause = relaxation.cause;
        break;
      }
    }
    results[backend] = {
      status: 'mismatch',
      ms,
      skipped: verdict.skipped,
      cause,
      bad: verdict.bad,
    };
  }
  return { source: compiled.source, backends: results, illConditioned };
}
