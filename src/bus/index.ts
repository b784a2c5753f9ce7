import type { Bus } from './bus.js';
import { LocalBus } from './local-bus.js';

export type { Bus } from './bus.js';
export { Channels } from './bus.js';

/** The one place that picks the bus implementation from config. */
export async function createBus(_options: { redisUrl?: string | undefined }): Promise<Bus> {
  return new LocalBus();
}
