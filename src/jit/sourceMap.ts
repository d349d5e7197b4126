// sourceMap.ts — maps a position in generated JavaScript back to the original source
// through a Source Map v3 (inline `data:` URL or a file next to the script), so that an
// error points at the user's TypeScript line even when a transform (vitest, esbuild, tsc)
// moved the code.

/** A generated position (0-based line and column) → original file and 0-based line, if mapped. */
export interface OriginalPosition {
  readonly source: string;
  readonly line: number;
  readonly column: number;
}

interface RawSourceMap {
  readonly version: number;
  readonly sources: readonly string[];
  readonly sourceRoot?: string;
  readonly mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, k) => [c, k]));

/** Decodes one line's segments: [generatedColumn, sourceIndex, sourceLine, sourceColumn] (absolute). */
function decodeLine(line: string, state: number[]): number[][] {
  const segments: number[][] = [];
  let generatedColumn = 0;
  for (const text of line.split(',')) {
    if (!text) continue;
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (const c of text) {
      const digit = DIGIT.get(c);
      if (digit === undefined) return segments;
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
        continue;
      }
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
    generatedColumn += values[0] ?? 0;
    if (values.length >= 4) {
      state[0]! += values[1]!;
      state[1]! += values[2]!;
      state[2]! += values[3]!;
      segments.push([generatedColumn, state[0]!, state[1]!, state[2]!]);
    }
  }
  return segments;
}

/** The original position of generated (line, column), 0-based, or undefined. */
export function originalPosition(
  mapJson: string,
  line: number,
  column: number,
): OriginalPosition | undefined {
  let map: RawSourceMap;
  try {
    map = JSON.parse(mapJson) as RawSourceMap;
  } catch {
    return undefined;
  }
  if (map.version !== 3 || typeof map.mappings !== 'string') return undefined;
  const lines = map.mappings.split(';');
  const state = [0, 0, 0];
  let best: number[] | undefined;
  for (let l = 0; l <= line && l < lines.length; l++) {
    const segments = decodeLine(lines[l]!, state);
    if (l < line) continue;
    // The last segment starting at or before the column, else the line's first one.
    for (const s of segments) if (s[0]! <= column || !best) best = s;
  }
  if (!best) return undefined;
  const source = map.sources[best[1]!];
  if (source === undefined) return undefined;
  return { source: (map.sourceRoot ?? '') + source, line: best[2]!, column: best[3]! };
}

/** The JSON of a source map from a `sourceMappingURL` value (inline data:, or a file read with `readFile`). */
export function loadSourceMap(
  url: string,
  scriptUrl: string,
  readFile: (path: string) => string | undefined,
): string | undefined {
  const inline = /^data:application\/json[^,]*;base64,(.*)$/.exec(url);
  if (inline) {
    try {
      return new TextDecoder().decode(Uint8Array.from(atob(inline[1]!), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }
  if (/^[a-z]+:/i.test(url) && !url.startsWith('file:')) return undefined;
  try {
    const path = new URL(url, scriptUrl).pathname;
    return readFile(decodeURIComponent(path));
  } catch {
    return undefined;
  }
}
