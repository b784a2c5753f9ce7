import { Redis } from 'ioredis';
import type { Bus } from './bus.js';

const PREFIX = 'interconnect:';

/** The cluster bus: Redis pub/sub, so every node hears every publish, its own included. */
export class RedisBus implements Bus {
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();

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
  }

  static async connect(url: string): Promise<RedisBus> {
    // Fail fast at start-up instead of queueing commands for an unreachable server.
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
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
      void this.sub.subscribe(PREFIX + channel);
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

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
