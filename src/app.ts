import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from './core/context.js';
import { blacklistPlugin } from './blacklist/plugin.js';
import type { BlacklistService } from './blacklist/service.js';
import { hostingPlugin } from './hosting/plugin.js';
import type { HostingService } from './hosting/service.js';
import { hubPlugin } from './hub/plugin.js';
import type { HubService } from './hub/service.js';
import { dashboardPlugin } from './web/dashboard.js';

/** The module services an app instance serves; built once and shared by every listener. */
export interface Modules {
  hub: HubService;
  blacklist: BlacklistService;
  hosting: HostingService;
}

/** Fastify's types leave out the hop count it accepts; the same rule as a function. */
function fastifyTrustProxy(setting: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Builds the HTTP app from the modules. No business logic lives here. */
export async function buildApp(ctx: AppContext, modules: Modules): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    // Requests are not logged one by one: the audit log records what matters, errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // request.ip (and so the failed-authentication limit) follows X-Forwarded-For only through trusted proxies.
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ detail: `Not Found: ${request.method} ${request.url.split('?')[0]}` });
  });
  await app.register(hubPlugin, { ctx, hub: modules.hub });
  await app.register(blacklistPlugin, { ctx, blacklist: modules.blacklist });
  await app.register(hostingPlugin, { hosting: modules.hosting });
  await app.register(dashboardPlugin, { prefix: '/dashboard' });
  return app;
}
