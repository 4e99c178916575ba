/**
 * Contract snapshots taken before the option table refactor (issue 17): every CLI command's --help, the
 * request schemas of the OpenAPI document, and which sample bodies each job kind accepts or refuses (with
 * zod's messages). The refactor must leave all three exactly as they were: a snapshot that changes is a
 * contract that changed.
 */
import type { Command } from 'commander';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { JOB_KIND_SPECS } from '../api/jobs/job-kinds.js';
import { createProgram } from '../src/cli/create-program.js';

/** Every command below the root, depth first, with its full name ("corridor networks build"). */
function allCommands(cmd: Command, prefix = ''): [string, Command][] {
  const name = prefix ? `${prefix} ${cmd.name()}` : cmd.name();
  return [[name, cmd], ...cmd.commands.flatMap((c) => allCommands(c, name))];
}

describe('CLI --help of every command', () => {
  const program = createProgram();
  for (const [name, cmd] of allCommands(program)) {
    it(name, () => {
      // A fixed width, so the snapshot does not depend on the terminal the tests run in.
      cmd.configureHelp({ helpWidth: 120 });
      expect(cmd.helpInformation()).toMatchSnapshot();
    });
  }
});

describe('API request schemas in the OpenAPI document', () => {
  let app: CorridorApp;
  let doc: { paths: Record<string, Record<string, { parameters?: unknown; requestBody?: unknown }>> };
  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:' });
    doc = (await request(app).get('/openapi.json')).body;
  });
  afterAll(() => app.close());

  it('every operation: parameters and request body', () => {
    const requestSide: Record<string, unknown> = {};
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) requestSide[`${method.toUpperCase()} ${path}`] = { parameters: op.parameters, requestBody: op.requestBody };
    }
    expect(requestSide).toMatchSnapshot();
  });
});

/** Sample bodies, good and bad, for the fields the job kinds share and a few of their own. */
const SAMPLES: Record<string, unknown>[] = [
  {},
  { demand: 'default' },
  { demand: 'default', demandCsv: 'origin,destination,teuPerYear\n' },
  { vot: 12.5, carbonPrice: 80, unservedPenaltyUsdPerTeu: 5000 },
  { vot: -1 },
  { vot: '12' },
  { vot: 2e6 },
  { carbonPrice: 1e6 },
  { unservedPenaltyUsdPerTeu: -5 },
  { backend: 'highs' },
  { backend: 'auto' },
  { backend: 'cplex' },
  { timeLimitSeconds: 0 },
  { timeLimitSeconds: 60 },
  { timeLimitSeconds: 4000 },
  { avoid: ['suez'] },
  { avoid: 'suez' },
  { close: ['suez'] },
  { capacityMultipliers: { a: 0.5 } },
  { capacityMultipliers: { a: 2000 } },
  { ignoreCapacities: true },
  { ignoreCapacities: 'yes' },
  { noSuchField: 1 },
  { derate: { a: 0.5 } },
  { top: 5 },
  { top: 1.5 },
  { discountRate: 0.06 },
  { discountRate: 1 },
  { method: 'extensive' },
  { method: 'simplex' },
  { mipBackend: 'race' },
  { mipBackend: 'glpk' },
  { candidateIds: [] },
  { candidateIds: ['c1'] },
  { elements: 'links' },
  { elements: 'nodes' },
  { scenarios: 'default' },
  { objective: 'worst' },
  { objective: 'best' },
  { horizon: [2025, 2030] },
  { budget: null },
  { budget: -1 },
  { sweep: 0 },
  { alternativeOptima: false },
  { alternativeOptima: 'no' },
  { paths: false },
  { workers: 2 },
];

describe('job kind bodies: accepted and refused samples', () => {
  for (const spec of JOB_KIND_SPECS) {
    it(spec.kind, () => {
      const table = SAMPLES.map((body) => {
        const r = spec.body.safeParse(body);
        return { body: JSON.stringify(body), ok: r.success, ...(r.success ? {} : { issues: r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) }) };
      });
      expect(table).toMatchSnapshot();
    });
  }
});
