/**
 * The database cannot be used: corrupt, truncated, not a database, read-only, locked, in use by another
 * server, or (PostgreSQL) unreachable, refusing the login or missing. The message is one line naming the
 * variable and the file or URL (never its password).
 */
export class StoreOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly variable: 'DATABASE' | 'DATABASE_URL' = 'DATABASE',
  ) {
    super(`${variable}=${path}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}
