/** Transport modes of a link. */
export const MODES = ['rail', 'road', 'inland_waterway', 'sea', 'air'] as const;
export type Mode = (typeof MODES)[number];

/** Rail track gauges in millimetres: standard, Russian broad, metre. */
export const GAUGES = [1435, 1520, 1000] as const;
export type GaugeMm = (typeof GAUGES)[number];

/** Gauge assumed for a rail link that does not state one (standard gauge, as in China and the EU). */
export const DEFAULT_GAUGE_MM: GaugeMm = 1435;

/** Kinds of node. */
export const NODE_KINDS = [
  'seaport',
  'river_port',
  'rail_terminal',
  'border_crossing',
  'airport',
  'city',
  'waypoint',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

/**
 * Key of the arrival/departure vertices a link of this mode uses in the expanded graph: rail is keyed by
 * gauge (`rail-1435`, `rail-1520`, `rail-1000`) so a gauge change is an arc of its own; other modes by name.
 */
export const modeKeyOf = (mode: Mode, gauge: number | null): string => (mode === 'rail' ? `rail-${gauge ?? DEFAULT_GAUGE_MM}` : mode);

/** The mode of an expanded-graph mode key (inverse of modeKeyOf, gauge dropped). */
export const modeOfKey = (key: string): Mode => (key.startsWith('rail-') ? 'rail' : (key as Mode));

/**
 * Other names of the modes, as the tables print them ("river") or as planners write them. Lower case;
 * `parseModeName` also folds spaces, hyphens and underscores.
 */
export const MODE_ALIASES: Readonly<Record<string, Mode>> = {
  river: 'inland_waterway',
  waterway: 'inland_waterway',
  inlandwaterway: 'inland_waterway',
  iww: 'inland_waterway',
  barge: 'inland_waterway',
  truck: 'road',
  ship: 'sea',
  ocean: 'sea',
  train: 'rail',
};

/** A mode from its id or an alias (case-insensitive; "river", "inland waterway", "Inland-Waterway"); undefined when neither. */
export function parseModeName(raw: string): Mode | undefined {
  const s = raw.trim().toLowerCase();
  if (isMode(s)) return s;
  const folded = s.replace(/[\s_-]+/g, '');
  return MODES.find((m) => m.replace(/_/g, '') === folded) ?? MODE_ALIASES[folded];
}
