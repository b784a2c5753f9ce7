import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_FAILURE_LIMIT: '5' });
});
afterAll(() => server.close());

describe('key storage and guessing', () => {
  it('stores only a SHA-256 of each key', async () => {
    const created = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'h', key_type: 'admin' } })).body;
    const db = new Database(join(server.dataDir, 'interconnect.db'), { readonly: true });
    try {
      const row = db.prepare('select * from api_keys where id = ?').get(created.id) as Record<string, unknown>;
      expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(created.key);
    } finally {
      db.close();
    }
  });

  it('answers 429 after repeated failed authentications from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await api(server.url, 'GET', '/manage/keys', { key: `mc_admin_${'G'.repeat(31)}${i}` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const blocked = await api(server.url, 'GET', '/manage/keys', { key: `mc_admin_${'G'.repeat(32)}` });
    expect(blocked.body.detail).toMatch(/Too many failed authentication attempts/);
    // Only failures are limited: the right key is never refused because of them.
    expect((await api(server.url, 'GET', '/manage/keys', { key: server.adminKey })).status).toBe(200);
  });
});
