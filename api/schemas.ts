import { z } from 'zod';
import { LINK_ATTRIBUTES, CARGO_CLASSES, MODE_ALIASES, MODES, parseModeName, type AttributeSpec, type Mode } from '../src/network/index.js';

/**
 * zod schemas of every request (and the documented responses). The same objects validate requests
 * and generate /openapi.json, so the document cannot drift from what the server accepts.
 */

// ---- limits on magnitudes (a typo of six zeros should be a 400, not a silently absurd plan) ----

/** Largest accepted value per unit of the attribute tables. */
export const MAX_BY_UNIT: Readonly<Record<string, number>> = {
  'TEU/yr': 1e12,
  USD: 1e13,
  'USD/TEU': 1e7,
  yr: 200,
  'km/h': 2_000,
  'USD/TEU-km': 1e4,
  km: 50_000,
  h: 1e5,
  'kg CO2/TEU-km': 1e4,
};
export const MAX_CAPACITY_TEU_PER_YEAR = MAX_BY_UNIT['TEU/yr'];
export const MAX_CAPEX_USD = MAX_BY_UNIT.USD;
const MAX_ID = 200;
const MAX_TEXT = 10_000;

export const idString = z.string().min(1, 'must be a non-empty string').max(MAX_ID, `must be at most ${MAX_ID} characters`);
const text = z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);

/** A number within [min, max] with its unit in the messages. */
function boundedNumber(spec: { unit: string; min?: number; positive?: boolean; integer?: boolean }, max: number): z.ZodNumber {
  const u = spec.unit ? ` ${spec.unit}` : '';
  let s = z.number({ message: `must be a finite number${u ? ` in${u}` : ''}` });
  if (spec.integer) s = s.int('must be an integer');
  if (spec.positive) s = s.positive(`must be > 0${u}`);
  else s = s.min(spec.min ?? 0, `must be ≥ ${spec.min ?? 0}${u}`);
  return s.max(max, `must be ≤ ${max}${u}`);
}

/** zod schema of one link attribute, from its declaration in src/network/attributes.ts, capped by unit. */
function attributeSchema(spec: AttributeSpec): z.ZodType {
  switch (spec.type) {
    case 'string':
      return spec.name === 'notes' || spec.name === 'source' ? text : idString;
    case 'boolean':
      return z.boolean();
    case 'string[]':
      return z.array(idString).max(100);
    case 'enum': {
      const values = spec.values ?? [];
      if (values.every((v) => typeof v === 'number')) {
        return z.union(values.map((v) => z.literal(v as number)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>]);
      }
      return z.enum(values.map(String) as [string, ...string[]]);
    }
    case 'number':
      return boundedNumber(spec, MAX_BY_UNIT[spec.unit] ?? 1e12);
  }
}

// ---- networks ----

export const networkIdParams = z.strictObject({ id: idString });

/**
 * Body of POST /networks: a network GeoJSON FeatureCollection (format v1, docs/network-format.md).
 * Only the envelope is checked here; the network validator checks every feature and reports all
 * problems at once (422).
 */
export const networkUploadBody = z.looseObject({
  type: z.literal('FeatureCollection'),
  name: z.string().max(MAX_ID).optional(),
  description: text.optional(),
  features: z.array(z.unknown()).min(1, 'must have at least one feature'),
});

// ---- candidates ----

const linkShape: Record<string, z.ZodType> = {};
for (const spec of LINK_ATTRIBUTES) {
  const s = attributeSchema(spec);
  linkShape[spec.name] = spec.required ? s : s.optional();
}

/**
 * Properties of a candidate link: the link attributes (strict, capped), `status: "candidate"`, and what the
 * appraisal needs (docs/candidates-format.md): capexUsd, lifetimeYears, capacityTeuPerYear and source.
 */
export const candidateLinkProperties = z.strictObject({
  ...linkShape,
  id: idString.describe('the candidate id, unique among the network\'s nodes, links and candidates'),
  status: z.literal('candidate', { message: 'must be "candidate" (a planner submits candidates, not existing links)' }),
  capexUsd: attributeSchema(LINK_ATTRIBUTES.find((a) => a.name === 'capexUsd')!),
  lifetimeYears: attributeSchema(LINK_ATTRIBUTES.find((a) => a.name === 'lifetimeYears')!),
  capacityTeuPerYear: attributeSchema(LINK_ATTRIBUTES.find((a) => a.name === 'capacityTeuPerYear')!),
  source: text.min(1, 'must say where the figures come from ("estimate: …" with the reasoning for estimates)'),
});

const position = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { message: 'must be [lon, lat]' });

/** Who submitted it and why (stored with the candidate, not part of the model). */
const submissionMeta = {
  author: z.string().max(MAX_ID).optional(),
  notes: text.optional(),
};

/**
 * A candidate link: a GeoJSON LineString Feature whose properties follow the link format with
 * `status: "candidate"`. Its `properties.id` is the candidate's id.
 */
export const candidateLinkSubmission = z.strictObject({
  type: z.literal('Feature'),
  geometry: z.strictObject({
    type: z.literal('LineString'),
    coordinates: z.array(position).min(2, 'needs at least two positions').max(10_000),
  }),
  properties: candidateLinkProperties,
  ...submissionMeta,
});

const improvement = (unit: string, positive = false) => boundedNumber({ unit, positive }, MAX_BY_UNIT[unit]).optional();
const LINK_IMPROVEMENTS = ['capacityTeuPerYear', 'speedKmh', 'hours', 'costUsdPerTeuKm'] as const;

/**
 * An upgrade of an existing link (capacity, speed or time, cost) or node (terminal throughput); each
 * figure is the value *after* the upgrade. `id` defaults to `upgrade-<target id>`.
 */
export const upgradeSubmission = z
  .strictObject({
    type: z.literal('upgrade'),
    id: idString.optional(),
    target: z.strictObject({ kind: z.enum(['link', 'node']), id: idString }),
    name: idString.optional(),
    capacityTeuPerYear: improvement('TEU/yr').describe('link: per-direction capacity after the upgrade, TEU/yr'),
    speedKmh: improvement('km/h', true).describe('link: average speed after the upgrade, km/h'),
    hours: improvement('h').describe('link: transit time after the upgrade, h (not with speedKmh)'),
    costUsdPerTeuKm: improvement('USD/TEU-km').describe('link: money cost after the upgrade, USD/TEU-km'),
    throughputTeuPerYear: improvement('TEU/yr').describe('node: terminal throughput after the upgrade, TEU/yr'),
    capexUsd: boundedNumber({ unit: 'USD' }, MAX_CAPEX_USD),
    lifetimeYears: boundedNumber({ unit: 'yr', positive: true }, MAX_BY_UNIT.yr),
    source: text.min(1, 'must say where the figures come from'),
    estimated: z.array(idString).max(100).optional(),
    ...submissionMeta,
  })
  .superRefine((u, ctx) => {
    if (u.target.kind === 'link') {
      if (u.throughputTeuPerYear !== undefined) ctx.addIssue({ code: 'custom', path: ['throughputTeuPerYear'], message: 'is for node upgrades; a link upgrade sets capacityTeuPerYear, speedKmh, hours or costUsdPerTeuKm' });
      if (LINK_IMPROVEMENTS.every((f) => u[f] === undefined)) ctx.addIssue({ code: 'custom', path: [], message: `a link upgrade must set at least one of ${LINK_IMPROVEMENTS.join(', ')}` });
    } else {
      for (const f of LINK_IMPROVEMENTS) if (u[f] !== undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'is for link upgrades; a node upgrade sets throughputTeuPerYear' });
      if (u.throughputTeuPerYear === undefined) ctx.addIssue({ code: 'custom', path: ['throughputTeuPerYear'], message: 'a node upgrade must set throughputTeuPerYear' });
    }
  });

/** Body of POST /networks/:id/candidates. */
export const candidateSubmission = z.discriminatedUnion('type', [candidateLinkSubmission, upgradeSubmission], {
  error: 'must be a candidate link (a GeoJSON Feature, "type": "Feature") or an upgrade ("type": "upgrade")',
});
export type CandidateSubmission = z.infer<typeof candidateSubmission>;

/**
 * Body of PATCH …/candidates/:candidateId: a JSON merge patch (RFC 7396) applied to the stored
 * submission; the patched submission is then validated like a new one. `null` removes a field.
 */
export const candidatePatch = z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length > 0, 'must change at least one field');

export const candidateParams = z.strictObject({ id: idString, candidateId: idString });

/** A stored candidate as the API returns it. */
export const candidateRecord = z.object({
  id: z.string().describe('the candidate id: the link\'s properties.id, or the upgrade id'),
  networkId: z.string(),
  kind: z.enum(['link', 'upgrade']),
  submission: z.record(z.string(), z.unknown()).describe('the validated submission (without author and notes)'),
  author: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
});

// ---- query-string numbers and lists (strings in, typed values out) ----

/** A finite decimal number in a query string: "NaN", "Infinity", "1e999", "" and "0x10" are 400s. */
export function queryNumber(min: number, max: number, what: string) {
  return z
    .string()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, `must be a finite decimal number (${what})`)
    .transform(Number)
    .pipe(z.number().min(min, `must be ≥ ${min} (${what})`).max(max, `must be ≤ ${max} (${what})`));
}

/** A comma-separated list in a query string. */
export const queryList = z
  .string()
  .max(4_000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');

export const modeList = queryList.pipe(
  // Aliases the reports print ("river") are read back as the mode they name (issue 19).
  z.array(z.string().transform((m) => parseModeName(m) ?? m).pipe(z.enum(MODES, { message: `must be one of ${MODES.join(', ')} (or an alias: ${Object.keys(MODE_ALIASES).join(', ')})` }))).min(1, 'name at least one mode'),
) as unknown as z.ZodType<Mode[]>;

// ---- route ----

/** Query of GET /networks/:id/route. */
export const routeQuery = z.strictObject({
  from: idString.describe('origin node id, name or alias'),
  to: idString.describe('destination node id, name or alias'),
  modes: modeList.optional().describe(`comma-separated modes allowed (${MODES.join(', ')}); default all`),
  avoid: queryList.optional().describe('comma-separated node ids, link ids or named disruptions (suez, malacca, …) to avoid'),
  via: queryList.optional().describe('comma-separated nodes the route must pass, in order (a route that passes no node twice is preferred; see viaDoubleBack)'),
  allowDoubleBack: queryBoolean.optional().describe('true: with via, take the cheapest route even when it passes a node twice'),
  vot: queryNumber(0, 1e6, 'value of time, USD per TEU-hour').optional(),
  carbonPrice: queryNumber(0, 1e5, 'carbon price, USD per tonne CO2').optional(),
  cargo: z.enum(CARGO_CLASSES).optional().describe("cargo class whose value of time to use when vot is not given (docs/cost-model.md); default: the demand scenario's value for this flow, else standard"),
  alternatives: queryBoolean.optional().describe('true: also return the best route of each mode chain, with Pareto flags'),
  format: z.enum(['json', 'geojson']).optional().describe('geojson: answer the route legs as a GeoJSON FeatureCollection (application/geo+json) with the totals in a "route" member'),
});
export type RouteQuery = z.infer<typeof routeQuery>;

// ---- jobs ----

export const JOB_KINDS = ['optimize', 'evaluate', 'disrupt', 'criticality', 'robust-portfolio', 'resilience', 'plan'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const jobStartQuery = z.strictObject({
  wait: queryBoolean.optional().describe('true: answer when the job ends (up to the server wait cap), else 202 at once'),
});

export const jobParams = z.strictObject({ id: idString });
export const jobQuery = z.strictObject({
  wait: queryBoolean.optional().describe('true: wait (up to the server cap) for the job to end before answering'),
});

export const jobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** GET /jobs/:id. */
export const jobRecord = z.object({
  id: z.string(),
  jobId: z.string(),
  kind: z.enum(JOB_KINDS),
  networkId: z.string(),
  status: jobStatus,
  progress: z.number().min(0).max(1),
  cached: z.boolean().describe('true when the result was served from the store (same network content and request)'),
  statusUrl: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  request: z.unknown().describe('the validated request body'),
  error: z.looseObject({ title: z.string(), detail: z.string() }).nullable(),
  result: z.unknown().optional().describe('present when status is succeeded'),
});

/** 202 of a job start. */
export const jobAccepted = z.object({ jobId: z.string(), status: jobStatus, statusUrl: z.string(), cached: z.boolean() });

// ---- common responses ----

export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  problems: z.array(z.looseObject({ path: z.string(), message: z.string() })).optional(),
  suggestions: z.array(z.string()).optional(),
});

export const networkSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  nodeCount: z.number().int().nullable(),
  linkCount: z.number().int().nullable(),
  candidateLinkCount: z.number().int().nullable(),
  submittedCandidateCount: z.number().int(),
  contentHash: z.string().nullable(),
  createdAt: z.string().nullable(),
  error: z.string().optional(),
});

export const emptyQuery = z.strictObject({});
