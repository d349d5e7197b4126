// describe.ts — how the runtime's messages name a value the user passed where something
// else was expected: "a plain object", "an Int8Array", "a string", "null". (The built-ins
// in src/kernels keep their own copy: they see only the public API.)

/** "a …" or "an …", as English says `noun` ("an Int8Array", "a Uint8Array"). */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) && !/^(uint|uni|use)/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** What `x` is, for a message. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return 'a plain Array';
  if (typeof x === 'object') {
    const ctor = Object.getPrototypeOf(x)?.constructor as { name?: string } | undefined;
    if (!ctor || ctor === Object || !ctor.name) return 'a plain object';
    return withArticle(ctor.name);
  }
  return withArticle(typeof x);
}
