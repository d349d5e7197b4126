// linalg.ts — the matmul bench of issue 14: c = a·b for square n×n matrices, n = 128 … 2048,
// f32 and f64, numbat's gemm (numbat/kernels) on every backend and `auto`, beside plain
// JavaScript (an i-k-j loop), tfjs-wasm (tf.matMul; f32 only) and jax-js on its wasm device
// (np.matmul), in one process. Every runner gets host typed arrays and returns a host array
// (the peers upload their inputs and download the result inside the timed call, as numbat
// stages them into its heap). Every result is checked first (bench/matmulCheck.ts: sampled
// elements against exact f64 dot products, within a bound that holds for any summation
// order). Then the runners of a size are timed in interleaved
// rounds (each round runs every runner once, in a fresh seeded order: a shared machine's
// load drifts within seconds, and in a rotation a runner always follows the same one —
// the wasm row, always right after jax-js, timed 0.6–0.8× of the auto row running the same
// code in three runs; with shuffled rounds the two agree within 10%), medians after
// warm-up; the table shows GFLOP/s
// (2n³ / time) and the goals of the issue as ratios within this run.
//
// Run: `BENCH_ONLY=matmul npm run bench` (also part of the full `npm run bench`).
// BENCH_SCALE multiplies the sizes' work (n by its cube root).

import { availableParallelism, cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { backends, type BackendName } from './numbat.js';
import { kernel } from '../src/index.js';
import { gemm, matmul } from '../src/kernels/index.js';
import { median } from './harness.js';
import { formatTable, resultsPath } from './report.js';
import { type Panel, renderChart } from './chart.js';
import { shuffled } from './data.js';
import { checks, matrix, mismatch, type Dtype, type F } from './matmulCheck.js';

const BASE_SIZES = [128, 256, 512, 1024, 2048];

/**
 * Timed rounds and warm-up calls per size (fewer as the work grows 8× per step). The auto
 * goal compares two runners that run the same code (auto picks wasm for host arrays), so
 * its ratio is the noise of two medians: more rounds where a round is cheap (with 9 at 512
 * it reached 1.24× and 1.46× in runs under load).
 */
const ROUNDS: Record<number, { warmup: number; rounds: number }> = {
  128: { warmup: 5, rounds: 31 },
  256: { warmup: 3, rounds: 25 },
  512: { warmup: 2, rounds: 15 },
  1024: { warmup: 1, rounds: 7 },
  2048: { warmup: 1, rounds: 3 },
};

/** One runner of the family at one (dtype, size). */
interface Runner {
  readonly name: string;
  readonly kind: 'numbat' | 'auto' | 'plain' | 'peer';
  /** Builds the timed call; throws (with the reason) when the runner cannot run. */
  prepare(): Promise<() => unknown>;
  /** The last call's result as host numbers (not timed). */
  read(raw: unknown): Promise<ArrayLike<number>>;
  /** Not run above this n (the call takes seconds there), with the reason. */
  readonly maxN?: number;
}

interface Row {
  readonly dtype: Dtype;
  readonly n: number;
  readonly runner: string;
  readonly kind: Runner['kind'];
  readonly medianMs: number | null;
  readonly samplesMs: readonly number[];
  readonly gflops: number | null;
  readonly problem: string | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the peers' loosely typed APIs */
let tfLoaded: Promise<any> | undefined;
function tfjs(): Promise<any> {
  tfLoaded ??= (async () => {
    try {
      const tf: any = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) return 'the tfjs wasm backend did not initialise';
      await tf.ready();
      return tf;
    } catch (error) {
      return `tfjs-wasm unavailable: ${(error as Error).message.split('\n')[0]}`;
    }
  })();
  return tfLoaded;
}

let jaxLoaded: Promise<any> | undefined;
function jax(): Promise<any> {
  jaxLoaded ??= (async () => {
    try {
      // jax-js 0.1 tests `data instanceof Float16Array` before its Float64Array case; Node 20
      // has no Float16Array (a ReferenceError). An empty class lets f64 inputs reach it.
      const g = globalThis as { Float16Array?: unknown };
      g.Float16Array ??= class Float16Array {};
      const jx: any = await import('@jax-js/jax');
      await jx.init('wasm');
      jx.defaultDevice('wasm');
      return jx;
    } catch (error) {
      return `jax-js unavailable: ${(error as Error).message.split('\n')[0]}`;
    }
  })();
  return jaxLoaded;
}

const CTOR = { f32: Float32Array, f64: Float64Array } as const;

/** A copy on an ordinary ArrayBuffer (tfjs copies SharedArrayBuffer views very slowly). */
function unshared<T extends F>(array: T): T {
  return typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer
    ? (array.slice() as T)
    : array;
}

/** c = a·b in plain JavaScript, the i-k-j loop (rows of b streamed, no packing). */
function plainMatmul(a: F, b: F, c: F, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let p = 0; p < n; p++) {
      const x = a[row + p]!;
      const brow = p * n;
      for (let j = 0; j < n; j++) c[row + j] = c[row + j]! + x * b[brow + j]!;
    }
  }
}

function runners(
  dtype: Dtype,
  n: number,
  a: F,
  b: F,
  available: readonly BackendName[],
  threads: number | undefined,
): Runner[] {
  const identity = async (r: unknown): Promise<ArrayLike<number>> => r as ArrayLike<number>;
  const out: Runner[] = [];
  for (const backend of ['wasm', 'workers', 'js', 'webgpu'] as const) {
    if (!available.includes(backend)) continue;
    if (backend === 'webgpu' && dtype === 'f64') continue; // WGSL has no f64
    const c = new CTOR[dtype](n * n);
    out.push({
      name: `numbat ${backend}${backend === 'wasm' && threads ? ` (${threads} threads)` : ''}`,
      kind: 'numbat',
      // js and workers run the same kernels as JavaScript (f32 rounded at every step):
      // seconds per call above these sizes. WebGPU here is SwiftShader, a CPU emulation.
      ...(backend === 'js' ? { maxN: 512 } : {}),
      ...(backend === 'workers' ? { maxN: 1024 } : {}),
      ...(backend === 'webgpu' ? { maxN: 512 } : {}),
      prepare: async () => () => gemm(a, b, c, { m: n, n, k: n, backend }),
      read: identity,
    });
  }
  const cAuto = new CTOR[dtype](n * n);
  out.push({
    name: 'numbat auto',
    kind: 'auto',
    prepare: async () => () => gemm(a, b, cAuto, { m: n, n, k: n }),
    read: identity,
  });
  const cPlain = new CTOR[dtype](n * n);
  out.push({
    name: 'plain JS (i-k-j loop)',
    kind: 'plain',
    maxN: 1024,
    prepare: async () => () => plainMatmul(a, b, cPlain, n),
    read: async () => cPlain,
  });
  if (dtype === 'f32') {
    const [ua, ub] = [unshared(a), unshared(b)];
    out.push({
      name: 'tfjs-wasm (tf.matMul)',
      kind: 'peer',
      prepare: async () => {
        const tf = await tfjs();
        if (typeof tf === 'string') throw new Error(tf);
        // dataSync outside tidy: tidy walks the value its function returns looking for
        // tensors, element by element for a typed array (15× the product's time at 512).
        return () => {
          const product = tf.tidy(() =>
            tf.matMul(tf.tensor2d(ua, [n, n]), tf.tensor2d(ub, [n, n])),
          );
          const data = product.dataSync();
          product.dispose();
          return data;
        };
      },
      read: identity,
    });
  }
  out.push({
    name: 'jax-js wasm (np.matmul)',
    kind: 'peer',
    // jax-js's f64 matmul runs at ~0.2 GFLOP/s here: 90 s per call at 2048.
    ...(dtype === 'f64' ? { maxN: 1024 } : {}),
    prepare: async () => {
      const jx = await jax();
      if (typeof jx === 'string') throw new Error(jx);
      const np = jx.numpy;
      const type = dtype === 'f32' ? np.float32 : np.float64;
      return async () =>
        np
          .matmul(
            np.array(a, { dtype: type }).reshape([n, n]),
            np.array(b, { dtype: type }).reshape([n, n]),
          )
          .data();
    },
    read: identity,
  });
  return out;
}

/** Runs the matmul family: prints a table per dtype, the goals, and writes JSON and SVG. */
export async function runMatmul(scale: number): Promise<void> {
  const startedAt = new Date();
  const statuses = await backends();
  const available = statuses.filter((s) => s.available).map((s) => s.name);
  const wasmInfo = statuses.find((s) => s.name === 'wasm')?.info as
    | { threads?: number }
    | undefined;
  const threads = typeof wasmInfo?.threads === 'number' ? wasmInfo.threads : undefined;
  const tf = await tfjs();
  const jx = await jax();
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nnumbat matmul bench (issue 14) — ${startedAt.toISOString()}`);
  console.log(
    `node ${process.version}, ${availableParallelism()} cores (${cpuModel}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `peers: ${typeof tf === 'string' ? tf : `tfjs ${tf.version?.tfjs ?? ''} on ${tf.getBackend()} (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})`}; ${typeof jx === 'string' ? jx : 'jax-js 0.1 on its wasm device'}; c = a·b, host arrays in and out; GFLOP/s = 2n³ / median time`,
  );
  const sizes = BASE_SIZES.map((n) => Math.max(16, Math.round((n * Math.cbrt(scale)) / 16) * 16));
  const rows: Row[] = [];
  for (const dtype of ['f32', 'f64'] as const) {
    for (const [si, n] of sizes.entries()) {
      const a = matrix(dtype, n, 2 * n + 1);
      const b = matrix(dtype, n, 2 * n + 2);
      const check = checks(dtype, n, a, b);
      const ready: { runner: Runner; call: () => unknown; samples: number[] }[] = [];
      const all = runners(dtype, n, a, b, available, threads);
      const push = (runner: Runner, problem: string): void => {
        rows.push({
          dtype,
          n,
          runner: runner.name,
          kind: runner.kind,
          medianMs: null,
          samplesMs: [],
          gflops: null,
          problem,
        });
      };
      for (const runner of all) {
        if (runner.maxN !== undefined && n > runner.maxN) {
          push(runner, `not run above n = ${runner.maxN}`);
          continue;
        }
        process.stderr.write(`  matmul ${dtype} ${n} ${runner.name}…\n`);
        try {
          const call = await runner.prepare();
          const bad = mismatch(await runner.read(await call()), n, check);
          if (bad) push(runner, `MISMATCH ${bad}`);
          else ready.push({ runner, call, samples: [] });
        } catch (error) {
          push(runner, `not run: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      const plan = ROUNDS[BASE_SIZES[si]!] ?? { warmup: 1, rounds: 3 };
      for (const r of ready) for (let w = 0; w < plan.warmup; w++) await r.call();
      for (let round = 0; round < plan.rounds; round++) {
        const order = shuffled(ready.length, 0x9e3779b9 ^ (round * 7919 + n));
        for (let q = 0; q < ready.length; q++) {
          const r = ready[order[q]!]!;
          const t = performance.now();
          await r.call();
          r.samples.push(performance.now() - t);
        }
      }
      for (const r of ready) {
        const ms = median(r.samples);
        rows.push({
          dtype,
          n,
          runner: r.runner.name,
          kind: r.runner.kind,
          medianMs: ms,
          samplesMs: r.samples,
          gflops: (2 * n ** 3) / ms / 1e6,
          problem: null,
        });
      }
    }
    console.log(`\n${table(dtype, sizes, rows)}`);
  }
  const paired =
    available.includes('wasm') && sizes[3] !== undefined ? await f64VsF32(sizes[3]) : null;
  const lines = goals(rows, sizes, paired);
  const gpu = available.includes('webgpu') ? await webgpuTiledVsNaive(sizes[3] ?? 1024) : null;
  if (gpu) lines.push(gpu.line);
  else lines.push('  n/a  webgpu tiled vs naive (webgpu unavailable)');
  console.log(`\n${lines.join('\n')}`);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (a shared machine: compare ratios within this run only)`,
  );
  const json = resultsPath(startedAt).replace(/bench-([^/]*)\.json$/, 'matmul-$1.json');
  const svg = json.replace(/\.json$/, '.svg');
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(
    json,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), node: process.version, cores: availableParallelism(), cpu: cpuModel, scale, sizes, rows, f64VsF32: paired, webgpu: gpu?.result ?? null }, null, 2)}\n`,
  );
  const panels: Panel[] = (['f32', 'f64'] as const).map((dtype) => {
    const mine = rows.filter((r) => r.dtype === dtype);
    return {
      title: `matmul ${dtype}, n×n (GFLOP/s)`,
      unit: 'GFLOP/s',
      series: [...new Set(mine.map((r) => r.runner))].map((runner) => ({
        runner: shortName(runner),
        points: sizes.map((n) => {
          const r = mine.find((x) => x.runner === runner && x.n === n);
          return [2 * n ** 3, r?.gflops ?? null] as const;
        }),
      })),
    };
  });
  const title = `numbat matmul (${startedAt.toISOString().slice(0, 16)}, ${cpuModel}, ${availableParallelism()} cores)`;
  writeFileSync(svg, renderChart(title, panels));
  writeFileSync(join(dirname(svg), 'matmul-latest.svg'), renderChart(title, panels));
  console.log(`results: ${json}\nchart:   ${svg}`);
}

/** numbat wasm's f64 and f32 products at one size, timed in alternating calls. */
interface Paired {
  readonly n: number;
  readonly f32Ms: number;
  readonly f64Ms: number;
  /** f64 speed over f32 speed (GFLOP/s), from the medians. */
  readonly ratio: number;
}

/**
 * The f64 goal compares two dtypes, which the tables time minutes apart (all f32 sizes,
 * then all f64 sizes) while a shared machine's load drifts; so the two are timed again here
 * in alternating calls (2 warm-up, 7 timed each), as `auto` is against the best backend.
 * Results were checked in the tables' runs.
 */
async function f64VsF32(n: number): Promise<Paired | null> {
  const calls = (['f32', 'f64'] as const).map((dtype) => {
    const a = matrix(dtype, n, 2 * n + 1);
    const b = matrix(dtype, n, 2 * n + 2);
    const c = new CTOR[dtype](n * n);
    return () => gemm(a, b, c, { m: n, n, k: n, backend: 'wasm' });
  });
  const samples: number[][] = [[], []];
  process.stderr.write(`  matmul ${n} numbat wasm f64 vs f32, alternating…\n`);
  try {
    for (let w = 0; w < 2; w++) for (const call of calls) await call();
    for (let round = 0; round < 7; round++)
      for (let q = 0; q < 2; q++) {
        const which = (q + round) % 2;
        const t = performance.now();
        await calls[which]!();
        samples[which]!.push(performance.now() - t);
      }
  } catch {
    return null;
  }
  const [f32Ms, f64Ms] = samples.map(median) as [number, number];
  return { n, f32Ms, f64Ms, ratio: f32Ms / f64Ms };
}

/**
 * WebGPU at one size (f32): gemm's tiled cooperative kernel against the naive kernel
 * (`kernel(matmul.fn)`, one invocation per element), both checked first, then interleaved
 * rounds (1 warm-up, 3 timed; the naive kernel takes about a minute per call on SwiftShader).
 */
async function webgpuTiledVsNaive(
  n: number,
): Promise<{ line: string; result: Record<string, unknown> } | null> {
  const a = matrix('f32', n, 2 * n + 1) as Float32Array;
  const b = matrix('f32', n, 2 * n + 2) as Float32Array;
  const check = checks('f32', n, a, b);
  const naive = kernel(matmul.fn, { backend: 'webgpu', name: 'matmulNaive' });
  const cNaive = new Float32Array(n * n);
  const cTiled = new Float32Array(n * n);
  const runs = [
    { name: 'naive kernel', call: () => naive.launch([n, n], a, b, cNaive, n, n), c: cNaive },
    {
      name: 'gemm (tiled)',
      call: () => gemm(a, b, cTiled, { m: n, n, k: n, backend: 'webgpu' }),
      c: cTiled,
    },
  ];
  const samples: number[][] = [[], []];
  try {
    for (const r of runs) {
      process.stderr.write(`  matmul f32 ${n} webgpu ${r.name}…\n`);
      await r.call();
      const bad = mismatch(r.c, n, check);
      if (bad) return { line: `  MISS webgpu ${n}: ${r.name} MISMATCH ${bad}`, result: { bad } };
    }
    for (let round = 0; round < 3; round++)
      for (let q = 0; q < 2; q++) {
        const which = (q + round) % 2;
        const t = performance.now();
        await runs[which]!.call();
        samples[which]!.push(performance.now() - t);
      }
  } catch (error) {
    return { line: `  n/a  webgpu ${n}: ${(error as Error).message.split('\n')[0]}`, result: {} };
  }
  const [naiveMs, tiledMs] = samples.map(median) as [number, number];
  const ratio = naiveMs / tiledMs;
  const gf = (ms: number): string => ((2 * n ** 3) / ms / 1e6).toFixed(2);
  return {
    line: `  ${ratio >= 3 ? 'PASS' : 'MISS'} webgpu f32 ${n}: gemm's tiled kernel ${ratio.toFixed(2)}× the speed of the naive kernel (target ≥ 3×; ${gf(tiledMs)} vs ${gf(naiveMs)} GFLOP/s)`,
    result: { n, naiveMs, tiledMs, naiveSamples: samples[0], tiledSamples: samples[1], ratio },
  };
}

/** The chart's runner names (its colours are keyed by backend and peer names). */
function shortName(runner: string): string {
  if (runner.startsWith('numbat ')) return runner.slice(7).replace(/ \(.*\)$/, '');
  if (runner.startsWith('plain JS')) return 'plain JS';
  if (runner.startsWith('tfjs-wasm')) return 'tfjs-wasm';
  return runner.replace(/ \(.*\)$/, '');
}

function table(dtype: Dtype, sizes: readonly number[], rows: readonly Row[]): string {
  const mine = rows.filter((r) => r.dtype === dtype);
  const names = [...new Set(mine.map((r) => r.runner))];
  const body = names.map((name) => [
    name,
    ...sizes.map((n) => {
      const r = mine.find((x) => x.runner === name && x.n === n);
      if (!r) return '';
      if (r.gflops === null) return r.problem?.startsWith('not run above') ? '—' : 'n/a';
      return r.gflops >= 10 ? r.gflops.toFixed(1) : r.gflops.toFixed(2);
    }),
  ]);
  const notes = mine
    .filter((r) => r.problem && !r.problem.startsWith('not run above'))
    .map((r) => `  ${r.runner} at ${r.n}: ${r.problem}`);
  return `matmul ${dtype}, GFLOP/s (— : not run at that size, takes seconds):\n${formatTable(
    [['runner', ...sizes.map(String)], ...body],
    ['left', ...sizes.map(() => 'right' as const)],
  )}${notes.length ? `\n${notes.join('\n')}` : ''}`;
}

function goals(rows: readonly Row[], sizes: readonly number[], paired: Paired | null): string[] {
  const at = (dtype: Dtype, n: number, pick: (r: Row) => boolean): Row[] =>
    rows.filter((r) => r.dtype === dtype && r.n === n && r.medianMs !== null && pick(r));
  const wasm = (dtype: Dtype, n: number): Row | undefined =>
    at(dtype, n, (r) => r.runner.startsWith('numbat wasm'))[0];
  const fastestPeer = (dtype: Dtype, n: number): Row | undefined =>
    at(dtype, n, (r) => r.kind === 'peer').sort((x, y) => x.medianMs! - y.medianMs!)[0];
  const lines = ['goals of issue 14 (ratios of medians within this run):'];
  const line = (ok: boolean | null, text: string): void => {
    lines.push(`  ${ok === null ? 'n/a ' : ok ? 'PASS' : 'MISS'} ${text}`);
  };
  for (const [n, target] of [
    [sizes[3], 1.5],
    [sizes[1], 1],
    [sizes[2], 1],
  ] as const) {
    if (n === undefined) continue;
    const mine = wasm('f32', n);
    const peer = fastestPeer('f32', n);
    if (!mine || !peer) {
      line(null, `f32 ${n}: numbat wasm vs the faster peer (not measured)`);
      continue;
    }
    const ratio = peer.medianMs! / mine.medianMs!;
    line(
      ratio >= target,
      `f32 ${n}: numbat wasm ${ratio.toFixed(2)}× the speed of ${peer.runner} (target ≥ ${target}×; ${mine.gflops!.toFixed(1)} vs ${peer.gflops!.toFixed(1)} GFLOP/s)`,
    );
  }
  const n1024 = sizes[3];
  if (n1024 !== undefined) {
    const f64 = wasm('f64', n1024);
    const f32 = wasm('f32', n1024);
    const tables =
      f64 && f32
        ? `; the tables, timed minutes apart: ${(f64.gflops! / f32.gflops!).toFixed(2)}×, ${f64.gflops!.toFixed(1)} vs ${f32.gflops!.toFixed(1)} GFLOP/s`
        : '';
    if (paired) {
      const gf = (ms: number): string => ((2 * paired.n ** 3) / ms / 1e6).toFixed(1);
      line(
        paired.ratio >= 0.45,
        `f64 ${n1024} on wasm at ${paired.ratio.toFixed(2)}× numbat's f32 speed, timed in alternating calls (target ≥ 0.45×; ${gf(paired.f64Ms)} vs ${gf(paired.f32Ms)} GFLOP/s${tables})`,
      );
    } else line(null, `f64 ${n1024} on wasm against f32 (not measured${tables})`);
  }
  let worst: { ratio: number; text: string } | undefined;
  for (const dtype of ['f32', 'f64'] as const)
    for (const n of sizes) {
      const auto = at(dtype, n, (r) => r.kind === 'auto')[0];
      const best = at(dtype, n, (r) => r.kind === 'numbat').sort(
        (x, y) => x.medianMs! - y.medianMs!,
      )[0];
      if (!auto || !best) continue;
      const ratio = auto.medianMs! / best.medianMs!;
      if (!worst || ratio > worst.ratio)
        worst = {
          ratio,
          text: `${dtype} ${n}: auto ${ratio.toFixed(2)}× the time of ${best.runner}`,
        };
    }
  if (worst)
    line(worst.ratio <= 1.2, `auto within 1.2× of the best backend, worst case ${worst.text}`);
  return lines;
}
