import { describe, expect, it } from 'vitest';
import { loadDemand } from '../src/network/demand.js';
import { criticality, disrupt } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';
import { route } from '../src/routing/route.js';

// Issue 18 changed the data on purpose: the default NELB demand now holds 7 M TEU/yr of China–Europe ocean
// trade, so closing Suez costs more than closing a Xinjiang crossing (before, the demand was rail only and
// the two crossings ranked first).
describe('criticality on the NELB', () => {
  it('ranks Suez above the two Xinjiang border crossings, agrees with single disruptions, and prices Suez as the router does', async () => {
    const nelb = loadNetwork('eurasian-land-bridge');
    const demand = loadDemand('default', nelb);
    const report = await criticality(nelb, demand, { elements: ['suez', 'khorgos', 'alashankou'], workers: 0 });
    expect(report.entries[0].id).toBe('suez');
    expect(report.entries.map((e) => e.id).slice(1).sort()).toEqual(['alashankou', 'khorgos']);
    for (const e of report.entries) {
      const single = await disrupt(nelb, demand, { close: [e.id] });
      expect(e.addedCostUsd!, e.id).toBeCloseTo(single.addedCostUsd!, -1);
      expect(e.addedCostUsd!, e.id).toBeGreaterThan(0);
    }
    // Second algorithm for Suez: the ocean rows run on uncapacitated sea legs, so closing Suez costs each of
    // them the router's (Dijkstra) detour round the Cape at its own value of time; rail rows do not use Suez.
    const ocean = demand.filter((d) => d.commodity === 'general (China–Europe ocean trade)');
    const detour = ocean.reduce((s, d) => {
      const open = route(nelb, d.origin, d.destination, { vot: d.valueOfTimeUsdPerTeuHour! });
      const closed = route(nelb, d.origin, d.destination, { vot: d.valueOfTimeUsdPerTeuHour!, avoid: ['suez'] });
      if (!open.found || !closed.found) throw new Error(`${d.origin} → ${d.destination}`);
      return s + d.teuPerYear * (closed.generalizedCostUsd - open.generalizedCostUsd);
    }, 0);
    const suez = report.entries.find((e) => e.id === 'suez')!;
    expect(Math.abs(suez.addedCostUsd! - detour)).toBeLessThanOrEqual(0.01 * detour);
  });
});
