import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import { describe, expect, it } from 'vitest';
import { largestLongitudeStep, unwrapAntimeridian, unwrapRing } from '../web/unwrap-antimeridian.js';

// Issue 19: a stray horizontal line crossed the map at ~17°S — Fiji's outline crossing ±180°.
const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const countries = (feature(topology, topology.objects.countries) as unknown as { features: { properties: { name: string }; geometry: any }[] }).features;

describe('country outlines across the antimeridian', () => {
  it('unwrapRing shifts the far side by 360° and leaves a globe-spanning ring alone', () => {
    expect(unwrapRing([[179, -16], [-179, -16], [-179, -17], [179, -17], [179, -16]])).toEqual([[179, -16], [181, -16], [181, -17], [179, -17], [179, -16]]);
    const band = [[-180, -80], [0, -85], [180, -80], [180, -90], [-180, -90], [-180, -80]];
    expect(unwrapRing(band)).toEqual(band);
  });

  it('Fiji, drawn as served (countries-50m), has a jump across the map; unwrapped, none over 180° is left but Antarctica', () => {
    const fiji = countries.find((c) => c.properties.name === 'Fiji')!;
    expect(largestLongitudeStep(fiji.geometry)).toBeGreaterThan(300); // the stray line
    expect(largestLongitudeStep(unwrapAntimeridian(fiji.geometry))).toBeLessThan(5);
    const stillJumping = countries.filter((c) => c.geometry && largestLongitudeStep(unwrapAntimeridian(c.geometry)) > 180).map((c) => c.properties.name);
    expect(stillJumping.filter((n) => n !== 'Antarctica')).toEqual([]);
  });
});
