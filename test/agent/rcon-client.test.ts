import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RconClient, RconError } from '../../src/agent/rcon-client.js';
import { FakeRconServer, rconPacket, vanillaReply } from '../fakes/rcon-server.js';

const started: FakeRconServer[] = [];
const clients: RconClient[] = [];

async function fake(execute: (command: string) => string | Promise<string> = (command) => `ran ${command}`, port?: number) {
  const server = await FakeRconServer.start({ password: 'pw', execute, ...(port ? { port } : {}) });
  started.push(server);
  return server;
}

function client(port: number, password = 'pw', timeoutMs = 2000) {
  const made = new RconClient({ host: '127.0.0.1', port, password, timeoutMs });
  clients.push(made);
  return made;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of started.splice(0)) await s.stop().catch(() => undefined);
});

describe('RCON client against vanilla behaviour', () => {
  it('authenticates and returns a short reply', async () => {
    const server = await fake();
    expect(await client(server.port).command('list')).toBe('ran list');
    expect(server.dropped).toBe(0);
  });

  it('reassembles a reply of several 4096-character fragments with non-ASCII text exactly', async () => {
    const text = 'Ünïcødé ✓ 玩家 '.repeat(700).slice(0, 9_500);
    const server = await fake(() => text);
    expect(await client(server.port).command('data get')).toBe(text);
  });

  it('reassembles astral characters when no split falls inside a pair', async () => {
    // 4096 is even, so pairs starting at even offsets are never cut.
    const text = '😀'.repeat(5_000);
    const server = await fake(() => text);
    expect(await client(server.port).command('data get')).toBe(text);
  });

  it('returns what vanilla sends when the split cuts a surrogate pair: each half as "?"', async () => {
    const text = 'a' + '😀'.repeat(5_000);
    const expected = vanillaReply(text);
    expect(expected.slice(4_095, 4_097)).toBe('??');
    const server = await fake(() => text);
    expect(await client(server.port).command('data get')).toBe(expected);
  });

  it('returns an empty reply', async () => {
    const server = await fake(() => '');
    expect(await client(server.port).command('say hi')).toBe('');
  });

  it('never pipelines: concurrent commands all succeed on a server that drops two packets in one read', async () => {
    const server = await fake(async (command) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `ok ${command}`;
    });
    const rcon = client(server.port);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => rcon.command(`say ${i}`)));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `ok say ${i}`));
    expect(server.dropped).toBe(0);
    expect(server.connections).toBe(1);
  });

  it('refuses a wrong password clearly', async () => {
    const server = await fake();
    await expect(client(server.port, 'nope').command('list')).rejects.toMatchObject({ reason: 'auth' });
  });

  it('reconnects after the server restarts', async () => {
    const first = await fake(() => 'first');
    const rcon = client(first.port);
    expect(await rcon.command('list')).toBe('first');
    const port = first.port;
    await first.stop();
    started.splice(started.indexOf(first), 1);
    await expect(rcon.command('list')).rejects.toBeInstanceOf(RconError);
    await fake(() => 'second', port);
    expect(await rcon.command('list')).toBe('second');
  });

  it('sends a command again on a fresh connection when the idle one turns out closed', async () => {
    const server = await fake();
    const rcon = client(server.port);
    expect(await rcon.command('list')).toBe('ran list');
    server.disconnectAll();
    expect(await rcon.command('seed')).toBe('ran seed');
    expect(server.received).toEqual(['list', 'seed']);
    expect(server.connections).toBe(2);
  });

  it('fails a running command with "closed" when the client is closed', async () => {
    const server = await fake(() => new Promise<string>(() => undefined));
    const rcon = client(server.port, 'pw', 60_000);
    const running = rcon.command('list');
    while (server.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await rcon.close();
    await expect(running).rejects.toMatchObject({ reason: 'closed' });
  });

  it('times out on a server that never answers, then works again', async () => {
    let hang = true;
    const server = await fake(() => (hang ? new Promise<string>(() => undefined) : 'back'));
    const rcon = client(server.port, 'pw', 300);
    await expect(rcon.command('list')).rejects.toMatchObject({ reason: 'timeout' });
    hang = false;
    expect(await rcon.command('list')).toBe('back');
  });

  it('refuses multi-line and over-long commands before sending them', async () => {
    const server = await fake();
    const rcon = client(server.port);
    await expect(rcon.command('say hi\nstop')).rejects.toMatchObject({ reason: 'invalid' });
    await expect(rcon.command('say hi\r')).rejects.toMatchObject({ reason: 'invalid' });
    await expect(rcon.command('say \0')).rejects.toMatchObject({ reason: 'invalid' });
    await expect(rcon.command(`say ${'x'.repeat(1500)}`)).rejects.toMatchObject({ reason: 'too_long' });
    // The limit is in bytes: 724 two-byte characters are 1448 bytes.
    await expect(rcon.command('é'.repeat(724))).rejects.toMatchObject({ reason: 'too_long' });
    expect(server.received).toEqual([]);
    // 1446 bytes of command make a packet of exactly 1460, which vanilla still reads whole.
    const longest = `say ${'x'.repeat(1442)}`;
    expect(await rcon.command(longest)).toBe(`ran ${longest}`);
    expect(server.dropped).toBe(0);
  });

  it('reads packets split across TCP chunks and several in one chunk', async () => {
    // A hand-rolled server: the first fragment trickles out a few bytes per write (cutting the
    // header and a two-byte character), the next two fragments go out in one write.
    const reply = rconPacket;
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      socket.on('data', async (data) => {
        const id = data.readInt32LE(4);
        const type = data.readInt32LE(8);
        if (type === 3) socket.write(reply(id, 2, ''));
        else if (type === 2) {
          const first = reply(id, 0, 'split é reply, ');
          // The last piece goes out with the rest, as vanilla writes the whole reply before reading on.
          for (let at = 0; at + 3 < first.length; at += 3) {
            socket.write(first.subarray(at, at + 3));
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          const tail = first.subarray(Math.floor((first.length - 1) / 3) * 3);
          socket.write(Buffer.concat([tail, reply(id, 0, 'second, '), reply(id, 0, 'third')]));
        } else socket.write(reply(id, 0, `Unknown request ${type}`));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const rcon = client(typeof address === 'object' && address ? address.port : 0);
    expect(await rcon.command('list')).toBe('split é reply, second, third');
    await rcon.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('the fake is as strict as vanilla', () => {
  const raw = rconPacket;

  it('drops a connection whose read holds two packets, so a pipelining client would fail', async () => {
    const server = await fake();
    const socket = connect({ host: '127.0.0.1', port: server.port });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(Buffer.concat([raw(1, 3, 'pw'), raw(2, 2, 'list')]));
    await closed;
    expect(server.dropped).toBe(1);
    expect(server.received).toEqual([]);
  });

  it('answers an unknown packet type "Unknown request <hex>" with its id, and refuses an empty password', async () => {
    const server = await fake();
    const socket = connect({ host: '127.0.0.1', port: server.port });
    const replies: Buffer[] = [];
    let pending = Buffer.alloc(0);
    let wake: () => void = () => undefined;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32LE(0)) {
        replies.push(pending.subarray(0, 4 + pending.readInt32LE(0)));
        pending = pending.subarray(4 + pending.readInt32LE(0));
      }
      wake();
    });
    const next = async (): Promise<{ id: number; type: number; body: string }> => {
      while (replies.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const packet = replies.shift()!;
      return { id: packet.readInt32LE(4), type: packet.readInt32LE(8), body: packet.subarray(12, packet.length - 2).toString('utf8') };
    };
    socket.write(raw(7, 3, ''));
    expect(await next()).toEqual({ id: -1, type: 2, body: '' });
    socket.write(raw(8, 3, 'pw'));
    expect(await next()).toEqual({ id: 8, type: 2, body: '' });
    socket.write(raw(9, 0, ''));
    expect(await next()).toEqual({ id: 9, type: 0, body: 'Unknown request 0' });
    socket.write(raw(10, 42, ''));
    expect(await next()).toEqual({ id: 10, type: 0, body: 'Unknown request 2a' });
    socket.destroy();
    expect(server.dropped).toBe(0);
  });
});
