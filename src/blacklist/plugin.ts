import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import type { HttpModule } from '../core/module.js';
import { renderDetail } from '../core/detail-envelope.js';
import { detailErrorHandler } from '../hub/plugin.js';
import { BlackbeError, sendEnvelope, Status } from './envelope.js';
import { checkRoutes } from './routes/check.js';
import { manageSettingsRoutes } from './routes/manage-settings.js';
import { managePieceRoutes } from './routes/manage-pieces.js';
import { manageRepositoryRoutes } from './routes/manage-repositories.js';
import { manageTransferRoutes } from './routes/manage-transfer.js';
import { privateRoutes } from './routes/private.js';
import { utilRoutes } from './routes/utils.js';
import type { BlacklistService } from './service.js';

export const OPENAPI_PREFIX = '/openapi/v3';
/** Upload and check/private bodies are a few hundred bytes. */
const OPENAPI_BODY_LIMIT = 64 * 1024;

/** Every failure on the BlackBE surface as its envelope with `data: []`, never a stack trace. */
function envelopeErrorHandler(ctx: AppContext) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof BlackbeError) return sendEnvelope(reply, ctx.clock, { status: error.entry.status, message: error.message }, []);
    if (error instanceof AppError && error.kind === 'rate_limited') {
      return sendEnvelope(reply, ctx.clock, { status: 4001, message: '认证失败次数过多,请稍后再试' }, [], 429);
    }
    const fe = error as FastifyError;
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendEnvelope(reply, ctx.clock, Status.badRequest, []);
    }
    ctx.log.error({ err: error, url: request.url }, 'blacklist request failed');
    const entry = request.routeOptions.url?.startsWith(`${OPENAPI_PREFIX}/utils/`) ? Status.xuidInternal : Status.internal;
    return sendEnvelope(reply, ctx.clock, entry, []);
  };
}

/** `/openapi/v3/*`: BlackBE's OpenAPI v3 with its envelope, lenient about bodies like the original. */
const openapiPlugin: FastifyPluginAsync<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  app.setErrorHandler(envelopeErrorHandler(ctx));
  app.setNotFoundHandler((_request, reply) => sendEnvelope(reply, ctx.clock, Status.notFound, [], 404));
  // Clients send JSON under whatever content type their HTTP library picks (one sends it on GETs).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: OPENAPI_BODY_LIMIT }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new BlackbeError(Status.badRequest), undefined);
    }
  });
  await checkRoutes(app, ctx, blacklist);
  await privateRoutes(app, ctx, blacklist);
  await utilRoutes(app, ctx, blacklist);
};

/** `/manage/blacklist/*`: repositories, pieces, import/export and settings with `{"detail"}` errors. */
const managePlugin: FastifyPluginAsync<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  app.setErrorHandler(detailErrorHandler(ctx));
  await manageRepositoryRoutes(app, ctx, blacklist);
  await managePieceRoutes(app, ctx, blacklist);
  await manageSettingsRoutes(app, ctx, blacklist);
  await manageTransferRoutes(app, ctx, blacklist);
};

export const blacklistPlugin: FastifyPluginAsync<{ ctx: AppContext; blacklist: BlacklistService }> = async (
  app: FastifyInstance,
  options,
) => {
  await app.register(openapiPlugin, { ...options, prefix: OPENAPI_PREFIX });
  await app.register(managePlugin, options);
};

export function blacklistModule(ctx: AppContext, blacklist: BlacklistService): HttpModule {
  return {
    name: 'blacklist',
    prefixes: [OPENAPI_PREFIX, '/manage/blacklist'],
    register: async (app) => {
      await app.register(blacklistPlugin, { ctx, blacklist });
    },
    renderError: (error: AppError, request, reply) => {
      if (!request.url.startsWith(OPENAPI_PREFIX)) return renderDetail(error, reply);
      if (error.kind === 'not_found') return sendEnvelope(reply, ctx.clock, Status.notFound, [], 404);
      if (error.kind === 'rate_limited') return sendEnvelope(reply, ctx.clock, { status: 4001, message: '认证失败次数过多,请稍后再试' }, [], 429);
      return sendEnvelope(reply, ctx.clock, Status.badRequest, []);
    },
  };
}
