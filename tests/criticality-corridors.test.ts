import { describe, expect, it } from 'vitest';
import { loadDemand } from '../src/demand.js';
import { criticality, disrupt } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/load-network.js';

describe('criticality on the NELB', () => {
  it('ranks the two Xinjiang border crossings above Suez, and agrees with single disruptions', async () => {
    const nelb = loadNetwork('eurasian-land-bridge');
    const demand = loadDemand('default', nelb);
    const report = await criticality(nelb, demand, { elements: ['suez', 'khorgos', 'alashankou'], workers: 0 });
    expect(report.entries.map((e) => e.id).slice(0, 2).sort()).toEqual(['alashankou', 'khorgos']);
    expect(report.entries[2].id).toBe('suez');
    for (const e of report.entries) {
      const single = await disrupt(nelb, demand, { close: [e.id] });
      expect(e.addedCostUsd!, e.id).toBeCloseTo(single.addedCostUsd!, -1);
      expect(e.addedCostUsd!, e.id).toBeGreaterThan(0);
    }
  });
});
