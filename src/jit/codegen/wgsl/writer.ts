// wgsl/writer.ts — an indenting line buffer for generated WGSL.

/** Collects lines at an indentation level; nested writers are appended as blocks. */
export class Writer {
  readonly lines: string[] = [];

  constructor(readonly depth: number) {}

  /** Adds one line (or several, separated by newlines) at this writer's depth. */
  line(text: string): void {
    const pad = '  '.repeat(this.depth);
    for (const part of text.split('\n')) this.lines.push(pad + part);
  }

  /** A fresh writer one level deeper, to be appended later. */
  nested(): Writer {
    return new Writer(this.depth + 1);
  }

  /** A fresh writer at the same depth, to be appended later. */
  sibling(): Writer {
    return new Writer(this.depth);
  }

  /** Appends the lines of a writer created with nested() or sibling(). */
  append(w: Writer): void {
    this.lines.push(...w.lines);
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  toString(): string {
    return this.lines.join('\n');
  }
}
