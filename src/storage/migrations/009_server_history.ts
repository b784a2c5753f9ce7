import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Each game server's player count and TPS, at most one row per server and minute: the minute is
 * part of the key, so every node of a cluster may record and the database keeps the first.
 */
export const serverHistoryMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('server_history')
      .addColumn('server_id', 'text', (c) => c.notNull())
      /** `YYYY-MM-DDTHH:MM`, the minute of `time`. */
      .addColumn('minute', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('online_players', 'integer')
      .addColumn('tps', 'double precision')
      .addPrimaryKeyConstraint('server_history_pk', ['server_id', 'minute'])
      .execute();
    // Retention deletes by age across every server.
    await db.schema.createIndex('server_history_minute').on('server_history').column('minute').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('server_history').execute();
  },
});
