import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { webBuildDir } from '../core/paths.js';
import { setSecurityHeaders } from './security-headers.js';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { HttpModule } from '../core/module.js';
import { AppError } from '../core/errors.js';
import { renderDetail } from '../core/detail-envelope.js';

export interface DashboardOptions {
  /** The Vite build to serve; `<repo>/dist/web/dashboard` by default. */
  root?: string;
}

export function defaultDashboardRoot(): string {
  return webBuildDir('dashboard');
}

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dashboard not built</title></head>
<body><main><h1>The dashboard has not been built</h1>
<p>This InterConnect service has no dashboard build to serve. Run <code>npm run build</code> in the service's directory and restart it.</p>
<p>The HTTP and WebSocket APIs work without it.</p></main></body></html>
`;

function missingBuild(reply: FastifyReply) {
  return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(MISSING_BUILD);
}

/**
 * Serves the operator dashboard (a Vite + Preact SPA) under `/dashboard/`. Register it with
 * `prefix: '/dashboard'`; unknown paths below it get `index.html` so client routes survive a reload.
 */
export const dashboardPlugin: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const root = options.root ?? defaultDashboardRoot();
  const index = join(root, 'index.html');

  app.addHook('onRequest', async (request, reply) => {
    const [path, query] = request.url.split('?', 2);
    if (path === '/dashboard') return reply.redirect(`/dashboard/${query === undefined ? '' : `?${query}`}`, 308);
  });
  app.addHook('onSend', async (_request, reply) => {
    setSecurityHeaders(reply);
  });

  if (existsSync(root)) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
      redirect: false,
      cacheControl: false,
      // Hashed asset names change with their content, so they may be cached for good; index.html never.
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', (_request, reply) => missingBuild(reply));
    app.get('/*', (_request, reply) => missingBuild(reply));
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.code(404).send({ detail: `Not Found: ${request.method} ${path}` });
    }
    // A missing file (a stale asset name, a typo) is a 404; anything else is a client route.
    if (/\.[A-Za-z0-9]+$/.test(path) || path.startsWith('/dashboard/assets/')) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    if (!existsSync(index)) return missingBuild(reply);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  });
};

export function dashboardModule(options: DashboardOptions = {}): HttpModule {
  return {
    name: 'dashboard',
    prefixes: ['/dashboard'],
    register: async (app) => {
      await app.register(dashboardPlugin, { ...options, prefix: '/dashboard' });
    },
    // @fastify/static refuses `..` and NUL with bare 403/400s; say what was wrong with the path.
    renderError: (error, _request, reply) => {
      if (error.kind === 'forbidden') return renderDetail(new AppError('forbidden', 'Path leaves the dashboard'), reply);
      if (error.kind === 'bad_request' && error.reason === undefined) return renderDetail(new AppError('bad_request', 'Malformed path'), reply);
      return renderDetail(error, reply);
    },
  };
}
