import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import { expandNetwork } from '../src/graph/expanded-graph.js';

const net = buildNetwork(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/in/tiny-multimodal.geojson'), 'utf8')));

const arcsWhere = (g: ReturnType<typeof expandNetwork>, pred: (a: number) => boolean) =>
  Array.from({ length: g.arcCount }, (_, a) => a).filter(pred);

describe('expandNetwork', () => {
  it('splits nodes into per-mode arrival/departure vertices (rail keyed by gauge)', () => {
    const g = expandNetwork(net);
    const keys = (id: string) => g.vertexKey.filter((k) => k.split('|')[1] === id).sort();
    // A: rail-1435 and road; P: rail-1435 and sea; B: rail-1435 only while the 1520 candidate is off.
    expect(keys('A')).toEqual(['a|A|rail-1435', 'a|A|road', 'd|A', 'o|A', 'p|A|rail-1435', 'p|A|road'].sort());
    expect(keys('B')).toEqual(['a|B|rail-1435', 'd|B', 'o|B', 'p|B|rail-1435'].sort());
    const withCandidate = expandNetwork(net, { includeCandidates: ['B-S'] });
    expect(withCandidate.vertexKey.filter((k) => k.startsWith('a|B|'))).toEqual(['a|B|rail-1435', 'a|B|rail-1520']);
  });

  it('prices link arcs as lengthKm × costUsdPerTeuKm in both directions unless oneway', () => {
    const g = expandNetwork(net);
    const li = g.linkIndex.get('A-P')!;
    expect(g.linkArcs[li]).toHaveLength(2);
    for (const a of g.linkArcs[li]) {
      expect(g.arcCostUsd[a]).toBeCloseTo(1450 * 0.2, 12);
      expect(g.arcHours[a]).toBe(48);
      expect(g.arcCo2Kg[a]).toBeCloseTo(1450 * 0.1, 12);
      expect(g.arcCapacityTeuPerYear[a]).toBe(800);
    }
    expect(g.linkArcs[g.linkIndex.get('A-S-road')!]).toHaveLength(1);
    expect(g.linkArcs[g.linkIndex.get('B-S')!]).toHaveLength(0); // candidate off
  });

  it('charges transfers, gauge changes and border crossings on node arcs', () => {
    const g = expandNetwork(net, { includeCandidates: 'all' });
    const P = g.nodeIndex.get('P')!;
    const transfer = arcsWhere(g, (a) => g.arcNode[a] === P && g.arcKind[a] === 'transfer');
    expect(transfer).toHaveLength(2); // rail→sea and sea→rail
    for (const a of transfer) expect([g.arcCostUsd[a], g.arcHours[a]]).toEqual([50, 12]);
    const pass = arcsWhere(g, (a) => g.arcNode[a] === P && g.arcKind[a] === 'pass');
    for (const a of pass) expect(g.arcCostUsd[a]).toBe(0);

    const B = g.nodeIndex.get('B')!;
    const gauge = arcsWhere(g, (a) => g.arcNode[a] === B && g.arcKind[a] === 'gauge');
    expect(gauge).toHaveLength(2);
    // Gauge change 40 USD / 5 h plus the border crossing 100 USD / 30 h of a node that is passed.
    for (const a of gauge) expect([g.arcCostUsd[a], g.arcHours[a]]).toEqual([140, 35]);
    const bpass = arcsWhere(g, (a) => g.arcNode[a] === B && g.arcKind[a] === 'pass');
    for (const a of bpass) expect([g.arcCostUsd[a], g.arcHours[a]]).toEqual([100, 30]);
    // Starting or ending at the border node pays no crossing.
    const od = arcsWhere(g, (a) => g.arcNode[a] === B && (g.arcKind[a] === 'origin' || g.arcKind[a] === 'destination'));
    for (const a of od) expect(g.arcCostUsd[a]).toBe(0);
  });

  it('has consistent adjacency (CSR) and node-arc sets', () => {
    const g = expandNetwork(net, { includeCandidates: 'all' });
    for (let v = 0; v < g.vertexCount; v++) {
      for (let i = g.outStart[v]; i < g.outStart[v + 1]; i++) expect(g.arcFrom[g.outArcs[i]]).toBe(v);
      for (let i = g.inStart[v]; i < g.inStart[v + 1]; i++) expect(g.arcTo[g.inArcs[i]]).toBe(v);
    }
    const nodeArcTotal = g.nodeArcs.reduce((s, a) => s + a.length, 0);
    expect(nodeArcTotal + g.linkArcs.reduce((s, a) => s + a.length, 0)).toBe(g.arcCount);
    // Origin vertices have no incoming arcs and destination vertices no outgoing ones.
    for (let n = 0; n < net.nodes.length; n++) {
      const o = g.originVertex[n];
      const d = g.destinationVertex[n];
      expect(g.inStart[o + 1] - g.inStart[o]).toBe(0);
      expect(g.outStart[d + 1] - g.outStart[d]).toBe(0);
    }
  });
});
