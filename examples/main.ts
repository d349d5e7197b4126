// main.ts — `npm start`: the worked examples on every available backend. For each
// example it prints the backend `auto` would choose and why, then per backend the result
// summary, the time of the first launch (compile included) and the best of three later
// launches, and whether the result matches the same function run as plain JavaScript;
// then what `auto` chose after a few launches (it learns from timed launches) and how its
// time compares with the best backend's. It closes with the Mandelbrot set in ASCII.
// Exits non-zero when any backend disagrees with plain JS.

import { availableParallelism } from 'node:os';
import { type BackendName, backends, kernel } from './numbat.js';
import { renderMandelbrot } from './ascii.js';
import { difference, type NumericArray, runAsPlainJs } from './plain.js';
import { WORKED_EXAMPLES, type WorkedExample } from './worked.js';

/** Backends whose unanchored float math is f32, where an example's f32Slack applies. */
const F32_NATIVE_BACKENDS = new Set(['webgpu']);

function formatMs(ms: number): string {
  return ms >= 100
    ? `${ms.toFixed(0)} ms`
    : ms >= 10
      ? `${ms.toFixed(1)} ms`
      : `${ms.toFixed(2)} ms`;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** The expected result of a launch: the reduced number, or copies of the output arrays. */
type Outcome = number | NumericArray[];

function outcomeOf(example: WorkedExample, result: unknown, args: readonly unknown[]): Outcome {
  if (example.reduce !== undefined) {
    if (typeof result !== 'number')
      throw new Error(`a reduce kernel resolved to ${String(result)}`);
    return result;
  }
  return example.outputs.map((index) => args[index] as NumericArray);
}

/** Null when `actual` is the plain-JS result (within the example's tolerance), else why not. */
function judge(
  example: WorkedExample,
  backend: string,
  expected: Outcome,
  actual: Outcome,
): { verdict: string; ok: boolean } {
  const slack = F32_NATIVE_BACKENDS.has(backend) ? example.f32Slack : undefined;
  const problems: string[] = [];
  let withinSlack = true;
  const pairs: [number | NumericArray, Outcome | NumericArray][] =
    typeof expected === 'number'
      ? [[expected, actual]]
      : expected.map((array, k) => [array, (actual as NumericArray[])[k]!]);
  for (const [want, got] of pairs) {
    const diff = difference(want, got, example.relative);
    if (diff === null) continue;
    problems.push(diff.message);
    const allowed =
      typeof want === 'number'
        ? diff.relativeError <= (slack?.fraction ?? 0)
        : diff.count <= (slack?.fraction ?? 0) * diff.total;
    if (slack === undefined || !allowed) withinSlack = false;
  }
  if (problems.length === 0) return { verdict: '✓ same as plain JS', ok: true };
  if (withinSlack && slack !== undefined)
    return { verdict: `≈ plain JS (${problems.join('; ')}: ${slack.why})`, ok: true };
  return { verdict: `✗ DIFFERS from plain JS: ${problems.join('; ')}`, ok: false };
}

async function runExample(
  example: WorkedExample,
  available: readonly BackendName[],
  failures: string[],
): Promise<void> {
  console.log(`\n■ ${example.name} — ${example.title}`);
  const options = example.reduce === undefined ? {} : { reduce: example.reduce };

  const autoKernel = kernel(example.fn, options);
  try {
    const choice = await autoKernel.inspect(example.grid, ...example.makeArgs());
    console.log(
      `  auto would first choose ${choice.backend}${choice.runnerUp ? ` (runner-up ${choice.runnerUp})` : ''}: ${choice.reason}`,
    );
  } catch (error) {
    console.log(`  auto: ${firstLine(error)}`);
    failures.push(`${example.name}: inspect failed: ${firstLine(error)}`);
  }

  const plainArgs = example.makeArgs();
  const plainStart = performance.now();
  const plainResult = runAsPlainJs(example.fn, example.grid, plainArgs, example.reduce);
  const plainMs = performance.now() - plainStart;
  const expected = outcomeOf(example, plainResult, plainArgs);
  const rows: string[][] = [
    ['fn as JS', formatMs(plainMs), '', example.summarize(plainResult, plainArgs), ''],
  ];
  const bestOf = new Map<string, number>();

  for (const backend of available) {
    try {
      const compiled = kernel(example.fn, { ...options, backend: backend });
      const firstArgs = example.makeArgs();
      const firstStart = performance.now();
      await compiled.launch(example.grid, ...firstArgs);
      const firstMs = performance.now() - firstStart;
      // Later launches on fresh arguments (kernels like the particle step update in place).
      const { ms, result, args } = await bestOfLaunches(compiled, example);
      bestOf.set(backend, ms);
      const { verdict, ok } = judge(example, backend, expected, outcomeOf(example, result, args));
      if (!ok) failures.push(`${example.name} on ${backend}: ${verdict}`);
      rows.push([
        backend,
        formatMs(ms),
        `(first ${formatMs(firstMs)})`,
        example.summarize(result ?? undefined, args),
        verdict,
      ]);
    } catch (error) {
      // A backend refusing a kernel by policy (WebGPU has no f64) is an answer, not a failure.
      if (/cannot run on /.test(firstLine(error))) {
        rows.push([
          backend,
          '',
          '',
          `— refused: ${firstLine(error).replace(/^.*cannot run on \w+ \([^)]*\): /, '')}`,
          '',
        ]);
        continue;
      }
      failures.push(`${example.name} on ${backend}: ${firstLine(error)}`);
      rows.push([backend, '', '', `✗ ERROR: ${firstLine(error)}`, '']);
    }
  }
  try {
    // auto as a user meets it: a few launches (it times them and may try a runner-up), then timed.
    for (let warm = 0; warm < 6; warm++)
      await autoKernel.launch(example.grid, ...example.makeArgs());
    const { ms } = await bestOfLaunches(autoKernel, example);
    const info = await autoKernel.inspect(example.grid, ...example.makeArgs());
    const [bestBackend, bestMs] = [...bestOf.entries()].sort((a, b) => a[1] - b[1])[0] ?? [
      '?',
      NaN,
    ];
    rows.push([
      `auto`,
      formatMs(ms),
      `→ ${info.backend}`,
      `${(ms / bestMs).toFixed(2)}× the best backend's time (${bestBackend}, ${formatMs(bestMs)})${info.runnerUp ? `; runner-up ${info.runnerUp}` : ''}`,
      '',
    ]);
    autoSummaries.push(
      `${example.name}: auto chose ${info.backend}, ${(ms / bestMs).toFixed(2)}× the time of the best backend (${bestBackend})`,
    );
  } catch (error) {
    failures.push(`${example.name} on auto: ${firstLine(error)}`);
  }
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => [...row[column]!].length)),
  );
  for (const row of rows) {
    const [name, time, first, summary, verdict] = row;
    console.log(
      `  ${name!.padEnd(widths[0]!)}  ${time!.padStart(widths[1]!)} ${first!.padEnd(widths[2]!)}  ${summary}${verdict ? `  ${verdict}` : ''}`,
    );
  }
}

/** The fastest of three launches on fresh arguments (created outside the timing). */
async function bestOfLaunches(
  compiled: ReturnType<typeof kernel>,
  example: WorkedExample,
): Promise<{ ms: number; result: number | undefined; args: unknown[] }> {
  let best = { ms: Infinity, result: undefined as number | undefined, args: [] as unknown[] };
  for (let run = 0; run < 3; run++) {
    const args = example.makeArgs();
    const start = performance.now();
    const result = await compiled.launch(example.grid, ...args);
    const ms = performance.now() - start;
    if (ms < best.ms) best = { ms, result, args };
  }
  return best;
}

/** One line per example: what auto chose and how close it came to the best backend. */
const autoSummaries: string[] = [];

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`numbat worked examples — node ${process.version}, ${availableParallelism()} cores`);
  const statuses = await backends();
  for (const status of statuses) {
    const info = Object.entries(status.info)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(' ');
    const state = status.available
      ? 'available'
      : `unavailable: ${status.reason ?? 'no reason given'}`;
    console.log(`  ${status.name.padEnd(8)} ${state}${info ? `  (${info})` : ''}`);
  }
  const available = statuses.filter((status) => status.available).map((status) => status.name);
  console.log(
    'Times: the best of three later launches on fresh arguments; "first" includes compiling for the signature.',
  );
  console.log(
    '"fn as JS" is the reference: the kernel function itself called once per index as plain JavaScript',
  );
  console.log('(not a speed baseline: `npm run bench` compares with hand-written loops).');

  const failures: string[] = [];
  for (const example of WORKED_EXAMPLES) await runExample(example, available, failures);

  try {
    const picture = await renderMandelbrot();
    console.log(`\nThe Mandelbrot set, computed by the same kernel on ${picture.backend}:\n`);
    console.log(picture.text);
  } catch (error) {
    failures.push(`ASCII Mandelbrot: ${firstLine(error)}`);
  }

  console.log(
    `\nWhat auto chose (after 6 launches to learn from) against the best backend measured here:\n${autoSummaries.map((line) => `  ${line}`).join('\n')}`,
  );
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (failures.length > 0) {
    console.error(
      `\n${failures.length} problem(s):\n${failures.map((failure) => `  ${failure}`).join('\n')}`,
    );
    process.exitCode = 1;
  } else {
    console.log('Every backend reproduced the plain JavaScript result.');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
