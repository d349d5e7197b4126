// kernels.ts — the webgpu code-quality cases: each bench kernel of bench/cases.ts as a
// numbat kernel (the built-in of src/kernels, as the bench runs it; n-body as its
// velocity half, whose 10 arrays a hand-written shader can bind) and as WGSL written by hand the way a person would
// write it for WebGPU (2-D workgroups for 2-D grids, loop invariants hoisted, no guards
// beyond the grid bound). Σx² runs on Float32Array: WebGPU has no f64.

import { f32 } from '../../src/index.js';
import * as builtins from '../../src/kernels/index.js';

/** A typed array the cases bind. */
export type CaseArray = Float32Array | Int32Array;

/** One 32-bit uniform word of the hand-written shader. */
export interface HandWord {
  readonly type: 'u32' | 'i32' | 'f32';
  readonly value: number;
}

/** The hand-written shader of a case and how to dispatch it. */
export interface HandShader {
  readonly code: string;
  /** Parameter names bound at @binding(1), (2), … (the uniform is @binding(0)). */
  readonly bindings: readonly string[];
  readonly uniform: readonly HandWord[];
  /** Workgroup counts of `main`. */
  readonly dispatch: readonly [number, number, number];
  /** For reductions: the partials count (binding after the arrays) and a `finish` pass. */
  readonly partials?: number;
}

/** One argument of the numbat kernel, in parameter order. */
export type CaseArg =
  | { readonly name: string; readonly array: CaseArray; readonly output?: boolean }
  | { readonly name: string; readonly scalar: number };

/** A kernel in both forms at one size. */
export interface QualityCase {
  readonly name: string;
  readonly size: string;
  readonly fn: Function;
  readonly reduce?: 'sum';
  readonly grid: readonly number[];
  readonly args: readonly CaseArg[];
  readonly hand: HandShader;
  /** Relative tolerance between the two results (both f32 on the same device). */
  readonly tolerance: number;
}

const MIX32 = `fn mix32(v: u32) -> u32 {
  var x = v;
  x = x ^ (x >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  x = x ^ (x >> 16u);
  return x;
}`;

/** The shared tail of a hand-written reduction: workgroup tree, then one partial per workgroup. */
function treeReduce(t: 'f32' | 'i32'): string {
  return `  sums[lid.x] = acc;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { sums[lid.x] = sums[lid.x] + sums[lid.x + s]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { partials[wid.x] = sums[0]; }
}

@compute @workgroup_size(256)
fn finish(@builtin(local_invocation_id) lid: vec3<u32>) {
  var acc: ${t} = 0;
  for (var k = lid.x; k < p.partials; k = k + 256u) { acc = acc + partials[k]; }
${'  '}sums[lid.x] = acc;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { sums[lid.x] = sums[lid.x] + sums[lid.x + s]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { partials[0] = sums[0]; }
}`;
}

/** Deterministic uniform values in [lo, hi). */
function filled(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let state = seed >>> 0;
  for (let k = 0; k < n; k++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[k] = lo + ((state >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
/** Partials of a reduction over `n`: as the webgpu backend chooses them. */
const partialsFor = (n: number): number => Math.min(ceilDiv(n, 256), 1024);

function saxpy(scale: number): QualityCase {
  const n = Math.max(1024, Math.round(2 ** 20 * scale));
  const a = 2.5;
  return {
    name: 'saxpy',
    size: `n = ${n}`,
    tolerance: 1e-6,
    grid: [n],
    fn: builtins.axpy.fn,
    args: [
      { name: 'a', scalar: a },
      { name: 'x', array: filled(n, 1) },
      { name: 'y', array: filled(n, 2) },
      { name: 'out', array: new Float32Array(n), output: true },
    ],
    hand: {
      code: `struct P { n: u32, a: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= p.n) { return; }
  out[i] = p.a * x[i] + y[i];
}`,
      bindings: ['x', 'y', 'out'],
      uniform: [
        { type: 'u32', value: n },
        { type: 'f32', value: a },
      ],
      dispatch: [ceilDiv(n, 256), 1, 1],
    },
  };
}

// Reductions are small here: SwiftShader runs a workgroup barrier as a CPU-side fiber switch.
function sumOfSquares(scale: number): QualityCase {
  const n = Math.max(1024, Math.round(2 ** 16 * scale));
  const partials = partialsFor(n);
  return {
    name: 'sumsq',
    size: `n = ${n} (f32)`,
    tolerance: 1e-4,
    grid: [n],
    reduce: 'sum',
    fn: builtins.sumOfSquares.fn,
    args: [{ name: 'x', array: filled(n, 3) }],
    hand: {
      code: `struct P { n: u32, partials: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
var<workgroup> sums: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var acc = 0.0f;
  for (var i = wid.x * 256u + lid.x; i < p.n; i = i + nwg.x * 256u) {
    let v = x[i];
    acc = acc + v * v;
  }
${treeReduce('f32')}`,
      bindings: ['x'],
      uniform: [
        { type: 'u32', value: n },
        { type: 'u32', value: partials },
      ],
      dispatch: [partials, 1, 1],
      partials,
    },
  };
}

function monteCarloPi(scale: number): QualityCase {
  const samples = Math.max(1024, Math.round(2 ** 16 * scale));
  const seed = 12345;
  const partials = partialsFor(samples);
  return {
    name: 'pi',
    size: `${samples} samples`,
    tolerance: 0,
    grid: [samples],
    reduce: 'sum',
    fn: builtins.monteCarloPi.fn,
    args: [{ name: 'seed', scalar: seed }],
    hand: {
      code: `struct P { n: u32, partials: u32, seed: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> partials: array<i32>;
var<workgroup> sums: array<i32, 256>;

${MIX32}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let key = mix32(p.seed ^ 0x9e3779b9u);
  var acc = 0i;
  for (var i = wid.x * 256u + lid.x; i < p.n; i = i + nwg.x * 256u) {
    let x = f32(mix32(key + 2u * i) >> 8u) * 5.9604644775390625e-8f;
    let y = f32(mix32(key + 2u * i + 1u) >> 8u) * 5.9604644775390625e-8f;
    acc = acc + select(0i, 1i, x * x + y * y < 1.0f);
  }
${treeReduce('i32')}`,
      bindings: [],
      uniform: [
        { type: 'u32', value: samples },
        { type: 'u32', value: partials },
        { type: 'u32', value: seed },
      ],
      dispatch: [partials, 1, 1],
      partials,
    },
  };
}

function mandelbrot(scale: number): QualityCase {
  const side = Math.max(16, Math.round(256 * Math.sqrt(scale)));
  const maxIter = 256;
  const xs = new Float32Array(side).map((_, k) => -2 + (3 * k) / side);
  const ys = new Float32Array(side).map((_, k) => -1.5 + (3 * k) / side);
  return {
    name: 'mandelbrot',
    size: `${side}×${side}, maxIter ${maxIter}`,
    tolerance: 0,
    grid: [side, side],
    fn: builtins.mandelbrot.fn,
    args: [
      { name: 'out', array: new Int32Array(side * side), output: true },
      { name: 'xs', array: xs },
      { name: 'ys', array: ys },
      { name: 'maxIter', scalar: maxIter },
    ],
    hand: {
      code: `struct P { width: u32, height: u32, maxIter: i32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> out: array<i32>;
@group(0) @binding(2) var<storage, read> xs: array<f32>;
@group(0) @binding(3) var<storage, read> ys: array<f32>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col = gid.x;
  let row = gid.y;
  if (col >= p.width || row >= p.height) { return; }
  let cr = xs[col];
  let ci = ys[row];
  var zr = 0.0f;
  var zi = 0.0f;
  var iter = 0i;
  let maxIter = p.maxIter;
  while (iter < maxIter) {
    let zr2 = zr * zr;
    let zi2 = zi * zi;
    if (zr2 + zi2 > 4.0f) { break; }
    let nextZr = zr2 - zi2 + cr;
    zi = 2.0f * zr * zi + ci;
    zr = nextZr;
    iter = iter + 1i;
  }
  out[row * p.width + col] = iter;
}`,
      bindings: ['out', 'xs', 'ys'],
      uniform: [
        { type: 'u32', value: side },
        { type: 'u32', value: side },
        { type: 'i32', value: maxIter },
      ],
      dispatch: [ceilDiv(side, 16), ceilDiv(side, 16), 1],
    },
  };
}

function matmul(scale: number): QualityCase {
  const n = Math.max(16, Math.round(128 * Math.cbrt(scale)));
  return {
    name: 'matmul',
    size: `${n}×${n}`,
    tolerance: 1e-5,
    grid: [n, n],
    fn: builtins.matmul.fn,
    args: [
      { name: 'a', array: filled(n * n, 4) },
      { name: 'b', array: filled(n * n, 5) },
      { name: 'c', array: new Float32Array(n * n), output: true },
      { name: 'k', scalar: n },
      { name: 'n', scalar: n },
    ],
    hand: {
      code: `struct P { n: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col = gid.x;
  let row = gid.y;
  let n = p.n;
  if (row >= n || col >= n) { return; }
  var acc = 0.0f;
  for (var k = 0u; k < n; k = k + 1u) {
    acc = acc + a[row * n + k] * b[k * n + col];
  }
  c[row * n + col] = acc;
}`,
      bindings: ['a', 'b', 'c'],
      uniform: [{ type: 'u32', value: n }],
      dispatch: [ceilDiv(n, 16), ceilDiv(n, 16), 1],
    },
  };
}

/**
 * The n-body step's all-pairs velocity update. The bench's full step has 13 arrays, more
 * than SwiftShader's 12 storage buffers per shader (maxStorageBuffersPerShaderStage):
 * numbat runs it by packing read-only arrays into one binding, but a hand-written shader
 * would have to do the same, so the position update (6 loads and stores, no loop) is left
 * out here and both sides bind 10 arrays; the O(n²) loop is the same.
 */
function nbody(scale: number): QualityCase {
  const n = Math.max(64, Math.round(1024 * Math.sqrt(scale)));
  const dt = 0.001;
  const softening2 = 0.01;
  const names = ['px', 'py', 'pz', 'vx', 'vy', 'vz', 'mass'] as const;
  const inputs = names.map((name, k) => ({
    name,
    array:
      name === 'mass'
        ? filled(n, 20 + k, 0.5, 1.5)
        : filled(n, 20 + k, k < 3 ? -1 : -0.1, k < 3 ? 1 : 0.1),
  }));
  const outputs = ['nvx', 'nvy', 'nvz'].map((name) => ({
    name,
    array: new Float32Array(n),
    output: true,
  }));
  return {
    name: 'nbody',
    size: `${n} bodies (velocities)`,
    tolerance: 1e-4,
    grid: [n],
    fn: (
      i: number,
      px: Float32Array,
      py: Float32Array,
      pz: Float32Array,
      vx: Float32Array,
      vy: Float32Array,
      vz: Float32Array,
      mass: Float32Array,
      nvx: Float32Array,
      nvy: Float32Array,
      nvz: Float32Array,
      dt: number,
      softening2: number,
    ) => {
      const xi = px[i]!;
      const yi = py[i]!;
      const zi = pz[i]!;
      let ax = f32(0);
      let ay = f32(0);
      let az = f32(0);
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
      nvx[i] = vx[i]! + ax * dt;
      nvy[i] = vy[i]! + ay * dt;
      nvz[i] = vz[i]! + az * dt;
    },
    args: [
      ...inputs,
      ...outputs,
      { name: 'dt', scalar: dt },
      { name: 'softening2', scalar: softening2 },
    ],
    hand: {
      code: `struct P { n: u32, dt: f32, softening2: f32 }
@group(0) @binding(0) var<uniform> p: P;
${names.map((name, k) => `@group(0) @binding(${k + 1}) var<storage, read> ${name}: array<f32>;`).join('\n')}
${outputs.map((o, k) => `@group(0) @binding(${k + 8}) var<storage, read_write> ${o.name}: array<f32>;`).join('\n')}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let n = p.n;
  if (i >= n) { return; }
  let xi = px[i];
  let yi = py[i];
  let zi = pz[i];
  let soft = p.softening2;
  var ax = 0.0f;
  var ay = 0.0f;
  var az = 0.0f;
  for (var j = 0u; j < n; j = j + 1u) {
    let dx = px[j] - xi;
    let dy = py[j] - yi;
    let dz = pz[j] - zi;
    let distSq = dx * dx + dy * dy + dz * dz + soft;
    let invDist = 1.0f / sqrt(distSq);
    let strength = mass[j] * invDist * invDist * invDist;
    ax = ax + dx * strength;
    ay = ay + dy * strength;
    az = az + dz * strength;
  }
  let dt = p.dt;
  nvx[i] = vx[i] + ax * dt;
  nvy[i] = vy[i] + ay * dt;
  nvz[i] = vz[i] + az * dt;
}`,
      bindings: [...names, ...outputs.map((o) => o.name)],
      uniform: [
        { type: 'u32', value: n },
        { type: 'f32', value: dt },
        { type: 'f32', value: softening2 },
      ],
      dispatch: [ceilDiv(n, 256), 1, 1],
    },
  };
}

/** Every quality case at `scale` (1: sizes that take milliseconds on SwiftShader). */
export function qualityCases(scale: number): QualityCase[] {
  return [
    saxpy(scale),
    sumOfSquares(scale),
    monteCarloPi(scale),
    mandelbrot(scale),
    matmul(scale),
    nbody(scale),
  ];
}
