import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createOwner, createRepository, startWithOwner, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
});
afterAll(() => server.close());

describe('/manage/blacklist/repositories', () => {
  it('creates a repository (201) that BlackBE clients then see', async () => {
    const res = await api(server.url, 'POST', '/manage/blacklist/repositories', {
      key: owner.regularKey, body: { name: 'Survival bans', type: 1, server: 'play.example:19132', server_type: 'Endstone' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Survival bans', type: 1, server: 'play.example:19132',
      server_type: 'Endstone', list_num: 0, owner_key_id: owner.regularId,
    });
    const list = await api(server.url, 'GET', `${V3}/private/repositories/list`, { key: owner.regularKey });
    expect(list.body.data.repositories_list.map((r: { uuid: string }) => r.uuid)).toContain(res.body.uuid);
  });

  it('defaults type to 2 and server fields to empty', async () => {
    const res = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, body: { name: 'Minimal' } });
    expect(res.body).toMatchObject({ name: 'Minimal', type: 2, server: '', server_type: '' });
  });

  it('lists what the key owns; admin sees every repository including the public list', async () => {
    const mine = await createRepository(server, owner.regularKey, { name: 'Mine' });
    const other = await createOwner(server, 'other');
    const theirs = await createRepository(server, other.regularKey, { name: 'Theirs' });
    const ownList = (await api(server.url, 'GET', '/manage/blacklist/repositories', { key: owner.regularKey })).body.map((r: { uuid: string }) => r.uuid);
    expect(ownList).toContain(mine);
    expect(ownList).not.toContain(theirs);
    expect(ownList).not.toContain('1');
    const serverView = (await api(server.url, 'GET', '/manage/blacklist/repositories', { key: owner.serverKey })).body.map((r: { uuid: string }) => r.uuid);
    expect(serverView).toEqual(ownList);
    const all = (await api(server.url, 'GET', '/manage/blacklist/repositories', { key: server.adminKey })).body.map((r: { uuid: string }) => r.uuid);
    expect(all).toEqual(expect.arrayContaining([mine, theirs, '1']));
    const one = await api(server.url, 'GET', `/manage/blacklist/repositories/${mine}`, { key: owner.regularKey });
    expect(one.body).toMatchObject({ uuid: mine, name: 'Mine' });
  });

  it('changes a repository with PATCH', async () => {
    const uuid = await createRepository(server, owner.regularKey, { name: 'Before', type: 2 });
    const res = await api(server.url, 'PATCH', `/manage/blacklist/repositories/${uuid}`, { key: owner.regularKey, body: { name: 'After', type: 1, server_type: 'Nukkit' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ uuid, name: 'After', type: 1, server_type: 'Nukkit', server: '' });
    // Now type 1: readable by UUID without a token.
    expect((await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${uuid}`)).body.status).toBe(2001);
  });

  it('deletes a repository with its pieces (204)', async () => {
    const uuid = await createRepository(server, owner.regularKey, { name: 'Doomed' });
    const piece = await addPiece(server, owner.regularKey, { black_id: uuid, name: 'DoomedPlayer' });
    const res = await api(server.url, 'DELETE', `/manage/blacklist/repositories/${uuid}`, { key: owner.regularKey });
    expect(res.status).toBe(204);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}`, { key: owner.regularKey })).status).toBe(404);
    expect((await api(server.url, 'GET', `${V3}/check?name=DoomedPlayer`, { key: owner.regularKey })).body.status).toBe(2001);
    const del = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key: owner.regularKey, body: { piece_uuid: piece } });
    expect(del.body.status).toBe(4040);
  });

  it('records every change in the audit log', async () => {
    const uuid = await createRepository(server, owner.regularKey, { name: 'Audited' });
    const piece = await addPiece(server, owner.regularKey, { black_id: uuid, name: 'AuditedPlayer' });
    await api(server.url, 'PATCH', `/manage/blacklist/repositories/${uuid}`, { key: owner.regularKey, body: { name: 'Audited 2' } });
    await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key: owner.regularKey, body: { piece_uuid: piece } });
    await api(server.url, 'DELETE', `/manage/blacklist/repositories/${uuid}`, { key: owner.regularKey });
    const entries = await server.ctx.audit.list({ module: 'blacklist' });
    const mine = entries.filter((e) => e.actorKeyId === owner.regularId).map((e) => `${e.action} ${e.target} ${e.result}`);
    expect(mine).toEqual(expect.arrayContaining([
      `repository.create ${uuid} ok`, `piece.create ${piece} ok`, `repository.update ${uuid} ok`,
      `piece.delete ${piece} ok`, `repository.delete ${uuid} ok`,
    ]));
    const viaHttp = await api(server.url, 'GET', '/manage/audit?module=blacklist', { key: server.adminKey });
    expect(viaHttp.status).toBe(200);
  });
});

describe('/manage/blacklist pieces for the dashboard', () => {
  it('adds, lists with a name prefix, searches and deletes pieces', async () => {
    const uuid = await createRepository(server, owner.regularKey, { name: 'Dash' });
    const added = await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, {
      key: owner.regularKey, body: { name: 'DashAlpha', level: 2, qq: '424242', info: 'spam' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ uuid: expect.any(String), black_id: uuid, name: 'DashAlpha', level: 2, qq: 424242, info: 'spam', photos: null });
    await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, { key: owner.regularKey, body: { name: 'DashBeta' } });
    await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, { key: owner.regularKey, body: { name: 'Other' } });

    const page = await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}/pieces?page=1&page_size=2`, { key: owner.regularKey });
    expect(page.body).toMatchObject({ page: 1, page_size: 2, total: 3 });
    expect(page.body.pieces.map((p: { name: string }) => p.name)).toEqual(['DashAlpha', 'DashBeta']);
    const prefix = await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}/pieces?q=dash`, { key: owner.regularKey });
    expect(prefix.body.total).toBe(2);
    expect(prefix.body.pieces.map((p: { name: string }) => p.name)).toEqual(['DashAlpha', 'DashBeta']);

    const search = await api(server.url, 'GET', '/manage/blacklist/pieces/search?qq=424242', { key: owner.regularKey });
    expect(search.body).toMatchObject({ exist: true, pieces: [expect.objectContaining({ name: 'DashAlpha', black_id: uuid })] });

    const del = await api(server.url, 'DELETE', `/manage/blacklist/pieces/${added.body.uuid}`, { key: owner.regularKey });
    expect(del.status).toBe(204);
    expect((await api(server.url, 'GET', '/manage/blacklist/pieces/search?qq=424242', { key: owner.regularKey })).body).toEqual({ exist: false, pieces: [] });
  });

  it('admin search covers every repository', async () => {
    const other = await createOwner(server, 'hidden-owner');
    const uuid = await createRepository(server, other.regularKey, { name: 'Hidden', type: 2 });
    await addPiece(server, other.regularKey, { black_id: uuid, name: 'HiddenFromOthers' });
    const admin = await api(server.url, 'GET', '/manage/blacklist/pieces/search?name=hiddenfromothers', { key: server.adminKey });
    expect(admin.body.pieces).toHaveLength(1);
    const stranger = await api(server.url, 'GET', '/manage/blacklist/pieces/search?name=hiddenfromothers', { key: owner.regularKey });
    expect(stranger.body.pieces).toHaveLength(0);
  });
});

describe('/manage/blacklist/settings', () => {
  it('has defaults, and PUT changes only the fields given', async () => {
    const fresh = await createOwner(server, 'settings');
    const get = await api(server.url, 'GET', '/manage/blacklist/settings', { key: fresh.regularKey });
    expect(get.body).toEqual({ key_id: fresh.regularId, enforce: true, min_level: 1, message: 'You are on the blacklist: {reason}' });
    const put = await api(server.url, 'PUT', '/manage/blacklist/settings', { key: fresh.regularKey, body: { min_level: 2 } });
    expect(put.body).toEqual({ key_id: fresh.regularId, enforce: true, min_level: 2, message: 'You are on the blacklist: {reason}' });
    // The server key reads its regular key's settings.
    expect((await api(server.url, 'GET', '/manage/blacklist/settings', { key: fresh.serverKey })).body.min_level).toBe(2);
    // An admin manages another key's settings by key_id.
    const byAdmin = await api(server.url, 'PUT', `/manage/blacklist/settings?key_id=${fresh.regularId}`, { key: server.adminKey, body: { enforce: false } });
    expect(byAdmin.body).toMatchObject({ key_id: fresh.regularId, enforce: false, min_level: 2 });
    expect((await api(server.url, 'GET', `/manage/blacklist/settings?key_id=${fresh.regularId}`, { key: server.adminKey })).body.enforce).toBe(false);
    const audit = await server.ctx.audit.list({ module: 'blacklist', action: 'settings.update' });
    expect(audit.filter((e) => e.target === fresh.regularId)).toHaveLength(2);
  });
});
