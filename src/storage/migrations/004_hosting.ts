import { sql, type Kysely } from 'kysely';
import { withSerialId } from '../columns.js';
import type { MigrationFactory } from '../migrate.js';

/**
 * Hosting module tables (users with money and quota extras, redeem codes and who redeemed them,
 * panel sessions). Written once for both dialects: booleans as integers, times as ISO text,
 * money as integers.
 */
export const hostingMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('hosting_users')
      .addColumn('discord_id', 'text', (c) => c.primaryKey())
      .addColumn('ptero_user_id', 'integer')
      .addColumn('email', 'text')
      .addColumn('username', 'text')
      .addColumn('money', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('memory', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disk', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cpu', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('servers', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lock_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('hosting_users_money_nonneg', sql`money >= 0`)
      .execute();
    await db.schema.createIndex('hosting_users_ptero').on('hosting_users').column('ptero_user_id').execute();

    await db.schema
      .createTable('hosting_codes')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('uses', 'integer', (c) => c.notNull())
      .addColumn('money', 'integer', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('hosting_codes_used_le_uses', sql`used <= uses`)
      .execute();

    // The serial id keeps redeemers in redemption order, as BoardMate's list did.
    await withSerialId(db.schema.createTable('hosting_redemptions'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().references('hosting_codes.code').onDelete('cascade'))
      .addColumn('discord_id', 'text', (c) => c.notNull())
      .addColumn('redeemed_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('hosting_redemptions_once', ['code', 'discord_id'])
      .execute();

    await db.schema
      .createTable('hosting_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('discord_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('hosting_sessions_user').on('hosting_sessions').column('discord_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('hosting_sessions').execute();
    await db.schema.dropTable('hosting_redemptions').execute();
    await db.schema.dropTable('hosting_codes').execute();
    await db.schema.dropTable('hosting_users').execute();
  },
});
