import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../core/errors.js';

/**
 * Serves the built panel SPA (web/panel, built by Vite into dist/web/panel) under /panel/.
 * The JSON API and login routes are registered with exact paths, which the router prefers over
 * this wildcard.
 */
export const panelStaticRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  app.get('/panel', { schema: { tags: ['panel'], summary: 'Redirects to /panel/' } }, async (_request, reply) => reply.redirect('/panel/'));
  if (!existsSync(root)) {
    app.get('/panel/*', { schema: { tags: ['panel'], summary: 'The panel web app (not built on this server)' } }, async () => {
      throw new AppError('unavailable', 'The panel web app is not built on this server; the operator must run its build (see docs/hosting.md).', 'not_built');
    });
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/panel/', index: ['index.html'], wildcard: true });
};
