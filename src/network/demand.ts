import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { builtinDemandPath, isBuiltinNetwork } from './builtin-networks.js';
import { closestNames, InvalidArgumentError, NotFoundError, ValidationError, type Problem } from '../shared/index.js';
import { findNode } from './find-node.js';
import { readJsonFile } from './load-network.js';
import type { Network } from './network.js';
import { parseDemandCsv, type RawDemandRecord, type RawDemandTable } from './parse-demand-csv.js';

/**
 * One yearly flow to be carried from an origin node to a destination node. Validated: the node ids exist
 * in the network, the volume is a finite number ≥ 0.
 */
export interface DemandRow {
  /** Origin node id (resolved from an id, name or alias). */
  origin: string;
  /** Destination node id. */
  destination: string;
  /** Volume, TEU per year (≥ 0). */
  teuPerYear: number;
  /** Free label (e.g. "electronics"); it does not change costs. null when absent. */
  commodity: string | null;
  /** Value of time of this flow, USD per TEU-hour; null = the query's value of time. */
  valueOfTimeUsdPerTeuHour: number | null;
  /** Where the figure came from; null when absent. */
  source: string | null;
  /** Where the row came from: CSV row (header = row 1) or 1-based position in a JSON array. */
  row: number;
}

/** Demand columns: name, required, what it holds. `notes` is accepted and ignored. */
export const DEMAND_COLUMNS = [
  { name: 'origin', required: true, description: 'origin node id, name or alias' },
  { name: 'destination', required: true, description: 'destination node id, name or alias' },
  { name: 'teuPerYear', required: true, description: 'volume, TEU per year (≥ 0)' },
  { name: 'commodity', required: false, description: 'free label, does not change costs' },
  { name: 'valueOfTimeUsdPerTeuHour', required: false, description: 'value of time of this flow, USD per TEU-hour (≥ 0); empty = the query value' },
  { name: 'source', required: false, description: 'where the figure came from' },
  { name: 'notes', required: false, description: 'free text, ignored' },
] as const;

const CANONICAL = new Map<string, string>(DEMAND_COLUMNS.map((c) => [c.name.toLowerCase(), c.name]));

/**
 * Validate raw demand records against a network: node ids/names resolved with findNode, numbers checked,
 * every problem collected and thrown at once (each with `row` and `property`).
 * @throws ValidationError listing every problem
 */
export function validateDemand(table: RawDemandTable, network: Network): DemandRow[] {
  const problems: Problem[] = [];
  const where = (row: number, property?: string): string =>
    table.kind === 'csv' ? `row ${row}${property ? `, column ${property}` : ''}` : `demand[${row - 1}]${property ? `.${property}` : ''}`;
  const push = (row: number, property: string | undefined, message: string) =>
    problems.push({ path: where(row, property), row, ...(property ? { property } : {}), message });

  // CSV: map header names (case-insensitive) to canonical names once.
  let headerMap: Map<string, string> | null = null;
  if (table.columns) {
    headerMap = new Map();
    const seen = new Set<string>();
    for (const raw of table.columns) {
      const canonical = CANONICAL.get(raw.toLowerCase());
      if (!canonical) {
        const hint = closestNames(raw, DEMAND_COLUMNS.map((c) => c.name), 1);
        push(1, raw, `unknown column "${raw}"${hint.length ? `; did you mean "${hint[0]}"?` : ''} (columns: ${DEMAND_COLUMNS.map((c) => c.name).join(', ')})`);
        continue;
      }
      if (seen.has(canonical)) push(1, canonical, `column "${canonical}" appears twice`);
      seen.add(canonical);
      headerMap.set(raw, canonical);
    }
    for (const c of DEMAND_COLUMNS) {
      if (c.required && !seen.has(c.name)) push(1, c.name, `missing required column "${c.name}" (${c.description})`);
    }
    if (problems.length) throw new ValidationError(table.what, problems);
  }

  const rows: DemandRow[] = [];
  for (const rec of table.records) {
    if (typeof rec.values !== 'object' || rec.values === null || Array.isArray(rec.values)) {
      push(rec.row, undefined, 'must be an object {origin, destination, teuPerYear, …}');
      continue;
    }
    const v = canonicalValues(rec, headerMap, (property, message) => push(rec.row, property, message));
    if (table.columns && rec.fieldCount !== null && rec.fieldCount !== table.columns.length) {
      push(rec.row, undefined, `has ${rec.fieldCount} fields but the header has ${table.columns.length}; quote fields that contain commas`);
    }
    const isCsv = table.kind === 'csv';
    const node = (property: 'origin' | 'destination'): string | null => {
      const raw = v[property];
      if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
        push(rec.row, property, `missing ${property} (a node id, name or alias)`);
        return null;
      }
      if (typeof raw !== 'string') {
        push(rec.row, property, `must be a string (a node id, name or alias), got ${JSON.stringify(raw)}`);
        return null;
      }
      try {
        return findNode(network, raw.trim()).id;
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        push(rec.row, property, `${e.message} (network "${network.id}")`);
        return null;
      }
    };
    const num = (property: string, required: boolean): number | null | undefined => {
      const raw = v[property];
      const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
      if (empty) {
        if (required) push(rec.row, property, `missing ${property}`);
        return required ? undefined : null;
      }
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (isCsv && typeof raw === 'string') n = Number(raw.trim());
      else {
        push(rec.row, property, `must be a number, got ${JSON.stringify(raw)}`);
        return undefined;
      }
      if (!Number.isFinite(n)) {
        push(rec.row, property, `must be a finite number, got ${JSON.stringify(raw)}`);
        return undefined;
      }
      if (n < 0) {
        push(rec.row, property, `must be ≥ 0, got ${n}`);
        return undefined;
      }
      return n;
    };
    const text = (property: string): string | null => {
      const raw = v[property];
      if (raw === undefined || raw === null) return null;
      if (typeof raw !== 'string') {
        push(rec.row, property, `must be a string, got ${JSON.stringify(raw)}`);
        return null;
      }
      return raw.trim() === '' ? null : raw.trim();
    };

    const origin = node('origin');
    const destination = node('destination');
    const teuPerYear = num('teuPerYear', true);
    const vot = num('valueOfTimeUsdPerTeuHour', false);
    const commodity = text('commodity');
    const source = text('source');
    if (origin !== null && origin === destination) {
      push(rec.row, 'destination', `destination is the origin ("${origin}"); a flow must go somewhere else`);
      continue;
    }
    if (origin === null || destination === null || teuPerYear === undefined || teuPerYear === null || vot === undefined) continue;
    rows.push({ origin, destination, teuPerYear, commodity, valueOfTimeUsdPerTeuHour: vot, source, row: rec.row });
  }
  if (problems.length) throw new ValidationError(table.what, problems);
  return rows;
}

/** Record values under canonical column names; JSON keys are matched like CSV headers (case-insensitive). */
function canonicalValues(
  rec: RawDemandRecord,
  headerMap: Map<string, string> | null,
  problem: (property: string, message: string) => void,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rec.values as Record<string, unknown>)) {
    const canonical = headerMap ? headerMap.get(key) : CANONICAL.get(key.toLowerCase());
    if (canonical) out[canonical] = value;
    else if (!headerMap) {
      const hint = closestNames(key, DEMAND_COLUMNS.map((c) => c.name), 1);
      problem(key, `unknown property "${key}"${hint.length ? `; did you mean "${hint[0]}"?` : ''}`);
    }
  }
  return out;
}

/**
 * Parse and validate a demand CSV (header `origin,destination,teuPerYear` plus optional `commodity`,
 * `valueOfTimeUsdPerTeuHour`, `source`, `notes`, in any order; quoted fields may contain commas).
 * @throws ValidationError listing every problem, each with its row (header = row 1) and column
 * @example demandFromCsv('origin,destination,teuPerYear\nchongqing,singapore,120000', net)[0].teuPerYear // 120000
 */
export function demandFromCsv(text: string, network: Network, what = 'demand CSV'): DemandRow[] {
  return validateDemand(parseDemandCsv(text, what), network);
}

/**
 * Validate demand given as JSON: an array of objects with the CSV column names as keys, or `{demand: [...]}`.
 * Numbers must be JSON numbers. Problems name the array position (`demand[0].teuPerYear`, row = position + 1).
 * @throws ValidationError listing every problem
 */
export function demandFromJson(value: unknown, network: Network, what = 'demand JSON'): DemandRow[] {
  const list =
    Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { demand?: unknown }).demand) ? (value as { demand: unknown[] }).demand : null;
  if (!list) throw new ValidationError(what, [{ path: '(root)', message: 'expected an array of demand objects or {"demand": [...]}' }]);
  const records: RawDemandRecord[] = list.map((item, i) => ({ row: i + 1, values: item, fieldCount: null }));
  return validateDemand({ kind: 'json', what, columns: null, records }, network);
}

/**
 * Resolve `--demand`: `default` (the built-in scenario of a built-in network), a `.json` file, or a CSV file.
 * @throws InvalidArgumentError for `default` on a network without a built-in scenario; NotFoundError for a
 *   missing file; ValidationError for bad content
 * @example loadDemand('default', loadNetwork('china-eurasia'))
 */
export function loadDemand(spec: string, network: Network): DemandRow[] {
  let path = spec;
  if (spec === 'default') {
    if (!isBuiltinNetwork(network.id)) {
      throw new InvalidArgumentError(`network "${network.id}" has no built-in demand scenario; pass --demand <file.csv|file.json>`);
    }
    path = builtinDemandPath(network.id);
  }
  if (!existsSync(path)) throw new NotFoundError('demand file', path);
  if (extname(path).toLowerCase() === '.json') return demandFromJson(readJsonFile(path), network, path);
  return demandFromCsv(readFileSync(path, 'utf8'), network, path);
}

/** Total volume of a demand table, TEU per year. */
export function totalDemandTeuPerYear(rows: readonly DemandRow[]): number {
  let s = 0;
  for (const r of rows) s += r.teuPerYear;
  return s;
}
