// gemmGpu.ts — gemm's WebGPU kernel (gemm.ts launches it), written in the kernel language:
//
// On WebGPU one launch of a cooperative kernel (gemmTiledGpu): workgroups of 16×16
// invocations share 128×8 and 8×128 tiles of op(a) and op(b) in workgroup memory, each
// invocation accumulating an 8×8 tile of c in registers (no packing: the tiles are read
// through the operands' strides).

import { barrier, groupId, localId, shared } from '../index.js';
import { kernel } from './internalKernel.js';
import type { NdarrayLike } from './arrays.js';

type Nd = NdarrayLike;

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
export const gemmTiledGpu = kernel(
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
