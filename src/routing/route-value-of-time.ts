import { builtinDemandPath, isBuiltinNetwork, loadDemand, findNode, CARGO_CLASSES, CARGO_VALUE_OF_TIME, DEFAULT_VOT_USD_PER_TEU_HOUR, type DemandRow, type CargoClass, type Network } from '../network/index.js';
import { InvalidArgumentError } from '../shared/index.js';

/** Which value of time a route used, and why. Echoed in every route result as `valueOfTime`. */
export interface ValueOfTimeChoice {
  /** USD per TEU-hour. */
  usdPerTeuHour: number;
  /**
   * option: given as --vot / vot; cargo: the --cargo class; demand: the demand scenario's value for this
   * pair (or this destination); default: the cost model's standard value.
   */
  basis: 'option' | 'cargo' | 'demand' | 'default';
  /** The cargo class, when basis is cargo. */
  cargo: CargoClass | null;
  /** Where the figure comes from, in words. */
  source: string;
}

/** Validate a cargo class name (case-insensitive). */
export function parseCargoClass(raw: string): CargoClass {
  const c = raw.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if ((CARGO_CLASSES as readonly string[]).includes(c)) return c as CargoClass;
  throw new InvalidArgumentError(`cargo: unknown cargo class "${raw}"; use one of ${CARGO_CLASSES.join(', ')}`);
}

/** The value of time of a cargo class. */
export function cargoValueOfTime(cargo: CargoClass): ValueOfTimeChoice {
  const v = CARGO_VALUE_OF_TIME[cargo];
  return { usdPerTeuHour: v.value, basis: 'cargo', cargo, source: `${cargo} cargo: ${v.source}` };
}

/** The cost model's standard value of time (DEFAULT_VOT_USD_PER_TEU_HOUR). */
export function standardValueOfTime(): ValueOfTimeChoice {
  return { usdPerTeuHour: DEFAULT_VOT_USD_PER_TEU_HOUR.value, basis: 'default', cargo: null, source: `standard cargo: ${DEFAULT_VOT_USD_PER_TEU_HOUR.source}` };
}

const demandCache = new Map<string, DemandRow[] | null>();

/** The built-in demand scenario of a built-in network (cached); null for other networks. */
function builtinDemand(network: Network): DemandRow[] | null {
  if (!isBuiltinNetwork(network.id)) return null;
  if (!demandCache.has(network.id)) {
    let rows: DemandRow[] | null;
    try {
      rows = loadDemand(builtinDemandPath(network.id), network);
    } catch {
      rows = null; // a network edited under a built-in id may not match its demand; fall back to standard
    }
    demandCache.set(network.id, rows);
  }
  return demandCache.get(network.id) ?? null;
}

/**
 * The value of time a route should use when the query gives neither a value nor a cargo class: the value
 * the network's own demand scenario uses for that flow, so a route and the LP agree (Xi'an → Duisburg is
 * China–Europe rail cargo at USD 7.3/TEU-h, not USD 1, which would make sea look best). In order: the rows
 * of this origin–destination pair (either direction); else the rows ending at this destination; else the
 * rows leaving it; each a TEU-weighted mean. Networks without a built-in scenario get the standard value.
 */
export function demandValueOfTime(network: Network, fromId: string, toId: string, rows: readonly DemandRow[] | null = builtinDemand(network)): ValueOfTimeChoice {
  if (!rows) return standardValueOfTime();
  const tiers: [string, (r: DemandRow) => boolean][] = [
    [`${fromId} → ${toId}`, (r) => (r.origin === fromId && r.destination === toId) || (r.origin === toId && r.destination === fromId)],
    [`flows to ${toId}`, (r) => r.destination === toId],
    [`flows from ${toId}`, (r) => r.origin === toId],
  ];
  for (const [label, match] of tiers) {
    const hits = rows.filter((r) => match(r) && r.valueOfTimeUsdPerTeuHour !== null && r.teuPerYear > 0);
    if (!hits.length) continue;
    const teu = hits.reduce((s, r) => s + r.teuPerYear, 0);
    const value = hits.reduce((s, r) => s + r.teuPerYear * r.valueOfTimeUsdPerTeuHour!, 0) / teu;
    const commodities = [...new Set(hits.map((r) => r.commodity).filter(Boolean))].join('; ');
    return {
      usdPerTeuHour: value,
      basis: 'demand',
      cargo: null,
      source: `demand scenario of ${network.id}: ${label}${hits.length > 1 ? ` (${hits.length} rows, TEU-weighted)` : ''}${commodities ? `, ${commodities}` : ''}`,
    };
  }
  return standardValueOfTime();
}

/**
 * The value of time a route takes when the query names neither a value nor a cargo class: the demand
 * scenario's, so `route` and `optimize` weigh time alike. Unknown nodes are left to route() to report.
 */
export function routeDefaultValueOfTime(network: Network, from: string, to: string): ValueOfTimeChoice | undefined {
  try {
    return demandValueOfTime(network, findNode(network, from).id, findNode(network, to).id);
  } catch {
    return undefined;
  }
}
