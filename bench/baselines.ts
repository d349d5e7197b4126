// baselines.ts — the hand-written, single-thread JavaScript loops each bench case is
// compared with: what a JavaScript programmer writes for the same computation.
//
// The loops use ordinary JS numbers (f64) and store into Float32Arrays, as people do. A
// numbat kernel on f32 data computes in f32 (API.md, "Precision"), i.e. rounds after
// every operation; so for the f32 cases with long accumulations (matmul, n-body) there is
// also an "exact" loop with Math.fround after every operation: the same arithmetic as the
// kernel, which shows what f32 semantics cost in JavaScript. Mandelbrot has only the
// Math.fround loop: its iteration counts are compared exactly, and f64 math would change
// them.

import { random } from './numbat.js';

/** out[i] = a·x[i] + y[i]. */
export function saxpyPlain(a: number, x: Float32Array, y: Float32Array, out: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    out[i] = a * x[i]! + y[i]!;
  }
}

/** Σ x[i]². */
export function sumOfSquaresPlain(x: Float64Array): number {
  let sum = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const value = x[i]!;
    sum += value * value;
  }
  return sum;
}

/** How many of `samples` points (random(seed, 2i), random(seed, 2i + 1)) fall inside the unit circle. */
export function monteCarloPiPlain(samples: number, seed: number): number {
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    const x = random(seed, 2 * i);
    const y = random(seed, 2 * i + 1);
    if (x * x + y * y < 1) inside++;
  }
  return inside;
}

/** The same count with the samples and their arithmetic in f32 (`f32(random(…))` kernels). */
export function monteCarloPiPlainF32(samples: number, seed: number): number {
  const fround = Math.fround;
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    const x = fround(random(seed, 2 * i));
    const y = fround(random(seed, 2 * i + 1));
    if (fround(fround(x * x) + fround(y * y)) < 1) inside++;
  }
  return inside;
}

/**
 * Escape-time Mandelbrot in f32 math at the points (xs[col], ys[row]); out[row·width + col]
 * is the number of iterations made (maxIter when the point did not escape).
 */
export function mandelbrotPlain(
  out: Int32Array,
  xs: Float32Array,
  ys: Float32Array,
  maxIter: number,
): void {
  const fround = Math.fround;
  const width = xs.length;
  const height = ys.length;
  for (let row = 0; row < height; row++) {
    const ci = ys[row]!;
    for (let col = 0; col < width; col++) {
      const cr = xs[col]!;
      let zr = 0;
      let zi = 0;
      let iter = 0;
      while (iter < maxIter) {
        const zr2 = fround(zr * zr);
        const zi2 = fround(zi * zi);
        if (fround(zr2 + zi2) > 4) break;
        const nextZr = fround(fround(zr2 - zi2) + cr);
        zi = fround(fround(2 * zr * zi) + ci);
        zr = nextZr;
        iter++;
      }
      out[row * width + col] = iter;
    }
  }
}

/** The f32 sample points of the Mandelbrot image: `count` points spread over [from, to). */
export function mandelbrotAxis(count: number, from: number, to: number): Float32Array {
  const axis = new Float32Array(count);
  for (let k = 0; k < count; k++) axis[k] = from + ((to - from) * k) / count;
  return axis;
}

/** c = a · b for n×n row-major matrices. */
export function matmulPlain(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      let acc = 0;
      for (let k = 0; k < n; k++) {
        acc += a[row * n + k]! * b[k * n + col]!;
      }
      c[row * n + col] = acc;
    }
  }
}

/** matmulPlain with Math.fround after every operation: the kernel's f32 arithmetic. */
export function matmulPlainFround(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  n: number,
): void {
  const fround = Math.fround;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      let acc = 0;
      for (let k = 0; k < n; k++) {
        acc = fround(acc + fround(a[row * n + k]! * b[k * n + col]!));
      }
      c[row * n + col] = acc;
    }
  }
}

/** Positions, velocities and masses of n bodies, one Float32Array per component. */
export interface Bodies {
  readonly px: Float32Array;
  readonly py: Float32Array;
  readonly pz: Float32Array;
  readonly vx: Float32Array;
  readonly vy: Float32Array;
  readonly vz: Float32Array;
  readonly mass: Float32Array;
}

/**
 * One leapfrog-style step of softened all-pairs gravity: every body's acceleration from
 * all bodies (the self term vanishes: dx = 0), then v += a·dt, p += v·dt, written to `next`.
 */
export function nbodyStepPlain(bodies: Bodies, next: Bodies, dt: number, softening2: number): void {
  const { px, py, pz, vx, vy, vz, mass } = bodies;
  const n = px.length;
  for (let i = 0; i < n; i++) {
    const xi = px[i]!;
    const yi = py[i]!;
    const zi = pz[i]!;
    let ax = 0;
    let ay = 0;
    let az = 0;
    for (let j = 0; j < n; j++) {
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
    const nvx = vx[i]! + ax * dt;
    const nvy = vy[i]! + ay * dt;
    const nvz = vz[i]! + az * dt;
    next.vx[i] = nvx;
    next.vy[i] = nvy;
    next.vz[i] = nvz;
    next.px[i] = xi + nvx * dt;
    next.py[i] = yi + nvy * dt;
    next.pz[i] = zi + nvz * dt;
  }
}

/** nbodyStepPlain with Math.fround after every operation: the kernel's f32 arithmetic. */
export function nbodyStepPlainFround(
  bodies: Bodies,
  next: Bodies,
  dt: number,
  softening2: number,
): void {
  const fround = Math.fround;
  const { px, py, pz, vx, vy, vz, mass } = bodies;
  const n = px.length;
  const dt32 = fround(dt);
  const softening32 = fround(softening2);
  for (let i = 0; i < n; i++) {
    const xi = px[i]!;
    const yi = py[i]!;
    const zi = pz[i]!;
    let ax = 0;
    let ay = 0;
    let az = 0;
    for (let j = 0; j < n; j++) {
      const dx = fround(px[j]! - xi);
      const dy = fround(py[j]! - yi);
      const dz = fround(pz[j]! - zi);
      const distSq = fround(
        fround(fround(fround(dx * dx) + fround(dy * dy)) + fround(dz * dz)) + softening32,
      );
      const invDist = fround(1 / fround(Math.sqrt(distSq)));
      const strength = fround(fround(fround(mass[j]! * invDist) * invDist) * invDist);
      ax = fround(ax + fround(dx * strength));
      ay = fround(ay + fround(dy * strength));
      az = fround(az + fround(dz * strength));
    }
    const nvx = fround(vx[i]! + fround(ax * dt32));
    const nvy = fround(vy[i]! + fround(ay * dt32));
    const nvz = fround(vz[i]! + fround(az * dt32));
    next.vx[i] = nvx;
    next.vy[i] = nvy;
    next.vz[i] = nvz;
    next.px[i] = fround(xi + fround(nvx * dt32));
    next.py[i] = fround(yi + fround(nvy * dt32));
    next.pz[i] = fround(zi + fround(nvz * dt32));
  }
}
