import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { V3 } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // Storage failing under the service: the tables it reads are gone.
  await sql`alter table blacklist_pieces rename to blacklist_pieces_gone`.execute(server.db);
  await sql`alter table blacklist_xuids rename to blacklist_xuids_gone`.execute(server.db);
});
afterAll(() => server.close());

describe('internal failures', () => {
  it('check answers 5000 with HTTP 200 and no stack trace', async () => {
    const res = await api(server.url, 'GET', `${V3}/check?name=Steve`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, status: 5000, message: '内部错误', data: [] });
    expect(JSON.stringify(res.body)).not.toMatch(/blacklist_pieces|at .*\.ts/);
  });

  it('utils/xuid answers 5005', async () => {
    const res = await api(server.url, 'GET', `${V3}/utils/xuid?gamertag=Steve`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, status: 5005, data: [] });
  });

  it('the manage routes answer a plain 500 detail, and the service keeps serving', async () => {
    const res = await api(server.url, 'GET', '/manage/blacklist/pieces/search?name=Steve', { key: server.adminKey });
    expect(res).toMatchObject({ status: 500, body: { detail: 'Internal server error' } });
    expect((await api(server.url, 'GET', '/manage/blacklist/repositories', { key: server.adminKey })).status).toBe(200);
  });
});
