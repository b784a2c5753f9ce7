import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The one inline style swagger-ui injects at start-up, allowed by its hash rather than by
 * 'unsafe-inline'; a new swagger-ui version that changes it shows up as a CSP error in the docs test.
 */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/** The docs page loads only its own files; no inline script, nothing from elsewhere. */
export const DOCS_CSP = `default-src 'none'; script-src 'self'; style-src 'self' ${SWAGGER_UI_STYLE_HASH}; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export const OPENAPI_TAGS = [
  { name: 'hub', description: 'API keys, game events, server status, commands and the WebSocket (InterConnect API)' },
  { name: 'blacklist', description: 'Shared ban lists: BlackBE OpenAPI v3 and their management' },
  { name: 'hosting', description: "Hosting admin API (BoardMate's /api/user and /api/code)" },
  { name: 'panel', description: 'The hosting user panel JSON API (Discord session cookie)' },
  { name: 'service', description: 'Health, metrics and this document' },
] as const;

/**
 * Registers the OpenAPI generator before any route, so every route's schema lands in the document,
 * and serves it at `/openapi.json` with the interactive docs at `/docs`. The docs UI is
 * @fastify/swagger-ui: it ships swagger-ui's files in the package (no CDN) and loads no inline
 * script, so it runs under the strict policy above.
 */
export async function registerApiDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    // Shared schemas (app.addSchema) appear under their $id in components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'InterConnect',
        version,
        description:
          'One service for Minecraft server networks: the InterConnect hub, a BlackBE-compatible shared blacklist and a BoardMate-compatible hosting API. Each part answers errors in its own envelope.',
      },
      tags: [...OPENAPI_TAGS],
      components: {
        securitySchemes: {
          bearerKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An InterConnect key (`mc_admin_…`, `mc_key_…` or `mc_server_…`); a BlackBE APIToken is such a key.',
          },
          queryKey: { type: 'apiKey', in: 'query', name: 'api_key', description: 'The key as `?api_key=` (WebSocket clients)' },
          hostingKey: { type: 'apiKey', in: 'query', name: 'key', description: 'The hosting API key, also accepted as a form field `key` or Bearer' },
          panelSession: { type: 'apiKey', in: 'cookie', name: 'ic_hosting_session', description: 'The panel session after Discord login' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for `GET /metrics` (a Prometheus scraper)' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    uiConfig: { deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
