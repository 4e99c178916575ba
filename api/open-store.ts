import { isPostgresUrl, PgStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Open (creating the folder and file if needed), check and migrate the embedded SQLite store. Synchronous:
 * a bad file throws StoreOpenError here.
 * @example const store = openStore('./data/corridor.db'); await store.close();
 */
export function openStore(path: string, options: { instanceLock?: boolean } = {}): SqliteStore {
  return new SqliteStore(path, options);
}

/**
 * The store the configuration names: PostgreSQL when `databaseUrl` is a postgres:// or postgresql:// URL
 * (DATABASE_URL), else the SQLite file `databasePath` (DATABASE, the default: no server needed). A PgStore
 * connects and migrates in the background; await `store.ready()` (createApp's `ready` does) to see a
 * StoreOpenError.
 */
export function openConfiguredStore(config: { databasePath: string; databaseUrl?: string | null }): Store {
  if (config.databaseUrl && isPostgresUrl(config.databaseUrl)) return new PgStore(config.databaseUrl);
  return openStore(config.databasePath);
}
