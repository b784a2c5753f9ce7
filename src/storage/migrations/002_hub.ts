import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { withSerialId } from '../columns.js';

export const hubMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await withSerialId(db.schema.createTable('events'), dialect)
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('server_name', 'text', (c) => c.notNull())
      .addColumn('timestamp', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      // Events outlive the key that sent them: no foreign key.
      .addColumn('api_key_id', 'text')
      .execute();
    await db.schema.createIndex('events_received_at').on('events').column('received_at').execute();
    await db.schema.createIndex('events_type_id').on('events').columns(['event_type', 'id']).execute();
    await db.schema.createIndex('events_server_id').on('events').columns(['server_name', 'id']).execute();

    await db.schema
      .createTable('server_status')
      .addColumn('server_id', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      // Which node holds the game server's socket, if any; commands are routed by it.
      .addColumn('connected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('node_id', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('server_status').execute();
    await db.schema.dropTable('events').execute();
  },
});
