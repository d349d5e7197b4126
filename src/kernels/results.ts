// results.ts — how a 1-D primitive (scan, sort, histogram) delivers its result: written in
// place where a kernel on the working backend can write `out`, else through a temporary
// that is moved into `out`, kept as a resident NDArray, or copied into a new host array of
// the input's kind.

import { NDArray } from '../index.js';
import {
  isDense,
  type ArrayArg,
  type Buf,
  type DType,
  type NdarrayLike,
  type TypedArray,
  type Work,
} from './arrays.js';
import { runCopy } from './layout.js';

/** A new container of `x`'s kind for a host result. */
export function hostResult(x: ArrayArg, data: TypedArray): TypedArray | NdarrayLike {
  if (x.kind !== 'ndarray') return data;
  const Ctor = (x.value as unknown as { constructor: new (...a: unknown[]) => NdarrayLike })
    .constructor;
  return new Ctor(data, data.length, 1, 0);
}

/**
 * Where a 1-D primitive writes its result: straight into `out` when a kernel on `work`'s
 * backend can write it in place (a dense out there), else into a temporary moved to `out`
 * (or handed back) by `finish`.
 */
export async function resultTarget(
  work: Work,
  x: ArrayArg,
  out: ArrayArg | undefined,
  dtype: DType,
  n: number,
  reuse?: Buf,
): Promise<Buf> {
  if (out && isDense(out)) {
    if (out.kind === 'NDArray' && (out.value as NDArray).backend === work.backend)
      return out.value as NDArray;
    if (work.backend === 'js' && out.kind !== 'NDArray')
      return out.kind === 'typed' ? (out.value as TypedArray) : (out.value as NdarrayLike).data;
  }
  if (reuse) return reuse;
  return work.alloc(dtype, n);
}

/** Delivers a result buffer: into `out`, as a resident NDArray, or as a new host array. */
export async function finish(
  work: Work,
  x: ArrayArg,
  out: ArrayArg | undefined,
  result: Buf,
): Promise<unknown> {
  if (out) {
    const target = out.value;
    const outData =
      out.kind === 'NDArray'
        ? target
        : out.kind === 'typed'
          ? target
          : (target as NdarrayLike).data;
    if (result === outData) return target;
    if (out.kind === 'NDArray') {
      const nd = target as NDArray;
      if (isDense(out) && !(nd.backend === work.backend && result instanceof NDArray))
        await nd.storage.write(await work.read(result));
      else await runCopy(work, [out.size], result, nd); // a strided NDArray elsewhere moves here, as any launch does
    } else if (isDense(out)) {
      await work.readInto(result, outData as TypedArray);
    } else {
      await runCopy(work, [out.size], result, target);
    }
    return target;
  }
  if (x.kind === 'NDArray') {
    // (A pooled temporary may be the other shared-heap backend's storage: arrays.ts.)
    if (result instanceof NDArray && result.backend === work.backend) return work.keep(result, x);
    const nd = await work.allocShape(x.dtype, [x.size]);
    await nd.storage.write(
      result instanceof NDArray
        ? (result.storage.hostView?.() ?? (await work.read(result)))
        : result,
    );
    return work.keep(nd, x);
  }
  return hostResult(x, await work.read(result));
}
