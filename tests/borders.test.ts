import { describe, expect, it } from 'vitest';
import { countryAt, crossedBorders } from '../src/borders/index.js';
import { ValidationError } from '../src/shared/errors.js';
import { unservedPenaltyWarnings } from '../src/evaluate/evaluate-candidates.js';
import { evaluateCandidates, parseCandidates, validateCandidates } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';

const nelb = loadNetwork('eurasian-land-bridge');
const coordsOf = (id: string) => {
  const n = nelb.nodes.find((x) => x.id === id)!;
  return [n.lon, n.lat] as [number, number];
};
const candidate = (id: string, from: string, to: string, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: [coordsOf(from), coordsOf(to)] },
  properties: { id, from, to, mode: 'rail', gauge: 1435, status: 'candidate', capacityTeuPerYear: 500000, capexUsd: 1e8, lifetimeYears: 40, source: 'test', ...extra },
});

describe('country outlines (world-atlas 1:50m, the map page\'s file)', () => {
  it('places well-known points in their countries and the sea in none', () => {
    expect(countryAt(116.4, 39.9)).toBe('China'); // Beijing
    expect(countryAt(76.89, 43.24)).toBe('Kazakhstan'); // Almaty
    expect(countryAt(21.01, 52.23)).toBe('Poland'); // Warsaw
    expect(countryAt(65, 15)).toBeNull(); // Arabian Sea
  });

  it('finds the crossings of a line, and none on a domestic line', () => {
    expect(crossedBorders([coordsOf('jinghe'), coordsOf('dostyk')]).map((c) => [c.fromCountry, c.toCountry])).toEqual([['China', 'Kazakhstan']]);
    expect(crossedBorders([coordsOf('xian'), coordsOf('lanzhou')])).toEqual([]);
    expect(crossedBorders([coordsOf('brest'), coordsOf('warsaw')]).map((c) => c.toCountry)).toEqual(['Poland']);
  });
});

describe('a new link across a border must end at a crossing node', () => {
  it('refuses Jinghe → Dostyk (it would skip Alashankou\'s USD 215 and 30.5 h) and names the crossings to use', () => {
    const report = validateCandidates([candidate('jinghe-dostyk-rail', 'jinghe', 'dostyk')], nelb);
    expect(report.candidates).toBeNull();
    expect(report.problems).toHaveLength(1);
    const p = report.problems[0];
    expect(p).toMatchObject({ featureIndex: 0, id: 'jinghe-dostyk-rail', property: 'geometry', path: 'candidates[0].geometry' });
    expect(p.message).toMatch(/crosses the China–Kazakhstan border/);
    expect(p.message).toMatch(/alashankou \(USD 215, 30\.5 h\)/);
    expect(p.message).toMatch(/khorgos/);
    expect(() => parseCandidates([candidate('jinghe-dostyk-rail', 'jinghe', 'dostyk')], nelb)).toThrow(ValidationError);
  });

  it('accepts a crossing link that ends at the crossing node, which then charges the flow passing it', () => {
    const report = validateCandidates([candidate('alashankou-dostyk-2', 'alashankou', 'dostyk')], nelb);
    expect(report.problems).toEqual([]);
    expect(report.candidates).toHaveLength(1);
  });

  it('refuses a rail link that would change gauge for free (1520 mm from Alashankou skips the Dostyk reloading)', () => {
    const report = validateCandidates([candidate('alashankou-aktogay-rail', 'alashankou', 'aktogay', { gauge: 1520 })], nelb);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ featureIndex: 0, property: 'gauge', path: 'candidates[0].properties.gauge' });
    expect(report.problems[0].message).toMatch(/meets 1435 mm rail at "alashankou", which has no gauge-change charge/);
  });

  it('accepts domestic links and links inside the EU or the EAEU without a crossing node', () => {
    const report = validateCandidates([candidate('xian-urumqi-rail', 'xian', 'urumqi'), candidate('warsaw-rotterdam-rail', 'warsaw', 'rotterdam'), candidate('astana-moscow-2', 'astana', 'moscow', { gauge: 1520 })], nelb);
    expect(report.problems).toEqual([]);
  });
});

describe('warning when the benefit is mostly the unserved penalty', () => {
  it('says how much, and stays quiet when the benefit is a cheaper route', () => {
    const w = unservedPenaltyWarnings(100e6, { moneyUsd: 10e6, timeUsd: 5e6, carbonUsd: 0, unservedPenaltyUsd: 85e6 }, 1700);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^85% of the benefit \(USD 85,000,000\/yr of USD 100,000,000\/yr\)/);
    expect(w[0]).toMatch(/1,700 TEU\/yr/);
    expect(unservedPenaltyWarnings(100e6, { moneyUsd: 60e6, timeUsd: 0, carbonUsd: 0, unservedPenaltyUsd: 40e6 }, 800)).toEqual([]);
    expect(unservedPenaltyWarnings(-5, { moneyUsd: -5, timeUsd: 0, carbonUsd: 0, unservedPenaltyUsd: 0 }, 0)).toEqual([]);
  });

  it('a candidate that serves stranded demand gets the warning in its evaluation', async () => {
    // Jakarta without its only link (singapore-jakarta-sea) is unreachable, so its demand is unserved; a new sea
    // link serves it: the penalty part of the benefit is served TEU × the USD 50,000/TEU penalty, by hand.
    const ilstc = loadNetwork('land-sea-corridor');
    const old = ilstc.links.find((l) => l.id === 'singapore-jakarta-sea')!;
    const net = { ...ilstc, links: ilstc.links.filter((l) => l.id !== old.id) };
    const demand = [{ origin: 'singapore', destination: 'jakarta', teuPerYear: 1000, commodity: null, valueOfTimeUsdPerTeuHour: 1, source: 'test', row: 2 }];
    const c = parseCandidates([{ type: 'Feature', geometry: { type: 'LineString', coordinates: old.coordinates }, properties: { id: 'singapore-jakarta-2', from: 'singapore', to: 'jakarta', mode: 'sea', status: 'candidate', lengthKm: old.lengthKm, capacityTeuPerYear: 1e6, capexUsd: 1e8, lifetimeYears: 40, source: 'test' } }], net);
    const report = await evaluateCandidates(net, demand, c, { workers: 0, paths: false });
    const e = report.candidates[0];
    expect(e.newlyServedTeu).toBeCloseTo(1000, 6);
    expect(e.benefitBreakdown!.unservedPenaltyUsd).toBeCloseTo(1000 * 50_000, 0);
    expect(e.warnings).toHaveLength(1);
    expect(e.warnings[0]).toMatch(/of the benefit .* unserved-demand penalty saved by serving 1,000 TEU\/yr/);
  });
});
