// soak.ts — `npm run soak`: a long run under load. 100,000 launches (SOAK_LAUNCHES) of mixed
// kernels and sizes on every backend available here, issued 1,000 at a time without
// waiting (SOAK_IN_FLIGHT), with toDevice/dispose churn between them. Every result is
// checked exactly (the data are small integers, exact in f32 on every backend). Memory —
// RSS, the shared wasm heap, WebGPU's resident arrays and buffer pool — is read after a
// warm-up (the first tenth) and at the end, and must stay within 5% (+ 8 MiB for small numbers). The
// process is then left to exit on its own: it does, or the run never ends.

import {
  atomicAdd,
  backends,
  kernel,
  memoryUsage,
  NDArray,
  toDevice,
  type BackendName,
} from '../src/index.js';

const LAUNCHES = Number(process.env['SOAK_LAUNCHES'] ?? 100_000);
const IN_FLIGHT = Number(process.env['SOAK_IN_FLIGHT'] ?? 1_000);
const TOLERANCE = 0.05;
const SLACK_MIB = 8;

const saxpy = kernel(
  (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
    out[i] = a * x[i]! + y[i]!;
  },
  { name: 'saxpy' },
);
const sum = kernel((i: number, x: Float32Array) => x[i]!, { name: 'sum', reduce: 'sum' });
const histogram = kernel(
  (i: number, x: Int32Array, bins: Int32Array) => {
    atomicAdd(bins, x[i]! & 15, 1);
  },
  { name: 'histogram' },
);
const grid2d = kernel(
  (r: number, c: number, out: Int32Array, w: number) => {
    out[r * w + c] = r * 3 - c;
  },
  { name: 'grid2d' },
);

/** Each kernel forced onto each backend, made once (`with` returns a new kernel with its own caches). */
const forced = new Map<string, ReturnType<typeof kernel>>();
function on(k: ReturnType<typeof kernel>, backend: BackendName): ReturnType<typeof kernel> {
  const key = `${k.name}@${backend}`;
  let f = forced.get(key);
  if (!f) forced.set(key, (f = k.with({ backend })));
  return f;
}

/** One launch and how to check it. */
interface Job {
  run(): Promise<unknown>;
  check(value: unknown): string | null;
}

function makeJob(backend: BackendName, k: number, resident: NDArray | null): Job {
  const n = [1, 7, 64, 1000, 4097, 30_000][k % 6]!;
  switch (k % 4) {
    case 0: {
      const x = Float32Array.from({ length: n }, (_, i) => i % 13);
      const y = Float32Array.from({ length: n }, (_, i) => i % 5);
      const out = new Float32Array(n);
      return {
        run: () => on(saxpy, backend).launch(n, 3, x, y, out),
        check: () => {
          for (let i = 0; i < n; i++)
            if (out[i] !== 3 * (i % 13) + (i % 5)) return `saxpy[${i}] = ${out[i]}`;
          return null;
        },
      };
    }
    case 1: {
      const x =
        resident && resident.size >= n
          ? resident
          : Float32Array.from({ length: n }, (_, i) => i % 9);
      const m = x instanceof NDArray ? x.size : n;
      const expected = Array.from({ length: m }, (_, i) => i % 9).reduce((a, b) => a + b, 0);
      return {
        run: () => on(sum, backend).launch(m, x),
        check: (v) => (v === expected ? null : `sum = ${String(v)}, expected ${expected}`),
      };
    }
    case 2: {
      const x = Int32Array.from({ length: n }, (_, i) => i * 7);
      const bins = new Int32Array(16);
      return {
        run: () => on(histogram, backend).launch(n, x, bins),
        check: () => {
          const want = new Int32Array(16);
          for (let i = 0; i < n; i++) want[(i * 7) & 15]!++;
          return want.every((v, b) => v === bins[b])
            ? null
            : `histogram ${Array.from(bins).join(',')}`;
        },
      };
    }
    default: {
      const h = Math.max(1, Math.floor(Math.sqrt(n))),
        w = Math.max(1, Math.ceil(n / h));
      const out = new Int32Array(h * w);
      return {
        run: () => on(grid2d, backend).launch([h, w], out, w),
        check: () => {
          for (let r = 0; r < h; r++)
            for (let c = 0; c < w; c++)
              if (out[r * w + c] !== r * 3 - c) return `grid2d[${r},${c}]`;
          return null;
        },
      };
    }
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function snapshot(): Record<string, number> {
  const m = memoryUsage();
  return {
    rss: process.memoryUsage().rss,
    heap: m.heapInUseBytes,
    heapSize: m.heapBytes,
    gpuResident: m.gpuResidentBytes,
    gpuPool: m.gpuPoolBytes,
  };
}

async function main(): Promise<void> {
  const available = (await backends()).filter((b) => b.available).map((b) => b.name);
  for (const b of await backends())
    if (!b.available) console.log(`soak: ${b.name} skipped: ${b.reason}`);
  let launched = 0;
  let failures = 0;
  let baseline: Record<string, number> | undefined;
  const started = performance.now();
  const rounds = Math.ceil(LAUNCHES / IN_FLIGHT);
  // Memory is compared from the end of the warm-up (a tenth of the run: V8 tiers code up,
  // pools and caches fill) to the end.
  const warmupRounds = Math.max(1, Math.round(rounds / 10));
  for (let round = 0; round < rounds; round++) {
    const count = Math.min(IN_FLIGHT, LAUNCHES - launched);
    // Churn: one resident array per backend per round, used by some launches, then disposed.
    const resident = new Map<BackendName, NDArray>();
    for (const b of available)
      resident.set(
        b,
        await toDevice(
          Float32Array.from({ length: 2000 }, (_, i) => i % 9),
          b,
        ),
      );
    const jobs = Array.from({ length: count }, (_, k) => {
      const backend = available[(launched + k) % available.length]!;
      return makeJob(
        backend,
        launched + k,
        (launched + k) % 3 === 0 ? resident.get(backend)! : null,
      );
    });
    const results = await Promise.allSettled(jobs.map((j) => j.run()));
    results.forEach((r, k) => {
      const problem =
        r.status === 'rejected'
          ? `rejected: ${String((r.reason as Error)?.message ?? r.reason)}`
          : jobs[k]!.check(r.value);
      if (problem && failures++ < 10) console.log(`soak: launch ${launched + k}: ${problem}`);
    });
    for (const d of resident.values()) d.dispose();
    launched += count;
    if (round === warmupRounds - 1) baseline = snapshot();
    if (round % 10 === 9 || round === rounds - 1) {
      const s = snapshot();
      console.log(
        `soak: ${launched} launches, ${((performance.now() - started) / 1000).toFixed(1)} s, rss ${mib(s.rss!)}, heap in use ${mib(s.heap!)}, gpu resident ${mib(s.gpuResident!)}, gpu pool ${mib(s.gpuPool!)}`,
      );
    }
  }
  const end = snapshot();
  const lines: string[] = [];
  let flat = true;
  for (const key of ['rss', 'heapSize', 'heap', 'gpuResident', 'gpuPool'] as const) {
    const before = baseline![key]!;
    const after = end[key]!;
    const ok = after <= before * (1 + TOLERANCE) + SLACK_MIB * 2 ** 20;
    flat &&= ok;
    lines.push(`${key} ${mib(before)} → ${mib(after)}${ok ? '' : ' (GREW)'}`);
  }
  console.log(`soak: memory after warm-up → end: ${lines.join(', ')}`);
  console.log(
    `soak: ${launched} launches on ${available.join(', ')}, ${failures} wrong or failed, memory ${flat ? 'flat' : 'NOT flat'}`,
  );
  process.exitCode = failures === 0 && flat ? 0 : 1;
  // No shutdown: the process must exit by itself.
}

await main();
