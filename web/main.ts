import * as L from 'leaflet';
import { apiJson, apiToken, describeError, setApiToken } from './api-client.js';
import type { NetworkGeoJson, NetworkSummary, NodeFeature } from './api-types.js';
import type { AppContext } from './app-context.js';
import { createBaseMap } from './base-map.js';
import { createCorridorToggle } from './corridor-toggle.js';
import { createCandidatePanel } from './candidate-panel.js';
import { createDisruptionPanel } from './disruption-panel.js';
import { byId, el } from './dom.js';
import { addLegend } from './legend.js';
import { drawNetwork } from './network-layer.js';
import { createOptimizePanel } from './optimize-panel.js';
import { createPlanPanel } from './plan-panel.js';
import { createResiliencePanel } from './resilience-panel.js';
import { createRoutePanel } from './route-panel.js';

/** Network shown first when the URL names none: the merged one, so both corridors are on the map. */
const PREFERRED_NETWORK = 'china-eurasia';

/** Where the page's static files are served (see api/map-router.ts). */
const ASSETS = '/map-assets';

async function start(): Promise<void> {
  const status = byId('status');
  const select = byId<HTMLSelectElement>('network-select');
  const nodeList = byId<HTMLDataListElement>('node-list');
  const token = byId<HTMLInputElement>('api-token');
  token.value = apiToken();
  token.addEventListener('change', () => setApiToken(token.value.trim()));

  const map = await createBaseMap(byId('map'), `${ASSETS}/countries-50m.json`);
  const ctx: AppContext = { map, legend: addLegend(map), networkId: '', network: null, closures: new Set() };
  const routePanel = createRoutePanel(ctx);
  const optimizePanel = createOptimizePanel(ctx);
  const candidatePanel = createCandidatePanel(ctx);
  const corridorToggle = createCorridorToggle(byId('map'));
  const resiliencePanel = createResiliencePanel(ctx, { beforeShow: () => (optimizePanel.clear(), planPanel.clear()) });
  const planPanel = createPlanPanel(ctx, { beforeShow: () => (optimizePanel.clear(), resiliencePanel.clear()) });
  const disruptionPanel = createDisruptionPanel(ctx, {
    rerunRoute: () => (routePanel.hasEndpoints() ? routePanel.run() : Promise.resolve()),
    closuresChanged: (nodeIds, linkIds) => optimizePanel.hideClosed(nodeIds, linkIds),
  });

  const onNodeClick = (node: NodeFeature, latlng: L.LatLng) => {
    if (candidatePanel.picking) {
      candidatePanel.pickNode(node);
      return;
    }
    const use = (which: 'from' | 'to') => () => {
      routePanel.setEndpoint(which, node.properties.id);
      map.closePopup();
      if (routePanel.hasEndpoints()) void routePanel.run();
    };
    const p = node.properties;
    L.popup()
      .setLatLng(latlng)
      .setContent(
        el('div', { class: 'node-popup' }, [
          el('strong', { text: p.name }),
          el('div', { class: 'hint', text: `${p.id} · ${p.kind.replace('_', ' ')}${p.country ? ` · ${p.country}` : ''}` }),
          el('div', { class: 'buttons' }, [
            el('button', { type: 'button', text: 'Route from here', onclick: use('from') }),
            el('button', { type: 'button', text: 'Route to here', onclick: use('to') }),
          ]),
        ]),
      )
      .openOn(map);
  };

  const loadNetwork = async (id: string) => {
    status.textContent = `Loading ${id}…`;
    document.body.removeAttribute('data-network-loaded');
    routePanel.clear();
    optimizePanel.clear();
    candidatePanel.clear();
    resiliencePanel.clear();
    planPanel.clear();
    disruptionPanel.reset();
    if (ctx.network) ctx.network.group.remove();
    ctx.network = null;
    ctx.networkId = id;
    const geojson = await apiJson<NetworkGeoJson>(`/networks/${encodeURIComponent(id)}`);
    if (ctx.networkId !== id) return; // another network was chosen meanwhile
    ctx.network = drawNetwork(map, geojson, onNodeClick);
    disruptionPanel.showAvailable();
    await corridorToggle.load(id);
    nodeList.replaceChildren(
      ...[...ctx.network.nodes.values()]
        .sort((a, b) => a.properties.name.localeCompare(b.properties.name))
        .map((n) => el('option', { value: n.properties.id, label: n.properties.name === n.properties.id ? n.properties.name : `${n.properties.name} (${n.properties.id})` })),
    );
    const bounds = ctx.network.bounds();
    if (bounds) map.fitBounds(bounds.pad(0.05));
    const url = new URL(location.href);
    url.searchParams.set('network', id);
    history.replaceState(null, '', url);
    status.textContent = `${geojson.name ?? id}: ${ctx.network.nodes.size} nodes, ${ctx.network.links.size} links.`;
    document.body.setAttribute('data-network-loaded', id);
    candidatePanel.refreshSubmitted().catch((error) => {
      status.textContent += ` Submitted candidates: ${describeError(error)}`;
    });
  };

  const { networks } = await apiJson<{ networks: NetworkSummary[] }>('/networks');
  // A built-in whose data fails to load is listed with `error`: show it, but it cannot be chosen.
  for (const n of networks) select.append(el('option', { value: n.id, text: n.error ? `${n.name} (unavailable)` : n.name, disabled: Boolean(n.error), title: n.error }));
  const usable = networks.filter((n) => !n.error);
  const wanted = new URL(location.href).searchParams.get('network');
  const first = usable.find((n) => n.id === wanted) ?? usable.find((n) => n.id === PREFERRED_NETWORK) ?? usable[0];
  if (!first) {
    status.textContent = networks.length ? 'No network can be loaded (see the selector).' : 'The server has no networks.';
    return;
  }
  select.value = first.id;
  select.addEventListener('change', () => {
    loadNetwork(select.value).catch((error) => {
      status.textContent = `Network ${select.value}: ${describeError(error)}`;
    });
  });
  await loadNetwork(first.id);
}

start().catch((error) => {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = `The map could not start: ${describeError(error)}`;
    status.className = 'error';
  }
  console.error(error);
});
