// bitcast.test.ts — f32bits / f32frombits on every backend against their plain meaning (a
// Float32Array and a Uint32Array over one buffer, computed here independently): −0,
// subnormals, ±Infinity, NaNs with payloads (quiet ones: a signalling NaN may come back
// quiet), round trips, bits computed on and stored through f32 arrays, and vectorised loops.

import { describe, expect, it } from 'vitest';
import { f32bits, f32frombits, kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

const BITS = [
  0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x7f800000,
  0xff800000, 0x7fc00000, 0x7fc12345, 0xffc00001, 0x7fffffff, 0x12345678, 0xdeadbeef,
];
/** The bit patterns as f32 values (a view, so the payloads are exact). */
const asFloats = (bits: readonly number[]) => new Float32Array(Uint32Array.from(bits).buffer);
const hex = (a: ArrayLike<number>) => Array.from(a, (v) => (v >>> 0).toString(16));

describe('the plain functions', () => {
  it('read and make the IEEE bits of an f32', () => {
    expect(f32bits(-0)).toBe(0x80000000);
    expect(f32bits(1)).toBe(0x3f800000);
    expect(f32bits(0.1)).toBe(0x3dcccccd); // rounded to f32 first
    expect(Object.is(f32frombits(0x80000000), -0)).toBe(true);
    expect(f32frombits(0x3f800000)).toBe(1);
    expect(f32frombits(-1 >>> 0)).toBeNaN();
    expect(f32frombits(-1082130432)).toBe(-1); // converted to u32 first: 0xbf800000
  });
});

describeEachBackend('f32bits / f32frombits', (backend) => {
  it('f32bits reads the bits of loaded values, payloads and −0 included', async () => {
    const x = asFloats(BITS);
    const out = new Uint32Array(x.length);
    await kernel(
      (i: number, x: Float32Array, out: Uint32Array) => {
        out[i] = f32bits(x[i]!);
      },
      { backend },
    ).launch(x.length, x, out);
    expect(hex(out)).toEqual(hex(BITS));
  });

  it('f32frombits makes f32 values that store with their bits', async () => {
    const u = Uint32Array.from(BITS);
    const out = new Float32Array(u.length);
    await kernel(
      (i: number, u: Uint32Array, out: Float32Array) => {
        out[i] = f32frombits(u[i]!);
      },
      { backend },
    ).launch(u.length, u, out);
    expect(hex(new Uint32Array(out.buffer))).toEqual(hex(BITS));
  });

  it('computes on the bits: sign flips, ordering keys, and back (a long loop, vectorised where it can be)', async () => {
    const n = 1003;
    const x = new Float32Array(n).map((_, i) => (i % 7 === 0 ? -0 : (i - 500) * 0.37));
    x[5] = NaN;
    x[6] = -Infinity;
    const key = new Uint32Array(n);
    const neg = new Float32Array(n);
    await kernel(
      (i: number, x: Float32Array, key: Uint32Array, neg: Float32Array) => {
        const b = f32bits(x[i]!);
        key[i] = b >>> 31 === 1 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
        neg[i] = f32frombits(b ^ 0x80000000);
      },
      { backend },
    ).launch(n, x, key, neg);
    const xb = new Uint32Array(x.buffer);
    const wantKey = Array.from(xb, (b) => (b >>> 31 === 1 ? ~b >>> 0 : (b | 0x80000000) >>> 0));
    expect(hex(key)).toEqual(hex(wantKey));
    expect(hex(new Uint32Array(neg.buffer))).toEqual(
      hex(Array.from(xb, (b) => (b ^ 0x80000000) >>> 0)),
    );
  });

  it('takes any number: f32bits rounds to f32 first, f32frombits converts to u32 first', async () => {
    const x = new Float64Array([0.1, -2.5, 1e40, 4294967296 + 7, -1]);
    const bits = new Uint32Array(x.length);
    const back = new Float32Array(x.length);
    const run = kernel(
      (i: number, x: Float64Array, bits: Uint32Array, back: Float32Array) => {
        bits[i] = f32bits(x[i]!);
        back[i] = f32frombits(x[i]!);
      },
      { backend },
    ).launch(x.length, x, bits, back);
    if (backend === 'webgpu') {
      // Refused under NUMBAT_DISABLE_JIT=1 too (the program fails where it would compiled).
      await expect(run).rejects.toThrow(/WebGPU has no f64/);
      return;
    }
    await run;
    expect(hex(bits)).toEqual(hex(Array.from(x, (v) => f32bits(v))));
    expect(hex(new Uint32Array(back.buffer))).toEqual(
      hex(Array.from(x, (v) => f32bits(f32frombits(v)))),
    );
  });
});
