// demo.js — the demo page's driver: probes numbat's backends, builds the backend switcher
// (unavailable backends greyed with their reason), wires the Mandelbrot and gravity
// panels and their live timings, shows `inspect`'s generated code on demand, and exposes
// `window.numbatDemo`, the hook the browser tests and the frame-time bench drive.
//
// Query parameters: backend=<name|auto> (initial backend), bodies=<n>, iterations=<n>,
// paused=1 (no gravity animation until asked).

import { backends, kernel } from '/dist/numbat.js';
import { MandelbrotView } from './mandelbrot-view.js';
import { ParticlesView } from './particles-view.js';
import { gravityStep, mandelbrot } from './kernels.js';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const pageErrors = [];

/** Kernels per backend choice: the same function compiled once per backend. */
const compiled = new Map();
let chosenBackend = 'auto';

function kernelFor(fn, backend = chosenBackend) {
  const key = `${fn.name}:${backend}`;
  let k = compiled.get(key);
  if (!k) {
    k = kernel(fn, { backend });
    compiled.set(key, k);
  }
  return k;
}

function formatMs(ms) {
  return ms < 10
    ? `${ms.toFixed(2)} ms`
    : ms < 100
      ? `${ms.toFixed(1)} ms`
      : `${Math.round(ms)} ms`;
}

function formatRate(perSecond) {
  const units = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, unit] of units)
    if (perSecond >= scale) return `${(perSecond / scale).toFixed(2)} ${unit}`;
  return perSecond.toFixed(0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}

function reportError(error) {
  const message = error instanceof Error ? error.message : String(error);
  pageErrors.push(message);
  const status = $('page-status');
  status.textContent = message;
  status.className = 'error';
  console.error(error);
}

/** Which backend `auto` (or a forced choice) runs for a view, from `inspect`. */
const resolvedBackend = new Map();
async function backendLabel(fn, args) {
  const key = `${fn.name}:${chosenBackend}`;
  if (!resolvedBackend.has(key)) {
    const [grid, ...rest] = args;
    const inspection = await kernelFor(fn).inspect(grid, ...rest);
    resolvedBackend.set(
      key,
      chosenBackend === 'auto' ? `auto → ${inspection.backend}` : inspection.backend,
    );
  }
  return resolvedBackend.get(key);
}

function environmentChips(statuses) {
  const chips = $('environment');
  const add = (text, good, title = '') => {
    const li = document.createElement('li');
    li.className = `chip ${good ? 'good' : 'bad'}`;
    li.textContent = text;
    li.title = title;
    chips.append(li);
  };
  add(
    crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated',
    crossOriginIsolated,
    'COOP/COEP headers: needed for SharedArrayBuffer, worker threads and shared wasm memory',
  );
  const gpu = statuses.find((s) => s.name === 'webgpu');
  const adapter = gpu?.available
    ? [gpu.info.vendor, gpu.info.architecture].filter(Boolean).join(' / ')
    : '';
  add(
    gpu?.available ? `WebGPU: ${adapter || 'adapter'}` : 'no WebGPU',
    Boolean(gpu?.available),
    gpu?.reason ?? '',
  );
  const threads = statuses.find((s) => s.name === 'workers')?.info?.threads;
  if (threads) add(`${threads} threads`, true);
}

function buildSwitcher(statuses, onChange) {
  const switcher = $('backend-switcher');
  const options = [{ name: 'auto', available: true }, ...statuses];
  const buttons = options.map((status) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = status.name;
    button.dataset.backend = status.name;
    button.setAttribute('role', 'radio');
    button.disabled = !status.available;
    button.title = status.available
      ? `run the kernels on ${status.name}`
      : `unavailable: ${status.reason}`;
    button.addEventListener('click', () => onChange(status.name));
    switcher.append(button);
    return button;
  });
  const reasons = $('unavailable-reasons');
  for (const status of statuses.filter((s) => !s.available)) {
    const line = document.createElement('span');
    line.innerHTML = '<b></b> unavailable: ';
    line.firstChild.textContent = status.name;
    line.append(status.reason ?? 'no reason given');
    reasons.append(line, document.createElement('br'));
  }
  return (name) =>
    buttons.forEach((b) => b.setAttribute('aria-checked', String(b.dataset.backend === name)));
}

async function showCode() {
  const which = $('code-kernel').value;
  const [fn, view] = which === 'gravity' ? [gravityStep, particles] : [mandelbrot, mandel];
  const [grid, ...args] = view.launchArgs();
  const inspection = await kernelFor(fn).inspect(grid, ...args);
  const meta = $('code-meta');
  meta.textContent = '';
  const strong = document.createElement('b');
  strong.textContent = inspection.backend;
  meta.append(`${fn.name} runs on `, strong, ` — ${inspection.reason}. Signature: `);
  const signature = document.createElement('code');
  signature.textContent = inspection.signature;
  meta.append(signature);
  const output = $('code-output');
  output.textContent = inspection.code;
  output.hidden = false;
  return inspection;
}

const mandelTimes = [];
const mandel = new MandelbrotView(
  $('mandel-canvas'),
  (fn) => kernelFor(fn),
  (stats) => {
    if (stats.error) return reportError(stats.error);
    mandelTimes.push(stats.frameMs);
    if (mandelTimes.length > 15) mandelTimes.shift();
    $('mandel-ms').textContent = formatMs(stats.frameMs);
    $('mandel-median').textContent = formatMs(median(mandelTimes));
  },
);
const particles = new ParticlesView(
  $('particles-canvas'),
  (fn) => kernelFor(fn),
  (stats) => {
    if (stats.error) return reportError(stats.error);
    $('particles-ms').textContent = formatMs(stats.frameMs);
    $('particles-rate').textContent = formatRate((stats.interactions / stats.kernelMs) * 1000);
  },
);

async function updateLabels() {
  $('mandel-backend').textContent = await backendLabel(mandelbrot, mandel.launchArgs());
  $('particles-backend').textContent = await backendLabel(gravityStep, particles.launchArgs());
}

let markChecked = () => undefined;
async function setBackend(name) {
  chosenBackend = name;
  markChecked(name);
  mandelTimes.length = 0;
  await updateLabels();
  return mandel.render();
}

async function main() {
  const statuses = await backends();
  environmentChips(statuses);
  markChecked = buildSwitcher(statuses, (name) => setBackend(name).catch(reportError));
  const wanted = params.get('backend') ?? 'auto';
  const initial =
    wanted === 'auto' || statuses.some((s) => s.name === wanted && s.available) ? wanted : 'auto';

  const iterations = params.get('iterations');
  if (iterations) $('mandel-iterations').value = iterations;
  mandel.maxIter = Number($('mandel-iterations').value);
  $('mandel-iterations').addEventListener('change', (event) => {
    mandel.maxIter = Number(event.target.value);
    mandel.requestRender();
  });
  $('mandel-reset').addEventListener('click', () => {
    mandel.resetView();
    mandel.requestRender();
  });

  const bodies = params.get('bodies');
  if (bodies) {
    const option = document.createElement('option');
    option.textContent = bodies;
    $('particles-count').append(option);
    $('particles-count').value = bodies;
  }
  particles.reset(Number($('particles-count').value));
  $('particles-count').addEventListener('change', async (event) => {
    await particles.stop();
    particles.reset(Number(event.target.value));
    particles.start();
    $('particles-toggle').textContent = 'Pause';
  });
  $('particles-reset').addEventListener('click', () => particles.reset(particles.count));
  $('particles-toggle').addEventListener('click', async () => {
    if (particles.running) {
      await particles.stop();
      $('particles-toggle').textContent = 'Play';
    } else {
      particles.start();
      $('particles-toggle').textContent = 'Pause';
    }
  });
  $('code-show').addEventListener('click', () => showCode().catch(reportError));

  await setBackend(initial);
  await particles.step();
  if (params.get('paused') === '1') {
    $('particles-toggle').textContent = 'Play';
  } else {
    particles.start();
  }
  const status = $('page-status');
  status.textContent = `numbat ready · ${statuses
    .filter((s) => s.available)
    .map((s) => s.name)
    .join(', ')} available`;
  return statuses;
}

window.addEventListener('error', (event) => pageErrors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => pageErrors.push(String(event.reason)));

const ready = main();
ready.catch(reportError);

/** The hook the browser tests and web/bench-frame.mjs drive. */
window.numbatDemo = {
  ready,
  errors: pageErrors,
  setBackend,
  renderMandelbrot: () => mandel.render(),
  /** The Mandelbrot canvas's RGBA bytes, as drawn. */
  mandelbrotPixels: () => {
    const { width, height } = mandel.canvas;
    return mandel.context.getImageData(0, 0, width, height).data;
  },
  async stepParticles(steps) {
    await particles.stop();
    const times = [];
    for (let k = 0; k < steps; k++) times.push((await particles.step()).frameMs);
    return times;
  },
  resetParticles: async (count) => {
    await particles.stop();
    particles.reset(count ?? particles.count);
    const select = $('particles-count');
    if (![...select.options].some((option) => option.value === String(particles.count))) {
      select.append(new Option(String(particles.count)));
    }
    select.value = String(particles.count);
  },
  particlePositions: () => ({
    x: Array.from(particles.bodies.posX),
    y: Array.from(particles.bodies.posY),
  }),
  showCode,
};
