// toDevice / zeros / NDArray on the CPU backends, and launches on resident arrays.

import { describe, expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import ndarray from 'ndarray';
import { kernel, toDevice, zeros, NDArray, backends } from '../../src/index.js';

const cpuBackends = ['js', 'workers'] as const;

describe('backends()', () => {
  it('reports every backend with availability and a reason when unavailable', async () => {
    const list = await backends();
    expect(list.map((b) => b.name).sort()).toEqual(['js', 'wasm', 'webgpu', 'workers']);
    for (const b of list) {
      expect(typeof b.available).toBe('boolean');
      if (!b.available) expect(b.reason, `${b.name} must say why it is unavailable`).toMatch(/\w/);
    }
    expect(list.find((b) => b.name === 'js')!.available).toBe(true);
  });

  it('probes only the backends named, and names a wrong argument', async () => {
    const list = await backends(['wasm', 'js']);
    expect(list.map((b) => b.name)).toEqual(['wasm', 'js']);
    expect(list[1]!.available).toBe(true);
    await expect(backends('webgpu' as never)).rejects.toThrow(
      /backends\(names\): names must be an array of backend names \(js, workers, wasm, webgpu\), got "webgpu"/,
    );
    await expect(backends(['wasm', 'gpu' as never])).rejects.toThrow(TypeError);
  });
});

describe.each(cpuBackends)('NDArray on %s', (backend) => {
  it('round-trips a typed array', async () => {
    const x = new Float32Array([1, 2, 3, 4.5]);
    const d = await toDevice(x, backend);
    expect(d).toBeInstanceOf(NDArray);
    expect(d.backend).toBe(backend);
    expect(d.dtype).toBe('f32');
    expect(d.shape).toEqual([4]);
    const back = await d.toHost();
    expect(back).toBeInstanceOf(Float32Array);
    expect(Array.from(back)).toEqual([1, 2, 3, 4.5]);
    d.dispose();
    await expect(d.toHost()).rejects.toThrow(/disposed/);
  });

  it('round-trips a strided ndarray as an ndarray', async () => {
    const a = ndarray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]).transpose(1, 0);
    const d = await toDevice(a, backend);
    expect(d.shape).toEqual([3, 2]);
    const back = await d.toHost();
    expect(back.shape).toEqual([3, 2]);
    expect(back.get(2, 1)).toBe(a.get(2, 1));
    d.dispose();
  });

  it('launches on resident arrays and keeps them resident', async () => {
    const n = 1 << 15;
    const saxpy = kernel(
      (i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) => {
        out[i] = a * x[i]! + y[i]!;
      },
    );
    const xs = new Float32Array(n).map((_, i) => i % 7);
    const x = await toDevice(xs, backend);
    const y = await toDevice(new Float32Array(n).fill(1), backend);
    const out = await zeros(n, 'f32', backend);
    // auto may pick any backend that can use the arrays where they live (wasm and
    // workers share one heap), but it must not move them.
    const info = await saxpy.inspect(n, 2, x, y, out);
    expect(info.notes.join(' ')).not.toMatch(/move/);
    await saxpy.launch(n, 2, x, y, out);
    expect(out.backend).toBe(backend);
    expect(x.backend).toBe(backend);
    const r = (await out.toHost()) as Float32Array;
    for (let i = 0; i < n; i += 997) expect(r[i]).toBe(Math.fround(2 * (i % 7) + 1));
    x.dispose();
    y.dispose();
    out.dispose();
  });

  it('zeros has the requested shape and dtype, filled with 0', async () => {
    const z = await zeros([3, 4], 'i32', backend);
    expect(z.shape).toEqual([3, 4]);
    expect(z.strides).toEqual([4, 1]);
    const h = (await z.toHost()) as Int32Array;
    expect(h).toBeInstanceOf(Int32Array);
    expect(h.length).toBe(12);
    expect(h.every((v) => v === 0)).toBe(true);
    z[Symbol.dispose]();
    expect(z.disposed).toBe(true);
  });
});

describe('NDArrays across backends', () => {
  const moves = !compiledOnly('an NDArray moved to the backend a launch chose');
  it.runIf(moves)('an NDArray on another backend is moved once, and inspect says so', async () => {
    const fill = kernel(
      (i: number, out: Int32Array) => {
        out[i] = i * 3;
      },
      { backend: 'workers' },
    );
    const out = await toDevice(new Int32Array(64), 'js');
    const info = await fill.inspect(64, out);
    expect(info.notes.join(' ')).toMatch(/would move 'out' from js to workers/);
    await fill.launch(64, out);
    expect(out.backend).toBe('workers');
    expect(Array.from((await out.toHost()) as Int32Array).slice(0, 4)).toEqual([0, 3, 6, 9]);
    out.dispose();
  });
  it('rejects bad shapes and dtypes', async () => {
    await expect(zeros([2, -1], 'f32')).rejects.toThrow(/shape must be/);
    // @ts-expect-error not a dtype: a type error, and a TypeError at run time
    await expect(zeros(4, 'complex64')).rejects.toThrow(/unknown dtype 'complex64'/);
    await expect(toDevice([1, 2, 3] as unknown as Float32Array)).rejects.toThrow(
      /toDevice takes a typed array or an ndarray, got a plain Array/,
    );
    await expect(toDevice({} as unknown as Float32Array)).rejects.toThrow(/got a plain object/);
    await expect(toDevice(new ArrayBuffer(4) as unknown as Float32Array)).rejects.toThrow(
      /got an ArrayBuffer/,
    );
    // An ndarray over data numbat cannot hold: this TypeError on every backend (review 16:
    // each backend's allocator failed in its own words, "invalid allocation size NaN").
    for (const b of ['js', 'wasm'] as const)
      await expect(
        toDevice(ndarray(new Uint8ClampedArray(4), [4]) as unknown as Float32Array, b),
      ).rejects.toThrow(/takes an ndarray over a Float32Array.*got one over a Uint8ClampedArray/);
  });

  it("refuses bad input before awaiting anything: the error's stack holds the caller's line", async () => {
    async function placeDoubles() {
      return toDevice(new Float64Array(2), 'webgpu');
    }
    async function placeAnArray() {
      return toDevice([1, 2] as unknown as Float32Array);
    }
    async function allocateDoubles() {
      return zeros(2, 'f64', 'webgpu');
    }
    for (const [caller, message] of [
      [placeDoubles, /toDevice: f64 data cannot live on WebGPU/],
      [placeAnArray, /toDevice takes a typed array/],
      [allocateDoubles, /zeros: f64 data cannot live on WebGPU/],
    ] as const) {
      const error = (await caller().catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(message);
      expect(error.stack).toContain(caller.name);
    }
  });

  it('refuses f64 data on WebGPU (it would come back rounded to f32)', async () => {
    const webgpu = (await backends()).find((b) => b.name === 'webgpu');
    if (!webgpu?.available) {
      console.log(`[numbat tests] f64-on-WebGPU refusal skipped: ${webgpu?.reason}`);
      return;
    }
    const x = Float64Array.from([0.1, 1e300, 5e-324]);
    await expect(toDevice(x, 'webgpu')).rejects.toThrow(/toDevice: f64 data cannot live on WebGPU/);
    await expect(zeros(3, 'float64', 'webgpu')).rejects.toThrow(
      /zeros: f64 data cannot live on WebGPU/,
    );
    const kept = await toDevice(x, 'wasm');
    expect(Array.from(await kept.toHost())).toEqual(Array.from(x));
    kept.dispose();
  });
});
