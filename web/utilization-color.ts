/**
 * Colour of a utilization (flow ÷ capacity, 0–1): green at 0, yellow at 0.5, red at 1 and above.
 * HSL hue 120° → 0°, so the scale reads the same in the legend and on the map.
 * @example utilizationColor(1) // 'hsl(0, 80%, 42%)'
 */
export function utilizationColor(utilization: number): string {
  const u = Math.min(1, Math.max(0, utilization));
  return `hsl(${Math.round(120 * (1 - u))}, 80%, 42%)`;
}

/** Colour of a link without a capacity (utilization undefined). */
export const UNCAPACITATED_COLOR = '#5b7083';
