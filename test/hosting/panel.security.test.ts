import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';
import { ensureWebBuild } from '../helpers/web-build.js';
import { loginOk, startHostingWorld, type HostingWorld } from './harness.js';

let world: HostingWorld;
beforeAll(async () => {
  await ensureWebBuild('panel');
  world = await startHostingWorld();
}, 120_000);
afterAll(() => world?.close());

const passwordOf = (email: string) => [...world.ptero.users.values()].find((u) => u.email === email)?.password ?? null;

async function call(session: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${world.url}${path}`, { method, headers: { cookie: `ic_hosting_session=${session}`, ...headers }, body });
  return { status: res.status, body: (await res.json()) as { message: string; reason: string } };
}

describe('panel security headers', () => {
  it('come with every page, asset, JSON answer and error', async () => {
    const index = await fetch(`${world.url}/panel/`);
    const html = await index.text();
    const asset = /src="(\/panel\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /(\/panel\/assets\/[^"]+\.js)/.exec(html)?.[1];
    expect(asset).toBeDefined();
    for (const path of ['/panel/', '/panel/index.html', asset!, '/panel/api/me', '/panel/assets/missing.js', '/panel/login', '/panel']) {
      const res = await fetch(`${world.url}${path}`, { redirect: 'manual' });
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});

describe('state-changing panel calls from another origin', () => {
  it('refuse a foreign Origin with 403 and change nothing', async () => {
    const session = await loginOk(world, '7001');
    const before = passwordOf('7001@example.com');
    for (const origin of ['https://evil.example', world.url.replace(/:\d+$/, ':1'), 'null']) {
      const res = await call(session, 'POST', '/panel/api/password', { origin, 'content-type': 'application/json' }, '{}');
      expect(res, origin).toMatchObject({ status: 403, body: { reason: 'bad_origin' } });
      expect(res.body.message).toContain('cross-site request refused');
    }
    const viaReferer = await call(session, 'POST', '/panel/api/password', { referer: 'https://evil.example/page', 'content-type': 'application/json' }, '{}');
    expect(viaReferer).toMatchObject({ status: 403, body: { reason: 'bad_origin' } });
    const neither = await call(session, 'POST', '/panel/api/password', { 'content-type': 'application/json' }, '{}');
    expect(neither).toMatchObject({ status: 403, body: { reason: 'bad_origin' } });
    expect(passwordOf('7001@example.com')).toBe(before);
  });

  it('refuse a body that is not JSON, such as a form or a text/plain fetch can send', async () => {
    const session = await loginOk(world, '7002');
    const before = passwordOf('7002@example.com');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const headers: Record<string, string> = { origin: world.url };
      if (type) headers['content-type'] = type;
      const res = await call(session, 'POST', '/panel/api/password', headers, type ? '{}' : undefined);
      expect(res, String(type)).toMatchObject({ status: 403, body: { reason: 'bad_content_type' } });
      expect(res.body.message).toContain('Content-Type: application/json');
    }
    for (const [method, path] of [['PATCH', '/panel/api/servers/abc123'], ['DELETE', '/panel/api/servers/abc123'], ['POST', '/panel/api/shop']]) {
      const res = await call(session, method!, path!, { origin: 'https://evil.example', 'content-type': 'text/plain' }, '{}');
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(passwordOf('7002@example.com')).toBe(before);
  });

  it('accept the panel’s own JSON calls, by Origin or by Referer', async () => {
    const session = await loginOk(world, '7003');
    const byOrigin = await call(session, 'POST', '/panel/api/password', { origin: world.url, 'content-type': 'application/json' }, '{}');
    expect(byOrigin.status).toBe(200);
    const byReferer = await call(session, 'POST', '/panel/api/password', { referer: `${world.url}/panel/`, 'content-type': 'application/json; charset=utf-8' }, '{}');
    expect(byReferer.status).toBe(200);
  });
});

describe('panel attacked from a real browser', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let attacker: http.Server;
  let attackerUrl: string;

  beforeAll(async () => {
    // Same site (127.0.0.1), another port: SameSite=Lax lets the session cookie through.
    const panelUrl = world.url;
    attacker = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (req.url === '/frame') {
        res.end(`<!doctype html><title>frame</title><iframe id="victim" src="${panelUrl}/panel/"></iframe>`);
        return;
      }
      res.end(`<!doctype html><title>attack</title><script>
        fetch(${JSON.stringify(`${panelUrl}/panel/api/password`)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'content-type': 'text/plain' }, body: '{}' })
          .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
      </script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const address = attacker.address();
    attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    profile = mkdtempSync(join(tmpdir(), 'panel-security-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('a page on another port cannot reset the signed-in user’s password or frame the panel', async () => {
    world.discord.nextUser = discordUser('7100', { global_name: 'Victim', email: 'victim@example.com' });
    await page.goto(`${world.url}/panel/`);
    await page.click('#login');
    await page.waitForSelector('#money');
    const before = passwordOf('victim@example.com');

    const refused = page.waitForResponse((r) => r.url().endsWith('/panel/api/password'));
    await page.goto(`${attackerUrl}/`);
    const response = await refused;
    expect(response.status()).toBe(403);
    expect(passwordOf('victim@example.com')).toBe(before);

    const framed = page.waitForResponse((r) => r.url() === `${world.url}/panel/`);
    await page.goto(`${attackerUrl}/frame`);
    await framed;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // A refused frame is Chromium's error page: the panel's own markup never loads in it.
    await expect.poll(async () => frame?.url() ?? '').not.toBe('about:blank');
    expect(await frame?.$('#app')).toBeNull();

    // The panel itself still works: its own reset goes through.
    await page.goto(`${world.url}/panel/`);
    await page.waitForSelector('#money');
    const status = await page.evaluate(async () => (await fetch('/panel/api/password', {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}',
    })).status);
    expect(status).toBe(200);
    expect(passwordOf('victim@example.com')).not.toBe(before);
  }, 60_000);
});
