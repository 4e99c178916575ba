/**
 * Ask `fn` for every item: all at once when `atOnce` (the asks run elsewhere, several at a time: queue
 * workers), else one after the other in the order given (one warm master here, so the same history as a
 * plain loop), stopping after the first answer that `stop` accepts. All at once, every item is asked.
 * @example await askEach(subs.parallel, scenarios, (s) => subs.evaluate(s, y))
 */
export async function askEach<T, R>(atOnce: boolean, items: readonly T[], fn: (item: T) => Promise<R>, stop?: (answer: R) => boolean): Promise<R[]> {
  if (atOnce) return Promise.all(items.map(fn));
  const out: R[] = [];
  for (const item of items) {
    const answer = await fn(item);
    out.push(answer);
    if (stop?.(answer)) break;
  }
  return out;
}
