import { describe, expect, it } from 'vitest';
import { route, type RouteFound, type RouteNotFound, type RouteResult } from '../src/routing/route.js';
import { tinyNetwork, TINY_NODES } from './support/route-tiny-network.js';

// Hand arithmetic for every expected number is in the comments; link figures are in route-tiny-network.ts.
const net = tinyNetwork();

function found(r: RouteResult): RouteFound {
  if (!r.found) throw new Error(`expected a route, got: ${r.reason}`);
  return r;
}
function notFound(r: RouteResult): RouteNotFound {
  if (r.found) throw new Error(`expected no route, got ${r.linkIds.join(' ')}`);
  return r;
}
/** Σ link costs of the legs + Σ node charges: must equal the money total. */
const moneyFromParts = (r: RouteFound) =>
  r.legs.reduce((s, l) => s + l.costUsd, 0) +
  r.transfers.reduce((s, t) => s + t.costUsd, 0) +
  r.borderCrossings.reduce((s, b) => s + b.costUsd, 0) +
  r.gaugeChanges.reduce((s, g) => s + g.costUsd, 0);

describe('route: cheapest route by generalized cost', () => {
  it('takes rail to the port and then sea, on the cheaper of two parallel rail links (multigraph)', () => {
    // VOT 1 USD/TEU-h (default), carbon 0:
    //   A-P2 + P + P-S: money 225 + 50 + 90 = 365, hours 50 + 12 + 144 = 206 → 571
    //   A-P  + P + P-S: money 290 + 50 + 90 = 430, hours 48 + 12 + 144 = 204 → 634
    //   A-R + R + R-S:  money 288 + 40 + 136.8 = 464.8, hours 180 + 10 + 150 = 340 → 804.8
    //   A-S road:       1800 + 60 = 1860
    const r = found(route(net, 'chongqing', 'Singapore'));
    expect(r.linkIds).toEqual(['A-P2', 'P-S']);
    expect(r.nodeIds).toEqual(['A', 'P', 'S']);
    expect(r.modeChain).toEqual(['rail', 'sea']);
    expect(r.totalCostUsd).toBeCloseTo(365, 9);
    expect(r.totalHours).toBeCloseTo(206, 9);
    expect(r.totalDays).toBeCloseTo(206 / 24, 9);
    expect(r.totalKm).toBeCloseTo(1500 + 2500, 9);
    expect(r.co2Kg).toBeCloseTo(450 + 190, 9);
    expect(r.generalizedCostUsd).toBeCloseTo(571, 9);
    expect(r.legs).toHaveLength(2);
    expect(r.legs[0]).toMatchObject({ mode: 'rail', from: 'A', to: 'P', fromName: 'Chongqing', toName: 'Qinzhou', km: 1500, hours: 50, linkIds: ['A-P2'] });
    expect(r.legs[0].costUsd).toBeCloseTo(225, 9);
    expect(r.legs[1]).toMatchObject({ mode: 'sea', from: 'P', to: 'S', km: 2500, hours: 144, linkIds: ['P-S'] });
    expect(r.legs[1].co2Kg).toBeCloseTo(190, 9);
    expect(r.transfers).toEqual([{ node: 'P', nodeName: 'Qinzhou', fromMode: 'rail', toMode: 'sea', costUsd: 50, hours: 12 }]);
    expect(r.borderCrossings).toEqual([]);
    expect(r.gaugeChanges).toEqual([]);
    expect(r.totalCostUsd).toBeCloseTo(moneyFromParts(r), 9);
    expect(r.alternatives).toEqual([]);
  });

  it('finds nodes by id, name or alias, case-insensitive', () => {
    for (const [from, to] of [['A', 'S'], ['CQ', 'singapore'], ['CHONGQING', 's']]) {
      expect(found(route(net, from, to)).linkIds).toEqual(['A-P2', 'P-S']);
    }
  });

  it('with VOT 0 and carbon price 0 the generalized cost is the money cost', () => {
    // Cheapest money: A-P2 + P + P-S = 225 + 50 + 90 = 365.
    const r = found(route(net, 'A', 'S', { vot: 0, carbonPrice: 0 }));
    expect(r.generalizedCostUsd).toBe(r.totalCostUsd);
    expect(r.totalCostUsd).toBeCloseTo(365, 9);
  });

  it('a carbon price switches to the cleaner parallel link', () => {
    // VOT 0, 1000 USD/t = 1 USD/kg: A-P2 path 365 + (450 + 190) = 1005; A-P path 430 + (145 + 190) = 765.
    const r = found(route(net, 'A', 'S', { valueOfTimeUsdPerTeuHour: 0, carbonPriceUsdPerTonneCo2: 1000 }));
    expect(r.linkIds).toEqual(['A-P', 'P-S']);
    expect(r.generalizedCostUsd).toBeCloseTo(765, 9);
    expect(r.totalCostUsd).toBeCloseTo(430, 9);
    expect(r.costParameters).toEqual({ valueOfTimeUsdPerTeuHour: 0, carbonPriceUsdPerTonneCo2: 1000 });
  });

  it('restricts link modes, with transfers only between allowed modes', () => {
    // River + sea: 288 + 40 (transfer at R) + 136.8 = 464.8 USD; 180 + 10 + 150 = 340 h.
    const r = found(route(net, 'A', 'S', { modes: ['inland_waterway', 'sea'] }));
    expect(r.linkIds).toEqual(['A-R', 'R-S']);
    expect(r.totalCostUsd).toBeCloseTo(464.8, 9);
    expect(r.totalHours).toBeCloseTo(340, 9);
    expect(r.transfers).toEqual([{ node: 'R', nodeName: 'Shanghai', fromMode: 'inland_waterway', toMode: 'sea', costUsd: 40, hours: 10 }]);
    expect(r.allowedModes).toEqual(['inland_waterway', 'sea']);
    // Road only: the oneway road A → S, 1800 USD.
    expect(found(route(net, 'A', 'S', { modes: ['road'] })).totalCostUsd).toBeCloseTo(1800, 9);
  });

  it('counts border crossing and gauge change charges in the totals (rail through B)', () => {
    // A-B 600 USD / 100 h (1435 mm), gauge change at B 40 USD / 5 h + border 100 USD / 30 h, B-E 1200 USD / 200 h (1520 mm):
    // money 600 + 140 + 1200 = 1940, hours 100 + 35 + 200 = 335.
    const r = found(route(net, 'A', 'Duisburg', { modes: ['rail'] }));
    expect(r.totalCostUsd).toBeCloseTo(1940, 9);
    expect(r.totalHours).toBeCloseTo(335, 9);
    expect(r.gaugeChanges).toEqual([{ node: 'B', nodeName: 'Alashankou', fromGaugeMm: 1435, toGaugeMm: 1520, costUsd: 40, hours: 5 }]);
    expect(r.borderCrossings).toEqual([{ node: 'B', nodeName: 'Alashankou', costUsd: 100, hours: 30 }]);
    // One rail leg across the gauge change, 1800 USD of links; the node charges are events.
    expect(r.legs).toHaveLength(1);
    expect(r.legs[0]).toMatchObject({ mode: 'rail', from: 'A', to: 'E', km: 9000, hours: 300, linkIds: ['A-B', 'B-E'] });
    expect(r.legs[0].costUsd).toBeCloseTo(1800, 9);
    expect(r.totalCostUsd).toBeCloseTo(moneyFromParts(r), 9);
  });

  it('charges nothing for starting or ending at a border node', () => {
    // B → E: 1200 USD / 200 h on the 1520 line; B's border and gauge charges apply only to flow passing B.
    const r = found(route(net, 'B', 'E'));
    expect([r.totalCostUsd, r.totalHours]).toEqual([1200, 200]);
    expect(r.borderCrossings).toEqual([]);
  });

  it('avoids nodes and links, and refuses a named disruption this network does not have', () => {
    // Without P: river + sea, 464.8 USD, gc 464.8 + 340 = 804.8 (< road 1860).
    const noP = found(route(net, 'A', 'S', { avoid: ['P'] }));
    expect(noP.linkIds).toEqual(['A-R', 'R-S']);
    expect(noP.generalizedCostUsd).toBeCloseTo(804.8, 9);
    expect(noP.avoided).toEqual({ nodeIds: ['P'], linkIds: [] });
    // Without the parallel link: A-P + P-S = 430 USD.
    expect(found(route(net, 'A', 'S', { avoid: ['A-P2'] })).linkIds).toEqual(['A-P', 'P-S']);
    // Without both ports: the oneway road, 1800 USD.
    expect(found(route(net, 'A', 'S', { avoid: ['P', 'R'] })).linkIds).toEqual(['A-S']);
    // "suez" names a node this network does not have: closing nothing would answer another question.
    expect(() => route(net, 'A', 'S', { avoid: ['suez'] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => route(net, 'A', 'S', { avoid: ['nowhere'] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('passes via nodes in order, paying their pass charges', () => {
    // Via R: A-R river, transfer at R (40 / 10 h), R-S sea = 464.8 USD, 340 h.
    const viaR = found(route(net, 'A', 'S', { via: ['Shanghai'] }));
    expect(viaR.nodeIds).toEqual(['A', 'R', 'S']);
    expect(viaR.totalCostUsd).toBeCloseTo(464.8, 9);
    expect(viaR.via).toEqual(['R']);
    // Via B: A-B 600/100 h, pass B (border 100 / 30 h), B-A 600/100 h, pass A (free), A-P2 225/50 h,
    // transfer P 50/12 h, P-S 90/144 h → 1665 USD, 436 h.
    // (allowDoubleBack: the cheapest through-B route goes out to B and back; issue 19 made avoiding that the default.)
    const viaB = found(route(net, 'A', 'S', { via: ['B'], allowDoubleBack: true }));
    expect(viaB.viaDoubleBack).toMatchObject({ revisitedNodeIds: ['A'], avoided: false });
    expect(viaB.nodeIds).toEqual(['A', 'B', 'A', 'P', 'S']);
    expect(viaB.linkIds).toEqual(['A-B', 'A-B', 'A-P2', 'P-S']);
    expect(viaB.totalCostUsd).toBeCloseTo(1665, 9);
    expect(viaB.totalHours).toBeCloseTo(436, 9);
    expect(viaB.borderCrossings).toEqual([{ node: 'B', nodeName: 'Alashankou', costUsd: 100, hours: 30 }]);
    expect(viaB.modeChain).toEqual(['rail', 'sea']);
    // Via R then P: A-R 288/180, R transfer river→sea 40/10, R-S 136.8/150, pass S, S-P 90/144,
    // then P: arrives by sea, leaves by sea back to S 90/144 (pass P free) → 644.8 USD, 628 h.
    // No route through R then P reaches S without passing S twice, so the double-back is kept and reported.
    const viaRP = found(route(net, 'A', 'S', { via: ['R', 'P'] }));
    expect(viaRP.viaDoubleBack).toMatchObject({ revisitedNodeIds: ['S'], avoided: false });
    expect(viaRP.warnings.join(' ')).toMatch(/doubles back: it passes Singapore twice/);
    expect(viaRP.nodeIds).toEqual(['A', 'R', 'S', 'P', 'S']);
    expect(viaRP.totalCostUsd).toBeCloseTo(644.8, 9);
    expect(viaRP.totalHours).toBeCloseTo(628, 9);
  });

  it('with via, prefers a route that passes no node twice and says what the double-back would have been (issue 19)', () => {
    // Via B without passing A again: A-B rail 600/100 h, at B gauge 1435→1520 40/5 h + border 100/30 h,
    // B-E rail 1520 1200/200 h, at E rail→air (E charges nothing), S-E air 29,000/15 h
    // → 30,940 USD, 350 h, 19,000 km. The double-back (A-B-A-P-S, 3000 + 3000 + 1500 + 2500 km) was 1665 USD + 436 h = 2101 generalized.
    const viaB = found(route(net, 'A', 'S', { via: ['B'] }));
    expect(viaB.nodeIds).toEqual(['A', 'B', 'E', 'S']);
    expect(viaB.totalCostUsd).toBeCloseTo(30_940, 9);
    expect(viaB.totalHours).toBeCloseTo(350, 9);
    expect(viaB.totalKm).toBeCloseTo(19_000, 9);
    expect(viaB.viaDoubleBack).toEqual({ revisitedNodeIds: ['A'], avoided: true, doubleBackKm: 10_000, doubleBackGeneralizedCostUsd: expect.closeTo(2101, 9) });
    expect(viaB.warnings[0]).toMatch(/doubles back \(passes Chongqing twice/);
    // No via, no double-back note.
    expect(found(route(net, 'A', 'S')).viaDoubleBack).toBeNull();
  });

  it('respects oneway links', () => {
    // A → Z: the oneway road, 300 USD / 10 h; Z → A has no link leaving Z.
    expect(found(route(net, 'A', 'Z')).totalCostUsd).toBeCloseTo(300, 9);
    expect(notFound(route(net, 'Z', 'A')).reason).toMatch(/no link leaves Lhasa/);
    // S → A by road: both road links at A are oneway away from it.
    expect(notFound(route(net, 'S', 'A', { modes: ['road'] })).reason).toMatch(/no link of the allowed modes \[road\] reaches Chongqing/);
  });

  it('draws the route as GeoJSON legs in travel direction, reversing links run backwards', () => {
    const r = found(route(net, 'S', 'A'));
    // S → P by sea (P-S reversed), transfer at P, P → A on A-P2 reversed: 90 + 50 + 225 = 365 USD.
    expect(r.linkIds).toEqual(['P-S', 'A-P2']);
    expect(r.totalCostUsd).toBeCloseTo(365, 9);
    expect(r.geometry.type).toBe('FeatureCollection');
    expect(r.geometry.features.map((f) => f.properties.mode)).toEqual(['sea', 'rail']);
    expect(r.geometry.features[0].geometry.coordinates).toEqual([TINY_NODES.S.lonLat, TINY_NODES.P.lonLat]);
    expect(r.geometry.features[1].geometry.coordinates).toEqual([TINY_NODES.P.lonLat, TINY_NODES.A.lonLat]);
    expect(r.geometry.features[1].properties).toMatchObject({ legIndex: 1, from: 'P', to: 'A', linkIds: ['A-P2'] });
  });

  it('lists the best route of each mode chain with cost–time Pareto flags', () => {
    // rail+sea 365 USD / 206 h (gc 571), river+sea 464.8 / 340 (804.8), road 1800 / 60 (1860).
    // River+sea costs more and is slower than rail+sea: dominated. Road is the fastest: on the frontier.
    // The rail–air detour through Duisburg is dominated by everything.
    const r = found(route(net, 'A', 'S', { alternatives: true }));
    const alts = r.alternatives.map((a) => ({ chain: a.modeChain.join('+'), usd: a.totalCostUsd, hours: a.totalHours, pareto: a.paretoOptimal, best: a.best }));
    expect(alts).toEqual([
      { chain: 'rail+sea', usd: 365, hours: 206, pareto: true, best: true },
      { chain: 'inland_waterway+sea', usd: expect.closeTo(464.8, 9), hours: 340, pareto: false, best: false },
      { chain: 'road', usd: 1800, hours: 60, pareto: true, best: false },
      // A-B 600/100 h, gauge + border at B 140/35 h, B-E 1200/200 h, E-S air 29000/15 h: 30940 USD, 350 h.
      { chain: 'rail+air', usd: 30940, hours: 350, pareto: false, best: false },
    ]);
    expect(r.alternatives[0].linkIds).toEqual(r.linkIds);
    // Restricting modes restricts the alternatives too.
    const seaRiver = found(route(net, 'A', 'S', { alternatives: true, modes: ['inland_waterway', 'sea', 'road'] }));
    expect(seaRiver.alternatives.map((a) => a.modeChain.join('+'))).toEqual(['inland_waterway+sea', 'road']);
  });

  it('gives the same answer with aStar and nba', () => {
    for (const [from, to, options] of [['A', 'S', {}], ['S', 'A', {}], ['A', 'E', { vot: 5 }], ['A', 'S', { via: ['B'] }]] as const) {
      const a = found(route(net, from, to, { ...options, finder: 'aStar' }));
      const b = found(route(net, from, to, { ...options, finder: 'nba' }));
      expect(a.generalizedCostUsd).toBeCloseTo(b.generalizedCostUsd, 9);
      expect(a.linkIds).toEqual(b.linkIds);
    }
  });

  it('switches candidate links on only when asked', () => {
    // A → Y1 needs the candidate road A-W (1000 USD / 20 h) and then W-Y1 (100 USD / 2 h).
    expect(notFound(route(net, 'A', 'Y1')).reason).toMatch(/switching on candidate links would connect them/);
    const r = found(route(net, 'A', 'Y1', { includeCandidates: ['A-W'] }));
    expect(r.linkIds).toEqual(['A-W', 'Y1-W']);
    expect(r.totalCostUsd).toBeCloseTo(1100, 9);
    expect(() => route(net, 'A', 'Y1', { includeCandidates: ['A-X'] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('route: no route is a result that says why', () => {
  it('names the missing mode at the origin or destination', () => {
    const r = notFound(route(net, 'A', 'S', { modes: ['sea'] }));
    expect(r.reason).toMatch(/^no link of the allowed modes \[sea\] leaves Chongqing/);
    expect(r.alternatives).toEqual([]);
    expect(notFound(route(net, 'A', 'E', { modes: ['sea'] })).reason).toMatch(/^no link of the allowed modes \[sea\] reaches Duisburg/);
    expect(notFound(route(net, 'P', 'E', { modes: ['sea', 'road'] })).reason).toMatch(/^no link of the allowed modes \[road, sea\] reaches Duisburg \(it is served by rail, air\)/);
  });

  it('names the closures every route passes', () => {
    expect(notFound(route(net, 'A', 'S', { avoid: ['P'], modes: ['rail', 'sea'] })).reason).toBe(
      'every route from Chongqing to Singapore with the modes [rail, sea] passes a closed node: P',
    );
    // Each closure alone blocks a route: P (rail+sea), R (river+sea), B (rail to Duisburg, then air), A-S (road).
    expect(notFound(route(net, 'A', 'S', { avoid: ['P', 'R', 'A-S', 'B'] })).reason).toBe(
      'every route from Chongqing to Singapore passes one of the closed nodes or links: P, R, B, A-S',
    );
    // Rail+sea needs a rail link A-P or A-P2 and the sea link P-S: no single reopening is enough.
    expect(notFound(route(net, 'A', 'S', { avoid: ['A-P', 'A-P2', 'P-S'], modes: ['rail', 'sea'] })).reason).toBe(
      'every route from Chongqing to Singapore with the modes [rail, sea] passes at least two of the closed links: A-P, A-P2, P-S',
    );
    expect(notFound(route(net, 'A', 'S', { avoid: ['A-P', 'A-P2'], modes: ['rail', 'sea'] })).reason).toBe(
      'every route from Chongqing to Singapore with the modes [rail, sea] passes one of the closed links: A-P, A-P2',
    );
    expect(notFound(route(net, 'A', 'E', { avoid: ['B'], modes: ['rail'] })).reason).toBe('every route from Chongqing to Duisburg with the modes [rail] passes a closed node: B');
    expect(notFound(route(net, 'A', 'S', { avoid: ['S'] })).reason).toMatch(/destination Singapore \(S\) is itself closed/);
    expect(notFound(route(net, 'A', 'S', { avoid: ['R'], via: ['R'] })).reason).toMatch(/via node Shanghai \(R\) is itself closed/);
  });

  it('says when the allowed modes cannot join two served nodes', () => {
    // P has no road at all.
    expect(notFound(route(net, 'P', 'Z', { modes: ['road'] })).reason).toMatch(/\[road\] leaves Qinzhou/);
    // R leaves by river and E is reached by air, but no river–air chain joins them. With all modes the
    // cheapest is river to A (288), transfer (30), rail A-B-E (600 + 140 + 1200) = 2258 USD vs air from S at 29,000.
    expect(notFound(route(net, 'R', 'E', { modes: ['inland_waterway', 'air'] })).reason).toBe(
      'no route from Shanghai to Duisburg uses only the allowed modes [inland_waterway, air]; routes exist with [inland_waterway, rail]',
    );
  });

  it('says when links run only the other way, or nothing joins the nodes', () => {
    expect(notFound(route(net, 'Y2', 'Y1')).reason).toBe('no route from Y two to Y one: links join them only in the other direction (oneway links)');
    const noCandidate = tinyNetwork({ withoutLinks: ['A-W'] });
    expect(notFound(route(noCandidate, 'A', 'Y1')).reason).toBe('Chongqing and Y one are not connected: no chain of links joins them in network tiny-corridor');
  });

  it('explains a failed via stage', () => {
    const r = notFound(route(net, 'A', 'S', { via: ['Y1'] }));
    expect(r.reason).toMatch(/candidate links would connect them \(stage 1 of the route via Y one\)/);
  });
});

describe('route: bad queries throw typed errors', () => {
  it('unknown node: NotFoundError with the closest names', () => {
    try {
      route(net, 'Chongching', 'S');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'NOT_FOUND', name: 'NotFoundError', query: 'Chongching' });
      expect((e as { suggestions: string[] }).suggestions[0]).toBe('A');
    }
  });

  it('from === to, bad modes and bad weights', () => {
    expect(() => route(net, 'A', 'chongqing')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => route(net, 'A', 'S', { modes: ['raill'] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', suggestions: expect.arrayContaining(['rail']) }));
    expect(() => route(net, 'A', 'S', { modes: [] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => route(net, 'A', 'S', { vot: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => route(net, 'A', 'S', { carbonPrice: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => route(net, 'A', 'S', { vot: 1, valueOfTimeUsdPerTeuHour: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => route(net, 'A', 'S', { via: ['A'] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
