import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Network } from '../network/index.js';
import type { AssignmentResult, LinkFlow } from './assignment-result.js';

/**
 * An assignment as GeoJSON for a GIS: one LineString per active link with the flow, utilization and
 * shadow price of each direction (`…Forward` = the link's from → to, `…Reverse` = to → from) plus
 * `flowTeuPerYear` (both directions) and `utilization` (the fuller direction) to style by; one Point per
 * node with its throughput, utilization and shadow price. The collection carries status, objective and
 * unserved volume as foreign members.
 * @example writeFileSync('flows.geojson', JSON.stringify(assignmentToGeoJson(result, network)))
 */
export function assignmentToGeoJson(result: AssignmentResult, network: Network): FeatureCollection<LineString | Point> {
  const byLink = new Map<string, { forward?: LinkFlow; reverse?: LinkFlow }>();
  for (const l of result.links) {
    const entry = byLink.get(l.id) ?? {};
    entry[l.direction] = l;
    byLink.set(l.id, entry);
  }
  const features: Feature<LineString | Point>[] = [];
  for (const link of network.links) {
    const flows = byLink.get(link.id);
    if (!flows) continue; // inactive candidate
    const f = flows.forward;
    const r = flows.reverse;
    const utilizations = [f?.utilization, r?.utilization].filter((u): u is number => typeof u === 'number');
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: link.coordinates },
      properties: {
        id: link.id,
        name: link.name,
        mode: link.mode,
        from: link.from,
        to: link.to,
        oneway: link.oneway,
        lengthKm: link.lengthKm,
        flowTeuPerYear: (f?.flowTeuPerYear ?? 0) + (r?.flowTeuPerYear ?? 0),
        utilization: utilizations.length ? Math.max(...utilizations) : null,
        capacityTeuPerYear: (f ?? r)?.capacityTeuPerYear ?? null,
        flowForwardTeuPerYear: f?.flowTeuPerYear ?? null,
        flowReverseTeuPerYear: r?.flowTeuPerYear ?? null,
        utilizationForward: f?.utilization ?? null,
        utilizationReverse: r?.utilization ?? null,
        shadowPriceForwardUsdPerTeu: f?.shadowPriceUsdPerTeu ?? null,
        shadowPriceReverseUsdPerTeu: r?.shadowPriceUsdPerTeu ?? null,
        closed: (f ?? r)?.closed ?? false,
      },
    });
  }
  const terminals = new Map(result.terminals.map((t) => [t.id, t]));
  for (const node of network.nodes) {
    const t = terminals.get(node.id);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [node.lon, node.lat] },
      properties: {
        id: node.id,
        name: node.name,
        kind: node.kind,
        throughputTeuPerYear: t?.throughputTeuPerYear ?? null,
        capacityTeuPerYear: t?.capacityTeuPerYear ?? null,
        utilization: t?.utilization ?? null,
        shadowPriceUsdPerTeu: t?.shadowPriceUsdPerTeu ?? null,
        closed: t?.closed ?? false,
      },
    });
  }
  const fc: FeatureCollection<LineString | Point> & Record<string, unknown> = { type: 'FeatureCollection', features };
  fc.networkId = result.networkId;
  fc.status = result.status;
  fc.objectiveUsd = result.objectiveUsd;
  fc.unservedTeu = result.unservedTeu;
  return fc;
}
