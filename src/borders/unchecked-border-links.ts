import type { Problem } from '../errors.js';
import type { Network, NetworkLink } from '../network.js';
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
