import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { storedEvents } from '../helpers/events.js';

const ADMIN_KEY = `mc_admin_${'d'.repeat(32)}`;
const dir = mkdtempSync(join(tmpdir(), 'ic-durability-'));
const databasePath = join(dir, 'interconnect.db');

/** The built service as its own process on the SQLite file, so the test can kill -9 it. */
async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/src/cli/index.js', 'serve'], {
    env: { ...process.env, SERVER_HOST: '127.0.0.1', SERVER_PORT: String(port), DATABASE_PATH: databasePath, INITIAL_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('service did not start');
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('loses no acknowledged event when the process is killed mid-stream', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await startProcess(port);
    const acknowledged = new Set<string>();
    let stop = false;
    // 40 clients post as fast as they are answered; the kill lands while many batches are in flight.
    const clients = Array.from({ length: 40 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const tag = `c${c}-${i}`;
        const body = { event_type: 'message', server_name: 'lobby', timestamp: new Date().toISOString(), data: { tag } };
        const ok = await fetch(`${url}/api/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.status === 200, () => false);
        if (ok) acknowledged.add(tag);
        else return;
      }
    });
    while (acknowledged.size < 1000) await new Promise((resolve) => setTimeout(resolve, 10));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    stop = true;
    await Promise.all(clients);

    const second = await startProcess(port);
    try {
      const stored = new Set((await storedEvents(url, ADMIN_KEY)).map((e) => e.data.tag));
      const lost = [...acknowledged].filter((tag) => !stored.has(tag));
      expect(lost).toEqual([]);
      expect(acknowledged.size).toBeGreaterThanOrEqual(1000);
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  }, 180_000);
});
