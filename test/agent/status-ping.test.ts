import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHostPort, pingBedrock, pingJava } from '../../src/agent/status-ping.js';
import { offlineUuid, startRaknetPong, startSlpResponder } from '../fakes/status-ping-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('Java Server List Ping', () => {
  it('reads players, version, sample and a motd without § codes', async () => {
    let online = 2;
    const slp = await startSlpResponder({
      status: () => ({
        version: 'Paper 1.21.4',
        protocol: 769,
        online,
        max: 20,
        sample: ['Steve', { name: 'Alex', id: offlineUuid('Alex') }],
        motd: '§aA §lMinecraft§r Server',
      }),
    });
    cleanups.push(slp.stop);
    expect(await pingJava('127.0.0.1', slp.port, 2000)).toEqual({
      online: 2,
      max: 20,
      version: 'Paper 1.21.4',
      motd: 'A Minecraft Server',
      sample: ['Steve', 'Alex'],
    });
    online = 3;
    expect((await pingJava('127.0.0.1', slp.port, 2000)).online).toBe(3);
  });

  it('gives offline players the UUID Java derives from their name', () => {
    // UUID.nameUUIDFromBytes("OfflinePlayer:Notch".getBytes(UTF_8))
    expect(offlineUuid('Notch')).toBe('b50ad385-829d-3141-a216-7e7d7539ba7f');
  });

  it('rejects on a port that accepts and never answers', async () => {
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => {
      accepted.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await expect(pingJava('127.0.0.1', port, 200)).rejects.toThrow();
  });
});

describe('Bedrock RakNet ping', () => {
  it('reads the MCPE pong: motd (without the level name), version, players', async () => {
    const pong = await startRaknetPong({
      status: () => ({ motd: '§bDedicated Server', protocol: 748, version: '1.21.44', online: 1, max: 10, level: 'Bedrock level' }),
    });
    cleanups.push(pong.stop);
    expect(await pingBedrock('127.0.0.1', pong.port, 2000)).toEqual({
      online: 1,
      max: 10,
      version: '1.21.44',
      motd: 'Dedicated Server',
      sample: [],
    });
  });

  it('rejects on a UDP port that never answers', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    await expect(pingBedrock('127.0.0.1', silent.address().port, 200)).rejects.toThrow();
  });
});

describe('parseHostPort', () => {
  it.each([
    ['mc.example.com:25575', { host: 'mc.example.com', port: 25575 }],
    ['mc.example.com', { host: 'mc.example.com', port: 25565 }],
    ['  127.0.0.1:19132 ', { host: '127.0.0.1', port: 19132 }],
    ['localhost', { host: 'localhost', port: 25565 }],
    ['mc_server:25575', { host: 'mc_server', port: 25575 }],
    ['[::1]:25565', { host: '::1', port: 25565 }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: 25565 }],
    ['::1', { host: '::1', port: 25565 }],
  ])('%s', (value, expected) => {
    expect(parseHostPort(value, 25565)).toEqual(expected);
  });

  it.each([
    ['', /not an address/],
    ['host:', /port/],
    ['host:0', /port/],
    ['host:65536', /port/],
    ['host:25a', /port/],
    ['host:-1', /port/],
    ['tcp://host:25565', /not an address/],
    ['user@host', /not an address/],
    ['host name', /not an address/],
    ['host/path', /not an address/],
    ['a..b', /not an address/],
    ['-host', /not an address/],
    ['[nope]:25565', /IPv6/],
    ['[::1', /not an address/],
    ['1:2:3', /not an address/],
  ])('refuses %j', (value, message) => {
    expect(() => parseHostPort(value, 25565)).toThrow(message);
  });
});
