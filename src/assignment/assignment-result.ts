import type { AlternativeOptimaReport } from './optimal-face.js';
import type { ModeChainSplitEntry } from './mode-chain-split.js';
import type { BackendName, LpStatus } from '../../solver/lp-model.js';
import type { Mode, NodeKind } from '../network/index.js';

/**
 * Shadow price convention used everywhere in this project:
 * `shadowPriceUsdPerTeu` = the reduction of the yearly objective (USD/yr) per extra TEU/yr of capacity,
 * i.e. what one more TEU/yr of capacity there is worth. It is ≥ 0, and 0 when the limit does not bind.
 * It equals −rowDual of the capacity row (solver layer: rowDual = ∂objective/∂bound, ≤ 0 for a binding
 * ≤ row of a minimisation). It is null when the backend gives no duals (js-lp-solver) or the item is closed.
 * Like any LP dual it is a marginal value: valid for small changes, and not unique when the LP is degenerate.
 */
export type ShadowPriceUsdPerTeu = number | null;

/** Parts of the objective, USD per year. They sum to `objectiveUsd`. */
export interface ObjectiveBreakdown {
  /** Σ flow × money cost (link costs, transfers, border and gauge-change charges). */
  moneyUsd: number;
  /** Σ flow × hours × value of time. */
  timeUsd: number;
  /** Σ flow × CO2 × carbon price. */
  carbonUsd: number;
  /** Σ unserved TEU × penalty. */
  unservedPenaltyUsd: number;
}

/** Flow on one direction of one link. */
export interface LinkFlow {
  id: string;
  name: string | null;
  /** Node ids in the direction of travel (swapped for `reverse`). */
  from: string;
  to: string;
  mode: Mode;
  /** `forward` = the link's from → to, `reverse` = to → from. */
  direction: 'forward' | 'reverse';
  lengthKm: number;
  /** TEU per year in this direction. */
  flowTeuPerYear: number;
  /** Capacity in this direction after multipliers, TEU/yr; null = unlimited; 0 when closed. */
  capacityTeuPerYear: number | null;
  /** flow / capacity; null when the capacity is unlimited or 0. */
  utilization: number | null;
  /** See {@link ShadowPriceUsdPerTeu}. 0 for unlimited links when duals are available. */
  shadowPriceUsdPerTeu: ShadowPriceUsdPerTeu;
  closed: boolean;
}

/** Throughput of one node (every TEU starting, ending or passing it). */
export interface TerminalFlow {
  id: string;
  name: string;
  kind: NodeKind;
  country: string | null;
  /** Flow through the node, TEU per year (not its capacity). */
  throughputTeuPerYear: number;
  /** Throughput limit after multipliers, TEU/yr; null = unlimited. */
  capacityTeuPerYear: number | null;
  utilization: number | null;
  shadowPriceUsdPerTeu: ShadowPriceUsdPerTeu;
  closed: boolean;
}

/** One path of an OD pair's flow. */
export interface OdPath {
  /** Physical nodes in order, origin first. */
  nodeIds: string[];
  /** Links in order. */
  linkIds: string[];
  /** Modes in order of use, consecutive repeats merged (a gauge change shows as rail, rail merged). */
  modes: Mode[];
  /** Mode with the most km on the path. */
  mainMode: Mode | null;
  /** TEU per year on this path. */
  teuPerYear: number;
  /** teuPerYear / the row's demand. */
  share: number;
  /** Per TEU along the path: generalized cost with the row's value of time, money, hours, km, CO2. */
  generalizedCostUsdPerTeu: number;
  moneyUsdPerTeu: number;
  hours: number;
  km: number;
  co2KgPerTeu: number;
}

/** Assignment of one demand row. */
export interface OdAssignment {
  /** Index into the demand array given to optimize(). */
  demandIndex: number;
  /** The row's position in its source (CSV row with header = 1, or JSON position). */
  row: number;
  origin: string;
  destination: string;
  commodity: string | null;
  valueOfTimeUsdPerTeuHour: number;
  demandTeuPerYear: number;
  servedTeuPerYear: number;
  /** Never silent: any demand not carried shows here and in `unservedTeu`. */
  unservedTeuPerYear: number;
  /** Mean generalized cost per served TEU, USD; null when nothing is served. */
  averageCostUsdPerTeu: number | null;
  /** Flow decomposition, largest first (empty when `paths: false`). */
  paths: OdPath[];
}

/** A binding capacity, ranked by shadow price (or by utilization when there are no duals). */
export interface Bottleneck {
  kind: 'link' | 'terminal';
  id: string;
  name: string | null;
  /** Links only. */
  direction?: 'forward' | 'reverse';
  from?: string;
  to?: string;
  mode?: Mode;
  flowTeuPerYear: number;
  capacityTeuPerYear: number;
  utilization: number | null;
  shadowPriceUsdPerTeu: ShadowPriceUsdPerTeu;
}

/** TEU and TEU-km by mode. */
export interface ModalSplitEntry {
  mode: Mode;
  /** TEU per year whose path's main mode (most km) is this mode; sums to the served total. */
  teuPerYear: number;
  /** TEU-km per year on links of this mode (all legs of every path). */
  teuKm: number;
  shareOfTeuKm: number;
}

/**
 * Raw flows of one LP commodity (all demand from one origin with one value of time) on expanded-graph
 * arcs, for callers that build on the solution (invariant checks, column generation). Arc ids refer to
 * `expandNetwork(network, { includeCandidates })` with the same candidates.
 */
export interface CommodityFlow {
  originId: string;
  valueOfTimeUsdPerTeuHour: number;
  destinations: { nodeId: string; demandTeuPerYear: number; unservedTeuPerYear: number; demandIndices: number[] }[];
  arcIds: Int32Array;
  /** TEU per year, parallel to arcIds; raw solver values (may hold round-off of ±1e-9 relative). */
  arcFlowsTeuPerYear: Float64Array;
}

/** Size of the LP that was solved. */
export interface LpSize {
  columns: number;
  rows: number;
  nonzeros: number;
  commodities: number;
}

/** Parameters the result was computed with (defaults filled in). */
export interface AssignmentParameters {
  valueOfTimeUsdPerTeuHour: number;
  carbonPriceUsdPerTonneCo2: number;
  unservedPenaltyUsdPerTeu: number;
  closedNodeIds: string[];
  closedLinkIds: string[];
  capacityMultipliers: Record<string, number>;
  includeCandidates: string[] | 'all';
  ignoreCapacities: boolean;
}

/**
 * Result of optimize(). `status` is the LP status; infeasible or failed solves are results, not
 * exceptions. When no feasible point is known (error, or a time limit before any point) the numbers
 * are null and the arrays empty. All volumes are per year.
 */
export interface AssignmentResult {
  networkId: string;
  status: LpStatus;
  /** Solver detail (native status text, error message). */
  message: string | null;
  /** Yearly generalized cost, USD/yr: Σ flow × generalized cost + penalty × unserved (the LP objective). */
  objectiveUsd: number | null;
  objectiveBreakdown: ObjectiveBreakdown | null;
  /** Total demand, TEU/yr. */
  totalDemandTeu: number;
  /** Served, TEU/yr. */
  servedTeu: number | null;
  /** Unserved demand, TEU/yr (also per OD row in `od`). */
  unservedTeu: number | null;
  od: OdAssignment[];
  links: LinkFlow[];
  terminals: TerminalFlow[];
  bottlenecks: Bottleneck[];
  modalSplit: ModalSplitEntry[];
  /** TEU by chain of modes (rail + sea, …), beside the TEU-km split; from the paths (empty without them). */
  modeChainSplit: ModeChainSplitEntry[];
  /** TEU-km per year. */
  teuKm: number | null;
  /** CO2 per year, kg. */
  co2Kg: number | null;
  /** False when the backend gives no duals: every shadow price is then null. */
  shadowPricesAvailable: boolean;
  backend: BackendName;
  /** Seconds in the backend. */
  solveSeconds: number;
  /** Seconds for the whole optimize() call (graph, LP build, solve, results). */
  totalSeconds: number;
  lpSize: LpSize;
  parameters: AssignmentParameters;
  /** Things worth knowing (e.g. unserved demand that has no open route). */
  warnings: string[];
  /**
   * Other optimal flows, when checked (checkAlternativeOptima: `corridor optimize` and the API's optimize job
   * do unless told not to): where the LP is degenerate, another backend may report other flows there.
   */
  alternativeOptima?: AlternativeOptimaReport;
  /** Per-commodity arc flows (see {@link CommodityFlow}); not part of the JSON output. */
  commodities: CommodityFlow[];
}
