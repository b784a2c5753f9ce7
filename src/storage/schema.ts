import type { CoreTables } from '../core/tables.js';
import type { HostingTables } from '../hosting/tables.js';
import type { HubTables } from '../hub/tables.js';
import type { BlacklistTables } from '../blacklist/tables.js';

/** The whole database: each module declares its own tables. */
export interface Database extends CoreTables, HubTables, BlacklistTables, HostingTables {}
