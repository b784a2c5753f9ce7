import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/app.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  tags?: string[];
  summary?: string;
  responses?: Record<string, unknown>;
  security?: unknown[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown> };
  tags?: Array<{ name: string }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Fastify's `/a/:id` and `/a/*` in OpenAPI's spelling. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
}

let server: TestServer;
let doc: OpenApiDocument;
beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
});
afterAll(() => server.close());

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document grouped by the four tags, with authentication schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.tags?.map((t) => t.name)).toEqual(expect.arrayContaining(['hub', 'blacklist', 'hosting', 'panel']));
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual(
      expect.arrayContaining(['bearerKey', 'queryKey', 'hostingKey', 'panelSession']),
    );
  });

  it('documents exactly the routes the service registered', () => {
    const registered = new Set<string>();
    for (const route of registeredRoutes(server.service.app)) {
      // HEAD routes are Fastify's automatic twins of GET routes.
      if (route.hidden || route.method === 'HEAD') continue;
      registered.add(`${route.method.toLowerCase()} ${openApiPath(route.url)}`);
    }
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) if (METHODS.includes(method)) documented.add(`${method} ${path}`);
    }
    expect([...registered].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((d) => !registered.has(d)).sort()).toEqual([]);
  });

  it('gives every operation a tag, a summary and its answers, refusals included where it reads input', () => {
    const lacking: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const statuses = Object.keys(op.responses ?? {});
        // BlackBE answers its refusals inside a 200 envelope (its body status says why), so only
        // the other contracts must list a 4xx for an operation that reads input.
        const takesInput = !path.startsWith('/openapi/v3/') && ((op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined);
        const refusals = statuses.filter((s) => s.startsWith('4'));
        if (!op.tags?.length || !op.summary || statuses.length === 0 || (takesInput && refusals.length === 0)) {
          lacking.push(`${method} ${path} ${statuses.join(',')}`);
        }
      }
    }
    expect(lacking).toEqual([]);
  });
});

describe('GET /docs', () => {
  it('is served from the package under a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/docs/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:/);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });
});
