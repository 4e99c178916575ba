import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { LpStatus } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError, descendingWithin } from '../shared/index.js';
import type { Candidate, ScenarioOptimizeOptions } from '../evaluate/index.js';
import { baseOptionsOf, type OdAssignment, type PathsAssignmentResult } from '../assignment/index.js';
import { scenarioDemand, type Scenario, type ScenarioSet } from './scenario-set.js';
import { evaluateEach, openSubproblems } from './subproblem-evaluator.js';

/** Options of {@link resilienceMeasures}. */
export interface ResilienceOptions extends ScenarioOptimizeOptions {
  /** Candidates whose value as backup is measured (default none). */
  candidates?: readonly Candidate[];
  /** Binding elements whose backup capacity is measured, at most (largest shadow price first; default 20). */
  maxBindingElements?: number;
  /** Called after each solve. */
  onProgress?: (done: number, total: number) => void;
  /** Solve the scenarios on `corridor worker` processes through this Redis (BullMQ), several at once. */
  redisUrl?: string;
}

/** How one OD row fares in one scenario. */
export interface OdScenarioRedundancy {
  scenarioId: string;
  /** Served / demand in the scenario (its own demand), 0–1. */
  servedShare: number;
  /** Mean cost per served TEU in the scenario − in the base case, USD/TEU; null when either serves nothing. */
  extraCostUsdPerTeu: number | null;
  /** Yearly cost of the row (served × mean cost + unserved × penalty) in the scenario − in the base case, USD/yr. */
  addedCostUsd: number;
}

/** Redundancy of one OD row: how much of it each closure leaves served, and at what extra cost. */
export interface OdRedundancy {
  origin: string;
  destination: string;
  demandTeuPerYear: number;
  baseServedShare: number;
  baseCostUsdPerTeu: number | null;
  /** The scenario that serves the smallest share (ties: the dearest), and that share. */
  worstScenarioId: string | null;
  worstServedShare: number;
  worstExtraCostUsdPerTeu: number | null;
  byScenario: OdScenarioRedundancy[];
}

/** Redundancy of a corridor: the OD rows from one origin country to one destination country, demand-weighted. */
export interface CorridorRedundancy {
  /** "CN → DE". */
  corridor: string;
  demandTeuPerYear: number;
  worstScenarioId: string | null;
  worstServedShare: number;
  byScenario: { scenarioId: string; servedShare: number; addedCostUsd: number; extraCostUsdPerTeu: number | null }[];
}

/** A scenario's totals. */
export interface ScenarioTotals {
  id: string;
  name: string;
  probability: number;
  status: LpStatus;
  message: string | null;
  objectiveUsd: number | null;
  /** Scenario − base objective, USD/yr. */
  addedCostUsd: number | null;
  servedShare: number | null;
  unservedTeu: number | null;
}

/** An element with more flow when a binding element is closed, and the room it had in the base case. */
export interface BackupAlternative {
  kind: 'link' | 'terminal';
  id: string;
  direction: 'forward' | 'reverse' | null;
  /** Extra flow it takes when the binding element is closed, TEU/yr. */
  gainedTeuPerYear: number;
  /** Capacity − base flow, TEU/yr; null = unlimited. */
  spareCapacityTeuPerYear: number | null;
  capacityTeuPerYear: number | null;
}

/** Backup capacity of one binding link or terminal of the base case. */
export interface BackupCapacity {
  kind: 'link' | 'terminal';
  id: string;
  name: string | null;
  /** Base-case flow through it (a link: both directions), TEU/yr. */
  flowTeuPerYear: number;
  /** Largest shadow price of its capacity (a link: either direction), USD per TEU/yr. */
  shadowPriceUsdPerTeu: number;
  status: LpStatus;
  /** Closed alone: the added yearly cost, USD/yr, and the demand left unserved, TEU/yr. */
  closedAddedCostUsd: number | null;
  closedAddedUnservedTeu: number | null;
  /** Where its flow goes (elements that gain flow), largest gain first. */
  alternatives: BackupAlternative[];
  /** Σ spare capacity of the capacity-limited alternatives, TEU/yr; null when an alternative is unlimited. */
  spareOnAlternativesTeuPerYear: number | null;
  /** min(1, spare on the alternatives / its flow); 1 when an alternative is unlimited. */
  backupCoverage: number | null;
}

/** Concentration of flows across one kind of element. */
export interface Concentration {
  category: 'border-crossings' | 'ports' | 'sea-chokepoints';
  /** Σ share² over the elements, 0–1 (× 10,000 for the usual HHI points). */
  hhi: number;
  /** Σ throughput of the category, TEU/yr. */
  totalTeuPerYear: number;
  elements: { id: string; name: string; throughputTeuPerYear: number; share: number }[];
}

/** One candidate's value as backup. */
export interface BackupValue {
  id: string;
  /** Base objective − objective with the candidate alone, in the base case, USD/yr. */
  baseBenefitUsd: number | null;
  /** Σ_s p_s × the same benefit in scenario s, USD/yr. */
  expectedBenefitUsd: number | null;
  /** expectedBenefitUsd − baseBenefitUsd: what it is worth as insurance, beyond what it earns in the base case, USD/yr. */
  backupValueUsd: number | null;
  /** Largest benefit in any scenario, USD/yr, and where. */
  maxBenefitUsd: number | null;
  maxBenefitScenarioId: string | null;
  byScenario: { scenarioId: string; benefitUsd: number | null }[];
}

/** Redundancy of the traffic on one link. */
export interface LinkRedundancy {
  id: string;
  baseFlowTeuPerYear: number;
  redundancy: number;
  worstScenarioId: string | null;
  /** Per scenario other than the base: the share of this link's base-case TEU whose OD row is still served (0–1). */
  byScenario: { scenarioId: string; servedShare: number }[];
}

/** Result of {@link resilienceMeasures}. */
export interface ResilienceReport {
  networkId: string;
  scenarioSet: string;
  /** Scenario the others are compared with (the set's undisrupted one, or "(base)" solved for the purpose). */
  baseScenarioId: string;
  base: ScenarioTotals;
  scenarios: ScenarioTotals[];
  od: OdRedundancy[];
  corridors: CorridorRedundancy[];
  backupCapacity: BackupCapacity[];
  concentration: Concentration[];
  /** The element with the largest share of all TEU served (border crossings, ports and sea chokepoints). */
  largestElementShare: { id: string; name: string; category: Concentration['category']; throughputTeuPerYear: number; shareOfTotalTeu: number } | null;
  backupValues: BackupValue[];
  /**
   * Per network link carrying flow in the base case: `redundancy` = the smallest share, over the scenarios, of
   * the base-case TEU on the link (by OD row) whose OD row is still served, and the scenario where it is.
   */
  links: LinkRedundancy[];
  solves: number;
  seconds: number;
}

const isUndisrupted = (s: Scenario) => !s.closedNodeIds.length && !s.closedLinkIds.length && !Object.keys(s.capacityMultipliers).length && !s.demand.length;

/**
 * Resilience measures of a network over a scenario set, per OD pair and per corridor:
 * - **redundancy**: under each scenario (each a closure or derating), the share of every OD row's demand
 *   still served and its extra cost per TEU against the base case;
 * - **backup capacity**: for each binding link and terminal of the base case (shadow price > 0), the
 *   elements that take its flow when it is closed alone, and the spare capacity they had;
 * - **concentration**: HHI of throughput across border crossings, ports and sea chokepoints, and the
 *   largest share of all TEU through one element;
 * - for each candidate, its **value as backup**: its probability-weighted benefit across the scenarios minus
 *   its benefit in the base case.
 * Every solve is a warm re-solve of one path master per scenario (ScenarioSubproblems).
 */
export async function resilienceMeasures(network: Network, demand: readonly DemandRow[], scenarioSet: ScenarioSet, options: ResilienceOptions = {}): Promise<ResilienceReport> {
  const started = performance.now();
  const { candidates = [], maxBindingElements = 20, onProgress, redisUrl, ...optimizeOptions } = options;
  if (!Number.isInteger(maxBindingElements) || maxBindingElements < 0) throw new InvalidArgumentError(`maxBindingElements must be an integer ≥ 0, got ${maxBindingElements}`);
  // The run's edge: its base options are resolved once here (or were, by the caller: `resolved`).
  const base = { resolved: baseOptionsOf(network, demand, optimizeOptions) };
  const penalty = base.resolved.unservedPenaltyUsdPerTeu;
  const baseInSet = scenarioSet.scenarios.findIndex(isUndisrupted);
  const synthetic: Scenario = { id: '(base)', name: 'nothing disrupted', index: -1, probability: 0, source: null, close: [], derate: {}, demand: [], closedNodeIds: [], closedLinkIds: [], capacityMultipliers: {} };
  const list = baseInSet >= 0 ? scenarioSet.scenarios : [synthetic, ...scenarioSet.scenarios];
  const b = baseInSet >= 0 ? baseInSet : 0;
  const setIndex = list.map((s) => (s === synthetic ? -1 : scenarioSet.scenarios.indexOf(s)));
  const demands = list.map((s) => scenarioDemand(demand, s));
  // The measures run on the network as it is; the candidates' model (with bigM standing in for unlimited
  // capacities that a candidate moves) only for their backup values.
  const subs = await openSubproblems({ network, candidates: [], scenarios: list, demands, options: base }, redisUrl);
  const withCandidates = candidates.length ? await openSubproblems({ network, candidates: [...candidates], scenarios: list, demands, options: base }, redisUrl) : null;
  const n = candidates.length;
  const zero: number[] = [];
  const ownLinks = new Set(network.links.map((l) => l.id));
  const ownNodes = new Set(network.nodes.map((x) => x.id));
  const nodeById = new Map(network.nodes.map((x) => [x.id, x]));
  let done = 0;
  const total = list.length;
  const tick = (t: number) => onProgress?.(++done, t);

  try {
    const results: (PathsAssignmentResult | null)[] = [];
    const totals: ScenarioTotals[] = [];
    // Independent solves are asked for at once on the queue (evaluateEach), one by one here.
    const scenarioValues = await evaluateEach(subs, list.map((_, s) => ({ s, y: zero })));
    for (const [s, sc] of list.entries()) {
      const v = scenarioValues[s];
      results.push(v.result);
      tick(total);
      totals.push({ id: sc.id, name: sc.name, probability: sc.probability, status: v.status, message: v.message, objectiveUsd: v.objectiveUsd, addedCostUsd: null, servedShare: v.result && v.result.totalDemandTeu > 0 ? (v.result.servedTeu ?? 0) / v.result.totalDemandTeu : null, unservedTeu: v.unservedTeu });
    }
    const base = results[b];
    for (const t of totals) t.addedCostUsd = t.objectiveUsd !== null && totals[b].objectiveUsd !== null ? t.objectiveUsd - totals[b].objectiveUsd : null;
    const others = list.map((_, s) => s).filter((s) => s !== b);

    // Redundancy per OD row and per corridor.
    const rowCost = (o: OdAssignment) => o.servedTeuPerYear * (o.averageCostUsdPerTeu ?? 0) + o.unservedTeuPerYear * penalty;
    const od: OdRedundancy[] = [];
    if (base) {
      for (const bo of base.od) {
        const byScenario: OdScenarioRedundancy[] = [];
        for (const s of others) {
          const o = results[s]?.od.find((x) => x.demandIndex === bo.demandIndex);
          if (!o) continue;
          byScenario.push({
            scenarioId: list[s].id,
            servedShare: o.demandTeuPerYear > 0 ? o.servedTeuPerYear / o.demandTeuPerYear : 1,
            extraCostUsdPerTeu: o.averageCostUsdPerTeu !== null && bo.averageCostUsdPerTeu !== null ? o.averageCostUsdPerTeu - bo.averageCostUsdPerTeu : null,
            addedCostUsd: rowCost(o) - rowCost(bo),
          });
        }
        const worst = [...byScenario].sort((x, y) => x.servedShare - y.servedShare || (y.extraCostUsdPerTeu ?? 0) - (x.extraCostUsdPerTeu ?? 0))[0];
        od.push({
          origin: bo.origin,
          destination: bo.destination,
          demandTeuPerYear: bo.demandTeuPerYear,
          baseServedShare: bo.demandTeuPerYear > 0 ? bo.servedTeuPerYear / bo.demandTeuPerYear : 1,
          baseCostUsdPerTeu: bo.averageCostUsdPerTeu,
          worstScenarioId: worst?.scenarioId ?? null,
          worstServedShare: worst?.servedShare ?? 1,
          worstExtraCostUsdPerTeu: worst?.extraCostUsdPerTeu ?? null,
          byScenario,
        });
      }
    }
    const corridorOf = (o: { origin: string; destination: string }) => `${nodeById.get(o.origin)?.country ?? '?'} → ${nodeById.get(o.destination)?.country ?? '?'}`;
    const corridorMap = new Map<string, OdRedundancy[]>();
    for (const o of od) corridorMap.set(corridorOf(o), [...(corridorMap.get(corridorOf(o)) ?? []), o]);
    const corridors: CorridorRedundancy[] = [...corridorMap.entries()].map(([corridor, rows]) => {
      const demandTeu = rows.reduce((s, r) => s + r.demandTeuPerYear, 0);
      const byScenario = others.map((s) => {
        const id = list[s].id;
        let served = 0;
        let weight = 0;
        let added = 0;
        let extra = 0;
        let extraWeight = 0;
        for (const r of rows) {
          const x = r.byScenario.find((q) => q.scenarioId === id);
          if (!x) continue;
          served += x.servedShare * r.demandTeuPerYear;
          weight += r.demandTeuPerYear;
          added += x.addedCostUsd;
          if (x.extraCostUsdPerTeu !== null) {
            extra += x.extraCostUsdPerTeu * r.demandTeuPerYear * x.servedShare;
            extraWeight += r.demandTeuPerYear * x.servedShare;
          }
        }
        return { scenarioId: id, servedShare: weight > 0 ? served / weight : 1, addedCostUsd: added, extraCostUsdPerTeu: extraWeight > 0 ? extra / extraWeight : null };
      });
      const worst = [...byScenario].sort((x, y) => x.servedShare - y.servedShare || y.addedCostUsd - x.addedCostUsd)[0];
      return { corridor, demandTeuPerYear: demandTeu, worstScenarioId: worst?.scenarioId ?? null, worstServedShare: worst?.servedShare ?? 1, byScenario };
    });

    // Redundancy of each link's traffic, from the base case's paths.
    const odByIndex = new Map(base?.od.map((o, i) => [o.demandIndex, od[i]]) ?? []);
    const linkUse = new Map<string, { teu: number; row: OdRedundancy }[]>();
    for (const o of base?.od ?? []) {
      const row = odByIndex.get(o.demandIndex)!;
      for (const p of o.paths) for (const id of new Set(p.linkIds)) linkUse.set(id, [...(linkUse.get(id) ?? []), { teu: p.teuPerYear, row }]);
    }
    const links: LinkRedundancy[] = [];
    for (const [id, uses] of linkUse) {
      if (!ownLinks.has(id)) continue;
      const flow = uses.reduce((sum, u) => sum + u.teu, 0);
      if (!(flow > 0)) continue;
      let redundancy = 1;
      let worst: string | null = null;
      const byScenario: LinkRedundancy['byScenario'] = [];
      for (const s of others) {
        const sid = list[s].id;
        const share = uses.reduce((sum, u) => sum + u.teu * (u.row.byScenario.find((x) => x.scenarioId === sid)?.servedShare ?? 1), 0) / flow;
        byScenario.push({ scenarioId: sid, servedShare: share });
        if (share < redundancy - 1e-12) {
          redundancy = share;
          worst = sid;
        }
      }
      links.push({ id, baseFlowTeuPerYear: flow, redundancy, worstScenarioId: worst, byScenario });
    }
    links.sort((x, y) => x.redundancy - y.redundancy || y.baseFlowTeuPerYear - x.baseFlowTeuPerYear);
    od.sort((x, y) => x.worstServedShare - y.worstServedShare || (y.worstExtraCostUsdPerTeu ?? 0) - (x.worstExtraCostUsdPerTeu ?? 0));
    const worstAdded = (c: CorridorRedundancy) => c.byScenario.find((x) => x.scenarioId === c.worstScenarioId)?.addedCostUsd ?? 0;
    corridors.sort((x, y) => x.worstServedShare - y.worstServedShare || worstAdded(y) - worstAdded(x));

    // Backup capacity of the base case's binding elements, each closed alone on the base master.
    const backupCapacity: BackupCapacity[] = [];
    if (base) {
      const binding = new Map<string, { kind: 'link' | 'terminal'; id: string; name: string | null; price: number }>();
      for (const l of base.links) {
        if (!ownLinks.has(l.id) || !((l.shadowPriceUsdPerTeu ?? 0) > 1e-6)) continue;
        const key = `link:${l.id}`;
        const prev = binding.get(key);
        if (!prev || prev.price < l.shadowPriceUsdPerTeu!) binding.set(key, { kind: 'link', id: l.id, name: l.name, price: l.shadowPriceUsdPerTeu! });
      }
      for (const t of base.terminals) if (ownNodes.has(t.id) && (t.shadowPriceUsdPerTeu ?? 0) > 1e-6) binding.set(`terminal:${t.id}`, { kind: 'terminal', id: t.id, name: t.name, price: t.shadowPriceUsdPerTeu! });
      const elements = [...binding.values()].sort((x, y) => y.price - x.price).slice(0, maxBindingElements);
      const linkKey = (l: { id: string; direction: string }) => `${l.id}|${l.direction}`;
      const baseLinks = new Map(base.links.map((l) => [linkKey(l), l]));
      const baseTerminals = new Map(base.terminals.map((t) => [t.id, t]));
      const closedValues = await evaluateEach(subs, elements.map((e) => ({ s: b, y: zero, extra: e.kind === 'link' ? { closedLinkIds: [e.id] } : { closedNodeIds: [e.id] } })));
      for (const [ei, e] of elements.entries()) {
        const v = closedValues[ei];
        tick(total + elements.length);
        const flow = e.kind === 'link' ? base.links.filter((l) => l.id === e.id).reduce((s, l) => s + l.flowTeuPerYear, 0) : (baseTerminals.get(e.id)?.throughputTeuPerYear ?? 0);
        const alternatives: BackupAlternative[] = [];
        const tol = 1e-6 * Math.max(1, flow);
        if (v.result) {
          for (const l of v.result.links) {
            if (!ownLinks.has(l.id) || l.id === e.id) continue;
            const bl = baseLinks.get(linkKey(l));
            const gained = l.flowTeuPerYear - (bl?.flowTeuPerYear ?? 0);
            if (gained <= tol) continue;
            const cap = bl?.capacityTeuPerYear ?? null;
            alternatives.push({ kind: 'link', id: l.id, direction: l.direction, gainedTeuPerYear: gained, capacityTeuPerYear: cap, spareCapacityTeuPerYear: cap === null ? null : Math.max(0, cap - (bl?.flowTeuPerYear ?? 0)) });
          }
          for (const t of v.result.terminals) {
            if (!ownNodes.has(t.id) || t.id === e.id || t.capacityTeuPerYear === null) continue;
            const bt = baseTerminals.get(t.id);
            const gained = t.throughputTeuPerYear - (bt?.throughputTeuPerYear ?? 0);
            if (gained <= tol) continue;
            const cap = bt?.capacityTeuPerYear ?? null;
            alternatives.push({ kind: 'terminal', id: t.id, direction: null, gainedTeuPerYear: gained, capacityTeuPerYear: cap, spareCapacityTeuPerYear: cap === null ? null : Math.max(0, cap - (bt?.throughputTeuPerYear ?? 0)) });
          }
        }
        alternatives.sort((x, y) => y.gainedTeuPerYear - x.gainedTeuPerYear);
        // Links only: a terminal that gains flow sits on a path whose links are listed too; a limited one can cap them.
        const linkAlts = alternatives.filter((a) => a.kind === 'link');
        const unlimited = linkAlts.some((a) => a.spareCapacityTeuPerYear === null);
        const spare = unlimited ? null : linkAlts.reduce((s, a) => s + (a.spareCapacityTeuPerYear ?? 0), 0);
        backupCapacity.push({
          kind: e.kind,
          id: e.id,
          name: e.name,
          flowTeuPerYear: flow,
          shadowPriceUsdPerTeu: e.price,
          status: v.status,
          closedAddedCostUsd: v.objectiveUsd !== null && totals[b].objectiveUsd !== null ? v.objectiveUsd - totals[b].objectiveUsd : null,
          closedAddedUnservedTeu: v.unservedTeu !== null && totals[b].unservedTeu !== null ? v.unservedTeu - totals[b].unservedTeu : null,
          alternatives,
          spareOnAlternativesTeuPerYear: spare,
          backupCoverage: flow <= 0 ? null : spare === null ? (linkAlts.length ? 1 : 0) : Math.min(1, spare / flow),
        });
      }
    }

    // Concentration in the base case.
    const seaWaypoints = new Set<string>();
    for (const l of network.links) if (l.mode === 'sea') for (const id of [l.from, l.to]) if (nodeById.get(id)?.kind === 'waypoint') seaWaypoints.add(id);
    const categoryOf = (id: string): Concentration['category'] | null => {
      const kind = nodeById.get(id)?.kind;
      if (kind === 'border_crossing') return 'border-crossings';
      if (kind === 'seaport' || kind === 'river_port') return 'ports';
      if (seaWaypoints.has(id)) return 'sea-chokepoints';
      return null;
    };
    const concentration: Concentration[] = [];
    let largest: ResilienceReport['largestElementShare'] = null;
    if (base) {
      for (const category of ['border-crossings', 'ports', 'sea-chokepoints'] as const) {
        const items = base.terminals.filter((t) => categoryOf(t.id) === category && t.throughputTeuPerYear > 0);
        const sum = items.reduce((s, t) => s + t.throughputTeuPerYear, 0);
        const elements = items.map((t) => ({ id: t.id, name: t.name, throughputTeuPerYear: t.throughputTeuPerYear, share: sum > 0 ? t.throughputTeuPerYear / sum : 0 })).sort((x, y) => y.share - x.share);
        concentration.push({ category, hhi: elements.reduce((s, x) => s + x.share * x.share, 0), totalTeuPerYear: sum, elements });
        const served = base.servedTeu ?? 0;
        for (const x of elements) {
          if (served > 0 && (!largest || x.throughputTeuPerYear / served > largest.shareOfTotalTeu)) largest = { id: x.id, name: x.name, category, throughputTeuPerYear: x.throughputTeuPerYear, shareOfTotalTeu: x.throughputTeuPerYear / served };
        }
      }
    }

    // Each candidate's value as backup: its benefit alone in every scenario.
    const backupValues: BackupValue[] = [];
    const setScenarios = list.map((_, s) => s).filter((s) => setIndex[s] >= 0);
    const nothing = new Map<number, number | null>();
    // Every (candidate, scenario) solve and each scenario's value with nothing built, asked for in the
    // order of the loop below (the same warm-master history as solving them there one by one).
    const asks: { s: number; y: number[]; nothing: boolean }[] = [];
    const seen = new Set<number>();
    for (let c = 0; c < n && withCandidates; c++) {
      for (const s of list.keys()) {
        if (s !== b && setIndex[s] < 0) continue;
        if (!seen.has(s)) asks.push({ s, y: candidates.map(() => 0), nothing: true });
        seen.add(s);
        asks.push({ s, y: candidates.map((_, i) => (i === c ? 1 : 0)), nothing: false });
      }
    }
    const answers = withCandidates ? await evaluateEach(withCandidates, asks) : [];
    asks.forEach((a, i) => {
      if (a.nothing) nothing.set(a.s, answers[i].objectiveUsd);
    });
    const withOne = answers.filter((_, i) => !asks[i].nothing);
    let next = 0;
    for (let c = 0; c < n && withCandidates; c++) {
      const byScenario: BackupValue['byScenario'] = [];
      let baseBenefit: number | null = null;
      for (const s of list.keys()) {
        if (s !== b && setIndex[s] < 0) continue;
        const v = withOne[next++];
        tick(total + n * list.length);
        const q0 = nothing.get(s) ?? null;
        const benefit = v.objectiveUsd !== null && q0 !== null ? q0 - v.objectiveUsd : null;
        if (s === b) baseBenefit = benefit;
        if (setIndex[s] >= 0) byScenario.push({ scenarioId: list[s].id, benefitUsd: benefit });
      }
      const known = byScenario.every((x) => x.benefitUsd !== null);
      const expected = known ? setScenarios.reduce((sum, s, i) => sum + list[s].probability * byScenario[i].benefitUsd!, 0) : null;
      const max = known && byScenario.length ? byScenario.reduce((m, x) => (x.benefitUsd! > m.benefitUsd! ? x : m)) : null;
      backupValues.push({
        id: candidates[c].id,
        baseBenefitUsd: baseBenefit,
        expectedBenefitUsd: expected,
        backupValueUsd: expected !== null && baseBenefit !== null ? expected - baseBenefit : null,
        maxBenefitUsd: max?.benefitUsd ?? null,
        maxBenefitScenarioId: max?.scenarioId ?? null,
        byScenario,
      });
    }
    // Differences at the solver's round-off are ties, broken by id: the order must not depend on which warm
    // master (here, or a queue worker) solved a scenario.
    const valueTol = 1e-9 * Math.max(1, Math.abs(totals[b].objectiveUsd ?? 0));
    const backupKey = (v: BackupValue) => v.backupValueUsd ?? -Infinity;
    backupValues.sort((x, y) => descendingWithin(backupKey(x), backupKey(y), valueTol) || x.id.localeCompare(y.id));

    return {
      networkId: network.id,
      scenarioSet: scenarioSet.name,
      baseScenarioId: list[b].id,
      base: totals[b],
      scenarios: others.map((s) => totals[s]),
      od,
      corridors,
      backupCapacity,
      concentration,
      largestElementShare: largest,
      backupValues,
      links,
      solves: subs.solves + (withCandidates?.solves ?? 0),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await subs.dispose();
    await withCandidates?.dispose();
  }
}

/**
 * The measures as GeoJSON: one LineString per existing network link with its base-case flow and
 * `redundancy` (see ResilienceReport.links; 1 = every scenario leaves its traffic a route; null = no flow),
 * to colour links by, and the scenario where it is smallest; one Point per node with its concentration
 * category, its share of that category's TEU, and its backup coverage when it binds. The collection
 * carries the HHI per category.
 */
export function resilienceToGeoJson(report: ResilienceReport, network: Network): FeatureCollection<LineString | Point> {
  const byLink = new Map(report.links.map((l) => [l.id, l]));
  const features: Feature<LineString | Point>[] = [];
  for (const link of network.links) {
    if (link.status !== 'existing') continue;
    const r = byLink.get(link.id);
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: link.coordinates },
      properties: { id: link.id, name: link.name, mode: link.mode, baseFlowTeuPerYear: r?.baseFlowTeuPerYear ?? 0, redundancy: r?.redundancy ?? null, worstScenarioId: r?.worstScenarioId ?? null },
    });
  }
  const share = new Map<string, { category: string; share: number }>();
  for (const c of report.concentration) for (const e of c.elements) share.set(e.id, { category: c.category, share: e.share });
  const backup = new Map(report.backupCapacity.filter((x) => x.kind === 'terminal').map((x) => [x.id, x]));
  for (const node of network.nodes) {
    const s = share.get(node.id);
    const bk = backup.get(node.id);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [node.lon, node.lat] },
      properties: { id: node.id, name: node.name, kind: node.kind, concentrationCategory: s?.category ?? null, shareOfCategory: s?.share ?? null, backupCoverage: bk?.backupCoverage ?? null },
    });
  }
  const fc: FeatureCollection<LineString | Point> & Record<string, unknown> = { type: 'FeatureCollection', features };
  fc.networkId = report.networkId;
  fc.scenarioSet = report.scenarioSet;
  fc.concentration = report.concentration.map((c) => ({ category: c.category, hhi: c.hhi }));
  return fc;
}
