/**
 * Choosing the store from the environment: DATABASE_URL (postgres:// or postgresql://) selects
 * PostgreSQL, anything else there is refused naming the variable; without it the embedded SQLite file
 * stays the default. A PostgreSQL server that cannot be used stops the real server process with one line
 * naming DATABASE_URL without its password (no server needed for that: nothing listens on port 1).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv, defaultConfig } from '../api/config.js';
import { openConfiguredStore } from '../api/open-store.js';
import { redactUrl } from '../api/pg-store.js';
import { spawnServer } from './support/server-process.js';

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('DATABASE_URL', () => {
  it('is off by default: SQLite at ./data/corridor.db, no server needed', () => {
    expect(defaultConfig()).toMatchObject({ databasePath: './data/corridor.db', databaseUrl: null });
    expect(configFromEnv({})).toMatchObject({ databasePath: './data/corridor.db', databaseUrl: null });
    const store = openConfiguredStore({ databasePath: ':memory:', databaseUrl: null });
    expect(store.backend).toBe('sqlite');
    void store.close();
  });

  it('postgres:// and postgresql:// select PostgreSQL; the URL is kept, and logged without its password', async () => {
    for (const url of ['postgres://u:s3cret@db.example:5433/corridor', 'postgresql://u:s3cret@db.example/corridor']) {
      expect(configFromEnv({ DATABASE_URL: ` ${url} ` }).databaseUrl).toBe(url);
    }
    const store = openConfiguredStore({ databasePath: ':memory:', databaseUrl: 'postgres://u:s3cret@127.0.0.1:1/corridor' });
    expect(store.backend).toBe('postgres');
    expect(store.exclusive).toBe(false);
    expect(store.location).toBe('postgres://u:***@127.0.0.1:1/corridor');
    await store.ready().catch(() => {});
    await store.close();
    expect(redactUrl('postgres://only-user@h/db')).toBe('postgres://only-user@h/db');
  });

  it('another scheme or a malformed URL is refused, naming DATABASE_URL and not echoing the password', () => {
    for (const bad of ['mysql://u:s3cret@h/db', 'sqlite:./x.db', 'postgres://u:s3cret@[bad/db']) {
      let message = '';
      try {
        configFromEnv({ DATABASE_URL: bad });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL must be a PostgreSQL URL/);
      expect(message).not.toContain('s3cret');
    }
  });

  it('the server process stops with one line naming DATABASE_URL (password hidden) and exit code 1 when PostgreSQL is unreachable', async () => {
    const { server, exited, stderr } = spawnServer({ DATABASE_URL: 'postgres://corridor:s3cret@127.0.0.1:1/corridor' }, children);
    await expect(server).rejects.toThrow();
    expect((await exited).code).toBe(1);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^corridor: DATABASE_URL=postgres:\/\/corridor:\*\*\*@127\.0\.0\.1:1\/corridor: cannot reach the PostgreSQL server .*; start it, or fix the host and port in DATABASE_URL$/);
    expect(lines[0]).not.toContain('s3cret');
  }, 120_000);
});
