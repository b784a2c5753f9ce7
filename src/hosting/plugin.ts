import cookie from '@fastify/cookie';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { webBuildDir } from '../core/paths.js';
import { HostingError } from './errors.js';
import { statusOf, type AppError } from '../core/errors.js';
import type { HttpModule } from '../core/module.js';
import { flaskJson } from './flask-json.js';
import { adminApiRoutes } from './routes/admin-api.js';
import { panelApiRoutes } from './routes/panel-api.js';
import { panelAuthRoutes } from './routes/panel-auth.js';
import { sendError } from './routes/panel-session.js';
import { checkPanelRequest } from './routes/panel-guard.js';
import { panelStaticRoutes } from './routes/panel-static.js';
import { setSecurityHeaders } from '../web/security-headers.js';
import type { HostingService } from './service.js';

export interface HostingPluginOptions {
  hosting: HostingService;
}

/**
 * The hosting module: BoardMate-compatible admin API (`/api/user`, `/api/code`, its own
 * `{code, message}` envelope) and the Discord user panel under `/panel/` (`{message}` envelope).
 * Each half is its own encapsulated scope with its own body parsers and error handler.
 */
export const hostingPlugin: FastifyPluginAsync<HostingPluginOptions> = async (app, opts) => {
  const service = opts.hosting;

  await app.register(adminApiRoutes, { service });

  await app.register(async (panel) => {
    if (!panel.hasRequestDecorator('cookies')) await panel.register(cookie);
    panel.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof HostingError) return sendError(reply, err);
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ message: `資料有誤 (${err.message})`, reason: 'bad_request' });
      }
      request.log.error({ err }, 'hosting panel request failed');
      return reply.code(500).send({ message: '伺服器發生錯誤，請連絡管理員 (internal error)', reason: 'internal' });
    });
    const publicUrl = service.deps.settings?.oauth.publicUrl;
    const publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
    // Before the body is parsed: a refused request never reaches a parser or a handler.
    panel.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/panel/api/')) checkPanelRequest(request, publicOrigin);
    });
    panel.addHook('onSend', async (_request, reply) => {
      setSecurityHeaders(reply);
    });
    await panel.register(panelAuthRoutes, { service });
    await panel.register(panelApiRoutes, { service });
    await panel.register(panelStaticRoutes, { root: webBuildDir('panel') });
  });

  app.addHook('onClose', async () => {
    await service.deps.notifier.flush();
  });
};

export function hostingModule(hosting: HostingService): HttpModule {
  return {
    name: 'hosting',
    prefixes: ['/api/user', '/api/code', '/panel'],
    register: async (app) => {
      await app.register(hostingPlugin, { hosting });
    },
    renderError: (error: AppError, request, reply) => {
      const status = statusOf(error.kind);
      if (request.url.startsWith('/panel')) {
        return reply.code(status).send({ message: `資料有誤 (${error.message})`, reason: error.reason ?? error.kind });
      }
      const code = status === 404 ? 404 : 400;
      return reply.code(code).type('application/json').send(flaskJson({ code, message: code === 404 ? error.message : '資料有誤' }));
    },
  };
}
