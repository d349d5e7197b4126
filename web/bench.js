// bench.js — the frame-time comparison (web/bench.html): the same 1024 × 1024 Mandelbrot
// image with at most 256 iterations, computed by numbat's `mandelbrotCount` kernel (on
// webgpu when it is available, else on numbat's best backend for this size) and by a
// gpu.js WebGL kernel, each timed per frame including the read-back of the image to the
// host. Warm-up frames first, then the median of the measured frames. The images are
// compared too (f32 math on both GPUs: a few boundary pixels may differ).
//
// Query: frames=<n> (measured frames, default 9), warmup=<n> (default 2).

import { backends, kernel } from '/dist/numbat.js';
import { mandelbrotCount } from './kernels.js';

const SIZE = 1024;
const MAX_ITER = 256;
const VIEW = { centerX: -0.5, centerY: 0, scale: 3 / SIZE };
const params = new URLSearchParams(location.search);
const FRAMES = Number(params.get('frames') ?? 9);
const WARMUP = Number(params.get('warmup') ?? 2);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeFrames(frame) {
  for (let k = 0; k < WARMUP; k++) await frame();
  const times = [];
  for (let k = 0; k < FRAMES; k++) {
    const started = performance.now();
    await frame();
    times.push(performance.now() - started);
  }
  return { medianMs: median(times), minMs: Math.min(...times), frames: times.length };
}

async function numbatSide() {
  const statuses = await backends();
  const webgpu = statuses.find((s) => s.name === 'webgpu');
  const backend = webgpu?.available ? 'webgpu' : 'auto';
  const k = kernel(mandelbrotCount, { backend });
  const out = new Int32Array(SIZE * SIZE);
  const args = [out, SIZE, SIZE, VIEW.centerX, VIEW.centerY, VIEW.scale, MAX_ITER];
  const inspection = await k.inspect([SIZE, SIZE], ...args);
  const timing = await timeFrames(() => k.launch([SIZE, SIZE], ...args));
  return {
    ...timing,
    backend: inspection.backend,
    note: webgpu?.available
      ? 'numbat webgpu'
      : `webgpu unavailable (${webgpu?.reason}); numbat's best backend: ${inspection.backend}`,
    adapter: webgpu?.available ? webgpu.info : undefined,
    image: out,
  };
}

function gpujsSide() {
  const GPU = globalThis.GPU?.GPU ?? globalThis.GPU;
  if (typeof GPU !== 'function')
    throw new Error('gpu.js did not load (/vendor/gpu.js/gpu-browser.min.js)');
  const gpu = new GPU({ mode: 'webgl2' });
  const render = gpu
    .createKernel(function (width, height, centerX, centerY, scale, maxIter) {
      const x0 = centerX + (this.thread.x - width * 0.5) * scale;
      const y0 = centerY + (this.thread.y - height * 0.5) * scale;
      let x = 0;
      let y = 0;
      let iter = 0;
      for (let k = 0; k < 256; k++) {
        if (k >= maxIter || x * x + y * y > 4) break;
        const nextX = x * x - y * y + x0;
        y = 2 * x * y + y0;
        x = nextX;
        iter = iter + 1;
      }
      return iter;
    })
    .setOutput([SIZE, SIZE])
    .setPrecision('single');
  let rows;
  const frame = () => {
    rows = render(SIZE, SIZE, VIEW.centerX, VIEW.centerY, VIEW.scale, MAX_ITER);
  };
  return timeFrames(frame).then((timing) => {
    const image = new Int32Array(SIZE * SIZE);
    rows.forEach((row, r) => row.forEach((value, c) => (image[r * SIZE + c] = value)));
    return { ...timing, mode: gpu.mode, image };
  });
}

async function run() {
  const numbat = await numbatSide();
  const gpujs = await gpujsSide();
  let differing = 0;
  for (let k = 0; k < numbat.image.length; k++) if (numbat.image[k] !== gpujs.image[k]) differing++;
  const { image: _a, ...numbatSummary } = numbat;
  const { image: _b, ...gpujsSummary } = gpujs;
  const result = {
    size: `${SIZE}x${SIZE}x${MAX_ITER}`,
    numbat: numbatSummary,
    gpujs: gpujsSummary,
    differingPixels: differing,
    pixels: numbat.image.length,
  };
  document.getElementById('bench-output').textContent = JSON.stringify(result, null, 2);
  return result;
}

window.benchResult = run();
window.benchResult.catch((error) => {
  document.getElementById('bench-output').textContent =
    `failed: ${error instanceof Error ? error.stack : error}`;
});
