import * as L from 'leaflet';
import { ApiError, apiJson, describeError, jobErrorText, runJob } from './api-client.js';
import type { NodeFeature } from './api-types.js';
import type { AppContext } from './app-context.js';
import { byId, el, formatNumber } from './dom.js';
import { MODE_COLORS, modeColor, modeLabel } from './mode-colors.js';
import { toLatLng } from './network-layer.js';
import { evaluationDetails, evaluationEntry } from './candidate-result.js';
import { suggestFromRoute } from './candidate-suggestion.js';

/** The candidate-link panel: pick two nodes, describe the link, submit it and evaluate it. */
export interface CandidatePanel {
  /** True while the panel waits for node clicks. */
  readonly picking: boolean;
  /** A node was clicked while picking: the first is `from`, the second `to`. */
  pickNode(node: NodeFeature): void;
  /** Draw the candidates submitted to the current network (GET …/candidates), dashed. */
  refreshSubmitted(): Promise<void>;
  clear(): void;
}

/** A stored candidate as GET /networks/:id/candidates lists it (only what the map draws). */
interface CandidateRecord {
  id: string;
  kind: 'link' | 'upgrade';
  author: string | null;
  submission: { geometry?: { coordinates?: number[][] }; properties?: { mode?: string; capacityTeuPerYear?: number; capexUsd?: number } };
}

/** The evaluation figures the panel shows, wherever the evaluate result keeps them. */
export interface CandidateEvaluation {
  id: string;
  /** USD per year saved by the network with the candidate. */
  annualBenefitUsd: number | null;
  /** Benefit–cost ratio (annual benefit ÷ annualized capex). */
  bcr: number | null;
  /** Net present value, USD. */
  npvUsd: number | null;
  /** TEU per year on the candidate. */
  attractedTeu: number | null;
}

/**
 * Find a candidate's evaluation in an evaluate result: a list under `candidates` (or the result itself
 * as a list) with an entry per candidate id, holding annualBenefitUsd, bcr (or benefitCostRatio) and npvUsd.
 */
export function findEvaluation(result: unknown, candidateId: string): CandidateEvaluation | null {
  const record = result as Record<string, unknown> | null;
  const list = Array.isArray(result) ? result : Array.isArray(record?.candidates) ? record.candidates : Array.isArray(record?.evaluations) ? record.evaluations : null;
  const entry = (list?.find((c) => (c as { id?: unknown }).id === candidateId) ?? (record && record.id === candidateId ? record : null)) as Record<string, unknown> | null;
  if (!entry) return null;
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof entry[k] === 'number') return entry[k] as number;
    return null;
  };
  return { id: candidateId, annualBenefitUsd: num('annualBenefitUsd'), bcr: num('bcr', 'benefitCostRatio'), npvUsd: num('npvUsd', 'netPresentValueUsd'), attractedTeu: num('attractedTeu', 'attractedTeuPerYear') };
}

/** A candidate id from its ends and mode, e.g. "chongqing-qinzhou-rail-candidate". */
export function candidateId(from: string, to: string, mode: string): string {
  return `${from}-${to}-${mode}-candidate`.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

/** Wire up #candidate-form against POST /networks/:id/candidates and the evaluate job. */
export function createCandidatePanel(ctx: AppContext): CandidatePanel {
  const form = byId<HTMLFormElement>('candidate-form');
  const pickButton = byId<HTMLButtonElement>('candidate-pick');
  const from = byId<HTMLInputElement>('candidate-from');
  const to = byId<HTMLInputElement>('candidate-to');
  const mode = byId<HTMLSelectElement>('candidate-mode');
  const gauge = byId<HTMLSelectElement>('candidate-gauge');
  const id = byId<HTMLInputElement>('candidate-id');
  const capacity = byId<HTMLInputElement>('candidate-capacity');
  const lengthKm = byId<HTMLInputElement>('candidate-length');
  const speedKmh = byId<HTMLInputElement>('candidate-speed');
  const costUsdPerTeuKm = byId<HTMLInputElement>('candidate-cost');
  const suggestion = byId('candidate-suggestion');
  const capex = byId<HTMLInputElement>('candidate-capex');
  const lifetime = byId<HTMLInputElement>('candidate-lifetime');
  const source = byId<HTMLInputElement>('candidate-source');
  const author = byId<HTMLInputElement>('candidate-author');
  const notes = byId<HTMLTextAreaElement>('candidate-notes');
  const message = byId('candidate-message');
  const evaluation = byId('candidate-evaluation');
  for (const m of Object.keys(MODE_COLORS)) mode.append(el('option', { value: m, text: modeLabel(m) }));
  const group = L.layerGroup().addTo(ctx.map);
  const submittedGroup = L.layerGroup().addTo(ctx.map);
  let picking = false;
  let idEdited = false;
  // A figure the planner typed is kept; a suggested one follows the picked nodes and mode.
  const edited = new Set<HTMLInputElement>();
  for (const input of [lengthKm, speedKmh, costUsdPerTeuKm]) input.addEventListener('input', () => (input.value.trim() ? edited.add(input) : edited.delete(input)));
  let suggestedFor = '';
  const suggest = (a: NodeFeature, b: NodeFeature) => {
    const key = `${ctx.networkId}|${a.properties.id}|${b.properties.id}|${mode.value}`;
    if (key === suggestedFor) return;
    suggestedFor = key;
    suggestion.removeAttribute('data-suggested');
    suggestion.textContent = 'Looking up the existing route for a suggested length…';
    suggestFromRoute(ctx.networkId, a.properties.id, b.properties.id, mode.value)
      .then((s) => {
        if (key !== suggestedFor) return; // the nodes or the mode changed meanwhile
        const fill = (input: HTMLInputElement, value: number | null) => {
          if (!edited.has(input)) input.value = value === null ? '' : String(value);
        };
        fill(lengthKm, s?.lengthKm ?? null);
        fill(speedKmh, s?.speedKmh ?? null);
        fill(costUsdPerTeuKm, s?.costUsdPerTeuKm ?? null);
        suggestion.textContent = s ? `${s.basis}; edit to override.` : `No existing ${modeLabel(mode.value)} route between them: length defaults to the straight line.`;
        suggestion.setAttribute('data-suggested', s ? String(s.lengthKm) : 'none');
      })
      .catch((error) => {
        if (key === suggestedFor) suggestion.textContent = `No suggested length: ${describeError(error)}`;
      });
  };

  const setMessage = (text: string, kind: '' | 'warn' | 'error' = '') => {
    message.textContent = text;
    message.className = kind ? `message ${kind}` : 'message';
  };

  const nodeOf = (value: string) => ctx.network?.nodes.get(value.trim()) ?? null;

  const preview = () => {
    group.clearLayers();
    const a = nodeOf(from.value);
    const b = nodeOf(to.value);
    // Under the nodes (routes pane), so the second node can still be clicked next to the first.
    if (a) L.circleMarker(toLatLng(a.geometry.coordinates), { pane: 'routes', radius: 8, color: '#111827', weight: 2, fill: false, interactive: false }).addTo(group);
    if (a && b) {
      L.polyline([toLatLng(a.geometry.coordinates), toLatLng(b.geometry.coordinates)], {
        pane: 'routes', color: modeColor(mode.value), weight: 4, dashArray: '8 6', className: 'candidate-preview',
      }).addTo(group);
      if (!idEdited) id.value = candidateId(a.properties.id, b.properties.id, mode.value);
      suggest(a, b);
    }
  };

  const setPicking = (on: boolean) => {
    picking = on;
    pickButton.textContent = on ? 'Cancel picking' : 'Pick two nodes on the map';
    pickButton.classList.toggle('active', on);
    ctx.map.getContainer().classList.toggle('picking', on);
    if (on) setMessage('Click the first node (from).');
  };

  pickButton.addEventListener('click', () => {
    if (!picking) {
      from.value = '';
      to.value = '';
      suggestedFor = '';
      suggestion.removeAttribute('data-suggested');
      suggestion.textContent = '';
      preview();
    }
    setPicking(!picking);
  });
  for (const input of [from, to, mode]) input.addEventListener('change', preview);
  // Gauge is a rail property; the API rejects it on other modes.
  const syncGauge = () => {
    gauge.disabled = mode.value !== 'rail';
  };
  mode.addEventListener('change', syncGauge);
  syncGauge();
  id.addEventListener('input', () => {
    idEdited = id.value.trim() !== '';
  });

  const positive = (input: HTMLInputElement, what: string, problems: string[]): number | null => {
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(value) || value <= 0) {
      problems.push(`${what} must be a number > 0`);
      return null;
    }
    return value;
  };

  const evaluate = async (submittedId: string) => {
    evaluation.replaceChildren(el('p', { text: 'Evaluating (optimize with and without the candidate)…' }));
    try {
      const state = await runJob(`/networks/${encodeURIComponent(ctx.networkId)}/evaluate`, { candidateIds: [submittedId] }, (p, s) => {
        evaluation.replaceChildren(el('p', { text: `Evaluating… ${s} ${(p * 100).toFixed(0)} %` }));
      });
      if (state.status !== 'succeeded') {
        evaluation.replaceChildren(el('p', { class: 'message error', text: `Evaluation failed: ${jobErrorText(state)}` }));
        return;
      }
      const e = findEvaluation(state.result, submittedId);
      if (!e) {
        evaluation.replaceChildren(el('p', { class: 'message warn', text: `The evaluation has no entry for "${submittedId}".` }));
        return;
      }
      evaluation.replaceChildren(
        el('h3', { text: `Evaluation of ${submittedId}` }),
        el('dl', { id: 'candidate-evaluation-facts' }, [
          el('dt', { text: 'Annual benefit' }), el('dd', { 'data-testid': 'annual-benefit', text: `${formatNumber(e.annualBenefitUsd)} USD/yr` }),
          el('dt', { text: 'Benefit–cost ratio' }), el('dd', { 'data-testid': 'bcr', text: e.bcr === null ? '—' : e.bcr.toFixed(2) }),
          el('dt', { text: 'NPV' }), el('dd', { 'data-testid': 'npv', text: `${formatNumber(e.npvUsd)} USD` }),
          el('dt', { text: 'Attracted' }), el('dd', { text: `${formatNumber(e.attractedTeu)} TEU/yr` }),
        ]),
      );
      const entry = evaluationEntry(state.result, submittedId);
      if (entry) evaluation.append(...evaluationDetails(entry));
    } catch (error) {
      const text = error instanceof ApiError && error.status === 501
        ? `This server cannot evaluate candidates yet (501 Not Implemented): ${error.message}`
        : `Evaluation: ${describeError(error)}`;
      evaluation.replaceChildren(el('p', { class: error instanceof ApiError && error.status === 501 ? 'message warn' : 'message error', text }));
    }
  };

  const refreshSubmitted = async () => {
    const networkId = ctx.networkId;
    const { candidates } = await apiJson<{ candidates: CandidateRecord[] }>(`/networks/${encodeURIComponent(networkId)}/candidates`);
    if (networkId !== ctx.networkId) return;
    submittedGroup.clearLayers();
    for (const c of candidates) {
      const coords = c.submission.geometry?.coordinates;
      if (c.kind !== 'link' || !coords) continue;
      const p = c.submission.properties ?? {};
      const line = L.polyline(coords.map(toLatLng), {
        pane: 'network', color: modeColor(p.mode ?? ''), weight: 3, dashArray: '6 5', className: 'candidate-link submitted-candidate',
      });
      line.bindTooltip(el('span', { text: `submitted candidate ${c.id}${c.author ? ` by ${c.author}` : ''} · ${formatNumber(p.capacityTeuPerYear)} TEU/yr · capex ${formatNumber(p.capexUsd)} USD` }), { sticky: true });
      line.addTo(submittedGroup);
      line.getElement()?.setAttribute('data-candidate-id', c.id);
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems: string[] = [];
    const a = nodeOf(from.value);
    const b = nodeOf(to.value);
    if (!a) problems.push(`"from" must be a node id of this network${from.value ? ` (not "${from.value}")` : ''}`);
    if (!b) problems.push(`"to" must be a node id of this network${to.value ? ` (not "${to.value}")` : ''}`);
    if (a && b && a === b) problems.push('"from" and "to" must differ');
    const capacityTeuPerYear = positive(capacity, 'Capacity', problems);
    const capexUsd = positive(capex, 'Capex', problems);
    const lifetimeYears = positive(lifetime, 'Lifetime', problems);
    // Optional: empty leaves the server's default (geodesic length, the mode's speed and cost).
    const optional = (input: HTMLInputElement, what: string) => (input.value.trim() === '' ? undefined : positive(input, what, problems) ?? undefined);
    const figures = { lengthKm: optional(lengthKm, 'Length'), speedKmh: optional(speedKmh, 'Speed'), costUsdPerTeuKm: optional(costUsdPerTeuKm, 'Cost') };
    if (problems.length || !a || !b || capacityTeuPerYear === null || capexUsd === null || lifetimeYears === null) {
      setMessage(problems.join('; '), 'error');
      return;
    }
    const candidate = id.value.trim() || candidateId(a.properties.id, b.properties.id, mode.value);
    const body: Record<string, unknown> = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [a.geometry.coordinates, b.geometry.coordinates] },
      properties: {
        id: candidate,
        from: a.properties.id,
        to: b.properties.id,
        mode: mode.value,
        status: 'candidate',
        ...figures,
        capacityTeuPerYear,
        capexUsd,
        lifetimeYears,
        source: source.value.trim() || 'planner submission on the map page',
      },
    };
    if (mode.value === 'rail' && gauge.value) (body.properties as Record<string, unknown>).gauge = Number(gauge.value);
    if (author.value.trim()) body.author = author.value.trim();
    if (notes.value.trim()) body.notes = notes.value.trim();
    setMessage('Submitting…');
    evaluation.replaceChildren();
    try {
      const stored = await apiJson<{ id?: string }>(`/networks/${encodeURIComponent(ctx.networkId)}/candidates`, { method: 'POST', body });
      const storedId = stored.id ?? candidate;
      setMessage(`Submitted candidate "${storedId}".`);
      group.clearLayers();
      idEdited = false;
      await refreshSubmitted();
      await evaluate(storedId);
    } catch (error) {
      setMessage(`Submit: ${describeError(error)}`, 'error');
    }
  });

  return {
    get picking() {
      return picking;
    },
    pickNode(node) {
      if (!picking) return;
      if (!from.value || to.value) {
        from.value = node.properties.id;
        to.value = '';
        setMessage(`From ${node.properties.name}. Click the second node (to).`);
      } else {
        if (node.properties.id === from.value) {
          setMessage('That is the "from" node; click a different node.', 'warn');
          return;
        }
        to.value = node.properties.id;
        setPicking(false);
        setMessage(`${from.value} → ${to.value}. Fill in capacity, capex and lifetime, then submit.`);
      }
      preview();
    },
    refreshSubmitted,
    clear() {
      setPicking(false);
      suggestedFor = '';
      edited.clear();
      for (const input of [lengthKm, speedKmh, costUsdPerTeuKm]) input.value = '';
      suggestion.textContent = '';
      group.clearLayers();
      submittedGroup.clearLayers();
      evaluation.replaceChildren();
      setMessage('');
    },
  };
}
