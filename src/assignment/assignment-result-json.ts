import type { AssignmentResult } from './assignment-result.js';

/**
 * The JSON form of an assignment, headline numbers first (status, objectiveUsd, breakdown, unservedTeu,
 * …, links, terminals, od). The raw per-commodity arc flows (typed arrays keyed by expanded-graph arc
 * numbers, which mean nothing outside this process) are left out unless `withCommodities` is set; then
 * they come as plain arrays.
 */
export function assignmentResultToJson(result: AssignmentResult, withCommodities = false): Record<string, unknown> {
  const { commodities, networkId, status, message, objectiveUsd, objectiveBreakdown, totalDemandTeu, servedTeu, unservedTeu, ...rest } = result;
  const out: Record<string, unknown> = { networkId, status, message, objectiveUsd, objectiveBreakdown, totalDemandTeu, servedTeu, unservedTeu, ...rest };
  if (withCommodities) {
    out.commodities = commodities.map((c) => ({ ...c, arcIds: Array.from(c.arcIds), arcFlowsTeuPerYear: Array.from(c.arcFlowsTeuPerYear) }));
  }
  return out;
}
