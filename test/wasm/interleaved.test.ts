// interleaved.test.ts — loops in which every lane walks its own contiguous run of an array
// (passes/interleavedAccess.ts, simd.ts emitInterleavedLoop): unrolled by 4 with one v128
// load per lane and a 4×4 transpose, stores transposed back. Each kernel is checked in its
// listing (the transposed loop is there, or not where the loop does not qualify) and
// against its plain function run in JavaScript, at lengths where every group is in range,
// where the last lanes run past the array's end (the ordinary loop takes over), with run
// lengths that are not multiples of 4, in place (the store's own index read back), and for
// f32, i32 and u32.

import { describe, expect, test } from 'vitest';
import { i32, kernel, type Kernel } from '../../src/index.js';
import { available } from '../harness/eachBackend.js';
import { wasmAndPlain } from '../harness/wasmVsPlain.js';

const TRANSPOSED = /each lane walks its own run, 4 steps at a time/;

async function listing(k: Kernel, grid: number[], args: unknown[]): Promise<string> {
  return (await k.with({ backend: 'wasm' }).inspect(grid, ...args)).code;
}

const f32 = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, q) => (((q * 7919 + seed) % 211) - 105) / 8);

// A running sum along each invocation's row of `cols` elements (a segment scan's shape):
// a group load and a group store per step, f32 rounding at every step.
const rowScan = kernel(
  (i: number, x: Float32Array, out: Float32Array, cols: number, from: number) => {
    const p = i * cols;
    let a = 0;
    for (let q = from; q < cols; q++) {
      a = a + x[p + q]!;
      out[p + q] = a;
    }
  },
  { name: 'rowScan' },
);

// Per-invocation dot products of two rows (two group loads, no store in the loop).
const rowDot = kernel(
  (i: number, a: Int32Array, b: Uint32Array, out: Float64Array, cols: number) => {
    let s = 0;
    // (i32(…): a product of an i32 and a u32 used as a number must say its reading.)
    for (let q = 0; q < cols; q++) s += a[i * cols + q]! * i32(b[q + cols * i]!);
    out[i] = s;
  },
  { name: 'rowDot' },
);

// In place: each element replaced by itself times the running maximum of its row before it.
const inPlace = kernel(
  (i: number, x: Float32Array, cols: number) => {
    let m = -Infinity;
    for (let q = 0; q < cols; q++) {
      const v = x[i * cols + q]!;
      x[i * cols + q] = v * Math.max(m, 1);
      m = Math.max(m, v);
    }
  },
  { name: 'inPlaceRows' },
);

// u32 and i32 through one loop: an exclusive prefix count along each row (wrapping at 32 bits).
const rowCount = kernel(
  (i: number, flags: Uint32Array, out: Int32Array, cols: number) => {
    let c = 0x7ffffff0;
    for (let q = 0; q < cols; q++) {
      out[i * cols + q] = c;
      c = (c + flags[i * cols + q]!) | 0;
    }
  },
  { name: 'rowCount' },
);

describe.skipIf(!available('wasm'))('interleaved access groups on wasm', () => {
  test('the loops are unrolled by 4 with v128 loads and stores per lane and transposes', async () => {
    const code = await listing(rowScan, [8], [f32(8 * 16, 1), new Float32Array(8 * 16), 16, 0]);
    expect(code).toMatch(TRANSPOSED);
    expect(code).toMatch(/i8x16\.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23/);
    expect(code).toMatch(/v128\.store/);
    // The last 1–3 steps of a run: four elements per lane loaded, the steps run stored.
    expect(code).toMatch(/its last 1–3 steps from four elements per lane/);
    expect(code).toMatch(/v128\.store64_lane/);
    const count = await listing(rowCount, [8], [new Uint32Array(64), new Int32Array(64), 8]);
    expect(count).toMatch(TRANSPOSED);
    const dot = await listing(
      rowDot,
      [8],
      [new Int32Array(64), new Uint32Array(64), new Float64Array(8), 8],
    );
    expect(dot).toMatch(TRANSPOSED);
  });

  test.each([
    ['rows of 64', 12, 64, 0],
    ['rows of 63 from 1 (3 steps left after the groups)', 9, 64, 1],
    ['rows of 5', 13, 5, 0],
    ['rows of 3 (no whole group)', 8, 3, 0],
    ['rows of 1', 7, 1, 0],
    ['no steps', 6, 4, 4],
  ])('a row scan equals its plain function: %s', async (_, rows, cols, from) => {
    const [got, want] = await wasmAndPlain(
      rowScan,
      [rows],
      () => [f32(rows * cols, 2), new Float32Array(rows * cols), cols, from],
      [1],
    );
    expect(got).toEqual(want);
  });

  test('lanes whose rows run past the array take the ordinary loop (NaN reads, dropped writes)', async () => {
    // 12 rows of 16 over arrays of 182: row 11 (a lane of the last vector) misses 10.
    const [got, want] = await wasmAndPlain(
      rowScan,
      [12],
      () => [f32(182, 3), new Float32Array(182), 16, 0],
      [1],
    );
    expect(got).toEqual(want);
  });

  test.each([8, 9, 31])(
    'two group loads of i32 and u32 into f64 sums, rows of %i',
    async (cols) => {
      const rows = 11;
      const [got, want] = await wasmAndPlain(
        rowDot,
        [rows],
        () => [
          Int32Array.from({ length: rows * cols }, (_, q) => ((q * 7919) % 2001) - 1000),
          Uint32Array.from({ length: rows * cols }, (_, q) => (q * 104729) % 4001),
          new Float64Array(rows),
          cols,
        ],
        [2],
      );
      expect(got).toEqual(want);
    },
  );

  test.each([4, 17, 64])(
    'in place, the store at the index the step reads, rows of %i',
    async (cols) => {
      const code = await listing(inPlace, [5], [f32(5 * cols, 4), cols]);
      expect(code).toMatch(TRANSPOSED);
      const [got, want] = await wasmAndPlain(inPlace, [5], () => [f32(5 * cols, 4), cols], [0]);
      expect(got).toEqual(want);
    },
  );

  test.each([7, 16])('u32 loads and i32 stores wrapping at 32 bits, rows of %i', async (cols) => {
    const rows = 9;
    const [got, want] = await wasmAndPlain(
      rowCount,
      [rows],
      () => [
        Uint32Array.from({ length: rows * cols }, (_, q) => (q % 3) * 3),
        new Int32Array(rows * cols),
        cols,
      ],
      [1],
    );
    expect(got).toEqual(want);
  });

  test('loops that do not qualify keep the ordinary code and the same results', async () => {
    // A store one element ahead of the load in the same array: four steps' loads cannot
    // move before their stores (step k + 1 reads what step k wrote).
    const ahead = kernel(
      (i: number, x: Float32Array, cols: number) => {
        for (let q = 0; q + 1 < cols; q++) x[i * cols + q + 1] = x[i * cols + q]! + 1;
      },
      { name: 'ahead' },
    );
    // Rows read backwards (the index moves by −1 per step) and a row stride of 2 per step.
    const back = kernel(
      (i: number, x: Float32Array, out: Float32Array, cols: number) => {
        let a = 0;
        for (let q = 0; q < cols; q++)
          a = -a + x[i * cols + cols - 1 - q]! + x[i * 2 * cols + 2 * q]!;
        out[i] = a;
      },
      { name: 'back' },
    );
    expect(await listing(ahead, [4], [f32(64, 5), 16])).not.toMatch(TRANSPOSED);
    expect(await listing(back, [4], [f32(128, 5), new Float32Array(4), 16])).not.toMatch(
      TRANSPOSED,
    );
    const [g1, w1] = await wasmAndPlain(ahead, [6], () => [f32(6 * 16, 5), 16], [0]);
    expect(g1).toEqual(w1);
    const [g2, w2] = await wasmAndPlain(
      back,
      [6],
      () => [f32(12 * 16, 6), new Float32Array(6), 16],
      [1],
    );
    expect(g2).toEqual(w2);
  });
});
