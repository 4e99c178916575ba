import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

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
];

/** A network uploaded through the API, as stored (the GeoJSON text exactly as validated). */
export interface StoredNetwork {
  id: string;
  name: string;
  description: string | null;
  geojson: string;
  contentHash: string;
  nodeCount: number;
  linkCount: number;
  /** Links of the upload with status "candidate". */
  candidateLinkCount: number;
  createdAt: string;
}

/** A planner's candidate submission (a candidate link Feature or an upgrade), as stored. */
export interface StoredCandidate {
  /** The candidate id (link properties.id or upgrade id), unique within its network. */
  id: string;
  networkId: string;
  kind: 'link' | 'upgrade';
  /** The validated submission without author and notes, as JSON text. */
  submission: string;
  author: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job row. `error` is a problem object as JSON text; the result lives in `results` under inputHash. */
export interface StoredJob {
  id: string;
  kind: string;
  networkId: string;
  inputHash: string;
  request: string;
  status: JobStatus;
  progress: number;
  cached: boolean;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const toNetwork = (r: any): StoredNetwork => ({
  id: r.id,
  name: r.name,
  description: r.description,
  geojson: r.geojson,
  contentHash: r.content_hash,
  nodeCount: r.node_count,
  linkCount: r.link_count,
  candidateLinkCount: r.candidate_link_count,
  createdAt: r.created_at,
});
const toCandidate = (r: any): StoredCandidate => ({
  id: r.id,
  networkId: r.network_id,
  kind: r.kind,
  submission: r.submission,
  author: r.author,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toJob = (r: any): StoredJob => ({
  id: r.id,
  kind: r.kind,
  networkId: r.network_id,
  inputHash: r.input_hash,
  request: r.request,
  status: r.status,
  progress: r.progress,
  cached: r.cached === 1,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/**
 * The service's embedded SQLite store (better-sqlite3, synchronous). WAL journal with
 * `synchronous=FULL`: a write that returned has been fsynced, so a 201 survives SIGKILL and power loss.
 * @example const store = openStore('./data/corridor.db'); store.close();
 */
export class Store {
  readonly db: Database.Database;
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // A second process on the same file (e.g. a restart racing the old one's exit) waits instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  /** Versions recorded in schema_migrations, ascending. */
  appliedVersions(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(this.appliedVersions());
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, new Date().toISOString());
      })();
    }
  }

  // ---- networks ----
  insertNetwork(n: StoredNetwork): void {
    this.db
      .prepare('INSERT INTO networks (id, name, description, geojson, content_hash, node_count, link_count, candidate_link_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(n.id, n.name, n.description, n.geojson, n.contentHash, n.nodeCount, n.linkCount, n.candidateLinkCount, n.createdAt);
  }
  getNetwork(id: string): StoredNetwork | undefined {
    const r = this.db.prepare('SELECT * FROM networks WHERE id = ?').get(id);
    return r ? toNetwork(r) : undefined;
  }
  /** Uploaded networks without their GeoJSON (for listings). */
  listNetworks(): Omit<StoredNetwork, 'geojson'>[] {
    return this.db
      .prepare("SELECT id, name, description, content_hash, node_count, link_count, candidate_link_count, created_at, '' AS geojson FROM networks ORDER BY created_at, id")
      .all()
      .map((r) => {
        const { geojson: _g, ...rest } = toNetwork(r);
        return rest;
      });
  }
  networkIds(): string[] {
    return (this.db.prepare('SELECT id FROM networks').all() as { id: string }[]).map((r) => r.id);
  }
  /** Delete an uploaded network and its candidate submissions in one transaction. */
  deleteNetwork(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM candidates WHERE network_id = ?').run(id);
      return this.db.prepare('DELETE FROM networks WHERE id = ?').run(id).changes > 0;
    })();
  }

  // ---- candidates ----
  insertCandidate(c: StoredCandidate): void {
    this.db
      .prepare('INSERT INTO candidates (id, network_id, kind, submission, author, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, c.networkId, c.kind, c.submission, c.author, c.notes, c.createdAt, c.updatedAt);
  }
  getCandidate(networkId: string, id: string): StoredCandidate | undefined {
    const r = this.db.prepare('SELECT * FROM candidates WHERE network_id = ? AND id = ?').get(networkId, id);
    return r ? toCandidate(r) : undefined;
  }
  listCandidates(networkId: string): StoredCandidate[] {
    return this.db.prepare('SELECT * FROM candidates WHERE network_id = ? ORDER BY created_at, id').all(networkId).map(toCandidate);
  }
  countCandidates(networkId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM candidates WHERE network_id = ?').get(networkId) as { n: number }).n;
  }
  updateCandidate(c: StoredCandidate): void {
    this.db
      .prepare('UPDATE candidates SET kind = ?, submission = ?, author = ?, notes = ?, updated_at = ? WHERE network_id = ? AND id = ?')
      .run(c.kind, c.submission, c.author, c.notes, c.updatedAt, c.networkId, c.id);
  }
  deleteCandidate(networkId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM candidates WHERE network_id = ? AND id = ?').run(networkId, id).changes > 0;
  }

  // ---- jobs and results ----
  insertJob(j: StoredJob): void {
    this.db
      .prepare('INSERT INTO jobs (id, kind, network_id, input_hash, request, status, progress, cached, error, created_at, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(j.id, j.kind, j.networkId, j.inputHash, j.request, j.status, j.progress, j.cached ? 1 : 0, j.error, j.createdAt, j.startedAt, j.finishedAt);
  }
  getJob(id: string): StoredJob | undefined {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
    return r ? toJob(r) : undefined;
  }
  markJobRunning(id: string, startedAt: string): void {
    this.db.prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'").run(startedAt, id);
  }
  /** Finish a job; with a result, store it under the job's input hash in the same transaction. */
  finishJob(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, finishedAt: string, error: string | null, result?: { inputHash: string; kind: string; json: string; durationMs: number }): void {
    this.db.transaction(() => {
      if (result) {
        this.db
          .prepare('INSERT OR REPLACE INTO results (input_hash, kind, result, duration_ms, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(result.inputHash, result.kind, result.json, result.durationMs, finishedAt);
      }
      this.db
        .prepare("UPDATE jobs SET status = ?, progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END, error = ?, finished_at = ? WHERE id = ?")
        .run(status, status, error, finishedAt, id);
    })();
  }
  setJobProgress(id: string, progress: number): void {
    this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(progress, id);
  }
  getResult(inputHash: string): { json: string; durationMs: number } | undefined {
    const r = this.db.prepare('SELECT result, duration_ms FROM results WHERE input_hash = ?').get(inputHash) as { result: string; duration_ms: number } | undefined;
    return r ? { json: r.result, durationMs: r.duration_ms } : undefined;
  }
  /**
   * Jobs left queued or running by a previous process cannot resume (their worker died with it):
   * mark them failed so clients polling them get an answer. Returns how many were marked.
   */
  failInterruptedJobs(detail: string): number {
    const error = JSON.stringify({ code: 'INTERRUPTED', title: 'Job interrupted', detail });
    return this.db
      .prepare("UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE status IN ('queued', 'running')")
      .run(error, new Date().toISOString()).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Open (creating the folder and file if needed) and migrate the store. */
export function openStore(path: string): Store {
  return new Store(path);
}
