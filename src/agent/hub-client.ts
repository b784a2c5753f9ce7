import WebSocket from 'ws';
import { newId } from '../core/ids.js';
import type { AgentLog } from './agent-log.js';

/** A JSON message of the game-server protocol (docs/game-server-protocol.md). */
export type ProtocolMessage = { type: string } & Record<string, unknown>;

export interface HubClientOptions {
  /** The hub's base URL, `http(s)://host:port`. */
  hub: string;
  key: string;
  log: AgentLog;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Messages kept while the hub is away; the oldest go first when it is full. */
  queueLimit?: number;
  /** The agent pings the hub this often; no pong by the next ping means the link is dead even if TCP has not noticed. */
  pingIntervalMs?: number;
  /** Last touch on a message as it leaves, for fields only known once connected. */
  prepare?: (message: ProtocolMessage) => ProtocolMessage;
}

/** Why the connection can never work again with this key. */
export class HubRefusedError extends Error {
  override readonly name = 'HubRefusedError';
}

interface Waiter {
  resolve(message: ProtocolMessage): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Close codes from docs/game-server-protocol.md. */
const KEY_REVOKED = 4001;

/**
 * The agent's side of one server key's WebSocket: Bearer authentication, reconnects with
 * exponential backoff, queues what must not be lost while the hub is away, and matches answers
 * to requests by `request_id`.
 */
export class HubClient {
  private socket: WebSocket | null = null;
  private readonly queue: ProtocolMessage[] = [];
  private readonly waiters = new Map<string, Waiter>();
  private readonly handlers: Array<(message: ProtocolMessage) => void> = [];
  private readonly openHandlers: Array<() => void> = [];
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private alive = false;
  private closing = false;
  /** Queued messages wait for the hub's `welcome` (it names the server), or a second without one. */
  private ready = false;
  private readyTimer: NodeJS.Timeout | null = null;
  private dropped = 0;
  private fatalHandler: (err: HubRefusedError) => void = () => undefined;

  constructor(private readonly options: HubClientOptions) {
    this.backoffMs = options.minBackoffMs ?? 1000;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  onMessage(handler: (message: ProtocolMessage) => void): void {
    this.handlers.push(handler);
  }

  /** Called on every (re)connection, so state the hub may have lost is reported again. */
  onOpen(handler: () => void): void {
    this.openHandlers.push(handler);
  }

  /** The key was refused or revoked: reconnecting cannot help. */
  onFatal(handler: (err: HubRefusedError) => void): void {
    this.fatalHandler = handler;
  }

  connect(): void {
    if (this.closing || this.socket) return;
    const url = this.options.hub.replace(/^http/, 'ws').replace(/\/+$/, '') + '/ws';
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.options.key}` }, handshakeTimeout: 10_000 });
    this.socket = socket;
    let refused = false;

    socket.on('open', () => {
      this.backoffMs = this.options.minBackoffMs ?? 1000;
      this.options.log.info(`connected to the hub at ${this.options.hub}`);
      this.watchLiveness(socket);
      this.ready = false;
      this.readyTimer = setTimeout(() => this.becomeReady(), 1000);
      for (const handler of this.openHandlers) handler();
    });
    socket.on('pong', () => (this.alive = true));
    socket.on('message', (data, isBinary) => {
      this.alive = true;
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return;
      this.dispatch(message as ProtocolMessage);
    });
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      if (status === 401 || status === 403) {
        refused = true;
        this.fatal(new HubRefusedError(`The hub refused the server key (HTTP ${status}): check that the key is a valid, active server key.`));
      } else {
        this.options.log.warn(`the hub answered the connection with HTTP ${status}`);
      }
      socket.terminate();
    });
    socket.on('error', (err) => this.options.log.debug(`hub socket error: ${err.message}`));
    socket.on('close', (code, reason) => {
      this.socket = null;
      this.ready = false;
      if (this.readyTimer) clearTimeout(this.readyTimer);
      this.clearSilence();
      this.failWaiters(new Error('The connection to the hub closed'));
      if (code === KEY_REVOKED) {
        this.fatal(new HubRefusedError(`The hub revoked this server key (${reason.toString() || 'close 4001'}): create a new server key and restart the agent.`));
        return;
      }
      if (this.closing || refused) return;
      this.options.log.warn(`hub connection lost (code ${code}); reconnecting in ${Math.round(this.backoffMs / 1000)} s`);
      this.scheduleReconnect();
    });
  }

  /**
   * Sends now if connected. Otherwise `queue: true` keeps the message for the next connection
   * (events, console lines); anything else is dropped, since the hub has forgotten its context.
   */
  send(message: ProtocolMessage, options: { queue: boolean }): void {
    if (!options.queue) {
      if (this.connected) this.write(message);
      return;
    }
    if (this.connected && this.ready && this.queue.length === 0) {
      this.write(message);
      return;
    }
    this.queue.push(message);
    if (this.queue.length > (this.options.queueLimit ?? 10_000)) {
      this.queue.shift();
      if (this.dropped++ % 1000 === 0) this.options.log.warn('the hub has been away long: dropping the oldest queued messages');
    }
    if (this.ready) this.flush();
  }

  /** Sends a message with a fresh `request_id` and waits for the message that answers it. */
  request(message: ProtocolMessage, timeoutMs: number): Promise<ProtocolMessage> {
    if (!this.connected) return Promise.reject(new Error('The hub is not connected'));
    const requestId = newId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(requestId);
        reject(new Error(`The hub did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(requestId, { resolve, reject, timer });
      this.socket!.send(JSON.stringify({ ...message, request_id: requestId }));
    });
  }

  /** Sends what is queued, waits until it left the socket, then closes. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.clearSilence();
    if (this.connected) this.becomeReady();
    const socket = this.socket;
    if (!socket) return;
    this.flush();
    const deadline = Date.now() + 5000;
    while (socket.readyState === WebSocket.OPEN && socket.bufferedAmount > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(1000, 'Agent stopping');
    });
  }

  private becomeReady() {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    this.ready = true;
    this.flush();
  }

  private dispatch(message: ProtocolMessage) {
    if (message.type === 'welcome') {
      for (const handler of this.handlers) handler(message);
      this.becomeReady();
      return;
    }
    const requestId = typeof message.request_id === 'string' ? message.request_id : null;
    const waiter = requestId === null ? undefined : this.waiters.get(requestId);
    if (waiter && message.type !== 'server_command' && message.type !== 'power') {
      clearTimeout(waiter.timer);
      this.waiters.delete(requestId!);
      waiter.resolve(message);
      return;
    }
    for (const handler of this.handlers) handler(message);
  }

  private flush() {
    while (this.connected && this.queue.length > 0) {
      this.write(this.queue.shift()!);
    }
  }

  private write(message: ProtocolMessage) {
    this.socket!.send(JSON.stringify(this.options.prepare ? this.options.prepare(message) : message));
  }

  private scheduleReconnect() {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 60_000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  /** Our own pings, so a dead link is noticed whatever heartbeat the hub is configured with. */
  private watchLiveness(socket: WebSocket) {
    this.clearSilence();
    this.alive = true;
    this.pingTimer = setInterval(() => {
      if (!this.alive) {
        this.options.log.warn('the hub stopped answering pings; reconnecting');
        socket.terminate();
        return;
      }
      this.alive = false;
      socket.ping();
    }, this.options.pingIntervalMs ?? 30_000);
  }

  private clearSilence() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private failWaiters(err: Error) {
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
    this.waiters.clear();
  }

  private fatal(err: HubRefusedError) {
    if (this.closing) return;
    this.closing = true;
    this.fatalHandler(err);
  }
}
