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
import { ScalarEmitter, Scope } from './scalar.js';
import { REDUCE_IDENTITY, REDUCE_LANES } from '../../reduceOrder.js';
import { SCRATCH_HAS, SCRATCH_LANES } from './layout.js';

/** Grid indices of the first block of each `run` call. */
export const FIRST_BLOCK = 64;
/** Grid indices of the largest block. */
export const MAX_BLOCK = 16384;

/** The exported `combine(a, b)` of a reduce kernel; returns its function index. */
export function emitCombine(cx: KernelContext, spec: ReduceSpec, t: ConcreteTy): number {
  const vt = scalarValType(t);
  const names = spec.kind === 'custom' ? [spec.a, spec.b] : ['a', 'b'];
  const fn = new FunctionBuilder(
    'combine',
    [
      { name: names[0]!, type: vt },
      { name: names[1]!, type: vt },
    ],
    [vt],
  );
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
 * doubling blocks of [begin, end). For a reduce kernel [begin, end) is one chunk of the
 * canonical plan (reduceOrder.ts): `run` starts the four lane accumulators in scratch
 * (built-in: the identity in f64; custom: no value), the body folds each index into its
 * lane, and `run` returns (lane0 ⊕ lane1) ⊕ (lane2 ⊕ lane3), setting scratch word 0 to
 * whether any lane has a value. `reduce.t` is the partial's type (f64 for built-ins) and
 * `combine` the combine function's index.
 */
export function emitBlockDriver(
  cx: KernelContext,
  body: number,
  reduce: { spec: ReduceSpec; t: ConcreteTy; combine: number } | null,
): void {
  const resultType = reduce ? [scalarValType(reduce.t)] : [];
  const fn = new FunctionBuilder(
    'run',
    [
      { name: 'args', type: 'i32' },
      { name: 'begin', type: 'i32' },
      { name: 'end', type: 'i32' },
      { name: 'scratch', type: 'i32' },
    ],
    resultType,
  );
  cx.startFunction(fn);
  cx.mod.addFunc(fn, 'run');
  const [ARGS, BEGIN, END, SCRATCH] = [0, 1, 2, 3];
  const stop = fn.addLocal('i32', 'stop');
  const size = fn.addLocal('i32', 'block_size');
  if (reduce) {
    fn.comment('reduce lanes: start empty');
    for (let k = 0; k < REDUCE_LANES; k++) {
      cx.get(SCRATCH);
      if (reduce.spec.kind === 'custom') {
        cx.constI32(0);
        fn.op('i32.store', SCRATCH_HAS + 4 * k);
      } else {
        new ScalarEmitter(cx, new Scope()).constant('f64', REDUCE_IDENTITY[reduce.spec.kind]);
        fn.op('f64.store', SCRATCH_LANES + 8 * k);
      }
    }
  }
  fn.comment(
    `blocks of ${FIRST_BLOCK}, doubling to ${MAX_BLOCK} grid indices (lets V8 tier the body up early)`,
  );
  cx.constI32(FIRST_BLOCK);
  cx.set(size);
  const done = cx.label('blocks_done');
  const top = cx.label('blocks');
  cx.open('block', done);
  cx.open('loop', top);
  cx.get(BEGIN);
  cx.get(END);
  fn.op('i32.ge_s');
  cx.brIf(done);
  // stop = end − begin > size ? begin + size : end   (no overflow: both in [0, 2^31))
  cx.get(BEGIN);
  cx.get(size);
  fn.op('i32.add');
  cx.get(END);
  cx.get(END);
  cx.get(BEGIN);
  fn.op('i32.sub');
  cx.get(size);
  fn.op('i32.gt_s');
  fn.op('select');
  cx.set(stop);
  cx.get(ARGS);
  cx.get(BEGIN);
  cx.get(stop);
  cx.get(SCRATCH);
  fn.op('call', body);
  cx.get(stop);
  cx.set(BEGIN);
  // size = min(2·size, MAX_BLOCK)
  cx.get(size);
  cx.constI32(1);
  fn.op('i32.shl');
  cx.set(size);
  cx.constI32(MAX_BLOCK);
  cx.get(size);
  cx.get(size);
  cx.constI32(MAX_BLOCK);
  fn.op('i32.gt_s');
  fn.op('select');
  cx.set(size);
  cx.br(top);
  cx.close();
  cx.close();
  if (reduce) emitLaneCombine(cx, SCRATCH, reduce);
}

/** Pushes the chunk's partial from the four lanes in scratch; sets scratch word 0. */
function emitLaneCombine(
  cx: KernelContext,
  scratch: number,
  reduce: { spec: ReduceSpec; t: ConcreteTy; combine: number },
): void {
  const fn = cx.fn;
  const vt = scalarValType(reduce.t);
  const lane = (k: number): void => {
    cx.get(scratch);
    fn.op(`${vt}.load`, SCRATCH_LANES + 8 * k);
  };
  fn.comment('partial = (lane0 ⊕ lane1) ⊕ (lane2 ⊕ lane3)');
  if (reduce.spec.kind !== 'custom') {
    lane(0);
    lane(1);
    fn.op('call', reduce.combine);
    lane(2);
    lane(3);
    fn.op('call', reduce.combine);
    fn.op('call', reduce.combine);
    cx.get(scratch);
    cx.constI32(1);
    fn.op('i32.store', 0);
    return;
  }
  // Custom: lanes without a value are left out.
  const has = (k: number): void => {
    cx.get(scratch);
    fn.op('i32.load', SCRATCH_HAS + 4 * k);
  };
  const halves = [0, 2].map((a) => {
    const value = fn.addLocal(vt, `half${a}`);
    const hasValue = fn.addLocal('i32', `half${a}_has`);
    // value = has[a] ? (has[b] ? combine(la, lb) : la) : lb
    has(a);
    cx.open('if', cx.label(`lane${a}`), vt);
    has(a + 1);
    cx.open('if', cx.label(`lane${a + 1}`), vt);
    lane(a);
    lane(a + 1);
    fn.op('call', reduce.combine);
    cx.else_();
    lane(a);
    cx.close();
    cx.else_();
    lane(a + 1);
    cx.close();
    cx.set(value);
    has(a);
    has(a + 1);
    fn.op('i32.or');
    cx.set(hasValue);
    return { value, hasValue };
  });
  const [low, high] = halves as [
    { value: number; hasValue: number },
    { value: number; hasValue: number },
  ];
  cx.get(scratch);
  cx.get(low.hasValue);
  cx.get(high.hasValue);
  fn.op('i32.or');
  fn.op('i32.store', 0);
  cx.get(low.hasValue);
  cx.open('if', cx.label('low'), vt);
  cx.get(high.hasValue);
  cx.open('if', cx.label('high'), vt);
  cx.get(low.value);
  cx.get(high.value);
  fn.op('call', reduce.combine);
  cx.else_();
  cx.get(low.value);
  cx.close();
  cx.else_();
  cx.get(high.value);
  cx.close();
}
