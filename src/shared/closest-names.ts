/** Levenshtein edit distance between two strings (case-sensitive; callers lower-case first). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Edit distance that counts swapping two neighbouring letters as one edit (optimal string alignment):
 * "rial" → "rail" and "Alpah" → "alpha" are 1, as a typing slip is.
 */
export function typoDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Largest edit distance that still counts as a close match between two names: a third of the longer one,
 * at least 1 ("alashnkou" → "alashankou" is 1; "ningbo" → "jinghe" is 3 of 6, not close).
 */
export function closeDistance(a: string, b: string): number {
  return Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
}

/**
 * Match score of `query` against one name (both already normalized), or null when it is not a close
 * match: prefix matches first (-100), then substrings (-50), then small edit distances, on the whole name
 * or on one of its words ("tuanjiecun" finds "Chongqing Tuanjiecun").
 */
export function matchScore(query: string, name: string): number | null {
  if (!query.length || !name.length) return null;
  if (query === name) return -200;
  if (query.length >= 2 && name.startsWith(query)) return -100 + name.length - query.length;
  if (name.length >= 3 && query.startsWith(name)) return -100 + query.length - name.length;
  if (query.length >= 3 && name.includes(query)) return -50 + name.length - query.length;
  let best: number | null = null;
  for (const target of [name, ...name.split(/[\s_()/,.-]+/).filter((w) => w.length >= 3 && w !== name)]) {
    const d = typoDistance(query, target);
    if (d <= closeDistance(query, target) && (best === null || d < best)) best = d;
  }
  return best;
}

/**
 * The candidates close to `query`, best first: prefix and substring matches rank before edit distance,
 * so "chong" suggests "chongqing". Only close matches are returned (see matchScore): an empty list means
 * nothing known is close, and callers say so instead of listing noise.
 * @example closestNames('alashnkou', ['alashankou', 'almaty']) // ['alashankou']
 */
export function closestNames(query: string, candidates: Iterable<string>, limit = 5): string[] {
  const q = query.toLowerCase().trim();
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    const score = matchScore(q, name.toLowerCase());
    if (score !== null) scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
