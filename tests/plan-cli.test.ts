import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBudgetList, parseUsdAmount } from '../src/cli/commands/plan-command.js';
import { loadGrowth } from '../src/plan/index.js';
import { runCliInProcess } from './support/run-cli-in-process.js';

describe('corridor plan', () => {
  it('plans the land-sea corridor candidates over 2026–2040 with the built-in growth (--json)', async () => {
    const r = await runCliInProcess('plan', '--network', 'land-sea-corridor', '--candidates', 'networks/candidates/land-sea-corridor.geojson', '--budget-per-period', '2bn', '--json');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.horizon).toEqual({ years: [2026, 2030, 2035, 2040], endYear: 2045 });
    expect(j.periods).toHaveLength(4);
    // Default demand grows every period under the built-in assumptions.
    for (let i = 1; i < 4; i++) expect(j.periods[i].demandTeu).toBeGreaterThan(j.periods[i - 1].demandTeu);
    expect(j.npvUsd).toBeGreaterThanOrEqual(-1e-6 * Math.abs(j.pvCostDoNothingUsd));
    for (const p of j.periods) expect(p.capexUsd).toBeLessThanOrEqual(2e9 + 1e-6);
    // Whatever is built opens before the period it first carries traffic in.
    for (const t of j.timeline) if (t.decisionYear !== null) expect(t.availableFromYear).toBeGreaterThanOrEqual(t.openingYear);
  }, 120_000);

  it('a growth file naming an unknown OD row fails with the rule and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'growth.json');
    writeFileSync(file, JSON.stringify({ baseYear: 2023, rules: [{ origin: 'chongqing', destination: 'kunming', cagr: 0.05, source: 'test' }] }));
    const r = await runCliInProcess('plan', '--network', 'land-sea-corridor', '--candidates', 'networks/candidates/land-sea-corridor.geojson', '--growth', file, '--json');
    expect(r.exitCode).toBe(1);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.problems[0]).toMatchObject({ path: 'rules[0]', property: 'origin' });
    expect(err.problems[0].message).toMatch(/unknown OD row/);
  });

  it('budget amounts: 5bn, 500m, 2.5e9, lists with none', () => {
    expect(parseUsdAmount('5bn', '--x')).toBe(5e9);
    expect(parseUsdAmount('500m', '--x')).toBe(5e8);
    expect(parseUsdAmount('2.5e9', '--x')).toBe(2.5e9);
    expect(parseBudgetList('5bn,none,8bn')).toEqual([5e9, null, 8e9]);
    expect(() => parseUsdAmount('-5', '--x')).toThrow(/not an amount/);
    expect(() => parseUsdAmount('5 gazillion', '--x')).toThrow(/not an amount/);
  });

  it('every built-in growth rule has a source, and estimates say so', () => {
    const g = loadGrowth('default');
    for (const r of [...g.file.rules, g.file.default!]) {
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.source).toMatch(/^estimate:/);
    }
    expect(g.file.rules.some((r) => r.source.includes('networks/reference/corridor-reference.md'))).toBe(true);
  });
});
