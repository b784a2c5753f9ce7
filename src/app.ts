import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from './core/context.js';
import { blacklistPlugin } from './blacklist/plugin.js';
import type { BlacklistService } from './blacklist/service.js';
import { hostingPlugin } from './hosting/plugin.js';
import type { HostingService } from './hosting/service.js';
import { hubPlugin } from './hub/plugin.js';
import type { HubService } from './hub/service.js';

/** The module services an app instance serves; built once and shared by every listener. */
export interface Modules {
  hub: HubService;
  blacklist: BlacklistService;
  hosting: HostingService;
}

/** Builds the HTTP app from the modules. No business logic lives here. */
export async function buildApp(ctx: AppContext, modules: Modules): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    // Requests are not logged one by one: the audit log records what matters, errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ detail: `Not Found: ${request.method} ${request.url.split('?')[0]}` });
  });
  await app.register(hubPlugin, { ctx, hub: modules.hub });
  await app.register(blacklistPlugin, { ctx, blacklist: modules.blacklist });
  await app.register(hostingPlugin, { hosting: modules.hosting });
  return app;
}
