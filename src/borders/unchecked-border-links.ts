import type { Problem } from '../shared/index.js';
import type { Network, NetworkLink } from '../network/index.js';
import { crossedBorders } from './crossed-borders.js';

/**
 * Customs unions whose internal borders have no formalities to charge (names as in the world-atlas outlines):
 * the EU and the Eurasian Economic Union. A link crossing only such borders needs no crossing node.
 */
const UNIONS: readonly (readonly string[])[] = [
  ['Austria', 'Belgium', 'Bulgaria', 'Croatia', 'Czechia', 'Denmark', 'Estonia', 'Finland', 'France', 'Germany', 'Greece', 'Hungary', 'Italy', 'Latvia', 'Lithuania', 'Luxembourg', 'Netherlands', 'Poland', 'Portugal', 'Romania', 'Slovakia', 'Slovenia', 'Spain', 'Sweden'],
  ['Russia', 'Belarus', 'Kazakhstan', 'Kyrgyzstan', 'Armenia'],
];
const ISO2 = /^[A-Z]{2}$/;
const sameUnion = (a: string, b: string) => UNIONS.some((u) => u.includes(a) && u.includes(b));

const charged = (n: Network['nodes'][number] | undefined) => !!n && n.kind === 'border_crossing' && (n.borderCrossingUsdPerTeu > 0 || n.borderCrossingHours > 0);

/**
 * Problems for new land links (rail, road, inland waterway) whose geometry crosses a national border (world-atlas
 * 1:50m outlines, @turf point-in-polygon) without ending at a border-crossing node that carries the crossing's
 * charges. Such a link would skip the border charge, the clearance dwell and, at a break of gauge, the gauge
 * change; the problem asks for a crossing node. Borders inside the EU or the EAEU need none.
 * Only links whose end nodes name ISO 3166-1 alpha-2 countries are checked. `where` maps a link to its feature index and path prefix for the message.
 */
export function uncheckedBorderLinks(network: Network, links: readonly NetworkLink[], where: (link: NetworkLink) => { featureIndex: number; path: string }): Problem[] {
  const nodes = new Map(network.nodes.map((n) => [n.id, n]));
  const problems: Problem[] = [];
  for (const link of links) {
    if (link.mode === 'sea' || link.mode === 'air') continue;
    const from = nodes.get(link.from);
    const to = nodes.get(link.to);
    // Only networks on the real map are checked: ends that name ISO 3166-1 alpha-2 countries, as the format
    // asks (synthetic test networks use made-up regions and coordinates).
    if (!ISO2.test(from?.country ?? '') || !ISO2.test(to?.country ?? '')) continue;
    const crossings = crossedBorders(link.coordinates).filter((c) => !sameUnion(c.fromCountry, c.toCountry));
    if (!crossings.length) continue;
    if (charged(from) || charged(to)) continue;
    const countries = new Set([from?.country, to?.country].filter((c): c is string => !!c));
    const options = network.nodes
      .filter((n) => charged(n) && n.country !== null && countries.has(n.country))
      .map((n) => `${n.id} (USD ${n.borderCrossingUsdPerTeu}, ${n.borderCrossingHours} h${n.gaugeChangeHours > 0 ? `, gauge change ${n.gaugeChangeHours} h` : ''})`);
    const c = crossings[0];
    const { featureIndex, path } = where(link);
    problems.push({
      path,
      featureIndex,
      id: link.id,
      property: 'geometry',
      message:
        `new link "${link.id}" crosses the ${c.fromCountry}–${c.toCountry} border near (${c.at[0].toFixed(2)}, ${c.at[1].toFixed(2)}) but neither end ("${link.from}", "${link.to}") is a border-crossing node with its charges, ` +
        `so it would skip the border charge, the clearance dwell and any gauge change; end it at a crossing node${options.length ? ` (in this network: ${options.join('; ')})` : ' (add one with borderCrossingUsdPerTeu/borderCrossingHours)'} or split it there`,
    });
  }
  return problems;
}

/**
 * Problems for new rail links that meet existing rail of another gauge at a node with no gauge-change charge
 * (`gaugeChangeUsdPerTeu` / `gaugeChangeHours` both 0): flow would change gauge there for free, e.g. a 1520 mm
 * line from Alashankou skips the reloading that Dostyk charges. Checked on real-map networks only (ISO alpha-2
 * countries at both ends), like {@link uncheckedBorderLinks}.
 */
export function uncheckedGaugeChanges(network: Network, links: readonly NetworkLink[], where: (link: NetworkLink) => { featureIndex: number; path: string }): Problem[] {
  const nodes = new Map(network.nodes.map((n) => [n.id, n]));
  const fresh = new Set(links.map((l) => l.id));
  const gaugesAt = new Map<string, Set<number>>();
  for (const l of network.links) {
    if (l.mode !== 'rail' || fresh.has(l.id) || l.status === 'candidate' || l.gauge === null) continue;
    for (const end of [l.from, l.to]) gaugesAt.set(end, (gaugesAt.get(end) ?? new Set<number>()).add(l.gauge));
  }
  const problems: Problem[] = [];
  for (const link of links) {
    if (link.mode !== 'rail' || link.gauge === null) continue;
    if (!ISO2.test(nodes.get(link.from)?.country ?? '') || !ISO2.test(nodes.get(link.to)?.country ?? '')) continue;
    for (const end of [link.from, link.to]) {
      const n = nodes.get(end)!;
      const other = [...(gaugesAt.get(end) ?? [])].filter((g) => g !== link.gauge);
      if (!other.length || n.gaugeChangeUsdPerTeu > 0 || n.gaugeChangeHours > 0) continue;
      const changers = network.nodes.filter((x) => x.gaugeChangeHours > 0 && x.country === n.country).map((x) => `${x.id} (${x.gaugeChangeHours} h)`);
      const { featureIndex, path } = where(link);
      problems.push({
        path: path.replace(/geometry$/, 'properties.gauge'),
        featureIndex,
        id: link.id,
        property: 'gauge',
        message: `new link "${link.id}" (${link.gauge} mm) meets ${other.join('/')} mm rail at "${end}", which has no gauge-change charge, so flow would change gauge there for free; give it the gauge of the lines at "${end}" or end it at a gauge-change node${changers.length ? ` (in ${n.country}: ${changers.join('; ')})` : ''}`,
      });
    }
  }
  return problems;
}

