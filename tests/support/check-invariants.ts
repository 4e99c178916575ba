import type { DemandRow } from '../../src/network/demand.js';
import { expandNetwork } from '../../src/graph/expanded-graph.js';
import type { Network } from '../../src/network/network.js';
import type { AssignmentResult } from '../../src/assignment/assignment-result.js';

/** What {@link checkInvariants} found. */
export interface InvariantReport {
  /** Every violated invariant, in words; empty when the result is consistent. */
  violations: string[];
  /** Largest flow-conservation error over all commodities and vertices, TEU/yr. */
  maxConservationErrorTeu: number;
  /** Largest excess of flow over a capacity or throughput, TEU/yr (≤ 0 when all hold). */
  maxCapacityExcessTeu: number;
  /** Objective recomputed from the arc flows and unserved volumes, USD/yr. */
  recomputedObjectiveUsd: number;
}

/** Tolerances: absolute volume tolerance = relative × max(1, total demand); objective relative. */
export interface InvariantTolerances {
  relativeVolume?: number;
  relativeObjective?: number;
}

/**
 * Re-derive an assignment's invariants from its raw commodity flows, independently of the code that
 * built the LP and assembled the result: the graph is expanded again, capacities and closures are
 * re-applied from `result.parameters`, and costs are recomputed from the arcs. Checks
 * - flow conservation per commodity at every vertex (supply at the origin, served demand at each destination);
 * - no flow on closed links or nodes, no negative flow;
 * - per-direction link capacity and node throughput (after multipliers), and that the reported link and
 *   terminal flows equal the sums of the commodity flows;
 * - the objective and its breakdown recomputed from the flows = `objectiveUsd`;
 * - per OD row: served + unserved = demand, Σ unserved = `unservedTeu`, Σ path TEU = served;
 * - shadow prices ≥ 0, and > 0 only on binding capacities (complementary slackness).
 * @example expect(checkInvariants(result, network, demand).violations).toEqual([])
 */
export function checkInvariants(result: AssignmentResult, network: Network, demand: readonly DemandRow[], tolerances: InvariantTolerances = {}): InvariantReport {
  const violations: string[] = [];
  const report: InvariantReport = { violations, maxConservationErrorTeu: 0, maxCapacityExcessTeu: -Infinity, recomputedObjectiveUsd: NaN };
  if (result.objectiveUsd === null) {
    if (result.status === 'optimal') violations.push('status optimal but no objective');
    return report;
  }
  const p = result.parameters;
  const totalDemand = demand.reduce((s, r) => s + r.teuPerYear, 0);
  const volTol = (tolerances.relativeVolume ?? 1e-6) * Math.max(1, totalDemand);
  const objTol = (tolerances.relativeObjective ?? 1e-6) * Math.max(1, Math.abs(result.objectiveUsd));
  const g = expandNetwork(network, { includeCandidates: p.includeCandidates });
  const closedNode = new Set(p.closedNodeIds);
  const closedLink = new Set(p.closedLinkIds);
  const factor = (id: string) => p.capacityMultipliers[id] ?? 1;

  // Coverage: every demand row with volume appears in exactly one commodity destination that matches it.
  const covered = new Int32Array(demand.length);
  for (const c of result.commodities) {
    for (const d of c.destinations) {
      let sum = 0;
      for (const r of d.demandIndices) {
        covered[r]++;
        const row = demand[r];
        sum += row.teuPerYear;
        if (row.origin !== c.originId || row.destination !== d.nodeId) violations.push(`demand row ${r} (${row.origin}→${row.destination}) is in commodity ${c.originId}→${d.nodeId}`);
        if ((row.valueOfTimeUsdPerTeuHour ?? p.valueOfTimeUsdPerTeuHour) !== c.valueOfTimeUsdPerTeuHour) violations.push(`demand row ${r} has a different value of time than its commodity`);
      }
      if (Math.abs(sum - d.demandTeuPerYear) > volTol) violations.push(`commodity ${c.originId}→${d.nodeId}: demand ${d.demandTeuPerYear} ≠ Σ rows ${sum}`);
    }
  }
  demand.forEach((row, r) => {
    const expected = row.teuPerYear > 0 ? 1 : 0;
    if (covered[r] !== expected) violations.push(`demand row ${r} (${row.origin}→${row.destination}) appears in ${covered[r]} commodities, expected ${expected}`);
  });

  // Conservation and costs.
  const arcFlow = new Float64Array(g.arcCount);
  let money = 0;
  let time = 0;
  let carbon = 0;
  let unservedTotal = 0;
  for (const c of result.commodities) {
    const net = new Float64Array(g.vertexCount);
    const vot = c.valueOfTimeUsdPerTeuHour;
    c.arcIds.forEach((a, i) => {
      const f = c.arcFlowsTeuPerYear[i];
      if (!(a >= 0 && a < g.arcCount)) {
        violations.push(`commodity ${c.originId}: arc ${a} does not exist`);
        return;
      }
      if (f < -volTol) violations.push(`commodity ${c.originId}: negative flow ${f} on arc ${g.vertexKey[g.arcFrom[a]]} → ${g.vertexKey[g.arcTo[a]]}`);
      const link = g.arcLink[a] >= 0 ? network.links[g.arcLink[a]] : null;
      const node = g.arcNode[a] >= 0 ? network.nodes[g.arcNode[a]] : null;
      if (f > volTol && ((link && closedLink.has(link.id)) || (node && closedNode.has(node.id)))) {
        violations.push(`commodity ${c.originId}: ${f} TEU/yr on closed ${link ? `link ${link.id}` : `node ${node!.id}`}`);
      }
      net[g.arcTo[a]] += f;
      net[g.arcFrom[a]] -= f;
      arcFlow[a] += f;
      money += f * g.arcCostUsd[a];
      time += f * vot * g.arcHours[a];
      carbon += (f * p.carbonPriceUsdPerTonneCo2 * g.arcCo2Kg[a]) / 1000;
    });
    const origin = g.originVertex[g.nodeIndex.get(c.originId)!];
    const expected = new Map<number, number>();
    let supply = 0;
    for (const d of c.destinations) {
      if (d.unservedTeuPerYear < -volTol || d.unservedTeuPerYear > d.demandTeuPerYear + volTol) violations.push(`commodity ${c.originId}→${d.nodeId}: unserved ${d.unservedTeuPerYear} outside [0, ${d.demandTeuPerYear}]`);
      const served = d.demandTeuPerYear - d.unservedTeuPerYear;
      expected.set(g.destinationVertex[g.nodeIndex.get(d.nodeId)!], served);
      supply += served;
      unservedTotal += d.unservedTeuPerYear;
    }
    expected.set(origin, -supply);
    for (let v = 0; v < g.vertexCount; v++) {
      const err = Math.abs(net[v] - (expected.get(v) ?? 0));
      report.maxConservationErrorTeu = Math.max(report.maxConservationErrorTeu, err);
      if (err > volTol) violations.push(`commodity ${c.originId}: conservation broken at ${g.vertexKey[v]} by ${net[v] - (expected.get(v) ?? 0)} TEU/yr`);
    }
  }
  const penalty = unservedTotal * p.unservedPenaltyUsdPerTeu;
  report.recomputedObjectiveUsd = money + time + carbon + penalty;
  if (Math.abs(report.recomputedObjectiveUsd - result.objectiveUsd) > objTol) {
    violations.push(`objective ${result.objectiveUsd} ≠ recomputed from flows ${report.recomputedObjectiveUsd}`);
  }
  const b = result.objectiveBreakdown!;
  for (const [name, mine, theirs] of [['moneyUsd', money, b.moneyUsd], ['timeUsd', time, b.timeUsd], ['carbonUsd', carbon, b.carbonUsd], ['unservedPenaltyUsd', penalty, b.unservedPenaltyUsd]] as const) {
    if (Math.abs(mine - theirs) > objTol) violations.push(`breakdown ${name} ${theirs} ≠ recomputed ${mine}`);
  }
  if (Math.abs(b.moneyUsd + b.timeUsd + b.carbonUsd + b.unservedPenaltyUsd - result.objectiveUsd) > objTol) violations.push('breakdown does not sum to objectiveUsd');
  if (Math.abs(unservedTotal - (result.unservedTeu ?? NaN)) > volTol) violations.push(`unservedTeu ${result.unservedTeu} ≠ Σ commodity unserved ${unservedTotal}`);

  // Capacities, and the reported link and terminal flows.
  const reportedLink = new Map(result.links.map((l) => [`${l.id}|${l.direction}`, l]));
  network.links.forEach((l, li) => {
    for (const a of g.linkArcs[li]) {
      const dir = g.arcReverse[a] ? 'reverse' : 'forward';
      const r = reportedLink.get(`${l.id}|${dir}`);
      if (!r) {
        violations.push(`link ${l.id} ${dir} missing from result.links`);
        continue;
      }
      if (Math.abs(r.flowTeuPerYear - arcFlow[a]) > volTol) violations.push(`link ${l.id} ${dir}: reported flow ${r.flowTeuPerYear} ≠ Σ commodity flows ${arcFlow[a]}`);
      if (!p.ignoreCapacities && l.capacityTeuPerYear !== null) {
        const cap = l.capacityTeuPerYear * factor(l.id);
        const excess = arcFlow[a] - cap;
        report.maxCapacityExcessTeu = Math.max(report.maxCapacityExcessTeu, excess);
        if (excess > volTol) violations.push(`link ${l.id} ${dir}: flow ${arcFlow[a]} > capacity ${cap}`);
        checkShadow(`link ${l.id} ${dir}`, r.shadowPriceUsdPerTeu, arcFlow[a], cap, closedLink.has(l.id));
      }
    }
  });
  const reportedNode = new Map(result.terminals.map((t) => [t.id, t]));
  network.nodes.forEach((n, ni) => {
    let flow = 0;
    for (const a of g.nodeArcs[ni]) flow += arcFlow[a];
    const r = reportedNode.get(n.id);
    if (!r) {
      violations.push(`node ${n.id} missing from result.terminals`);
      return;
    }
    if (Math.abs(r.throughputTeuPerYear - flow) > volTol) violations.push(`node ${n.id}: reported throughput ${r.throughputTeuPerYear} ≠ Σ flows ${flow}`);
    if (!p.ignoreCapacities && n.throughputTeuPerYear !== null) {
      const cap = n.throughputTeuPerYear * factor(n.id);
      const excess = flow - cap;
      report.maxCapacityExcessTeu = Math.max(report.maxCapacityExcessTeu, excess);
      if (excess > volTol) violations.push(`node ${n.id}: throughput ${flow} > capacity ${cap}`);
      checkShadow(`node ${n.id}`, r.shadowPriceUsdPerTeu, flow, cap, closedNode.has(n.id));
    }
  });

  function checkShadow(what: string, shadow: number | null, flow: number, cap: number, closed: boolean) {
    if (shadow === null) {
      if (result.shadowPricesAvailable && !closed) violations.push(`${what}: shadow price missing`);
      return;
    }
    const priceTol = 1e-6 * Math.max(1, p.unservedPenaltyUsdPerTeu);
    if (shadow < -priceTol) violations.push(`${what}: negative shadow price ${shadow}`);
    if (shadow > priceTol && flow < cap - volTol) violations.push(`${what}: shadow price ${shadow} but not binding (flow ${flow} < capacity ${cap})`);
  }

  // OD rows and paths.
  let odUnserved = 0;
  for (const o of result.od) {
    const row = demand[o.demandIndex];
    odUnserved += o.unservedTeuPerYear;
    if (Math.abs(o.servedTeuPerYear + o.unservedTeuPerYear - row.teuPerYear) > volTol) violations.push(`OD ${o.origin}→${o.destination}: served + unserved ≠ demand`);
    if (o.paths.length === 0) continue;
    const pathTeu = o.paths.reduce((s, q) => s + q.teuPerYear, 0);
    if (Math.abs(pathTeu - o.servedTeuPerYear) > volTol) violations.push(`OD ${o.origin}→${o.destination}: Σ path TEU ${pathTeu} ≠ served ${o.servedTeuPerYear}`);
    for (const q of o.paths) {
      if (q.nodeIds[0] !== o.origin || q.nodeIds[q.nodeIds.length - 1] !== o.destination) violations.push(`OD ${o.origin}→${o.destination}: path ${q.nodeIds.join('-')} has the wrong ends`);
      q.linkIds.forEach((id, i) => {
        const l = network.links.find((x) => x.id === id);
        const [u, v] = [q.nodeIds[i], q.nodeIds[i + 1]];
        if (!l || !((l.from === u && l.to === v) || (!l.oneway && l.from === v && l.to === u))) violations.push(`OD ${o.origin}→${o.destination}: link ${id} does not join ${u} and ${v}`);
      });
    }
  }
  if (result.od.length && Math.abs(odUnserved - (result.unservedTeu ?? 0)) > volTol) violations.push(`Σ OD unserved ${odUnserved} ≠ unservedTeu ${result.unservedTeu}`);
  return report;
}
