// assembler.ts — a minimal WebAssembly binary assembler with a readable text listing.
//
// Owns LEB128 and float encoding, the module sections numbat needs (type, import, function,
// export, code), and FunctionBuilder, which appends instructions by their text-format name
// (see opcodes.ts) while recording a `wat`-like listing line for each, indented by block
// depth. The listing is what `inspect` shows and what golden tests snapshot.

import { opInfo, VALTYPE, type Immediate, type WasmValType } from './opcodes.js';

/** Reused for float encoding (one view for the whole process). */
const FLOAT_SCRATCH = new DataView(new ArrayBuffer(8));

/** A growable byte buffer. */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private size = 0;

  byte(b: number): void {
    if (this.size === this.buffer.length) this.reserve(1);
    this.buffer[this.size++] = b & 0xff;
  }

  /** Drops the bytes from `length` on. */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
  }

  raw(bs: ArrayLike<number>): void {
    this.reserve(bs.length);
    this.buffer.set(bs, this.size);
    this.size += bs.length;
  }

  /** Makes room for `extra` more bytes (capacity doubles). */
  private reserve(extra: number): void {
    if (this.size + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.size + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.size));
    this.buffer = grown;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^32. */
  u32(v: number): void {
    let x = v >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
  }

  /** Signed LEB128 of a 32-bit integer. */
  i32(v: number): void {
    let x = v | 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return;
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  i64(v: bigint): void {
    let x = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return;
    }
  }

  f32(v: number): void {
    FLOAT_SCRATCH.setFloat32(0, v, true);
    for (let i = 0; i < 4; i++) this.byte(FLOAT_SCRATCH.getUint8(i));
  }

  f64(v: number): void {
    FLOAT_SCRATCH.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.byte(FLOAT_SCRATCH.getUint8(i));
  }

  name(s: string): void {
    const utf8 = new TextEncoder().encode(s);
    this.u32(utf8.length);
    this.raw(utf8);
  }

  /** Appends another writer's bytes prefixed by their length (a section or function body). */
  sized(inner: ByteWriter): void {
    this.u32(inner.length);
    this.raw(inner.buffer.subarray(0, inner.size));
  }

  get length(): number {
    return this.size;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.size);
  }
}

/** Block result type: none, or a single value type. */
export type BlockType = 'void' | WasmValType;

/** An immediate value as passed to `FunctionBuilder.op`. */
export type ImmValue = number | bigint | readonly number[];

/** Builds one function body and its listing. */
export class FunctionBuilder {
  readonly code = new ByteWriter();
  /** Listing lines: comments as text, instructions as recorded (formatted lazily). */
  readonly listing: Array<string | ListedOp> = [];
  private readonly localTypes: WasmValType[] = [];
  private readonly localNames: string[] = [];
  /** Every name given so far (the listing's `$names` are unique, so it is valid text format). */
  private readonly usedNames = new Set<string>();
  private depth = 1;
  /** Byte offset where the last instruction starts (for dropLastOp). */
  private lastOpStart = -1;

  constructor(
    readonly name: string,
    readonly params: readonly { name: string; type: WasmValType }[],
    readonly results: readonly WasmValType[],
  ) {
    for (const p of params) this.localNames.push(this.uniqueName(p.name));
  }

  /** `name`, or `name_2`, `name_3` … when a local of that name exists (a helper's `a` inlined twice). */
  private uniqueName(name: string): string {
    let unique = name;
    for (let k = 2; this.usedNames.has(unique); k++) unique = `${name}_${k}`;
    this.usedNames.add(unique);
    return unique;
  }

  /** Declares a new local and returns its index. */
  addLocal(type: WasmValType, name: string): number {
    this.localTypes.push(type);
    const index = this.params.length + this.localTypes.length - 1;
    this.localNames.push(this.uniqueName(name));
    return index;
  }

  /** Number of parameters and locals declared so far. */
  localCount(): number {
    return this.params.length + this.localTypes.length;
  }

  localType(index: number): WasmValType {
    return index < this.params.length
      ? this.params[index]!.type
      : this.localTypes[index - this.params.length]!;
  }

  /** Appends a comment line to the listing (no bytes). */
  comment(text: string): void {
    this.listing.push(`${'  '.repeat(this.depth)};; ${text}`);
  }

  /** Appends instruction `name` with its immediates (memarg: [alignLog2?, offset?]). */
  op(name: string, ...imms: ImmValue[]): void {
    const info = opInfo(name);
    const w = this.code;
    this.lastOpStart = w.length;
    if (info.prefix === null) w.byte(info.code);
    else {
      w.byte(info.prefix);
      w.u32(info.code);
    }
    for (let k = 0; k < info.imm.length; k++)
      encodeImmediate(w, info.imm[k]!, imms[k], info.align ?? 0);
    if (name === 'end' || name === 'else') this.depth--;
    // The text is formatted only when the listing is asked for (see text()).
    this.listing.push({ depth: Math.max(this.depth, 0), name, imms, kinds: info.imm });
    if (name === 'block' || name === 'loop' || name === 'if' || name === 'else') this.depth++;
  }

  /** The instruction appended last, or undefined when a comment or nothing came last. */
  lastOp(): ListedOp | undefined {
    const entry = this.listing[this.listing.length - 1];
    return typeof entry === 'object' && this.lastOpStart >= 0 ? entry : undefined;
  }

  /** Removes the instruction appended last (a peephole rewrite); not a structured one. */
  dropLastOp(): void {
    const last = this.lastOp();
    if (!last || ['block', 'loop', 'if', 'else', 'end'].includes(last.name)) {
      throw new Error('numbat internal error: dropLastOp needs a plain instruction last');
    }
    this.code.truncate(this.lastOpStart);
    this.listing.pop();
    this.lastOpStart = -1;
  }

  /** One instruction's listing line. */
  private formatOp(entry: ListedOp): string {
    const text = entry.kinds
      .map((kind, k) => formatImmediate(kind, entry.imms[k], this.localNames))
      .filter((t) => t !== '')
      .join(' ');
    return `${'  '.repeat(entry.depth)}${entry.name}${text ? ' ' + text : ''}`;
  }

  /** The function body (locals + code + end) as bytes. */
  body(): ByteWriter {
    const out = new ByteWriter();
    // Run-length encode the local declarations.
    const groups: { type: WasmValType; count: number }[] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last.type === t) last.count++;
      else groups.push({ type: t, count: 1 });
    }
    out.u32(groups.length);
    for (const g of groups) {
      out.u32(g.count);
      out.byte(VALTYPE[g.type]);
    }
    out.raw(this.code.finish());
    out.byte(0x0b);
    return out;
  }

  /** `(func $name (param …) (result …) (local …) … )` as text. */
  text(): string {
    const params = this.params.map((p, k) => `(param $${this.localNames[k]} ${p.type})`).join(' ');
    const results = this.results.length ? ` (result ${this.results.join(' ')})` : '';
    const locals = this.localTypes.map(
      (t, k) => `  (local $${this.localNames[this.params.length + k]} ${t})`,
    );
    const lines = this.listing.map((entry) =>
      typeof entry === 'string' ? entry : this.formatOp(entry),
    );
    return [`(func $${this.name} ${params}${results}`, ...locals, ...lines, ')'].join('\n');
  }
}

/** One recorded instruction of a listing. */
export interface ListedOp {
  readonly depth: number;
  readonly name: string;
  readonly imms: readonly ImmValue[];
  readonly kinds: readonly Immediate[];
}

/** Writes one immediate operand. */
function encodeImmediate(
  w: ByteWriter,
  kind: Immediate,
  value: ImmValue | undefined,
  naturalAlign: number,
): void {
  switch (kind) {
    case 'blocktype': {
      const t = (value ?? 'void') as unknown as BlockType;
      w.byte(t === 'void' ? 0x40 : VALTYPE[t]);
      return;
    }
    case 'label':
    case 'func':
    case 'local':
      w.u32(value as number);
      return;
    case 'i32':
      w.i32(value as number);
      return;
    case 'i64':
      w.i64(BigInt(value as number | bigint));
      return;
    case 'f32':
      w.f32(value as number);
      return;
    case 'f64':
      w.f64(value as number);
      return;
    case 'memarg':
      // value: byte offset; alignment is always the instruction's natural alignment.
      w.u32(naturalAlign);
      w.u32((value as number | undefined) ?? 0);
      return;
    case 'lane':
      w.byte(value as number);
      return;
    case 'v128':
    case 'shuffle': {
      const bytes = value as readonly number[];
      if (bytes.length !== 16)
        throw new Error('numbat internal error: v128 immediate needs 16 bytes');
      w.raw(bytes);
      return;
    }
    case 'zero':
      w.byte(0);
      return;
    default: {
      const never: never = kind;
      throw new Error(`unknown immediate ${String(never)}`);
    }
  }
}

/** The text of one immediate operand ('' where the text format omits it). */
function formatImmediate(
  kind: Immediate,
  value: ImmValue | undefined,
  localNames: readonly string[],
): string {
  switch (kind) {
    case 'blocktype': {
      const t = (value ?? 'void') as unknown as BlockType;
      return t === 'void' ? '' : `(result ${t})`;
    }
    case 'label':
    case 'func':
      return String(value);
    case 'local':
      return `$${localNames[value as number] ?? String(value)}`;
    case 'i32':
      return String((value as number) | 0);
    case 'i64':
      return String(value);
    case 'f32':
      return formatFloat(Math.fround(value as number));
    case 'f64':
      return formatFloat(value as number);
    case 'memarg': {
      const offset = (value as number | undefined) ?? 0;
      return offset ? `offset=${offset}` : '';
    }
    case 'lane':
      return String(value);
    case 'v128':
      return `i8x16 ${(value as readonly number[]).join(' ')}`;
    case 'shuffle':
      return (value as readonly number[]).join(' ');
    case 'zero':
      return '';
    default: {
      const never: never = kind;
      throw new Error(`unknown immediate ${String(never)}`);
    }
  }
}

function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** A function imported from the host (`module.name`). */
export interface FuncImport {
  readonly module: string;
  readonly name: string;
  readonly params: readonly WasmValType[];
  readonly results: readonly WasmValType[];
}

/** The imported linear memory. */
export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  readonly minPages: number;
  readonly maxPages: number;
  readonly shared: boolean;
}

/** Assembles a module: imported memory and functions, defined functions, exports. */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly funcImports: FuncImport[] = [];
  private readonly funcs: FunctionBuilder[] = [];
  private readonly exports: { name: string; func: number }[] = [];
  private memory: MemoryImport | undefined;

  /**
   * `moduleName`: the kernel's name, written in the module's name section with each
   * exported function's name, so that a profiler or a stack trace shows `matmul` rather
   * than `wasm-function[3]`. It also keeps two kernels of the same code but different names
   * apart in V8's cache of compiled modules (keyed by the bytes), so that each kernel pays
   * and gets its own tier-up (a bench comparing two runners of one function counts each
   * one's first launches; otherwise whichever compiled second ran the first's optimised code).
   */
  constructor(private readonly moduleName = 'numbat') {}

  importMemory(m: MemoryImport): void {
    this.memory = m;
  }

  /** Imports a function (before any function is defined); returns its function index. */
  importFunc(f: FuncImport): number {
    if (this.funcs.length) throw new Error('numbat internal error: imports must precede functions');
    this.funcImports.push(f);
    return this.funcImports.length - 1;
  }

  /** Index of an already imported function, or undefined. */
  findImport(module: string, name: string): number | undefined {
    const k = this.funcImports.findIndex((f) => f.module === module && f.name === name);
    return k < 0 ? undefined : k;
  }

  /** Number of functions (imported and defined) so far: the index the next one gets. */
  funcCount(): number {
    return this.funcImports.length + this.funcs.length;
  }

  /** Adds a defined function; returns its function index. */
  addFunc(f: FunctionBuilder, exportName?: string): number {
    this.funcs.push(f);
    const index = this.funcImports.length + this.funcs.length - 1;
    if (exportName) this.exports.push({ name: exportName, func: index });
    return index;
  }

  private typeIndex(params: readonly WasmValType[], results: readonly WasmValType[]): number {
    const key = `${params.join(',')}->${results.join(',')}`;
    let k = this.types.indexOf(key);
    if (k < 0) {
      this.types.push(key);
      k = this.types.length - 1;
    }
    return k;
  }

  /** The module's binary encoding. */
  finish(): Uint8Array {
    const importTypes = this.funcImports.map((f) => this.typeIndex(f.params, f.results));
    const funcTypes = this.funcs.map((f) =>
      this.typeIndex(
        f.params.map((p) => p.type),
        f.results,
      ),
    );
    const out = new ByteWriter();
    out.raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (w: ByteWriter) => void): void => {
      const w = new ByteWriter();
      fill(w);
      out.byte(id);
      out.sized(w);
    };
    section(1, (w) => {
      w.u32(this.types.length);
      for (const key of this.types) {
        const [ps, rs] = key.split('->') as [string, string];
        const params = ps ? (ps.split(',') as WasmValType[]) : [];
        const results = rs ? (rs.split(',') as WasmValType[]) : [];
        w.byte(0x60);
        w.u32(params.length);
        for (const p of params) w.byte(VALTYPE[p]);
        w.u32(results.length);
        for (const r of results) w.byte(VALTYPE[r]);
      }
    });
    section(2, (w) => {
      w.u32(this.funcImports.length + (this.memory ? 1 : 0));
      if (this.memory) {
        const m = this.memory;
        w.name(m.module);
        w.name(m.name);
        w.byte(0x02);
        w.byte(m.shared ? 0x03 : 0x01);
        w.u32(m.minPages);
        w.u32(m.maxPages);
      }
      this.funcImports.forEach((f, k) => {
        w.name(f.module);
        w.name(f.name);
        w.byte(0x00);
        w.u32(importTypes[k]!);
      });
    });
    section(3, (w) => {
      w.u32(this.funcs.length);
      for (const t of funcTypes) w.u32(t);
    });
    section(7, (w) => {
      w.u32(this.exports.length);
      for (const e of this.exports) {
        w.name(e.name);
        w.byte(0x00);
        w.u32(e.func);
      }
    });
    section(10, (w) => {
      w.u32(this.funcs.length);
      for (const f of this.funcs) w.sized(f.body());
    });
    // The name section (a custom section, id 0): the module's name, then the defined
    // functions' names (exported ones by their export, the rest as <module>.f<index>).
    section(0, (w) => {
      w.name('name');
      const sub = (id: number, fill: (s: ByteWriter) => void): void => {
        const s = new ByteWriter();
        fill(s);
        w.byte(id);
        w.sized(s);
      };
      sub(0, (s) => s.name(this.moduleName));
      sub(1, (s) => {
        s.u32(this.funcs.length);
        this.funcs.forEach((_, k) => {
          const index = this.funcImports.length + k;
          s.u32(index);
          const exported = this.exports.find((e) => e.func === index);
          s.name(exported ? `${this.moduleName}.${exported.name}` : `${this.moduleName}.f${index}`);
        });
      });
    });
    return out.finish();
  }

  /** The whole module as a readable listing. */
  text(): string {
    const lines = ['(module'];
    if (this.memory) {
      const m = this.memory;
      lines.push(
        `  (import "${m.module}" "${m.name}" (memory ${m.minPages} ${m.maxPages}${m.shared ? ' shared' : ''}))`,
      );
    }
    this.funcImports.forEach((f) => {
      const ps = f.params.length ? ` (param ${f.params.join(' ')})` : '';
      const rs = f.results.length ? ` (result ${f.results.join(' ')})` : '';
      // Named for the reader (a call names it by its index); `(func 0 …)` was not text format.
      lines.push(`  (import "${f.module}" "${f.name}" (func $${f.module}_${f.name}${ps}${rs}))`);
    });
    for (const f of this.funcs) {
      const exported = this.exports.find(
        (e) => e.func === this.funcImports.length + this.funcs.indexOf(f),
      );
      if (exported) lines.push(`  (export "${exported.name}" (func $${f.name}))`);
      lines.push(
        f
          .text()
          .split('\n')
          .map((l) => '  ' + l)
          .join('\n'),
      );
    }
    lines.push(')');
    return lines.join('\n');
  }
}
