import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubService } from '../service.js';
import { Health, RootInfo, Unhealthy } from '../wire.js';

export async function healthRoutes(instance: FastifyInstance, hub: HubService): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/health', {
    schema: { tags: ['service'], summary: 'Health and key counts (no key needed)', security: [], response: { 200: Health, 500: Unhealthy } },
  }, async (_request, reply) => {
    const report = await hub.health();
    if (report) return report;
    return reply.code(500).send({ status: 'unhealthy', error: 'Database connection failed' });
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
