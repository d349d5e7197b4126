// monteCarloPi.ts — the built-in Monte Carlo π kernel, written in the kernel language:
// numbat's counter-based random(seed, counter) gives every backend the same samples.

import { kernel, random } from '../index.js';

/**
 * Counts the points (random(seed, 2i), random(seed, 2i + 1)) inside the unit quarter
 * circle; `launch(samples, seed)` resolves to the count, so π ≈ 4·count / samples.
 *
 * @example
 * ```ts
 * const inside: number = await monteCarloPi.launch(1e6, 42);
 * const pi = (4 * inside) / 1e6;
 * ```
 */
export const monteCarloPi = kernel(
  (i: number, seed: number) => {
    const x = random(seed, 2 * i);
    const y = random(seed, 2 * i + 1);
    return x * x + y * y < 1 ? 1 : 0;
  },
  { name: 'monteCarloPi', reduce: 'sum' },
);
