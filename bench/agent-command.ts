// Command round trip hub → agent → game server (RCON) → hub, against a bare RCON round trip to the
// same fake server, both measured in the same run. The agent runs as its own process, from the build.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RconClient } from '../src/agent/rcon-client.js';
import { FakeRconServer } from '../test/fakes/rcon-server.js';
import { CLI, fmt, percentile, report, spawnService } from './lib.js';

const ROUNDS = 2000;
const WARMUP = 200;
const GOAL_P99_MS = 20;
const ADMIN_KEY = 'mc_admin_' + 'B'.repeat(32);
const OUTPUT = 'There are 3 of a max of 20 players online: Steve, Alex, Notch';

async function time(count: number, once: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await once();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

export async function run(): Promise<void> {
  const rcon = await FakeRconServer.start({ password: 'bench', execute: () => OUTPUT });
  const bare = new RconClient({ host: '127.0.0.1', port: rcon.port, password: 'bench' });
  await time(WARMUP, () => bare.command('list'));
  const baseline = await time(ROUNDS, () => bare.command('list'));
  await bare.close();

  const hub = await spawnService({ INITIAL_ADMIN_KEY: ADMIN_KEY });
  const made = await fetch(`${hub.url}/manage/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', server_id: 'bench-1' }),
  }).then((r) => r.json() as Promise<{ regularKey: { key: string }; serverKey: { key: string } }>);
  const passwordFile = join(hub.dataDir, 'rcon-password');
  writeFileSync(passwordFile, 'bench');
  const agent = spawn(process.execPath, [CLI, 'agent', '-s', hub.url, '-k', made.serverKey.key, '--log-level', 'warn', '--flavor', 'vanilla',
    '--rcon', `127.0.0.1:${rcon.port}`, '--rcon-password-file', passwordFile], { stdio: 'inherit' });
  const send = async () => {
    const res = await fetch(`${hub.url}/api/server/command`, {
      method: 'POST',
      headers: { authorization: `Bearer ${made.regularKey.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'list' }),
    });
    const body = (await res.json()) as { result?: { output?: string } };
    if (res.status !== 200 || body.result?.output !== OUTPUT) throw new Error(`command failed: ${res.status} ${JSON.stringify(body)}`);
  };
  for (let i = 0; ; i++) {
    try {
      await send();
      break;
    } catch (err) {
      if (i > 200) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await time(WARMUP, send);
  const full = await time(ROUNDS, send);
  agent.kill('SIGTERM');
  await new Promise((resolve) => agent.once('exit', resolve));
  await hub.stop();
  await rcon.stop();

  const p99 = percentile(full, 99);
  report('Agent command round trip (sequential, loopback)', [
    ['bare RCON round trip p50 / p99', `${fmt(percentile(baseline, 50), 3)} / ${fmt(percentile(baseline, 99), 3)} ms`],
    ['HTTP → hub → agent → RCON → hub p50 / p99', `${fmt(percentile(full, 50), 3)} / ${fmt(p99, 3)} ms`],
    ['p99 ratio (full / bare)', fmt(p99 / percentile(baseline, 99), 1)],
    [`goal p99 < ${GOAL_P99_MS} ms`, p99 < GOAL_P99_MS ? 'met' : 'MISSED'],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
