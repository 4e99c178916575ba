import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seaCandidate, tinyNetwork } from './support/api-helpers.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';

const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** Start `node --import tsx api/server.ts` on a free port (PORT=0); the shared helper reads the port from its log. */
const startServer = (env: Record<string, string>): Promise<ServerProcess> => spawnServer(env, children).server;

const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-server-'));
  dirs.push(dir);
  return join(dir, 'data', 'corridor.db');
};

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the real server process', () => {
  it('listens on the port it logs, answers /health, and stops cleanly on SIGTERM', async () => {
    const server = await startServer({ DATABASE: tempDb() });
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    server.proc.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['listening', 'shutting down', 'stopped']));
  }, 120_000);

  it('keeps every acknowledged candidate when SIGKILLed in the middle of a stream of submissions', async () => {
    const database = tempDb();
    const first = await startServer({ DATABASE: database });
    const up = await fetch(`${first.url}/networks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tinyNetwork()) });
    expect(up.status).toBe(201);
    const networkId = ((await up.json()) as { id: string }).id;

    const acknowledged: string[] = [];
    let inFlight = 0;
    let inFlightAtKill = -1;
    let killed = false;
    const killAfter = 40;
    // Four clients submit one candidate after another until the process dies under them.
    const client = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const id = `c-${w}-${i}`;
        inFlight++;
        try {
          const res = await fetch(`${first.url}/networks/${networkId}/candidates`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(seaCandidate(id)) });
          if (res.status === 201) acknowledged.push(id);
          else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        } catch (e) {
          if (!killed) throw e;
          return;
        } finally {
          inFlight--;
        }
        if (acknowledged.length >= killAfter && !killed) {
          killed = true;
          inFlightAtKill = inFlight;
          first.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(client));
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
    // Other clients' requests were still open when the process died.
    expect(inFlightAtKill).toBeGreaterThan(0);

    const second = await startServer({ DATABASE: database });
    const res = await fetch(`${second.url}/networks/${networkId}/candidates`);
    expect(res.status).toBe(200);
    const stored = new Set(((await res.json()) as { candidates: { id: string }[] }).candidates.map((c) => c.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 180_000);
});
