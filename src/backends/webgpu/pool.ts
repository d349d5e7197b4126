// pool.ts — a GPU buffer pool with size classes, per device.
//
// Launches borrow storage, uniform and staging buffers and give them back when the
// launch completes. Sizes round up to a class (powers of two and their 1.5× midpoints,
// at least 256 bytes) so buffers are reused across launches of similar sizes; the pool
// keeps at most MAX_POOLED_BYTES idle and destroys the rest.

/** Idle bytes the pool may keep per device. */
export const MAX_POOLED_BYTES = 256 * 1024 * 1024;

/** The size class `bytes` rounds up to. */
export function sizeClass(bytes: number): number {
  const min = 256;
  if (bytes <= min) return min;
  const pow = 2 ** Math.ceil(Math.log2(bytes));
  const mid = (pow / 4) * 3;
  return bytes <= mid ? mid : pow;
}

/** Borrowed GPU buffers by usage and size class. */
export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private pooledBytes = 0;

  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` bytes with exactly `usage`. Contents are undefined. */
  acquire(bytes: number, usage: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(`${usage}:${size}`);
    const reused = list?.pop();
    if (reused) {
      this.pooledBytes -= size;
      return reused;
    }
    return this.device.createBuffer({ size, usage });
  }

  /** Gives a buffer back (unmapped) for reuse. */
  release(buffer: GPUBuffer): void {
    if (this.pooledBytes + buffer.size > MAX_POOLED_BYTES) {
      buffer.destroy();
      return;
    }
    const key = `${buffer.usage}:${buffer.size}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buffer);
    this.pooledBytes += buffer.size;
  }

  /** Bytes of idle buffers kept for reuse. */
  get idleBytes(): number {
    return this.pooledBytes;
  }

  /** Destroys every idle buffer. */
  destroyAll(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.pooledBytes = 0;
  }
}
