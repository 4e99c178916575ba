// Turf's own modules rather than the @turf/turf bundle: the bundle takes seconds to import, and the
// builder runs at every CLI start and in every job worker.
import { distance } from '@turf/distance';
import { lineString } from '@turf/helpers';
import { length } from '@turf/length';
import { ValidationError, closestNames, type Problem } from '../shared/index.js';
import { DEFAULT_GAUGE_MM, type GaugeMm, type Mode, type NodeKind } from './modes.js';
import { MODE_DEFAULTS } from './mode-defaults.js';
import type { Network, NetworkLink, NetworkNode } from './network.js';
import {
  KNOWN_LINK_PROPERTIES,
  KNOWN_NODE_PROPERTIES,
  linkPropertiesSchema,
  nodePropertiesSchema,
  type LinkProperties,
  type NodeProperties,
} from './network-schema.js';

/** A link's geometry may end at most this far from its nodes (km). */
export const MAX_ENDPOINT_OFFSET_KM = 50;

export interface BuildOptions {
  /** Network id; default: the collection's `id`/`name` property or "network". */
  id?: string;
  name?: string;
}

/** Result of validation: the network when there were no problems, and every problem found. */
export interface ValidationReport {
  network: Network | null;
  problems: Problem[];
  warnings: Problem[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isPosition(p: unknown): p is [number, number] {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    p[0] >= -180 &&
    p[0] <= 180 &&
    p[1] >= -90 &&
    p[1] <= 90
  );
}

/**
 * Validate a network GeoJSON (format v1, see docs/network-format.md) and report every problem at once.
 * Never throws for bad input and never mutates it.
 */
export function validateNetworkGeoJson(input: unknown, options: BuildOptions = {}): ValidationReport {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  if (!isObject(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    problems.push({ path: '(root)', message: 'must be a GeoJSON FeatureCollection with a "features" array' });
    return { network: null, problems, warnings };
  }
  const features = input.features as unknown[];
  const nodes: NetworkNode[] = [];
  const linkInputs: { index: number; props: LinkProperties; coords: [number, number][]; broken?: boolean }[] = [];
  // Nodes whose properties failed the schema but whose id and position are usable: links may still refer
  // to them, and their geometry is checked against them, so one run lists every problem (issue 19).
  const brokenNodes = new Map<string, { lon: number; lat: number; index: number }>();
  const idOwner = new Map<string, number>();

  const claimId = (id: string, index: number, path: string) => {
    const first = idOwner.get(id);
    if (first !== undefined) {
      problems.push({ path, featureIndex: index, id, property: 'id', message: `duplicate id "${id}" (first used by feature ${first})` });
      return false;
    }
    idOwner.set(id, index);
    return true;
  };

  features.forEach((feature, index) => {
    const at = `features[${index}]`;
    if (!isObject(feature) || feature.type !== 'Feature') {
      problems.push({ path: at, featureIndex: index, message: 'must be a GeoJSON Feature' });
      return;
    }
    const rawProps = feature.properties;
    if (!isObject(rawProps)) {
      problems.push({ path: `${at}.properties`, featureIndex: index, message: 'must be an object with at least "id"' });
      return;
    }
    const id = typeof rawProps.id === 'string' ? rawProps.id : typeof feature.id === 'string' ? feature.id : undefined;
    const props = id !== undefined && rawProps.id === undefined ? { ...rawProps, id } : rawProps;
    const geometry = feature.geometry;
    const gtype = isObject(geometry) ? geometry.type : undefined;
    if (gtype !== 'Point' && gtype !== 'LineString') {
      problems.push({
        path: `${at}.geometry`,
        featureIndex: index,
        id,
        property: 'geometry',
        message: `must be a Point (node) or a LineString (link), not ${gtype === undefined ? 'missing' : JSON.stringify(gtype)}`,
      });
      return;
    }
    const isNode = gtype === 'Point';
    const parsed = (isNode ? nodePropertiesSchema : linkPropertiesSchema).safeParse(props);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const property = issue.path.length ? String(issue.path[0]) : undefined;
        const value = property !== undefined ? (props as Record<string, unknown>)[property] : undefined;
        const shown = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
        problems.push({
          path: `${at}.properties${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`,
          featureIndex: index,
          id,
          property,
          message: `${isNode ? 'node' : 'link'}${id ? ` "${id}"` : ''}: ${property ?? 'properties'} ${issue.message} (${shown})`,
        });
      }
    }
    const known = isNode ? KNOWN_NODE_PROPERTIES : KNOWN_LINK_PROPERTIES;
    for (const key of Object.keys(props)) {
      if (!known.has(key)) {
        warnings.push({
          path: `${at}.properties.${key}`,
          featureIndex: index,
          id,
          property: key,
          message: `unknown ${isNode ? 'node' : 'link'} property "${key}" ignored${closestNames(key, known, 1).length ? `; did you mean "${closestNames(key, known, 1)[0]}"?` : ''}`,
        });
      }
    }
    if (id !== undefined && id.length > 0) claimId(id, index, `${at}.properties.id`);

    const coordsRaw = (geometry as Record<string, unknown>).coordinates;
    if (isNode) {
      if (!isPosition(coordsRaw)) {
        problems.push({ path: `${at}.geometry.coordinates`, featureIndex: index, id, property: 'geometry', message: 'must be [lon, lat] with finite lon in [-180, 180] and lat in [-90, 90]' });
        return;
      }
      if (!parsed.success) {
        if (typeof id === 'string' && id.length > 0 && !brokenNodes.has(id)) brokenNodes.set(id, { lon: coordsRaw[0], lat: coordsRaw[1], index });
        return;
      }
      nodes.push(resolveNode(parsed.data as unknown as NodeProperties, coordsRaw, index));
    } else {
      if (!Array.isArray(coordsRaw) || coordsRaw.length < 2 || !coordsRaw.every(isPosition)) {
        problems.push({ path: `${at}.geometry.coordinates`, featureIndex: index, id, property: 'geometry', message: 'must be at least two [lon, lat] positions with finite values in range' });
        return;
      }
      const coords = (coordsRaw as [number, number][]).map((p) => [p[0], p[1]] as [number, number]);
      // A link with a bad property is still checked for its ends and geometry (not built).
      linkInputs.push({ index, props: (parsed.success ? parsed.data : props) as unknown as LinkProperties, coords, ...(parsed.success ? {} : { broken: true }) });
    }
  });

  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const links: NetworkLink[] = [];
  for (const { index, props, coords, broken } of linkInputs) {
    const at = `features[${index}].properties`;
    const base = { featureIndex: index, id: props.id };
    let ok = !broken;
    for (const end of ['from', 'to'] as const) {
      const ref = props[end];
      if (typeof ref !== 'string') continue; // already reported by the schema
      const node = nodeById.get(ref) ?? brokenNodes.get(ref);
      if (!node) {
        ok = false;
        const hint = closestNames(ref, nodeById.keys(), 3);
        problems.push({ ...base, path: `${at}.${end}`, property: end, message: `link "${props.id}": ${end} "${ref}" is not a node id; add the node or fix "${end}"${hint.length ? ` (closest: ${hint.join(', ')})` : ''}` });
        continue;
      }
      const point = end === 'from' ? coords[0] : coords[coords.length - 1];
      const offsetKm = distance(point, [node.lon, node.lat], { units: 'kilometers' });
      if (offsetKm > MAX_ENDPOINT_OFFSET_KM) {
        ok = false;
        problems.push({ ...base, path: `features[${index}].geometry.coordinates`, property: 'geometry', message: `link "${props.id}": geometry ${end === 'from' ? 'starts' : 'ends'} ${offsetKm.toFixed(1)} km from node "${ref}" (at most ${MAX_ENDPOINT_OFFSET_KM} km allowed)` });
      }
    }
    if (props.from === props.to) {
      ok = false;
      problems.push({ ...base, path: `${at}.to`, property: 'to', message: `link "${props.id}": from and to are the same node "${props.from}"` });
    }
    if (broken) continue; // its other checks need valid properties
    if (props.gauge != null && props.mode !== 'rail') {
      ok = false;
      problems.push({ ...base, path: `${at}.gauge`, property: 'gauge', message: `link "${props.id}": gauge is only for rail links, this one is ${props.mode}` });
    }
    if (props.status === 'candidate') {
      for (const p of ['capexUsd', 'lifetimeYears'] as const) {
        if (props[p] == null) {
          ok = false;
          problems.push({ ...base, path: `${at}.${p}`, property: p, message: `candidate link "${props.id}" needs ${p}` });
        }
      }
    }
    if (ok) links.push(resolveLink(props, coords, index));
  }

  if (problems.length) return { network: null, problems, warnings };
  const name = options.name ?? (typeof input.name === 'string' ? input.name : undefined) ?? options.id ?? 'network';
  const id = options.id ?? (typeof input.id === 'string' ? input.id : undefined) ?? 'network';
  const description = typeof input.description === 'string' ? input.description : null;
  return { network: { id, name, description, nodes, links, warnings }, problems, warnings };
}

/**
 * GeoJSON → validated, typed network. Throws a `ValidationError` listing every problem, each with its
 * feature index, id and property. Does not mutate the input.
 * @example const net = buildNetwork(JSON.parse(fs.readFileSync('my-network.geojson', 'utf8')), { id: 'mine' });
 */
export function buildNetwork(input: unknown, options: BuildOptions = {}): Network {
  const report = validateNetworkGeoJson(input, options);
  if (!report.network) throw new ValidationError(`network${options.id ? ` "${options.id}"` : ''} is invalid`, report.problems);
  return report.network;
}

function resolveNode(p: NodeProperties, coords: [number, number], featureIndex: number): NetworkNode {
  return {
    id: p.id,
    name: p.name ?? p.id,
    country: p.country ?? null,
    kind: (p.kind ?? 'city') as NodeKind,
    aliases: p.aliases ?? [],
    lon: coords[0],
    lat: coords[1],
    transferUsdPerTeu: p.transferUsdPerTeu ?? 0,
    transferHours: p.transferHours ?? 0,
    borderCrossingUsdPerTeu: p.borderCrossingUsdPerTeu ?? 0,
    borderCrossingHours: p.borderCrossingHours ?? 0,
    gaugeChangeUsdPerTeu: p.gaugeChangeUsdPerTeu ?? 0,
    gaugeChangeHours: p.gaugeChangeHours ?? 0,
    throughputTeuPerYear: p.throughputTeuPerYear ?? null,
    source: p.source ?? null,
    estimated: p.estimated ?? [],
    notes: p.notes ?? null,
    featureIndex,
  };
}

function resolveLink(p: LinkProperties, coords: [number, number][], featureIndex: number): NetworkLink {
  const mode = p.mode as Mode;
  const defaults = MODE_DEFAULTS[mode];
  const defaulted: string[] = [];
  let lengthKm = p.lengthKm;
  if (lengthKm == null) {
    lengthKm = length(lineString(coords), { units: 'kilometers' });
    defaulted.push('lengthKm');
  }
  let costUsdPerTeuKm = p.costUsdPerTeuKm;
  if (costUsdPerTeuKm == null) {
    costUsdPerTeuKm = defaults.costUsdPerTeuKm.value;
    defaulted.push('costUsdPerTeuKm');
  }
  let co2KgPerTeuKm = p.co2KgPerTeuKm;
  if (co2KgPerTeuKm == null) {
    co2KgPerTeuKm = defaults.co2KgPerTeuKm.value;
    defaulted.push('co2KgPerTeuKm');
  }
  let speedKmh: number | null = p.speedKmh ?? null;
  let hours: number;
  if (p.hours != null) {
    hours = p.hours;
  } else {
    if (speedKmh == null) {
      speedKmh = defaults.speedKmh.value;
      defaulted.push('speedKmh');
    }
    hours = lengthKm / speedKmh;
  }
  return {
    id: p.id,
    from: p.from,
    to: p.to,
    mode,
    name: p.name ?? null,
    lengthKm,
    costUsdPerTeuKm,
    speedKmh,
    hours,
    co2KgPerTeuKm,
    capacityTeuPerYear: p.capacityTeuPerYear ?? null,
    oneway: p.oneway ?? false,
    gauge: mode === 'rail' ? ((p.gauge as GaugeMm | null | undefined) ?? DEFAULT_GAUGE_MM) : null,
    status: (p.status ?? 'existing') as NetworkLink['status'],
    capexUsd: p.capexUsd ?? null,
    lifetimeYears: p.lifetimeYears ?? null,
    source: p.source ?? null,
    estimated: p.estimated ?? [],
    notes: p.notes ?? null,
    defaulted,
    coordinates: coords,
    featureIndex,
  };
}
