// run.test.ts — hand-built IR kernels compiled to WGSL and run through Dawn, compared
// with plain-JS references; device arrays; boundsCheck errors; WGSL validation failures.

import { afterAll, describe, expect, test } from 'vitest';
import { webgpuBackend, type WebGpuStorage } from '../../src/backends/webgpu/index.js';
import { random as randomRef } from '../../src/jit/ops/intrinsics.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';
import type { LaunchBuffer } from '../../src/backends/backend.js';
import type { TypedArray } from '../../src/jit/types/dtype.js';
import { runGpuTests, webgpuRequired, webgpuStatus } from './env.js';
import * as K from './irKernels.js';

afterAll(() => webgpuBackend.shutdown?.());

const host = (data: TypedArray): LaunchBuffer => ({ kind: 'host', data });

async function run(
  ir: IrKernel,
  buffers: LaunchBuffer[],
  scalars: number[],
  grid: number[],
): Promise<number | undefined> {
  const compiled = await webgpuBackend.compile(ir);
  return compiled.run({ buffers, scalars, grid, total: grid.reduce((a, b) => a * b, 1) });
}

/** Element-wise equality (Object.is) that stays fast on millions of elements. */
function expectSameArray(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]))
      expect({ index: i, value: got[i] }).toEqual({ index: i, value: want[i] });
  }
}

/**
 * f32 results within a couple of roundings (relative to the operands' magnitude) of the
 * reference: the GPU may fuse a*x+y into an FMA or round each step, where JavaScript
 * rounds the f64 result once.
 */
function expectCloseF32(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  magnitude: (i: number) => number,
): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    const tolerance = 2 * 2 ** -23 * Math.max(magnitude(i), 1e-30);
    if (!(Math.abs(g - w) <= tolerance))
      expect({ index: i, value: g }).toEqual({ index: i, value: w });
  }
}

/** Deterministic test data. */
function floats(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(randomRef(seed, i) * 200 - 100);
  return out;
}

test('webgpu availability', () => {
  if (!webgpuStatus.available) {
    if (webgpuRequired)
      throw new Error(
        `webgpu is required by NUMBAT_REQUIRE_BACKENDS but unavailable: ${webgpuStatus.reason}`,
      );
    console.log(`[numbat tests] webgpu skipped: ${webgpuStatus.reason}`);
    return;
  }
  expect(webgpuStatus.info).toHaveProperty('vendor');
});

describe.runIf(runGpuTests)('webgpu through Dawn', () => {
  test('saxpy matches the JS reference (folded grid past 65 535 workgroups)', async () => {
    const n = 65535 * 64 + 1000; // needs a y fold
    const x = floats(n, 1);
    const y = floats(n, 2);
    const out = new Float32Array(n);
    await run(K.saxpy, [host(x), host(y), host(out)], [2.5], [n]);
    const expected = new Float32Array(n);
    K.saxpyRef(2.5, x, y, expected);
    expectCloseF32(out, expected, (i) => Math.abs(2.5 * x[i]!) + Math.abs(y[i]!));
  });

  test('sum reduce is close to the f64 sum and the same on every run', async () => {
    const x = floats(300_001, 3);
    const a = await run(K.sumSquares, [host(x)], [], [x.length]);
    const b = await run(K.sumSquares, [host(x)], [], [x.length]);
    let exact = 0;
    for (const v of x) exact += v * v;
    expect(a).toBe(b);
    expect(Math.abs(a! - exact) / exact).toBeLessThan(1e-5);
    expect(await run(K.sumSquares, [host(new Float32Array(0))], [], [0])).toBe(0);
  });

  test('max reduce with early return skips non-contributing indices', async () => {
    const x = Int32Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 10007) - 5000);
    const got = await run(K.maxPositive, [host(x)], [], [x.length]);
    expect(got).toBe(Math.max(...x.filter((v) => v >= 0)));
    const none = await run(K.maxPositive, [host(new Int32Array([-1, -2]))], [], [2]);
    expect(none).toBe(-Infinity);
  });

  test('mandelbrot (2-D grid, while + break) matches the f32 reference exactly', async () => {
    const rows = 60,
      cols = 90,
      maxIter = 100;
    const out = new Int32Array(rows * cols);
    await run(K.mandelbrot, [host(out)], [rows, cols, maxIter], [rows, cols]);
    expect(out).toEqual(K.mandelbrotRef(rows, cols, maxIter));
  });

  test('if/else, early return, f32 % and sqrt', async () => {
    const x = floats(1000, 4);
    x[3] = 0;
    const out = new Float32Array(1000).fill(7);
    const expected = out.slice();
    await run(K.branches, [host(x), host(out)], [], [1000]);
    K.branchesRef(x, expected);
    for (let i = 0; i < 1000; i++) expect(out[i]).toBeCloseTo(expected[i]!, 4);
    expect(out[3]).toBe(7);
  });

  test('atomicAdd on i32 and f32 counts every index', async () => {
    const n = 10_000;
    const x = Int32Array.from({ length: n }, (_, i) => (i * 31) % 97);
    const counts = new Int32Array(8);
    const total = new Float32Array(1);
    await run(K.histogram, [host(x), host(counts), host(total)], [], [n]);
    const expected = new Int32Array(8);
    for (const v of x) expected[v & 7]!++;
    expect(counts).toEqual(expected);
    expect(total[0]).toBe(x.reduce((a, b) => a + b, 0)); // integers below 2^24: exact in any order
  });

  test('random gives the CPU values bit for bit', async () => {
    const n = 4096;
    const out = new Float32Array(n);
    await run(K.randoms, [host(out)], [-123456], [n]);
    const expected = Float32Array.from({ length: n }, (_, i) => randomRef(-123456, i));
    expect(out).toEqual(expected);
  });

  test('random in a reduce (seed hashed once per invocation) gives the CPU values', async () => {
    const n = 10_000;
    for (const [seed, fseed] of [
      [-123456, 77.9],
      [7, -3.2],
    ] as const) {
      const got = await run(K.randomBytesSum, [], [seed, fseed], [n]);
      let expected = 0;
      for (let i = 0; i < n; i++)
        expected += Math.trunc(randomRef(seed, i) * 256) + Math.trunc(randomRef(fseed, i) * 256);
      expect(got).toBe(expected);
    }
  });

  test('labelled break and continue across nested loops', async () => {
    const out = new Int32Array(50);
    await run(K.labelled, [host(out)], [50], [50]);
    expect(out).toEqual(K.labelledRef(50));
  });

  test('JS semantics: ToInt32 wrap, i32 % 0, shift masks, **, Math.round, min with NaN, i8 stores', async () => {
    const xs = [
      3.7,
      -3.7,
      2.5,
      -2.5,
      -0.5,
      0.49999997,
      3e9,
      -3e9,
      1e10,
      NaN,
      Infinity,
      -Infinity,
      127.9,
      200,
      -129,
      0,
    ];
    const ks = [0, 1, 2, 3, 31, 32, 33, -1, 5, 7, 0, 2, 1, 3, 2, 0];
    const x = Float32Array.from(xs);
    const k = Int32Array.from(ks);
    const n = xs.length;
    const ints = new Int32Array(4 * n);
    const fl = new Float32Array(4 * n);
    const bytes = new Int8Array(n);
    await run(K.semantics, [host(x), host(k), host(ints), host(fl), host(bytes)], [], [n]);
    const ref = K.semanticsRef(x, k);
    expect(ints).toEqual(ref.ints);
    expect(bytes).toEqual(ref.bytes);
    for (let i = 0; i < 4 * n; i++) {
      const want = ref.floats[i]!;
      const got = fl[i]!;
      if (Number.isNaN(want) || !Number.isFinite(want) || want === 0) expect(got).toBe(want);
      else expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    }
  });

  test('boundsCheck reports the first out-of-range access with the parameter and index', async () => {
    const x = floats(100, 5);
    const out = new Float32Array(100);
    await expect(run(K.shifted, [host(x), host(out)], [0], [100])).resolves.toBeUndefined();
    expect(out).toEqual(x);
    const compiled = await webgpuBackend.compile(K.shifted, {
      describeSite: (span, p) => `parameter '${p}' at offset ${span.start}`,
    });
    const failing = compiled.run({
      buffers: [host(x), host(new Float32Array(100))],
      scalars: [99],
      grid: [2],
      total: 2,
    });
    await expect(failing).rejects.toThrow(
      /index 100 is out of range \[0, 100\) for parameter 'x' at offset 40/,
    );
    await expect(run(K.shifted, [host(x), host(out)], [-5], [3])).rejects.toThrow(
      /index -5 is out of range.*'x' of kernel 'shifted'/,
    );
  });

  test('device arrays: allocate zero-filled, write, launch with no copy, read back', async () => {
    const xs = (await webgpuBackend.allocate('f32', 1000)) as WebGpuStorage;
    const ys = await webgpuBackend.allocate('f32', 1000);
    const outs = await webgpuBackend.allocate('f32', 1000);
    expect(await outs.read()).toEqual(new Float32Array(1000));
    const x = floats(1000, 6);
    const y = floats(1000, 7);
    await xs.write(x);
    await ys.write(y);
    const dev = (s: typeof xs | typeof ys): LaunchBuffer => ({ kind: 'device', storage: s });
    await run(K.saxpy, [dev(xs), dev(ys), dev(outs)], [-1.5], [1000]);
    const expected = new Float32Array(1000);
    K.saxpyRef(-1.5, x, y, expected);
    expectCloseF32(await outs.read(), expected, (i) => Math.abs(1.5 * x[i]!) + Math.abs(y[i]!));
    expect(await xs.read()).toEqual(x);
    for (const s of [xs, ys, outs]) s.free();
    await expect(xs.read()).rejects.toThrow(/disposed/);
  });

  test('small integer device arrays round trip through 32-bit storage', async () => {
    for (const src of [
      Int8Array.from([-128, -1, 0, 1, 127]),
      Uint8Array.from([0, 1, 200, 255]),
      Int16Array.from([-32768, 5, 32767]),
      Uint16Array.from([0, 65535, 7]),
    ]) {
      const dtype = (
        { Int8Array: 'i8', Uint8Array: 'u8', Int16Array: 'i16', Uint16Array: 'u16' } as const
      )[src.constructor.name as 'Int8Array'];
      const s = await webgpuBackend.allocate(dtype, src.length);
      await s.write(src);
      const back = await s.read();
      expect(back.constructor).toBe(src.constructor);
      expect(back).toEqual(src);
      s.free();
    }
  });

  test('a resident array survives the idle release of the device', async () => {
    const s = await webgpuBackend.allocate('i32', 3);
    await s.write(Int32Array.from([4, 5, 6]));
    await webgpuBackend.shutdown!(); // what the idle timer does: evict, destroy, drop Dawn
    expect(await s.read()).toEqual(Int32Array.from([4, 5, 6]));
    s.free();
  });

  test('WGSL that fails validation is an internal error showing the line', async () => {
    const { pipelinesFor } = await import('../../src/backends/webgpu/launch.js');
    const { withGpu } = await import('../../src/backends/webgpu/gpu.js');
    const { generateWgsl } = await import('../../src/jit/codegen/wgsl.js');
    const program = generateWgsl(K.saxpy);
    const broken = {
      ...program,
      code: program.code.replace('b2[v_i] =', 'b2[v_i] = undefined_name +'),
    };
    const attempt = withGpu((s) => pipelinesFor(s, K.saxpy, broken));
    await expect(attempt).rejects.toThrow(
      /numbat internal error.*failed validation[\s\S]*undefined_name[\s\S]*--- generated code ---/,
    );
  });
});
