/**
 * One Problem, resolved once at the edge (issue 17.1): resolveProblem checks options and demand and fills the
 * defaults; below the edge, resolved options travel as `{ resolved }` and are taken as they are.
 */
import { describe, expect, it } from 'vitest';
import { JOB_KIND_SPECS } from '../api/jobs/job-kinds.js';
import { criticality } from '../src/evaluate/index.js';
import { baseOptionsOf, optimize, resolveOptimizeOptions, resolveProblem, solveProblem } from '../src/assignment/index.js';
import { InvalidArgumentError, NotFoundError } from '../src/shared/index.js';
import { loadDemand, loadNetwork } from '../src/network/index.js';

const network = loadNetwork('eurasian-land-bridge');
const demand = loadDemand('default', network);

describe('resolveProblem', () => {
  it('fills the defaults and checks options and demand rows against the network', () => {
    const p = resolveProblem(network, demand, { carbonPrice: 80 });
    expect(p.options.carbonPriceUsdPerTonneCo2).toBe(80);
    expect(p.options.unservedPenaltyUsdPerTeu).toBe(50_000);
    expect(p.options.method).toBe('paths');
    expect(() => resolveProblem(network, demand, { closedNodeIds: ['atlantis'] })).toThrow(NotFoundError);
    expect(() => resolveProblem(network, [{ ...demand[0], origin: 'atlantis' }], {})).toThrow(/demand\[0\]: origin "atlantis"/);
    const e = (() => {
      try {
        resolveProblem(network, demand, { pricingWorkers: -1 });
      } catch (err) {
        return err as InvalidArgumentError;
      }
    })();
    // The option's name travels with the error, so the CLI can name its flag instead.
    expect(e?.option).toEqual({ name: 'pricingWorkers', problem: 'must be an integer ≥ 0 (0 = price in the calling thread), got -1' });
    expect(e?.message).toBe('pricingWorkers must be an integer ≥ 0 (0 = price in the calling thread), got -1');
  });

  it('resolved options pass through as they are, and refuse an override beside them (it would be ignored)', () => {
    const { options } = resolveProblem(network, demand, { vot: 3 });
    expect(resolveOptimizeOptions(network, { resolved: options })).toBe(options);
    expect(() => resolveOptimizeOptions(network, { resolved: options, vot: 5 })).toThrow(/"resolved" is given with "vot" beside it/);
    expect(baseOptionsOf(network, demand, { resolved: options })).toBe(options);
    expect(() => baseOptionsOf(network, demand, { resolved: options, carbonPrice: 5 })).toThrow(/"resolved" is given with "carbonPrice" beside it/);
  });

  it('solveProblem of the resolved problem gives what optimize gives from raw options', async () => {
    const raw = { method: 'arc' as const, carbonPrice: 40, closedNodeIds: ['khorgos'] };
    const a = await optimize(network, demand, raw);
    const b = await solveProblem(resolveProblem(network, demand, raw));
    expect(b.objectiveUsd).toBe(a.objectiveUsd);
    expect(b.parameters).toEqual(a.parameters);
  });

  it('a sweep given { resolved } equals the sweep given the raw options', async () => {
    const raw = { carbonPrice: 40, capacityMultipliers: { alashankou: 0.5 } };
    const resolved = resolveProblem(network, demand, raw).options;
    const a = await criticality(network, demand, { ...raw, elements: 'terminals', workers: 0 });
    const b = await criticality(network, demand, { resolved, elements: 'terminals', workers: 0 });
    expect(b.entries.map((x) => [x.id, x.addedCostUsd])).toEqual(a.entries.map((x) => [x.id, x.addedCostUsd]));
  });

  it("the API's prepare resolves the options at the edge and hands them down resolved", () => {
    const spec = JOB_KIND_SPECS.find((s) => s.kind === 'criticality')!;
    const input = spec.prepare!(network, spec.body.parse({ carbonPrice: 80, capacityMultipliers: { khorgos: 0.5 } }), []) as { options: { resolved?: { carbonPriceUsdPerTonneCo2: number; unservedPenaltyUsdPerTeu: number; capacityMultipliers: [string, number][] } } };
    expect(input.options.resolved?.carbonPriceUsdPerTonneCo2).toBe(80);
    expect(input.options.resolved?.unservedPenaltyUsdPerTeu).toBe(50_000);
    expect(input.options.resolved?.capacityMultipliers).toEqual([['khorgos', 0.5]]);
    expect(Object.keys(input.options).filter((k) => k !== 'resolved' && k !== 'endpoints')).toEqual([]);
  });
});
