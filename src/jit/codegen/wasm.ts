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

import type { IrKernel, Stmt } from '../ir/ir.js';
import { BYTES } from '../types/dtype.js';
import { FunctionBuilder } from './wasm/assembler.js';
import { arityOf, HOST_MATH, WASM_MATH } from './wasm/mathOps.js';
import {
  concrete,
  type HostCall,
  KernelContext,
  scalarValType,
  type ConcreteTy,
  type OobSite,
} from './wasm/context.js';
import { ScalarEmitter, Scope } from './wasm/scalar.js';
import { emitBlockDriver, emitCombine } from './wasm/driver.js';
import { SCRATCH_HAS, SCRATCH_LANES, SCRATCH_LOCALS } from './wasm/layout.js';
import { VectorEmitter } from './wasm/simd.js';
import { allExprs, allStmts, stmtExprs } from '../ir/walk.js';
import { factsOf } from '../passes/facts.js';
import { planInvocationLoop } from '../passes/vectorPlan.js';

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
  /** The reduce value type, for reduce kernels. */
  readonly reduceType: ConcreteTy | null;
  /** Type of the partial `run` returns: f64 for built-in reductions, the reduce type for custom ones. */
  readonly partialType: ConcreteTy | null;
}

/** Options for code generation. */
export interface WasmCodegenOptions {
  /** Import the memory as shared (threads); must match the heap's memory. */
  readonly shared: boolean;
  /** Allow the SIMD loop (default true); false forces the scalar path, for tests. */
  readonly simd?: boolean;
}

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
  cx.mod.importMemory({
    module: 'env',
    name: 'memory',
    minPages: 1,
    maxPages: 65536,
    shared: options.shared,
  });
  cx.declareImports(hostCallsOf(ir));
  const layout = argLayout(ir);
  const reduceType = ir.reduce ? concrete(ir.reduce.t) : null;
  const partialType: ConcreteTy | null = ir.reduce
    ? ir.reduce.kind === 'custom'
      ? reduceType
      : 'f64'
    : null;

  // The body: grid indices [begin, end) in one call (exported as `block`; `run`, the
  // block driver in driver.ts, calls it over doubling sub-ranges). A reduce body adds each
  // index's value into its lane accumulator in scratch (reduceOrder.ts).
  const run = new FunctionBuilder(
    'block',
    [
      { name: 'args', type: 'i32' },
      { name: 'begin', type: 'i32' },
      { name: 'end', type: 'i32' },
      { name: 'scratch', type: 'i32' },
    ],
    [],
  );
  cx.startFunction(run);
  const bodyIndex = cx.mod.addFunc(run, 'block');
  const [ARGS, BEGIN, END, SCRATCH] = [0, 1, 2, 3];
  cx.scratchLocal = SCRATCH;

  // ---- prologue: buffers, scalars, grid extents ----
  cx.buffers = ir.buffers.map((b, k) => {
    const ptr = run.addLocal('i32', `${b.name}_ptr`);
    const len = run.addLocal('i32', `${b.name}_len`);
    cx.get(ARGS);
    run.op('i32.load', layout.buffers[k]!);
    cx.set(ptr);
    cx.get(ARGS);
    run.op('i32.load', layout.buffers[k]! + 4);
    cx.set(len);
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
    cx.get(ARGS);
    run.op('i32.load', layout.grid + 4 * a);
    cx.set(local);
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
  // Zeroed by whole v128 stores when large (zeroLocalArrays): room for the last one.
  if (scratchBytes - SCRATCH_LOCALS > ZERO_LOOP_BYTES)
    scratchBytes = Math.ceil(scratchBytes / 16) * 16;

  // ---- vectorisation plan ----
  const plan =
    options.simd === false
      ? { lanes: 1, reason: 'SIMD disabled by option', f64Pairs: false }
      : factsOf(ir).vectorPlan;
  let vectorEmitter: VectorEmitter | null = null;
  const cooperative = allStmts(ir.body).some((s) => s.k === 'loop' && s.overInvocations);
  if (plan.lanes > 1) {
    vectorEmitter = new VectorEmitter(cx, plan.lanes, localArrayOffsets);
    vectorEmitter.initReduce();
  } else if (!cooperative) {
    notes.push(`not vectorised: ${plan.reason}`);
  }

  // ---- the row loop ----
  const flat = run.addLocal('i32', 'flat');
  const inner = run.addLocal('i32', ir.indexNames[rank - 1]!);
  const stop = run.addLocal('i32', 'stop');
  // Flat index of innermost index 0 in this row: index `inner` is in reduce lane (rowBase + inner) & 3.
  const rowBase = ir.reduce ? run.addLocal('i32', 'row_base') : -1;
  const outer = ir.indexNames.slice(0, -1).map((name) => run.addLocal('i32', name));
  cx.get(BEGIN);
  cx.set(flat);
  const done = cx.label('done');
  const rows = cx.label('rows');
  cx.open('block', done);
  cx.open('loop', rows);
  cx.get(flat);
  cx.get(END);
  run.op('i32.ge_s');
  cx.brIf(done);
  if (rank === 1) {
    cx.get(flat);
    cx.set(inner);
    cx.get(END);
    cx.set(stop);
  } else {
    const last = extents[rank - 1]!;
    const r = cx.temp('i32');
    cx.get(flat);
    cx.get(last);
    run.op('i32.div_u');
    cx.set(r);
    cx.get(flat);
    cx.get(r);
    cx.get(last);
    run.op('i32.mul');
    run.op('i32.sub');
    cx.set(inner);
    if (rank === 2) {
      cx.get(r);
      cx.set(outer[0]!);
    } else {
      cx.get(r);
      cx.get(extents[1]!);
      run.op('i32.rem_u');
      cx.set(outer[1]!);
      cx.get(r);
      cx.get(extents[1]!);
      run.op('i32.div_u');
      cx.set(outer[0]!);
    }
    cx.release(r);
    // stop = min(extent, inner + (end - flat))
    cx.get(inner);
    cx.get(END);
    cx.get(flat);
    run.op('i32.sub');
    run.op('i32.add');
    cx.set(stop);
    cx.get(last);
    cx.get(stop);
    cx.get(last);
    cx.get(stop);
    run.op('i32.lt_u');
    run.op('select');
    cx.set(stop);
  }
  if (rowBase >= 0) {
    cx.get(flat);
    cx.get(inner);
    run.op('i32.sub');
    cx.set(rowBase);
  }
  cx.get(flat);
  cx.get(stop);
  cx.get(inner);
  run.op('i32.sub');
  run.op('i32.add');
  cx.set(flat);

  const bindIndices = (scope: Scope): void => {
    ir.indexNames.forEach((name, a) => {
      scope.define(name, { local: a === rank - 1 ? inner : outer[a]!, t: 'i32', vector: false });
    });
  };

  // ---- SIMD loop over full vectors ----
  if (vectorEmitter) {
    run.comment(
      `SIMD loop: ${plan.lanes} lanes of ${ir.indexNames[rank - 1]}${plan.f64Pairs ? ' (f64 values as pairs of f64x2)' : ''}`,
    );
    const scope = new Scope();
    bindIndices(scope);
    vectorEmitter.emitLoop(scope, inner, stop, rowBase);
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
  cx.get(inner);
  cx.get(stop);
  run.op('i32.ge_s');
  cx.brIf(sDone);
  cx.open('block', index);
  zeroLocalArrays(cx, ir, localArrayOffsets, scratchBytes);
  scalar.onReturn = (value) => {
    if (ir.reduce && partialType && value) {
      // The index's lane k = (rowBase + inner) & 3: its accumulator at scratch + SCRATCH_LANES + 8k.
      const k = cx.temp('i32');
      const lane = cx.temp('i32');
      cx.get(rowBase);
      cx.get(inner);
      run.op('i32.add');
      cx.constI32(3);
      run.op('i32.and');
      cx.tee(k);
      cx.constI32(3);
      run.op('i32.shl');
      cx.get(SCRATCH);
      run.op('i32.add');
      cx.set(lane);
      const vt = scalarValType(partialType);
      if (ir.reduce.kind === 'custom') {
        // has[k] ? combine(lanes[k], v) : v, then has[k] = 1 (flags at scratch + SCRATCH_HAS + 4k).
        const v = cx.temp(vt);
        const has = cx.temp('i32');
        cx.get(k);
        cx.constI32(2);
        run.op('i32.shl');
        cx.get(SCRATCH);
        run.op('i32.add');
        cx.set(has);
        scalar.exprAs(value, partialType);
        cx.set(v);
        cx.get(lane);
        cx.get(has);
        run.op('i32.load', SCRATCH_HAS);
        cx.open('if', cx.label('have'), vt);
        cx.get(lane);
        run.op(`${vt}.load`, SCRATCH_LANES);
        cx.get(v);
        run.op('call', cx.mod.funcCount() + 0);
        cx.else_();
        cx.get(v);
        cx.close();
        run.op(`${vt}.store`, SCRATCH_LANES);
        cx.get(has);
        cx.constI32(1);
        run.op('i32.store', SCRATCH_HAS);
        cx.release(v);
        cx.release(has);
      } else {
        cx.get(lane);
        cx.get(lane);
        run.op('f64.load', SCRATCH_LANES);
        scalar.exprAs(value, 'f64');
        scalar.combineReduce(ir.reduce, 'f64');
        run.op('f64.store', SCRATCH_LANES);
      }
      cx.release(lane);
      cx.release(k);
    }
    cx.br(index);
  };
  if (cooperative)
    scalar.beforeInvocationLoop = phaseVectoriser(
      cx,
      options,
      scalar.scope,
      localArrayOffsets,
      notes,
    );
  scalar.stmts(ir.body);
  cx.close();
  cx.get(inner);
  cx.constI32(1);
  run.op('i32.add');
  cx.set(inner);
  cx.br(sTop);
  cx.close();
  cx.close();

  cx.br(rows);
  cx.close();
  cx.close();

  // combine must directly follow the body: a custom reduce's body calls it by index.
  const combineIndex = ir.reduce && partialType ? emitCombine(cx, ir.reduce, partialType) : -1;
  emitBlockDriver(
    cx,
    bodyIndex,
    ir.reduce && partialType ? { spec: ir.reduce, t: partialType, combine: combineIndex } : null,
  );

  if (ir.uses.atomics)
    notes.push('atomics use the threads proposal (i32.atomic.rmw / cmpxchg loops)');
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
    partialType,
  };
}

/**
 * What the scalar emitter does before each phase loop of a split cooperative kernel: plans
 * the phase (vectorPlan.ts) and, when it vectorises, emits its vector loop over the
 * invocations (simd.ts); notes per phase whether it was vectorised, and why not.
 */
function phaseVectoriser(
  cx: KernelContext,
  options: WasmCodegenOptions,
  scope: Scope,
  localArrayOffsets: number[],
  notes: string[],
): (loop: Extract<Stmt, { k: 'loop' }>) => void {
  let phase = 0;
  return (loop) => {
    phase++;
    if (options.simd === false) {
      notes.push(`phase ${phase}: not vectorised: SIMD disabled by option`);
      return;
    }
    const plan = planInvocationLoop(cx.ir, loop);
    if (plan.lanes === 1) {
      notes.push(`phase ${phase}: not vectorised: ${plan.reason}`);
      return;
    }
    notes.push(
      `phase ${phase}: vectorised, ${plan.lanes} invocations per vector${plan.f64Pairs ? ' (f64 values as pairs of f64x2)' : ''}`,
    );
    cx.fn.comment(`phase ${phase}: SIMD loop over ${plan.lanes} invocations at a time`);
    new VectorEmitter(cx, plan.lanes, localArrayOffsets, {
      plan,
      body: loop.body,
    }).emitInvocationLoop(scope, loop);
    cx.fn.comment(`phase ${phase}: scalar loop over the remaining invocations`);
  };
}

/** Local arrays of more bytes than this in all are zeroed by a loop (see zeroLocalArrays). */
const ZERO_LOOP_BYTES = 64;

/**
 * Zero-fills the kernel's local arrays (each grid index starts with fresh ones, as in JS;
 * a split cooperative kernel's grid index is a workgroup, whose shared arrays start
 * zeroed): a few stores each when small, else one loop of v128 stores over the whole
 * area [SCRATCH_LOCALS, end), `end` a multiple of 16 then.
 */
function zeroLocalArrays(
  cx: KernelContext,
  ir: IrKernel,
  offsets: readonly number[],
  end: number,
): void {
  if (end - SCRATCH_LOCALS > ZERO_LOOP_BYTES) {
    const fn = cx.fn;
    const at = cx.temp('i32');
    const top = cx.label('zero_locals');
    fn.comment(`local arrays: ${end - SCRATCH_LOCALS} bytes zeroed 16 at a time`);
    cx.get(cx.scratchLocal);
    cx.constI32(SCRATCH_LOCALS);
    fn.op('i32.add');
    cx.set(at);
    cx.open('loop', top);
    cx.get(at);
    fn.op('v128.const', Array(16).fill(0));
    fn.op('v128.store', 0);
    cx.get(at);
    cx.constI32(16);
    fn.op('i32.add');
    cx.tee(at);
    cx.get(cx.scratchLocal);
    cx.constI32(end);
    fn.op('i32.add');
    fn.op('i32.lt_u');
    cx.brIf(top);
    cx.close();
    cx.release(at);
    return;
  }
  ir.localArrays.forEach((la, k) => {
    const bytes = la.length * BYTES[la.dtype];
    for (let b = 0; b < bytes; b += 4) {
      cx.get(cx.scratchLocal);
      cx.constI32(0);
      cx.fn.op(bytes - b >= 4 ? 'i32.store' : 'i32.store8', offsets[k]! + b);
      if (bytes - b < 4) {
        for (let r = b + 1; r < bytes; r++) {
          cx.get(cx.scratchLocal);
          cx.constI32(0);
          cx.fn.op('i32.store8', offsets[k]! + r);
        }
      }
    }
  });
}

/**
 * The host functions the kernel's code can call, in import order: each Math function it
 * uses whose scalar form is a host call (also needed by vectorised ones, for the scalar
 * tail and fallbacks; HOST_MATH's order), `pow` for `**`, and `fmod` for float `%`. Only
 * these are imported.
 */
function hostCallsOf(ir: IrKernel): HostCall[] {
  const calls = new Set<string>();
  const bodies = ir.reduce?.kind === 'custom' ? [ir.body, ir.reduce.body] : [ir.body];
  for (const s of bodies.flatMap((b) => allStmts(b))) {
    for (const e of stmtExprs(s).flatMap((x) => allExprs(x))) {
      if (e.k === 'math' && WASM_MATH[e.fn].float === 'host') calls.add(e.fn);
      if (e.k === 'bin' && e.op === '**') calls.add('pow');
      if (e.k === 'bin' && e.op === '%' && concrete(e.t) !== 'i32' && concrete(e.t) !== 'u32')
        calls.add('fmod');
    }
  }
  const list: HostCall[] = HOST_MATH.filter((name) => calls.has(name)).map((name) => ({
    name,
    arity: arityOf(name),
  }));
  if (calls.has('fmod')) list.push({ name: 'fmod', arity: 2 });
  return list;
}
