import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../core/metrics.js';

/** The route label of a request no route matched (unknown paths, malformed URLs): one label, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Counts every answered request by route pattern, method and status, and times it. */
export function countRequests(app: FastifyInstance, metrics: Pick<Metrics, 'httpRequests' | 'httpDuration'>): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const method = request.method;
    metrics.httpRequests.inc({ route, method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method }, reply.elapsedTime / 1000);
    done();
  });
}
