import { createHash, randomUUID } from 'node:crypto';
import { BUILTIN_NETWORKS, isBuiltinNetwork, loadBuiltinNetwork } from '../networks/index.js';
import { buildNetwork, validateNetworkGeoJson, networkToGeoJson, type Network } from '../src/network/index.js';
import { closestNames, NotFoundError, type Problem } from '../src/shared/index.js';
import { ByteLru } from './byte-lru.js';
import { HttpProblem } from './problem.js';
import type { Store } from './store.js';

/** A network the API can serve, with the hash of its content (the cache key of results computed on it). */
export interface ResolvedNetwork {
  network: Network;
  builtin: boolean;
  /** sha256 of the resolved GeoJSON (every default filled in), hex. */
  contentHash: string;
  /** The resolved GeoJSON (networkToGeoJson) as JSON text, served as is by GET /networks/:id. */
  geojsonText: string;
  /** An upload's content hash as stored (compared with the store's on every use); undefined for built-ins. */
  storedHash?: string;
}

/** One row of GET /networks. */
export interface NetworkSummary {
  id: string;
  name: string;
  description: string | null;
  builtin: boolean;
  nodeCount: number | null;
  linkCount: number | null;
  candidateLinkCount: number | null;
  submittedCandidateCount: number;
  contentHash: string | null;
  createdAt: string | null;
  /** Set when a built-in network's data cannot be loaded (a deployment problem). */
  error?: string;
}

export interface NetworkLimits {
  maxNetworkNodes: number;
  maxNetworkLinks: number;
  maxUploadedNetworks: number;
  /** Memory budget of the parsed networks kept, bytes (default: no bound). */
  networkCacheBytes?: number;
}

/**
 * Memory a parsed network takes per character of its resolved GeoJSON text: the text itself (1), the
 * Network (≈ 1.6) and the route graph and indexes its first search builds (≈ 3.3). Measured with
 * `node --expose-gc` on a 4,000-node / 20,932-link synthetic network (9.3 MB of text, 45 MB of heap routed).
 */
export const NETWORK_BYTES_PER_TEXT_CHAR = 6;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function resolved(network: Network, builtin: boolean): ResolvedNetwork {
  const geojsonText = JSON.stringify(networkToGeoJson(network));
  return { network, builtin, geojsonText, contentHash: sha256(geojsonText) };
}

/**
 * Built-in networks (from networks/) and networks uploaded through the API (from the store), behind
 * one lookup. Built networks are kept in an LRU with a memory budget (`networkCacheBytes`, estimated by
 * NETWORK_BYTES_PER_TEXT_CHAR): a network dropped from it is rebuilt from the store on its next use.
 *
 * Several API processes may share one (PostgreSQL) store, so this cache is only a cache of parsing, never
 * of existence: a miss reads the store (a network uploaded through another process is found), and every
 * use of a kept upload first asks the store for its content hash (one primary-key lookup, no GeoJSON
 * read). A network deleted through another process is then a 404 here at once, never served from memory;
 * an id whose content changed (not possible through the API: ids are random and uploads immutable) is
 * rebuilt. Built-ins are files of this deployment and are kept without a check.
 */
export class NetworkRegistry {
  private readonly cache: ByteLru<string, ResolvedNetwork>;
  constructor(
    private readonly store: Store,
    private readonly limits: NetworkLimits,
  ) {
    this.cache = new ByteLru(limits.networkCacheBytes ?? Number.POSITIVE_INFINITY);
  }

  /** Networks kept parsed now, and their estimated bytes. */
  cacheStats(): { networks: number; bytes: number; budgetBytes: number } {
    return { networks: this.cache.size, bytes: this.cache.bytes, budgetBytes: this.cache.budgetBytes };
  }

  private keep(id: string, r: ResolvedNetwork): void {
    this.cache.set(id, r, r.geojsonText.length * NETWORK_BYTES_PER_TEXT_CHAR);
  }

  /** Every known network id (built-in first). */
  async ids(): Promise<string[]> {
    return [...BUILTIN_NETWORKS.map((n) => n.id), ...(await this.store.networkIds())];
  }

  /** Resolve an id; unknown → NotFoundError with the closest ids. */
  async get(id: string): Promise<ResolvedNetwork> {
    const builtin = isBuiltinNetwork(id);
    const hit = this.cache.get(id);
    if (hit && builtin) return hit;
    if (hit) {
      const hash = await this.store.networkContentHash(id);
      if (hash === hit.storedHash) return hit;
      this.cache.delete(id);
    }
    let r: ResolvedNetwork;
    if (builtin) {
      r = resolved(loadBuiltinNetwork(id), true);
    } else {
      const stored = await this.store.getNetwork(id);
      if (!stored) throw new NotFoundError('network', id, closestNames(id, await this.ids(), 5));
      r = { ...resolved(buildNetwork(JSON.parse(stored.geojson), { id: stored.id, name: stored.name }), false), storedHash: stored.contentHash };
    }
    this.keep(id, r);
    return r;
  }

  /** Built-in and uploaded networks with their counts. A built-in whose data fails to load is listed with `error`. */
  async list(): Promise<NetworkSummary[]> {
    const out: NetworkSummary[] = [];
    for (const info of BUILTIN_NETWORKS) {
      const submittedCandidateCount = await this.store.countCandidates(info.id);
      try {
        const r = await this.get(info.id);
        out.push(summary(r, submittedCandidateCount, null));
      } catch (e) {
        out.push({ id: info.id, name: info.name, description: info.description, builtin: true, nodeCount: null, linkCount: null, candidateLinkCount: null, submittedCandidateCount, contentHash: null, createdAt: null, error: (e as Error).message });
      }
    }
    for (const s of await this.store.listNetworks()) {
      out.push({
        id: s.id,
        name: s.name,
        description: s.description,
        builtin: false,
        nodeCount: s.nodeCount,
        linkCount: s.linkCount,
        candidateLinkCount: s.candidateLinkCount,
        submittedCandidateCount: await this.store.countCandidates(s.id),
        contentHash: s.contentHash,
        createdAt: s.createdAt,
      });
    }
    return out;
  }

  /**
   * Validate and store an uploaded network GeoJSON. Too many features → 413; problems → 422 with every
   * problem (from buildNetwork's validation). Returns the summary with the new id.
   */
  async upload(geojson: { features: unknown[]; name?: unknown; description?: unknown }): Promise<NetworkSummary> {
    let nodes = 0;
    let links = 0;
    for (const f of geojson.features) {
      const type = (f as { geometry?: { type?: unknown } } | null)?.geometry?.type;
      if (type === 'Point') nodes++;
      else if (type === 'LineString') links++;
    }
    if (nodes > this.limits.maxNetworkNodes || links > this.limits.maxNetworkLinks) {
      throw new HttpProblem('payload-too-large', `network has ${nodes} nodes and ${links} links; at most ${this.limits.maxNetworkNodes} nodes and ${this.limits.maxNetworkLinks} links are accepted`, { nodeCount: nodes, linkCount: links, maxNetworkNodes: this.limits.maxNetworkNodes, maxNetworkLinks: this.limits.maxNetworkLinks });
    }
    if ((await this.store.networkIds()).length >= this.limits.maxUploadedNetworks) {
      throw new HttpProblem('conflict', `the server keeps at most ${this.limits.maxUploadedNetworks} uploaded networks; delete one first`);
    }
    const id = `net-${randomUUID().slice(0, 8)}`;
    const report = validateNetworkGeoJson(geojson, { id });
    if (!report.network) {
      throw new HttpProblem('inconsistent-network', `the network has ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}: ${report.problems[0].message}`, { problems: report.problems.map(asBodyProblem), warnings: report.warnings });
    }
    const network = report.network;
    const r: ResolvedNetwork = { ...resolved(network, false), storedHash: '' };
    r.storedHash = r.contentHash;
    const createdAt = new Date().toISOString();
    await this.store.insertNetwork({
      id,
      name: network.name,
      description: network.description,
      geojson: JSON.stringify(geojson),
      contentHash: r.contentHash,
      nodeCount: network.nodes.length,
      linkCount: network.links.length,
      candidateLinkCount: network.links.filter((l) => l.status === 'candidate').length,
      createdAt,
    });
    this.keep(id, r);
    return { ...summary(r, 0, createdAt), warnings: network.warnings } as NetworkSummary;
  }

  /** Delete an uploaded network (and its candidates). Built-ins → 403. */
  async delete(id: string): Promise<void> {
    if (isBuiltinNetwork(id)) throw new HttpProblem('forbidden', `"${id}" is a built-in network and cannot be deleted`);
    this.cache.delete(id);
    if (!(await this.store.deleteNetwork(id))) throw new NotFoundError('network', id, closestNames(id, await this.ids(), 5));
  }
}

function summary(r: ResolvedNetwork, submittedCandidateCount: number, createdAt: string | null): NetworkSummary {
  const n = r.network;
  return {
    id: n.id,
    name: n.name,
    description: n.description,
    builtin: r.builtin,
    nodeCount: n.nodes.length,
    linkCount: n.links.length,
    candidateLinkCount: n.links.filter((l) => l.status === 'candidate').length,
    submittedCandidateCount,
    contentHash: r.contentHash,
    createdAt,
  };
}

/** Network-validator problems use `features[i]…`; an upload's body *is* the collection, so prefix `body.`. */
const asBodyProblem = (p: Problem): Problem => ({ ...p, path: p.path.startsWith('(') ? 'body' : `body.${p.path}` });
