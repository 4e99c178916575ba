import * as L from 'leaflet';
import { apiJson, describeError } from './api-client.js';
import type { FoundRoute, RouteResult } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatNumber } from './dom.js';
import { MODE_COLORS, modeColor, modeLabel } from './mode-colors.js';
import { alternativeColor, drawRoute } from './route-layer.js';

/** The route form, its map layer and its comparison table. */
export interface RoutePanel {
  /** Query the route with the form's values and the active disruptions, draw it and fill the table. */
  run(): Promise<void>;
  /** Are both ends filled in? */
  hasEndpoints(): boolean;
  /** Set the from or to field (e.g. from a node's popup). */
  setEndpoint(which: 'from' | 'to', nodeId: string): void;
  /** Remove the drawn route, the table and the messages (e.g. when the network changes). */
  clear(): void;
}

/** Mode chain as text, e.g. "rail → sea". The API sends an array; a string is passed through. */
export function modeChainText(chain: string[] | string): string {
  return Array.isArray(chain) ? chain.map(modeLabel).join(' → ') : chain;
}

/** Two results describe the same route (the API lists the best route again among the alternatives). */
function sameRoute(a: FoundRoute, b: FoundRoute): boolean {
  return modeChainText(a.modeChain) === modeChainText(b.modeChain) && a.totalCostUsd === b.totalCostUsd && a.totalHours === b.totalHours;
}

function signed(value: number, decimals: 0 | 1 = 0): string {
  return `${value >= 0 ? '+' : '−'}${formatNumber(Math.abs(value), decimals)}`;
}

/** Wire up the route form (#route-form) against the API. */
export function createRoutePanel(ctx: AppContext): RoutePanel {
  const form = byId<HTMLFormElement>('route-form');
  const from = byId<HTMLInputElement>('route-from');
  const to = byId<HTMLInputElement>('route-to');
  const vot = byId<HTMLInputElement>('route-vot');
  const carbon = byId<HTMLInputElement>('route-carbon');
  const avoid = byId<HTMLInputElement>('route-avoid');
  const message = byId('route-message');
  const table = byId<HTMLTableElement>('route-table');
  const tbody = table.tBodies[0];
  const disruptResult = byId('disrupt-route-result');
  const modesBox = byId('route-modes');
  for (const mode of Object.keys(MODE_COLORS)) {
    const input = el('input', { type: 'checkbox', id: `route-mode-${mode}`, name: 'mode', value: mode, checked: true });
    const chip = el('span', { class: 'mode-chip', style: `background:${modeColor(mode)}` });
    modesBox.append(el('label', { class: 'mode-option', for: `route-mode-${mode}` }, [input, chip, modeLabel(mode)]));
  }
  const group = L.layerGroup().addTo(ctx.map);
  let generation = 0;

  const params = (withClosures: boolean): URLSearchParams => {
    const q = new URLSearchParams({ from: from.value.trim(), to: to.value.trim(), alternatives: 'true' });
    const boxes = [...modesBox.querySelectorAll<HTMLInputElement>('input[name=mode]')];
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    // All modes checked = no restriction, so a network with a mode the page does not know still routes.
    if (checked.length < boxes.length) q.set('modes', checked.join(','));
    const avoided = avoid.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (withClosures) avoided.push(...ctx.closures);
    if (avoided.length) q.set('avoid', [...new Set(avoided)].join(','));
    if (vot.value.trim() !== '') q.set('vot', vot.value.trim());
    if (carbon.value.trim() !== '') q.set('carbonPrice', carbon.value.trim());
    return q;
  };

  const fetchRoute = (q: URLSearchParams) => apiJson<RouteResult>(`/networks/${encodeURIComponent(ctx.networkId)}/route?${q}`);

  const fillTable = (rows: { route: FoundRoute; color: string; label: string }[]) => {
    tbody.replaceChildren();
    for (const [i, { route, color, label }] of rows.entries()) {
      const chip = el('span', { class: 'route-chip', style: `background:${color}` });
      const pareto = !('paretoOptimal' in route) ? '—' : route.paretoOptimal ? '✓' : '';
      tbody.append(
        el('tr', { 'data-testid': 'route-row', 'data-route-index': i, class: i === 0 ? 'route-row best' : 'route-row' }, [
          el('td', {}, [chip, label]),
          el('td', { class: 'mode-chain', text: modeChainText(route.modeChain) }),
          el('td', { class: 'num cost', text: formatNumber(route.totalCostUsd) }),
          el('td', { class: 'num', text: formatNumber(route.totalDays, 1) }),
          el('td', { class: 'num', text: formatNumber(route.co2Kg) }),
          el('td', { class: 'num', text: formatNumber(route.generalizedCostUsd) }),
          el('td', { class: 'pareto', text: pareto, title: 'Pareto-optimal: no other route is both cheaper and faster' }),
        ]),
      );
    }
    table.hidden = rows.length === 0;
  };

  const describeDisruption = (best: RouteResult, baseline: RouteResult | null) => {
    disruptResult.replaceChildren();
    if (ctx.closures.size === 0) return;
    const closed = [...ctx.closures].join(', ');
    if (!best.found) {
      disruptResult.append(el('p', { class: 'warn', text: `With ${closed} closed there is no route: ${best.reason}` }));
      return;
    }
    if (!baseline || !baseline.found) {
      disruptResult.append(el('p', { text: `With ${closed} closed: ${modeChainText(best.modeChain)}.` }));
      return;
    }
    if (sameRoute(best, baseline)) {
      disruptResult.append(el('p', { text: `Closing ${closed} does not change this route (${modeChainText(best.modeChain)}).` }));
      return;
    }
    const dCost = best.totalCostUsd - baseline.totalCostUsd;
    const dDays = best.totalDays - baseline.totalDays;
    const dCo2 = best.co2Kg - baseline.co2Kg;
    disruptResult.append(
      el('p', {}, [
        el('strong', { text: `Rerouted (${closed} closed): ` }),
        `now ${modeChainText(best.modeChain)}, ${formatNumber(best.totalKm)} km (was ${modeChainText(baseline.modeChain)}, ${formatNumber(baseline.totalKm)} km, grey dotted line); `,
        `${signed(dCost)} USD/TEU, ${signed(dDays, 1)} days, ${signed(dCo2)} kg CO2/TEU.`,
      ]),
    );
  };

  const run = async () => {
    const mine = ++generation;
    message.textContent = '';
    message.className = 'message';
    if (!from.value.trim() || !to.value.trim()) {
      message.textContent = 'Choose a start and an end node (type a name or id, or click a node on the map).';
      return;
    }
    message.textContent = 'Routing…';
    try {
      const [result, baseline] = await Promise.all([
        fetchRoute(params(true)),
        ctx.closures.size ? fetchRoute(params(false)) : Promise.resolve(null),
      ]);
      if (mine !== generation) return; // a newer query has started; its answer wins
      group.clearLayers();
      describeDisruption(result, baseline);
      if (!result.found) {
        fillTable([]);
        message.textContent = `No route: ${result.reason}`;
        message.className = 'message warn';
        return;
      }
      // The API lists the best route again among the alternatives (flagged `best`), with its Pareto flag.
      const listed = result.alternatives ?? [];
      const bestListed = listed.find((a) => a.best) ?? listed.find((a) => sameRoute(a, result));
      const alternatives = listed.filter((a) => a !== bestListed);
      const rows = [
        { route: { ...result, paretoOptimal: bestListed?.paretoOptimal }, color: '#111827', label: 'best' },
        ...alternatives.map((route, i) => ({ route, color: alternativeColor(i), label: `alt ${i + 1}` })),
      ];
      if (baseline?.found && !sameRoute(baseline, result)) {
        drawRoute(group, baseline, ctx.network, { kind: 'baseline' }, `before closing: ${modeChainText(baseline.modeChain)}`);
      }
      // Alternatives first, so the best route is drawn on top.
      for (let i = alternatives.length - 1; i >= 0; i--) {
        const a = alternatives[i];
        drawRoute(group, a, ctx.network, { kind: 'alternative', color: alternativeColor(i) }, `alt ${i + 1}: ${modeChainText(a.modeChain)} · ${formatNumber(a.totalCostUsd)} USD/TEU · ${formatNumber(a.totalDays, 1)} days`);
      }
      const best = drawRoute(group, result, ctx.network, { kind: 'best' }, `best: ${modeChainText(result.modeChain)} · ${formatNumber(result.totalCostUsd)} USD/TEU · ${formatNumber(result.totalDays, 1)} days`);
      fillTable(rows);
      const bounds = L.latLngBounds([]);
      for (const line of best) bounds.extend(line.getBounds());
      if (bounds.isValid()) ctx.map.fitBounds(bounds.pad(0.15), { maxZoom: 6 });
      message.textContent = `${modeChainText(result.modeChain)}: ${formatNumber(result.totalCostUsd)} USD/TEU, ${formatNumber(result.totalDays, 1)} days, ${formatNumber(result.totalKm)} km.`;
    } catch (error) {
      if (mine !== generation) return;
      group.clearLayers();
      fillTable([]);
      disruptResult.replaceChildren();
      message.textContent = describeError(error);
      message.className = 'message error';
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  return {
    run,
    hasEndpoints: () => from.value.trim() !== '' && to.value.trim() !== '',
    setEndpoint(which, nodeId) {
      (which === 'from' ? from : to).value = nodeId;
    },
    clear() {
      generation++;
      group.clearLayers();
      fillTable([]);
      message.textContent = '';
      disruptResult.replaceChildren();
    },
  };
}
