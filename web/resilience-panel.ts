import * as L from 'leaflet';
import { describeError, jobErrorText, runJob } from './api-client.js';
import type { LinkRedundancy, ResilienceReport, RobustPortfolioResult } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatCompact, formatNumber } from './dom.js';
import { flowWidthPx } from './flow-layer.js';
import { toLatLng } from './network-layer.js';
import { utilizationColor } from './utilization-color.js';

/** The resilience view (issue 14): a scenario picker and the network's links coloured by redundancy. */
export interface ResiliencePanel {
  /** Start a resilience job over the scenario set (the built-in `default`, or the JSON typed in) and show it. */
  run(): Promise<void>;
  /** Colour the links for one scenario id, or '' for the worst over all scenarios. */
  pick(scenarioId: string): void;
  clear(): void;
}

/** Value of the picker's first option: the smallest share over every scenario (ResilienceReport.links.redundancy). */
export const WORST_OF_ALL = '';

/**
 * Colour of a redundancy (share of a link's base-case TEU whose OD row is still served, 0–1): green when all
 * of it still gets through, red when none does. The utilization scale reversed, so the map reads the same.
 */
export function redundancyColor(servedShare: number): string {
  return utilizationColor(1 - servedShare);
}

/** The share a link keeps under one scenario, or the worst over all ('' = {@link WORST_OF_ALL}). */
export function linkServedShare(link: LinkRedundancy, scenarioId: string): number {
  if (scenarioId === WORST_OF_ALL) return link.redundancy;
  // A scenario missing from byScenario does not touch the link's OD rows (measures.ts counts it as 1).
  return link.byScenario?.find((s) => s.scenarioId === scenarioId)?.servedShare ?? 1;
}

/** 100 %, 0 %, or one decimal in between, so 99.7 % is never shown as 100 %. */
const percent = (share: number | null) => (share === null ? '—' : share === 1 || share === 0 ? `${share * 100} %` : `${(share * 100).toFixed(1)} %`);

/**
 * Build the panel (its own <section>, appended to #panel) and wire it to the map. Only the measures the map
 * shows are asked for: `maxBindingElements: 0` skips the backup-capacity re-solves (one per binding element),
 * which `corridor resilience` reports in full. `beforeShow` clears other views that draw on the flows pane
 * (the optimize flows), so two colour scales never share the map.
 */
export function createResiliencePanel(ctx: AppContext, hooks: { beforeShow?: () => void } = {}): ResiliencePanel {
  const scenariosInput = el('textarea', { id: 'resilience-scenarios', rows: 3, placeholder: 'empty: the built-in set "default" (china-eurasia)' });
  const runButton = el('button', { id: 'resilience-run', type: 'button', text: 'Run resilience' });
  const clearButton = el('button', { id: 'resilience-clear', type: 'button', text: 'Clear' });
  const picker = el('select', { id: 'resilience-scenario', 'data-testid': 'resilience-scenario', disabled: true });
  const status = el('p', { id: 'resilience-status', class: 'message', role: 'status' });
  const summary = el('div', { id: 'resilience-summary' });
  const objective = el('select', { id: 'robust-objective' }, ['expected', 'worst', 'regret'].map((o) => el('option', { value: o, text: o })));
  const budgetInput = el('input', { id: 'robust-budget', type: 'number', min: 0, step: 'any', placeholder: 'none' });
  const robustButton = el('button', { id: 'robust-run', type: 'button', text: 'Robust portfolio' });
  const robustResult = el('div', { id: 'robust-result' });
  const scale = el('div', { class: 'legend-scale', style: 'display:none' }, [0, 0.25, 0.5, 0.75, 1].map((s) => el('span', { class: 'legend-step', style: `background:${redundancyColor(s)}`, text: `${s * 100}%` })));
  byId('panel').append(
    el('section', { id: 'resilience-panel' }, [
      el('h2', { text: 'Resilience' }),
      el('p', { class: 'hint', text: 'Runs the disruption scenario set and colours each link carrying base-case traffic by redundancy: the share of that traffic whose OD demand is still served under the chosen scenario (width = base TEU/yr).' }),
      el('details', {}, [el('summary', { text: 'Scenario set (JSON, optional)' }), scenariosInput]),
      el('div', { class: 'buttons' }, [runButton, clearButton]),
      el('label', {}, ['Scenario ', picker]),
      scale,
      status,
      summary,
      el('h3', { text: 'Robust portfolio vs single future' }),
      el('p', { class: 'hint', text: 'Chooses the submitted candidates once for every scenario of the set (robust-portfolio job), beside the best portfolio for the base scenario alone, both scored under each objective (USD/yr).' }),
      el('div', { class: 'row' }, [el('label', {}, ['Objective ', objective]), el('label', {}, ['Budget, USD ', budgetInput])]),
      el('div', { class: 'buttons' }, [robustButton]),
      robustResult,
    ]),
  );
  const group = L.layerGroup().addTo(ctx.map);
  let report: ResilienceReport | null = null;
  let generation = 0;

  const clear = () => {
    generation++;
    report = null;
    group.clearLayers();
    picker.replaceChildren();
    picker.disabled = true;
    summary.replaceChildren();
    robustResult.replaceChildren();
    scale.style.display = 'none'; // not `hidden`: the stylesheet's display:flex would win over it
    status.textContent = '';
    status.className = 'message';
    runButton.disabled = false;
    document.body.removeAttribute('data-resilience-scenario');
  };

  /** The scenario set of the form: `default`, or the JSON typed in. */
  const scenarioSet = (): unknown => {
    const text = scenariosInput.value.trim();
    if (!text) return 'default';
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`scenario set: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  };

  const pick = (scenarioId: string) => {
    group.clearLayers();
    if (!report || !ctx.network) return;
    picker.value = scenarioId;
    const maxFlow = Math.max(0, ...report.links.map((l) => l.baseFlowTeuPerYear));
    // Thin lines on top of thick ones, as the flow view does.
    for (const r of [...report.links].sort((a, b) => b.baseFlowTeuPerYear - a.baseFlowTeuPerYear)) {
      const link = ctx.network.links.get(r.id);
      if (!link) continue;
      const share = linkServedShare(r, scenarioId);
      const line = L.polyline(link.geometry.coordinates.map(toLatLng), {
        pane: 'flows',
        color: redundancyColor(share),
        weight: flowWidthPx(r.baseFlowTeuPerYear, maxFlow),
        opacity: 0.9,
        lineCap: 'butt',
        className: 'redundancy-line',
      });
      line.bindTooltip(el('span', { text: `${link.properties.name ?? r.id}: ${percent(share)} of ${formatCompact(r.baseFlowTeuPerYear)} TEU/yr still served` }), { sticky: true });
      line.addTo(group);
      line.getElement()?.setAttribute('data-link-id', r.id);
      line.getElement()?.setAttribute('data-served-share', String(share));
    }
    ctx.network.setDimmed(true);
    document.body.setAttribute('data-resilience-scenario', scenarioId || 'worst');
  };

  const show = (r: ResilienceReport) => {
    hooks.beforeShow?.();
    report = r;
    const others = r.scenarios.filter((s) => s.id !== r.baseScenarioId);
    picker.replaceChildren(
      el('option', { value: WORST_OF_ALL, text: 'worst of all scenarios' }),
      ...others.map((s) => el('option', { value: s.id, text: `${s.name} (p ${s.probability})` })),
    );
    picker.disabled = false;
    scale.style.display = '';
    const rows = [r.base, ...others].map((s) =>
      el('tr', { 'data-scenario-id': s.id }, [
        el('td', { text: s.id === r.baseScenarioId ? `${s.name} (base)` : s.name }),
        el('td', { class: 'num', text: String(s.probability) }),
        el('td', { class: 'num', text: s.status === 'optimal' ? percent(s.servedShare) : s.status }),
        el('td', { class: 'num', text: s.addedCostUsd === null ? '—' : formatCompact(s.addedCostUsd) }),
      ]),
    );
    summary.replaceChildren(
      el('h3', { text: `${r.scenarioSet}: ${others.length} disruption scenarios and the base` }),
      el('table', { class: 'compact', id: 'resilience-scenario-table' }, [
        el('thead', {}, [el('tr', {}, ['scenario', 'prob.', 'served', 'added USD/yr'].map((h) => el('th', { text: h })))]),
        el('tbody', {}, rows),
      ]),
      el('p', { class: 'hint', text: `${formatNumber(r.links.length)} links carry base traffic; ${formatNumber(r.links.filter((l) => l.redundancy < 1 - 1e-9).length)} lose some of it in at least one scenario.${r.largestElementShare ? ` Largest share of all TEU: ${r.largestElementShare.name}, ${percent(r.largestElementShare.shareOfTotalTeu)}.` : ''}` }),
    );
    pick(WORST_OF_ALL);
  };

  const run = async () => {
    const mine = ++generation;
    runButton.disabled = true;
    status.className = 'message';
    status.textContent = 'Running resilience…';
    try {
      const body: Record<string, unknown> = { scenarios: scenarioSet(), maxBindingElements: 0 };
      const state = await runJob<ResilienceReport>(`/networks/${encodeURIComponent(ctx.networkId)}/resilience`, body, (p, s) => {
        if (mine === generation) status.textContent = `Running resilience… ${s} ${(p * 100).toFixed(0)} %`;
      });
      if (mine !== generation) return;
      if (state.status !== 'succeeded' || !state.result) {
        status.textContent = `Resilience failed: ${jobErrorText(state)}`;
        status.className = 'message error';
        return;
      }
      show(state.result);
      status.textContent = `${state.result.solves} solves in ${state.result.seconds.toFixed(1)} s.`;
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = `Resilience: ${describeError(error)}`;
      status.className = 'message error';
    } finally {
      if (mine === generation) runButton.disabled = false;
    }
  };

  const showRobust = (r: RobustPortfolioResult) => {
    const single = r.singleFuture;
    const score = r.score;
    const cell = (v: number | null | undefined, testid: string) => el('td', { class: 'num', 'data-testid': testid, text: v === null || v === undefined ? '—' : formatCompact(v) });
    const row = (label: string, key: 'expectedUsd' | 'worstUsd' | 'regretUsd' | 'annualizedCapexUsd') =>
      el('tr', {}, [el('td', { text: label }), cell(score?.[key], `robust-${key}`), cell(single?.[key], `single-${key}`)]);
    robustResult.replaceChildren(
      el('table', { class: 'compact', id: 'robust-table' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: '' }), el('th', { text: `robust (${r.objective})` }), el('th', { text: single ? `single future (${single.scenarioId})` : 'single future' })])]),
        el('tbody', {}, [
          el('tr', {}, [el('td', { text: 'build' }), el('td', { 'data-testid': 'robust-chosen', text: r.chosen.join(', ') || 'nothing' }), el('td', { 'data-testid': 'single-chosen', text: single ? single.chosen.join(', ') || 'nothing' : '—' })]),
          row('capex, annualized', 'annualizedCapexUsd'),
          row('expected cost', 'expectedUsd'),
          row('worst cost', 'worstUsd'),
          row('max regret', 'regretUsd'),
        ]),
      ]),
      el('p', { class: 'hint', 'data-testid': 'value-of-robustness', text: `Planning for one future costs ${r.valueOfRobustnessUsd === null ? '—' : `${formatCompact(r.valueOfRobustnessUsd)} USD/yr`} (${r.objective}); ${r.status}, gap ${r.relativeGap === null ? '—' : r.relativeGap.toExponential(1)}, ${r.iterations} iterations.` }),
    );
  };

  const runRobust = async () => {
    robustButton.disabled = true;
    robustResult.replaceChildren(el('p', { class: 'message', text: 'Choosing the robust portfolio…' }));
    try {
      const body: Record<string, unknown> = { scenarios: scenarioSet(), objective: objective.value };
      if (budgetInput.value.trim()) body.budgetUsd = Number(budgetInput.value);
      const state = await runJob<RobustPortfolioResult>(`/networks/${encodeURIComponent(ctx.networkId)}/robust-portfolio`, body);
      if (state.status !== 'succeeded' || !state.result) robustResult.replaceChildren(el('p', { class: 'message error', text: `Robust portfolio failed: ${jobErrorText(state)}` }));
      else showRobust(state.result);
    } catch (error) {
      robustResult.replaceChildren(el('p', { class: 'message error', text: `Robust portfolio: ${describeError(error)}` }));
    } finally {
      robustButton.disabled = false;
    }
  };

  robustButton.addEventListener('click', () => void runRobust());
  runButton.addEventListener('click', () => void run());
  clearButton.addEventListener('click', () => {
    clear();
    ctx.network?.setDimmed(false);
  });
  picker.addEventListener('change', () => pick(picker.value));
  return { run, pick, clear };
}
