// transfer.ts — making a launch's arguments resident on the chosen backend.
//
// Host arrays go to the backend as they are (it stages them if it must). NDArrays stay
// where they live when the backend can use them there (CPU backends share host views);
// otherwise they move once, and the move is reported.

import type { Backend } from '../backends/backend.js';
import { backendRecord } from '../backends/registry.js';
import type { NDArray } from './ndarray.js';

/** Whether `backend` can use `array` where it is without moving it. */
export function usableInPlace(array: NDArray, backend: Backend): boolean {
  if (array.backend === backend.name) return true;
  const from = backendRecord(array.backend).memory;
  const to = backendRecord(backend.name).memory;
  if (from === 'device' || !array.storage.hostView) return false;
  // A host backend runs on any host view; the shared-heap backends (workers, wasm) run on
  // each other's storage, which lives in the same heap.
  return to === 'host' || (to === 'sharedHeap' && from === 'sharedHeap');
}

/** Moves an NDArray's storage to `backend`; returns a note for `inspect`. */
export async function moveArray(array: NDArray, backend: Backend, param: string): Promise<string> {
  const from = array.backend;
  const data = await array.storage.read();
  const target = await backend.allocate(array.dtype, array.storage.length, false); // written in full next
  await target.write(data);
  array.storage.free();
  array.storage = target;
  return `moved '${param}' (${array.dtype}, ${array.storage.length} elements) from ${from} to ${backend.name}`;
}
