import { GAUGES, MODES, NODE_KINDS } from './modes.js';

/**
 * Node and link attributes declared once, with type, unit and default (PyPSA-style component tables).
 * The zod schemas in `network-schema.ts` and the tables in `docs/network-format.md` both derive from these,
 * so a unit lives in one place.
 */
export interface AttributeSpec {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'string[]' | 'enum';
  /** Unit of a number, e.g. "USD/TEU"; "" for unitless. */
  unit: string;
  required: boolean;
  /** What applies when the property is absent, in words. */
  default: string;
  description: string;
  /** For numbers: smallest allowed value (inclusive) and whether 0 is excluded. */
  min?: number;
  positive?: boolean;
  integer?: boolean;
  values?: readonly (string | number)[];
}

export const NODE_ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'id', type: 'string', unit: '', required: true, default: '—', description: 'Unique node id, referenced by links.' },
  { name: 'name', type: 'string', unit: '', required: false, default: 'the id', description: 'Display name.' },
  { name: 'country', type: 'string', unit: '', required: false, default: 'unknown', description: 'ISO 3166-1 alpha-2 code of the country the node lies in.' },
  { name: 'kind', type: 'enum', unit: '', required: false, default: 'city', values: NODE_KINDS, description: 'What the node is.' },
  { name: 'aliases', type: 'string[]', unit: '', required: false, default: 'none', description: 'Other names that find this node in queries (case-insensitive).' },
  { name: 'transferUsdPerTeu', type: 'number', unit: 'USD/TEU', required: false, default: '0', min: 0, description: 'Charge for changing mode at this node.' },
  { name: 'transferHours', type: 'number', unit: 'h', required: false, default: '0', min: 0, description: 'Time for changing mode at this node.' },
  { name: 'borderCrossingUsdPerTeu', type: 'number', unit: 'USD/TEU', required: false, default: '0', min: 0, description: 'Charge to flow passing through this node (border formalities).' },
  { name: 'borderCrossingHours', type: 'number', unit: 'h', required: false, default: '0', min: 0, description: 'Dwell of flow passing through this node (border clearance).' },
  { name: 'gaugeChangeUsdPerTeu', type: 'number', unit: 'USD/TEU', required: false, default: '0', min: 0, description: 'Charge for moving a TEU between rail gauges here.' },
  { name: 'gaugeChangeHours', type: 'number', unit: 'h', required: false, default: '0', min: 0, description: 'Time for moving a TEU between rail gauges here.' },
  { name: 'throughputTeuPerYear', type: 'number', unit: 'TEU/yr', required: false, default: 'unlimited', min: 0, description: 'Terminal capacity: all TEU starting, ending or passing here, both directions together.' },
  { name: 'source', type: 'string', unit: '', required: false, default: 'none', description: 'Where the figures came from.' },
  { name: 'estimated', type: 'string[]', unit: '', required: false, default: 'none', description: 'Names of the properties whose values are estimates.' },
  { name: 'notes', type: 'string', unit: '', required: false, default: 'none', description: 'Free text.' },
];

export const LINK_ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'id', type: 'string', unit: '', required: true, default: '—', description: 'Unique link id.' },
  { name: 'from', type: 'string', unit: '', required: true, default: '—', description: 'Node id at the first point of the geometry.' },
  { name: 'to', type: 'string', unit: '', required: true, default: '—', description: 'Node id at the last point of the geometry.' },
  { name: 'mode', type: 'enum', unit: '', required: true, default: '—', values: MODES, description: 'Transport mode.' },
  { name: 'name', type: 'string', unit: '', required: false, default: 'none', description: 'Display name, e.g. "Lanxin railway".' },
  { name: 'lengthKm', type: 'number', unit: 'km', required: false, default: 'geodesic length of the geometry (@turf/turf)', min: 0, description: 'Route length.' },
  { name: 'costUsdPerTeuKm', type: 'number', unit: 'USD/TEU-km', required: false, default: 'mode default', min: 0, description: 'Money cost; link cost per TEU = lengthKm × costUsdPerTeuKm, exactly.' },
  { name: 'speedKmh', type: 'number', unit: 'km/h', required: false, default: 'mode default', min: 0, positive: true, description: 'Average commercial speed; ignored when `hours` is given.' },
  { name: 'hours', type: 'number', unit: 'h', required: false, default: 'lengthKm / speedKmh', min: 0, description: 'Transit time of the link, when known as a whole.' },
  { name: 'co2KgPerTeuKm', type: 'number', unit: 'kg CO2/TEU-km', required: false, default: 'mode default', min: 0, description: 'Emission factor (well-to-wheel where sourced).' },
  { name: 'capacityTeuPerYear', type: 'number', unit: 'TEU/yr', required: false, default: 'unlimited', min: 0, description: 'Capacity in each direction.' },
  { name: 'oneway', type: 'boolean', unit: '', required: false, default: 'false (both directions, each with the capacity)', description: 'Only from → to.' },
  { name: 'gauge', type: 'enum', unit: 'mm', required: false, default: '1435 for rail', values: GAUGES, description: 'Rail track gauge; rail only.' },
  { name: 'status', type: 'enum', unit: '', required: false, default: 'existing', values: ['existing', 'candidate'], description: 'Candidate links are off unless an evaluation turns them on.' },
  { name: 'capexUsd', type: 'number', unit: 'USD', required: false, default: 'none (required for candidates)', min: 0, description: 'Investment cost of a candidate.' },
  { name: 'lifetimeYears', type: 'number', unit: 'yr', required: false, default: 'none (required for candidates)', min: 0, positive: true, description: 'Economic lifetime of a candidate.' },
  { name: 'source', type: 'string', unit: '', required: false, default: 'none', description: 'Where the figures came from.' },
  { name: 'estimated', type: 'string[]', unit: '', required: false, default: 'none', description: 'Names of the properties whose values are estimates.' },
  { name: 'notes', type: 'string', unit: '', required: false, default: 'none', description: 'Free text.' },
];
