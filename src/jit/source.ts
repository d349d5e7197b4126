// source.ts — where the user's kernel lives: the call site of `kernel()`, and the file and
// line where each function (the kernel, a `uses` helper, a combiner) starts, so that
// errors point at the user's own code.
//
// A function's position comes from the engine: in Node, V8 reports it through the
// inspector ([[FunctionLocation]]: script and position), mapped back through the script's
// source map when it has one (vitest, esbuild and tsc output), so it is right however far
// the function is from the `kernel()` call and whatever other function has similar text.
// Where there is no inspector (browsers), the function's text is looked up in the file of
// the `kernel()` call: the place where the most of its lines match, nearest to the call.
// Locations are found lazily, when an error needs one.

import type { SourceInfo } from './diagnostics.js';
import { loadSourceMap, originalPosition } from './sourceMap.js';
import { recordedLocation, recordedSource } from './recorded.js';

type NodeProcess = { cwd?: () => string; getBuiltinModule?: (m: string) => any };
const nodeProcess = (globalThis as { process?: NodeProcess }).process;

/** "file:line:col" of the frame that called `fn` (V8 stack traces), if available. */
export function callerOf(fn: Function): string | undefined {
  const holder: { stack?: string } = {};
  const capture = (Error as { captureStackTrace?: (o: object, f: Function) => void })
    .captureStackTrace;
  if (!capture) return undefined;
  capture(holder, fn);
  const frame = holder.stack
    ?.split('\n')
    .slice(1)
    .find((l) => /:\d+:\d+\)?\s*$/.test(l));
  if (!frame) return undefined;
  const m = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
  return m ? `${relativeToCwd(m[1]!.replace(/^file:\/\//, ''))}:${m[2]}:${m[3]}` : undefined;
}

/** A path relative to the working directory when it lies inside it (shorter, and stable across clones). */
function relativeToCwd(path: string): string {
  const cwd = nodeProcess?.cwd?.();
  return cwd && path.startsWith(cwd + '/') ? path.slice(cwd.length + 1) : path;
}

/** Where a function is: its file, and the file line of any offset into its text. */
interface Located {
  readonly file: string | undefined;
  /** 1-based line of the function's first character. */
  readonly line: number | undefined;
  /** 1-based file line of an offset into the function's text. */
  lineAt(offset: number): number | undefined;
}

/** The source of a function, located lazily (see the file header). */
export function sourceOf(
  fn: Function,
  name: string,
  callSite: string | undefined,
  role?: string,
): SourceInfo {
  // A build plugin's record (recorded.ts) is the text before minification, and its place.
  const recorded = recordedSource(fn);
  const text = recorded?.source ?? fn.toString();
  let found: Located | undefined;
  const locate = (): Located =>
    (found ??= recorded?.lines ? recordedLocation(recorded) : locate0(fn, text, callSite));
  return {
    name,
    text,
    callSite,
    get file() {
      return locate().file;
    },
    get fileLine() {
      return locate().line;
    },
    lineAt: (offset: number) => locate().lineAt(offset),
    ...(role ? { role } : {}),
  };
}

function locate0(fn: Function, text: string, callSite: string | undefined): Located {
  const engine = engineLocation(fn);
  if (engine) {
    // An offset into the text is a position in the script: map it like the start.
    const at = (offset: number): { line: number; column: number } => {
      const before = text.slice(0, offset);
      const newlines = before.split('\n').length - 1;
      return newlines === 0
        ? { line: engine.line, column: engine.column + offset }
        : { line: engine.line + newlines, column: offset - before.lastIndexOf('\n') - 1 };
    };
    const lineAt = (offset: number): number | undefined => {
      const p = at(offset);
      return engine.map ? engine.map(p.line, p.column)?.line : p.line + 1;
    };
    return { file: engine.file, line: lineAt(0), lineAt };
  }
  const callFile = callSite ? /^(.*):(\d+):(\d+)$/.exec(callSite)?.[1] : undefined;
  const line = textLocation(callSite, text);
  return {
    file: callFile,
    line,
    lineAt: (offset) =>
      line === undefined ? undefined : line + text.slice(0, offset).split('\n').length - 1,
  };
}

/** A function's place in its script (0-based), its original file, and the script's source map. */
interface EngineLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Generated (0-based line, column) → original 1-based line; absent without a source map. */
  readonly map?: (line: number, column: number) => { line: number } | undefined;
}

const engineCache = new WeakMap<Function, EngineLocation | null>();

/** Where V8 says `fn` is (node:inspector), or undefined without an inspector or a script URL. */
function engineLocation(fn: Function): EngineLocation | undefined {
  const cached = engineCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let result: EngineLocation | null = null;
  try {
    result = inspectLocation(fn);
  } catch {
    result = null;
  }
  engineCache.set(fn, result);
  return result ?? undefined;
}

function inspectLocation(fn: Function): EngineLocation | null {
  const inspector = nodeProcess?.getBuiltinModule?.('node:inspector');
  if (!inspector?.Session) return null;
  const session = new inspector.Session();
  session.connect();
  // Session.post on an in-process session answers synchronously.
  const post = (method: string, params: object): any => {
    let answer: any;
    session.post(method, params, (error: unknown, result: unknown) => {
      answer = error ? null : result;
    });
    return answer;
  };
  const key = `__numbatLocate${Math.random().toString(36).slice(2)}`;
  try {
    (globalThis as Record<string, unknown>)[key] = fn;
    const evaluated = post('Runtime.evaluate', { expression: `globalThis.${key}` });
    const objectId = evaluated?.result?.objectId;
    if (!objectId) return null;
    const props = post('Runtime.getProperties', { objectId, ownProperties: true });
    const where = props?.internalProperties?.find((p: any) => p.name === '[[FunctionLocation]]')
      ?.value?.value;
    if (!where) return null;
    let url: string | undefined;
    let mapUrl: string | undefined;
    session.on('Debugger.scriptParsed', (m: any) => {
      if (m.params.scriptId === where.scriptId) {
        url = m.params.url;
        mapUrl = m.params.sourceMapURL;
      }
    });
    post('Debugger.enable', {});
    post('Debugger.disable', {});
    if (!url?.startsWith('file:')) return null;
    const scriptUrl = url;
    const json = mapUrl ? loadSourceMap(mapUrl, scriptUrl, (path) => readText(path)) : undefined;
    const start = json ? originalPosition(json, where.lineNumber, where.columnNumber) : undefined;
    if (json && start) {
      return {
        file: relativeToCwd(decodeURIComponent(new URL(start.source, scriptUrl).pathname)),
        line: where.lineNumber,
        column: where.columnNumber,
        map: (line, column) => {
          const p = originalPosition(json, line, column);
          return p ? { line: p.line + 1 } : undefined;
        },
      };
    }
    return {
      file: relativeToCwd(decodeURIComponent(new URL(scriptUrl).pathname)),
      line: where.lineNumber,
      column: where.columnNumber,
    };
  } finally {
    delete (globalThis as Record<string, unknown>)[key];
    session.disconnect();
  }
}

/**
 * The 1-based line of the call site's file on which the function `text` starts, found by
 * text: the start where the most of the function's lines match, nearest to the call.
 */
export function textLocation(callSite: string | undefined, text: string): number | undefined {
  if (!callSite) return undefined;
  const m = /^(.*):(\d+):(\d+)$/.exec(callSite);
  if (!m) return undefined;
  const callLine = Number(m[2]);
  const fileLines = readLines(m[1]!);
  if (!fileLines) return callLine;
  const fnLines = text.split('\n').map(tokens);
  const fileTokens = fileLines.map(tokens);
  let best: { score: number; start: number } | undefined;
  for (let start = 0; start + fnLines.length <= fileLines.length; start++) {
    let score = 0;
    fnLines.forEach((t, k) => {
      if (t.length && isSubsequence(t, fileTokens[start + k]!)) score += t.length;
    });
    if (score === 0) continue;
    const better =
      !best ||
      score > best.score ||
      (score === best.score &&
        Math.abs(start + 1 - callLine) < Math.abs(best.start + 1 - callLine));
    if (better) best = { score, start };
  }
  return best ? best.start + 1 : callLine;
}

/** The tokens of a line of code (identifiers, numbers, punctuation), types included. */
function tokens(line: string): string[] {
  return line.match(/[A-Za-z_$][\w$]*|\d[\w.]*|[^\s\w$]/g) ?? [];
}

/**
 * Whether `needle` appears in order within `hay` (a TypeScript line has extra tokens, its
 * type annotations, that the transpiled text lacks).
 */
function isSubsequence(needle: readonly string[], hay: readonly string[]): boolean {
  let k = 0;
  for (const t of hay) if (t === needle[k] && ++k === needle.length) return true;
  return k === needle.length;
}

const fileCache = new Map<string, string[] | null>();

function readText(path: string): string | undefined {
  try {
    const fs = nodeProcess?.getBuiltinModule?.('node:fs');
    return fs ? String(fs.readFileSync(path, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

function readLines(path: string): string[] | null {
  if (fileCache.has(path)) return fileCache.get(path)!;
  const text = readText(path);
  const lines = text === undefined ? null : text.split('\n');
  fileCache.set(path, lines);
  return lines;
}

/** The variable a kernel is assigned to at its call site (`const saxpy = kernel(…)`), if any. */
export function nameAtCallSite(callSite: string | undefined): string | undefined {
  const m = callSite ? /^(.*):(\d+):(\d+)$/.exec(callSite) : null;
  if (!m) return undefined;
  const lines = readLines(m[1]!);
  const line = lines?.[Number(m[2]) - 1];
  const found = line
    ? /(?:const|let|var)?\s*([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?(?:[\w$]+\.)?kernel\s*\(/.exec(
        line,
      )
    : null;
  return found?.[1];
}
