import type { Mode } from '../network/index.js';
import type { OdAssignment } from './assignment-result.js';

/** TEU carried by one chain of modes (e.g. rail then sea), whatever mode has the most km. */
export interface ModeChainSplitEntry {
  /** Modes in order of use, consecutive repeats merged (as OdPath.modes). */
  modeChain: Mode[];
  /** "rail + sea", with the names the tables print ("river" for inland_waterway). */
  label: string;
  /** TEU per year on paths with this chain. */
  teuPerYear: number;
  /** teuPerYear / the served total. */
  shareOfServedTeu: number;
}

const LABEL: Partial<Record<Mode, string>> = { inland_waterway: 'river' };

/**
 * The split by mode chain, largest first. The TEU-km split counts ILSTC rail–sea traffic as mostly "sea"
 * (the sea leg is longer); by chain it is "rail + sea", which is how a planner names the corridor.
 * Needs the path decomposition (empty when the result has no paths).
 */
export function modeChainSplit(od: readonly OdAssignment[]): ModeChainSplitEntry[] {
  const byChain = new Map<string, { modeChain: Mode[]; teu: number }>();
  let served = 0;
  for (const row of od) {
    for (const p of row.paths) {
      if (!p.modes.length || p.teuPerYear <= 0) continue;
      const key = p.modes.join('+');
      const e = byChain.get(key) ?? { modeChain: [...p.modes], teu: 0 };
      e.teu += p.teuPerYear;
      byChain.set(key, e);
      served += p.teuPerYear;
    }
  }
  return [...byChain.values()]
    .sort((a, b) => b.teu - a.teu || a.modeChain.join('+').localeCompare(b.modeChain.join('+')))
    .map((e) => ({ modeChain: e.modeChain, label: e.modeChain.map((m) => LABEL[m] ?? m).join(' + '), teuPerYear: e.teu, shareOfServedTeu: served > 0 ? e.teu / served : 0 }));
}
