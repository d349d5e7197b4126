// nbody.ts — the built-in n-body step, written in the kernel language: softened all-pairs
// gravity (G = 1), then a semi-implicit Euler step, from one state into another.

import { kernel } from '../index.js';

/**
 * One step for body i: acceleration from every body j (mass[j] / (|d|² + softening2)^1.5,
 * including j = i, whose d is 0), velocity then position updated with dt.
 * `launch(n, px, py, pz, vx, vy, vz, mass, npx, npy, npz, nvx, nvy, nvz, dt, softening2)`
 * writes the next state into the n-prefixed arrays (distinct from the current ones).
 *
 * @example
 * ```ts
 * await nbodyStep.launch(n, px, py, pz, vx, vy, vz, mass, npx, npy, npz, nvx, nvy, nvz, 0.01, 1e-3);
 * ```
 */
export const nbodyStep = kernel(
  (
    i: number,
    px: Float32Array,
    py: Float32Array,
    pz: Float32Array,
    vx: Float32Array,
    vy: Float32Array,
    vz: Float32Array,
    mass: Float32Array,
    npx: Float32Array,
    npy: Float32Array,
    npz: Float32Array,
    nvx: Float32Array,
    nvy: Float32Array,
    nvz: Float32Array,
    dt: number,
    softening2: number,
  ) => {
    const xi = px[i]!;
    const yi = py[i]!;
    const zi = pz[i]!;
    let ax = 0;
    let ay = 0;
    let az = 0;
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
  },
  { name: 'nbodyStep' },
);
