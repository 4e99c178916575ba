/**
 * Warm candidate evaluation (method 'paths', the default): every candidate of a run is a bound change of one
 * live path master (new links switched on, cost upgrades as switched copies, capacity upgrades as row
 * limits). Checked against cold arc-formulation solves of applyCandidates(network, [candidate]) computed
 * here: result by result (objective, link flows, shadow prices, bottlenecks, paths naming real links) on
 * random candidates of synthetic networks, appraisal by appraisal on the built-in candidate files; plus one
 * master per run, independence of the evaluation order, and the arc method where it must stay.
 *
 * Synthetic networks are made directional (each two-way link becomes two oneway links with their own
 * cost): with one cost for both directions, swapping an eastbound and a westbound TEU between two routes
 * through a capacitated node changes nothing, so link flows of an optimum are not unique (the built-in
 * NELB has exactly that between Alashankou and Khorgos) and could not be compared one by one.
 */
import { describe, expect, it } from 'vitest';
import { loadBuiltinNetwork } from '../networks/index.js';
import { buildNetwork } from '../src/network/build-network.js';
import { loadDemand, type DemandRow } from '../src/network/demand.js';
import { applyCandidates } from '../src/evaluate/apply-candidates.js';
import { loadCandidates, parseCandidates, type Candidate } from '../src/evaluate/candidates.js';
import { evaluateCandidates, type CandidateEvaluation } from '../src/evaluate/evaluate-candidates.js';
import { runScenario, type ScenarioAssignment, type ScenarioContext, type ScenarioSpec } from '../src/evaluate/run-scenario.js';
import type { Network } from '../src/network/network.js';
import { networkToGeoJson, type LinkFeatureProperties } from '../src/network/network-geojson.js';
import { optimize, type AssignmentResult } from '../src/assignment/index.js';
import { releaseSweepSolver } from '../src/assignment/paths/paths-sweep.js';
import { seededRandom, syntheticDemand, syntheticNetwork } from './support/synthetic-network.js';
import { demandAB, railFaster, railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

const rows = (list: { origin: string; destination: string; teuPerYear: number }[]): DemandRow[] =>
  list.map((r, i) => ({ ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2 }));

/** |a − b| ≤ tolerance; null only equals null (a shadow price of a closed element). */
const close = (a: number | null, b: number | null, tolerance: number, what: string) => {
  if (a === null || b === null) expect(a, what).toBe(b);
  else expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tolerance);
};

/** Each two-way link as two oneway links whose money costs differ by a random factor of 0.9–1.1. */
function directional(net: Network, seed: number): Network {
  const rnd = seededRandom(seed);
  const gj = networkToGeoJson(net);
  const features = gj.features.flatMap((f) => {
    if (f.geometry.type !== 'LineString') return [f];
    const p = f.properties as LinkFeatureProperties;
    if (p.oneway) return [f];
    const coordinates = f.geometry.coordinates;
    const cost = p.costUsdPerTeuKm;
    return [
      { ...f, properties: { ...p, id: `${p.id}-ab`, oneway: true, costUsdPerTeuKm: cost * (0.9 + 0.2 * rnd()) } },
      { ...f, geometry: { type: 'LineString' as const, coordinates: [...coordinates].reverse() }, properties: { ...p, id: `${p.id}-ba`, from: p.to, to: p.from, oneway: true, costUsdPerTeuKm: cost * (0.9 + 0.2 * rnd()) } },
    ];
  });
  return buildNetwork({ ...gj, features }, { id: net.id });
}

/**
 * Random candidates against a base solution: a capacity-only upgrade of the busiest binding link, a
 * throughput upgrade of a binding node (or the busiest capacitated one), a speed + cost upgrade of a busy
 * link, a cost upgrade of an idle link, and a new rail link between two nodes that have none.
 */
function randomCandidates(net: Network, base: AssignmentResult, seed: number): Candidate[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const linkOf = new Map(net.links.map((l) => [l.id, l]));
  const bindingLinks = base.bottlenecks.filter((b) => b.kind === 'link');
  const capUpgrade = bindingLinks.length ? linkOf.get(bindingLinks[0].id)! : [...net.links].filter((l) => l.capacityTeuPerYear !== null)[0];
  const nodes = [...base.terminals].filter((t) => t.capacityTeuPerYear !== null).sort((a, b) => (b.shadowPriceUsdPerTeu ?? 0) - (a.shadowPriceUsdPerTeu ?? 0) || b.utilization! - a.utilization!);
  const busy = [...base.links].filter((l) => l.id !== capUpgrade.id && l.flowTeuPerYear > 0).sort((a, b) => b.flowTeuPerYear - a.flowTeuPerYear);
  const fast = linkOf.get(pick(busy.slice(0, 5)).id)!;
  const idle = linkOf.get(pick(base.links.filter((l) => l.flowTeuPerYear === 0 && l.id !== fast.id && l.id !== capUpgrade.id)).id)!;
  const linked = new Set(net.links.flatMap((l) => [`${l.from}|${l.to}`, `${l.to}|${l.from}`]));
  const unlinked = net.nodes.flatMap((a, i) => net.nodes.slice(i + 1).filter((b) => !linked.has(`${a.id}|${b.id}`)).map((b) => ({ from: a, to: b, d: Math.hypot(a.lon - b.lon, a.lat - b.lat) })));
  const { from, to } = pick(unlinked.sort((a, b) => a.d - b.d).slice(0, 6));
  const money = { capexUsd: 1e8, lifetimeYears: 30, source: 'test figures' };
  return parseCandidates(
    [
      { type: 'upgrade', id: 'cap-up', target: capUpgrade.id, capacityTeuPerYear: capUpgrade.capacityTeuPerYear! * 2, ...money },
      ...(nodes.length ? [{ type: 'upgrade', id: 'node-up', target: nodes[0].id, throughputTeuPerYear: nodes[0].capacityTeuPerYear! * 1.5, ...money }] : []),
      { type: 'upgrade', id: 'fast-up', target: fast.id, hours: fast.hours * 0.6, costUsdPerTeuKm: fast.costUsdPerTeuKm * 0.7, ...(fast.capacityTeuPerYear !== null ? { capacityTeuPerYear: fast.capacityTeuPerYear * 1.3 } : {}), ...money },
      { type: 'upgrade', id: 'idle-up', target: idle.id, costUsdPerTeuKm: idle.costUsdPerTeuKm * 0.3, ...money },
      {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [[from.lon, from.lat], [to.lon, to.lat]] },
        properties: { id: 'new-rail', from: from.id, to: to.id, mode: 'rail', gauge: 1435, status: 'candidate', capacityTeuPerYear: 30_000, ...money },
      },
    ],
    net,
  );
}

/** Compare a warm scenario result with a cold optimize() result of the network with the candidate built. */
function expectSameResult(warm: ScenarioAssignment, cold: AssignmentResult, what: string) {
  expect(warm.status, what).toBe('optimal');
  expect(cold.status, what).toBe('optimal');
  const objective = cold.objectiveUsd!;
  close(warm.objectiveUsd, objective, 1e-6 * objective, `${what} objective`);
  for (const part of ['moneyUsd', 'timeUsd', 'carbonUsd', 'unservedPenaltyUsd'] as const) {
    close(warm.objectiveBreakdown![part], cold.objectiveBreakdown![part], 1e-6 * objective, `${what} ${part}`);
  }
  const flowTolerance = 1e-6 * cold.totalDemandTeu;
  expect(warm.links.map((l) => `${l.id}|${l.direction}|${l.capacityTeuPerYear}|${l.closed}`), what).toEqual(cold.links.map((l) => `${l.id}|${l.direction}|${l.capacityTeuPerYear}|${l.closed}`));
  warm.links.forEach((l, i) => {
    close(l.flowTeuPerYear, cold.links[i].flowTeuPerYear, flowTolerance, `${what} flow ${l.id} ${l.direction}`);
    close(l.shadowPriceUsdPerTeu, cold.links[i].shadowPriceUsdPerTeu, 1e-6 * cold.parameters.unservedPenaltyUsdPerTeu, `${what} shadow price ${l.id} ${l.direction}`);
  });
  warm.terminals.forEach((t, i) => {
    expect(t.capacityTeuPerYear, `${what} ${t.id}`).toBe(cold.terminals[i].capacityTeuPerYear);
    close(t.throughputTeuPerYear, cold.terminals[i].throughputTeuPerYear, flowTolerance, `${what} throughput ${t.id}`);
    close(t.shadowPriceUsdPerTeu, cold.terminals[i].shadowPriceUsdPerTeu, 1e-6 * cold.parameters.unservedPenaltyUsdPerTeu, `${what} shadow price ${t.id}`);
  });
  expect(warm.bottlenecks.map((b) => `${b.kind}|${b.id}|${b.direction ?? ''}`), what).toEqual(cold.bottlenecks.map((b) => `${b.kind}|${b.id}|${b.direction ?? ''}`));
  warm.od.forEach((r, i) => close(r.servedTeuPerYear, cold.od[i].servedTeuPerYear, flowTolerance, `${what} served row ${i}`));
  for (const m of cold.modalSplit) close(warm.modalSplit.find((x) => x.mode === m.mode)?.teuKm ?? 0, m.teuKm, 1e-6 * cold.teuKm!, `${what} TEU-km ${m.mode}`);
  // Paths name links of the built network only (an upgrade's copy is reported as the upgraded link).
  const linkIds = new Set(cold.links.map((l) => l.id));
  for (const r of warm.od) for (const p of r.paths) for (const id of p.linkIds) expect(linkIds.has(id), `${what}: path link ${id}`).toBe(true);
  expect(warm.parameters, what).toEqual(cold.parameters);
  expect(warm.warnings, what).toEqual(cold.warnings);
}

interface LoopStats {
  columnsAdded: number;
  columnsTotal: number;
  columnsPruned?: number;
}
const loopStats = (r: ScenarioAssignment) => (r as ScenarioAssignment & { columnGeneration?: LoopStats }).columnGeneration;

describe('warm candidate scenarios = cold arc solves of the built network', () => {
  it('random candidates on directional synthetic networks (capacity, throughput, speed + cost upgrades, a new link), with one master per run', async () => {
    for (const seed of [3, 11]) {
      const net = directional(syntheticNetwork({ nodeCount: 22, seed, capacityTightness: 1 }), seed + 1);
      const demand = rows(syntheticDemand(net, { odPairs: 10, seed: seed + 2, teuPerYear: [5_000, 30_000] }));
      const coldBase = await optimize(net, demand, { method: 'arc' });
      const candidates = randomCandidates(net, coldBase, seed + 3);
      expect(candidates.map((c) => c.id)).toEqual(expect.arrayContaining(['cap-up', 'fast-up', 'idle-up', 'new-rail']));
      const context: ScenarioContext = { network: net, demand, candidates, options: {} };
      try {
        // A candidate twice, and the base again between them: bounds must be restored exactly.
        const specs: ScenarioSpec[] = [{ id: 'base' }, ...candidates.map((c) => ({ id: c.id, candidateIds: [c.id] })), { id: 'base again' }, { id: 'fast-up again', candidateIds: ['fast-up'] }];
        let columnsBefore = 0;
        for (const spec of specs) {
          const warm = (await runScenario(context, spec)).result;
          const built = candidates.filter((c) => spec.candidateIds?.includes(c.id));
          const cold = await optimize(applyCandidates(net, built), demand, { method: 'arc' });
          expectSameResult(warm, cold, `seed ${seed} ${spec.id}`);
          // One master for the run: each solve starts from the columns the previous one left.
          const stats = loopStats(warm)!;
          expect(stats.columnsTotal - stats.columnsAdded + (stats.columnsPruned ?? 0), `seed ${seed} ${spec.id}`).toBe(columnsBefore);
          columnsBefore = stats.columnsTotal;
        }
      } finally {
        releaseSweepSolver(context);
      }
    }
  });

  it('several candidates built at once, in any order, and with base closures and multipliers', async () => {
    const net = directional(syntheticNetwork({ nodeCount: 20, seed: 5, capacityTightness: 1 }), 6);
    const demand = rows(syntheticDemand(net, { odPairs: 10, seed: 7, teuPerYear: [5_000, 30_000] }));
    const base = await optimize(net, demand, { method: 'arc' });
    const candidates = randomCandidates(net, base, 8);
    // A busy link that no candidate touches, closed in the base case of the run.
    const closed = [...base.links].sort((a, b) => b.flowTeuPerYear - a.flowTeuPerYear).find((l) => !candidates.some((c) => c.id === l.id || (c.kind === 'upgrade' && c.target === l.id)))!;
    const fast = candidates.find((c) => c.id === 'fast-up') as Candidate & { target: string };
    const options = { closedLinkIds: [closed.id], capacityMultipliers: { [fast.target]: 0.8 } };
    const context: ScenarioContext = { network: net, demand, candidates, options };
    try {
      for (const ids of [['new-rail', 'fast-up', 'cap-up'], ['cap-up', 'new-rail'], ['idle-up', 'fast-up']]) {
        const warm = (await runScenario(context, { id: ids.join('+'), candidateIds: ids })).result;
        const built = ids.map((id) => candidates.find((c) => c.id === id)!);
        const cold = await optimize(applyCandidates(net, built), demand, { ...options, method: 'arc' });
        expectSameResult(warm, cold, ids.join('+'));
      }
    } finally {
      releaseSweepSolver(context);
    }
  });
});

describe('evaluateCandidates, warm', () => {
  /** The appraisal computed here from cold arc solves: benefit, its parts and the TEU a candidate attracts. */
  async function coldAppraisal(net: Network, demand: readonly DemandRow[], candidates: readonly Candidate[]) {
    const flowOn = (r: AssignmentResult, id: string) => r.links.filter((l) => l.id === id).reduce((s, l) => s + l.flowTeuPerYear, 0);
    const base = await optimize(net, demand, { method: 'arc' });
    const out = new Map<string, { benefit: number; money: number; time: number; attracted: number; newlyServed: number }>();
    for (const c of candidates) {
      const r = await optimize(applyCandidates(net, [c]), demand, { method: 'arc' });
      const attracted =
        c.kind === 'link' ? flowOn(r, c.id)
        : c.targetKind === 'link' ? flowOn(r, c.target) - flowOn(base, c.target)
        : r.terminals.find((t) => t.id === c.target)!.throughputTeuPerYear - base.terminals.find((t) => t.id === c.target)!.throughputTeuPerYear;
      out.set(c.id, {
        benefit: base.objectiveUsd! - r.objectiveUsd!,
        money: base.objectiveBreakdown!.moneyUsd - r.objectiveBreakdown!.moneyUsd,
        time: base.objectiveBreakdown!.timeUsd - r.objectiveBreakdown!.timeUsd,
        attracted,
        newlyServed: base.unservedTeu! - r.unservedTeu!,
      });
    }
    return { base, out };
  }

  function expectAppraisal(e: CandidateEvaluation, cold: { benefit: number; money: number; time: number; attracted: number; newlyServed: number }, objectiveUsd: number, totalTeu: number) {
    expect(e.status, e.id).toBe('optimal');
    close(e.annualBenefitUsd, cold.benefit, 1e-6 * objectiveUsd, `${e.id} benefit`);
    close(e.benefitBreakdown!.moneyUsd, cold.money, 1e-6 * objectiveUsd, `${e.id} money`);
    close(e.benefitBreakdown!.timeUsd, cold.time, 1e-6 * objectiveUsd, `${e.id} time`);
    close(e.attractedTeu, cold.attracted, 1e-6 * totalTeu, `${e.id} attracted`);
    close(e.newlyServedTeu, cold.newlyServed, 1e-6 * totalTeu, `${e.id} newly served`);
  }

  it.each(['eurasian-land-bridge', 'land-sea-corridor'])('the built-in candidates of %s: benefits of cold arc solves', async (id) => {
    const net = loadBuiltinNetwork(id);
    const demand = loadDemand('default', net);
    const candidates = loadCandidates(`networks/candidates/${id}.geojson`, net);
    const { base, out } = await coldAppraisal(net, demand, candidates);
    const report = await evaluateCandidates(net, demand, candidates, { workers: 0 });
    close(report.base.objectiveUsd, base.objectiveUsd, 1e-6 * base.objectiveUsd!, 'base objective');
    for (const e of report.candidates) expectAppraisal(e, out.get(e.id)!, base.objectiveUsd!, base.totalDemandTeu);
  });

  it('random candidates on a synthetic network: cold arc numbers, and the same link-level numbers in reverse order', async () => {
    const net = directional(syntheticNetwork({ nodeCount: 24, seed: 81, capacityTightness: 1 }), 82);
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 83, teuPerYear: [5_000, 30_000] }));
    const candidates = randomCandidates(net, await optimize(net, demand, { method: 'arc' }), 84);
    const { base, out: cold } = await coldAppraisal(net, demand, candidates);
    const forward = await evaluateCandidates(net, demand, candidates, { workers: 0 });
    const backward = await evaluateCandidates(net, demand, [...candidates].reverse(), { workers: 0 });
    for (const e of forward.candidates) expectAppraisal(e, cold.get(e.id)!, base.objectiveUsd!, base.totalDemandTeu);
    // Every candidate of this instance changes the optimum.
    for (const e of forward.candidates) expect(e.annualBenefitUsd!, e.id).toBeGreaterThan(1e-6 * base.objectiveUsd!);
    const byId = new Map(backward.candidates.map((e) => [e.id, e]));
    const flowTolerance = 1e-6 * base.totalDemandTeu;
    for (const e of forward.candidates) {
      const b = byId.get(e.id)!;
      expectAppraisal(b, cold.get(e.id)!, base.objectiveUsd!, base.totalDemandTeu);
      // Link-level changes are unique when the optimum is; path-level ones (reroutedTeu) depend on how
      // each formulation splits the same arc flows into paths, so they are not compared.
      expect(b.shiftedFrom.map((x) => `${x.id}|${x.direction}`), e.id).toEqual(e.shiftedFrom.map((x) => `${x.id}|${x.direction}`));
      b.shiftedFrom.forEach((x, i) => close(x.deltaTeuPerYear, e.shiftedFrom[i].deltaTeuPerYear, flowTolerance, `${e.id} shift ${x.id}`));
      for (const m of e.modeShift) close(b.modeShift.find((x) => x.mode === m.mode)?.deltaTeuKm ?? 0, m.deltaTeuKm, 1e-6 * base.teuKm!, `${e.id} ${m.mode} TEU-km`);
    }
  });

  it('the hand-solved two-route candidates come out the same by default (warm paths) and with method arc; a named non-HiGHS backend stays arc', async () => {
    const net = twoRouteNetwork();
    const candidates = parseCandidates([secondTrackFeature, railUpgrade, roadCheaper], net).concat(parseCandidates([railFaster], net));
    const strip = (r: { candidates: CandidateEvaluation[] }) => r.candidates.map(({ solveSeconds: _s, ...c }) => ({ ...c, annualBenefitUsd: Math.round(c.annualBenefitUsd! * 1e3) / 1e3 }));
    const warm = await evaluateCandidates(net, demandAB(), candidates, { vot: 1, workers: 0 });
    const arc = await evaluateCandidates(net, demandAB(), candidates, { vot: 1, workers: 0, method: 'arc', backend: 'highs' });
    expect(strip(warm)).toEqual(strip(arc));
    const context: ScenarioContext = { network: net, demand: demandAB(), candidates, options: { vot: 1 } };
    const glpkContext: ScenarioContext = { ...context, options: { vot: 1, backend: 'glpk' } };
    try {
      expect(loopStats((await runScenario(context, { id: 'c', candidateIds: ['road-cheaper'] })).result)).toBeDefined();
      const glpk = (await runScenario(glpkContext, { id: 'c', candidateIds: ['road-cheaper'] })).result;
      expect(glpk.backend).toBe('glpk');
      expect(loopStats(glpk)).toBeUndefined();
      close(glpk.objectiveUsd, 1000 * 240 + 2000 * 420, 1e-6, 'glpk objective');
    } finally {
      releaseSweepSolver(context);
    }
  });
});
