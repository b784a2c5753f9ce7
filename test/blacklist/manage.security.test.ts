import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { addPiece, createOwner, createRepository, type Owner } from './helpers.js';

let server: TestServer;
let alice: Owner;
let bob: Owner;
let aliceRepo: string;
let alicePiece: string;
beforeAll(async () => {
  server = await startTestServer();
  alice = await createOwner(server, 'alice');
  bob = await createOwner(server, 'bob');
  aliceRepo = await createRepository(server, alice.regularKey, { name: 'Alice', type: 2 });
  alicePiece = await addPiece(server, alice.regularKey, { black_id: aliceRepo, name: 'AlicePlayer' });
});
afterAll(() => server.close());

describe('/manage/blacklist access', () => {
  it('needs a key (401)', async () => {
    for (const [method, path] of [
      ['GET', '/manage/blacklist/repositories'], ['POST', '/manage/blacklist/repositories'], ['GET', '/manage/blacklist/settings'],
      ['PUT', '/manage/blacklist/settings'], ['GET', `/manage/blacklist/repositories/${aliceRepo}/export`],
      ['POST', `/manage/blacklist/repositories/${aliceRepo}/import`],
    ] as const) {
      const res = await api(server.url, method, path, { body: method === 'GET' ? undefined : {} });
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ detail: 'Invalid API Key' });
    }
  });

  it('keeps other owners out of a repository (403 to change, 404 to read a type 2)', async () => {
    expect((await api(server.url, 'PATCH', `/manage/blacklist/repositories/${aliceRepo}`, { key: bob.regularKey, body: { name: 'Mine now' } })).status).toBe(403);
    expect((await api(server.url, 'DELETE', `/manage/blacklist/repositories/${aliceRepo}`, { key: bob.regularKey })).status).toBe(403);
    expect((await api(server.url, 'DELETE', `/manage/blacklist/pieces/${alicePiece}`, { key: bob.regularKey })).status).toBe(403);
    expect((await api(server.url, 'POST', `/manage/blacklist/repositories/${aliceRepo}/pieces`, { key: bob.regularKey, body: { name: 'X' } })).status).toBe(403);
    expect((await api(server.url, 'POST', `/manage/blacklist/repositories/${aliceRepo}/import`, { key: bob.regularKey, body: [] })).status).toBe(403);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${aliceRepo}`, { key: bob.regularKey })).status).toBe(404);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${aliceRepo}/pieces`, { key: bob.regularKey })).status).toBe(404);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${aliceRepo}/export`, { key: bob.regularKey })).status).toBe(404);
    const still = await api(server.url, 'GET', `/manage/blacklist/repositories/${aliceRepo}`, { key: alice.regularKey });
    expect(still.body).toMatchObject({ name: 'Alice', list_num: 1 });
  });

  it('server keys read but never write', async () => {
    expect((await api(server.url, 'POST', '/manage/blacklist/repositories', { key: alice.serverKey, body: { name: 'S' } })).status).toBe(403);
    expect((await api(server.url, 'PATCH', `/manage/blacklist/repositories/${aliceRepo}`, { key: alice.serverKey, body: { name: 'S' } })).status).toBe(403);
    expect((await api(server.url, 'PUT', '/manage/blacklist/settings', { key: alice.serverKey, body: { enforce: false } })).status).toBe(403);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${aliceRepo}/pieces`, { key: alice.serverKey })).status).toBe(200);
  });

  it('the public list cannot be deleted or renamed, even by an admin', async () => {
    expect((await api(server.url, 'DELETE', '/manage/blacklist/repositories/1', { key: server.adminKey })).status).toBe(403);
    expect((await api(server.url, 'PATCH', '/manage/blacklist/repositories/1', { key: server.adminKey, body: { type: 2 } })).status).toBe(403);
    expect((await api(server.url, 'DELETE', '/manage/blacklist/repositories/1', { key: bob.regularKey })).status).toBe(403);
  });

  it('only admin keys manage other keys’ settings', async () => {
    const res = await api(server.url, 'PUT', `/manage/blacklist/settings?key_id=${alice.regularId}`, { key: bob.regularKey, body: { enforce: false } });
    expect(res.status).toBe(403);
    expect((await api(server.url, 'GET', `/manage/blacklist/settings?key_id=${alice.regularId}`, { key: bob.regularKey })).status).toBe(403);
    expect((await api(server.url, 'GET', '/manage/blacklist/settings', { key: alice.regularKey })).body.enforce).toBe(true);
    expect((await api(server.url, 'GET', `/manage/blacklist/settings?key_id=${alice.serverKeyId}`, { key: server.adminKey })).status).toBe(400);
    expect((await api(server.url, 'GET', '/manage/blacklist/settings?key_id=nope', { key: server.adminKey })).status).toBe(404);
  });
});
