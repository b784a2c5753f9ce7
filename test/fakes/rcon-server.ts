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

function packet(id: number, type: number, body: string): Buffer {
  const payload = Buffer.from(body, 'utf8');
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
 * `Unknown request <hex>` for any packet type but auth (3) and command (2).
 */
export class FakeRconServer {
  readonly received: string[] = [];
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

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket, options: FakeRconOptions) {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let authenticated = false;
    let busy: Promise<void> = Promise.resolve();
    socket.on('data', (chunk) => {
      // A chunk is what the kernel had; vanilla would take it 1460 bytes per read.
      for (let offset = 0; offset < chunk.length; offset += READ_BYTES) {
        const read = chunk.subarray(offset, offset + READ_BYTES);
        const length = read.length >= 4 ? read.readInt32LE(0) : -1;
        if (length < 10 || read.length !== 4 + length) {
          this.dropped += 1;
          socket.destroy();
          return;
        }
        const id = read.readInt32LE(4);
        const type = read.readInt32LE(8);
        const body = read.subarray(12, read.length - 2).toString('utf8');
        busy = busy.then(async () => {
          if (type === 3) {
            authenticated = body === options.password;
            socket.write(packet(authenticated ? id : -1, 2, ''));
          } else if (type === 2 && authenticated) {
            this.received.push(body);
            const output = await options.execute(body);
            for (let at = 0; at === 0 || at < output.length; at += FRAGMENT_CHARS) {
              socket.write(packet(id, 0, output.slice(at, at + FRAGMENT_CHARS)));
            }
          } else if (type === 2) {
            socket.write(packet(-1, 2, ''));
          } else {
            socket.write(packet(id, 0, `Unknown request ${type.toString(16)}`));
          }
        });
      }
    });
  }
}
