// opcodes.ts — the WebAssembly instructions numbat emits: name → encoding and immediates.
//
// Covers the MVP core, the saturating conversions (0xFC prefix), SIMD128 (0xFD prefix,
// LEB128 sub-opcode) and the threads proposal's atomics (0xFE prefix). Names follow the
// text format so listings read like `wat`.

/** The immediate operands an instruction carries, in order. */
export type Immediate =
  | 'blocktype' // block/loop/if result type (0x40 = none, or a value type)
  | 'label' // branch depth (u32)
  | 'func' // function index (u32)
  | 'local' // local index (u32)
  | 'i32' // signed LEB128
  | 'i64' // signed LEB128
  | 'f32' // 4 bytes little-endian
  | 'f64' // 8 bytes little-endian
  | 'memarg' // align (log2), offset
  | 'lane' // one lane-index byte
  | 'v128' // 16 bytes
  | 'shuffle' // 16 lane-index bytes
  | 'zero'; // a reserved 0x00 byte (atomic.fence)

/** One instruction's encoding. */
export interface OpInfo {
  /** The prefix byte (0xFC, 0xFD, 0xFE) or null for single-byte opcodes. */
  readonly prefix: number | null;
  /** The opcode (after the prefix, LEB128-encoded when prefixed). */
  readonly code: number;
  readonly imm: readonly Immediate[];
  /** Natural alignment (log2 bytes) for memory instructions. */
  readonly align?: number;
}

const table = new Map<string, OpInfo>();

function def(
  prefix: number | null,
  code: number,
  name: string,
  imm: readonly Immediate[] = [],
  align?: number,
): void {
  table.set(name, align === undefined ? { prefix, code, imm } : { prefix, code, imm, align });
}

// ---- control and variables ----
def(null, 0x00, 'unreachable');
def(null, 0x01, 'nop');
def(null, 0x02, 'block', ['blocktype']);
def(null, 0x03, 'loop', ['blocktype']);
def(null, 0x04, 'if', ['blocktype']);
def(null, 0x05, 'else');
def(null, 0x0b, 'end');
def(null, 0x0c, 'br', ['label']);
def(null, 0x0d, 'br_if', ['label']);
def(null, 0x0f, 'return');
def(null, 0x10, 'call', ['func']);
def(null, 0x1a, 'drop');
def(null, 0x1b, 'select');
def(null, 0x20, 'local.get', ['local']);
def(null, 0x21, 'local.set', ['local']);
def(null, 0x22, 'local.tee', ['local']);

// ---- memory ----
def(null, 0x28, 'i32.load', ['memarg'], 2);
def(null, 0x29, 'i64.load', ['memarg'], 3);
def(null, 0x2a, 'f32.load', ['memarg'], 2);
def(null, 0x2b, 'f64.load', ['memarg'], 3);
def(null, 0x2c, 'i32.load8_s', ['memarg'], 0);
def(null, 0x2d, 'i32.load8_u', ['memarg'], 0);
def(null, 0x2e, 'i32.load16_s', ['memarg'], 1);
def(null, 0x2f, 'i32.load16_u', ['memarg'], 1);
def(null, 0x36, 'i32.store', ['memarg'], 2);
def(null, 0x37, 'i64.store', ['memarg'], 3);
def(null, 0x38, 'f32.store', ['memarg'], 2);
def(null, 0x39, 'f64.store', ['memarg'], 3);
def(null, 0x3a, 'i32.store8', ['memarg'], 0);
def(null, 0x3b, 'i32.store16', ['memarg'], 1);

// ---- constants ----
def(null, 0x41, 'i32.const', ['i32']);
def(null, 0x42, 'i64.const', ['i64']);
def(null, 0x43, 'f32.const', ['f32']);
def(null, 0x44, 'f64.const', ['f64']);

// ---- numeric ----
const i32Cmp = ['eqz', 'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
i32Cmp.forEach((n, k) => def(null, 0x45 + k, `i32.${n}`));
i32Cmp.forEach((n, k) => def(null, 0x50 + k, `i64.${n}`));
const fCmp = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
fCmp.forEach((n, k) => def(null, 0x5b + k, `f32.${n}`));
fCmp.forEach((n, k) => def(null, 0x61 + k, `f64.${n}`));
const intArith = [
  'clz',
  'ctz',
  'popcnt',
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
];
intArith.forEach((n, k) => def(null, 0x67 + k, `i32.${n}`));
intArith.forEach((n, k) => def(null, 0x79 + k, `i64.${n}`));
const floatArith = [
  'abs',
  'neg',
  'ceil',
  'floor',
  'trunc',
  'nearest',
  'sqrt',
  'add',
  'sub',
  'mul',
  'div',
  'min',
  'max',
  'copysign',
];
floatArith.forEach((n, k) => def(null, 0x8b + k, `f32.${n}`));
floatArith.forEach((n, k) => def(null, 0x99 + k, `f64.${n}`));
const conversions = [
  'i32.wrap_i64',
  'i32.trunc_f32_s',
  'i32.trunc_f32_u',
  'i32.trunc_f64_s',
  'i32.trunc_f64_u',
  'i64.extend_i32_s',
  'i64.extend_i32_u',
  'i64.trunc_f32_s',
  'i64.trunc_f32_u',
  'i64.trunc_f64_s',
  'i64.trunc_f64_u',
  'f32.convert_i32_s',
  'f32.convert_i32_u',
  'f32.convert_i64_s',
  'f32.convert_i64_u',
  'f32.demote_f64',
  'f64.convert_i32_s',
  'f64.convert_i32_u',
  'f64.convert_i64_s',
  'f64.convert_i64_u',
  'f64.promote_f32',
  'i32.reinterpret_f32',
  'i64.reinterpret_f64',
  'f32.reinterpret_i32',
  'f64.reinterpret_i64',
  'i32.extend8_s',
  'i32.extend16_s',
];
conversions.forEach((n, k) => def(null, 0xa7 + k, n));
[
  'i32.trunc_sat_f32_s',
  'i32.trunc_sat_f32_u',
  'i32.trunc_sat_f64_s',
  'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s',
  'i64.trunc_sat_f32_u',
  'i64.trunc_sat_f64_s',
  'i64.trunc_sat_f64_u',
].forEach((n, k) => def(0xfc, k, n));

// ---- SIMD128 ----
const S = 0xfd;
def(S, 0x00, 'v128.load', ['memarg'], 4);
def(S, 0x03, 'v128.load16x4_s', ['memarg'], 3);
def(S, 0x04, 'v128.load16x4_u', ['memarg'], 3);
def(S, 0x09, 'v128.load32_splat', ['memarg'], 2);
def(S, 0x0a, 'v128.load64_splat', ['memarg'], 3);
def(S, 0x0b, 'v128.store', ['memarg'], 4);
def(S, 0x0c, 'v128.const', ['v128']);
def(S, 0x0d, 'i8x16.shuffle', ['shuffle']);
def(S, 0x0f, 'i8x16.splat');
def(S, 0x11, 'i32x4.splat');
def(S, 0x12, 'i64x2.splat');
def(S, 0x13, 'f32x4.splat');
def(S, 0x14, 'f64x2.splat');
def(S, 0x1b, 'i32x4.extract_lane', ['lane']);
def(S, 0x1c, 'i32x4.replace_lane', ['lane']);
def(S, 0x1d, 'i64x2.extract_lane', ['lane']);
def(S, 0x1e, 'i64x2.replace_lane', ['lane']);
def(S, 0x1f, 'f32x4.extract_lane', ['lane']);
def(S, 0x20, 'f32x4.replace_lane', ['lane']);
def(S, 0x21, 'f64x2.extract_lane', ['lane']);
def(S, 0x22, 'f64x2.replace_lane', ['lane']);
const i32x4Cmp = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
i32x4Cmp.forEach((n, k) => def(S, 0x37 + k, `i32x4.${n}`));
fCmp.forEach((n, k) => def(S, 0x41 + k, `f32x4.${n}`));
fCmp.forEach((n, k) => def(S, 0x47 + k, `f64x2.${n}`));
[
  'v128.not',
  'v128.and',
  'v128.andnot',
  'v128.or',
  'v128.xor',
  'v128.bitselect',
  'v128.any_true',
].forEach((n, k) => def(S, 0x4d + k, n));
def(S, 0x5a, 'v128.store32_lane', ['memarg', 'lane'], 2);
def(S, 0x5b, 'v128.store64_lane', ['memarg', 'lane'], 3);
def(S, 0x5c, 'v128.load32_zero', ['memarg'], 2);
def(S, 0x5e, 'f32x4.demote_f64x2_zero');
def(S, 0x5f, 'f64x2.promote_low_f32x4');
def(S, 0x63, 'i8x16.all_true');
def(S, 0x67, 'f32x4.ceil');
def(S, 0x68, 'f32x4.floor');
def(S, 0x69, 'f32x4.trunc');
def(S, 0x6a, 'f32x4.nearest');
def(S, 0x74, 'f64x2.ceil');
def(S, 0x75, 'f64x2.floor');
def(S, 0x7a, 'f64x2.trunc');
def(S, 0x94, 'f64x2.nearest');
def(S, 0x87, 'i16x8.extend_low_i8x16_s');
def(S, 0x89, 'i16x8.extend_low_i8x16_u');
def(S, 0xa0, 'i32x4.abs');
def(S, 0xa1, 'i32x4.neg');
def(S, 0xa3, 'i32x4.all_true');
def(S, 0xa4, 'i32x4.bitmask');
def(S, 0xa7, 'i32x4.extend_low_i16x8_s');
def(S, 0xa9, 'i32x4.extend_low_i16x8_u');
def(S, 0xab, 'i32x4.shl');
def(S, 0xac, 'i32x4.shr_s');
def(S, 0xad, 'i32x4.shr_u');
def(S, 0xae, 'i32x4.add');
def(S, 0xb1, 'i32x4.sub');
def(S, 0xb5, 'i32x4.mul');
def(S, 0xb6, 'i32x4.min_s');
def(S, 0xb7, 'i32x4.min_u');
def(S, 0xb8, 'i32x4.max_s');
def(S, 0xb9, 'i32x4.max_u');
def(S, 0xc1, 'i64x2.neg');
def(S, 0xc3, 'i64x2.all_true');
def(S, 0xc7, 'i64x2.extend_low_i32x4_s');
def(S, 0xc8, 'i64x2.extend_high_i32x4_s');
def(S, 0xc9, 'i64x2.extend_low_i32x4_u');
def(S, 0xcb, 'i64x2.shl');
def(S, 0xcd, 'i64x2.shr_u');
def(S, 0xce, 'i64x2.add');
def(S, 0xd1, 'i64x2.sub');
def(S, 0xd6, 'i64x2.eq');
def(S, 0xd7, 'i64x2.ne');
const floatVec = [
  'abs',
  'neg',
  '',
  'sqrt',
  'add',
  'sub',
  'mul',
  'div',
  'min',
  'max',
  'pmin',
  'pmax',
];
floatVec.forEach((n, k) => {
  if (n) def(S, 0xe0 + k, `f32x4.${n}`);
});
floatVec.forEach((n, k) => {
  if (n) def(S, 0xec + k, `f64x2.${n}`);
});
[
  'i32x4.trunc_sat_f32x4_s',
  'i32x4.trunc_sat_f32x4_u',
  'f32x4.convert_i32x4_s',
  'f32x4.convert_i32x4_u',
  'i32x4.trunc_sat_f64x2_s_zero',
  'i32x4.trunc_sat_f64x2_u_zero',
  'f64x2.convert_low_i32x4_s',
  'f64x2.convert_low_i32x4_u',
].forEach((n, k) => def(S, 0xf8 + k, n));

// ---- threads (atomics) ----
const A = 0xfe;
def(A, 0x03, 'atomic.fence', ['zero']);
def(A, 0x10, 'i32.atomic.load', ['memarg'], 2);
def(A, 0x11, 'i64.atomic.load', ['memarg'], 3);
def(A, 0x17, 'i32.atomic.store', ['memarg'], 2);
def(A, 0x1e, 'i32.atomic.rmw.add', ['memarg'], 2);
def(A, 0x1f, 'i64.atomic.rmw.add', ['memarg'], 3);
def(A, 0x25, 'i32.atomic.rmw.sub', ['memarg'], 2);
def(A, 0x26, 'i64.atomic.rmw.sub', ['memarg'], 3);
def(A, 0x48, 'i32.atomic.rmw.cmpxchg', ['memarg'], 2);
def(A, 0x49, 'i64.atomic.rmw.cmpxchg', ['memarg'], 3);
def(A, 0x4a, 'i32.atomic.rmw8.cmpxchg_u', ['memarg'], 0);
def(A, 0x4b, 'i32.atomic.rmw16.cmpxchg_u', ['memarg'], 1);

/** The encoding of instruction `name`; throws for an unknown name (a numbat bug). */
export function opInfo(name: string): OpInfo {
  const info = table.get(name);
  if (!info) throw new Error(`numbat internal error: unknown wasm instruction '${name}'`);
  return info;
}

/** Value types as encoded in the binary format. */
export const VALTYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type WasmValType = keyof typeof VALTYPE;
