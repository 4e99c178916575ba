import { describe, expect, it } from 'vitest';
import { ALTERNATIVE_COLORS, MODE_COLORS } from '../web/mode-colors.js';

// Issue 19: the rail alternative was drawn in sea blue. Hue and saturation are computed here from the hex
// codes (HSL, written out), not taken from the page.
function hsl(hex: string): { h: number; s: number } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d > 0) h = max === r ? 60 * (((g - b) / d) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
  return { h: (h + 360) % 360, s };
}
const hueGap = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe('route alternative colours do not clash with the mode legend', () => {
  it('hand check of the HSL helper', () => {
    expect(hsl('#0072b2').h).toBeCloseTo(201.6, 0);
    expect(hsl('#d55e00').h).toBeCloseTo(26.5, 0);
    expect(hsl('#808080').s).toBe(0);
  });

  it('every saturated alternative colour is ≥ 25° of hue from every mode colour; the others are greyish', () => {
    for (const alt of ALTERNATIVE_COLORS) {
      const a = hsl(alt);
      if (a.s < 0.35) continue; // greyish: not read as any mode
      for (const [mode, c] of Object.entries(MODE_COLORS)) expect(hueGap(a.h, hsl(c).h), `${alt} vs ${mode} ${c}`).toBeGreaterThanOrEqual(25);
    }
    // The old palette's sky blue #56b4e9 fails this rule against sea (#0072b2): 3° apart.
    expect(hueGap(hsl('#56b4e9').h, hsl(MODE_COLORS.sea).h)).toBeLessThan(25);
  });
});
