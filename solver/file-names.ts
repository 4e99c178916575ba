/** How file writers name columns and rows. */
export type FileNaming = 'model' | 'generic';

/**
 * Unique, format-safe names: the model's names passed through `sanitize` (duplicates get a
 * `~<n>` suffix; empty names fall back to `<prefix><index>`), or positional names
 * `<prefix><index>` for `'generic'`. `reserved` names are never produced.
 */
export function fileNames(
  names: readonly string[],
  naming: FileNaming,
  prefix: string,
  sanitize: (name: string) => string,
  reserved: ReadonlySet<string>,
  taken: Set<string> = new Set(),
): string[] {
  const out = new Array<string>(names.length);
  for (let k = 0; k < names.length; k++) {
    let base = naming === 'generic' ? `${prefix}${k}` : sanitize(names[k]);
    if (base === '') base = `${prefix}${k}`;
    let name = base;
    let n = 1;
    while (taken.has(name) || reserved.has(name.toLowerCase())) name = `${base}~${++n}`;
    taken.add(name);
    out[k] = name;
  }
  return out;
}

/** Shortest decimal text that reads back as exactly `v` (`1e-7`, `0.1`, `-3`). */
export function num(v: number): string {
  return String(v);
}
