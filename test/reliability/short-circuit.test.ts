// short-circuit.test.ts — `&&`, `||` and `?:` evaluate an operand only where the plain
// function does, on every backend: an atomic in the skipped side does not run, a guarded
// read under boundsCheck does not throw, and the launch-time length check does not count
// a read that a guard in a value protects (probe 4, findings 3, 6 and 7). Every expected
// value comes from the kernel's own plain function run over the grid in JavaScript.

import { expect, it } from 'vitest';
import { atomicAdd, barrier, groupId, kernel, localId, shared } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

type Args = (Float32Array | Int32Array)[];

/** Runs the plain function over a 1-D grid of n on copies of `args`; returns the copies. */
function plain(fn: (i: number, ...a: never[]) => void, n: number, args: Args): Args {
  const copies = args.map((a) => a.slice());
  for (let i = 0; i < n; i++) fn(i, ...(copies as never[]));
  return copies;
}

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);

// 25 of 100 positive: the right side of && runs 25 times, of || 75 times.
const x = Float32Array.from({ length: 100 }, (_, q) => (q % 4 === 0 ? 1 + q : -1 - q));
const xi = Int32Array.from({ length: 100 }, (_, q) => (q % 3 === 0 ? 0 : q - 50));

const countAnd = kernel((i: number, x: Float32Array, cnt: Int32Array) => {
  if (x[i]! > 0 && atomicAdd(cnt, 0, 1) >= 0) x[i] = x[i]! + 1;
});
const countOr = kernel((i: number, x: Float32Array, cnt: Int32Array) => {
  if (x[i]! > 0 || atomicAdd(cnt, 0, 1) < 0) x[i] = x[i]! + 1;
});
const countAndValue = kernel((i: number, x: Float32Array, cnt: Int32Array, o: Int32Array) => {
  const hit = x[i]! > 0 && atomicAdd(cnt, 0, 1) >= 0;
  o[i] = hit ? 1 : 0;
});
const pick = kernel((i: number, x: Float32Array, cnt: Int32Array, o: Int32Array) => {
  o[i] = x[i]! > 0 ? atomicAdd(cnt, 0, 1) : atomicAdd(cnt, 1, 1);
});
const pickOneArm = kernel((i: number, x: Float32Array, cnt: Int32Array, o: Int32Array) => {
  o[i] = x[i]! > 0 ? 1000 : atomicAdd(cnt, 0, 2);
});
const intAnd = kernel((i: number, x: Int32Array, cnt: Int32Array, o: Int32Array) => {
  o[i] = x[i]! && atomicAdd(cnt, 0, 1);
});
const intOr = kernel((i: number, x: Int32Array, cnt: Int32Array, o: Int32Array) => {
  o[i] = x[i]! || atomicAdd(cnt, 0, 1) + 1000;
});

/** Per workgroup of 4: how many invocations see a positive value, counted in shared memory. */
const groupCount = kernel(
  (i: number, x: Float32Array, o: Int32Array) => {
    const c = shared(Int32Array, 1);
    if (localId() === 0) c[0] = 0;
    barrier();
    if (x[i]! > 0 && atomicAdd(c, 0, 1) >= 0) x[i] = x[i]! + 1;
    barrier();
    if (localId() === 0) o[groupId()] = c[0]!;
  },
  { workgroup: 4, uses: { atomicAdd, barrier, groupId, localId, shared } },
);

/**
 * The whole phase is one `if` whose condition bounds localId(): the CPU backends loop over
 * the invocations the bound admits, but the atomic before the bound runs for all four.
 */
const effectBeforeBound = kernel(
  (i: number, o: Int32Array, counts: Int32Array) => {
    const c = shared(Int32Array, 1);
    if (localId() === 0) c[0] = 0;
    barrier();
    if (atomicAdd(c, 0, 1) >= 0 && localId() < 2) o[i] = 1;
    barrier();
    if (localId() === 0) counts[groupId()] = c[0]!;
  },
  { workgroup: 4, uses: { atomicAdd, barrier, groupId, localId, shared } },
);

// The guarded-read idioms with a grid of 8 over 4 elements.
const xs = Float32Array.of(1, -2, 3, 4);
const guards = {
  'i < xs.length ? xs[i] : -1': kernel((i: number, xs: Float32Array, o: Float32Array) => {
    o[i] = i < xs.length ? xs[i]! : -1;
  }),
  'if (i < xs.length && xs[i] > 0)': kernel((i: number, xs: Float32Array, o: Float32Array) => {
    if (i < xs.length && xs[i]! > 0) o[i] = 1;
    else o[i] = 0;
  }),
  'const ok = i < xs.length && xs[i] > 0': kernel(
    (i: number, xs: Float32Array, o: Float32Array) => {
      const ok = i < xs.length && xs[i]! > 0;
      o[i] = ok ? 1 : 0;
    },
  ),
  'i >= xs.length || xs[i] < 0 ? 0 : 1': kernel((i: number, xs: Float32Array, o: Float32Array) => {
    o[i] = i >= xs.length || xs[i]! < 0 ? 0 : 1;
  }),
  'i < xs.length ? (xs[i] > 0 ? 1 : 0) : 0': kernel(
    (i: number, xs: Float32Array, o: Float32Array) => {
      o[i] = i < xs.length ? (xs[i]! > 0 ? 1 : 0) : 0;
    },
  ),
};

/** Reads xs[i] before its guard: a grid longer than xs is still refused at launch. */
const unguarded = kernel((i: number, xs: Float32Array, o: Float32Array) => {
  o[i] = xs[i]! > 0 && i < xs.length ? 1 : 0;
});

describeEachBackend('short-circuit evaluation', (backend) => {
  const cases = [
    ['if (x > 0 && atomicAdd(…))', countAnd, () => [x.slice(), new Int32Array(1)]],
    ['if (x > 0 || atomicAdd(…))', countOr, () => [x.slice(), new Int32Array(1)]],
    [
      'const hit = x > 0 && atomicAdd(…)',
      countAndValue,
      () => [x, new Int32Array(1), new Int32Array(100)],
    ],
    [
      'x > 0 ? atomicAdd(c, 0) : atomicAdd(c, 1)',
      pick,
      () => [x, new Int32Array(2), new Int32Array(100)],
    ],
    ['x > 0 ? 1000 : atomicAdd(…)', pickOneArm, () => [x, new Int32Array(1), new Int32Array(100)]],
    ['int x && atomicAdd(…)', intAnd, () => [xi, new Int32Array(1), new Int32Array(100)]],
    ['int x || atomicAdd(…)', intOr, () => [xi, new Int32Array(1), new Int32Array(100)]],
  ] as const;
  for (const [name, k, make] of cases) {
    it(`${name}: the atomic runs only where the plain function runs it`, async () => {
      const args = make() as Args;
      const want = plain(k.fn as never, 100, args);
      await (k.with({ backend }).launch as (n: number, ...a: Args) => Promise<void>)(100, ...args);
      // Counters exactly; the old values atomics return depend on the order of indices, so
      // outputs holding them compare as multisets; plain writes compare exactly.
      expect(Array.from(args[1]!)).toEqual(Array.from(want[1]!));
      expect(sorted(args[args.length - 1]!)).toEqual(sorted(want[want.length - 1]!));
      if (args[0] !== x && args[0] !== xi)
        expect(Array.from(args[0]!)).toEqual(Array.from(want[0]!));
    });
  }

  it('an atomic on a shared array behind && runs once per positive value in each group', async () => {
    const data = x.slice();
    const o = new Int32Array(25);
    await groupCount.with({ backend }).launch(100, data, o);
    const want = Array.from(
      { length: 25 },
      (_, g) => [0, 1, 2, 3].filter((l) => x[4 * g + l]! > 0).length,
    );
    expect(Array.from(o)).toEqual(want);
    expect(Array.from(data)).toEqual(Array.from(x, (v) => (v > 0 ? v + 1 : v)));
  });

  it('an atomic before a bound on localId() runs for every invocation of the group', async () => {
    const o = new Int32Array(8);
    const counts = new Int32Array(2);
    await effectBeforeBound.with({ backend }).launch(8, o, counts);
    // Plain JS: every invocation bumps its group's counter; those with localId() < 2 write.
    expect(Array.from(counts)).toEqual([4, 4]);
    expect(Array.from(o)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => (i % 4 < 2 ? 1 : 0)));
  });

  for (const [name, k] of Object.entries(guards)) {
    for (const boundsCheck of [false, true]) {
      it(`${name} with a grid of 8 over 4 elements${boundsCheck ? ', boundsCheck' : ''}`, async () => {
        const o = new Float32Array(8);
        const want = plain(k.fn as never, 8, [xs, o])[1]!;
        await k.with({ backend, boundsCheck }).launch(8, xs, o);
        expect(Array.from(o)).toEqual(Array.from(want));
      });
    }
  }

  it('a read before its guard still makes a grid longer than the array a RangeError', async () => {
    await expect(unguarded.with({ backend }).launch(8, xs, new Float32Array(8))).rejects.toThrow(
      /parameter 'xs' has 4 elements, but the grid indexes it with i up to 7/,
    );
  });
});
