import { seededRandom } from '../../src/shared/seeded-random.js';
import { buildNetwork } from '../../src/network/build-network.js';
import { InvalidArgumentError } from '../../src/shared/errors.js';
import { MODES, type GaugeMm, type Mode, type NodeKind } from '../../src/network/modes.js';
import { MODE_DEFAULTS } from '../../src/network/mode-defaults.js';
import type { Network } from '../../src/network/network.js';

/** Options of syntheticNetwork. */
export interface SyntheticNetworkOptions {
  /** Number of nodes (≥ 2). */
  nodeCount: number;
  /** Seed of the pseudo-random generator: the same options give the same network. */
  seed: number;
  /** Land links each node starts to its nearest neighbours (average degree ≈ 2 × this); default 3. */
  linksPerNode?: number;
  /** Modes to use (default all five); land links use rail/road when allowed, else the first mode given. */
  modes?: readonly Mode[];
  /**
   * 0…1, default 0.3: share of links and of nodes that carry a capacity. Link capacities are drawn in
   * 2,000–40,000 TEU/yr per direction and node throughputs in 10,000–200,000 TEU/yr, so with
   * syntheticDemand's default volumes a tightness near 1 makes capacity bind on many routes.
   */
  capacityTightness?: number;
}

/** Options of syntheticDemand. */
export interface SyntheticDemandOptions {
  /** Number of distinct origin–destination pairs. */
  odPairs: number;
  seed: number;
  /** Inclusive range of TEU per year per pair; default [500, 5000]. */
  teuPerYear?: [number, number];
}

/** One demand row, as the demand CSVs hold them. */
export interface SyntheticDemandRow {
  origin: string;
  destination: string;
  teuPerYear: number;
}

export { seededRandom } from '../../src/shared/seeded-random.js';

const EARTH_RADIUS_KM = 6371.0088;
function haversineKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Route length over the great-circle distance, per mode (roads and rails wind, ships go round coasts). */
const DETOUR: Record<Mode, number> = { rail: 1.25, road: 1.3, inland_waterway: 1.4, sea: 1.35, air: 1.05 };

/**
 * A random but valid multimodal network for property tests and benchmarks, built through buildNetwork
 * (so it passes the same validation as any input). Nodes lie in a box over Eurasia (lon 60–125°E,
 * lat 5–55°N) in 3 × 2 "countries". Land links join each node to its nearest neighbours (rail or road), and
 * a spanning pass makes the land network connected, so every pair has a route with all modes. Seaports
 * (~15 %), river ports (~10 %) and airports (~3 %) get sea, inland-waterway and air links to their nearest
 * peers; about 1 sea link in 10 is oneway. Rail gauge follows the region (1520 west of 80°E, 1000 south of
 * 20°N, 1435 elsewhere), so nodes on a boundary change gauge. Nodes get transfer charges where modes meet,
 * gauge-change charges where gauges meet and border charges where a link crosses into another country.
 * Money, speed and CO2 are the mode defaults times a random factor of 0.8–1.25.
 * @example const net = syntheticNetwork({ nodeCount: 5000, seed: 1 });
 */
export function syntheticNetwork(options: SyntheticNetworkOptions): Network {
  const { nodeCount, seed } = options;
  const linksPerNode = options.linksPerNode ?? 3;
  const modes = options.modes ?? MODES;
  const tightness = options.capacityTightness ?? 0.3;
  if (!Number.isInteger(nodeCount) || nodeCount < 2) throw new InvalidArgumentError(`nodeCount: must be an integer ≥ 2, got ${nodeCount}`);
  if (!(linksPerNode >= 1)) throw new InvalidArgumentError(`linksPerNode: must be ≥ 1, got ${linksPerNode}`);
  if (!(tightness >= 0 && tightness <= 1)) throw new InvalidArgumentError(`capacityTightness: must be in [0, 1], got ${tightness}`);
  if (modes.length === 0) throw new InvalidArgumentError('modes: give at least one mode');
  const rnd = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const landModes = modes.filter((m) => m === 'rail' || m === 'road');
  const landFallback: Mode = landModes[0] ?? modes[0];

  const coords: [number, number][] = Array.from({ length: nodeCount }, () => [round(between(60, 125), 4), round(between(5, 55), 4)]);
  const countryOf = (c: [number, number]) => `C${Math.min(2, Math.floor((c[0] - 60) / (65 / 3)))}${c[1] < 30 ? 'S' : 'N'}`;
  const gaugeAt = (c: [number, number]): GaugeMm => (c[0] < 80 ? 1520 : c[1] < 20 ? 1000 : 1435);
  const isSeaport = coords.map(() => modes.includes('sea') && rnd() < 0.15);
  const isRiverPort = coords.map(() => modes.includes('inland_waterway') && rnd() < 0.1);
  const isAirport = coords.map(() => modes.includes('air') && rnd() < 0.03);

  interface LinkDraft { from: number; to: number; mode: Mode; oneway: boolean }
  const drafts: LinkDraft[] = [];
  const pairSeen = new Set<string>();
  const addLink = (from: number, to: number, mode: Mode, oneway = false) => {
    if (from === to) return false;
    const key = `${Math.min(from, to)}|${Math.max(from, to)}|${mode}`;
    if (pairSeen.has(key)) return false;
    pairSeen.add(key);
    drafts.push({ from, to, mode, oneway });
    return true;
  };

  // Nearest neighbours through a uniform grid (keeps a 5,000-node build well under a second).
  const nearest = nearestFinder(coords);
  const landMode = () => (landModes.length === 2 ? (rnd() < 0.5 ? 'rail' : 'road') : landFallback);
  for (let i = 0; i < nodeCount; i++) {
    const k = Math.max(1, Math.round(linksPerNode + between(-0.5, 0.5)));
    for (const j of nearest(i, k, () => true)) addLink(i, j, landMode());
  }
  // Spanning pass: join every land component to its nearest node outside it, so all pairs connect.
  const parent = Array.from({ length: nodeCount }, (_, i) => i);
  const findRoot = (x: number): number => (parent[x] === x ? x : (parent[x] = findRoot(parent[x])));
  for (const d of drafts) parent[findRoot(d.from)] = findRoot(d.to);
  for (;;) {
    const sizes = new Map<number, number>();
    for (let i = 0; i < nodeCount; i++) sizes.set(findRoot(i), (sizes.get(findRoot(i)) ?? 0) + 1);
    if (sizes.size === 1) break;
    // The smallest component: its members are few and its nearest outsider is close, so the search is short.
    const root = [...sizes].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0][0];
    let best: [number, number, number] | null = null;
    for (let i = 0; i < nodeCount; i++) {
      if (findRoot(i) !== root) continue;
      const [j] = nearest(i, 1, (x) => findRoot(x) !== root);
      const dist = haversineKm(coords[i], coords[j]);
      if (!best || dist < best[2]) best = [i, j, dist];
    }
    addLink(best![0], best![1], landFallback);
    parent[findRoot(best![0])] = findRoot(best![1]);
  }
  const peerLinks = (is: boolean[], mode: Mode, k: number, onewayShare: number) => {
    const members = is.flatMap((x, i) => (x ? [i] : []));
    if (members.length < 2) return;
    const near = nearestFinder(members.map((i) => coords[i]));
    members.forEach((i, mi) => {
      for (const mj of near(mi, k, () => true)) addLink(i, members[mj], mode, rnd() < onewayShare);
    });
  };
  peerLinks(isSeaport, 'sea', 3, 0.1);
  peerLinks(isRiverPort, 'inland_waterway', 2, 0);
  peerLinks(isAirport, 'air', 4, 0);

  // Node charges follow from which modes and gauges meet at the node and which borders its links cross.
  const keysAt = coords.map(() => new Set<string>());
  const gaugesAt = coords.map(() => new Set<number>());
  const border = coords.map(() => false);
  const linkGauge = drafts.map((d) => (d.mode === 'rail' ? gaugeAt(coords[d.from]) : null));
  drafts.forEach((d, li) => {
    for (const n of [d.from, d.to]) {
      keysAt[n].add(d.mode);
      if (linkGauge[li] !== null) gaugesAt[n].add(linkGauge[li]!);
    }
    if (countryOf(coords[d.from]) !== countryOf(coords[d.to])) border[d.to] = true;
  });

  const features: unknown[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const kind: NodeKind = border[i] ? 'border_crossing' : isSeaport[i] ? 'seaport' : isRiverPort[i] ? 'river_port' : isAirport[i] ? 'airport' : gaugesAt[i].size ? 'rail_terminal' : 'city';
    const props: Record<string, unknown> = { id: `n${i}`, name: `Node ${i}`, kind, country: countryOf(coords[i]), source: `syntheticNetwork seed ${seed}` };
    if (keysAt[i].size > 1) {
      props.transferUsdPerTeu = round(between(30, 150), 2);
      props.transferHours = round(between(6, 36), 2);
    }
    if (gaugesAt[i].size > 1) {
      props.gaugeChangeUsdPerTeu = round(between(40, 120), 2);
      props.gaugeChangeHours = round(between(4, 24), 2);
    }
    if (border[i]) {
      props.borderCrossingUsdPerTeu = round(between(50, 300), 2);
      props.borderCrossingHours = round(between(6, 48), 2);
    }
    if (rnd() < tightness) props.throughputTeuPerYear = Math.round(between(10_000, 200_000));
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: coords[i] }, properties: props });
  }
  drafts.forEach((d, li) => {
    const def = MODE_DEFAULTS[d.mode];
    const props: Record<string, unknown> = {
      id: `l${li}-${d.mode}`,
      from: `n${d.from}`,
      to: `n${d.to}`,
      mode: d.mode,
      lengthKm: round(haversineKm(coords[d.from], coords[d.to]) * DETOUR[d.mode], 3),
      costUsdPerTeuKm: round(def.costUsdPerTeuKm.value * between(0.8, 1.25), 5),
      speedKmh: round(def.speedKmh.value * between(0.8, 1.25), 3),
      co2KgPerTeuKm: round(def.co2KgPerTeuKm.value * between(0.8, 1.25), 5),
      source: `syntheticNetwork seed ${seed}`,
    };
    if (d.oneway) props.oneway = true;
    if (linkGauge[li] !== null) props.gauge = linkGauge[li];
    if (rnd() < tightness) props.capacityTeuPerYear = Math.round(between(2_000, 40_000));
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [coords[d.from], coords[d.to]] }, properties: props });
  });
  const id = `synthetic-${nodeCount}-${seed}`;
  return buildNetwork({ type: 'FeatureCollection', id, name: `Synthetic network (${nodeCount} nodes, seed ${seed})`, features }, { id });
}

/**
 * Random distinct origin–destination pairs over a network's nodes with volumes in a range.
 * @example syntheticDemand(net, { odPairs: 50, seed: 2 }) // [{ origin: 'n12', destination: 'n840', teuPerYear: 2311 }, …]
 */
export function syntheticDemand(network: Network, options: SyntheticDemandOptions): SyntheticDemandRow[] {
  const n = network.nodes.length;
  const [lo, hi] = options.teuPerYear ?? [500, 5000];
  if (!Number.isInteger(options.odPairs) || options.odPairs < 0 || options.odPairs > n * (n - 1)) {
    throw new InvalidArgumentError(`odPairs: must be an integer in [0, ${n * (n - 1)}] for ${n} nodes, got ${options.odPairs}`);
  }
  if (!(lo >= 0 && hi >= lo)) throw new InvalidArgumentError(`teuPerYear: need 0 ≤ min ≤ max, got [${lo}, ${hi}]`);
  const rnd = seededRandom(options.seed);
  const rows: SyntheticDemandRow[] = [];
  const seen = new Set<string>();
  while (rows.length < options.odPairs) {
    const o = Math.floor(rnd() * n);
    const d = Math.floor(rnd() * n);
    if (o === d || seen.has(`${o}|${d}`)) continue;
    seen.add(`${o}|${d}`);
    rows.push({ origin: network.nodes[o].id, destination: network.nodes[d].id, teuPerYear: Math.round(lo + (hi - lo) * rnd()) });
  }
  return rows;
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;

/**
 * k nearest points to point i (excluding i) that pass `accept`, via a uniform lon/lat grid searched in
 * growing rings. Distances are great-circle km.
 */
function nearestFinder(points: [number, number][]): (i: number, k: number, accept: (j: number) => boolean) => number[] {
  const cellDeg = Math.max(0.25, Math.sqrt((65 * 50) / Math.max(1, points.length)) * 1.5);
  const cells = new Map<string, number[]>();
  const cellOf = (p: [number, number]) => [Math.floor(p[0] / cellDeg), Math.floor(p[1] / cellDeg)];
  points.forEach((p, i) => {
    const [cx, cy] = cellOf(p);
    const key = `${cx}|${cy}`;
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  });
  const maxRing = Math.ceil(Math.max(360, 180) / cellDeg);
  return (i, k, accept) => {
    const [cx, cy] = cellOf(points[i]);
    const found: { j: number; d: number }[] = [];
    for (let r = 0; r <= maxRing; r++) {
      for (let x = cx - r; x <= cx + r; x++) {
        for (let y = cy - r; y <= cy + r; y++) {
          if (Math.max(Math.abs(x - cx), Math.abs(y - cy)) !== r) continue;
          for (const j of cells.get(`${x}|${y}`) ?? []) {
            if (j !== i && accept(j)) found.push({ j, d: haversineKm(points[i], points[j]) });
          }
        }
      }
      // One ring beyond the ring that filled k is enough for a grid in degrees at these latitudes only
      // approximately, which is fine for a synthetic network.
      if (found.length >= k && r >= 1) break;
    }
    found.sort((a, b) => a.d - b.d || a.j - b.j);
    return found.slice(0, k).map((f) => f.j);
  };
}
