// eventLoop.ts — how a long launch on the calling thread stays out of the event loop's
// way: it runs in slices and yields between them once it has held the thread for a few
// milliseconds, so timers, I/O and a page's rendering go on, and an AbortSignal can stop
// it between slices.

/** The longest a launch holds the calling thread before yielding (ms). */
export const HOLD_MS = 4;
/** The time one slice aims at (ms). */
const SLICE_MS = 2;
/** The fewest items a first slice is capped to when the last launch's cost is known. */
const FIRST_SLICE = 64;

const now: () => number =
  typeof performance === 'object' ? () => performance.now() : () => Date.now();

type SetImmediate = (f: () => void) => unknown;
const setImmediateFn = (globalThis as { setImmediate?: SetImmediate }).setImmediate;

/** Resolves on a later turn of the event loop (after pending I/O and timers have had a turn). */
export function yieldToEventLoop(): Promise<void> {
  if (setImmediateFn)
    return new Promise((resolve) => {
      setImmediateFn(resolve);
    });
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The error an aborted launch rejects with: the signal's reason, or an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return (
    signal.reason ??
    Object.assign(new Error('numbat: the launch was aborted'), { name: 'AbortError' })
  );
}

/** A per-kernel estimate of the cost of one item, learned from the slices it ran. */
export interface SliceCost {
  nsPerItem: number | undefined;
}

/**
 * Runs `run(begin, end)` over [0, count) in slices, yielding to the event loop whenever
 * the thread has been held for HOLD_MS. A launch predicted (from the last launch's cost)
 * to take under a millisecond runs in one go, with no extra turn of the event loop. The
 * first slice is kept small, since the cost may have changed with the arguments (a loop
 * count), and is one item when nothing is known; later slices aim at SLICE_MS from the
 * slice before. With `fixed`, each slice is
 * one item (the caller's items are chunks it cannot split). Rejects with the signal's
 * reason between slices.
 */
export async function runSliced(
  count: number,
  run: (begin: number, end: number) => void,
  cost: SliceCost,
  signal: AbortSignal | undefined,
  fixed = false,
): Promise<void> {
  if (signal?.aborted) throw abortReason(signal);
  const guess = cost.nsPerItem;
  let size: number;
  if (fixed) size = 1;
  else if (guess !== undefined && count * guess < 1e6) size = count;
  else if (guess !== undefined)
    size = Math.min(
      Math.floor((SLICE_MS * 1e6) / guess),
      Math.max(FIRST_SLICE, Math.ceil(count / 64)),
    );
  // Nothing known of the cost: one item first, then slices sized from it (64 items of a
  // kernel whose index costs 40 ms held the thread 2.5 s, and an abort went unheard: probe 9).
  else size = 1;
  let begin = 0;
  let held = now();
  while (begin < count) {
    const end = Math.min(count, begin + Math.max(1, size));
    const started = now();
    run(begin, end);
    const ns = Math.max(1e-3, ((now() - started) * 1e6) / (end - begin));
    cost.nsPerItem = ns;
    if (!fixed) size = Math.floor((SLICE_MS * 1e6) / ns);
    begin = end;
    if (begin < count && now() - held >= HOLD_MS) {
      await yieldToEventLoop();
      if (signal?.aborted) throw abortReason(signal);
      held = now();
    }
  }
}
