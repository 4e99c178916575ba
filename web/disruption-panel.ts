import { NAMED_DISRUPTIONS } from '../src/named-disruptions.js';
import { ApiError, describeError, jobErrorText, runJob } from './api-client.js';
import type { OptimizeResult } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatCompact, formatNumber } from './dom.js';

/** The named disruptions offered as toggles, in the order of the panel. */
export const DISRUPTION_TOGGLES = ['suez', 'malacca', 'bab-el-mandeb', 'alashankou', 'khorgos', 'three-gorges-locks'] as const;

/** What the panel calls when the set of closures changes. */
export interface DisruptionHooks {
  /** Re-run the route with the new closures (no-op when the route form is empty). */
  rerunRoute(): Promise<void>;
  /** Draw the disrupted assignment's flows (the optimization view), titled. */
  showFlows(result: OptimizeResult, title: string): void;
}

/** Pull the headline numbers out of a disrupt result, whatever nesting the job uses. */
export function disruptionFacts(result: unknown): [string, string][] {
  const r = (result ?? {}) as Record<string, unknown>;
  const facts: [string, string][] = [];
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const pick = (...path: string[]) => {
    let v: unknown = r;
    for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return num(v);
  };
  const extra = pick('extraCostUsd') ?? pick('deltaObjectiveUsd') ?? pick('delta', 'objectiveUsd');
  if (extra !== null) facts.push(['Extra generalized cost', `${formatCompact(extra)} USD/yr`]);
  const before = pick('baseline', 'objectiveUsd');
  const after = pick('disrupted', 'objectiveUsd');
  if (before !== null && after !== null) facts.push(['Generalized cost', `${formatCompact(before)} → ${formatCompact(after)} USD/yr`]);
  const unservedBefore = pick('baseline', 'unservedTeu');
  const unservedAfter = pick('disrupted', 'unservedTeu');
  if (unservedAfter !== null) facts.push(['Unserved', `${unservedBefore === null ? '' : `${formatNumber(unservedBefore)} → `}${formatNumber(unservedAfter)} TEU/yr`]);
  const rerouted = pick('reroutedTeu') ?? pick('reroutedTeuPerYear');
  if (rerouted !== null) facts.push(['Rerouted', `${formatNumber(rerouted)} TEU/yr`]);
  return facts;
}

/**
 * Wire up the disruption toggles (#disrupt-<name>): each toggle updates the closures, re-runs the route
 * with `avoid=` and starts the disrupt job, whose outcome goes to #disrupt-job-result.
 */
export function createDisruptionPanel(ctx: AppContext, hooks: DisruptionHooks): { reset(): void } {
  const box = byId('disruption-toggles');
  const jobResult = byId('disrupt-job-result');
  const runJobBox = byId<HTMLInputElement>('disrupt-run-job');
  const inputs: HTMLInputElement[] = [];
  for (const name of DISRUPTION_TOGGLES) {
    const input = el('input', { type: 'checkbox', id: `disrupt-${name}`, value: name, 'data-disruption': name });
    inputs.push(input);
    box.append(el('label', { class: 'toggle', for: `disrupt-${name}`, title: NAMED_DISRUPTIONS[name]?.description ?? name }, [input, name]));
  }
  let generation = 0;

  const runDisruptJob = async () => {
    const mine = ++generation;
    const closures = [...ctx.closures];
    if (!closures.length || !runJobBox.checked) {
      jobResult.replaceChildren();
      return;
    }
    jobResult.replaceChildren(el('p', { text: 'Disrupt job: re-optimizing the default demand with the closures…' }));
    try {
      const state = await runJob(`/networks/${encodeURIComponent(ctx.networkId)}/disrupt`, { close: closures }, (p, s) => {
        if (mine === generation) jobResult.replaceChildren(el('p', { text: `Disrupt job… ${s} ${(p * 100).toFixed(0)} %` }));
      });
      if (mine !== generation) return;
      if (state.status !== 'succeeded') {
        jobResult.replaceChildren(el('p', { class: 'message error', text: `Disrupt job failed: ${jobErrorText(state)}` }));
        return;
      }
      const facts = disruptionFacts(state.result);
      const disrupted = (state.result as { disrupted?: OptimizeResult } | undefined)?.disrupted;
      if (disrupted && Array.isArray(disrupted.links)) hooks.showFlows(disrupted, `Flows with ${closures.join(', ')} closed`);
      jobResult.replaceChildren(
        el('h3', { text: `Network effect of closing ${closures.join(', ')}` }),
        facts.length
          ? el('dl', {}, facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]))
          : el('p', { class: 'hint', text: 'The disrupt job finished; its result has no summary figures this page knows.' }),
      );
    } catch (error) {
      if (mine !== generation) return;
      const notThere = error instanceof ApiError && (error.status === 501 || error.status === 404);
      jobResult.replaceChildren(
        el('p', { class: notThere ? 'message warn' : 'message error', text: notThere ? `This server has no disrupt job (${error instanceof ApiError ? error.status : ''}); the route above shows the rerouting.` : `Disrupt job: ${describeError(error)}` }),
      );
    }
  };

  const onToggle = async () => {
    ctx.closures.clear();
    for (const input of inputs) if (input.checked) ctx.closures.add(input.value);
    await Promise.all([hooks.rerunRoute(), runDisruptJob()]);
  };
  for (const input of inputs) input.addEventListener('change', () => void onToggle());
  runJobBox.addEventListener('change', () => void runDisruptJob());

  return {
    reset() {
      generation++;
      for (const input of inputs) input.checked = false;
      ctx.closures.clear();
      jobResult.replaceChildren();
    },
  };
}
