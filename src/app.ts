import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './core/context.js';
import { AppError, fromFastifyError } from './core/errors.js';
import { errorHandler, moduleFor, type HttpModule } from './core/module.js';
import { packageVersion } from './core/paths.js';
import { blacklistModule } from './blacklist/plugin.js';
import type { BlacklistService } from './blacklist/service.js';
import { hostingModule } from './hosting/plugin.js';
import type { HostingService } from './hosting/service.js';
import { hubModule } from './hub/plugin.js';
import type { HubService } from './hub/service.js';
import { registerApiDocs } from './web/api-docs.js';
import { dashboardModule } from './web/dashboard.js';
import { ignoreNonWebSocketUpgrades } from './web/ignore-h2c-upgrade.js';
import { metricsRoute } from './web/metrics-route.js';
import { logRequests } from './web/request-log.js';
import { countRequest, countRequests } from './web/request-metrics.js';

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

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Left out of the OpenAPI document on purpose (the document itself, the docs UI's files). */
  hidden: boolean;
}

const routesByApp = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered, as Fastify saw it: what the OpenAPI document must cover. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routesByApp.get(app) ?? [];
}

/** Builds the HTTP app from the modules. No business logic lives here. */
export async function buildApp(ctx: AppContext, services: Modules): Promise<FastifyInstance> {
  const modules: HttpModule[] = [
    hubModule(ctx, services.hub),
    blacklistModule(ctx, services.blacklist),
    hostingModule(services.hosting),
    dashboardModule(),
  ];
  const renderError = (error: AppError, request: FastifyRequest, reply: FastifyReply) => {
    const module = moduleFor(modules, request.url) ?? modules[0];
    return module ? module.renderError(error, request, reply) : reply.code(500).send();
  };
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    // Fastify's own two lines per request are off; web/request-log.ts writes one at debug.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // request.ip (and so the failed-authentication limit) follows X-Forwarded-For only through trusted proxies.
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // A URL that cannot be decoded never reaches a route: answer it in the envelope of its prefix.
    frameworkErrors: (error, request, reply) => {
      void renderError(fromFastifyError(error) ?? new AppError('bad_request', 'Malformed request'), request, reply);
      countRequest(ctx.metrics, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  logRequests(app);
  countRequests(app, ctx.metrics);

  // An empty body under `Content-Type: application/json` is no body (a real CLI sends one on PATCH and DELETE).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });

  // Scopes without their own handler (static files, the docs) still answer in their prefix's envelope.
  app.setErrorHandler(errorHandler(renderError, 'request failed'));
  app.setNotFoundHandler((request, reply) => {
    void renderError(new AppError('not_found', `Not Found: ${request.method} ${request.url.split('?')[0]}`), request, reply);
  });
  app.addHook('onReady', async () => {
    ignoreNonWebSocketUpgrades(app.server);
  });

  const routes: RegisteredRoute[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of methods) routes.push({ method, url: route.url, hidden });
  });
  await registerApiDocs(app, packageVersion());
  await metricsRoute(app, ctx);
  for (const module of modules) await module.register(app);
  return app;
}
