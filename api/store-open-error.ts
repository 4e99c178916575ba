/**
 * The database file cannot be used: corrupt, truncated, not a database, read-only, locked, or in use by
 * another server. The message is one line naming the file and the DATABASE variable.
 */
export class StoreOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`DATABASE=${path}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}
