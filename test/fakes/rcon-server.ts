import { createServer, type Server, type Socket } from 'node:net';

export interface FakeRconOptions {
  password: string;
  port?: number;
  host?: string;
  execute(command: string): string | Promise<string>;
}

/** What vanilla's RconClient reads at once (its buffer); it drops a connection whose read is not one whole packet. */
const READ_BYTES = 1460;
/** Vanilla splits a reply every 4096 UTF-16 code units. */
const FRAGMENT_CHARS = 4096;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Java's `String.getBytes(UTF_8)`: a lone surrogate (half of a pair cut by the 4096-character
 * split) becomes `?`, where Node would write U+FFFD.
 */
export function javaUtf8(text: string): Buffer {
  return Buffer.from(text.replace(LONE_SURROGATE, '?'), 'utf8');
}

/** What a client reassembling vanilla's fragments gets for `output`: each 4096-unit slice encoded on its own. */
export function vanillaReply(output: string): string {
  return splitLikeVanilla(output).map((fragment) => javaUtf8(fragment).toString('utf8')).join('');
}

/** Vanilla's `sendCmdResponse`: slices of 4096 UTF-16 code units, and one (empty) packet for an empty reply. */
export function splitLikeVanilla(output: string): string[] {
  const fragments: string[] = [];
  for (let at = 0; at === 0 || at < output.length; at += FRAGMENT_CHARS) fragments.push(output.slice(at, at + FRAGMENT_CHARS));
  return fragments;
}

/** One RCON packet, its text encoded as Java encodes it; also what tests use to speak raw RCON. */
export function rconPacket(id: number, type: number, body: string): Buffer {
  const payload = javaUtf8(body);
  const out = Buffer.alloc(14 + payload.length);
  out.writeInt32LE(10 + payload.length, 0);
  out.writeInt32LE(id, 4);
  out.writeInt32LE(type, 8);
  payload.copy(out, 12);
  return out;
}

/**
 * A Java server's RCON listener with vanilla's traps (research/agent.md): reads of at most
 * 1460 bytes, each of which must hold exactly one packet, replies split at 4096 characters, and
 * `Unknown request <hex>` for any packet type but auth (3) and command (2). Text goes out as Java
 * encodes it, so a surrogate pair cut by the split arrives as `??` (see `vanillaReply`); a command
 * that throws answers `Error executing: …` as vanilla does.
 */
export class FakeRconServer {
  /** Commands run, in order (authentication and end markers are not commands). */
  readonly received: string[] = [];
  /** Connections accepted so far. */
  connections = 0;
  /** Connections it closed because a read held two packets or a partial one. */
  dropped = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(options: FakeRconOptions): Promise<FakeRconServer> {
    let fake: FakeRconServer | undefined;
    const server = createServer((socket) => fake?.serve(socket, options));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    fake = new FakeRconServer(server, typeof address === 'object' && address ? address.port : 0);
    return fake;
  }

  /** Drops every client connection and keeps listening, as when a connection is lost without a restart. */
  disconnectAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket, options: FakeRconOptions) {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const session = { authenticated: false };
    let busy = false;
    let waiting: Buffer[] = [];
    // Vanilla's client thread blocks while a command runs; what arrives meanwhile sits in the
    // kernel and comes back as ONE read, so a pipelined packet shares a read and drops the connection.
    const onRead = async (read: Buffer): Promise<void> => {
      busy = true;
      try {
        await this.handle(socket, read, options, session);
      } finally {
        busy = false;
      }
      if (waiting.length > 0 && !socket.destroyed) {
        const next = Buffer.concat(waiting);
        waiting = [];
        await onRead(next);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (busy) waiting.push(chunk);
      else void onRead(chunk);
    });
  }

  private async handle(
    socket: Socket,
    read: Buffer,
    options: FakeRconOptions,
    session: { authenticated: boolean },
  ): Promise<void> {
    // Vanilla reads into a 1460-byte buffer; a longer read can never be one whole packet.
    const length = read.length >= 4 ? read.readInt32LE(0) : -1;
    if (read.length > READ_BYTES || length < 10 || read.length !== 4 + length) {
      this.dropped += 1;
      socket.destroy();
      return;
    }
    const id = read.readInt32LE(4);
    const type = read.readInt32LE(8);
    const end = read.indexOf(0, 12);
    const body = read.subarray(12, end === -1 ? read.length : end).toString('utf8');
    const send = (out: Buffer): void => {
      if (!socket.destroyed) socket.write(out);
    };
    if (type === 3) {
      // Vanilla never accepts an empty password.
      session.authenticated = body !== '' && body === options.password;
      send(rconPacket(session.authenticated ? id : -1, 2, ''));
    } else if (type === 2 && session.authenticated) {
      this.received.push(body);
      let output: string;
      try {
        output = await options.execute(body);
      } catch (err) {
        output = `Error executing: ${body} (${err instanceof Error ? err.message : String(err)})`;
      }
      for (const fragment of splitLikeVanilla(output)) send(rconPacket(id, 0, fragment));
    } else if (type === 2) {
      send(rconPacket(-1, 2, ''));
    } else {
      send(rconPacket(id, 0, `Unknown request ${(type >>> 0).toString(16)}`));
    }
  }
}
