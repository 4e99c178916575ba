import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { seaCandidate, tinyNetwork } from './support/api-helpers.js';

/**
 * Random malformed bodies against every write endpoint: the answer must be a 4xx problem+json (or a 2xx
 * when the random body happens to be valid), never a 5xx and never a crash.
 */

let app: CorridorApp;
let net: string;

beforeAll(async () => {
  app = createApp({ databasePath: ':memory:', jobThreads: 1, maxActiveJobs: 4 });
  net = (await request(app).post('/networks').send(tinyNetwork())).body.id;
  expect((await request(app).post(`/networks/${net}/candidates`).send(seaCandidate('fuzz-target'))).status).toBe(201);
});
afterAll(() => app.close());

type Endpoint = { method: 'post' | 'patch' | 'delete'; path: () => string };
const ENDPOINTS: Endpoint[] = [
  { method: 'post', path: () => '/networks' },
  { method: 'post', path: () => `/networks/${net}/candidates` },
  { method: 'patch', path: () => `/networks/${net}/candidates/fuzz-target` },
  { method: 'post', path: () => `/networks/${net}/optimize` },
  { method: 'post', path: () => `/networks/${net}/evaluate` },
  { method: 'post', path: () => `/networks/${net}/disrupt` },
  { method: 'post', path: () => `/networks/${net}/criticality` },
  { method: 'delete', path: () => `/networks/${net}/candidates/nope` },
  { method: 'delete', path: () => '/jobs/job-nope' },
  { method: 'delete', path: () => '/networks/nope' },
];

const KEYS = ['type', 'features', 'geometry', 'properties', 'coordinates', 'id', 'from', 'to', 'mode', 'status', 'capexUsd', 'lifetimeYears', 'capacityTeuPerYear', 'source', 'target', 'kind', 'demand', 'demandCsv', 'vot', 'avoid', 'capacityMultipliers', 'backend', 'candidateIds', 'author', 'notes'];
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const weirdNumberText = fc.constantFrom('1e999', '-1e999', '1e308', '-0', '123456789012345678901234567890', '0.0000000000000000001', '9007199254740993', '1e16', '-5');

/** A JSON value as text, put at a random place of a valid candidate (or of any object). */
function insertAt(base: unknown, keyPath: string[], valueText: string): string {
  const marker = '"__FUZZ_MARKER__"';
  const clone = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  let o: Record<string, unknown> = clone;
  for (const k of keyPath.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keyPath[keyPath.length - 1]] = '__FUZZ_MARKER__';
  return JSON.stringify(clone).replace(marker, valueText);
}

const keyPath = fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 });

const bodies: fc.Arbitrary<{ text: string; contentType: string; label: string }> = fc.oneof(
  // Any JSON value.
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v) ?? 'null', contentType: 'application/json', label: 'json' })),
  // Objects with the right key names and random values.
  fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }).map((v) => ({ text: JSON.stringify(v), contentType: 'application/json', label: 'keys' })),
  // A valid candidate with one field replaced by a random JSON value or a weird number.
  fc.tuple(keyPath, fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'), weirdNumberText)).map(([path, value]) => ({ text: insertAt(seaCandidate('fuzz-new'), path, value), contentType: 'application/json', label: 'mutated' })),
  // Prototype-pollution keys at a random place.
  fc.tuple(keyPath, fc.constantFrom(...FORBIDDEN), fc.jsonValue({ maxDepth: 2 })).map(([path, key, value]) => ({
    text: insertAt(seaCandidate('fuzz-proto'), path, `{${JSON.stringify(key)}: ${JSON.stringify(value) ?? 'null'}}`),
    contentType: 'application/json',
    label: 'proto',
  })),
  // Deep nesting.
  fc.tuple(fc.integer({ min: 20, max: 5_000 }), fc.boolean()).map(([depth, arrays]) => ({
    text: arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    contentType: 'application/json',
    label: 'deep',
  })),
  // Text that is not JSON, or is cut off.
  fc.oneof(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }).map((s) => `{${s}`), fc.constant(JSON.stringify(seaCandidate('cut')).slice(0, 57))).map((text) => ({ text, contentType: 'application/json', label: 'text' })),
  // Other media types and charsets.
  fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml', 'application/merge-patch+json'), fc.jsonValue({ maxDepth: 2 })).map(([contentType, v]) => ({ text: JSON.stringify(v) ?? 'null', contentType, label: 'media' })),
);

describe('fuzzing the write endpoints', () => {
  it('answers random malformed bodies with a 4xx problem (never a 5xx, never a crash)', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), bodies, async (endpoint, body) => {
        const res = await request(app)[endpoint.method](endpoint.path()).set('Content-Type', body.contentType).send(body.text);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${endpoint.method} ${endpoint.path()} (${body.label}) → ${res.status}: ${res.text}`);
        if (res.status >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body).toMatchObject({ type: expect.stringMatching(/^\/problems\//), status: res.status, title: expect.any(String), detail: expect.any(String) });
        }
      }),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
    );
    // The generator reached the interesting answers.
    expect(seen.get(400)).toBeGreaterThan(100);
    expect(seen.get(415)).toBeGreaterThan(0);
    expect([...seen.keys()].filter((s) => s >= 500)).toEqual([]);
    // Still alive and nothing polluted.
    expect((await request(app).get('/health')).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  }, 120_000);
});
