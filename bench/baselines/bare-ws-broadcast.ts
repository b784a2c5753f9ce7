// The baseline: a bare ws server; each HTTP POST body is sent to every client in a plain loop.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const clients = new Set<WebSocket>();
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const payload = JSON.stringify({ type: 'minecraft_event', event: JSON.parse(body) });
    for (const client of clients) client.send(payload);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"ok"}');
  });
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
