// wasm.ts — IR kernel → WebAssembly module (bytes + text listing), pure: no device in sight.
//
// The module imports the shared linear memory (`env.memory`), the host Math functions it
// calls (`math.*`, only those: see hostCallsOf) and, under boundsCheck, the bounds-check
// reporter (`env.oob`), and exports
//   run(args, begin, end, scratch) → partial?   runs flat grid indices [begin, end)
//   block(args, begin, end, scratch) → partial?  the body `run` calls per block (driver.ts)
//   combine(a, b) → c                            reduce kernels only (folds two partials)
// `args` points at an argument block (see ArgLayout): per buffer its byte offset and
// length, per scalar an 8-byte slot, then the grid extents. `scratch` points at a
// per-thread area: word 0 receives "this range contributed" for reduce kernels, local
// arrays follow from byte 16. The grid is walked row by row (last dimension fastest);
// each row segment runs a SIMD loop over full vectors of the innermost index (simd.ts)
// and a scalar tail (scalar.ts).

import type { IrKernel } from '../ir/ir.js';
import { BYTES } from '../types/dtype.js';
import { FunctionBuilder } from './wasm/assembler.js';
import { concrete, IMPORTED_MATH, KernelContext, scalarValType, type ConcreteTy, type OobSite } from './wasm/context.js';
import { reduceIdentity, ScalarEmitter, Scope } from './wasm/scalar.js';
import { emitBlockDriver, emitCombine } from './wasm/driver.js';
import { planVectorisation, VectorEmitter } from './wasm/simd.js';
import { allExprs, allStmts, stmtExprs } from './wasm/vectorPlan.js';

/** Where each launch argument lives in the argument block (byte offsets). */
export interface ArgLayout {
  /** Buffer k: i32 byte offset at `buffers[k]`, i32 element count at `buffers[k] + 4`. */
  readonly buffers: readonly number[];
  /** Scalar k: its value at `scalars[k]` (i32, f32 or f64 by its type). */
  readonly scalars: readonly number[];
  /** Grid extent of axis a: i32 at `grid + 4a`. */
  readonly grid: number;
  /** Total bytes of the block. */
  readonly size: number;
}

/** The generated module and what the runtime needs to drive it. */
export interface WasmModuleCode {
  readonly bytes: Uint8Array;
  readonly listing: string;
  readonly notes: readonly string[];
  /** SIMD lanes of the vector loop, or 1 when only the scalar loop exists. */
  readonly lanes: number;
  readonly layout: ArgLayout;
  /** Bytes of per-thread scratch the kernel needs (status word + local arrays). */
  readonly scratchBytes: number;
  readonly oobSites: readonly OobSite[];
  /** Type of the partial `run` returns, for reduce kernels. */
  readonly reduceType: ConcreteTy | null;
}

/** Options for code generation. */
export interface WasmCodegenOptions {
  /** Import the memory as shared (threads); must match the heap's memory. */
  readonly shared: boolean;
  /** Allow the SIMD loop (default true); false forces the scalar path, for tests. */
  readonly simd?: boolean;
}

/** Offset of local arrays within the scratch area (word 0 is the status word). */
const SCRATCH_LOCALS = 16;

/** The argument block layout of a kernel. */
export function argLayout(ir: IrKernel): ArgLayout {
  const buffers = ir.buffers.map((_, k) => 8 * k);
  const scalars = ir.scalars.map((_, k) => 8 * (ir.buffers.length + k));
  const grid = 8 * (ir.buffers.length + ir.scalars.length);
  return { buffers, scalars, grid, size: grid + 16 };
}

/** Generates the wasm module for one specialised kernel. */
export function generateWasm(ir: IrKernel, options: WasmCodegenOptions): WasmModuleCode {
  const cx = new KernelContext(ir);
  const notes: string[] = [];
  cx.mod.importMemory({ module: 'env', name: 'memory', minPages: 1, maxPages: 65536, shared: options.shared });
  cx.declareImports(hostCallsOf(ir));
  const layout = argLayout(ir);
  const reduceType = ir.reduce ? concrete(ir.reduce.t) : null;

  // The body: grid indices [begin, end) in one call (exported as `block`; `run`, the
  // block driver in driver.ts, calls it over doubling sub-ranges).
  const run = new FunctionBuilder(
    'block',
    [{ name: 'args', type: 'i32' }, { name: 'begin', type: 'i32' }, { name: 'end', type: 'i32' }, { name: 'scratch', type: 'i32' }],
    reduceType ? [scalarValType(reduceType)] : [],
  );
  cx.startFunction(run);
  const bodyIndex = cx.mod.addFunc(run, 'block');
  const [ARGS, BEGIN, END, SCRATCH] = [0, 1, 2, 3];
  cx.scratchLocal = SCRATCH;

  // ---- prologue: buffers, scalars, grid extents ----
  cx.buffers = ir.buffers.map((b, k) => {
    const ptr = run.addLocal('i32', `${b.name}_ptr`);
    const len = run.addLocal('i32', `${b.name}_len`);
    cx.get(ARGS); run.op('i32.load', layout.buffers[k]!); cx.set(ptr);
    cx.get(ARGS); run.op('i32.load', layout.buffers[k]! + 4); cx.set(len);
    return { ptr, len, dtype: b.dtype };
  });
  cx.scalarLocals = ir.scalars.map((s, k) => {
    const vt = scalarValType(s.type);
    const local = run.addLocal(vt, s.name);
    cx.get(ARGS);
    run.op(`${vt}.load`, layout.scalars[k]!);
    cx.set(local);
    return local;
  });
  const rank = ir.indexNames.length;
  const extents = ir.indexNames.map((name, a) => {
    const local = run.addLocal('i32', `extent${a}`);
    cx.get(ARGS); run.op('i32.load', layout.grid + 4 * a); cx.set(local);
    return local;
  });

  // ---- local arrays in scratch ----
  const localArrayOffsets: number[] = [];
  let scratchBytes = SCRATCH_LOCALS;
  for (const la of ir.localArrays) {
    scratchBytes = Math.ceil(scratchBytes / 8) * 8;
    localArrayOffsets.push(scratchBytes);
    scratchBytes += la.length * BYTES[la.dtype];
  }

  // ---- reduce accumulator ----
  let acc = -1;
  let have = -1;
  if (ir.reduce && reduceType) {
    acc = run.addLocal(scalarValType(reduceType), 'acc');
    have = run.addLocal('i32', 'have');
    const scalar = new ScalarEmitter(cx, new Scope());
    if (ir.reduce.kind !== 'custom') {
      scalar.constant(reduceType, reduceIdentity(ir.reduce.kind, reduceType));
      cx.set(acc);
    }
  }

  // ---- vectorisation plan ----
  const plan = options.simd === false ? { lanes: 1, reason: 'SIMD disabled by option', f64Pairs: false } : planVectorisation(ir);
  let vectorEmitter: VectorEmitter | null = null;
  if (plan.lanes > 1) {
    vectorEmitter = new VectorEmitter(cx, plan.lanes, localArrayOffsets);
    vectorEmitter.initReduce();
  } else {
    notes.push(`not vectorised: ${plan.reason}`);
  }

  // ---- the row loop ----
  const flat = run.addLocal('i32', 'flat');
  const inner = run.addLocal('i32', ir.indexNames[rank - 1]!);
  const stop = run.addLocal('i32', 'stop');
  const outer = ir.indexNames.slice(0, -1).map((name) => run.addLocal('i32', name));
  cx.get(BEGIN); cx.set(flat);
  const done = cx.label('done');
  const rows = cx.label('rows');
  cx.open('block', done);
  cx.open('loop', rows);
  cx.get(flat); cx.get(END); run.op('i32.ge_s'); cx.brIf(done);
  if (rank === 1) {
    cx.get(flat); cx.set(inner);
    cx.get(END); cx.set(stop);
  } else {
    const last = extents[rank - 1]!;
    const r = cx.temp('i32');
    cx.get(flat); cx.get(last); run.op('i32.div_u'); cx.set(r);
    cx.get(flat); cx.get(r); cx.get(last); run.op('i32.mul'); run.op('i32.sub'); cx.set(inner);
    if (rank === 2) {
      cx.get(r); cx.set(outer[0]!);
    } else {
      cx.get(r); cx.get(extents[1]!); run.op('i32.rem_u'); cx.set(outer[1]!);
      cx.get(r); cx.get(extents[1]!); run.op('i32.div_u'); cx.set(outer[0]!);
    }
    cx.release(r);
    // stop = min(extent, inner + (end - flat))
    cx.get(inner); cx.get(END); cx.get(flat); run.op('i32.sub'); run.op('i32.add'); cx.set(stop);
    cx.get(last); cx.get(stop); cx.get(last); cx.get(stop); run.op('i32.lt_u'); run.op('select'); cx.set(stop);
  }
  cx.get(flat); cx.get(stop); cx.get(inner); run.op('i32.sub'); run.op('i32.add'); cx.set(flat);

  const bindIndices = (scope: Scope): void => {
    ir.indexNames.forEach((name, a) => {
      scope.define(name, { local: a === rank - 1 ? inner : outer[a]!, t: 'i32', vector: false });
    });
  };

  // ---- SIMD loop over full vectors ----
  if (vectorEmitter) {
    run.comment(`SIMD loop: ${plan.lanes} lanes of ${ir.indexNames[rank - 1]}${plan.f64Pairs ? ' (f64 values as pairs of f64x2)' : ''}`);
    const scope = new Scope();
    bindIndices(scope);
    vectorEmitter.emitLoop(scope, inner, stop, acc);
  }

  // ---- scalar loop (tail, or everything) ----
  run.comment('scalar loop');
  const scalar = new ScalarEmitter(cx, new Scope());
  scalar.localArrayOffsets = localArrayOffsets;
  bindIndices(scalar.scope);
  const sDone = cx.label('tail_done');
  const sTop = cx.label('tail');
  const index = cx.label('index');
  cx.open('block', sDone);
  cx.open('loop', sTop);
  cx.get(inner); cx.get(stop); run.op('i32.ge_s'); cx.brIf(sDone);
  cx.open('block', index);
  zeroLocalArrays(cx, ir, localArrayOffsets);
  scalar.onReturn = (value) => {
    if (ir.reduce && reduceType && value) {
      if (ir.reduce.kind === 'custom') {
        cx.get(have);
        cx.open('if', cx.label('have'), scalarValType(reduceType));
        cx.get(acc);
        scalar.exprAs(value, reduceType);
        run.op('call', cx.mod.funcCount() + 0);
        cx.else_();
        scalar.exprAs(value, reduceType);
        cx.close();
        cx.set(acc);
      } else {
        cx.get(acc);
        scalar.exprAs(value, reduceType);
        scalar.combineReduce(ir.reduce, reduceType);
        cx.set(acc);
      }
      cx.constI32(1); cx.set(have);
    }
    cx.br(index);
  };
  scalar.stmts(ir.body);
  cx.close();
  cx.get(inner); cx.constI32(1); run.op('i32.add'); cx.set(inner);
  cx.br(sTop);
  cx.close();
  cx.close();

  cx.br(rows);
  cx.close();
  cx.close();

  if (ir.reduce && reduceType) {
    if (vectorEmitter) vectorEmitter.finishReduce(acc, have);
    cx.get(SCRATCH); cx.get(have); run.op('i32.store', 0);
    cx.get(acc);
  }

  // combine must directly follow the body: a custom reduce's body calls it by index.
  const combineIndex = ir.reduce && reduceType ? emitCombine(cx, ir.reduce, reduceType) : -1;
  emitBlockDriver(cx, bodyIndex, ir.reduce && reduceType ? { spec: ir.reduce, t: reduceType, combine: combineIndex } : null);

  if (ir.uses.atomics) notes.push('atomics use the threads proposal (i32.atomic.rmw / cmpxchg loops)');
  // The text listing is built on first use (inspect, tests): most launches never need it.
  let listing: string | undefined;
  return {
    bytes: cx.mod.finish(),
    get listing(): string {
      listing ??= cx.mod.text();
      return listing;
    },
    notes,
    lanes: plan.lanes,
    layout,
    scratchBytes,
    oobSites: cx.oobSites,
    reduceType,
  };
}

/** Zero-fills the kernel's local arrays (each grid index starts with fresh ones, as in JS). */
function zeroLocalArrays(cx: KernelContext, ir: IrKernel, offsets: readonly number[]): void {
  ir.localArrays.forEach((la, k) => {
    const bytes = la.length * BYTES[la.dtype];
    for (let b = 0; b < bytes; b += 4) {
      cx.get(cx.scratchLocal);
      cx.constI32(0);
      cx.fn.op(bytes - b >= 4 ? 'i32.store' : 'i32.store8', offsets[k]! + b);
      if (bytes - b < 4) {
        for (let r = b + 1; r < bytes; r++) {
          cx.get(cx.scratchLocal); cx.constI32(0); cx.fn.op('i32.store8', offsets[k]! + r);
        }
      }
    }
  });
}

/**
 * The host functions the kernel's code can call: each Math function it uses that wasm
 * has no instruction for (also needed by vectorised ones, for the scalar tail and
 * fallbacks), `pow` for `**`, and `fmod` for float `%`. Only these are imported.
 */
function hostCallsOf(ir: IrKernel): Set<string> {
  const calls = new Set<string>();
  const bodies = ir.reduce?.kind === 'custom' ? [ir.body, ir.reduce.body] : [ir.body];
  for (const s of bodies.flatMap((b) => allStmts(b))) {
    for (const e of stmtExprs(s).flatMap((x) => allExprs(x))) {
      if (e.k === 'math' && (IMPORTED_MATH as readonly string[]).includes(e.fn)) calls.add(e.fn);
      if (e.k === 'bin' && e.op === '**') calls.add('pow');
      if (e.k === 'bin' && e.op === '%' && concrete(e.t) !== 'i32' && concrete(e.t) !== 'u32') calls.add('fmod');
    }
  }
  return calls;
}
