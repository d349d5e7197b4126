// gemm.test.ts — gemm and matmul (src/kernels/gemm.ts, linalg.ts) on every backend
// against plain-JavaScript references written here: f32 and f64, transA/transB,
// alpha/beta, odd sizes (1, 7, 33, 129), strided and offset ndarrays, NDArrays, batched
// products, k = 0 and the other quick returns, and bad input (rejected before anything is
// written).
//
// Two references: `documented` repeats the documented arithmetic (Σ over p left to right
// in the arrays' precision, then alpha·acc + beta·c, each step rounded to f32 for f32
// data), which js, workers and wasm reproduce bit for bit; `exact` is the f64 sum with
// Σ|a||b|, for the tolerance of WebGPU (and of NUMBAT_DISABLE_JIT=1, whose plain functions
// compute in f64): a sum of k products in f32 is within (k + 2)·2⁻²⁴·(|alpha|·Σ|a||b| +
// |beta·c|) of the exact value (the classical bound γ_k for recursive summation, one more
// rounding for each of alpha· and + beta·c).

import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { kernel, NDArray, toDevice } from '../../src/index.js';
import { gemm, matmul } from '../../src/kernels/index.js';
import { GEMM_DIRECT_MAX } from '../../src/kernels/gemm.js';
import { describeEachBackend, available } from '../harness/eachBackend.js';
import { jitDisabled } from '../harness/backends.js';
import { rng } from './reference.js';

type F = Float32Array | Float64Array;
type FCtor = typeof Float32Array | typeof Float64Array;
/** Element (t, i, j) of an operand as gemm sees it (after transposes). */
type At = (t: number, i: number, j: number) => number;

const fr = Math.fround;

function random(Ctor: FCtor, n: number, seed: number): F {
  const r = rng(seed);
  const x = new Ctor(n);
  for (let q = 0; q < n; q++) x[q] = (r() - 0.5) * 4;
  return x;
}

/** The documented result and the exact one with its error bound, per element of c. */
function reference(
  f32: boolean,
  batch: number,
  m: number,
  n: number,
  k: number,
  A: At,
  B: At,
  C: At,
  alpha: number,
  beta: number,
): { documented: Float64Array; exact: Float64Array; bound: Float64Array } {
  const round = f32 ? fr : (x: number) => x;
  const documented = new Float64Array(batch * m * n);
  const exact = new Float64Array(batch * m * n);
  const bound = new Float64Array(batch * m * n);
  const al = round(alpha);
  const be = round(beta);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const q = (t * m + i) * n + j;
        if (k === 0 || alpha === 0) {
          documented[q] = exact[q] = beta === 0 ? 0 : round(be * C(t, i, j));
          continue;
        }
        let acc = 0;
        let sum = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const x = A(t, i, p);
          const y = B(t, p, j);
          acc = round(acc + round(x * y));
          sum += x * y;
          abs += Math.abs(x * y);
        }
        const old = beta === 0 ? 0 : C(t, i, j);
        documented[q] = beta === 0 ? round(al * acc) : round(round(al * acc) + round(be * old));
        exact[q] = alpha * sum + beta * old;
        bound[q] = (k + 2) * 2 ** -24 * (Math.abs(alpha) * abs + Math.abs(beta * old)) + 1e-30;
      }
  return { documented, exact, bound };
}

/** null when `got` (batch·m·n elements read by `at`) matches; else the first difference. */
function mismatch(
  got: (q: number) => number,
  ref: ReturnType<typeof reference>,
  exactBits: boolean,
): string | null {
  for (let q = 0; q < ref.documented.length; q++) {
    const v = got(q);
    if (exactBits) {
      if (!Object.is(v, ref.documented[q]))
        return `element ${q}: got ${v}, want ${ref.documented[q]} (documented order)`;
    } else if (!(Math.abs(v - ref.exact[q]!) <= ref.bound[q]!)) {
      return `element ${q}: got ${v}, want ${ref.exact[q]} ± ${ref.bound[q]}`;
    }
  }
  return null;
}

/** Bit for bit where the backend runs the compiled documented arithmetic. */
const bitExact = (backend: string, f64: boolean): boolean =>
  !jitDisabled() && (backend !== 'webgpu' || f64);

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 33, 129],
  [33, 7, 5],
  [129, 65, 33],
  [1, 129, 7],
  [48, 40, 64],
];

describeEachBackend('gemm', (backend) => {
  const dtypes: FCtor[] = backend === 'webgpu' ? [Float32Array] : [Float32Array, Float64Array];

  for (const Ctor of dtypes) {
    it(`${Ctor.name}: typed arrays, every transpose, alpha/beta, shapes ${SHAPES.map((s) => s.join('×')).join(', ')}`, async () => {
      let seed = 1;
      for (const [m, n, k] of SHAPES) {
        for (const transA of [false, true])
          for (const transB of [false, true])
            for (const [alpha, beta] of [
              [1, 0],
              [-1.5, 0.75],
            ] as const) {
              const a = random(Ctor, m * k, seed++);
              const b = random(Ctor, k * n, seed++);
              const c = random(Ctor, m * n, seed++);
              const c0 = c.slice();
              const A: At = (_, i, p) => (transA ? a[p * m + i]! : a[i * k + p]!);
              const B: At = (_, p, j) => (transB ? b[j * k + p]! : b[p * n + j]!);
              const ref = reference(
                Ctor === Float32Array,
                1,
                m,
                n,
                k,
                A,
                B,
                (_, i, j) => c0[i * n + j]!,
                alpha,
                beta,
              );
              const out = await gemm(a, b, c, { m, n, k, transA, transB, alpha, beta, backend });
              expect(out).toBe(c);
              expect(
                mismatch((q) => c[q]!, ref, bitExact(backend, Ctor === Float64Array)),
                `${m}×${n}×${k} transA ${transA} transB ${transB} alpha ${alpha} beta ${beta}`,
              ).toBeNull();
            }
      }
      // WebGPU compiles a shader per transpose pair (unit strides are specialised):
      // SwiftShader takes seconds for each.
    }, 240_000);
  }

  it('past the direct size: the packed product (blocked a, tile edges), f32 and f64', async () => {
    // 130·70·1030 multiply-adds is past GEMM_DIRECT_MAX: packA, packB and the micro-kernel
    // run, with partial tiles along m (130) and n (70), and k long enough that packed a
    // comes in several blocks of row slivers (the last one partial).
    const [m, n, k] = [130, 70, 1030];
    expect(m * n * k).toBeGreaterThan(GEMM_DIRECT_MAX);
    let seed = 100;
    for (const Ctor of dtypes)
      for (const transB of [false, true]) {
        const a = random(Ctor, m * k, seed++);
        const b = random(Ctor, k * n, seed++);
        const c = random(Ctor, m * n, seed++);
        const c0 = c.slice();
        const ref = reference(
          Ctor === Float32Array,
          1,
          m,
          n,
          k,
          (_, i, p) => a[i * k + p]!,
          (_, p, j) => (transB ? b[j * k + p]! : b[p * n + j]!),
          (_, i, j) => c0[i * n + j]!,
          -1.5,
          0.75,
        );
        await gemm(a, b, c, { m, n, k, transB, alpha: -1.5, beta: 0.75, backend });
        expect(
          mismatch((q) => c[q]!, ref, bitExact(backend, Ctor === Float64Array)),
          `${Ctor.name} transB ${transB}`,
        ).toBeNull();
      }
  });

  it('strided and offset ndarrays: only c’s view is written', async () => {
    const [m, n, k] = [9, 13, 11];
    // a: every other column of a 9×22 array, b: a reversed-row view, c: a window of a
    // larger array with a row stride of 20 and an offset.
    const a = ndarray(random(Float32Array, 9 * 22, 5), [m, 22]).step(1, 2);
    const b = ndarray(random(Float32Array, 11 * 13, 6), [k, n]).step(-1, 1);
    const big = random(Float32Array, 16 * 20, 7);
    const before = big.slice();
    const c = ndarray(big, [16, 20]).lo(2, 3).hi(m, n);
    const ref = reference(
      true,
      1,
      m,
      n,
      k,
      (_, i, p) => a.get(i, p),
      (_, p, j) => b.get(p, j),
      (_, i, j) => before[(2 + i) * 20 + 3 + j]!,
      0.5,
      2,
    );
    await gemm(a, b, c, { alpha: 0.5, beta: 2, backend });
    expect(
      mismatch((q) => c.get(Math.floor(q / n), q % n), ref, bitExact(backend, false)),
    ).toBeNull();
    for (let r = 0; r < 16; r++)
      for (let s = 0; s < 20; s++) {
        const inside = r >= 2 && r < 2 + m && s >= 3 && s < 3 + n;
        if (!inside) expect(big[r * 20 + s]).toBe(before[r * 20 + s]);
      }
  });

  it('a transposed ndarray view equals transA', async () => {
    const [m, n, k] = [7, 5, 33];
    const data = random(Float32Array, k * m, 8);
    const b = random(Float32Array, k * n, 9);
    const viaView = await gemm(ndarray(data, [k, m]).transpose(1, 0), ndarray(b, [k, n]), null, {
      backend,
    });
    const viaFlag = await gemm(data, b, null, { m, n, k, transA: true, backend });
    expect(Array.from((viaView as ndarray.NdArray<Float32Array>).data)).toEqual(
      Array.from(viaFlag as Float32Array),
    );
  });

  it('NDArrays: resident operands, c omitted (a new NDArray there) and given', async () => {
    const [m, n, k] = [33, 17, 9];
    const a = random(Float32Array, m * k, 10);
    const b = random(Float32Array, k * n, 11);
    const A = await toDevice(ndarray(a, [m, k]), backend);
    const B = await toDevice(ndarray(b, [k, n]), backend);
    const ref = reference(
      true,
      1,
      m,
      n,
      k,
      (_, i, p) => a[i * k + p]!,
      (_, p, j) => b[p * n + j]!,
      () => 0,
      1,
      0,
    );
    const C = (await gemm(A, B, undefined, { backend })) as NDArray;
    expect(C).toBeInstanceOf(NDArray);
    expect(C.backend).toBe(backend);
    expect(C.shape).toEqual([m, n]);
    // A new NDArray of ndarray-born operands reads back as an ndarray (API.md: toHost gives
    // the container its operands came from), row-major.
    const back = (await C.toHost()) as unknown as ndarray.NdArray<Float32Array>;
    expect(back.shape).toEqual([m, n]);
    const host = back.data;
    expect(mismatch((q) => host[q]!, ref, bitExact(backend, false))).toBeNull();
    const C2 = await toDevice(ndarray(new Float32Array(m * n).fill(Number.NaN), [m, n]), backend);
    await gemm(A, B, C2); // beta = 0: the NaN in C2 is not read
    const host2 = (await C2.toHost()) as ndarray.NdArray<Float32Array>;
    expect(Array.from(host2.data)).toEqual(Array.from(host));
    for (const x of [A, B, C, C2]) x.dispose();
  });

  it('batched: 3-D operands, a shared 2-D b, typed arrays with `batch`', async () => {
    const [batch, m, n, k] = [3, 7, 9, 5];
    const a = random(Float32Array, batch * m * k, 12);
    const b = random(Float32Array, batch * k * n, 13);
    const b2 = random(Float32Array, k * n, 14);
    const refBatched = reference(
      true,
      batch,
      m,
      n,
      k,
      (t, i, p) => a[(t * m + i) * k + p]!,
      (t, p, j) => b[(t * k + p) * n + j]!,
      () => 0,
      1,
      0,
    );
    const c = (await gemm(ndarray(a, [batch, m, k]), ndarray(b, [batch, k, n]), null, {
      backend,
    })) as ndarray.NdArray<Float32Array>;
    expect(c.shape).toEqual([batch, m, n]);
    expect(mismatch((q) => c.data[q]!, refBatched, bitExact(backend, false))).toBeNull();
    const typed = new Float32Array(batch * m * n);
    await gemm(a, b, typed, { m, n, k, batch, backend });
    expect(mismatch((q) => typed[q]!, refBatched, bitExact(backend, false))).toBeNull();
    const refShared = reference(
      true,
      batch,
      m,
      n,
      k,
      (t, i, p) => a[(t * m + i) * k + p]!,
      (_, p, j) => b2[p * n + j]!,
      () => 0,
      1,
      0,
    );
    const shared = (await gemm(ndarray(a, [batch, m, k]), ndarray(b2, [k, n]), null, {
      backend,
    })) as ndarray.NdArray<Float32Array>;
    expect(shared.shape).toEqual([batch, m, n]);
    expect(mismatch((q) => shared.data[q]!, refShared, bitExact(backend, false))).toBeNull();
    // A 2-D a times a 3-D b: the result is 3-D (the kind of the operand of its rank).
    const a2 = random(Float32Array, m * k, 16);
    const refA2 = reference(
      true,
      batch,
      m,
      n,
      k,
      (_, i, p) => a2[i * k + p]!,
      (t, p, j) => b[(t * k + p) * n + j]!,
      () => 0,
      1,
      0,
    );
    const sharedA = (await gemm(ndarray(a2, [m, k]), ndarray(b, [batch, k, n]), null, {
      backend,
    })) as ndarray.NdArray<Float32Array>;
    expect(sharedA.shape).toEqual([batch, m, n]);
    expect(sharedA.get(batch - 1, m - 1, n - 1)).toBe(sharedA.data[batch * m * n - 1]);
    expect(mismatch((q) => sharedA.data[q]!, refA2, bitExact(backend, false))).toBeNull();
    // A batch of one is shared like a 2-D operand (probe 4: batches after the first read
    // past it: NaN on the CPU backends, clamped wrong values on WebGPU), a or b.
    const one = (await gemm(ndarray(a2, [1, m, k]), ndarray(b, [batch, k, n]), null, {
      backend,
    })) as ndarray.NdArray<Float32Array>;
    expect(one.shape).toEqual([batch, m, n]);
    expect(mismatch((q) => one.data[q]!, refA2, bitExact(backend, false))).toBeNull();
    const oneB = (await gemm(ndarray(a, [batch, m, k]), ndarray(b2, [1, k, n]), null, {
      backend,
    })) as ndarray.NdArray<Float32Array>;
    expect(mismatch((q) => oneB.data[q]!, refShared, bitExact(backend, false))).toBeNull();
  });

  it('batched past the direct size, k in several blocks: a shared 2-D a, alpha and beta', async () => {
    // k = 1400 is cut into k-blocks on CPUs (2 for f32, 3 for f64): every tile of every
    // batch carries its partial sums from one tile launch to the next.
    const [batch, m, n, k] = [2, 37, 41, 1400];
    expect(batch * m * n * k).toBeGreaterThan(GEMM_DIRECT_MAX);
    let seed = 200;
    for (const Ctor of dtypes) {
      const a = random(Ctor, m * k, seed++);
      const b = random(Ctor, batch * k * n, seed++);
      const c = random(Ctor, batch * m * n, seed++);
      const c0 = c.slice();
      const ref = reference(
        Ctor === Float32Array,
        batch,
        m,
        n,
        k,
        (_, i, p) => a[i * k + p]!,
        (t, p, j) => b[(t * k + p) * n + j]!,
        (t, i, j) => c0[(t * m + i) * n + j]!,
        0.5,
        -2,
      );
      await gemm(ndarray(a, [m, k]), ndarray(b, [batch, k, n]), ndarray(c, [batch, m, n]), {
        alpha: 0.5,
        beta: -2,
        backend,
      });
      expect(
        mismatch((q) => c[q]!, ref, bitExact(backend, Ctor === Float64Array)),
        Ctor.name,
      ).toBeNull();
    }
  });

  it('k = 0 and alpha = 0 give beta·c (a and b unread); beta = 0 ignores c', async () => {
    const [m, n] = [5, 6];
    const c = random(Float32Array, m * n, 15);
    const c0 = c.slice();
    await gemm(new Float32Array(0), new Float32Array(0), c, { m, n, k: 0, beta: 3, backend });
    expect(Array.from(c)).toEqual(Array.from(c0, (v) => fr(fr(3) * v)));
    const nan = new Float32Array(m * 4).fill(Number.NaN);
    const nanB = new Float32Array(4 * n).fill(Number.NaN);
    await gemm(nan, nanB, c, { m, n, k: 4, alpha: 0, beta: 0, backend });
    expect(Array.from(c)).toEqual(new Array(m * n).fill(0));
    c.fill(Number.NaN);
    const ones = new Float32Array(m * 2).fill(1);
    await gemm(ones, new Float32Array(2 * n).fill(2), c, { m, n, k: 2, backend });
    expect(Array.from(c)).toEqual(new Array(m * n).fill(4));
  });

  it('zero rows or columns: nothing to compute, an empty result', async () => {
    const c = new Float32Array(0);
    await gemm(new Float32Array(0), new Float32Array(3 * 4), c, { m: 0, n: 4, k: 3, backend });
    const out = await gemm(new Float32Array(5 * 3), new Float32Array(0), null, {
      m: 5,
      n: 0,
      k: 3,
      backend,
    });
    expect((out as Float32Array).length).toBe(0);
  });

  it('matmul.launch runs the blocked product: bit for bit the naive kernel on CPUs', async () => {
    const naive = kernel(matmul.fn, { backend });
    const fast = matmul.with({ backend });
    for (const [m, n, k] of SHAPES) {
      for (const Ctor of dtypes) {
        const a = random(Ctor, m * k, m + n);
        const b = random(Ctor, k * n, m + k);
        const want = new Ctor(m * n);
        const got = new Ctor(m * n);
        await naive.launch([m, n], a, b, want, k, n);
        await fast.launch([m, n], a, b, got, k, n);
        if (backend === 'webgpu') {
          const ref = reference(
            true,
            1,
            m,
            n,
            k,
            (_, i, p) => a[i * k + p]!,
            (_, p, j) => b[p * n + j]!,
            () => 0,
            1,
            0,
          );
          expect(mismatch((q) => got[q]!, ref, false)).toBeNull();
        } else expect(Array.from(got), `${m}×${n}×${k}`).toEqual(Array.from(want));
      }
    }
  });
});

describe('gemm: bad input is rejected before anything is written', () => {
  const a = new Float32Array(6).fill(1);
  const b = new Float32Array(12).fill(1);

  async function rejects(run: () => Promise<unknown>, kind: ErrorConstructor, re: RegExp) {
    const c = new Float32Array(8).fill(7);
    const err = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(kind);
    expect((err as Error).message).toMatch(re);
    return c;
  }

  it('non-conforming shapes: a RangeError naming both shapes', async () => {
    await rejects(
      () => gemm(ndarray(a, [2, 3]), ndarray(b, [4, 3])),
      RangeError,
      /'a' has shape \[2, 3\] and 'b' has shape \[4, 3\]/,
    );
    const c = new Float32Array(8).fill(7);
    await expect(gemm(ndarray(a, [2, 3]), ndarray(b, [3, 4]), ndarray(c, [4, 2]))).rejects.toThrow(
      /'c' has shape \[4, 2\].*shape \[2, 4\]/,
    );
    expect(Array.from(c)).toEqual(new Array(8).fill(7));
    await expect(
      gemm(ndarray(new Float32Array(24), [2, 3, 4]), ndarray(new Float32Array(36), [3, 4, 3])),
    ).rejects.toThrow(/batch sizes differ/);
    await expect(gemm(a, b, null, { m: 2, n: 4, k: 4 })).rejects.toThrow(RangeError);
  });

  it('mixed or integer dtypes, typed arrays without shapes, unknown options: TypeErrors', async () => {
    await expect(gemm(ndarray(a, [2, 3]), ndarray(new Float64Array(12), [3, 4]))).rejects.toThrow(
      /'a' holds f32 and 'b' holds f64/,
    );
    await expect(gemm(ndarray(new Int32Array(6), [2, 3]), ndarray(b, [3, 4]))).rejects.toThrow(
      /i32 elements/,
    );
    await expect(gemm(a, b)).rejects.toThrow(
      /typed arrays need their shapes: give options m, n and k/,
    );
    await expect(gemm(a, b, null, { m: 2, n: 4, k: 3, tranA: true } as never)).rejects.toThrow(
      /unknown option 'tranA'/,
    );
    const c64 = new Float64Array(8).fill(7);
    await expect(gemm(a, b, c64, { m: 2, n: 4, k: 3 })).rejects.toThrow(/'c' holds f64/);
    expect(Array.from(c64)).toEqual(new Array(8).fill(7));
  });

  it('c aliasing a or b: a TypeError, nothing written', async () => {
    const data = new Float32Array(16).fill(2);
    const x = ndarray(data, [4, 4]);
    await expect(gemm(x, x, x)).rejects.toThrow(/'c' is 'a' or shares its memory/);
    await expect(
      gemm(x, ndarray(new Float32Array(16), [4, 4]), ndarray(data, [4, 4])),
    ).rejects.toThrow(TypeError);
    expect(Array.from(data)).toEqual(new Array(16).fill(2));
  });

  it.skipIf(!available('webgpu'))('f64 on WebGPU: a TypeError', async () => {
    await expect(
      gemm(new Float64Array(4), new Float64Array(4), null, { m: 2, n: 2, k: 2, backend: 'webgpu' }),
    ).rejects.toThrow(/f64.*WebGPU/);
  });
});

describe('matmul (v1 launch form)', () => {
  it('other argument forms run the naive kernel with its semantics', async () => {
    // Mixed dtypes are not the blocked path's form: the kernel itself runs them.
    const c = new Float32Array(4);
    await matmul.launch(
      [2, 2],
      new Float64Array([1, 2, 3, 4]),
      new Float32Array([5, 6, 7, 8]),
      c,
      2,
      2,
    );
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });

  it('inspect says that launch runs gemm’s blocked product', async () => {
    const x = new Float32Array(16);
    const info = await matmul
      .with({ backend: 'js' })
      .inspect([4, 4], x, x, new Float32Array(16), 4, 4);
    expect(info.notes.join(' ')).toMatch(/blocked product of gemm/);
  });
});
