/**
 * Link capacities on the built-in corridors (issue 18): every link either has a capacity with its source
 * (and the arithmetic written in the source is right), or says in `notes` why it has none. Plain JSON
 * reading, no project code, like tests/networks-data.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NETWORKS = join(import.meta.dirname, '..', 'networks');
interface Feature {
  geometry: { type: string };
  properties: Record<string, unknown> & { id: string };
}
const files = ['land-sea-corridor', 'eurasian-land-bridge'];
const links = new Map<string, Feature['properties']>();
for (const f of files) {
  const fc = JSON.parse(readFileSync(join(NETWORKS, `${f}.geojson`), 'utf8')) as { features: Feature[] };
  for (const x of fc.features) if (x.geometry.type === 'LineString') links.set(x.properties.id, x.properties);
}
const nodes = new Map<string, Feature['properties']>();
for (const f of files) {
  const fc = JSON.parse(readFileSync(join(NETWORKS, `${f}.geojson`), 'utf8')) as { features: Feature[] };
  for (const x of fc.features) if (x.geometry.type === 'Point') nodes.set(x.properties.id, x.properties);
}
const num = (s: string) => Number(s.replace(/,/g, ''));

describe('link capacities', () => {
  it('every link has capacityTeuPerYear or a note saying why not', () => {
    const neither = [...links.values()].filter((p) => p.capacityTeuPerYear === undefined && !String(p.notes ?? '').includes('No link capacity'));
    expect(neither.map((p) => p.id)).toEqual([]);
  });

  it('every rail line longer than a border link has a capacity', () => {
    const missing = [...links.values()].filter((p) => p.mode === 'rail' && Number(p.lengthKm) > 20 && p.capacityTeuPerYear === undefined);
    expect(missing.map((p) => p.id)).toEqual([]);
  });

  it('each capacity is stated in its source, and the trains/day × TEU/train × 365 arithmetic there is right', () => {
    let checked = 0;
    for (const p of links.values()) {
      if (p.capacityTeuPerYear === undefined) continue;
      const src = String(p.source);
      const cap = p.capacityTeuPerYear as number;
      expect(src, p.id).toMatch(/capacity/);
      expect(src.includes(cap.toLocaleString('en-US')), `${p.id}: ${cap} not written in its source`).toBe(true);
      const m = /(\d+) (?:container-train paths|trains|standard-gauge arrivals|broad-gauge departures)[^×]*× (\d+) TEU\/train × 365 = ([\d,]+)/.exec(src);
      if (m) {
        expect(num(m[1]) * num(m[2]) * 365, p.id).toBe(num(m[3]));
        expect(num(m[3]), p.id).toBe(cap);
        checked++;
      }
      if (!/\[OFF\]/.test(src.split('capacity').slice(1).join('capacity'))) expect(p.estimated, `${p.id} capacity is an estimate`).toContain('capacityTeuPerYear');
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('the Three Gorges locks hold bulk too: 160 Mt/yr ÷ 10 t per TEU-equivalent', () => {
    expect(nodes.get('three-gorges-locks')!.throughputTeuPerYear).toBe((160e6 / 10));
  });
});
