import { describe, expect, it } from 'vitest';
import { disrupt, resolveDisruption } from '../src/evaluate/disrupt.js';
import { NotFoundError, InvalidArgumentError } from '../src/shared/errors.js';
import { twoRouteNetwork, demandAB } from './support/evaluate-tiny-network.js';

const net = twoRouteNetwork();
const moneyOnly = { vot: 0, carbonPrice: 0 } as const;

describe('disrupt on two parallel routes (hand-solved)', () => {
  it('closing the cheap rail moves its 1,000 TEU to road at 300 USD more each', async () => {
    const r = await disrupt(net, demandAB(), { close: ['rail'] }, moneyOnly);
    expect(r.closedLinkIds).toEqual(['rail']);
    // 1,000 TEU × (500 − 200) USD = 300,000 USD/yr, all money.
    expect(r.addedCostUsd).toBeCloseTo(300_000, 3);
    expect(r.addedCostBreakdown!.moneyUsd).toBeCloseTo(300_000, 3);
    expect(r.unservedTeu).toBeCloseTo(0, 6);
    // Rerouted: the row's rail path lost 1,000 TEU, none became unserved. Link shift: ½(1,000 + 1,000).
    expect(r.reroutedTeu).toBeCloseTo(1000, 6);
    expect(r.linkFlowShiftTeu).toBeCloseTo(1000, 6);
    expect(r.links.map((l) => [l.id, l.direction, Math.round(l.deltaTeuPerYear)])).toEqual(expect.arrayContaining([['rail', 'forward', -1000], ['road', 'forward', 1000]]));
    expect(r.od[0]).toMatchObject({ origin: 'A', destination: 'B', baseRoute: ['A', 'B'], disruptedRoute: ['A', 'B'] });
    // Mean cost per TEU: (1,000 × 200 + 2,000 × 500) / 3,000 = 400 → 500.
    expect(r.od[0].baseCostUsdPerTeu).toBeCloseTo(400, 6);
    expect(r.od[0].disruptedCostUsdPerTeu).toBeCloseTo(500, 6);
  });

  it('derating the rail to half moves 500 TEU', async () => {
    const r = await disrupt(net, demandAB(), { derate: { rail: 0.5 } }, moneyOnly);
    expect(r.capacityMultipliers).toEqual({ rail: 0.5 });
    expect(r.addedCostUsd).toBeCloseTo(500 * 300, 3);
    expect(r.reroutedTeu).toBeCloseTo(500, 6);
  });

  it('closing the destination leaves all demand unserved at the penalty', async () => {
    const r = await disrupt(net, demandAB(), { close: ['B'] }, { ...moneyOnly, unservedPenaltyUsdPerTeu: 10_000 });
    expect(r.unservedTeu).toBeCloseTo(3000, 6);
    expect(r.addedUnservedTeu).toBeCloseTo(3000, 6);
    // 3,000 × 10,000 − 1,200,000.
    expect(r.addedCostUsd).toBeCloseTo(30_000_000 - 1_200_000, 2);
    expect(r.addedCostBreakdown!.unservedPenaltyUsd).toBeCloseTo(30_000_000, 2);
    expect(r.reroutedTeu).toBeCloseTo(0, 6);
  });

  it('resolves named disruptions and ids, and rejects unknown ones', () => {
    expect(resolveDisruption(net, { close: ['road', 'A'], derate: { rail: 0.5 } })).toEqual({ closedNodeIds: ['A'], closedLinkIds: ['road'], capacityMultipliers: { rail: 0.5 } });
    expect(() => resolveDisruption(net, { close: ['rial'] })).toThrow(NotFoundError);
    expect(() => resolveDisruption(net, { derate: { rial: 0.5 } })).toThrow(NotFoundError);
    expect(() => resolveDisruption(net, { derate: { rail: -1 } })).toThrow(InvalidArgumentError);
  });

  it('refuses a named disruption that has nothing to close or derate in this network', async () => {
    await expect(disrupt(net, demandAB(), { close: ['suez'] }, moneyOnly)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => resolveDisruption(net, { derate: { suez: 0.5 } })).toThrow(InvalidArgumentError);
  });
});
