// firstLaunches.ts — `BENCH_ONLY=first-launches`: what `auto` costs a user over a kernel's
// first launches, against every forced backend, for kernels written the way users write
// them (not numbat's built-ins), on ordinary host arrays.
//
// Per family, each round builds a fresh kernel for every runner (auto, js, workers, wasm,
// webgpu: a fresh kernel compiles again and `auto` explores again) and launches it
// FIRST_LAUNCHES times, then STEADY_LAUNCHES more, the runners' launches interleaved
// (launch n of every runner, then launch n + 1: on a shared machine whose load changes by
// the second, runs one after another measured the load as much as the runner); the
// runners' order is shuffled (seeded) at every launch step, so that no runner always
// follows the same one (with a rotation, auto always ran right after webgpu, whose
// SwiftShader launches of 2^24 indices leave the machine slower for a while: saxpy under
// auto took 60 ms where the same js launches took 42). A WebGPU adapter that is software
// (SwiftShader here: it computes on the same cores, for seconds a launch) is not
// interleaved at all: its launches run in a round of their own after each round of the
// others (with it interleaved, auto's first 10 saxpy launches measured 1.27-1.51x wasm's,
// without 1.06-1.30x, in alternating runs at 00:30 on 2026-12-07). Each round starts from
// the same state for every runner (settle, below). Reported per runner: the median over
// rounds of the first launches' total, and the median of the steady launches; then auto's
// ratio to the best forced backend, for both. Process-wide start-up (probes, worker pools, the calibration) is done before the
// first round by a warm-up kernel on every backend: it is paid once per process, not per
// kernel. A second part times the issue-17 findings: the two Mandelbrot forms on wasm,
// and saxpy and Σx² on host arrays and on `empty()` arrays against a plain JS loop. A third
// (bench/freshProcess.ts; BENCH_FRESH_ROUNDS, default 5, 0 skips it) times small kernels'
// first launches in fresh processes, where that start-up is part of the time.

import {
  type BackendName,
  backends,
  empty,
  f32,
  type Inspection,
  kernel,
  random,
  release,
} from './numbat.js';
import { isSoftwareAdapter } from '../src/backends/costs.js';
import { median } from './harness.js';
import { shuffled } from './data.js';
import { formatTable } from './report.js';
import { formatFresh, runFreshProcesses } from './freshProcess.js';

/** Launches counted as "first". */
export const FIRST_LAUNCHES = 10;
/** Launches after them whose median is the steady state. */
const STEADY_LAUNCHES = 10;

/** One family: its kernel, its arguments and its grid. */
export interface Family {
  readonly name: string;
  readonly size: string;
  readonly fn: (...args: any[]) => any;
  readonly options?: Record<string, unknown>;
  readonly grid: number | readonly number[];
  /** Arguments of a launch (host arrays made once and reused by every runner). */
  readonly args: readonly unknown[];
  /** Backends that cannot run it under the house rules (f64 data on webgpu). */
  readonly skip?: readonly BackendName[];
}

function uniform(n: number, seed: number, make: (n: number) => Float32Array | Float64Array) {
  const a = make(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296;
  }
  return a;
}
const f32s = (n: number, seed: number) => uniform(n, seed, (k) => new Float32Array(k));
const f64s = (n: number, seed: number) => uniform(n, seed, (k) => new Float64Array(k));

/** A user's n-body step: f32 host arrays, softened all-pairs gravity. */
function nbodyUser(
  i: number,
  px: Float32Array,
  py: Float32Array,
  pz: Float32Array,
  m: Float32Array,
  ax: Float32Array,
  ay: Float32Array,
  az: Float32Array,
) {
  const xi = px[i]!;
  const yi = py[i]!;
  const zi = pz[i]!;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let j = 0; j < px.length; j++) {
    const dx = px[j]! - xi;
    const dy = py[j]! - yi;
    const dz = pz[j]! - zi;
    const d2 = dx * dx + dy * dy + dz * dz + 0.001;
    const inv = 1 / Math.sqrt(d2);
    const s = m[j]! * inv * inv * inv;
    sx += dx * s;
    sy += dy * s;
    sz += dz * s;
  }
  ax[i] = sx;
  ay[i] = sy;
  az[i] = sz;
}

/** A user's Mandelbrot: coordinates computed in f64 and cast once (the f64 prologue). */
function mandelbrotF64Prologue(
  row: number,
  col: number,
  out: Int32Array,
  w: number,
  h: number,
  maxIter: number,
) {
  const cx = f32(-2 + (col * 2.5) / w);
  const cy = f32(-1.25 + (row * 2.5) / h);
  let x = f32(0);
  let y = f32(0);
  let k = 0;
  while (k < maxIter && x * x + y * y <= 4) {
    const t = f32(x * x - y * y + cx);
    y = f32(2 * x * y + cy);
    x = t;
    k++;
  }
  out[row * w + col] = k;
}

/** The same with every coordinate step in f32. */
function mandelbrotAllF32(
  row: number,
  col: number,
  out: Int32Array,
  w: number,
  h: number,
  maxIter: number,
) {
  const cx = f32(-2) + f32(col) * f32(2.5 / w);
  const cy = f32(-1.25) + f32(row) * f32(2.5 / h);
  let x = f32(0);
  let y = f32(0);
  let k = 0;
  while (k < maxIter && x * x + y * y <= 4) {
    const t = f32(x * x - y * y + cx);
    y = f32(2 * x * y + cy);
    x = t;
    k++;
  }
  out[row * w + col] = k;
}

function saxpyUser(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) {
  out[i] = a * x[i]! + y[i]!;
}

function sumSquaresUser(i: number, x: Float64Array) {
  return x[i]! * x[i]!;
}

function piUser(i: number, seed: number) {
  const x = random(seed, 2 * i);
  const y = random(seed, 2 * i + 1);
  return x * x + y * y <= 1 ? 1 : 0;
}

function matmulUser(
  r: number,
  c: number,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  n: number,
) {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[r * n + k]! * b[k * n + c]!;
  out[r * n + c] = s;
}

export function families(scale: number): Family[] {
  const bodies = Math.round(4096 * Math.sqrt(scale));
  const side = Math.round(512 * Math.sqrt(scale));
  const saxpyN = Math.round((1 << 24) * scale);
  const piN = Math.round(1e7 * scale);
  const mm = Math.round(256 * Math.cbrt(scale));
  return [
    {
      name: 'n-body',
      size: `${bodies} bodies, f32`,
      fn: nbodyUser,
      grid: bodies,
      args: [
        f32s(bodies, 1),
        f32s(bodies, 2),
        f32s(bodies, 3),
        f32s(bodies, 4),
        new Float32Array(bodies),
        new Float32Array(bodies),
        new Float32Array(bodies),
      ],
    },
    {
      name: 'mandelbrot',
      size: `${side}²×256, f64 prologue`,
      fn: mandelbrotF64Prologue,
      grid: [side, side],
      args: [new Int32Array(side * side), side, side, 256],
    },
    {
      name: 'saxpy',
      size: `2^${Math.log2(saxpyN).toFixed(0)} f32, host arrays`,
      fn: saxpyUser,
      grid: saxpyN,
      args: [2.5, f32s(saxpyN, 5), f32s(saxpyN, 6), new Float32Array(saxpyN)],
    },
    {
      name: 'pi',
      size: `${piN} samples`,
      fn: piUser,
      options: { reduce: 'sum' },
      grid: piN,
      args: [7],
    },
    {
      name: 'matmul',
      size: `${mm}² f32`,
      fn: matmulUser,
      grid: [mm, mm],
      args: [f32s(mm * mm, 8), f32s(mm * mm, 9), new Float32Array(mm * mm), mm],
    },
  ];
}

/**
 * Every runner's launches in one round, interleaved: launch n of each runner (in `order`)
 * before launch n + 1 of any, so that the machine's load (shared, changing by the second)
 * falls alike on auto and the backends it is compared with. Each launch's time, ms, per
 * runner; a runner that fails is reported and left out.
 */
async function runRound(
  family: Family,
  order: readonly (BackendName | 'auto')[],
  seed: number,
): Promise<Map<BackendName | 'auto', number[]>> {
  const kernels = new Map(
    order.map((backend) => [
      backend,
      kernel(family.fn, { ...family.options, backend, name: `${family.name}-${backend}` }),
    ]),
  );
  const times = new Map(order.map((backend) => [backend, [] as number[]]));
  for (let n = 0; n < FIRST_LAUNCHES + STEADY_LAUNCHES; n++) {
    const step = [...kernels];
    for (const at of shuffled(step.length, seed ^ Math.imul(n + 1, 0x9e3779b9))) {
      const [backend, k] = step[at]!;
      const start = performance.now();
      try {
        await (k.launch as (g: unknown, ...a: unknown[]) => Promise<unknown>)(
          family.grid,
          ...family.args,
        );
      } catch (e) {
        console.log(`  ${family.name} on ${backend}: ${(e as Error).message.split('\n')[0]}`);
        kernels.delete(backend);
        times.delete(backend);
        continue;
      }
      times.get(backend)!.push(performance.now() - start);
    }
  }
  if (process.env.BENCH_EXPLAIN === '1')
    console.log(
      `  ${family.name}, first launches: ${[...times]
        .map(
          ([b, t]) =>
            `${b} ${t
              .slice(0, 3)
              .map((x) => x.toFixed(1))
              .join(' ')}`,
        )
        .join(' | ')}`,
    );
  const auto = kernels.get('auto');
  if (auto && process.env.BENCH_EXPLAIN === '1') {
    const info = await (auto.inspect as (g: unknown, ...a: unknown[]) => Promise<Inspection>)(
      family.grid,
      ...family.args,
    );
    console.log(
      `  ${family.name} auto: ${times
        .get('auto')!
        .map((t) => t.toFixed(1))
        .join(' ')}\n  → ${info.reason}\n  ${info.explored.join('\n  ')}`,
    );
  }
  return times;
}

/**
 * Before a round: compiles and launches the family's function once on every CPU backend of
 * `order`, in throwaway kernels (their wasm modules are named apart, so no runner reuses
 * their compiled code). This brings numbat's compiler and launch path in V8, the worker
 * threads and the staging buffers back to where the process warm-up left them, for every
 * runner alike. Without it, the first runner to compile and launch after the software
 * adapter's round (seconds of SwiftShader on both cores, and the collections it leaves) paid
 * for it alone: matmul's 2,237-byte module took 6-8 ms to generate first and 2-3 ms after,
 * and its first launch ran 4-7 ms against 2.5; the seeded order put auto first in every
 * round of a 3-round run (1.35x wasm's first 10 launches, 02:14 on 2026-12-07).
 */
async function settle(family: Family, order: readonly (BackendName | 'auto')[]) {
  for (const backend of order) {
    if (backend === 'auto' || backend === 'webgpu') continue;
    const k = kernel(family.fn, { ...family.options, backend, name: `${family.name}-warm` });
    await (k.launch as (g: unknown, ...a: unknown[]) => Promise<unknown>)(
      family.grid,
      ...family.args,
    ).catch(() => {});
  }
}

/** Per runner: first-launch totals and steady medians, one per round. */
interface RunnerTimes {
  first: number[];
  steady: number[];
  perLaunch: number[][];
}

/** The results of the section, for the report and the JSON. */
export interface FirstLaunchRow {
  readonly family: string;
  readonly size: string;
  readonly runner: string;
  readonly firstMs: number;
  readonly steadyMs: number;
  /** Every launch of the last round, ms (what a user would see). */
  readonly lastRound: readonly number[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Waits (up to 10 s) until auto's calibration has landed: until no estimate of a fresh
 * kernel says "default constants". Seen from outside through `inspect`, because the bench
 * bundle has its own copy of src/runtime (a deep import of calibrate.js would wait on a
 * copy that never started, and the calibration would run during the first family, as it
 * did). A fresh kernel each time: one that has launched shows measured estimates, which
 * hide defaults still in use (the check then passed while calibration was measuring).
 */
async function calibrationLanded() {
  const x = new Float32Array(1 << 16);
  const started = performance.now();
  for (;;) {
    const probe = kernel((i: number, y: Float32Array) => {
      y[i] = y[i]! * 2;
    });
    const info = await probe.inspect(x.length, x);
    if (!info.estimates.some((e) => e.includes('default constants'))) return;
    if (performance.now() - started > 10_000) {
      console.log(`  (auto's calibration left defaults: ${info.estimates.join('; ')})`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs every family (filtered by `only`) and prints the table; returns the rows. */
export async function runFirstLaunches(
  scale: number,
  rounds: number,
  only?: ReadonlySet<string>,
  progress?: (rows: readonly FirstLaunchRow[]) => void,
): Promise<FirstLaunchRow[]> {
  const statuses = await backends();
  const available = statuses.filter((s) => s.available).map((s) => s.name);
  const gpu = statuses.find((s) => s.name === 'webgpu');
  const softwareGpu = gpu?.available === true && isSoftwareAdapter(gpu.info);
  // Process start-up, once: every backend's probe and pool, and auto's calibration.
  const warm = kernel((i: number, x: Float32Array) => {
    x[i] = x[i]! + 1;
  });
  for (const b of available)
    await warm.with({ backend: b }).launch(1 << 16, new Float32Array(1 << 16));
  for (let n = 0; n < 3; n++) await warm.launch(1 << 16, new Float32Array(1 << 16));
  await calibrationLanded();

  const rows: FirstLaunchRow[] = [];
  for (const family of families(scale)) {
    if (only && !only.has(family.name)) continue;
    const runners: (BackendName | 'auto')[] = [
      'auto',
      ...available.filter((b) => !family.skip?.includes(b)),
    ];
    const times = new Map<string, RunnerTimes>(
      runners.map((r) => [r, { first: [], steady: [], perLaunch: [] }]),
    );
    for (let round = 0; round < rounds; round++) {
      const order = runners
        .map((_, k) => runners[(k + round) % runners.length]!)
        .filter((r) => times.has(r));
      const seed = 0x5bd1e995 ^ (round * 7919);
      await settle(family, order);
      // A software WebGPU adapter in a round of its own, after the others (file header).
      const alone: (BackendName | 'auto')[] = softwareGpu
        ? order.filter((r) => r === 'webgpu')
        : [];
      const launched = await runRound(
        family,
        order.filter((r) => !alone.includes(r)),
        seed,
      );
      if (alone.length > 0)
        for (const [r, t] of await runRound(family, alone, seed)) launched.set(r, t);
      for (const runner of order) {
        const launches = launched.get(runner);
        if (!launches) {
          times.delete(runner);
          continue;
        }
        const t = times.get(runner)!;
        t.first.push(sum(launches.slice(0, FIRST_LAUNCHES)));
        t.steady.push(median(launches.slice(FIRST_LAUNCHES)));
        t.perLaunch.push(launches);
      }
    }
    const familyRows: FirstLaunchRow[] = [];
    for (const [runner, t] of times) {
      if (t.first.length === 0) continue;
      familyRows.push({
        family: family.name,
        size: family.size,
        runner,
        firstMs: median(t.first),
        steadyMs: median(t.steady),
        lastRound: t.perLaunch[t.perLaunch.length - 1]!,
      });
    }
    progress?.(familyRows);
    rows.push(...familyRows);
  }
  return rows;
}

/** The table: per family, every runner, and auto's ratios to the best forced backend. */
export function formatFirstLaunches(rows: readonly FirstLaunchRow[]): string {
  const out: string[][] = [
    [
      'family',
      'size',
      'runner',
      `first ${FIRST_LAUNCHES} ms`,
      'steady ms',
      'auto ÷ best: first',
      'steady',
      'launches (last round), ms',
    ],
  ];
  for (const family of [...new Set(rows.map((r) => r.family))]) {
    const here = rows.filter((r) => r.family === family);
    const forced = here.filter((r) => r.runner !== 'auto');
    const bestFirst = Math.min(...forced.map((r) => r.firstMs));
    const bestSteady = Math.min(...forced.map((r) => r.steadyMs));
    for (const r of here) {
      const isAuto = r.runner === 'auto';
      out.push([
        r === here[0] ? family : '',
        r === here[0] ? r.size : '',
        r.runner,
        r.firstMs.toFixed(1),
        r.steadyMs.toFixed(2),
        isAuto ? `${(r.firstMs / bestFirst).toFixed(2)}×` : '',
        isAuto ? `${(r.steadyMs / bestSteady).toFixed(2)}×` : '',
        r.lastRound
          .slice(0, FIRST_LAUNCHES)
          .map((t) => t.toFixed(t < 10 ? 1 : 0))
          .join(' '),
      ]);
    }
  }
  return formatTable(out, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left']);
}

/** One finding of issue 17, timed side by side in interleaved rounds. */
export interface FindingRow {
  readonly finding: string;
  readonly ratio: number;
  readonly goal: string;
  readonly met: boolean;
  readonly detail: string;
}

/**
 * Median of `rounds` interleaved timings of each of `runs` (after two warm-up rounds), the
 * order reversed every other round so neither run always follows the other.
 */
async function interleaved(runs: readonly (() => unknown)[], rounds: number): Promise<number[]> {
  const times: number[][] = runs.map(() => []);
  for (let r = 0; r < rounds + 2; r++) {
    const order = [...runs.keys()];
    if (r % 2) order.reverse();
    for (const k of order) {
      const run = runs[k]!;
      const start = performance.now();
      await run();
      if (r >= 2) times[k]!.push(performance.now() - start);
    }
  }
  return times.map(median);
}

/**
 * The findings of issue 17 as rows: the two Mandelbrot forms on wasm; saxpy and Σx² under
 * auto on host arrays and on arrays from empty(), against a plain JS loop on the same
 * arrays. auto's kernels are warmed up first (past exploring): these are steady states.
 */
export async function runFindings(scale: number, rounds: number): Promise<FindingRow[]> {
  const rows: FindingRow[] = [];
  const launch = (k: unknown, grid: unknown, ...args: unknown[]): Promise<unknown> =>
    (k as { launch: (g: unknown, ...a: unknown[]) => Promise<unknown> }).launch(grid, ...args);

  // Mandelbrot: an f64 prologue, then the same kernel all in f32.
  const side = Math.round(512 * Math.sqrt(scale));
  const out = new Int32Array(side * side);
  const prologue = kernel(mandelbrotF64Prologue, { backend: 'wasm' });
  const allF32 = kernel(mandelbrotAllF32, { backend: 'wasm' });
  await launch(prologue, [side, side], out, side, side, 256);
  const itersA = out.reduce((a, b) => a + b, 0);
  await launch(allF32, [side, side], out, side, side, 256);
  const itersB = out.reduce((a, b) => a + b, 0);
  // Short launches on a shared machine: at least 21 rounds, so one stall moves no median.
  const [msA, msB] = await interleaved(
    [
      () => launch(prologue, [side, side], out, side, side, 256),
      () => launch(allF32, [side, side], out, side, side, 256),
    ],
    Math.max(rounds, 21),
  );
  const rateA = itersA / msA! / 1e6;
  const rateB = itersB / msB! / 1e6;
  rows.push({
    finding: `Mandelbrot ${side}²×256 on wasm: f64 prologue ÷ all-f32 (G it/s)`,
    ratio: rateA / rateB,
    goal: '≥ 0.9×',
    met: rateA / rateB >= 0.9,
    detail: `${rateA.toFixed(2)} vs ${rateB.toFixed(2)} G it/s`,
  });

  // Memory-bound kernels against a plain JS loop: host arrays, then arrays from empty().
  const n = Math.round((1 << 24) * scale);
  const saxpyPlain = (a: number, x: Float32Array, y: Float32Array, o: Float32Array): void => {
    for (let i = 0; i < o.length; i++) o[i] = a * x[i]! + y[i]!;
  };
  const sumSqPlain = (x: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return s;
  };
  const m = Math.round(1e7 * scale);
  for (const where of ['host arrays', 'empty() arrays'] as const) {
    const heap = where === 'empty() arrays';
    const f32a = (seed: number): Float32Array => {
      const a = heap ? empty(n, 'float32') : new Float32Array(n);
      a.set(f32s(Math.min(n, 1 << 16), seed).subarray(0, Math.min(n, 1 << 16)));
      return a;
    };
    const x = f32a(1);
    const y = f32a(2);
    const o = heap ? empty(n, 'float32') : new Float32Array(n);
    const saxpy = kernel(saxpyUser);
    for (let w = 0; w < 12; w++) await launch(saxpy, n, 2.5, x, y, o);
    const [plainMs, autoMs] = await interleaved(
      [() => saxpyPlain(2.5, x, y, o), () => launch(saxpy, n, 2.5, x, y, o)],
      rounds,
    );
    const info = await (saxpy.inspect as (g: unknown, ...a: unknown[]) => Promise<Inspection>)(
      n,
      2.5,
      x,
      y,
      o,
    );
    const goal = heap ? 4 : 0.95;
    rows.push({
      finding: `saxpy 2^${Math.log2(n).toFixed(0)} f32, ${where}: auto ÷ plain JS (speed)`,
      ratio: plainMs! / autoMs!,
      goal: `≥ ${goal}×`,
      met: plainMs! / autoMs! >= goal,
      detail: `${plainMs!.toFixed(1)} vs ${autoMs!.toFixed(1)} ms; auto chose ${info.backend}`,
    });
    const xs = heap ? empty(m, 'float64') : new Float64Array(m);
    xs.set(f64s(Math.min(m, 1 << 16), 3));
    const sumSq = kernel(sumSquaresUser, { reduce: 'sum' });
    for (let w = 0; w < 12; w++) await launch(sumSq, m, xs);
    const [plainSq, autoSq] = await interleaved(
      [() => sumSqPlain(xs), () => launch(sumSq, m, xs)],
      rounds,
    );
    const infoSq = await (sumSq.inspect as (g: unknown, ...a: unknown[]) => Promise<Inspection>)(
      m,
      xs,
    );
    rows.push({
      finding: `Σx² ${m} f64, ${where}: auto ÷ plain JS (speed)`,
      ratio: plainSq! / autoSq!,
      goal: `≥ ${goal}×`,
      met: plainSq! / autoSq! >= goal,
      detail: `${plainSq!.toFixed(1)} vs ${autoSq!.toFixed(1)} ms; auto chose ${infoSq.backend}`,
    });
    if (heap) {
      for (const a of [x, y, o, xs]) release(a);
    }
  }
  return rows;
}

/** The findings as a table. */
export function formatFindings(rows: readonly FindingRow[]): string {
  return formatTable(
    [
      ['finding', 'ratio', 'goal', 'met', 'detail'],
      ...rows.map((r) => [
        r.finding,
        `${r.ratio.toFixed(2)}×`,
        r.goal,
        r.met ? 'PASS' : 'MISS',
        r.detail,
      ]),
    ],
    ['left', 'right', 'left', 'left', 'left'],
  );
}

/** The first-launch goals of issue 17 from the table's rows. */
export function firstLaunchGoals(rows: readonly FirstLaunchRow[]): FindingRow[] {
  const out: FindingRow[] = [];
  for (const family of [...new Set(rows.map((r) => r.family))]) {
    const here = rows.filter((r) => r.family === family);
    const auto = here.find((r) => r.runner === 'auto');
    const forced = here.filter((r) => r.runner !== 'auto');
    if (!auto || forced.length === 0) continue;
    const bestFirst = forced.reduce((a, b) => (a.firstMs <= b.firstMs ? a : b));
    const bestSteady = forced.reduce((a, b) => (a.steadyMs <= b.steadyMs ? a : b));
    const first = auto.firstMs / bestFirst.firstMs;
    const steady = auto.steadyMs / bestSteady.steadyMs;
    out.push({
      finding: `${family}: auto's first ${FIRST_LAUNCHES} launches ÷ best forced (${bestFirst.runner})`,
      ratio: first,
      goal: '≤ 1.3×',
      met: first <= 1.3,
      detail: `${auto.firstMs.toFixed(1)} vs ${bestFirst.firstMs.toFixed(1)} ms`,
    });
    out.push({
      finding: `${family}: auto from launch ${FIRST_LAUNCHES + 1} ÷ best forced (${bestSteady.runner})`,
      ratio: steady,
      goal: '≤ 1.1×',
      met: steady <= 1.1,
      detail: `${auto.steadyMs.toFixed(2)} vs ${bestSteady.steadyMs.toFixed(2)} ms (medians)`,
    });
  }
  return out;
}

/** `BENCH_ONLY=first-launches`: the section, printed. */
export async function runFirstLaunchSection(scale: number): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const only = process.env.BENCH_FAMILIES
    ? new Set(process.env.BENCH_FAMILIES.split(','))
    : undefined;
  console.log(
    `issue 17: auto over a kernel's first ${FIRST_LAUNCHES} launches against every forced backend (user-written kernels, host arrays; ${rounds} rounds, medians; a software WebGPU adapter timed in rounds of its own)`,
  );
  const rows = await runFirstLaunches(scale, rounds, only, (family) =>
    console.log(formatFirstLaunches(family)),
  );
  const findings = [...firstLaunchGoals(rows), ...(await runFindings(scale, 2 * rounds + 1))];
  console.log(`\n${formatFindings(findings)}`);
  // The same, in processes that have started nothing yet (bench/freshProcess.ts).
  const freshRounds = Number(process.env.BENCH_FRESH_ROUNDS ?? 5);
  if (freshRounds > 0 && !process.argv[1]?.endsWith('firstLaunches.mjs'))
    console.log(`\n${formatFresh(runFreshProcesses(freshRounds), freshRounds)}`);
}

// When run directly (the scratch build), run the section.
if (process.argv[1]?.endsWith('firstLaunches.mjs')) {
  await runFirstLaunchSection(Number(process.env.BENCH_SCALE ?? 1));
  process.exit(0);
}
