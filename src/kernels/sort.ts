// sort.ts — `sort(keys, { values, descending, out })` and `argsort(keys)`: a stable LSD radix
// sort written in the kernel language, the same permutation on every backend.
//
// Keys become unsigned "ordered" words whose unsigned order is the sort order: u32 as they
// are; signed integers with the sign bit flipped; floats from their IEEE bits — negative
// values with every bit flipped, others with the sign bit set, every NaN the largest word
// (so NaN sorts last and −0 just below +0); `descending` complements the words (a NaN stays
// largest: last in both directions). f64 keys are two words (high word most significant).
//
// Passes of 11-bit digits (3 for 32-bit keys, 6 for f64), least significant first: a pass
// costs about the same with 8-bit digits (it is bound by its scattered writes), so fewer,
// wider passes win. The array is cut into C chunks (a function of the length and backend;
// the result does not depend on it):
//   countAll   — per chunk, a 2048-bin histogram of every digit at once, straight from the
//                raw keys (one read of the input); `totals` sums them over the chunks;
//   (host)     — the totals per digit say which passes can be skipped (a digit that is the
//                same for every key moves nothing);
//   count      — per chunk, the histogram of the pass's digit (passes after the first);
//   prefix     — one invocation: the exclusive prefix over (digit, chunk), i.e. where each
//                chunk's keys of each digit go;
//   scatter    — per chunk, keys in order to their digit's next slot (stable), with the
//                values (or, for argsort, the indices) beside them. The first pass reads raw
//                keys, the last writes raw keys back (canonical NaN: 0x7fc00000 for f32,
//                0x7ff8000000000000 for f64).
// From 2^21 32-bit keys on a CPU backend, a hybrid replaces the three LSD passes when the
// keys spread into buckets of at most 2^17: `countTop` counts only the buckets, one scatter
// by bucket goes through memory, and `bucketSort32` then sorts every bucket by the two
// 12-bit digits of key − the bucket's base in cache (one count of both, two passes) — two
// passes through memory instead of three, one count instead of three. Integer keys are
// bucketed by their top 8 bits (10 above 2^24 keys). Float keys, whose top digit is mostly
// the exponent (a uniform sample puts a tenth of its keys in one such bucket), are bucketed
// by a table of their top 16 bits that `bucketTable` builds from a sample of 32,768 keys:
// about 256 (1,024 above 2^24 keys) consecutive runs of prefixes holding similar numbers of
// keys, none wider than 2^24. Skewed
// keys fall back to LSD: when the sample shows a prefix too heavy (no extra pass), or when
// the exact count finds a bucket above 2^17 (one count wasted).
// Float keys are handled as their bits: a 32-bit word view of the array (no copy on the
// CPU backends; on WebGPU, resident f32 keys become words and back with the f32bits and
// f32frombits intrinsics, on the device).
// WebGPU runs its own cooperative count and scatter passes of 4-bit digits (sortGpu.ts),
// with the same counts layout, `totals` and `prefix`.
// This file is the API and the orchestration; the key words are in sortWords.ts, the CPU
// kernels in sortCpu.ts (LSD passes) and sortHybrid.ts, the WebGPU kernels in sortGpu.ts.

import { NDArray } from '../index.js';
import {
  checkOptions,
  checkOut,
  chooseBackend,
  hostMemory,
  isDense,
  ordered,
  sharedArray,
  sharesMemory,
  TYPED,
  vectorArg,
  wordView,
  Work,
  type ArrayArg,
  type BackendOption,
  type Buf,
  type DType,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import { denseInput, runCopy } from './layout.js';
import { finish, hostResult, resultTarget } from './results.js';
import {
  count32,
  count64,
  countAll32,
  countAll64,
  prefix,
  scatter32,
  scatter64,
  totals,
  WIDE,
} from './sortCpu.js';
import {
  bucketSort32,
  bucketTable,
  countTable32,
  countTop32,
  HYBRID_MAX_BUCKET,
  HYBRID_MIN,
  TABLE_RUN_KEYS,
  TABLE_RUNS,
  tablePerBucket,
  topBits,
} from './sortHybrid.js';
import {
  CLASS_CODE,
  GPU,
  GPU_GROUP,
  GPU_TILE,
  gpuCount32,
  gpuCountAll32,
  gpuFromBits,
  gpuScatter32,
  gpuToBits,
} from './sortGpu.js';
import { keyClass, type KeyClass } from './sortWords.js';

// ---------------------------------------------------------------------------------------
// Host orchestration.

/**
 * Options of `sort(keys, options)`.
 *
 * @example
 * ```ts
 * const { keys, values } = await sort(scores, { values: ids, descending: true });
 * ```
 */
export interface SortOptions extends BackendOption {
  /** Values reordered with the keys (any dtype, the keys' length); the result is then { keys, values }. */
  values?: TypedArray | NDArray | NdarrayLike;
  /** Largest first (still stable; NaN still last; +0 before −0). */
  descending?: boolean;
  /** Where the sorted keys go (x's dtype and length), or `{ keys, values }` with values. */
  out?:
    | TypedArray
    | NDArray
    | NdarrayLike
    | {
        /** Where the sorted keys go. */
        keys?: TypedArray | NDArray | NdarrayLike;
        /** Where the reordered values go. */
        values?: TypedArray | NDArray | NdarrayLike;
      };
}

/**
 * Options of `argsort(keys, options)`.
 *
 * @example
 * ```ts
 * const order: Uint32Array = await argsort(keys, { descending: true });
 * ```
 */
export interface ArgsortOptions extends BackendOption {
  /** Largest first (still stable; NaN still last). */
  descending?: boolean;
  /** Where the permutation goes (a Uint32Array or u32 NDArray of the keys' length). */
  out?: Uint32Array | NDArray | NdarrayLike;
}

/** Chunks of a sort (any count gives the same result): parallel grain on CPUs, more on GPUs. */
function chunksFor(n: number, backend: string): number {
  if (backend === 'webgpu') return Math.max(1, Math.min(256, Math.ceil(n / 4096)));
  if (backend === 'js' || n < 1 << 16) return 1;
  return n < 1 << 20 ? 16 : 64;
}

/** A TypeError for the first pair of arguments that share memory (before anything runs). */
function refuseShared(
  fn: string,
  pairs: readonly [ArrayArg | undefined, string, ArrayArg | undefined, string][],
): void {
  for (const [a, aName, b, bName] of pairs) {
    if (a && b && sharesMemory(a, b))
      throw new TypeError(
        `numbat: ${fn}: '${aName}' shares memory with '${bName}'; give it an array of its own`,
      );
  }
}

/** The same memory (object, or typed views over the same bytes). */
function sameMemory(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b))
    return (
      a.buffer === b.buffer &&
      a.byteOffset < b.byteOffset + b.byteLength &&
      b.byteOffset < a.byteOffset + a.byteLength
    );
  return false;
}

interface Plan {
  readonly fn: string;
  readonly keys: ArrayArg;
  readonly values?: ArrayArg;
  readonly outKeys?: ArrayArg;
  readonly outValues?: ArrayArg;
  readonly descending: boolean;
  /** 'keys', 'kv' or 'argsort'. */
  readonly mode: 'keys' | 'kv' | 'argsort';
  readonly backend: BackendOption['backend'];
}

/** A buffer, or a word view taken afresh at each launch (a wasm memory may grow meanwhile). */
type Ref = Buf | (() => Buf);
const resolve = (r: Ref): Buf => (typeof r === 'function' ? r() : r);

/**
 * The raw key words of `a` on the working backend (integer keys as they are, float keys as
 * u32 words), and, when they are a copy made for this call, that copy: it is dead once the
 * first pass has read it, and the result may be written into it.
 */
async function rawWords(work: Work, a: ArrayArg): Promise<{ ref: Ref; copy?: Buf }> {
  const heapKeys = sharedArray(work, a);
  if (heapKeys) return { ref: keyClass(a.dtype) === 'float' ? wordView(heapKeys)! : heapKeys };
  const input = await denseInput(work, a, false);
  if (keyClass(a.dtype) !== 'float')
    return input.owned ? { ref: input.buf, copy: input.buf } : { ref: input.buf };
  const buf = input.buf;
  if (!(buf instanceof NDArray)) {
    const view = wordView(buf)!;
    if (work.backend === 'js') return { ref: view };
    const copy = await work.upload(view, false);
    return { ref: copy, copy };
  }
  if (hostMemory(buf.backend)) return { ref: () => wordView(buf)! };
  // WebGPU (f32 only): the bits on the device.
  const words = await work.alloc('u32', a.size);
  if (a.size > 0) await work.run(gpuToBits, a.size, buf, words);
  return { ref: words };
}

/** A result destination for float keys (written as words) or any other array. */
interface Target {
  /** What the last scatter writes (words for float keys). */
  readonly buf: Ref;
  /** Delivers the result; resolves to what the caller gets. */
  deliver(): Promise<unknown>;
}

/**
 * Where the sorted keys go. `spare` is a temporary of the result's dtype and length (words
 * for float keys) that nothing reads once the first pass has run: written in place of a
 * new temporary. (A single pass that reads it and writes the result goes through a
 * temporary, as for any output that is its input.)
 */
async function keyTarget(work: Work, plan: Plan, n: number, spare?: Buf): Promise<Target> {
  const ka = plan.keys;
  const out = plan.outKeys;
  const heapOut = sharedArray(work, out);
  if (heapOut) {
    const buf = keyClass(ka.dtype) === 'float' ? wordView(heapOut)! : heapOut;
    return { buf, deliver: async () => out!.value };
  }
  if (keyClass(ka.dtype) !== 'float') {
    const buf = await resultTarget(work, ka, out, ka.dtype, n, spare);
    return { buf, deliver: () => finish(work, ka, out, buf) };
  }
  const words = ka.dtype === 'f64' ? 2 * n : n;
  // Float keys: the last pass writes the bits straight into the destination where a word
  // view of it is host memory (kernels on other backends stage it like any host array).
  if (out && isDense(out)) {
    const dest =
      out.kind === 'ndarray'
        ? (out.value as NdarrayLike).data
        : (out.value as TypedArray | NDArray);
    if (dest instanceof NDArray ? hostMemory(dest.backend) : work.backend === 'js') {
      return { buf: () => wordView(dest)!, deliver: async () => out.value };
    }
  }
  if (!out && ka.kind === 'NDArray' && hostMemory(work.backend)) {
    const nd = await work.allocShape(ka.dtype, [n]);
    return { buf: () => wordView(nd)!, deliver: async () => work.keep(nd, ka) };
  }
  if (!out && ka.kind !== 'NDArray' && work.backend === 'js') {
    const data = new TYPED[ka.dtype](n);
    return { buf: wordView(data)!, deliver: async () => hostResult(ka, data) };
  }
  // WebGPU, a resident result: words into a temporary, made floats on the device.
  if (work.backend === 'webgpu' && ka.dtype === 'f32') {
    const resident =
      out?.kind === 'NDArray' && isDense(out) && (out.value as NDArray).backend === 'webgpu'
        ? (out.value as NDArray)
        : !out && ka.kind === 'NDArray'
          ? await work.allocShape('f32', [n])
          : undefined;
    if (resident) {
      const tmp = await work.alloc('u32', n);
      return {
        buf: tmp,
        deliver: async () => {
          if (n > 0) await work.run(gpuFromBits, n, tmp, resident);
          return out ? out.value : work.keep(resident, ka);
        },
      };
    }
  }
  // Elsewhere: words into a temporary, then viewed as floats.
  const tmp = spare ?? (await work.alloc('u32', words));
  return {
    buf: tmp,
    deliver: async () => {
      const bits = (await work.read(tmp)) as Uint32Array;
      const floats = new TYPED[ka.dtype](bits.buffer, bits.byteOffset, n);
      if (out) {
        if (out.kind === 'NDArray') {
          const nd = out.value as NDArray;
          if (isDense(out)) await nd.storage.write(floats);
          else await runCopy(new Work('js', plan.fn), [n], floats, nd);
        } else if (isDense(out)) {
          (out.kind === 'typed' ? (out.value as TypedArray) : (out.value as NdarrayLike).data).set(
            floats as never,
          );
        } else {
          await runCopy(new Work('js', plan.fn), [n], floats, out.value);
        }
        return out.value;
      }
      if (ka.kind === 'NDArray') {
        const nd = await work.allocShape(ka.dtype, [n]);
        await nd.storage.write(floats);
        return work.keep(nd, ka);
      }
      return hostResult(ka, floats);
    },
  };
}

/** Where the values (or argsort's permutation) go; `spare` as for keyTarget. */
async function valueTarget(work: Work, plan: Plan, n: number, spare?: Buf): Promise<Target> {
  const out = plan.mode === 'argsort' ? plan.outKeys : plan.outValues;
  const heapOut = sharedArray(work, out);
  if (heapOut) return { buf: heapOut, deliver: async () => out!.value };
  if (plan.mode === 'argsort') {
    const like =
      plan.keys.kind === 'NDArray'
        ? plan.keys
        : ({ ...plan.keys, kind: 'typed', dtype: 'u32' } as ArrayArg);
    const uLike = { ...like, dtype: 'u32' as DType };
    const buf = await resultTarget(work, uLike, plan.outKeys, 'u32', n);
    return { buf, deliver: () => finish(work, uLike, plan.outKeys, buf) };
  }
  const va = plan.values!;
  const buf = await resultTarget(work, va, plan.outValues, va.dtype, n, spare);
  return { buf, deliver: () => finish(work, va, plan.outValues, buf) };
}

/** Runs a planned sort; resolves to the keys, { keys, values }, or the permutation. */
async function runSort(plan: Plan): Promise<unknown> {
  const { fn, keys: ka, mode, descending } = plan;
  const n = ka.size;
  const wide = ka.dtype === 'f64';
  const work = new Work(
    await chooseBackend(fn, plan.backend, [ka, plan.values, plan.outKeys, plan.outValues], n),
    fn,
  );
  // New host results: their pages touched while the kernels run (Work.expectHostResult).
  if (ka.kind !== 'NDArray' && !plan.outKeys)
    work.expectHostResult(mode === 'argsort' ? 'u32' : ka.dtype, n);
  if (mode === 'kv' && plan.values!.kind !== 'NDArray' && !plan.outValues)
    work.expectHostResult(plan.values!.dtype, n);
  try {
    if (work.backend === 'webgpu') {
      if (wide)
        throw new TypeError(
          `numbat: ${fn}: Float64Array keys cannot be sorted on WebGPU (WGSL has no f64); use a CPU backend`,
        );
      if (plan.values?.dtype === 'f64')
        throw new TypeError(
          `numbat: ${fn}: Float64Array values cannot be moved on WebGPU (WGSL has no f64); use a CPU backend`,
        );
    }
    // Inputs, temporaries and destinations are all allocated before any word view is taken
    // (a wasm memory that grows afterwards would leave a non-shared view detached).
    const cls = keyClass(ka.dtype);
    const words = wide ? 2 : 1;
    const gpu = work.backend === 'webgpu';
    const C = gpu
      ? Math.max(1, Math.ceil(n / GPU_TILE))
      : Math.max(1, Math.min(chunksFor(n, work.backend), n));
    const L = gpu ? GPU_TILE : Math.ceil(n / C);
    const radix = gpu ? GPU : WIDE;
    const RADIX = radix.radix;
    const digits = wide ? radix.digits64 : radix.digits32;
    const counts0 = await work.alloc('u32', Math.max(1, digits * RADIX * C));
    const sums = await work.alloc('u32', digits * RADIX);
    const counts = await work.alloc('u32', RADIX * C);
    const tmpKeys = [await work.alloc('u32', words * n), await work.alloc('u32', words * n)];
    const valDtype: DType = mode === 'kv' ? plan.values!.dtype : 'u32';
    const tmpVals =
      mode === 'keys' ? [] : [await work.alloc(valDtype, n), await work.alloc(valDtype, n)];
    const heapVals = mode === 'kv' ? sharedArray(work, plan.values) : undefined;
    const valsCopy =
      mode === 'kv' && !heapVals ? await denseInput(work, plan.values!, false) : undefined;
    const valsIn = heapVals ?? valsCopy?.buf;
    // Host inputs are copied in once; the results are then written over those copies.
    const raw = await rawWords(work, ka);
    const rawIn = raw.ref;
    const keyOut = mode === 'argsort' ? undefined : await keyTarget(work, plan, n, raw.copy);
    const valOut =
      mode === 'keys'
        ? undefined
        : await valueTarget(work, plan, n, valsCopy?.owned ? valsCopy.buf : undefined);
    const hybridSize = !wide && !gpu && n >= HYBRID_MIN;
    // Float keys of the hybrid's size first try balanced buckets (bucketTable).
    const tabled = hybridSize && cls === 'float';
    const table = tabled ? await work.alloc('u32', 65536) : undefined;
    const tableBases = tabled ? await work.alloc('u32', 2051) : undefined;
    const dummy = new Uint32Array(1);

    if (n > 0) {
      // 1. Every digit's per-chunk histogram from the raw keys, and which passes move anything.
      // Large 32-bit keys on a CPU backend may take the hybrid below when they spread into
      // buckets that fit in cache; it needs only the buckets' counts. Integer keys are
      // bucketed by their top 8 bits (10 above 2^24 keys), counted alone first (usually the hybrid is then
      // taken, and nothing else is counted). Float keys, whose top digit is mostly the
      // exponent and rarely spreads them, are bucketed by a table of their top 16 bits built
      // from a sample (bucketTable): about 256 (1,024) buckets of similar size wherever the keys
      // lie. Skewed keys (one bucket above HYBRID_MAX_BUCKET) fall back to LSD.
      const top = radix.digits32 - 1;
      const topFirst = hybridSize && cls !== 'float';
      let hybrid = false;
      /** Buckets of the hybrid: those of the top bits (d·2^24), or of the table. */
      const bucketBits = topBits(n);
      let buckets = 2 ** bucketBits;
      let all: Uint32Array | undefined;
      const spread = (sums: Uint32Array): boolean => {
        let maxBucket = 0;
        for (let d = 0; d < buckets; d++) maxBucket = Math.max(maxBucket, sums[top * RADIX + d]!);
        return maxBucket < n && maxBucket <= HYBRID_MAX_BUCKET;
      };
      if (topFirst) {
        await work.run(
          countTop32(cls, descending, bucketBits),
          C,
          resolve(rawIn),
          counts0,
          n,
          L,
          C,
        );
        await work.run(totals, buckets, counts0, sums, C, top * RADIX);
        all = (await work.read(sums)) as Uint32Array;
        hybrid = spread(all);
      }
      if (tabled) {
        await work.run(
          bucketTable(cls, descending, tablePerBucket(n)),
          1,
          resolve(rawIn),
          table!,
          tableBases!,
          n,
        );
        const info = (await work.read(tableBases!)) as Uint32Array;
        const sampled = TABLE_RUNS * TABLE_RUN_KEYS;
        // The sample's heaviest 16-bit prefix predicts a bucket too large for the cache.
        if (info[2050] === 0 && (info[2049]! / sampled) * n <= HYBRID_MAX_BUCKET) {
          buckets = info[2048]!;
          await work.run(
            countTable32(cls, descending),
            C,
            resolve(rawIn),
            counts0,
            n,
            L,
            C,
            table!,
          );
          await work.run(totals, buckets, counts0, sums, C, top * RADIX);
          all = (await work.read(sums)) as Uint32Array;
          hybrid = spread(all);
        }
      }
      if (!hybrid && gpu) {
        await work.run(
          gpuCountAll32,
          C * GPU_GROUP,
          resolve(rawIn),
          counts0,
          n,
          C,
          CLASS_CODE[cls],
          descending ? 1 : 0,
        );
        await work.run(totals, digits * RADIX, counts0, sums, C, 0);
        all = (await work.read(sums)) as Uint32Array;
      } else if (!hybrid) {
        await work.run(
          wide ? countAll64(descending, radix) : countAll32(cls, descending, radix),
          C,
          resolve(rawIn),
          counts0,
          n,
          L,
          C,
        );
        await work.run(totals, digits * RADIX, counts0, sums, C, 0);
        all = (await work.read(sums)) as Uint32Array;
      }
      const active: number[] = [];
      for (let p = 0; p < digits; p++) {
        let trivial = false;
        for (let d = 0; d < RADIX && !trivial; d++) if (all![p * RADIX + d] === n) trivial = true;
        if (!trivial) active.push(p);
      }
      if (active.length === 0) active.push(0); // all keys equal: one pass still writes the output
      // 2a. Large 32-bit keys on a CPU backend that spread into buckets that fit in cache:
      // one scatter by bucket through memory, then every bucket sorted by the two 12-bit
      // digits of its keys above its base, in cache (bucketSort32) — two passes through
      // memory where LSD takes three, plus one count instead of two.
      if (hybrid) {
        const starts = new Uint32Array(buckets + 1);
        for (let d = 0; d < buckets; d++) starts[d + 1] = starts[d]! + all![top * RADIX + d]!;
        await work.run(prefix, 1, counts0, top * RADIX * C, buckets * C);
        const vmode = mode === 'keys' ? 0 : mode === 'argsort' ? 2 : 1;
        const a = tmpKeys[0]!;
        const b = tmpKeys[1]!;
        const va = mode === 'keys' ? dummy : tmpVals[0]!;
        await work.run(
          scatter32(cls, 'ordered', descending, vmode, true, radix, tabled),
          C,
          resolve(rawIn),
          a,
          vmode === 1 ? valsIn! : dummy,
          va,
          counts0,
          top * RADIX * C,
          n,
          L,
          C,
          32 - bucketBits,
          tabled ? table! : dummy,
        );
        const startsBuf = work.backend === 'js' ? starts : await work.upload(starts, false);
        let bases = tableBases;
        if (!tabled) {
          const tops = Uint32Array.from({ length: buckets }, (_, d) => d * 2 ** (32 - bucketBits));
          bases = work.backend === 'js' ? tops : await work.upload(tops, false);
        }
        const k = bucketSort32(
          cls as Exclude<KeyClass, 'ordered'>,
          descending,
          mode === 'keys' ? 0 : 1,
          mode !== 'argsort',
        );
        await work.run(
          k,
          [buckets, 1],
          a,
          b,
          keyOut ? resolve(keyOut.buf) : dummy,
          va,
          mode === 'keys' ? dummy : tmpVals[1]!,
          mode === 'keys' ? dummy : resolve(valOut!.buf),
          startsBuf,
          bases!,
        );
        active.length = 0; // done
      }
      // 2b. The passes.
      let curKeys: Ref = rawIn;
      let curVals: Buf | undefined = valsIn;
      for (let i = 0; i < active.length; i++) {
        const p = active[i]!;
        const first = i === 0;
        const last = i === active.length - 1;
        if (first) {
          await work.run(prefix, 1, counts0, p * RADIX * C, RADIX * C);
        } else if (gpu) {
          await work.run(gpuCount32, C * GPU_GROUP, resolve(curKeys), counts, n, C, radix.bits * p);
          await work.run(prefix, 1, counts, 0, RADIX * C);
        } else {
          await work.run(
            wide ? count64(radix) : count32(radix),
            C,
            resolve(curKeys),
            counts,
            n,
            L,
            C,
            radix.bits * p,
          );
          await work.run(prefix, 1, counts, 0, RADIX * C);
        }
        const offsets = first ? counts0 : counts;
        const base = first ? p * RADIX * C : 0;
        // A single pass reading and writing the caller's own array goes through a temporary.
        const aliasKeys =
          last && keyOut !== undefined && sameMemory(resolve(keyOut.buf), resolve(curKeys));
        const aliasVals =
          last &&
          valOut !== undefined &&
          curVals !== undefined &&
          sameMemory(resolve(valOut.buf), curVals);
        const spareK = tmpKeys[i % 2]!;
        const spareV = tmpVals[i % 2];
        const dstKeys: Ref = last && keyOut && !aliasKeys ? keyOut.buf : spareK;
        const dstVals: Buf =
          mode === 'keys' ? dummy : last && !aliasVals ? resolve(valOut!.buf) : spareV!;
        const vmode = mode === 'keys' ? 0 : first && mode === 'argsort' ? 2 : 1;
        const writeKeys = !(last && mode === 'argsort');
        const valsArg = vmode === 1 ? curVals! : dummy;
        if (gpu) {
          const inCls = first ? cls : 'ordered';
          const outCls = last ? cls : 'ordered';
          await work.run(
            gpuScatter32,
            C * GPU_GROUP,
            resolve(curKeys),
            resolve(dstKeys),
            valsArg,
            dstVals,
            offsets,
            base,
            n,
            C,
            radix.bits * p,
            CLASS_CODE[inCls],
            CLASS_CODE[outCls],
            descending ? 1 : 0,
            vmode,
            writeKeys ? 1 : 0,
          );
        } else
          await work.run(
            wide
              ? scatter64(first, last, descending, vmode, writeKeys, radix)
              : scatter32(
                  first ? cls : 'ordered',
                  last ? cls : 'ordered',
                  descending,
                  vmode,
                  writeKeys,
                  radix,
                ),
            C,
            resolve(curKeys),
            resolve(dstKeys),
            valsArg,
            dstVals,
            offsets,
            base,
            n,
            L,
            C,
            radix.bits * p,
            ...(wide ? [] : [dummy]),
          );
        if (aliasKeys) await runCopy(work, [words * n], spareK, resolve(keyOut!.buf));
        if (aliasVals) await runCopy(work, [n], spareV!, resolve(valOut!.buf));
        curKeys = dstKeys;
        curVals = mode === 'keys' ? undefined : dstVals;
      }
    }
    const keysResult = keyOut ? await keyOut.deliver() : undefined;
    const valuesResult = valOut ? await valOut.deliver() : undefined;
    if (mode === 'keys') return keysResult;
    if (mode === 'argsort') return valuesResult;
    return { keys: keysResult, values: valuesResult };
  } finally {
    work.dispose();
  }
}

function keyArg(keys: unknown, fn: string): ArrayArg {
  const ka = vectorArg(keys, 'keys', fn);
  return ka;
}

/**
 * Sorts `keys` (stable: equal keys keep their order). Keys are Uint32Array, Int32Array,
 * Float32Array or Float64Array (Float64Array not on WebGPU), or the narrower integer arrays,
 * as typed arrays, 1-D NDArrays or 1-D ndarrays; floats sort NaN last and −0 before +0.
 * Resolves to the sorted keys in a new array of the same kind (an NDArray stays on its
 * backend) or in `out`; with `values`, to `{ keys, values }` with the values reordered with
 * their keys. The inputs are not modified (unless `out` is one of them). The permutation is
 * the same on every backend (an LSD radix sort: see src/kernels/sort.ts).
 *
 * @param keys the keys
 * @param options `values`, `descending`, `out` (an array, or `{ keys, values }`), `backend`
 * @example
 *   await sort(new Float32Array([3, NaN, -0, 0, -1]));   // [-1, -0, 0, 3, NaN]
 *   const { keys, values } = await sort(ages, { values: ids, descending: true });
 */
export function sort(
  keys: TypedArray | NDArray | NdarrayLike,
  options: SortOptions = {},
): Promise<any> {
  try {
    const fn = 'sort';
    checkOptions(options, ['values', 'descending', 'out', 'backend'], fn);
    const ka = keyArg(keys, fn);
    const descending = options.descending ?? false;
    if (typeof descending !== 'boolean')
      throw new TypeError(`numbat: sort: 'descending' must be a boolean`);
    const va = options.values === undefined ? undefined : vectorArg(options.values, 'values', fn);
    if (va && va.size !== ka.size)
      throw new RangeError(
        `numbat: sort: 'values' has ${va.size} elements, but 'keys' has ${ka.size}`,
      );
    let outKeys: ArrayArg | undefined;
    let outValues: ArrayArg | undefined;
    const out = options.out;
    if (out !== undefined) {
      if (
        va &&
        typeof out === 'object' &&
        out !== null &&
        !ArrayBuffer.isView(out) &&
        !(out instanceof NDArray) &&
        !('data' in out)
      ) {
        const o = out as { keys?: unknown; values?: unknown };
        outKeys = o.keys === undefined ? undefined : vectorArg(o.keys, 'out.keys', fn);
        outValues = o.values === undefined ? undefined : vectorArg(o.values, 'out.values', fn);
      } else {
        outKeys = vectorArg(out, 'out', fn);
      }
    }
    if (outKeys) checkOut(outKeys, ka.size, ka.dtype, fn, outValues || va ? 'out.keys' : 'out');
    if (outValues) checkOut(outValues, ka.size, va!.dtype, fn, 'out.values');
    // Each output may be its own input (sorted in place), never the other one's memory.
    const keysOutName = outValues || va ? 'out.keys' : 'out';
    refuseShared(fn, [
      [outKeys, keysOutName, outValues, 'out.values'],
      [outKeys, keysOutName, va, 'values'],
      [outValues, 'out.values', ka, 'keys'],
    ]);
    return ordered(() =>
      runSort({
        fn,
        keys: ka,
        ...(va ? { values: va } : {}),
        ...(outKeys ? { outKeys } : {}),
        ...(outValues ? { outValues } : {}),
        descending,
        mode: va ? 'kv' : 'keys',
        backend: options.backend,
      }),
    );
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The stable sorting permutation of `keys`: resolves to a Uint32Array p (a u32 NDArray when
 * keys is an NDArray) with keys[p[0]] ≤ keys[p[1]] ≤ … (≥ with `descending`), equal keys in
 * index order; the same rules for NaN and −0 as `sort`.
 *
 * @param keys the keys (as for `sort`)
 * @param options `descending`, `out`, `backend`
 * @example
 *   await argsort(new Float32Array([0.5, -2, 0.5, 1]));  // Uint32Array [1, 0, 2, 3]
 */
export function argsort(
  keys: TypedArray | NDArray | NdarrayLike,
  options: ArgsortOptions = {},
): Promise<any> {
  try {
    const fn = 'argsort';
    checkOptions(options, ['descending', 'out', 'backend'], fn);
    const ka = keyArg(keys, fn);
    const descending = options.descending ?? false;
    if (typeof descending !== 'boolean')
      throw new TypeError(`numbat: argsort: 'descending' must be a boolean`);
    const outKeys = options.out === undefined ? undefined : vectorArg(options.out, 'out', fn);
    if (outKeys) checkOut(outKeys, ka.size, 'u32', fn);
    refuseShared(fn, [[outKeys, 'out', ka, 'keys']]);
    return ordered(() =>
      runSort({
        fn,
        keys: ka,
        ...(outKeys ? { outKeys } : {}),
        descending,
        mode: 'argsort',
        backend: options.backend,
      }),
    );
  } catch (e) {
    return Promise.reject(e);
  }
}
