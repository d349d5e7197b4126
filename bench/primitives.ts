// primitives.ts — the bench of issue 15: scan, sort (u32 keys, f32 keys, key–value), argsort,
// histogram and reduce (a whole array's sum) from numbat/kernels on every backend, beside
// plain JavaScript (TypedArray.prototype.sort, loops), tfjs-wasm (cumsum, topk as a full
// sort, sum) and jax-js on its wasm device (np.sort, np.argsort, np.cumsum, np.sum), at
// 10^5, 10^6 and 10^7 elements, in one
// process. Every runner's result is checked against a reference before it is timed;
// medians after warm-up, the runners of a size timed in interleaved rounds (a shared
// machine's load drifts within seconds); ratios are plain-JS time ÷ runner time (> 1: faster
// than plain JS).
// The copy rows measure this machine's copy bandwidth in the same run (for the goal "scan
// on resident arrays at ≥ 0.6× the copy bandwidth").
//
// Run: `npm run bench` (after the comparison), or `BENCH_ONLY=sort-f32,scan npm run bench`
// for some families (names: PRIMITIVE_FAMILIES). BENCH_SCALE multiplies the sizes.

import { availableParallelism, cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  backends,
  empty,
  release,
  toDevice,
  zeros,
  type BackendName,
  type NDArray,
} from './numbat.js';
import { argsort, copy, histogram, reduce, scan, sort } from '../src/kernels/index.js';
import { summarize, type MeasureOptions, type Timing } from './harness.js';
import { formatTable, resultsPath } from './report.js';
import { tensorData } from './peers.js';
import { seededUniform } from './data.js';

export const PRIMITIVE_FAMILIES = [
  'sort-u32',
  'sort-f32',
  'sort-kv',
  'argsort',
  'scan',
  'histogram',
  'reduce',
] as const;
type Family = (typeof PRIMITIVE_FAMILIES)[number];

const BASE_SIZES = [1e5, 1e6, 1e7];
/** A runner's turn in a round: repeated until this many ms, at most FAST_TURN_RUNS runs. */
const FAST_TURN_MS = 25;
const FAST_TURN_RUNS = 8;
const MEASURE: MeasureOptions[] = [
  { warmupRuns: 3, warmupMs: 50, minRuns: 7, minTotalMs: 100, maxRuns: 50 },
  { warmupRuns: 2, warmupMs: 0, minRuns: 5, minTotalMs: 0, maxRuns: 5 },
  { warmupRuns: 1, warmupMs: 0, maxWarmupRuns: 1, minRuns: 3, minTotalMs: 0, maxRuns: 3 },
];

/** One runner of a family at a size. */
interface Entry {
  readonly runner: string;
  readonly kind: 'plain' | 'numbat' | 'peer' | 'copy';
  /** Builds the timed call (inputs uploaded once where the runner keeps data resident). */
  prepare(): Promise<() => unknown>;
  /** The result of one call as host numbers, for the check (not timed). */
  read(result: unknown): Promise<ArrayLike<number>>;
  /** Why this runner's result may differ from the reference (a tolerance); exact when absent. */
  readonly tolerance?: number;
  /** Only up to this many elements (the peer fails or takes minutes above). */
  readonly maxSize?: number;
}

interface Row {
  readonly family: Family;
  readonly size: number;
  readonly runner: string;
  readonly kind: Entry['kind'];
  readonly timing: Timing | null;
  readonly problem: string | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the peers' loosely typed APIs */
let tfLoaded: Promise<any> | undefined;
function tfjs(): Promise<any> {
  tfLoaded ??= (async () => {
    try {
      const tf: any = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) return 'the tfjs wasm backend did not initialise';
      await tf.ready();
      return tf;
    } catch (error) {
      return `tfjs-wasm unavailable: ${(error as Error).message.split('\n')[0]}`;
    }
  })();
  return tfLoaded;
}

let jaxLoaded: Promise<any> | undefined;
function jax(): Promise<any> {
  jaxLoaded ??= (async () => {
    try {
      const jx: any = await import('@jax-js/jax');
      await jx.init('wasm');
      jx.defaultDevice('wasm');
      return jx;
    } catch (error) {
      return `jax-js unavailable: ${(error as Error).message.split('\n')[0]}`;
    }
  })();
  return jaxLoaded;
}

const identity = async (r: unknown): Promise<ArrayLike<number>> => r as ArrayLike<number>;
const fromNd = async (r: unknown): Promise<ArrayLike<number>> =>
  (await (r as NDArray).toHost()) as ArrayLike<number>;

/** The numbat rows of a family: host arrays on every backend, plus resident wasm rows. */
function numbatEntries(
  available: readonly BackendName[],
  size: number,
  host: (backend: BackendName) => Entry[],
): Entry[] {
  const out: Entry[] = [];
  for (const backend of available) {
    // SwiftShader (WebGPU here) is a CPU emulation: one size is enough to show it runs.
    if (backend === 'webgpu' && size > 1e5) continue;
    out.push(...host(backend));
  }
  return out;
}

function entriesFor(
  family: Family,
  n: number,
  available: readonly BackendName[],
): { reference: () => ArrayLike<number>; entries: Entry[]; keys?: ArrayLike<number> } {
  const r = seededUniform(n + family.length);
  switch (family) {
    case 'sort-u32': {
      const x = Uint32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32));
      let ref: Uint32Array | undefined;
      return {
        reference: () => (ref ??= x.slice().sort()),
        entries: [
          {
            runner: 'plain JS (Uint32Array.prototype.sort)',
            kind: 'plain',
            prepare: async () => () => x.slice().sort(),
            read: identity,
          },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => sort(x, { backend }),
              read: identity,
            },
          ]),
          residentEntry('numbat wasm, resident', available, x, (d) => sort(d)),
          emptyEntry(available, x, 'uint32'),
          jaxEntry('jax-js wasm (np.sort)', x, 'uint32', (np, a) => np.sort(a)),
        ],
      };
    }
    case 'sort-f32': {
      const x = Float32Array.from({ length: n }, () => (r() - 0.5) * 1e4);
      let ref: Float32Array | undefined;
      return {
        reference: () => (ref ??= x.slice().sort()),
        entries: [
          {
            runner: 'plain JS (Float32Array.prototype.sort)',
            kind: 'plain',
            prepare: async () => () => x.slice().sort(),
            read: identity,
          },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => sort(x, { backend }),
              read: identity,
            },
          ]),
          residentEntry('numbat wasm, resident', available, x, (d) => sort(d)),
          emptyEntry(available, x, 'float32'),
          tfTopkEntry(x, 'values'),
          jaxEntry('jax-js wasm (np.sort)', x, 'float32', (np, a) => np.sort(a)),
        ],
      };
    }
    case 'sort-kv': {
      const keys = Float32Array.from({ length: n }, () => (r() - 0.5) * 1e4);
      const values = Uint32Array.from({ length: n }, (_, i) => i);
      let ref: Uint32Array | undefined;
      // The reference is the stable permutation (values are the indices).
      const reference = (): Uint32Array =>
        (ref ??= Uint32Array.from(values).sort((a, b) => keys[a]! - keys[b]! || a - b));
      return {
        reference,
        keys,
        entries: [
          // The goal's baseline: sorting the keys alone with the built-in sort (ratio only).
          {
            runner: 'plain JS keys only (Float32Array.prototype.sort)',
            kind: 'plain',
            prepare: async () => () => keys.slice().sort(),
            read: async () => reference(),
          },
          {
            runner: 'plain JS key–value (index sort, comparator)',
            kind: 'peer',
            maxSize: 1e6,
            prepare: async () => () => {
              const idx = values.slice().sort((a, b) => keys[a]! - keys[b]!);
              const k = new Float32Array(n);
              for (let i = 0; i < n; i++) k[i] = keys[idx[i]!]!;
              return idx;
            },
            read: identity,
          },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => sort(keys, { values, backend }),
              read: async (res) => (res as { values: Uint32Array }).values,
            },
          ]),
          {
            runner: EMPTY_RUNNER,
            kind: 'numbat',
            prepare: async () => {
              if (!available.includes('wasm')) throw new Error('wasm unavailable');
              const [k, v, ok, ov] = [
                inHeap(keys, 'float32'),
                inHeap(values, 'uint32'),
                inHeap(new Float32Array(n), 'float32'),
                inHeap(new Uint32Array(n), 'uint32'),
              ];
              const out = { keys: ok, values: ov };
              return () => sort(k, { values: v, out, backend: 'wasm' });
            },
            read: async (res) => (res as { values: Uint32Array }).values,
          },
        ],
      };
    }
    case 'argsort': {
      const keys = Float32Array.from({ length: n }, () => (r() - 0.5) * 1e4);
      let ref: Uint32Array | undefined;
      const reference = (): Uint32Array =>
        (ref ??= Uint32Array.from({ length: n }, (_, i) => i).sort(
          (a, b) => keys[a]! - keys[b]! || a - b,
        ));
      return {
        reference,
        keys,
        entries: [
          {
            runner: 'plain JS (index sort, comparator)',
            kind: 'plain',
            maxSize: 1e6,
            prepare: async () => () =>
              Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!),
            read: identity,
          },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => argsort(keys, { backend }),
              read: identity,
            },
          ]),
          tfTopkEntry(keys, 'indices'),
          jaxEntry('jax-js wasm (np.argsort)', keys, 'float32', (np, a) => np.argsort(a)),
        ],
      };
    }
    case 'scan': {
      const x = Float32Array.from({ length: n }, () => r() * 2 - 1);
      const plain = (): Float32Array => {
        const out = new Float32Array(n);
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += x[i]!;
          out[i] = acc;
        }
        return out;
      };
      let ref: Float32Array | undefined;
      const out = new Float32Array(n);
      return {
        reference: () => (ref ??= plain()),
        entries: [
          {
            runner: 'plain JS loop (new array)',
            kind: 'plain',
            prepare: async () => plain,
            read: identity,
            tolerance: 1e-3,
          },
          {
            runner: 'plain JS loop (into an array)',
            kind: 'peer',
            prepare: async () => () => {
              let acc = 0;
              for (let i = 0; i < n; i++) {
                acc += x[i]!;
                out[i] = acc;
              }
              return out;
            },
            read: identity,
            tolerance: 1e-3,
          },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => scan(x, 'sum', { backend }),
              read: identity,
              tolerance: 1e-3,
            },
          ]),
          {
            runner: 'numbat wasm, out',
            kind: 'numbat',
            prepare: async () => {
              const o = new Float32Array(n);
              return () => scan(x, 'sum', { backend: 'wasm', out: o });
            },
            read: identity,
            tolerance: 1e-3,
          },
          {
            runner: 'numbat wasm, resident (in → out)',
            kind: 'numbat',
            tolerance: 1e-3,
            prepare: async () => {
              const d = await toDevice(x, 'wasm');
              const o = await zeros(n, 'f32', 'wasm');
              return () => scan(d, 'sum', { out: o });
            },
            read: fromNd,
          },
          // Arrays from empty() (shared-heap Float32Arrays): the CPU backends use them where
          // they are, so this is the zero-copy path for host data.
          ...(['wasm', 'auto'] as const).map(
            (backend): Entry => ({
              runner: `numbat ${backend}, empty() arrays (in → out)`,
              kind: 'numbat',
              tolerance: 1e-3,
              prepare: async () => {
                const xe = empty(n, 'float32');
                xe.set(x);
                const oe = empty(n, 'float32');
                return () => scan(xe, 'sum', { backend, out: oe });
              },
              read: identity,
            }),
          ),
          {
            runner: 'copy: numbat wasm, resident',
            kind: 'copy',
            prepare: async () => {
              const d = await toDevice(x, 'wasm');
              const o = await zeros(n, 'f32', 'wasm');
              return () => copy(d, o);
            },
            read: async () => (ref ??= plain()),
          },
          {
            runner: 'copy: TypedArray.prototype.set',
            kind: 'copy',
            prepare: async () => {
              const o = new Float32Array(n);
              return () => o.set(x);
            },
            read: async () => (ref ??= plain()),
          },
          {
            runner: 'tfjs-wasm (cumsum)',
            kind: 'peer',
            tolerance: 1e-3,
            prepare: async () => {
              const tf = await tfjs();
              if (typeof tf === 'string') throw new Error(tf);
              return () => tensorData(tf, () => tf.cumsum(tf.tensor1d(x)));
            },
            read: identity,
          },
          {
            runner: 'jax-js wasm (np.cumsum)',
            kind: 'peer',
            tolerance: 1e-3,
            maxSize: 1e5,
            prepare: async () => {
              const jx = await jax();
              if (typeof jx === 'string') throw new Error(jx);
              return async () => jx.numpy.cumsum(jx.numpy.array(x)).data();
            },
            read: identity,
          },
        ],
      };
    }
    case 'histogram': {
      const x = Float32Array.from({ length: n }, () => r() * 2.2 - 1.1);
      const plain = (): Uint32Array => {
        const h = new Uint32Array(256);
        const lo = -1;
        const w = 2 / 256;
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          if (!(v >= -1 && v <= 1)) continue;
          let k = Math.floor((v - lo) / w);
          if (k > 255) k = 255;
          else if (lo + k * w > v) k--;
          else if (k < 255 && lo + (k + 1) * w <= v) k++;
          h[k] = h[k]! + 1;
        }
        return h;
      };
      let ref: Uint32Array | undefined;
      return {
        reference: () => (ref ??= plain()),
        entries: [
          { runner: 'plain JS loop', kind: 'plain', prepare: async () => plain, read: identity },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => histogram(x, 256, { range: [-1, 1], backend }),
              read: identity,
            },
          ]),
          // x from empty() (a shared-heap Float32Array): read where it is, no copy in.
          {
            runner: HISTOGRAM_EMPTY,
            kind: 'numbat',
            prepare: async () => {
              if (!available.includes('wasm')) throw new Error('wasm unavailable');
              const xe = inHeap(x, 'float32');
              return () => histogram(xe, 256, { range: [-1, 1], backend: 'wasm' });
            },
            read: identity,
          },
          residentEntry('numbat wasm, resident', available, x, (d) =>
            histogram(d, 256, { range: [-1, 1] }),
          ),
        ],
      };
    }
    case 'reduce': {
      // The sum of a whole f32 array (values in [0, 1): no cancellation, so the orders'
      // roundings stay within the tolerance).
      const x = Float32Array.from({ length: n }, () => r());
      const plain = (): number[] => {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += x[i]!;
        return [acc];
      };
      const one = async (v: unknown): Promise<ArrayLike<number>> => [Number(v)];
      let ref: number[] | undefined;
      return {
        reference: () => (ref ??= plain()),
        entries: [
          {
            runner: 'plain JS loop',
            kind: 'plain',
            prepare: async () => plain,
            read: identity,
            tolerance: 1e-4,
          },
          ...numbatEntries(available, n, (backend) => [
            {
              runner: `numbat ${backend}`,
              kind: 'numbat',
              prepare: async () => () => reduce(x, 'sum', { backend }),
              read: one,
              tolerance: 1e-4,
            },
          ]),
          {
            runner: 'numbat wasm, resident',
            kind: 'numbat',
            tolerance: 1e-4,
            prepare: async () => {
              if (!available.includes('wasm')) throw new Error('wasm unavailable');
              const d = await toDevice(x, 'wasm');
              return () => reduce(d, 'sum');
            },
            read: one,
          },
          {
            runner: 'numbat wasm, empty() input',
            kind: 'numbat',
            tolerance: 1e-4,
            prepare: async () => {
              if (!available.includes('wasm')) throw new Error('wasm unavailable');
              const xe = inHeap(x, 'float32');
              return () => reduce(xe, 'sum', { backend: 'wasm' });
            },
            read: one,
          },
          {
            runner: 'tfjs-wasm (sum)',
            kind: 'peer',
            tolerance: 1e-4,
            prepare: async () => {
              const tf = await tfjs();
              if (typeof tf === 'string') throw new Error(tf);
              return () => tensorData(tf, () => tf.sum(tf.tensor1d(x)));
            },
            read: identity,
          },
          {
            runner: 'jax-js wasm (np.sum)',
            kind: 'peer',
            tolerance: 1e-4,
            prepare: async () => {
              const jx = await jax();
              if (typeof jx === 'string') throw new Error(jx);
              return async () => jx.numpy.sum(jx.numpy.array(x)).data();
            },
            read: identity,
          },
        ],
      };
    }
    default: {
      const never: never = family;
      throw new Error(`unknown family ${String(never)}`);
    }
  }
}

function residentEntry<T extends Float32Array | Uint32Array>(
  runner: string,
  available: readonly BackendName[],
  x: T,
  f: (d: NDArray) => Promise<unknown>,
): Entry {
  return {
    runner,
    kind: 'numbat',
    prepare: async () => {
      if (!available.includes('wasm')) throw new Error('wasm unavailable');
      const d = await toDevice(x, 'wasm');
      return async () => {
        const res = (await f(d)) as NDArray;
        res.dispose();
        return res;
      };
    },
    // The timed call disposes its result; the check runs once more and reads it.
    read: async () => {
      const d = await toDevice(x, 'wasm');
      const res = (await f(d)) as NDArray;
      const host = (await res.toHost()) as ArrayLike<number>;
      d.dispose();
      res.dispose();
      return host;
    },
  };
}

const EMPTY_RUNNER = 'numbat wasm, empty() arrays in and out';
const HISTOGRAM_EMPTY = 'numbat wasm, empty() input';

/** Arrays from empty() made during a size's rows, released once they are timed. */
const heapArrays: (Float32Array | Uint32Array)[] = [];

/** A copy of `x` in the shared heap (empty()), released after the size's rows. */
function inHeap<T extends Float32Array | Uint32Array>(x: T, dtype: 'float32' | 'uint32'): T {
  const a = empty(x.length, dtype) as T;
  a.set(x);
  heapArrays.push(a);
  return a;
}

/**
 * Keys from empty() sorted into an out from empty(): the arrays every CPU backend uses in
 * place, so nothing is copied in or out (the path for a caller after speed; README "Host
 * arrays, empty() and toDevice").
 */
function emptyEntry<T extends Float32Array | Uint32Array>(
  available: readonly BackendName[],
  x: T,
  dtype: 'float32' | 'uint32',
): Entry {
  return {
    runner: EMPTY_RUNNER,
    kind: 'numbat',
    prepare: async () => {
      if (!available.includes('wasm')) throw new Error('wasm unavailable');
      const keys = inHeap(x, dtype);
      const out = inHeap(x.slice().fill(0) as T, dtype);
      return () => sort(keys, { out, backend: 'wasm' });
    },
    read: identity,
  };
}

function jaxEntry(
  runner: string,
  x: Float32Array | Uint32Array,
  dtype: 'float32' | 'uint32',
  f: (np: any, a: any) => any,
): Entry {
  return {
    runner,
    kind: 'peer',
    prepare: async () => {
      const jx = await jax();
      if (typeof jx === 'string') throw new Error(jx);
      const np = jx.numpy;
      return async () => f(np, np.array(x, { dtype: np[dtype] })).data();
    },
    read: identity,
  };
}

function tfTopkEntry(x: Float32Array, part: 'values' | 'indices'): Entry {
  return {
    runner: `tfjs-wasm (topk as a full sort${part === 'indices' ? ', indices' : ''})`,
    kind: 'peer',
    prepare: async () => {
      const tf = await tfjs();
      if (typeof tf === 'string') throw new Error(tf);
      const t = tf.tensor1d(x);
      return () => {
        const r = tf.topk(t, x.length, true);
        const data = r[part].dataSync();
        r.values.dispose();
        r.indices.dispose();
        return data;
      };
    },
    // topk sorts descending (ties: lower index first): reversed for the ascending check.
    read: async (raw) => {
      const a = raw as Float32Array | Int32Array;
      if (part === 'values') return Float32Array.from(a).reverse();
      return Uint32Array.from(a).reverse();
    },
  };
}

/** null when `got` matches `want` (exactly, or within `tolerance` relative to the largest magnitude). */
function mismatch(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tolerance: number | undefined,
  isArgsortPeer: boolean,
  keys?: ArrayLike<number>,
): string | null {
  if (got.length !== want.length) return `length ${got.length}, want ${want.length}`;
  let max = 0;
  for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) {
    const a = got[i]!;
    const b = want[i]!;
    if (Object.is(a, b)) continue;
    if (tolerance !== undefined && Math.abs(a - b) <= tolerance * max) continue;
    // Peers that break ties differently still sort: accept equal keys in another order.
    if (isArgsortPeer && keys && keys[a] === keys[b]) continue;
    return `at ${i}: got ${a}, want ${b}`;
  }
  return null;
}

/** Runs the families named (all by default); prints a table per family and the goals. */
export async function runPrimitives(scale: number, only: Set<string> | null): Promise<void> {
  const families = PRIMITIVE_FAMILIES.filter((f) => only === null || only.has(f));
  if (families.length === 0) return;
  const startedAt = new Date();
  const statuses = await backends();
  const available = statuses.filter((s) => s.available).map((s) => s.name);
  const tf = await tfjs();
  const jx = await jax();
  console.log(`\nnumbat primitives bench (issue 15) — ${startedAt.toISOString()}`);
  console.log(
    `node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `peers: ${typeof tf === 'string' ? tf : `tfjs ${tf.version?.tfjs ?? ''} on ${tf.getBackend()}`}; ${typeof jx === 'string' ? jx : 'jax-js 0.1 on its wasm device'}; webgpu rows (SwiftShader, a CPU emulation) at the smallest size only`,
  );
  const sizes = BASE_SIZES.map((s) => Math.max(16, Math.round(s * scale)));
  const rows: Row[] = [];
  for (const family of families) {
    for (const [si, n] of sizes.entries()) {
      const { reference, entries, keys } = entriesFor(family, n, available);
      const want = reference();
      // Check every runner, then time them in interleaved rounds (each round runs every
      // runner once, starting at a different one): on a shared machine the load drifts
      // within seconds, and interleaving gives every runner the same drift.
      const ready: { entry: Entry; call: () => unknown; samples: number[] }[] = [];
      for (const entry of entries) {
        if (entry.maxSize !== undefined && n > entry.maxSize) {
          rows.push({
            family,
            size: n,
            runner: entry.runner,
            kind: entry.kind,
            timing: null,
            problem: `not run above ${entry.maxSize} elements`,
          });
          continue;
        }
        process.stderr.write(`  ${family} ${n} ${entry.runner}…\n`);
        try {
          const call = await entry.prepare();
          const got = await entry.read(await call());
          const bad =
            entry.kind === 'copy'
              ? null
              : mismatch(got, want, entry.tolerance, entry.kind !== 'numbat', keys);
          if (bad) {
            rows.push({
              family,
              size: n,
              runner: entry.runner,
              kind: entry.kind,
              timing: null,
              problem: `MISMATCH ${bad}`,
            });
            continue;
          }
          ready.push({ entry, call, samples: [] });
        } catch (error) {
          rows.push({
            family,
            size: n,
            runner: entry.runner,
            kind: entry.kind,
            timing: null,
            problem: `not run: ${(error as Error).message.split('\n')[0]}`,
          });
        }
      }
      const options = MEASURE[Math.min(si, MEASURE.length - 1)]!;
      for (const r of ready) for (let w = 0; w < (options.warmupRuns ?? 1); w++) await r.call();
      const rounds = options.minRuns ?? 5;
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < ready.length; k++) {
          const r = ready[(k + round) % ready.length]!;
          // A fast runner (a resident scan, a copy: a few ms) runs again in its turn until
          // FAST_TURN_MS, so that its median is of tens of samples, not of three.
          let spent = 0;
          for (let rep = 0; rep < FAST_TURN_RUNS && spent < FAST_TURN_MS; rep++) {
            const t = performance.now();
            await r.call();
            const ms = performance.now() - t;
            r.samples.push(ms);
            spent += ms;
          }
        }
      }
      for (const r of ready) {
        rows.push({
          family,
          size: n,
          runner: r.entry.runner,
          kind: r.entry.kind,
          timing: summarize(r.samples, options.warmupRuns ?? 1),
          problem: null,
        });
      }
      // The table keeps the entries' order.
      const order = new Map(entries.map((e, k) => [e.runner, k]));
      const mine = rows
        .filter((row) => row.family === family && row.size === n)
        .sort((a, b) => order.get(a.runner)! - order.get(b.runner)!);
      rows.splice(rows.length - mine.length, mine.length, ...mine);
      for (const a of heapArrays.splice(0)) release(a);
    }
    console.log(
      `\n${familyTable(
        family,
        rows.filter((r) => r.family === family),
      )}`,
    );
  }
  console.log(`\n${goals(rows, sizes[sizes.length - 1]!).join('\n')}`);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (a shared machine: compare ratios within this run only)`,
  );
  const path = resultsPath(startedAt).replace(/bench-([^/]*)\.json$/, 'primitives-$1.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), node: process.version, cores: availableParallelism(), scale, sizes, rows }, null, 2)}\n`,
  );
  console.log(`results: ${path}`);
}

function familyTable(family: Family, rows: readonly Row[]): string {
  const header = ['size', 'runner', 'median ms', 'M elements/s', 'vs plain JS'];
  const body: string[][] = [];
  for (const size of [...new Set(rows.map((r) => r.size))]) {
    const here = rows.filter((r) => r.size === size);
    const plain = here.find((r) => r.kind === 'plain')?.timing?.medianMs;
    for (const r of here) {
      if (!r.timing) {
        body.push([String(size), r.runner, r.problem ?? '', '', '']);
        continue;
      }
      const ms = r.timing.medianMs;
      body.push([
        String(size),
        r.runner,
        ms.toFixed(2),
        (size / ms / 1e3).toFixed(1),
        plain ? `${(plain / ms).toFixed(2)}×` : '',
      ]);
    }
  }
  return `${family}:\n${formatTable([header, ...body], ['right', 'left', 'right', 'right', 'right'])}`;
}

function goals(rows: readonly Row[], n: number): string[] {
  const ms = (family: Family, runner: string): number | undefined =>
    rows.find((r) => r.family === family && r.size === n && r.runner === runner)?.timing?.medianMs;
  const best = (family: Family, prefix = 'numbat '): { runner: string; ms: number } | undefined => {
    const cands = rows.filter(
      (r) =>
        r.family === family &&
        r.size === n &&
        r.runner.startsWith(prefix) &&
        !r.runner.includes('resident') &&
        !r.runner.includes(', out') &&
        !r.runner.includes('empty()') &&
        r.timing,
    );
    const b = cands.sort((a, c) => a.timing!.medianMs - c.timing!.medianMs)[0];
    return b ? { runner: b.runner, ms: b.timing!.medianMs } : undefined;
  };
  const lines = [`goals of issue 15 at n = ${n} (best numbat backend on host arrays unless said):`];
  const goal = (
    label: string,
    base: number | undefined,
    mine: { runner: string; ms: number } | undefined,
    target: number,
  ): void => {
    if (base === undefined || mine === undefined) {
      lines.push(`  n/a  ${label}`);
      return;
    }
    const ratio = base / mine.ms;
    lines.push(
      `  ${ratio >= target ? 'PASS' : 'MISS'} ${label}: ${ratio.toFixed(2)}× (${mine.runner}; target ≥ ${target}×)`,
    );
  };
  goal(
    'sort u32 vs Uint32Array.prototype.sort',
    ms('sort-u32', 'plain JS (Uint32Array.prototype.sort)'),
    best('sort-u32'),
    10,
  );
  goal(
    'sort f32 vs Float32Array.prototype.sort',
    ms('sort-f32', 'plain JS (Float32Array.prototype.sort)'),
    best('sort-f32'),
    10,
  );
  goal(
    'key–value sort vs Float32Array.prototype.sort of the keys',
    ms('sort-kv', 'plain JS keys only (Float32Array.prototype.sort)'),
    best('sort-kv'),
    6,
  );
  // The same sorts on arrays from empty() (in and out): nothing copied in or out.
  const inHeapRow = (family: Family): { runner: string; ms: number } | undefined => {
    const t = ms(family, EMPTY_RUNNER);
    return t === undefined ? undefined : { runner: EMPTY_RUNNER, ms: t };
  };
  goal(
    'sort u32, empty() arrays',
    ms('sort-u32', 'plain JS (Uint32Array.prototype.sort)'),
    inHeapRow('sort-u32'),
    10,
  );
  goal(
    'sort f32, empty() arrays',
    ms('sort-f32', 'plain JS (Float32Array.prototype.sort)'),
    inHeapRow('sort-f32'),
    10,
  );
  goal(
    'key–value sort, empty() arrays',
    ms('sort-kv', 'plain JS keys only (Float32Array.prototype.sort)'),
    inHeapRow('sort-kv'),
    6,
  );
  goal(
    'inclusive scan f32 vs the plain loop',
    ms('scan', 'plain JS loop (new array)'),
    best('scan'),
    4,
  );
  goal('inclusive scan f32 vs tfjs-wasm cumsum', ms('scan', 'tfjs-wasm (cumsum)'), best('scan'), 5);
  goal(
    'histogram 256 bins vs the plain loop',
    ms('histogram', 'plain JS loop'),
    best('histogram'),
    2.5,
  );
  for (const where of [HISTOGRAM_EMPTY, 'numbat wasm, resident']) {
    const t = ms('histogram', where);
    const row = t === undefined ? undefined : { runner: where, ms: t };
    goal(
      `histogram 256 bins vs the plain loop (${where})`,
      ms('histogram', 'plain JS loop'),
      row,
      2.5,
    );
  }
  for (const where of [
    'numbat wasm, empty() arrays (in → out)',
    'numbat wasm, resident (in → out)',
  ]) {
    const t = ms('scan', where);
    const row = t === undefined ? undefined : { runner: where, ms: t };
    goal('inclusive scan f32 vs the plain loop', ms('scan', 'plain JS loop (new array)'), row, 4);
    goal('inclusive scan f32 vs tfjs-wasm cumsum', ms('scan', 'tfjs-wasm (cumsum)'), row, 5);
  }
  const copyMs = ms('scan', 'copy: numbat wasm, resident');
  const resident = ms('scan', 'numbat wasm, resident (in → out)');
  if (copyMs !== undefined && resident !== undefined) {
    const ratio = copyMs / resident;
    lines.push(
      `  ${ratio >= 0.6 ? 'PASS' : 'MISS'} resident scan at ${ratio.toFixed(2)}× the resident copy's bandwidth (target ≥ 0.6×; copy ${copyMs.toFixed(2)} ms, TypedArray.set ${ms('scan', 'copy: TypedArray.prototype.set')?.toFixed(2) ?? '?'} ms)`,
    );
  }
  return lines;
}
