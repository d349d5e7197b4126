// gemm.ts — the standalone WebGPU matmul bench (issue 14: "the same bench at 4096² on a
// machine with a GPU"): f32 c = a·b on square matrices at BENCH_SIZES (default 1024, 2048,
// 4096), numbat's gemm (the tiled cooperative kernel) and the naive kernel
// (`kernel(matmul.fn)`, one invocation per element), with the arrays resident on the device
// (toDevice once; a launch resolves when the GPU has finished) and gemm on host arrays too
// (upload and download inside the timed call). Every runner's result is checked first
// (bench/matmulCheck.ts); then interleaved rounds after a warm-up call, medians, GFLOP/s =
// 2n³ / median. Prints the table and one JSON line; exit status 1 when a result is wrong.
//
// Bundled by build.mjs into dist/bench/webgpu-gemm.mjs (webgpu external), so on a GPU
// machine:
//   node bench/webgpu/build.mjs && ../shared/gpu/pack.sh dist/bench/webgpu-gemm.mjs
//   (there) source .gpu/setup.sh && node .gpu/app/webgpu-gemm.mjs
// Here (SwiftShader, a CPU) use small sizes: BENCH_SIZES=256,512 (the naive kernel takes
// about a minute per call at 1024). BENCH_ROUNDS: timed rounds per size (default 5).

import ndarray from 'ndarray';
import { kernel, toDevice, type NDArray } from '../../src/index.js';
import { withGpu } from '../../src/backends/webgpu/gpu.js';
import { gemm, matmul } from '../../src/kernels/index.js';
import { median } from '../harness.js';
import { checks, matrix, mismatch } from '../matmulCheck.js';

const sizes = (process.env['BENCH_SIZES'] ?? '1024,2048,4096').split(',').map(Number);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1)
  throw new Error(
    `BENCH_SIZES must be positive integers and BENCH_ROUNDS a positive integer, got '${process.env['BENCH_SIZES']}', '${process.env['BENCH_ROUNDS']}'`,
  );

interface Runner {
  readonly name: string;
  /** One timed call. */
  readonly call: () => Promise<unknown>;
  /** The result as host numbers (not timed). */
  readonly read: () => Promise<ArrayLike<number>>;
}

interface Row {
  readonly n: number;
  readonly runner: string;
  readonly medianMs: number | null;
  readonly samplesMs: readonly number[];
  readonly gflops: number | null;
  readonly problem: string | null;
}

const device = await withGpu(async (s) => {
  const info = s.adapterInfo;
  return (
    [info['vendor'], info['architecture'], info['device'], info['description']]
      .filter((v) => typeof v === 'string' && v !== '')
      .join(' / ') || 'WebGPU device'
  );
});
const naive = kernel(matmul.fn, { backend: 'webgpu', name: 'matmulNaive' });
const square = (data: Float32Array, n: number): Promise<NDArray> =>
  toDevice(ndarray(data, [n, n]), 'webgpu') as Promise<NDArray>;

const rows: Row[] = [];
for (const n of sizes) {
  const a = matrix('f32', n, 2 * n + 1) as Float32Array;
  const b = matrix('f32', n, 2 * n + 2) as Float32Array;
  const check = checks('f32', n, a, b);
  const [aDev, bDev, cTiledDev] = [
    await square(a, n),
    await square(b, n),
    await square(new Float32Array(n * n), n),
  ];
  // The naive kernel indexes flat arrays.
  const [aFlat, bFlat, cNaiveDev] = [
    await toDevice(a, 'webgpu'),
    await toDevice(b, 'webgpu'),
    await toDevice(new Float32Array(n * n), 'webgpu'),
  ];
  const cHost = new Float32Array(n * n);
  const flat = async (c: NDArray): Promise<ArrayLike<number>> =>
    ((await c.toHost()) as unknown as { data: Float32Array }).data;
  const runners: Runner[] = [
    {
      name: 'gemm (tiled), resident',
      call: () => gemm(aDev, bDev, cTiledDev, { backend: 'webgpu' }),
      read: () => flat(cTiledDev),
    },
    {
      name: 'naive kernel, resident',
      call: () => naive.launch([n, n], aFlat, bFlat, cNaiveDev, n, n),
      read: () => cNaiveDev.toHost(),
    },
    {
      name: 'gemm (tiled), host arrays',
      call: () => gemm(a, b, cHost, { m: n, n, k: n, backend: 'webgpu' }),
      read: async () => cHost,
    },
  ];
  const problems = new Map<string, string>();
  for (const r of runners) {
    process.stderr.write(`  webgpu gemm f32 ${n}: ${r.name}…\n`);
    try {
      await r.call();
      const bad = mismatch(await r.read(), n, check);
      if (bad) problems.set(r.name, `MISMATCH ${bad}`);
    } catch (error) {
      problems.set(r.name, (error as Error).message.split('\n')[0]!);
    }
  }
  const live = runners.filter((r) => !problems.has(r.name));
  const samples = new Map<string, number[]>(live.map((r) => [r.name, []]));
  for (let round = 0; round < rounds; round++)
    for (let q = 0; q < live.length; q++) {
      const r = live[(q + round) % live.length]!;
      const t = performance.now();
      await r.call();
      samples.get(r.name)!.push(performance.now() - t);
    }
  for (const r of runners) {
    const ms = samples.get(r.name) ?? [];
    const m = ms.length > 0 ? median(ms) : null;
    rows.push({
      n,
      runner: r.name,
      medianMs: m,
      samplesMs: ms,
      gflops: m === null ? null : (2 * n ** 3) / m / 1e6,
      problem: problems.get(r.name) ?? null,
    });
  }
}

const lines = [
  `numbat webgpu gemm bench (issue 14) on ${device}; f32, ${rounds} interleaved rounds, medians`,
  `${'runner'.padEnd(28)}${sizes.map((n) => String(n).padStart(24)).join('')}`,
];
for (const name of [...new Set(rows.map((r) => r.runner))]) {
  const cells = sizes.map((n) => {
    const r = rows.find((x) => x.n === n && x.runner === name)!;
    const text =
      r.problem ??
      `${r.gflops!.toFixed(r.gflops! < 10 ? 2 : 0)} GFLOP/s (${r.medianMs!.toFixed(2)} ms)`;
    return ` ${text.padStart(23)}`;
  });
  lines.push(`${name.padEnd(28)}${cells.join('')}`);
}
for (const n of sizes) {
  const tiled = rows.find((r) => r.n === n && r.runner === 'gemm (tiled), resident');
  const plain = rows.find((r) => r.n === n && r.runner === 'naive kernel, resident');
  if (tiled?.medianMs && plain?.medianMs)
    lines.push(`  ${n}: tiled ${(plain.medianMs / tiled.medianMs).toFixed(2)}× the naive kernel`);
}
console.log(lines.join('\n'));
console.log(JSON.stringify({ device, sizes, rounds, rows }));
process.exitCode = rows.some((r) => r.problem !== null) ? 1 : 0;
