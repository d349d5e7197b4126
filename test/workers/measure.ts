// measure.ts — a one-off measurement of the workers backend (not a test): launch overhead
// of a 1-element kernel and speedup over one thread on Mandelbrot and Monte Carlo pi.
// Run: npx esbuild test/workers/measure.ts --bundle --platform=node --format=esm \
//        --outfile=/tmp/numbat-measure.mjs && node /tmp/numbat-measure.mjs

import { WorkersBackend } from '../../src/backends/workers/workersBackend.js';
import { instantiateJs } from '../../src/jit/codegen/jsAbi.js';
import { MANDELBROT, MONTE_CARLO, SAXPY, irKernel } from './kernels.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const backend = new WorkersBackend();
  console.log('probe', await backend.probe());

  // Launch overhead: 1-element saxpy on plain typed arrays.
  const saxpy = backend.compileSource(
    irKernel(
      'saxpy',
      [
        { name: 'x', dtype: 'f32', written: false },
        { name: 'y', dtype: 'f32', written: true },
      ],
      ['a'],
    ),
    SAXPY,
  );
  const x = new Float32Array(1).fill(1);
  const y = new Float32Array(1);
  const args = {
    buffers: [
      { kind: 'host' as const, data: x },
      { kind: 'host' as const, data: y },
    ],
    scalars: [2],
    grid: [1],
    total: 1,
  };
  for (let i = 0; i < 2000; i++) await saxpy.run(args);
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t0 = performance.now();
    await saxpy.run(args);
    times.push(performance.now() - t0);
  }
  console.log(`launch overhead, 1 element: median ${(median(times) * 1000).toFixed(2)} µs`);

  // Pool dispatch round trip: a cheap 64-element kernel forced onto the pool (8 chunks).
  if (process.env.SKIP_DISPATCH !== '1') {
    const forced = new WorkersBackend({ parallelThresholdNs: 0 });
    const forcedSaxpy = forced.compileSource(
      irKernel(
        'saxpy',
        [
          { name: 'x', dtype: 'f32', written: false },
          { name: 'y', dtype: 'f32', written: true },
        ],
        ['a'],
      ),
      SAXPY,
    );
    const x64 = new Float32Array(forced.heap.buffer, forced.heap.alloc(256), 64);
    const y64 = new Float32Array(forced.heap.buffer, forced.heap.alloc(256), 64);
    const args64 = {
      buffers: [
        { kind: 'host' as const, data: x64 },
        { kind: 'host' as const, data: y64 },
      ],
      scalars: [2],
      grid: [64],
      total: 64,
    };
    for (let i = 0; i < 500; i++) await forcedSaxpy.run(args64);
    const dispatch: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      await forcedSaxpy.run(args64);
      dispatch.push(performance.now() - t0);
    }
    console.log(
      `pool dispatch, 64 elements in 8 chunks on heap arrays: median ${(median(dispatch) * 1000).toFixed(2)} µs`,
    );
    await forced.shutdown();
  }

  // Speedup on compute-bound kernels.
  const h = 600,
    w = 800,
    total = h * w;
  const mandel = backend.compileSource(
    irKernel('mandelbrot', [{ name: 'out', dtype: 'i32', written: true }], ['h', 'w', 'maxIter']),
    MANDELBROT,
  );
  const out = new Int32Array(total);
  const single = instantiateJs(MANDELBROT);
  const parTimes: number[] = [];
  const serTimes: number[] = [];
  let cpuMs = 0;
  for (let r = 0; r < 7; r++) {
    let t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await mandel.run({
      buffers: [{ kind: 'host', data: out }],
      scalars: [h, w, 1000],
      grid: [h, w],
      total,
    });
    parTimes.push(performance.now() - t0);
    cpuMs += process.cpuUsage(cpu0).user / 1000;
    t0 = performance.now();
    single.run([out], [h, w, 1000], 0, total);
    serTimes.push(performance.now() - t0);
  }
  console.log(
    `mandelbrot ${h}x${w}: workers ${median(parTimes).toFixed(1)} ms, single ${median(serTimes).toFixed(1)} ms, speedup ${(median(serTimes) / median(parTimes)).toFixed(2)}x, ` +
      `CPU time / wall time while on the pool ${(cpuMs / parTimes.reduce((a, b) => a + b, 0)).toFixed(2)}`,
  );

  const pi = backend.compileSource(
    irKernel('pi', [], ['seed'], { kind: 'sum', t: 'f64' }),
    MONTE_CARLO,
  );
  const piSingle = instantiateJs(MONTE_CARLO);
  const n = 20_000_000;
  const piPar: number[] = [];
  const piSer: number[] = [];
  let estimate = 0;
  for (let r = 0; r < 7; r++) {
    let t0 = performance.now();
    estimate = (4 * (await pi.run({ buffers: [], scalars: [7], grid: [n], total: n }))!) / n;
    piPar.push(performance.now() - t0);
    t0 = performance.now();
    piSingle.run([], [7], 0, n);
    piSer.push(performance.now() - t0);
  }
  console.log(
    `monte carlo pi (${n}): ${estimate}; workers ${median(piPar).toFixed(1)} ms, single ${median(piSer).toFixed(1)} ms, speedup ${(median(piSer) / median(piPar)).toFixed(2)}x`,
  );
}

await main();
