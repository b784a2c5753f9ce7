import type { MigrationFactory } from '../migrate.js';
import { coreMigration } from './001_core.js';
import { hubMigration } from './002_hub.js';
import { blacklistMigration } from './003_blacklist.js';
import { hostingMigration } from './004_hosting.js';
import { hubConsoleMigration } from './005_hub_console.js';
import { eventScopeMigration } from './005_event_scope.js';
import { publicXuidsMigration } from './006_public_xuids.js';
import { keyStartMigration } from './007_key_start.js';
import { nodesMigration } from './008_nodes.js';
import { serverHistoryMigration } from './009_server_history.js';

/** Every module's migrations, applied in name order. */
export const migrations: Record<string, MigrationFactory> = {
  '001_core': coreMigration,
  '002_hub': hubMigration,
  '003_blacklist': blacklistMigration,
  '004_hosting': hostingMigration,
  '005_hub_console': hubConsoleMigration,
  '005_event_scope': eventScopeMigration,
  '006_public_xuids': publicXuidsMigration,
  '007_key_start': keyStartMigration,
  '008_nodes': nodesMigration,
  '009_server_history': serverHistoryMigration,
};
