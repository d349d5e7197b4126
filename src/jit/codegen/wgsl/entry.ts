// wgsl/entry.ts — the compute entry points: the grid mapping for map kernels and the
// two-pass workgroup tree reduction for reduce kernels.
//
// Map kernels run one invocation per flat grid index, in workgroups of MAP_WORKGROUP;
// the dispatch may be folded into y and z (more than 65 535 workgroups), and the flat
// index is unfolded from global_invocation_id and num_workgroups, then split into the
// 1–3 index variables (row-major, last dimension fastest). Reduce kernels accumulate
// a grid-stride range per invocation, reduce each workgroup in a fixed tree, and a
// single-workgroup `finish` pass combines the partials in a fixed order.

import type { IrKernel, ReduceSpec } from '../../ir/ir.js';
import { InternalError } from '../../diagnostics.js';
import {
  geomName,
  localVar,
  OPAQUE_CONSTANTS,
  randomKey,
  randomKeyInit,
  scalarField,
  scalarLet,
  type KernelCtx,
} from './expr.js';
import { StmtEmitter, zeroOf } from './stmt.js';
import { wgslType, type WgslScalar } from './types.js';
import { Writer } from './writer.js';

/** Invocations per workgroup of a map kernel. */
export const MAP_WORKGROUP = 256;
/** Invocations per workgroup of both reduce passes. */
export const REDUCE_WORKGROUP = 256;
/** The most partials the first reduce pass produces (one per workgroup). */
export const MAX_PARTIALS = 1024;

/** `let p0 = …;` lines that split the u32 `flat` into the grid indices. */
function unflatten(ir: IrKernel, w: Writer): string[] {
  const rank = ir.indexNames.length;
  if (rank === 1) return ['i32(flat)'];
  if (rank === 2) {
    w.line('let p1 = flat % U.g1;');
    w.line('let p0 = flat / U.g1;');
    return ['i32(p0)', 'i32(p1)'];
  }
  if (rank === 3) {
    w.line('let p2 = flat % U.g2;');
    w.line('let rest = flat / U.g2;');
    w.line('let p1 = rest % U.g1;');
    w.line('let p0 = rest / U.g1;');
    return ['i32(p0)', 'i32(p1)', 'i32(p2)'];
  }
  throw new InternalError(`grid rank ${rank} is not 1, 2 or 3`);
}

/**
 * The kernel body for one grid index, written into `bodyW`: the index lets (from the
 * WGSL expressions `indexValues`), local arrays, the scalars read once from the uniform,
 * in `main` the random keys, then the statements. Returns the scalars whose random key
 * the body reads (see KernelCtx.randomKeys): the reduce entry computes them.
 */
function emitBodyLines(
  ctx: KernelCtx,
  ir: IrKernel,
  bodyW: Writer,
  indexValues: readonly string[],
  resultType: WgslScalar | null,
): number[] {
  // Grid indices are never assigned (lowering copies an assigned index into a fresh
  // local), so in main they are `let`s. In the reduce body function a `var` measured
  // faster on SwiftShader (Monte Carlo π 1.03 against 0.86 of hand-written), so it stays.
  const binding = resultType ? 'var' : 'let';
  ir.indexNames.forEach((name, i) => {
    ctx.localTypes.set(name, 'i32');
    bodyW.line(`${binding} ${localVar(name)}: i32 = ${indexValues[i]};`);
  });
  ir.localArrays.forEach((la, i) => {
    if (la.scope === 'workgroup') return; // module-scope var<workgroup> (wgsl.ts)
    const t = la.dtype === 'f32' ? 'f32' : la.dtype === 'u32' ? 'u32' : 'i32';
    const length = Math.max(la.length, 1);
    bodyW.line(`var la${i}: array<${t}, ${length}>;`);
    // An f32 array starts from a zero hidden from folding, like the literals (expr.ts
    // opaqueLiteral): from WGSL's implicit zero the device folded `x * t[1]` to 0 for x = NaN.
    // (Integer arrays need not: an element converted to f32 is hidden there, mayBeConstant.)
    if (t === 'f32' && !ir.fastMath) {
      const zero = 'bitcast<f32>(U.zero)';
      if (length <= 16)
        bodyW.line(`la${i} = array<f32, ${length}>(${Array(length).fill(zero).join(', ')});`);
      else
        bodyW.line(
          `for (var nb_z: u32 = 0u; nb_z < ${length}u; nb_z++) { la${i}[nb_z] = ${zero}; }`,
        );
    }
  });
  const emitter = new StmtEmitter(
    ctx,
    resultType ? { kind: 'value', t: resultType, contributes: 'nb_contributes' } : { kind: 'void' },
  );
  ctx.scalarLets = new Set();
  ctx.randomKeys = new Set();
  const statementsW = bodyW.sibling();
  emitter.emitAll(ir.body, statementsW);
  for (const i of [...ctx.scalarLets].sort((a, b) => a - b))
    bodyW.line(`let ${scalarLet(i)} = U.${scalarField(i)};`);
  const keys = [...ctx.randomKeys].sort((a, b) => a - b);
  if (!resultType)
    for (const i of keys) bodyW.line(`let ${randomKey(i)} = ${randomKeyInit(ctx, i)};`);
  ctx.scalarLets = null;
  ctx.randomKeys = null;
  bodyW.append(statementsW);
  const last = ir.body[ir.body.length - 1];
  if (resultType && last?.k !== 'return') {
    // Falling off the end contributes nothing, as a bare `return` does.
    bodyW.line('nb_contributes = false;');
    bodyW.line(`return ${zeroOf(resultType)};`);
  }
  return keys;
}

/**
 * The body function of a reduce kernel: one grid index's contribution, and the random
 * keys it reads (private variables that `main` sets once, before its grid-stride loop).
 */
export function emitBodyFunction(
  ctx: KernelCtx,
  ir: IrKernel,
): { code: string; randomKeys: number[] } {
  if (!ir.reduce)
    throw new InternalError(
      'only reduce kernels have a body function; map kernels inline the body into main',
    );
  const w = new Writer(0);
  const params = ir.indexNames.map((_, i) => `p${i}: i32`).join(', ');
  const resultType = wgslType(ir.reduce.t);
  w.line(`fn nb_body(${params}) -> ${resultType} {`);
  const bodyW = w.nested();
  const randomKeys = emitBodyLines(
    ctx,
    ir,
    bodyW,
    ir.indexNames.map((_, i) => `p${i}`),
    resultType,
  );
  w.append(bodyW);
  w.line('}');
  return { code: w.toString(), randomKeys };
}

/**
 * The map entry point `main`, with the body inlined: a body's `return` ends this
 * invocation, which is exactly what it means for a grid index (and Subzero does not
 * inline calls).
 */
export function emitMapEntry(ctx: KernelCtx, ir: IrKernel): string {
  const w = new Writer(0);
  w.line(`@compute @workgroup_size(${MAP_WORKGROUP})`);
  w.line(
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
  );
  w.line(`  ${OPAQUE_CONSTANTS}`);
  const inner = w.nested();
  inner.line(`let flat = gid.x + (gid.y + gid.z * nwg.y) * nwg.x * ${MAP_WORKGROUP}u;`);
  inner.line('if (flat >= U.total) { return; }');
  const args = unflatten(ir, inner);
  emitBodyLines(ctx, ir, inner, args, null);
  w.append(inner);
  w.line('}');
  return w.toString();
}

/**
 * The entry point of a cooperative kernel: one WebGPU workgroup per numbat workgroup, of
 * the option's size (linearised, the last axis fastest, as localId). The workgroups are
 * dispatched flat (folded into y and z past 65 535) and unfolded row-major over the group
 * counts the host writes into U.g0…g2; U.total is their product. Leaving a workgroup the
 * dispatch has beyond them is uniform (workgroup_id is), so barriers stay valid. The grid
 * was rounded up to whole workgroups: every invocation runs, and the kernel guards its
 * own accesses.
 */
export function emitWorkgroupEntry(ctx: KernelCtx, ir: IrKernel, size: readonly number[]): string {
  const invocations = size.reduce((a, b) => a * b, 1);
  const w = new Writer(0);
  w.line(`@compute @workgroup_size(${invocations})`);
  w.line(
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lidx: u32, @builtin(num_workgroups) nwg: vec3<u32>) {',
  );
  w.line(`  ${OPAQUE_CONSTANTS}`);
  const inner = w.nested();
  inner.line('let group = wid.x + (wid.y + wid.z * nwg.y) * nwg.x;');
  inner.line('if (group >= U.total) { return; }');
  const rank = size.length;
  // Group coordinates, row-major over the group counts; local ones over the size.
  let rest = 'group';
  for (let a = rank - 1; a >= 0; a--) {
    const g = a === 0 ? rest : `(${rest} % U.g${a})`;
    inner.line(`let ${geomName('groupId', a)} = i32(${g});`);
    inner.line(`let ${geomName('groupCount', a)} = i32(U.g${a});`);
    if (a > 0) rest = `(${rest} / U.g${a})`;
  }
  let lrest = 'lidx';
  for (let a = rank - 1; a >= 0; a--) {
    const l = a === 0 ? lrest : `(${lrest} % ${size[a]}u)`;
    inner.line(`let ${geomName('localId', a)} = i32(${l});`);
    if (a > 0) lrest = `(${lrest} / ${size[a]}u)`;
  }
  const indices = size.map(
    (n, a) => `${geomName('groupId', a)} * ${n} + ${geomName('localId', a)}`,
  );
  emitBodyLines(ctx, ir, inner, indices, null);
  w.append(inner);
  w.line('}');
  return w.toString();
}

/** `fn nb_combine(a, b)`: how two partial values of the reduce combine. */
export function emitCombine(ctx: KernelCtx, spec: ReduceSpec): string {
  const t = wgslType(spec.t);
  const w = new Writer(0);
  w.line(`fn nb_combine(a: ${t}, b: ${t}) -> ${t} {`);
  const inner = w.nested();
  switch (spec.kind) {
    case 'sum':
      inner.line(t === 'bool' ? 'return a || b;' : 'return a + b;');
      break;
    case 'prod':
      inner.line(t === 'bool' ? 'return a && b;' : 'return a * b;');
      break;
    case 'min':
    case 'max':
      inner.line(
        t === 'f32' ? `return ${ctx.helpers.use(spec.kind)}(a, b);` : `return ${spec.kind}(a, b);`,
      );
      break;
    case 'custom': {
      ctx.localTypes.set(spec.a, t);
      ctx.localTypes.set(spec.b, t);
      inner.line(`var ${localVar(spec.a)}: ${t} = a;`);
      inner.line(`var ${localVar(spec.b)}: ${t} = b;`);
      new StmtEmitter(ctx, { kind: 'void' }).emitAll(spec.body, inner);
      const resultType = ctx.localTypes.get(spec.result);
      if (!resultType)
        throw new InternalError(`custom reduce result '${spec.result}' is not a local`);
      inner.line(
        `return ${resultType === t ? localVar(spec.result) : `${t}(${localVar(spec.result)})`};`,
      );
      break;
    }
    default: {
      const never: never = spec;
      throw new InternalError(`unknown reduce ${JSON.stringify(never)}`);
    }
  }
  w.append(inner);
  w.line('}');
  return w.toString();
}

/**
 * The identity of the reduce as a WGSL expression, when starting from it gives the same
 * result as the flagged accumulation: sum and prod of any type, min/max of f32 (an empty
 * range then yields what the launch returns for it: ±0, 1, ±Infinity). Null for
 * custom combiners and integer min/max, whose empty result is not a value of the type.
 */
function reduceIdentity(ctx: KernelCtx, spec: ReduceSpec, t: WgslScalar): string | null {
  switch (spec.kind) {
    case 'sum':
      // −0, the identity of IEEE addition (reduceOrder.ts): a sum of −0 values stays −0.
      // (Its bits, so that no literal parser drops the sign, hidden behind U.zero like every
      // float constant: SwiftShader took a bare −0 for +0 where the term came from a branch.)
      return t === 'f32' ? 'bitcast<f32>(0x80000000u ^ U.zero)' : zeroOf(t);
    case 'prod':
      return t === 'f32' ? '1.0f' : t === 'u32' ? '1u' : t === 'i32' ? '1i' : null;
    case 'min':
    case 'max':
      return t === 'f32' ? `${ctx.helpers.use('inf')}(${spec.kind === 'max'})` : null;
    case 'custom':
      return null;
    default: {
      const never: never = spec;
      throw new InternalError(`unknown reduce ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Workgroup storage and the two reduce entry points `main` and `finish`. With an identity
 * (see reduceIdentity) every accumulator starts from it and the tree needs no "has a
 * value" flags; `mayNotContribute` is false when the body always returns a value, so the
 * per-index contribution test is left out.
 */
export function emitReduceEntries(
  ctx: KernelCtx,
  ir: IrKernel,
  t: WgslScalar,
  mayNotContribute: boolean,
  randomKeys: readonly number[],
): string {
  const spec = ir.reduce;
  if (!spec) throw new InternalError('reduce entries for a map kernel');
  const keys = randomKeys.map((i) => ({ name: randomKey(i), init: randomKeyInit(ctx, i) }));
  if (isWideSum(spec, t)) {
    // Integer sums accumulate in 64 bits (a u32 pair), exact as the CPU backends' f64 sums
    // are up to 2^53: a sum of i32 values would otherwise wrap silently at 2^31.
    const widen =
      t === 'i32'
        ? 'vec2<u32>(bitcast<u32>(v), select(0u, 0xffffffffu, v < 0i))'
        : 'vec2<u32>(v, 0u)';
    return (
      WIDE_SUM_HELPERS.replace('WIDEN', widen).replace(/T_VALUE/g, t) +
      '\n\n' +
      emitIdentityReduceEntries(
        ir,
        {
          acc: 'vec2<u32>',
          identity: 'vec2<u32>(0u, 0u)',
          combine: 'nb_add64',
          lift: (v) => `nb_widen(${v})`,
        },
        mayNotContribute,
        keys,
      )
    );
  }
  const identity = reduceIdentity(ctx, spec, t);
  return identity === null
    ? emitFlaggedReduceEntries(ir, t, keys)
    : emitIdentityReduceEntries(
        ir,
        { acc: t, identity, combine: 'nb_combine', lift: (v) => v },
        mayNotContribute,
        keys,
      );
}

/** Whether a reduce is an integer sum, accumulated in 64 bits (see emitReduceEntries). */
export function isWideSum(spec: ReduceSpec, t: WgslScalar): boolean {
  return spec.kind === 'sum' && (t === 'i32' || t === 'u32');
}

const WIDE_SUM_HELPERS = `fn nb_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}

fn nb_widen(v: T_VALUE) -> vec2<u32> { return WIDEN; }`;

/** How the identity reduce entries accumulate: in `acc`, lifting each value with `lift`. */
interface Accumulation {
  readonly acc: string;
  readonly identity: string;
  readonly combine: string;
  readonly lift: (value: string) => string;
}

/** A random key of the body: a private variable `main` sets before its loop. */
interface RandomKey {
  readonly name: string;
  readonly init: string;
}

function declareKeys(w: Writer, keys: readonly RandomKey[]): void {
  for (const k of keys) w.line(`var<private> ${k.name}: u32;`);
}

function setKeys(w: Writer, keys: readonly RandomKey[]): void {
  for (const k of keys) w.line(`  ${k.name} = ${k.init};`);
}

function emitIdentityReduceEntries(
  ir: IrKernel,
  a: Accumulation,
  mayNotContribute: boolean,
  keys: readonly RandomKey[],
): string {
  const n = REDUCE_WORKGROUP;
  const t = a.acc;
  const identity = a.identity;
  const tree = `  workgroupBarrier();
  for (var s = ${n / 2}u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { nb_wv[lid.x] = ${a.combine}(nb_wv[lid.x], nb_wv[lid.x + s]); }
    workgroupBarrier();
  }`;
  const w = new Writer(0);
  const idx = w.nested().nested();
  const args = unflatten(ir, idx);
  w.line(`var<workgroup> nb_wv: array<${t}, ${n}>;`);
  w.line('var<private> nb_contributes: bool;');
  declareKeys(w, keys);
  w.line('');
  w.line(`@compute @workgroup_size(${n})`);
  w.line(
    'fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
  );
  w.line(`  ${OPAQUE_CONSTANTS}`);
  setKeys(w, keys);
  w.line(`  var acc: ${t} = ${identity};`);
  w.line(`  for (var flat = wid.x * ${n}u + lid.x; flat < U.total; flat = flat + nwg.x * ${n}u) {`);
  w.append(idx);
  if (mayNotContribute) {
    w.line('    nb_contributes = true;');
    w.line(`    let v = nb_body(${args.join(', ')});`);
    w.line(`    if (nb_contributes) { acc = ${a.combine}(acc, ${a.lift('v')}); }`);
  } else {
    w.line(`    acc = ${a.combine}(acc, ${a.lift(`nb_body(${args.join(', ')})`)});`);
  }
  w.line('  }');
  w.line('  nb_wv[lid.x] = acc;');
  w.line(tree);
  w.line('  if (lid.x == 0u) { nb_partials[wid.x] = NbPartial(nb_wv[0], 1u); }');
  w.line('}');
  w.line('');
  w.line(`@compute @workgroup_size(${n})`);
  w.line('fn finish(@builtin(local_invocation_id) lid: vec3<u32>) {');
  w.line(`  ${OPAQUE_CONSTANTS}`);
  w.line(`  var acc: ${t} = ${identity};`);
  w.line(
    `  for (var k = lid.x; k < U.partials; k = k + ${n}u) { acc = ${a.combine}(acc, nb_partials[k].value); }`,
  );
  w.line('  nb_wv[lid.x] = acc;');
  w.line(tree);
  w.line('  if (lid.x == 0u) { nb_partials[0] = NbPartial(nb_wv[0], 1u); }');
  w.line('}');
  return w.toString();
}

/** The reduce entries with a "has a value" flag per accumulator (custom, integer min/max). */
function emitFlaggedReduceEntries(ir: IrKernel, t: WgslScalar, keys: readonly RandomKey[]): string {
  const n = REDUCE_WORKGROUP;
  const tree = `  workgroupBarrier();
  for (var s = ${n / 2}u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      let other = lid.x + s;
      if (nb_wh[other] != 0u) {
        if (nb_wh[lid.x] != 0u) { nb_wv[lid.x] = nb_combine(nb_wv[lid.x], nb_wv[other]); }
        else { nb_wv[lid.x] = nb_wv[other]; nb_wh[lid.x] = 1u; }
      }
    }
    workgroupBarrier();
  }`;
  const accumulate = `      if (has) { acc = nb_combine(acc, v); } else { acc = v; has = true; }`;
  const w = new Writer(0);
  const idx = w.nested().nested();
  const args = unflatten(ir, idx);
  w.line(`var<workgroup> nb_wv: array<${t}, ${n}>;`);
  w.line(`var<workgroup> nb_wh: array<u32, ${n}>;`);
  w.line('var<private> nb_contributes: bool;');
  declareKeys(w, keys);
  w.line('');
  w.line(`@compute @workgroup_size(${n})`);
  w.line(
    'fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
  );
  w.line(`  ${OPAQUE_CONSTANTS}`);
  setKeys(w, keys);
  w.line(`  var acc: ${t} = ${zeroOf(t)};`);
  w.line('  var has = false;');
  w.line(`  for (var flat = wid.x * ${n}u + lid.x; flat < U.total; flat = flat + nwg.x * ${n}u) {`);
  w.append(idx);
  w.line('    nb_contributes = true;');
  w.line(`    let v = nb_body(${args.join(', ')});`);
  w.line('    if (nb_contributes) {');
  w.line(accumulate);
  w.line('    }');
  w.line('  }');
  w.line('  nb_wv[lid.x] = acc;');
  w.line('  nb_wh[lid.x] = select(0u, 1u, has);');
  w.line(tree);
  w.line('  if (lid.x == 0u) { nb_partials[wid.x] = NbPartial(nb_wv[0], nb_wh[0]); }');
  w.line('}');
  w.line('');
  w.line(`@compute @workgroup_size(${n})`);
  w.line('fn finish(@builtin(local_invocation_id) lid: vec3<u32>) {');
  w.line(`  ${OPAQUE_CONSTANTS}`);
  w.line(`  var acc: ${t} = ${zeroOf(t)};`);
  w.line('  var has = false;');
  w.line(`  for (var k = lid.x; k < U.partials; k = k + ${n}u) {`);
  w.line('    let p = nb_partials[k];');
  w.line('    if (p.has != 0u) {');
  w.line('      let v = p.value;');
  w.line(accumulate);
  w.line('    }');
  w.line('  }');
  w.line('  nb_wv[lid.x] = acc;');
  w.line('  nb_wh[lid.x] = select(0u, 1u, has);');
  w.line(tree);
  w.line('  if (lid.x == 0u) { nb_partials[0] = NbPartial(nb_wv[0], nb_wh[0]); }');
  w.line('}');
  return w.toString();
}
