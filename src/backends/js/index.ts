// js/index.ts — the js backend: generated JavaScript run on the calling thread.
//
// Compiles each signature once with `new Function`; arrays are used where they are (host
// typed arrays, or the host view of CPU-resident storage), so a launch copies nothing.

import type {
  Backend,
  CompiledKernel,
  DeviceStorage,
  LaunchArgs,
  LaunchBuffer,
} from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import { generateJs } from '../../jit/codegen/js.js';
import { instantiateJs } from '../../jit/codegen/jsAbi.js';
import { TYPED_ARRAY, type DType, type TypedArray } from '../../jit/types/dtype.js';
import { codegenOptionsFor } from '../../jit/sites.js';
import { emptyGridResult, foldPartials, reduceChunks } from '../../jit/reduceOrder.js';
import { runSliced, type SliceCost } from '../eventLoop.js';
import { compileForCpu } from '../cooperative.js';

/** Storage for an NDArray resident on the js backend: an ordinary typed array. */
class HostStorage implements DeviceStorage {
  readonly backend = 'js' as const;
  private data: TypedArray | null;
  constructor(
    readonly dtype: DType,
    readonly length: number,
  ) {
    this.data = new TYPED_ARRAY[dtype](length);
  }
  private live(): TypedArray {
    if (!this.data) throw new TypeError('numbat: this array was disposed');
    return this.data;
  }
  async read(): Promise<TypedArray> {
    return this.live().slice();
  }
  async write(src: TypedArray): Promise<void> {
    this.live().set(src);
  }
  free(): void {
    this.data = null;
  }
  hostView(): TypedArray {
    return this.live();
  }
}

/** The typed array behind a launch buffer, for backends that run on host memory. */
export function hostArrayOf(b: LaunchBuffer): TypedArray {
  if (b.kind === 'host') return b.data;
  if (!b.storage.hostView)
    throw new TypeError(`numbat: internal: storage on ${b.storage.backend} has no host view`);
  return b.storage.hostView();
}

let evalAllowed: boolean | undefined;

/**
 * Whether this realm lets numbat generate JavaScript (`new Function`): not under a
 * Content-Security-Policy without 'unsafe-eval'. Synchronous, checked once (the probe, and
 * auto's early choice, which runs before any probe).
 */
export function codeGenerationAllowed(): boolean {
  if (evalAllowed === undefined) {
    try {
      new Function('return 1')();
      evalAllowed = true;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

export const jsBackend: Backend = {
  name: 'js',
  nativeFloat: 'f64',
  async probe() {
    return codeGenerationAllowed()
      ? { name: 'js', available: true, info: { threads: 1 } }
      : {
          name: 'js',
          available: false,
          reason:
            "the Content-Security-Policy forbids 'unsafe-eval', which generated JavaScript needs",
          info: {},
        };
  },
  refuse: () => null,
  compile(ir: IrKernel): Promise<CompiledKernel> {
    return compileForCpu(ir, 'js', compileJs);
  },
  async allocate(dtype: DType, length: number) {
    return new HostStorage(dtype, length);
  },
};

/** Compiles a flat kernel to JavaScript run on the calling thread. */
function compileJs(ir: IrKernel): CompiledKernel {
  const { source } = generateJs(ir, codegenOptionsFor(ir));
  const mod = instantiateJs(source);
  // Runs on the calling thread: a long launch runs in slices and yields (eventLoop.ts).
  const cost: SliceCost = { nsPerItem: undefined };
  const chunkCost: SliceCost = { nsPerItem: undefined };
  return {
    code: source,
    notes: [],
    async run(args: LaunchArgs) {
      const bufs = args.buffers.map(hostArrayOf);
      if (args.total === 0) return emptyGridResult(ir.reduce);
      if (!ir.reduce) {
        // A range of the grid (LaunchArgs.range) runs its indices only.
        const base = args.range ? Math.max(0, Math.min(args.total, args.range.begin)) : 0;
        const end = args.range ? Math.max(base, Math.min(args.total, args.range.end)) : args.total;
        await runSliced(
          end - base,
          (begin, stop) => {
            mod.run(bufs, args.scalars, base + begin, base + stop);
          },
          cost,
          args.signal,
        );
        return undefined;
      }
      // The canonical chunks and fold of reduceOrder.ts, as every CPU backend does.
      const { chunkSize, chunks } = reduceChunks(args.total);
      const partials = new Array<number | undefined>(chunks);
      await runSliced(
        chunks,
        (c) => {
          partials[c] = mod.run(
            bufs,
            args.scalars,
            c * chunkSize,
            Math.min(args.total, (c + 1) * chunkSize),
          );
        },
        chunkCost,
        args.signal,
        true,
      );
      return foldPartials(partials, mod.combine!, mod.identity);
    },
  };
}
