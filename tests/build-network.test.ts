import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNetwork, validateNetworkGeoJson } from '../src/network/build-network.js';
import { ValidationError } from '../src/shared/errors.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { MODE_DEFAULTS } from '../src/network/mode-defaults.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const readFixture = (p: string) => JSON.parse(readFileSync(join(fixtures, p), 'utf8'));
const tiny = () => readFixture('in/tiny-multimodal.geojson');

describe('golden files: builder in → out', () => {
  // Set UPDATE_GOLDEN=1 to regenerate, then review the diff of tests/fixtures/out like code.
  for (const file of readdirSync(join(fixtures, 'in'))) {
    it(file, () => {
      const out = networkToGeoJson(buildNetwork(readFixture(`in/${file}`), { id: file.replace('.geojson', '') }));
      const goldenPath = join(fixtures, 'out', file);
      if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath, `${JSON.stringify(out, null, 2)}\n`);
      expect(out).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
    });
  }
});

describe('buildNetwork resolves the format exactly', () => {
  const net = buildNetwork(tiny());
  const link = (id: string) => net.links.find((l) => l.id === id)!;

  it('takes mode defaults only where a property is absent', () => {
    expect(link('A-P').costUsdPerTeuKm).toBe(0.2);
    expect(link('A-P').hours).toBe(48);
    expect(link('P-S').costUsdPerTeuKm).toBe(MODE_DEFAULTS.sea.costUsdPerTeuKm.value);
    expect(link('P-S').co2KgPerTeuKm).toBe(MODE_DEFAULTS.sea.co2KgPerTeuKm.value);
    expect(link('P-S').defaulted).toEqual(['costUsdPerTeuKm', 'co2KgPerTeuKm']);
  });

  it('measures an absent lengthKm on the geometry and derives hours from speed', () => {
    // Haversine by hand for (106.55, 29.56) → (103.8, 1.27), R = 6371.0088 km (turf's earth radius).
    const rad = Math.PI / 180;
    const [lon1, lat1, lon2, lat2] = [106.55 * rad, 29.56 * rad, 103.8 * rad, 1.27 * rad];
    const h = Math.sin((lat2 - lat1) / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin((lon2 - lon1) / 2) ** 2;
    const km = 2 * 6371.0088 * Math.asin(Math.sqrt(h));
    expect(link('A-S-road').lengthKm).toBeCloseTo(km, 6);
    expect(link('A-S-road').hours).toBeCloseTo(km / MODE_DEFAULTS.road.speedKmh.value, 9);
    expect(link('A-S-road').oneway).toBe(true);
  });

  it('gives rail links a gauge (1435 when silent) and other modes none', () => {
    expect(link('A-P').gauge).toBe(1435);
    expect(link('B-S').gauge).toBe(1520);
    expect(link('P-S').gauge).toBeNull();
  });

  it('keeps candidate links with their capex and lifetime', () => {
    expect(link('B-S')).toMatchObject({ status: 'candidate', capexUsd: 1e9, lifetimeYears: 30 });
  });

  it('does not mutate its input', () => {
    const input = tiny();
    const copy = structuredClone(input);
    buildNetwork(input);
    expect(input).toEqual(copy);
  });

  it('reports unknown properties as warnings with a suggestion', () => {
    const input = tiny();
    input.features[4].properties.capacityTEUPerYear = 5;
    const report = validateNetworkGeoJson(input);
    expect(report.problems).toEqual([]);
    expect(report.warnings[0]).toMatchObject({ featureIndex: 4, id: 'A-P', property: 'capacityTEUPerYear' });
    expect(report.warnings[0].message).toContain('capacityTeuPerYear');
  });
});

describe('validation errors name the feature, id and property', () => {
  type Mutation = (fc: any) => void;
  const cases: [string, Mutation, { featureIndex?: number; id?: string; property?: string; message: RegExp }][] = [
    ['unknown node in to', (fc) => (fc.features[4].properties.to = 'Q'), { featureIndex: 4, id: 'A-P', property: 'to', message: /"Q" is not a node id/ }],
    ['unknown node in from', (fc) => (fc.features[5].properties.from = 'PP'), { featureIndex: 5, id: 'P-S', property: 'from', message: /"PP" is not a node id/ }],
    ['duplicate node id', (fc) => (fc.features[1].properties.id = 'A'), { featureIndex: 1, id: 'A', property: 'id', message: /duplicate id "A"/ }],
    ['duplicate link id', (fc) => (fc.features[5].properties.id = 'A-P'), { featureIndex: 5, id: 'A-P', property: 'id', message: /duplicate id/ }],
    ['missing mode', (fc) => delete fc.features[4].properties.mode, { featureIndex: 4, id: 'A-P', property: 'mode', message: /mode/ }],
    ['unknown mode', (fc) => (fc.features[4].properties.mode = 'hyperloop'), { featureIndex: 4, id: 'A-P', property: 'mode', message: /one of rail \| road/ }],
    ['negative length', (fc) => (fc.features[4].properties.lengthKm = -5), { featureIndex: 4, id: 'A-P', property: 'lengthKm', message: /≥ 0/ }],
    ['string number', (fc) => (fc.features[4].properties.costUsdPerTeuKm = '0.2'), { featureIndex: 4, id: 'A-P', property: 'costUsdPerTeuKm', message: /finite number/ }],
    ['NaN capacity', (fc) => (fc.features[4].properties.capacityTeuPerYear = NaN), { featureIndex: 4, id: 'A-P', property: 'capacityTeuPerYear', message: /finite number/ }],
    ['infinite throughput', (fc) => (fc.features[1].properties.throughputTeuPerYear = Infinity), { featureIndex: 1, id: 'P', property: 'throughputTeuPerYear', message: /finite number/ }],
    ['zero speed', (fc) => (fc.features[5].properties.speedKmh = 0), { featureIndex: 5, id: 'P-S', property: 'speedKmh', message: /> 0/ }],
    ['geometry far from node', (fc) => (fc.features[4].geometry.coordinates[1] = [110, 21.68]), { featureIndex: 4, id: 'A-P', property: 'geometry', message: /ends 1\d\d\.\d km from node "P"/ }],
    ['bad gauge', (fc) => (fc.features[4].properties.gauge = 1067), { featureIndex: 4, id: 'A-P', property: 'gauge', message: /1435 \| 1520 \| 1000/ }],
    ['gauge on a sea link', (fc) => (fc.features[5].properties.gauge = 1435), { featureIndex: 5, id: 'P-S', property: 'gauge', message: /only for rail/ }],
    ['candidate without capex', (fc) => delete fc.features[8].properties.capexUsd, { featureIndex: 8, id: 'B-S', property: 'capexUsd', message: /needs capexUsd/ }],
    ['missing node id', (fc) => delete fc.features[2].properties.id, { featureIndex: 2, property: 'id', message: /id/ }],
    ['bad node coordinates', (fc) => (fc.features[2].geometry.coordinates = [200, 1]), { featureIndex: 2, id: 'S', property: 'geometry', message: /lon in \[-180, 180\]/ }],
    ['polygon geometry', (fc) => (fc.features[2].geometry = { type: 'Polygon', coordinates: [] }), { featureIndex: 2, id: 'S', property: 'geometry', message: /Point \(node\) or a LineString/ }],
  ];
  for (const [name, mutate, expected] of cases) {
    it(name, () => {
      const fc = tiny();
      mutate(fc);
      const report = validateNetworkGeoJson(fc);
      expect(report.network).toBeNull();
      const match = report.problems.find((p) => p.featureIndex === expected.featureIndex && p.property === expected.property);
      expect(match, JSON.stringify(report.problems)).toBeDefined();
      if (expected.id) expect(match!.id).toBe(expected.id);
      expect(match!.message).toMatch(expected.message);
      expect(() => buildNetwork(fc)).toThrow(ValidationError);
    });
  }

  it('reports every problem at once', () => {
    const fc = tiny();
    fc.features[4].properties.to = 'Q';
    fc.features[5].properties.mode = 'teleport';
    fc.features[1].properties.transferHours = -1;
    const report = validateNetworkGeoJson(fc);
    expect(report.problems.map((p) => p.featureIndex).sort()).toEqual([1, 4, 5]);
  });

  it('rejects a non-FeatureCollection', () => {
    expect(validateNetworkGeoJson({ type: 'Feature' }).problems[0].message).toMatch(/FeatureCollection/);
    expect(validateNetworkGeoJson(null).problems).toHaveLength(1);
  });
});
