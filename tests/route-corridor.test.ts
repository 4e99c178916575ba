import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORKS_DIR, loadBuiltinNetwork } from '../networks/index.js';
import { route, type RouteFound, type RouteResult } from '../src/routing/route.js';

// Corridor facts on the built-in data (reference: networks/reference/corridor-reference.md). These check the
// data and the router together; if one fails, look at the data before touching the test.
const haveData = ['land-sea-corridor.geojson', 'eurasian-land-bridge.geojson'].every((f) => existsSync(join(NETWORKS_DIR, f)));

function found(r: RouteResult): RouteFound {
  if (!r.found) throw new Error(`expected a route, got: ${r.reason}`);
  return r;
}

describe.skipIf(!haveData)('corridor facts on china-eurasia', () => {
  const net = haveData ? loadBuiltinNetwork('china-eurasia') : null!;

  it('Chongqing → Singapore: rail to a Beibu Gulf port (~2 days), then sea (~6 days), faster than the Yangtze via Shanghai', () => {
    const r = found(route(net, 'Chongqing', 'Singapore', { alternatives: true }));
    expect(r.modeChain).toEqual(['rail', 'sea']);
    expect(['qinzhou', 'beihai', 'fangchenggang']).toContain(r.legs[0].to);
    expect(r.legs[0].hours / 24).toBeGreaterThan(1.5);
    expect(r.legs[0].hours / 24).toBeLessThan(2.5);
    expect(r.legs[1].hours / 24).toBeGreaterThan(5);
    expect(r.legs[1].hours / 24).toBeLessThan(7);
    const yangtze = r.alternatives.find((a) => a.modeChain.includes('inland_waterway') && a.nodeIds.includes('shanghai'));
    expect(yangtze, `alternatives: ${r.alternatives.map((a) => a.modeChain.join('+')).join(', ')}`).toBeDefined();
    expect(r.totalHours).toBeLessThan(yangtze!.totalHours);
    expect(r.alternatives.find((a) => a.best)!.linkIds).toEqual(r.linkIds);
  });

  it("Xi'an → Duisburg by rail changes gauge twice (onto 1520 mm and back to 1435 mm)", () => {
    const r = found(route(net, "Xi'an", 'Duisburg', { modes: ['rail'] }));
    expect(r.gaugeChanges.map((g) => [g.fromGaugeMm, g.toGaugeMm])).toEqual([
      [1435, 1520],
      [1520, 1435],
    ]);
    expect(r.modeChain).toEqual(['rail']);
  });

  it('Shanghai → Rotterdam with Suez closed goes round the Cape, 10–14 days longer', () => {
    const open = found(route(net, 'Shanghai', 'Rotterdam'));
    const closed = found(route(net, 'Shanghai', 'Rotterdam', { avoid: ['suez'] }));
    expect(open.nodeIds).toContain('suez');
    expect(closed.nodeIds).not.toContain('suez');
    expect(closed.nodeIds).toContain('cape-of-good-hope');
    const extraDays = closed.totalDays - open.totalDays;
    expect(extraDays).toBeGreaterThanOrEqual(10);
    expect(extraDays).toBeLessThanOrEqual(14);
  });
});
