// plainLaunch.ts — a launch under NUMBAT_DISABLE_JIT=1: the same checks, argument handling
// and residency as a compiled launch, with the compiled compute replaced by the plain
// function.
//
// The function runs as the text numbat would have compiled: when the kernel has `uses` (or
// the Function constructor made it), it is rebuilt from its source with the `uses` names
// and numbat's intrinsics in scope (by name, renamed, or as `ns.name` of an import
// namespace), so they resolve as they do in a compiled kernel. NDArrays are given to it as views of
// their data (in place for CPU-resident arrays; a GPU array is read, and written back when
// the kernel writes it). Under `boundsCheck` every array is a view that throws the same
// located RangeError a compiled kernel throws, naming the line of the access.

import type { IrKernel } from '../jit/ir/ir.js';
import { interpret } from '../jit/ir/interp.js';
import { isScijsNdarray, launchArgsOf } from './arguments.js';
import type { TypedArray } from '../jit/types/dtype.js';
import { NDArray } from './ndarray.js';
import { runPlain, type ReduceOption } from './plain.js';
import { INTRINSIC_OPS } from '../jit/ops/intrinsics.js';
import { intrinsicNamed } from '../jit/ops/names.js';
import type { KernelOptions } from './definition.js';
import { recordedSource } from '../jit/recorded.js';
import { withBundlerRenames } from './bundlerRenames.js';

/** The plain function of a kernel, with its `uses` in scope (or the function itself). */
export function plainFunction(fn: Function, uses: KernelOptions['uses']): Function {
  const entries = Object.entries(withBundlerRenames(fn, uses) ?? {});
  // Without `uses` the function runs as it is (its closure holds the intrinsics it imported,
  // and its frames name the user's file), unless the Function constructor made it: then
  // nothing but the globals is in its scope, and the intrinsics it names freely are the
  // compiler's by name.
  if (entries.length === 0 && !/^function anonymous\(/.test(fn.toString())) return fn;
  // numbat's intrinsics by their own names, as the compiler resolves them.
  const intrinsics: Record<string, unknown> = Object.fromEntries(
    Object.entries(INTRINSIC_OPS).map(([name, op]) => [name, op.plain]),
  );
  const scope: Record<string, unknown> = { ...intrinsics };
  const namespaces = new Set<string>();
  for (const f of [fn, ...entries.map(([, value]) => value)]) {
    if (typeof f !== 'function') continue;
    const recorded = recordedSource(f);
    Object.assign(scope, recorded?.names);
    const text = recorded?.source ?? f.toString();
    // Intrinsics a bundler renamed (`random` → `random2`), as the compiler reads them.
    for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const intrinsic = intrinsicNamed(m[0]);
      if (intrinsic && !(m[0] in scope)) scope[m[0]] = scope[intrinsic];
    }
    // `ns.atomicAdd`: an import namespace as a bundler or a test runner writes it, which
    // the compiler reads as the intrinsic (check.ts) and the rebuilt text cannot see.
    for (const m of text.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*\.\s*([A-Za-z_$][\w$]*)/g))
      if (intrinsicNamed(m[2]!) && !(m[1]! in globalThis)) namespaces.add(m[1]!);
  }
  for (const name of namespaces) if (!(name in scope)) scope[name] = intrinsics;
  for (const [name, value] of entries)
    scope[name] = typeof value === 'function' ? rebuild(value, scope) : value;
  return rebuild(fn, scope);
}

/** `fn`'s source evaluated with `scope`'s names visible (method shorthand made a function). */
function rebuild(fn: Function, scope: Record<string, unknown>): Function {
  if (Object.values(INTRINSIC_OPS).some((op) => op.plain === fn)) return fn;
  // The text before minification when a build plugin recorded it (its names are the ones in `scope`).
  let text = recordedSource(fn)?.source ?? fn.toString();
  if (!/^\s*(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(text)) text = `function ${text}`;
  try {
    // Sloppy-mode `with` puts the scope's names in front of the globals, as `uses` does.
    return new Function('$numbatScope', `with ($numbatScope) { return (${text}); }`)(
      scope,
    ) as Function;
  } catch {
    return fn;
  }
}

/** Where an access happened: the first stack frame outside numbat. */
function accessSite(): string {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  const own = OWN_FILE;
  const frame = stack.find((l) => own === null || !l.includes(own));
  const m = frame ? /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(frame.trim()) : null;
  return m ? `${m[1]!.replace(/^file:\/\//, '').replace(/^.*\//, '')}:${m[2]}` : 'unknown line';
}

const OWN_FILE = ((): string | null => {
  const frame = new Error().stack?.split('\n')[1];
  const m = frame ? /\(?((?:file:\/\/)?[^\s()]+?):\d+:\d+\)?\s*$/.exec(frame.trim()) : null;
  return m ? m[1]! : null;
})();

/** Checks an index against a length: an element's, or (with `axis`) one axis of a view's. */
type Check = ((index: number, length: number, axis?: number) => void) | null;

function checker(kernel: string, param: string): NonNullable<Check> {
  return (index, length, axis) => {
    if (inRange(index, length)) return;
    const on = axis === undefined ? '' : ` on axis ${axis}`;
    const fractional =
      Number.isFinite(index) && !Number.isInteger(index) ? ' (not an integer)' : '';
    throw new RangeError(
      `numbat: index ${index}${on} is out of range [0, ${length})${fractional} for parameter '${param}' of kernel '${kernel}' (${accessSite()})`,
    );
  };
}

/**
 * Whether a property key is an element access, as a typed array reads it: any canonical
 * numeric string (`'3'`, `'0.5'`, `'NaN'`, `'-0'`, `'4294967300'`), which names an element
 * only when it is an integer in range (`x[0.5]` is undefined, never element 0).
 */
const isIndex = (p: string | symbol): p is string =>
  typeof p === 'string' && (p === '-0' || String(Number(p)) === p);
/** Whether an element access at `i` names an element of `size`. */
const inRange = (i: number, size: number): boolean => Number.isInteger(i) && i >= 0 && i < size;
/** The index a key names (the key `'-0'` names none, unlike the number −0). */
const keyIndex = (p: string): number => (p === '-0' ? Number.NaN : Number(p));

/**
 * An ndarray-like view over `data` (shape, strides, offset): `x[i]` for rank 1,
 * `get`/`set`, `shape`, `size`, `length`; indices checked when `check` is set.
 */
function elementView(
  data: TypedArray,
  shape: readonly number[],
  stride: readonly number[],
  offset: number,
  check: Check,
): unknown {
  const size = shape.reduce((a, b) => a * b, 1);
  const at = (ix: readonly number[]): number => {
    let p = offset;
    ix.forEach((v, k) => {
      check?.(v, shape[k]!, k);
      p += v * stride[k]!;
    });
    return p;
  };
  const target = {
    data,
    shape,
    stride,
    offset,
    size,
    length: size,
    get: (...ix: number[]): number => data[at(ix)]!,
    set: (...ixv: number[]): number => (data[at(ixv.slice(0, -1))] = ixv[ixv.length - 1]!),
  };
  return new Proxy(target, {
    get(t, p) {
      if (isIndex(p)) {
        const i = keyIndex(p);
        if (check) check(i, size);
        else if (!inRange(i, size)) return undefined;
        return data[offset + i * stride[0]!];
      }
      return Reflect.get(t, p);
    },
    set(t, p, v) {
      if (isIndex(p)) {
        const i = keyIndex(p);
        if (check) check(i, size);
        else if (!inRange(i, size)) return true;
        data[offset + i * stride[0]!] = v as number;
        return true;
      }
      return Reflect.set(t, p, v);
    },
  });
}

/** Runs one launch of the plain function (the stream order is the caller's). */
export async function launchPlain(
  name: string,
  fn: Function,
  ir: IrKernel,
  grid: readonly number[],
  args: readonly unknown[],
  reduce: ReduceOption,
  params: readonly string[],
): Promise<number | undefined> {
  if (ir.geometry.kind === 'workgroup') return launchCooperative(ir, grid, args);
  const writeBacks: Array<() => Promise<void>> = [];
  /** Host data per NDArray (one copy for an array passed twice). */
  const hostData = new Map<NDArray, TypedArray>();
  const plainArgs: unknown[] = [];
  for (const [k, a] of args.entries()) plainArgs.push(await plainArg(a, k));
  async function plainArg(a: unknown, k: number): Promise<unknown> {
    const check = ir.boundsCheck ? checker(name, params[k]!) : null;
    if (a instanceof NDArray) {
      let data = hostData.get(a);
      if (!data) {
        const storage = a.storage;
        if (storage.hostView) {
          data = storage.hostView();
        } else {
          const copy = await storage.read();
          data = copy;
          // Written arrays go back to the device (the IR buffer of an alias is the first argument's).
          const first = args.indexOf(a);
          if (ir.buffers.some((b) => b.argIndex === first && b.written))
            writeBacks.push(() => storage.write(copy));
        }
        hostData.set(a, data);
      }
      return elementView(data, a.shape, a.strides, a.offset, check);
    }
    if (!check) return a;
    if (ArrayBuffer.isView(a))
      return elementView(a as TypedArray, [(a as TypedArray).length], [1], 0, check);
    if (isScijsNdarray(a)) return elementView(a.data, a.shape, a.stride, a.offset, check);
    return a;
  }
  const value = runPlain(fn, grid, plainArgs, reduce);
  for (const w of writeBacks) await w();
  return value;
}

/**
 * A cooperative kernel under NUMBAT_DISABLE_JIT: it is not a plain function of one index
 * (API: its workgroups run in lockstep from barrier to barrier), so the reference executor
 * (jit/ir/interp.ts) runs its IR on the arrays' host data, written back where it lives.
 */
async function launchCooperative(
  ir: IrKernel,
  grid: readonly number[],
  args: readonly unknown[],
): Promise<undefined> {
  const launch = launchArgsOf(
    ir,
    grid,
    grid.reduce((a, b) => a * b, 1),
    args,
  );
  const writeBacks: Array<() => Promise<void>> = [];
  const buffers: TypedArray[] = [];
  for (const [k, b] of launch.buffers.entries()) {
    if (b.kind === 'host') {
      buffers.push(b.data);
      continue;
    }
    const storage = b.storage;
    if (storage.hostView) {
      buffers.push(storage.hostView());
      continue;
    }
    const copy = await storage.read();
    if (ir.buffers[k]!.written) writeBacks.push(() => storage.write(copy));
    buffers.push(copy);
  }
  interpret(ir, { buffers, scalars: launch.scalars, grid });
  for (const w of writeBacks) await w();
  return undefined;
}
