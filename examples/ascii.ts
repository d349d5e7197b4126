// ascii.ts — the demo's closing picture: the Mandelbrot set as text, computed by the same
// kernel as the worked example on whichever backend `auto` picks.

import { kernel } from './numbat.js';
import { mandelbrotKernel } from './worked.js';

/** Characters from few iterations (escaped fast) to many; points inside the set are '@'. */
const PALETTE = ' .:-=+*#%';

/** Render `columns`×`rows` characters of the plane [-2.2, 0.8] × [-1.2, 1.2]. */
export async function renderMandelbrot(
  columns = 60,
  rows = 24,
  maxIter = 200,
): Promise<{ text: string; backend: string }> {
  const counts = new Int32Array(columns * rows);
  const mandel = kernel(mandelbrotKernel);
  const args = [counts, columns, rows, maxIter, -2.2, -1.2, 3.0, 2.4] as const;
  const { backend } = await mandel.inspect([rows, columns], ...args);
  await mandel.launch([rows, columns], ...args);
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = '';
    for (let col = 0; col < columns; col++) {
      const iterations = counts[row * columns + col]!;
      if (iterations >= maxIter) {
        line += '@';
      } else {
        // Logarithmic shading: the escape counts span orders of magnitude.
        const shade = Math.log(iterations + 1) / Math.log(maxIter + 1);
        line += PALETTE[Math.min(PALETTE.length - 1, Math.floor(shade * PALETTE.length))];
      }
    }
    lines.push(line.trimEnd());
  }
  return { text: lines.join('\n'), backend };
}
