import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Notifier } from './discord/webhook.js';
import type { PterodactylClient } from './pterodactyl/client.js';
import type { HostingSettings } from './settings.js';
import type { HostingTables } from './tables.js';

/** What the hosting business logic needs; built once by `createHostingService`. */
export interface HostingDeps {
  db: Kysely<HostingTables>;
  clock: { now(): Date };
  log: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** Null when HOSTING_CONFIG is not set: the admin API still works with zero defaults. */
  settings: HostingSettings | null;
  ptero: PterodactylClient | null;
  notifier: Notifier;
}
