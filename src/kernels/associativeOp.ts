// associativeOp.ts — a custom `op` of scan() and reduce() must be associative: both keep
// the elements' order but regroup them (scan: segments, a Hillis–Steele tree over a block's
// segments, block offsets; reduce without an axis: blocks of 4096, then the blocks). A
// function that the samples of src/runtime/opLaws.ts show breaks associativity, such as
// `(a, b) => a - b`, would give an answer that depends on the array's length and the block
// boundaries: it is a TypeError before anything runs. Commutativity is not needed.

import { associativityBreach } from '../runtime/opLaws.js';

/** Ops already found associative on the samples (checked once per function). */
const checked = new WeakSet<Function>();

/**
 * Throws a TypeError naming `fn` and its `op` argument when `op` does not take exactly two
 * parameters (a, b): otherwise the error would come from inside the primitive's own kernels.
 */
export function checkOpArity(fn: 'scan' | 'reduce', op: (a: number, b: number) => number): void {
  if (op.length !== 2)
    throw new TypeError(
      `numbat: ${fn}: 'op' must be a function of two parameters (a, b) => …; ${opText(op)} takes ${op.length}`,
    );
}

/** Throws a TypeError naming `fn` and its `op` argument when `op` is not associative. */
export function checkAssociativeOp(
  fn: 'scan' | 'reduce',
  op: (a: number, b: number) => number,
): void {
  if (checked.has(op)) return;
  // Sampled, an op drawing Math.random is "not associative"; the real reason is that no
  // kernel can call it (probe 9).
  if (/\bMath\s*\.\s*random\b/.test(Function.prototype.toString.call(op)))
    throw new TypeError(
      `numbat: ${fn}: 'op' ${opText(op)} calls Math.random, which kernels cannot (its values differ on every backend and run); random(seed, i) is the kernel language's generator`,
    );
  const breach = associativityBreach(op);
  if (breach) {
    const { a, b, c, left, right } = breach;
    throw new TypeError(
      `numbat: ${fn}: 'op' must be associative (${fn} combines groups of elements: in order, but not left to right); ${opText(op)} is not: for ${a}, ${b}, ${c} it gives ${String(left)} as op(op(${a}, ${b}), ${c}) and ${String(right)} as op(${a}, op(${b}, ${c})). A fold that is not associative is a loop in a kernel`,
    );
  }
  checked.add(op);
}

/** The op's source on one line, shortened. */
function opText(op: Function): string {
  const text = Function.prototype.toString.call(op).replace(/\s+/g, ' ');
  return text.length <= 60 ? `\`${text}\`` : `\`${text.slice(0, 57)}…\``;
}
