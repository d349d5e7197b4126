// measure.ts — quick single-run medians of the issue-3 wasm figures (not part of `npm run
// bench`): Mandelbrot f32, Monte Carlo π (f32 and f64 forms), saxpy, Σx², n-body, matmul,
// on device-resident arrays, plus the first-call time of a 30-line kernel.
//
// Run (the bundle must sit where node resolves the project's packages, e.g. dist/):
//   npx esbuild bench/wasm/measure.ts --bundle --platform=node --format=esm \
//     --outfile=dist/measure-wasm.mjs --packages=external && node dist/measure-wasm.mjs [backend] [case,…]
// `taskset -c 0 node …` gives the single-thread figures (the pool sizes itself to the CPUs).
//
// What limits each figure (2-core shared VM, wasm on 2 threads; see the listings):
// - saxpy f32 2^24, Σx² f64 1e7: DRAM bandwidth. The arrays (192 MB, 80 MB) do not fit in
//   cache; a plain memcpy here moves 10–16 GB/s. The SIMD loop is guard-free (one range
//   check per row segment), so 45 GB/s would need cache-resident data, not other code.
// - Mandelbrot f32: the escape loop's dependency chain (mul → add → compare → mask), now
//   fused over two vectors (8 pixels) so the chains overlap; ~16 SIMD ops per iteration
//   with no mask bookkeeping beyond exec &= cond (plain-exit loop, unmerged zr/zi,
//   iter − exec). Further: 3 vectors in flight, or FMA (relaxed-simd) where available.
// - Monte Carlo π f32: integer multiplies of the counter hash (2 × i32x4.mul per random,
//   pmulld is slow on x64) plus conversion; 4 samples per iteration. The f64 form runs
//   2 lanes (f64x2) and needs twice the hash work per sample.
// - n-body f32: f32x4.sqrt + f32x4.div per 4 interactions (no rsqrt in wasm SIMD without
//   relaxed-simd), plus 4 scalar loads + splats of body j; the loads are unguarded once
//   the loop bound is proven ≤ every array's length.
// - matmul 512 f32: the column walk b[step·n + col] is contiguous but guarded per vector
//   (its index involves the loop counter, not only grid indices), and each step reloads
//   a[row·n + step] as a scalar; no register blocking or tiling.
// - First call: wasm codegen in cold V8 (the first kernel of a process pays numbat's own
//   warm-up); compile + instantiate is ~1 ms.

import os from 'node:os';
import { type BackendName, f32, kernel, random, toDevice } from '../../src/index.js';

const backend = (process.argv[2] ?? 'wasm') as BackendName;
const only = process.argv[3]?.split(',');
const RUNS = Number(process.env.RUNS ?? 7);

async function median(launch: () => Promise<unknown>): Promise<number> {
  await launch();
  await launch();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await launch();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]! / 1000;
}

function report(name: string, seconds: number, work: number, unit: string): void {
  console.log(`${name.padEnd(26)} ${(seconds * 1e3).toFixed(2).padStart(9)} ms  ${(work / seconds / 1e9).toFixed(2).padStart(7)} ${unit}`);
}

function filled(n: number, f: (k: number) => number): Float32Array {
  return new Float32Array(n).map((_, k) => f(k));
}

const cases: Record<string, () => Promise<void>> = {
  async mandelbrot() {
    const side = 1024;
    const maxIter = 256;
    const xs = await toDevice(filled(side, (k) => -2 + (3 * k) / side), backend);
    const ys = await toDevice(filled(side, (k) => -1.5 + (3 * k) / side), backend);
    const out = await toDevice(new Int32Array(side * side), backend);
    const k = kernel((row: number, col: number, out: Int32Array, xs: Float32Array, ys: Float32Array, maxIter: number) => {
      const cr = xs[col]!;
      const ci = ys[row]!;
      let zr = f32(0);
      let zi = f32(0);
      let iter = 0;
      while (iter < maxIter) {
        const zr2 = zr * zr;
        const zi2 = zi * zi;
        if (zr2 + zi2 > 4) break;
        const nextZr = zr2 - zi2 + cr;
        zi = 2 * zr * zi + ci;
        zr = nextZr;
        iter++;
      }
      out[row * xs.length + col] = iter;
    }, { backend });
    const seconds = await median(() => k.launch([side, side], out, xs, ys, maxIter));
    const counts = (await out.toHost()) as Int32Array;
    let total = 0;
    for (let i = 0; i < counts.length; i++) total += counts[i]!;
    report('mandelbrot f32 1024²×256', seconds, total, 'G it/s');
  },
  async pi() {
    const samples = 1e8;
    const k = kernel((i: number, seed: number) => {
      const x = f32(random(seed, 2 * i));
      const y = f32(random(seed, 2 * i + 1));
      return x * x + y * y < 1 ? 1 : 0;
    }, { reduce: 'sum', backend });
    report('pi f32 1e8', await median(() => k.launch(samples, 12345)), samples, 'G samples/s');
  },
  async pi64() {
    const samples = 1e8;
    const k = kernel((i: number, seed: number) => {
      const x = random(seed, 2 * i);
      const y = random(seed, 2 * i + 1);
      return x * x + y * y < 1 ? 1 : 0;
    }, { reduce: 'sum', backend });
    report('pi f64 1e8', await median(() => k.launch(samples, 12345)), samples, 'G samples/s');
  },
  async saxpy() {
    const n = 2 ** 24;
    const x = await toDevice(filled(n, (k) => Math.sin(k)), backend);
    const y = await toDevice(filled(n, (k) => Math.cos(k)), backend);
    const out = await toDevice(new Float32Array(n), backend);
    const k = kernel((i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
      out[i] = a * x[i]! + y[i]!;
    }, { backend });
    report('saxpy f32 2^24', await median(() => k.launch(n, 2.5, x, y, out)), 12 * n, 'GB/s');
  },
  async sumsq() {
    const n = 1e7;
    const x = await toDevice(new Float64Array(n).map((_, k) => Math.sin(k)), backend);
    const k = kernel((i: number, x: Float64Array) => x[i]! * x[i]!, { reduce: 'sum', backend });
    report('sumsq f64 1e7', await median(() => k.launch(n, x)), 8 * n, 'GB/s');
  },
  async nbody() {
    const n = 4096;
    const arrays = await Promise.all(Array.from({ length: 13 }, (_, a) => toDevice(filled(n, (k) => (a < 7 ? Math.sin(k * (a + 1)) : 0)), backend)));
    const k = kernel((
      i: number, px: Float32Array, py: Float32Array, pz: Float32Array, vx: Float32Array, vy: Float32Array, vz: Float32Array,
      mass: Float32Array, npx: Float32Array, npy: Float32Array, npz: Float32Array, nvx: Float32Array, nvy: Float32Array,
      nvz: Float32Array, dt: number, softening2: number,
    ) => {
      const xi = px[i]!;
      const yi = py[i]!;
      const zi = pz[i]!;
      let ax = f32(0);
      let ay = f32(0);
      let az = f32(0);
      for (let j = 0; j < px.length; j++) {
        const dx = px[j]! - xi;
        const dy = py[j]! - yi;
        const dz = pz[j]! - zi;
        const distSq = dx * dx + dy * dy + dz * dz + softening2;
        const invDist = 1 / Math.sqrt(distSq);
        const strength = mass[j]! * invDist * invDist * invDist;
        ax += dx * strength;
        ay += dy * strength;
        az += dz * strength;
      }
      const vxi = vx[i]! + ax * dt;
      const vyi = vy[i]! + ay * dt;
      const vzi = vz[i]! + az * dt;
      nvx[i] = vxi;
      nvy[i] = vyi;
      nvz[i] = vzi;
      npx[i] = xi + vxi * dt;
      npy[i] = yi + vyi * dt;
      npz[i] = zi + vzi * dt;
    }, { backend });
    report('nbody f32 4096', await median(() => k.launch(n, ...arrays, 0.001, 0.01)), n * n, 'G int/s');
  },
  async firstcall() {
    // The n-body step above is a 30-line kernel: time its first launch (parse, IR, wasm
    // codegen, compile, instantiate, one tiny run) against a second launch.
    const n = 64;
    const arrays = Array.from({ length: 13 }, () => new Float32Array(n).fill(0.5));
    const k = kernel((
      i: number, px: Float32Array, py: Float32Array, pz: Float32Array, vx: Float32Array, vy: Float32Array, vz: Float32Array,
      mass: Float32Array, npx: Float32Array, npy: Float32Array, npz: Float32Array, nvx: Float32Array, nvy: Float32Array,
      nvz: Float32Array, dt: number, softening2: number,
    ) => {
      const xi = px[i]!;
      const yi = py[i]!;
      const zi = pz[i]!;
      let ax = f32(0);
      let ay = f32(0);
      let az = f32(0);
      for (let j = 0; j < px.length; j++) {
        const dx = px[j]! - xi;
        const dy = py[j]! - yi;
        const dz = pz[j]! - zi;
        const invDist = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz + softening2);
        const strength = mass[j]! * invDist * invDist * invDist;
        ax += dx * strength;
        ay += dy * strength;
        az += dz * strength;
      }
      nvx[i] = vx[i]! + ax * dt;
      nvy[i] = vy[i]! + ay * dt;
      nvz[i] = vz[i]! + az * dt;
      npx[i] = xi + nvx[i]! * dt;
      npy[i] = yi + nvy[i]! * dt;
      npz[i] = zi + nvz[i]! * dt;
    }, { backend });
    // A different small kernel first, so the figure below is for a codegen that has
    // already run once in this process (the very first kernel also pays V8's warm-up of
    // numbat's own code, reported separately).
    const warm = kernel((i: number, x: Float32Array, y: Float32Array) => {
      y[i] = x[i]! * 2 + 1;
    }, { backend });
    const tw = performance.now();
    await warm.launch(n, arrays[0]!, arrays[1]!);
    console.log(`${'first kernel of process'.padEnd(26)} ${(performance.now() - tw).toFixed(2).padStart(9)} ms  (4-line kernel, cold codegen)`);
    const t0 = performance.now();
    await k.launch(n, ...arrays, 0.001, 0.01);
    const first = performance.now() - t0;
    const t1 = performance.now();
    await k.launch(n, ...arrays, 0.001, 0.01);
    const second = performance.now() - t1;
    console.log(`${'first call (30 lines)'.padEnd(26)} ${first.toFixed(2).padStart(9)} ms  (second call ${second.toFixed(2)} ms)`);
  },
  async matmul() {
    const n = 512;
    const a = await toDevice(filled(n * n, (k) => Math.sin(k)), backend);
    const b = await toDevice(filled(n * n, (k) => Math.cos(k)), backend);
    const c = await toDevice(new Float32Array(n * n), backend);
    const k = kernel((row: number, col: number, a: Float32Array, b: Float32Array, c: Float32Array, n: number) => {
      let acc = f32(0);
      for (let step = 0; step < n; step++) acc += a[row * n + step]! * b[step * n + col]!;
      c[row * n + col] = acc;
    }, { backend });
    report('matmul f32 512', await median(() => k.launch([n, n], a, b, c, n)), 2 * n * n * n, 'GFLOP/s');
  },
};

console.log(`backend ${backend}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${RUNS} runs (median)`);
for (const [name, run] of Object.entries(cases)) {
  if (only && !only.includes(name)) continue;
  await run();
}
console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
