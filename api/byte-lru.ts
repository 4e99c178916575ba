/**
 * A least-recently-used map bounded by a memory budget in bytes (each entry says its own size). Used for
 * parsed networks, route answers and result bytes. An entry larger than the whole budget is not kept.
 * @example const lru = new ByteLru<string, Buffer>(64 * 2 ** 20); lru.set('k', buf, buf.length);
 */
export class ByteLru<K, V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    readonly budgetBytes: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Keep `value` (its size `bytes`), dropping the least recently used until the budget holds. Returns whether it was kept. */
  set(key: K, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.budgetBytes) return false;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.budgetBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
      this.onEvict?.(k, e.value);
    }
    return true;
  }

  delete(key: K): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.used -= e.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
