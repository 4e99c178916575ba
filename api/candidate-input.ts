import type { Problem } from '../src/errors.js';
import { validateCandidates, type Candidate } from '../src/evaluate/candidates.js';
import type { Network } from '../src/network.js';
import type { CandidateSubmission } from './schemas.js';
import type { StoredCandidate } from './store.js';

/** A submission as stored: the validated body without author/notes, with the upgrade id filled in. */
export type StoredSubmission = CandidateSubmission extends infer T ? (T extends unknown ? Omit<T, 'author' | 'notes'> : never) : never;

/** The candidate id of a submission: the link's `properties.id`, or the upgrade's `id` (default `upgrade-<target>`). */
export function candidateId(s: StoredSubmission): string {
  return s.type === 'Feature' ? s.properties.id : (s.id ?? `upgrade-${s.target.id}`);
}

/**
 * A stored submission in the candidates format of src/evaluate (docs/candidates-format.md): a link stays a
 * Feature; an upgrade becomes bare upgrade properties with `target` as an id string.
 */
export function toCandidateInput(s: StoredSubmission): unknown {
  if (s.type === 'Feature') return { type: 'Feature', geometry: s.geometry, properties: s.properties };
  const { target, ...rest } = s;
  return { ...rest, id: candidateId(s), target: target.id };
}

/**
 * Check one submission against the network and the other candidates of that network with the
 * evaluation's own validator (so the API accepts exactly what an evaluation can use: nodes exist,
 * geometry ends near them, ids unique, an upgrade improves its target, one upgrade per target).
 * Returns the problems of this submission, with paths relative to the request body.
 */
export function checkSubmission(network: Network, others: readonly StoredCandidate[], s: StoredSubmission): Problem[] {
  const items = [...others.map((c) => toCandidateInput(JSON.parse(c.submission) as StoredSubmission)), toCandidateInput(s)];
  const last = items.length - 1;
  const report = validateCandidates(items, network);
  const problems = nameExistingCandidates(report.problems, others, network.id)
    .filter((p) => p.featureIndex === last)
    .map(({ featureIndex: _f, ...p }) => ({ ...p, path: p.path.replace(s.type === 'upgrade' ? `candidates[${last}].properties` : `candidates[${last}]`, 'body') }));
  if (s.type === 'upgrade' && !problems.length) {
    const isNode = network.nodes.some((n) => n.id === s.target.id);
    if ((s.target.kind === 'node') !== isNode) {
      problems.push({ path: 'body.target.kind', property: 'kind', message: `"${s.target.id}" is a ${isNode ? 'node' : 'link'} of network "${network.id}", not a ${s.target.kind}` });
    }
  }
  return problems;
}

/**
 * All candidates submitted to a network, validated for an evaluation.
 * @throws ValidationError when a stored candidate no longer fits the network (e.g. a built-in network changed)
 */
export function storedCandidates(network: Network, stored: readonly StoredCandidate[]): { candidates: Candidate[]; problems: Problem[] } {
  const report = validateCandidates(stored.map((c) => toCandidateInput(JSON.parse(c.submission) as StoredSubmission)), network);
  return { candidates: report.candidates ?? [], problems: report.problems };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Accept a candidate as the candidates file writes it (docs/candidates-format.md), as well as the API's
 * own form: an upgrade Feature (`geometry: null`, `properties.type: "upgrade"`) becomes the bare upgrade;
 * a `target` given as an id string becomes `{kind, id}` with the kind looked up in the network (a link
 * when it is neither, so the evaluation's validator names the unknown id); `author` (and, for upgrades,
 * `notes`) inside `properties` move up to the submission. Anything else is returned unchanged.
 */
export function normalizeCandidateSubmission(raw: unknown, network: Network | null): unknown {
  if (!isObject(raw)) return raw;
  let body: Record<string, unknown> = raw;
  const props = isObject(body.properties) ? body.properties : null;
  if (body.type === 'Feature' && props && (body.geometry === null || props.type === 'upgrade')) {
    const { type: _t, ...rest } = props;
    const { properties: _p, geometry: _g, type: _f, ...outer } = body;
    body = { ...outer, ...rest, type: 'upgrade' };
  } else if (body.type === 'Feature' && props && 'author' in props) {
    const { author, ...rest } = props;
    body = { ...body, properties: rest, ...(body.author === undefined ? { author } : {}) };
  }
  if (body.type === 'upgrade' && typeof body.target === 'string') {
    const id = body.target;
    const kind = network?.nodes.some((n) => n.id === id) ? 'node' : 'link';
    body = { ...body, target: { kind, id } };
  }
  return body;
}

/**
 * Rewrite "first used by feature N" of the evaluation's validator (N = a position among the network's
 * stored candidates) into the existing candidate's id, author and date, with what to do about it.
 */
export function nameExistingCandidates(problems: Problem[], others: readonly StoredCandidate[], networkId: string): Problem[] {
  return problems.map((p) => {
    const m = /\(first used by feature (\d+)\)/.exec(p.message);
    const other = m ? others[Number(m[1])] : undefined;
    if (!m || !other) return p;
    const who = `${other.kind} candidate "${other.id}"${other.author ? ` by ${other.author}` : ''}, submitted ${other.createdAt}`;
    return { ...p, message: p.message.replace(m[0], `(already used by the ${who}; PATCH or DELETE /networks/${networkId}/candidates/${other.id} to change it, or choose another id)`) };
  });
}
