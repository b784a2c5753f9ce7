import { connect, type Socket } from 'node:net';

/**
 * Java RCON, hand-written: the research found rcon-client truncates replies at 4,096 characters
 * and rcon-srcds treats every socket chunk as one packet and hangs against vanilla.
 */

export type RconErrorReason =
  /** Wrong password, or the server no longer accepts our authentication. */
  | 'auth'
  /** No complete reply in time; the connection was reset. */
  | 'timeout'
  /** Could not connect, or the connection was lost. */
  | 'connection'
  /** The command packet would exceed the 1460 bytes vanilla reads at once. */
  | 'too_long'
  /** A line break or NUL, which one RCON packet cannot carry. */
  | 'invalid'
  /** `close()` was called while the command was running. */
  | 'closed';

export class RconError extends Error {
  override readonly name = 'RconError';
  constructor(
    readonly reason: RconErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface RconOptions {
  host: string;
  port: number;
  password: string;
  /** Per command; the hub's command timeout is 10 s. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
}

/** A connection lost before any answer to the command: the caller may send it again. */
class StaleConnection extends RconError {
  constructor(readonly error: RconError) {
    super(error.reason, error.message);
  }
}

interface Packet {
  id: number;
  type: number;
  payload: Buffer;
}

const TYPE_AUTH = 3;
const TYPE_COMMAND = 2;
const TYPE_RESPONSE = 0;
/** Vanilla reads at most 1460 bytes at once and drops a connection whose read is not one whole packet. */
const MAX_PACKET_BYTES = 1460;
const HEADER_BYTES = 14;
const MAX_INCOMING = 1024 * 1024;

function encode(id: number, type: number, body: string): Buffer {
  const payload = Buffer.from(body, 'utf8');
  const packet = Buffer.alloc(HEADER_BYTES + payload.length);
  packet.writeInt32LE(10 + payload.length, 0);
  packet.writeInt32LE(id, 4);
  packet.writeInt32LE(type, 8);
  payload.copy(packet, 12);
  return packet;
}

/**
 * One command at a time, never pipelined. A reply comes in fragments of at most 4096 UTF-16
 * characters with no end marker, so after the first fragment a type-0 packet is sent: vanilla
 * answers it `Unknown request 0` with its id, after everything the command printed. The output is
 * returned as received: vanilla joins lines without newlines, and a surrogate pair its split cuts
 * arrives as `??` (Java encodes each half alone), which no client can undo.
 */
export class RconClient {
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private onPacket: ((packet: Packet) => void) | null = null;
  private onClose: ((err: RconError) => void) | null = null;

  constructor(private readonly options: RconOptions) {}

  command(command: string): Promise<string> {
    if (/[\r\n\0]/.test(command)) return Promise.reject(new RconError('invalid', 'RCON commands must be a single line without NUL'));
    const bytes = Buffer.byteLength(command, 'utf8');
    if (bytes + HEADER_BYTES > MAX_PACKET_BYTES) {
      return Promise.reject(new RconError('too_long', `The command is ${bytes} bytes of UTF-8; vanilla RCON accepts at most ${MAX_PACKET_BYTES - HEADER_BYTES}`));
    }
    const run = this.chain.then(() => this.run(command));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Ends the connection; a command still running fails with `closed`, a later one reconnects. */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    this.onClose?.(new RconError('closed', 'the RCON client was closed'));
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    socket.destroy();
  }

  private id(): number {
    this.nextId = this.nextId >= 0x7ffffff0 ? 1 : this.nextId + 1;
    return this.nextId;
  }

  private async run(command: string): Promise<string> {
    const reused = this.socket !== null && !this.socket.destroyed;
    try {
      return await this.send(command);
    } catch (err) {
      // A restart closes an idle connection; if we wrote before seeing that close, the command
      // never reached the new server: send it once more on a fresh connection. A command that got
      // any answer is never repeated.
      if (!reused || !(err instanceof StaleConnection)) throw err instanceof StaleConnection ? err.error : err;
      try {
        return await this.send(command);
      } catch (again) {
        throw again instanceof StaleConnection ? again.error : again;
      }
    }
  }

  private async send(command: string): Promise<string> {
    await this.ensureConnected();
    const commandId = this.id();
    const markerId = this.id();
    const fragments: Buffer[] = [];
    return this.exchange(encode(commandId, TYPE_COMMAND, command), (packet, finish, fail) => {
      if (packet.id === -1) {
        // Vanilla answers a command on an unauthenticated connection with an auth failure.
        this.drop();
        fail(new RconError('auth', 'RCON no longer accepts our authentication'));
      } else if (packet.id === commandId) {
        if (fragments.length === 0) this.socket?.write(encode(markerId, TYPE_RESPONSE, ''));
        fragments.push(packet.payload);
      } else if (packet.id === markerId) {
        // Decoded whole: a fragment boundary may fall inside a multi-byte character.
        finish(Buffer.concat(fragments).toString('utf8'));
      }
    }, `'${command.split(' ')[0]}'`, () => fragments.length === 0);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }

  private async ensureConnected(): Promise<void> {
    if (this.socket && !this.socket.destroyed) return;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const attempt = connect({ host: this.options.host, port: this.options.port });
      const timer = setTimeout(() => {
        attempt.destroy();
        reject(new RconError('connection', `RCON at ${this.options.host}:${this.options.port} did not answer`));
      }, this.options.connectTimeoutMs ?? 5000);
      attempt.once('connect', () => {
        clearTimeout(timer);
        resolve(attempt);
      });
      attempt.once('error', (err) => {
        clearTimeout(timer);
        reject(new RconError('connection', `cannot reach RCON at ${this.options.host}:${this.options.port}: ${err.message}`));
      });
    });
    socket.setNoDelay(true);
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => this.receive(socket, chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      // A connection given up on (a timeout) must not fail the command that replaced it.
      if (this.socket !== socket) return;
      this.socket = null;
      this.onClose?.(new RconError('connection', 'the server closed the RCON connection'));
    });
    const authId = this.id();
    await this.exchange(encode(authId, TYPE_AUTH, this.options.password), (packet, finish, fail) => {
      // Source-style servers send an empty response before the auth answer; vanilla does not.
      if (packet.type !== TYPE_COMMAND) return;
      if (packet.id === -1) fail(new RconError('auth', `RCON at ${this.options.host}:${this.options.port} refused the password (rcon.password in server.properties)`));
      else if (packet.id === authId) finish('');
    }, 'authentication').catch((err: unknown) => {
      if (this.socket === socket) this.socket = null;
      socket.destroy();
      throw err;
    });
  }

  /** Sends one packet and feeds replies to `handle` until it finishes, the timeout or a close. */
  private exchange(
    packet: Buffer,
    handle: (packet: Packet, finish: (output: string) => void, fail: (err: RconError) => void) => void,
    what: string,
    unanswered: () => boolean = () => false,
  ): Promise<string> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new RconError('connection', 'RCON is not connected'));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.onPacket = null;
        this.onClose = null;
      };
      const finish = (output: string) => {
        done();
        resolve(output);
      };
      const fail = (err: RconError) => {
        done();
        reject(err);
      };
      const timer = setTimeout(() => {
        // What it would still send belongs to this command: start the next one on a fresh connection.
        if (this.socket === socket) this.socket = null;
        socket.destroy();
        fail(new RconError('timeout', `RCON did not finish answering ${what} within ${this.options.timeoutMs ?? 10_000} ms`));
      }, this.options.timeoutMs ?? 10_000);
      this.onPacket = (incoming) => handle(incoming, finish, fail);
      this.onClose = (err) => fail(err.reason === 'connection' && unanswered() ? new StaleConnection(err) : err);
      socket.write(packet);
    });
  }

  private receive(socket: Socket, chunk: Buffer) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readInt32LE(0);
      if (length < 10 || length > MAX_INCOMING) {
        socket.destroy();
        return;
      }
      if (this.buffer.length < 4 + length) return;
      const packet = {
        id: this.buffer.readInt32LE(4),
        type: this.buffer.readInt32LE(8),
        payload: this.buffer.subarray(12, 4 + length - 2),
      };
      this.buffer = this.buffer.subarray(4 + length);
      this.onPacket?.(packet);
    }
  }
}
