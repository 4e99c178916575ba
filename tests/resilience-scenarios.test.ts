import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NETWORKS_DIR, loadBuiltinNetwork } from '../networks/index.js';
import { ValidationError } from '../src/shared/errors.js';
import { loadScenarioSet, scenarioDemand, validateScenarioSet } from '../src/resilience/index.js';
import { demandAB, twoRouteNetwork } from './support/evaluate-tiny-network.js';

const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
};

describe('scenario-set format', () => {
  const net = twoRouteNetwork();

  it('resolves closures, derates and normalises weights', () => {
    const set = validateScenarioSet(
      {
        scenarios: [
          { id: 'base', name: 'base', weight: 3 },
          { id: 'no-rail', name: 'rail closed', weight: 1, close: ['rail'], derate: { B: 0.5 } },
        ],
      },
      net,
    );
    expect(set.basis).toBe('weight');
    expect(set.scenarios.map((s) => s.probability)).toEqual([0.75, 0.25]);
    expect(set.scenarios[1].closedLinkIds).toEqual(['rail']);
    expect(set.scenarios[1].capacityMultipliers).toEqual({ B: 0.5 });
  });

  it('names the scenario index and field of every problem, and the closest ids of an unknown one', () => {
    const problems = problemsOf(() =>
      validateScenarioSet(
        {
          scenarios: [
            { id: 'a', name: 'a', probability: 0.5, close: ['rial'] },
            { id: 'b', name: 'b', probability: 0.5, derate: { spurr: 0.5 }, demand: [{ origin: 'AA', factor: 2 }] },
          ],
        },
        net,
      ),
    );
    expect(problems.map((p) => p.path)).toEqual(['scenarios[0].close[0]', 'scenarios[1].derate.spurr', 'scenarios[1].demand[0].origin']);
    expect(problems[0].featureIndex).toBe(0);
    expect(problems[0].message).toContain('scenario 0 ("a")');
    expect(problems[0].message).toContain('"rail"');
    expect(problems[1].message).toContain('"spur"');
    expect(problems[2].message).toContain('"A"');
  });

  it('reports schema errors with the scenario index and field', () => {
    const problems = problemsOf(() => validateScenarioSet({ scenarios: [{ id: 'a', name: 'a', probability: 1 }, { id: 'b', name: 'b', probability: -1, colse: [] }] }, net));
    expect(problems.some((p) => p.path === 'scenarios[1].probability' && p.featureIndex === 1)).toBe(true);
    expect(problems.some((p) => p.path === 'scenarios[1]' && /colse/.test(p.message))).toBe(true);
  });

  it('rejects probabilities that do not sum to 1, mixed bases and duplicate ids', () => {
    expect(problemsOf(() => validateScenarioSet({ scenarios: [{ id: 'a', name: 'a', probability: 0.5 }] }, net))[0].message).toMatch(/sum to 0.5/);
    expect(problemsOf(() => validateScenarioSet({ scenarios: [{ id: 'a', name: 'a', probability: 0.5 }, { id: 'b', name: 'b', weight: 1 }] }, net))[0].path).toBe('scenarios[1].weight');
    expect(problemsOf(() => validateScenarioSet({ scenarios: [{ id: 'a', name: 'a', probability: 0.5 }, { id: 'a', name: 'b', probability: 0.5 }] }, net))[0].message).toMatch(/duplicate/);
  });

  it('applies demand changes row by row', () => {
    const set = validateScenarioSet({ scenarios: [{ id: 'up', name: 'up', probability: 1, demand: [{ origin: 'A', destination: 'B', factor: 1.5 }] }] }, net);
    expect(scenarioDemand(demandAB(3000), set.scenarios[0])[0].teuPerYear).toBe(4500);
    const none = validateScenarioSet({ scenarios: [{ id: 'x', name: 'x', probability: 1, demand: [{ origin: 'B', teuPerYear: 1 }] }] }, net);
    expect(() => scenarioDemand(demandAB(3000), none.scenarios[0])).toThrow(/scenarios\[0\]\.demand\[0\]/);
  });
});

describe('built-in china-eurasia scenario set', () => {
  const net = loadBuiltinNetwork('china-eurasia');

  it('validates, has at least 10 disruption scenarios, and every probability has a source or an estimate', () => {
    const set = loadScenarioSet('default', net);
    expect(set.scenarios.length).toBeGreaterThanOrEqual(11);
    expect(set.scenarios.reduce((s, x) => s + x.probability, 0)).toBeCloseTo(1, 9);
    for (const s of set.scenarios) expect(s.source).toMatch(/^(estimate: |\[REF\] )\S/);
    const raw = JSON.parse(readFileSync(`${NETWORKS_DIR}/scenarios/china-eurasia.json`, 'utf8')) as { scenarios: { id: string }[] };
    expect(raw.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['red-sea', 'malacca', 'alashankou', 'khorgos', 'malaszewicze-congested', 'three-gorges-locks', 'china-laos-railway', 'qinzhou-typhoon', 'kazakh-gateways']));
    const both = set.scenarios.find((s) => s.id === 'kazakh-gateways')!;
    expect(both.closedNodeIds.sort()).toEqual(['alashankou', 'khorgos']);
  });
});

it('docs/scenario-set-format.md lists the built-in scenarios with their probabilities', () => {
  const doc = readFileSync(`${import.meta.dirname}/../docs/scenario-set-format.md`, 'utf8');
  const raw = JSON.parse(readFileSync(`${NETWORKS_DIR}/scenarios/china-eurasia.json`, 'utf8')) as { scenarios: { id: string; probability: number }[] };
  for (const s of raw.scenarios) expect(doc).toMatch(new RegExp(`\\| ${s.id} \\|[^\\n]*\\| ${String(s.probability).replace('.', '\\.')}0*( |\\n|\\|)`));
});
