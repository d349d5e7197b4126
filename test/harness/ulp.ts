// ulp.ts — distance in units in the last place between two floats, in f32 or f64.
//
// Floats are mapped to integers that are monotonic in the float order (sign-magnitude to
// two's-complement style), so the ulp distance is the difference of the mapped integers.
// NaN is at distance 0 from NaN and infinite from anything else; +0 and −0 are 0 apart.

const f64Buffer = new Float64Array(1);
const f64Bits = new BigInt64Array(f64Buffer.buffer);
const f32Buffer = new Float32Array(1);
const f32Bits = new Int32Array(f32Buffer.buffer);

function orderedF64(x: number): bigint {
  f64Buffer[0] = x;
  const bits = f64Bits[0]!;
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

function orderedF32(x: number): number {
  f32Buffer[0] = x;
  const bits = f32Bits[0]!;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** The number of representable values between `a` and `b` in the given precision. */
export function ulpDistance(a: number, b: number, precision: 'f32' | 'f64'): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (precision === 'f32') return Math.abs(orderedF32(a) - orderedF32(b));
  const d = orderedF64(a) - orderedF64(b);
  return Number(d < 0n ? -d : d);
}

/** True when `x` is a subnormal in the given precision (non-zero and below the smallest normal). */
export function isSubnormal(x: number, precision: 'f32' | 'f64'): boolean {
  const smallestNormal = precision === 'f32' ? 2 ** -126 : 2 ** -1022;
  return x !== 0 && Math.abs(x) < smallestNormal;
}
