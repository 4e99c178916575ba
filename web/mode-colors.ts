import type { Mode } from '../src/network/modes.js';

/**
 * Line colour of each transport mode (Okabe–Ito colour-blind-safe hues, plus a violet for road). Typed by the
 * project's Mode, so a new mode in src/network/modes.ts fails the typecheck here until it has a colour.
 */
export const MODE_COLORS: Readonly<Record<Mode, string>> = {
  rail: '#d55e00',
  road: '#7a5195',
  inland_waterway: '#009e73',
  sea: '#0072b2',
  air: '#cc79a7',
};

/** Colour for modes the palette does not know (a newer API, an uploaded network). */
export const UNKNOWN_MODE_COLOR = '#555555';

/** Human label of a mode id. */
export function modeLabel(mode: string): string {
  return mode === 'inland_waterway' ? 'inland waterway' : mode;
}

/** The colour of a mode. */
export function modeColor(mode: string): string {
  return (MODE_COLORS as Record<string, string>)[mode] ?? UNKNOWN_MODE_COLOR;
}

/**
 * Colours of the route alternatives, chosen away from every mode hue (the mode legend): yellow, brown,
 * olive, charcoal, grey-olive, grey. The old palette drew an alternative in sky blue, read as "sea". A test
 * (tests/map-colors.test.ts) keeps each saturated one at least 25° of hue from every mode, the rest greyish.
 * Index 0 is the second-best route.
 */
export const ALTERNATIVE_COLORS = ['#d4c000', '#8c564b', '#9a9a00', '#3c3c3c', '#b5b56a', '#9e9e9e'] as const;
