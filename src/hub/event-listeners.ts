import type { Logger } from 'pino';
import type { ApiKeyRecord } from '../core/keys.js';
import type { StoredEvent } from './events.js';

export type EventListener = (stored: StoredEvent, source: ApiKeyRecord | null) => Promise<void> | void;

/** Listeners running at once: a burst of joins must not open a query per event all at once. */
const CONCURRENCY = 8;

/**
 * Runs event listeners (blacklist enforcement) after an event is stored, off the request path:
 * the sender's 200 waits for the commit only, never for a lookup, a kick or a slow game server.
 */
export class EventListeners {
  private readonly listeners: Array<{ listener: EventListener; types: ReadonlySet<string> }> = [];
  private readonly queue: Array<{ stored: StoredEvent; source: ApiKeyRecord | null; listeners: EventListener[] }> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly log: Logger) {}

  /** `listener` hears of stored events of the given types only: the others cost it nothing. */
  add(types: readonly string[], listener: EventListener): void {
    this.listeners.push({ listener, types: new Set(types) });
  }

  dispatch(stored: StoredEvent, source: ApiKeyRecord | null): void {
    const listeners = this.listeners.filter((l) => l.types.has(stored.event.event_type)).map((l) => l.listener);
    if (listeners.length === 0) return;
    this.queue.push({ stored, source, listeners });
    this.pump();
  }

  /** Resolves once every dispatched event has been through its listeners (shutdown waits on it). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump() {
    while (this.running < CONCURRENCY && this.queue.length > 0) {
      const { stored, source, listeners } = this.queue.shift()!;
      this.running++;
      void this.run(stored, source, listeners).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) {
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        }
      });
    }
  }

  private async run(stored: StoredEvent, source: ApiKeyRecord | null, listeners: EventListener[]) {
    for (const listener of listeners) {
      try {
        await listener(stored, source);
      } catch (err) {
        this.log.error({ err, eventId: stored.id }, 'event listener failed');
      }
    }
  }
}
