import type { Geometry, Position } from 'geojson';

/**
 * Make a ring's longitudes continuous across the antimeridian: a step of more than 180° is read as
 * crossing ±180 and the rest of the ring is shifted by 360°, so Fiji (17°S) or Chukotka are drawn as
 * one shape east of 180 instead of a line across the whole map. A ring that goes once around the globe
 * (Antarctica: its unwrapped end is 360° from its start) is left as it is.
 */
export function unwrapRing(ring: readonly Position[]): Position[] {
  if (ring.length < 2) return ring.map((p) => [...p]);
  const out: Position[] = [[...ring[0]]];
  let shift = 0;
  for (let i = 1; i < ring.length; i++) {
    const step = ring[i][0] - ring[i - 1][0];
    if (step > 180) shift -= 360;
    else if (step < -180) shift += 360;
    out.push([ring[i][0] + shift, ...ring[i].slice(1)]);
  }
  if (Math.abs(out[out.length - 1][0] - out[0][0]) > 180) return ring.map((p) => [...p]);
  return out;
}

/** Largest longitude step between consecutive positions of any ring of a geometry, degrees. */
export function largestLongitudeStep(g: Geometry): number {
  let max = 0;
  const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  for (const ring of rings) for (let i = 1; i < ring.length; i++) max = Math.max(max, Math.abs(ring[i][0] - ring[i - 1][0]));
  return max;
}

/** The geometry with every polygon ring unwrapped (other geometries unchanged). */
export function unwrapAntimeridian(g: Geometry): Geometry {
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((poly) => poly.map(unwrapRing)) };
  return g;
}
