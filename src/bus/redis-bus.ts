import { Redis } from 'ioredis';
import type { Bus } from './bus.js';

const PREFIX = 'interconnect:';

/** The cluster bus: Redis pub/sub, so every node hears every publish, its own included. */
export class RedisBus implements Bus {
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  /** The subscriber lost its connection since it was last ready. */
  private lost = false;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
  ) {
    sub.on('message', (channel: string, raw: string) => {
      const set = this.handlers.get(channel.slice(PREFIX.length));
      if (!set) return;
      const message = JSON.parse(raw) as unknown;
      for (const handler of [...set]) handler(message);
    });
    sub.on('close', () => {
      this.lost = true;
    });
    // ioredis resubscribes (autoResubscribe) before it reports ready again.
    sub.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      for (const listener of [...this.reconnectListeners]) listener();
    });
  }

  static async connect(url: string): Promise<RedisBus> {
    // Fail fast at start-up instead of queueing commands for an unreachable server, and fail a
    // publish at once during an outage: a queued one would arrive late, out of its order.
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: false, retryStrategy: (times: number) => Math.min(times * 100, 1_000) };
    const pub = new Redis(url, options);
    const sub = new Redis(url, { ...options, enableOfflineQueue: true });
    // ioredis reconnects by itself; an error event without a listener would only add noise.
    for (const client of [pub, sub]) client.on('error', () => undefined);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (err) {
      pub.disconnect();
      sub.disconnect();
      throw new Error(`cannot connect to Redis at REDIS_URL: ${(err as Error).message}`);
    }
    return new RedisBus(pub, sub);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pub.publish(PREFIX + channel, JSON.stringify(message));
  }

  subscribe(channel: string, handler: (message: unknown) => void): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      void this.sub.subscribe(PREFIX + channel).catch(() => undefined);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Resolves once Redis confirmed every subscription, so no message published after it is missed. */
  async ready(): Promise<void> {
    await this.sub.subscribe(...[...this.handlers.keys()].map((c) => PREFIX + c));
  }

  problem(): string | null {
    if (this.pub.status === 'ready' && this.sub.status === 'ready') return null;
    return `Redis is unreachable (${this.pub.status === 'ready' ? this.sub.status : this.pub.status})`;
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.reconnectListeners.clear();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
