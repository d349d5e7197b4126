// host.ts — the environment-specific half of the worker pool: starting threads, sending
// them kernel code, waiting for a job to finish and collecting the errors they report.
//
// Node (worker_threads): cores − 1 workers started from WORKER_SOURCE with `eval: true`,
// each `unref()`ed so a script that used the pool exits on its own; each worker gets a
// private MessageChannel so both sides can read messages synchronously with
// `receiveMessageOnPort` (a worker parked in Atomics.wait cannot run its event loop, and
// neither can the main thread while it waits for a job). The main thread claims chunks too.
//
// Browser (Web Workers): `cores` workers started from a Blob URL of the same source; the
// main thread never blocks — it awaits `Atomics.waitAsync` — and waits for every worker to
// acknowledge a kernel's code before the first job that runs it.

import { DONE } from './control.js';
import { WORKER_SOURCE } from './workerSource.js';

/** `Atomics.waitAsync` (ES2024; typed here because the project's lib is ES2023). */
type WaitAsync = (array: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
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
  /** Whether the main thread claims chunks itself (Node) or only waits (browser). */
  readonly mainParticipates: boolean;
  /** Sends a kernel's source to every worker; the promise (if any) resolves when they have it. */
  sendKernel(id: number, source: KernelCode): Promise<void> | undefined;
  /** Returns (or resolves) once DONE has reached `chunks`. */
  waitDone(control: Int32Array, chunks: number): Promise<void> | undefined;
  /** The error reports workers sent for job `tag` (waiting for them where delivery is async). */
  collectErrors(tag: number): Promise<WorkerErrorReport[]> | WorkerErrorReport[];
  /** Stops every worker. */
  terminate(): Promise<void>;
}

/** Whether this is Node (or a Node-compatible runtime with worker_threads). */
export function isNodeLike(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/** Threads the pool uses here, the main thread included in Node. */
export async function hardwareThreads(): Promise<number> {
  if (isNodeLike()) {
    const os = await import('node:os');
    return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
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
      const wt = await import('node:worker_threads');
      if (typeof wt.Worker !== 'function') return 'node:worker_threads has no Worker';
    } catch (error) {
      return `node:worker_threads cannot be loaded: ${String(error)}`;
    }
    return null;
  }
  if (typeof Worker !== 'function') return 'Web Workers are unavailable here';
  if (typeof atomicsWaitAsync !== 'function') return 'Atomics.waitAsync is unavailable in this browser';
  return null;
}

/** Starts the threads for this environment. `threads` counts every thread that runs chunks. */
export async function startHost(init: ThreadInit, threads: number): Promise<ThreadHost> {
  return isNodeLike() ? startNodeHost(init, threads) : startBrowserHost(init, threads);
}

/** Spins briefly, then blocks, until DONE reaches `chunks` (Node main thread). */
function waitDoneBlocking(control: Int32Array, chunks: number): undefined {
  for (let spin = 0; spin < 2000; spin++) {
    if (Atomics.load(control, DONE) >= chunks) return undefined;
  }
  for (;;) {
    const done = Atomics.load(control, DONE);
    if (done >= chunks) return undefined;
    Atomics.wait(control, DONE, done, 50);
  }
}

async function startNodeHost(init: ThreadInit, threads: number): Promise<ThreadHost> {
  const wt = await import('node:worker_threads');
  const workerCount = Math.max(0, threads - 1);
  const workers: import('node:worker_threads').Worker[] = [];
  const ports: import('node:worker_threads').MessagePort[] = [];
  for (let i = 0; i < workerCount; i++) {
    const channel = new wt.MessageChannel();
    const worker = new wt.Worker(WORKER_SOURCE, {
      eval: true,
      // Thread 0 is the main thread; workers are 1 … threads − 1 (their wasm scratch slots).
      workerData: { memory: init.memory, control: init.control, kernels: init.kernels, port: channel.port2, threadIndex: i + 1 },
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
    mainParticipates: true,
    sendKernel(id, source) {
      for (const port of ports) port.postMessage({ kind: 'kernel', id, source });
      return undefined;
    },
    waitDone: waitDoneBlocking,
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
      if (message.kind === 'ack' && message.id !== undefined) acks.set(message.id, (acks.get(message.id) ?? 0) + 1);
      if (message.kind === 'error') reports.push(message);
      wakeWaiters();
    };
    worker.postMessage({ memory: init.memory, control: init.control, kernels: init.kernels, threadIndex: i });
    workers.push(worker);
  }
  const nextMessage = (timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, timeoutMs);
    });
  return {
    workers: workerCount,
    mainParticipates: false,
    async sendKernel(id, source) {
      for (const worker of workers) worker.postMessage({ kind: 'kernel', id, source });
      while ((acks.get(id) ?? 0) < workerCount) await nextMessage(1000);
    },
    async waitDone(control, chunks) {
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done >= chunks) return;
        const waited = atomicsWaitAsync!(control, DONE, done);
        if (waited.async) await waited.value;
      }
    },
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
