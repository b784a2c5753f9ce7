import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPlugin, defaultDashboardRoot } from '../../src/web/dashboard.js';
import { freePort } from '../helpers/ports.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ensureDashboardBuild } from './setup.js';

let server: TestServer;
beforeAll(async () => {
  await ensureDashboardBuild();
  server = await startTestServer();
});
afterAll(() => server?.close());

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('serving /dashboard', () => {
  it('redirects /dashboard to /dashboard/ and serves the app with a strict CSP', async () => {
    const redirect = await fetch(`${server.url}/dashboard?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/dashboard/?x=1');
    const page = await fetch(`${server.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('<div id="app"></div>');
    // Vite rewrote the entry to a hashed asset under the mount point.
    const script = /<script type="module" crossorigin src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(server.url + script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers client routes with index.html and missing assets with 404', async () => {
    const route = await fetch(`${server.url}/dashboard/keys`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app"></div>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${server.url}/dashboard/assets/missing-123.js`)).status).toBe(404);
    // The API around it is untouched.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/dashboardx`)).status).toBe(404);
  });

  it('serves the dashboard and the API it calls on DASHBOARD_PORT too', async () => {
    const port = await freePort();
    const own = await startTestServer({ DASHBOARD_PORT: String(port) });
    try {
      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/dashboard/`)).text()).toContain('<div id="app"></div>');
      // The SPA calls its own origin, so the API must answer there as well.
      const keys = await fetch(`${base}/manage/keys`, { headers: { authorization: `Bearer ${own.adminKey}` } });
      expect(keys.status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('answers a clear 503 page when the build is missing', async () => {
    const app = Fastify();
    await app.register(dashboardPlugin, { prefix: '/dashboard', root: join(server.dataDir, 'no-build') });
    for (const path of ['/dashboard/', '/dashboard/keys']) {
      const res = await app.inject({ url: path });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    await app.close();
  });

  it('builds an app that loads nothing from other origins and never injects HTML', () => {
    const built = files(defaultDashboardRoot()).filter((f) => /\.(html|js|css)$/.test(f));
    expect(built.length).toBeGreaterThanOrEqual(3);
    for (const file of built) {
      const text = readFileSync(file, 'utf8');
      // No CDN, font or script URL to another host in what the browser loads.
      expect(text, file).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(text, file).not.toMatch(/@import\s+url\(\s*["']?https?:/);
      expect(text, file).not.toMatch(/fonts\.googleapis|cdn\.jsdelivr|unpkg\.com/);
    }
    const sources = files(join(defaultDashboardRoot(), '..', '..', '..', 'web', 'dashboard', 'src'));
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
      expect(text, file).not.toMatch(/ws:\/\/localhost|127\.0\.0\.1:\d+/);
    }
  });
});
