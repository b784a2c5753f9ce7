import websocket from '@fastify/websocket';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context.js';
import { HttpError } from '../core/errors.js';
import { auditRoutes } from './routes/audit.js';
import { consoleRoutes } from './routes/console.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { powerRoutes } from './routes/power.js';
import { serverRoutes } from './routes/server.js';
import { chooseProtocol, wsRoutes } from './routes/ws.js';
import type { HubService } from './service.js';

/** Frames above this are refused by ws itself (close 1009) before they cost memory. */
export const MAX_FRAME_BYTES = 128 * 1024;

/** Renders every refusal as the spec's `{"detail": ...}` with a 4xx, never a stack trace. */
export function detailErrorHandler(ctx: AppContext) {
  return (error: FastifyError | HttpError | Error, _request: unknown, reply: import('fastify').FastifyReply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ detail: error.message });
    const fe = error as FastifyError;
    if (fe.validation) return reply.code(400).send({ detail: fe.message });
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(400).send({ detail: 'Request body too large' });
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(400).send({ detail: 'Content-Type must be application/json' });
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      const detail = fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.name === 'SyntaxError' ? 'Request body is not valid JSON' : fe.message;
      return reply.code(fe.statusCode === 413 ? 400 : fe.statusCode).send({ detail });
    }
    ctx.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ detail: 'Internal server error' });
  };
}

export const hubPlugin: FastifyPluginAsync<{ ctx: AppContext; hub: HubService }> = async (app, { ctx, hub }) => {
  app.setErrorHandler(detailErrorHandler(ctx));
  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES, handleProtocols: (protocols) => chooseProtocol(protocols) },
  });
  await healthRoutes(app, ctx, hub);
  await keyRoutes(app, ctx);
  await eventRoutes(app, ctx, hub);
  await serverRoutes(app, ctx, hub);
  await consoleRoutes(app, ctx, hub);
  await powerRoutes(app, ctx, hub);
  await auditRoutes(app, ctx);
  await wsRoutes(app, ctx, hub);
};
