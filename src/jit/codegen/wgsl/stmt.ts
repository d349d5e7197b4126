// wgsl/stmt.ts — IR statements to WGSL statements.
//
// WGSL has no labelled break/continue. Every IR loop and block becomes a WGSL `loop`
// (a block is `loop { …; break; }`); a `break L` / `continue L` that must cross inner
// loops sets a flag variable and breaks outward, and each construct checks the flags
// of outer targets right after it ends. Loop conditions are tested inside the loop so
// their preludes run on every iteration.

import type { Expr, Stmt } from '../../ir/ir.js';
import { InternalError } from '../../diagnostics.js';
import { factsOf } from '../../passes/facts.js';
import { literal, storageType, wgslType, type WgslScalar } from './types.js';
import { bufferVar, emitAs, localArrayVar, localSlot, localVar, type KernelCtx } from './expr.js';
import type { DType } from '../../types/dtype.js';
import type { Writer } from './writer.js';

/** What a `return` in the body means: end this index (map) or yield its contribution. */
export type ReturnMode = { kind: 'void' } | { kind: 'value'; t: WgslScalar; contributes: string };

interface Construct {
  readonly label: string;
  readonly kind: 'loop' | 'block';
  readonly flagId: number;
  breakFlag: boolean;
  continueFlag: boolean;
}

/** Emits IR statements into a writer, tracking the enclosing loops and blocks. */
export class StmtEmitter {
  private readonly stack: Construct[] = [];
  private flagCounter = 0;

  constructor(
    private readonly ctx: KernelCtx,
    private readonly ret: ReturnMode,
  ) {}

  /**
   * Emits a block's statements up to its first jump (`break`, `continue`, `return`): what
   * follows one is unreachable, legal in JavaScript and in WGSL, but Tint warns of it and
   * Dawn prints the warning (the README promises a quiet library).
   */
  emitAll(stmts: readonly Stmt[], w: Writer): void {
    for (const s of stmts) {
      this.emit(s, w);
      if (s.k === 'break' || s.k === 'continue' || s.k === 'return') return;
    }
  }

  emit(s: Stmt, w: Writer): void {
    const ctx = this.ctx;
    switch (s.k) {
      case 'let': {
        const t = wgslType(s.t);
        const init = emitAs(ctx, s.init, t, w);
        ctx.localTypes.set(s.name, t);
        w.line(`var ${localVar(s.name)}: ${t} = ${init};`);
        return;
      }
      case 'assign': {
        const t = ctx.localTypes.get(s.name);
        if (!t) throw new InternalError(`assignment to undeclared local '${s.name}'`);
        w.line(`${localVar(s.name)} = ${emitAs(ctx, s.value, t, w)};`);
        return;
      }
      case 'store': {
        if (s.arr.kind === 'local') {
          const local = ctx.ir.localArrays[s.arr.index];
          if (!local) throw new InternalError(`local array #${s.arr.index} does not exist`);
          // Out of range, the store is dropped (a clamped index would hit the last element).
          const slot = localSlot(ctx, s.arr.index, s.index, s.span, 'store', w);
          const v = storeValue(ctx, s.value, local.dtype, w);
          const element = `${localArrayVar(s.arr.index)}[${slot.at}]`;
          const write = ctx.sharedAtomics.has(s.arr.index)
            ? `atomicStore(&${element}, ${local.dtype === 'f32' ? `bitcast<u32>(${v})` : v});`
            : `${element} = ${v};`;
          w.line(`if ${slot.inRange} { ${write} }`);
          return;
        }
        const buffer = ctx.ir.buffers[s.arr.index];
        if (!buffer) throw new InternalError(`buffer #${s.arr.index} does not exist`);
        const idx = emitAs(ctx, s.index, 'i32', w);
        const v = storeValue(ctx, s.value, buffer.dtype, w);
        if (ctx.ir.boundsCheck || ctx.atomicBuffers.has(s.arr.index)) {
          ctx.accessors.add(`store:${s.arr.index}`);
          let site = 0;
          if (ctx.ir.boundsCheck) {
            ctx.sites.push({ arr: s.arr, name: buffer.name, span: s.span, access: 'store' });
            site = ctx.sites.length - 1;
          }
          w.line(`nb_store_b${s.arr.index}(${idx}, ${v}, ${site}u);`);
        } else {
          // An out-of-range store is dropped, as a typed array drops it (WGSL's robust
          // access would clamp it onto the last element instead).
          const at = /^[A-Za-z_][A-Za-z0-9_]*$/.test(idx) ? idx : ctx.nextTemp();
          if (at !== idx) w.line(`let ${at} = ${idx};`);
          w.line(
            `if (bitcast<u32>(${at}) < U.len${s.arr.index}) { ${bufferVar(s.arr.index)}[${at}] = ${v}; }`,
          );
        }
        return;
      }
      case 'expr': {
        const code = emitAs(ctx, s.e, wgslType(s.e.t), w);
        if (code !== '') w.line(`_ = ${code};`);
        return;
      }
      case 'if': {
        const cond = emitAs(ctx, s.cond, 'bool', w);
        w.line(`if (${cond}) {`);
        const thenW = w.nested();
        this.emitAll(s.then, thenW);
        w.append(thenW);
        if (s.else.length > 0) {
          w.line('} else {');
          const elseW = w.nested();
          this.emitAll(s.else, elseW);
          w.append(elseW);
        }
        w.line('}');
        return;
      }
      case 'loop':
        this.emitLoop(s, w);
        return;
      case 'block':
        this.emitBlock(s.label, s.body, w);
        return;
      case 'break':
        this.emitJump('break', s.label, w);
        return;
      case 'continue':
        this.emitJump('continue', s.label, w);
        return;
      case 'return': {
        if (this.ret.kind === 'void') {
          w.line('return;');
        } else if (s.value) {
          w.line(`return ${emitAs(ctx, s.value, this.ret.t, w)};`);
        } else {
          w.line(`${this.ret.contributes} = false;`);
          w.line(`return ${zeroOf(this.ret.t)};`);
        }
        return;
      }
      case 'barrier':
        // Writes to arrays other invocations read after the barrier must be visible to
        // them: the storage barrier orders global memory (needed only where some array is
        // both written and read), the workgroup barrier shared memory and the meeting.
        if (factsOf(ctx.ir).globalMemoryShared) w.line('storageBarrier();');
        w.line('workgroupBarrier();');
        return;
      default: {
        const never: never = s;
        throw new InternalError(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }

  private emitLoop(s: Extract<Stmt, { k: 'loop' }>, w: Writer): void {
    const c = this.push(s.label, 'loop');
    const bodyW = w.nested();
    if (s.cond) this.emitTest(s.cond, bodyW, 'break');
    this.emitAll(s.body, bodyW);
    const contW = bodyW.nested();
    this.emitAll(s.update, contW);
    if (s.postCond) {
      const test = emitAs(this.ctx, s.postCond, 'bool', contW);
      contW.line(`break if !(${test});`);
    }
    this.pop();
    this.declareFlags(c, w);
    w.line('loop {');
    if (c.continueFlag) w.line(`  ${flagName('continue', c)} = false;`);
    w.append(bodyW);
    if (!contW.empty) {
      w.line('  continuing {');
      w.append(contW);
      w.line('  }');
    }
    w.line('}');
    this.checkOuterFlags(w);
  }

  private emitBlock(label: string, body: readonly Stmt[], w: Writer): void {
    const c = this.push(label, 'block');
    const bodyW = w.nested();
    this.emitAll(body, bodyW);
    // A body that ends in a jump already ends in `break;` (a jump out of this block, or a
    // flag set and a break); a second one is unreachable code, which Tint warns about.
    const last = body[body.length - 1];
    if (last?.k !== 'break' && last?.k !== 'continue') bodyW.line('break;');
    this.pop();
    this.declareFlags(c, w);
    w.line('loop {');
    w.append(bodyW);
    w.line('}');
    this.checkOuterFlags(w);
  }

  /** `if (!(cond)) { break; }` with the condition's preludes before it. */
  private emitTest(cond: Expr, w: Writer, jump: 'break'): void {
    const test = emitAs(this.ctx, cond, 'bool', w);
    w.line(`if (!(${test})) { ${jump}; }`);
  }

  private emitJump(kind: 'break' | 'continue', label: string, w: Writer): void {
    const at = this.findLabel(label);
    const target = this.stack[at]!;
    const innermost = at === this.stack.length - 1;
    if (innermost && (kind === 'break' || target.kind === 'loop')) {
      w.line(`${kind};`);
      return;
    }
    if (kind === 'break') target.breakFlag = true;
    else target.continueFlag = true;
    w.line(`${flagName(kind, target)} = true;`);
    w.line('break;');
  }

  /** After an inner construct ends: follow any flag set inside it toward an outer target. */
  private checkOuterFlags(w: Writer): void {
    for (let i = 0; i < this.stack.length; i++) {
      const target = this.stack[i]!;
      const isParent = i === this.stack.length - 1;
      if (target.breakFlag) w.line(`if (${flagName('break', target)}) { break; }`);
      if (target.continueFlag) {
        w.line(`if (${flagName('continue', target)}) { ${isParent ? 'continue' : 'break'}; }`);
      }
    }
  }

  private declareFlags(c: Construct, w: Writer): void {
    if (c.breakFlag) w.line(`var ${flagName('break', c)} = false;`);
    if (c.continueFlag) w.line(`var ${flagName('continue', c)} = false;`);
  }

  private push(label: string, kind: Construct['kind']): Construct {
    const c: Construct = {
      label,
      kind,
      flagId: this.flagCounter++,
      breakFlag: false,
      continueFlag: false,
    };
    this.stack.push(c);
    return c;
  }

  private pop(): void {
    this.stack.pop();
  }

  private findLabel(label: string): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]!.label === label) return i;
    throw new InternalError(`break/continue to unknown label '${label}'`);
  }
}

function flagName(kind: 'break' | 'continue', c: Construct): string {
  return `nb_${kind === 'break' ? 'brk' : 'cnt'}${c.flagId}`;
}

/** The zero value of a WGSL scalar type. */
export function zeroOf(t: WgslScalar): string {
  switch (t) {
    case 'bool':
      return 'false';
    case 'i32':
      return '0i';
    case 'u32':
      return '0u';
    case 'f32':
      return '0.0f';
    default: {
      const never: never = t;
      throw new InternalError(`unknown WGSL type ${String(never)}`);
    }
  }
}

/** The value to write for a store into an array of `dtype`, with typed-array conversion. */
export function storeValue(ctx: KernelCtx, value: Expr, dtype: DType, w: Writer): string {
  if (value.k === 'const' && dtype !== 'f32' && dtype !== 'f64') {
    // A constant narrows here, not in WGSL: a constant `(c << 16u) >> 16u` whose shift
    // changes the sign is a WGSL shader-creation error.
    const n = value.t === 'bool' ? value.v : value.v | 0;
    const narrowed = {
      i32: n,
      u32: n >>> 0,
      i16: (n << 16) >> 16,
      u16: n & 0xffff,
      i8: (n << 24) >> 24,
      u8: n & 0xff,
    }[dtype];
    return literal(narrowed, storageType(dtype));
  }
  switch (dtype) {
    case 'f32':
    case 'i32':
    case 'u32':
    case 'f64':
      return emitAs(ctx, value, storageType(dtype), w);
    // Sign-extended low bits. Not `(v << 24u) >> 24u`: where v is a constant expression
    // WGSL evaluates the shift at shader creation and refuses one that changes the sign
    // (the fuzzer's `t[k] = Math.clz32(u32(0)) | 2147483647` into an Int8Array).
    case 'i16':
      return `extractBits(${emitAs(ctx, value, 'i32', w)}, 0u, 16u)`;
    case 'i8':
      return `extractBits(${emitAs(ctx, value, 'i32', w)}, 0u, 8u)`;
    case 'u16':
      return `(${emitAs(ctx, value, 'i32', w)} & 0xffffi)`;
    case 'u8':
      return `(${emitAs(ctx, value, 'i32', w)} & 0xffi)`;
    default: {
      const never: never = dtype;
      throw new InternalError(`unknown dtype ${String(never)}`);
    }
  }
}
