import { existsSync } from 'node:fs';
import { uncheckedBorderLinks, uncheckedGaugeChanges } from '../borders/index.js';
import { validateNetworkGeoJson, readJsonFile, networkToGeoJson, type Network, type NetworkLink } from '../network/index.js';
import { closestNames, NotFoundError, ValidationError, type Problem } from '../shared/index.js';
import {
  KNOWN_UPGRADE_PROPERTIES,
  UPGRADE_IMPROVEMENTS,
  upgradePropertiesSchema,
  type UpgradeProperties,
} from './candidate-attributes.js';

/** What every candidate has: an id, its investment and where the figures came from. */
export interface CandidateBase {
  id: string;
  name: string | null;
  /** Investment, USD (spent at year 0). */
  capexUsd: number;
  /** Economic lifetime, years. */
  lifetimeYears: number;
  source: string | null;
  estimated: string[];
  notes: string | null;
  /** Position in the candidates file (−1 when taken from the network itself). */
  featureIndex: number;
}

/** A new link (a second track, a new line): a validated link with `status: 'candidate'`. */
export interface LinkCandidate extends CandidateBase {
  kind: 'link';
  link: NetworkLink;
}

/**
 * An upgrade of an existing link (more capacity, more speed, lower cost) or node (more throughput).
 * Each improvement is the value after the upgrade; null = unchanged.
 */
export interface UpgradeCandidate extends CandidateBase {
  kind: 'upgrade';
  target: string;
  targetKind: 'link' | 'node';
  /** Per-direction capacity of the target link after the upgrade, TEU/yr. */
  capacityTeuPerYear: number | null;
  /** Throughput of the target node after the upgrade, TEU/yr. */
  throughputTeuPerYear: number | null;
  speedKmh: number | null;
  hours: number | null;
  costUsdPerTeuKm: number | null;
}

export type Candidate = LinkCandidate | UpgradeCandidate;

/** Result of {@link validateCandidates}: the candidates when there were no problems, and every problem found. */
export interface CandidatesReport {
  candidates: Candidate[] | null;
  problems: Problem[];
  warnings: Problem[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validate a candidates file against a network and report every problem at once (never throws for bad input).
 * The input is a GeoJSON FeatureCollection or a JSON array of the same features (docs/candidates-format.md):
 * - a new link: a LineString feature with `status: "candidate"`, `capexUsd`, `lifetimeYears`,
 *   `capacityTeuPerYear`, `source` and the link properties of the network format. It is checked by merging it
 *   into the network's GeoJSON and running the network validator (from/to exist, geometry within 50 km, types);
 * - an upgrade: a feature with `geometry: null` (or, in an array, its bare properties) with `type: "upgrade"`,
 *   `target` (an existing link or node id) and at least one improvement.
 * Problems name the feature index, id and property.
 */
export function validateCandidates(input: unknown, network: Network): CandidatesReport {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let items: unknown[];
  let prefix: string;
  if (Array.isArray(input)) {
    items = input;
    prefix = 'candidates';
  } else if (isObject(input) && input.type === 'FeatureCollection' && Array.isArray(input.features)) {
    items = input.features;
    prefix = 'features';
  } else {
    problems.push({ path: '(root)', message: 'must be a GeoJSON FeatureCollection or a JSON array of candidate features' });
    return { candidates: null, problems, warnings };
  }

  const nodeById = new Map(network.nodes.map((n) => [n.id, n]));
  const linkById = new Map(network.links.map((l) => [l.id, l]));
  const firstUse = new Map<string, number>();
  const claimId = (id: string, index: number): boolean => {
    const at = `${prefix}[${index}].properties.id`;
    if (nodeById.has(id) || linkById.has(id)) {
      problems.push({ path: at, featureIndex: index, id, property: 'id', message: `candidate id "${id}" is already a ${nodeById.has(id) ? 'node' : 'link'} id of network "${network.id}"; give the candidate its own id` });
      return false;
    }
    const first = firstUse.get(id);
    if (first !== undefined) {
      problems.push({ path: at, featureIndex: index, id, property: 'id', message: `duplicate candidate id "${id}" (first used by feature ${first})` });
      return false;
    }
    firstUse.set(id, index);
    return true;
  };

  const linkFeatures: { index: number; feature: Record<string, unknown>; props: Record<string, unknown> }[] = [];
  const upgrades: { index: number; props: Record<string, unknown> }[] = [];
  items.forEach((item, index) => {
    const at = `${prefix}[${index}]`;
    if (isObject(item) && item.type === 'upgrade') {
      upgrades.push({ index, props: item });
      return;
    }
    if (!isObject(item) || item.type !== 'Feature') {
      problems.push({ path: at, featureIndex: index, message: 'must be a GeoJSON Feature (a LineString for a new link, geometry null for an upgrade) or, in an array, upgrade properties with "type": "upgrade"' });
      return;
    }
    const raw = item.properties;
    if (!isObject(raw)) {
      problems.push({ path: `${at}.properties`, featureIndex: index, message: 'must be an object with at least "id"' });
      return;
    }
    const props = raw.id === undefined && typeof item.id === 'string' ? { ...raw, id: item.id } : raw;
    const geometry = item.geometry;
    if (geometry === null || geometry === undefined) {
      upgrades.push({ index, props });
      return;
    }
    const id = typeof props.id === 'string' ? props.id : undefined;
    if (!isObject(geometry) || geometry.type !== 'LineString') {
      problems.push({ path: `${at}.geometry`, featureIndex: index, id, property: 'geometry', message: `must be a LineString (new link) or null (upgrade), not ${isObject(geometry) ? JSON.stringify(geometry.type) : JSON.stringify(geometry)}` });
      return;
    }
    const base = { featureIndex: index, id };
    if (props.status !== 'candidate') {
      problems.push({ ...base, path: `${at}.properties.status`, property: 'status', message: `new link${id ? ` "${id}"` : ''}: status must be "candidate" (got ${JSON.stringify(props.status)}); existing links belong in the network file` });
    }
    if (props.capacityTeuPerYear === undefined || props.capacityTeuPerYear === null) {
      problems.push({ ...base, path: `${at}.properties.capacityTeuPerYear`, property: 'capacityTeuPerYear', message: `new link${id ? ` "${id}"` : ''}: needs capacityTeuPerYear (per direction, TEU/yr); the value of new capacity is what the evaluation measures` });
    }
    if (typeof props.source !== 'string' || props.source.trim() === '') {
      problems.push({ ...base, path: `${at}.properties.source`, property: 'source', message: `new link${id ? ` "${id}"` : ''}: needs a source for its figures ("estimate: …" with the reasoning if they are estimates)` });
    }
    // A clashing id is reported once here and kept out of the merge (the validator would report it again);
    // otherwise the link goes through the network validator even after a problem above, so all show at once.
    const idOk = id === undefined || id.length === 0 || claimId(id, index);
    if (idOk) linkFeatures.push({ index, feature: item, props });
  });

  // New links: merge into the network's GeoJSON and let the network validator check them exactly as it
  // checks network links (node references, 50 km endpoint rule, types and ranges, capex/lifetime).
  const baseGeoJson = networkToGeoJson(network);
  const baseCount = baseGeoJson.features.length;
  const merged = validateNetworkGeoJson(
    { ...baseGeoJson, features: [...baseGeoJson.features, ...linkFeatures.map((f) => ({ ...f.feature, properties: f.props }))] },
    { id: network.id, name: network.name },
  );
  const remap = (p: Problem): Problem | null => {
    if (p.featureIndex === undefined || p.featureIndex < baseCount) return null;
    const index = linkFeatures[p.featureIndex - baseCount].index;
    return { ...p, featureIndex: index, path: p.path.replace(/^features\[\d+\]/, `${prefix}[${index}]`) };
  };
  for (const p of merged.problems) {
    const mapped = remap(p);
    problems.push(mapped ?? { ...p, path: `network "${network.id}": ${p.path}` });
  }
  for (const w of merged.warnings) {
    const mapped = remap(w);
    if (mapped) warnings.push(mapped);
  }

  const upgradeCandidates: UpgradeCandidate[] = [];
  const targeted = new Map<string, string>();
  for (const { index, props } of upgrades) {
    const upgrade = validateUpgrade(props, index, prefix, network, problems, warnings);
    if (!upgrade) continue;
    if (!claimId(upgrade.id, index)) continue;
    const other = targeted.get(upgrade.target);
    if (other !== undefined) {
      problems.push({ path: `${prefix}[${index}].properties.target`, featureIndex: index, id: upgrade.id, property: 'target', message: `upgrade "${upgrade.id}": "${upgrade.target}" is already upgraded by "${other}"; merge them into one candidate (two upgrades of one element cannot be built independently)` });
      continue;
    }
    targeted.set(upgrade.target, upgrade.id);
    upgradeCandidates.push(upgrade);
  }

  if (problems.length || !merged.network) return { candidates: null, problems, warnings };
  const newLinks = merged.network.links.slice(network.links.length);
  // A new link across a national border must end at a crossing node, so it pays that crossing (issue 18).
  const where = (link: NetworkLink) => {
    const index = linkFeatures[newLinks.indexOf(link)].index;
    return { featureIndex: index, path: `${prefix}[${index}].geometry` };
  };
  problems.push(...uncheckedBorderLinks(merged.network, newLinks, where), ...uncheckedGaugeChanges(merged.network, newLinks, where));
  if (problems.length) return { candidates: null, problems, warnings };
  const linkCandidates: LinkCandidate[] = newLinks.map((link, k) => {
    const index = linkFeatures[k].index;
    return linkCandidate({ ...link, featureIndex: index }, index);
  });
  const candidates: Candidate[] = [...linkCandidates, ...upgradeCandidates].sort((a, b) => a.featureIndex - b.featureIndex);
  return { candidates, problems, warnings };
}

function validateUpgrade(
  props: Record<string, unknown>,
  index: number,
  prefix: string,
  network: Network,
  problems: Problem[],
  warnings: Problem[],
): UpgradeCandidate | null {
  const at = `${prefix}[${index}].properties`;
  const id = typeof props.id === 'string' ? props.id : undefined;
  const push = (property: string | undefined, message: string) =>
    problems.push({ path: property ? `${at}.${property}` : at, featureIndex: index, id, property, message: `upgrade${id ? ` "${id}"` : ''}: ${message}` });
  const parsed = upgradePropertiesSchema.safeParse(props);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const property = issue.path.length ? String(issue.path[0]) : undefined;
      const value = property !== undefined ? props[property] : undefined;
      push(property, `${property ?? 'properties'} ${issue.message} (${value === undefined ? 'missing' : `got ${JSON.stringify(value)}`})`);
    }
  }
  for (const key of Object.keys(props)) {
    if (!KNOWN_UPGRADE_PROPERTIES.has(key)) {
      const hint = closestNames(key, KNOWN_UPGRADE_PROPERTIES, 1);
      warnings.push({ path: `${at}.${key}`, featureIndex: index, id, property: key, message: `unknown upgrade property "${key}" ignored${hint.length ? `; did you mean "${hint[0]}"?` : ''}` });
    }
  }
  if (!parsed.success) return null;
  const p = parsed.data as unknown as UpgradeProperties;
  const link = network.links.find((l) => l.id === p.target);
  const node = network.nodes.find((n) => n.id === p.target);
  if (!link && !node) {
    const hint = closestNames(p.target, [...network.nodes.map((n) => n.id), ...network.links.map((l) => l.id)], 3);
    push('target', `target "${p.target}" is not a link or node of network "${network.id}"${hint.length ? ` (closest: ${hint.join(', ')})` : ''}`);
    return null;
  }
  const targetKind = link ? 'link' : 'node';
  if (link && link.status === 'candidate') {
    push('target', `target "${p.target}" is a candidate link, not built yet; put the improved figures into that candidate instead`);
    return null;
  }
  let ok = true;
  const given = (Object.keys(UPGRADE_IMPROVEMENTS) as (keyof typeof UPGRADE_IMPROVEMENTS)[]).filter((k) => p[k] != null);
  if (given.length === 0) {
    push(undefined, `gives no improvement; set at least one of ${Object.entries(UPGRADE_IMPROVEMENTS).filter(([, k]) => k === targetKind).map(([name]) => name).join(', ')} for a ${targetKind}`);
    ok = false;
  }
  for (const k of given) {
    if (UPGRADE_IMPROVEMENTS[k] !== targetKind) {
      push(k, `${k} applies to a ${UPGRADE_IMPROVEMENTS[k]}, but target "${p.target}" is a ${targetKind}`);
      ok = false;
    }
  }
  if (p.speedKmh != null && p.hours != null) {
    push('hours', 'give speedKmh or hours, not both');
    ok = false;
  }
  if (ok && link) {
    if (p.capacityTeuPerYear != null) {
      if (link.capacityTeuPerYear === null) {
        push('capacityTeuPerYear', `link "${link.id}" has unlimited capacity already; more capacity cannot help`);
        ok = false;
      } else if (!(p.capacityTeuPerYear > link.capacityTeuPerYear)) {
        push('capacityTeuPerYear', `${p.capacityTeuPerYear} TEU/yr is not more than the current ${link.capacityTeuPerYear} TEU/yr of link "${link.id}" (give the capacity after the upgrade, not the increment)`);
        ok = false;
      }
    }
    const newHours = p.hours ?? (p.speedKmh != null ? link.lengthKm / p.speedKmh : null);
    if (newHours !== null && !(newHours < link.hours)) {
      push(p.hours != null ? 'hours' : 'speedKmh', `the transit time after the upgrade (${newHours.toFixed(2)} h) is not shorter than the current ${link.hours.toFixed(2)} h of link "${link.id}"`);
      ok = false;
    }
    if (p.costUsdPerTeuKm != null && !(p.costUsdPerTeuKm < link.costUsdPerTeuKm)) {
      push('costUsdPerTeuKm', `${p.costUsdPerTeuKm} USD/TEU-km is not lower than the current ${link.costUsdPerTeuKm} of link "${link.id}"`);
      ok = false;
    }
  }
  if (ok && node && p.throughputTeuPerYear != null) {
    if (node.throughputTeuPerYear === null) {
      push('throughputTeuPerYear', `node "${node.id}" has unlimited throughput already; more cannot help`);
      ok = false;
    } else if (!(p.throughputTeuPerYear > node.throughputTeuPerYear)) {
      push('throughputTeuPerYear', `${p.throughputTeuPerYear} TEU/yr is not more than the current ${node.throughputTeuPerYear} TEU/yr of node "${node.id}" (give the throughput after the upgrade, not the increment)`);
      ok = false;
    }
  }
  if (!ok) return null;
  return {
    kind: 'upgrade',
    id: p.id,
    name: p.name ?? null,
    capexUsd: p.capexUsd,
    lifetimeYears: p.lifetimeYears,
    source: p.source,
    estimated: p.estimated ?? [],
    notes: p.notes ?? null,
    featureIndex: index,
    target: p.target,
    targetKind,
    capacityTeuPerYear: p.capacityTeuPerYear ?? null,
    throughputTeuPerYear: p.throughputTeuPerYear ?? null,
    speedKmh: p.speedKmh ?? null,
    hours: p.hours ?? null,
    costUsdPerTeuKm: p.costUsdPerTeuKm ?? null,
  };
}

/**
 * Candidates file (parsed JSON) → validated candidates.
 * @throws ValidationError listing every problem, each with feature index, id and property
 * @example const cands = parseCandidates(JSON.parse(text), loadNetwork('eurasian-land-bridge'));
 */
export function parseCandidates(input: unknown, network: Network, what = 'candidates'): Candidate[] {
  const report = validateCandidates(input, network);
  if (!report.candidates) throw new ValidationError(`${what} for network "${network.id}" are invalid`, report.problems);
  return report.candidates;
}

/**
 * Read and validate a candidates file (`.geojson` or `.json`).
 * @throws NotFoundError for a missing file; ValidationError for bad content
 */
export function loadCandidates(path: string, network: Network): Candidate[] {
  if (!existsSync(path)) throw new NotFoundError('candidates file', path);
  return parseCandidates(readJsonFile(path), network, path);
}

/**
 * The candidate links a network carries itself (`status: "candidate"` in the network file), as candidates.
 * Evaluating them needs no candidates file.
 */
export function candidatesFromNetwork(network: Network): LinkCandidate[] {
  return network.links.filter((l) => l.status === 'candidate').map((link) => linkCandidate(link, -1));
}

/** A validated candidate link as a LinkCandidate (capex and lifetime are required of candidates by the builder). */
function linkCandidate(link: NetworkLink, featureIndex: number): LinkCandidate {
  return {
    kind: 'link',
    id: link.id,
    name: link.name,
    capexUsd: link.capexUsd!,
    lifetimeYears: link.lifetimeYears!,
    source: link.source,
    estimated: link.estimated,
    notes: link.notes,
    featureIndex,
    link,
  };
}
