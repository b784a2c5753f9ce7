import { describe, expect, it } from 'vitest';
import { api, startTestServer } from '../helpers/server.js';

describe('GET /health', () => {
  it('answers 500 unhealthy when the database does not answer', async () => {
    const server = await startTestServer();
    try {
      server.ctx.ping = async () => false;
      const res = await api(server.url, 'GET', '/health');
      expect(res).toMatchObject({ status: 500, body: { status: 'unhealthy', error: 'Database connection failed' } });
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
