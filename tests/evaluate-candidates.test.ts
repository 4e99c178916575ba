import { describe, expect, it } from 'vitest';
import { parseCandidates } from '../src/evaluate/candidates.js';
import { annualizedCapexUsd, netPresentValueUsd } from '../src/evaluate/economics.js';
import { evaluateCandidates } from '../src/evaluate/evaluate-candidates.js';
import { railFaster, railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork, demandAB } from './support/evaluate-tiny-network.js';

const net = twoRouteNetwork();
// One upgrade per element in a file, so the faster-rail alternative comes from a file of its own.
const cands = [...parseCandidates([secondTrackFeature, railUpgrade, roadCheaper], net), ...parseCandidates([railFaster], net)];
const moneyOnly = { vot: 0, carbonPrice: 0, workers: 0 } as const;

describe('evaluateCandidates on two parallel routes (hand-solved)', () => {
  it('values a candidate that relieves the binding rail capacity at (cost difference) × TEU moved', async () => {
    const report = await evaluateCandidates(net, demandAB(), cands, moneyOnly);
    // Base: 1,000 TEU by rail at 200 USD + 2,000 by road at 500 USD = 1,200,000 USD/yr.
    expect(report.base.objectiveUsd).toBeCloseTo(1_200_000, 3);
    const byId = new Map(report.candidates.map((c) => [c.id, c]));

    // Second track (+1,500 TEU/yr of rail): 1,500 TEU move from road (500) to rail (200):
    // benefit = (500 − 200) × 1,500 = 450,000 USD/yr, all of it money.
    const track = byId.get('rail-2')!;
    expect(track.annualBenefitUsd).toBeCloseTo(450_000, 3);
    expect(track.benefitBreakdown!.moneyUsd).toBeCloseTo(450_000, 3);
    expect(track.benefitBreakdown!.timeUsd).toBeCloseTo(0, 6);
    expect(track.attractedTeu).toBeCloseTo(1500, 6);
    expect(track.shiftedFrom.map((l) => [l.id, l.direction, Math.round(l.deltaTeuPerYear)])).toEqual([['road', 'forward', -1500]]);
    expect(track.modeShift.find((m) => m.mode === 'road')!.deltaTeuPerYear).toBeCloseTo(-1500, 6);
    expect(track.modeShift.find((m) => m.mode === 'rail')!.deltaTeuKm).toBeCloseTo(1500 * 1000, 3);
    // Capex 3 M over 30 years at 6 %: CRF 0.0726489115 → 217,946.73 USD/yr.
    expect(track.annualizedCapexUsd).toBeCloseTo(217_946.7345, 3);
    expect(track.bcr).toBeCloseTo(450_000 / 217_946.7345, 6);
    expect(track.npvUsd).toBeCloseTo(netPresentValueUsd(450_000, 3e6, 0.06, 30), 2);
    expect(track.netAnnualBenefitUsd).toBeCloseTo(450_000 - 217_946.7345, 3);
    expect(track.reroutedTeu).toBeCloseTo(1500, 6);

    // Rail capacity 1,000 → 2,500: the same 1,500 TEU move, the same benefit; attracted = added rail flow.
    const cap = byId.get('rail-cap')!;
    expect(cap.annualBenefitUsd).toBeCloseTo(450_000, 3);
    expect(cap.attractedTeu).toBeCloseTo(1500, 6);
    expect(cap.target).toBe('rail');

    // Road 0.5 → 0.4 USD/TEU-km: the 2,000 road TEU pay 100 USD less; nothing moves.
    const road = byId.get('road-cheaper')!;
    expect(road.annualBenefitUsd).toBeCloseTo(200_000, 3);
    expect(road.attractedTeu).toBeCloseTo(0, 6);
    expect(road.annualizedCapexUsd).toBeCloseTo(annualizedCapexUsd(1e6, 0.06, 20), 6);

    // Faster rail is worth nothing when time has no value.
    expect(byId.get('rail-faster')!.annualBenefitUsd).toBeCloseTo(0, 3);
  });

  it('splits the benefit into its parts: a faster rail saves time only', async () => {
    // VOT 1 USD/TEU-h: rail 40 h → 25 h saves 15 USD on each of the 1,000 rail TEU (rail stays full,
    // road stays dearer: 500 + 20 = 520 > 200 + 25), so 15,000 USD/yr, all of it time.
    const report = await evaluateCandidates(net, demandAB(), cands.filter((c) => c.id === 'rail-faster'), { vot: 1, carbonPrice: 0, workers: 0 });
    const [c] = report.candidates;
    expect(report.base.objectiveUsd).toBeCloseTo(1000 * 240 + 2000 * 520, 3);
    expect(c.annualBenefitUsd).toBeCloseTo(15_000, 3);
    expect(c.benefitBreakdown).toMatchObject({ moneyUsd: expect.closeTo(0, 6), timeUsd: expect.closeTo(15_000, 3), carbonUsd: 0, unservedPenaltyUsd: 0 });
  });

  it('uses the discount rate given', async () => {
    const report = await evaluateCandidates(net, demandAB(), cands.slice(0, 1), { ...moneyOnly, discountRate: 0 });
    // r = 0: 3 M over 30 years = 100,000 USD/yr; NPV = 30 × 450,000 − 3 M.
    expect(report.candidates[0].annualizedCapexUsd).toBeCloseTo(100_000, 6);
    expect(report.candidates[0].npvUsd).toBeCloseTo(30 * 450_000 - 3e6, 2);
  });

  it('gives the same numbers on worker threads as in this thread', async () => {
    const inline = await evaluateCandidates(net, demandAB(), cands, moneyOnly);
    const threaded = await evaluateCandidates(net, demandAB(), cands, { ...moneyOnly, workers: 2 });
    expect(threaded.workers).toBe(2);
    const strip = (r: typeof inline) => r.candidates.map(({ solveSeconds: _s, ...c }) => c);
    expect(strip(threaded)).toEqual(strip(inline));
  });
});
