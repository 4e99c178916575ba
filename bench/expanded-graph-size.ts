/**
 * How big the one expanded graph is, per physical link, and how much of it a contraction could remove.
 *
 * Run:  npx tsx bench/expanded-graph-size.ts [--nodes 5000]
 *
 * "Contractible" is the case issue 13 names: a node with one mode key (so no transfer or gauge change), no border charge,
 * and no throughput limit. Its arrival and departure vertices could be one vertex and its pass arc dropped
 * (its origin/destination connectors stay, so it can still be an OD endpoint), since the pass arc then
 * carries no cost, no time and no row of the LP.
 */
import { expandNetwork, type ArcKind } from '../src/graph/expanded-graph.js';
import { loadBuiltinNetwork } from '../networks/index.js';
import type { Network } from '../src/network/network.js';
import { syntheticNetwork } from '../tests/support/synthetic-network.js';

const argNodes = process.argv.indexOf('--nodes');
const nodes = argNodes > 0 ? Number(process.argv[argNodes + 1]) : 5000;

function report(label: string, network: Network): void {
  const g = expandNetwork(network);
  const activeLinks = g.activeLinks.filter(Boolean).length;
  const byKind = new Map<ArcKind, number>();
  for (const k of g.arcKind) byKind.set(k, (byKind.get(k) ?? 0) + 1);
  let contractible = 0;
  network.nodes.forEach((n, i) => {
    const keys = new Set<string>();
    for (let v = 0; v < g.vertexCount; v++) if (g.vertexNode[v] === i && g.vertexModeKey[v] !== '') keys.add(g.vertexModeKey[v]);
    const noCharge = n.borderCrossingUsdPerTeu === 0 && n.borderCrossingHours === 0;
    if (keys.size === 1 && noCharge && n.throughputTeuPerYear === null) contractible++;
  });
  const kinds = (['link', 'pass', 'transfer', 'gauge', 'origin', 'destination'] as const).map((k) => `${k} ${byKind.get(k) ?? 0}`).join(', ');
  console.log(
    `| ${label} | ${network.nodes.length} / ${activeLinks} | ${g.vertexCount} / ${g.arcCount} | ${(g.vertexCount / activeLinks).toFixed(2)} / ${(g.arcCount / activeLinks).toFixed(2)} | ${kinds} | ${contractible} (${((100 * contractible) / network.nodes.length).toFixed(0)} %) | −${contractible} / −${contractible} (${((100 * contractible) / g.vertexCount).toFixed(1)} % / ${((100 * contractible) / g.arcCount).toFixed(1)} %) |`,
  );
}

console.log('| network | nodes / active links | vertices / arcs | per link: vertices / arcs | arcs by kind | contractible nodes | saving: vertices / arcs |');
console.log('|---|---|---|---|---|---|---|');
report('china-eurasia', loadBuiltinNetwork('china-eurasia'));
report(`synthetic (${nodes}, seed 1)`, syntheticNetwork({ nodeCount: nodes, seed: 1 }));
