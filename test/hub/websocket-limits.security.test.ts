import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createOwner } from '../blacklist/helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
const open: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ WS_MAX_PER_KEY: '3' });
});
afterAll(async () => {
  for (const socket of open) socket.close();
  await server.close();
});

const connect = async (key: string): Promise<TestSocket | string> => {
  try {
    const socket = await TestSocket.open(`${server.wsUrl}?api_key=${key}`);
    open.push(socket);
    return socket;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('WS_MAX_PER_KEY', () => {
  it('defaults to 50', () => {
    expect(loadConfig({}).wsMaxPerKey).toBe(50);
  });

  it('refuses the connection beyond the limit at the upgrade with HTTP 429, for that key only', async () => {
    const owner = await createOwner(server, 'sockets');
    for (let i = 0; i < 3; i++) expect(await connect(owner.regularKey)).toBeInstanceOf(TestSocket);
    expect(await connect(owner.regularKey)).toBe('HTTP 429');
    expect(await connect(owner.serverKey)).toBeInstanceOf(TestSocket);
    expect(await connect(server.adminKey)).toBeInstanceOf(TestSocket);
  });

  it('gives the slot back when a socket closes', async () => {
    const owner = await createOwner(server, 'reuse');
    const sockets = [];
    for (let i = 0; i < 3; i++) sockets.push((await connect(owner.regularKey)) as TestSocket);
    expect(await connect(owner.regularKey)).toBe('HTTP 429');
    sockets[0]!.close();
    await sockets[0]!.waitClosed();
    let again = await connect(owner.regularKey);
    // The server drops the socket from its registry when it sees the close; until then it still counts.
    while (again === 'HTTP 429') again = await connect(owner.regularKey);
    expect(again).toBeInstanceOf(TestSocket);
  });

  it('holds under parallel upgrades: exactly the limit gets through', async () => {
    const owner = await createOwner(server, 'burst');
    const results = await Promise.all(Array.from({ length: 12 }, () => connect(owner.regularKey)));
    expect(results.filter((r) => r instanceof TestSocket)).toHaveLength(3);
    expect(results.filter((r) => r === 'HTTP 429')).toHaveLength(9);
  });
});
