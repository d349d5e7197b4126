// particles-view.js — the demo's gravity panel: two colliding disc galaxies (deterministic
// initial state from a seeded PRNG), one all-pairs `gravityStep` numbat launch per frame,
// and the bodies drawn with additive blending and fading trails.

import { gravityStep } from './kernels.js';

const DT = 0.0025;
/** Softening ε² (ε = 0.04): keeps close encounters finite. */
const SOFTENING = 0.0016;
/** World units across the canvas width. */
const WORLD_WIDTH = 3.2;
const CORE_MASS = 0.5;
const DISC_MASS = 0.25;

/** mulberry32: a small seeded PRNG so every backend starts from the same state. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The initial bodies: two discs orbiting their cores, on a glancing collision course. */
export function twoGalaxies(count) {
  const random = seededRandom(20240607);
  const bodies = {
    posX: new Float32Array(count),
    posY: new Float32Array(count),
    velX: new Float32Array(count),
    velY: new Float32Array(count),
    mass: new Float32Array(count),
    nextX: new Float32Array(count),
    nextY: new Float32Array(count),
  };
  const galaxies = [
    { x: -0.62, y: -0.2, vx: 0.22, vy: 0.05, spin: 1, radius: 0.42 },
    { x: 0.62, y: 0.2, vx: -0.22, vy: -0.05, spin: -1, radius: 0.34 },
  ];
  const half = Math.floor(count / 2);
  galaxies.forEach((galaxy, g) => {
    const first = g * half;
    const last = g === 0 ? half : count;
    const discBodies = last - first - 1;
    bodies.posX[first] = galaxy.x;
    bodies.posY[first] = galaxy.y;
    bodies.velX[first] = galaxy.vx;
    bodies.velY[first] = galaxy.vy;
    bodies.mass[first] = CORE_MASS;
    for (let k = first + 1; k < last; k++) {
      const r = galaxy.radius * (0.12 + 0.88 * Math.sqrt(random()));
      const angle = random() * Math.PI * 2;
      // Circular speed around a softened core plus the disc mass inside r.
      const enclosed = CORE_MASS + DISC_MASS * (r / galaxy.radius) ** 2;
      const speed = Math.sqrt((enclosed * r * r) / (r * r + SOFTENING) ** 1.5);
      bodies.posX[k] = galaxy.x + r * Math.cos(angle);
      bodies.posY[k] = galaxy.y + r * Math.sin(angle) * 0.92;
      bodies.velX[k] = galaxy.vx - galaxy.spin * speed * Math.sin(angle);
      bodies.velY[k] = galaxy.vy + galaxy.spin * speed * Math.cos(angle);
      bodies.mass[k] = DISC_MASS / discBodies;
    }
  });
  return bodies;
}

/** Speed bins, slow (deep blue) to fast (warm white). */
const SPEED_COLORS = [
  '#3a5bd9',
  '#4f86f0',
  '#6fb3ff',
  '#a8d8ff',
  '#f4f1e8',
  '#ffd29a',
  '#ffab5e',
  '#ff7a3d',
];

/** The gravity panel; `kernelFor()` returns the numbat kernel for the chosen backend. */
export class ParticlesView {
  constructor(canvas, kernelFor, onStep) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true });
    this.kernelFor = kernelFor;
    this.onStep = onStep;
    this.running = false;
    this.stepping = null;
    this.bins = SPEED_COLORS.map(() => []);
    this.reset(2048);
  }

  reset(count) {
    this.count = count;
    this.bodies = twoGalaxies(count);
    this.steps = 0;
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.draw();
  }

  /** The launch arguments of one step (also what `inspect` is asked about). */
  launchArgs() {
    const b = this.bodies;
    return [
      this.count,
      b.posX,
      b.posY,
      b.velX,
      b.velY,
      b.mass,
      b.nextX,
      b.nextY,
      this.count,
      DT,
      SOFTENING,
    ];
  }

  /** One simulation step and a redraw; resolves to its timings. */
  async step() {
    while (this.stepping) await this.stepping;
    this.stepping = this.runStep();
    try {
      return await this.stepping;
    } finally {
      this.stepping = null;
    }
  }

  async runStep() {
    const started = performance.now();
    const [grid, ...args] = this.launchArgs();
    await this.kernelFor(gravityStep).launch(grid, ...args);
    const b = this.bodies;
    [b.posX, b.nextX] = [b.nextX, b.posX];
    [b.posY, b.nextY] = [b.nextY, b.posY];
    this.steps++;
    const kernelMs = performance.now() - started;
    this.draw();
    const stats = {
      kernelMs,
      frameMs: performance.now() - started,
      interactions: this.count * this.count,
    };
    this.onStep(stats);
    return stats;
  }

  draw() {
    const { context, canvas, bodies, count, bins } = this;
    const pixelsPerUnit = canvas.width / WORLD_WIDTH;
    const originX = canvas.width / 2;
    const originY = canvas.height / 2;
    context.globalCompositeOperation = 'source-over';
    context.fillStyle = 'rgba(0, 0, 0, 0.28)';
    context.fillRect(0, 0, canvas.width, canvas.height);
    for (const bin of bins) bin.length = 0;
    for (let k = 0; k < count; k++) {
      const speed = Math.hypot(bodies.velX[k], bodies.velY[k]);
      const bin = Math.min(bins.length - 1, Math.floor(speed * 2.2));
      bins[bin].push(k);
    }
    context.globalCompositeOperation = 'lighter';
    context.globalAlpha = count > 4096 ? 0.55 : 0.8;
    bins.forEach((members, bin) => {
      context.fillStyle = SPEED_COLORS[bin];
      for (const k of members) {
        const x = originX + bodies.posX[k] * pixelsPerUnit;
        const y = originY + bodies.posY[k] * pixelsPerUnit;
        const size = bodies.mass[k] >= CORE_MASS ? 5 : 1.7;
        context.fillRect(x - size / 2, y - size / 2, size, size);
      }
    });
    context.globalAlpha = 1;
    context.globalCompositeOperation = 'source-over';
  }

  /** Starts the animation loop (one step per animation frame while running). */
  start() {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.step()
        .catch((error) => {
          this.running = false;
          this.onStep({ error });
        })
        .finally(() => (this.running ? requestAnimationFrame(loop) : undefined));
    };
    requestAnimationFrame(loop);
  }

  /** Stops the loop after the step in flight; resolves when that step is done. */
  async stop() {
    this.running = false;
    while (this.stepping) await this.stepping;
  }
}
