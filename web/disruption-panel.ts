import * as L from 'leaflet';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- a pure table (no node imports) bundled so the toggles use the server's own names
import { NAMED_DISRUPTIONS } from '../src/network/named-disruptions.js';
import { ApiError, describeError, jobErrorText, runJob } from './api-client.js';
import type { DisruptionReport, LinkFlowChange, OdDisruption } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatCompact, formatNumber } from './dom.js';
import { toLatLng } from './network-layer.js';

/** The named disruptions offered as toggles, in the order of the panel. */
export const DISRUPTION_TOGGLES = ['suez', 'malacca', 'bab-el-mandeb', 'alashankou', 'khorgos', 'three-gorges-locks'] as const;

/** Link directions (largest change first) the disrupt job is asked to list, enough to draw the shift. */
const LINK_CHANGES_ASKED = 60;
/** OD rows listed in the panel. */
const OD_ROWS_LISTED = 5;
const LOST_COLOR = '#c81e1e';
const GAINED_COLOR = '#1d4ed8';

/** What the panel calls when the set of closures changes. */
export interface DisruptionHooks {
  /** Re-run the route with the new closures (no-op when the route form is empty). */
  rerunRoute(): Promise<void>;
  /** The closed node and link ids changed (names resolved), e.g. to drop stale bottleneck labels. */
  closuresChanged?(nodeIds: ReadonlySet<string>, linkIds: ReadonlySet<string>): void;
}

/** Node and link ids a set of closures (named disruptions or ids) closes. */
export function closedIds(closures: Iterable<string>): { nodeIds: Set<string>; linkIds: Set<string> } {
  const nodeIds = new Set<string>();
  const linkIds = new Set<string>();
  for (const c of closures) {
    const named = NAMED_DISRUPTIONS[c];
    if (named) for (const id of named.nodeIds) nodeIds.add(id);
    else {
      nodeIds.add(c);
      linkIds.add(c);
    }
  }
  return { nodeIds, linkIds };
}

/** Net flow change per link (both directions summed), TEU/yr. */
export function netLinkChanges(links: readonly LinkFlowChange[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const l of links) net.set(l.id, (net.get(l.id) ?? 0) + l.deltaTeuPerYear);
  return net;
}

/** "now via khorgos, altynkol (was alashankou, dostyk)": the nodes where two routes differ. */
export function routeChangeText(od: OdDisruption): string {
  if (od.disruptedRoute.length === 0) return 'no longer served';
  const before = new Set(od.baseRoute);
  const after = new Set(od.disruptedRoute);
  const added = od.disruptedRoute.filter((n) => !before.has(n));
  const dropped = od.baseRoute.filter((n) => !after.has(n));
  if (!added.length && !dropped.length) return 'same route';
  return `now via ${added.join(', ') || '—'} (was ${dropped.join(', ') || '—'})`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${formatCompact(Math.abs(value))}`;
}

/**
 * Wire up the disruption toggles (#disrupt-<name>): each toggle updates the closures, re-runs the route
 * with `avoid=` and starts the disrupt job, whose report goes to #disrupt-job-result and whose flow
 * changes are drawn on the map (red = TEU/yr lost, blue = gained, width ∝ change).
 */
export function createDisruptionPanel(ctx: AppContext, hooks: DisruptionHooks): { reset(): void; showAvailable(): void } {
  const box = byId('disruption-toggles');
  const jobResult = byId('disrupt-job-result');
  const runJobBox = byId<HTMLInputElement>('disrupt-run-job');
  const group = L.layerGroup().addTo(ctx.map);
  const inputs: HTMLInputElement[] = [];
  for (const name of DISRUPTION_TOGGLES) {
    const input = el('input', { type: 'checkbox', id: `disrupt-${name}`, value: name, 'data-disruption': name });
    inputs.push(input);
    box.append(el('label', { class: 'toggle', for: `disrupt-${name}`, title: NAMED_DISRUPTIONS[name]?.description ?? name, 'data-toggle': name }, [input, name]));
  }
  let generation = 0;

  const drawChanges = (report: DisruptionReport) => {
    group.clearLayers();
    const net = netLinkChanges(report.links);
    const maxAbs = Math.max(0, ...[...net.values()].map(Math.abs));
    for (const [id, delta] of net) {
      const link = ctx.network?.links.get(id);
      if (!link || delta === 0 || maxAbs === 0) continue;
      const line = L.polyline(link.geometry.coordinates.map(toLatLng), {
        pane: 'flows',
        color: delta < 0 ? LOST_COLOR : GAINED_COLOR,
        weight: 2 + 10 * Math.sqrt(Math.abs(delta) / maxAbs),
        opacity: 0.75,
        lineCap: 'butt',
        className: 'flow-change',
      });
      line.bindTooltip(el('span', { text: `${link.properties.name ?? id}: ${signed(delta)} TEU/yr` }), { sticky: true });
      line.addTo(group);
    }
  };

  const showReport = (report: DisruptionReport, closures: string[]) => {
    const facts: [string, string][] = [
      ['Added cost', report.addedCostUsd === null ? '—' : `${signed(report.addedCostUsd)} USD/yr`],
      ['Rerouted', `${formatNumber(report.reroutedTeu)} TEU/yr`],
      ['Newly unserved', `${formatNumber(report.addedUnservedTeu)} TEU/yr`],
      ['Flow shifted', `${formatNumber(report.linkFlowShiftTeu)} TEU/yr`],
    ];
    const odRows = report.od.slice(0, OD_ROWS_LISTED).map((od) =>
      el('li', {}, [
        el('strong', { text: `${od.origin} → ${od.destination}` }),
        `: ${formatNumber(od.baseCostUsdPerTeu)} → ${formatNumber(od.disruptedCostUsdPerTeu)} USD/TEU, ${routeChangeText(od)}`,
      ]),
    );
    jobResult.replaceChildren(
      el('h3', { text: `Network effect of closing ${closures.join(', ')}` }),
      el('dl', { id: 'disrupt-facts' }, facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
      ...(odRows.length ? [el('div', { class: 'hint', text: 'Demand rows hit hardest (generalized cost per TEU):' }), el('ul', { class: 'od-changes' }, odRows)] : []),
      el('p', { class: 'hint', text: 'Map: red = TEU/yr lost, blue = gained (both directions, net).' }),
      ...(report.warnings ?? []).map((w) => el('p', { class: 'warn', text: w })),
    );
    drawChanges(report);
  };

  const runDisruptJob = async () => {
    const mine = ++generation;
    group.clearLayers();
    const closures = [...ctx.closures];
    if (!closures.length || !runJobBox.checked) {
      jobResult.replaceChildren();
      return;
    }
    jobResult.replaceChildren(el('p', { text: 'Disrupt job: re-optimizing the default demand with the closures…' }));
    try {
      const state = await runJob<DisruptionReport>(`/networks/${encodeURIComponent(ctx.networkId)}/disrupt`, { close: closures, top: LINK_CHANGES_ASKED }, (p, s) => {
        if (mine === generation) jobResult.replaceChildren(el('p', { text: `Disrupt job… ${s} ${(p * 100).toFixed(0)} %` }));
      });
      if (mine !== generation) return;
      if (state.status !== 'succeeded' || !state.result) {
        jobResult.replaceChildren(el('p', { class: 'message error', text: `Disrupt job failed: ${jobErrorText(state)}` }));
        return;
      }
      showReport(state.result, closures);
    } catch (error) {
      if (mine !== generation) return;
      const notThere = error instanceof ApiError && error.status === 501;
      jobResult.replaceChildren(
        el('p', { class: notThere ? 'message warn' : 'message error', text: notThere ? 'This server has no disrupt job (501); the route above shows the rerouting.' : `Disrupt job: ${describeError(error)}` }),
      );
    }
  };

  const onToggle = async () => {
    ctx.closures.clear();
    for (const input of inputs) if (input.checked) ctx.closures.add(input.value);
    const ids = closedIds(ctx.closures);
    hooks.closuresChanged?.(ids.nodeIds, ids.linkIds);
    await Promise.all([hooks.rerunRoute(), runDisruptJob()]);
  };
  for (const input of inputs) input.addEventListener('change', () => void onToggle());
  runJobBox.addEventListener('change', () => void runDisruptJob());

  return {
    /** Offer only the toggles whose nodes the loaded network has (no Alashankou on the ILSTC network). */
    showAvailable() {
      for (const input of inputs) {
        const named = NAMED_DISRUPTIONS[input.value];
        const present = !named || named.nodeIds.some((id) => ctx.network?.nodes.has(id));
        const label = input.parentElement as HTMLElement;
        label.hidden = !present;
        label.style.display = present ? '' : 'none'; // .toggle sets display, which would override [hidden]
        input.disabled = !present;
      }
    },
    reset() {
      generation++;
      for (const input of inputs) input.checked = false;
      ctx.closures.clear();
      group.clearLayers();
      jobResult.replaceChildren();
    },
  };
}
