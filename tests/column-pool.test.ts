/**
 * The master's pool of pruned routes (RestrictedMaster.pooledPricedOut), on the two-route network of
 * tests/support/evaluate-tiny-network.ts, whose numbers are worked out by hand there: rail 200 USD/TEU
 * (capacity 1,000 TEU/yr), road 500 USD/TEU (unlimited), demand A → B 3,000 TEU/yr, value of time 0.
 */
import { describe, expect, it } from 'vitest';
import { expandNetwork, ShortestPathTree } from '../src/graph/index.js';
import { arcGeneralizedCosts } from '../src/graph/generalized-cost.js';
import { groupCommodities } from '../src/assignment/group-commodities.js';
import { RestrictedMaster } from '../src/assignment/paths/restricted-master.js';
import { demandAB, twoRouteNetwork } from './support/evaluate-tiny-network.js';

async function twoRoutes() {
  const graph = expandNetwork(twoRouteNetwork());
  const commodities = groupCommodities(graph, demandAB(), 0).map((c, index) => ({ ...c, index }));
  const master = await RestrictedMaster.create(graph, commodities, 10_000);
  const cost = arcGeneralizedCosts(graph, { valueOfTimeUsdPerTeuHour: 0, carbonPriceUsdPerTonneCo2: 0 });
  const tree = new ShortestPathTree(graph);
  const origin = graph.originVertex[graph.nodeIndex.get('A')!];
  const target = graph.destinationVertex[graph.nodeIndex.get('B')!];
  // The route of one link: every link arc of the other links closed.
  const routeVia = (linkId: string) => {
    const open = new Uint8Array(graph.arcCount).fill(1);
    for (let a = 0; a < graph.arcCount; a++) if (graph.arcLink[a] >= 0 && graph.arcLink[a] !== graph.linkIndex.get(linkId)) open[a] = 0;
    tree.grow(origin, cost, open, [target]);
    const arcs = tree.pathTo(target);
    let costUsdPerTeu = 0;
    for (const a of arcs) costUsdPerTeu += cost[a];
    return { commodity: 0, destination: 0, arcs, costUsdPerTeu };
  };
  const rail = routeVia('rail');
  const road = routeVia('road');
  const railArc = [...rail.arcs].find((a) => graph.arcLink[a] === graph.linkIndex.get('rail'))!;
  return { graph, master, rail, road, railArc };
}

describe('the pool of pruned routes', () => {
  it('gives back exactly the pruned routes whose reduced cost is negative again, each once, and never a closed one', async () => {
    const { graph, master, rail, road, railArc } = await twoRoutes();
    try {
      expect(rail.costUsdPerTeu).toBeCloseTo(200, 6);
      expect(road.costUsdPerTeu).toBeCloseTo(500, 6);
      expect(master.addPaths([rail, road])).toBe(2);
      // Both unused, reduced costs 1 and 2 USD/TEU: both pruned into the pool.
      const x = new Float64Array(master.columnCount);
      const rc = new Float64Array(master.columnCount);
      rc[master.pathColumn(0)] = 1;
      rc[master.pathColumn(1)] = 2;
      expect(master.prunePaths(x, rc, 0)).toEqual([master.pathColumn(0), master.pathColumn(1)]);
      expect(master.paths.length).toBe(0);
      expect(master.pooledCount).toBe(2);

      const open = new Uint8Array(graph.arcCount).fill(1);
      const duals = new Float64Array(master.rowCount);
      const prices = new Float64Array(graph.arcCount);
      // Demand dual 450: rail (200) prices out, road (500) does not.
      duals[master.demandRow[0][0]] = 450;
      expect(master.pooledPricedOut(prices, duals, open).map((p) => p.costUsdPerTeu)).toEqual([rail.costUsdPerTeu]);
      expect(master.pooledCount).toBe(1);
      // Taken means gone: asked again with the same prices, nothing comes back twice.
      expect(master.pooledPricedOut(prices, duals, open)).toEqual([]);

      // Back in the pool; a price of 300 USD/TEU on the rail arc puts it at 500 against a dual of 450.
      master.addPaths([rail]);
      master.prunePaths(new Float64Array(master.columnCount), Float64Array.from({ length: master.columnCount }, () => 1), 0);
      expect(master.pooledCount).toBe(2);
      prices[railArc] = 300;
      expect(master.pooledPricedOut(prices, duals, open)).toEqual([]);
      // Dual 600: both price out (rail 500, road 500) …
      duals[master.demandRow[0][0]] = 600;
      // … but with the rail arc closed only the road comes back, and the rail route stays for later.
      open[railArc] = 0;
      expect(master.pooledPricedOut(prices, duals, open).map((p) => p.costUsdPerTeu)).toEqual([road.costUsdPerTeu]);
      expect(master.pooledCount).toBe(1);
      // A route the search finds again leaves the pool as it enters the master.
      master.addPaths([rail]);
      expect(master.pooledCount).toBe(0);
    } finally {
      master.dispose();
    }
  });
});
