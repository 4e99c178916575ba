import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const corridor = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'corridor.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('corridor CLI: networks, show, validate', () => {
  it('validate exits 1 and names the unknown node', () => {
    const r = corridor('validate', 'tests/fixtures/invalid/unknown-node.geojson');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"qinzhu" is not a node id');
    expect(r.stderr).toContain('feature 2 (cq-qz) [to]');
  });

  it('validate --json reports the problems with feature index and property', () => {
    const r = corridor('validate', 'tests/fixtures/invalid/unknown-node.geojson', '--json');
    expect(r.status).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body.valid).toBe(false);
    expect(body.problems[0]).toMatchObject({ featureIndex: 2, id: 'cq-qz', property: 'to' });
  });

  it('validate exits 0 on a valid file', () => {
    const r = corridor('validate', 'tests/fixtures/in/tiny-multimodal.geojson');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('valid (4 nodes, 5 links)');
  });

  it('networks --json lists the three built-in networks with counts', () => {
    const r = corridor('networks', '--json');
    expect(r.status, r.stderr).toBe(0);
    const { networks } = JSON.parse(r.stdout);
    expect(networks.map((n: { id: string }) => n.id)).toEqual(['land-sea-corridor', 'eurasian-land-bridge', 'china-eurasia']);
    for (const n of networks) {
      expect(n.nodeCount).toBeGreaterThan(0);
      expect(n.linkCount).toBeGreaterThan(0);
    }
  });

  it('show --geojson accepts a file path and round-trips the network', () => {
    const r = corridor('show', 'tests/fixtures/in/tiny-multimodal.geojson', '--geojson');
    expect(r.status).toBe(0);
    const fc = JSON.parse(r.stdout);
    expect(fc.features).toHaveLength(9);
  });

  it('an unknown network id is a clear error, not a stack trace', () => {
    const r = corridor('show', 'no-such-network');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown network .*"no-such-network".*china-eurasia/);
  });
});
