import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { withSerialId } from '../columns.js';

export const coreMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('key_prefix', 'text', (c) => c.notNull())
      .addColumn('key_type', 'text', (c) => c.notNull())
      .addColumn('server_id', 'text')
      .addColumn('regular_key_id', 'text', (c) => c.references('api_keys.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used', 'text')
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema.createIndex('api_keys_regular_key_id').on('api_keys').column('regular_key_id').execute();
    await db.schema.createIndex('api_keys_type_active').on('api_keys').columns(['key_type', 'is_active']).execute();

    await withSerialId(db.schema.createTable('audit_log'), dialect)
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('module', 'text', (c) => c.notNull())
      .addColumn('actor_key_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('message', 'text')
      .addColumn('detail', 'text')
      .addColumn('result', 'text')
      .execute();
    await db.schema.createIndex('audit_log_module_id').on('audit_log').columns(['module', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('api_keys').execute();
  },
});
