import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../api/create-app.js';
import { isClpAvailable } from '../solver/index.js';
import { buildNetwork } from '../src/network/build-network.js';
import { loadDemand, type DemandRow } from '../src/network/demand.js';
import { loadNetwork } from '../src/network/load-network.js';
import type { Network } from '../src/network/network.js';
import { checkAlternativeOptima, describeAlternativeOptima, findAlternativeOptima, optimize, type OptimizeOptions } from '../src/assignment/index.js';
import { tinyNetwork } from './support/api-helpers.js';
import { runCliInProcess } from './support/run-cli-in-process.js';

const row = (origin: string, destination: string, teuPerYear: number): DemandRow => ({
  origin, destination, teuPerYear, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 0,
});
const money: OptimizeOptions = { vot: 0, carbonPrice: 0, method: 'arc', backend: 'highs' };

type Node = [string, number, number, object?];
function network(id: string, nodes: Node[], links: { id: string; from: string; to: string; props: object }[]): Network {
  const at = new Map(nodes.map(([n, lon, lat]) => [n, [lon, lat]]));
  return buildNetwork({
    type: 'FeatureCollection',
    features: [
      ...nodes.map(([n, lon, lat, props]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id: n, ...props } })),
      ...links.map((l) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: [at.get(l.from), at.get(l.to)] }, properties: { id: l.id, from: l.from, to: l.to, ...l.props } })),
    ],
  }, { id });
}

/** A ⇉ B over two rail links; the second costs `secondUsdPerTeuKm` per km (0.2 = a tie with the first). */
const parallel = (secondUsdPerTeuKm: number) =>
  network('parallel', [['A', 100, 30], ['B', 104, 30]], [
    { id: 'r1', from: 'A', to: 'B', props: { mode: 'rail', lengthKm: 500, costUsdPerTeuKm: 0.2, hours: 20, co2KgPerTeuKm: 0.02 } },
    { id: 'r2', from: 'A', to: 'B', props: { mode: 'rail', lengthKm: 500, costUsdPerTeuKm: secondUsdPerTeuKm, hours: 20, co2KgPerTeuKm: 0.02 } },
  ]);

/**
 * A ⇄ B through X (rail 100 km + 100 km at 0.2 USD/TEU-km = 40 USD/TEU), X passes at most 150 TEU/yr in both
 * directions together; the road bypass A–B costs 200 km × 0.5 = 100 USD/TEU. Demand 100 each way. By hand:
 * X carries 150, the bypass 50, objective 150 × 40 + 50 × 100 = 11,000 USD/yr, and which direction takes the
 * bypass is a tie: A→B via X anywhere in [50, 100] (B→A gets the rest of the 150), bypass in [0, 50] each way.
 * No single OD pair can move alone (X is full, the bypass dearer): only an exchange between the two directions.
 */
const exchange = () =>
  network('exchange', [['A', 100, 30], ['X', 102, 30, { throughputTeuPerYear: 150 }], ['B', 104, 30]], [
    { id: 'A-X', from: 'A', to: 'X', props: { mode: 'rail', lengthKm: 100, costUsdPerTeuKm: 0.2, hours: 5, co2KgPerTeuKm: 0.02 } },
    { id: 'X-B', from: 'X', to: 'B', props: { mode: 'rail', lengthKm: 100, costUsdPerTeuKm: 0.2, hours: 5, co2KgPerTeuKm: 0.02 } },
    { id: 'A-B-road', from: 'A', to: 'B', props: { mode: 'road', lengthKm: 200, costUsdPerTeuKm: 0.5, hours: 4, co2KgPerTeuKm: 0.1 } },
  ]);

describe('alternative optima: where the optimum flows are not unique', () => {
  it('two equal-cost parallel links: the route search and the LP probes both say so; 1 % dearer: neither does', async () => {
    const tie = parallel(0.2);
    const demand = [row('A', 'B', 100)];
    const r = await optimize(tie, demand, money);
    expect(r.objectiveUsd).toBeCloseTo(100 * 500 * 0.2, 6);
    const report = await checkAlternativeOptima(tie, demand, money, r);
    expect(report.checked).toBe('routes+lp');
    expect(report.exist).toBe(true);
    expect(report.routes).toHaveLength(1);
    const [route] = report.routes;
    const chosen = route.chosenLinkIds[0];
    const other = chosen === 'r1' ? 'r2' : 'r1';
    expect(route).toMatchObject({ origin: 'A', destination: 'B', differingLinkIds: [other], alternativeLinkIds: [other], alternativeNodeIds: ['A', 'B'] });
    expect(route.shiftableTeuPerYear).toBeCloseTo(100, 6);
    expect(route.costUsdPerTeu).toBeCloseTo(100, 9);
    const seen = Object.fromEntries(report.links.map((l) => [`${l.id}|${l.direction}`, [l.minSeenTeuPerYear, l.maxSeenTeuPerYear]]));
    expect(Object.keys(seen).sort()).toEqual(['r1|forward', 'r2|forward']);
    for (const [lo, hi] of Object.values(seen)) {
      expect(lo).toBeCloseTo(0, 6);
      expect(hi).toBeCloseTo(100, 6);
    }

    // Above the column limit the arc LP is neither built nor probed; the route search still runs. Any arc LP
    // with a route has more than one flow column (origin arc, link arc, destination arc at least).
    const capped = await checkAlternativeOptima(tie, demand, money, r, { maxLpColumns: 1 });
    expect(capped).toMatchObject({ checked: 'routes', exist: true, links: [], note: expect.stringMatching(/^LP probes skipped: the arc LP has more than 1 flow columns; .*not ruled out$/) });
    expect(capped.routes).toHaveLength(1);

    const dearer = parallel(0.202);
    const r2 = await optimize(dearer, demand, money);
    const none = await checkAlternativeOptima(dearer, demand, money, r2);
    expect(none).toMatchObject({ checked: 'routes+lp', exist: false, links: [], routes: [] });
    // The CLI's table: nothing when the probes ran and found nothing (the flows are unique); "none found" with
    // the reason when they were skipped, so that a planner does not read it as unique.
    expect(describeAlternativeOptima(none)).toEqual([]);
    expect(describeAlternativeOptima({ ...capped, exist: false, routes: [] })).toEqual([`Alternative optima: none found (${capped.note})`]);
  });

  it('a uniform 4 × 4 rail grid: corner to corner every monotone route ties (6 links), a far dearer spur changes nothing', async () => {
    // Every link 100 km × 0.2 USD/TEU-km = 20 USD/TEU, so a corner-to-corner route costs 6 × 20 = 120 USD/TEU
    // of link cost whichever of the C(6,3) = 20 monotone routes it takes. The spur beyond the far corner is
    // never within the bound, which the searches stop at.
    const id = (i: number, j: number) => `g${i}${j}`;
    const nodes: Node[] = [];
    const links: { id: string; from: string; to: string; props: object }[] = [];
    const rail = { mode: 'rail', lengthKm: 100, costUsdPerTeuKm: 0.2, hours: 5, co2KgPerTeuKm: 0.02 };
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      nodes.push([id(i, j), 100 + i, 30 + j]);
      if (i < 3) links.push({ id: `h${i}${j}`, from: id(i, j), to: id(i + 1, j), props: rail });
      if (j < 3) links.push({ id: `v${i}${j}`, from: id(i, j), to: id(i, j + 1), props: rail });
    }
    nodes.push(['spur', 104, 34]);
    links.push({ id: 'spur-link', from: id(3, 3), to: 'spur', props: { ...rail, costUsdPerTeuKm: 5 } });
    const grid = network('grid', nodes, links);
    const r = await optimize(grid, [row(id(0, 0), id(3, 3), 100)], money);
    const found = findAlternativeOptima(grid, r);
    expect(found).toHaveLength(1);
    const [alt] = found;
    expect(alt.chosenLinkIds).toHaveLength(6);
    expect(alt.alternativeLinkIds).toHaveLength(6);
    expect(alt.alternativeLinkIds).not.toContain('spur-link');
    expect(alt.differingLinkIds.length).toBeGreaterThan(0);
    expect(alt.costDifferenceUsdPerTeu).toBeCloseTo(0, 6);
    expect(alt.shiftableTeuPerYear).toBeCloseTo(100, 6);
    // Both routes are monotone: three steps east (h) and three north (v), from g00 to g33.
    for (const route of [alt.chosenLinkIds, alt.alternativeLinkIds]) {
      expect(route.filter((l) => l.startsWith('h'))).toHaveLength(3);
      expect(route.filter((l) => l.startsWith('v'))).toHaveLength(3);
    }
  });

  it('ties only at the two ends of a long route: found, so the searches reach as far as the route costs', async () => {
    // A ⇉ X (two 100 km links) → Y (2,000 km) ⇉ B (two 100 km links), all rail at 0.2 USD/TEU-km: every
    // alternative leaves the chosen route within its first or last 100 km, so the arc that differs sits next to
    // a tree's far end (more than 90 % of the route's cost from the other end).
    const rail = (lengthKm: number) => ({ mode: 'rail', lengthKm, costUsdPerTeuKm: 0.2, hours: lengthKm / 50, co2KgPerTeuKm: 0.02 });
    const ends = network('ends', [['A', 100, 30], ['X', 101, 30], ['Y', 120, 30], ['B', 121, 30]], [
      { id: 'a1', from: 'A', to: 'X', props: rail(100) },
      { id: 'a2', from: 'A', to: 'X', props: rail(100) },
      { id: 'XY', from: 'X', to: 'Y', props: rail(2000) },
      { id: 'b1', from: 'Y', to: 'B', props: rail(100) },
      { id: 'b2', from: 'Y', to: 'B', props: rail(100) },
    ]);
    const r = await optimize(ends, [row('A', 'B', 100)], money);
    expect(r.objectiveUsd).toBeCloseTo(100 * 2200 * 0.2, 6);
    const [alt, ...more] = findAlternativeOptima(ends, r);
    expect(more).toHaveLength(0);
    expect(alt.chosenLinkIds).toHaveLength(3);
    expect(alt.chosenLinkIds[1]).toBe('XY');
    expect(alt.alternativeLinkIds[1]).toBe('XY');
    expect(alt.differingLinkIds.length).toBeGreaterThan(0);
    expect(alt.differingLinkIds.every((l) => ['a1', 'a2', 'b1', 'b2'].includes(l))).toBe(true);
    expect(alt.costDifferenceUsdPerTeu).toBeCloseTo(0, 6);
  });

  it('an exchange between two directions at a full node: only the LP probes find it, with the range worked out by hand', async () => {
    const net = exchange();
    const demand = [row('A', 'B', 100), row('B', 'A', 100)];
    for (const backend of ['highs', 'glpk'] as const) {
      const options = { ...money, backend };
      const r = await optimize(net, demand, options);
      expect(r.objectiveUsd).toBeCloseTo(11_000, 4);
      const report = await checkAlternativeOptima(net, demand, options, r);
      expect(report.routes, backend).toEqual([]);
      expect(report.exist).toBe(true);
      const seen = Object.fromEntries(report.links.map((l) => [`${l.id}|${l.direction}`, [l.minSeenTeuPerYear, l.maxSeenTeuPerYear]]));
      expect(Object.keys(seen).sort(), backend).toEqual(['A-B-road|forward', 'A-B-road|reverse', 'A-X|forward', 'A-X|reverse', 'X-B|forward', 'X-B|reverse']);
      for (const k of ['A-X|forward', 'A-X|reverse', 'X-B|forward', 'X-B|reverse']) {
        expect(seen[k][0]).toBeCloseTo(50, 4);
        expect(seen[k][1]).toBeCloseTo(100, 4);
      }
      for (const k of ['A-B-road|forward', 'A-B-road|reverse']) {
        expect(seen[k][0]).toBeCloseTo(0, 4);
        expect(seen[k][1]).toBeCloseTo(50, 4);
      }
    }
  });

  it.skipIf(!isClpAvailable())('china-eurasia: every link whose flow differs between HiGHS and clp is reported by both', async () => {
    const net = loadNetwork('china-eurasia');
    const demand = loadDemand('default', net);
    const [highs, clp] = [await optimize(net, demand, { backend: 'highs' }), await optimize(net, demand, { backend: 'clp' })];
    expect(Math.abs(highs.objectiveUsd! - clp.objectiveUsd!)).toBeLessThanOrEqual(1e-7 * highs.objectiveUsd!);
    const differing = highs.links
      .filter((l, i) => Math.abs(l.flowTeuPerYear - clp.links[i].flowTeuPerYear) > Math.max(1, 1e-6 * l.flowTeuPerYear))
      .map((l) => `${l.id}|${l.direction}`);
    // The two solvers do disagree today (the Three Gorges direction and Brest vs Bruzgi); if they ever
    // agree, the test still checks that nothing is reported where both have the same flows for no reason.
    for (const [backend, result] of [['highs', highs], ['clp', clp]] as const) {
      const report = await checkAlternativeOptima(net, demand, { backend }, result);
      const listed = new Set(report.links.map((l) => `${l.id}|${l.direction}`));
      for (const k of differing) expect(listed.has(k), `${backend}: ${k} differs between backends but is not reported`).toBe(true);
      expect(report.exist).toBe(listed.size > 0 || report.routes.length > 0);
    }
  });

  it('corridor optimize reports them in the table and in --json; --no-alternative-optima leaves them out', async () => {
    const text = await runCliInProcess('optimize', '--backend', 'highs');
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Alternative optima exist on \d+ link directions/);
    const json = JSON.parse((await runCliInProcess('optimize', '--backend', 'highs', '--json')).stdout);
    expect(json.alternativeOptima.checked).toBe('routes+lp');
    expect(json.alternativeOptima.links.length).toBeGreaterThan(0);
    const off = JSON.parse((await runCliInProcess('optimize', '--backend', 'highs', '--json', '--no-alternative-optima')).stdout);
    expect(off.alternativeOptima).toBeUndefined();
  });

  it('the API optimize job carries the report unless alternativeOptima: false', async () => {
    const app = createApp({ databasePath: ':memory:', jobThreads: 1 });
    try {
      const net = (await request(app).post('/networks').send(tinyNetwork())).body.id;
      const demand = [{ origin: 'A', destination: 'S', teuPerYear: 900 }];
      const on = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ demand });
      expect(on.status, JSON.stringify(on.body)).toBe(200);
      expect(on.body.result.alternativeOptima).toMatchObject({ checked: 'routes+lp', exist: false, links: [], routes: [] });
      const off = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ demand, alternativeOptima: false });
      expect(off.status).toBe(200);
      expect(off.body.result.alternativeOptima).toBeUndefined();
      expect((await request(app).post(`/networks/${net}/optimize`).send({ demand, alternativeOptima: 'yes' })).status).toBe(400);
    } finally {
      await app.close();
    }
  });
});
