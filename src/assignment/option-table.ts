import { z } from 'zod';
import { DEFAULT_OPTIMIZE_METHOD, OPTIMIZE_BACKENDS, type OptimizeBackend, type OptimizeOptions } from './optimize-options.js';

/**
 * One option shared by the optimize-based commands and API jobs, described once: its library name (the
 * OptimizeOptions key, also the API body field), its CLI flag with the unit in the placeholder, its range,
 * and the help of each surface. The CLI flags (src/cli/commands/cost-flags.ts), the API's zod fields
 * (api/jobs/job-kinds.ts) and the table in docs/options.md are generated from it. The CLI help and the API
 * description keep their own wording where they always had one (the CLI says what the default is, the API
 * which field to read).
 */
export interface SharedOption {
  /** OptimizeOptions key, and the field of an API body. */
  name: keyof OptimizeOptions;
  /** The CLI flag with its value placeholder (`--vot <usdPerTeuHour>`). */
  flag: string;
  /** Unit of the value, for the docs ('—' when it has none). */
  unit: string;
  /** CLI help. */
  cliHelp: string;
  /** API field description (OpenAPI). */
  apiHelp: string;
  /** The value: a number in a range (min inclusive, or > 0 with `positive`), or one of a list of names. */
  value: { kind: 'number'; min?: number; positive?: boolean; max: number } | { kind: 'enum'; values: readonly string[] };
  /** The library default, in words (docs). */
  defaultText: string;
  /** Whether API job bodies take it (some are CLI and library only: the formulation, pricing threads). */
  inApi: boolean;
}

/** The shared options, in the order the docs list them. */
export const SHARED_OPTIONS = {
  vot: {
    name: 'vot',
    flag: '--vot <usdPerTeuHour>',
    unit: 'USD per TEU-hour',
    cliHelp: 'value of time, USD per TEU-hour',
    apiHelp: 'value of time, USD per TEU-hour, for rows that do not give their own',
    value: { kind: 'number', min: 0, max: 1e6 },
    defaultText: '1.0 (src/network/mode-defaults.ts), or the demand row’s own value',
    inApi: true,
  },
  carbonPrice: {
    name: 'carbonPrice',
    flag: '--carbon-price <usdPerTonne>',
    unit: 'USD per tonne CO2',
    cliHelp: 'carbon price, USD per tonne CO2',
    apiHelp: 'carbon price, USD per tonne CO2',
    value: { kind: 'number', min: 0, max: 1e5 },
    defaultText: '0',
    inApi: true,
  },
  unservedPenaltyUsdPerTeu: {
    name: 'unservedPenaltyUsdPerTeu',
    flag: '--unserved-penalty <usdPerTeu>',
    unit: 'USD per TEU',
    cliHelp: 'cost of a TEU of demand left unserved, USD per TEU (default 50,000)',
    apiHelp: 'cost of a TEU/yr of demand not carried, USD per TEU',
    value: { kind: 'number', min: 0, max: 1e9 },
    defaultText: '50,000 (DEFAULT_UNSERVED_PENALTY_USD_PER_TEU)',
    inApi: true,
  },
  timeLimitSeconds: {
    name: 'timeLimitSeconds',
    flag: '--time-limit <seconds>',
    unit: 's',
    cliHelp: 'time limit of each solve, seconds',
    apiHelp: 'solver time limit, s (the job time limit of the server also applies)',
    value: { kind: 'number', positive: true, max: 3_600 },
    defaultText: 'none',
    inApi: true,
  },
  backend: {
    name: 'backend',
    flag: '--backend <name>',
    unit: '—',
    cliHelp: `LP backend: ${OPTIMIZE_BACKENDS.join(', ')}`,
    apiHelp: 'LP backend (default auto)',
    value: { kind: 'enum', values: OPTIMIZE_BACKENDS },
    defaultText: 'auto (native clp when installed, else HiGHS; method paths: HiGHS)',
    inApi: true,
  },
  method: {
    name: 'method',
    flag: '--method <arc|paths>',
    unit: '—',
    cliHelp: `formulation: arc (one LP over arc flows) or paths (column generation, HiGHS); default ${DEFAULT_OPTIMIZE_METHOD}`,
    apiHelp: 'formulation: arc or paths',
    value: { kind: 'enum', values: ['arc', 'paths'] },
    defaultText: 'paths (arc when a backend other than auto / highs is named)',
    inApi: false,
  },
  pricingWorkers: {
    name: 'pricingWorkers',
    flag: '--pricing-workers <n>',
    unit: 'threads',
    cliHelp: 'method paths: worker threads that share the pricing (0 = none; default: one per core but one when expanded vertices × OD pairs ≥ 4 M, else none)',
    apiHelp: 'method paths: worker threads that share the pricing',
    value: { kind: 'number', min: 0, max: 1_024 },
    defaultText: 'one per core but one when expanded vertices × OD pairs ≥ 4 M, else none',
    inApi: false,
  },
} as const satisfies Record<string, SharedOption>;

export type SharedOptionName = keyof typeof SHARED_OPTIONS;

type NumberOptionName = { [K in SharedOptionName]: (typeof SHARED_OPTIONS)[K]['value']['kind'] extends 'number' ? K : never }[SharedOptionName];

/** The zod field of a numeric shared option in an API body: optional, in its range, described. */
export function numberOptionZod(name: NumberOptionName) {
  const o: SharedOption = SHARED_OPTIONS[name];
  if (o.value.kind !== 'number') throw new Error(`option ${name} is not a number`);
  let n = z.number();
  if (o.value.positive) n = n.positive();
  if (o.value.min !== undefined) n = n.min(o.value.min);
  return n.max(o.value.max).optional().describe(o.apiHelp);
}

/** The zod field of the `backend` option in an API body. */
export function backendOptionZod() {
  const o = SHARED_OPTIONS.backend;
  return z.enum(o.value.values as readonly OptimizeBackend[] as [OptimizeBackend, ...OptimizeBackend[]]).optional().describe(o.apiHelp);
}

/** The CLI flag (`--pricing-workers`) of an option named by its library name, if it is a shared option. */
export function flagOfOption(name: string): string | undefined {
  const o = (SHARED_OPTIONS as Record<string, SharedOption>)[name];
  return o?.flag.split(' ')[0];
}

/** The table of docs/options.md. */
export function sharedOptionsMarkdown(): string {
  const rows = Object.values(SHARED_OPTIONS as Record<string, SharedOption>).map((o) => {
    const range = o.value.kind === 'enum' ? o.value.values.map((v) => `\`${v}\``).join(', ') : `${o.value.positive ? '> 0' : `≥ ${o.value.min}`}, ≤ ${o.value.max.toLocaleString('en-US')} (API)`;
    // A | inside a cell (`--method <arc|paths>`) would end the cell, even in code.
    const cell = (text: string) => text.replaceAll('|', '\\|');
    return `| \`${cell(o.flag)}\` | ${o.inApi ? `\`${o.name}\`` : `— (library: \`${o.name}\`)`} | ${o.unit} | ${range} | ${cell(o.defaultText)} | ${cell(o.cliHelp)} |`;
  });
  return ['| CLI flag | API field | unit | values | default | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
