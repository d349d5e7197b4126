// masks.test.ts — the SIMD emitter's mask shortcuts (maskAnalysis.ts): plain-exit loops
// restore the entry mask, and assignments whose masked-off lanes are never read again skip
// the merge. Kernels where a shortcut would be wrong (values read after the loop, loops
// inside an if within an outer loop, continue) must still match the scalar path and JS.

import { describe, expect, test } from 'vitest';
import { analyseMasks } from '../../src/jit/passes/maskAnalysis.js';
import { generateWasm } from '../../src/jit/codegen/wasm.js';
import type { Stmt } from '../../src/jit/ir/ir.js';
import {
  assign,
  bin,
  buffer,
  ci,
  if_,
  kernelIr,
  let_,
  load,
  local,
  runWasm,
  store,
  while_,
} from './irBuilders.js';

const i = local('i', 'i32');
const v = local('v', 'i32');
const n = local('n', 'i32');
const k = local('k', 'i32');
const brk = (label: string): Stmt => ({ k: 'break', label });
const cont = (label: string): Stmt => ({ k: 'continue', label });

/** Runs SIMD and scalar paths on x = 0..count-1 (mod 13); returns both outputs. */
async function run(
  body: Stmt[],
  count = 103,
): Promise<{ simd: Int32Array; scalar: Int32Array; x: Int32Array }> {
  const ir = kernelIr({
    name: 'masks',
    buffers: [buffer('x', 'i32', 0), buffer('out', 'i32', 1, false, true)],
    body,
  });
  const code = generateWasm(ir, { shared: true });
  expect(code.lanes).toBe(4);
  const x = new Int32Array(count).map((_, j) => (j * 7) % 13);
  const simd = new Int32Array(count);
  const scalar = new Int32Array(count);
  await runWasm(ir, [x, simd], [], [count], true);
  await runWasm(ir, [x, scalar], [], [count], false);
  return { simd, scalar, x };
}

describe('mask shortcuts', () => {
  test('collatz-like loop: v dead after the loop is unmerged, the count read after it is merged', async () => {
    const loop = while_('L', bin('<', k, ci(50)), [
      if_(bin('<=', v, ci(1)), [brk('L')]),
      assign('v', bin('+', bin('>>', v, ci(1)), bin('&', v, ci(3)))),
      assign('k', bin('+', k, ci(1))),
    ]);
    const body = [
      let_('v', 'i32', load(0, i, 'i32')),
      let_('k', 'i32', ci(0)),
      loop,
      store(1, i, k),
    ];
    const facts = analyseMasks(body);
    expect(facts.plainExitLoops.has('L')).toBe(true);
    expect([...facts.unmergedAssigns].map((s) => (s as { name: string }).name)).toEqual(['v']);
    const { simd, scalar, x } = await run(body);
    const want = Array.from(x, (x0) => {
      let vv = x0,
        kk = 0;
      while (kk < 50) {
        if (vv <= 1) break;
        vv = (vv >> 1) + (vv & 3);
        kk++;
      }
      return kk;
    });
    expect(Array.from(scalar)).toEqual(want);
    expect(Array.from(simd)).toEqual(want);
  });

  test('a value read after the loop keeps its merge; continue disables the shortcut', async () => {
    const loop = while_('L', bin('<', k, ci(20)), [
      assign('k', bin('+', k, ci(1))),
      if_(bin('==', bin('&', k, ci(1)), ci(0)), [cont('L')]),
      if_(bin('>', v, ci(30)), [brk('L')]),
      assign('v', bin('+', v, k)),
    ]);
    const body = [
      let_('v', 'i32', load(0, i, 'i32')),
      let_('k', 'i32', ci(0)),
      loop,
      store(1, i, bin('+', v, bin('*', k, ci(1000)))),
    ];
    const facts = analyseMasks(body);
    expect(facts.plainExitLoops.has('L')).toBe(false);
    expect(facts.unmergedAssigns.size).toBe(0);
    const { simd, scalar, x } = await run(body);
    const want = Array.from(x, (x0) => {
      let vv = x0,
        kk = 0;
      while (kk < 20) {
        kk++;
        if ((kk & 1) === 0) continue;
        if (vv > 30) break;
        vv += kk;
      }
      return vv + kk * 1000;
    });
    expect(Array.from(scalar)).toEqual(want);
    expect(Array.from(simd)).toEqual(want);
  });

  test('inner loop inside an if within an outer loop: outer-declared value keeps its merge', async () => {
    // acc is declared outside the outer loop O, assigned in the plain inner loop L, and read
    // only inside L: lanes skipping L in one outer iteration must keep acc for the next.
    const inner = while_('L', bin('<', n, ci(3)), [
      assign('acc', bin('+', local('acc', 'i32'), n)),
      assign('n', bin('+', n, ci(1))),
    ]);
    const outer = while_('O', bin('<', k, ci(6)), [
      let_('n', 'i32', ci(0)),
      if_(bin('==', bin('%', bin('+', v, k), ci(3)), ci(0)), [inner]),
      assign('k', bin('+', k, ci(1))),
    ]);
    const body = [
      let_('v', 'i32', load(0, i, 'i32')),
      let_('acc', 'i32', ci(0)),
      let_('k', 'i32', ci(0)),
      outer,
      store(1, i, bin('+', local('acc', 'i32'), ci(0))),
    ];
    const facts = analyseMasks(body);
    expect(facts.plainExitLoops.has('L')).toBe(true);
    // n (declared inside O, read only in L) and k (read only in O) need no merge; acc does.
    expect([...facts.unmergedAssigns].map((s) => (s as { name: string }).name).sort()).toEqual([
      'k',
      'n',
    ]);
    const { simd, scalar, x } = await run(body);
    const want = Array.from(x, (x0) => {
      let acc = 0;
      for (let kk = 0; kk < 6; kk++)
        if ((x0 + kk) % 3 === 0) for (let nn = 0; nn < 3; nn++) acc += nn;
      return acc;
    });
    expect(Array.from(scalar)).toEqual(want);
    expect(Array.from(simd)).toEqual(want);
  });
});
