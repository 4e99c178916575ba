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
