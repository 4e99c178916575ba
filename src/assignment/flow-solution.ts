import type { BackendName, LpSolution, LpStatus } from '../../solver/lp-model.js';
import type { LpSize } from './assignment-result.js';
import type { AssignmentLp } from './arc/build-assignment-lp.js';
import type { Commodity } from './group-commodities.js';
import type { FlowPath } from './path-decomposition.js';

/** One commodity's flows in a solution: TEU/yr on each of its arcs (in `Commodity.arcs` order), and unserved per destination. */
export interface CommodityFlows {
  arcFlowsTeuPerYear: Float64Array;
  unservedTeuPerYear: readonly number[];
}

/**
 * What either formulation hands over after its solve (issue 17): flows per commodity, unserved demand,
 * capacity duals and, from column generation, the paths. assembleResult turns it into the result; neither
 * formulation has to dress up as the other (the path formulation used to lay its flows out as the arc LP's
 * column vector, with an empty model standing in for the LP).
 */
export interface FlowSolution {
  status: LpStatus;
  message: string | null;
  /** Objective, USD/yr; null without a feasible point. */
  objectiveUsd: number | null;
  backend: BackendName;
  solveSeconds: number;
  /** Size of the LP that was solved (the arc LP, or column generation's restricted master). */
  lpSize: LpSize;
  commodities: readonly Commodity[];
  /** By commodity index; null when the solve has no point to report (not optimal and not a time limit with one). */
  flows: readonly CommodityFlows[] | null;
  /**
   * Duals of the capacity rows by arc and by node, in the solver's sign convention (0 where an element has
   * no row); null when there are none (the backend has no duals, or the solve is not optimal).
   */
  capacityDuals: { arc: Float64Array; node: Float64Array } | null;
  /** Paths of each commodity when the formulation has them (its columns); otherwise the flows are decomposed. */
  paths?: readonly (readonly FlowPath[])[];
}

/** Whether a solve's point is reported: optimal, or the best point at a time limit. */
export const hasReportablePoint = (status: LpStatus, point: unknown): boolean => point !== null && (status === 'optimal' || status === 'time_limit');

/** The arc formulation's solution: its column vector and capacity-row duals read through the LP's layout. */
export function flowSolutionFromLp(lp: AssignmentLp, solution: LpSolution, dualsAvailable: boolean): FlowSolution {
  const x = solution.columnValues;
  const duals = dualsAvailable && solution.status === 'optimal' ? solution.rowDuals : null;
  const dualOf = (row: number) => (row < 0 ? 0 : duals![row]);
  return {
    status: solution.status,
    message: solution.message ?? null,
    objectiveUsd: solution.objective,
    backend: solution.backend,
    solveSeconds: solution.solveSeconds,
    lpSize: {
      columns: lp.model.columns.length,
      rows: lp.model.rows.length,
      nonzeros: lp.model.rows.reduce((s, r) => s + r.indices.length, 0),
      commodities: lp.commodities.length,
    },
    commodities: lp.commodities,
    flows: hasReportablePoint(solution.status, x)
      ? lp.commodities.map((c) => {
          const start = lp.flowColumnStart[c.index];
          return { arcFlowsTeuPerYear: x!.subarray(start, start + c.arcs.length), unservedTeuPerYear: c.destinations.map((_, j) => Math.max(0, x![lp.unservedColumns[c.index][j]])) };
        })
      : null,
    capacityDuals: duals ? { arc: Float64Array.from(lp.arcCapacityRow, dualOf), node: Float64Array.from(lp.nodeThroughputRow, dualOf) } : null,
  };
}
