import { describe, expect, it } from 'vitest';
import { BUILTIN_NETWORKS, loadBuiltinNetwork } from '../networks/index.js';
import { expandNetwork, type ExpandedGraph } from '../src/graph/expanded-graph.js';

/** Vertices that can reach `target` in the expanded graph (reverse BFS over incoming arcs). */
function canReach(g: ExpandedGraph, target: number): Uint8Array {
  const seen = new Uint8Array(g.vertexCount);
  const stack = [target];
  seen[target] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (let i = g.inStart[v]; i < g.inStart[v + 1]; i++) {
      const u = g.arcFrom[g.inArcs[i]];
      if (!seen[u]) {
        seen[u] = 1;
        stack.push(u);
      }
    }
  }
  return seen;
}

describe('built-in networks', () => {
  for (const info of BUILTIN_NETWORKS) {
    describe(info.id, () => {
      const net = loadBuiltinNetwork(info.id);

      it('loads with sources on every feature', () => {
        expect(net.nodes.length).toBeGreaterThan(10);
        for (const f of [...net.nodes, ...net.links]) expect(f.source, f.id).toBeTruthy();
      });

      it('every node reaches Singapore or Rotterdam by some mode', () => {
        const g = expandNetwork(net);
        const targets = ['singapore', 'rotterdam'].filter((id) => g.nodeIndex.has(id));
        expect(targets.length).toBeGreaterThan(0);
        const reach = targets.map((id) => canReach(g, g.destinationVertex[g.nodeIndex.get(id)!]));
        const stranded = net.nodes.filter((_, n) => !reach.some((r) => r[g.originVertex[n]]) && !targets.includes(net.nodes[n].id));
        expect(stranded.map((n) => n.id)).toEqual([]);
      });
    });
  }

  it('has at least 60 nodes in all, and capacities at the border crossings, ports and the locks', () => {
    const all = loadBuiltinNetwork('china-eurasia');
    expect(all.nodes.length).toBeGreaterThanOrEqual(60);
    const cap = (id: string) => all.nodes.find((n) => n.id === id)?.throughputTeuPerYear;
    for (const id of ['alashankou', 'khorgos', 'three-gorges-locks', 'qinzhou', 'malaszewicze']) expect(cap(id), id).toBeGreaterThan(0);
  });

  it('the merged network is the union of both corridors on their shared nodes', () => {
    const a = loadBuiltinNetwork('land-sea-corridor');
    const b = loadBuiltinNetwork('eurasian-land-bridge');
    const m = loadBuiltinNetwork('china-eurasia');
    const ids = new Set([...a.nodes, ...b.nodes].map((n) => n.id));
    expect(m.nodes.length).toBe(ids.size);
    for (const shared of ['chongqing', 'chengdu', 'xian', 'lanzhou']) {
      expect(a.nodes.some((n) => n.id === shared) && b.nodes.some((n) => n.id === shared), shared).toBe(true);
    }
  });
});
