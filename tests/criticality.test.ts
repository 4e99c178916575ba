import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { criticality, criticalityElements } from '../src/evaluate/criticality.js';
import { autoWorkerCount, MIN_PARALLEL_SECONDS } from '../src/evaluate/scenario-pool.js';
import { NotFoundError } from '../src/shared/errors.js';
import { optimize } from '../src/assignment/optimize.js';
import { twoRouteNetwork, demandAB } from './support/evaluate-tiny-network.js';

const net = twoRouteNetwork();
const options = { vot: 1, carbonPrice: 0, unservedPenaltyUsdPerTeu: 10_000 } as const;

describe('N-1 criticality on a tiny network', () => {
  it('matches sequential single-closure runs, ranked by added cost', async () => {
    // endpoints: true — origins and destinations are left out by default since issue 19.
    const report = await criticality(net, demandAB(), { ...options, workers: 0, endpoints: true });
    expect(report.elementCount).toBe(6);
    // Second algorithm: each element closed in its own optimize() call.
    const base = (await optimize(net, demandAB(), options)).objectiveUsd!;
    for (const e of report.entries) {
      const closed = await optimize(net, demandAB(), { ...options, ...(e.kind === 'link' ? { closedLinkIds: [e.id] } : { closedNodeIds: [e.id] }) });
      expect(e.addedCostUsd!, e.id).toBeCloseTo(closed.objectiveUsd! - base, 3);
      expect(e.unservedTeu!, e.id).toBeCloseTo(closed.unservedTeu!, 6);
    }
    // By hand (VOT 1): rail 200 + 40 = 240 USD/TEU, road 500 + 20 = 520. Closing A or B strands all 3,000 TEU
    // (3,000 × 10,000 − 1,280,000); closing rail moves 1,000 TEU to road (280,000); closing road strands
    // 2,000 TEU (2,000 × (10,000 − 520) = 18,960,000); spur and C carry nothing.
    expect(report.entries.map((e) => e.id)).toEqual(['A', 'B', 'road', 'rail', 'C', 'spur']);
    expect(report.entries[2].addedCostUsd).toBeCloseTo(2000 * (10_000 - 520), 2);
    expect(report.entries[3].addedCostUsd).toBeCloseTo(1000 * 280, 3);
    expect(report.entries.filter((e) => !e.solved).map((e) => e.id).sort()).toEqual(['C', 'spur']);
    expect(report.entries.find((e) => e.id === 'A')).toMatchObject({ endpoint: true, rank: 1, addedUnservedTeu: expect.closeTo(3000, 6) });
    expect(report.solvedCount).toBe(4);
  });

  it('gives the same ranking on two worker threads, and without skipping unused elements', async () => {
    const inline = await criticality(net, demandAB(), { ...options, workers: 0, endpoints: true });
    const threaded = await criticality(net, demandAB(), { ...options, workers: 2, skipUnused: false, endpoints: true });
    expect(threaded.workers).toBe(2);
    expect(threaded.solvedCount).toBe(6);
    expect(threaded.entries.map((e) => e.id)).toEqual(inline.entries.map((e) => e.id));
    threaded.entries.forEach((e, i) => expect(e.addedCostUsd!).toBeCloseTo(inline.entries[i].addedCostUsd!, 3));
  });

  it('takes a subset of elements, named disruptions included, and reports progress', async () => {
    const seen: number[] = [];
    const report = await criticality(net, demandAB(), { ...options, workers: 0, elements: ['rail', 'B'], onProgress: (done) => seen.push(done) });
    expect(report.entries.map((e) => e.id)).toEqual(['B', 'rail']);
    expect(seen).toEqual([1, 2, 3]);
    expect(criticalityElements(net, 'links').map((e) => e.id)).toEqual(['rail', 'road', 'spur']);
    expect(criticalityElements(net, 'terminals').map((e) => e.id)).toEqual(['A', 'B', 'C']);
    expect(() => criticalityElements(net, ['nowhere'])).toThrow(NotFoundError);
    const noEndpoints = await criticality(net, demandAB(), { ...options, workers: 0, endpoints: false });
    expect(noEndpoints.entries.map((e) => e.id)).toEqual(['road', 'rail', 'C', 'spur']);
    // The default since issue 19: the network's own links and terminals, origins and destinations left out.
    const byDefault = await criticality(net, demandAB(), { ...options, workers: 0 });
    expect(byDefault.entries.map((e) => e.id)).toEqual(['road', 'rail', 'C', 'spur']);
    expect(byDefault).toMatchObject({ endpointsIncluded: false, excludedEndpointIds: ['A', 'B'] });
  });

  it('uses worker threads by default only when the serial work pays for starting them', async () => {
    expect(autoWorkerCount(100, (MIN_PARALLEL_SECONDS * 0.9) / 100)).toBe(0);
    expect(autoWorkerCount(1, 1000)).toBe(0);
    expect(autoWorkerCount(100, 1)).toBe(availableParallelism() >= 2 ? Math.min(availableParallelism(), 100) : 0);
    // The tiny network solves in milliseconds: no threads.
    expect((await criticality(net, demandAB(), options)).workers).toBe(0);
  });
});
