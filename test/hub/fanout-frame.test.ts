import type { AddressInfo } from 'node:net';
import * as ws from 'ws';
import WebSocket, { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameWriter, prepareTextFrame } from '../../src/hub/prepared-frame.js';

/** A ws server on loopback and `count` real clients that record every message with its type. */
async function pair(count: number, options: { perMessageDeflate?: boolean } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: options.perMessageDeflate ?? false });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accepted: WebSocket[] = [];
  const allAccepted = new Promise<void>((resolve) =>
    server.on('connection', (socket) => {
      accepted.push(socket);
      if (accepted.length === count) resolve();
    }),
  );
  const clients = await Promise.all(
    Array.from({ length: count }, () => {
      const client = new WebSocket(url, { perMessageDeflate: options.perMessageDeflate ?? false });
      const received: Array<{ text: string; binary: boolean }> = [];
      client.on('message', (data, isBinary) => received.push({ text: data.toString(), binary: isBinary }));
      return new Promise<{ client: WebSocket; received: typeof received }>((resolve, reject) => {
        client.once('open', () => resolve({ client, received }));
        client.once('error', reject);
      });
    }),
  );
  await allAccepted;
  cleanups.push(async () => {
    for (const { client } of clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
  return { accepted, clients };
}

/** Resolves once every client has `n` messages; a client left short fails the test by its timeout. */
function receivedAll(clients: Array<{ client: WebSocket; received: unknown[] }>, n: number) {
  return Promise.all(
    clients.map(
      ({ client, received }) =>
        new Promise<void>((resolve) => {
          if (received.length >= n) return resolve();
          const check = () => {
            if (received.length < n) return;
            client.off('message', check);
            resolve();
          };
          client.on('message', check);
        }),
    ),
  );
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// Each length encoding of RFC 6455 §5.2 at its edges, and multi-byte UTF-8 across them.
const payloads = [
  '',
  'a',
  'x'.repeat(125),
  'x'.repeat(126),
  'é'.repeat(63),
  '世界'.repeat(21),
  'x'.repeat(65_535),
  'x'.repeat(65_536),
  '🙂'.repeat(20_000),
  JSON.stringify({ type: 'minecraft_event', id: 7, event: { data: { message: '你好，世界 ✓' } } }),
];

describe('prepared text frames', () => {
  it('arrive intact, as text, on every socket they are written to', async () => {
    const { accepted, clients } = await pair(20);
    // Written straight through the sender, not re-framed by send(): the point of framing once.
    const sends = accepted.map((socket) => vi.spyOn(socket, 'send'));
    const writer = new FrameWriter();
    // All in one tick: the first frame goes out at once, the rest when each socket is uncorked.
    for (const payload of payloads) {
      const frame = prepareTextFrame(payload);
      for (const socket of accepted) writer.write(socket, frame);
    }
    await receivedAll(clients, payloads.length);
    for (const send of sends) expect(send).not.toHaveBeenCalled();
    for (const { received } of clients) {
      expect(received.map((m) => m.binary)).toEqual(payloads.map(() => false));
      expect(received.map((m) => m.text)).toEqual(payloads);
    }
  });

  it('keep their order among plain sends in the same tick, and flush again on later ticks', async () => {
    const { accepted, clients } = await pair(5);
    const writer = new FrameWriter();
    for (const socket of accepted) {
      writer.write(socket, prepareTextFrame('one'));
      socket.send('reply');
      writer.write(socket, prepareTextFrame('two'));
    }
    await new Promise((resolve) => setImmediate(resolve));
    for (const socket of accepted) writer.write(socket, prepareTextFrame('three'));
    await new Promise((resolve) => setImmediate(resolve));
    for (const socket of accepted) writer.write(socket, prepareTextFrame('four'));
    await receivedAll(clients, 5);
    for (const { received } of clients) expect(received.map((m) => m.text)).toEqual(['one', 'reply', 'two', 'three', 'four']);
  });

  it('carry the same bytes as ws\'s own framing', () => {
    const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] } };
    for (const payload of payloads) {
      const theirs = Buffer.concat(Sender.frame(Buffer.from(payload), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
      expect(prepareTextFrame(payload).bytes.equals(theirs)).toBe(true);
    }
  });

  it('fall back to a per-socket send under permessage-deflate, in order behind a message still being compressed', async () => {
    const { accepted, clients } = await pair(3, { perMessageDeflate: true });
    expect(accepted[0]!.extensions).toContain('permessage-deflate');
    const big = 'compressible '.repeat(10_000);
    const sends = accepted.map((socket) => vi.spyOn(socket, 'send'));
    for (const socket of accepted) {
      // Compression is asynchronous: the sender is busy when the prepared frame is written.
      socket.send(big);
      new FrameWriter().write(socket, prepareTextFrame('after'));
    }
    await receivedAll(clients, 2);
    for (const send of sends) expect(send).toHaveBeenCalledTimes(2);
    for (const { received } of clients) expect(received.map((m) => m.text)).toEqual([big, 'after']);
  });
});
