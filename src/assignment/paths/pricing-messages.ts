import type { ExpandedGraph } from '../../graph/index.js';
import type { PricingDuals, SharedTargetBounds } from './price-paths.js';
import type { PathColumn, PathCommodity } from './restricted-master.js';

/** What a pricing worker is started with (structured-cloned once; the bound tables are shared memory). */
export interface PricingWorkerData {
  graph: ExpandedGraph;
  /** The worker's share of the master's commodities (their `index` is the master's). */
  commodities: PathCommodity[];
  carbonPriceUsdPerTonneCo2: number;
  shared: SharedTargetBounds;
}

/** A request to a pricing worker; it answers each with one PricingResponse, in order. */
export type PricingRequest =
  | { kind: 'fill' }
  | {
      kind: 'price';
      /** A new scenario started since the last round: forget the search history. */
      newScenario: boolean;
      duals: PricingDuals;
      arcOpen: Uint8Array;
    };

export type PricingResponse =
  | { kind: 'filled' }
  | { kind: 'priced'; columns: PathColumn[]; trees: number; settledVertices: number }
  | { kind: 'error'; message: string };
