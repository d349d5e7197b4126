// sourceMap.ts — the plugins' source maps: the transform (instrument.ts) only inserts text
// within lines, so its map is the input's map with generated columns shifted past each
// insertion. Also an identity map for input that had none, and the original line of a
// generated position (for the records' line numbers).

import type { Insertion } from './instrument.js';

/** A Source Map v3, as JSON. */
export interface SourceMapJson {
  version: 3;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, k) => [c, k]));

/** Segments per generated line, absolute: [column, source, line, column, name?]. */
type Segment = number[];

export function decodeMappings(mappings: string): Segment[][] {
  const state = [0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    let column = 0;
    const segments: Segment[] = [];
    for (const text of line.split(',')) {
      if (!text) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const c of text) {
        const digit = DIGIT.get(c) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
          continue;
        }
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
      column += values[0] ?? 0;
      const segment = [column];
      for (let k = 1; k < values.length && k < 5; k++) {
        state[k - 1]! += values[k]!;
        segment.push(state[k - 1]!);
      }
      segments.push(segment);
    }
    return segments;
  });
}

function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += BASE64[digit];
  } while (v > 0);
  return out;
}

export function encodeMappings(lines: readonly Segment[][]): string {
  const state = [0, 0, 0, 0];
  return lines
    .map((segments) => {
      let column = 0;
      return segments
        .map((s) => {
          let text = vlq(s[0]! - column);
          column = s[0]!;
          for (let k = 1; k < s.length; k++) {
            text += vlq(s[k]! - state[k - 1]!);
            state[k - 1] = s[k]!;
          }
          return text;
        })
        .join(',');
    })
    .join(';');
}

/** Line starts of `code` (offsets). */
function lineStarts(code: string): number[] {
  const starts = [0];
  for (let k = 0; k < code.length; k++) if (code.charCodeAt(k) === 10) starts.push(k + 1);
  return starts;
}

/**
 * The map of the instrumented code: `map` (of the code before the insertions) with every
 * generated column moved past the text inserted before it on its line.
 */
export function shiftMap(
  map: SourceMapJson,
  code: string,
  insertions: readonly Insertion[],
): SourceMapJson {
  const starts = lineStarts(code);
  const perLine = new Map<number, { column: number; length: number }[]>();
  for (const ins of insertions) {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= ins.at) line++;
    const list = perLine.get(line) ?? [];
    list.push({ column: ins.at - starts[line]!, length: ins.text.length });
    perLine.set(line, list);
  }
  const lines = decodeMappings(map.mappings).map((segments, line) => {
    const shifts = perLine.get(line);
    if (!shifts) return segments;
    return segments.map((s) => {
      let moved = s[0]!;
      for (const x of shifts) if (x.column <= s[0]!) moved += x.length;
      return [moved, ...s.slice(1)];
    });
  });
  return { ...map, mappings: encodeMappings(lines) };
}

/** A map of `code` onto itself, one segment per token (for input that came with no map). */
export function identityMap(code: string, file: string): SourceMapJson {
  const lines = code.split('\n').map((line, n) => {
    const segments: Segment[] = [];
    for (const m of line.matchAll(/[\w$]+|[^\s\w$]/g)) segments.push([m.index!, 0, n, m.index!]);
    return segments;
  });
  return {
    version: 3,
    sources: [file],
    sourcesContent: [code],
    names: [],
    mappings: encodeMappings(lines),
  };
}

/** The 1-based original line of a 0-based generated (line, column) under `map`. */
export function originalLineOf(
  map: SourceMapJson,
): (line: number, column: number) => number | undefined {
  const lines = decodeMappings(map.mappings);
  return (line, column) => {
    const segments = lines[line]?.filter((s) => s.length >= 4);
    if (!segments?.length) return undefined;
    let best = segments[0]!;
    for (const s of segments) if (s[0]! <= column) best = s;
    return best[2]! + 1;
  };
}

/** `map` as a `//# sourceMappingURL=data:…` comment (the plugins run in Node). */
export function inlineMapComment(map: SourceMapJson): string {
  const base64 = Buffer.from(JSON.stringify(map)).toString('base64');
  return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64}`;
}
