// wgsl.ts — pure codegen from the IR to WGSL, plus the binding and uniform layout the
// webgpu backend needs to launch it. No device in sight: golden tests run anywhere.
//
// Layout:
//   @binding(0)        uniform `U`: total, the kernel's scalars, grid extents, partial
//                      count, buffer lengths, each packed array's offset and last index
//                      (what every invocation reads first: SwiftShader measured faster
//                      with the scalars in the first words than after the lengths)
//   @binding(1…)       the storage buffers bound on their own, in order (`read` when the
//                      kernel only reads it)
//   next               the pack (only past the storage-buffer limit; see wgsl/packing.ts)
//   next               error buffer (boundsCheck only): [site + 1, index, 0, 0]
//   next               reduce partials (reduce kernels only)
// The pieces live under ./wgsl/: types, helpers (JS semantics), expr, stmt, entry points.

import type { IrKernel } from '../ir/ir.js';
import { InternalError } from '../diagnostics.js';
import { HelperSet } from './wgsl/helpers.js';
import {
  bufferElement,
  bufferVar,
  combineOld,
  OPAQUE_CONSTANTS,
  opaqueConstantCode,
  scalarField,
  type BoundsSite,
  type KernelCtx,
} from './wgsl/expr.js';
import {
  emitBodyFunction,
  emitCombine,
  emitMapEntry,
  emitWorkgroupEntry,
  emitReduceEntries,
  isWideSum,
  MAP_WORKGROUP,
  REDUCE_WORKGROUP,
} from './wgsl/entry.js';
import { storageType, wgslType, type WgslScalar } from './wgsl/types.js';
import { planPacking, unpackedStorageBindings } from '../passes/packing.js';
import { zeroOf } from './wgsl/stmt.js';
import { factsOf } from '../passes/facts.js';
import { forEachExpr } from '../ir/walk.js';

export type { BoundsSite } from './wgsl/expr.js';
export { MAP_WORKGROUP, MAX_PARTIALS, REDUCE_WORKGROUP } from './wgsl/entry.js';

/** Where one storage buffer of the kernel is bound and how. */
export interface WgslBufferBinding {
  /** Its own binding, or the pack's when packed. */
  readonly binding: number;
  /** Its place in the pack (see WgslProgram.packed), or null when bound on its own. */
  readonly packSlot: number | null;
  /** The 32-bit element type in GPU memory (small integer dtypes widen to i32). */
  readonly element: 'i32' | 'u32' | 'f32';
  readonly access: 'read' | 'read_write';
}

/** The uniform buffer: every field is one 32-bit word. */
export interface WgslUniformLayout {
  /** Word offsets of the header fields. */
  readonly total: 0;
  readonly grid: readonly [number, number, number];
  readonly partials: number;
  /**
   * A word that is always 0 (the host never writes it): the device compiler cannot know
   * that, so `x ^ U.zero` hides a constant from its folding (expr.ts opaqueLiteral).
   */
  readonly zero: number;
  /** Word offset of scalar 0; scalar i's is at scalars + i. */
  readonly scalars: 1;
  /** Word offset of buffer 0's length; buffer i's is at lengths + i. */
  readonly lengths: number;
  /** Word offset of pack slot 0's element offset; slot s has its offset at packs + 2s, its last index at packs + 2s + 1. */
  readonly packs: number;
  /** How each scalar is written: bools as u32 0/1. */
  readonly scalarTypes: readonly ('i32' | 'u32' | 'f32')[];
  /** Size in bytes (a multiple of 16). */
  readonly bytes: number;
}

/** The WGSL for one kernel and everything needed to bind and dispatch it. */
export interface WgslProgram {
  readonly code: string;
  readonly uniform: WgslUniformLayout;
  readonly buffers: readonly WgslBufferBinding[];
  /** Binding of the pack (32-bit words), or null when every array has its own binding. */
  readonly packBinding: number | null;
  /** The packed buffers by slot: the pack holds them in this order. */
  readonly packed: readonly number[];
  /** Binding of the boundsCheck error buffer (16 bytes), or null. */
  readonly errorBinding: number | null;
  /** Binding of the reduce partials (8 bytes each), or null for map kernels. */
  readonly partialsBinding: number | null;
  /** The load/store/atomic sites a boundsCheck error can name, by site id. */
  readonly sites: readonly BoundsSite[];
  /** The reduce value type as stored in the partials, or null. */
  readonly reduceType: 'i32' | 'u32' | 'f32' | null;
  /**
   * How a partial's value is stored: the reduce type, or for an integer sum a 64-bit
   * integer as (low, high) u32 words (emitReduceEntries); null for map kernels.
   */
  readonly partialValue: 'i32' | 'u32' | 'f32' | 'i64' | 'u64' | null;
  /** Bytes per NbPartial (value, then the `has` word at partialHasOffset). */
  readonly partialBytes: number;
  readonly partialHasOffset: number;
  readonly workgroupSize: number;
}

/** Codegen settings from the device. */
export interface WgslOptions {
  /** The device's maxStorageBuffersPerShaderStage (default: no limit, nothing packed). */
  readonly maxStorageBuffers?: number;
}

/**
 * Generates WGSL for `ir`. Throws InternalError for IR it cannot express (f64) or that
 * cannot fit `maxStorageBuffers` (the backend refuses such kernels first).
 */
export function generateWgsl(ir: IrKernel, options: WgslOptions = {}): WgslProgram {
  if (ir.indexNames.length < 1 || ir.indexNames.length > 3) {
    throw new InternalError(
      `kernel '${ir.name}': grid rank ${ir.indexNames.length} is not 1, 2 or 3`,
    );
  }
  const packed = planPacking(ir, options.maxStorageBuffers ?? Infinity);
  if (!packed) {
    throw new InternalError(
      `kernel '${ir.name}' needs ${unpackedStorageBindings(ir)} storage buffers and cannot be packed into ${options.maxStorageBuffers}`,
    );
  }
  const packSlots = new Map(packed.map((buffer, slot) => [buffer, slot]));
  const atomicBuffers = factsOf(ir).atomicBuffers;
  const sharedAtomics = new Set<number>();
  forEachExpr(ir, (e) => {
    if (
      e.k === 'atomic' &&
      e.arr.kind === 'local' &&
      ir.localArrays[e.arr.index]?.scope === 'workgroup'
    )
      sharedAtomics.add(e.arr.index);
  });
  let temps = 0;
  const ctx: KernelCtx = {
    ir,
    helpers: new HelperSet(),
    atomicBuffers,
    sharedAtomics,
    packSlots,
    accessors: new Set(),
    sites: [],
    localTypes: new Map(),
    scalarLets: null,
    randomKeys: null,
    opaqueConstants: new Map(),
    nextTemp: () => `nb_t${temps++}`,
  };
  // Reduce kernels call a body function per grid-stride index; map kernels inline it.
  const body = ir.reduce ? emitBodyFunction(ctx, ir) : null;
  const reduceType = ir.reduce ? partialType(wgslType(ir.reduce.t)) : null;
  const wide = ir.reduce !== null && reduceType !== null && isWideSum(ir.reduce, reduceType);
  const partialValue = !reduceType
    ? null
    : wide
      ? reduceType === 'i32'
        ? 'i64'
        : 'u64'
      : reduceType;
  const combine = ir.reduce ? emitCombine(ctx, ir.reduce) : '';
  const entries =
    ir.reduce && reduceType
      ? emitReduceEntries(
          ctx,
          ir,
          reduceType,
          body!.code.includes('nb_contributes = false'),
          body!.randomKeys,
        )
      : ir.geometry.kind === 'workgroup'
        ? emitWorkgroupEntry(ctx, ir, ir.geometry.size)
        : emitMapEntry(ctx, ir);

  let next = 1;
  const ownBindings = ir.buffers.map((_, i) => (packSlots.has(i) ? -1 : next++));
  const packBinding = packed.length > 0 ? next++ : null;
  const buffers: WgslBufferBinding[] = ir.buffers.map((b, i) => ({
    binding: packSlots.has(i) ? packBinding! : ownBindings[i]!,
    packSlot: packSlots.get(i) ?? null,
    element: storageType(b.dtype),
    access: b.written || atomicBuffers.has(i) ? 'read_write' : 'read',
  }));
  const errorBinding = ir.boundsCheck ? next++ : null;
  const partialsBinding = ir.reduce ? next++ : null;

  const scalarTypes = ir.scalars.map((s) => {
    const t = wgslType(s.type);
    return t === 'bool' ? 'u32' : t;
  });
  const header = 1 + scalarTypes.length;
  const lengths = header + 5;
  const packs = lengths + ir.buffers.length;
  const words = packs + 2 * packed.length;
  const uniform: WgslUniformLayout = {
    total: 0,
    scalars: 1,
    grid: [header, header + 1, header + 2],
    partials: header + 3,
    zero: header + 4,
    lengths,
    packs,
    scalarTypes,
    bytes: Math.ceil(words / 4) * 16,
  };

  const parts: string[] = [`// numbat kernel '${ir.name}'`];
  parts.push(uniformStruct(ir, scalarTypes, packed));
  parts.push('@group(0) @binding(0) var<uniform> U: NbParams;');
  ir.buffers.forEach((b, i) => {
    const binding = buffers[i]!;
    if (binding.packSlot !== null) return;
    const element = atomicBuffers.has(i)
      ? `atomic<${binding.element === 'f32' ? 'u32' : binding.element}>`
      : binding.element;
    const access = binding.access === 'read' ? 'read' : 'read_write';
    parts.push(
      `@group(0) @binding(${binding.binding}) var<storage, ${access}> ${bufferVar(i)}: array<${element}>; // ${b.name}: ${b.dtype} (argument ${b.argIndex})`,
    );
  });
  if (packBinding !== null) {
    const members = packed.map(
      (i, slot) =>
        `//   ${ir.buffers[i]!.name}: ${ir.buffers[i]!.dtype} (argument ${ir.buffers[i]!.argIndex}) at U.pk${slot}`,
    );
    parts.push(
      `// Read-only arrays packed into one binding to fit the device's ${options.maxStorageBuffers} storage buffers per shader:\n${members.join('\n')}\n@group(0) @binding(${packBinding}) var<storage, read> nb_pack: array<u32>;`,
    );
  }
  if (errorBinding !== null) {
    parts.push(
      `@group(0) @binding(${errorBinding}) var<storage, read_write> nb_err: array<atomic<u32>, 4>;`,
    );
  }
  if (partialsBinding !== null && reduceType) {
    parts.push(`struct NbPartial { value: ${wide ? 'vec2<u32>' : reduceType}, has: u32 }`);
    parts.push(
      `@group(0) @binding(${partialsBinding}) var<storage, read_write> nb_partials: array<NbPartial>;`,
    );
  }
  // Workgroup memory (shared()): module-scope, zeroed by WebGPU when each workgroup starts.
  ir.localArrays.forEach((la, i) => {
    if (la.scope !== 'workgroup') return;
    const t = storageType(la.dtype);
    const element = sharedAtomics.has(i) ? `atomic<${t === 'f32' ? 'u32' : t}>` : t;
    parts.push(`var<workgroup> la${i}: array<${element}, ${la.length}>; // ${la.name} (shared)`);
  });
  const accessorText = emitAccessors(ctx);
  const constants = opaqueConstantCode(ctx);
  if (constants.declarations) parts.push(constants.declarations);
  const helperText = ctx.helpers.emit();
  if (helperText) parts.push(helperText);
  if (errorBinding !== null) parts.push(OOB_REPORT);
  if (accessorText) parts.push(accessorText);
  if (combine) parts.push(combine);
  if (body) parts.push(body.code);
  parts.push(entries);

  // Each entry point sets the opaque constants first (expr.ts opaqueLiteral).
  const code = (parts.join('\n\n') + '\n').replace(
    new RegExp(`^( *)${OPAQUE_CONSTANTS}\n`, 'gm'),
    (_m, indent: string) => constants.inits.map((line) => `${indent}${line}\n`).join(''),
  );
  return {
    code,
    uniform,
    buffers,
    packBinding,
    packed,
    errorBinding,
    partialsBinding,
    sites: ctx.sites,
    reduceType,
    partialValue,
    partialBytes: wide ? 16 : 8,
    partialHasOffset: wide ? 8 : 4,
    workgroupSize: ir.reduce
      ? REDUCE_WORKGROUP
      : ir.geometry.kind === 'workgroup'
        ? ir.geometry.size.reduce((a, b) => a * b, 1)
        : MAP_WORKGROUP,
  };
}

function partialType(t: WgslScalar): 'i32' | 'u32' | 'f32' {
  if (t === 'bool') throw new InternalError('a bool-valued reduce reached the WGSL codegen');
  return t;
}

/** What supplies scalar `i`, for the uniform struct's comment ("a (argument 0)", "length of x (b1)", "grid 1"). */
function describeScalar(ir: IrKernel, i: number): string {
  const scalar = ir.scalars[i];
  if (!scalar) throw new InternalError(`scalar #${i} does not exist`);
  const source = scalar.source;
  switch (source.kind) {
    case 'arg':
      return `${scalar.name} (argument ${source.argIndex})`;
    case 'length':
      return `length of ${ir.buffers[source.buffer]?.name ?? '?'} (b${source.buffer})`;
    case 'shape':
    case 'stride':
      return `${source.kind} ${source.axis} of argument ${source.argIndex}`;
    case 'offset':
      return `offset of argument ${source.argIndex}`;
    case 'grid':
      return `grid ${source.axis}`;
    default: {
      const never: never = source;
      throw new InternalError(`unknown scalar source ${JSON.stringify(never)}`);
    }
  }
}

/** The uniform struct; each buffer length and scalar field names its parameter in a comment. */
function uniformStruct(
  ir: IrKernel,
  scalarTypes: readonly string[],
  packed: readonly number[],
): string {
  const fields = ['total: u32,'];
  scalarTypes.forEach((t, i) =>
    fields.push(`${scalarField(i)}: ${t}, // ${describeScalar(ir, i)}`),
  );
  fields.push(
    'g0: u32,',
    'g1: u32,',
    'g2: u32,',
    'partials: u32,',
    'zero: u32, // always 0, unknown to the compiler: hides constants from folding',
  );
  ir.buffers.forEach((b, i) => fields.push(`len${i}: u32, // length of ${b.name}`));
  packed.forEach((i, slot) => {
    fields.push(`pk${slot}: u32, // offset of ${ir.buffers[i]!.name} in nb_pack`);
    fields.push(`pl${slot}: u32, // last index of ${ir.buffers[i]!.name} in nb_pack`);
  });
  return `struct NbParams {\n${fields.map((f) => `  ${f}`).join('\n')}\n}`;
}

const OOB_REPORT = `fn nb_oob(site: u32, index: i32) {
  loop {
    let r = atomicCompareExchangeWeak(&nb_err[0], 0u, site + 1u);
    if (r.exchanged) { atomicStore(&nb_err[1], bitcast<u32>(index)); return; }
    if (r.old_value != 0u) { return; }
  }
}`;

/** The per-buffer load/store/atomic functions requested during emission. */
function emitAccessors(ctx: KernelCtx): string {
  const out: string[] = [];
  const sorted = [...ctx.accessors].sort();
  for (const key of sorted) {
    const parts = key.split(':');
    if (parts[0] === 'shared') {
      // f32 atomics on a shared array: compare-exchange on its bits until no other
      // invocation intervened (the index is in range: the caller checked).
      const op = parts[1] as 'add' | 'sub' | 'min' | 'max';
      const la = `la${parts[2]}`;
      const next = combineOld(ctx, op, 'bitcast<f32>(old)', 'v', 'f32');
      out.push(`fn nb_shared_${op}_${la}(i: u32, v: f32) -> f32 {
  var old = atomicLoad(&${la}[i]);
  loop {
    let r = atomicCompareExchangeWeak(&${la}[i], old, bitcast<u32>(${next}));
    if (r.exchanged) { return bitcast<f32>(old); }
    old = r.old_value;
  }
}`);
      continue;
    }
    const i = Number(parts[parts.length - 1]);
    const buffer = ctx.ir.buffers[i];
    if (!buffer) throw new InternalError(`accessor for missing buffer #${i}`);
    const st = storageType(buffer.dtype);
    const atomic = ctx.atomicBuffers.has(i);
    const ref = `&${bufferVar(i)}[i]`;
    // Out of range: boundsCheck reports the site; otherwise stores are dropped and atomics
    // neither read nor write (they return what a typed array's missing element converts
    // to: NaN for f32, 0 for integers). Loads of atomic buffers clamp like other loads.
    const check = (onFail: string, always = false): string =>
      ctx.ir.boundsCheck
        ? `  if (bitcast<u32>(i) >= U.len${i}) { nb_oob(site, i); ${onFail} }\n`
        : always
          ? `  if (bitcast<u32>(i) >= U.len${i}) { ${onFail} }\n`
          : '';
    const missing = (): string => (st === 'f32' ? `${ctx.helpers.use('nan')}()` : zeroOf(st));
    const fromBits = (code: string): string => (st === 'f32' ? `bitcast<f32>(${code})` : code);
    const toBits = (code: string): string => (st === 'f32' ? `bitcast<u32>(${code})` : code);
    if (parts[0] === 'load') {
      const read = atomic ? fromBits(`atomicLoad(${ref})`) : bufferElement(ctx, i, 'i');
      out.push(
        `fn nb_load_b${i}(i: i32, site: u32) -> ${st} {\n${check(`return ${zeroOf(st)};`)}  return ${read};\n}`,
      );
    } else if (parts[0] === 'store') {
      const write = atomic ? `atomicStore(${ref}, ${toBits('v')});` : `${bufferVar(i)}[i] = v;`;
      out.push(
        `fn nb_store_b${i}(i: i32, v: ${st}, site: u32) {\n${check('return;', true)}  ${write}\n}`,
      );
    } else if (parts[0] === 'atomic') {
      const op = parts[1] as 'add' | 'sub' | 'min' | 'max';
      const head = `fn nb_atomic_${op}_b${i}(i: i32, v: ${st}, site: u32) -> ${st} {\n${check(`return ${missing()};`, true)}`;
      if (st !== 'f32') {
        const fn = { add: 'atomicAdd', sub: 'atomicSub', min: 'atomicMin', max: 'atomicMax' }[op];
        out.push(`${head}  return ${fn}(${ref}, v);\n}`);
      } else {
        // f32 atomics: compare-exchange on the bit pattern until no other invocation intervened.
        const next = combineOld(ctx, op, 'bitcast<f32>(old)', 'v', 'f32');
        out.push(`${head}  var old = atomicLoad(${ref});
  loop {
    let r = atomicCompareExchangeWeak(${ref}, old, bitcast<u32>(${next}));
    if (r.exchanged) { return bitcast<f32>(old); }
    old = r.old_value;
  }
}`);
      }
    } else {
      throw new InternalError(`unknown accessor ${key}`);
    }
  }
  return out.join('\n\n');
}
