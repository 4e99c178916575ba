import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import { demandFromCsv, demandFromJson, loadDemand } from '../src/network/demand.js';
import { ValidationError } from '../src/shared/errors.js';
import { parseCsv } from '../src/network/parse-demand-csv.js';

const net = buildNetwork(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/in/tiny-multimodal.geojson'), 'utf8')), { id: 'tiny' });

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('parseCsv', () => {
  it('handles quoted fields with commas, doubled quotes, line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""",3\r\n"multi\nline",,z\n';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['x, y', 'say "hi"', '3'] },
      { row: 3, fields: ['multi\nline', '', 'z'] },
    ]);
  });

  it('skips blank lines but keeps counting rows, and reads a last line without newline', () => {
    expect(parseCsv('a,b\n\n1,2')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 3, fields: ['1', '2'] },
    ]);
  });

  it('reports an unclosed quote with its row', () => {
    const problems = problemsOf(() => parseCsv('a,b\n1,2\n"open,3\n'));
    expect(problems).toMatchObject([{ row: 3 }]);
  });
});

describe('demandFromCsv', () => {
  it('resolves ids, names and aliases and reads optional columns in any order', () => {
    const rows = demandFromCsv(
      'commodity,origin,destination,teuPerYear,valueOfTimeUsdPerTeuHour,source\n"electronics, high value",alpha,Sea hub,1200,3.5,"survey, 2024"\n,P,S,300,,\n',
      net,
    );
    expect(rows).toEqual([
      { origin: 'A', destination: 'S', teuPerYear: 1200, commodity: 'electronics, high value', valueOfTimeUsdPerTeuHour: 3.5, source: 'survey, 2024', row: 2 },
      { origin: 'P', destination: 'S', teuPerYear: 300, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 3 },
    ]);
  });

  it('reports every problem at once with its row (header = 1) and column', () => {
    const text = [
      'origin,destination,teuPerYear,valueOfTimeUsdPerTeuHour',
      'A,S,100,', // fine
      'Atlantis,S,100,', // unknown origin
      'A,S,-5,', // negative
      'A,S,lots,', // not a number
      'A,A,10,', // same node
      'A,S,10,-1', // negative VOT
      'A,S', // too few fields and missing teuPerYear
    ].join('\n');
    const problems = problemsOf(() => demandFromCsv(text, net));
    expect(problems.map((p) => [p.row, p.property ?? null])).toEqual([
      [3, 'origin'],
      [4, 'teuPerYear'],
      [5, 'teuPerYear'],
      [6, 'destination'],
      [7, 'valueOfTimeUsdPerTeuHour'],
      [8, null],
      [8, 'teuPerYear'],
    ]);
    expect(problems[0].path).toBe('row 3, column origin');
    expect(problems[0].message).toContain('unknown node "Atlantis"');
  });

  it('rejects unknown and missing columns in the header (row 1)', () => {
    const problems = problemsOf(() => demandFromCsv('origin,destinaton,teu\nA,S,1\n', net));
    expect(problems.map((p) => [p.row, p.property])).toEqual([
      [1, 'destinaton'],
      [1, 'teu'],
      [1, 'destination'],
      [1, 'teuPerYear'],
    ]);
    expect(problems[0].message).toContain('did you mean "destination"');
  });
});

describe('demandFromJson', () => {
  it('accepts an array or {demand: [...]}, numbers must be JSON numbers', () => {
    const rows = demandFromJson({ demand: [{ origin: 'A', destination: 'S', teuPerYear: 5, commodity: 'x' }] }, net);
    expect(rows).toEqual([{ origin: 'A', destination: 'S', teuPerYear: 5, commodity: 'x', valueOfTimeUsdPerTeuHour: null, source: null, row: 1 }]);
    const problems = problemsOf(() => demandFromJson([{ origin: 'A', destination: 'S', teuPerYear: '5' }, 7, { origin: 'A', destination: 'Q', teuPerYear: 1, colour: 'red' }], net));
    expect(problems.map((p) => [p.path, p.row])).toEqual([
      ['demand[0].teuPerYear', 1],
      ['demand[1]', 2],
      ['demand[2].colour', 3],
      ['demand[2].destination', 3],
    ]);
  });
});

describe('loadDemand', () => {
  it('reads CSV and JSON files by extension and explains "default" on a non-built-in network', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demand-'));
    writeFileSync(join(dir, 'd.csv'), 'origin,destination,teuPerYear\nA,S,10\n');
    writeFileSync(join(dir, 'd.json'), JSON.stringify([{ origin: 'A', destination: 'S', teuPerYear: 10 }]));
    expect(loadDemand(join(dir, 'd.csv'), net)[0].teuPerYear).toBe(10);
    expect(loadDemand(join(dir, 'd.json'), net)[0].teuPerYear).toBe(10);
    expect(() => loadDemand('default', net)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => loadDemand(join(dir, 'missing.csv'), net)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
