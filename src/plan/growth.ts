import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NETWORKS_DIR, findNode, readJsonFile, type DemandRow, type Network } from '../network/index.js';
import { NotFoundError, ValidationError, type Problem } from '../shared/index.js';
import type { Horizon } from './horizon.js';

/** Path of the built-in growth assumptions (`--growth default`). */
export const DEFAULT_GROWTH_PATH = join(NETWORKS_DIR, 'growth', 'default-growth.json');

const rate = z.number().finite().gt(-1, 'must be > −1 (−0.05 = −5 %/yr)').lt(1, 'must be < 1 (0.08 = 8 %/yr)');
const segment = z.object({ untilYear: z.number().int().optional(), rate }).strict();
const growthLaw = {
  /** CAGR per year: one number, or segments `{ untilYear, rate }` in order (the last may omit untilYear). */
  cagr: z.union([rate, z.array(segment).min(1)]).optional(),
  /** Explicit TEU per year by period year ("2030": 120000), for the row(s) the rule selects, in total. */
  teuByYear: z.record(z.string().regex(/^\d{4}$/, 'keys must be years'), z.number().finite().min(0, 'TEU/yr must be ≥ 0')).optional(),
  source: z.string().min(1, 'needs a source ("estimate: …" with the reasoning for an estimate)'),
  notes: z.string().optional(),
};
const ruleSchema = z
  .object({
    /** Commodity label of the demand rows ("general (ILSTC rail-sea)"): a corridor. */
    corridor: z.string().min(1).optional(),
    origin: z.string().min(1).optional(),
    destination: z.string().min(1).optional(),
    /** Demand row number (CSV: header = row 1; JSON: 1-based position). */
    row: z.number().int().min(1).optional(),
    ...growthLaw,
  })
  .strict();

/** Schema of a growth file (docs/plan-format.md). */
export const growthFileSchema = z
  .object({
    /** Year the demand figures describe; growth runs from it. */
    baseYear: z.number().int().min(1900).max(2200),
    description: z.string().optional(),
    /** Growth of every row no rule selects (default: none, 0 %/yr). */
    default: z.object(growthLaw).strict().optional(),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();

export type GrowthFile = z.infer<typeof growthFileSchema>;
type Rule = z.infer<typeof ruleSchema>;
type Law = Pick<Rule, 'cagr' | 'teuByYear' | 'source'>;

/** A validated growth specification. `builtin` specs skip corridor rules that match no demand row. */
export interface GrowthSpec {
  file: GrowthFile;
  what: string;
  builtin: boolean;
}

/** How one demand row grows. */
export interface RowGrowth {
  row: number;
  origin: string;
  destination: string;
  commodity: string | null;
  /** The rule applied: `rules[i]` or `default`. */
  rule: string;
  source: string | null;
  /** TEU/yr in each period's representative year. */
  teuPerYearByPeriod: number[];
}

/** Demand of each period after growth. */
export interface GrownDemand {
  baseYear: number;
  /** demandByPeriod[i] = the demand rows in the representative year of period i. */
  demandByPeriod: DemandRow[][];
  rows: RowGrowth[];
  /** Σ TEU/yr of each period. */
  totalTeuByPeriod: number[];
}

const zodProblems = (what: string, error: z.ZodError): Problem[] =>
  error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    const property = [...i.path].reverse().find((p) => typeof p === 'string') as string | undefined;
    return { path: path || '(root)', message: i.message, ...(property ? { property } : {}) };
  });

/**
 * Validate a parsed growth file.
 * @throws ValidationError listing every problem (path like `rules[2].cagr`)
 */
export function parseGrowth(input: unknown, what = 'growth file', builtin = false): GrowthSpec {
  const parsed = growthFileSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(what, zodProblems(what, parsed.error));
  const problems: Problem[] = [];
  const checkLaw = (law: Law, at: string) => {
    if ((law.cagr === undefined) === (law.teuByYear === undefined)) problems.push({ path: at, message: 'give exactly one of cagr (a rate per year) or teuByYear (TEU/yr by period year)' });
    if (Array.isArray(law.cagr)) {
      const segs = law.cagr;
      segs.forEach((s, k) => {
        if (s.untilYear === undefined && k < segs.length - 1) problems.push({ path: `${at}.cagr[${k}].untilYear`, property: 'untilYear', message: 'only the last segment may omit untilYear' });
        const prev = k > 0 ? segs[k - 1].untilYear : parsed.data.baseYear;
        if (s.untilYear !== undefined && prev !== undefined && !(s.untilYear > prev)) problems.push({ path: `${at}.cagr[${k}].untilYear`, property: 'untilYear', message: `must come after ${prev}` });
      });
    }
  };
  parsed.data.rules.forEach((r, i) => {
    const at = `rules[${i}]`;
    checkLaw(r, at);
    const od = r.origin !== undefined || r.destination !== undefined;
    const kinds = [r.corridor !== undefined, od, r.row !== undefined].filter(Boolean).length;
    if (kinds !== 1) problems.push({ path: at, message: 'select rows with exactly one of: corridor (a commodity label), origin + destination, or row' });
    if (od && (r.origin === undefined || r.destination === undefined)) problems.push({ path: `${at}.${r.origin === undefined ? 'origin' : 'destination'}`, property: r.origin === undefined ? 'origin' : 'destination', message: 'an OD rule needs both origin and destination' });
  });
  if (parsed.data.default) checkLaw(parsed.data.default, 'default');
  if (problems.length) throw new ValidationError(what, problems);
  return { file: parsed.data, what, builtin };
}

/**
 * `default` = the built-in assumptions (networks/growth/default-growth.json); otherwise a JSON file.
 * @throws NotFoundError for a missing file; ValidationError for bad content
 */
export function loadGrowth(pathOrDefault: string): GrowthSpec {
  if (pathOrDefault === 'default') return parseGrowth(readJsonFile(DEFAULT_GROWTH_PATH), 'built-in growth (networks/growth/default-growth.json)', true);
  if (!existsSync(pathOrDefault)) throw new NotFoundError('growth file', pathOrDefault);
  return parseGrowth(readJsonFile(pathOrDefault), pathOrDefault);
}

/** Growth factor from the base year to `year` under a CAGR law. */
export function cagrFactor(cagr: NonNullable<Law['cagr']>, baseYear: number, year: number): number {
  if (typeof cagr === 'number') return (1 + cagr) ** (year - baseYear);
  // Segments: rate k applies from the previous untilYear (or the base year) to its own untilYear.
  let f = 1;
  let from = baseYear;
  for (const s of cagr) {
    const to = s.untilYear ?? Infinity;
    const a = Math.min(from, year);
    const b = Math.min(to, year);
    f *= (1 + s.rate) ** (b - a);
    from = to;
    if (to >= year) break;
  }
  // Before the base year (a = b = year for every segment), run the first rate backwards.
  if (year < baseYear) return (1 + (typeof cagr === 'number' ? cagr : cagr[0].rate)) ** (year - baseYear);
  return f;
}

/**
 * Apply a growth spec to demand rows for every period of a horizon. Rules select rows by corridor
 * (commodity label), origin + destination (ids, names or aliases) or row number; an OD or row rule beats a
 * corridor rule, which beats `default`; rows nothing selects do not grow. `teuByYear` gives the selected rows'
 * total, split in proportion to their base TEU.
 * @throws ValidationError for a rule that selects no row (unknown OD row, row number, corridor), a row two
 *   rules of the same kind select, or a teuByYear missing a period year
 */
export function applyGrowth(demand: readonly DemandRow[], spec: GrowthSpec, horizon: Horizon, network: Network): GrownDemand {
  const { file, what } = spec;
  const problems: Problem[] = [];
  const specific = new Map<number, number>(); // demand index → rule index (OD or row rule)
  const byCorridor = new Map<number, number>();
  file.rules.forEach((r, i) => {
    const at = `rules[${i}]`;
    let matched: number[];
    if (r.corridor !== undefined) {
      matched = demand.flatMap((d, k) => (d.commodity === r.corridor ? [k] : []));
      if (!matched.length) {
        if (spec.builtin) return;
        const labels = [...new Set(demand.map((d) => d.commodity).filter((c): c is string => c !== null))];
        problems.push({ path: `${at}.corridor`, property: 'corridor', message: `no demand row has commodity "${r.corridor}" (corridors in this demand: ${labels.map((l) => `"${l}"`).join(', ') || 'none'})` });
        return;
      }
    } else if (r.row !== undefined) {
      matched = demand.flatMap((d, k) => (d.row === r.row ? [k] : []));
      if (!matched.length) problems.push({ path: `${at}.row`, property: 'row', message: `unknown demand row ${r.row} (rows ${demand.length ? `${demand[0].row}–${demand[demand.length - 1].row}` : 'none'})` });
    } else {
      let o: string | null = null;
      let d: string | null = null;
      try {
        o = findNode(network, r.origin!).id;
      } catch {
        problems.push({ path: `${at}.origin`, property: 'origin', message: `unknown node "${r.origin}" in network "${network.id}"` });
      }
      try {
        d = findNode(network, r.destination!).id;
      } catch {
        problems.push({ path: `${at}.destination`, property: 'destination', message: `unknown node "${r.destination}" in network "${network.id}"` });
      }
      if (o === null || d === null) return;
      matched = demand.flatMap((row, k) => (row.origin === o && row.destination === d ? [k] : []));
      if (!matched.length) problems.push({ path: at, property: 'origin', message: `unknown OD row ${r.origin} → ${r.destination}: the demand has no row from "${o}" to "${d}"` });
    }
    const target = r.corridor !== undefined ? byCorridor : specific;
    for (const k of matched) {
      const other = target.get(k);
      if (other !== undefined) problems.push({ path: at, message: `demand row ${demand[k].row} (${demand[k].origin} → ${demand[k].destination}) is already selected by rules[${other}]` });
      else target.set(k, i);
    }
  });
  // teuByYear must name every period year.
  const laws: { law: Law; at: string }[] = [...file.rules.map((r, i) => ({ law: r as Law, at: `rules[${i}]` })), ...(file.default ? [{ law: file.default as Law, at: 'default' }] : [])];
  for (const { law, at } of laws) {
    if (!law.teuByYear) continue;
    for (const y of horizon.years) if (law.teuByYear[String(y)] === undefined) problems.push({ path: `${at}.teuByYear.${y}`, property: 'teuByYear', message: `missing TEU/yr for period year ${y} (give every horizon year: ${horizon.years.join(', ')})` });
  }
  if (problems.length) throw new ValidationError(what, problems);

  const ruleOf = (k: number): { law: Law | null; label: string; members: number[] } => {
    const s = specific.get(k);
    if (s !== undefined) return { law: file.rules[s], label: `rules[${s}]`, members: [...specific].filter(([, r]) => r === s).map(([m]) => m) };
    const c = byCorridor.get(k);
    if (c !== undefined) return { law: file.rules[c], label: `rules[${c}]`, members: [...byCorridor].filter(([m, r]) => r === c && !specific.has(m)).map(([m]) => m) };
    if (file.default) return { law: file.default, label: 'default', members: demand.map((_, m) => m).filter((m) => !specific.has(m) && !byCorridor.has(m)) };
    return { law: null, label: '(none)', members: [k] };
  };
  const rows: RowGrowth[] = demand.map((d, k) => {
    const { law, label, members } = ruleOf(k);
    const teu = horizon.years.map((y) => {
      if (!law) return d.teuPerYear;
      if (law.cagr !== undefined) return d.teuPerYear * cagrFactor(law.cagr, file.baseYear, y);
      const baseTotal = members.reduce((s, m) => s + demand[m].teuPerYear, 0);
      const share = baseTotal > 0 ? d.teuPerYear / baseTotal : 1 / members.length;
      return law.teuByYear![String(y)] * share;
    });
    return { row: d.row, origin: d.origin, destination: d.destination, commodity: d.commodity, rule: label, source: law?.source ?? null, teuPerYearByPeriod: teu };
  });
  const demandByPeriod = horizon.years.map((_, i) => demand.map((d, k) => ({ ...d, teuPerYear: rows[k].teuPerYearByPeriod[i] })));
  return { baseYear: file.baseYear, demandByPeriod, rows, totalTeuByPeriod: demandByPeriod.map((rs) => rs.reduce((s, r) => s + r.teuPerYear, 0)) };
}
