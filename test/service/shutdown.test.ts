import net from 'node:net';
import { expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';

it('shuts down although a client opened a connection and never sent a request (a browser preconnect)', async () => {
  const server = await startTestServer();
  const { hostname, port } = new URL(server.url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closedByServer = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // Without the grace-period cut this waits for the 60 s headers timeout and the test times out.
  await server.close();
  await closedByServer;
  expect(socket.destroyed).toBe(true);
}, 30_000);
