// gemm.ts — dense matrix multiplication, written in the kernel language:
// `gemm(a, b, c?, { alpha, beta, transA, transB })` computes c = alpha·op(a)·op(b) + beta·c
// over 2-D (and batched 3-D) NDArrays, scijs ndarrays of any strides, and typed arrays
// with their shapes given; and the blocked path behind `matmul.launch` (linalg.ts).
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
//
// On WebGPU one launch of a cooperative kernel (gemmTiledGpu): workgroups of 16×16
// invocations share 128×8 and 8×128 tiles of op(a) and op(b) in workgroup memory, each
// invocation accumulating an 8×8 tile of c in registers (no packing: the tiles are read
// through the operands' strides).
//
// Results: element (i, j) is acc = Σ_p a[i,p]·b[p,j] accumulated left to right in p in
// the arrays' precision (each product and sum rounded to f32 for f32 data), then
// alpha·acc + beta·c — the same operations on js, workers and wasm, so the result is
// bit-identical there (and to `matmul.fn` for alpha = 1, beta = 0); WebGPU computes the
// same sum in f32 (its compiler may fuse a multiply and an add). BLAS's quick returns:
// beta = 0 ignores c's old values (NaN there does not propagate), k = 0 or alpha = 0
// gives c = beta·c without reading a and b.

import {
  barrier,
  groupId,
  i32,
  kernel,
  localId,
  NDArray,
  shared,
  zeros,
  type BackendName,
  type Kernel,
} from '../index.js';
import {
  arrayArg,
  checkOptions,
  chooseBackend,
  HOST_PARALLEL_MIN,
  hostView,
  ordered,
  sharesMemory,
  refuseF64OnWebgpu,
  TYPED,
  Work,
  type ArrayArg,
  type BackendOption,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';

type Nd = NdarrayLike;

/** Bytes of packed a that one block of row slivers keeps in L2 (half of a 1 MiB L2). */
const A_BLOCK_BYTES = 512 * 1024;
/**
 * Bytes of one column sliver of packed b (kc·NR elements) that a k-block keeps in L1 while
 * the row slivers of a block pass over it: k is cut into blocks of at most 1024 (f32) or
 * 512 (f64) steps, each a launch of the tile kernel that carries its tiles' partial sums
 * to the next in a scratch buffer (stored and reloaded exactly: the sum of element (i, j)
 * is still taken left to right in p). Measured at n = 1024, 2 threads: f64 in blocks of
 * 512 ran 1.12× the single pass (whose 64 KiB slivers overflow a 48 KiB L1), 256 and 128
 * slower again (more partial sums moved); f32 in blocks of 512 or 256, 0.96× and 0.90×.
 */
const K_SLIVER_BYTES = 32 * 1024;
const BYTES = { f32: 4, f64: 8 } as const;

/**
 * The register tile, rows × columns of c per four invocations: f32 4×8 (8 f32x4
 * accumulators); f64 2×8 (f64 lanes are pairs of f64x2, so the same 8 registers hold 2×8;
 * 4×4 would need 4 splats per step instead of 2). The direct kernels (small products) use
 * 4×8 and 4×4.
 */
const TILE = { f32: { mr: 4, nr: 8 }, f64: { mr: 2, nr: 8 } } as const;
const DIRECT_TILE = { f32: { mr: 4, nr: 8 }, f64: { mr: 4, nr: 4 } } as const;

/**
 * ap[((g·k) + p)·mr + r] = op(a)[batch, mr·sliver + r, p] (0 past m), g = batch·nir + sliver.
 * Grid [batches·nir, mr]; `aBatch` is 0 when a 2-D a is shared by every batch.
 */
const gemmPackA = kernel(
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
const gemmPackB = kernel(
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
const gemmTileF32 = kernel(
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
const gemmTileF64 = kernel(
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
const gemmDirectF32 = kernel(
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
const gemmDirectF64 = kernel(
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

/**
 * WebGPU's product (f32), a cooperative kernel: each workgroup of 16×16 invocations computes
 * a 128×128 tile of c, invocation (ly, lx) an 8×8 register tile of it — rows i0 + ly + 16·r,
 * columns j0 + lx + 16·s (r, s < 8) — in 64 accumulators. k is walked in steps of 8: the
 * workgroup copies a 128×8 tile of op(a) and an 8×128 tile of op(b) into shared memory (four
 * elements of each per invocation; neighbouring invocations read neighbouring elements of a
 * row-major operand), then each invocation runs 8 steps of 8 + 8 shared loads and 64
 * multiply-adds: 4 multiply-adds per load where the naive kernel does 1 per 2 global loads.
 * The register tile is written out as scalars (a local array would live in memory on some
 * GPUs, and on SwiftShader). Grid [batch, 16·⌈m/128⌉, 16·⌈n/128⌉], workgroup [1, 16, 16];
 * element (i, j) sums its products in p order, then alpha·acc + beta·c.
 */
const gemmTiledGpu = kernel(
  (
    bt: number,
    _gy: number,
    _gx: number,
    a: Nd,
    b: Nd,
    c: Nd,
    m: number,
    n: number,
    k: number,
    alpha: number,
    beta: number,
  ) => {
    const ta = shared(Float32Array, 1024); // [128 rows][8 p]
    const tb = shared(Float32Array, 1024); // [8 p][128 columns]
    const ly = localId(1);
    const lx = localId(2);
    const l = ly * 16 + lx;
    const i0 = groupId(1) * 128 + ly;
    const j0 = groupId(2) * 128 + lx;
    let c00 = 0;
    let c01 = 0;
    let c02 = 0;
    let c03 = 0;
    let c04 = 0;
    let c05 = 0;
    let c06 = 0;
    let c07 = 0;
    let c10 = 0;
    let c11 = 0;
    let c12 = 0;
    let c13 = 0;
    let c14 = 0;
    let c15 = 0;
    let c16 = 0;
    let c17 = 0;
    let c20 = 0;
    let c21 = 0;
    let c22 = 0;
    let c23 = 0;
    let c24 = 0;
    let c25 = 0;
    let c26 = 0;
    let c27 = 0;
    let c30 = 0;
    let c31 = 0;
    let c32 = 0;
    let c33 = 0;
    let c34 = 0;
    let c35 = 0;
    let c36 = 0;
    let c37 = 0;
    let c40 = 0;
    let c41 = 0;
    let c42 = 0;
    let c43 = 0;
    let c44 = 0;
    let c45 = 0;
    let c46 = 0;
    let c47 = 0;
    let c50 = 0;
    let c51 = 0;
    let c52 = 0;
    let c53 = 0;
    let c54 = 0;
    let c55 = 0;
    let c56 = 0;
    let c57 = 0;
    let c60 = 0;
    let c61 = 0;
    let c62 = 0;
    let c63 = 0;
    let c64 = 0;
    let c65 = 0;
    let c66 = 0;
    let c67 = 0;
    let c70 = 0;
    let c71 = 0;
    let c72 = 0;
    let c73 = 0;
    let c74 = 0;
    let c75 = 0;
    let c76 = 0;
    let c77 = 0;
    for (let t = 0; t < k; t += 8) {
      for (let e = l; e < 1024; e += 256) {
        const ia = i0 - ly + (e >> 3);
        const pa = t + (e & 7);
        ta[e] = ia < m && pa < k ? a.get(bt, ia, pa) : 0;
        const pb = t + (e >> 7);
        const jb = j0 - lx + (e & 127);
        tb[e] = pb < k && jb < n ? b.get(bt, pb, jb) : 0;
      }
      barrier();
      for (let q = 0; q < 8; q++) {
        const a0 = ta[(ly + 0) * 8 + q]!;
        const a1 = ta[(ly + 16) * 8 + q]!;
        const a2 = ta[(ly + 32) * 8 + q]!;
        const a3 = ta[(ly + 48) * 8 + q]!;
        const a4 = ta[(ly + 64) * 8 + q]!;
        const a5 = ta[(ly + 80) * 8 + q]!;
        const a6 = ta[(ly + 96) * 8 + q]!;
        const a7 = ta[(ly + 112) * 8 + q]!;
        const b0 = tb[q * 128 + lx + 0]!;
        const b1 = tb[q * 128 + lx + 16]!;
        const b2 = tb[q * 128 + lx + 32]!;
        const b3 = tb[q * 128 + lx + 48]!;
        const b4 = tb[q * 128 + lx + 64]!;
        const b5 = tb[q * 128 + lx + 80]!;
        const b6 = tb[q * 128 + lx + 96]!;
        const b7 = tb[q * 128 + lx + 112]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c04 += a0 * b4;
        c05 += a0 * b5;
        c06 += a0 * b6;
        c07 += a0 * b7;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c14 += a1 * b4;
        c15 += a1 * b5;
        c16 += a1 * b6;
        c17 += a1 * b7;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c24 += a2 * b4;
        c25 += a2 * b5;
        c26 += a2 * b6;
        c27 += a2 * b7;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        c34 += a3 * b4;
        c35 += a3 * b5;
        c36 += a3 * b6;
        c37 += a3 * b7;
        c40 += a4 * b0;
        c41 += a4 * b1;
        c42 += a4 * b2;
        c43 += a4 * b3;
        c44 += a4 * b4;
        c45 += a4 * b5;
        c46 += a4 * b6;
        c47 += a4 * b7;
        c50 += a5 * b0;
        c51 += a5 * b1;
        c52 += a5 * b2;
        c53 += a5 * b3;
        c54 += a5 * b4;
        c55 += a5 * b5;
        c56 += a5 * b6;
        c57 += a5 * b7;
        c60 += a6 * b0;
        c61 += a6 * b1;
        c62 += a6 * b2;
        c63 += a6 * b3;
        c64 += a6 * b4;
        c65 += a6 * b5;
        c66 += a6 * b6;
        c67 += a6 * b7;
        c70 += a7 * b0;
        c71 += a7 * b1;
        c72 += a7 * b2;
        c73 += a7 * b3;
        c74 += a7 * b4;
        c75 += a7 * b5;
        c76 += a7 * b6;
        c77 += a7 * b7;
      }
      barrier();
    }
    const i1 = i0 + 16;
    const i2 = i0 + 32;
    const i3 = i0 + 48;
    const i4 = i0 + 64;
    const i5 = i0 + 80;
    const i6 = i0 + 96;
    const i7 = i0 + 112;
    const j1 = j0 + 16;
    const j2 = j0 + 32;
    const j3 = j0 + 48;
    const j4 = j0 + 64;
    const j5 = j0 + 80;
    const j6 = j0 + 96;
    const j7 = j0 + 112;
    if (i0 < m) {
      if (j0 < n)
        c.set(bt, i0, j0, beta === 0 ? alpha * c00 : alpha * c00 + beta * c.get(bt, i0, j0));
      if (j1 < n)
        c.set(bt, i0, j1, beta === 0 ? alpha * c01 : alpha * c01 + beta * c.get(bt, i0, j1));
      if (j2 < n)
        c.set(bt, i0, j2, beta === 0 ? alpha * c02 : alpha * c02 + beta * c.get(bt, i0, j2));
      if (j3 < n)
        c.set(bt, i0, j3, beta === 0 ? alpha * c03 : alpha * c03 + beta * c.get(bt, i0, j3));
      if (j4 < n)
        c.set(bt, i0, j4, beta === 0 ? alpha * c04 : alpha * c04 + beta * c.get(bt, i0, j4));
      if (j5 < n)
        c.set(bt, i0, j5, beta === 0 ? alpha * c05 : alpha * c05 + beta * c.get(bt, i0, j5));
      if (j6 < n)
        c.set(bt, i0, j6, beta === 0 ? alpha * c06 : alpha * c06 + beta * c.get(bt, i0, j6));
      if (j7 < n)
        c.set(bt, i0, j7, beta === 0 ? alpha * c07 : alpha * c07 + beta * c.get(bt, i0, j7));
    }
    if (i1 < m) {
      if (j0 < n)
        c.set(bt, i1, j0, beta === 0 ? alpha * c10 : alpha * c10 + beta * c.get(bt, i1, j0));
      if (j1 < n)
        c.set(bt, i1, j1, beta === 0 ? alpha * c11 : alpha * c11 + beta * c.get(bt, i1, j1));
      if (j2 < n)
        c.set(bt, i1, j2, beta === 0 ? alpha * c12 : alpha * c12 + beta * c.get(bt, i1, j2));
      if (j3 < n)
        c.set(bt, i1, j3, beta === 0 ? alpha * c13 : alpha * c13 + beta * c.get(bt, i1, j3));
      if (j4 < n)
        c.set(bt, i1, j4, beta === 0 ? alpha * c14 : alpha * c14 + beta * c.get(bt, i1, j4));
      if (j5 < n)
        c.set(bt, i1, j5, beta === 0 ? alpha * c15 : alpha * c15 + beta * c.get(bt, i1, j5));
      if (j6 < n)
        c.set(bt, i1, j6, beta === 0 ? alpha * c16 : alpha * c16 + beta * c.get(bt, i1, j6));
      if (j7 < n)
        c.set(bt, i1, j7, beta === 0 ? alpha * c17 : alpha * c17 + beta * c.get(bt, i1, j7));
    }
    if (i2 < m) {
      if (j0 < n)
        c.set(bt, i2, j0, beta === 0 ? alpha * c20 : alpha * c20 + beta * c.get(bt, i2, j0));
      if (j1 < n)
        c.set(bt, i2, j1, beta === 0 ? alpha * c21 : alpha * c21 + beta * c.get(bt, i2, j1));
      if (j2 < n)
        c.set(bt, i2, j2, beta === 0 ? alpha * c22 : alpha * c22 + beta * c.get(bt, i2, j2));
      if (j3 < n)
        c.set(bt, i2, j3, beta === 0 ? alpha * c23 : alpha * c23 + beta * c.get(bt, i2, j3));
      if (j4 < n)
        c.set(bt, i2, j4, beta === 0 ? alpha * c24 : alpha * c24 + beta * c.get(bt, i2, j4));
      if (j5 < n)
        c.set(bt, i2, j5, beta === 0 ? alpha * c25 : alpha * c25 + beta * c.get(bt, i2, j5));
      if (j6 < n)
        c.set(bt, i2, j6, beta === 0 ? alpha * c26 : alpha * c26 + beta * c.get(bt, i2, j6));
      if (j7 < n)
        c.set(bt, i2, j7, beta === 0 ? alpha * c27 : alpha * c27 + beta * c.get(bt, i2, j7));
    }
    if (i3 < m) {
      if (j0 < n)
        c.set(bt, i3, j0, beta === 0 ? alpha * c30 : alpha * c30 + beta * c.get(bt, i3, j0));
      if (j1 < n)
        c.set(bt, i3, j1, beta === 0 ? alpha * c31 : alpha * c31 + beta * c.get(bt, i3, j1));
      if (j2 < n)
        c.set(bt, i3, j2, beta === 0 ? alpha * c32 : alpha * c32 + beta * c.get(bt, i3, j2));
      if (j3 < n)
        c.set(bt, i3, j3, beta === 0 ? alpha * c33 : alpha * c33 + beta * c.get(bt, i3, j3));
      if (j4 < n)
        c.set(bt, i3, j4, beta === 0 ? alpha * c34 : alpha * c34 + beta * c.get(bt, i3, j4));
      if (j5 < n)
        c.set(bt, i3, j5, beta === 0 ? alpha * c35 : alpha * c35 + beta * c.get(bt, i3, j5));
      if (j6 < n)
        c.set(bt, i3, j6, beta === 0 ? alpha * c36 : alpha * c36 + beta * c.get(bt, i3, j6));
      if (j7 < n)
        c.set(bt, i3, j7, beta === 0 ? alpha * c37 : alpha * c37 + beta * c.get(bt, i3, j7));
    }
    if (i4 < m) {
      if (j0 < n)
        c.set(bt, i4, j0, beta === 0 ? alpha * c40 : alpha * c40 + beta * c.get(bt, i4, j0));
      if (j1 < n)
        c.set(bt, i4, j1, beta === 0 ? alpha * c41 : alpha * c41 + beta * c.get(bt, i4, j1));
      if (j2 < n)
        c.set(bt, i4, j2, beta === 0 ? alpha * c42 : alpha * c42 + beta * c.get(bt, i4, j2));
      if (j3 < n)
        c.set(bt, i4, j3, beta === 0 ? alpha * c43 : alpha * c43 + beta * c.get(bt, i4, j3));
      if (j4 < n)
        c.set(bt, i4, j4, beta === 0 ? alpha * c44 : alpha * c44 + beta * c.get(bt, i4, j4));
      if (j5 < n)
        c.set(bt, i4, j5, beta === 0 ? alpha * c45 : alpha * c45 + beta * c.get(bt, i4, j5));
      if (j6 < n)
        c.set(bt, i4, j6, beta === 0 ? alpha * c46 : alpha * c46 + beta * c.get(bt, i4, j6));
      if (j7 < n)
        c.set(bt, i4, j7, beta === 0 ? alpha * c47 : alpha * c47 + beta * c.get(bt, i4, j7));
    }
    if (i5 < m) {
      if (j0 < n)
        c.set(bt, i5, j0, beta === 0 ? alpha * c50 : alpha * c50 + beta * c.get(bt, i5, j0));
      if (j1 < n)
        c.set(bt, i5, j1, beta === 0 ? alpha * c51 : alpha * c51 + beta * c.get(bt, i5, j1));
      if (j2 < n)
        c.set(bt, i5, j2, beta === 0 ? alpha * c52 : alpha * c52 + beta * c.get(bt, i5, j2));
      if (j3 < n)
        c.set(bt, i5, j3, beta === 0 ? alpha * c53 : alpha * c53 + beta * c.get(bt, i5, j3));
      if (j4 < n)
        c.set(bt, i5, j4, beta === 0 ? alpha * c54 : alpha * c54 + beta * c.get(bt, i5, j4));
      if (j5 < n)
        c.set(bt, i5, j5, beta === 0 ? alpha * c55 : alpha * c55 + beta * c.get(bt, i5, j5));
      if (j6 < n)
        c.set(bt, i5, j6, beta === 0 ? alpha * c56 : alpha * c56 + beta * c.get(bt, i5, j6));
      if (j7 < n)
        c.set(bt, i5, j7, beta === 0 ? alpha * c57 : alpha * c57 + beta * c.get(bt, i5, j7));
    }
    if (i6 < m) {
      if (j0 < n)
        c.set(bt, i6, j0, beta === 0 ? alpha * c60 : alpha * c60 + beta * c.get(bt, i6, j0));
      if (j1 < n)
        c.set(bt, i6, j1, beta === 0 ? alpha * c61 : alpha * c61 + beta * c.get(bt, i6, j1));
      if (j2 < n)
        c.set(bt, i6, j2, beta === 0 ? alpha * c62 : alpha * c62 + beta * c.get(bt, i6, j2));
      if (j3 < n)
        c.set(bt, i6, j3, beta === 0 ? alpha * c63 : alpha * c63 + beta * c.get(bt, i6, j3));
      if (j4 < n)
        c.set(bt, i6, j4, beta === 0 ? alpha * c64 : alpha * c64 + beta * c.get(bt, i6, j4));
      if (j5 < n)
        c.set(bt, i6, j5, beta === 0 ? alpha * c65 : alpha * c65 + beta * c.get(bt, i6, j5));
      if (j6 < n)
        c.set(bt, i6, j6, beta === 0 ? alpha * c66 : alpha * c66 + beta * c.get(bt, i6, j6));
      if (j7 < n)
        c.set(bt, i6, j7, beta === 0 ? alpha * c67 : alpha * c67 + beta * c.get(bt, i6, j7));
    }
    if (i7 < m) {
      if (j0 < n)
        c.set(bt, i7, j0, beta === 0 ? alpha * c70 : alpha * c70 + beta * c.get(bt, i7, j0));
      if (j1 < n)
        c.set(bt, i7, j1, beta === 0 ? alpha * c71 : alpha * c71 + beta * c.get(bt, i7, j1));
      if (j2 < n)
        c.set(bt, i7, j2, beta === 0 ? alpha * c72 : alpha * c72 + beta * c.get(bt, i7, j2));
      if (j3 < n)
        c.set(bt, i7, j3, beta === 0 ? alpha * c73 : alpha * c73 + beta * c.get(bt, i7, j3));
      if (j4 < n)
        c.set(bt, i7, j4, beta === 0 ? alpha * c74 : alpha * c74 + beta * c.get(bt, i7, j4));
      if (j5 < n)
        c.set(bt, i7, j5, beta === 0 ? alpha * c75 : alpha * c75 + beta * c.get(bt, i7, j5));
      if (j6 < n)
        c.set(bt, i7, j6, beta === 0 ? alpha * c76 : alpha * c76 + beta * c.get(bt, i7, j6));
      if (j7 < n)
        c.set(bt, i7, j7, beta === 0 ? alpha * c77 : alpha * c77 + beta * c.get(bt, i7, j7));
    }
  },
  { name: 'gemmTiledGpu', workgroup: [1, 16, 16] },
);

/** c = beta·c (0 where beta = 0, whatever c held): k = 0 or alpha = 0. Grid [batches·m, n]. */
const gemmScale = kernel(
  (g: number, j: number, c: Nd, m: number, beta: number) => {
    const i = g % m;
    const bt = i32((g - i) / m);
    c.set(bt, i, j, beta === 0 ? 0 : beta * c.get(bt, i, j));
  },
  { name: 'gemmScale' },
);

/** What gemm multiplies: a typed array (shapes in the options), an NDArray or an ndarray. */
export type GemmOperand = TypedArray | NDArray | NdarrayLike;

/** Options of gemm. */
export interface GemmOptions extends BackendOption {
  /** Scales op(a)·op(b) (default 1); rounded to the arrays' precision. */
  alpha?: number;
  /** Scales c's old values (default 0: c is only written, its old values ignored). */
  beta?: number;
  /** Use aᵀ (a holds k×m) — the last two axes of a batched a. */
  transA?: boolean;
  /** Use bᵀ (b holds n×k). */
  transB?: boolean;
  /** Rows of op(a) and c: needed when an argument is a typed array (row-major, dense). */
  m?: number;
  /** Columns of op(b) and c (typed arrays). */
  n?: number;
  /** Columns of op(a), rows of op(b) (typed arrays). */
  k?: number;
  /** Typed arrays hold this many matrices one after another (a batched product). */
  batch?: number;
}

const GEMM_OPTIONS = [
  'alpha',
  'beta',
  'transA',
  'transB',
  'm',
  'n',
  'k',
  'batch',
  'backend',
] as const;

/** An operand as a (batch, rows, cols) view: its argument, and where element (t, i, j) is. */
interface Operand {
  readonly arg: ArrayArg;
  readonly name: string;
  /** Batches it holds: 1 for a 2-D operand (shared by every batch of a batched product). */
  readonly batches: number;
  /** Whether it has a batch axis. */
  readonly batched: boolean;
  readonly rows: number;
  readonly cols: number;
  /** Element strides: batch (0 without a batch axis), row, column. */
  readonly strides: readonly [number, number, number];
  readonly offset: number;
  /** The shape as the caller gave it (for messages). */
  readonly given: readonly number[];
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

function dimension(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new TypeError(
      `numbat: gemm: '${name}' must be a non-negative integer, got ${String(value)}`,
    );
  return value;
}

/**
 * Reads one operand: its logical (rows, cols) after an optional transpose. Typed arrays take
 * their shape from the options (`rowsCols` as stored, before the transpose).
 */
function operand(
  x: unknown,
  name: string,
  trans: boolean,
  typedShape: (() => [number, number]) | null,
  batchOption: number | undefined,
): Operand {
  const arg = arrayArg(x, name, 'gemm');
  if (arg.dtype !== 'f32' && arg.dtype !== 'f64') {
    throw new TypeError(
      `numbat: gemm: '${name}' holds ${arg.dtype} elements; gemm multiplies f32 or f64 matrices`,
    );
  }
  let shape: readonly number[];
  let strides: readonly number[];
  if (arg.kind === 'typed') {
    if (!typedShape)
      throw new TypeError(
        `numbat: gemm: '${name}' is a typed array: give the shapes as options m, n and k (and batch)`,
      );
    const [rows, cols] = typedShape();
    shape = batchOption === undefined ? [rows, cols] : [batchOption, rows, cols];
    const size = shape.reduce((p, q) => p * q, 1);
    if (arg.size !== size)
      throw new RangeError(
        `numbat: gemm: '${name}' has ${arg.size} elements, but shape ${shapeText(shape)} needs ${size}`,
      );
    strides = batchOption === undefined ? [cols, 1] : [rows * cols, cols, 1];
  } else {
    shape = arg.shape;
    strides = arg.strides;
  }
  if (shape.length !== 2 && shape.length !== 3)
    throw new RangeError(
      `numbat: gemm: '${name}' has shape ${shapeText(shape)}; gemm takes matrices (2-D) or batches of them (3-D)`,
    );
  const batched = shape.length === 3;
  const r = shape.length - 2;
  let rows = shape[r]!;
  let cols = shape[r + 1]!;
  let rs = strides[r]!;
  let cs = strides[r + 1]!;
  if (trans) [rows, cols, rs, cs] = [cols, rows, cs, rs];
  return {
    arg,
    name,
    batches: batched ? shape[0]! : 1,
    batched,
    rows,
    cols,
    // A batch of one is shared by every batch (as a 2-D operand): its batch stride is 0.
    strides: [batched && shape[0] !== 1 ? strides[0]! : 0, rs, cs],
    offset: arg.offset,
    given: shape,
  };
}

/** A validated call. */
interface Plan {
  readonly a: Operand;
  readonly b: Operand;
  /** c as given (undefined: a new result). */
  readonly c: Operand | undefined;
  readonly dtype: 'f32' | 'f64';
  readonly batch: number;
  readonly batched: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: number;
  readonly beta: number;
}

function plan(a: unknown, b: unknown, c: unknown, options: GemmOptions | undefined): Plan {
  checkOptions(options, GEMM_OPTIONS, 'gemm');
  const o = options ?? {};
  const flag = (v: unknown, name: string): boolean => {
    if (v === undefined) return false;
    if (typeof v !== 'boolean')
      throw new TypeError(`numbat: gemm: '${name}' must be a boolean, got ${String(v)}`);
    return v;
  };
  const scalar = (v: unknown, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number')
      throw new TypeError(`numbat: gemm: '${name}' must be a number, got ${typeof v}`);
    return v;
  };
  const transA = flag(o.transA, 'transA');
  const transB = flag(o.transB, 'transB');
  const alpha = scalar(o.alpha, 'alpha', 1);
  const beta = scalar(o.beta, 'beta', 0);
  const m = dimension(o.m, 'm');
  const n = dimension(o.n, 'n');
  const k = dimension(o.k, 'k');
  const batchOption = dimension(o.batch, 'batch');
  const need = (v: number | undefined, name: string): number => {
    if (v === undefined)
      throw new TypeError(
        `numbat: gemm: typed arrays need their shapes: give options m, n and k ('${name}' is missing)`,
      );
    return v;
  };
  const A = operand(
    a,
    'a',
    transA,
    () => (transA ? [need(k, 'k'), need(m, 'm')] : [need(m, 'm'), need(k, 'k')]),
    batchOption,
  );
  const B = operand(
    b,
    'b',
    transB,
    () => (transB ? [need(n, 'n'), need(k, 'k')] : [need(k, 'k'), need(n, 'n')]),
    batchOption,
  );
  if (A.arg.dtype !== B.arg.dtype)
    throw new TypeError(
      `numbat: gemm: 'a' holds ${A.arg.dtype} and 'b' holds ${B.arg.dtype} elements; convert one so both are the same`,
    );
  const dtype = A.arg.dtype as 'f32' | 'f64';
  if (A.cols !== B.rows) {
    throw new RangeError(
      `numbat: gemm: 'a' has shape ${shapeText(A.given)}${transA ? ' (transposed)' : ''} and 'b' has shape ${shapeText(B.given)}${transB ? ' (transposed)' : ''}: op(a) has ${A.cols} columns but op(b) has ${B.rows} rows`,
    );
  }
  if (A.batched && B.batched && A.batches !== B.batches && A.batches !== 1 && B.batches !== 1) {
    throw new RangeError(
      `numbat: gemm: 'a' has shape ${shapeText(A.given)} and 'b' has shape ${shapeText(B.given)}: their batch sizes differ (${A.batches} and ${B.batches})`,
    );
  }
  const batched = A.batched || B.batched;
  const batch = Math.max(A.batches, B.batches);
  const M = A.rows;
  const N = B.cols;
  const K = A.cols;
  for (const [v, name, got] of [
    [m, 'm', M],
    [n, 'n', N],
    [k, 'k', K],
  ] as const) {
    if (v !== undefined && v !== got)
      throw new RangeError(
        `numbat: gemm: option '${name}' is ${v}, but 'a' has shape ${shapeText(A.given)} and 'b' has shape ${shapeText(B.given)} (${name} = ${got})`,
      );
  }
  let C: Operand | undefined;
  if (c !== undefined && c !== null) {
    C = operand(c, 'c', false, () => [M, N], batchOption);
    if (C.arg.dtype !== dtype)
      throw new TypeError(
        `numbat: gemm: 'c' holds ${C.arg.dtype} elements, but 'a' and 'b' hold ${dtype}`,
      );
    const want = batched ? [batch, M, N] : [M, N];
    if (C.given.length !== want.length || C.given.some((d, q) => d !== want[q]))
      throw new RangeError(
        `numbat: gemm: 'c' has shape ${shapeText(C.given)}, but op(a)·op(b) of 'a' ${shapeText(A.given)} and 'b' ${shapeText(B.given)} has shape ${shapeText(want)}`,
      );
    for (const x of [A, B])
      if (sharesMemory(C.arg, x.arg))
        throw new TypeError(
          `numbat: gemm: 'c' is '${x.name}' or shares its memory; the result cannot overwrite an input (write into another array)`,
        );
  }
  return { a: A, b: B, c: C, dtype, batch, batched, m: M, n: N, k: K, alpha, beta };
}

/** Host arrays below this many multiply-adds run on js under auto (launch costs dominate). */
export const GEMM_HOST_PARALLEL_MIN = 16384;

/** The backend gemm runs on (see README "Where they run"). */
function gemmBackend(
  requested: BackendName | 'auto' | undefined,
  p: Plan,
  fn = 'gemm',
): Promise<BackendName> {
  // Where the NDArrays live (c first); host arrays: js for small products, else wasm.
  const work = p.batch * p.m * p.n * p.k >= GEMM_HOST_PARALLEL_MIN ? HOST_PARALLEL_MIN : 0;
  return chooseBackend(fn, requested, [p.c?.arg, p.a.arg, p.b.arg], work);
}

/** Whether kernels on `backend` read and write `nd`'s storage in place (layout.ts kernelArg). */
function usableOn(nd: NDArray, backend: BackendName): boolean {
  return (
    nd.backend === backend ||
    (backend === 'js' && nd.storage.hostView !== undefined) ||
    ((backend === 'wasm' || backend === 'workers') &&
      (nd.backend === 'wasm' || nd.backend === 'workers'))
  );
}

/**
 * What a kernel is given for an operand on `backend`, viewed as (batch, rows, cols): an
 * NDArray living there (or in the shared heap, for wasm/workers) as a view of its storage;
 * an NDArray elsewhere as a host view of a copy; host data as a strided view object.
 */
async function view3(backend: BackendName, x: Operand): Promise<unknown> {
  const shape = [x.batches, x.rows, x.cols];
  const strides = [...x.strides];
  if (x.arg.kind === 'typed') return hostView(x.arg.value as TypedArray, shape, strides, x.offset);
  if (x.arg.kind === 'ndarray')
    return hostView((x.arg.value as NdarrayLike).data, shape, strides, x.offset);
  const nd = x.arg.value as NDArray;
  if (usableOn(nd, backend)) return new NDArray(nd.storage, shape, strides, x.offset, nd.hostKind);
  const data = (await nd.storage.read()) as TypedArray;
  return hostView(data, shape, strides, x.offset);
}

/** Products up to this many multiply-adds read a and b in place (one launch, no packing). */
export const GEMM_DIRECT_MAX = 1 << 22;

/**
 * Whether the micro-kernel reads the operands where they are: a small product (packing's
 * two extra launches would cost more than they save) whose b has contiguous rows.
 */
function direct(p: Plan): boolean {
  return p.batch * p.m * p.n * p.k <= GEMM_DIRECT_MAX && p.b.strides[2] === 1 && p.b.offset === 0;
}

/**
 * The host array behind c's view when it is c's batch·m·n elements in row-major order from
 * element 0 (typed arrays, dense ndarrays): on the heap backends c then lives in the heap
 * for the whole product (see run). Undefined for NDArrays and other layouts.
 */
function denseHostC(p: Plan, c: Operand | undefined, fresh?: TypedArray): TypedArray | undefined {
  const size = p.batch * p.m * p.n;
  if (fresh) return fresh;
  if (!c || c.arg.kind === 'NDArray' || c.offset !== 0) return undefined;
  const [sb, sr, sc] = c.strides;
  if ((p.n > 1 && sc !== 1) || (p.m > 1 && sr !== p.n) || (p.batch > 1 && sb !== p.m * p.n))
    return undefined;
  const data =
    c.arg.kind === 'typed' ? (c.arg.value as TypedArray) : (c.arg.value as NdarrayLike).data;
  return data.length >= size ? data.subarray(0, size) : undefined;
}

/**
 * Runs one planned product on `backend` (A, B, C: the operands' 3-D views there). `cHost`
 * (denseHostC): on wasm and workers, c is copied into a heap temporary once (not at all
 * when beta = 0: every element is written), every launch writes there, and it is copied
 * back once; a launch given the host view itself would copy c in and out at each launch
 * (one per k-block).
 */
async function run(
  p: Plan,
  backend: BackendName,
  A: unknown,
  B: unknown,
  C: unknown,
  signal: AbortSignal | undefined,
  cHost?: TypedArray,
): Promise<void> {
  const { dtype, batch, m, n, k } = p;
  if (batch === 0 || m === 0 || n === 0) return;
  if (cHost && (backend === 'wasm' || backend === 'workers')) {
    const staging = new Work(backend, 'gemm');
    try {
      const temp = (await staging.alloc(dtype, batch * m * n)) as NDArray;
      if (p.beta !== 0) await temp.storage.write(cHost);
      const view = new NDArray(temp.storage, [batch, m, n], [m * n, n, 1], 0, temp.hostKind);
      await run(p, backend, A, B, view, signal);
      await staging.readInto(temp, cHost);
    } finally {
      staging.dispose();
    }
    return;
  }
  const work = new Work(backend, 'gemm');
  const launch = (kern: Kernel, grid: number[], ...args: unknown[]): Promise<unknown> =>
    work.run(kern, grid, ...args, ...(signal ? [{ signal }] : []));
  try {
    if (k === 0 || p.alpha === 0) {
      await launch(gemmScale, [batch * m, n], C, m, p.beta);
      return;
    }
    if (backend === 'webgpu') {
      const grid = [batch, 16 * Math.ceil(m / 128), 16 * Math.ceil(n / 128)];
      await launch(gemmTiledGpu, grid, A, B, C, m, n, k, p.alpha, p.beta);
      return;
    }
    if (direct(p)) {
      const { mr, nr } = DIRECT_TILE[dtype];
      const tile = dtype === 'f32' ? gemmDirectF32 : gemmDirectF64;
      const grid = [batch * Math.ceil(n / nr), Math.ceil(m / mr), 4];
      await launch(tile, grid, A, B, C, k, m, n, Math.ceil(n / nr), p.alpha, p.beta);
      return;
    }
    const { mr, nr } = TILE[dtype];
    const nir = Math.ceil(m / mr);
    const njr = Math.ceil(n / nr);
    const aPacks = p.a.batches === 1 ? 1 : batch;
    const bPacks = p.b.batches === 1 ? 1 : batch;
    const ap = await work.alloc(dtype, aPacks * nir * k * mr);
    const bp = await work.alloc(dtype, bPacks * njr * k * nr);
    // k in blocks of kc steps (as even as possible) whose column sliver of packed b stays
    // in L1; the partial sums of every tile cross from one block to the next in `acc`.
    const kcMax = Math.max(1, Math.floor(K_SLIVER_BYTES / (nr * BYTES[dtype])));
    const kc = Math.ceil(k / Math.ceil(k / kcMax));
    const acc = await work.alloc(dtype, k > kc ? batch * nir * njr * mr * nr : 1);
    const launches = [
      launch(gemmPackA, [aPacks * nir, mr], A, ap, m, k, nir, mr, aPacks === 1 ? 0 : 1),
      launch(gemmPackB, [bPacks * njr, nr], B, bp, n, k, njr, nr),
    ];
    const tile = dtype === 'f32' ? gemmTileF32 : gemmTileF64;
    // Row slivers in blocks of mcT whose packed a (mcT·mr·kc elements) stays in L2 while
    // every column sliver passes over it.
    const mcT = Math.max(1, Math.min(nir, Math.floor(A_BLOCK_BYTES / (mr * kc * BYTES[dtype]))));
    const nic = Math.ceil(nir / mcT);
    for (let p0 = 0; p0 < k; p0 += kc) {
      launches.push(
        launch(
          tile,
          [batch * nic * njr, mcT, 4],
          ap,
          bp,
          acc,
          C,
          k,
          p0,
          Math.min(k, p0 + kc),
          m,
          n,
          nir,
          njr,
          nic,
          mcT,
          aPacks === 1 ? 0 : 1,
          bPacks === 1 ? 0 : 1,
          p.alpha,
          p.beta,
        ),
      );
    }
    await Promise.all(launches);
  } finally {
    work.dispose();
  }
}

/**
 * c = alpha·op(a)·op(b) + beta·c, resolving to c (a new array of a's kind when c is
 * omitted: an NDArray on the backend it ran on, an ndarray, or a typed array).
 *
 * Operands: 2-D NDArrays or scijs ndarrays of any strides and offset, or typed arrays
 * (row-major, shapes from the options m, n, k); a batched product takes 3-D operands
 * [batch, rows, cols] (a 2-D operand, or a batch of one, is shared by every batch), or
 * typed arrays with the option `batch`. f32 or f64, both operands and c the same.
 *
 * @example
 *   const c = await gemm(a, b);                                  // NDArrays or ndarrays
 *   await gemm(a, b, c, { alpha: 2, beta: 1, transB: true });    // c = 2·a·bᵀ + c
 *   await gemm(x, y, z, { m: 64, n: 32, k: 128 });               // typed arrays
 */
export function gemm<A extends GemmOperand>(
  a: A,
  b: GemmOperand,
  c?: null,
  options?: GemmOptions,
): Promise<A>;
export function gemm<C extends GemmOperand>(
  a: GemmOperand,
  b: GemmOperand,
  c: C,
  options?: GemmOptions,
): Promise<C>;
export function gemm<T>(
  a: GemmOperand,
  b: GemmOperand,
  c?: T | null,
  options?: GemmOptions,
): Promise<T> {
  try {
    const p = plan(a, b, c, options);
    return ordered(async () => {
      const backend = await gemmBackend(options?.backend, p);
      refuseF64OnWebgpu(backend, [p.a.arg, p.b.arg, p.c?.arg], ['a', 'b', 'c'], 'gemm');
      const A = await view3(backend, p.a);
      const B = await view3(backend, p.b);
      const shape = p.batched ? [p.batch, p.m, p.n] : [p.m, p.n];
      if (p.c) {
        const cNd = p.c.arg.kind === 'NDArray' ? (p.c.arg.value as NDArray) : null;
        if (cNd && !usableOn(cNd, backend)) {
          throw new TypeError(
            `numbat: gemm: 'c' lives on ${cNd.backend}, but gemm runs on ${backend}; move it there first (toDevice) or run on ${cNd.backend}`,
          );
        }
        await run(p, backend, A, B, await view3(backend, p.c), undefined, denseHostC(p, p.c));
        return c as T;
      }
      // A new result of a's kind.
      const size = p.batch * p.m * p.n;
      const strides = p.batched ? [p.m * p.n, p.n, 1] : [p.n, 1];
      if (p.a.arg.kind === 'NDArray' && backend !== 'js') {
        const out = await zeros(shape, p.dtype, backend);
        const view = new NDArray(
          out.storage,
          [p.batch, p.m, p.n],
          [p.m * p.n, p.n, 1],
          0,
          out.hostKind,
        );
        await run(p, backend, A, B, view, undefined);
        return out as T;
      }
      const data = new TYPED[p.dtype](size);
      await run(
        p,
        backend,
        A,
        B,
        hostView(data, [p.batch, p.m, p.n], [p.m * p.n, p.n, 1], 0),
        undefined,
        denseHostC(p, undefined, data),
      );
      if (p.a.arg.kind === 'typed') return data as T;
      if (p.a.arg.kind === 'NDArray') {
        const out = await zeros(shape, p.dtype, backend);
        await out.storage.write(data);
        return out as T;
      }
      // A scijs ndarray's constructor is specialised to its rank: a batched result takes
      // the constructor of the operand of its own rank (b, for a 2-D a times a 3-D b).
      const like = [a, b].find(
        (o) =>
          (o as { shape?: unknown[] }).shape?.length === shape.length && 'data' in (o as object),
      );
      if (!like)
        throw new TypeError(
          `numbat: gemm: the ${shape.length}-D result has no ${shape.length}-D ndarray operand to take its kind from; pass 'c'`,
        );
      const Ctor = (like as unknown as { constructor: new (...x: unknown[]) => unknown })
        .constructor;
      return new Ctor(data, ...shape, ...strides, 0) as T;
    });
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The blocked product behind `matmul.launch([m, n], a, b, c, k, n)` (linalg.ts): row-major
 * a (m×k), b (k×n), c (m×n) in typed arrays or 1-D NDArrays of one float dtype, c = a·b.
 * Returns null when the arguments are not of that form (the caller then runs the kernel
 * itself, with its own checks and semantics).
 */
export function matmulBlocked(
  m: number,
  n: number,
  a: unknown,
  b: unknown,
  c: unknown,
  k: unknown,
  backend: BackendName | 'auto' | undefined,
  signal: AbortSignal | undefined,
): Promise<void> | null {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) return null;
  const args = [a, b, c];
  const dtypes = args.map((x) =>
    x instanceof Float32Array
      ? 'f32'
      : x instanceof Float64Array
        ? 'f64'
        : x instanceof NDArray && !x.disposed && x.shape.length === 1 && x.strides[0] === 1
          ? x.dtype
          : null,
  );
  const dtype = dtypes[0];
  if ((dtype !== 'f32' && dtype !== 'f64') || dtypes.some((d) => d !== dtype)) return null;
  const sizes = [m * k, k * n, m * n];
  const lengths = args.map((x) => (x instanceof NDArray ? x.size : (x as TypedArray).length));
  if (lengths.some((len, q) => len < sizes[q]!)) return null;
  const operands = args.map((x, q): ArrayArg => {
    const rows = [m, k, m][q]!;
    const cols = [k, n, n][q]!;
    if (x instanceof NDArray)
      return {
        kind: 'NDArray',
        dtype,
        shape: [rows, cols],
        strides: [cols, 1],
        offset: x.offset,
        size: rows * cols,
        value: x,
      };
    return {
      kind: 'typed',
      dtype,
      shape: [rows, cols],
      strides: [cols, 1],
      offset: 0,
      size: rows * cols,
      value: x as TypedArray,
    };
  });
  // The naive kernel allows aliasing (its semantics for it are the plain function's): leave
  // such calls to it.
  if (sharesMemory(operands[2]!, operands[0]!) || sharesMemory(operands[2]!, operands[1]!))
    return null;
  const op = (x: ArrayArg, name: string): Operand => ({
    arg: x,
    name,
    batches: 1,
    batched: false,
    rows: x.shape[0]!,
    cols: x.shape[1]!,
    strides: [0, x.strides[0]!, 1],
    offset: x.offset,
    given: x.shape,
  });
  const p: Plan = {
    a: op(operands[0]!, 'a'),
    b: op(operands[1]!, 'b'),
    c: op(operands[2]!, 'c'),
    dtype,
    batch: 1,
    batched: false,
    m,
    n,
    k,
    alpha: 1,
    beta: 0,
  };
  return ordered(async () => {
    const chosen = await gemmBackend(backend, p, 'matmul');
    if (chosen === 'webgpu' && dtype === 'f64')
      throw new TypeError(
        `numbat: kernel 'matmul': f64 arrays cannot run on WebGPU (WGSL has no f64); use a CPU backend`,
      );
    const views = await Promise.all([p.a, p.b, p.c!].map((x) => view3(chosen, x)));
    await run(p, chosen, views[0], views[1], views[2], signal, denseHostC(p, p.c));
  });
}

export {
  gemmTileF32,
  gemmTileF64,
  gemmDirectF32,
  gemmDirectF64,
  gemmPackA,
  gemmPackB,
  gemmTiledGpu,
};
