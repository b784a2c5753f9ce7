import type { FastifyInstance } from 'fastify';
import { pathOf } from '../core/logger.js';

/**
 * At `debug`, one line per answered request. The path is logged without its query string, so a
 * key sent as `?api_key=` or `?key=` never reaches the log; `route` is the matched pattern.
 * Not registered at all above debug, so the request path pays nothing.
 */
export function logRequests(app: FastifyInstance): void {
  if (app.log.level !== 'debug' && app.log.level !== 'trace') return;
  app.addHook('onResponse', (request, reply, done) => {
    request.log.debug(
      {
        method: request.method,
        url: pathOf(request.url),
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
