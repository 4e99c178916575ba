import { countryAt } from './country-outlines.js';

/** A point where a line passes from one country's outline into another's. */
export interface BorderCrossingPoint {
  fromCountry: string;
  toCountry: string;
  /** [lon, lat] of the first sample inside `toCountry`. */
  at: [number, number];
}

const KM_PER_DEG = 111.32;

/**
 * The national borders a LineString crosses, by the world-atlas 1:50m outlines: the line is sampled every
 * `stepKm` (default 5 km, endpoints included) and each sample is placed in the country whose outline contains it;
 * samples at sea (no country) are skipped, so a sea leg between two countries is not a land border crossing.
 * At 1:50m a border is drawn to a few km, so a line that ends right at a border may show a short crossing.
 * @example crossedBorders([[82.89, 44.61], [82.48, 45.25]]) // [{ fromCountry: 'China', toCountry: 'Kazakhstan', at: [...] }]
 */
export function crossedBorders(coordinates: readonly (readonly [number, number])[], stepKm = 5): BorderCrossingPoint[] {
  const out: BorderCrossingPoint[] = [];
  let current: string | null = null;
  const visit = (lon: number, lat: number) => {
    const c = countryAt(lon, lat);
    if (c === null) return;
    if (current !== null && c !== current) out.push({ fromCountry: current, toCountry: c, at: [lon, lat] });
    current = c;
  };
  for (let i = 0; i < coordinates.length; i++) {
    const [lon1, lat1] = coordinates[i];
    if (i === 0) visit(lon1, lat1);
    if (i + 1 >= coordinates.length) break;
    const [lon2, lat2] = coordinates[i + 1];
    const dx = (lon2 - lon1) * KM_PER_DEG * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
    const dy = (lat2 - lat1) * KM_PER_DEG;
    const steps = Math.max(1, Math.ceil(Math.hypot(dx, dy) / stepKm));
    for (let s = 1; s <= steps; s++) visit(lon1 + ((lon2 - lon1) * s) / steps, lat1 + ((lat2 - lat1) * s) / steps);
  }
  return out;
}
