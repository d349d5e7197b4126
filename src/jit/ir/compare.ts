// compare.ts — the comparison operators of the IR and their mirror images (`a < b` is
// `b > a`), for rewrites that swap a comparison's operands.

/** A comparison operator of the IR. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The operator that gives the same answer with the operands swapped. */
export const MIRRORED: Readonly<Record<CompareOp, CompareOp>> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
