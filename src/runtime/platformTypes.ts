// platformTypes.ts — the few platform types numbat's public declarations mention, written
// out here so that they need neither `@types/node` nor the DOM library: an `AbortSignal`
// as far as numbat reads it, and `Symbol.dispose` (for `using`) where the user's `lib`
// lacks it. A real AbortSignal (Node or DOM) satisfies `AbortSignalLike`. The global
// declarations below merge with the DOM's and @types/node's own.

/**
 * An AbortSignal as numbat uses it (Node's and the DOM's both fit).
 *
 * @example
 * ```ts
 * const signal: AbortSignalLike = AbortSignal.timeout(500);
 * ```
 */
export interface AbortSignalLike {
  /** Whether the launch should stop. */
  readonly aborted: boolean;
  /** What the launch rejects with. */
  readonly reason?: unknown;
  /** Listens for the abort. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Stops listening. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

declare global {
  // Declared empty so that internal declarations naming `AbortSignal` type-check without
  // the DOM library or `@types/node`; with either, it merges with theirs.
  interface AbortSignal {}
  interface SymbolConstructor {
    /** `Symbol.dispose` (ES2025 explicit resource management), declared for libs without it. */
    readonly dispose: unique symbol;
  }
}
