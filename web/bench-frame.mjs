// bench-frame.mjs — the frame-time comparison, headless: builds the browser bundle,
// serves web/ cross-origin isolated, opens web/bench.html in Debian's Chromium (WebGPU
// and WebGL through the system's GPU, or SwiftShader without one) and prints the median
// frame time of numbat (webgpu, else its best backend, and it says so) and of gpu.js's
// WebGL kernel for the same 1024² × 256 Mandelbrot image.
//
// Run: node web/bench-frame.mjs [--frames=9]   (CHROMIUM_PATH overrides /usr/bin/chromium)

import { chromium } from 'playwright';
import { buildBrowserBundle } from '../scripts/build.mjs';
import { startServer } from './server.mjs';

const framesArg = process.argv.find((a) => a.startsWith('--frames='));
const frames = framesArg ? Number(framesArg.slice('--frames='.length)) : 9;

await buildBrowserBundle();
const server = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--enable-unsafe-webgpu'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}bench.html?frames=${frames}`);
  const result = await page.evaluate(() => window.benchResult);
  const gpuInfo = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'unknown';
  });
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(
    `Mandelbrot ${result.size}, median of ${result.numbat.frames} frames after warm-up (read-back included):`,
  );
  console.log(
    `  numbat ${result.numbat.backend.padEnd(8)} ${ms(result.numbat.medianMs).padStart(10)}  (min ${ms(result.numbat.minMs)})  — ${result.numbat.note}`,
  );
  console.log(
    `  gpu.js ${String(result.gpujs.mode).padEnd(8)} ${ms(result.gpujs.medianMs).padStart(10)}  (min ${ms(result.gpujs.minMs)})`,
  );
  console.log(
    `  ratio numbat / gpu.js: ${(result.numbat.medianMs / result.gpujs.medianMs).toFixed(2)}  ·  pixels differing: ${result.differingPixels} of ${result.pixels}`,
  );
  console.log(
    `  WebGL renderer: ${gpuInfo}${result.numbat.adapter ? `; WebGPU adapter: ${JSON.stringify(result.numbat.adapter)}` : ''}`,
  );
  if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}
