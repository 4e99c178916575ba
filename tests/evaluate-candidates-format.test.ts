import { describe, expect, it } from 'vitest';
import { applyCandidates, withCandidateLinks } from '../src/evaluate/apply-candidates.js';
import { candidatesFromNetwork, parseCandidates, validateCandidates } from '../src/evaluate/candidates.js';
import { ValidationError } from '../src/shared/errors.js';
import { railFaster, railUpgrade, roadCheaper, secondTrackFeature, terminalB, twoRouteNetwork } from './support/evaluate-tiny-network.js';

const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const asFeature = (props: Record<string, unknown>) => ({ type: 'Feature', geometry: null, properties: props });
const problemsOf = (input: unknown, net = twoRouteNetwork()) => validateCandidates(input, net).problems;

describe('candidates file: parse', () => {
  const net = twoRouteNetwork({ throughputB: 2800 });

  it('reads new links and upgrades from a FeatureCollection, in file order', () => {
    const cands = parseCandidates(fc(secondTrackFeature, asFeature(railUpgrade), asFeature(terminalB)), net);
    expect(cands.map((c) => [c.id, c.kind])).toEqual([['rail-2', 'link'], ['rail-cap', 'upgrade'], ['terminal-b', 'upgrade']]);
    const link = cands[0];
    expect(link.kind === 'link' && link.link).toMatchObject({ from: 'A', to: 'B', mode: 'rail', gauge: 1435, capacityTeuPerYear: 1500, status: 'candidate', lengthKm: 1000 });
    expect(cands[2]).toMatchObject({ targetKind: 'node', throughputTeuPerYear: 3500, capacityTeuPerYear: null });
  });

  it('accepts the same as a JSON array, upgrades as bare properties', () => {
    const cands = parseCandidates([secondTrackFeature, railUpgrade, roadCheaper], net);
    expect(cands.map((c) => c.id)).toEqual(['rail-2', 'rail-cap', 'road-cheaper']);
  });

  it('validates new links with the network validator: unknown node, far geometry, bad number', () => {
    const bad = structuredClone(secondTrackFeature);
    bad.properties.to = 'Bx';
    const far = structuredClone(secondTrackFeature);
    far.properties.id = 'rail-3';
    far.geometry.coordinates = [[0, 0], [3, 0]];
    const neg = structuredClone(secondTrackFeature);
    neg.properties.id = 'rail-4';
    (neg.properties as Record<string, unknown>).costUsdPerTeuKm = -1;
    const problems = problemsOf(fc(asFeature(railUpgrade), bad, far, neg), net);
    expect(problems.find((p) => p.featureIndex === 1 && p.property === 'to')).toMatchObject({ id: 'rail-2', path: 'features[1].properties.to' });
    expect(problems.find((p) => p.featureIndex === 2 && p.property === 'geometry')?.message).toMatch(/ends .* km from node "B"/);
    expect(problems.find((p) => p.featureIndex === 3 && p.property === 'costUsdPerTeuKm')).toBeDefined();
    expect(() => parseCandidates(fc(bad), net)).toThrow(ValidationError);
  });

  it('needs status "candidate", capex, lifetime, capacity and a source on a new link', () => {
    const f = structuredClone(secondTrackFeature) as { properties: Record<string, unknown> };
    delete f.properties.status;
    delete f.properties.capexUsd;
    delete f.properties.capacityTeuPerYear;
    delete f.properties.source;
    const props = problemsOf(fc(f), net).map((p) => p.property);
    expect(props).toEqual(expect.arrayContaining(['status', 'capacityTeuPerYear', 'source']));
    f.properties.status = 'candidate';
    expect(problemsOf(fc(f), net).map((p) => p.property)).toEqual(expect.arrayContaining(['capexUsd']));
  });

  it('rejects ids used by the network or twice in the file', () => {
    const clash = structuredClone(railUpgrade);
    clash.id = 'road';
    const problems = problemsOf([railUpgrade, railUpgrade, clash], net);
    expect(problems.map((p) => [p.featureIndex, p.property])).toEqual(expect.arrayContaining([[1, 'id'], [2, 'id']]));
  });

  it('checks that an upgrade targets an existing element and improves it', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...railUpgrade, target: 'rial' }, 'target'],
      [{ ...railUpgrade, capacityTeuPerYear: 900 }, 'capacityTeuPerYear'],
      [{ ...roadCheaper, costUsdPerTeuKm: 0.6 }, 'costUsdPerTeuKm'],
      [{ ...railFaster, hours: 50 }, 'hours'],
      [{ ...railFaster, speedKmh: 10, hours: undefined }, 'speedKmh'],
      [{ ...railFaster, speedKmh: 40 }, 'hours'],
      [{ ...terminalB, capacityTeuPerYear: 5000 }, 'capacityTeuPerYear'],
      [{ ...roadCheaper, costUsdPerTeuKm: undefined, capacityTeuPerYear: 5000 }, 'capacityTeuPerYear'],
      [{ type: 'upgrade', id: 'nothing', target: 'rail', capexUsd: 1, lifetimeYears: 1, source: 's' }, ''],
      [{ ...railUpgrade, capexUsd: 'a lot' }, 'capexUsd'],
      [{ ...railUpgrade, source: undefined }, 'source'],
    ];
    for (const [props, property] of cases) {
      const problems = problemsOf([props], net);
      expect(problems.length, JSON.stringify(props)).toBeGreaterThan(0);
      if (property) expect(problems[0].property, JSON.stringify(props)).toBe(property);
      expect(problems[0].featureIndex).toBe(0);
    }
    expect(problemsOf([{ ...railUpgrade, target: 'rial' }], net)[0].message).toMatch(/closest: .*\brail\b/);
  });

  it('refuses two upgrades of the same element (they could not be built independently)', () => {
    const problems = problemsOf([railUpgrade, { ...railFaster }], net);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ featureIndex: 1, property: 'target' });
  });

  it('warns about unknown properties with the closest name', () => {
    const report = validateCandidates([{ ...railUpgrade, capexUSD: 1 }], net);
    expect(report.problems).toEqual([]);
    expect(report.warnings[0].message).toMatch(/did you mean "capexUsd"/);
  });

  it('rejects a root that is neither a FeatureCollection nor an array', () => {
    expect(problemsOf({ type: 'Feature' }, net)[0].path).toBe('(root)');
  });
});

describe('applyCandidates', () => {
  const net = twoRouteNetwork({ throughputB: 2800 });
  const cands = parseCandidates([secondTrackFeature, railUpgrade, roadCheaper, { ...railFaster, target: 'spur', hours: 1 }, terminalB], net);

  it('builds new links as existing links and replaces the figures of upgraded elements', () => {
    const built = applyCandidates(net, cands);
    const link = (id: string) => built.links.find((l) => l.id === id)!;
    expect(link('rail-2').status).toBe('existing');
    expect(link('rail').capacityTeuPerYear).toBe(2500);
    expect(link('road').costUsdPerTeuKm).toBe(0.4);
    expect(link('spur')).toMatchObject({ hours: 1, speedKmh: null });
    expect(built.nodes.find((n) => n.id === 'B')!.throughputTeuPerYear).toBe(3500);
    // The input network is untouched.
    expect(net.links.find((l) => l.id === 'rail')!.capacityTeuPerYear).toBe(1000);
    expect(net.links.some((l) => l.id === 'rail-2')).toBe(false);
  });

  it('derives the time from an upgraded speed', () => {
    const [u] = parseCandidates([{ ...railFaster, hours: undefined, speedKmh: 50 }], net);
    expect(applyCandidates(net, [u]).links.find((l) => l.id === 'rail')!.hours).toBe(1000 / 50);
  });

  it('adds candidate links switched off, and reads a network’s own candidate links', () => {
    const off = withCandidateLinks(net, cands);
    expect(off.links.find((l) => l.id === 'rail-2')!.status).toBe('candidate');
    const own = candidatesFromNetwork(off);
    expect(own.map((c) => c.id)).toEqual(['rail-2']);
    expect(applyCandidates(off, own).links.filter((l) => l.id === 'rail-2').map((l) => l.status)).toEqual(['existing']);
  });
});
