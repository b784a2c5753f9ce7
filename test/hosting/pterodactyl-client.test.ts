import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PterodactylClient, PterodactylError } from '../../src/hosting/pterodactyl/client.js';
import { startFakePterodactyl, type FakePterodactyl } from '../fakes/pterodactyl.js';

let fake: FakePterodactyl;
let client: PterodactylClient;

beforeAll(async () => {
  fake = await startFakePterodactyl({ portsPerNode: 130 });
  client = new PterodactylClient({ baseUrl: fake.url, apiKey: fake.apiKey, maxRetryWaitMs: 2000 });
});
afterAll(async () => fake.close());

describe('Pterodactyl Application API client', () => {
  it('follows pagination across pages', async () => {
    const all = await client.listAllocations(1);
    expect(all).toHaveLength(130);
    const pages = fake.calls.filter((c) => c.path.startsWith('/api/application/nodes/1/allocations'));
    expect(pages.map((c) => new URL(c.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('waits out a 429 with Retry-After and retries', async () => {
    fake.inject({ method: 'GET', path: /^\/api\/application\/users\?/, status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    expect(await client.findUserByEmail('nobody@example.com')).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('fails fast when Retry-After is longer than it will wait', async () => {
    fake.inject({ method: 'GET', path: /^\/api\/application\/users\?/, status: 429, headers: { 'retry-after': '60' } });
    await expect(client.findUserByEmail('x@example.com')).rejects.toMatchObject({ status: 429 });
  });

  it('surfaces validation errors with their fields', async () => {
    const err = await client.createUser({ email: 'not-an-email', username: '-bad-', first_name: '', last_name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PterodactylError);
    const e = err as PterodactylError;
    expect(e.status).toBe(422);
    expect(e.errors.map((x) => x.field)).toEqual(expect.arrayContaining(['email', 'username', 'first_name']));
    expect(e.message).toContain('first_name: The first name field is required.');
  });

  it('reports a 404 envelope and an unreachable panel clearly', async () => {
    await expect(client.getUser(99999)).rejects.toThrow(/404: The requested resource could not be found/);
    const dead = new PterodactylClient({ baseUrl: 'http://127.0.0.1:1/', apiKey: 'k' });
    await expect(dead.getUser(1)).rejects.toMatchObject({ status: 0 });
  });

  it('reports a wrong key as an authentication error', async () => {
    const wrong = new PterodactylClient({ baseUrl: fake.url, apiKey: 'ptla_wrong' });
    await expect(wrong.getUser(1)).rejects.toThrow(/401: Unauthenticated/);
  });
});
