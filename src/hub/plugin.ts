import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context.js';
import { renderDetail } from '../core/detail-envelope.js';
import { errorHandler, type HttpModule } from '../core/module.js';
import { KeyGuard } from './routes/guard.js';
import { auditRoutes } from './routes/audit.js';
import { consoleRoutes } from './routes/console.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { powerRoutes } from './routes/power.js';
import { serverRoutes } from './routes/server.js';
import { chooseProtocol, wsRoutes } from './routes/ws.js';
import { schemaErrors } from './schema-errors.js';
import type { HubService } from './service.js';
import { hubValidatorCompiler } from './validation.js';

/** Frames above this are refused by ws itself (close 1009) before they cost memory. */
export const MAX_FRAME_BYTES = 128 * 1024;

export const hubPlugin: FastifyPluginAsync<{ ctx: AppContext; hub: HubService }> = async (app, { ctx, hub }) => {
  app.setErrorHandler(errorHandler((error, _request, reply) => renderDetail(error, reply), 'request failed'));
  // TypeBox checks without coercing bodies; every route words its failures through this formatter.
  app.setValidatorCompiler(hubValidatorCompiler);
  app.setSchemaErrorFormatter(schemaErrors());
  // Hub bodies are JSON only: a text/plain body is a wrong content type, not a string to validate.
  app.removeContentTypeParser('text/plain');
  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES, handleProtocols: (protocols) => chooseProtocol(protocols) },
  });
  const guard = new KeyGuard(ctx.auth);
  await healthRoutes(app, hub);
  await keyRoutes(app, hub, guard);
  await eventRoutes(app, hub, guard);
  await serverRoutes(app, hub, guard);
  await consoleRoutes(app, hub, guard);
  await powerRoutes(app, hub, guard);
  await auditRoutes(app, ctx.audit, guard);
  await wsRoutes(app, ctx, hub);
};

export function hubModule(ctx: AppContext, hub: HubService): HttpModule {
  return {
    name: 'hub',
    prefixes: ['/'],
    register: async (app) => {
      await app.register(hubPlugin, { ctx, hub });
    },
    renderError: (error, _request, reply) => renderDetail(error, reply),
  };
}
