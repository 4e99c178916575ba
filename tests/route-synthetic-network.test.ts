import { describe, expect, it } from 'vitest';
import { validateNetworkGeoJson } from '../src/network/build-network.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { syntheticDemand, syntheticNetwork } from './support/synthetic-network.js';

describe('syntheticNetwork', () => {
  const net = syntheticNetwork({ nodeCount: 400, seed: 42 });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(syntheticNetwork({ nodeCount: 400, seed: 42 })).toEqual(net);
    expect(syntheticNetwork({ nodeCount: 400, seed: 43 }).links.map((l) => l.lengthKm)).not.toEqual(net.links.map((l) => l.lengthKm));
  });

  it('is a valid network again after a GeoJSON round trip', () => {
    const report = validateNetworkGeoJson(networkToGeoJson(net));
    expect(report.problems).toEqual([]);
    expect(report.network!.links).toHaveLength(net.links.length);
  });

  it('has several modes and gauges, node charges, capacities and coordinates in its box', () => {
    expect(new Set(net.links.map((l) => l.mode))).toEqual(new Set(['rail', 'road', 'sea', 'inland_waterway', 'air']));
    expect(new Set(net.links.filter((l) => l.mode === 'rail').map((l) => l.gauge))).toEqual(new Set([1435, 1520, 1000]));
    expect(net.nodes.some((n) => n.transferUsdPerTeu > 0)).toBe(true);
    expect(net.nodes.some((n) => n.gaugeChangeUsdPerTeu > 0)).toBe(true);
    expect(net.nodes.some((n) => n.borderCrossingUsdPerTeu > 0 && n.kind === 'border_crossing')).toBe(true);
    expect(net.links.some((l) => l.capacityTeuPerYear !== null)).toBe(true);
    expect(net.nodes.some((n) => n.throughputTeuPerYear !== null)).toBe(true);
    expect(net.links.some((l) => l.oneway)).toBe(true);
    for (const n of net.nodes) {
      expect(n.lon).toBeGreaterThanOrEqual(60);
      expect(n.lon).toBeLessThanOrEqual(125);
      expect(n.lat).toBeGreaterThanOrEqual(5);
      expect(n.lat).toBeLessThanOrEqual(55);
    }
    // About linksPerNode land links started per node (duplicates dropped), plus port and airport links.
    const land = net.links.filter((l) => l.mode === 'rail' || l.mode === 'road').length;
    expect(land).toBeGreaterThan(400 * 1.5);
    expect(land).toBeLessThan(400 * 3.5);
  });

  it('has a connected two-way land network, so every pair connects', () => {
    const adj = new Map<string, string[]>(net.nodes.map((n) => [n.id, []]));
    for (const l of net.links) {
      if (l.oneway || (l.mode !== 'rail' && l.mode !== 'road')) continue;
      adj.get(l.from)!.push(l.to);
      adj.get(l.to)!.push(l.from);
    }
    const seen = new Set([net.nodes[0].id]);
    const queue = [net.nodes[0].id];
    while (queue.length) {
      for (const m of adj.get(queue.pop()!)!) {
        if (seen.has(m)) continue;
        seen.add(m);
        queue.push(m);
      }
    }
    expect(seen.size).toBe(net.nodes.length);
  });

  it('honours modes and capacityTightness', () => {
    const railOnly = syntheticNetwork({ nodeCount: 50, seed: 1, modes: ['rail'], capacityTightness: 0 });
    expect(new Set(railOnly.links.map((l) => l.mode))).toEqual(new Set(['rail']));
    expect(railOnly.links.every((l) => l.capacityTeuPerYear === null)).toBe(true);
    expect(railOnly.nodes.every((n) => n.throughputTeuPerYear === null)).toBe(true);
    const tight = syntheticNetwork({ nodeCount: 50, seed: 1, capacityTightness: 1 });
    expect(tight.links.every((l) => l.capacityTeuPerYear !== null)).toBe(true);
    expect(() => syntheticNetwork({ nodeCount: 1, seed: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => syntheticNetwork({ nodeCount: 5, seed: 1, capacityTightness: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('syntheticDemand', () => {
  const net = syntheticNetwork({ nodeCount: 30, seed: 5 });

  it('draws distinct origin–destination pairs with volumes in range, deterministically', () => {
    const rows = syntheticDemand(net, { odPairs: 100, seed: 9, teuPerYear: [1000, 2000] });
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => `${r.origin}|${r.destination}`)).size).toBe(100);
    const ids = new Set(net.nodes.map((n) => n.id));
    for (const r of rows) {
      expect(r.origin).not.toBe(r.destination);
      expect(ids.has(r.origin) && ids.has(r.destination)).toBe(true);
      expect(r.teuPerYear).toBeGreaterThanOrEqual(1000);
      expect(r.teuPerYear).toBeLessThanOrEqual(2000);
    }
    expect(syntheticDemand(net, { odPairs: 100, seed: 9, teuPerYear: [1000, 2000] })).toEqual(rows);
    expect(() => syntheticDemand(net, { odPairs: 30 * 29 + 1, seed: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
