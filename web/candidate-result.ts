import type { CandidateEvaluationResult } from './api-types.js';
import { el, formatNumber } from './dom.js';
import { modeLabel } from './mode-colors.js';

/** The evaluate job's entry for one candidate (`result.candidates[]`), or null. */
export function evaluationEntry(result: unknown, candidateId: string): CandidateEvaluationResult | null {
  const list = (result as { candidates?: unknown } | null)?.candidates;
  if (!Array.isArray(list)) return null;
  return (list as CandidateEvaluationResult[]).find((c) => c.id === candidateId) ?? null;
}

const usdPerYear = (v: number) => `${formatNumber(v)} USD/yr`;

/**
 * What sits under the four headline numbers (issue 19): the benefit split into its parts, where the
 * candidate's traffic comes from (newly served demand, mode shift, the links that lost flow) and the
 * evaluation's warnings (e.g. a benefit that is mostly the saved unserved-demand penalty, issue 18).
 */
export function evaluationDetails(e: CandidateEvaluationResult): HTMLElement[] {
  const out: HTMLElement[] = [];
  const b = e.benefitBreakdown;
  if (b) {
    const rows: [string, string, number][] = [
      ['Money (freight charges)', 'money', b.moneyUsd],
      ['Time (value of time)', 'time', b.timeUsd],
      ['Carbon', 'carbon', b.carbonUsd],
      ['Unserved-demand penalty', 'unserved', b.unservedPenaltyUsd],
    ];
    out.push(
      el('h4', { text: 'Benefit breakdown (saving per year; parts sum to the annual benefit)' }),
      el('table', { id: 'candidate-benefit-breakdown', class: 'facts' }, [
        el('tbody', {}, rows.map(([label, key, v]) => el('tr', { 'data-part': key }, [el('th', { text: label }), el('td', { class: 'num', text: usdPerYear(v) })]))),
      ]),
    );
  }
  const traffic: HTMLElement[] = [
    el('li', { 'data-testid': 'attracted', text: `Attracted: ${formatNumber(e.attractedTeu)} TEU/yr on the candidate` }),
    el('li', { 'data-testid': 'newly-served', text: `Newly served demand (had no route before): ${formatNumber(e.newlyServedTeu)} TEU/yr` }),
  ];
  if (e.reroutedTeu !== null) traffic.push(el('li', { text: `Rerouted: ${formatNumber(e.reroutedTeu)} TEU/yr` }));
  const shifts = e.modeShift.filter((m) => Math.round(m.deltaTeuKm) !== 0 || Math.round(m.deltaTeuPerYear) !== 0);
  for (const m of shifts) {
    traffic.push(el('li', { class: 'mode-shift', 'data-mode': m.mode, text: `${modeLabel(m.mode)}: ${m.deltaTeuPerYear >= 0 ? '+' : ''}${formatNumber(m.deltaTeuPerYear)} TEU/yr, ${m.deltaTeuKm >= 0 ? '+' : ''}${formatNumber(m.deltaTeuKm)} TEU-km/yr` }));
  }
  if (!shifts.length) traffic.push(el('li', { class: 'hint', text: 'No mode shift.' }));
  for (const l of e.shiftedFrom.slice(0, 5)) {
    traffic.push(el('li', { class: 'shifted-from', 'data-link-id': l.id, text: `from ${l.name ?? l.id} (${l.from} → ${l.to}): ${formatNumber(l.deltaTeuPerYear)} TEU/yr` }));
  }
  out.push(el('h4', { text: 'Where its traffic comes from' }), el('ul', { id: 'candidate-traffic' }, traffic));
  out.push(
    el('h4', { text: 'Warnings' }),
    e.warnings.length
      ? el('ul', { id: 'candidate-warnings', class: 'message warn' }, e.warnings.map((w) => el('li', { text: w })))
      : el('p', { id: 'candidate-warnings', class: 'hint', text: 'None.' }),
  );
  return out;
}
