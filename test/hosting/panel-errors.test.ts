import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ensureWebBuild } from '../helpers/web-build.js';
import { panel, rawRequest, startHostingWorld, type HostingWorld } from './harness.js';

/*
 * Who gets a page and who gets JSON: a browser navigating to a panel URL gets the panel app with
 * the refusal's reason in a <meta> (the browser test checks what it shows); scripts, the panel's
 * own fetch calls and every /panel/api/ caller keep the `{message, reason}` contract.
 */

let world: HostingWorld;
let bare: TestServer;

beforeAll(async () => {
  await ensureWebBuild('panel');
  world = await startHostingWorld();
  bare = await startTestServer();
}, 120_000);
afterAll(async () => {
  await world?.close();
  await bare?.close();
});

const NAVIGATE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
/** A browser on plain http to a LAN address sends no Fetch Metadata; its Accept still asks for HTML. */
const NAVIGATE_WITHOUT_METADATA = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const metaReason = (html: string) => /<meta name="ic-panel-error" content="([^"]*)" data-status="(\d+)">/.exec(html)?.slice(1);

describe('panel refusals to a browser navigation are pages', () => {
  it.each([
    ['/panel/oauth/callback?error=access_denied&state=s', 400, 'login_cancelled'],
    ['/panel/oauth/callback?code=abc&state=forged', 400, 'bad_state'],
    ['/panel/oauth/callback', 400, 'bad_callback'],
    [`/panel/oauth/callback?code=${'x'.repeat(600)}&state=s`, 400, 'bad_request'],
    ['/panel/no-such-page', 404, 'not_found'],
  ])('%s → %i %s', async (path, status, reason) => {
    for (const headers of [NAVIGATE, NAVIGATE_WITHOUT_METADATA]) {
      const res = await rawRequest(`${world.url}${path}`, 'GET', headers);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(metaReason(res.text)).toEqual([reason, String(status)]);
      // The app's own page, not the service's wording of the refusal.
      expect(res.text).toContain('<div id="app"></div>');
      expect(res.text).not.toContain('"reason"');
    }
  });

  it('a login that fails inside the service is a page too, without the error itself', async () => {
    world.discord.nextUser = discordUser('9701');
    const start = await fetch(`${world.url}/panel/login`, { redirect: 'manual' });
    const state = /ic_hosting_oauth_state=([^;]+)/.exec(start.headers.getSetCookie().join('\n'))?.[1];
    const consent = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = consent.headers.get('location') ?? '';
    await sql`ALTER TABLE hosting_sessions RENAME TO hosting_sessions_away`.execute(world.server.db);
    try {
      const res = await rawRequest(callback, 'GET', { ...NAVIGATE, cookie: `ic_hosting_oauth_state=${state}` });
      expect(res.status).toBe(500);
      expect(metaReason(res.text)).toEqual(['internal', '500']);
      expect(res.text).not.toMatch(/hosting_sessions|no such table/i);
    } finally {
      await sql`ALTER TABLE hosting_sessions_away RENAME TO hosting_sessions`.execute(world.server.db);
    }
  });

  it('an unconfigured panel answers its login with a page', async () => {
    const res = await rawRequest(`${bare.url}/panel/login`, 'GET', NAVIGATE);
    expect(res.status).toBe(503);
    expect(metaReason(res.text)).toEqual(['not_configured', '503']);
  });
});

describe('everyone else keeps the JSON contract', () => {
  it('scripts and fetch calls get {message, reason} from the login routes', async () => {
    const callers: Record<string, string>[] = [{}, { accept: 'application/json' }, { accept: 'text/html', 'sec-fetch-mode': 'cors' }];
    for (const headers of callers) {
      const res = await rawRequest(`${world.url}/panel/oauth/callback?error=access_denied`, 'GET', headers);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.text)).toMatchObject({ reason: 'login_cancelled' });
    }
    const unconfigured = await rawRequest(`${bare.url}/panel/login`, 'GET', {});
    expect(unconfigured.status).toBe(503);
    expect(JSON.parse(unconfigured.text)).toMatchObject({ reason: 'not_configured' });
  });

  it('the panel API answers JSON even to a navigation', async () => {
    const res = await rawRequest(`${world.url}/panel/api/me`, 'GET', NAVIGATE);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ message: expect.any(String), reason: 'not_logged_in' });
  });

  it('a stale session cookie is refused as session_expired and cleared; no cookie is not_logged_in', async () => {
    const stale = await panel<{ reason: string }>(world, 'expired-or-revoked', 'GET', '/panel/api/me');
    expect(stale).toMatchObject({ status: 401, body: { reason: 'session_expired' } });
    const res = await rawRequest(`${world.url}/panel/api/me`, 'GET', { cookie: 'ic_hosting_session=expired-or-revoked' });
    expect(res.headers['set-cookie']?.some((c) => /^ic_hosting_session=;.*Max-Age=0.*Path=\/panel/.test(c))).toBe(true);
    expect((await panel<{ reason: string }>(world, undefined, 'GET', '/panel/api/me')).body.reason).toBe('not_logged_in');
  });
});
