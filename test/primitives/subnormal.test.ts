// subnormal.test.ts — the one documented way the primitives may differ between backends
// (README, "Subnormal floats on WebGPU"): a device that flushes f32 subnormals treats them
// as zero in comparisons and arithmetic. CPU backends must give the exact answer; WebGPU
// the exact answer or the answer for the input with its subnormals replaced by zero —
// nothing else.

import { expect, it } from 'vitest';
import { argmin, histogram, scan, sort } from '../../src/kernels/index.js';
import { jitDisabled } from '../harness/backends.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const x = new Float32Array([1e-45, -1e-45, 3e-39, -3e-39, 0.25, -0.5]);

/** x with every subnormal replaced by a zero of its sign (what a flushing device sees). */
const flushed = x.map((v) => (v !== 0 && Math.abs(v) < 2 ** -126 ? (v < 0 ? -0 : 0) : v));

/** Plain-JS references, written out here independently of the library. */
function counts(data: Float32Array, bins: number, lo: number, hi: number): number[] {
  // The documented edges, compared directly (a formula (v − lo)/w would round −1e-45 into
  // the upper bin): bin k holds lo + k·w ≤ v < lo + (k+1)·w, v = hi in the last.
  const w = (hi - lo) / bins;
  const c = new Array<number>(bins).fill(0);
  for (const v of data) {
    if (!(v >= lo && v <= hi)) continue;
    let k = bins - 1;
    while (k > 0 && v < lo + k * w) k--;
    c[k]!++;
  }
  return c;
}
function prefix(data: Float32Array): number[] {
  const out: number[] = [];
  let acc = 0;
  data.forEach((v, i) => {
    acc = i === 0 ? v : Math.fround(acc + v);
    out.push(acc);
  });
  return out;
}
function firstMin(data: Float32Array): number {
  let k = 0;
  for (let i = 1; i < data.length; i++) if (data[i]! < data[k]!) k = i;
  return k;
}

describeEachBackend('subnormal f32 data in the primitives', (backend) => {
  const mayFlush = backend === 'webgpu' && !jitDisabled();
  /** The answers a backend may give: the exact one, and on WebGPU the flushed one too. */
  const allowed = <T>(f: (d: Float32Array) => T): T[] => (mayFlush ? [f(x), f(flushed)] : [f(x)]);

  it('histogram bins them by value (or as zero where the device flushes)', async () => {
    const got = Array.from(await histogram(x, 2, { range: [-1, 1], backend }));
    expect(allowed((d) => counts(d, 2, -1, 1))).toContainEqual(got);
  });

  it('histogram with a subnormal range edge: zeros below it are never counted (probe 4)', async () => {
    // A flushing device compared the threshold 1e-40 as 0 and counted the zeros: [4, 1].
    const z = new Float32Array([0, 0, 0, 0.5, -0]);
    for (const [lo, hi] of [
      [1e-40, 1],
      [1e-300, 1e-299],
      [3e-39, 0.5],
    ] as const) {
      const got = Array.from(await histogram(z, 2, { range: [lo, hi], backend }));
      expect(got, `[${lo}, ${hi}]`).toEqual(counts(z, 2, lo, hi));
    }
  });

  it('scan adds them (or zero where the device flushes)', async () => {
    // The first element is stored, not added: scan the rest after a leading 0.25.
    const y = new Float32Array([0.25, ...x.subarray(0, 4)]);
    const yf = new Float32Array([0.25, ...flushed.subarray(0, 4)]);
    const got = Array.from(await scan(y, 'sum', { backend }));
    const want = mayFlush ? [prefix(y), prefix(yf)] : [prefix(y)];
    expect(want).toContainEqual(got);
  });

  it('argmin compares them (or as zero where the device flushes)', async () => {
    const tiny = x.subarray(0, 4);
    const tinyFlushed = flushed.subarray(0, 4);
    const got = await argmin(tiny, { backend });
    expect(mayFlush ? [firstMin(tiny), firstMin(tinyFlushed)] : [firstMin(tiny)]).toContain(got);
  });

  it('sort orders them by value on every backend (it compares bits)', async () => {
    const got = Array.from(await sort(x, { backend }));
    const want = Array.from(x).sort((a, b) => a - b);
    expect(got).toEqual(want);
  });
});
