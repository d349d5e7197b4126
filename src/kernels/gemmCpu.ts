// gemmCpu.ts — the CPU kernels of gemm (gemm.ts), written in the kernel language: packing of
// panels, the register-blocked tiles and the direct kernels of small products, with the
// block sizes that gemm.ts plans launches by.
//
// The algorithm (GotoBLAS's, in three launches; every step a numbat kernel):
//   packA  op(a) → ap: row slivers of MR rows (4 for f32, 2 for f64), stored p-major
//          ([sliver][p][r]), rows past m zero. One invocation per (sliver, r): a loop over p.
//   packB  op(b) → bp: column slivers of NR = 8 columns, [sliver][p][c], columns past n
//          zero. One invocation per (sliver, c): a loop over p.
//   tile   one invocation per (column sliver, row sliver, lane): the grid's innermost axis
//          is the 4 SIMD lanes, so on wasm the 4 invocations of a vector compute one
//          MR × NR tile of c: per step p, NR/4 contiguous vector loads of bp, MR uniform
//          loads of ap (each one v128.load32_splat: the locals a0…a3 are only read by
//          vector arithmetic), MR·NR/4 vector multiplies and adds into accumulators held
//          in locals (registers), then alpha·acc + beta·c stored once.
// k comes in blocks of kc ≤ 1024 (f32) or 512 (f64) steps, one tile launch each, so that a
// column sliver of bp (kc·NR elements, 32 KiB) stays in L1; the tiles carry their partial
// sums from one k-block to the next in a scratch buffer (stored and reloaded exactly, so
// the order of the sum is unchanged). The row slivers come in blocks whose packed a
// (~512 KiB) stays in L2; within a block the tiles of one column sliver run consecutively
// (the grid's row-sliver axis is inside its column-sliver axis), so that sliver of bp stays
// in L1 while the row slivers of the block stream past it; the tiles are spread over the
// worker threads in chunks of the grid (wasm, workers). A host c (typed array, dense
// ndarray) lives in the heap for the whole product: copied in once (not at all for
// beta = 0) and out once, not at every launch. Small products (up to GEMM_DIRECT_MAX multiply-adds)
// skip the packing: gemmDirectF32/F64 read op(a) and op(b) where they are.
//
// Why this is fast on wasm (read from the listings and V8's machine code): the naive
// kernel (linalg.ts `matmul.fn`) runs one f32x4 multiply-add per step with a guarded
// scalar load, a guarded vector load and a single accumulator (a dependency chain), and
// walks b down a column (a new cache line, 4 KiB apart at n = 1024, every step). Here the
// loads are contiguous and their range is checked once per tile, not per access (the wasm
// codegen versions counted loops whose indices are affine in the counter:
// passes/affineIndex.ts), constant offsets go into the loads' memarg offsets
// (codegen/wasm/addressing.ts), and the 8 independent accumulators keep the vector
// adders busy. What bounds it then is the x64 ports that execute the 16 multiplies/adds
// per step (wasm SIMD has no fused multiply-add without relaxed-simd) and V8's 15 usable
// xmm registers: 8 accumulators, 2 vectors of bp, 4 splats of ap and one product; a 6×8
// or 5×8 tile spills accumulators to the stack in every step and runs slower (measured).

import { i32 } from '../index.js';
import { kernel } from './internalKernel.js';
import type { NdarrayLike } from './arrays.js';

type Nd = NdarrayLike;

/** Bytes of packed a that one block of row slivers keeps in L2 (half of a 1 MiB L2). */
export const A_BLOCK_BYTES = 512 * 1024;
/**
 * Bytes of one column sliver of packed b (kc·NR elements) that a k-block keeps in L1 while
 * the row slivers of a block pass over it: k is cut into blocks of at most 1024 (f32) or
 * 512 (f64) steps, each a launch of the tile kernel that carries its tiles' partial sums
 * to the next in a scratch buffer (stored and reloaded exactly: the sum of element (i, j)
 * is still taken left to right in p). Measured at n = 1024, 2 threads: f64 in blocks of
 * 512 ran 1.12× the single pass (whose 64 KiB slivers overflow a 48 KiB L1), 256 and 128
 * slower again (more partial sums moved); f32 in blocks of 512 or 256, 0.96× and 0.90×.
 */
export const K_SLIVER_BYTES = 32 * 1024;
export const BYTES = { f32: 4, f64: 8 } as const;

/**
 * The register tile, rows × columns of c per four invocations: f32 4×8 (8 f32x4
 * accumulators); f64 2×8 (f64 lanes are pairs of f64x2, so the same 8 registers hold 2×8;
 * 4×4 would need 4 splats per step instead of 2). The direct kernels (small products) use
 * 4×8 and 4×4.
 */
export const TILE = { f32: { mr: 4, nr: 8 }, f64: { mr: 2, nr: 8 } } as const;
export const DIRECT_TILE = { f32: { mr: 4, nr: 8 }, f64: { mr: 4, nr: 4 } } as const;

/**
 * ap[((g·k) + p)·mr + r] = op(a)[batch, mr·sliver + r, p] (0 past m), g = batch·nir + sliver.
 * Grid [batches·nir, mr]; `aBatch` is 0 when a 2-D a is shared by every batch.
 */
export const gemmPackA = kernel(
  (
    g: number,
    r: number,
    a: Nd,
    ap: Float32Array,
    m: number,
    k: number,
    nir: number,
    mr: number,
    aBatch: number,
  ) => {
    const s = g % nir;
    const bt = i32((g - s) / nir) * aBatch;
    const i = s * mr + r;
    const base = g * k * mr + r;
    for (let p = 0; p < k; p++) ap[base + p * mr] = i < m ? a.get(bt, i, p) : 0;
  },
  { name: 'gemmPackA' },
);

/**
 * bp[((g·k) + p)·nr + c] = op(b)[batch, p, nr·sliver + c] (0 past n), g = batch·njr + sliver.
 * Grid [batches·njr, nr].
 */
export const gemmPackB = kernel(
  (
    g: number,
    c: number,
    b: Nd,
    bp: Float32Array,
    n: number,
    k: number,
    njr: number,
    nr: number,
  ) => {
    const s = g % njr;
    const bt = i32((g - s) / njr);
    const j = s * nr + c;
    const base = g * k * nr + c;
    for (let p = 0; p < k; p++) bp[base + p * nr] = j < n ? b.get(bt, p, j) : 0;
  },
  { name: 'gemmPackB' },
);

/**
 * One 4×8 f32 tile per four invocations (lane l: columns 8·jr + l and 8·jr + 4 + l), its
 * products for p in [p0, p1): the sums so far are read from `acc` when p0 > 0 and written
 * back there when p1 < k (a k-block, see K_SLIVER_BYTES; `acc` holds each tile's 32 partial
 * sums at ((bt·nir + ir)·njr + jr)·32), else alpha·acc + beta·c is stored. Grid
 * [batches·nic·njr, mcT, 4] (blocks of mcT row slivers, column slivers inside them);
 * aBatch/bBatch are 0 where one packed operand serves every batch.
 */
export const gemmTileF32 = kernel(
  (
    g: number,
    t: number,
    l: number,
    ap: Float32Array,
    bp: Float32Array,
    acc: Float32Array,
    c: Nd,
    k: number,
    p0: number,
    p1: number,
    m: number,
    n: number,
    nir: number,
    njr: number,
    nic: number,
    mcT: number,
    aBatch: number,
    bBatch: number,
    alpha: number,
    beta: number,
  ) => {
    const jr = g % njr;
    const q = i32((g - jr) / njr);
    const ic = q % nic;
    const bt = i32((q - ic) / nic);
    const ir = ic * mcT + t;
    if (ir >= nir) return;
    const pa = (bt * aBatch * nir + ir) * k * 4;
    const pb = (bt * bBatch * njr + jr) * k * 8;
    const w = ((bt * nir + ir) * njr + jr) * 32 + l;
    let c00 = 0;
    let c01 = 0;
    let c10 = 0;
    let c11 = 0;
    let c20 = 0;
    let c21 = 0;
    let c30 = 0;
    let c31 = 0;
    if (p0 > 0) {
      c00 = acc[w]!;
      c01 = acc[w + 4]!;
      c10 = acc[w + 8]!;
      c11 = acc[w + 12]!;
      c20 = acc[w + 16]!;
      c21 = acc[w + 20]!;
      c30 = acc[w + 24]!;
      c31 = acc[w + 28]!;
    }
    for (let p = p0; p < p1; p++) {
      const b0 = bp[pb + p * 8 + l]!;
      const b1 = bp[pb + p * 8 + 4 + l]!;
      const a0 = ap[pa + p * 4]!;
      const a1 = ap[pa + p * 4 + 1]!;
      const a2 = ap[pa + p * 4 + 2]!;
      const a3 = ap[pa + p * 4 + 3]!;
      c00 += a0 * b0;
      c01 += a0 * b1;
      c10 += a1 * b0;
      c11 += a1 * b1;
      c20 += a2 * b0;
      c21 += a2 * b1;
      c30 += a3 * b0;
      c31 += a3 * b1;
    }
    if (p1 < k) {
      acc[w] = c00;
      acc[w + 4] = c01;
      acc[w + 8] = c10;
      acc[w + 12] = c11;
      acc[w + 16] = c20;
      acc[w + 20] = c21;
      acc[w + 24] = c30;
      acc[w + 28] = c31;
      return;
    }
    const i = ir * 4;
    const j = jr * 8 + l;
    if (j < n) {
      if (i < m) c.set(bt, i, j, beta === 0 ? alpha * c00 : alpha * c00 + beta * c.get(bt, i, j));
      if (i + 1 < m)
        c.set(bt, i + 1, j, beta === 0 ? alpha * c10 : alpha * c10 + beta * c.get(bt, i + 1, j));
      if (i + 2 < m)
        c.set(bt, i + 2, j, beta === 0 ? alpha * c20 : alpha * c20 + beta * c.get(bt, i + 2, j));
      if (i + 3 < m)
        c.set(bt, i + 3, j, beta === 0 ? alpha * c30 : alpha * c30 + beta * c.get(bt, i + 3, j));
    }
    if (j + 4 < n) {
      const q = j + 4;
      if (i < m) c.set(bt, i, q, beta === 0 ? alpha * c01 : alpha * c01 + beta * c.get(bt, i, q));
      if (i + 1 < m)
        c.set(bt, i + 1, q, beta === 0 ? alpha * c11 : alpha * c11 + beta * c.get(bt, i + 1, q));
      if (i + 2 < m)
        c.set(bt, i + 2, q, beta === 0 ? alpha * c21 : alpha * c21 + beta * c.get(bt, i + 2, q));
      if (i + 3 < m)
        c.set(bt, i + 3, q, beta === 0 ? alpha * c31 : alpha * c31 + beta * c.get(bt, i + 3, q));
    }
  },
  { name: 'gemmTileF32' },
);

/**
 * One 2×8 f64 tile per four invocations (lane l: columns 8·jr + l, 8·jr + 4 + l); as
 * gemmTileF32 (16 partial sums per tile in `acc`).
 */
export const gemmTileF64 = kernel(
  (
    g: number,
    t: number,
    l: number,
    ap: Float64Array,
    bp: Float64Array,
    acc: Float64Array,
    c: Nd,
    k: number,
    p0: number,
    p1: number,
    m: number,
    n: number,
    nir: number,
    njr: number,
    nic: number,
    mcT: number,
    aBatch: number,
    bBatch: number,
    alpha: number,
    beta: number,
  ) => {
    const jr = g % njr;
    const q = i32((g - jr) / njr);
    const ic = q % nic;
    const bt = i32((q - ic) / nic);
    const ir = ic * mcT + t;
    if (ir >= nir) return;
    const pa = (bt * aBatch * nir + ir) * k * 2;
    const pb = (bt * bBatch * njr + jr) * k * 8;
    const w = ((bt * nir + ir) * njr + jr) * 16 + l;
    let c00 = 0;
    let c01 = 0;
    let c10 = 0;
    let c11 = 0;
    if (p0 > 0) {
      c00 = acc[w]!;
      c01 = acc[w + 4]!;
      c10 = acc[w + 8]!;
      c11 = acc[w + 12]!;
    }
    for (let p = p0; p < p1; p++) {
      const b0 = bp[pb + p * 8 + l]!;
      const b1 = bp[pb + p * 8 + 4 + l]!;
      const a0 = ap[pa + p * 2]!;
      const a1 = ap[pa + p * 2 + 1]!;
      c00 += a0 * b0;
      c01 += a0 * b1;
      c10 += a1 * b0;
      c11 += a1 * b1;
    }
    if (p1 < k) {
      acc[w] = c00;
      acc[w + 4] = c01;
      acc[w + 8] = c10;
      acc[w + 12] = c11;
      return;
    }
    const i = ir * 2;
    const j = jr * 8 + l;
    if (j < n) {
      if (i < m) c.set(bt, i, j, beta === 0 ? alpha * c00 : alpha * c00 + beta * c.get(bt, i, j));
      if (i + 1 < m)
        c.set(bt, i + 1, j, beta === 0 ? alpha * c10 : alpha * c10 + beta * c.get(bt, i + 1, j));
    }
    if (j + 4 < n) {
      const q4 = j + 4;
      if (i < m) c.set(bt, i, q4, beta === 0 ? alpha * c01 : alpha * c01 + beta * c.get(bt, i, q4));
      if (i + 1 < m)
        c.set(bt, i + 1, q4, beta === 0 ? alpha * c11 : alpha * c11 + beta * c.get(bt, i + 1, q4));
    }
  },
  { name: 'gemmTileF64' },
);

/**
 * gemmTileF32 reading op(a) and op(b) where they are (small products: no packing launches).
 * b's columns must be contiguous (a unit column stride and no offset, so that the loads of
 * a row of b are vector loads); a may have any strides.
 */
export const gemmDirectF32 = kernel(
  (
    g: number,
    ir: number,
    l: number,
    a: Nd,
    b: Nd,
    c: Nd,
    k: number,
    m: number,
    n: number,
    njr: number,
    alpha: number,
    beta: number,
  ) => {
    const jr = g % njr;
    const bt = i32((g - jr) / njr);
    const i = ir * 4;
    const j = jr * 8 + l;
    let c00 = 0;
    let c01 = 0;
    let c10 = 0;
    let c11 = 0;
    let c20 = 0;
    let c21 = 0;
    let c30 = 0;
    let c31 = 0;
    for (let p = 0; p < k; p++) {
      const b0 = b.get(bt, p, j);
      const b1 = b.get(bt, p, j + 4);
      const a0 = a.get(bt, i, p);
      const a1 = a.get(bt, i + 1, p);
      const a2 = a.get(bt, i + 2, p);
      const a3 = a.get(bt, i + 3, p);
      c00 += a0 * b0;
      c01 += a0 * b1;
      c10 += a1 * b0;
      c11 += a1 * b1;
      c20 += a2 * b0;
      c21 += a2 * b1;
      c30 += a3 * b0;
      c31 += a3 * b1;
    }
    if (j < n) {
      if (i < m) c.set(bt, i, j, beta === 0 ? alpha * c00 : alpha * c00 + beta * c.get(bt, i, j));
      if (i + 1 < m)
        c.set(bt, i + 1, j, beta === 0 ? alpha * c10 : alpha * c10 + beta * c.get(bt, i + 1, j));
      if (i + 2 < m)
        c.set(bt, i + 2, j, beta === 0 ? alpha * c20 : alpha * c20 + beta * c.get(bt, i + 2, j));
      if (i + 3 < m)
        c.set(bt, i + 3, j, beta === 0 ? alpha * c30 : alpha * c30 + beta * c.get(bt, i + 3, j));
    }
    if (j + 4 < n) {
      const q = j + 4;
      if (i < m) c.set(bt, i, q, beta === 0 ? alpha * c01 : alpha * c01 + beta * c.get(bt, i, q));
      if (i + 1 < m)
        c.set(bt, i + 1, q, beta === 0 ? alpha * c11 : alpha * c11 + beta * c.get(bt, i + 1, q));
      if (i + 2 < m)
        c.set(bt, i + 2, q, beta === 0 ? alpha * c21 : alpha * c21 + beta * c.get(bt, i + 2, q));
      if (i + 3 < m)
        c.set(bt, i + 3, q, beta === 0 ? alpha * c31 : alpha * c31 + beta * c.get(bt, i + 3, q));
    }
  },
  { name: 'gemmDirectF32' },
);

/** gemmTileF64 reading op(a) and op(b) where they are; as gemmDirectF32. */
export const gemmDirectF64 = kernel(
  (
    g: number,
    ir: number,
    l: number,
    a: Nd,
    b: Nd,
    c: Nd,
    k: number,
    m: number,
    n: number,
    njr: number,
    alpha: number,
    beta: number,
  ) => {
    const jr = g % njr;
    const bt = i32((g - jr) / njr);
    const i = ir * 4;
    const j = jr * 4 + l;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    for (let p = 0; p < k; p++) {
      const b0 = b.get(bt, p, j);
      c0 += a.get(bt, i, p) * b0;
      c1 += a.get(bt, i + 1, p) * b0;
      c2 += a.get(bt, i + 2, p) * b0;
      c3 += a.get(bt, i + 3, p) * b0;
    }
    if (j < n) {
      if (i < m) c.set(bt, i, j, beta === 0 ? alpha * c0 : alpha * c0 + beta * c.get(bt, i, j));
      if (i + 1 < m)
        c.set(bt, i + 1, j, beta === 0 ? alpha * c1 : alpha * c1 + beta * c.get(bt, i + 1, j));
      if (i + 2 < m)
        c.set(bt, i + 2, j, beta === 0 ? alpha * c2 : alpha * c2 + beta * c.get(bt, i + 2, j));
      if (i + 3 < m)
        c.set(bt, i + 3, j, beta === 0 ? alpha * c3 : alpha * c3 + beta * c.get(bt, i + 3, j));
    }
  },
  { name: 'gemmDirectF64' },
);
