// reduce-order.test.ts — every CPU backend computes a reduction in one association order
// (src/jit/reduceOrder.ts) with f64 accumulation, so their results are bit-identical and
// `auto` can never change an answer (issue 10, item 4). Before, wasm summed Float32Array
// values in f32 (1e6 × 0.1 gave 100002.1484375 against 100000.00149011612 on js) and the
// three backends associated differently.

import { expect, it, describe } from 'vitest';
import { kernel, toDevice, u32 } from '../../src/index.js';
import { whenAutoProbed } from '../../src/runtime/slowProbes.js';
import { available } from '../harness/eachBackend.js';
import { combineInOrder } from '../harness/plain.js';

const CPU = ['js', 'workers', 'wasm'].filter(available) as ('js' | 'workers' | 'wasm')[];

async function onEveryCpuBackend(
  k: ReturnType<typeof kernel>,
  grid: number | number[],
  ...args: unknown[]
): Promise<number[]> {
  const out: number[] = [];
  for (const backend of CPU) out.push((await k.with({ backend }).launch(grid, ...args))!);
  return out;
}

describe('reductions on the CPU backends', () => {
  it('sum Float32Array values in f64: 1e6 × 0.1', async () => {
    const x = new Float32Array(1e6).fill(0.1);
    const sum = kernel((i: number, x: Float32Array) => x[i]!, { reduce: 'sum' });
    const expected = combineInOrder('sum', Array.from(x));
    for (const got of await onEveryCpuBackend(sum, x.length, x)) expect(got).toBe(expected!);
    expect(Math.abs(expected! - 100000.00149011612)).toBeLessThan(1e-6);
  });

  it.each([1, 3, 4, 5, 63, 64, 65, 257, 4099, 16_383, 16_387, 100_003, 1_000_001])(
    'sum, prod, min, max and a custom combiner agree bit for bit (n = %i)',
    async (n) => {
      const x = Float64Array.from(
        { length: n },
        (_, i) => Math.sin(i * 1.7) * 1e3 + (i % 7) * 1e-7,
      );
      const kernels = {
        sum: kernel((i: number, x: Float64Array) => x[i]! * 1.5, { reduce: 'sum' }),
        prod: kernel((i: number, x: Float64Array) => 1 + x[i]! * 1e-6, { reduce: 'prod' }),
        min: kernel((i: number, x: Float64Array) => x[i]!, { reduce: 'min' }),
        max: kernel((i: number, x: Float64Array) => x[i]!, { reduce: 'max' }),
        custom: kernel((i: number, x: Float64Array) => x[i]!, {
          reduce: (a: number, b: number) => a + b + a * b * 1e-12,
        }),
        f32sum: kernel((i: number, x: Float64Array) => Math.fround(x[i]!), { reduce: 'sum' }),
      };
      for (const [name, k] of Object.entries(kernels)) {
        const results = await onEveryCpuBackend(k, n, x);
        expect(
          new Set(results.map((v) => (Object.is(v, -0) ? '-0' : String(v)))).size,
          `${name}: ${results.join(', ')}`,
        ).toBe(1);
      }
    },
  );

  it('combiners of u32 values: a u32 minimum and (a ^ b) >>> 0 are accepted and exact', async () => {
    const x = Uint32Array.from([5, 3, 4294967295, 7, 2147483648, 12345]);
    const min = kernel((i: number, x: Uint32Array) => x[i]!, {
      reduce: (a: number, b: number) => (u32(a) < u32(b) ? a : b),
    });
    const xor = kernel((i: number, x: Uint32Array) => x[i]!, {
      reduce: (a: number, b: number) => (a ^ b) >>> 0,
    });
    const plainXor = Array.from(x).reduce((a, b) => (a ^ b) >>> 0);
    for (const got of await onEveryCpuBackend(min, x.length, x)) expect(got).toBe(3);
    for (const got of await onEveryCpuBackend(xor, x.length, x)) expect(got).toBe(plainXor);
  });

  it('a 2-D and a 3-D grid with rows that do not start on a multiple of four', async () => {
    const x = Float32Array.from({ length: 7 * 13 * 5 }, (_, i) => Math.fround(Math.cos(i) * 3));
    const two = kernel((i: number, j: number, x: Float32Array) => x[i * 13 + j]! * x[i * 13 + j]!, {
      reduce: 'sum',
    });
    const three = kernel(
      (i: number, j: number, k: number, x: Float32Array) => x[(i * 13 + j) * 5 + k]!,
      { reduce: 'sum' },
    );
    for (const [k, grid] of [
      [two, [35, 13]],
      [three, [7, 13, 5]],
    ] as const) {
      const results = await onEveryCpuBackend(k, [...grid], x);
      expect(new Set(results).size, results.join(', ')).toBe(1);
    }
  });

  it('integer sums are exact beyond 2^31 (f64 accumulation, as plain JavaScript)', async () => {
    const isum = kernel((i: number) => i, { reduce: 'sum' });
    const n = 1_000_003;
    for (const got of await onEveryCpuBackend(isum, n)) expect(got).toBe((n * (n - 1)) / 2);
    const big = kernel((i: number, x: Int32Array) => x[i]!, { reduce: 'sum' });
    const x = new Int32Array(5000).fill(2 ** 31 - 1);
    for (const got of await onEveryCpuBackend(big, x.length, x))
      expect(got).toBe(5000 * (2 ** 31 - 1));
  });

  it('auto gives the same value on every call while it explores backends', async () => {
    const x = Float32Array.from({ length: 300_001 }, (_, i) => Math.fround(1 / (i + 1)));
    const sum = kernel((i: number, x: Float32Array) => x[i]! * 3, { reduce: 'sum' });
    const prod = kernel((i: number, x: Float32Array) => 1 + x[i]! * 1e-3, { reduce: 'prod' });
    for (const k of [sum, prod]) {
      const values = new Set<number>();
      for (let r = 0; r < 8; r++) values.add((await k.launch(x.length, x))!);
      expect(values.size).toBe(1);
    }
  });
});

describe('reductions on webgpu', () => {
  it.runIf(available('webgpu'))(
    'integer sums accumulate in 64 bits (they wrapped at 2^31)',
    async () => {
      const isum = kernel((i: number) => i, { reduce: 'sum', backend: 'webgpu' });
      expect(await isum.launch(1_000_003)).toBe(500_002_500_003);
      const neg = kernel((i: number, x: Int32Array) => x[i]!, { reduce: 'sum', backend: 'webgpu' });
      expect(await neg.launch(3000, new Int32Array(3000).fill(-(2 ** 31)))).toBe(-3000 * 2 ** 31);
    },
  );

  it.runIf(available('webgpu'))(
    'an integer product is refused with the reason, not wrapped',
    async () => {
      const iprod = kernel((i: number, x: Int32Array) => x[i]!, {
        reduce: 'prod',
        backend: 'webgpu',
      });
      await expect(iprod.launch(4, Int32Array.of(1, 2, 3, 4))).rejects.toThrow(/wrap at 32 bits/);
    },
  );

  it.runIf(available('webgpu') && CPU.length > 0)(
    'auto keeps a float sum on the CPU unless its arrays live on the GPU',
    async () => {
      const sum = kernel((i: number, x: Float32Array) => x[i]!, { reduce: 'sum' });
      const x = new Float32Array(1 << 20).fill(0.5);
      // A launch this cheap runs on js before the probes (earlyChoice.ts): the usual choice
      // follows them.
      await sum.inspect(x.length, x);
      await whenAutoProbed();
      const info = await sum.inspect(x.length, x);
      expect(info.backend).not.toBe('webgpu');
      expect(info.reason).toMatch(/webgpu \(not chosen by auto for this reduction/);
      const onGpu = await toDevice(x, 'webgpu');
      const there = await sum.inspect(x.length, onGpu);
      expect(there.backend).toBe('webgpu');
      expect(await sum.launch(x.length, onGpu)).toBe(x.length / 2);
      onGpu.dispose();
    },
  );
});
