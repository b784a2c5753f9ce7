// The baseline: a bare Fastify route that returns a constant, nothing else.
import Fastify from 'fastify';

const app = Fastify();
app.get('/constant', async () => ({ server_id: 'server-1', status: 'running' }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
