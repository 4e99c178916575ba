import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Highs } from 'highs';

const require = createRequire(import.meta.url);

let wasmBytes: Uint8Array | null = null;
let cached: Promise<Highs> | null = null;
let generation = 0;

/** Reads `highs.wasm` from node_modules once (no network, no `fetch`). */
function highsWasmBytes(): Uint8Array {
  if (wasmBytes === null) wasmBytes = readFileSync(require.resolve('highs/runtime'));
  return wasmBytes;
}

/**
 * Returns the shared HiGHS WebAssembly runtime, loading it on first use from the bytes of
 * `require.resolve('highs/runtime')` (passed as `wasmBinary`). The runtime is cached until
 * {@link discardHighsRuntime} is called, which every HiGHS caller does after a crash or abort,
 * because highs-js can leave the module unusable after a native error.
 */
export function loadHighsRuntime(): Promise<Highs> {
  if (cached === null) {
    const gen = ++generation;
    const p = (async () => {
      const mod = (await import('highs')) as unknown as { default: (o: object) => Promise<Highs> };
      return mod.default({ wasmBinary: highsWasmBytes() });
    })();
    cached = p;
    // A failed load must not poison the cache.
    p.catch(() => {
      if (generation === gen) cached = null;
    });
  }
  return cached;
}

/**
 * Forgets the cached runtime so the next {@link loadHighsRuntime} instantiates a fresh one.
 * Call after any exception thrown from inside HiGHS (abort, `RuntimeError`, out of memory).
 */
export function discardHighsRuntime(): void {
  cached = null;
  generation++;
}

/** Number of times the runtime has been (re)created or discarded; for tests and diagnostics. */
export function highsRuntimeGeneration(): number {
  return generation;
}
