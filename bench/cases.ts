// cases.ts — the bench cases of issue 2: each pairs a numbat kernel with its hand-written
// plain-JS loop (baselines.ts), inputs of a given scale, a throughput measure and the
// tolerance its results are checked with before anything is timed.

import {
  type BackendName,
  f32,
  kernel,
  type Kernel,
  type NDArray,
  random,
  toDevice,
} from './numbat.js';
import * as builtins from '../src/kernels/index.js';
import {
  type Bodies,
  mandelbrotAxis,
  mandelbrotPlain,
  matmulPlain,
  matmulPlainFround,
  monteCarloPiPlain,
  monteCarloPiPlainF32,
  nbodyStepPlain,
  nbodyStepPlainFround,
  saxpyPlain,
  sumOfSquaresPlain,
} from './baselines.js';
import {
  allocate,
  type BenchArray,
  type CaseOutput,
  copyOf,
  poison,
  type Tolerance,
  uniformArray,
} from './data.js';
import type { PeerInputs } from './peerInputs.js';

/** One case at one size: ready to run as plain JS and as numbat on any backend. */
export interface CaseInstance {
  /** Sizes, for the table ("n = 16777216"). */
  readonly size: string;
  /** Runs the plain-JS loop once; returns its result (an array it owns, or a number). */
  runPlain(): CaseOutput;
  /**
   * The same loop with Math.fround after every operation (the kernel's exact f32
   * arithmetic), where that differs from runPlain; shown as a second baseline.
   */
  readonly runPlainFround?: () => CaseOutput;
  /**
   * Builds the numbat runner for one backend: a fresh kernel with `{ backend }`, its own
   * output arrays (poisoned, so a launch that writes nothing cannot pass the check), and
   * with `resident` every array moved to the backend first (toDevice / NDArray).
   */
  numbatRunner(backend: BackendName, resident: boolean): Promise<NumbatRunner>;
  /** Units of work of one run (bytes, samples, iterations…), from the plain result. */
  work(reference: CaseOutput): number;
  readonly tolerance: Tolerance;
  /** Looser tolerances for some backends (WebGPU's native float is f32), by backend name. */
  readonly backendTolerance?: Readonly<Record<string, Tolerance>>;
  /** The inputs, for the peer libraries of the comparison bench (peers.ts). */
  readonly peer?: PeerInputs;
}

/** A numbat kernel bound to its arguments on one backend. */
export interface NumbatRunner {
  /** One launch (what is timed). Resolves to what `launch` resolved to. */
  launch(): Promise<number | undefined>;
  /** The result of the last launch, on the host (`launched` is what launch resolved to). */
  read(launched: number | undefined): Promise<CaseOutput>;
  /** Which backend the next launch would take and why (the comparison bench shows auto's). */
  inspect?(): Promise<{ backend: string; reason: string; runnerUp?: string }>;
}

/** A bench case: its name, throughput unit, and how to build it at a scale. */
export interface BenchCase {
  readonly name: string;
  readonly title: string;
  /** Throughput unit and the divisor turning work/second into it (GB/s: 1e9). */
  readonly unit: string;
  readonly unitScale: number;
  /** `scale` multiplies the amount of work (BENCH_SCALE); 1 is the size of issue 2. */
  create(scale: number): CaseInstance;
}

// f32 math rounds a·x before adding y; with cancellation a result may differ from the
// f64 loop by more than its own ulp, but never by more than an ulp of the largest value.
const F32_ELEMENTWISE: Tolerance = { relative: 1e-6, relativeToMax: 1e-6 };
const F32_ACCUMULATED: Tolerance = { relative: 1e-4, relativeToMax: 1e-4 };

/** `base` scaled so that work ∝ size^power scales by `scale`, at least `minimum`. */
function scaledSize(base: number, scale: number, power: number, minimum: number): number {
  return Math.max(minimum, Math.round(base * Math.pow(scale, 1 / power)));
}

/**
 * Stages a launch's arguments for one backend and binds them. `outputs` are the indices of
 * the arrays the kernel writes (poisoned first); `compose` turns their host contents into
 * the case's output. With `resident`, arrays become NDArrays on the backend (toDevice).
 */
async function stagedRunner(
  compiled: Kernel,
  grid: number | readonly number[],
  args: readonly unknown[],
  outputs: readonly number[],
  backend: BackendName,
  resident: boolean,
  compose: (arrays: BenchArray[]) => CaseOutput = (arrays) => arrays[0]!,
): Promise<NumbatRunner> {
  for (const index of outputs) poison(args[index] as BenchArray);
  const staged = resident
    ? await Promise.all(
        args.map((arg) => (ArrayBuffer.isView(arg) ? toDevice(arg as Float32Array, backend) : arg)),
      )
    : [...args];
  const launch = (): Promise<number | undefined> => compiled.launch(grid, ...staged);
  const inspect = () => compiled.inspect(grid, ...staged);
  if (outputs.length === 0) {
    return {
      launch,
      inspect,
      read: async (launched) => {
        if (typeof launched !== 'number')
          throw new Error(`a reduce kernel resolved to ${String(launched)}, not a number`);
        return launched;
      },
    };
  }
  return {
    launch,
    inspect,
    read: async () => {
      const arrays = await Promise.all(
        outputs.map((index) =>
          resident
            ? ((staged[index] as NDArray).toHost() as Promise<BenchArray>)
            : (args[index] as BenchArray),
        ),
      );
      return compose(arrays);
    },
  };
}

const saxpy: BenchCase = {
  name: 'saxpy',
  title: 'saxpy f32: out = a·x + y',
  unit: 'GB/s',
  unitScale: 1e9,
  create(scale) {
    const n = scaledSize(2 ** 24, scale, 1, 1024);
    const a = 2.5;
    const x = uniformArray(Float32Array, n, 1, -1, 1);
    const y = uniformArray(Float32Array, n, 2, -1, 1);
    const plainOut = allocate(Float32Array, n);
    return {
      size: `n = ${n}`,
      peer: { family: 'saxpy', a, x, y },
      tolerance: F32_ELEMENTWISE,
      runPlain: () => {
        saxpyPlain(a, x, y, plainOut);
        return plainOut;
      },
      numbatRunner(backend, resident) {
        const k = builtins.axpy.with({ backend });
        return stagedRunner(k, n, [a, x, y, allocate(Float32Array, n)], [3], backend, resident);
      },
      work: () => 12 * n,
    };
  },
};

const sumOfSquares: BenchCase = {
  name: 'sumsq',
  title: 'Σx² f64, reduce sum',
  unit: 'GB/s',
  unitScale: 1e9,
  create(scale) {
    const n = scaledSize(1e7, scale, 1, 1024);
    const x = uniformArray(Float64Array, n, 3, -1, 1);
    return {
      size: `n = ${n}`,
      peer: { family: 'sumsq', x },
      tolerance: { relative: 1e-9 },
      runPlain: () => sumOfSquaresPlain(x),
      numbatRunner(backend, resident) {
        const k = builtins.sumOfSquares.with({ backend });
        return stagedRunner(k, n, [x], [], backend, resident);
      },
      work: () => 8 * n,
    };
  },
};

/** f64 samples, as the README's kernel (random() is f64 on CPU backends). */
const piF64Kernel = builtins.monteCarloPi;
/** The same estimate with the samples taken as f32: 4 SIMD lanes of f32 math instead of f64. */
const piF32Kernel = kernel(
  (i: number, seed: number) => {
    const x = f32(random(seed, 2 * i));
    const y = f32(random(seed, 2 * i + 1));
    return x * x + y * y < 1 ? 1 : 0;
  },
  { name: 'monteCarloPiF32', reduce: 'sum' },
);

/** A Monte Carlo π case: 1e8 samples of `estimator`, checked exactly against `plain`. */
function monteCarloPiCase(
  name: string,
  title: string,
  estimator: Kernel,
  plain: (samples: number, seed: number) => number,
  withPeers: boolean,
): BenchCase {
  return {
    name,
    title,
    unit: 'G samples/s',
    unitScale: 1e9,
    create(scale) {
      const samples = scaledSize(1e8, scale, 1, 1024);
      const seed = 12345;
      return {
        size: `${samples} samples`,
        ...(withPeers ? { peer: { family: 'pi' as const, samples, seed } } : {}),
        tolerance: { relative: 0 },
        // x·x + y·y is f32 on WebGPU (unanchored math there, or fused into one rounding):
        // a few points on the circle flip.
        backendTolerance: { webgpu: { relative: 1e-5, inexactIntegers: true } },
        runPlain: () => plain(samples, seed),
        numbatRunner(backend, resident) {
          return stagedRunner(estimator.with({ backend }), samples, [seed], [], backend, resident);
        },
        work: () => samples,
      };
    },
  };
}

const monteCarloPi = monteCarloPiCase(
  'pi',
  'Monte Carlo π with random(seed, i), reduce sum',
  piF64Kernel,
  monteCarloPiPlain,
  true,
);
const monteCarloPiF32 = monteCarloPiCase(
  'pi-f32',
  'Monte Carlo π with f32(random(seed, i)), reduce sum',
  piF32Kernel,
  monteCarloPiPlainF32,
  false,
);

const mandelbrot: BenchCase = {
  name: 'mandelbrot',
  title: 'Mandelbrot f32, Int32Array iteration counts',
  unit: 'G iter/s',
  unitScale: 1e9,
  create(scale) {
    const side = scaledSize(1024, scale, 2, 16);
    const maxIter = 256;
    const xs = copyOf(Float32Array, mandelbrotAxis(side, -2, 1));
    const ys = copyOf(Float32Array, mandelbrotAxis(side, -1.5, 1.5));
    const plainOut = allocate(Int32Array, side * side);
    return {
      size: `${side}×${side}, maxIter ${maxIter}`,
      peer: { family: 'mandelbrot', xs, ys, maxIter },
      tolerance: { relative: 0 },
      // A GPU may fuse f32 multiply-adds: a few boundary pixels may then differ.
      backendTolerance: { webgpu: { relative: 0, mismatchFraction: 1e-3 } },
      runPlain: () => {
        mandelbrotPlain(plainOut, xs, ys, maxIter);
        return plainOut;
      },
      numbatRunner(backend, resident) {
        const k = builtins.mandelbrot.with({ backend });
        return stagedRunner(
          k,
          [side, side],
          [allocate(Int32Array, side * side), xs, ys, maxIter],
          [0],
          backend,
          resident,
        );
      },
      // Exact: the sum of the iteration counts the plain loop made.
      work: (reference) => {
        if (typeof reference === 'number')
          throw new Error('mandelbrot: reference must be an array');
        let total = 0;
        for (let i = 0; i < reference.length; i++) total += reference[i]!;
        return total;
      },
    };
  },
};

const matmul: BenchCase = {
  name: 'matmul',
  title: 'matmul f32, c = a·b (matmul.launch)',
  unit: 'GFLOP/s',
  unitScale: 1e9,
  create(scale) {
    const n = scaledSize(512, scale, 3, 16);
    const a = uniformArray(Float32Array, n * n, 4);
    const b = uniformArray(Float32Array, n * n, 5);
    const plainOut = allocate(Float32Array, n * n);
    return {
      size: `${n}×${n}`,
      peer: { family: 'matmul', a, b, n },
      tolerance: F32_ACCUMULATED,
      runPlain: () => {
        matmulPlain(a, b, plainOut, n);
        return plainOut;
      },
      runPlainFround: () => {
        matmulPlainFround(a, b, plainOut, n);
        return plainOut;
      },
      numbatRunner(backend, resident) {
        const k = builtins.matmul.with({ backend });
        return stagedRunner(
          k,
          [n, n],
          [a, b, allocate(Float32Array, n * n), n, n],
          [2],
          backend,
          resident,
        );
      },
      work: () => 2 * n * n * n,
    };
  },
};

function makeBodies(n: number, seed: number): Bodies {
  return {
    px: uniformArray(Float32Array, n, seed, -1, 1),
    py: uniformArray(Float32Array, n, seed + 1, -1, 1),
    pz: uniformArray(Float32Array, n, seed + 2, -1, 1),
    vx: uniformArray(Float32Array, n, seed + 3, -0.1, 0.1),
    vy: uniformArray(Float32Array, n, seed + 4, -0.1, 0.1),
    vz: uniformArray(Float32Array, n, seed + 5, -0.1, 0.1),
    mass: uniformArray(Float32Array, n, seed + 6, 0.5, 1.5),
  };
}

function emptyBodies(n: number): Bodies {
  return {
    px: allocate(Float32Array, n),
    py: allocate(Float32Array, n),
    pz: allocate(Float32Array, n),
    vx: allocate(Float32Array, n),
    vy: allocate(Float32Array, n),
    vz: allocate(Float32Array, n),
    mass: allocate(Float32Array, n),
  };
}

/** The six output components of a step, concatenated, for one comparison. */
function concatenateState(bodies: Bodies, into: Float32Array): Float32Array {
  const n = bodies.px.length;
  [bodies.px, bodies.py, bodies.pz, bodies.vx, bodies.vy, bodies.vz].forEach((part, k) =>
    into.set(part, k * n),
  );
  return into;
}

const nbody: BenchCase = {
  name: 'nbody',
  title: 'n-body step f32, softened all-pairs',
  unit: 'G interactions/s',
  unitScale: 1e9,
  create(scale) {
    const n = scaledSize(4096, scale, 2, 64);
    const dt = 0.001;
    const softening2 = 0.01;
    const bodies = makeBodies(n, 6);
    const plainNext = emptyBodies(n);
    const plainState = new Float32Array(6 * n);
    return {
      size: `${n} bodies`,
      peer: { family: 'nbody', bodies, dt, softening2 },
      tolerance: F32_ACCUMULATED,
      runPlain: () => {
        nbodyStepPlain(bodies, plainNext, dt, softening2);
        return concatenateState(plainNext, plainState);
      },
      runPlainFround: () => {
        nbodyStepPlainFround(bodies, plainNext, dt, softening2);
        return concatenateState(plainNext, plainState);
      },
      numbatRunner(backend, resident) {
        const k = builtins.nbodyStep.with({ backend });
        const next = emptyBodies(n);
        const state = new Float32Array(6 * n);
        const args = [
          bodies.px,
          bodies.py,
          bodies.pz,
          bodies.vx,
          bodies.vy,
          bodies.vz,
          bodies.mass,
          next.px,
          next.py,
          next.pz,
          next.vx,
          next.vy,
          next.vz,
          dt,
          softening2,
        ];
        const compose = (arrays: BenchArray[]): CaseOutput => {
          arrays.forEach((part, k) => state.set(part, k * n));
          return state;
        };
        return stagedRunner(k, n, args, [7, 8, 9, 10, 11, 12], backend, resident, compose);
      },
      work: () => n * n,
    };
  },
};

/** Every case, in the order the bench runs them. */
export const BENCH_CASES: readonly BenchCase[] = [
  saxpy,
  sumOfSquares,
  monteCarloPi,
  monteCarloPiF32,
  mandelbrot,
  matmul,
  nbody,
];
