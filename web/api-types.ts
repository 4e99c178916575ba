/**
 * The shapes of the public HTTP API that the map page reads. Only the fields the page uses are
 * declared; everything else the API sends is ignored. Units are in the names.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';

/** One network of `GET /networks`. */
export interface NetworkSummary {
  id: string;
  name: string;
  description?: string | null;
  builtin?: boolean;
  /** Set when a built-in network's data cannot be loaded. */
  error?: string;
}

/** Properties of a node Point feature (docs/network-format.md). */
export interface NodeProperties {
  id: string;
  name: string;
  kind: string;
  country?: string;
  aliases?: string[];
}

/** Properties of a link LineString feature (docs/network-format.md). */
export interface LinkProperties {
  id: string;
  from: string;
  to: string;
  mode: string;
  name?: string;
  status?: 'existing' | 'candidate';
  lengthKm?: number;
  capacityTeuPerYear?: number;
  capexUsd?: number;
  lifetimeYears?: number;
}

export type NodeFeature = Feature<Point, NodeProperties>;
export type LinkFeature = Feature<LineString, LinkProperties>;

/** `GET /networks/:id`: the network as format-v1 GeoJSON. */
export interface NetworkGeoJson extends FeatureCollection<Point | LineString> {
  id?: string;
  name?: string;
}

/** One leg of a route (a run of links in one mode). */
export interface RouteLeg {
  mode: string;
  from: string;
  to: string;
  km: number;
  hours: number;
  costUsd: number;
  co2Kg: number;
  linkIds: string[];
}

/** A found route, per TEU. */
export interface FoundRoute {
  found: true;
  totalCostUsd: number;
  totalHours: number;
  totalDays: number;
  totalKm: number;
  co2Kg: number;
  generalizedCostUsd: number;
  legs: RouteLeg[];
  modeChain: string[] | string;
  geometry?: FeatureCollection<LineString>;
  /** Alternatives only: not dominated in (totalCostUsd, totalHours) by another alternative. */
  paretoOptimal?: boolean;
  /** Alternatives only: this alternative is the route the query returned. */
  best?: boolean;
  fromName?: string;
  toName?: string;
}

/** `GET /networks/:id/route`. */
export type RouteResult =
  | (FoundRoute & { alternatives?: FoundRoute[] })
  | { found: false; reason: string };

/** `POST …/optimize|evaluate|disrupt` → 202. */
export interface JobAccepted {
  jobId: string;
  statusUrl: string;
}

/** `GET /jobs/:id`. */
export interface JobState<R = unknown> {
  id?: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress?: number;
  result?: R;
  error?: { title?: string; detail?: string } | string | null;
}

/**
 * Shadow price convention of the API: USD per year saved per extra TEU/yr of capacity (≥ 0, 0 when the
 * limit does not bind), null when the solver gives no duals.
 */
export type ShadowPriceUsdPerTeu = number | null;

/** Flow on one direction of one link (optimize result). */
export interface LinkFlow {
  id: string;
  name?: string | null;
  from: string;
  to: string;
  mode: string;
  direction: 'forward' | 'reverse';
  flowTeuPerYear: number;
  /** null = unlimited. */
  capacityTeuPerYear: number | null;
  /** flow / capacity; null when the capacity is unlimited or 0. */
  utilization: number | null;
  shadowPriceUsdPerTeu: ShadowPriceUsdPerTeu;
  closed?: boolean;
}

/** Throughput of one node (optimize result). */
export interface TerminalFlow {
  id: string;
  name: string;
  throughputTeuPerYear: number;
  capacityTeuPerYear: number | null;
  utilization: number | null;
  shadowPriceUsdPerTeu: ShadowPriceUsdPerTeu;
  closed?: boolean;
}

/** A binding capacity, ranked by shadow price. */
export interface Bottleneck {
  kind: 'link' | 'terminal';
  id: string;
  name: string | null;
  direction?: 'forward' | 'reverse';
  from?: string;
  to?: string;
  mode?: string;
  flowTeuPerYear: number;
  capacityTeuPerYear: number;
  utilization: number | null;
  shadowPriceUsdPerTeu: ShadowPriceUsdPerTeu;
}

/** TEU and TEU-km by mode. */
export interface ModalSplitEntry {
  mode: string;
  /** TEU/yr whose main mode (most km) is this mode. */
  teuPerYear: number;
  /** TEU-km per year on links of this mode. */
  teuKm: number;
  shareOfTeuKm: number;
}

/** Result of an optimize (or disrupt) job: the capacity-constrained assignment of the demand. */
export interface OptimizeResult {
  status: string;
  message?: string | null;
  /** USD per year. */
  objectiveUsd: number | null;
  totalDemandTeu?: number;
  servedTeu?: number | null;
  unservedTeu: number | null;
  links: LinkFlow[];
  terminals: TerminalFlow[];
  bottlenecks: Bottleneck[];
  modalSplit: ModalSplitEntry[];
  co2Kg?: number | null;
  shadowPricesAvailable?: boolean;
  backend?: string;
  warnings?: string[];
}

/** Flow change of one link direction between the base and the disrupted case. */
export interface LinkFlowChange {
  id: string;
  name: string | null;
  direction: 'forward' | 'reverse';
  from: string;
  to: string;
  mode: string;
  baseTeuPerYear: number;
  newTeuPerYear: number;
  deltaTeuPerYear: number;
}

/** How one OD row fares under a disruption. */
export interface OdDisruption {
  origin: string;
  destination: string;
  demandTeuPerYear: number;
  baseCostUsdPerTeu: number | null;
  disruptedCostUsdPerTeu: number | null;
  addedUnservedTeu: number;
  /** Node ids of the row's largest path, before and after. */
  baseRoute: string[];
  disruptedRoute: string[];
}

/** Result of a disrupt job: the base and the disrupted assignment compared. */
export interface DisruptionReport {
  closedNodeIds: string[];
  closedLinkIds: string[];
  base: { status: string; objectiveUsd: number | null };
  disrupted: { status: string; objectiveUsd: number | null };
  /** Disrupted − base generalized cost, USD/yr. */
  addedCostUsd: number | null;
  unservedTeu: number | null;
  addedUnservedTeu: number | null;
  /** TEU/yr still carried but on another route. */
  reroutedTeu: number | null;
  /** ½ Σ |Δ flow| over link directions, TEU/yr. */
  linkFlowShiftTeu: number | null;
  /** Link directions whose flow changed most. */
  links: LinkFlowChange[];
  od: OdDisruption[];
  bottlenecks: Bottleneck[];
  warnings?: string[];
}

/** An RFC 9457 problem answer. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  problems?: { path: string; message: string }[];
  suggestions?: string[];
}
