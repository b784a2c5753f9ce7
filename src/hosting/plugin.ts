import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../core/errors.js';
import type { HttpModule } from '../core/module.js';
import { webBuildDir } from '../core/paths.js';
import { setSecurityHeaders } from '../web/security-headers.js';
import { BAD_REQUEST_MESSAGE, handleHostingError, renderHostingError } from './envelopes.js';
import { describeProblem } from './problems.js';
import { adminApiRoutes } from './routes/admin-api.js';
import { manageApiLogRoutes } from './routes/manage-api-log.js';
import { panelApiRoutes } from './routes/panel-api.js';
import { panelAuthRoutes } from './routes/panel-auth.js';
import { checkPanelRequest } from './routes/panel-guard.js';
import { panelStaticRoutes } from './routes/panel-static.js';
import type { HostingService } from './service.js';

/**
 * The hosting module: BoardMate-compatible admin API (`/api/user`, `/api/code`, its `{code,
 * message}` envelope), the Discord user panel under `/panel/` (`{message, reason}`) and
 * `/manage/hosting/*` (`{detail}`). Each part is its own scope with its own parsers and schema
 * wording; one error handler renders every refusal in the envelope of its URL.
 */
export const hostingPlugin: FastifyPluginAsync<{ hosting: HostingService }> = async (app, { hosting: service }) => {
  app.setErrorHandler(handleHostingError);

  await app.register(adminApiRoutes, { service });
  await app.register(manageApiLogRoutes, { service });

  await app.register(async (panel) => {
    if (!panel.hasRequestDecorator('cookies')) await panel.register(cookie);
    // Names the field, as the panel's messages always have.
    panel.setSchemaErrorFormatter((errors) => new AppError('bad_request', `${BAD_REQUEST_MESSAGE} (${describeProblem(errors)})`, 'bad_request'));
    // Before the body is parsed: a refused request never reaches a parser or a handler.
    panel.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/panel/api/')) checkPanelRequest(request, service.panel.publicOrigin);
    });
    panel.addHook('onSend', async (_request, reply) => {
      setSecurityHeaders(reply);
    });
    await panel.register(panelAuthRoutes, { service });
    await panel.register(panelApiRoutes, { service });
    await panel.register(panelStaticRoutes, { root: webBuildDir('panel') });
  });

  app.addHook('onClose', async () => {
    await service.close();
  });
};

export function hostingModule(hosting: HostingService): HttpModule {
  return {
    name: 'hosting',
    prefixes: ['/api/user', '/api/code', '/panel', '/manage/hosting'],
    register: async (app) => {
      await app.register(hostingPlugin, { hosting });
    },
    renderError: renderHostingError,
  };
}
