/**
 * Issue 16.1, the resilience subproblems on the queue: resilience measures and a robust portfolio over the
 * built-in china-eurasia scenario set, with their scenario solves on two real `corridor worker` processes,
 * against the same runs in this process.
 */
import { describe, expect, it } from 'vitest';
import { loadDemand } from '../src/network/demand.js';
import { loadCandidates } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';
import { loadScenarioSet, resilienceMeasures, robustPortfolio } from '../src/resilience/index.js';
import { redisTestsEnabled } from './support/redis-server.js';
import { useRedisWorkers } from './support/redis-workers.js';
import { runCliInProcess } from './support/run-cli-in-process.js';

const enabled = redisTestsEnabled('tests/queue-subproblems.test.ts');
const net = loadNetwork('china-eurasia');
// The calibrated 2024 demand grown by 60 % (a decade at the published rates): capacities bind, and the
// example candidates of both corridors become worth building in some scenarios.
const demand = loadDemand('default', net).map((d) => ({ ...d, teuPerYear: d.teuPerYear * 1.6 }));
const set = loadScenarioSet('default', net);
const candidates = [...loadCandidates('networks/candidates/eurasian-land-bridge.geojson', net), ...loadCandidates('networks/candidates/land-sea-corridor.geojson', net)];

describe.skipIf(!enabled)('resilience subproblems on corridor worker processes (real redis-server)', () => {
  const env = useRedisWorkers(2);

  it('resilience measures: the same totals, redundancy and backup values as in this process', async () => {
    const local = await resilienceMeasures(net, demand, set, { candidates });
    const remote = await resilienceMeasures(net, demand, set, { candidates, redisUrl: env.redis.url });
    const tol = 1e-9 * Math.abs(local.base.objectiveUsd!);
    expect(remote.scenarios.map((s) => s.id)).toEqual(local.scenarios.map((s) => s.id));
    remote.scenarios.forEach((s, i) => {
      expect(s.status, s.id).toBe(local.scenarios[i].status);
      expect(Math.abs(s.objectiveUsd! - local.scenarios[i].objectiveUsd!), s.id).toBeLessThanOrEqual(tol);
    });
    expect(remote.backupValues.map((v) => v.id)).toEqual(local.backupValues.map((v) => v.id));
    remote.backupValues.forEach((v, i) => expect(Math.abs((v.expectedBenefitUsd ?? 0) - (local.backupValues[i].expectedBenefitUsd ?? 0)), v.id).toBeLessThanOrEqual(tol));
    expect(remote.backupCapacity.map((b) => b.id)).toEqual(local.backupCapacity.map((b) => b.id));
    expect(remote.concentration).toEqual(local.concentration);
    for (const w of env.workers) expect(w.logs.filter((l) => l.msg === 'task started').length, `worker ${w.proc.pid}`).toBeGreaterThan(0);
  }, 300_000);

  it('corridor resilience --redis and corridor evaluate --redis: the same JSON figures as without', async () => {
    for (const cmd of [
      ['resilience', '--network', 'china-eurasia', '--binding', '3'],
      ['evaluate', '--network', 'eurasian-land-bridge', '--candidates', 'networks/candidates/eurasian-land-bridge.geojson'],
    ]) {
      const here = await runCliInProcess(...cmd, '--json');
      const remote = await runCliInProcess(...cmd, '--json', '--redis', env.redis.url);
      expect(remote.exitCode, remote.stderr).toBe(here.exitCode);
      const [h, r] = [JSON.parse(here.stdout), JSON.parse(remote.stdout)];
      const figures = (j: { scenarios?: { id: string; objectiveUsd: number }[]; candidates?: { id: string; annualBenefitUsd: number }[] }) =>
        (j.scenarios ?? []).map((x) => [x.id, x.objectiveUsd] as const).concat((j.candidates ?? []).map((x) => [x.id, x.annualBenefitUsd] as const));
      const fh = figures(h);
      expect(fh.length, cmd[0]).toBeGreaterThan(0);
      expect(figures(r).map(([id]) => id)).toEqual(fh.map(([id]) => id));
      figures(r).forEach(([id, v], i) => expect(Math.abs(v - fh[i][1]), `${cmd[0]} ${id}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(h.base?.objectiveUsd ?? fh[i][1]))));
    }
    expect((await runCliInProcess('resilience', '--redis', 'localhost:6379')).stderr).toMatch(/--redis must/);
  }, 300_000);

  it.each(['expected', 'worst'] as const)('a robust portfolio (%s cost, under a budget): the same portfolio and costs', async (objective) => {
    const options = { objective, budgetUsd: 5e9 };
    const local = await robustPortfolio(net, demand, candidates, set, options);
    const remote = await robustPortfolio(net, demand, candidates, set, { ...options, redisUrl: env.redis.url });
    expect(remote.status).toBe(local.status);
    expect(local.chosen.length, 'a non-empty portfolio').toBeGreaterThan(0);
    expect([...remote.chosen].sort()).toEqual([...local.chosen].sort());
    expect(local.iterations, 'Benders iterations').toBeGreaterThan(1);
    const tol = 1e-7 * Math.abs(local.score!.expectedUsd!);
    expect(Math.abs(remote.score!.expectedUsd! - local.score!.expectedUsd!)).toBeLessThanOrEqual(tol);
    expect(Math.abs(remote.score!.worstUsd! - local.score!.worstUsd!)).toBeLessThanOrEqual(tol);
  }, 300_000);
});

describe.skipIf(!enabled)('plan period subproblems on corridor worker processes (real redis-server)', () => {
  const env = useRedisWorkers(2);

  it('corridor plan --method decomposition --redis: the same schedule and costs as in this process', async () => {
    const args = ['plan', '--network', 'land-sea-corridor', '--candidates', 'networks/candidates/land-sea-corridor.geojson', '--budget-per-period', '2bn', '--method', 'decomposition', '--json'];
    const here = await runCliInProcess(...args);
    const remote = await runCliInProcess(...args, '--redis', env.redis.url);
    expect(remote.exitCode, remote.stderr).toBe(0);
    const [h, r] = [JSON.parse(here.stdout), JSON.parse(remote.stdout)];
    expect(r.timeline.map((t: { id: string; decisionYear: number | null }) => `${t.id}@${t.decisionYear}`)).toEqual(h.timeline.map((t: { id: string; decisionYear: number | null }) => `${t.id}@${t.decisionYear}`));
    expect(h.solve.lpSolves, 'flow solves of the decomposition').toBeGreaterThan(4);
    expect(Math.abs(r.pvCostUsd - h.pvCostUsd)).toBeLessThanOrEqual(1e-9 * Math.abs(h.pvCostUsd));
    expect(Math.abs(r.npvUsd - h.npvUsd)).toBeLessThanOrEqual(1e-9 * Math.abs(h.pvCostUsd));
    for (const w of env.workers) expect(w.logs.filter((l) => l.msg === 'task started').length, `worker ${w.proc.pid}`).toBeGreaterThan(0);
  }, 300_000);
});
