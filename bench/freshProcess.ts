// freshProcess.ts — part of `BENCH_ONLY=first-launches`: a kernel's first launches in a
// fresh process, the way a short script meets them. The rest of the section warms its
// process up first (probes, worker pools and the calibration are paid once per process,
// not per kernel); here they are part of the time: each (family, runner) pair runs in a
// child process of its own (this bundle again, with BENCH_FRESH_CHILD set) that defines one
// kernel and times its first FIRST_LAUNCHES launches. Runners: auto and the CPU backends
// forced (a software WebGPU adapter takes seconds a launch and is never the best here; a
// real GPU would be worth adding). Their order is shuffled in every round; medians over
// rounds. The calibration is cached by then (the parent has run auto), as after a user's
// first run on a machine.
//
// The kernels are small, written as users write them: a few milliseconds a launch, so the
// fixed costs of a process (probing the backends, reading the calibration, starting
// threads) are a large share of the first launches' time.

import { spawnSync } from 'node:child_process';
import { kernel } from './numbat.js';
import { shuffled } from './data.js';
import { median } from './harness.js';
import { formatTable } from './report.js';

const FIRST_LAUNCHES = 10;
const RUNNERS = ['auto', 'js', 'wasm', 'workers'] as const;
type Runner = (typeof RUNNERS)[number];

/** One family: what it is, and its kernel and arguments for a runner. */
interface FreshFamily {
  readonly name: string;
  readonly setup: (backend: Runner) => {
    launch: () => Promise<unknown>;
  };
}

const ramp = (n: number, f: (k: number) => number) =>
  Float32Array.from({ length: n }, (_, k) => f(k));

const FAMILIES: readonly FreshFamily[] = [
  {
    name: '3×3 blur, 256² f32',
    setup: (backend) => {
      const w = 256;
      const src = ramp(w * w, (k) => (k * 7919) % 256);
      const dst = new Float32Array(w * w);
      const blur = kernel(
        (r: number, c: number, src: Float32Array, dst: Float32Array, w: number, h: number) => {
          let s = 0;
          for (let dr = -1; dr <= 1; dr++) {
            for (let dc = -1; dc <= 1; dc++) {
              const rr = Math.min(h - 1, Math.max(0, r + dr));
              const cc = Math.min(w - 1, Math.max(0, c + dc));
              s += src[rr * w + cc]!;
            }
          }
          dst[r * w + c] = s / 9;
        },
        { backend, name: 'fresh_blur' },
      );
      return { launch: () => blur.launch([w, w], src, dst, w, w) };
    },
  },
  {
    name: 'Σx², 2^18 f32',
    setup: (backend) => {
      const n = 1 << 18;
      const x = ramp(n, Math.sin);
      const sumSq = kernel((i: number, x: Float32Array) => x[i]! * x[i]!, {
        backend,
        reduce: 'sum',
        name: 'fresh_sumsq',
      });
      return { launch: () => sumSq.launch(n, x) };
    },
  },
  {
    name: 'relaxation, 20 steps, 2^16 f32',
    setup: (backend) => {
      const n = 1 << 16;
      const x = ramp(n, Math.sin);
      const y = ramp(n, Math.cos);
      const out = new Float32Array(n);
      const relax = kernel(
        (i: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
          let v = x[i]!;
          for (let t = 0; t < 20; t++) v = v * 0.99 + y[i]! * 0.01;
          out[i] = v;
        },
        { backend, name: 'fresh_relax' },
      );
      return { launch: () => relax.launch(n, x, y, out) };
    },
  },
];

/** The child's side (BENCH_FRESH_CHILD = "family index|runner"): prints its total, ms. */
export async function runFreshChild(spec: string): Promise<void> {
  const [index, runner] = spec.split('|') as [string, Runner];
  const family = FAMILIES[Number(index)]!;
  const start = performance.now();
  const { launch } = family.setup(runner);
  const launchesMs: number[] = [];
  for (let n = 0; n < FIRST_LAUNCHES; n++) {
    const t0 = performance.now();
    await launch();
    launchesMs.push(performance.now() - t0);
  }
  const totalMs = performance.now() - start;
  console.log(JSON.stringify({ totalMs, launchesMs: launchesMs.map((t) => +t.toFixed(2)) }));
}

/** One family's medians per runner, ms. */
export interface FreshRow {
  readonly family: string;
  readonly ms: Readonly<Record<Runner, number>>;
}

/** Runs every family in fresh processes, `rounds` times each. */
export function runFreshProcesses(rounds: number): FreshRow[] {
  const script = process.argv[1]!;
  const totals = FAMILIES.map(() => new Map<Runner, number[]>(RUNNERS.map((r) => [r, []])));
  for (let round = 0; round < rounds; round++) {
    FAMILIES.forEach((_, f) => {
      for (const k of shuffled(RUNNERS.length, 1000 * round + f)) {
        const runner = RUNNERS[k]!;
        const child = spawnSync(process.execPath, [script], {
          env: { ...process.env, BENCH_FRESH_CHILD: `${f}|${runner}` },
          encoding: 'utf8',
          timeout: 120_000,
        });
        const line = child.stdout?.trim().split('\n').pop() ?? '';
        if (child.status !== 0 || !line.startsWith('{'))
          throw new Error(
            `fresh process ${FAMILIES[f]!.name} on ${runner} failed (status ${child.status}): ${child.stderr}`,
          );
        totals[f]!.get(runner)!.push((JSON.parse(line) as { totalMs: number }).totalMs);
      }
    });
  }
  return FAMILIES.map((family, f) => ({
    family: family.name,
    ms: Object.fromEntries(RUNNERS.map((r) => [r, median(totals[f]!.get(r)!)])) as Record<
      Runner,
      number
    >,
  }));
}

/** The rows as a table, with auto's ratio to the best forced runner. */
export function formatFresh(rows: readonly FreshRow[], rounds: number): string {
  return formatTable(
    [
      ['fresh process, first 10 launches', ...RUNNERS, 'auto ÷ best forced', 'goal'],
      ...rows.map((row) => {
        const best = Math.min(...RUNNERS.filter((r) => r !== 'auto').map((r) => row.ms[r]));
        const ratio = row.ms.auto / best;
        return [
          row.family,
          ...RUNNERS.map((r) => `${row.ms[r].toFixed(1)} ms`),
          `${ratio.toFixed(2)}×`,
          `${ratio <= 1.3 ? 'PASS' : 'MISS'} ≤ 1.3×`,
        ];
      }),
    ],
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
  ).concat(
    `\n(medians of ${rounds} rounds; each total includes the kernel's definition and whatever the process had still to start: probes, the calibration read, worker threads)`,
  );
}
