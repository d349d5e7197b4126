// quality.ts — the webgpu code-quality bench (issue 4 item 8): each case of kernels.ts as
// numbat's generated WGSL and as hand-written WGSL, both through Dawn on one device in one
// run, on resident buffers, each run timed to completion (submit, then
// queue.onSubmittedWorkDone()). Built for a noisy shared machine: after warm-up the two
// sides run in back-to-back pairs (AB, BA, AB, … so neither always goes first), each pair
// gives one ratio hand time / numbat time, and the case reports the median of those ratios
// with its interquartile range (goal: median ≥ 0.95). Pairs run until the median is known
// to ±1% (its standard error from the IQR, 1.253·IQR/1.349/√pairs), past a minimum count
// and a minimum time, or until the time budget is spent. Also the launch overhead: numbat's launch on resident
// NDArrays against the bare dispatch + fence of the same shader.

import { kernel, toDevice, type NDArray } from '../../src/index.js';
import { withGpu } from '../../src/backends/webgpu/gpu.js';
import { foldDispatch } from '../../src/backends/webgpu/launch.js';
import { fillUniform, parseNumbatLayout, type NumbatLayout } from './layout.js';
import { qualityCases, type CaseArray, type HandWord, type QualityCase } from './kernels.js';

/** One case's result. */
export interface QualityResult {
  readonly name: string;
  readonly size: string;
  /** Median times of each side over the pairs. */
  readonly handMs: number;
  readonly numbatMs: number;
  /** Median over the pairs of hand time / numbat time: 1 means numbat's shader is as fast. */
  readonly ratio: number;
  /** First and third quartiles of the per-pair ratios. */
  readonly ratioQ1: number;
  readonly ratioQ3: number;
  /** The median ratio's standard error (estimated from the IQR). */
  readonly ratioError: number;
  /** Timed pairs. */
  readonly pairs: number;
  /** Why the results of the two shaders disagree, or null. */
  readonly mismatch: string | null;
  /** Why the case could not run (a refusal, a device limit), or null. */
  readonly error: string | null;
}

/** Launch overhead on resident arrays against the bare dispatch + fence. */
export interface OverheadResult {
  readonly bareMs: number;
  readonly launchMs: number;
  readonly addedMs: number;
}

/** Timing settings. */
export interface QualityOptions {
  readonly scale: number;
  readonly warmup: number;
  /** The fewest timed pairs per case. */
  readonly runs: number;
  /** The most seconds of timed pairs per case (default 15); at least a tenth of it is always spent. */
  readonly seconds?: number;
  /** Case names to run (all when null). */
  readonly only: ReadonlySet<string> | null;
}

/** The q-quantile of `values` (0 ≤ q ≤ 1), linear between order statistics. */
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
};
const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Most pairs per case, whatever the time budget. */
const MAX_PAIRS = 2000;
/** Pairs stop once the median ratio's standard error is this small. */
const TARGET_ERROR = 0.01;

/** The standard error of the median of `values`, estimated from their interquartile range. */
const medianError = (values: readonly number[]): number =>
  (1.2533 * (quantile(values, 0.75) - quantile(values, 0.25))) / 1.349 / Math.sqrt(values.length);

/** A shader bound and ready: one `run()` is one timed submission. */
interface Prepared {
  run(): Promise<void>;
  /** The values to compare: output arrays concatenated, or the reduce result. */
  read(): Promise<Float64Array>;
}

function storageBuffer(device: GPUDevice, data: CaseArray): GPUBuffer {
  const buffer = device.createBuffer({
    size: Math.max(16, data.byteLength),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

function uniformBuffer(device: GPUDevice, words: ArrayBuffer): GPUBuffer {
  const buffer = device.createBuffer({
    size: Math.max(16, words.byteLength),
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, words);
  return buffer;
}

function handUniform(words: readonly HandWord[]): ArrayBuffer {
  const bytes = new ArrayBuffer(Math.ceil(words.length / 4) * 16);
  words.forEach((w, k) => {
    if (w.type === 'f32') new Float32Array(bytes)[k] = w.value;
    else if (w.type === 'i32') new Int32Array(bytes)[k] = w.value;
    else new Uint32Array(bytes)[k] = w.value;
  });
  return bytes;
}

async function readBack(
  device: GPUDevice,
  buffer: GPUBuffer,
  bytes: number,
  as: 'f32' | 'i32',
): Promise<Float64Array> {
  const staging = device.createBuffer({
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return Float64Array.from(as === 'f32' ? new Float32Array(copy) : new Int32Array(copy));
}

async function pipelineOf(
  device: GPUDevice,
  code: string,
  label: string,
): Promise<{ main: GPUComputePipeline; finish: GPUComputePipeline | null }> {
  const module = device.createShaderModule({ code, label });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length > 0)
    throw new Error(
      `${label}: WGSL does not compile: ${errors.map((m) => `line ${m.lineNum}: ${m.message}`).join('; ')}`,
    );
  const main = await device.createComputePipelineAsync({
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const finish = /fn finish\(/.test(code)
    ? await device.createComputePipelineAsync({
        layout: 'auto',
        compute: { module, entryPoint: 'finish' },
      })
    : null;
  return { main, finish };
}

/** Submits one dispatch of `main` (and the `finish` pass) and waits for the GPU to finish. */
function dispatcher(
  device: GPUDevice,
  pipelines: { main: GPUComputePipeline; finish: GPUComputePipeline | null },
  entries: GPUBindGroupEntry[],
  dispatch: readonly [number, number, number],
): () => Promise<void> {
  const mainGroup = device.createBindGroup({
    layout: pipelines.main.getBindGroupLayout(0),
    entries,
  });
  const finishGroup = pipelines.finish
    ? device.createBindGroup({
        layout: pipelines.finish.getBindGroupLayout(0),
        entries: entries.filter((e) => e.binding === 0 || isPartials(e)),
      })
    : null;
  return async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipelines.main);
    pass.setBindGroup(0, mainGroup);
    pass.dispatchWorkgroups(...dispatch);
    if (pipelines.finish && finishGroup) {
      pass.setPipeline(pipelines.finish);
      pass.setBindGroup(0, finishGroup);
      pass.dispatchWorkgroups(1);
    }
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
}

const partialsEntries = new WeakSet<GPUBindGroupEntry>();
const isPartials = (e: GPUBindGroupEntry): boolean => partialsEntries.has(e);

function prepareHand(
  device: GPUDevice,
  c: QualityCase,
  pipelines: Awaited<ReturnType<typeof pipelineOf>>,
  inputs: Map<string, GPUBuffer>,
): Prepared {
  const own = new Map<string, GPUBuffer>();
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: uniformBuffer(device, handUniform(c.hand.uniform)) } },
  ];
  c.hand.bindings.forEach((name, k) => {
    const arg = c.args.find((a) => a.name === name);
    if (!arg || !('array' in arg))
      throw new Error(`${c.name}: hand-written binding '${name}' is not an array argument`);
    const buffer = arg.output ? storageBuffer(device, arg.array) : inputs.get(name)!;
    if (arg.output) own.set(name, buffer);
    entries.push({ binding: k + 1, resource: { buffer } });
  });
  let partials: GPUBuffer | null = null;
  if (c.hand.partials !== undefined) {
    partials = device.createBuffer({
      size: c.hand.partials * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const entry: GPUBindGroupEntry = {
      binding: c.hand.bindings.length + 1,
      resource: { buffer: partials },
    };
    partialsEntries.add(entry);
    entries.push(entry);
  }
  return {
    run: dispatcher(device, pipelines, entries, c.hand.dispatch),
    read: () => readOutputs(device, c, own, partials, 4),
  };
}

function prepareNumbat(
  device: GPUDevice,
  c: QualityCase,
  layout: NumbatLayout,
  pipelines: Awaited<ReturnType<typeof pipelineOf>>,
  inputs: Map<string, GPUBuffer>,
): Prepared {
  const total = c.grid.reduce((a, b) => a * b, 1);
  const partialCount = c.reduce ? Math.min(Math.ceil(total / layout.workgroupSize), 1024) : 0;
  const args = c.args.map((a) => ('array' in a ? a.array : a.scalar));
  const uniform = fillUniform(layout, { grid: c.grid, partials: partialCount, args });
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: uniformBuffer(device, uniform) } },
  ];
  const own = new Map<string, GPUBuffer>();
  for (const b of layout.buffers) {
    const arg = c.args[b.argument];
    if (!arg || !('array' in arg))
      throw new Error(`${c.name}: numbat binds argument ${b.argument}, which is not an array`);
    const buffer = arg.output ? storageBuffer(device, arg.array) : inputs.get(arg.name)!;
    if (arg.output) own.set(arg.name, buffer);
    entries.push({ binding: b.binding, resource: { buffer } });
  }
  let partials: GPUBuffer | null = null;
  if (layout.partialsBinding !== null) {
    partials = device.createBuffer({
      size: partialCount * layout.partialBytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const entry: GPUBindGroupEntry = {
      binding: layout.partialsBinding,
      resource: { buffer: partials },
    };
    partialsEntries.add(entry);
    entries.push(entry);
  }
  const dispatch = c.reduce
    ? ([partialCount, 1, 1] as const)
    : foldDispatch(Math.ceil(total / layout.workgroupSize));
  return {
    run: dispatcher(device, pipelines, entries, dispatch),
    // A 64-bit integer sum's partial is (low, high) words: the low word, as i32, is the sum here.
    read: () => readOutputs(device, c, own, partials, layout.partialBytes),
  };
}

async function readOutputs(
  device: GPUDevice,
  c: QualityCase,
  own: Map<string, GPUBuffer>,
  partials: GPUBuffer | null,
  partialBytes: number,
): Promise<Float64Array> {
  if (partials) {
    const type = c.name === 'pi' ? 'i32' : 'f32';
    return (await readBack(device, partials, partialBytes, type)).subarray(0, 1);
  }
  const parts: Float64Array[] = [];
  for (const arg of c.args) {
    if (!('array' in arg) || !arg.output) continue;
    parts.push(
      await readBack(
        device,
        own.get(arg.name)!,
        arg.array.byteLength,
        arg.array instanceof Int32Array ? 'i32' : 'f32',
      ),
    );
  }
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function compareResults(c: QualityCase, hand: Float64Array, numbat: Float64Array): string | null {
  let bad = 0;
  let first = '';
  let largest = 0;
  for (const v of hand) largest = Math.max(largest, Math.abs(v));
  for (let k = 0; k < hand.length; k++) {
    const h = hand[k]!,
      m = numbat[k]!;
    if (Math.abs(h - m) > c.tolerance * Math.max(Math.abs(h), largest * 1e-2)) {
      if (bad === 0) first = `[${k}] hand ${h}, numbat ${m}`;
      bad++;
    }
  }
  // A GPU may contract a·b + c differently in two shaders: allow a few boundary pixels.
  const allowed = c.name === 'mandelbrot' ? Math.floor(hand.length * 1e-3) : 0;
  return bad > allowed ? `${bad} of ${hand.length} values differ, first ${first}` : null;
}

/** Runs every case: numbat's WGSL against the hand-written WGSL on one device. */
export async function runQuality(
  options: QualityOptions,
  progress: (line: string) => void = () => {},
): Promise<QualityResult[]> {
  const results: QualityResult[] = [];
  for (const c of qualityCases(options.scale)) {
    if (options.only && !options.only.has(c.name)) continue;
    progress(`  webgpu quality: ${c.name} (${c.size})…`);
    const t0 = performance.now();
    try {
      results.push(await runCase(c, options));
      progress(`    ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      results.push({
        name: c.name,
        size: c.size,
        handMs: NaN,
        numbatMs: NaN,
        ratio: NaN,
        ratioQ1: NaN,
        ratioQ3: NaN,
        ratioError: NaN,
        pairs: 0,
        mismatch: null,
        error: message,
      });
    }
  }
  return results;
}

async function runCase(c: QualityCase, options: QualityOptions): Promise<QualityResult> {
  const k = kernel(c.fn, { backend: 'webgpu', ...(c.reduce ? { reduce: c.reduce } : {}) });
  const launchArgs = c.args.map((a) => ('array' in a ? a.array : a.scalar));
  const inspection = await k.inspect(c.grid.length === 1 ? c.grid[0]! : c.grid, ...launchArgs);
  const layout = parseNumbatLayout(inspection.code);
  return await withGpu(async (s) => {
    const device = s.device;
    const inputs = new Map<string, GPUBuffer>();
    for (const a of c.args)
      if ('array' in a && !a.output) inputs.set(a.name, storageBuffer(device, a.array));
    const hand = prepareHand(
      device,
      c,
      await pipelineOf(device, c.hand.code, `${c.name} (hand-written)`),
      inputs,
    );
    const numbat = prepareNumbat(
      device,
      c,
      layout,
      await pipelineOf(device, inspection.code, `${c.name} (numbat)`),
      inputs,
    );
    for (let w = 0; w < options.warmup; w++) {
      await hand.run();
      await numbat.run();
    }
    const handTimes: number[] = [];
    const numbatTimes: number[] = [];
    const ratios: number[] = [];
    const time = async (side: Prepared): Promise<number> => {
      const t0 = performance.now();
      await side.run();
      return performance.now() - t0;
    };
    const budget = (options.seconds ?? 15) * 1000;
    const start = performance.now();
    const settled = (): boolean => {
      const elapsed = performance.now() - start;
      if (ratios.length < options.runs || elapsed < budget / 10) return false;
      return elapsed >= budget || medianError(ratios) <= TARGET_ERROR;
    };
    for (let r = 0; r < MAX_PAIRS && !settled(); r++) {
      let handMs: number, numbatMs: number;
      if (r % 2) {
        numbatMs = await time(numbat);
        handMs = await time(hand);
      } else {
        handMs = await time(hand);
        numbatMs = await time(numbat);
      }
      handTimes.push(handMs);
      numbatTimes.push(numbatMs);
      ratios.push(handMs / numbatMs);
    }
    const mismatch = compareResults(c, await hand.read(), await numbat.read());
    return {
      name: c.name,
      size: c.size,
      handMs: median(handTimes),
      numbatMs: median(numbatTimes),
      ratio: median(ratios),
      ratioQ1: quantile(ratios, 0.25),
      ratioQ3: quantile(ratios, 0.75),
      pairs: ratios.length,
      ratioError: medianError(ratios),
      mismatch,
      error: null,
    };
  });
}

/**
 * Launch overhead: a 1-element saxpy launched through numbat on resident NDArrays, against
 * the bare dispatch + onSubmittedWorkDone of numbat's own shader with a prebuilt bind group.
 */
export async function runOverhead(options: QualityOptions): Promise<OverheadResult> {
  const saxpy = qualityCases(options.scale).find((c) => c.name === 'saxpy')!;
  const k = kernel(saxpy.fn, { backend: 'webgpu' });
  const n = 1;
  const x = await toDevice(new Float32Array(n).fill(1), 'webgpu');
  const y = await toDevice(new Float32Array(n).fill(2), 'webgpu');
  const out = await toDevice(new Float32Array(n), 'webgpu');
  const arrays: NDArray[] = [x, y, out];
  try {
    const code = (await k.inspect(n, 2.5, x, y, out)).code;
    const one: QualityCase = {
      ...saxpy,
      grid: [n],
      args: [
        { name: 'a', scalar: 2.5 },
        { name: 'x', array: new Float32Array(n).fill(1) },
        { name: 'y', array: new Float32Array(n).fill(2) },
        { name: 'out', array: new Float32Array(n), output: true },
      ],
    };
    const iterations = Math.max(options.runs * 10, 50);
    return await withGpu(async (s) => {
      const device = s.device;
      const inputs = new Map<string, GPUBuffer>();
      for (const a of one.args)
        if ('array' in a && !a.output) inputs.set(a.name, storageBuffer(device, a.array));
      const bare = prepareNumbat(
        device,
        one,
        parseNumbatLayout(code),
        await pipelineOf(device, code, 'saxpy (bare)'),
        inputs,
      );
      for (let w = 0; w < 20; w++) {
        await bare.run();
        await k.launch(n, 2.5, x, y, out);
      }
      const bareTimes: number[] = [];
      const launchTimes: number[] = [];
      for (let r = 0; r < iterations; r++) {
        let t0 = performance.now();
        await bare.run();
        bareTimes.push(performance.now() - t0);
        t0 = performance.now();
        await k.launch(n, 2.5, x, y, out);
        launchTimes.push(performance.now() - t0);
      }
      const bareMs = median(bareTimes);
      const launchMs = median(launchTimes);
      return { bareMs, launchMs, addedMs: launchMs - bareMs };
    });
  } finally {
    for (const a of arrays) a.dispose();
  }
}

/** The report: one line per case and the overhead, with the goals. */
export function formatQuality(
  results: readonly QualityResult[],
  overhead: OverheadResult | null,
  device: string,
): string {
  const lines = [
    `webgpu code quality — numbat's WGSL vs hand-written WGSL, ${device} (ratio = median over interleaved pairs of hand time / numbat time, IQR = its quartiles; goal ≥ 0.95)`,
  ];
  lines.push(
    `  ${'case'.padEnd(11)}${'size'.padEnd(26)}${'hand ms'.padStart(10)}${'numbat ms'.padStart(11)}${'pairs'.padStart(7)}${'ratio'.padStart(8)}${'± s.e.'.padStart(8)}  ${'IQR'.padEnd(13)}  goal`,
  );
  for (const r of results) {
    const goal = r.error
      ? `ERROR ${r.error}`
      : r.mismatch
        ? `MISMATCH ${r.mismatch}`
        : r.ratio >= 0.95
          ? 'PASS'
          : 'MISS';
    const iqr = `${r.ratioQ1.toFixed(3)}–${r.ratioQ3.toFixed(3)}`;
    lines.push(
      `  ${r.name.padEnd(11)}${r.size.padEnd(26)}${r.handMs.toFixed(3).padStart(10)}${r.numbatMs.toFixed(3).padStart(11)}${String(r.pairs).padStart(7)}${r.ratio.toFixed(3).padStart(8)}${r.ratioError.toFixed(3).padStart(8)}  ${iqr.padEnd(13)}  ${goal}`,
    );
  }
  if (overhead) {
    const goal = overhead.addedMs <= 0.2 ? 'PASS' : 'MISS';
    lines.push(
      `  launch overhead on resident NDArrays: bare dispatch + fence ${overhead.bareMs.toFixed(3)} ms, numbat launch ${overhead.launchMs.toFixed(3)} ms, added ${overhead.addedMs.toFixed(3)} ms (goal ≤ 0.2 ms) ${goal}`,
    );
  }
  return lines.join('\n');
}
