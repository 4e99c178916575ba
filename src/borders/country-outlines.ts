import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** One country outline with its bounding box (for a quick reject before the polygon test). */
interface Outline {
  name: string;
  polygon: Feature<Polygon | MultiPolygon>;
  bbox: [number, number, number, number];
}

let cache: Outline[] | null = null;

/**
 * The world-atlas 1:50m country outlines, the same file the map page ships (web/build-web.ts COUNTRIES_FILE),
 * read once from node_modules.
 */
export function countryOutlines(): Outline[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries) as unknown as { features: Feature<Polygon | MultiPolygon, { name: string }>[] };
  cache = fc.features
    .filter((f) => f.geometry)
    .map((f) => {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      for (const ring of rings) for (const [x, y] of ring) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      return { name: f.properties?.name ?? 'unknown', polygon: f, bbox: [x0, y0, x1, y1] as [number, number, number, number] };
    });
  return cache;
}

/** Name of the country whose outline contains [lon, lat], or null (sea, or outside every outline). */
export function countryAt(lon: number, lat: number): string | null {
  for (const o of countryOutlines()) {
    const [x0, y0, x1, y1] = o.bbox;
    if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
    if (booleanPointInPolygon([lon, lat], o.polygon)) return o.name;
  }
  return null;
}
