// int-mixing.test.ts — integers of different signedness meeting (probe 3, item 5): an i32
// value with a u32 value, or with a weak integer constant outside its type. Comparisons
// and Math.min/max give the plain function's answers on every backend (WebGPU included:
// integer logic, no f64); atomicMax of a negative value on a Uint32Array and atomicMin
// of a value above 2^31 − 1 on an Int32Array change nothing, as in the plain function.
// Each expected value is the plain function's own output on the same arguments.

import { expect, it } from 'vitest';
import { compiledOnly } from '../harness/backends.js';
import { atomicMax, atomicMin, kernel, u32 } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const BIG = 2 ** 31;
const NOT_A_NUMBER = Number.NaN;

/** Six comparison results as bits (a `uses` helper, so the plain function calls it too). */
const bits = (c0: boolean, c1: boolean, c2: boolean, c3: boolean, c4: boolean, c5: boolean) =>
  (c0 ? 1 : 0) | (c1 ? 2 : 0) | (c2 ? 4 : 0) | (c3 ? 8 : 0) | (c4 ? 16 : 0) | (c5 ? 32 : 0);

const U = [0, 1, 5, 2 ** 31 - 1, 2 ** 31, 3e9, 2 ** 32 - 1];
const S = [-(2 ** 31), -5, -1, 0, 1, 5, 2 ** 31 - 1];

/** Every comparison of u[i] with s[j] in both orders, and of each with out-of-range constants. */
function comparisons(i: number, u: Uint32Array, s: Int32Array, o: Int32Array): void {
  const n = s.length;
  const a = u[(i / n) | 0]!;
  const b = s[i % n]!;
  o[6 * i] = bits(a < b, a <= b, a > b, a >= b, a === b, a !== b);
  o[6 * i + 1] = bits(b < a, b <= a, b > a, b >= a, b === a, b !== a);
  o[6 * i + 2] = bits(a < -1, a <= -1, a > -1, a >= -1, a === -1, a !== -1);
  o[6 * i + 3] = bits(b < 3000000000, b <= 3000000000, b > 3e9, b >= 3e9, b === 3e9, b !== 3e9);
  o[6 * i + 4] = bits(-1 < a, BIG > b, BIG === b, -5 === b, 2147483648 <= a, a < BIG);
  o[6 * i + 5] = Math.min(a, b) + Math.max(b, a) * 0 + (Math.max(a, b) > 2147483647 ? 7 : 0);
}

describeEachBackend('i32 and u32 values meeting', (backend) => {
  if (backend === 'webgpu' && compiledOnly("WebGPU's integer and f32 rules"))
    return it.skip('skipped under NUMBAT_DISABLE_JIT=1 (compiled kernels only; the reason is printed above)', () => {});
  it('comparisons of i32 with u32 values and with constants outside their type are exact', async () => {
    const u = Uint32Array.from(U);
    const s = Int32Array.from(S);
    const n = U.length * S.length;
    const k = kernel(comparisons, { backend, uses: { BIG, bits } });
    const out = new Int32Array(6 * n);
    const plain = new Int32Array(6 * n);
    for (let i = 0; i < n; i++) comparisons(i, u, s, plain);
    await k.launch(n, u, s, out);
    expect(Array.from(out)).toEqual(Array.from(plain));
  });

  it('an integer compared with a fractional, infinite, NaN or out-of-range literal is exact (WebGPU too)', async () => {
    // Promoted, these compared in the native float: f32 on WebGPU, where 16777217 > 16777216.5
    // was false. They compare in integer logic now, as the plain function does in f64.
    const f = (i: number, u: Uint32Array, s: Int32Array, o: Int32Array) => {
      const a = u[i % u.length]!;
      const b = s[i % s.length]!;
      o[5 * i] = bits(
        a > 16777216.5,
        a < 16777216.5,
        a === 16777216.5,
        a !== 0.5,
        2.5 >= a,
        a <= -0.5,
      );
      o[5 * i + 1] = bits(
        b > 16777216.5,
        b >= -2147483648.5,
        b < -0.5,
        -1.5 < b,
        b === 2.5,
        b <= 4294967295.5,
      );
      o[5 * i + 2] = bits(
        a < Infinity,
        a > -Infinity,
        b >= Infinity,
        b !== NOT_A_NUMBER,
        a === NOT_A_NUMBER,
        b < NOT_A_NUMBER,
      );
      o[5 * i + 3] = bits(
        a >= 2147483647.5,
        a > 4294967294.5,
        b > 2147483646.5,
        b < -2147483647.5,
        a < 0.5,
        b > -1e300,
      );
      // Whole numbers beyond both integer types (probe 5: u >= 2^32 compared in f32 on WebGPU).
      o[5 * i + 4] = bits(
        a >= 4294967296,
        a < 4294967296,
        4294967296 === a,
        b > -2147483649,
        a <= 1e10,
        b >= 1e10,
      );
    };
    const u = Uint32Array.from([...U, 16777216, 16777217, 2, 3]);
    const s = Int32Array.from([...S, 16777216, 16777217, -2, 2]);
    const n = Math.max(u.length, s.length);
    const out = new Int32Array(5 * n);
    const plain = new Int32Array(5 * n);
    for (let i = 0; i < n; i++) f(i, u, s, plain);
    await kernel(f, { backend, uses: { bits, NOT_A_NUMBER } }).launch(n, u, s, out);
    expect(Array.from(out)).toEqual(Array.from(plain));
  });

  it('Math.min / Math.max of integers with literals beyond every integer type are exact (WebGPU too)', async () => {
    // Promoted, Math.min(u, 2 ** 32) computed in f32 on WebGPU: 4294967295 came back 2^32.
    const f = (i: number, u: Uint32Array, s: Int32Array, ou: Uint32Array, o: Int32Array) => {
      const a = u[i % u.length]!;
      const b = s[i % s.length]!;
      ou[i] = Math.min(a, 4294967296);
      o[3 * i] = Math.max(b, -1e10, -Infinity);
      o[3 * i + 1] = Math.min(a, b, 1e12) + Math.max(a, -3000000000) * 0;
      o[3 * i + 2] =
        Math.max(a, Infinity) === Infinity && Math.min(b, -Infinity) === -Infinity ? 1 : 0;
    };
    const u = Uint32Array.from(U);
    const s = Int32Array.from(S);
    const n = Math.max(u.length, s.length);
    const pu = new Uint32Array(n);
    const plain = new Int32Array(3 * n);
    for (let i = 0; i < n; i++) f(i, u, s, pu, plain);
    const ou = new Uint32Array(n);
    const out = new Int32Array(3 * n);
    await kernel(f, { backend }).launch(n, u, s, ou, out);
    expect(Array.from(ou)).toEqual(Array.from(pu));
    expect(Array.from(out)).toEqual(Array.from(plain));
  });

  it('Math.min / Math.max of i32 and u32 values are the plain values', async () => {
    const f = (i: number, u: Uint32Array, s: Int32Array, lo: Float64Array, hi: Float64Array) => {
      const a = u[(i / s.length) | 0]!;
      const b = s[i % s.length]!;
      lo[i] = Math.min(a, b, -1);
      hi[i] = Math.max(b, a);
    };
    const u = Uint32Array.from(U);
    const s = Int32Array.from(S);
    const n = U.length * S.length;
    const lo = new Float64Array(n),
      hi = new Float64Array(n),
      plo = new Float64Array(n),
      phi = new Float64Array(n);
    for (let i = 0; i < n; i++) f(i, u, s, plo, phi);
    if (backend === 'webgpu') {
      // Float64Array outputs need f32 storage on WebGPU; every value here is exact in f32.
      const k = kernel(f, { backend, precision: 'f32' });
      await k.launch(n, u, s, lo, hi);
      expect(Array.from(lo)).toEqual(Array.from(plo).map(Math.fround));
      expect(Array.from(hi)).toEqual(Array.from(phi).map(Math.fround));
      return;
    }
    await kernel(f, { backend }).launch(n, u, s, lo, hi);
    expect(Array.from(lo)).toEqual(Array.from(plo));
    expect(Array.from(hi)).toEqual(Array.from(phi));
  });

  it('Math.min of a u32 value and a number that fits stays u32 (fuzz seed 5, case 857)', async () => {
    const f = (i: number, s: number, o: Uint32Array) => {
      let v = Math.min(u32(4000000000), 4100000000, s);
      v >>>= 1;
      o[i] = v;
    };
    const o = new Uint32Array(1),
      p = new Uint32Array(1);
    f(0, 3e9, p);
    await kernel(f, { backend }).launch(1, 3e9, o);
    expect(o[0]).toBe(p[0]);
  });

  it('a loop bound and a scalar outside the loop variable’s type compare exactly', async () => {
    const f = (i: number, big: number, o: Int32Array) => {
      let c = 0;
      for (let k = 0; k < 3000000000 && c < 5; k++) c++;
      o[0] = c;
      o[1] = big < -1 ? 1 : 0;
      o[2] = big > 2147483647 ? 1 : 0;
    };
    const o = new Int32Array(3),
      p = new Int32Array(3);
    f(0, 2 ** 31, p);
    await kernel(f, { backend }).launch(1, 2 ** 31, o);
    expect(Array.from(o)).toEqual(Array.from(p));
  });

  it('a ?: of u32 and i32 values stored into an integer array keeps the plain bits', async () => {
    const f = (i: number, u: Uint32Array, s: Int32Array, o: Int32Array, w: Uint32Array) => {
      o[i] = i % 2 === 0 ? u[i]! : s[i]!;
      w[i] = (i % 2 === 0 ? -1 : u[i]!) & 0xffff;
    };
    const u = Uint32Array.of(3e9, 7, 2 ** 32 - 1, 1),
      s = Int32Array.of(-1, -2, -3, -4);
    const [o, w, po, pw] = [
      new Int32Array(4),
      new Uint32Array(4),
      new Int32Array(4),
      new Uint32Array(4),
    ];
    for (let i = 0; i < 4; i++) f(i, u, s, po, pw);
    await kernel(f, { backend }).launch(4, u, s, o, w);
    expect(Array.from(o)).toEqual(Array.from(po));
    expect(Array.from(w)).toEqual(Array.from(pw));
  });

  it('a variable whose i32 and u32 values are only read as bits is accepted (an FNV hash)', async () => {
    // h starts as a u32 constant and is reassigned i32 results of Math.imul; every read is
    // bitwise, Math.imul or `>>> 0`, so both readings have the same bits.
    const fnv = (i: number, x: Uint32Array, o: Uint32Array) => {
      let h = 2166136261;
      for (let k = 0; k < 4; k++) {
        h ^= x[i * 4 + k]!;
        h = Math.imul(h, 16777619);
      }
      o[i] = h >>> 0;
    };
    const x = Uint32Array.from({ length: 16 }, (_, k) => (k * 2654435761) >>> 0);
    const want = new Uint32Array(4),
      o = new Uint32Array(4);
    for (let i = 0; i < 4; i++) fnv(i, x, want);
    await kernel(fnv, { backend }).launch(4, x, o);
    expect(Array.from(o)).toEqual(Array.from(want));
  });

  it('arithmetic of an i32 value and a u32 value is the plain number, or only its bits are used (probe 6, item 1)', async () => {
    // `u + (s & 255)`: the masked i32 is a u32 value too, so the sum is a u32 (3e9 + 255,
    // not its negative i32 reading); into integer arrays only the 32 bits count.
    const f = (i: number, u: Uint32Array, s: Int32Array, o: Float32Array, w: Int32Array) => {
      o[i] = u[i]! + (s[i]! & 255) - (i >>> 1);
      w[i] = (u[i]! + i) * s[i]!;
      w[i] += u[i]!;
    };
    // (No sum here passes 2³²: u32 arithmetic wraps there, as README documents.)
    const u = Uint32Array.of(3e9, 7, 2 ** 32 - 300, 2 ** 31);
    const s = Int32Array.of(-1, -2, 3, -(2 ** 31));
    const [o, w, po, pw] = [
      new Float32Array(4),
      new Int32Array(4),
      new Float32Array(4),
      new Int32Array(4),
    ];
    for (let i = 0; i < 4; i++) f(i, u, s, po, pw);
    await kernel(f, { backend }).launch(4, u, s, o, w);
    expect(Array.from(o)).toEqual(Array.from(po));
    expect(Array.from(w)).toEqual(Array.from(pw));
    expect(o[0]).toBeGreaterThan(2 ** 31);
  });

  it('arithmetic of an i32 value and a u32 value used as a number is refused at its line; u32(…) and f64(…) say which', async () => {
    // `(h >>> 0) % m` with m = 10 is 5 for h = −1 in JavaScript, and 32-bit logic gave −1.
    const bucket = (i: number, h: Int32Array, m: number, o: Float32Array) => {
      o[i] = (h[i]! >>> 0) % m;
    };
    const plus = (i: number, u: Uint32Array, o: Float32Array) => {
      o[i] = u[i]! + (i - 1);
    };
    const h = Int32Array.of(-1000, -(2 ** 31), 7);
    await expect(kernel(bucket, { backend }).launch(3, h, 10, new Float32Array(3))).rejects.toThrow(
      /`%` of a u32 value and an i32 value[\s\S]*int-mixing\.test\.ts/,
    );
    await expect(
      kernel(plus, { backend }).launch(2, Uint32Array.of(3e9, 5), new Float32Array(2)),
    ).rejects.toThrow(/`\+` of a u32 value and an i32 value[\s\S]*used as a number/);
    // A grid index is in [0, 2^31): u[i] + i is a u32, as in JavaScript's numbers.
    const index = (i: number, u: Uint32Array, o: Float64Array) => {
      o[i] = u[i]! + i;
    };
    const sums = new Float64Array(2);
    await kernel(index, { backend, precision: backend === 'webgpu' ? 'f32' : 'auto' }).launch(
      2,
      Uint32Array.of(3e9, 5),
      sums,
    );
    expect(Array.from(sums)).toEqual([3e9, 6]);
    // A literal that is no value of the other operand's type counts as its own type:
    // `u % -7` is 4 in JavaScript for u = 3e9 (−7 read as a u32 gave 3000000000).
    const literal = (i: number, u: Uint32Array, o: Float32Array) => {
      o[i] = (u[i]! % -7) + (i + 3000000000);
    };
    await expect(
      kernel(literal, { backend }).launch(1, Uint32Array.of(3e9), new Float32Array(1)),
    ).rejects.toThrow(/`%` of a u32 value and an i32 value/);
    const fixed = (i: number, h: Int32Array, m: number, o: Float32Array) => {
      o[i] = ((h[i]! >>> 0) % u32(m)) + (u32(i) + (h[i]! >>> 0));
    };
    const o = new Float32Array(3);
    const want = new Float32Array(3);
    for (let i = 0; i < 3; i++) fixed(i, h, 10, want);
    await kernel(fixed, { backend }).launch(3, h, 10, o);
    expect(Array.from(o)).toEqual(Array.from(want));
    expect(o[0]).toBe(Math.fround(6 + 4294966296));
  });

  it('a weak integer that may be negative (a const, a ?: of literals, a counter counting down, a helper parameter) meeting a u32 value as a number is refused (probe 7, item 1)', async () => {
    const u = Uint32Array.of(10, 7, 3, 8, 1);
    const s = Int32Array.of(-1, 2, -3, 4, 5);
    const mul = (a: number, b: number) => a * b;
    const kernels = [
      (i: number, u: Uint32Array, s: Int32Array, o: Float64Array) => {
        let k = 1;
        k = k - 2;
        o[i] = u[i]! * k;
      },
      (i: number, u: Uint32Array, s: Int32Array, o: Float64Array) => {
        o[i] = u[i]! * (s[i]! < 0 ? -1 : 1);
      },
      (i: number, u: Uint32Array, s: Int32Array, o: Float64Array) => {
        let acc = 0;
        for (let d = -1; d <= 1; d += 2) acc += d * u[(i + 1 + d) % 5]!;
        o[i] = acc;
      },
    ];
    for (const f of kernels) {
      const o = new Float64Array(5).fill(9);
      await expect(kernel(f, { backend }).launch(5, u, s, o)).rejects.toThrow(
        /of a u32 value and an i32 value|of an i32 value and a u32 value/,
      );
      expect(Array.from(o)).toEqual([9, 9, 9, 9, 9]);
    }
    const helper = (i: number, u: Uint32Array, o: Float64Array) => {
      o[i] = mul(u[i]!, -1);
    };
    await expect(
      kernel(helper, { backend, uses: { mul } }).launch(5, u, new Float64Array(5)),
    ).rejects.toThrow(/of a u32 value and an i32 value/);
    // Certainly ≥ 0: a counter from 0 counting up, a helper given 2, `const k = 2`, and a
    // weak sum reaching past 2^31 (a u32, as in JavaScript's numbers), give the plain answers.
    const addBig = (x: number) => x + 3000000000;
    const fine = (i: number, u: Uint32Array, s: Int32Array, o: Float64Array) => {
      let acc = 0;
      for (let k = 0; k < 3; k++) acc += u[i]! * k;
      const two = 2;
      o[i] = acc + mul(u[i]!, 2) + u[i]! * two + addBig(0);
    };
    const want = new Float64Array(5);
    for (let i = 0; i < 5; i++) fine(i, u, s, want);
    const got = new Float64Array(5);
    // (WebGPU has no f64: there the results are stored as f32.)
    const precision = backend === 'webgpu' ? ('f32' as const) : ('auto' as const);
    await kernel(fine, { backend, uses: { mul, addBig }, precision }).launch(5, u, s, got);
    expect(Array.from(got)).toEqual(
      Array.from(want, (v) => (backend === 'webgpu' ? Math.fround(v) : v)),
    );
  });

  it('an element of a Uint8Array or Uint16Array meets a u32 value as a u32 (probe 7, item 5: it was refused)', async () => {
    const f = (i: number, b8: Uint8Array, w16: Uint16Array, u: Uint32Array, o: Float64Array) => {
      o[i] = b8[i]! + u[i]! + u32(w16[i]!) * w16[i]! * 0 + (u[i]! % b8[i]!);
    };
    const b8 = Uint8Array.of(200, 1, 255);
    const w16 = Uint16Array.of(65535, 3, 0);
    const u = Uint32Array.of(3e9, 5, 4294967040);
    const want = new Float64Array(3);
    for (let i = 0; i < 3; i++) f(i, b8, w16, u, want);
    const o = new Float64Array(3);
    const precision = backend === 'webgpu' ? ('f32' as const) : ('auto' as const);
    await kernel(f, { backend, precision }).launch(3, b8, w16, u, o);
    expect(Array.from(o)).toEqual(
      Array.from(want, (v) => (backend === 'webgpu' ? Math.fround(v) : v)),
    );
  });

  it('a const local holding a literal is that literal: exact comparisons with fractions and values past 2^32, WebGPU too (probe 7, item 2)', async () => {
    const u = Uint32Array.of(4294967295, 16777217);
    const s = Int32Array.of(2147483647, 16777217);
    const f = (i: number, u: Uint32Array, s: Int32Array, o: Int32Array) => {
      const big = 4294967296;
      const half = 16777216.5;
      const edge = 2147483647.5;
      o[i] = (u[i]! >= big ? 1 : 0) + (u[i]! > half ? 2 : 0) + (s[i]! < edge ? 4 : 0);
    };
    const want = new Int32Array(2);
    for (let i = 0; i < 2; i++) f(i, u, s, want);
    const o = new Int32Array(2);
    await kernel(f, { backend }).launch(2, u, s, o);
    expect(Array.from(o)).toEqual(Array.from(want));
  });

  it('probe 8: helper returns of u32 and -1 are refused; consts negate in numbers; >> and & of large weak values; const lengths; loops that end anyway', async () => {
    const pick = (v: number) => {
      if (v > 5) return v;
      return -1;
    };
    const picked = (i: number, u: Uint32Array, o: Float64Array) => {
      o[i] = pick(u[i]!);
    };
    const u = Uint32Array.of(0, 5, 3e9, 7);
    await expect(
      kernel(picked, { backend, uses: { pick } }).launch(4, u, new Float64Array(4)),
    ).rejects.toThrow(/-1 is not a u32 value, but the result of helper `pick` holds u32 values/);
    const shifted = (i: number, u: Uint32Array, o: Float64Array) => {
      let k = 1;
      for (let j = 0; j < 31; j++) k = k * 2;
      o[i] = u[i]! + (k >> 0);
    };
    await expect(kernel(shifted, { backend }).launch(4, u, new Float64Array(4))).rejects.toThrow(
      /of a u32 value and an i32 value/,
    );
    // Exact answers: a const negated, 0 - const, a const array length, and loops whose
    // u32 condition is not the only way out.
    const exact = (i: number, u: Uint32Array, o: Int32Array) => {
      const m = -2147483648;
      const N = 4;
      const h = new Uint32Array(N);
      h[i % N] = 1;
      let steps = 0;
      for (let k = u[i]! % 8; k >= 0 && k < 100; k--) steps++;
      let up = 0;
      let k = u[i]! % 4;
      while (k >= 0) {
        up++;
        if (k > 6) break;
        k++;
      }
      o[i] =
        (-m === 2147483648 ? 1 : 0) + (0 - m > 0 ? 2 : 0) + 4 * h[i % N]! + 8 * steps + 256 * up;
    };
    const want = new Int32Array(4);
    for (let i = 0; i < 4; i++) exact(i, u, want);
    const o = new Int32Array(4);
    await kernel(exact, { backend }).launch(4, u, o);
    expect(Array.from(o)).toEqual(Array.from(want));
  });

  it('a loop condition that holds for every u32 value is refused at its line; a signed counter runs as the plain loop', async () => {
    // JavaScript's k goes to −1 and ends these loops; a u32 k wraps to 2^32 − 1 and would not.
    const down = (i: number, u: Uint32Array, o: Float32Array) => {
      let s = 0;
      for (let k = u[i]!; k >= 0; k--) s += k;
      o[i] = s;
    };
    const whileAbove = (i: number, u: Uint32Array, o: Float32Array) => {
      let s = 0;
      let k = u[i]!;
      while (k > -1) {
        s += k;
        k--;
      }
      o[i] = s;
    };
    const doUntil = (i: number, u: Uint32Array, o: Float32Array) => {
      let s = 0;
      let k = u[i]!;
      do {
        s += k;
        k--;
      } while (k !== -1);
      o[i] = s;
    };
    const u = Uint32Array.of(3, 0, 5);
    for (const [f, text] of [
      [down, 'k >= 0'],
      [whileAbove, 'k > -1'],
      [doUntil, 'k !== -1'],
    ] as const) {
      const o = new Float32Array(3).fill(9);
      await expect(kernel(f, { backend }).launch(3, u, o)).rejects.toThrow(
        new RegExp(`\`${text}\` is always true[\\s\\S]*int-mixing\\.test\\.ts`),
      );
      expect(Array.from(o)).toEqual([9, 9, 9]);
    }
    const signed = (i: number, u: Uint32Array, o: Float32Array) => {
      let s = 0;
      for (let k = u[i]! | 0; k >= 0; k--) s += k;
      o[i] = s;
    };
    const o = new Float32Array(3);
    const want = new Float32Array(3);
    for (let i = 0; i < 3; i++) signed(i, u, want);
    await kernel(signed, { backend }).launch(3, u, o);
    expect(Array.from(o)).toEqual(Array.from(want));
  });

  it('atomicMax of a negative i32 on a Uint32Array and atomicMin of a large u32 on an Int32Array change nothing', async () => {
    const f = (i: number, u: Uint32Array, s: Int32Array, v: Int32Array, w: Uint32Array) => {
      atomicMax(u, i, v[i]!);
      atomicMin(s, i, w[i]!);
    };
    const args = () =>
      [
        Uint32Array.of(5, 0, 3e9),
        Int32Array.of(5, -7, 2 ** 31 - 1),
        Int32Array.of(-1, 3, -(2 ** 31)),
        Uint32Array.of(3e9, 2 ** 31, 4),
      ] as const;
    const plain = args();
    for (let i = 0; i < 3; i++) f(i, ...plain);
    const got = args();
    await kernel(f, { backend }).launch(3, ...got);
    expect(Array.from(got[0])).toEqual(Array.from(plain[0]));
    expect(Array.from(got[1])).toEqual(Array.from(plain[1]));
  });
});
