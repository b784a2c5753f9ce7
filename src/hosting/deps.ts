import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditService, AuditTables } from '../core/audit.js';
import type { Notifier } from './discord/webhook.js';
import type { PterodactylClient } from './pterodactyl/client.js';
import type { HostingSettings } from './settings.js';
import type { HostingTables } from './tables.js';

/** The tables the hosting module may touch: its own, and the audit log its changes are recorded in. */
export type HostingDb = HostingTables & AuditTables;

/** The audit log's module name for every hosting row. */
export const AUDIT_MODULE = 'hosting';

/** What the hosting business logic needs; built once by `createHostingService`. */
export interface HostingDeps {
  db: Kysely<HostingDb>;
  audit: AuditService;
  clock: { now(): Date };
  log: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** Null when HOSTING_CONFIG is not set: the admin API still works with zero defaults. */
  settings: HostingSettings | null;
  ptero: PterodactylClient | null;
  notifier: Notifier;
}
