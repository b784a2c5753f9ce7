import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { withSerialId } from '../columns.js';

export const blacklistMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('blacklist_repositories')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      // A repository goes with the key that owns it.
      .addColumn('owner_key_id', 'text', (c) => c.references('api_keys.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'integer', (c) => c.notNull())
      .addColumn('server', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('server_type', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('piece_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('blacklist_repositories_owner').on('blacklist_repositories').column('owner_key_id').execute();

    await withSerialId(db.schema.createTable('blacklist_pieces'), dialect)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('repository_uuid', 'text', (c) => c.notNull().references('blacklist_repositories.uuid').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', 'text', (c) => c.notNull())
      .addColumn('xuid', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('info', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('server', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('qq', 'bigint')
      .addColumn('area_code', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('phone', 'bigint')
      .addColumn('photos', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // The lookup value leads each index so a check is three index probes whatever the list size;
    // the unique one also makes "same player twice in one repository" impossible under races.
    await db.schema.createIndex('blacklist_pieces_name').unique().on('blacklist_pieces').columns(['name_lower', 'repository_uuid']).execute();
    await db.schema.createIndex('blacklist_pieces_qq').on('blacklist_pieces').columns(['qq', 'repository_uuid']).execute();
    await db.schema.createIndex('blacklist_pieces_xuid').on('blacklist_pieces').columns(['xuid', 'repository_uuid']).execute();
    await db.schema.createIndex('blacklist_pieces_repository').on('blacklist_pieces').columns(['repository_uuid', 'id']).execute();

    await db.schema
      .createTable('blacklist_xuids')
      .addColumn('gamertag_lower', 'text', (c) => c.primaryKey())
      .addColumn('gamertag', 'text', (c) => c.notNull())
      .addColumn('xuid', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('blacklist_settings')
      .addColumn('key_id', 'text', (c) => c.primaryKey().references('api_keys.id').onDelete('cascade'))
      .addColumn('enforce', 'integer', (c) => c.notNull())
      .addColumn('min_level', 'integer', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    const now = new Date().toISOString();
    await (db as Kysely<{ blacklist_repositories: Record<string, unknown> }>)
      .insertInto('blacklist_repositories')
      .values({
        uuid: '1', owner_key_id: null, name: 'Public blacklist', type: 1,
        server: '', server_type: '', piece_count: 0, created_at: now, updated_at: now,
      })
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('blacklist_settings').execute();
    await db.schema.dropTable('blacklist_xuids').execute();
    await db.schema.dropTable('blacklist_pieces').execute();
    await db.schema.dropTable('blacklist_repositories').execute();
  },
});
