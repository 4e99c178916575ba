import { DEFAULT_CARBON_PRICE_USD_PER_T_CO2, DEFAULT_VOT_USD_PER_TEU_HOUR } from './mode-defaults.js';
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
  return costUsd + p.valueOfTimeUsdPerTeuHour * hours + (p.carbonPriceUsdPerTonneCo2 * co2Kg) / 1000;
}

/** Generalized cost of every arc of the expanded graph, USD per TEU. */
export function arcGeneralizedCosts(graph: ExpandedGraph, p: CostParameters): Float64Array {
  const out = new Float64Array(graph.arcCount);
  for (let a = 0; a < graph.arcCount; a++) {
    out[a] = generalizedCost(graph.arcCostUsd[a], graph.arcHours[a], graph.arcCo2Kg[a], p);
  }
  return out;
}
