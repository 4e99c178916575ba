import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Candidate } from '../evaluate/index.js';
import { NotFoundError, ValidationError, type Problem } from '../shared/index.js';
import { readJsonFile } from '../network/index.js';
import { discountFactor, periodOfYear, type Horizon } from './horizon.js';

/**
 * Default construction time, years: 4. estimate: a second track, a border-terminal or port expansion takes
 * 3–5 years from decision to opening; the longest in networks/reference/corridor-reference.md, Malaszewicze to
 * 55 train pairs/day, is planned over 2021–2028 (7 years, several stages). Override per candidate.
 */
export const DEFAULT_CONSTRUCTION_YEARS = 4;

/** A candidate with its timing: when it may be decided, how long it takes, how its capex is spread. */
export interface StagedCandidate {
  candidate: Candidate;
  /** No decision before this year (default: the first period year). */
  earliestDecisionYear: number;
  /** Years from decision to opening (0 = opens in the decision year). */
  constructionYears: number;
  /** Share of capex in each construction year (sums to 1; one entry when constructionYears is 0). */
  capexPhasing: number[];
}

const entrySchema = z
  .object({
    id: z.string().min(1),
    earliestDecisionYear: z.number().int().optional(),
    constructionYears: z.number().int().min(0, 'must be ≥ 0 years').max(30, 'must be ≤ 30 years').optional(),
    capexPhasing: z.array(z.number().finite().min(0, 'shares must be ≥ 0')).min(1).optional(),
    capexUsd: z.number().finite().min(0, 'capex must be ≥ 0 USD').optional(),
    notes: z.string().optional(),
  })
  .strict();

/** Schema of a staging file (docs/plan-format.md). */
export const stagingFileSchema = z
  .object({
    defaults: z
      .object({
        earliestDecisionYear: z.number().int().optional(),
        constructionYears: z.number().int().min(0, 'must be ≥ 0 years').max(30, 'must be ≤ 30 years').optional(),
      })
      .strict()
      .optional(),
    candidates: z.array(entrySchema).default([]),
  })
  .strict();

export type StagingFile = z.infer<typeof stagingFileSchema>;

const zodProblems = (error: z.ZodError, prefix = ''): Problem[] =>
  error.issues.map((i) => {
    const path = prefix + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const property = [...i.path].reverse().find((p) => typeof p === 'string') as string | undefined;
    return { path: path.replace(/^\./, '') || '(root)', message: i.message, ...(property ? { property } : {}) };
  });

/** Validate a parsed staging file's shape. @throws ValidationError */
export function parseStaging(input: unknown, what = 'staging file'): StagingFile {
  const parsed = stagingFileSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(what, zodProblems(parsed.error));
  return parsed.data;
}

/** Read a staging JSON file. @throws NotFoundError, ValidationError */
export function loadStaging(path: string): StagingFile {
  if (!existsSync(path)) throw new NotFoundError('staging file', path);
  return parseStaging(readJsonFile(path), path);
}

/**
 * Stage candidates: defaults (first period year, {@link DEFAULT_CONSTRUCTION_YEARS}, even phasing) overridden
 * by the staging file. Checks, naming the entry and field: an unknown candidate id, a decision year outside
 * the horizon, a phasing whose length is not the construction time or whose shares do not sum to 1,
 * negative capex.
 * @throws ValidationError listing every problem
 */
export function stageCandidates(candidates: readonly Candidate[], horizon: Horizon, staging: StagingFile = { candidates: [] }, what = 'staging file', overrides: { constructionYears?: number } = {}): StagedCandidate[] {
  const problems: Problem[] = [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const entries = new Map<string, { entry: StagingFile['candidates'][number]; index: number }>();
  const inHorizon = (y: number) => y >= horizon.years[0] && y < horizon.endYear;
  const d = staging.defaults ?? {};
  if (d.earliestDecisionYear !== undefined && !inHorizon(d.earliestDecisionYear)) {
    problems.push({ path: 'defaults.earliestDecisionYear', property: 'earliestDecisionYear', message: `decision year ${d.earliestDecisionYear} is outside the horizon ${horizon.years[0]}–${horizon.endYear - 1}` });
  }
  staging.candidates.forEach((entry, index) => {
    const at = `candidates[${index}]`;
    if (!byId.has(entry.id)) problems.push({ path: `${at}.id`, id: entry.id, property: 'id', message: `unknown candidate "${entry.id}" (candidates: ${[...byId.keys()].join(', ') || 'none'})` });
    else if (entries.has(entry.id)) problems.push({ path: `${at}.id`, id: entry.id, property: 'id', message: `candidate "${entry.id}" is staged twice (first in candidates[${entries.get(entry.id)!.index}])` });
    else entries.set(entry.id, { entry, index });
    if (entry.earliestDecisionYear !== undefined && !inHorizon(entry.earliestDecisionYear)) {
      problems.push({ path: `${at}.earliestDecisionYear`, id: entry.id, property: 'earliestDecisionYear', message: `decision year ${entry.earliestDecisionYear} is outside the horizon ${horizon.years[0]}–${horizon.endYear - 1}` });
    }
    const years = entry.constructionYears ?? overrides.constructionYears ?? d.constructionYears ?? DEFAULT_CONSTRUCTION_YEARS;
    if (entry.capexPhasing) {
      const want = Math.max(1, years);
      if (entry.capexPhasing.length !== want) problems.push({ path: `${at}.capexPhasing`, id: entry.id, property: 'capexPhasing', message: `has ${entry.capexPhasing.length} shares; give one per construction year (${want})` });
      const sum = entry.capexPhasing.reduce((s, v) => s + v, 0);
      if (Math.abs(sum - 1) > 1e-6) problems.push({ path: `${at}.capexPhasing`, id: entry.id, property: 'capexPhasing', message: `shares sum to ${sum}; they must sum to 1` });
    }
  });
  for (const c of candidates) {
    if (!(c.capexUsd >= 0)) problems.push({ path: `candidate ${c.id}`, id: c.id, property: 'capexUsd', message: `negative capex ${c.capexUsd} USD` });
  }
  if (problems.length) throw new ValidationError(what, problems);
  return candidates.map((c) => {
    const e = entries.get(c.id)?.entry;
    const constructionYears = e?.constructionYears ?? overrides.constructionYears ?? d.constructionYears ?? DEFAULT_CONSTRUCTION_YEARS;
    const n = Math.max(1, constructionYears);
    return {
      candidate: e?.capexUsd !== undefined ? { ...c, capexUsd: e.capexUsd } : c,
      earliestDecisionYear: e?.earliestDecisionYear ?? d.earliestDecisionYear ?? horizon.years[0],
      constructionYears,
      capexPhasing: e?.capexPhasing ?? Array.from({ length: n }, () => 1 / n),
    };
  });
}

/** What deciding one candidate at the start of one period means (all money in USD). */
export interface DecisionOption {
  /** Period index of the decision (decisions are taken at a period's first year). */
  period: number;
  decisionYear: number;
  openingYear: number;
  /** First period in which it carries traffic: the first period starting at or after the opening year. */
  firstAvailablePeriod: number;
  /** Capex spent in each period (nominal USD, by the phasing). */
  capexByPeriodUsd: number[];
  /** Σ capex × discount factor of its year. */
  pvCapexUsd: number;
  /** Straight-line value of the remaining life at the horizon end (nominal USD). */
  residualValueUsd: number;
  pvResidualValueUsd: number;
  /** pvCapexUsd − pvResidualValueUsd: the decision's cost in the NPV. */
  pvNetCostUsd: number;
}

/**
 * The decisions open to a staged candidate: one per period from its earliest decision year on, as long as it
 * opens in time to carry traffic in some period (a decision that never opens inside the horizon is pure cost
 * and is left out). Residual value: capex × (life left at the horizon end / lifetime), straight-line from
 * the opening year.
 */
export function decisionOptions(s: StagedCandidate, horizon: Horizon, discountRate: number): DecisionOption[] {
  const out: DecisionOption[] = [];
  const { capexUsd, lifetimeYears } = s.candidate;
  horizon.years.forEach((decisionYear, t) => {
    if (decisionYear < s.earliestDecisionYear) return;
    const openingYear = decisionYear + s.constructionYears;
    const firstAvailablePeriod = horizon.years.findIndex((y) => y >= openingYear);
    if (firstAvailablePeriod < 0) return;
    const capexByPeriodUsd = horizon.years.map(() => 0);
    let pvCapexUsd = 0;
    s.capexPhasing.forEach((share, k) => {
      const year = decisionYear + k;
      const p = periodOfYear(horizon, year);
      capexByPeriodUsd[p < 0 ? horizon.years.length - 1 : p] += share * capexUsd;
      pvCapexUsd += share * capexUsd * discountFactor(horizon, discountRate, year);
    });
    const lifeLeft = Math.max(0, Math.min(lifetimeYears, openingYear + lifetimeYears - horizon.endYear));
    const residualValueUsd = (capexUsd * lifeLeft) / lifetimeYears;
    const pvResidualValueUsd = residualValueUsd * discountFactor(horizon, discountRate, horizon.endYear);
    out.push({ period: t, decisionYear, openingYear, firstAvailablePeriod, capexByPeriodUsd, pvCapexUsd, residualValueUsd, pvResidualValueUsd, pvNetCostUsd: pvCapexUsd - pvResidualValueUsd });
  });
  return out;
}
