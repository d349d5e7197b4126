// main.ts — the standalone entry of the webgpu quality bench, bundled by build.mjs into
// dist/bench/webgpu-quality.mjs so that it runs with `node` alone (webgpu external), here or
// on a GPU machine packed by ../shared/gpu/pack.sh. Prints the table and one JSON line.
//
// Environment: BENCH_SCALE (work multiplier, default 1), BENCH_RUNS (fewest timed pairs
// per case, default 9), BENCH_SECONDS (the most seconds of timed pairs per case, default
// 15; they stop earlier once the median ratio is known to ±1%), BENCH_ONLY (comma-separated case names: saxpy, sumsq, pi, mandelbrot,
// matmul, nbody, overhead).

import { runWebGpuQualitySection } from './section.js';

const numberFrom = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
};

const only = process.env['BENCH_ONLY']
  ? new Set(process.env['BENCH_ONLY'].split(',').map((s) => s.trim()))
  : null;
const report = await runWebGpuQualitySection({
  scale: numberFrom('BENCH_SCALE', 1),
  runs: Math.round(numberFrom('BENCH_RUNS', 9)),
  seconds: numberFrom('BENCH_SECONDS', 15),
  warmup: 5,
  only,
});
console.log(report.text);
console.log(JSON.stringify(report.json));
process.exitCode = report.ok ? 0 : 1;
