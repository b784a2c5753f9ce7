import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Node liveness and which connection speaks for a game server. Each service node heartbeats its
 * row in `nodes`; a server whose holding node stopped beating is offline. `server_status` records
 * the holding connection and since when it holds, so only the newest connection of a server key
 * receives commands, and an older write cannot take the role back.
 */
export const nodesMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('nodes')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('server_status').addColumn('connection_id', 'text').execute();
    await db.schema.alterTable('server_status').addColumn('held_since', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('server_status').dropColumn('held_since').execute();
    await db.schema.alterTable('server_status').dropColumn('connection_id').execute();
    await db.schema.dropTable('nodes').execute();
  },
});
