import type { Problem } from '../src/shared/index.js';
import { validateCandidates, type Candidate } from '../src/evaluate/index.js';
import type { Network } from '../src/network/index.js';
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

/** What the incremental check needs to know of a network's other candidates (never their full text). */
export interface OtherCandidates {
  /** Whether another candidate of the network has this id. */
  hasId(id: string): boolean;
  /** The other candidate that upgrades this target id, if any. */
  upgradeOf(targetId: string): string | undefined;
  /** Who holds an id already, in words (e.g. `link candidate "rail-2" by alice, submitted …`), for the duplicate message. */
  describe?(id: string): string | undefined;
}

/** The message for an id another candidate of the network already has: name that candidate and what to do. */
function duplicateIdMessage(network: Network, others: OtherCandidates, id: string): string {
  const who = others.describe?.(id);
  if (who === undefined) return `duplicate candidate id "${id}" (already submitted to network "${network.id}")`;
  return `duplicate candidate id "${id}" (already used by the ${who}; PATCH or DELETE /networks/${network.id}/candidates/${encodeURIComponent(id)} to change it, or choose another id)`;
}

/**
 * The same check as checkSubmission, incrementally: the new submission alone against the network, and
 * against the other candidates' ids and upgrade targets only (the only ways candidates interact in the
 * evaluation's validator). checkSubmission re-validates every stored candidate, so a network's N-th
 * submission cost O(N) and all N cost O(N²) (POST #200 took 1.85 s in issue 20).
 *
 * The validator is also given a slim copy of the network, with only what the submission touches: a
 * candidate link's two endpoint nodes (the validator checks references, types and the 50 km rule), an
 * upgrade's target (and a target link's end nodes). An id that is a network node or link id, an unknown
 * endpoint or target fall back to the full check against the network alone (error paths, with the
 * validator's closest-name suggestions). Tested equal to checkSubmission (tests/api-candidates-incremental.test.ts);
 * only a duplicate of another candidate's id has its own message (it names the network, not a feature index).
 */
export function checkSubmissionIncremental(network: Network, others: OtherCandidates, s: StoredSubmission): Problem[] {
  const id = candidateId(s);
  const targetId = s.type === 'upgrade' ? s.target.id : null;
  const nodeById = new Map<string, Network['nodes'][number]>();
  const linkById = new Map<string, Network['links'][number]>();
  const ends = s.type === 'Feature' ? (s.properties as { from?: unknown; to?: unknown }) : null;
  const needNodes: unknown[] = ends ? [ends.from, ends.to] : [];
  for (const n of network.nodes) if (n.id === id || n.id === targetId || needNodes.includes(n.id)) nodeById.set(n.id, n);
  for (const l of network.links) if (l.id === id || l.id === targetId) linkById.set(l.id, l);
  const target = targetId === null ? undefined : linkById.get(targetId);
  if (target) for (const n of network.nodes) if (n.id === target.from || n.id === target.to) nodeById.set(n.id, n);
  const clashes = (id !== targetId && linkById.has(id)) || nodeById.has(id);
  const unknownTarget = targetId !== null && !linkById.has(targetId) && !nodeById.has(targetId);
  const unknownEndpoint = needNodes.some((n) => typeof n !== 'string' || !nodeById.has(n));
  if (clashes || unknownTarget || unknownEndpoint) {
    // The slim network cannot see an id clash (the validator then leaves the candidate out of the merge),
    // nor suggest the closest names for an unknown node or target. Error paths, so the full check against
    // the network (O(network), still not O(candidates)) says them exactly; its problems stop the claims on
    // the other candidates, as in validateCandidates.
    return checkSubmission(network, [], s);
  }
  // Only the elements the submission touches: its two endpoints, or its target (and a target link's ends).
  const slim: Network = { ...network, nodes: network.nodes.filter((n) => nodeById.has(n.id)), links: target ? [target] : [] };
  const report = validateCandidates([toCandidateInput(s)], slim);
  const idPath = s.type === 'upgrade' ? 'body.id' : 'body.properties.id';
  const problems: Problem[] = report.problems
    .filter((p) => p.featureIndex === 0)
    .map(({ featureIndex: _f, ...p }) => ({ ...p, path: p.path.replace(s.type === 'upgrade' ? 'candidates[0].properties' : 'candidates[0]', 'body') }));
  if (s.type === 'Feature') {
    if (!problems.some((p) => p.property === 'id') && others.hasId(id)) problems.push({ path: idPath, id, property: 'id', message: duplicateIdMessage(network, others, id) });
    return problems;
  }
  // An upgrade's id and target are claimed only once it is valid on its own (as in validateCandidates).
  if (problems.length) return problems;
  if (others.hasId(id)) return [{ path: idPath, id, property: 'id', message: duplicateIdMessage(network, others, id) }];
  const other = others.upgradeOf(s.target.id);
  if (other !== undefined) {
    return [{ path: 'body.target', id, property: 'target', message: `upgrade "${id}": "${s.target.id}" is already upgraded by "${other}"; merge them into one candidate (two upgrades of one element cannot be built independently)` }];
  }
  const isNode = network.nodes.some((n) => n.id === s.target.id);
  if ((s.target.kind === 'node') !== isNode) {
    problems.push({ path: 'body.target.kind', property: 'kind', message: `"${s.target.id}" is a ${isNode ? 'node' : 'link'} of network "${network.id}", not a ${s.target.kind}` });
  }
  return problems;
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
