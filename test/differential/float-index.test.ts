// float-index.test.ts — an index that is not an integer in [0, 2^31) names no element in
// JavaScript (`x[0.5]`, `x[NaN]`, `x[2 ** 32 + i]` read undefined and write nothing).
// Every backend must treat it as out of range: reads as the README's "Out-of-range access"
// says (undefined → NaN on the CPU backends; WebGPU clamps), writes and atomics dropped,
// a located RangeError under boundsCheck — never truncated or wrapped onto a real element.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { atomicAdd, kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import ndarray from 'ndarray';

const x = Float32Array.from([1, 2, 3, 4]);

/** The plain function's answer, run as plain JavaScript. */
function plain(fn: (i: number, ...a: never[]) => void, n: number, ...args: unknown[]): void {
  for (let i = 0; i < n; i++) (fn as (i: number, ...a: unknown[]) => void)(i, ...args);
}

/** A kernel over one of the read functions, launched with its own argument list. */
const launcher = (fn: unknown, options: Parameters<typeof kernel>[1]) =>
  kernel(fn as (i: number) => void, options) as unknown as {
    launch(grid: number, ...args: unknown[]): Promise<unknown>;
  };

const reads = {
  half: (i: number, a: Float32Array, o: Float32Array) => {
    o[i] = a[i / 2]!;
  },
  wrapped: (i: number, a: Float32Array, o: Float32Array) => {
    o[i] = a[i + 4294967296]!;
  },
  nan: (i: number, a: Float32Array, o: Float32Array, z: number) => {
    o[i] = a[z / z]!;
  },
};

describeEachBackend('float indices that name no element', (backend) => {
  const cpu = backend !== 'webgpu';
  if (!cpu && compiledOnly("WebGPU's clamped out-of-range reads"))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  for (const [name, fn] of Object.entries(reads)) {
    it(`a read at ${name} is out of range, not a truncated index`, async () => {
      const want = new Float32Array(4);
      plain(fn as never, 4, x, want, 0);
      const got = new Float32Array(4);
      const extra = name === 'nan' ? [0] : [];
      await launcher(fn, { backend }).launch(4, x, got, ...extra);
      // CPU backends give JavaScript's answer; WebGPU's robust access clamps an
      // out-of-range read to the last element (documented), never to the truncated index.
      const expected = cpu ? Array.from(want) : Array.from(want, (v) => (Number.isNaN(v) ? 4 : v));
      expect(Array.from(got)).toEqual(expected);
      await expect(
        launcher(fn, { backend, boundsCheck: true }).launch(4, x, new Float32Array(4), ...extra),
      ).rejects.toThrow(RangeError);
    });
  }

  it('a write at 2^32 + i or i / 2 + 0.25 writes nothing', async () => {
    const o = new Float32Array(4);
    await kernel(
      (i: number, out: Float32Array, off: number) => {
        out[i + off] = 7;
      },
      { backend },
    ).launch(4, o, 2 ** 32);
    expect(Array.from(o)).toEqual([0, 0, 0, 0]);
    await kernel(
      (i: number, out: Float32Array) => {
        out[i / 2 + 0.25] = 7;
      },
      { backend },
    ).launch(4, o);
    expect(Array.from(o)).toEqual([0, 0, 0, 0]);
    const counts = new Int32Array(2);
    await kernel(
      (i: number, c: Int32Array) => {
        atomicAdd(c, i / 2, 1);
      },
      { backend },
    ).launch(4, counts);
    expect(Array.from(counts)).toEqual([1, 1]); // i = 0 and 2; i / 2 = 0.5 and 1.5 dropped
  });

  // One axis of a view: −1 there is a real element once the other axes, the strides and the
  // offset are added, so the whole index must name none (review 16: `m.get(1, NaN)` of a
  // [2, 4] matrix read element (0, 3) on every backend, and `v.get(NaN)` of `.lo(1)` the
  // element before the view).
  it('an axis of an ndarray view at NaN, 0.5 or 2^32 names no element (reads, writes)', async () => {
    const bad = Float32Array.of(Number.NaN, 0.5, 2 ** 32, 1.5);
    const m = ndarray(
      Float32Array.from({ length: 8 }, (_, k) => k + 1),
      [2, 4],
    );
    const v = ndarray(Float32Array.of(1, 2, 3, 4), [4]).lo(1);
    const read = (i: number, m: Nd, v: Nd, c: Float32Array, o: Float32Array, o2: Float32Array) => {
      o[i] = m.get(1, c[i]!);
      o2[i] = v.get(c[i]!);
    };
    const [o, o2] = [new Float32Array(4), new Float32Array(4)];
    await launcher(read, { backend }).launch(4, m, v, bad, o, o2);
    const [w, w2] = [new Float32Array(4), new Float32Array(4)];
    plain(read as never, 4, m, v, bad, w, w2);
    expect(Array.from(w)).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    if (cpu) expect([Array.from(o), Array.from(o2)]).toEqual([Array.from(w), Array.from(w2)]);
    // WebGPU clamps a read out of the buffer to its last element (documented): never (0, 3).
    else
      expect([Array.from(o), Array.from(o2)]).toEqual([
        [8, 8, 8, 8],
        [4, 4, 4, 4],
      ]);
    await expect(
      launcher(read, { backend, boundsCheck: true }).launch(4, m, v, bad, o, o2),
    ).rejects.toThrow(RangeError);
    const target = ndarray(new Float32Array(8), [2, 4]);
    await launcher(
      (i: number, t: Nd, c: Float32Array) => {
        t.set(1, c[i]!, 7);
      },
      { backend },
    ).launch(4, target, bad);
    expect(Array.from(target.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

type Nd = { get(...i: number[]): number; set(...iv: number[]): void; data: ArrayLike<number> };

// An axis is not an element by itself: the plain function sums offset + Σ index·stride and
// reads the element the sum names (probe 17: after 562e774, m.get(1, floor(i / 2) - 1) read
// NaN where the plain function reads (0, 3); before it, m.get(0.5, j) of a row stride of 4
// read NaN where the plain function reads (0, j + 2), and an atomicAdd at i / 2 of a
// stride-2 view dropped the adds the plain function makes).
describeEachBackend('float axis indices sum as the plain function sums them', (backend) => {
  const fresh = () => ({
    m: ndarray(
      Float32Array.from({ length: 12 }, (_, k) => k + 1),
      [3, 4],
    ),
    c: ndarray(new Int32Array(10)).lo(2).step(2),
  });
  const kernels = {
    negative: (i: number, m: Nd, c: Nd, o: Float32Array) => {
      o[i] = m.get(1, Math.floor(i / 2) - 1);
    },
    halfRow: (i: number, m: Nd, c: Nd, o: Float32Array) => {
      o[i] = m.get(0.5, i % 4);
    },
    setNegative: (i: number, m: Nd, c: Nd, o: Float32Array) => {
      m.set(2, Math.floor(i / 4) - 1, i);
    },
    atomicHalf: (i: number, m: Nd, c: Nd, o: Float32Array) => {
      atomicAdd(c, i / 2, 1);
    },
  };
  for (const [name, fn] of Object.entries(kernels)) {
    it(`${name}: the same elements as the plain function`, async () => {
      const want = fresh();
      const wo = new Float32Array(4);
      plain(fn as never, 4, want.m, want.c, wo);
      const got = fresh();
      const go = new Float32Array(4);
      await launcher(fn, { backend }).launch(4, got.m, got.c, go);
      expect(Array.from(wo).some(Number.isNaN)).toBe(false); // every access names an element
      expect([Array.from(got.m.data), Array.from(got.c.data), Array.from(go)]).toEqual([
        Array.from(want.m.data),
        Array.from(want.c.data),
        Array.from(wo),
      ]);
    });
  }
});

// Under boundsCheck an axis index outside [0, shape) is out of range too, in a view where the
// flat index still names some element of the buffer (review 16: x.get(0, 4) of a [2, 4]
// matrix read (1, 0), v.get(-1) of .lo(1) the element before the view, with no error).
describeEachBackend('boundsCheck on each axis of a view', (backend) => {
  const m = ndarray(
    Float32Array.from({ length: 8 }, (_, k) => k + 1),
    [2, 4],
  );
  const v = ndarray(Float32Array.of(1, 2, 3, 4), [4]).lo(1);
  const read = (i: number, m: Nd, v: Nd, o: Float32Array, dx: number, dy: number) => {
    o[i] = m.get(i + dx, 3 + dy) + v.get(2 + dy);
  };
  it('an index past its axis, or negative, is a RangeError naming the array and the axis; in range runs', async () => {
    // Compiled: "an index on axis 1 is outside the view's shape for parameter 'm' …"; the
    // reference executor: "index 4 on axis 1 is out of range [0, 4) for parameter 'm' …".
    for (const [dx, dy, where] of [
      [0, 1, /on axis 1 .*for parameter 'm'/],
      [1, -4, /on axis 1 .*for parameter 'm'/],
      [2, 0, /on axis 0 .*for parameter 'm'/],
      [0, -3, /on axis 0 .*for parameter 'v'/],
    ] as const) {
      const k = launcher(read, { backend, boundsCheck: true });
      await expect(k.launch(1, m, v, new Float32Array(1), dx, dy)).rejects.toThrow(where);
    }
    const o = new Float32Array(2);
    await launcher(read, { backend, boundsCheck: true }).launch(2, m, v, o, 0, 0);
    expect(Array.from(o)).toEqual([4 + 4, 8 + 4]);
    const target = ndarray(new Float32Array(8), [2, 4]);
    const write = launcher(
      (i: number, t: Nd) => {
        t.set(0, 4 + i, 9);
      },
      { backend, boundsCheck: true },
    );
    await expect(write.launch(1, target)).rejects.toThrow(RangeError);
  });

  // Probe 25: a fractional axis index is refused too, and says so; a typed array's own index
  // that wraps to what an axis fault reports is reported as the index it is.
  it('a fractional axis index is a RangeError that says so; a wrapped typed-array index is no axis fault', async () => {
    const frac = launcher(
      (i: number, m: Nd, o: Float32Array, h: number) => {
        o[i] = m.get(h, 0);
      },
      { backend, boundsCheck: true },
    );
    await expect(frac.launch(1, m, new Float32Array(1), 0.5)).rejects.toThrow(
      /on axis 0 .*not an integer.*for parameter 'm'/,
    );
    const wrapped = launcher(
      (i: number, x: Float32Array, o: Float32Array) => {
        o[i] = x[(i + 1) * 1073741824 * 2 + 1]!;
      },
      { backend, boundsCheck: true },
    );
    await expect(wrapped.launch(1, new Float32Array(8), new Float32Array(1))).rejects.toThrow(
      /^numbat: index -?214748364\d is out of range \[0, 8\) for parameter 'x'/,
    );
  });

  // An index with an effect there (a load, which may report, or an atomic) was not checked
  // per axis: m.get(0, idx[i]) with idx[i] = 5 read (1, 1) with no error.
  it('an axis index read from an array or counted by an atomic is checked once computed', async () => {
    const gather = launcher(
      (i: number, m: Nd, idx: Int32Array, o: Float32Array) => {
        o[i] = m.get(idx[i]! - idx[i]! + i, idx[2 - i]!);
      },
      { backend, boundsCheck: true },
    );
    await expect(gather.launch(2, m, Int32Array.of(1, 0, 5), new Float32Array(2))).rejects.toThrow(
      /on axis 1 .*for parameter 'm'/,
    );
    const o = new Float32Array(2);
    await gather.launch(2, m, Int32Array.of(3, 0, 1), o);
    expect(Array.from(o)).toEqual([2, 5]);
    const counted = launcher(
      (i: number, m: Nd, c: Int32Array, o: Float32Array) => {
        o[i] = m.get(0, atomicAdd(c, 0, 1) + 4);
      },
      { backend, boundsCheck: true },
    );
    const c = new Int32Array(1);
    await expect(counted.launch(1, m, c, new Float32Array(1))).rejects.toThrow(RangeError);
    // Under boundsCheck the atomic runs once: never twice for the check.
    expect(c[0]).toBeLessThanOrEqual(1);
    const inRange = launcher(
      (i: number, m: Nd, c: Int32Array, o: Float32Array) => {
        o[i] = m.get(1, atomicAdd(c, 0, 1));
      },
      { backend, boundsCheck: true },
    );
    const c2 = new Int32Array(1);
    const o2 = new Float32Array(1);
    await inRange.launch(1, m, c2, o2);
    expect([c2[0], o2[0]]).toEqual([1, 5]);
  });
});
