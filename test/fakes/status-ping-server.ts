import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';

export interface RunningListener {
  readonly port: number;
  stop(): Promise<void>;
}

export interface JavaStatus {
  version: string;
  protocol: number;
  online: number;
  max: number;
  /** Names alone get the offline-mode UUID a server without authentication would use. */
  sample: Array<string | { name: string; id: string }>;
  /** Plain text; `§` codes are sent as they are, as a server.properties motd is. */
  motd: string;
}

/** Java's `UUID.nameUUIDFromBytes("OfflinePlayer:" + name)`: MD5, version 3, IETF variant. */
export function offlineUuid(name: string): string {
  const hash = createHash('md5').update(`OfflinePlayer:${name}`, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x30;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface BedrockStatus {
  motd: string;
  protocol: number;
  version: string;
  online: number;
  max: number;
  level: string;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return Buffer.from(bytes);
}

/** Reads a varint at `offset`; null when the buffer ends first. */
function readVarint(buffer: Buffer, offset: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (offset + i >= buffer.length) return null;
    const byte = buffer[offset + i]!;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  throw new Error('varint too long');
}

function frame(id: number, body: Buffer): Buffer {
  const inner = Buffer.concat([varint(id), body]);
  return Buffer.concat([varint(inner.length), inner]);
}

/**
 * Java's Server List Ping: handshake (next state 1), status request → JSON, ping → pong echoing
 * its 8 bytes, then the server closes. A handshake for login (next state 2) is closed at once.
 */
export async function startSlpResponder(options: { port?: number; status(): JavaStatus }): Promise<RunningListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let state = 0;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const length = readVarint(buffer, 0);
        if (!length || buffer.length < length.next + length.value) return;
        const body = buffer.subarray(length.next, length.next + length.value);
        buffer = buffer.subarray(length.next + length.value);
        const id = readVarint(body, 0);
        if (!id) return void socket.destroy();
        if (state === 0 && id.value === 0x00) {
          // protocol version, server address (varint-prefixed string), port (u16), next state.
          const protocol = readVarint(body, id.next);
          const hostLength = protocol && readVarint(body, protocol.next);
          const next = hostLength && readVarint(body, hostLength.next + hostLength.value + 2);
          if (!next || next.next !== body.length || next.value !== 1) return void socket.destroy();
          state = 1;
        } else if (state === 1 && id.value === 0x00) {
          const status = options.status();
          const json = JSON.stringify({
            version: { name: status.version, protocol: status.protocol },
            players: {
              max: status.max,
              online: status.online,
              sample: status.sample.map((player) => (typeof player === 'string' ? { name: player, id: offlineUuid(player) } : player)),
            },
            description: { text: status.motd },
          });
          const text = Buffer.from(json, 'utf8');
          socket.write(frame(0x00, Buffer.concat([varint(text.length), text])));
        } else if (state === 1 && id.value === 0x01) {
          socket.write(frame(0x01, body.subarray(id.next)));
          socket.end();
        } else return void socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const RAKNET_MAGIC = Buffer.from('00ffff00fefefefefdfdfdfd12345678', 'hex');

/** Bedrock's RakNet unconnected ping (0x01) → unconnected pong (0x1c) with the `MCPE;…` string. */
export async function startRaknetPong(options: { port?: number; status(): BedrockStatus }): Promise<RunningListener> {
  const socket = createSocket('udp4');
  const guid = Buffer.from('0123456789abcdef', 'hex');
  socket.on('message', (message, peer) => {
    // 0x01 unconnected ping, 0x02 the same "open connections" variant; anything else is not ours.
    if (message.length < 33 || (message[0] !== 0x01 && message[0] !== 0x02) || !message.subarray(9, 25).equals(RAKNET_MAGIC)) return;
    const status = options.status();
    const port = (socket.address()).port;
    const text = Buffer.from(
      `MCPE;${status.motd};${status.protocol};${status.version};${status.online};${status.max};${BigInt('0x' + guid.toString('hex'))};${status.level};Survival;1;${port};${port + 1};`,
      'utf8',
    );
    const length = Buffer.alloc(2);
    length.writeUInt16BE(text.length);
    socket.send(Buffer.concat([Buffer.from([0x1c]), message.subarray(1, 9), guid, RAKNET_MAGIC, length, text]), peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return { port: socket.address().port, stop: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
