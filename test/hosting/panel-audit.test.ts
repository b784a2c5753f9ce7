import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, withoutAuditTable } from '../helpers/server.js';
import { form, loginOk, panel, startHostingWorld, type HostingWorld } from './harness.js';

/*
 * Server creation, resizing and deletion and password resets in the audit log, as the dashboard
 * reads it (`GET /manage/audit`): one row per change that happened, none for a change that did not,
 * and no change left standing without its row where Pterodactyl lets it be undone.
 */

let world: HostingWorld;
let session: string;

beforeAll(async () => {
  world = await startHostingWorld();
  session = await loginOk(world, '9301');
});
afterAll(async () => world.close());

interface Row {
  action: string;
  target: string | null;
  message: string | null;
  detail: Record<string, unknown> | null;
  result: string | null;
}

async function auditRows(): Promise<Row[]> {
  const res = await api<{ entries: Row[] }>(world.url, 'GET', '/manage/audit?module=hosting&limit=200', { key: world.server.adminKey });
  expect(res.status).toBe(200);
  return res.body.entries;
}
const rowsOf = async (action: string) => (await auditRows()).filter((r) => r.action === action);


const SIZE = { cpu: 50, memory: 512, disk: 512 };
const create = (name: string) => panel<{ server: { id: string } }>(world, session, 'POST', '/panel/api/servers', { name, egg: 'Paper', node: 'Node A', ...SIZE });
const pteroServer = (identifier: string) => [...world.ptero.servers.values()].find((s) => s.identifier === identifier);

describe('panel server changes and password resets in the audit log', () => {
  it('records creation, resizing and deletion with the user, the server and the sizes', async () => {
    const created = await create('Audited');
    expect(created.status).toBe(201);
    const id = created.body.server.id;
    expect((await panel(world, session, 'PATCH', `/panel/api/servers/${id}`, { cpu: 60, memory: 256, disk: 256 })).status).toBe(200);
    expect((await panel(world, session, 'DELETE', `/panel/api/servers/${id}`, { confirm: id })).status).toBe(200);

    const rows = await auditRows();
    expect(rows.find((r) => r.action === 'panel.server.create')).toMatchObject({
      target: '9301',
      result: 'ok',
      detail: { server: id, name: 'Audited', egg: 'Paper', node: 'Node A', ...SIZE },
    });
    expect(rows.find((r) => r.action === 'panel.server.resize')).toMatchObject({
      target: '9301',
      detail: { server: id, from: SIZE, to: { cpu: 60, memory: 256, disk: 256 } },
    });
    expect(rows.find((r) => r.action === 'panel.server.delete')).toMatchObject({ target: '9301', detail: { server: id, name: 'Audited' } });
    expect(rows.find((r) => r.action === 'panel.server.delete')?.message).toContain(id);
  });

  it('records a password reset without the password', async () => {
    const res = await panel<{ password: string }>(world, session, 'POST', '/panel/api/password');
    expect(res.status).toBe(200);
    const [row] = await rowsOf('panel.password.reset');
    expect(row).toMatchObject({ target: '9301', result: 'ok' });
    expect(JSON.stringify(row)).not.toContain(res.body.password);
  });

  it('writes no row for a change that Pterodactyl or the quota refused', async () => {
    const before = await auditRows();
    world.ptero.inject({ method: 'POST', path: /^\/api\/application\/servers$/, status: 422, times: 1 });
    expect((await create('Refused')).status).toBe(502);
    const tooBig = await panel(world, session, 'POST', '/panel/api/servers', { name: 'Huge', egg: 'Paper', node: 'Node A', cpu: 50, memory: 999_999, disk: 1 });
    expect(tooBig.status).toBe(409);
    world.ptero.inject({ method: 'PATCH', path: /^\/api\/application\/users\/\d+$/, status: 422, times: 1 });
    expect((await panel(world, session, 'POST', '/panel/api/password')).status).toBe(502);
    expect(await auditRows()).toEqual(before);
  });

  it('undoes a creation or a resize whose audit row cannot be written', async () => {
    // Room for a second server beside the one kept.
    expect((await form(world.url, 'POST', '/api/user/9301', { key: world.server.adminKey, servers: 1 })).status).toBe(200);
    const kept = await create('Kept');
    expect(kept.status).toBe(201);
    const id = kept.body.server.id;
    const serversBefore = world.ptero.servers.size;

    await withoutAuditTable(world.server, async () => {
      const lost = await create('Lost');
      expect(lost.status).toBe(500);
      expect(lost.body).toMatchObject({ reason: 'internal' });
      const resize = await panel(world, session, 'PATCH', `/panel/api/servers/${id}`, { cpu: 70, memory: 300, disk: 300 });
      expect(resize.status).toBe(500);
    });

    // Neither change stands, and the lease is free again for the next one.
    expect(world.ptero.servers.size).toBe(serversBefore);
    expect([...world.ptero.servers.values()].some((s) => s.name === 'Lost')).toBe(false);
    expect(pteroServer(id)?.limits).toMatchObject(SIZE);
    expect((await rowsOf('panel.server.create')).filter((r) => r.detail?.name === 'Lost')).toEqual([]);
    expect((await rowsOf('panel.server.resize')).filter((r) => r.detail?.server === id)).toEqual([]);
    expect((await panel(world, session, 'DELETE', `/panel/api/servers/${id}`, { confirm: id })).status).toBe(200);
  });

  it('answers a deletion whose audit row cannot be written with an error; Pterodactyl cannot undo it, and the lease is freed', async () => {
    const doomed = await create('Doomed');
    expect(doomed.status).toBe(201);
    const id = doomed.body.server.id;
    const res = await withoutAuditTable(world.server, () => panel(world, session, 'DELETE', `/panel/api/servers/${id}`, { confirm: id }));
    expect(res.status).toBe(500);
    expect(pteroServer(id)).toBeUndefined();
    expect((await rowsOf('panel.server.delete')).filter((r) => r.detail?.server === id)).toEqual([]);
    // The next change is not refused as "busy".
    const next = await create('AfterDoomed');
    expect(next.status).toBe(201);
    expect((await panel(world, session, 'DELETE', `/panel/api/servers/${next.body.server.id}`, { confirm: next.body.server.id })).status).toBe(200);
  });

  it('answers a password reset whose audit row cannot be written with an error, never the password', async () => {
    const before = (await rowsOf('panel.password.reset')).length;
    const res = await withoutAuditTable(world.server, () => panel<{ password?: string; reason?: string }>(world, session, 'POST', '/panel/api/password'));
    expect(res.status).toBe(500);
    expect(res.body.password).toBeUndefined();
    expect((await rowsOf('panel.password.reset')).length).toBe(before);
  });
});
