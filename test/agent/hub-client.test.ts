import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAgentLog } from '../../src/agent/agent-log.js';
import { HubClient, type ProtocolMessage } from '../../src/agent/hub-client.js';

const servers: WebSocketServer[] = [];
const clients: HubClient[] = [];

/** A hub stand-in that records what each connection sent, and its Authorization header. */
async function fakeHub(options: { autoPong?: boolean; welcome?: string } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: options.autoPong ?? true });
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const connections: Array<{ socket: WebSocket; auth: string | undefined; received: ProtocolMessage[] }> = [];
  server.on('connection', (socket, request) => {
    const entry = { socket, auth: request.headers.authorization, received: [] as ProtocolMessage[] };
    connections.push(entry);
    socket.on('message', (data) => entry.received.push(JSON.parse(data.toString()) as ProtocolMessage));
    if (options.welcome) socket.send(JSON.stringify({ type: 'welcome', server_id: options.welcome }));
  });
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, connections, server };
}

function client(hub: string, extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {}) {
  const made = new HubClient({ hub, key: 'mc_server_x', log: createAgentLog('silent'), minBackoffMs: 50, ...extra });
  clients.push(made);
  return made;
}

async function until(ok: () => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    if (ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

describe('hub client', () => {
  it('authenticates with a Bearer header and sends queued events after the welcome, in order', async () => {
    const hub = await fakeHub({ welcome: 'lobby' });
    const named: string[] = [];
    const hubClient = client(hub.url, { prepare: (m) => (named.push(String(m.type)), m) });
    hubClient.send({ type: 'minecraft_event', n: 1 }, { queue: true });
    hubClient.send({ type: 'minecraft_event', n: 2 }, { queue: true });
    hubClient.send({ type: 'server_status' }, { queue: false });
    hubClient.connect();
    await until(() => hub.connections[0]?.received.length === 2, 'the queued events');
    expect(hub.connections[0]!.auth).toBe('Bearer mc_server_x');
    expect(hub.connections[0]!.received.map((m) => m.n)).toEqual([1, 2]);
    expect(named).toEqual(['minecraft_event', 'minecraft_event']);
  });

  it('drops a link whose pings go unanswered and reconnects', async () => {
    const hub = await fakeHub({ autoPong: false });
    client(hub.url, { pingIntervalMs: 50 }).connect();
    await until(() => hub.connections.length >= 2, 'a second connection');
  });

  it('reconnects after the hub closes the socket, and reports on every open', async () => {
    const hub = await fakeHub();
    const hubClient = client(hub.url);
    let opens = 0;
    hubClient.onOpen(() => (opens += 1));
    hubClient.connect();
    await until(() => hub.connections.length === 1, 'the first connection');
    hub.connections[0]!.socket.close(1001, 'restart');
    await until(() => hub.connections.length === 2 && opens === 2, 'the second connection');
  });

  it('stops for good on close code 4001', async () => {
    const hub = await fakeHub();
    const hubClient = client(hub.url);
    let fatal = '';
    hubClient.onFatal((err) => (fatal = err.message));
    hubClient.connect();
    await until(() => hub.connections.length === 1, 'the connection');
    hub.connections[0]!.socket.close(4001, 'API key revoked');
    await until(() => fatal !== '', 'the fatal report');
    expect(fatal).toMatch(/revoked this server key \(API key revoked\)/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hub.connections).toHaveLength(1);
  });
});
