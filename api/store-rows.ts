import type { StoredCandidate, StoredJob, StoredNetwork } from './store.js';

// Row → record, shared by both stores: SQLite and PostgreSQL name and type the columns alike (migrations
// in api/sqlite-store.ts and api/pg-store.ts).
export const toNetwork = (r: any): StoredNetwork => ({
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
export const toCandidate = (r: any): StoredCandidate => ({
  id: r.id,
  networkId: r.network_id,
  kind: r.kind,
  submission: r.submission,
  author: r.author,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const toJob = (r: any): StoredJob => ({
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
  owner: r.owner ?? null,
});
