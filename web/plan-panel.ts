import * as L from 'leaflet';
import { describeError, jobErrorText, runJob } from './api-client.js';
import type { PlanPeriod, PlanReport } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatCompact, formatNumber } from './dom.js';
import { flowWidthPx } from './flow-layer.js';
import { toLatLng } from './network-layer.js';
import { UNCAPACITATED_COLOR, utilizationColor } from './utilization-color.js';

/** The staged-plan view (issue 15): runs a `plan` job with per-period flows and a period slider. */
export interface PlanPanel {
  run(): Promise<void>;
  /** Draw the flows of period `index` (0 = the first period of the horizon). */
  showPeriod(index: number): void;
  clear(): void;
}

/** Both directions of a link in one period, summed, with the higher utilization (null: no capacity limit). */
export function periodLinkFlows(period: Pick<PlanPeriod, 'flows'>): { id: string; flowTeuPerYear: number; maxUtilization: number | null }[] {
  const byId = new Map<string, { id: string; flowTeuPerYear: number; maxUtilization: number | null }>();
  for (const f of period.flows ?? []) {
    const x = byId.get(f.id) ?? { id: f.id, flowTeuPerYear: 0, maxUtilization: null };
    x.flowTeuPerYear += f.flowTeuPerYear;
    if (f.utilization !== null) x.maxUtilization = Math.max(x.maxUtilization ?? 0, f.utilization);
    byId.set(f.id, x);
  }
  return [...byId.values()].filter((x) => x.flowTeuPerYear > 0);
}

/** Default horizon of the form, as `corridor plan` (Five-Year Plan periods). */
const DEFAULT_HORIZON = '2026,2030,2035,2040';

/**
 * Build the panel (its own <section>, appended to #panel). The plan is solved for the network's submitted
 * candidates and its default demand with the built-in growth; line widths use one scale over all periods,
 * so demand growth shows as lines getting thicker when the slider moves on.
 */
export function createPlanPanel(ctx: AppContext, hooks: { beforeShow?: () => void } = {}): PlanPanel {
  const horizonInput = el('input', { id: 'plan-horizon', value: DEFAULT_HORIZON, title: 'first year of each period, comma-separated' });
  const budgetInput = el('input', { id: 'plan-budget', type: 'number', min: 0, step: 'any', placeholder: 'none' });
  const runButton = el('button', { id: 'plan-run', type: 'button', text: 'Run plan' });
  const clearButton = el('button', { id: 'plan-clear', type: 'button', text: 'Clear' });
  const slider = el('input', { id: 'plan-period', 'data-testid': 'plan-period', type: 'range', min: 0, max: 0, step: 1, value: 0, disabled: true });
  const yearLabel = el('strong', { id: 'plan-period-year', text: '—' });
  const status = el('p', { id: 'plan-status', class: 'message', role: 'status' });
  const periodFacts = el('div', { id: 'plan-period-facts' });
  const summary = el('div', { id: 'plan-summary' });
  byId('panel').append(
    el('section', { id: 'plan-panel' }, [
      el('h2', { text: 'Staged plan' }),
      el('p', { class: 'hint', text: 'When to build the submitted candidates (plan job: default demand grown by the built-in CAGRs, NPV-optimal build years). The slider shows each period\'s optimized flows: width = TEU/yr on one scale for all periods, colour = utilization.' }),
      el('div', { class: 'row' }, [el('label', {}, ['Horizon (period years) ', horizonInput]), el('label', {}, ['Budget per period, USD ', budgetInput])]),
      el('div', { class: 'buttons' }, [runButton, clearButton]),
      el('label', {}, ['Period ', slider, ' ', yearLabel]),
      status,
      periodFacts,
      summary,
    ]),
  );
  const group = L.layerGroup().addTo(ctx.map);
  let report: PlanReport | null = null;
  let generation = 0;

  const clear = () => {
    generation++;
    report = null;
    group.clearLayers();
    slider.disabled = true;
    slider.max = '0';
    slider.value = '0';
    yearLabel.textContent = '—';
    periodFacts.replaceChildren();
    summary.replaceChildren();
    status.textContent = '';
    status.className = 'message';
    runButton.disabled = false;
    document.body.removeAttribute('data-plan-period');
  };

  const showPeriod = (index: number) => {
    group.clearLayers();
    if (!report || !ctx.network) return;
    const period = report.periods[index];
    if (!period) return;
    slider.value = String(index);
    yearLabel.textContent = `${period.year}–${period.endYear - 1}`;
    const maxFlow = Math.max(0, ...report.periods.flatMap((p) => periodLinkFlows(p).map((x) => x.flowTeuPerYear)));
    let offMap = 0;
    for (const x of periodLinkFlows(period).sort((a, b) => b.flowTeuPerYear - a.flowTeuPerYear)) {
      const link = ctx.network.links.get(x.id);
      if (!link) {
        offMap++; // a submitted candidate's own link: drawn by the candidate layer, not part of the network file
        continue;
      }
      const line = L.polyline(link.geometry.coordinates.map(toLatLng), {
        pane: 'flows',
        color: x.maxUtilization === null ? UNCAPACITATED_COLOR : utilizationColor(x.maxUtilization),
        weight: flowWidthPx(x.flowTeuPerYear, maxFlow),
        opacity: 0.85,
        lineCap: 'butt',
        className: 'plan-flow-line',
      });
      line.bindTooltip(el('span', { text: `${link.properties.name ?? x.id}, ${period.year}: ${formatCompact(x.flowTeuPerYear)} TEU/yr${x.maxUtilization === null ? '' : ` · ${(x.maxUtilization * 100).toFixed(0)} %`}` }), { sticky: true });
      line.addTo(group);
      line.getElement()?.setAttribute('data-link-id', x.id);
      line.getElement()?.setAttribute('data-flow-teu', String(x.flowTeuPerYear));
    }
    const facts: [string, string][] = [
      ['Demand', `${formatNumber(period.demandTeu)} TEU/yr`],
      ['Served', period.servedTeu === null ? period.status : `${formatNumber(period.servedTeu)} TEU/yr (unserved ${formatNumber(period.unservedTeu)})`],
      ['Built by then', period.built.length ? period.built.join(', ') : 'none'],
      ['Capex in period', `${formatCompact(period.capexUsd)} USD`],
    ];
    if (period.bottlenecks.length) facts.push(['Bottlenecks', period.bottlenecks.slice(0, 3).map((b) => (b.name ?? b.id).split(' (')[0]).join(', ')]);
    if (offMap) facts.push(['Not drawn', `${offMap} candidate link(s) with flow`]);
    periodFacts.replaceChildren(el('dl', { id: 'plan-facts' }, facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])));
    ctx.network.setDimmed(true);
    document.body.setAttribute('data-plan-period', String(period.year));
  };

  const show = (r: PlanReport) => {
    hooks.beforeShow?.();
    report = r;
    slider.max = String(r.periods.length - 1);
    slider.disabled = r.periods.length < 2;
    const rows = r.timeline.map((t) =>
      el('tr', { 'data-candidate-id': t.id }, [
        el('td', { text: t.name ?? t.id }),
        el('td', { class: 'num', text: t.decisionYear === null ? 'not built' : String(t.decisionYear) }),
        el('td', { class: 'num', text: t.openingYear === null ? '—' : String(t.openingYear) }),
        el('td', { class: 'num', text: formatCompact(t.pvCapexUsd) }),
      ]),
    );
    summary.replaceChildren(
      el('h3', { text: `NPV ${r.npvUsd === null ? '—' : `${formatCompact(r.npvUsd)} USD`} (${r.method}, ${r.status})` }),
      el('table', { class: 'compact', id: 'plan-timeline' }, [
        el('thead', {}, [el('tr', {}, ['candidate', 'decision', 'opens', 'PV capex USD'].map((h) => el('th', { text: h })))]),
        el('tbody', {}, rows),
      ]),
    );
    showPeriod(0);
  };

  const run = async () => {
    const mine = ++generation;
    runButton.disabled = true;
    status.className = 'message';
    status.textContent = 'Planning…';
    try {
      const horizon = horizonInput.value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
      if (!horizon.length || horizon.some((y) => !Number.isInteger(y))) throw new Error(`horizon: give whole years separated by commas, e.g. ${DEFAULT_HORIZON}`);
      const body: Record<string, unknown> = { horizon, flows: true, top: 5 };
      if (budgetInput.value.trim()) body.budgetPerPeriodUsd = Number(budgetInput.value);
      const state = await runJob<PlanReport>(`/networks/${encodeURIComponent(ctx.networkId)}/plan`, body, (p, s) => {
        if (mine === generation) status.textContent = `Planning… ${s} ${(p * 100).toFixed(0)} %`;
      });
      if (mine !== generation) return;
      if (state.status !== 'succeeded' || !state.result) {
        status.textContent = `Plan failed: ${jobErrorText(state)}`;
        status.className = 'message error';
        return;
      }
      show(state.result);
      status.textContent = `Solved: ${state.result.status}${state.result.status !== 'optimal' && state.result.message ? ` (${state.result.message})` : ''}.`;
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = `Plan: ${describeError(error)}`;
      status.className = 'message error';
    } finally {
      if (mine === generation) runButton.disabled = false;
    }
  };

  runButton.addEventListener('click', () => void run());
  clearButton.addEventListener('click', () => {
    clear();
    ctx.network?.setDimmed(false);
  });
  slider.addEventListener('input', () => showPeriod(Number(slider.value)));
  return { run, showPeriod, clear };
}
