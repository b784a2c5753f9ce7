import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { bearerToken, TOO_MANY_FAILURES } from '../core/auth.js';
import type { AppContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { Detail } from '../hub/wire.js';
import { MetricsHeaders, MetricsText } from './wire.js';

const digest = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * `GET /metrics`: this node's metrics in Prometheus's text format, for an admin key or
 * METRICS_TOKEN as Bearer. Failures count against the address like any key's, and are
 * labelled `metrics` in `interconnect_auth_failures_total`.
 */
export async function metricsRoute(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const auth = ctx.auth.forModule('metrics');
  const { registry } = ctx.metrics;
  // Digests have one length, so the comparison takes the same time whatever was sent.
  const tokenDigest = ctx.config.metricsToken === undefined ? undefined : digest(ctx.config.metricsToken);

  async function authorize(request: FastifyRequest): Promise<void> {
    const raw = bearerToken(request.headers.authorization);
    if (tokenDigest && raw !== undefined && timingSafeEqual(digest(raw), tokenDigest)) {
      // An operator's token may be guessable: an address that used up its failures cannot confirm a guess.
      if (await auth.limited(request.ip)) throw new AppError('rate_limited', TOO_MANY_FAILURES);
      return;
    }
    await auth.require(request, ['admin'], 'Admin Key required');
  }

  app.get('/metrics', {
    schema: {
      tags: ['service'],
      summary: "This node's metrics in Prometheus text format (admin key or METRICS_TOKEN)",
      security: [{ bearerKey: [] }, { metricsToken: [] }],
      headers: MetricsHeaders,
      response: {
        200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: MetricsText } } },
        401: Detail,
        403: Detail,
        429: Detail,
      },
    },
    onRequest: authorize,
  }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
}
