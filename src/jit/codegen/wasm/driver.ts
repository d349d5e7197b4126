// driver.ts — the module's small exported functions around the kernel body:
//
//   combine(a, b) → c    folds two partial results of a reduce kernel (builtin or custom)
//   run(args, begin, end, scratch) → partial?
//                        walks [begin, end) in blocks, calling the body function `block`
//                        once per block and folding the block partials with `combine`.
//
// Why blocks: V8 compiles wasm with the baseline compiler (Liftoff) first and tiers a
// function up to TurboFan only after it has run for a while; the optimised code is used
// from the *next call* on (there is no on-stack replacement for wasm). One long call of
// the body would therefore run entirely in Liftoff code (3–5× slower for SIMD loops).
// Blocks start small and double (FIRST_BLOCK … MAX_BLOCK grid indices), so within the
// first chunk the body is called often enough to switch to TurboFan early, while the call
// overhead of large blocks stays negligible (one call per ≥ 16 K indices).
//
// Scratch word 0 reports "some index contributed" for reduce kernels, both from `block`
// (per block) and from `run` (for the whole range), so the host can skip empty partials
// of custom reductions.

import type { ReduceSpec, Stmt } from '../../ir/ir.js';
import { FunctionBuilder } from './assembler.js';
import { scalarValType, type ConcreteTy, type KernelContext } from './context.js';
import { reduceIdentity, ScalarEmitter, Scope } from './scalar.js';

/** Grid indices of the first block of each `run` call. */
export const FIRST_BLOCK = 64;
/** Grid indices of the largest block. */
export const MAX_BLOCK = 16384;

/** The exported `combine(a, b)` of a reduce kernel; returns its function index. */
export function emitCombine(cx: KernelContext, spec: ReduceSpec, t: ConcreteTy): number {
  const vt = scalarValType(t);
  const names = spec.kind === 'custom' ? [spec.a, spec.b] : ['a', 'b'];
  const fn = new FunctionBuilder('combine', [{ name: names[0]!, type: vt }, { name: names[1]!, type: vt }], [vt]);
  cx.startFunction(fn);
  const index = cx.mod.addFunc(fn, 'combine');
  const scope = new Scope();
  scope.define(names[0]!, { local: 0, t, vector: false });
  scope.define(names[1]!, { local: 1, t, vector: false });
  const emitter = new ScalarEmitter(cx, scope);
  if (spec.kind !== 'custom') {
    cx.get(0);
    cx.get(1);
    emitter.combineReduce(spec, t);
    return index;
  }
  const done = cx.label('combine');
  cx.open('block', done);
  emitter.onReturn = () => cx.br(done);
  // The body declares `result` with a let; keep its scope open to read it afterwards.
  for (const s of spec.body as readonly Stmt[]) emitter.stmt(s);
  cx.close();
  const result = scope.lookup(spec.result);
  cx.get(result.local);
  emitter.convert(result.t, t);
  return index;
}

/**
 * The exported `run`: calls the body function (index `body`, same parameters) over
 * doubling blocks of [begin, end). `combine` is the combine function's index (reduce only).
 */
export function emitBlockDriver(
  cx: KernelContext, body: number, reduce: { spec: ReduceSpec; t: ConcreteTy; combine: number } | null,
): void {
  const resultType = reduce ? [scalarValType(reduce.t)] : [];
  const fn = new FunctionBuilder(
    'run',
    [{ name: 'args', type: 'i32' }, { name: 'begin', type: 'i32' }, { name: 'end', type: 'i32' }, { name: 'scratch', type: 'i32' }],
    resultType,
  );
  cx.startFunction(fn);
  cx.mod.addFunc(fn, 'run');
  const [ARGS, BEGIN, END, SCRATCH] = [0, 1, 2, 3];
  const stop = fn.addLocal('i32', 'stop');
  const size = fn.addLocal('i32', 'block_size');
  const acc = reduce ? fn.addLocal(scalarValType(reduce.t), 'acc') : -1;
  const partial = reduce ? fn.addLocal(scalarValType(reduce.t), 'partial') : -1;
  const any = reduce ? fn.addLocal('i32', 'any') : -1;
  fn.comment(`blocks of ${FIRST_BLOCK}, doubling to ${MAX_BLOCK} grid indices (lets V8 tier the body up early)`);
  if (reduce && reduce.spec.kind !== 'custom') {
    new ScalarEmitter(cx, new Scope()).constant(reduce.t, reduceIdentity(reduce.spec.kind, reduce.t));
    cx.set(acc);
  }
  cx.constI32(FIRST_BLOCK); cx.set(size);
  const done = cx.label('blocks_done');
  const top = cx.label('blocks');
  cx.open('block', done);
  cx.open('loop', top);
  cx.get(BEGIN); cx.get(END); fn.op('i32.ge_s'); cx.brIf(done);
  // stop = end − begin > size ? begin + size : end   (no overflow: both in [0, 2^31))
  cx.get(BEGIN); cx.get(size); fn.op('i32.add');
  cx.get(END);
  cx.get(END); cx.get(BEGIN); fn.op('i32.sub'); cx.get(size); fn.op('i32.gt_s');
  fn.op('select');
  cx.set(stop);
  cx.get(ARGS); cx.get(BEGIN); cx.get(stop); cx.get(SCRATCH);
  fn.op('call', body);
  if (reduce && reduce.spec.kind !== 'custom') {
    // Builtin reductions start from the identity, so every block's partial folds in.
    cx.set(partial);
    cx.get(acc); cx.get(partial); fn.op('call', reduce.combine); cx.set(acc);
    cx.constI32(1); cx.set(any);
  } else if (reduce) {
    // Custom reductions have no identity: fold only blocks where some index contributed.
    cx.set(partial);
    cx.get(SCRATCH); fn.op('i32.load', 0);
    cx.open('if', cx.label('contributed'));
    cx.get(acc); cx.get(partial); fn.op('call', reduce.combine);
    cx.get(partial);
    cx.get(any);
    fn.op('select');
    cx.set(acc);
    cx.constI32(1); cx.set(any);
    cx.close();
  }
  cx.get(stop); cx.set(BEGIN);
  // size = min(2·size, MAX_BLOCK)
  cx.get(size); cx.constI32(1); fn.op('i32.shl'); cx.set(size);
  cx.constI32(MAX_BLOCK); cx.get(size); cx.get(size); cx.constI32(MAX_BLOCK); fn.op('i32.gt_s'); fn.op('select'); cx.set(size);
  cx.br(top);
  cx.close();
  cx.close();
  if (reduce) {
    cx.get(SCRATCH); cx.get(any); fn.op('i32.store', 0);
    cx.get(acc);
  }
}
