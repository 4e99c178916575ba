import Database from 'better-sqlite3';
import { StoreOpenError } from './store-open-error.js';

/**
 * One server per database file. The lock is an exclusive SQLite transaction held open on a small side
 * file (`<DATABASE>.lock`): the operating system's file lock behind it goes away with the process, even on
 * SIGKILL or power loss, so a stale lock never needs cleaning up (a PID file would). A second server on the
 * same file fails at start with a one-line StoreOpenError instead of taking over the file and marking the
 * first server's running jobs as interrupted. Several servers sharing one database need the PostgreSQL
 * store, with explicit job ownership.
 */
export class InstanceLock {
  private constructor(private readonly db: Database.Database) {}

  /**
   * Take the lock, waiting up to `waitMs` (a restart may race the old process's exit).
   * @throws StoreOpenError when another process (or another Store in this one) holds it
   */
  static acquire(lockPath: string, databasePath: string, waitMs = 1_000): InstanceLock {
    let db: Database.Database | null = null;
    try {
      db = new Database(lockPath);
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
      db.exec('BEGIN EXCLUSIVE');
      return new InstanceLock(db);
    } catch (e) {
      db?.close();
      const code = String((e as { code?: unknown }).code ?? '');
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        throw new StoreOpenError(databasePath, `another corridor server is using this database (it holds ${lockPath}); stop it first, or give this server its own DATABASE`);
      }
      throw new StoreOpenError(databasePath, `cannot take the instance lock ${lockPath}: ${String((e as Error).message ?? e).split('\n')[0]}`);
    }
  }

  /** Let another server take the file (on close). */
  release(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('ROLLBACK');
    } finally {
      this.db.close();
    }
  }
}
