import { propertiesSchema, type AttributeSpec } from '../network/index.js';

/**
 * Properties of an upgrade candidate (a feature with `geometry: null` and `type: "upgrade"`), declared once
 * with units; the zod schema below and the table in docs/candidates-format.md derive from it.
 * Every improvement is the value *after* the upgrade, not an increment.
 */
export const UPGRADE_ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'id', type: 'string', unit: '', required: true, default: '—', description: 'Unique candidate id (distinct from every node and link id of the network).' },
  { name: 'type', type: 'enum', unit: '', required: true, default: '—', values: ['upgrade'], description: 'Marks the feature as an upgrade of an existing element.' },
  { name: 'target', type: 'string', unit: '', required: true, default: '—', description: 'Id of the existing link or node it upgrades.' },
  { name: 'name', type: 'string', unit: '', required: false, default: 'none', description: 'Display name.' },
  { name: 'capacityTeuPerYear', type: 'number', unit: 'TEU/yr', required: false, default: 'unchanged', min: 0, description: 'Link target: per-direction capacity after the upgrade (must exceed the current one).' },
  { name: 'throughputTeuPerYear', type: 'number', unit: 'TEU/yr', required: false, default: 'unchanged', min: 0, description: 'Node target: terminal throughput after the upgrade (must exceed the current one).' },
  { name: 'speedKmh', type: 'number', unit: 'km/h', required: false, default: 'unchanged', min: 0, positive: true, description: 'Link target: average speed after the upgrade; transit time becomes lengthKm / speedKmh (must be faster).' },
  { name: 'hours', type: 'number', unit: 'h', required: false, default: 'unchanged', min: 0, description: 'Link target: transit time after the upgrade (must be shorter); not together with speedKmh.' },
  { name: 'costUsdPerTeuKm', type: 'number', unit: 'USD/TEU-km', required: false, default: 'unchanged', min: 0, description: 'Link target: money cost after the upgrade (must be lower).' },
  { name: 'capexUsd', type: 'number', unit: 'USD', required: true, default: '—', min: 0, description: 'Investment cost.' },
  { name: 'lifetimeYears', type: 'number', unit: 'yr', required: true, default: '—', min: 0, positive: true, description: 'Economic lifetime.' },
  { name: 'source', type: 'string', unit: '', required: true, default: '—', description: 'Where the figures came from ("estimate: …" with the reasoning when they are estimates).' },
  { name: 'estimated', type: 'string[]', unit: '', required: false, default: 'none', description: 'Names of the properties whose values are estimates.' },
  { name: 'notes', type: 'string', unit: '', required: false, default: 'none', description: 'Free text.' },
];

/** The improvement properties of an upgrade, and which kind of target each applies to. */
export const UPGRADE_IMPROVEMENTS = {
  capacityTeuPerYear: 'link',
  throughputTeuPerYear: 'node',
  speedKmh: 'link',
  hours: 'link',
  costUsdPerTeuKm: 'link',
} as const;

export const upgradePropertiesSchema = propertiesSchema(UPGRADE_ATTRIBUTES);
export const KNOWN_UPGRADE_PROPERTIES = new Set(UPGRADE_ATTRIBUTES.map((a) => a.name));

/** Upgrade properties after schema validation (the static twin of UPGRADE_ATTRIBUTES). */
export interface UpgradeProperties {
  id: string;
  type: 'upgrade';
  target: string;
  name?: string | null;
  capacityTeuPerYear?: number | null;
  throughputTeuPerYear?: number | null;
  speedKmh?: number | null;
  hours?: number | null;
  costUsdPerTeuKm?: number | null;
  capexUsd: number;
  lifetimeYears: number;
  source: string;
  estimated?: string[] | null;
  notes?: string | null;
}

/** The upgrade property table of docs/candidates-format.md, generated from UPGRADE_ATTRIBUTES (a test keeps them in step). */
export function upgradeAttributesMarkdown(): string {
  const typeOf = (a: AttributeSpec) => (a.values ? a.values.map((v) => `"${v}"`).join(' \\| ') : a.type);
  const rows = UPGRADE_ATTRIBUTES.map((a) => `| \`${a.name}\` | ${typeOf(a)} | ${a.unit || '—'} | ${a.required ? 'yes' : 'no'} | ${a.default} | ${a.description} |`);
  return ['| property | type | unit | required | when absent | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
