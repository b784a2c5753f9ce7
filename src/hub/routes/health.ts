import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import type { HubService } from '../service.js';

export async function healthRoutes(app: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  app.get('/health', async (_request, reply) => {
    try {
      if (!(await ctx.ping())) throw new Error('ping failed');
      const counts = await ctx.keys.countActiveByType();
      return {
        status: 'healthy',
        timestamp: ctx.clock.now().toISOString(),
        active_ws: hub.activeConnections(),
        keys_total: counts.total,
        admin_active: counts.admin,
        server_active: counts.server,
        regular_active: counts.regular,
      };
    } catch (err) {
      ctx.log.error({ err }, 'health check failed');
      return reply.code(500).send({ status: 'unhealthy', error: 'Database connection failed' });
    }
  });

  app.get('/', async (request) => {
    const secure = request.protocol === 'https';
    return {
      message: 'Minecraft WebSocket API Server (Node.js)',
      dashboard: '/dashboard',
      websocket: `${secure ? 'wss' : 'ws'}://${request.host}/ws`,
      version: '1.0.0',
    };
  });
}
