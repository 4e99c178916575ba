/**
 * A real PostgreSQL server for the tests that need one. The server is named by CORRIDOR_TEST_DATABASE_URL
 * (default postgres://corridor:corridor@127.0.0.1:5432/postgres, a role with CREATEDB); each test file
 * gets a fresh, uniquely named database and drops it afterwards. When the server cannot be reached the
 * tests skip with a warning naming the URL, except under CORRIDOR_REQUIRE_SERVERS=1 (CI), where they fail.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactUrl } from '../../api/pg-store.js';

export const TEST_SERVER_URL = process.env.CORRIDOR_TEST_DATABASE_URL?.trim() || 'postgres://corridor:corridor@127.0.0.1:5432/postgres';
export const SERVERS_REQUIRED = process.env.CORRIDOR_REQUIRE_SERVERS === '1';

/** Whether the server answers, and if not, why (one line). Checked once per test file, at import. */
async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return String((e as Error).message ?? e).split('\n')[0];
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();
if (unreachable !== null) {
  const what = `PostgreSQL at ${redactUrl(TEST_SERVER_URL)} is not reachable (${unreachable})`;
  if (SERVERS_REQUIRED) throw new Error(`${what}, and CORRIDOR_REQUIRE_SERVERS=1 says it must be: start it (see .ci/run) or fix CORRIDOR_TEST_DATABASE_URL`);
  console.warn(`SKIPPING the PostgreSQL tests: ${what}. Start it (pg_ctlcluster 15 main start) or set CORRIDOR_TEST_DATABASE_URL; CI sets CORRIDOR_REQUIRE_SERVERS=1 and fails instead.`);
}

/** Whether the PostgreSQL tests run here (false: skip them; the warning above was printed). */
export const postgresAvailable = unreachable === null;

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const u = new URL(TEST_SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Create a fresh database (UTF-8) and return its URL and a drop() that removes it (terminating its connections). */
export async function createTestDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `corridor_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(name),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
