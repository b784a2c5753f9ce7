import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { withSerialId } from '../columns.js';

/** The newest console lines of each game server; the hub prunes it to a fixed number per server. */
export const hubConsoleMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await withSerialId(db.schema.createTable('server_console'), dialect)
      .addColumn('server_id', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('line', 'text', (c) => c.notNull())
      .execute();
    // Reads and the prune both walk one server's lines from the newest.
    await db.schema.createIndex('server_console_server_id').on('server_console').columns(['server_id', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('server_console').execute();
  },
});
