import pg from 'pg';
import { redactUrl } from '../src/shared/index.js';
import { StoreOpenError } from './store-open-error.js';
import { toCandidate, toJob, toNetwork } from './store-rows.js';
import { interruptedError, QUEUE_JOB_OWNER, type InterruptRule, type JobStatus, type ResultInput, type RetentionLimits, type Store, type StoredCandidate, type StoredJob, type StoredNetwork } from './store.js';

/** Whether DATABASE_URL names a PostgreSQL server. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url.trim());

export { redactUrl };

/**
 * PostgreSQL migrations, applied in order under an advisory lock (two API processes starting at once
 * apply each version once). Same tables and columns as the SQLite ones (sqlite-store.ts MIGRATIONS):
 * timestamps are ISO-8601 text, as the API sends them; instance heartbeats use the server's clock
 * (timestamptz), so the processes' clocks need not agree. Append new versions; never edit an applied one.
 */
export const PG_MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'uploaded networks, candidate submissions, jobs and the result cache',
    sql: `
      CREATE TABLE networks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        geojson TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        node_count INTEGER NOT NULL,
        link_count INTEGER NOT NULL,
        candidate_link_count INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE candidates (
        network_id TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'upgrade')),
        submission TEXT NOT NULL,
        author TEXT,
        notes TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (network_id, id)
      );
      CREATE INDEX candidates_created ON candidates (network_id, created_at);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        network_id TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        request TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        progress DOUBLE PRECISION NOT NULL DEFAULT 0,
        cached INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX jobs_status ON jobs (status);
      CREATE TABLE results (
        input_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        result TEXT NOT NULL,
        duration_ms DOUBLE PRECISION NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'sizes of results and candidates (for the retention and per-network limits), with covering indexes',
    sql: `
      ALTER TABLE results ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;
      UPDATE results SET size_bytes = octet_length(result);
      CREATE INDEX results_age ON results (created_at, size_bytes);
      ALTER TABLE candidates ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;
      UPDATE candidates SET size_bytes = octet_length(submission);
      CREATE INDEX candidates_size ON candidates (network_id, size_bytes);
      CREATE INDEX jobs_finished ON jobs (finished_at);
      CREATE INDEX jobs_input ON jobs (input_hash);
    `,
  },
  {
    version: 3,
    description: 'job owners (the API instance running a job, or the queue) and instance heartbeats',
    sql: `
      ALTER TABLE jobs ADD COLUMN owner TEXT;
      CREATE INDEX jobs_owner ON jobs (owner, status);
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        started_at TIMESTAMPTZ NOT NULL,
        heartbeat_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];

/** Advisory lock keys (any two constants unlikely to clash with another application's on the same server). */
const MIGRATION_LOCK = 0x636f7272; // 'corr'
const PRUNE_LOCK = 0x636f7273;

/** A pg (or socket) error while opening → what it means for the operator, in one line. */
function describeOpenError(e: unknown, url: URL | null): string {
  const code = String((e as { code?: unknown }).code ?? '');
  const msg = String((e as Error).message ?? e).split('\n')[0];
  const db = url?.pathname.replace(/^\//, '') || '(default)';
  const user = url?.username || '(default)';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || /timeout/i.test(msg)) {
    return `cannot reach the PostgreSQL server (${msg}); start it, or fix the host and port in DATABASE_URL`;
  }
  if (code === '28P01' || code === '28000') return `PostgreSQL refused the login of user "${user}" (${msg}); fix the user and password in DATABASE_URL, or the server's pg_hba.conf`;
  if (code === '3D000') return `database "${db}" does not exist (${msg}); create it (createdb ${db}) or name an existing one in DATABASE_URL`;
  if (code === '42501') return `user "${user}" may not create the tables (${msg}); grant it CREATE on the database, or apply the migrations as its owner`;
  return `${code ? `${code}: ` : ''}${msg}`;
}

/** COUNT and SUM of BIGINT come back as text (pg does not guess at 64-bit integers). */
const num = (v: unknown): number => Number(v ?? 0);

/**
 * The store on PostgreSQL (the `pg` driver, one connection pool), for several API processes on one
 * database. Connects and migrates in the background from the constructor (so createApp stays
 * synchronous); every method waits for that, and ready() reports a failure as a StoreOpenError naming the
 * URL without its password. A write that resolved is committed (synchronous_commit=on, the server default),
 * so an acknowledged write survives SIGKILL of the API process.
 * @example const store = new PgStore('postgres://corridor:secret@db/corridor'); await store.ready();
 */
export class PgStore implements Store {
  readonly backend = 'postgres' as const;
  readonly exclusive = false;
  readonly location: string;
  readonly pool: pg.Pool;
  private readonly opened: Promise<void>;

  constructor(url: string, options: { max?: number } = {}) {
    this.location = redactUrl(url);
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // reported by the pool's connect below
    }
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection (server restart) must not crash the process: the pool drops it
    // and the next query opens a new one (or fails that request with a 500).
    this.pool.on('error', () => {});
    this.opened = this.migrate().catch(async (e: unknown) => {
      await this.pool.end().catch(() => {});
      throw e instanceof StoreOpenError ? e : new StoreOpenError(this.location, describeOpenError(e, parsed), 'DATABASE_URL');
    });
    // Unobserved until ready() or the first query; never an unhandled rejection.
    this.opened.catch(() => {});
  }

  ready(): Promise<void> {
    return this.opened;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Session-level lock: a second process starting now waits here, then finds every version applied.
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
        for (const m of PG_MIGRATIONS) {
          if (applied.has(m.version)) continue;
          await client.query('BEGIN');
          try {
            await client.query(m.sql);
            await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [m.version, m.description, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (e) {
            await client.query('ROLLBACK');
            throw e;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  private async q<R extends pg.QueryResultRow = any>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    await this.opened;
    return this.pool.query<R>(sql, params);
  }

  /** Run `fn` in one transaction on one client (rolled back when it throws). */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.opened;
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async ping(): Promise<void> {
    await this.q('SELECT 1');
  }

  async appliedVersions(): Promise<number[]> {
    return (await this.q<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  }

  // ---- networks ----
  async insertNetwork(n: StoredNetwork): Promise<void> {
    await this.q('INSERT INTO networks (id, name, description, geojson, content_hash, node_count, link_count, candidate_link_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      n.id,
      n.name,
      n.description,
      n.geojson,
      n.contentHash,
      n.nodeCount,
      n.linkCount,
      n.candidateLinkCount,
      n.createdAt,
    ]);
  }
  async getNetwork(id: string): Promise<StoredNetwork | undefined> {
    const r = (await this.q('SELECT * FROM networks WHERE id = $1', [id])).rows[0];
    return r ? toNetwork(r) : undefined;
  }
  async networkContentHash(id: string): Promise<string | undefined> {
    return (await this.q<{ content_hash: string }>('SELECT content_hash FROM networks WHERE id = $1', [id])).rows[0]?.content_hash;
  }
  async listNetworks(): Promise<Omit<StoredNetwork, 'geojson'>[]> {
    const rows = (await this.q("SELECT id, name, description, content_hash, node_count, link_count, candidate_link_count, created_at, '' AS geojson FROM networks ORDER BY created_at, id")).rows;
    return rows.map((r) => {
      const { geojson: _g, ...rest } = toNetwork(r);
      return rest;
    });
  }
  async networkIds(): Promise<string[]> {
    return (await this.q<{ id: string }>('SELECT id FROM networks')).rows.map((r) => r.id);
  }
  async deleteNetwork(id: string): Promise<boolean> {
    return this.tx(async (c) => {
      await c.query('DELETE FROM candidates WHERE network_id = $1', [id]);
      return ((await c.query('DELETE FROM networks WHERE id = $1', [id])).rowCount ?? 0) > 0;
    });
  }

  // ---- candidates ----
  async insertCandidate(c: StoredCandidate): Promise<void> {
    await this.q('INSERT INTO candidates (id, network_id, kind, submission, author, notes, created_at, updated_at, size_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      c.id,
      c.networkId,
      c.kind,
      c.submission,
      c.author,
      c.notes,
      c.createdAt,
      c.updatedAt,
      Buffer.byteLength(c.submission),
    ]);
  }
  async candidateIds(networkId: string): Promise<string[]> {
    return (await this.q<{ id: string }>('SELECT id FROM candidates WHERE network_id = $1', [networkId])).rows.map((r) => r.id);
  }
  async upgradeOf(networkId: string, targetId: string, exceptId: string | null): Promise<string | undefined> {
    const r = await this.q<{ id: string }>(
      "SELECT id FROM candidates WHERE network_id = $1 AND kind = 'upgrade' AND submission::jsonb -> 'target' ->> 'id' = $2 AND id IS DISTINCT FROM $3 ORDER BY created_at, id LIMIT 1",
      [networkId, targetId, exceptId],
    );
    return r.rows[0]?.id;
  }
  async candidateBytes(networkId: string): Promise<number> {
    return num((await this.q('SELECT COALESCE(SUM(size_bytes), 0) AS n FROM candidates WHERE network_id = $1', [networkId])).rows[0].n);
  }
  async getCandidate(networkId: string, id: string): Promise<StoredCandidate | undefined> {
    const r = (await this.q('SELECT * FROM candidates WHERE network_id = $1 AND id = $2', [networkId, id])).rows[0];
    return r ? toCandidate(r) : undefined;
  }
  async listCandidates(networkId: string): Promise<StoredCandidate[]> {
    return (await this.q('SELECT * FROM candidates WHERE network_id = $1 ORDER BY created_at, id', [networkId])).rows.map(toCandidate);
  }
  async countCandidates(networkId: string): Promise<number> {
    return num((await this.q('SELECT COUNT(*) AS n FROM candidates WHERE network_id = $1', [networkId])).rows[0].n);
  }
  async updateCandidate(c: StoredCandidate): Promise<void> {
    await this.q('UPDATE candidates SET kind = $1, submission = $2, author = $3, notes = $4, updated_at = $5, size_bytes = $6 WHERE network_id = $7 AND id = $8', [
      c.kind,
      c.submission,
      c.author,
      c.notes,
      c.updatedAt,
      Buffer.byteLength(c.submission),
      c.networkId,
      c.id,
    ]);
  }
  async deleteCandidate(networkId: string, id: string): Promise<boolean> {
    return ((await this.q('DELETE FROM candidates WHERE network_id = $1 AND id = $2', [networkId, id])).rowCount ?? 0) > 0;
  }

  // ---- jobs and results ----
  async insertJob(j: StoredJob): Promise<void> {
    await this.q('INSERT INTO jobs (id, kind, network_id, input_hash, request, status, progress, cached, error, created_at, started_at, finished_at, owner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', [
      j.id,
      j.kind,
      j.networkId,
      j.inputHash,
      j.request,
      j.status,
      j.progress,
      j.cached ? 1 : 0,
      j.error,
      j.createdAt,
      j.startedAt,
      j.finishedAt,
      j.owner ?? null,
    ]);
  }
  async getJob(id: string): Promise<StoredJob | undefined> {
    const r = (await this.q('SELECT * FROM jobs WHERE id = $1', [id])).rows[0];
    return r ? toJob(r) : undefined;
  }
  async markJobRunning(id: string, startedAt: string): Promise<void> {
    await this.q("UPDATE jobs SET status = 'running', started_at = $1 WHERE id = $2 AND status = 'queued'", [startedAt, id]);
  }
  async finishJob(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, finishedAt: string, error: string | null, result?: ResultInput): Promise<void> {
    await this.tx(async (c) => {
      if (result) {
        await c.query(
          'INSERT INTO results (input_hash, kind, result, duration_ms, created_at, size_bytes) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (input_hash) DO UPDATE SET kind = excluded.kind, result = excluded.result, duration_ms = excluded.duration_ms, created_at = excluded.created_at, size_bytes = excluded.size_bytes',
          [result.inputHash, result.kind, result.json, result.durationMs, finishedAt, Buffer.byteLength(result.json)],
        );
      }
      // Only an unfinished job (see Store.finishJob).
      await c.query("UPDATE jobs SET status = $1, progress = CASE WHEN $1 = 'succeeded' THEN 1 ELSE progress END, error = $2, finished_at = $3 WHERE id = $4 AND status IN ('queued', 'running')", [status, error, finishedAt, id]);
    });
  }
  async setJobProgress(id: string, progress: number): Promise<void> {
    await this.q('UPDATE jobs SET progress = $1 WHERE id = $2', [progress, id]);
  }
  async unfinishedJobs(): Promise<StoredJob[]> {
    return (await this.q("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id")).rows.map(toJob);
  }
  async getResult(inputHash: string): Promise<{ json: string; durationMs: number } | undefined> {
    const r = (await this.q<{ result: string; duration_ms: number }>('SELECT result, duration_ms FROM results WHERE input_hash = $1', [inputHash])).rows[0];
    return r ? { json: r.result, durationMs: r.duration_ms } : undefined;
  }
  async hasResult(inputHash: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM results WHERE input_hash = $1', [inputHash])).rows.length > 0;
  }
  /** The server converts the text to UTF-8 bytes (bytea → Buffer): no JS string is built. */
  async getResultBytes(inputHash: string): Promise<Buffer | undefined> {
    return (await this.q<{ b: Buffer }>("SELECT convert_to(result, 'UTF8') AS b FROM results WHERE input_hash = $1", [inputHash])).rows[0]?.b;
  }
  async resultBytes(): Promise<number> {
    return num((await this.q('SELECT COALESCE(SUM(size_bytes), 0) AS n FROM results')).rows[0].n);
  }
  async prune(limits: RetentionLimits, now = Date.now(), keepInputHash: string | null = null): Promise<{ results: number; jobs: number; bytes: number }> {
    return this.tx(async (c) => {
      // Two processes pruning at once would both count the same bytes; one at a time.
      await c.query('SELECT pg_advisory_xact_lock($1)', [PRUNE_LOCK]);
      const cutoff = new Date(now - limits.resultMaxAgeMs).toISOString();
      const doomed = (await c.query('SELECT input_hash AS h, size_bytes AS n FROM results WHERE created_at < $1 AND input_hash IS DISTINCT FROM $2', [cutoff, keepInputHash])).rows.map((r) => ({ h: r.h as string, n: num(r.n) }));
      let total = num((await c.query('SELECT COALESCE(SUM(size_bytes), 0) AS n FROM results')).rows[0].n) - doomed.reduce((a, r) => a + r.n, 0);
      if (total > limits.resultsMaxBytes) {
        const byAge = (await c.query('SELECT input_hash AS h, size_bytes AS n FROM results WHERE created_at >= $1 AND input_hash IS DISTINCT FROM $2 ORDER BY created_at, input_hash', [cutoff, keepInputHash])).rows;
        for (const r of byAge) {
          if (total <= limits.resultsMaxBytes) break;
          doomed.push({ h: r.h, n: num(r.n) });
          total -= num(r.n);
        }
      }
      let jobs = 0;
      let bytes = 0;
      for (const r of doomed) {
        await c.query('DELETE FROM results WHERE input_hash = $1', [r.h]);
        jobs += (await c.query("DELETE FROM jobs WHERE input_hash = $1 AND status IN ('succeeded', 'failed', 'cancelled')", [r.h])).rowCount ?? 0;
        bytes += r.n;
      }
      const jobCutoff = new Date(now - limits.jobMaxAgeMs).toISOString();
      jobs += (await c.query("DELETE FROM jobs WHERE finished_at < $1 AND status IN ('succeeded', 'failed', 'cancelled') AND input_hash IS DISTINCT FROM $2", [jobCutoff, keepInputHash])).rowCount ?? 0;
      return { results: doomed.length, jobs, bytes };
    });
  }

  // ---- instances ----
  async heartbeat(instanceId: string): Promise<void> {
    await this.q('INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, now(), now()) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()', [instanceId]);
  }
  async forgetInstance(instanceId: string): Promise<void> {
    await this.q('DELETE FROM instances WHERE id = $1', [instanceId]);
  }
  async failInterruptedJobs(detail: string, rule: InterruptRule = {}): Promise<number> {
    const params: unknown[] = [interruptedError(detail), new Date().toISOString(), QUEUE_JOB_OWNER, rule.selfInstanceId ?? ''];
    let live = '';
    if (rule.staleAfterMs !== undefined) {
      params.push(rule.staleAfterMs / 1000);
      // The server's clock on both sides of the comparison (heartbeat() writes now()).
      live = ' AND owner NOT IN (SELECT id FROM instances WHERE heartbeat_at >= now() - make_interval(secs => $5))';
    }
    const r = await this.q(`UPDATE jobs SET status = 'failed', error = $1, finished_at = $2 WHERE status IN ('queued', 'running') AND (owner IS NULL OR (owner <> $3 AND owner <> $4${live}))`, params);
    return r.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.opened.catch(() => {});
    if (!this.pool.ended) await this.pool.end();
  }
}
