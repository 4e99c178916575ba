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
 * The candidates closest to `query`, best first: prefix and substring matches rank before
 * edit distance, so "chong" suggests "chongqing".
 * @example closestNames('alashnkou', ['alashankou', 'almaty']) // ['alashankou', 'almaty']
 */
export function closestNames(query: string, candidates: Iterable<string>, limit = 5): string[] {
  const q = query.toLowerCase().trim();
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    const n = name.toLowerCase();
    let score = editDistance(q, n);
    if (n.startsWith(q) || q.startsWith(n)) score -= 100;
    else if (n.includes(q) || q.includes(n)) score -= 50;
    scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
