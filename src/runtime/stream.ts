// stream.ts — the process's one stream: launches, toDevice, toHost and dispose take effect
// in the order they were issued, whatever each has to wait for (a compile, a device, a
// copy), as on a CUDA stream.
//
// `inOrder(task)` starts `task` at once when nothing issued earlier is still pending (the
// common case costs no extra microtask: a warm launch stays synchronous up to its
// backend), and otherwise after everything issued earlier has settled. A failed task does
// not stop the ones after it. Tasks must not wait on `inOrder` themselves (that would
// wait on their own completion): code that runs inside a task calls the unqueued halves.

/** Tasks issued and not yet settled. */
let pending = 0;
/** Settles after the last issued task has settled. */
let tail: Promise<unknown> = Promise.resolve();

const settled = (): void => {
  pending--;
};

/** Runs `task` after every task issued before it has settled; resolves to its result. */
export function inOrder<T>(task: () => Promise<T> | T): Promise<T> {
  let result: Promise<T>;
  if (pending === 0) {
    try {
      result = Promise.resolve(task());
    } catch (error) {
      result = Promise.reject(error);
    }
  } else {
    result = tail.then(task);
  }
  pending++;
  tail = result.then(settled, settled);
  return result;
}

/** Whether a task (a launch, a copy) is issued and not yet settled. */
export function streamBusy(): boolean {
  return pending > 0;
}

/** Resolves once everything issued so far has settled (for tests and shutdown). */
export function drained(): Promise<void> {
  return tail.then(() => undefined);
}
