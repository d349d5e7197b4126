// kernels.js — the numbat kernels of the demo page and the frame-time bench, as plain
// JavaScript functions (numbat reads their source; argument types come from the launch).
//
// mandelbrot: one grid index per pixel, writes a smooth escape-time value (maxIter for
//   points that never escape) into a Float32Array; the page colours it with a palette.
// mandelbrotCount: the plain integer iteration count (the bench: the same image gpu.js
//   computes).
// gravityStep: one all-pairs gravity step for every body (softened Newtonian gravity,
//   semi-implicit Euler), reading positions from one pair of arrays and writing the next
//   positions into another pair (the caller swaps them), velocities in place.

/** Smooth escape time of pixel (row, col) of a width × height view. */
export function mandelbrot(row, col, out, width, height, centerX, centerY, scale, maxIter) {
  const x0 = centerX + (col - width * 0.5) * scale;
  const y0 = centerY + (row - height * 0.5) * scale;
  let x = 0;
  let y = 0;
  let x2 = 0;
  let y2 = 0;
  let iter = 0;
  while (iter < maxIter && x2 + y2 <= 256) {
    y = 2 * x * y + y0;
    x = x2 - y2 + x0;
    x2 = x * x;
    y2 = y * y;
    iter = iter + 1;
  }
  let smooth = maxIter;
  if (iter < maxIter) {
    smooth = iter + 1 - Math.log2(0.5 * Math.log2(x2 + y2));
  }
  out[row * width + col] = smooth;
}

/** Integer escape count of pixel (row, col): the bench's image (same as the gpu.js kernel). */
export function mandelbrotCount(row, col, out, width, height, centerX, centerY, scale, maxIter) {
  const x0 = centerX + (col - width * 0.5) * scale;
  const y0 = centerY + (row - height * 0.5) * scale;
  let x = 0;
  let y = 0;
  let iter = 0;
  while (iter < maxIter && x * x + y * y <= 4) {
    const nextX = x * x - y * y + x0;
    y = 2 * x * y + y0;
    x = nextX;
    iter = iter + 1;
  }
  out[row * width + col] = iter;
}

/** One step of body i: acceleration from every body j, then velocity and position. */
export function gravityStep(i, posX, posY, velX, velY, mass, nextX, nextY, count, dt, softening) {
  const px = posX[i];
  const py = posY[i];
  let ax = 0;
  let ay = 0;
  for (let j = 0; j < count; j++) {
    const dx = posX[j] - px;
    const dy = posY[j] - py;
    const distSq = dx * dx + dy * dy + softening;
    const inv = 1 / Math.sqrt(distSq);
    const strength = mass[j] * inv * inv * inv;
    ax += dx * strength;
    ay += dy * strength;
  }
  const vx = velX[i] + ax * dt;
  const vy = velY[i] + ay * dt;
  velX[i] = vx;
  velY[i] = vy;
  nextX[i] = px + vx * dt;
  nextY[i] = py + vy * dt;
}
