// packing.test.ts — kernels with more arrays than the adapter's storage-buffer limit
// (maxStorageBuffersPerShaderStage): read-only arrays packed into one binding (codegen
// choice, results on the device with host and resident arrays, reads past a packed
// array's end staying inside it), the n-body step through the public API, and the clear
// refusal of a kernel that packing cannot fit.

import { afterAll, describe, expect, test } from 'vitest';
import { refuseWebGpu, webgpuBackend, WebGpuStorage } from '../../src/backends/webgpu/index.js';
import { checkBindingSizes } from '../../src/backends/webgpu/launch.js';
import { generateWgsl } from '../../src/jit/codegen/wgsl.js';
import type { Expr, IrBuffer, IrKernel, Stmt } from '../../src/jit/ir/ir.js';
import type { LaunchBuffer } from '../../src/backends/backend.js';
import type { DType } from '../../src/jit/types/dtype.js';
import { nbodyStep } from '../../src/kernels/index.js';
import type { Kernel } from '../../src/index.js';
import { runGpuTests, webgpuStatus } from './env.js';
import { bin, c, cast, load, loc, store } from './irKernels.js';

afterAll(() => webgpuBackend.shutdown?.());

/** The adapter's limit (WebGPU guarantees 8). */
const limit =
  typeof webgpuStatus.info['maxStorageBuffersPerShaderStage'] === 'number'
    ? webgpuStatus.info['maxStorageBuffersPerShaderStage']
    : 8;

const DTYPES: readonly DType[] = ['f32', 'i32', 'u32', 'i16'];

/**
 * `inputs` read-only arrays of mixed dtypes and one f32 output:
 *   out[i] = Σ_k in_k[i + shift] * (k + 1)   (in_0 is also summed over all j in a loop: the hot one)
 */
function wide(inputs: number): IrKernel {
  const buffers: IrBuffer[] = [];
  for (let k = 0; k < inputs; k++)
    buffers.push({
      name: `in${k}`,
      dtype: DTYPES[k % DTYPES.length]!,
      read: true,
      written: false,
      argIndex: k,
    });
  buffers.push({ name: 'out', dtype: 'f32', read: false, written: true, argIndex: inputs });
  const at = bin('+', loc('i'), { k: 'scalar', t: 'i32', index: 0 });
  let sum: Expr = c(0);
  for (let k = 0; k < inputs; k++)
    sum = bin(
      '+',
      sum,
      bin(
        '*',
        cast(
          load(
            k,
            at,
            buffers[k]!.dtype === 'f32' ? 'f32' : buffers[k]!.dtype === 'u32' ? 'u32' : 'i32',
          ),
          'f32',
        ),
        c(k + 1),
      ),
    );
  const body: Stmt[] = [
    { k: 'let', name: 'acc', t: 'f32', init: sum },
    {
      k: 'loop',
      label: 'L',
      cond: bin('<', loc('j'), { k: 'scalar', t: 'i32', index: 1 }, 'bool'),
      body: [
        { k: 'assign', name: 'acc', value: bin('+', loc('acc', 'f32'), load(0, loc('j'), 'f32')) },
      ],
      update: [{ k: 'assign', name: 'j', value: bin('+', loc('j'), c(1, 'i32')) }],
      postCond: null,
    },
    store(inputs, loc('i'), loc('acc', 'f32')),
  ];
  return {
    name: 'wide',
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    buffers,
    localArrays: [],
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: false },
    scalars: [
      { name: 'shift', type: 'i32', source: { kind: 'arg', argIndex: inputs + 1 } },
      { name: 'len0', type: 'i32', source: { kind: 'length', buffer: 0 } },
    ],
    body: [{ k: 'let', name: 'j', t: 'i32', init: c(0, 'i32') }, ...body],
  };
}

/** `outputs` written arrays: out_k[i] = i + k. Nothing read-only to pack. */
function writesOnly(outputs: number): IrKernel {
  return {
    name: 'writesOnly',
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    localArrays: [],
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    scalars: [],
    uses: { atomics: false, random: false, f64: false },
    buffers: Array.from(
      { length: outputs },
      (_, k): IrBuffer => ({
        name: `out${k}`,
        dtype: 'i32',
        read: false,
        written: true,
        argIndex: k,
      }),
    ),
    body: Array.from({ length: outputs }, (_, k) =>
      store(k, loc('i'), bin('+', loc('i'), c(k, 'i32'))),
    ),
  };
}

/** Input k's values: distinct per array (k·1000 + small), so a value shows which array it came from. */
function inputData(k: number, n: number): Float32Array | Int32Array | Uint32Array | Int16Array {
  const values = Array.from({ length: n }, (_, i) => k * 1000 + ((i * 7 + k) % 50));
  const dtype = DTYPES[k % DTYPES.length]!;
  return dtype === 'f32'
    ? Float32Array.from(values)
    : dtype === 'i32'
      ? Int32Array.from(values)
      : dtype === 'u32'
        ? Uint32Array.from(values)
        : Int16Array.from(values.map((v) => v % 30000));
}

function reference(inputs: readonly ArrayLike<number>[], n: number, shift: number): Float32Array {
  const out = new Float32Array(n);
  const hot = inputs[0]!;
  let hotSum = 0;
  for (let j = 0; j < hot.length; j++) hotSum = Math.fround(hotSum + hot[j]!);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    inputs.forEach((a, k) => {
      acc = Math.fround(acc + Math.fround(a[i + shift]! * (k + 1)));
    });
    out[i] = Math.fround(acc + hotSum);
  }
  return out;
}

test('past the limit, the fewest and coldest read-only arrays share one binding', () => {
  const ir = wide(13); // 14 storage buffers
  expect(generateWgsl(ir).packed).toEqual([]);
  const program = generateWgsl(ir, { maxStorageBuffers: 12 });
  // Three arrays in one binding save the two needed; in0 (loaded in the loop) stays on its own.
  expect(program.packed).toHaveLength(3);
  expect(program.packed).not.toContain(0);
  const bindings = new Set(program.buffers.map((b) => b.binding));
  expect(bindings.size).toBe(12);
  expect(program.packBinding).not.toBeNull();
  for (const [slot, i] of program.packed.entries())
    expect(program.buffers[i]).toMatchObject({
      binding: program.packBinding,
      packSlot: slot,
      access: 'read',
    });
  expect(program.code).toContain('var<storage, read> nb_pack: array<u32>;');
  expect(program.uniform.bytes).toBeGreaterThanOrEqual(
    (program.uniform.packs + 2 * program.packed.length) * 4,
  );
  expect(() => generateWgsl(writesOnly(13), { maxStorageBuffers: 12 })).toThrow(
    /internal error.*cannot be packed/,
  );
});

test('a binding over maxStorageBufferBindingSize is a RangeError naming the array, or the packed ones', () => {
  const ir = wide(13);
  const program = generateWgsl(ir, { maxStorageBuffers: 12 });
  const buffers = ir.buffers.map(
    (b): LaunchBuffer => ({ kind: 'host', data: new Float32Array(b.written ? 64 : 16) }),
  );
  expect(() => checkBindingSizes(ir, program, buffers, 256)).not.toThrow();
  // The output (64 words) alone is over 128 bytes; so, together, are the packed inputs.
  expect(() => checkBindingSizes(ir, program, buffers, 128)).toThrow(
    new RegExp(
      `array parameter '${ir.buffers.find((b) => b.written)!.name}' takes 256 bytes.*maxStorageBufferBindingSize`,
    ),
  );
  const small = ir.buffers.map((): LaunchBuffer => ({ kind: 'host', data: new Float32Array(16) }));
  const packedNames = program.packed.map((i) => ir.buffers[i]!.name);
  expect(() => checkBindingSizes(ir, program, small, 100)).toThrow(
    new RegExp(
      `read-only arrays '${packedNames[0]}'.*take ${64 * packedNames.length} bytes together`,
    ),
  );
});

describe.runIf(runGpuTests)('packed arrays on the device', () => {
  const host = (data: ArrayLike<number> & { buffer: ArrayBufferLike }): LaunchBuffer => ({
    kind: 'host',
    data: data as never,
  });

  test(`a kernel with ${limit + 2} storage buffers runs and matches the JS reference (host arrays)`, async () => {
    const inputs = limit + 1;
    const ir = wide(inputs);
    expect(refuseWebGpu(ir)).toBeNull();
    const compiled = await webgpuBackend.compile(ir);
    expect(compiled.notes.join('\n')).toMatch(
      /share one storage binding to fit this device's \d+ storage buffers per shader/,
    );
    const n = 1000;
    const data = Array.from({ length: inputs }, (_, k) => inputData(k, n));
    const out = new Float32Array(n);
    await compiled.run({
      buffers: [...data.map(host), host(out)],
      scalars: [0, n],
      grid: [n],
      total: n,
    });
    expect(out).toEqual(reference(data, n, 0));
  });

  test('resident arrays are packed on the device; a read past a packed array stays inside it', async () => {
    const inputs = limit + 1;
    const ir = wide(inputs);
    const compiled = await webgpuBackend.compile(ir);
    const n = 300;
    const data = Array.from({ length: inputs }, (_, k) => inputData(k, n));
    const storages = await Promise.all(
      data.map(async (d, k) => {
        const s = await webgpuBackend.allocate(DTYPES[k % DTYPES.length]!, n);
        await s.write(d as never);
        return s;
      }),
    );
    const out = await webgpuBackend.allocate('f32', n);
    const dev = (s: typeof out): LaunchBuffer => ({ kind: 'device', storage: s });
    await compiled.run({
      buffers: [...storages.map(dev), dev(out)],
      scalars: [0, n],
      grid: [n],
      total: n,
    });
    expect(await out.read()).toEqual(reference(data, n, 0));

    // Every input read at i + shift, only input `chosen` kept: past the end, a packed
    // array gives its own last element, never a neighbour's value.
    const shifted = (chosen: number): IrKernel => {
      const at = bin('+', loc('i'), { k: 'scalar', t: 'i32', index: 0 });
      const terms = ir.buffers
        .slice(0, inputs)
        .map((_, k) => bin('*', cast(load(k, at, 'i32'), 'f32'), c(k === chosen ? 1 : 0)));
      return {
        ...ir,
        body: [
          store(
            inputs,
            loc('i'),
            terms.reduce((a, b) => bin('+', a, b)),
          ),
        ],
      };
    };
    const packed = generateWgsl(shifted(-1), { maxStorageBuffers: limit }).packed;
    expect(packed.length).toBeGreaterThan(1);
    for (const chosen of [packed[0]!, packed[packed.length - 1]!]) {
      const probe = await webgpuBackend.compile(shifted(chosen));
      await probe.run({
        buffers: [...storages.map(dev), dev(out)],
        scalars: [n + 5, n],
        grid: [4],
        total: 4,
      });
      expect(Array.from((await out.read()).subarray(0, 4))).toEqual(
        [0, 1, 2, 3].map(() => data[chosen]![n - 1]!),
      );
    }
    for (const s of [...storages, out]) s.free();
    expect(storages[0]).toBeInstanceOf(WebGpuStorage);
  });

  test('boundsCheck names a packed array read past its end', async () => {
    const inputs = limit; // limit + 1 arrays and the error buffer
    const ir: IrKernel = { ...wide(inputs), boundsCheck: true };
    const compiled = await webgpuBackend.compile(ir);
    const packed = generateWgsl(ir, { maxStorageBuffers: limit }).packed;
    expect(packed.length).toBeGreaterThan(1);
    const n = 50;
    const data = Array.from({ length: inputs }, (_, k) => inputData(k, n));
    // Shorten one packed array: reading index n - 1 of it is out of range.
    const short = packed[packed.length - 1]!;
    const buffers = data.map((d, k) => host(k === short ? d.subarray(0, n - 1) : d));
    const run = compiled.run({
      buffers: [...buffers, host(new Float32Array(n))],
      scalars: [0, n],
      grid: [n],
      total: n,
    });
    await expect(run).rejects.toThrow(
      new RegExp(`index ${n - 1} is out of range \\[0, ${n - 1}\\) for parameter 'in${short}'`),
    );
    const out = new Float32Array(n);
    await compiled.run({
      buffers: [...data.map(host), host(out)],
      scalars: [0, n],
      grid: [n],
      total: n,
    });
    expect(out).toEqual(reference(data, n, 0));
  });

  test(`a kernel packing cannot fit is refused, naming the limit`, async () => {
    const ir = writesOnly(limit + 1);
    expect(refuseWebGpu(ir)).toMatch(
      new RegExp(
        `needs ${limit + 1} storage buffers \\(fewer than two read-only arrays to pack into one\\) and this adapter allows ${limit} per shader \\(maxStorageBuffersPerShaderStage\\)`,
      ),
    );
    await expect(webgpuBackend.compile(ir)).rejects.toThrow(
      /reached the webgpu compiler although refused/,
    );
    // limit + 3 buffers of which two read-only: packed, still limit + 2.
    const twoReadOnly = wide(limit + 2);
    const almost = {
      ...twoReadOnly,
      buffers: twoReadOnly.buffers.map((b, i) => (i < limit ? { ...b, written: true } : b)),
    };
    expect(refuseWebGpu(almost)).toMatch(
      new RegExp(
        `needs ${limit + 3} storage buffers, still ${limit + 2} with all its read-only arrays packed into one,`,
      ),
    );
  });

  test('the n-body step (13 arrays) on webgpu matches the js backend', async () => {
    const n = 256;
    const inputs = Array.from({ length: 7 }, (_, k) =>
      Float32Array.from({ length: n }, (_, i) =>
        k === 6 ? 0.5 + ((i * 13) % 7) / 7 : Math.sin(i * 1.7 + k) * (k < 3 ? 1 : 0.1),
      ),
    );
    const results = await Promise.all(
      (['js', 'webgpu'] as const).map(async (backend) => {
        const outputs = Array.from({ length: 6 }, () => new Float32Array(n));
        // Arguments spread from arrays: the untyped Kernel (a tuple type cannot see their count).
        await (nbodyStep.with({ backend }) as Kernel).launch(n, ...inputs, ...outputs, 0.001, 0.01);
        return outputs;
      }),
    );
    const [js, gpu] = results as [Float32Array[], Float32Array[]];
    for (let a = 0; a < 6; a++) {
      for (let i = 0; i < n; i++)
        expect(Math.abs(gpu[a]![i]! - js[a]![i]!)).toBeLessThanOrEqual(
          1e-4 * Math.max(1, Math.abs(js[a]![i]!)),
        );
    }
  });
});
