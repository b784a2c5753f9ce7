import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService } from '../../src/main.js';
import { FakeGameServer } from '../helpers/game-server.js';
import { api } from '../helpers/server.js';

const lines: Array<Record<string, unknown>> = [];
const raw: string[] = [];
let service: RunningService;
let dataDir: string;
let adminKey: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'interconnect-logs-'));
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter((l) => l !== '')) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const config = loadConfig({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dataDir, 'db.sqlite') });
  service = await startService({ config, log: pino({ level: 'info' }, stream), announce: () => undefined });
  adminKey = service.initialAdminKey!;
});
afterAll(async () => {
  await service.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};
const logged = (msg: string) => lines.filter((l) => l.msg === msg);

describe('info logs of the hub', () => {
  it('name connections, relayed commands and key changes, never a key nor a command argument', async () => {
    const wsUrl = `${service.url.replace(/^http/, 'ws')}/ws`;
    const pair = (await api(service.url, 'POST', '/manage/keys', { key: adminKey, body: { name: 'logged', server_id: 'log-1' } })).body;
    const extra = (await api(service.url, 'POST', '/manage/keys/server-keys', { key: adminKey, body: { name: 'x', regular_key_id: pair.regularKey.id } })).body;
    const game = await FakeGameServer.connect(wsUrl, pair.serverKey.key);
    await until(() => logged('game server connected').length > 0);
    const secret = 'whisper-arg-7f3e9';
    const res = await api(service.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: `say ${secret}` } });
    expect(res.status).toBe(200);
    expect((await api(service.url, 'PATCH', `/manage/keys/${extra.id}/deactivate`, { key: adminKey })).status).toBe(200);
    expect((await api(service.url, 'PATCH', `/manage/keys/${extra.id}/activate`, { key: adminKey })).status).toBe(200);
    expect((await api(service.url, 'DELETE', `/manage/keys/${extra.id}`, { key: adminKey })).status).toBe(204);
    game.close();
    await until(() => logged('game server disconnected').length > 0);

    const prefix = pair.serverKey.id.slice(0, 8);
    expect(logged('game server connected')[0]).toMatchObject({ level: 30, serverId: 'log-1', keyIdPrefix: prefix });
    expect(logged('game server disconnected')[0]).toMatchObject({ level: 30, serverId: 'log-1', keyIdPrefix: prefix });
    expect(logged('command relayed')[0]).toMatchObject({ level: 30, serverId: 'log-1', command: 'say', success: true });
    expect(logged('key created').map((l) => l.keyId)).toEqual(expect.arrayContaining([pair.regularKey.id, extra.id]));
    expect(logged('key created').find((l) => l.keyId === pair.regularKey.id)).toMatchObject({ serverKeyId: pair.serverKey.id });
    for (const msg of ['key deactivated', 'key activated', 'key deleted']) expect(logged(msg)[0], msg).toMatchObject({ level: 30, keyId: extra.id });

    const everything = raw.join('\n');
    for (const key of [adminKey, pair.regularKey.key, pair.serverKey.key, extra.key]) expect(everything).not.toContain(key);
    expect(everything).not.toContain(secret);
  });
});
