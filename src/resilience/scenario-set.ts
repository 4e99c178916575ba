import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NETWORKS_DIR, readJsonFile, NAMED_DISRUPTIONS, type DemandRow, type Network } from '../network/index.js';
import { closestNames, InvalidArgumentError, NotFoundError, ValidationError, type Problem } from '../shared/index.js';
import type { ClosuresAndDerates, DemandChange, Scenario as CorridorScenario } from '../graph/index.js';

/**
 * A change of the demand of the rows that match `origin` and/or `destination` (node ids; an absent one
 * matches any): either a factor on their volume or a new volume per row, TEU/yr.
 */
const demandChangeSchema = z
  .object({
    origin: z.string().min(1).optional(),
    destination: z.string().min(1).optional(),
    factor: z.number().finite().min(0).optional(),
    teuPerYear: z.number().finite().min(0).optional(),
    source: z.string().optional(),
  })
  .strict()
  .refine((d) => (d.factor === undefined) !== (d.teuPerYear === undefined), { message: 'give exactly one of "factor" (× the row volume) or "teuPerYear" (the new volume of each matching row)' })
  .refine((d) => d.origin !== undefined || d.destination !== undefined, { message: 'give "origin" and/or "destination" (node ids) to say which demand rows change' });

const scenarioSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id of letters, digits, ".", "_" or "-"'),
    name: z.string().min(1),
    probability: z.number().finite().min(0).max(1).optional(),
    weight: z.number().finite().min(0).optional(),
    /** Where the probability comes from, or "estimate: …" with the reasoning. */
    source: z.string().min(1).optional(),
    close: z.array(z.string().min(1)).default([]),
    derate: z.record(z.string(), z.number().finite().min(0)).default({}),
    demand: z.array(demandChangeSchema).default([]),
    notes: z.string().optional(),
  })
  .strict();

/** The zod schema of a scenario-set file (docs/scenario-set-format.md). */
export const scenarioSetSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Network the ids refer to (informative; the ids are checked against the network used). */
    network: z.string().optional(),
    scenarios: z.array(scenarioSchema).min(1, 'a scenario set needs at least one scenario'),
  })
  .strict();

/** A demand change of a scenario (see the format): the one Scenario type's (src/graph/scenario.ts), which the schema parses to. */
export type { DemandChange };

/** One disruption scenario as written in the file. */
export type ScenarioInput = z.infer<typeof scenarioSchema>;

/**
 * A scenario of a set, checked against a network, with its normalised probability: the one Scenario type
 * (src/graph/scenario.ts; its closures and derates resolved to ids) plus what a set adds.
 */
export interface Scenario extends ClosuresAndDerates, Pick<CorridorScenario, 'demand'> {
  id: string;
  name: string;
  /** Position in the file. */
  index: number;
  /** Probability after normalisation (Σ = 1 over the set). */
  probability: number;
  source: string | null;
  /** Names, node ids or link ids closed, as written. */
  close: string[];
  /** Name or id → capacity factor, as written. */
  derate: Record<string, number>;
  demand: DemandChange[];
  /** Resolved: node ids closed, link ids closed, id → capacity factor (named disruptions expanded). */
  closedNodeIds: string[];
  closedLinkIds: string[];
  capacityMultipliers: Record<string, number>;
}

/** A validated scenario set. */
export interface ScenarioSet {
  name: string;
  description: string | null;
  /** 'probability' when the file gives probabilities (Σ = 1), 'weight' when it gives weights (normalised). */
  basis: 'probability' | 'weight';
  scenarios: Scenario[];
}

/** Tolerance on Σ probability = 1. */
const PROBABILITY_SUM_TOLERANCE = 1e-6;

const pathOf = (issuePath: readonly PropertyKey[]): string =>
  issuePath.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(root)';

/**
 * Validate a scenario set against a network and report every problem at once: the zod schema (types,
 * ranges, unknown fields), probabilities (all or none; Σ = 1) or weights (all, Σ > 0), duplicate ids, and
 * every closed or derated name, node or link id and every demand origin / destination (an unknown one lists
 * the closest ids). Problems name the scenario index, its id and the field.
 * @throws ValidationError listing every problem
 * @example validateScenarioSet(JSON.parse(text), net).scenarios[0].closedNodeIds // ['suez']
 */
export function validateScenarioSet(input: unknown, network: Network, what = 'scenario set'): ScenarioSet {
  const parsed = scenarioSetSchema.safeParse(input);
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((issue) => {
      const p: Problem = { path: pathOf(issue.path), message: issue.message };
      if (issue.path[0] === 'scenarios' && typeof issue.path[1] === 'number') {
        p.featureIndex = issue.path[1];
        const raw = (input as { scenarios?: { id?: unknown }[] }).scenarios?.[issue.path[1]];
        if (typeof raw?.id === 'string') p.id = raw.id;
        p.message = `scenario ${issue.path[1]}${p.id ? ` ("${p.id}")` : ''}: ${issue.message}`;
      }
      if (issue.path.length > 2) p.property = String(issue.path[2]);
      return p;
    });
    throw new ValidationError(what, problems);
  }
  const file = parsed.data;
  const problems: Problem[] = [];
  const nodes = new Set(network.nodes.map((n) => n.id));
  const links = new Set(network.links.map((l) => l.id));
  const names = Object.keys(NAMED_DISRUPTIONS);
  const known = [...names, ...nodes, ...links];
  const seen = new Map<string, number>();
  const withP = file.scenarios.filter((s) => s.probability !== undefined).length;
  const withW = file.scenarios.filter((s) => s.weight !== undefined).length;
  const basis: 'probability' | 'weight' = withW > 0 && withP === 0 ? 'weight' : 'probability';

  const scenarios = file.scenarios.map((s, index): Scenario => {
    const at = (field: string) => `scenarios[${index}].${field}`;
    const push = (field: string, message: string) => problems.push({ path: at(field), featureIndex: index, id: s.id, property: field.split(/[.[]/)[0], message: `scenario ${index} ("${s.id}"): ${message}` });
    const first = seen.get(s.id);
    if (first !== undefined) push('id', `duplicate scenario id (first used by scenario ${first})`);
    else seen.set(s.id, index);
    if (s.probability !== undefined && s.weight !== undefined) push('probability', 'give "probability" or "weight", not both');
    else if (s.probability === undefined && s.weight === undefined) push('probability', 'needs a "probability" (0–1; all of the set sum to 1) or a "weight" (≥ 0; normalised over the set)');
    else if (basis === 'probability' && s.probability === undefined) push('weight', 'the other scenarios give probabilities; give this one a "probability" too (do not mix weights and probabilities)');

    const closedNodeIds = new Set<string>();
    const closedLinkIds = new Set<string>();
    s.close.forEach((item, k) => {
      const named = NAMED_DISRUPTIONS[item.toLowerCase()];
      if (named) {
        const present = named.nodeIds.filter((id) => nodes.has(id));
        if (!present.length) push(`close[${k}]`, `named closure "${item}" closes ${named.nodeIds.join(', ')}, which network "${network.id}" does not have`);
        present.forEach((id) => closedNodeIds.add(id));
      } else if (nodes.has(item)) closedNodeIds.add(item);
      else if (links.has(item)) closedLinkIds.add(item);
      else push(`close[${k}]`, `${new NotFoundError('node, link or named closure', item, closestNames(item, known, 5)).message} (network "${network.id}")`);
    });
    const capacityMultipliers: Record<string, number> = {};
    for (const [key, factor] of Object.entries(s.derate)) {
      const named = NAMED_DISRUPTIONS[key.toLowerCase()];
      let ids: string[];
      if (named) {
        ids = named.nodeIds.filter((id) => nodes.has(id));
        if (!ids.length) push(`derate.${key}`, `named closure "${key}" derates ${named.nodeIds.join(', ')}, which network "${network.id}" does not have`);
      } else if (nodes.has(key) || links.has(key)) ids = [key];
      else {
        push(`derate.${key}`, `${new NotFoundError('node, link or named closure to derate', key, closestNames(key, known, 5)).message} (network "${network.id}")`);
        ids = [];
      }
      for (const id of ids) capacityMultipliers[id] = (capacityMultipliers[id] ?? 1) * factor;
    }
    s.demand.forEach((d, k) => {
      for (const end of ['origin', 'destination'] as const) {
        const id = d[end];
        if (id !== undefined && !nodes.has(id)) push(`demand[${k}].${end}`, new NotFoundError('node', id, closestNames(id, nodes, 5)).message);
      }
    });
    return {
      id: s.id,
      name: s.name,
      index,
      probability: s.probability ?? s.weight ?? 0,
      source: s.source ?? null,
      close: s.close,
      derate: s.derate,
      demand: s.demand,
      closedNodeIds: [...closedNodeIds],
      closedLinkIds: [...closedLinkIds],
      capacityMultipliers,
    };
  });

  const total = scenarios.reduce((sum, s) => sum + s.probability, 0);
  if (!problems.length) {
    if (basis === 'probability' && Math.abs(total - 1) > PROBABILITY_SUM_TOLERANCE) {
      problems.push({ path: 'scenarios', property: 'probability', message: `the probabilities sum to ${total}, not 1; add a scenario for the rest (e.g. "base": nothing disrupted) or use "weight" instead` });
    }
    if (basis === 'weight' && !(total > 0)) problems.push({ path: 'scenarios', property: 'weight', message: 'the weights sum to 0; at least one scenario needs a weight > 0' });
  }
  if (problems.length) throw new ValidationError(what, problems);
  for (const s of scenarios) s.probability /= total;
  return { name: file.name ?? 'scenarios', description: file.description ?? null, basis, scenarios };
}

/** Built-in scenario sets: network id → file under networks/scenarios/. */
export const BUILTIN_SCENARIO_SETS: Readonly<Record<string, string>> = {
  'china-eurasia': 'scenarios/china-eurasia.json',
};

/**
 * Load a scenario set: a JSON file path, or "default" for the network's built-in set.
 * @throws NotFoundError for a missing file or a network without a built-in set; ValidationError for bad content
 */
export function loadScenarioSet(spec: string, network: Network): ScenarioSet {
  if (spec === 'default') {
    const file = BUILTIN_SCENARIO_SETS[network.id];
    if (!file) throw new NotFoundError('built-in scenario set for network', network.id, Object.keys(BUILTIN_SCENARIO_SETS));
    return validateScenarioSet(readJsonFile(join(NETWORKS_DIR, file)), network, `scenario set ${file}`);
  }
  if (!existsSync(spec)) throw new NotFoundError('scenario-set file', spec);
  return validateScenarioSet(readJsonFile(spec), network, `scenario set ${spec}`);
}

/**
 * The demand of a scenario: the base rows with its demand changes applied in order (a factor multiplies
 * the row's volume, `teuPerYear` replaces it). Rows keep their position, so OD results stay comparable.
 * @throws InvalidArgumentError when a change matches no demand row (naming the scenario index and change)
 */
export function scenarioDemand(base: readonly DemandRow[], scenario: Pick<Scenario, 'id' | 'index' | 'demand'>): DemandRow[] {
  if (!scenario.demand.length) return [...base];
  const rows = base.map((r) => ({ ...r }));
  scenario.demand.forEach((d, k) => {
    const hits = rows.filter((r) => (d.origin === undefined || r.origin === d.origin) && (d.destination === undefined || r.destination === d.destination));
    if (!hits.length) {
      throw new InvalidArgumentError(`scenarios[${scenario.index}].demand[${k}] (scenario "${scenario.id}"): no demand row goes ${d.origin ?? 'anywhere'} → ${d.destination ?? 'anywhere'}`);
    }
    for (const r of hits) r.teuPerYear = d.factor !== undefined ? r.teuPerYear * d.factor : d.teuPerYear!;
  });
  return rows;
}
