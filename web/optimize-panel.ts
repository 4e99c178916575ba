import * as L from 'leaflet';
import { describeError, jobErrorText, runJob } from './api-client.js';
import type { OptimizeResult } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatCompact, formatNumber } from './dom.js';
import { drawFlows, shadowPriceText } from './flow-layer.js';
import { modalSplitChart } from './modal-split-chart.js';
import { modeLabel } from './mode-colors.js';

/** The optimization view: runs optimize with the network's default demand and draws the result. */
export interface OptimizePanel {
  /** Start an optimize job (with the active disruptions closed) and show its result. */
  run(): Promise<void>;
  /** Show a result computed elsewhere (e.g. the disrupt job), titled. */
  show(result: OptimizeResult, title: string): void;
  clear(): void;
  /**
   * Closures changed: take the ◆ bottleneck labels of closed nodes and links off the map (a closed
   * Alashankou has no shadow price any more), until the flows are re-optimized.
   */
  hideClosed(nodeIds: ReadonlySet<string>, linkIds: ReadonlySet<string>): void;
}

/** Most bottlenecks listed in the panel (all are marked on the map). */
const BOTTLENECKS_LISTED = 8;

/** Wire up #optimize-run / #optimize-clear and the summary, chart and bottleneck list. */
export function createOptimizePanel(ctx: AppContext): OptimizePanel {
  const runButton = byId<HTMLButtonElement>('optimize-run');
  const clearButton = byId<HTMLButtonElement>('optimize-clear');
  const status = byId('optimize-status');
  const summary = byId('optimize-summary');
  const chart = byId('modal-split');
  const bottleneckList = byId('bottleneck-list');
  const group = L.layerGroup().addTo(ctx.map);
  let markers: { marker: L.Marker; nodeIds: string[]; linkId: string | null }[] = [];
  let generation = 0;

  const clear = () => {
    generation++;
    group.clearLayers();
    summary.replaceChildren();
    chart.replaceChildren();
    bottleneckList.replaceChildren();
    status.textContent = '';
    status.className = 'message';
    ctx.network?.setDimmed(false);
    ctx.legend.showUtilization(false);
    runButton.disabled = false;
  };

  const show = (result: OptimizeResult, title: string) => {
    group.clearLayers();
    summary.replaceChildren();
    chart.replaceChildren();
    bottleneckList.replaceChildren();
    if (!ctx.network) return;
    if (result.objectiveUsd === null || !result.links) {
      status.textContent = `${title}: solver status ${result.status}${result.message ? ` (${result.message})` : ''}`;
      status.className = 'message warn';
      return;
    }
    markers = [];
    const bounds = drawFlows(group, result, ctx.network, markers);
    if (bounds.isValid()) ctx.map.fitBounds(bounds.pad(0.05));
    ctx.network.setDimmed(true);
    ctx.legend.showUtilization(true);
    const facts: [string, string][] = [
      ['Generalized cost', `${formatCompact(result.objectiveUsd)} USD/yr`],
      ['Served', `${formatNumber(result.servedTeu)} of ${formatNumber(result.totalDemandTeu)} TEU/yr`],
      ['Unserved', `${formatNumber(result.unservedTeu)} TEU/yr`],
    ];
    if (result.co2Kg !== undefined && result.co2Kg !== null) facts.push(['CO2', `${formatCompact(result.co2Kg / 1000)} t/yr`]);
    summary.append(
      el('h3', { text: title }),
      el('dl', { id: 'optimize-facts' }, facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
    );
    for (const w of result.warnings ?? []) summary.append(el('p', { class: 'warn', text: w }));
    if (result.modalSplit?.length) chart.append(modalSplitChart(result.modalSplit));
    const bottlenecks = result.bottlenecks ?? [];
    if (bottlenecks.length) {
      bottleneckList.append(el('h3', { text: `Bottlenecks (${bottlenecks.length})` }));
      if (result.shadowPricesAvailable === false) bottleneckList.append(el('p', { class: 'hint', text: 'This solver gives no shadow prices; ranked by utilization.' }));
      const rows = bottlenecks.slice(0, BOTTLENECKS_LISTED).map((b) =>
        el('tr', { 'data-testid': 'bottleneck-row' }, [
          el('td', { text: b.kind === 'terminal' ? `${b.name ?? b.id} (terminal)` : `${b.name ?? b.id}${b.from ? ` ${b.from} → ${b.to}` : ''}${b.mode ? ` · ${modeLabel(b.mode)}` : ''}` }),
          el('td', { class: 'num', text: shadowPriceText(b.shadowPriceUsdPerTeu) }),
        ]),
      );
      bottleneckList.append(
        el('table', { class: 'compact' }, [
          el('thead', {}, [el('tr', {}, [el('th', { text: 'binding capacity' }), el('th', { text: 'shadow price, USD/yr per TEU/yr' })])]),
          el('tbody', {}, rows),
        ]),
      );
    } else {
      bottleneckList.append(el('p', { class: 'hint', text: 'No capacity binds: every flow takes its cheapest route.' }));
    }
    status.textContent = `Solver: ${result.status}${result.backend ? ` (${result.backend})` : ''}.`;
    status.className = 'message';
  };

  const run = async () => {
    const mine = ++generation;
    runButton.disabled = true;
    status.className = 'message';
    status.textContent = 'Optimizing…';
    const closures = [...ctx.closures];
    try {
      // The default demand of the network; active disruptions close their nodes (`avoid`, as in the route query).
      const body: Record<string, unknown> = closures.length ? { avoid: closures } : {};
      const state = await runJob<OptimizeResult>(`/networks/${encodeURIComponent(ctx.networkId)}/optimize`, body, (p, s) => {
        if (mine === generation) status.textContent = `Optimizing… ${s} ${(p * 100).toFixed(0)} %`;
      });
      if (mine !== generation) return;
      if (state.status !== 'succeeded' || !state.result) {
        status.textContent = `Optimize failed: ${jobErrorText(state)}`;
        status.className = 'message error';
        return;
      }
      show(state.result, closures.length ? `Optimized flows (${closures.join(', ')} closed)` : 'Optimized flows (default demand)');
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = `Optimize: ${describeError(error)}`;
      status.className = 'message error';
    } finally {
      if (mine === generation) runButton.disabled = false;
    }
  };

  runButton.addEventListener('click', () => void run());
  clearButton.addEventListener('click', clear);
  const hideClosed = (nodeIds: ReadonlySet<string>, linkIds: ReadonlySet<string>) => {
    for (const m of markers) {
      const closed = m.nodeIds.some((id) => nodeIds.has(id)) || (m.linkId !== null && linkIds.has(m.linkId));
      if (closed) group.removeLayer(m.marker);
      else if (!group.hasLayer(m.marker)) group.addLayer(m.marker);
    }
  };
  return { run, show, clear, hideClosed };
}
