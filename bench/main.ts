// main.ts — `npm run bench`: every case of cases.ts as a plain-JS loop and on every
// available numbat backend, side by side in one run; then launch overhead and first-call
// time; then issue 2's goals as PASS/MISS, and a JSON record in bench/results/.
//
// By default `npm run bench` runs the comparison of issue 5 (compare.ts: three sizes, every
// backend, auto and the peer libraries); BENCH_SUITE=v0 runs the issue-2 suite below.
//
// Environment: BENCH_SCALE (work multiplier, default 1, e.g. 0.1 for a smoke run),
// BENCH_ONLY (comma-separated case names; also `launch` and `firstcall`; `webgpu-quality` runs only bench/webgpu/: numbat's WGSL vs hand-written WGSL; `cooperative` the workgroup kernels of bench/cooperative.ts; `first-launches` runs only bench/firstLaunches.ts: auto's first launches against every forced backend, and issue 17's findings), BENCH_SHARED=0
// (ordinary ArrayBuffers instead of SharedArrayBuffer), BENCH_RESIDENT=1 (also rows with
// the arrays resident on each backend, moved there once with toDevice).

import { availableParallelism, cpus } from 'node:os';
import { runWebGpuQualitySection } from './webgpu/section.js';
import { runFirstLaunchSection } from './firstLaunches.js';
import { runFreshChild } from './freshProcess.js';
import { type BackendName, backends } from './numbat.js';
import { BENCH_CASES, type BenchCase } from './cases.js';
import { compareOutputs, useSharedMemory } from './data.js';
import { measure, type Timing } from './harness.js';
import { runComparison } from './compare.js';
import { PRIMITIVE_FAMILIES, runPrimitives } from './primitives.js';
import { runMatmul } from './linalg.js';
import { runCooperative } from './cooperative.js';
import { FIRST_CALL_KERNEL_LINES, measureFirstCall, measureLaunchOverhead } from './overhead.js';
import {
  formatGoals,
  formatMs,
  formatRate,
  formatRatio,
  formatSpread,
  formatTable,
  type GoalResult,
  writeResults,
} from './report.js';

/** The plain-JS baseline's row name. */
const PLAIN = 'plain JS';
/** The plain loop with Math.fround after every operation (the kernel's f32 arithmetic). */
const PLAIN_FROUND = 'plain JS, fround';

/** One measured (case, runner) pair, as recorded in the JSON. */
interface CaseResult {
  readonly caseName: string;
  readonly size: string;
  readonly runner: string;
  readonly timing: Timing | null;
  /** kernel() + first launch (compile and one run), ms; for plain JS the first run. */
  readonly firstCallMs: number | null;
  readonly throughput: number | null;
  readonly unit: string;
  /** plain median / this median. */
  readonly speedupVsPlain: number | null;
  /** Why it was not timed: a mismatch, a refusal, an error. */
  readonly problem: string | null;
  /** Whether the problem fails the bench (wrong results; errors on js/workers). */
  readonly failed: boolean;
}

interface BackendReport {
  readonly name: BackendName;
  readonly available: boolean;
  readonly reason?: string;
  readonly info: Record<string, unknown>;
}

/** A mistake in the bench's environment variables: reported without a stack. */
class BenchConfigError extends Error {}

function readScale(): number {
  const raw = process.env.BENCH_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new BenchConfigError(`BENCH_SCALE must be a positive number, got '${raw}'`);
  return scale;
}

function readOnly(): Set<string> | null {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw.trim() === '') return null;
  const names = new Set(
    raw
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
  const known = new Set<string>([
    ...BENCH_CASES.map((c) => c.name),
    'launch',
    'firstcall',
    ...PRIMITIVE_FAMILIES,
    'primitives',
    'cooperative',
  ]);
  const unknown = [...names].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new BenchConfigError(
      `BENCH_ONLY names unknown cases: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  return names;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Whether to add rows with arrays resident on the backend (toDevice) — BENCH_RESIDENT=1. */
const withResident = process.env.BENCH_RESIDENT === '1';

/**
 * Which numbat rows each case gets: every backend on host arrays (as users call it), and
 * with BENCH_RESIDENT=1 every backend but js again on arrays resident on it.
 */
function runnerPlan(
  backendNames: readonly BackendName[],
): { backend: BackendName; resident: boolean }[] {
  const plan = backendNames.map((backend) => ({ backend, resident: false }));
  if (withResident) {
    for (const backend of backendNames)
      if (backend !== 'js') plan.push({ backend, resident: true });
  }
  return plan;
}

/** Backends whose errors fail the bench: the ones issue 2 delivers. */
const REQUIRED_BACKENDS = new Set(['js', 'workers']);

async function runCase(
  benchCase: BenchCase,
  scale: number,
  backendNames: readonly BackendName[],
): Promise<CaseResult[]> {
  const instance = benchCase.create(scale);
  const results: CaseResult[] = [];
  const record = (runner: string, fields: Partial<CaseResult>): void => {
    results.push({
      caseName: benchCase.name,
      size: instance.size,
      runner,
      unit: benchCase.unit,
      timing: null,
      firstCallMs: null,
      throughput: null,
      speedupVsPlain: null,
      problem: null,
      failed: false,
      ...fields,
    });
  };

  const firstStart = performance.now();
  const plainOutput = instance.runPlain();
  const plainFirstMs = performance.now() - firstStart;
  // A copy: the plain loops reuse their output arrays.
  const reference = typeof plainOutput === 'number' ? plainOutput : plainOutput.slice();
  const work = instance.work(reference);
  const plainTiming = await measure(() => instance.runPlain());
  const throughputOf = (timing: Timing): number =>
    work / (timing.medianMs / 1000) / benchCase.unitScale;
  record(PLAIN, {
    timing: plainTiming,
    firstCallMs: plainFirstMs,
    throughput: throughputOf(plainTiming),
    speedupVsPlain: 1,
  });

  const runPlainFround = instance.runPlainFround;
  if (runPlainFround !== undefined) {
    const mismatch = compareOutputs(reference, runPlainFround(), instance.tolerance);
    if (mismatch === null) {
      const timing = await measure(runPlainFround);
      record(PLAIN_FROUND, {
        timing,
        throughput: throughputOf(timing),
        speedupVsPlain: plainTiming.medianMs / timing.medianMs,
      });
    } else {
      record(PLAIN_FROUND, {
        problem: `MISMATCH (a bench bug: the two plain loops disagree): ${mismatch}`,
        failed: true,
      });
    }
  }

  for (const { backend, resident } of runnerPlan(backendNames)) {
    const runnerName = resident ? `${backend}, resident` : backend;
    let firstCallMs: number | null = null;
    try {
      const start = performance.now();
      const runner = await instance.numbatRunner(backend, resident);
      const output = await runner.read(await runner.launch());
      firstCallMs = performance.now() - start;
      const mismatch = compareOutputs(
        reference,
        output,
        instance.backendTolerance?.[backend] ?? instance.tolerance,
      );
      if (mismatch !== null) {
        record(runnerName, {
          firstCallMs,
          problem: `MISMATCH vs plain JS: ${mismatch}`,
          failed: true,
        });
        continue;
      }
      const timing = await measure(() => runner.launch());
      record(runnerName, {
        timing,
        firstCallMs,
        throughput: throughputOf(timing),
        speedupVsPlain: plainTiming.medianMs / timing.medianMs,
      });
    } catch (error) {
      const required = REQUIRED_BACKENDS.has(backend);
      record(runnerName, {
        firstCallMs,
        problem: `${required ? 'ERROR' : 'not run'}: ${messageOf(error)}`,
        failed: required,
      });
    }
  }
  return results;
}

function caseTable(results: readonly CaseResult[]): string {
  const header = [
    'case',
    'size',
    'backend',
    'median ms',
    'min ms',
    'spread',
    'throughput',
    'vs plain',
    '1st call ms',
  ];
  const rows = results.map((r) => {
    const caseName = r.runner === PLAIN ? r.caseName : '';
    const size = r.runner === PLAIN ? r.size : '';
    if (r.timing === null) {
      const tag = (r.problem ?? '').split(':')[0]!;
      return [
        caseName,
        size,
        r.runner,
        `${tag} ↓`,
        '',
        '',
        '',
        '',
        r.firstCallMs === null ? '' : formatMs(r.firstCallMs),
      ];
    }
    return [
      caseName,
      size,
      r.runner,
      formatMs(r.timing.medianMs),
      formatMs(r.timing.minMs),
      formatSpread(r.timing.spread),
      r.throughput === null ? '' : `${formatRate(r.throughput)} ${r.unit}`,
      r.speedupVsPlain === null ? '' : formatRatio(r.speedupVsPlain),
      r.firstCallMs === null ? '' : formatMs(r.firstCallMs),
    ];
  });
  const table = formatTable(
    [header, ...rows],
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const problems = results
    .filter((r) => r.problem !== null)
    .map((r) => `  ${r.caseName} on ${r.runner}: ${r.problem}`);
  return problems.length === 0 ? table : `${table}\n${problems.join('\n')}`;
}

function speedup(results: readonly CaseResult[], caseName: string, backend: string): number | null {
  return (
    results.find((r) => r.caseName === caseName && r.runner === backend)?.speedupVsPlain ?? null
  );
}

function goalsOf(
  results: readonly CaseResult[],
  launch: ReadonlyMap<string, Timing>,
  firstCall: ReadonlyMap<string, Timing>,
): GoalResult[] {
  const goals: GoalResult[] = [];
  for (const [caseName, label] of [
    ['pi', 'Monte Carlo π'],
    ['mandelbrot', 'Mandelbrot'],
  ] as const) {
    const ratio = speedup(results, caseName, 'workers');
    goals.push({
      goal: `workers ≥ 1.80× plain JS on ${label}`,
      measured: ratio === null ? null : formatRatio(ratio),
      met: ratio === null ? null : ratio >= 1.8,
    });
  }
  for (const caseName of new Set(results.map((r) => r.caseName))) {
    const ratio = speedup(results, caseName, 'js');
    // Also against the Math.fround loop where there is one: the same f32 arithmetic.
    const froundRatio = speedup(results, caseName, PLAIN_FROUND);
    const versusFround =
      ratio === null || froundRatio === null
        ? ''
        : ` (${(froundRatio / ratio).toFixed(2)}× the fround loop's)`;
    goals.push({
      goal: `js within 1.15× of plain JS on ${caseName}`,
      measured: ratio === null ? null : `${(1 / ratio).toFixed(2)}× the time${versusFround}`,
      met: ratio === null ? null : 1 / ratio <= 1.15,
    });
  }
  for (const [backend, limitMicros] of [
    ['js', 3],
    ['workers', 25],
  ] as const) {
    const timing = launch.get(backend);
    goals.push({
      goal: `launch overhead on ${backend} ≤ ${limitMicros} µs`,
      measured: timing === undefined ? null : `${timing.medianMs.toFixed(2)} µs`,
      met: timing === undefined ? null : timing.medianMs <= limitMicros,
    });
  }
  const first = firstCall.get('js');
  goals.push({
    goal: `first call of a ${FIRST_CALL_KERNEL_LINES}-line kernel on js ≤ 5 ms`,
    measured: first === undefined ? null : `${first.medianMs.toFixed(2)} ms`,
    met: first === undefined ? null : first.medianMs <= 5,
  });
  return goals;
}

async function main(): Promise<void> {
  // A child of the fresh-process part of the first-launches section (bench/freshProcess.ts).
  if (process.env.BENCH_FRESH_CHILD) {
    await runFreshChild(process.env.BENCH_FRESH_CHILD);
    process.exit(0);
  }
  if (
    (process.env.BENCH_ONLY ?? '')
      .split(',')
      .map((name) => name.trim())
      .includes('webgpu-quality')
  ) {
    // BENCH_ONLY=webgpu-quality: numbat's WGSL against hand-written WGSL (bench/webgpu/).
    const section = await runWebGpuQualitySection({
      scale: readScale(),
      runs: 9,
      warmup: 2,
      only: null,
    });
    console.log(section.text);
    if (!section.ok) process.exitCode = 1;
    return;
  }
  if (
    (process.env.BENCH_ONLY ?? '')
      .split(',')
      .map((name) => name.trim())
      .includes('first-launches')
  ) {
    // BENCH_ONLY=first-launches: auto's first launches against every forced backend, and
    // the findings of issue 17 (bench/firstLaunches.ts).
    await runFirstLaunchSection(readScale());
    process.exit(process.exitCode ?? 0);
  }
  if (process.env.BENCH_SUITE !== 'v0') {
    // The comparison of issue 5, then the primitives of issue 15 (bench/primitives.ts), then
    // the matmul sizes of issue 14 (bench/linalg.ts); BENCH_ONLY may name cases of any
    // ('primitives' names every primitive family; 'matmul' the comparison case and the
    // matmul family).
    const only = readOnly();
    const primitiveNames = new Set<string>(PRIMITIVE_FAMILIES);
    const cases =
      only === null
        ? null
        : new Set(
            [...only].filter(
              (name) =>
                !primitiveNames.has(name) && name !== 'primitives' && name !== 'cooperative',
            ),
          );
    const families =
      only === null || only.has('primitives')
        ? null
        : new Set([...only].filter((name) => primitiveNames.has(name)));
    if (cases === null || cases.size > 0) await runComparison(readScale(), cases);
    if (families === null || families.size > 0) await runPrimitives(readScale(), families);
    // The matmul family of issue 14 (bench/linalg.ts), after the comparison's matmul case.
    if (only === null || only.has('matmul')) await runMatmul(readScale());
    // The cooperative kernels of issue 13 (bench/cooperative.ts).
    if (only === null || only.has('cooperative')) await runCooperative(readScale());
    setTimeout(() => {
      console.error(
        'bench: something kept the process alive 3 s after the bench finished (a worker pool or GPU device?)',
      );
      process.exit(process.exitCode ?? 0);
    }, 3000).unref();
    return;
  }
  const scale = readScale();
  const only = readOnly();
  const wanted = (name: string): boolean => only === null || only.has(name);
  const startedAt = new Date();

  const statuses: BackendReport[] = (await backends()).map((b) => ({ ...b, info: { ...b.info } }));
  const available = statuses.filter((b) => b.available).map((b) => b.name);
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`numbat bench v0 — ${startedAt.toISOString()}`);
  console.log(
    `node ${process.version}, ${availableParallelism()} cores (${cpuModel}), BENCH_SCALE=${scale}, ` +
      `${useSharedMemory ? 'SharedArrayBuffer' : 'ArrayBuffer'} arrays${withResident ? ', plus resident rows' : ''}`,
  );
  for (const status of statuses) {
    const info = Object.entries(status.info)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(' ');
    console.log(
      `  ${status.name.padEnd(8)} ${status.available ? 'available  ' : 'unavailable'} ${status.reason ?? ''} ${info}`.trimEnd(),
    );
  }
  console.log('');

  const caseResults: CaseResult[] = [];
  for (const benchCase of BENCH_CASES.filter((c) => wanted(c.name))) {
    process.stderr.write(`  running ${benchCase.name}…\n`);
    const results = await runCase(benchCase, scale, available);
    caseResults.push(...results);
  }
  if (caseResults.length > 0) console.log(`${caseTable(caseResults)}\n`);

  const launch = new Map<string, Timing>();
  const launchProblems: string[] = [];
  if (wanted('launch')) {
    process.stderr.write('  running launch overhead…\n');
    for (const backend of available) {
      try {
        launch.set(backend, await measureLaunchOverhead(backend, scale));
      } catch (error) {
        launchProblems.push(`${backend}: ${messageOf(error)}`);
      }
    }
  }
  const firstCall = new Map<string, Timing>();
  const firstCallProblems: string[] = [];
  if (wanted('firstcall')) {
    process.stderr.write('  running first call…\n');
    let variant = Date.now() % 100000;
    for (const backend of available) {
      try {
        firstCall.set(backend, await measureFirstCall(backend, 11, 2, variant));
        variant += 100;
      } catch (error) {
        firstCallProblems.push(`${backend}: ${messageOf(error)}`);
      }
    }
  }
  if (wanted('launch') || wanted('firstcall')) {
    const rows = available.map((backend) => {
      const overhead = launch.get(backend);
      const first = firstCall.get(backend);
      return [
        backend,
        overhead === undefined ? '—' : overhead.medianMs.toFixed(2),
        overhead === undefined ? '' : formatSpread(overhead.spread),
        first === undefined ? '—' : formatMs(first.medianMs),
        first === undefined ? '' : formatMs(first.minMs),
      ];
    });
    console.log(
      formatTable(
        [
          [
            'backend',
            'launch µs (1 element)',
            'spread',
            `first call ms (${FIRST_CALL_KERNEL_LINES}-line kernel)`,
            'min ms',
          ],
          ...rows,
        ],
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    for (const problem of [...launchProblems, ...firstCallProblems])
      console.log(`  ERROR ${problem}`);
    console.log('');
  }

  const goals = goalsOf(caseResults, launch, firstCall);
  const caveat =
    scale === 1 ? null : `BENCH_SCALE=${scale}: figures at reduced sizes, indicative only`;
  console.log(formatGoals(goals, caveat));

  const failures = [
    ...caseResults.filter((r) => r.failed).map((r) => `${r.caseName} on ${r.runner}: ${r.problem}`),
    ...launchProblems.filter((p) => REQUIRED_BACKENDS.has(p.split(':')[0]!)),
    ...firstCallProblems.filter((p) => REQUIRED_BACKENDS.has(p.split(':')[0]!)),
  ];
  const path = writeResults(
    {
      startedAt: startedAt.toISOString(),
      node: process.version,
      cores: availableParallelism(),
      cpu: cpuModel,
      scale,
      only: only === null ? null : [...only],
      sharedMemory: useSharedMemory,
      resident: withResident,
      backends: statuses,
      cases: caseResults,
      launchOverheadMicros: Object.fromEntries(launch),
      firstCallMs: Object.fromEntries(firstCall),
      firstCallKernelLines: FIRST_CALL_KERNEL_LINES,
      goals,
      failures,
    },
    startedAt,
  );
  console.log(`\nresults: ${path}`);

  if (failures.length > 0) {
    console.error(`\nbench FAILED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
  // The library promises never to keep the process alive; say so loudly if it does.
  setTimeout(() => {
    console.error(
      'bench: something kept the process alive 3 s after the bench finished (a worker pool or GPU device?)',
    );
    process.exit(process.exitCode ?? 2);
  }, 3000).unref();
}

main().catch((error: unknown) => {
  if (error instanceof BenchConfigError) console.error(`bench: ${error.message}`);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
