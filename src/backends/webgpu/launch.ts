// launch.ts — compiling a WgslProgram into pipelines (cached per device by WGSL text) and
// running one launch: bind, upload, dispatch, read back, report bounds errors.
//
// Every host array the kernel reads or writes is uploaded (a written-only array must
// keep the elements the kernel leaves alone); only written host arrays are read back (an
// ndarray sharing memory with another written one only its own elements, hostViews.ts).
// Device-resident arrays (WebGpuStorage) are bound directly with no copy. Packed arrays
// (past the device's storage-buffer limit, see codegen/wgsl/packing.ts) are placed into a
// pooled pack buffer: host ones written into place, resident ones copied on the device
// ahead of the dispatch. Everything a launch reads back travels in one staging buffer and
// one mapAsync.

import type { LaunchArgs, LaunchBuffer } from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import { InternalError, outOfRangeMessage } from '../../jit/diagnostics.js';
import { isViewBuffer } from '../../jit/sites.js';
import { MAX_PARTIALS, REDUCE_WORKGROUP, type WgslProgram } from '../../jit/codegen/wgsl.js';
import { withErrorScopes, type GpuSession } from './gpu.js';
import { abortReason } from '../eventLoop.js';
import { fromGpuWords, gpuBytes, gpuWordsAt, toGpuWords, WebGpuStorage } from './storage.js';
import { copyViewBack, sharesWrittenMemory } from './hostViews.js';
import { groupLaunch } from '../../jit/passes/phaseSplit.js';

/** The pipelines of one program on one device. */
export interface Pipelines {
  readonly layout: GPUBindGroupLayout;
  readonly main: GPUComputePipeline;
  readonly finish: GPUComputePipeline | null;
}

/** Describes a bounds-check site for the RangeError ("parameter 'x' at file.ts:12"). */
export type DescribeSite = (span: { start: number; end: number }, param: string) => string;

/** The program's pipelines on `s`, created once (asynchronously) per WGSL text. */
export function pipelinesFor(
  s: GpuSession,
  ir: IrKernel,
  program: WgslProgram,
): Promise<Pipelines> {
  let p = s.pipelines.get(program.code) as Promise<Pipelines> | undefined;
  if (!p) {
    p = createPipelines(s, ir, program);
    s.pipelines.set(program.code, p);
    p.catch(() => s.pipelines.delete(program.code));
  }
  return p;
}

function numbered(code: string): string {
  return code
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)} | ${l}`)
    .join('\n');
}

async function createPipelines(
  s: GpuSession,
  ir: IrKernel,
  program: WgslProgram,
): Promise<Pipelines> {
  const { device } = s;
  const module = device.createShaderModule({ code: program.code, label: ir.name });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const lines = program.code.split('\n');
    const detail = errors
      .map(
        (m) =>
          `line ${m.lineNum}:${m.linePos}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`,
      )
      .join('\n');
    throw new InternalError(
      `the WGSL generated for kernel '${ir.name}' failed validation:\n${detail}`,
      numbered(program.code),
    );
  }
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
    ...program.buffers
      .filter((b) => b.packSlot === null)
      .map((b) => ({
        binding: b.binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: {
          type: b.access === 'read' ? ('read-only-storage' as const) : ('storage' as const),
        },
      })),
  ];
  if (program.packBinding !== null)
    entries.push({
      binding: program.packBinding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: 'read-only-storage' },
    });
  for (const binding of [program.errorBinding, program.partialsBinding]) {
    if (binding !== null)
      entries.push({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
  }
  const layout = device.createBindGroupLayout({ entries });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const make = async (entryPoint: string): Promise<GPUComputePipeline> => {
    try {
      return await device.createComputePipelineAsync({
        layout: pipelineLayout,
        compute: { module, entryPoint },
      });
    } catch (e) {
      throw new InternalError(
        `WebGPU rejected the pipeline for kernel '${ir.name}' (${entryPoint}): ${(e as Error).message}`,
        numbered(program.code),
      );
    }
  };
  const main = await make('main');
  const finish = program.partialsBinding !== null ? await make('finish') : null;
  return { layout, main, finish };
}

/** Workgroup counts for `workgroups` workgroups, folded into y and z past 65 535. */
export function foldDispatch(workgroups: number): [number, number, number] {
  const max = 65535;
  if (workgroups <= max) return [Math.max(workgroups, 1), 1, 1];
  const x = max;
  const rest = Math.ceil(workgroups / x);
  const y = Math.min(rest, max);
  const z = Math.ceil(rest / y);
  if (z > max)
    throw new RangeError(
      `numbat webgpu: a grid of ${workgroups} workgroups is too large to dispatch`,
    );
  return [x, y, z];
}

/** The reduce identity, returned for an empty grid or when no index contributed. */
function reduceIdentity(ir: IrKernel): number | undefined {
  switch (ir.reduce?.kind) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'min':
      return Infinity;
    case 'max':
      return -Infinity;
    case 'custom':
    case undefined:
      return undefined;
    default: {
      const never: never = ir.reduce;
      throw new InternalError(`unknown reduce ${JSON.stringify(never)}`);
    }
  }
}

const bufferLength = (b: LaunchBuffer): number =>
  b.kind === 'host' ? b.data.length : b.storage.length;

/**
 * Throws a RangeError, before anything is uploaded, when a binding of this launch would
 * exceed the device's maxStorageBufferBindingSize: an array bound on its own, or the pack
 * that several read-only arrays share (each fits alone, their sum may not).
 */
export function checkBindingSizes(
  ir: IrKernel,
  program: WgslProgram,
  buffers: readonly LaunchBuffer[],
  maxBindingBytes: number,
): void {
  const limit = `this adapter binds at most ${maxBindingBytes} bytes per storage buffer (maxStorageBufferBindingSize)`;
  let packBytes = 0;
  buffers.forEach((b, i) => {
    const bytes = gpuBytes(bufferLength(b));
    if (program.buffers[i]?.packSlot !== null) {
      packBytes += bytes;
      return;
    }
    if (bytes > maxBindingBytes) {
      throw new RangeError(
        `numbat: kernel '${ir.name}': array parameter '${ir.buffers[i]!.name}' takes ${bytes} bytes on the GPU; ${limit}`,
      );
    }
  });
  if (packBytes > maxBindingBytes) {
    const names = program.packed.map((i) => `'${ir.buffers[i]!.name}'`).join(', ');
    throw new RangeError(
      `numbat: kernel '${ir.name}': the read-only arrays ${names}, packed into one binding because the kernel has more arrays than the adapter's storage-buffer limit, take ${packBytes} bytes together; ${limit}`,
    );
  }
}

/** Runs one launch of `program` on `s`. */
export async function launch(
  s: GpuSession,
  ir: IrKernel,
  program: WgslProgram,
  args: LaunchArgs,
  describeSite: DescribeSite | undefined,
): Promise<number | undefined> {
  const { device } = s;
  if (args.total >= 2 ** 32)
    throw new RangeError(
      `numbat webgpu: kernel '${ir.name}': a grid of ${args.total} indices is too large`,
    );
  const isReduce = program.partialsBinding !== null;
  if (args.total === 0) return isReduce ? reduceIdentity(ir) : undefined;
  // A cooperative kernel dispatches its workgroups: U.total and U.g hold their counts.
  const groups = ir.geometry.kind === 'workgroup' ? groupLaunch(ir, args.grid) : null;
  checkBindingSizes(ir, program, args.buffers, device.limits.maxStorageBufferBindingSize);
  const pipelines = await pipelinesFor(s, ir, program);
  const borrowed: GPUBuffer[] = [];
  const borrow = (bytes: number, usage: number): GPUBuffer => {
    const b = s.pool.acquire(bytes, usage);
    borrowed.push(b);
    return b;
  };
  try {
    // Everything up to the submit runs under error scopes: a validation error (say, one
    // buffer bound twice), running out of memory or an internal error rejects the launch
    // with the device's message instead of leaving the outputs silently unchanged.
    const recorded = await withErrorScopes(device, `kernel '${ir.name}': the launch`, () => {
      // Uniforms.
      const u = program.uniform;
      const words = new ArrayBuffer(u.bytes);
      const asU32 = new Uint32Array(words);
      const asI32 = new Int32Array(words);
      const asF32 = new Float32Array(words);
      const partials = isReduce
        ? Math.min(Math.ceil(args.total / REDUCE_WORKGROUP), MAX_PARTIALS)
        : 0;
      asU32[u.total] = groups ? groups.total : args.total;
      u.grid.forEach((w, axis) => {
        asU32[w] = (groups ? groups.grid : args.grid)[axis] ?? 1;
      });
      asU32[u.partials] = partials;
      args.buffers.forEach((b, i) => {
        asU32[u.lengths + i] = bufferLength(b);
      });
      // Each packed array takes max(length, 1) words (an empty one a zero word to clamp to).
      const packOffsets: number[] = [];
      let packWords = 0;
      program.packed.forEach((i, slot) => {
        const length = bufferLength(args.buffers[i]!);
        packOffsets.push(packWords);
        asU32[u.packs + 2 * slot] = packWords;
        asU32[u.packs + 2 * slot + 1] = Math.max(length, 1) - 1;
        packWords += Math.max(length, 1);
      });
      u.scalarTypes.forEach((t, i) => {
        const v = args.scalars[i] ?? 0;
        if (t === 'f32') asF32[u.scalars + i] = v;
        else if (t === 'i32') asI32[u.scalars + i] = v;
        else asU32[u.scalars + i] = typeof v === 'boolean' ? Number(v) : v >>> 0;
      });
      const uniform = borrow(u.bytes, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(uniform, 0, words);

      // Arrays: host arrays are uploaded into pooled buffers, resident ones bound as they are.
      const entries: GPUBindGroupEntry[] = [
        { binding: 0, resource: { buffer: uniform, size: u.bytes } },
      ];
      const encoder = device.createCommandEncoder();
      const pack =
        program.packBinding !== null
          ? borrow(packWords * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST)
          : null;
      if (pack)
        entries.push({
          binding: program.packBinding!,
          resource: { buffer: pack, size: packWords * 4 },
        });
      const readbacks: { index: number; gpu: GPUBuffer; bytes: number; offset: number }[] = [];
      let stagingBytes = 0;
      args.buffers.forEach((b, i) => {
        const meta = ir.buffers[i];
        const binding = program.buffers[i];
        if (!meta || !binding)
          throw new InternalError(
            `launch of '${ir.name}' got ${args.buffers.length} arrays for ${ir.buffers.length} buffers`,
          );
        const bytes = gpuBytes(bufferLength(b));
        if (binding.packSlot !== null) {
          placeInPack(s, encoder, pack!, packOffsets[binding.packSlot]! * 4, b, meta.dtype, ir);
          return;
        }
        let gpu: GPUBuffer;
        if (b.kind === 'host') {
          gpu = borrow(
            bytes,
            GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
          );
          if (b.data.length > 0) {
            const data = toGpuWords(b.data, meta.dtype);
            device.queue.writeBuffer(gpu, 0, data.buffer, data.byteOffset, data.byteLength);
          }
          if (meta.written) {
            readbacks.push({ index: i, gpu, bytes: b.data.length * 4, offset: stagingBytes });
            stagingBytes += b.data.length * 4;
          }
        } else if (b.storage instanceof WebGpuStorage) {
          gpu = b.storage.bufferOn(s);
        } else {
          throw new InternalError(
            `kernel '${ir.name}': array '${meta.name}' lives on backend '${b.storage.backend}' and was not moved to webgpu`,
          );
        }
        entries.push({ binding: binding.binding, resource: { buffer: gpu, size: bytes } });
      });
      let errorOffset = -1;
      if (program.errorBinding !== null) {
        const err = borrow(
          16,
          GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
        );
        device.queue.writeBuffer(err, 0, new Uint32Array(4));
        entries.push({ binding: program.errorBinding, resource: { buffer: err, size: 16 } });
        errorOffset = stagingBytes;
        readbacks.push({ index: -1, gpu: err, bytes: 16, offset: stagingBytes });
        stagingBytes += 16;
      }
      let partialOffset = -1;
      if (program.partialsBinding !== null) {
        const bytes = program.partialBytes;
        const part = borrow(partials * bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
        entries.push({
          binding: program.partialsBinding,
          resource: { buffer: part, size: partials * bytes },
        });
        partialOffset = stagingBytes;
        readbacks.push({ index: -2, gpu: part, bytes, offset: stagingBytes });
        stagingBytes += bytes;
      }

      // Dispatch and copies, one submit.
      const bindGroup = device.createBindGroup({ layout: pipelines.layout, entries });
      const pass = encoder.beginComputePass();
      pass.setBindGroup(0, bindGroup);
      pass.setPipeline(pipelines.main);
      if (isReduce) {
        pass.dispatchWorkgroups(partials);
        pass.setPipeline(pipelines.finish!);
        pass.dispatchWorkgroups(1);
      } else {
        const [x, y, z] = foldDispatch(
          groups ? groups.total : Math.ceil(args.total / program.workgroupSize),
        );
        pass.dispatchWorkgroups(x, y, z);
      }
      pass.end();
      let staging: GPUBuffer | null = null;
      if (stagingBytes > 0) {
        staging = borrow(stagingBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
        for (const r of readbacks)
          if (r.bytes > 0) encoder.copyBufferToBuffer(r.gpu, 0, staging, r.offset, r.bytes);
      }
      device.queue.submit([encoder.finish()]);
      return { staging, stagingBytes, readbacks, errorOffset, partialOffset };
    });
    const { staging, stagingBytes, readbacks, errorOffset, partialOffset } = recorded;
    const finished = staging
      ? staging.mapAsync(GPUMapMode.READ, 0, stagingBytes)
      : device.queue.onSubmittedWorkDone();
    if (args.signal && (await abandonedFirst(finished, args.signal))) {
      // WebGPU cannot cancel a submitted dispatch: it completes on the device (NDArrays it
      // writes get its results); host arrays are not copied back. Its buffers go back to
      // the pool once the device is done with them.
      const lent = borrowed.splice(0);
      void finished
        .then(
          () => staging?.unmap(),
          () => undefined,
        )
        .finally(() => {
          for (const b of lent) s.pool.release(b);
        });
      throw abortReason(args.signal);
    }
    await finished;
    if (!staging) return undefined;
    const result = staging.getMappedRange(0, stagingBytes).slice(0);
    staging.unmap();

    if (errorOffset >= 0) {
      const err = new Uint32Array(result, errorOffset, 4);
      if (err[0] !== 0)
        throw boundsError(ir, program, args, err[0]! - 1, err[1]! | 0, describeSite);
    }
    for (const r of readbacks) {
      if (r.index < 0) continue;
      const b = args.buffers[r.index];
      if (b?.kind !== 'host') continue;
      const dtype = ir.buffers[r.index]!.dtype;
      // An ndarray sharing memory with another written array copies back only its own elements.
      if (b.view && sharesWrittenMemory(ir, args.buffers, r.index))
        copyViewBack(gpuWordsAt(result, r.offset / 4, dtype, b.data.length), b.data, b.view);
      else fromGpuWords(result, r.offset / 4, dtype, b.data);
    }
    if (partialOffset >= 0) {
      const has = new Uint32Array(result, partialOffset + program.partialHasOffset, 1)[0];
      if (!has) return reduceIdentity(ir);
      switch (program.partialValue) {
        case 'f32':
          return new Float32Array(result, partialOffset, 1)[0];
        case 'i32':
          return new Int32Array(result, partialOffset, 1)[0];
        case 'u32':
          return new Uint32Array(result, partialOffset, 1)[0];
        case 'i64':
        case 'u64': {
          // (low, high) words of a 64-bit integer sum: exact as a JS number up to 2^53.
          const words = new Uint32Array(result, partialOffset, 2);
          const high = program.partialValue === 'i64' ? words[1]! | 0 : words[1]!;
          return high * 4294967296 + words[0]!;
        }
        case null:
          throw new InternalError('a reduce program without a partial type');
        default: {
          const never: never = program.partialValue;
          throw new InternalError(`unknown partial type ${String(never)}`);
        }
      }
    }
    return undefined;
  } finally {
    for (const b of borrowed) s.pool.release(b);
  }
}

/** Whether `signal` aborts before `work` settles. */
function abandonedFirst(work: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(true);
    signal.addEventListener('abort', onAbort, { once: true });
    work
      .then(
        () => resolve(false),
        () => resolve(false),
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Puts one packed array at byte `offset` of `pack`: host data written, resident data copied on the device. */
function placeInPack(
  s: GpuSession,
  encoder: GPUCommandEncoder,
  pack: GPUBuffer,
  offset: number,
  b: LaunchBuffer,
  dtype: IrKernel['buffers'][number]['dtype'],
  ir: IrKernel,
): void {
  const length = bufferLength(b);
  if (length === 0) {
    s.device.queue.writeBuffer(pack, offset, new Uint32Array(1));
  } else if (b.kind === 'host') {
    const data = toGpuWords(b.data, dtype);
    s.device.queue.writeBuffer(pack, offset, data.buffer, data.byteOffset, data.byteLength);
  } else if (b.storage instanceof WebGpuStorage) {
    encoder.copyBufferToBuffer(b.storage.bufferOn(s), 0, pack, offset, length * 4);
  } else {
    throw new InternalError(
      `kernel '${ir.name}': an array lives on backend '${b.storage.backend}' and was not moved to webgpu`,
    );
  }
}

function boundsError(
  ir: IrKernel,
  program: WgslProgram,
  args: LaunchArgs,
  siteId: number,
  index: number,
  describeSite: DescribeSite | undefined,
): RangeError {
  const site = program.sites[siteId];
  if (!site)
    return new RangeError(
      `numbat: kernel '${ir.name}': an index was out of range (unknown site ${siteId})`,
    );
  const length =
    site.arr.kind === 'buffer'
      ? bufferLength(args.buffers[site.arr.index]!)
      : (ir.localArrays[site.arr.index]?.length ?? 0);
  const where =
    describeSite?.(site.span, site.name) ?? `parameter '${site.name}' of kernel '${ir.name}'`;
  const view = site.arr.kind === 'buffer' && isViewBuffer(ir, site.arr.index);
  return new RangeError(outOfRangeMessage(index, length, where, view));
}
