// inspect.test.ts — what `inspect` says of a cooperative kernel on every backend: the
// workgroup shape, its invocations and shared bytes, and on the CPU backends the phases
// the body was split into at its barriers.

import { expect, it } from 'vitest';
import { barrier, kernel, localId, shared } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

describeEachBackend('inspect of a cooperative kernel', (backend) => {
  it('names the workgroup, the shared bytes and (CPU) the phases', async () => {
    // Two shared arrays (64 f32 + 64 i32 = 512 bytes), two barriers → three phases.
    const k = kernel(
      (i: number, j: number, x: Float32Array, out: Float32Array) => {
        const a = shared(Float32Array, 64);
        const b = shared(Int32Array, 64);
        const l = localId(0) * 8 + localId(1);
        a[l] = x[i * 8 + j]!;
        b[l] = l;
        barrier();
        const v = a[63 - l]! + b[63 - l]!;
        barrier();
        out[i * 8 + j] = v;
      },
      { workgroup: [8, 8], backend },
    );
    const x = new Float32Array(64);
    const out = new Float32Array(64);
    const report = await k.inspect([8, 8], x, out);
    expect(report.backend).toBe(backend);
    const note = report.notes.find((n) => n.startsWith('cooperative kernel:'));
    expect(note).toContain('workgroup 8×8 (64 invocations), 512 shared bytes per workgroup');
    if (backend === 'webgpu') expect(report.code).toContain('@workgroup_size(64)');
    else expect(note).toContain('as 3 phases');
  });
});
