import { DEFAULT_CARBON_PRICE_USD_PER_T_CO2, DEFAULT_VOT_USD_PER_TEU_HOUR } from '../network/index.js';
import type { ExpandedGraph } from './expanded-graph.js';

/** Weights of the generalized cost. Each can be overridden per query. */
export interface CostParameters {
  /** Value of time, USD per TEU-hour. */
  valueOfTimeUsdPerTeuHour: number;
  /** Carbon price, USD per tonne CO2. */
  carbonPriceUsdPerTonneCo2: number;
}

export const DEFAULT_COST_PARAMETERS: Readonly<CostParameters> = {
  valueOfTimeUsdPerTeuHour: DEFAULT_VOT_USD_PER_TEU_HOUR.value,
  carbonPriceUsdPerTonneCo2: DEFAULT_CARBON_PRICE_USD_PER_T_CO2.value,
};

/** Fill in defaults for the parameters a query leaves out. */
export function costParameters(partial: Partial<CostParameters> = {}): CostParameters {
  return {
    valueOfTimeUsdPerTeuHour: partial.valueOfTimeUsdPerTeuHour ?? DEFAULT_COST_PARAMETERS.valueOfTimeUsdPerTeuHour,
    carbonPriceUsdPerTonneCo2: partial.carbonPriceUsdPerTonneCo2 ?? DEFAULT_COST_PARAMETERS.carbonPriceUsdPerTonneCo2,
  };
}

/**
 * Generalized cost per TEU = money (USD) + VOT (USD/TEU-h) × hours + carbon price (USD/t) × CO2 (kg) / 1000.
 * @example generalizedCost(400, 48, 145, { valueOfTimeUsdPerTeuHour: 1, carbonPriceUsdPerTonneCo2: 0 }) // 448
 */
export function generalizedCost(costUsd: number, hours: number, co2Kg: number, p: CostParameters): number {
  return weighted(costUsd, hours, co2Kg, p.valueOfTimeUsdPerTeuHour, p.carbonPriceUsdPerTonneCo2);
}

/** The one formula (every generalized cost of the project goes through it, so they agree to the last bit). */
const weighted = (costUsd: number, hours: number, co2Kg: number, votUsdPerTeuHour: number, carbonPriceUsdPerTonneCo2: number): number =>
  costUsd + votUsdPerTeuHour * hours + (carbonPriceUsdPerTonneCo2 * co2Kg) / 1000;

/**
 * Generalized cost of one arc for one commodity's value of time, USD per TEU: what the LP's columns and the
 * pricing searches cost. Same formula as generalizedCost, without building a parameter object per call
 * (it runs once per commodity × arc when an LP is built).
 */
export const arcCostForCommodity = (graph: ExpandedGraph, a: number, votUsdPerTeuHour: number, carbonPriceUsdPerTonneCo2: number): number =>
  weighted(graph.arcCostUsd[a], graph.arcHours[a], graph.arcCo2Kg[a], votUsdPerTeuHour, carbonPriceUsdPerTonneCo2);

/** Weight vectors kept per graph: a few (value of time, carbon price) pairs are asked again and again. */
const ARC_COST_CACHE_LIMIT = 16;
const arcCostCache = new WeakMap<ExpandedGraph, Map<string, Float64Array>>();

/**
 * Generalized cost of every arc of the expanded graph, USD per TEU. Cached per graph and parameters (the
 * last 16 pairs), so routing and pricing share one array per value of time. The array is shared: do not
 * write to it.
 */
export function arcGeneralizedCosts(graph: ExpandedGraph, p: CostParameters): Float64Array {
  let byKey = arcCostCache.get(graph);
  if (!byKey) arcCostCache.set(graph, (byKey = new Map()));
  const key = `${p.valueOfTimeUsdPerTeuHour}|${p.carbonPriceUsdPerTonneCo2}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const out = new Float64Array(graph.arcCount);
  for (let a = 0; a < graph.arcCount; a++) out[a] = arcCostForCommodity(graph, a, p.valueOfTimeUsdPerTeuHour, p.carbonPriceUsdPerTonneCo2);
  if (byKey.size >= ARC_COST_CACHE_LIMIT) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, out);
  return out;
}
