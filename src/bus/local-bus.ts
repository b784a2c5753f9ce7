import type { Bus } from './bus.js';

/** The single-node bus: delivery is an in-process function call. */
export class LocalBus implements Bus {
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();

  async publish(channel: string, message: unknown): Promise<void> {
    const set = this.handlers.get(channel);
    if (!set) return;
    for (const handler of [...set]) handler(message);
  }

  subscribe(channel: string, handler: (message: unknown) => void): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  async ready(): Promise<void> {}

  problem(): string | null {
    return null;
  }

  /** An in-process bus never goes down. */
  onReconnect(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
