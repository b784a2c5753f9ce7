import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Operation = { tags?: string[]; summary?: string; security?: Record<string, string[]>[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> };

describe('hosting routes in /openapi.json', () => {
  it('are documented with their tag, summary, security, bodies and refusals', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const ops = (prefix: RegExp) =>
      Object.entries(doc.paths)
        .filter(([path]) => prefix.test(path))
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));

    const admin = ops(/^\/api\/(user|code)|^\/manage\/hosting\//);
    expect(admin.map((o) => o.route).sort()).toEqual(
      ['DELETE /api/code', 'GET /api/code', 'GET /api/user/{id}', 'GET /manage/hosting/api-log', 'POST /api/code', 'POST /api/user/{id}'].sort(),
    );
    for (const { route, op } of admin) {
      expect(op.tags, route).toEqual(['hosting']);
      expect(op.summary, route).toBeTruthy();
      expect(op.security?.length, route).toBeGreaterThan(0);
      expect(Object.keys(op.responses), route).toContain('403');
    }
    for (const route of ['POST /api/code', 'DELETE /api/code', 'POST /api/user/{id}']) {
      const op = admin.find((o) => o.route === route)!.op;
      expect(Object.keys(op.requestBody?.content ?? {}), route).toEqual(expect.arrayContaining(['application/x-www-form-urlencoded', 'multipart/form-data']));
    }

    const panelApi = ops(/^\/panel\/api\//);
    expect(panelApi.length).toBe(7);
    for (const { route, op } of panelApi) {
      expect(op.tags, route).toEqual(['panel']);
      expect(op.summary, route).toBeTruthy();
      expect(op.security, route).toEqual([{ panelSession: [] }]);
      expect(Object.keys(op.responses), route).toEqual(expect.arrayContaining(['400', '401']));
    }
  });
});
