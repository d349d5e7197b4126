// overhead.ts — the two fixed costs of issue 2's goals: launch overhead of a 1-element
// kernel (per backend) and the first call of a fresh ~30-line kernel (parse, infer,
// codegen, compile and one launch).

import { type BackendName, kernel } from './numbat.js';
import { type Timing, measurePerCall, summarize } from './harness.js';
import { allocate } from './data.js';

/** Median per-launch cost of a 1-element kernel on `backend`, in µs (Timing fields hold µs). */
export async function measureLaunchOverhead(backend: BackendName, scale: number): Promise<Timing> {
  const bump = kernel(
    (i: number, a: Float32Array) => {
      a[i] = a[i]! + 1;
    },
    { backend: backend },
  );
  const cell = allocate(Float32Array, 1);
  const perBatch = Math.max(100, Math.round(1000 * Math.min(1, scale * 10)));
  const timing = await measurePerCall(() => bump.launch(1, cell), {
    warmupCalls: perBatch,
    perBatch,
    batches: 10,
  });
  const launches = perBatch * 11;
  if (cell[0] !== launches) {
    throw new Error(
      `launch overhead on ${backend}: ${launches} launches incremented the cell to ${cell[0]}`,
    );
  }
  return timing;
}

/**
 * Source of a ~30-line kernel whose text depends on `variant` (a constant inside), so no
 * compile cache can recognise an earlier one.
 */
export function firstCallKernelSource(variant: number): string {
  return `(i, pos, vel, out, dt, steps) => {
  const damping = ${(0.5 + variant * 1e-6).toFixed(9)};
  let x = pos[i];
  let v = vel[i];
  let energy = 0;
  let bounces = 0;
  for (let s = 0; s < steps; s++) {
    const force = -x * 0.25 - v * damping;
    v = v + force * dt;
    x = x + v * dt;
    if (x > 1) {
      x = 2 - x;
      v = -v;
      bounces++;
    } else if (x < -1) {
      x = -2 - x;
      v = -v;
      bounces++;
    }
    const kinetic = 0.5 * v * v;
    const potential = 0.125 * x * x;
    energy = Math.max(energy, kinetic + potential);
    if (energy > 1e6) {
      break;
    }
  }
  let weight = 1;
  for (let b = 0; b < bounces; b++) weight *= 0.5;
  const angle = Math.atan2(v, x);
  out[i] = energy * weight + Math.abs(Math.sin(angle)) * 0.001 + (bounces % 3);
  pos[i] = x;
  vel[i] = v;
}`;
}

/** How many source lines the first-call kernel has (for the report). */
export const FIRST_CALL_KERNEL_LINES = firstCallKernelSource(0).split('\n').length;

/**
 * Time from `kernel(fn)` through the end of the first launch (16 elements) of a fresh
 * kernel, `runs` times, each with new function text, after `warmups` untimed ones (so
 * V8 has compiled numbat's own compiler: the figure is the per-kernel cost). Milliseconds.
 */
export async function measureFirstCall(
  backend: BackendName,
  runs: number,
  warmups: number,
  variantBase: number,
): Promise<Timing> {
  const n = 16;
  const samples: number[] = [];
  for (let run = -warmups; run < runs; run++) {
    // Inputs are built before the clock starts; only numbat's work is timed.
    const fn = new Function(`return ${firstCallKernelSource(variantBase + run + warmups)};`)() as (
      ...args: never[]
    ) => void;
    const pos = allocate(Float32Array, n).fill(0.5);
    const vel = allocate(Float32Array, n).fill(0.25);
    const out = allocate(Float32Array, n);
    const start = performance.now();
    const fresh = kernel(fn, { backend: backend });
    await fresh.launch(n, pos, vel, out, 0.01, 20);
    if (run >= 0) samples.push(performance.now() - start);
    if (!Number.isFinite(out[0]))
      throw new Error(`first call on ${backend}: the kernel wrote ${out[0]}`);
  }
  return summarize(samples, warmups);
}
