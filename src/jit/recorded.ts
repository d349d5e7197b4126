// recorded.ts — a function's source as recorded at build time, read back at `kernel()`.
//
// Kernels are compiled from their source text. A minifier renames what that text refers
// to (`f32` becomes `Sn`) and rewrites its syntax, so the bundler plugins (numbat/esbuild,
// numbat/vite; src/plugin/) record each kernel function's original JavaScript text, where
// it was written, and the imports it refers to under another name, as a hidden property
// of the function itself. The compiler reads that text instead of `fn.toString()`.

/** What the build recorded about one function. */
export interface RecordedSource {
  /** The function's JavaScript text before minification (what `fn.toString()` gave then). */
  readonly source: string;
  /** The file it was written in, relative to the build's working directory. */
  readonly file?: string;
  /** The 1-based file line of each line of `source`. */
  readonly lines?: readonly number[];
  /** The name it was given (`const saxpy = kernel(…)`, `function helper`). */
  readonly name?: string;
  /** Imports it refers to under their local names (`import { f32 as g }` → `{ g }`). */
  readonly names?: Readonly<Record<string, unknown>>;
}

/** The property the plugins set: `Symbol.for('numbat.source')`, shared across copies of numbat. */
export const RECORD_KEY: unique symbol = Symbol.for('numbat.source') as never;

/** The build's record of `fn`, if a plugin made one. */
export function recordedSource(fn: Function): RecordedSource | undefined {
  const record = (fn as unknown as { [RECORD_KEY]?: RecordedSource })[RECORD_KEY];
  return record !== null && typeof record === 'object' && typeof record.source === 'string'
    ? record
    : undefined;
}

/** Where a recorded function is: its file, its first line and the line of any offset. */
export function recordedLocation(record: RecordedSource): {
  file: string | undefined;
  line: number | undefined;
  lineAt(offset: number): number | undefined;
} {
  const lines = record.lines;
  return {
    file: record.file,
    line: lines?.[0],
    lineAt: (offset) => {
      if (!lines?.length) return undefined;
      const k = record.source.slice(0, offset).split('\n').length - 1;
      return lines[Math.min(k, lines.length - 1)];
    },
  };
}
