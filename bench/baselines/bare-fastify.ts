// The baselines: a bare Fastify route that returns a constant, and one that parses a JSON body and drops it.
import Fastify from 'fastify';

const app = Fastify();
app.get('/constant', async () => ({ server_id: 'server-1', status: 'running' }));
// Fastify's own JSON parser reads the body; nothing validates or stores it.
app.post('/api/events', async (request) => {
  if (typeof request.body !== 'object' || request.body === null) throw new Error('no JSON body');
  return { message: 'Event received and broadcasted' };
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
