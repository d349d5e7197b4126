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

describeEachBackend('a loop without barriers between two barriers', () => {
  it('runs inside the loop over the invocations, its accumulator in a local', async () => {
    // The shared-tile matmul's inner product: `q` is the same in every invocation, but the
    // loop holds no barrier, so each invocation runs all 16 steps in turn (not 16 passes
    // over the invocations with acc read from and written to its array at every step).
    const k = kernel(
      (r: number, c: number, a: Float32Array, out: Float32Array, n: number) => {
        const ta = shared(Float32Array, 256);
        const ly = localId(0);
        const lx = localId(1);
        let acc = 0;
        for (let t = 0; t < n; t += 16) {
          ta[ly * 16 + lx] = a[r * n + t + lx]!;
          barrier();
          for (let q = 0; q < 16; q++) acc += ta[ly * 16 + q]! * ta[q * 16 + lx]!;
          barrier();
        }
        out[r * n + c] = acc;
      },
      { workgroup: [16, 16], backend: 'js' },
    );
    const { code } = await k.inspect([16, 16], new Float32Array(256), new Float32Array(256), 16);
    expect(code).toMatch(
      /nb_inv_\d+: \{[^}]*let acc = \$l\d+\[nb_l\];\s*let q = 0;\s*\w+: while \(\(q < 16\)\) \{\s*acc = /,
    );
  });
}, ['js']);

describeEachBackend('global memory shared through a barrier', (backend) => {
  it('is seen by the other invocations, and only then costs WGSL a storageBarrier', async () => {
    // Each invocation writes its own element of `buf`, then reads its neighbour's.
    const through = kernel(
      (i: number, buf: Float32Array, out: Float32Array) => {
        buf[i] = i * 10;
        barrier();
        out[i] = buf[i ^ 1]!;
      },
      { workgroup: 32, backend },
    );
    const buf = new Float32Array(64);
    const out = new Float32Array(64);
    await through.launch(64, buf, out);
    expect([...out]).toEqual(Array.from({ length: 64 }, (_, i) => (i ^ 1) * 10));
    // Read-only input and write-only output: nothing to order in global memory.
    const apart = kernel(
      (i: number, x: Float32Array, out2: Float32Array) => {
        const t = shared(Float32Array, 32);
        t[localId()] = x[i]!;
        barrier();
        out2[i] = t[31 - localId()]!;
      },
      { workgroup: 32, backend },
    );
    if (backend === 'webgpu') {
      expect((await through.inspect(64, buf, out)).code).toContain('storageBarrier();');
      expect((await apart.inspect(64, buf, out)).code).not.toContain('storageBarrier();');
    }
  });
});
