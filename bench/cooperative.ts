// cooperative.ts — the bench of issue 13 (cooperative kernels), `BENCH_ONLY=cooperative`:
// side by side in one run, interleaved rounds, medians after warm-up, arrays resident on
// the backend (toDevice), every result checked before it is timed.
//
//   1. workgroup sum: API.md's blockSum (256 invocations, a tree in shared memory) over
//      2^24 f32 against the flat `reduce: 'sum'` kernel over the same data, on wasm and on
//      webgpu (goals: ≥ 0.5× on wasm, ≥ 0.8× on webgpu; 2^20 on webgpu unless
//      BENCH_GPU_FULL=1, see runCooperative);
//   2. shared-tile matmul (16×16 tiles) against the naive flat matmul, 1024² f32, on webgpu
//      (reported; below 1, the note says why);
//   3. compile time of a cooperative kernel on wasm against a flat kernel of the same
//      length (goal ≤ 2×): fresh kernel() + first launch on a tiny grid, medians.
// BENCH_SCALE scales the sizes (powers of two kept).

import {
  type BackendName,
  backends,
  barrier,
  f32,
  groupId,
  kernel,
  localId,
  type NDArray,
  shared,
  toDevice,
} from './numbat.js';
import { median } from './harness.js';
import { formatTable } from './report.js';

/** out[g] = Σ x over workgroup g (API.md's example). */
const blockSum = (i: number, x: Float32Array, out: Float32Array): void => {
  const tile = shared(Float32Array, 256);
  const l = localId();
  tile[l] = i < x.length ? x[i]! : 0;
  barrier();
  for (let s = 128; s > 0; s >>= 1) {
    if (l < s) tile[l] = tile[l]! + tile[l + s]!;
    barrier();
  }
  if (l === 0) out[groupId()] = tile[0]!;
};
const flatSum = (i: number, x: Float32Array): number => x[i]!;

/** c = a·b, n×n, 16×16 tiles of a and b in shared memory. */
const tiledMatmul = (
  r: number,
  c: number,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  n: number,
): void => {
  const ta = shared(Float32Array, 256);
  const tb = shared(Float32Array, 256);
  const ly = localId(0);
  const lx = localId(1);
  let acc = f32(0);
  for (let t = 0; t < n; t += 16) {
    ta[ly * 16 + lx] = r < n && t + lx < n ? a[r * n + t + lx]! : 0;
    tb[ly * 16 + lx] = c < n && t + ly < n ? b[(t + ly) * n + c]! : 0;
    barrier();
    for (let k = 0; k < 16; k++) acc = f32(acc + f32(ta[ly * 16 + k]! * tb[k * 16 + lx]!));
    barrier();
  }
  if (r < n && c < n) out[r * n + c] = acc;
};
const naiveMatmul = (
  r: number,
  c: number,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  n: number,
): void => {
  let acc = f32(0);
  for (let k = 0; k < n; k++) acc = f32(acc + f32(a[r * n + k]! * b[k * n + c]!));
  out[r * n + c] = acc;
};

/**
 * Times `runs` in interleaved rounds; returns each one's median ms. Stops after `rounds`
 * timed rounds, or after 3 once the rounds have taken `budgetMs` (SwiftShader on a busy
 * machine can take seconds per launch).
 */
async function interleaved(
  runs: readonly (() => Promise<unknown>)[],
  rounds: number,
  warmup: number,
  budgetMs = 60_000,
): Promise<number[]> {
  const samples = runs.map(() => [] as number[]);
  const start = performance.now();
  for (let r = 0; r < warmup + rounds; r++) {
    if (r >= warmup + 3 && performance.now() - start > budgetMs) break;
    for (const [k, run] of runs.entries()) {
      const t = performance.now();
      await run();
      if (r >= warmup) samples[k]!.push(performance.now() - t);
    }
  }
  return samples.map(median);
}

function check(what: string, got: number, want: number, tolerance: number): void {
  if (!(Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want))))
    throw new Error(`bench cooperative: ${what} is ${got}, expected ${want}`);
}

interface Goal {
  readonly goal: string;
  readonly ratio: number | null;
  readonly target: number | null;
}

async function workgroupSum(backend: BackendName, n: number): Promise<Goal> {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = ((i * 7919) % 13) - 6;
  let exact = 0;
  for (const v of x) exact += v;
  const coop = kernel(blockSum, { workgroup: 256, backend });
  const flat = kernel(flatSum, { reduce: 'sum', backend });
  const dx = await toDevice(x, backend);
  const groups = Math.ceil(n / 256);
  const out = (await toDevice(new Float32Array(groups), backend)) as NDArray;
  // Checked first: every partial is a sum of small integers (exact in f32).
  await coop.launch(n, dx, out);
  const partials = (await out.toHost()) as Float32Array;
  let total = 0;
  for (const v of partials) total += v;
  check(`${backend} workgroup sum`, total, exact, 0);
  check(`${backend} flat sum`, (await flat.launch(n, dx)) as number, exact, 1e-6);
  // Both timed to a settled result on the host side: the flat reduction resolves to its
  // number, the workgroup sum to its partials (a 2^16-element read-back, which favours the
  // flat kernel slightly; it is what a user of either needs).
  const [coopMs, flatMs] = await interleaved(
    [async () => coop.launch(n, dx, out).then(() => out.toHost()), () => flat.launch(n, dx)],
    9,
    backend === 'webgpu' ? 1 : 3,
  );
  console.log(
    `  workgroup sum on ${backend}: ${coopMs!.toFixed(2)} ms, flat reduce ${flatMs!.toFixed(2)} ms (${n} f32)`,
  );
  dx.dispose();
  out.dispose();
  return {
    goal: `workgroup sum 2^${Math.log2(n)} f32 on ${backend} vs flat reduce`,
    ratio: flatMs! / coopMs!,
    target: backend === 'wasm' ? 0.5 : 0.8,
  };
}

async function matmulTiles(n: number): Promise<Goal> {
  const a = new Float32Array(n * n);
  const b = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) {
    a[i] = ((i * 31) % 17) - 8;
    b[i] = ((i * 13) % 11) - 5;
  }
  const tiled = kernel(tiledMatmul, { workgroup: [16, 16], backend: 'webgpu' });
  const naive = kernel(naiveMatmul, { backend: 'webgpu' });
  const [da, db] = [await toDevice(a, 'webgpu'), await toDevice(b, 'webgpu')];
  const o1 = (await toDevice(new Float32Array(n * n), 'webgpu')) as NDArray;
  const o2 = (await toDevice(new Float32Array(n * n), 'webgpu')) as NDArray;
  await tiled.launch([n, n], da, db, o1, n);
  await naive.launch([n, n], da, db, o2, n);
  const [h1, h2] = [(await o1.toHost()) as Float32Array, (await o2.toHost()) as Float32Array];
  // Integer-valued products and sums under 2^24: both exact, so equal element for element.
  for (const r of [0, 1, n >> 1, n - 1]) {
    for (const c of [0, 3, n - 1]) {
      let want = 0;
      for (let k = 0; k < n; k++) want += a[r * n + k]! * b[k * n + c]!;
      check(`tiled matmul [${r}, ${c}]`, h1[r * n + c]!, want, 0);
      check(`naive matmul [${r}, ${c}]`, h2[r * n + c]!, want, 0);
    }
  }
  const [tiledMs, naiveMs] = await interleaved(
    [
      async () => tiled.launch([n, n], da, db, o1, n).then(() => o1.toHost()),
      async () => naive.launch([n, n], da, db, o2, n).then(() => o2.toHost()),
    ],
    5,
    1,
  );
  console.log(
    `  matmul ${n}² f32 on webgpu: 16×16 shared tiles ${tiledMs!.toFixed(1)} ms, naive ${naiveMs!.toFixed(1)} ms`,
  );
  for (const d of [da, db, o1, o2]) d.dispose();
  return {
    goal: `shared-tile matmul ${n}² f32 on webgpu vs naive`,
    ratio: naiveMs! / tiledMs!,
    target: null,
  };
}

/** A flat kernel of the same length as blockSum (11 lines, a loop, a guarded store). */
const flatSameLength = (i: number, x: Float32Array, out: Float32Array): void => {
  let v = i < x.length ? x[i]! : 0;
  let w = 0;
  for (let s = 128; s > 0; s >>= 1) {
    if ((i & s) !== 0) w = w + v * s;
    v = v * 0.5;
  }
  if ((i & 255) === 0) out[i >> 8] = w + v;
};

async function compileTime(): Promise<Goal> {
  const x = new Float32Array(256);
  const out = new Float32Array(1);
  const first = async (fn: typeof blockSum, options: object): Promise<number> => {
    const t = performance.now();
    // A fresh kernel() each time: nothing is cached between definitions.
    await kernel(fn, { backend: 'wasm', ...options }).launch(256, x, out);
    return performance.now() - t;
  };
  const [coopMs, flatMs] = await interleaved(
    [() => first(blockSum, { workgroup: 256 }), () => first(flatSameLength, {})],
    9,
    2,
  );
  console.log(
    `  compile + first launch on wasm: cooperative ${coopMs!.toFixed(1)} ms, flat of the same length ${flatMs!.toFixed(1)} ms`,
  );
  return {
    goal: 'compile time on wasm, cooperative ÷ flat (lower is better)',
    ratio: coopMs! / flatMs!,
    target: 2,
  };
}

/** Runs the cooperative-kernel bench and prints its goals. */
export async function runCooperative(scale: number): Promise<void> {
  const available = new Set((await backends()).filter((b) => b.available).map((b) => b.name));
  const n = 2 ** Math.max(12, Math.round(24 + Math.log2(scale)));
  const m = 2 ** Math.max(6, Math.round(10 + Math.log2(scale) / 2));
  console.log(`\ncooperative kernels (issue 13): resident arrays, interleaved rounds, medians`);
  const goals: Goal[] = [];
  // WebGPU here is SwiftShader on the CPU, where a 2^24 workgroup sum takes tens of seconds
  // per launch on a busy machine: 2^20 there unless BENCH_GPU_FULL=1 (a real GPU).
  const gpuN = process.env.BENCH_GPU_FULL === '1' ? n : Math.min(n, 2 ** 20);
  for (const backend of ['wasm', 'webgpu'] as const) {
    if (available.has(backend))
      goals.push(await workgroupSum(backend, backend === 'webgpu' ? gpuN : n));
    else console.log(`  ${backend}: unavailable here, skipped`);
  }
  if (available.has('webgpu')) goals.push(await matmulTiles(m));
  goals.push(await compileTime());
  const rows = [
    ['goal', 'ratio', 'target', ''],
    ...goals.map((g) => {
      const lowerIsBetter = g.goal.includes('lower is better');
      const met =
        g.ratio === null || g.target === null
          ? ''
          : (lowerIsBetter ? g.ratio <= g.target : g.ratio >= g.target)
            ? 'PASS'
            : 'MISS';
      return [
        g.goal,
        g.ratio === null ? '—' : `${g.ratio.toFixed(2)}×`,
        g.target === null ? 'report' : `${lowerIsBetter ? '≤' : '≥'} ${g.target}×`,
        met,
      ];
    }),
  ];
  console.log(formatTable(rows, ['left', 'right', 'right', 'left']));
}
