import { describe, expect, it } from 'vitest';
import { api, startTestServer } from '../helpers/server.js';

describe('GET /health', () => {
  it('answers 503 unhealthy naming the database when it does not answer, so a load balancer drains the node', async () => {
    const server = await startTestServer();
    try {
      server.ctx.ping = async () => false;
      const res = await api(server.url, 'GET', '/health');
      expect(res).toMatchObject({ status: 503, body: { status: 'unhealthy', error: 'Database connection failed' } });
    } finally {
      await server.close();
    }
  });

  it('answers unknown routes with 404 {detail}', async () => {
    const server = await startTestServer();
    try {
      const res = await api(server.url, 'GET', '/no/such/route');
      expect(res.status).toBe(404);
      expect(res.body.detail).toMatch(/Not Found/);
    } finally {
      await server.close();
    }
  });
});
