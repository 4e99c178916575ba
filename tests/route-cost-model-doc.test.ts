import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARGO_VALUE_OF_TIME, DEFAULT_CARBON_PRICE_USD_PER_T_CO2, DEFAULT_VOT_USD_PER_TEU_HOUR, MODE_DEFAULTS } from '../src/network/mode-defaults.js';

// docs/cost-model.md must state every default with its source exactly as src/network/mode-defaults.ts has it.
const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'cost-model.md'), 'utf8');
const rows = doc.split('\n').filter((l) => l.startsWith('|'));

describe('docs/cost-model.md', () => {
  it('lists every mode default with its value, estimate flag and source', () => {
    for (const [mode, defaults] of Object.entries(MODE_DEFAULTS)) {
      for (const [property, v] of Object.entries(defaults)) {
        const row = rows.find((r) => r.startsWith(`| ${mode} | \`${property}\` |`));
        expect(row, `${mode}.${property}`).toBeDefined();
        const cells = row!.split(' | ');
        expect(Number(cells[2])).toBe(v.value);
        expect(cells[4]).toBe(v.estimate ? 'estimate' : 'sourced');
        expect(row).toContain(v.source);
      }
    }
  });

  it('states the default value of time and carbon price with their sources', () => {
    for (const [name, v] of [['DEFAULT_VOT_USD_PER_TEU_HOUR', DEFAULT_VOT_USD_PER_TEU_HOUR], ['DEFAULT_CARBON_PRICE_USD_PER_T_CO2', DEFAULT_CARBON_PRICE_USD_PER_T_CO2]] as const) {
      const row = rows.find((r) => r.includes(`\`${name}\``));
      expect(row, name).toBeDefined();
      expect(Number(row!.split(' | ')[1])).toBe(v.value);
      expect(row).toContain(v.source);
    }
  });

  it('lists the value of time of every cargo class with its source (issue 19)', () => {
    for (const [cargo, v] of Object.entries(CARGO_VALUE_OF_TIME)) {
      const row = rows.find((r) => r.startsWith(`| \`${cargo}\` |`));
      expect(row, cargo).toBeDefined();
      const cells = row!.split(' | ');
      expect(Number(cells[1])).toBe(v.value);
      expect(cells[3]).toBe(v.estimate ? 'estimate' : 'sourced');
      expect(row).toContain(v.source);
    }
  });
});
