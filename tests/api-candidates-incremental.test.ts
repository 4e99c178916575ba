/**
 * Issue 20: a candidate POST checks the new candidate against the network and the other candidates'
 * ids and upgrade targets only. The reference is the full check (checkSubmission: every stored candidate
 * re-validated with the new one by src/evaluate's validator); both must find the same problems.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSubmission, checkSubmissionIncremental, type StoredSubmission } from '../api/candidate-input.js';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { buildNetwork } from '../src/network/build-network.js';
import type { StoredCandidate } from '../api/store.js';
import { seaCandidate, tinyNetwork } from './support/api-helpers.js';

const network = buildNetwork(tinyNetwork(), { id: 'tiny' });

const link = (id: string, props: Record<string, unknown> = {}, coordinates: number[][] = [[108.62, 21.68], [103.8, 1.27]]): StoredSubmission => {
  const { author: _a, notes: _n, ...rest } = seaCandidate(id, props);
  return { ...rest, geometry: { type: 'LineString', coordinates } } as unknown as StoredSubmission;
};
const upgrade = (id: string | undefined, kind: 'link' | 'node', target: string, extra: Record<string, unknown> = {}): StoredSubmission =>
  ({ type: 'upgrade', ...(id ? { id } : {}), target: { kind, id: target }, capexUsd: 1e8, lifetimeYears: 20, source: 'test', ...extra }) as unknown as StoredSubmission;

const stored = (s: StoredSubmission, i: number): StoredCandidate => {
  const id = s.type === 'Feature' ? s.properties.id : (s.id ?? `upgrade-${s.target.id}`);
  return { id, networkId: 'tiny', kind: s.type === 'Feature' ? 'link' : 'upgrade', submission: JSON.stringify(s.type === 'upgrade' ? { ...s, id } : s), author: null, notes: null, createdAt: `2026-01-01T00:00:0${i}Z`, updatedAt: '' };
};

const others = [link('sea-2'), upgrade('up-ap', 'link', 'A-P', { capacityTeuPerYear: 1e6 }), upgrade(undefined, 'node', 'P', { throughputTeuPerYear: 1e7 })].map(stored);
const view = {
  hasId: (id: string) => others.some((o) => o.id === id),
  upgradeOf: (t: string) => others.find((o) => o.kind === 'upgrade' && (JSON.parse(o.submission) as { target: { id: string } }).target.id === t)?.id,
};

describe('incremental candidate check = the full check', () => {
  const cases: [string, StoredSubmission][] = [
    ['a valid link', link('sea-3')],
    ['a link to an unknown node', link('sea-4', { to: 'Nowhere' })],
    ['a link whose geometry ends far from its node', link('sea-5', {}, [[108.62, 21.68], [110, 10]])],
    ['a link without status candidate', link('sea-6', { status: 'existing' })],
    ['a link with a negative capacity', link('sea-7', { capacityTeuPerYear: -5 })],
    ['a link whose id is a node id', link('P')],
    ['a link whose id is a network link id', link('A-P')],
    ['a valid link upgrade', upgrade('up-ps', 'link', 'P-S', { capacityTeuPerYear: 2e6 })],
    ['a valid node upgrade', upgrade('up-s', 'node', 'S', { throughputTeuPerYear: 2e6 })],
    ['an upgrade of a target already upgraded', upgrade('up-ap-2', 'link', 'A-P', { capacityTeuPerYear: 3e6 })],
    ['an upgrade of an unknown target', upgrade('up-x', 'link', 'A-Q', { capacityTeuPerYear: 3e6 })],
    ['an upgrade of a candidate link', upgrade('up-bs', 'link', 'B-S', { capacityTeuPerYear: 3e6 })],
    ['an upgrade that improves nothing', upgrade('up-none', 'link', 'A-S-road')],
    ['an upgrade with the wrong target kind', upgrade('up-kind', 'node', 'A-B', { capacityTeuPerYear: 3e6 })],
    ['an upgrade whose id is a link id', upgrade('A-B', 'link', 'A-S-road', { capacityTeuPerYear: 3e6 })],
    ['an upgrade whose id is its target id', upgrade('A-S-road', 'link', 'A-S-road', { capacityTeuPerYear: 3e6 })],
    ['an upgrade whose id another candidate has', upgrade('sea-2', 'link', 'A-S-road', { capacityTeuPerYear: 3e6 })],
  ];
  for (const [name, s] of cases) {
    it(name, () => {
      const full = checkSubmission(network, others, s);
      const incremental = checkSubmissionIncremental(network, view, s);
      expect(incremental).toEqual(full);
    });
  }

  it('a duplicate of another candidate id is found by both (the message names the network instead of a feature index)', () => {
    const s = link('sea-2');
    const full = checkSubmission(network, others, s);
    const incremental = checkSubmissionIncremental(network, view, s);
    expect(full.map((p) => [p.path, p.property])).toEqual([['body.properties.id', 'id']]);
    expect(incremental.map((p) => [p.path, p.property])).toEqual([['body.properties.id', 'id']]);
    expect(incremental[0].message).toBe('duplicate candidate id "sea-2" (already submitted to network "tiny")');
  });
});

describe('candidate POSTs through the API', () => {
  let app: CorridorApp;
  let net: string;
  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:', maxCandidateBytes: 2048, maxCandidateBytesPerNetwork: 6_000 });
    net = (await request(app).post('/networks').send(tinyNetwork())).body.id;
  });
  afterAll(() => app.close());

  it('refuses a duplicate id, a second upgrade of one target, and a PATCH keeps its own id and target', async () => {
    expect((await request(app).post(`/networks/${net}/candidates`).send(seaCandidate('c1'))).status).toBe(201);
    const dup = await request(app).post(`/networks/${net}/candidates`).send(seaCandidate('c1'));
    expect(dup.status).toBe(422);
    expect(dup.body.problems[0]).toMatchObject({ path: 'body.properties.id', property: 'id' });
    const up = { type: 'upgrade', target: { kind: 'link', id: 'A-P' }, capacityTeuPerYear: 1e6, capexUsd: 1e8, lifetimeYears: 20, source: 'test' };
    expect((await request(app).post(`/networks/${net}/candidates`).send(up)).status).toBe(201);
    const second = await request(app).post(`/networks/${net}/candidates`).send({ ...up, id: 'other-up' });
    expect(second.status).toBe(422);
    expect(second.body.problems[0].message).toContain('already upgraded by "upgrade-A-P"');
    // Patching the upgrade itself is not a clash with itself.
    expect((await request(app).patch(`/networks/${net}/candidates/upgrade-A-P`).send({ capacityTeuPerYear: 2e6 })).status).toBe(200);
    expect((await request(app).patch(`/networks/${net}/candidates/c1`).send({ notes: 'again' })).status).toBe(200);
  });

  it('bounds one submission and the network total (413 naming the setting)', async () => {
    const big = await request(app).post(`/networks/${net}/candidates`).send(seaCandidate('big', { source: 'x'.repeat(3000) }));
    expect(big.status).toBe(413);
    expect(big.body.detail).toContain('MAX_CANDIDATE_BYTES');
    // Each sea candidate is ~400 bytes of JSON; 6,000 bytes hold about a dozen more.
    let status = 201;
    let n = 0;
    while (status === 201 && n < 40) status = (await request(app).post(`/networks/${net}/candidates`).send(seaCandidate(`fill-${n++}`, { source: 'y'.repeat(500) }))).status;
    expect(status).toBe(413);
    expect(n).toBeGreaterThan(3);
    expect(n).toBeLessThan(12);
    expect(await app.context.store.candidateBytes(net)).toBeLessThanOrEqual(6_000);
    expect(await app.context.store.candidateBytes(net)).toBe((await app.context.store.listCandidates(net)).reduce((a, c) => a + Buffer.byteLength(c.submission), 0));
  });
});
