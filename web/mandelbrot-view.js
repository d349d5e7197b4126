// mandelbrot-view.js — the demo's Mandelbrot panel: the view (centre and scale), the
// pointer and wheel interaction that zooms and pans it, and one frame = one launch of the
// `mandelbrot` numbat kernel over every pixel, coloured through a palette lookup table
// and put on the canvas.

import { mandelbrot } from './kernels.js';

/** The classic escape-time gradient, as [position, r, g, b] stops; cyclic. */
const GRADIENT = [
  [0, 0, 7, 100],
  [0.16, 32, 107, 203],
  [0.42, 237, 255, 255],
  [0.6425, 255, 170, 0],
  [0.8575, 0, 2, 0],
  [1, 0, 7, 100],
];
const PALETTE_SIZE = 2048;
/** Palette cycles per unit of smooth escape time. */
const PALETTE_RATE = 1 / 48;
const OPAQUE_BLACK = 0xff000000;
const HOME = { centerX: -0.62, centerY: 0, width: 3.4 };

/** RGBA packed little-endian (as a Uint32Array over ImageData sees it). */
function packColor(r, g, b) {
  return (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
}

function buildPalette() {
  const palette = new Uint32Array(PALETTE_SIZE);
  for (let k = 0; k < PALETTE_SIZE; k++) {
    const t = k / PALETTE_SIZE;
    let stop = 0;
    while (GRADIENT[stop + 1][0] < t) stop++;
    const [t0, r0, g0, b0] = GRADIENT[stop];
    const [t1, r1, g1, b1] = GRADIENT[stop + 1];
    const f = (t - t0) / (t1 - t0);
    palette[k] = packColor(
      Math.round(r0 + (r1 - r0) * f),
      Math.round(g0 + (g1 - g0) * f),
      Math.round(b0 + (b1 - b0) * f),
    );
  }
  return palette;
}

/** The Mandelbrot panel; `kernelFor()` returns the numbat kernel for the chosen backend. */
export class MandelbrotView {
  constructor(canvas, kernelFor, onFrame) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true });
    this.kernelFor = kernelFor;
    this.onFrame = onFrame;
    this.palette = buildPalette();
    this.maxIter = 256;
    this.escape = new Float32Array(canvas.width * canvas.height);
    this.image = this.context.createImageData(canvas.width, canvas.height);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.resetView();
    this.inFlight = null;
    this.dirty = false;
    this.attachPointer();
  }

  resetView() {
    this.centerX = HOME.centerX;
    this.centerY = HOME.centerY;
    this.scale = HOME.width / this.canvas.width;
  }

  /** The launch arguments of the current view (also what `inspect` is asked about). */
  launchArgs() {
    const { width, height } = this.canvas;
    return [
      [height, width],
      this.escape,
      width,
      height,
      this.centerX,
      this.centerY,
      this.scale,
      this.maxIter,
    ];
  }

  /** Renders now (waiting for a frame in flight first); resolves to the frame's timings. */
  async render() {
    while (this.inFlight) await this.inFlight;
    this.dirty = false;
    this.inFlight = this.frame();
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  /** Asks for a render soon; changes made while one runs fold into the next. */
  requestRender() {
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.render()
      .then(() => (this.dirty ? this.requestRender() : undefined))
      .catch((error) => this.onFrame({ error }));
  }

  async frame() {
    const started = performance.now();
    const [grid, ...args] = this.launchArgs();
    await this.kernelFor(mandelbrot).launch(grid, ...args);
    const computed = performance.now();
    this.colorize();
    this.context.putImageData(this.image, 0, 0);
    const stats = { kernelMs: computed - started, frameMs: performance.now() - started };
    this.onFrame(stats);
    return stats;
  }

  colorize() {
    const { escape: escapeTimes, pixels, palette, maxIter } = this;
    const mask = PALETTE_SIZE - 1;
    const rate = PALETTE_RATE * PALETTE_SIZE;
    for (let k = 0; k < escapeTimes.length; k++) {
      const smooth = escapeTimes[k];
      pixels[k] = smooth >= maxIter ? OPAQUE_BLACK : palette[((smooth + 3) * rate) & mask];
    }
  }

  /** Zooms by `factor` (< 1 zooms in) keeping canvas pixel (px, py) fixed. */
  zoomAt(px, py, factor) {
    const { width, height } = this.canvas;
    const worldX = this.centerX + (px - width / 2) * this.scale;
    const worldY = this.centerY + (py - height / 2) * this.scale;
    this.scale *= factor;
    this.centerX = worldX - (px - width / 2) * this.scale;
    this.centerY = worldY - (py - height / 2) * this.scale;
    this.requestRender();
  }

  /** Canvas pixel coordinates of a pointer or wheel event. */
  canvasPoint(event) {
    const rect = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * this.canvas.width) / rect.width,
      ((event.clientY - rect.top) * this.canvas.height) / rect.height,
    ];
  }

  attachPointer() {
    const canvas = this.canvas;
    let drag = null;
    canvas.addEventListener('pointerdown', (event) => {
      const [x, y] = this.canvasPoint(event);
      drag = { x, y, moved: false, pointerId: event.pointerId };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!drag) return;
      const [x, y] = this.canvasPoint(event);
      if (!drag.moved && Math.hypot(x - drag.x, y - drag.y) < 4) return;
      drag.moved = true;
      canvas.classList.add('dragging');
      this.centerX -= (x - drag.x) * this.scale;
      this.centerY -= (y - drag.y) * this.scale;
      drag.x = x;
      drag.y = y;
      this.requestRender();
    });
    const finish = (event) => {
      if (!drag) return;
      const [x, y] = this.canvasPoint(event);
      if (!drag.moved && event.type === 'pointerup') this.zoomAt(x, y, event.shiftKey ? 2 : 0.5);
      canvas.classList.remove('dragging');
      drag = null;
    };
    canvas.addEventListener('pointerup', finish);
    canvas.addEventListener('pointercancel', finish);
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const [x, y] = this.canvasPoint(event);
        this.zoomAt(x, y, Math.exp(Math.max(-300, Math.min(300, event.deltaY)) * 0.002));
      },
      { passive: false },
    );
  }
}
