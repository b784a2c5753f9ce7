import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubService } from '../service.js';
import { Health, RootInfo, Unhealthy } from '../wire.js';

export async function healthRoutes(instance: FastifyInstance, hub: HubService): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/health', {
    schema: {
      tags: ['service'],
      summary: 'Health and key counts (no key needed)',
      description: 'Answers 503 naming the failed dependency (the database or Redis) so a load balancer drains the node, and 200 again once it is back.',
      security: [],
      response: { 200: Health, 503: Unhealthy },
    },
  }, async (_request, reply) => {
    const report = await hub.health();
    if ('problem' in report) return reply.code(503).send({ status: 'unhealthy', error: report.problem });
    return report;
  });

  app.get('/', {
    schema: { tags: ['service'], summary: 'Where the dashboard and the WebSocket are', security: [], response: { 200: RootInfo } },
  }, async (request) => {
    const secure = request.protocol === 'https';
    return {
      message: 'Minecraft WebSocket API Server (Node.js)',
      dashboard: '/dashboard',
      websocket: `${secure ? 'wss' : 'ws'}://${request.host}/ws`,
      version: '1.0.0',
    };
  });
}
