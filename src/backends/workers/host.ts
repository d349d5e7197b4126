// host.ts — the environment-specific half of the worker pool: starting threads, sending
// them kernel code, waiting for a job to finish and collecting the errors they report.
//
// Node (worker_threads): `cores` workers started from WORKER_SOURCE with `eval: true`,
// each `unref()`ed so a script that used the pool exits on its own; each worker gets a
// private MessageChannel so both sides can read messages synchronously with
// `receiveMessageOnPort` (a worker parked in Atomics.wait cannot run its event loop).
//
// Browser (Web Workers): `cores` workers started from a Blob URL of the same source, which
// acknowledge a kernel's code before the first job that runs it.
//
// In both, the main thread runs no chunk of a parallel job and never blocks: it awaits
// `Atomics.waitAsync` while the workers run, so timers, I/O and a page's rendering go on
// during a long launch, and a launch can be abandoned (a runaway chunk in a worker is
// stopped by terminating the workers; one on the main thread could not be).

import { DONE } from './control.js';
import { WORKER_SOURCE } from './workerSource.js';
import { isNodeLike, nodeBuiltin } from '../../runtime/nodeOrBrowser.js';

/** `Atomics.waitAsync` (ES2024; typed here because the project's lib is ES2023). */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: boolean; value: Promise<string> | string };
const atomicsWaitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** What a worker reports when a chunk throws. */
export interface WorkerErrorReport {
  readonly tag: number;
  readonly chunk: number;
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

/** A wasm kernel as the threads receive it: the compiled module and its bounds-check sites. */
export interface WasmKernelCode {
  readonly wasm: WebAssembly.Module;
  /** Per bounds-check site id, the text the RangeError names ("'x' at line 3"). */
  readonly sites: readonly string[];
  /** Per site, whether its array is a view (an AXIS_FAULT index names an axis: diagnostics.ts). */
  readonly views: readonly boolean[];
}

/** A kernel's code as the threads receive it: generated JS source, or a wasm module. */
export type KernelCode = string | WasmKernelCode;

/** What every thread receives when it starts. */
export interface ThreadInit {
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  /** Kernels registered before the start: [id, source]. */
  readonly kernels: ReadonlyArray<readonly [number, KernelCode]>;
}

/** The environment-specific operations the pool needs. */
export interface ThreadHost {
  /** Worker threads started (the main thread not included). */
  readonly workers: number;
  /** Sends a kernel's source to every worker; the promise (if any) resolves when they have it. */
  sendKernel(id: number, source: KernelCode): Promise<void> | undefined;
  /** Resolves once DONE has reached `chunks`, or once `abandoned` resolves. */
  waitDone(control: Int32Array, chunks: number, abandoned?: Promise<void>): Promise<void>;
  /** The error reports workers sent for job `tag` (waiting for them where delivery is async). */
  collectErrors(tag: number): Promise<WorkerErrorReport[]> | WorkerErrorReport[];
  /** Stops every worker. */
  terminate(): Promise<void>;
}

/** Threads the pool uses here (one worker per hardware thread). */
export async function hardwareThreads(): Promise<number> {
  if (isNodeLike()) {
    const os = nodeBuiltin<typeof import('node:os')>('node:os') ?? (await import('node:os'));
    return Math.max(
      1,
      typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    );
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/**
 * Why generated JavaScript cannot be evaluated here (a CSP without 'unsafe-eval'), or null.
 * The workers backend needs it; threads that only run wasm kernels do not.
 */
export function jsEvalUnavailableReason(): string | null {
  try {
    new Function('return 1')();
    return null;
  } catch {
    return "the Content-Security-Policy forbids 'unsafe-eval', which the generated JavaScript the worker threads run needs";
  }
}

/** Why worker threads cannot run here, or null when they can. */
export async function threadsUnavailableReason(): Promise<string | null> {
  if (typeof SharedArrayBuffer !== 'function') {
    return isNodeLike()
      ? 'SharedArrayBuffer is unavailable in this runtime'
      : 'SharedArrayBuffer is unavailable: the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (typeof Atomics !== 'object') return 'Atomics is unavailable in this runtime';
  if (isNodeLike()) {
    try {
      const wt =
        nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads') ??
        (await import('node:worker_threads'));
      if (typeof wt.Worker !== 'function') return 'node:worker_threads has no Worker';
    } catch (error) {
      return `node:worker_threads cannot be loaded: ${String(error)}`;
    }
    return null;
  }
  if (typeof Worker !== 'function') return 'Web Workers are unavailable here';
  if (typeof atomicsWaitAsync !== 'function')
    return 'Atomics.waitAsync is unavailable in this browser';
  return null;
}

/** Starts the threads for this environment. `threads` counts every thread that runs chunks. */
export async function startHost(init: ThreadInit, threads: number): Promise<ThreadHost> {
  return isNodeLike() ? startNodeHost(init, threads) : startBrowserHost(init, threads);
}

/**
 * Resolves once DONE reaches `chunks`, without blocking the main thread: a short spin
 * (a small job is often done already), then `Atomics.waitAsync`. `abandoned` ends the wait
 * early (an aborted launch whose chunks may never finish).
 */
async function waitDoneAsync(
  control: Int32Array,
  chunks: number,
  abandoned?: Promise<void>,
): Promise<void> {
  for (let spin = 0; spin < 200; spin++) {
    if (Atomics.load(control, DONE) >= chunks) return;
  }
  let gaveUp = false;
  void abandoned?.then(() => {
    gaveUp = true;
  });
  // A pending waitAsync does not keep Node's event loop alive (the workers are unref'd so
  // that an idle pool lets the process exit): hold a timer while the job runs.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= chunks || gaveUp) return;
      const waited = atomicsWaitAsync!(control, DONE, done, 50);
      if (waited.async) await (abandoned ? Promise.race([waited.value, abandoned]) : waited.value);
    }
  } finally {
    clearInterval(keepAlive);
  }
}

async function startNodeHost(init: ThreadInit, threads: number): Promise<ThreadHost> {
  const wt =
    nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads') ??
    (await import('node:worker_threads'));
  const workerCount = Math.max(1, threads);
  const workers: import('node:worker_threads').Worker[] = [];
  const ports: import('node:worker_threads').MessagePort[] = [];
  for (let i = 0; i < workerCount; i++) {
    const channel = new wt.MessageChannel();
    const worker = new wt.Worker(WORKER_SOURCE, {
      eval: true,
      // Workers are threads 0 … threads − 1 (their wasm scratch slots).
      workerData: {
        memory: init.memory,
        control: init.control,
        kernels: init.kernels,
        port: channel.port2,
        threadIndex: i,
      },
      transferList: [channel.port2],
      name: `numbat-worker-${i}`,
    });
    // A crashed worker must not take the process down; the launch that needed it reports
    // the chunk's error instead (chunks catch everything they run).
    worker.on('error', () => undefined);
    worker.unref();
    channel.port1.unref();
    workers.push(worker);
    ports.push(channel.port1);
  }
  return {
    workers: workerCount,
    sendKernel(id, source) {
      for (const port of ports) port.postMessage({ kind: 'kernel', id, source });
      return undefined;
    },
    waitDone: waitDoneAsync,
    collectErrors(tag) {
      const reports: WorkerErrorReport[] = [];
      for (const port of ports) {
        for (;;) {
          const received = wt.receiveMessageOnPort(port);
          if (!received) break;
          const message = received.message as WorkerErrorReport & { kind?: string };
          if (message.kind === 'error' && message.tag === tag) reports.push(message);
        }
      }
      return reports;
    },
    async terminate() {
      await Promise.all(workers.map((worker) => worker.terminate()));
      for (const port of ports) port.close();
    },
  };
}

async function startBrowserHost(init: ThreadInit, threads: number): Promise<ThreadHost> {
  const workerCount = Math.max(1, threads);
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const workers: Worker[] = [];
  const reports: WorkerErrorReport[] = [];
  const acks = new Map<number, number>();
  const waiters: Array<() => void> = [];
  const wakeWaiters = (): void => {
    for (const wake of waiters.splice(0)) wake();
  };
  for (let i = 0; i < workerCount; i++) {
    const worker = new Worker(url, { name: `numbat-worker-${i}` });
    worker.onmessage = (event: MessageEvent) => {
      const message = event.data as { kind: string; id?: number } & WorkerErrorReport;
      if (message.kind === 'ack' && message.id !== undefined)
        acks.set(message.id, (acks.get(message.id) ?? 0) + 1);
      if (message.kind === 'error') reports.push(message);
      wakeWaiters();
    };
    worker.postMessage({
      memory: init.memory,
      control: init.control,
      kernels: init.kernels,
      threadIndex: i,
    });
    workers.push(worker);
  }
  const nextMessage = (timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, timeoutMs);
    });
  return {
    workers: workerCount,
    async sendKernel(id, source) {
      for (const worker of workers) worker.postMessage({ kind: 'kernel', id, source });
      while ((acks.get(id) ?? 0) < workerCount) await nextMessage(1000);
    },
    waitDone: waitDoneAsync,
    async collectErrors(tag) {
      // The report is posted before the chunk counts as done, but events arrive on their own.
      const deadline = Date.now() + 2000;
      while (!reports.some((r) => r.tag === tag) && Date.now() < deadline) await nextMessage(100);
      const mine = reports.filter((r) => r.tag === tag);
      reports.length = 0;
      return mine;
    },
    async terminate() {
      for (const worker of workers) worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
