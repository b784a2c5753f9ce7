import type { Bus } from './bus.js';
import { LocalBus } from './local-bus.js';
import { RedisBus } from './redis-bus.js';

export type { Bus } from './bus.js';
export { Channels } from './bus.js';

/** The one place that picks the bus: Redis when REDIS_URL is set (a cluster), else in-process. */
export async function createBus(options: { redisUrl?: string | undefined }): Promise<Bus> {
  return options.redisUrl ? RedisBus.connect(options.redisUrl) : new LocalBus();
}
