import { getBackend } from '../../solver/index.js';
import type { LpBackend, LpColumn, LpModel, LpRow } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { fmt, formatTable, seededRandom } from '../shared/index.js';
import { findAlternativeOptima, type AlternativeOptimum } from './alternative-optima.js';
import type { AssignmentResult } from './assignment-result.js';
import type { OptimizeOptions, ResolvedOptimizeOptions } from './optimize-options.js';
import { buildCorridorLpWithin } from './optimize.js';

/** A link direction whose flow differs between optimal solutions of the same LP. */
export interface AlternativeOptimumLink {
  id: string;
  direction: 'forward' | 'reverse';
  from: string;
  to: string;
  /** Flow in the reported solution, TEU/yr. */
  flowTeuPerYear: number;
  /** Least and most flow seen in optimal solutions (the reported one and the two probes), TEU/yr; the true range can be wider. */
  minSeenTeuPerYear: number;
  maxSeenTeuPerYear: number;
}

/**
 * Whether the optimum's flows are unique, and where they are not. `exist` is true when another optimal
 * solution with different link flows was found; `links` are the link directions whose flow differs, largest
 * difference first; `routes` are the single-commodity equal-cost alternatives (OD pairs that could use
 * another route), which explain some of them.
 */
export interface AlternativeOptimaReport {
  /** `routes`: only the equal-cost route search ran; `routes+lp`: the two probes on the optimal face ran too. */
  checked: 'routes' | 'routes+lp';
  exist: boolean;
  links: AlternativeOptimumLink[];
  routes: AlternativeOptimum[];
  /** Why the LP probes did not run, or what they met (a probe that did not solve). */
  note: string | null;
}

/** Options of {@link checkAlternativeOptima}. */
export interface AlternativeOptimaCheckOptions {
  /** Run the two LP probes only when the arc LP has at most this many columns (default 300,000). */
  maxLpColumns?: number;
  /** Seed of the probe weights (default 1), so reports are reproducible. */
  seed?: number;
}

/**
 * Look for other optimal solutions of an assignment, so a report can say "alternative optima exist on …"
 * when flows are not unique (a degenerate LP: backends can return different flows at the same objective).
 *
 * Two probes on the optimal face (the points with the optimal objective; see optimalFace): minimise and
 * then maximise Σ w_a × flow_a for random arc weights w_a ∈ [1, 2] (one weight per arc, shared
 * by all commodities, so only a change of link flows counts). If the link flows are unique the face's image
 * is one point and both probes return it; if they are not, a generic linear function is not constant on the
 * face, so its minimum and maximum differ and at least one probe lands on other flows. Link directions
 * whose flow moves by more than 1 TEU/yr and 1e-6 of the flow are reported.
 *
 * Cost: one solve of the arc LP (for its duals) and two smaller solves of the face. Without the probes (method `paths` above `maxLpColumns`) the
 * report rests on the equal-cost route search alone (see findAlternativeOptima), which finds
 * single-commodity shifts but not exchanges between commodities at a saturated capacity.
 */
export async function checkAlternativeOptima(
  network: Network,
  demand: readonly DemandRow[],
  options: OptimizeOptions | ResolvedOptimizeOptions,
  result: AssignmentResult,
  check: AlternativeOptimaCheckOptions = {},
): Promise<AlternativeOptimaReport> {
  if (result.status !== 'optimal' || result.objectiveUsd === null) {
    return { routes: [], links: [], checked: 'routes', exist: false, note: `not checked: the solve is ${result.status}` };
  }
  const maxColumns = check.maxLpColumns ?? 300_000;
  // Limited while it is built: the arc LP of a large network (method paths at 5,000 nodes / 1,000 pairs:
  // ≈ 7.9e7 columns) does not fit in memory, and building it only to find that out crashed the process.
  // One expansion serves the route search and the probes.
  const { graph, lp } = buildCorridorLpWithin(network, demand, options, maxColumns);
  const routes = findAlternativeOptima(network, result, { graph });
  if (lp === null) {
    return { routes, links: [], checked: 'routes', exist: routes.length > 0, note: `LP probes skipped: the arc LP has more than ${maxColumns} flow columns; the route search finds shifts of one OD pair only, so other optimal flows that trade capacity between OD pairs are not ruled out` };
  }
  const base = { routes, links: [] as AlternativeOptimumLink[] };
  const backend = getBackend(result.backend);
  const notes: string[] = [];
  const face = await optimalFace(lp.model, backend, result.objectiveUsd, notes);
  const random = seededRandom(check.seed ?? 1);
  const weight = Float64Array.from({ length: graph.arcCount }, () => 1 + random());
  const probeColumns = face.columns.map((c) => ({ ...c, cost: 0 }));
  for (const c of lp.commodities) {
    const start = lp.flowColumnStart[c.index];
    for (let i = 0; i < c.arcs.length; i++) probeColumns[start + i].cost = weight[c.arcs[i]];
  }
  const reported = new Float64Array(graph.arcCount);
  for (const c of result.commodities) c.arcIds.forEach((a, i) => (reported[a] += c.arcFlowsTeuPerYear[i]));
  const lo = Float64Array.from(reported);
  const hi = Float64Array.from(reported);
  for (const sense of ['minimize', 'maximize'] as const) {
    const model: LpModel = { name: `alternative-optima-${sense}`, sense, objectiveConstant: 0, columns: probeColumns, rows: face.rows };
    const solution = await backend.solve(model);
    if (solution.status !== 'optimal' || !solution.columnValues) {
      notes.push(`the ${sense} probe ended ${solution.status}${solution.message ? ` (${solution.message})` : ''}`);
      continue;
    }
    const x = solution.columnValues;
    const flow = new Float64Array(graph.arcCount);
    for (const c of lp.commodities) {
      const start = lp.flowColumnStart[c.index];
      for (let i = 0; i < c.arcs.length; i++) flow[c.arcs[i]] += x[start + i];
    }
    for (let a = 0; a < graph.arcCount; a++) {
      lo[a] = Math.min(lo[a], flow[a]);
      hi[a] = Math.max(hi[a], flow[a]);
    }
  }
  const links: AlternativeOptimumLink[] = [];
  for (let a = 0; a < graph.arcCount; a++) {
    const li = graph.arcLink[a];
    if (li < 0) continue;
    const spread = hi[a] - lo[a];
    if (spread <= 1 || spread <= 1e-6 * Math.max(1, hi[a])) continue;
    const link = network.links[li];
    const reverse = graph.arcReverse[a] === 1;
    links.push({
      id: link.id,
      direction: reverse ? 'reverse' : 'forward',
      from: reverse ? link.to : link.from,
      to: reverse ? link.from : link.to,
      flowTeuPerYear: reported[a],
      minSeenTeuPerYear: lo[a],
      maxSeenTeuPerYear: hi[a],
    });
  }
  links.sort((p, q) => q.maxSeenTeuPerYear - q.minSeenTeuPerYear - (p.maxSeenTeuPerYear - p.minSeenTeuPerYear));
  return { ...base, links, checked: 'routes+lp', exist: links.length > 0 || routes.length > 0, note: notes.length ? notes.join('; ') : null };
}

/**
 * The optimal face of a minimisation LP as an LP of its own. With the optimal duals (y, d) of one solve,
 * complementary slackness says exactly which points are optimal: the feasible points with x_j at its lower
 * bound where d_j > 0, at its upper bound where d_j < 0, and every row with y_i ≠ 0 at its active bound. So
 * the face is the original LP with those columns fixed and those rows made equalities: no extra dense row,
 * and presolve drops the fixed columns, which makes the probes cheaper than the first solve. A reduced cost
 * or dual within 1e-7 of the column's cost scale counts as zero (a tie at the solver's dual tolerance).
 * Without duals (js-lp-solver), the face is the LP plus the row Σ cost × x ≤ z* (1 + 1e-9).
 */
async function optimalFace(model: LpModel, backend: LpBackend, z: number, notes: string[]): Promise<{ columns: LpColumn[]; rows: LpRow[] }> {
  const solved = backend.supports('duals') ? await backend.solve(model) : null;
  const d = solved?.status === 'optimal' ? solved.reducedCosts : null;
  const y = solved?.status === 'optimal' ? solved.rowDuals : null;
  const activity = solved?.rowActivities ?? null;
  if (!d || !y || !activity || !solved?.columnValues) {
    if (solved) notes.push(`duals unavailable (${solved.status}); probed with the objective held by a row`);
    const costRow: LpRow = { name: 'objective_at_optimum', lower: -Infinity, upper: z + 1e-9 * Math.max(1, Math.abs(z)), indices: [], values: [] };
    model.columns.forEach((c, j) => {
      if (c.cost !== 0) {
        costRow.indices.push(j);
        costRow.values.push(c.cost);
      }
    });
    return { columns: model.columns, rows: [...model.rows, costRow] };
  }
  const columns = model.columns.map((c, j) => {
    const tol = 1e-7 * Math.max(1, Math.abs(c.cost));
    if (d[j] > tol && Number.isFinite(c.lower)) return { ...c, upper: c.lower };
    if (d[j] < -tol && Number.isFinite(c.upper)) return { ...c, lower: c.upper };
    return c;
  });
  const rows = model.rows.map((r, i) => {
    if (Math.abs(y[i]) <= 1e-7 || r.lower === r.upper) return r;
    // The active side: the bound the activity sits at (a ≤ row of a minimisation has y ≤ 0 there).
    const atUpper = Number.isFinite(r.upper) && (!Number.isFinite(r.lower) || Math.abs(activity[i] - r.upper) <= Math.abs(activity[i] - r.lower));
    const bound = atUpper ? r.upper : r.lower;
    return { ...r, lower: bound, upper: bound };
  });
  return { columns, rows };
}

/** Lines for the CLI report: a heading and a table of the link directions, then the equal-cost routes. */
export function describeAlternativeOptima(report: AlternativeOptimaReport, top = 10): string[] {
  if (!report.exist) return report.note ? [`Alternative optima: none found (${report.note})`] : [];
  const out: string[] = [];
  if (report.links.length) {
    out.push(`Alternative optima exist on ${report.links.length} link directions: the same objective is reached with other flows there, so another backend may report them differently`);
    out.push(formatTable(report.links.slice(0, top), [
      { header: 'link', value: (l) => l.id },
      { header: 'direction', value: (l) => `${l.from} → ${l.to}` },
      { header: 'reported TEU/yr', value: (l) => fmt(l.flowTeuPerYear), align: 'right' },
      { header: 'least seen', value: (l) => fmt(l.minSeenTeuPerYear), align: 'right' },
      { header: 'most seen', value: (l) => fmt(l.maxSeenTeuPerYear), align: 'right' },
    ]));
    if (report.links.length > top) out.push(`… ${report.links.length - top} more (--top, --json)`);
  } else out.push('Alternative optima exist: equal-cost routes with spare capacity (another backend may report them differently)');
  for (const r of report.routes.slice(0, top)) {
    out.push(`  ${r.origin} → ${r.destination}: up to ${fmt(r.shiftableTeuPerYear)} TEU/yr could use ${r.differingLinkIds.join(', ')} instead, at the same USD ${fmt(r.costUsdPerTeu, 2)}/TEU`);
  }
  if (report.note) out.push(`  (${report.note})`);
  return out;
}
