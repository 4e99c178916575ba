import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { parseHumanNumber } from '../src/shared/parse-number.js';
import { railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

// Issue 19: malformed numbers are one line naming the flag (no stack trace), and the forms planners
// type are read. The real CLI runs in a child process, so an uncaught exception would show as one.
const root = join(import.meta.dirname, '..');
const corridor = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'corridor.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

const dir = mkdtempSync(join(tmpdir(), 'corridor-numbers-'));
const networkFile = join(dir, 'two-routes.geojson');
const demandFile = join(dir, 'demand.csv');
const candidatesFile = join(dir, 'candidates.geojson');
writeFileSync(networkFile, JSON.stringify(networkToGeoJson(twoRouteNetwork())));
writeFileSync(demandFile, 'origin,destination,teuPerYear\nA,B,3000\n');
writeFileSync(candidatesFile, JSON.stringify({ type: 'FeatureCollection', features: [secondTrackFeature, { type: 'Feature', geometry: null, properties: railUpgrade }, { type: 'Feature', geometry: null, properties: roadCheaper }] }));

describe('parseHumanNumber (the one parser behind every numeric flag)', () => {
  it('reads the forms planners type', () => {
    const cases: [string, number][] = [
      ['5e9', 5_000_000_000],
      ['500M', 500_000_000],
      ['500m', 500_000_000],
      ['5bn', 5_000_000_000],
      ['2.5B', 2_500_000_000],
      ['1,000', 1000],
      ['12,345,678.5', 12345678.5],
      ['1_000', 1000],
      ['250k', 250_000],
      ['0.06', 0.06],
      ['.5', 0.5],
      ['-3', -3],
      ['1.5E+3', 1500],
      [' 7.3 ', 7.3],
      ['3 mn', 3_000_000],
      ['1.2tn', 1.2e12],
    ];
    for (const [text, value] of cases) expect(parseHumanNumber(text), text).toBeCloseTo(value, 9);
  });

  it('refuses what is not a number rather than guessing', () => {
    for (const text of ['abc', '1e3x', '', ' ', '1,5', '10,00', '1,0000', '5 bn x', 'M', '1e', '--3', '0x10', 'Infinity', 'NaN', '1e400']) expect(parseHumanNumber(text), JSON.stringify(text)).toBeUndefined();
  });
});

describe('numeric flags on the command line', () => {
  for (const [args, flag, bad] of [
    [['route', '--from', 'Chongqing', '--to', 'Singapore', '--vot', 'abc'], '--vot', 'abc'],
    [['optimize', '--unserved-penalty', '1e3x'], '--unserved-penalty', '1e3x'],
    [['evaluate', '--budget', 'lots'], '--budget', 'lots'],
    [['criticality', '--top', 'ten'], '--top', 'ten'],
  ] as const) {
    it(`${args[0]} ${flag} ${bad}: one line naming the flag, exit 1, no stack trace`, () => {
      const r = corridor(...args);
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toContain(flag);
      expect(lines[0]).toContain(`'${bad}'`);
      expect(r.stderr).not.toMatch(/ValidationError|at .*\.ts:\d+/);
    });
  }

  it('evaluate --budget 500M and 2.5M work and mean USD 500,000,000 and 2,500,000', () => {
    const r = corridor('evaluate', '--network', networkFile, '--demand', demandFile, '--candidates', candidatesFile, '--vot', '0', '--carbon-price', '0', '--workers', '0', '--budget', '2.5M', '--sweep-budgets', '500M,1e6', '--json');
    expect(r.status, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.portfolio.budgetUsd).toBe(2_500_000);
    expect(body.budgetSweep.map((p: { budgetUsd: number }) => p.budgetUsd)).toEqual([500_000_000, 1_000_000]);
  });

  it('route --vot 1,000 is a thousand USD per TEU-hour', () => {
    const r = corridor('route', '--network', networkFile, '--from', 'A', '--to', 'B', '--vot', '1,000', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).costParameters.valueOfTimeUsdPerTeuHour).toBe(1000);
  });
});
