// transfer.ts — making a launch's arguments resident on the chosen backend.
//
// Host arrays go to the backend as they are (it stages them if it must). NDArrays stay
// where they live when the backend can use them there (CPU backends share host views);
// otherwise they move once, and the move is reported.

import type { Backend } from '../backends/backend.js';
import type { NDArray } from './ndarray.js';

const HOST_BACKENDS = new Set(['js', 'workers', 'wasm']);
/** Backends whose arrays live in the shared heap (heap.ts). */
const HEAP_BACKENDS = new Set(['workers', 'wasm']);

/** Whether `backend` can use `array` where it is without moving it. */
export function usableInPlace(array: NDArray, backend: Backend): boolean {
  if (array.backend === backend.name) return true;
  if (!HOST_BACKENDS.has(array.backend) || !array.storage.hostView) return false;
  // js runs on any host view; workers and wasm run on each other's storage, which lives
  // in the same shared heap.
  return (
    backend.name === 'js' || (HEAP_BACKENDS.has(backend.name) && HEAP_BACKENDS.has(array.backend))
  );
}

/** Moves an NDArray's storage to `backend`; returns a note for `inspect`. */
export async function moveArray(array: NDArray, backend: Backend, param: string): Promise<string> {
  const from = array.backend;
  const data = await array.storage.read();
  const target = await backend.allocate(array.dtype, array.storage.length);
  await target.write(data);
  array.storage.free();
  array.storage = target;
  return `moved '${param}' (${array.dtype}, ${array.storage.length} elements) from ${from} to ${backend.name}`;
}
