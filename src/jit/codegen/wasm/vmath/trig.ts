// vmath/trig.ts — f64x2 sin, cos, tan (fdlibm: __ieee754_rem_pio2's medium-size reduction
// with all three refinement steps always taken, then __kernel_sin / __kernel_cos /
// __kernel_tan on the double-double remainder y0 + y1 ∈ [−π/4, π/4]). Quadrant bits come
// from n + 2^52. The functions work on |x| and restore the sign (sin, tan are odd).
// Lanes with |x| > TRIG_LIMIT_F64 (or ±Inf) make the vector take the per-lane host call.

import { bits, type F64x2, type Operand, type Vec } from './f64x2.js';

/** |x| above which f64 sin/cos/tan use the per-lane fallback (n < 2^20 keeps n·pio2_i exact). */
const TRIG_LIMIT_F64 = 2 ** 20;

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2 = [
  [1.57079632673412561417, 6.07710050650619224932e-11],
  [6.0771005063039659766e-11, 2.02226624879595063154e-21],
  [2.0222662487111664558e-21, 8.47842766036889956997e-32],
] as const;
const S = [
  -1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4,
  2.75573137070700676789e-6, -2.50507602534068634195e-8, 1.58969099521155010221e-10,
];
const C = [
  4.16666666666666019037e-2, -1.38888888888741095749e-3, 2.48015872894767294178e-5,
  -2.75573143513906633035e-7, 2.0875723212981748279e-9, -1.13596475577881948265e-11,
];
const T = [
  3.33333333333334091986e-1, 1.33333333333201242699e-1, 5.39682539762260521377e-2,
  2.18694882948595424599e-2, 8.86323982359930005737e-3, 3.59207910759131235356e-3,
  1.45620945432529025516e-3, 5.88041240820264096874e-4, 2.46463134818469906812e-4,
  7.817944429395570923e-5, 7.14072491382608190305e-5, -1.85586374855275456654e-5,
  2.59073051863633712884e-5,
];
const PIO4 = 7.85398163397448278999e-1;
const PIO4_LO = 3.06161699786838301793e-17;
const TWO52 = 4503599627370496;

/** t = n·π/2 + y0 + y1 for 0 ≤ t ≤ TRIG_LIMIT_F64; `nBits` holds n in its low bits. */
function reducePio2(b: F64x2, t: Operand): { y0: Vec; y1: Vec; nBits: Vec } {
  const n = b.nearest(b.mul(t, INV_PIO2));
  let r = b.sub(t, b.mul(n, PIO2[0][0]));
  let w = b.mul(n, PIO2[0][1]);
  for (const [part, tail] of [PIO2[1], PIO2[2]]) {
    const prev = r;
    const nw = b.mul(n, part);
    r = b.sub(prev, nw);
    w = b.sub(b.mul(n, tail), b.sub(b.sub(prev, r), nw));
  }
  const y0 = b.sub(r, w);
  return { y0, y1: b.sub(b.sub(r, y0), w), nBits: b.add(n, TWO52) };
}

function kernelSin(b: F64x2, x: Operand, y: Operand): Vec {
  const z = b.mul(x, x);
  const w = b.mul(z, z);
  const r = b.add(b.poly(z, [S[1]!, S[2]!, S[3]!]), b.mul(b.mul(z, w), b.poly(z, [S[4]!, S[5]!])));
  const v = b.mul(z, x);
  // x − ((z·(y/2 − v·r) − y) − v·S1)
  return b.sub(x, b.sub(b.sub(b.mul(z, b.sub(b.mul(y, 0.5), b.mul(v, r))), y), b.mul(v, S[0]!)));
}

function kernelCos(b: F64x2, x: Operand, y: Operand): Vec {
  const z = b.mul(x, x);
  const w = b.mul(z, z);
  const r = b.add(
    b.mul(z, b.poly(z, [C[0]!, C[1]!, C[2]!])),
    b.mul(b.mul(w, w), b.poly(z, [C[3]!, C[4]!, C[5]!])),
  );
  const hz = b.mul(z, 0.5);
  const one = b.sub(1, hz);
  return b.add(one, b.add(b.sub(b.sub(1, one), hz), b.sub(b.mul(z, r), b.mul(x, y))));
}

/** Lanes of n (from nBits) with bit `bit` set, as an all-ones mask. */
function nBit(b: F64x2, nBits: Operand, bit: bigint): Vec {
  return b.eqI(b.and(nBits, bits(bit)), bits(bit));
}

/** The sign bit where bit 1 of n (+ offset) is set. */
function quadrantSign(b: F64x2, nBits: Operand, offset: number): Vec {
  const m = offset === 0 ? nBits : b.addI(nBits, bits(BigInt(offset)));
  return b.shl(b.and(m, bits(2n)), 62);
}

function withFallback(b: F64x2, name: string, x: Operand, main: () => Vec): Vec {
  return b.unless(b.gt(b.abs(x), TRIG_LIMIT_F64), () => b.perLane(name, [x]), main);
}

export function sin(b: F64x2, x: Operand): Vec {
  return withFallback(b, 'sin', x, () => {
    const { y0, y1, nBits } = reducePio2(b, b.abs(x));
    const r = b.select(nBit(b, nBits, 1n), kernelCos(b, y0, y1), kernelSin(b, y0, y1));
    return b.xor(b.xor(r, quadrantSign(b, nBits, 0)), b.and(x, -0));
  });
}

export function cos(b: F64x2, x: Operand): Vec {
  return withFallback(b, 'cos', x, () => {
    const { y0, y1, nBits } = reducePio2(b, b.abs(x));
    const r = b.select(nBit(b, nBits, 1n), kernelSin(b, y0, y1), kernelCos(b, y0, y1));
    return b.xor(r, quadrantSign(b, nBits, 1));
  });
}

/** __kernel_tan(x, y, iy): tan for even n (iy = 1), −1/tan for odd n (iy = −1). */
function kernelTan(b: F64x2, x0: Vec, y0: Vec, odd: Vec): Vec {
  const big = b.ge(b.abs(x0), 0.6743354797363281); // high word ≥ 0x3FE59428
  // Near ±π/4: tan(π/4 − y) via the identity, on the reflected argument.
  const negative = b.and(x0, -0);
  const reflected = b.add(b.sub(PIO4, b.abs(x0)), b.sub(PIO4_LO, b.xor(y0, negative)));
  const x = b.select(big, reflected, x0);
  const y = b.select(big, 0, y0);
  const z = b.mul(x, x);
  const w = b.mul(z, z);
  let r = b.poly(w, [T[1]!, T[3]!, T[5]!, T[7]!, T[9]!, T[11]!]);
  const v = b.mul(z, b.poly(w, [T[2]!, T[4]!, T[6]!, T[8]!, T[10]!, T[12]!]));
  const s = b.mul(z, x);
  r = b.add(y, b.mul(z, b.add(b.mul(s, b.add(r, v)), y)));
  r = b.add(r, b.mul(T[0]!, s));
  const sum = b.add(x, r);
  const iy = b.select(odd, -1, 1);
  // big: ±(iy − 2·(x − (w²/(w + iy) − r)))
  const bigResult = b.xor(
    b.sub(iy, b.mul(2, b.sub(x, b.sub(b.div(b.mul(sum, sum), b.add(sum, iy)), r)))),
    negative,
  );
  // odd: −1/(x + r) accurately
  const zh = b.highWord(sum);
  const vv = b.sub(r, b.sub(zh, x));
  const a = b.div(-1, sum);
  const th = b.highWord(a);
  const ss = b.add(1, b.mul(th, zh));
  const inverse = b.add(th, b.mul(a, b.add(ss, b.mul(th, vv))));
  return b.select(big, bigResult, b.select(odd, inverse, sum));
}

export function tan(b: F64x2, x: Operand): Vec {
  return withFallback(b, 'tan', x, () => {
    const { y0, y1, nBits } = reducePio2(b, b.abs(x));
    return b.xor(kernelTan(b, y0, y1, nBit(b, nBits, 1n)), b.and(x, -0));
  });
}
