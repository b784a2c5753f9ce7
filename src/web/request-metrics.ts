import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../core/metrics.js';

/** The route label of a request no route matched (unknown paths, malformed URLs): one label, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

type RequestMetrics = Pick<Metrics, 'httpRequests' | 'httpDuration'>;

/** Counts one answered request by route pattern, method and status, and times it. */
export function countRequest(metrics: RequestMetrics, request: FastifyRequest, reply: FastifyReply): void {
  const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
  const method = request.method;
  metrics.httpRequests.inc({ route, method, status: String(reply.statusCode) });
  metrics.httpDuration.observe({ route, method }, reply.elapsedTime / 1000);
}

/**
 * Counts every request a route or the not-found handler answers. Fastify runs no hooks for a URL
 * it cannot route at all (frameworkErrors); that answer calls `countRequest` itself. An accepted
 * WebSocket upgrade is no HTTP answer: `interconnect_ws_connections` counts it.
 */
export function countRequests(app: FastifyInstance, metrics: RequestMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    countRequest(metrics, request, reply);
    done();
  });
}
