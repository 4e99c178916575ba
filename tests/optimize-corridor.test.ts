import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemand } from '../src/network/demand.js';
import { loadNetwork } from '../src/network/load-network.js';
import { optimize } from '../src/assignment/index.js';
import { checkInvariants } from './support/check-invariants.js';
import { runCliInProcess } from './support/run-cli-in-process.js';

const root = join(import.meta.dirname, '..');
const net = loadNetwork('china-eurasia');
const demand = loadDemand('default', net);
const kindOf = (id: string) => net.nodes.find((n) => n.id === id)?.kind;

describe('china-eurasia with the built-in demand scenario', () => {
  it('serves all demand, binds at a border crossing, and the shadow price matches a finite difference', { timeout: 300_000 }, async () => {
    const base = await optimize(net, demand, { backend: 'highs', method: 'arc' });
    expect(base.status).toBe('optimal');
    expect(checkInvariants(base, net, demand).violations).toEqual([]);
    expect(base.unservedTeu).toBeLessThan(1e-6 * base.totalDemandTeu);
    const borders = base.bottlenecks.filter((b) => b.kind === 'terminal' && kindOf(b.id) === 'border_crossing');
    expect(borders.length).toBeGreaterThan(0);
    const top = base.bottlenecks[0];
    expect(top.shadowPriceUsdPerTeu).toBeGreaterThan(0);

    // 1,000 TEU/yr more capacity at the top bottleneck saves shadow price × 1,000 USD/yr (the LP is linear
    // between breakpoints, so a small step gives the dual exactly unless it crosses one).
    const step = 1000;
    const more = await optimize(net, demand, { backend: 'highs', method: 'arc', capacityMultipliers: { [top.id]: (top.capacityTeuPerYear + step) / top.capacityTeuPerYear } });
    expect(checkInvariants(more, net, demand).violations).toEqual([]);
    const saved = (base.objectiveUsd! - more.objectiveUsd!) / step;
    expect(Math.abs(saved - top.shadowPriceUsdPerTeu!)).toBeLessThanOrEqual(1e-6 * top.shadowPriceUsdPerTeu!);
  });

  it('closing the busiest border crossing moves its flow to others and costs more', { timeout: 300_000 }, async () => {
    const base = await optimize(net, demand, { backend: 'highs' });
    const busiest = base.terminals
      .filter((t) => t.kind === 'border_crossing')
      .sort((a, b) => b.throughputTeuPerYear - a.throughputTeuPerYear)[0];
    const closed = await optimize(net, demand, { backend: 'highs', closedNodeIds: [busiest.id] });
    expect(closed.status).toBe('optimal');
    expect(checkInvariants(closed, net, demand).violations).toEqual([]);
    expect(closed.terminals.find((t) => t.id === busiest.id)!.throughputTeuPerYear).toBe(0);
    expect(closed.objectiveUsd!).toBeGreaterThan(base.objectiveUsd!);
    // The demand that used the closed crossing now pays for another one: some other border binds.
    expect(closed.bottlenecks.some((b) => b.kind === 'terminal' && b.id !== busiest.id && kindOf(b.id) === 'border_crossing')).toBe(true);
  });

  it('`corridor optimize --network china-eurasia --demand default` works out of the box', { timeout: 300_000 }, () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'corridor.js'), 'optimize', '--network', 'china-eurasia', '--demand', 'default'], { cwd: root, encoding: 'utf8', timeout: 280_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(': optimal');
    const bottleneckSection = r.stdout.split('Bottlenecks')[1].split('Busiest links')[0];
    const binding = net.nodes.filter((n) => n.kind === 'border_crossing' && bottleneckSection.includes(` ${n.id} `));
    expect(binding.length).toBeGreaterThan(0);
  });

  it('--vot 0 --carbon-price 0 gives a money-only objective even though the scenario has per-row values of time', { timeout: 300_000 }, async () => {
    expect(demand.some((d) => (d.valueOfTimeUsdPerTeuHour ?? 0) > 0)).toBe(true);
    // An output test, so in-process; the test above runs bin/corridor.js as a user would.
    const r = await runCliInProcess('optimize', '--network', 'china-eurasia', '--demand', 'default', '--vot', '0', '--carbon-price', '0', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.objectiveBreakdown.timeUsd).toBe(0);
    expect(body.objectiveBreakdown.carbonUsd).toBe(0);
    expect(Math.abs(body.objectiveUsd - body.objectiveBreakdown.moneyUsd - body.objectiveBreakdown.unservedPenaltyUsd)).toBeLessThanOrEqual(1e-6 * body.objectiveUsd);
    expect(body.od.every((o: { valueOfTimeUsdPerTeuHour: number }) => o.valueOfTimeUsdPerTeuHour === 0)).toBe(true);
  });
});
