// compare.ts — the comparison bench of issue 5: every family × three sizes × every numbat
// backend, `auto`, plain JS and the peers (gpu.js in cpu mode, tfjs-wasm), in one run.
// Every numbat backend is checked against plain JS and every peer against numbat before it
// is timed. Prints a table (with a progress bar while running), and writes the JSON of every
// timing and an SVG chart of throughput against size under bench/results/.
//
// Environment: BENCH_SCALE multiplies every size (default 1); BENCH_ONLY limits families.

import { availableParallelism, cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BackendName, backends } from './numbat.js';
import { BENCH_CASES, type BenchCase, type CaseInstance, type NumbatRunner } from './cases.js';
import { compareOutputs, type CaseOutput, type Tolerance } from './data.js';
import { measure, median, type MeasureOptions, type Timing } from './harness.js';
import { formatMs, formatRate, formatTable, resultsPath } from './report.js';
import {
  GPUJS,
  gpuJsRunner,
  type PeerMissing,
  type PeerRunner,
  TFJS,
  tfDescription,
  tfjsRunner,
} from './peers.js';
import { type Panel, renderChart } from './chart.js';

/** The three sizes: a multiplier of each case's issue-2 size (its work scales with it). */
const SIZES = [
  { label: 'small', scale: 1 / 4096 },
  { label: 'medium', scale: 1 / 128 },
  { label: 'large', scale: 1 / 4 },
] as const;
type SizeLabel = (typeof SIZES)[number]['label'];

/** Fewer repetitions as sizes grow, so the whole run stays within minutes on 2 cores. */
const MEASURE: Record<SizeLabel, MeasureOptions> = {
  small: { warmupRuns: 3, minRuns: 7, minTotalMs: 40, maxRuns: 300 },
  medium: { warmupRuns: 2, warmupMs: 10, minRuns: 5, minTotalMs: 40, maxRuns: 100 },
  large: { warmupRuns: 1, warmupMs: 0, maxWarmupRuns: 1, minRuns: 3, minTotalMs: 0, maxRuns: 3 },
};
/** auto warms up longer: its first launches time backends and may try a runner-up. */
const AUTO_WARMUP: MeasureOptions = { warmupRuns: 8, warmupMs: 0, maxWarmupRuns: 8 };
/**
 * auto against the best backend is timed again in interleaved pairs (best, auto, auto,
 * best, …): timed minutes apart, the two drift apart by up to 2× on a shared machine
 * (load from other processes, heap state), which is no property of `auto`.
 */
const PAIRED_ROUNDS: Record<SizeLabel, number> = { small: 41, medium: 21, large: 5 };

const PLAIN = 'plain JS';
const AUTO = 'auto';

/** One timed (family, size, runner), as recorded in the JSON. */
export interface ComparisonRow {
  readonly family: string;
  readonly size: SizeLabel;
  readonly sizeText: string;
  readonly runner: string;
  readonly kind: 'plain' | 'backend' | 'auto' | 'peer';
  readonly work: number;
  readonly timing: Timing | null;
  readonly throughput: number | null;
  /** auto: the backend it chose (after warming up) and its reason. */
  readonly chose?: string;
  readonly reason?: string;
  /** auto: its time over the best backend's, from interleaved runs of both (see PAIRED_ROUNDS). */
  paired?: {
    readonly best: string;
    readonly autoMs: number;
    readonly bestMs: number;
    readonly ratio: number;
    readonly rounds: number;
  };
  /** Why there is no timing: n/a, a mismatch, an error. */
  readonly problem: string | null;
  readonly note?: string;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** A progress bar on stderr (redrawn in place on a terminal, a line per family otherwise). */
class Progress {
  private done = 0;
  constructor(private readonly total: number) {}
  step(label: string): void {
    this.done++;
    if (!process.stderr.isTTY) return;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    process.stderr.write(
      `\r[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${this.done}/${this.total} ${label}`
        .padEnd(90)
        .slice(0, 100),
    );
  }
  line(text: string): void {
    if (process.stderr.isTTY) process.stderr.write(`\r${' '.repeat(100)}\r`);
    process.stderr.write(`${text}\n`);
  }
  finish(): void {
    if (process.stderr.isTTY) process.stderr.write(`\r${' '.repeat(100)}\r`);
  }
}

function copyOutput(output: CaseOutput): CaseOutput {
  return typeof output === 'number' ? output : output.slice();
}

/** The loosest tolerance any backend has (auto may pick any). */
function autoTolerance(instance: CaseInstance): Tolerance {
  return instance.backendTolerance?.webgpu ?? instance.tolerance;
}

async function runSize(
  benchCase: BenchCase,
  size: (typeof SIZES)[number],
  scale: number,
  available: readonly BackendName[],
  progress: Progress,
): Promise<ComparisonRow[]> {
  const instance = benchCase.create(size.scale * scale);
  const rows: ComparisonRow[] = [];
  const options = MEASURE[size.label];
  const base = { family: benchCase.name, size: size.label, sizeText: instance.size };
  const reference = copyOutput(instance.runPlain());
  const work = instance.work(reference);
  const throughputOf = (t: Timing): number => work / (t.medianMs / 1000) / benchCase.unitScale;
  const record = (
    runner: string,
    kind: ComparisonRow['kind'],
    fields: Partial<ComparisonRow>,
  ): void => {
    rows.push({
      ...base,
      runner,
      kind,
      work,
      timing: null,
      throughput: null,
      problem: null,
      ...fields,
    });
    progress.step(`${benchCase.name} ${size.label} ${runner}`);
  };

  const plain = await measure(() => instance.runPlain(), options);
  record(PLAIN, 'plain', { timing: plain, throughput: throughputOf(plain) });

  let numbatOutput: CaseOutput | null = null;
  const timedRunners = new Map<string, NumbatRunner>();
  for (const runnerName of [...available, AUTO] as const) {
    const isAuto = runnerName === AUTO;
    try {
      const runner = await instance.numbatRunner(runnerName as BackendName, false);
      const output = await runner.read(await runner.launch());
      const tolerance = isAuto
        ? autoTolerance(instance)
        : (instance.backendTolerance?.[runnerName] ?? instance.tolerance);
      const mismatch = compareOutputs(reference, output, tolerance);
      if (mismatch !== null) {
        record(runnerName, isAuto ? 'auto' : 'backend', {
          problem: `MISMATCH vs plain JS: ${mismatch}`,
        });
        continue;
      }
      if (isAuto) numbatOutput = copyOutput(output);
      const timing = await measure(
        () => runner.launch(),
        isAuto ? { ...options, ...AUTO_WARMUP } : options,
      );
      timedRunners.set(runnerName, runner);
      const choice = isAuto && runner.inspect ? await runner.inspect() : undefined;
      record(runnerName, isAuto ? 'auto' : 'backend', {
        timing,
        throughput: throughputOf(timing),
        ...(choice ? { chose: choice.backend, reason: choice.reason } : {}),
      });
    } catch (error) {
      record(runnerName, isAuto ? 'auto' : 'backend', { problem: `ERROR: ${firstLine(error)}` });
    }
  }

  await timePaired(rows, timedRunners, PAIRED_ROUNDS[size.label]);

  for (const [peerName, make] of [
    [GPUJS, gpuJsRunner],
    [TFJS, tfjsRunner],
  ] as const) {
    const inputs = instance.peer;
    if (!inputs) {
      record(peerName, 'peer', { problem: 'n/a: the case gives no peer inputs' });
      continue;
    }
    let peer: PeerRunner | PeerMissing;
    try {
      peer = await make(inputs);
    } catch (error) {
      record(peerName, 'peer', { problem: `ERROR: ${firstLine(error)}` });
      continue;
    }
    if ('missing' in peer) {
      record(peerName, 'peer', { problem: peer.missing });
      continue;
    }
    try {
      const output = peer.read(peer.run());
      // Checked against numbat's result (auto's), or plain JS when numbat had none.
      const mismatch = compareOutputs(numbatOutput ?? reference, output, peer.tolerance);
      if (mismatch !== null) {
        record(peerName, 'peer', { problem: `MISMATCH vs numbat: ${mismatch}` });
        continue;
      }
      const timing = await measure(() => peer.run(), options);
      record(peerName, 'peer', {
        timing,
        throughput: throughputOf(timing),
        ...(peer.note ? { note: peer.note } : {}),
      });
    } catch (error) {
      record(peerName, 'peer', { problem: `ERROR: ${firstLine(error)}` });
    }
  }
  return rows;
}

/** Times auto and the best backend (by the sequential medians) in interleaved rounds. */
async function timePaired(
  rows: ComparisonRow[],
  runners: ReadonlyMap<string, NumbatRunner>,
  rounds: number,
): Promise<void> {
  const autoRow = rows.find((r) => r.kind === 'auto' && r.timing !== null);
  const bestRow = rows
    .filter((r) => r.kind === 'backend' && r.timing !== null)
    .sort((a, b) => a.timing!.medianMs - b.timing!.medianMs)[0];
  const auto = runners.get(AUTO);
  const best = bestRow && runners.get(bestRow.runner);
  if (!autoRow || !bestRow || !auto || !best) return;
  const autoMs: number[] = [];
  const bestMs: number[] = [];
  const time = async (runner: NumbatRunner, into: number[]): Promise<void> => {
    const start = performance.now();
    await runner.launch();
    into.push(performance.now() - start);
  };
  await best.launch(); // back to warm after the other runners ran
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      await time(best, bestMs);
      await time(auto, autoMs);
    } else {
      await time(auto, autoMs);
      await time(best, bestMs);
    }
  }
  const autoMedian = median(autoMs);
  const bestMedian = median(bestMs);
  autoRow.paired = {
    best: bestRow.runner,
    autoMs: autoMedian,
    bestMs: bestMedian,
    ratio: autoMedian / bestMedian,
    rounds,
  };
}

/** auto's time over the best single backend's, per (family, size): from the interleaved runs when there are. */
function autoRatios(rows: readonly ComparisonRow[]): {
  family: string;
  size: SizeLabel;
  ratio: number;
  sequential: number;
  best: string;
  chose: string;
}[] {
  const out = [];
  for (const family of new Set(rows.map((r) => r.family))) {
    for (const { label } of SIZES) {
      const here = rows.filter((r) => r.family === family && r.size === label && r.timing !== null);
      const auto = here.find((r) => r.kind === 'auto');
      const best = here
        .filter((r) => r.kind === 'backend')
        .sort((a, b) => a.timing!.medianMs - b.timing!.medianMs)[0];
      if (!auto || !best) continue;
      const sequential = auto.timing!.medianMs / best.timing!.medianMs;
      out.push({
        family,
        size: label,
        ratio: auto.paired?.ratio ?? sequential,
        sequential,
        best: best.runner,
        chose: auto.chose ?? '?',
      });
    }
  }
  return out;
}

function familyTable(benchCase: BenchCase, rows: readonly ComparisonRow[]): string {
  const mine = rows.filter((r) => r.family === benchCase.name);
  const runners = [...new Set(mine.map((r) => r.runner))];
  const header = [
    '',
    ...SIZES.map((s) => `${s.label}: ${mine.find((r) => r.size === s.label)?.sizeText ?? ''}`),
  ];
  const body = runners.map((runner) => [
    runner,
    ...SIZES.map(({ label }) => {
      const r = mine.find((x) => x.runner === runner && x.size === label);
      if (!r) return '';
      if (r.timing === null)
        return (r.problem ?? '').startsWith('n/a') ? 'n/a' : (r.problem ?? '').split(':')[0]!;
      const chose = r.kind === 'auto' && r.chose ? ` →${r.chose}` : '';
      return `${formatRate(r.throughput!)} ${benchCase.unit} (${formatMs(r.timing.medianMs)} ms)${chose}`;
    }),
  ]);
  const problems = mine
    .filter(
      (r) =>
        (r.problem !== null && r.size === 'large') ||
        (r.problem !== null && !r.problem.startsWith('n/a')),
    )
    .map((r) => `  ${r.runner} (${r.size}): ${r.problem}`);
  const unique = [...new Set(problems)];
  return `${benchCase.title}\n${formatTable([header, ...body], ['left', 'right', 'right', 'right'])}${unique.length ? `\n${unique.join('\n')}` : ''}`;
}

/** Runs the comparison; returns the paths of the JSON and SVG it wrote. */
export async function runComparison(
  scale: number,
  only: Set<string> | null,
): Promise<{ json: string; svg: string }> {
  const startedAt = new Date();
  const statuses = await backends();
  const available = statuses.filter((s) => s.available).map((s) => s.name);
  const cases = BENCH_CASES.filter((c) => only === null || only.has(c.name));
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  const loadBefore = loadavg();
  console.log(`numbat comparison bench — ${startedAt.toISOString()}`);
  console.log(
    `node ${process.version}, ${availableParallelism()} cores (${cpuModel}), load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, BENCH_SCALE=${scale}`,
  );
  console.log(
    `backends: ${statuses.map((s) => `${s.name}${s.available ? '' : ' (unavailable)'}`).join(', ')}; webgpu here is ${String(statuses.find((s) => s.name === 'webgpu')?.info.description ?? 'absent')}`,
  );
  console.log(
    `peers: gpu.js 2.24 in cpu mode (its headless-gl is not built: npm 11 skips install scripts, so no GPU/WebGL mode in Node); ${await tfDescription()}`,
  );
  console.log(
    'sizes: small = 1/4096, medium = 1/128, large = 1/4 of the issue-2 size of each case\n',
  );

  const runnersPerSize = 1 + available.length + 1 + 2;
  const progress = new Progress(cases.length * SIZES.length * runnersPerSize);
  const rows: ComparisonRow[] = [];
  for (const benchCase of cases) {
    for (const size of SIZES)
      rows.push(...(await runSize(benchCase, size, scale, available, progress)));
    progress.line(`  ${benchCase.name} done`);
  }
  progress.finish();

  for (const benchCase of cases) console.log(`${familyTable(benchCase, rows)}\n`);

  const ratios = autoRatios(rows);
  const worst = [...ratios].sort((a, b) => b.ratio - a.ratio)[0];
  console.log(
    "auto vs the best single backend (time ratio from interleaved runs of the two; ≤ 1.20 is the goal; [the ratio of the table's sequential medians]):",
  );
  console.log(
    formatTable(
      [
        ['family', ...SIZES.map((s) => s.label)],
        ...[...new Set(ratios.map((r) => r.family))].map((family) => [
          family,
          ...SIZES.map(({ label }) => {
            const r = ratios.find((x) => x.family === family && x.size === label);
            return r
              ? `${r.ratio.toFixed(2)} (${r.chose}${r.chose === r.best ? '' : `; best ${r.best}`}) [${r.sequential.toFixed(2)}]`
              : '—';
          }),
        ]),
      ],
      ['left', 'right', 'right', 'right'],
    ),
  );
  if (worst)
    console.log(
      `${worst.ratio <= 1.2 ? 'PASS' : 'MISS'} worst case: ${worst.family} ${worst.size}, auto ${worst.ratio.toFixed(2)}× the time of ${worst.best} (auto chose ${worst.chose})`,
    );

  console.log(
    '\nlarge size: numbat auto against every peer (peer time ÷ auto time; > 1 means auto is faster):',
  );
  const exceptions: string[] = [];
  for (const benchCase of cases) {
    const large = rows.filter((r) => r.family === benchCase.name && r.size === 'large');
    const auto = large.find((r) => r.kind === 'auto');
    const cells: string[] = [];
    for (const peer of large.filter((r) => r.kind === 'plain' || r.kind === 'peer')) {
      if (!auto?.timing || !peer.timing) {
        cells.push(`${peer.runner} ${peer.timing ? 'auto not timed' : 'n/a'}`);
        continue;
      }
      const ratio = peer.timing.medianMs / auto.timing.medianMs;
      cells.push(`${peer.runner} ${ratio.toFixed(2)}×`);
      if (ratio <= 1)
        exceptions.push(
          `${benchCase.name}: ${peer.runner} is ${(1 / ratio).toFixed(2)}× faster than auto (${auto.chose})`,
        );
    }
    console.log(`  ${benchCase.name.padEnd(10)} ${cells.join(', ')}`);
  }
  console.log(
    exceptions.length
      ? `MISS exceptions:\n${exceptions.map((e) => `  ${e}`).join('\n')}`
      : 'PASS auto beats every peer that exists on every family at the large size',
  );

  const loadAfter = loadavg();
  console.log(
    `\nload average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (the machine is shared: figures are indicative)`,
  );

  const json = resultsPath(startedAt).replace(/bench-([^/]*)\.json$/, 'compare-$1.json');
  const svg = json.replace(/\.json$/, '.svg');
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(
    json,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        node: process.version,
        cores: availableParallelism(),
        cpu: cpuModel,
        loadAverage: { before: loadBefore, after: loadAfter },
        scale,
        sizes: SIZES,
        backends: statuses,
        peers: {
          gpujs: 'gpu.js 2.24, cpu mode (no headless-gl in Node here)',
          tfjs: await tfDescription(),
        },
        rows,
        autoVersusBest: ratios,
        largeExceptions: exceptions,
      },
      null,
      2,
    )}\n`,
  );
  const panels: Panel[] = cases.map((c) => {
    const mine = rows.filter((r) => r.family === c.name);
    return {
      title: c.title,
      unit: c.unit,
      series: [...new Set(mine.map((r) => r.runner))].map((runner) => ({
        runner,
        points: SIZES.map(({ label }) => {
          const r = mine.find((x) => x.runner === runner && x.size === label);
          return [r?.work ?? 0, r?.throughput ?? null] as const;
        }).filter((p) => p[0] > 0),
      })),
    };
  });
  writeFileSync(
    svg,
    renderChart(
      `numbat: throughput against size (${startedAt.toISOString().slice(0, 16)}, ${cpuModel}, ${availableParallelism()} cores)`,
      panels,
    ),
  );
  writeFileSync(
    join(dirname(svg), 'compare-latest.svg'),
    renderChart(
      `numbat: throughput against size (${startedAt.toISOString().slice(0, 16)})`,
      panels,
    ),
  );
  console.log(`results: ${json}\nchart:   ${svg}`);
  return { json, svg };
}
