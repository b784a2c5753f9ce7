import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/context.js';
import { renderDetail } from '../core/detail-envelope.js';
import { AppError } from '../core/errors.js';
import { errorHandler, type HttpModule } from '../core/module.js';
import { entryOf, envelope, httpStatusOf } from './envelope.js';
import { checkRoutes } from './routes/check.js';
import { manageSettingsRoutes } from './routes/manage-settings.js';
import { managePieceRoutes } from './routes/manage-pieces.js';
import { manageRepositoryRoutes } from './routes/manage-repositories.js';
import { manageTransferRoutes } from './routes/manage-transfer.js';
import { privateRoutes } from './routes/private.js';
import { utilRoutes } from './routes/utils.js';
import type { BlacklistService } from './service.js';
import { BlackbeEnvelopeSchema } from './wire.js';

export const OPENAPI_PREFIX = '/openapi/v3';
export const MANAGE_PREFIX = '/manage/blacklist';
/** Upload and check/private bodies are a few hundred bytes. */
const OPENAPI_BODY_LIMIT = 64 * 1024;

type Options = { ctx: AppContext; blacklist: BlacklistService };

/** The BlackBE envelope of a refusal, `data: []`, with the HTTP status its clients expect. */
export function renderEnvelope(ctx: AppContext, error: AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { entry, message } = entryOf(error, request.url.startsWith(`${OPENAPI_PREFIX}/utils/`));
  return reply.code(httpStatusOf(entry)).send({ ...envelope(ctx.clock, entry, []), message });
}

/**
 * BlackBE repeats nothing, but clients do (`?name=a&name=`): a repeated parameter counts with its
 * first non-blank value, so every route sees one string per name.
 */
async function firstOfRepeated(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) query[name] = value.find((v) => typeof v === 'string' && v.trim() !== '') ?? value[0];
  }
}

/** `/openapi/v3/*`: BlackBE's OpenAPI v3 with its envelope, lenient about bodies like the original. */
const openapiPlugin: FastifyPluginAsyncTypebox<Options> = async (app, { ctx, blacklist }) => {
  const options = { ctx, blacklist };
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // The envelope goes out as built, on one compact line (a Nukkit client parses the body line by
  // line); the response schemas document it and type the handlers.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler((error, request, reply) => renderEnvelope(ctx, error, request, reply), 'blacklist request failed'));
  app.setNotFoundHandler((request, reply) => renderEnvelope(ctx, new AppError('not_found', 'No such route'), request, reply));
  app.addHook('preValidation', firstOfRepeated);
  // Clients send JSON under whatever content type their HTTP library picks (one sends it on GETs).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: OPENAPI_BODY_LIMIT }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new AppError('bad_request', 'Request body is not valid JSON', 'invalid_json'), undefined);
    }
  });
  await app.register(checkRoutes, options);
  await app.register(privateRoutes, options);
  await app.register(utilRoutes, options);
};

/** `/manage/blacklist/*`: repositories, pieces, import/export and settings with `{"detail"}` errors. */
const managePlugin: FastifyPluginAsyncTypebox<Options> = async (app, options) => {
  // Bodies are JSON and checked as sent (a number is not a name); query strings are converted.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(errorHandler((error, _request, reply) => renderDetail(error, reply), 'blacklist request failed'));
  await app.register(manageRepositoryRoutes, options);
  await app.register(managePieceRoutes, options);
  await app.register(manageSettingsRoutes, options);
  await app.register(manageTransferRoutes, options);
};

export function blacklistModule(ctx: AppContext, blacklist: BlacklistService): HttpModule {
  return {
    name: 'blacklist',
    prefixes: [OPENAPI_PREFIX, MANAGE_PREFIX],
    register: async (app) => {
      // A shared component of the document; the routes' schemas spell it out for their own `data`.
      app.addSchema(BlackbeEnvelopeSchema);
      await app.register(openapiPlugin, { ctx, blacklist, prefix: OPENAPI_PREFIX });
      await app.register(managePlugin, { ctx, blacklist });
    },
    renderError: (error, request, reply) =>
      request.url.startsWith(OPENAPI_PREFIX) ? renderEnvelope(ctx, error, request, reply) : renderDetail(error, reply),
  };
}
