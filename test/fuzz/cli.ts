// cli.ts — `npm run fuzz -- --cases N --seed S [--backends js,wasm] [--jobs 2] …`: the
// command-line front of the fuzzer (scripts/fuzz.mjs bundles and runs this file). Lists
// the backends (an unavailable one is skipped with its reason), runs the cases — in
// child processes of `--chunk` consecutive cases, `--jobs` at a time, for long runs —
// prints mismatches as they are found and the summary, and exits 1 when any mismatch
// (outside known.ts, unless --strict) was found.

import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { backends as listBackends } from '../../src/index.js';
import {
  emptySummary,
  mergeSummary,
  countedMismatches,
  runFuzz,
  summaryLines,
  type FuzzOptions,
  type FuzzSummary,
} from './fuzz.js';

const USAGE = `usage: npm run fuzz -- [options]
  --cases N          number of cases (default 1000)
  --seed S           seed (default 1)
  --first F          first case number (default 0)
  --case N           run only case N (same as --first N --cases 1)
  --backends a,b     backends to run (default: every available one)
  --webgpu-every K   run webgpu on every K-th case only (default 1)
  --jobs J           run J child processes at a time (default 1)
  --chunk C          cases per child process (default 2000; runs longer than one chunk
                     always use child processes, so caches never grow without bound)
  --shrink K         shrink and print the first K mismatches of each class (default 2; 0: none)
  --shrink-ms MS     time limit per shrink (default 30000)
  --strict           treat the known classes of known.ts as mismatches (shrink, print, count)
  --verbose          print every mismatch, progress, and Dawn's WGSL messages`;

interface CliArgs extends Omit<FuzzOptions, 'log' | 'backends'> {
  readonly backends: string[] | null;
  readonly jobs: number;
  readonly chunk: number;
  readonly json: boolean;
  readonly strict: boolean;
}

function parse(argv: readonly string[]): CliArgs {
  const get = new Map<string, string>();
  const flags = new Set<string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const name = arg.slice(2);
    if (['verbose', 'json', 'help', 'strict'].includes(name)) flags.add(name);
    else get.set(name, argv[++k] ?? '');
  }
  if (flags.has('help')) {
    say(USAGE);
    process.exit(0);
  }
  const known = [
    'cases',
    'seed',
    'first',
    'case',
    'backends',
    'webgpu-every',
    'jobs',
    'chunk',
    'shrink',
    'shrink-ms',
  ];
  for (const name of get.keys())
    if (!known.includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  const int = (name: string, fallback: number) => {
    const text = get.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error(`--${name} needs an integer, got '${text}'`);
    return n;
  };
  const single = get.has('case');
  return {
    seed: int('seed', 1),
    first: single ? int('case', 0) : int('first', 0),
    cases: single ? 1 : int('cases', 1000),
    backends: get.has('backends')
      ? get
          .get('backends')!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    webgpuEvery: Math.max(1, int('webgpu-every', 1)),
    shrinkPerClass: int('shrink', 2),
    shrinkMs: int('shrink-ms', 30000),
    verbose: flags.has('verbose'),
    jobs: Math.max(1, int('jobs', 1)),
    chunk: Math.max(1, int('chunk', 2000)),
    json: flags.has('json'),
    strict: flags.has('strict'),
  };
}

/** The backends to run: the requested (or all) that are available; the others are printed with why. */
async function chooseBackends(requested: string[] | null, quiet: boolean): Promise<string[]> {
  const statuses = await listBackends();
  const chosen: string[] = [];
  for (const name of requested ?? statuses.map((s) => s.name)) {
    const status = statuses.find((s) => s.name === name);
    if (!status)
      throw new Error(
        `unknown backend '${name}' (known: ${statuses.map((s) => s.name).join(', ')})`,
      );
    if (status.available) chosen.push(name);
    else if (!quiet) say(`fuzz: backend ${name} skipped: ${status.reason ?? 'unavailable'}`);
  }
  return chosen;
}

const SUMMARY_PREFIX = 'FUZZ-SUMMARY ';

/**
 * Where the fuzzer's own lines go: the launcher hands over the real stdout as fd 3 and
 * sends fd 1 (where Dawn prints WGSL compiler messages natively) to a log file.
 */
const OUTPUT_FD = Number(process.env['FUZZ_OUTPUT_FD'] ?? 1);

function say(line: string): void {
  writeSync(OUTPUT_FD, `${line}\n`);
}

/**
 * Runs the cases in child processes, `--chunk` consecutive cases each (a fresh process
 * per chunk keeps the WebGPU pipeline cache and worker pools from growing for ever), at
 * most `--jobs` at a time, and merges their summaries.
 */
async function runChunks(args: CliArgs, backends: string[]): Promise<FuzzSummary> {
  const total = emptySummary(backends);
  const chunks: [number, number][] = [];
  for (let first = args.first; first < args.first + args.cases; first += args.chunk) {
    chunks.push([first, Math.min(args.chunk, args.first + args.cases - first)]);
  }
  const passOn = [
    '--seed',
    String(args.seed),
    '--backends',
    backends.join(','),
    '--webgpu-every',
    String(args.webgpuEvery),
    '--shrink',
    String(args.shrinkPerClass),
    '--shrink-ms',
    String(args.shrinkMs),
    ...(args.verbose ? ['--verbose'] : []),
    ...(args.strict ? ['--strict'] : []),
  ];
  const runOne = ([first, cases]: [number, number]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [process.argv[1]!, ...passOn, '--first', String(first), '--cases', String(cases), '--json'],
        {
          stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
          env: { ...process.env, FUZZ_OUTPUT_FD: '3' },
        },
      );
      let buffered = '';
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith(SUMMARY_PREFIX))
            mergeSummary(total, JSON.parse(line.slice(SUMMARY_PREFIX.length)) as FuzzSummary);
          else say(line);
        }
      });
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(
              new Error(
                `fuzz: the child for cases ${first}..${first + cases - 1} exited with ${code}`,
              ),
            ),
      );
    });
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await runOne(chunks[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, chunks.length) }, worker));
  return total;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const started = performance.now();
  const backends = await chooseBackends(args.backends, args.json);
  let summary: FuzzSummary;
  if (!args.json && (args.jobs > 1 || args.cases > args.chunk)) {
    summary = await runChunks(args, backends);
  } else {
    summary = await runFuzz({ ...args, backends, log: say });
    if (args.json) {
      say(SUMMARY_PREFIX + JSON.stringify(summary));
      process.exit(0);
    }
  }
  for (const line of summaryLines(summary, args, performance.now() - started, args.strict))
    say(line);
  process.exit(countedMismatches(summary, args.strict) > 0 ? 1 : 0);
}

// A launch whose promise never settles and keeps nothing alive would otherwise end the
// process quietly with status 0.
process.on('beforeExit', () => {
  say('fuzz: the event loop emptied before the run finished (a launch that never settled?)');
  process.exit(2);
});

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
