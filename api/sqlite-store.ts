import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { InstanceLock } from './instance-lock.js';
import { StoreOpenError } from './store-open-error.js';
import { toCandidate, toJob, toNetwork } from './store-rows.js';
import { interruptedError, QUEUE_JOB_OWNER, type InterruptRule, type JobStatus, type ResultInput, type RetentionLimits, type Store, type StoredCandidate, type StoredJob, type StoredNetwork } from './store.js';

/**
 * Schema migrations, applied in order on start. Append new versions; never edit an applied one,
 * because `schema_migrations` records which versions a database file already has.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
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
        progress REAL NOT NULL DEFAULT 0,
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
        duration_ms REAL NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'sizes of results and candidates (for the retention and per-network limits), with covering indexes',
    sql: `
      ALTER TABLE results ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;
      UPDATE results SET size_bytes = length(CAST(result AS BLOB));
      CREATE INDEX results_age ON results (created_at, size_bytes);
      ALTER TABLE candidates ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;
      UPDATE candidates SET size_bytes = length(CAST(submission AS BLOB));
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
        started_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
    `,
  },
];

/** A SQLite (or file system) error while opening → what it means for the operator, in one line. */
function describeOpenError(e: unknown): string {
  const code = String((e as { code?: unknown }).code ?? '');
  const msg = String((e as Error).message ?? e).split('\n')[0];
  if (code === 'SQLITE_NOTADB') return `the file is not a SQLite database (corrupt, truncated or another kind of file): ${msg}; restore it from a backup or point DATABASE at a new file`;
  if (code.startsWith('SQLITE_CORRUPT')) return `the database is corrupt: ${msg}; restore it from a backup or point DATABASE at a new file`;
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') return `the database (or its folder) is read-only: ${msg}; the server needs to write it and its -wal/-shm files`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `the database is locked by another process: ${msg}`;
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOTDIR' || code === 'ENOENT') return `the file cannot be opened or created: ${msg}`;
  if (code === 'SQLITE_FULL') return `the disk is full: ${msg}`;
  if (code.startsWith('SQLITE_IOERR')) return `I/O error reading the database: ${msg}`;
  return `${code ? `${code}: ` : ''}${msg}`;
}

/**
 * The service's embedded SQLite store (better-sqlite3, synchronous). WAL journal with
 * `synchronous=FULL`: a write that returned has been fsynced, so a 201 survives SIGKILL and power loss.
 * @example const store = openStore('./data/corridor.db'); store.close();
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly exclusive: boolean;
  readonly db!: Database.Database;
  readonly path: string;
  private readonly lock: InstanceLock | null = null;

  /**
   * Open, check and migrate. One server per file: an instance lock (`<file>.lock`, see InstanceLock) is
   * taken first, so a second server on the same file stops with a StoreOpenError instead of marking the
   * first one's jobs as interrupted. `PRAGMA quick_check` runs before anything is written.
   * @throws StoreOpenError naming the file (corrupt, truncated, read-only, locked, in use)
   */
  constructor(path: string, options: { instanceLock?: boolean } = {}) {
    this.path = path;
    const memory = path === ':memory:';
    // ':memory:' is private to this connection, so no other process can share it either.
    this.exclusive = memory || options.instanceLock !== false;
    try {
      if (!memory) {
        mkdirSync(dirname(resolve(path)), { recursive: true });
        // SQLite silently opens a write-protected file read-only; say so now rather than on the first write.
        if (existsSync(path)) accessSync(path, constants.R_OK | constants.W_OK);
        if (options.instanceLock !== false) this.lock = InstanceLock.acquire(`${path}.lock`, path);
      }
      this.db = new Database(path);
      // A foreign process holding a lock (a backup, the sqlite3 shell) is waited for, not failed at once.
      this.db.pragma('busy_timeout = 5000');
      if (!memory) {
        // At most 5 problems are listed (a badly damaged file would list thousands); the message shows the first.
        const lines = (this.db.pragma('quick_check(5)') as Record<string, string>[]).flatMap((r) => String(Object.values(r)[0]).split('\n'));
        if (lines[0] !== 'ok') throw new StoreOpenError(path, `PRAGMA quick_check failed (first problem: ${lines[0] ?? 'no answer'}); restore the file from a backup or point DATABASE at a new file`);
      }
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
      // Can this server write? A file another program holds a write lock on fails here (after the busy
      // wait), once, with one line, instead of every write failing later.
      this.db.exec('BEGIN IMMEDIATE');
      this.db.exec('ROLLBACK');
    } catch (e) {
      if (this.db?.open) this.db.close();
      this.lock?.release();
      if (e instanceof StoreOpenError) throw e;
      throw new StoreOpenError(path, describeOpenError(e));
    }
  }

  get location(): string {
    return this.path;
  }

  /** Opened (or thrown) in the constructor already. */
  async ready(): Promise<void> {}

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Versions recorded in schema_migrations, ascending. */
  async appliedVersions(): Promise<number[]> {
    return this.versions();
  }

  private versions(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(this.versions());
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, new Date().toISOString());
      })();
    }
  }

  // ---- networks ----
  async insertNetwork(n: StoredNetwork): Promise<void> {
    this.db
      .prepare('INSERT INTO networks (id, name, description, geojson, content_hash, node_count, link_count, candidate_link_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(n.id, n.name, n.description, n.geojson, n.contentHash, n.nodeCount, n.linkCount, n.candidateLinkCount, n.createdAt);
  }
  async getNetwork(id: string): Promise<StoredNetwork | undefined> {
    const r = this.db.prepare('SELECT * FROM networks WHERE id = ?').get(id);
    return r ? toNetwork(r) : undefined;
  }
  async networkContentHash(id: string): Promise<string | undefined> {
    const r = this.db.prepare('SELECT content_hash FROM networks WHERE id = ?').get(id) as { content_hash: string } | undefined;
    return r?.content_hash;
  }
  /** Uploaded networks without their GeoJSON (for listings). */
  async listNetworks(): Promise<Omit<StoredNetwork, 'geojson'>[]> {
    return this.db
      .prepare("SELECT id, name, description, content_hash, node_count, link_count, candidate_link_count, created_at, '' AS geojson FROM networks ORDER BY created_at, id")
      .all()
      .map((r) => {
        const { geojson: _g, ...rest } = toNetwork(r);
        return rest;
      });
  }
  async networkIds(): Promise<string[]> {
    return (this.db.prepare('SELECT id FROM networks').all() as { id: string }[]).map((r) => r.id);
  }
  /** Delete an uploaded network and its candidate submissions in one transaction. */
  async deleteNetwork(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM candidates WHERE network_id = ?').run(id);
      return this.db.prepare('DELETE FROM networks WHERE id = ?').run(id).changes > 0;
    })();
  }

  // ---- candidates ----
  async insertCandidate(c: StoredCandidate): Promise<void> {
    this.db
      .prepare('INSERT INTO candidates (id, network_id, kind, submission, author, notes, created_at, updated_at, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, c.networkId, c.kind, c.submission, c.author, c.notes, c.createdAt, c.updatedAt, Buffer.byteLength(c.submission));
  }
  /** Ids of a network's candidates (no submission text read). */
  async candidateIds(networkId: string): Promise<string[]> {
    return (this.db.prepare('SELECT id FROM candidates WHERE network_id = ?').all(networkId) as { id: string }[]).map((r) => r.id);
  }
  /** The candidate (other than `exceptId`) that upgrades `targetId` in a network, if any. */
  async upgradeOf(networkId: string, targetId: string, exceptId: string | null): Promise<string | undefined> {
    const r = this.db
      .prepare("SELECT id FROM candidates WHERE network_id = ? AND kind = 'upgrade' AND json_extract(submission, '$.target.id') = ? AND id IS NOT ? ORDER BY created_at, id LIMIT 1")
      .get(networkId, targetId, exceptId) as { id: string } | undefined;
    return r?.id;
  }
  /** Total bytes of a network's candidate submissions (from the covering index). */
  async candidateBytes(networkId: string): Promise<number> {
    return (this.db.prepare('SELECT COALESCE(SUM(size_bytes), 0) AS n FROM candidates WHERE network_id = ?').get(networkId) as { n: number }).n;
  }
  async getCandidate(networkId: string, id: string): Promise<StoredCandidate | undefined> {
    const r = this.db.prepare('SELECT * FROM candidates WHERE network_id = ? AND id = ?').get(networkId, id);
    return r ? toCandidate(r) : undefined;
  }
  async listCandidates(networkId: string): Promise<StoredCandidate[]> {
    return this.db.prepare('SELECT * FROM candidates WHERE network_id = ? ORDER BY created_at, id').all(networkId).map(toCandidate);
  }
  async countCandidates(networkId: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM candidates WHERE network_id = ?').get(networkId) as { n: number }).n;
  }
  async updateCandidate(c: StoredCandidate): Promise<void> {
    this.db
      .prepare('UPDATE candidates SET kind = ?, submission = ?, author = ?, notes = ?, updated_at = ?, size_bytes = ? WHERE network_id = ? AND id = ?')
      .run(c.kind, c.submission, c.author, c.notes, c.updatedAt, Buffer.byteLength(c.submission), c.networkId, c.id);
  }
  async deleteCandidate(networkId: string, id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM candidates WHERE network_id = ? AND id = ?').run(networkId, id).changes > 0;
  }

  // ---- jobs and results ----
  async insertJob(j: StoredJob): Promise<void> {
    this.db
      .prepare('INSERT INTO jobs (id, kind, network_id, input_hash, request, status, progress, cached, error, created_at, started_at, finished_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(j.id, j.kind, j.networkId, j.inputHash, j.request, j.status, j.progress, j.cached ? 1 : 0, j.error, j.createdAt, j.startedAt, j.finishedAt, j.owner ?? null);
  }
  async getJob(id: string): Promise<StoredJob | undefined> {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
    return r ? toJob(r) : undefined;
  }
  async markJobRunning(id: string, startedAt: string): Promise<void> {
    this.db.prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'").run(startedAt, id);
  }
  /** Finish a job; with a result, store it under the job's input hash in the same transaction. */
  async finishJob(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, finishedAt: string, error: string | null, result?: ResultInput): Promise<void> {
    this.db.transaction(() => {
      if (result) {
        this.db
          .prepare('INSERT OR REPLACE INTO results (input_hash, kind, result, duration_ms, created_at, size_bytes) VALUES (?, ?, ?, ?, ?, ?)')
          .run(result.inputHash, result.kind, result.json, result.durationMs, finishedAt, Buffer.byteLength(result.json));
      }
      this.db
        // Only an unfinished job: two followers of one queued job (a restarted API, a second API process) may
        // both report its end, and a cancel must not be overwritten by a later "lost" report.
        .prepare("UPDATE jobs SET status = ?, progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END, error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')")
        .run(status, status, error, finishedAt, id);
    })();
  }
  async setJobProgress(id: string, progress: number): Promise<void> {
    this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(progress, id);
  }
  async unfinishedJobs(): Promise<StoredJob[]> {
    return this.db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id").all().map(toJob);
  }
  async getResult(inputHash: string): Promise<{ json: string; durationMs: number } | undefined> {
    const r = this.db.prepare('SELECT result, duration_ms FROM results WHERE input_hash = ?').get(inputHash) as { result: string; duration_ms: number } | undefined;
    return r ? { json: r.result, durationMs: r.duration_ms } : undefined;
  }
  /** Whether a result is stored (without reading it). */
  async hasResult(inputHash: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM results WHERE input_hash = ?').get(inputHash) !== undefined;
  }
  /**
   * A stored result as UTF-8 bytes, straight from SQLite (no JS string is built; the bytes are sent as they are).
   */
  async getResultBytes(inputHash: string): Promise<Buffer | undefined> {
    const r = this.db.prepare('SELECT CAST(result AS BLOB) AS b FROM results WHERE input_hash = ?').get(inputHash) as { b: Buffer } | undefined;
    return r?.b;
  }
  /** Bytes of all stored results (from the covering index). */
  async resultBytes(): Promise<number> {
    return this.totalResultBytes();
  }
  private totalResultBytes(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(size_bytes), 0) AS n FROM results').get() as { n: number }).n;
  }
  /**
   * Retention: delete results older than `resultMaxAgeMs`, then the oldest results until the rest fit in
   * `resultsMaxBytes` (never `keepInputHash`, the one just stored), with the jobs that point at them; and
   * finished jobs older than `jobMaxAgeMs`. A deleted job answers 404. Returns what was deleted.
   */
  async prune(limits: RetentionLimits, now = Date.now(), keepInputHash: string | null = null): Promise<{ results: number; jobs: number; bytes: number }> {
    return this.db.transaction(() => {
      const cutoff = new Date(now - limits.resultMaxAgeMs).toISOString();
      const doomed = this.db.prepare('SELECT input_hash AS h, size_bytes AS n FROM results WHERE created_at < ? AND input_hash IS NOT ?').all(cutoff, keepInputHash) as { h: string; n: number }[];
      let total = this.totalResultBytes() - doomed.reduce((a, r) => a + r.n, 0);
      if (total > limits.resultsMaxBytes) {
        const byAge = this.db.prepare('SELECT input_hash AS h, size_bytes AS n FROM results WHERE created_at >= ? AND input_hash IS NOT ? ORDER BY created_at, input_hash').iterate(cutoff, keepInputHash) as IterableIterator<{ h: string; n: number }>;
        for (const r of byAge) {
          if (total <= limits.resultsMaxBytes) break;
          doomed.push(r);
          total -= r.n;
        }
      }
      const delResult = this.db.prepare('DELETE FROM results WHERE input_hash = ?');
      const delJobs = this.db.prepare("DELETE FROM jobs WHERE input_hash = ? AND status IN ('succeeded', 'failed', 'cancelled')");
      let jobs = 0;
      let bytes = 0;
      for (const r of doomed) {
        delResult.run(r.h);
        jobs += delJobs.run(r.h).changes;
        bytes += r.n;
      }
      const jobCutoff = new Date(now - limits.jobMaxAgeMs).toISOString();
      jobs += this.db
        .prepare("DELETE FROM jobs WHERE finished_at < ? AND status IN ('succeeded', 'failed', 'cancelled') AND input_hash IS NOT ?")
        .run(jobCutoff, keepInputHash).changes;
      return { results: doomed.length, jobs, bytes };
    })();
  }
  async heartbeat(instanceId: string): Promise<void> {
    const now = new Date().toISOString();
    this.db.prepare('INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at').run(instanceId, now, now);
  }
  async forgetInstance(instanceId: string): Promise<void> {
    this.db.prepare('DELETE FROM instances WHERE id = ?').run(instanceId);
  }
  async failInterruptedJobs(detail: string, rule: InterruptRule = {}): Promise<number> {
    const now = Date.now();
    // '' never is an instance id: without a self id, no owner is spared for being this process.
    const self = rule.selfInstanceId ?? '';
    const live = rule.staleAfterMs === undefined ? '' : ' AND owner NOT IN (SELECT id FROM instances WHERE heartbeat_at >= @cutoff)';
    return this.db
      .prepare(`UPDATE jobs SET status = 'failed', error = @error, finished_at = @now WHERE status IN ('queued', 'running') AND (owner IS NULL OR (owner <> @queue AND owner <> @self${live}))`)
      .run({ error: interruptedError(detail), now: new Date(now).toISOString(), queue: QUEUE_JOB_OWNER, self, ...(rule.staleAfterMs === undefined ? {} : { cutoff: new Date(now - rule.staleAfterMs).toISOString() }) }).changes;
  }

  async close(): Promise<void> {
    this.closeNow();
  }
  /** Close at once (synchronous: tests and error paths). */
  closeNow(): void {
    if (this.db.open) this.db.close();
    this.lock?.release();
  }
}
