// workerSource.ts — the code every pool thread runs, kept as a plain JavaScript string.
//
// It is a string (not a module file) so that bundlers and test transforms cannot inject
// imports into it and no file path is needed: Node starts it with
// `new Worker(WORKER_SOURCE, { eval: true })`, the browser from a Blob URL. It must stay
// plain ES2020 script code without template literals (this file interpolates the control
// block layout from control.ts into it).
//
// Startup data (Node: workerData; browser: the first message):
//   { memory, control, kernels: [[id, source], …], port?, threadIndex }
// Messages afterwards: { kind: 'kernel', id, source }. A source is generated JS (a string)
// or a wasm kernel { wasm: WebAssembly.Module, sites }, instantiated once per thread
// against the shared memory with the host Math functions it imports. Errors go back as
//   { kind: 'error', tag, chunk, name, message, stack }.

import { OUT_OF_RANGE_SOURCE } from '../../jit/diagnostics.js';
import {
  BUFFER_DESCRIPTOR_SIZE,
  DONE,
  DTYPE_CTOR_NAMES,
  ERR,
  F_BUFFERS,
  F_CHUNK_SIZE,
  F_PARTIALS,
  F_SCALARS,
  F_TOTAL,
  GEN,
  HEADER_BYTES,
  IDX_BITS,
  IDX_MASK,
  IS_REDUCE,
  JOB_TAG,
  READY,
  KERNEL_ID,
  N_BUFFERS,
  N_CHUNKS,
  N_SCALARS,
  NEXT,
  STOP,
  F_END,
  F_BASE,
  JOB_KIND,
  JOB_KIND_WASM,
  WASM_ARGS,
  WASM_CONTRIBUTED,
  WASM_SCRATCH,
  WASM_SCRATCH_STRIDE,
} from './control.js';

/** The worker thread's program (see the file header for its protocol). */
// biome-ignore lint/complexity/noUselessStringRaw: raw, so a backslash added to the worker's code stays as written
export const WORKER_SOURCE = String.raw`'use strict';
${OUT_OF_RANGE_SOURCE}
(function numbatWorker() {
  var IS_NODE = typeof require === 'function' && typeof process === 'object';
  var CTORS = [${DTYPE_CTOR_NAMES.join(', ')}];
  var workerThreads = IS_NODE ? require('node:worker_threads') : null;
  var memory = null;
  var ctl = null;
  var f64 = null;
  var port = null;
  var sources = new Map();
  var modules = new Map();
  var viewTag = -1;
  var viewBuffer = null;
  var views = [];
  var scalars = [];
  var threadIndex = 0;

  function handle(message) {
    if (message && message.kind === 'kernel') {
      sources.set(message.id, message.source);
      if (!IS_NODE) self.postMessage({ kind: 'ack', id: message.id });
    }
  }

  function drain() {
    if (!IS_NODE) return;
    for (;;) {
      var received = workerThreads.receiveMessageOnPort(port);
      if (!received) return;
      handle(received.message);
    }
  }

  function moduleFor(id) {
    var module = modules.get(id);
    if (module) return module;
    if (!sources.has(id)) drain();
    var source = sources.get(id);
    if (source === undefined) {
      throw new Error('numbat internal error: worker thread has no code for kernel #' + id);
    }
    module = typeof source === 'string'
      ? new Function('"use strict"; return (' + source + ');')()
      : instantiateWasm(source);
    modules.set(id, module);
    sources.delete(id);
    return module;
  }

  // A wasm kernel's instance on this thread: env.memory, env.oob (the located RangeError)
  // and the Math functions it imports (math.fmod is JS's %).
  function instantiateWasm(code) {
    var math = {};
    var imports = WebAssembly.Module.imports(code.wasm);
    for (var k = 0; k < imports.length; k++) {
      var name = imports[k].name;
      if (imports[k].module === 'math') {
        math[name] = name === 'fmod' ? function (a, b) { return a % b; } : Math[name];
      }
    }
    var sites = code.sites;
    var views = code.views || [];
    var env = {
      memory: memory,
      oob: function (site, index, length) {
        throw new RangeError($outOfRange(index, length, sites[site] || 'an array', views[site]));
      }
    };
    var instance = new WebAssembly.Instance(code.wasm, { env: env, math: math });
    return { wasmRun: instance.exports.run };
  }

  function runWasmChunk(module, chunk, chunks, begin, end) {
    var scratch = Atomics.load(ctl, ${WASM_SCRATCH}) + threadIndex * Atomics.load(ctl, ${WASM_SCRATCH_STRIDE});
    var partial = module.wasmRun(Atomics.load(ctl, ${WASM_ARGS}), begin, end, scratch);
    var contributed = Atomics.load(ctl, ${WASM_CONTRIBUTED});
    if (contributed !== 0) {
      var words = new Int32Array(memory.buffer);
      words[(contributed >> 2) + chunk] = words[scratch >> 2];
    }
    return partial;
  }

  function prepare(tag) {
    var buffer = memory.buffer;
    if (tag === viewTag && buffer === viewBuffer) return;
    var nBuffers = Atomics.load(ctl, ${N_BUFFERS});
    var nScalars = Atomics.load(ctl, ${N_SCALARS});
    views = new Array(nBuffers);
    for (var b = 0; b < nBuffers; b++) {
      var at = ${F_BUFFERS} + b * ${BUFFER_DESCRIPTOR_SIZE};
      views[b] = new CTORS[f64[at]](buffer, f64[at + 1], f64[at + 2]);
    }
    scalars = new Array(nScalars);
    for (var s = 0; s < nScalars; s++) scalars[s] = f64[${F_SCALARS} + s];
    viewTag = tag;
    viewBuffer = buffer;
  }

  function report(tag, chunk, error) {
    var isError = error !== null && typeof error === 'object';
    var message = {
      kind: 'error', tag: tag, chunk: chunk,
      name: isError && typeof error.name === 'string' ? error.name : 'Error',
      message: isError ? String(error.message) : String(error),
      stack: isError && typeof error.stack === 'string' ? error.stack : ''
    };
    if (IS_NODE) port.postMessage(message);
    else self.postMessage(message);
  }

  function runChunk(tag, chunk, chunks) {
    try {
      if (Atomics.load(ctl, ${ERR}) === 0) {
        var module = moduleFor(Atomics.load(ctl, ${KERNEL_ID}));
        var wasm = Atomics.load(ctl, ${JOB_KIND}) === ${JOB_KIND_WASM};
        if (!wasm) prepare(tag);
        var size = f64[${F_CHUNK_SIZE}];
        var begin = f64[${F_BASE}] + chunk * size;
        var end = Math.min(f64[${F_TOTAL}], begin + size);
        // Small integers as such (not doubles), so the kernel's loop counters stay int32.
        if (end <= 0x7fffffff) { begin = begin | 0; end = end | 0; }
        var partial = wasm ? runWasmChunk(module, chunk, chunks, begin, end) : module.run(views, scalars, begin, end);
        if (Atomics.load(ctl, ${IS_REDUCE}) === 1) f64[${F_PARTIALS} + chunk] = partial;
      }
    } catch (error) {
      Atomics.store(ctl, ${ERR}, 1);
      try { report(tag, chunk, error); } catch (ignored) { /* the flag alone still fails the launch */ }
    }
    if (Atomics.add(ctl, ${DONE}, 1) + 1 === chunks) Atomics.notify(ctl, ${DONE});
  }

  // Claims and runs chunks of the current job until none is left.
  function serve() {
    for (;;) {
      var claim = Atomics.add(ctl, ${NEXT}, 1);
      var tag = claim >>> ${IDX_BITS};
      var chunk = claim & ${IDX_MASK};
      if (Atomics.load(ctl, ${JOB_TAG}) !== tag) return;
      var chunks = Atomics.load(ctl, ${N_CHUNKS});
      if (Atomics.load(ctl, ${JOB_TAG}) !== tag) return;
      if (chunk >= chunks) return;
      runChunk(tag, chunk, chunks);
    }
  }

  function nodeLoop() {
    var seen = Atomics.load(ctl, ${GEN});
    serve();
    for (;;) {
      Atomics.wait(ctl, ${GEN}, seen);
      if (Atomics.load(ctl, ${STOP}) !== 0) return;
      var generation = Atomics.load(ctl, ${GEN});
      if (generation === seen) continue;
      seen = generation;
      serve();
    }
  }

  async function browserLoop() {
    var seen = Atomics.load(ctl, ${GEN});
    serve();
    for (;;) {
      var waited = Atomics.waitAsync(ctl, ${GEN}, seen);
      if (waited.async) await waited.value;
      if (Atomics.load(ctl, ${STOP}) !== 0) return;
      var generation = Atomics.load(ctl, ${GEN});
      if (generation === seen) continue;
      seen = generation;
      serve();
    }
  }

  function init(data) {
    memory = data.memory;
    ctl = new Int32Array(data.control, 0, ${HEADER_BYTES / 4});
    f64 = new Float64Array(data.control, ${HEADER_BYTES}, ${F_END});
    threadIndex = data.threadIndex | 0;
    for (var i = 0; i < data.kernels.length; i++) sources.set(data.kernels[i][0], data.kernels[i][1]);
    Atomics.add(ctl, ${READY}, 1);
  }

  if (IS_NODE) {
    var data = workerThreads.workerData;
    port = data.port;
    init(data);
    nodeLoop();
    port.close();
  } else {
    var started = false;
    self.onmessage = function (event) {
      if (!started) {
        started = true;
        init(event.data);
        browserLoop();
        return;
      }
      handle(event.data);
    };
  }
})();
`;
