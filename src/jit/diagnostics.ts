// diagnostics.ts — the two kinds of error numbat raises, and how they are shown.
//
// A user error (KernelError) carries a span into the kernel's source, a stable code, a
// message and a hint; it prints the offending line with a caret, and names the kernel
// and the file:line where `kernel()` was called. An internal error (InternalError) says
// plainly that it is a numbat bug and shows the generated code.

/**
 * A byte range in the kernel's source text (`fn.toString()`, or the build's record of it).
 *
 * @example
 * ```ts
 * const { start, end } = (error as KernelError).span!;
 * ```
 */
export interface Span {
  /** The offset of the first character. */
  readonly start: number;
  /** The offset after the last character. */
  readonly end: number;
}

/** Where a kernel came from: its source text, name and the call site of `kernel()`. */
export interface SourceInfo {
  readonly name: string;
  readonly text: string;
  /** "file:line:col" of the `kernel()` call in user code, when it could be found. */
  readonly callSite: string | undefined;
  /** The file the function is in, when known (found lazily: see source.ts). */
  readonly file: string | undefined;
  /** 1-based line of the function's first character within its file, when known. */
  readonly fileLine: number | undefined;
  /**
   * The 1-based file line of an offset into `text`, when known: a transform (vitest,
   * esbuild) may have reflowed the code, so this maps each offset on its own.
   */
  readonly lineAt?: (offset: number) => number | undefined;
  /**
   * What the function is when it is not the kernel itself: "helper `fact`" (a `uses`
   * function), "combiner" (a `reduce` function). Errors then say where it is defined and
   * which kernel() call uses it.
   */
  readonly role?: string;
}

/** Line (1-based) and column (1-based) of `offset` in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** The line of the user's file a kernel-source offset falls on, when the call site is known. */
export function fileLineOf(src: SourceInfo, offset: number): number | undefined {
  if (src.lineAt) return src.lineAt(offset);
  if (src.fileLine === undefined) return undefined;
  return src.fileLine + lineCol(src.text, offset).line - 1;
}

/** "line L" relative to the user's file when known, else to the kernel source. */
export function describeLine(src: SourceInfo, offset: number): string {
  const { line, col } = lineCol(src.text, offset);
  const fileLine = fileLineOf(src, offset);
  const file = src.file ?? src.callSite?.replace(/:\d+:\d+$/, '');
  if (fileLine !== undefined && file) return `${file}:${fileLine}`;
  return `line ${line}, column ${col} of the kernel`;
}

/** The source line holding `span`, with a caret line under the span (numbered as in the user's file when known). */
export function caretSnippet(text: string, span: Span, firstLine = 1): string {
  const { line, col } = lineCol(text, span.start);
  const lines = text.split('\n');
  const src = lines[line - 1] ?? '';
  const width = Math.max(1, Math.min(span.end, span.start + src.length - col + 1) - span.start);
  const gutter = `${line + firstLine - 1} | `;
  return `${gutter}${src}\n${' '.repeat(gutter.length + col - 1)}${'^'.repeat(width)}`;
}

/**
 * Where the kernel was defined in the user's file: the function's own first line when it
 * was found, else the `kernel()` call's; undefined when neither is known.
 */
export function definedAt(src: SourceInfo): string | undefined {
  if (!src.callSite) return undefined;
  const file = src.file ?? src.callSite.replace(/:\d+:\d+$/, '');
  return src.fileLine !== undefined ? `${file}:${src.fileLine}` : src.callSite;
}

/**
 * A mistake in the user's kernel: unsupported syntax, a type error, a bad `uses` entry.
 *
 * @example
 * ```ts
 * try {
 *   kernel((i: number, x: Float32Array) => { x[i] = outer; });
 * } catch (e) {
 *   if (e instanceof KernelError) console.log(e.code, e.line, e.hint); // E_UNDEFINED …
 * }
 * ```
 */
export class KernelError extends Error {
  /** A stable code for the kind of mistake (`E_UNDEFINED`, `E_SYNTAX`, …). */
  readonly code: string;
  /** The kernel's name. */
  readonly kernel: string;
  /** Where in the function's source text the mistake is. */
  readonly span: Span | undefined;
  /** What to do about it, when numbat knows. */
  readonly hint: string | undefined;
  /** The bare message, without location or snippet. */
  readonly detail: string;
  /** The line of the user's file (or of the function's text) where the mistake is. */
  readonly line: number | undefined;
  /** The column, within the function's text. */
  readonly column: number | undefined;

  constructor(code: string, detail: string, src: SourceInfo, span?: Span, hint?: string) {
    const parts = [`numbat: kernel '${src.name}': ${detail}`];
    let line: number | undefined;
    let column: number | undefined;
    if (span) {
      const lc = lineCol(src.text, span.start);
      line = fileLineOf(src, span.start) ?? lc.line;
      column = lc.col;
      parts[0] += ` (${describeLine(src, span.start)})`;
      // Number the snippet's line as in the user's file.
      const textLine = lineCol(src.text, span.start).line;
      parts.push(
        caretSnippet(
          src.text,
          span,
          line !== undefined && line !== lc.line ? line - textLine + 1 : (src.fileLine ?? 1),
        ),
      );
    }
    if (hint) parts.push(`hint: ${hint}`);
    const at = definedAt(src);
    if (at && src.role)
      parts.push(`${src.role} defined at ${at}, used by the kernel() call at ${src.callSite}`);
    else if (at) parts.push(`kernel defined at ${at}`);
    super(parts.join('\n'));
    this.name = 'KernelError';
    this.code = code;
    this.kernel = src.name;
    this.span = span;
    this.hint = hint;
    this.detail = detail;
    this.line = line;
    this.column = column;
  }
}

/**
 * A numbat bug: an IR that fails verification, or generated code a backend rejects.
 *
 * @example
 * ```ts
 * launch.catch((e) => { if (e instanceof InternalError) reportToNumbat(e.message); });
 * ```
 */
export class InternalError extends Error {
  constructor(message: string, generatedCode?: string) {
    super(
      `numbat internal error (this is a bug in numbat, please report it): ${message}` +
        (generatedCode ? `\n--- generated code ---\n${generatedCode}` : ''),
    );
    this.name = 'InternalError';
  }
}

/**
 * The index a view access reports under boundsCheck when its axis `a` index is outside
 * [0, extent): AXIS_FAULT + a (lower/expr.ts flatIndex), where the flat index alone could
 * still name an element. No array has an element that far below 0, and the report names
 * the axis, not a made-up flat index.
 */
export const AXIS_FAULT = -2147483648;
/** Axes an AXIS_FAULT index can name: more than any view has in practice (ndarray ranks stay small). */
export const AXIS_FAULT_AXES = 32;

/**
 * The message of an out-of-range access at `index` of an array of `length` elements. `view`:
 * the array is a view whose accesses check each axis (sites.ts isViewBuffer), the only
 * accesses that can report an AXIS_FAULT (a typed array's own index may wrap to that value).
 */
export function outOfRangeMessage(
  index: number,
  length: number,
  where: string,
  view: boolean,
): string {
  if (view && index >= AXIS_FAULT && index < AXIS_FAULT + AXIS_FAULT_AXES)
    return `numbat: an index on axis ${index - AXIS_FAULT}${AXIS_FAULT_TAIL}${where}`;
  return `numbat: index ${index} is out of range [0, ${length}) for ${where}`;
}

const AXIS_FAULT_TAIL = " is outside the view's shape (or not an integer) for ";

/**
 * outOfRangeMessage as the text of a plain function `$outOfRange(i, n, where, view)`, for
 * the code that cannot import it: the generated JavaScript (codegen/js.ts) and the worker
 * script (workerSource.ts). test/errors/outOfRange.test.ts holds the two to the same text.
 */
export const OUT_OF_RANGE_SOURCE = `function $outOfRange(i, n, where, view) {
    return view && i >= ${AXIS_FAULT} && i < ${AXIS_FAULT + AXIS_FAULT_AXES}
      ? "numbat: an index on axis " + (i - (${AXIS_FAULT})) + ${JSON.stringify(AXIS_FAULT_TAIL)} + where
      : "numbat: index " + i + " is out of range [0, " + n + ") for " + where;
  }`;

/** Prefix context as an error travels up ("while specialising saxpy for (f32[], f32)"). */
export function withContext<T>(context: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && !(e as { numbatContext?: boolean }).numbatContext) {
      e.message = `${e.message}\n  ${context}`;
    }
    throw e;
  }
}
