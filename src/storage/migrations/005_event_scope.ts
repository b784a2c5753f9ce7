import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Who an event came from, stored with it so replays and listings can be scoped to a tenant and
 * receivers can trust `source_server_id` over the self-declared `server_name`.
 */
export const eventScopeMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('events').addColumn('source_server_id', 'text').execute();
    // The regular key whose tenant the event belongs to; null for admin-only events.
    await db.schema.alterTable('events').addColumn('tenant_key_id', 'text').execute();
    await db.schema.createIndex('events_tenant_id').on('events').columns(['tenant_key_id', 'id']).execute();
    await sql`
      update events set
        source_server_id = (select case when k.key_type = 'server' then coalesce(k.server_id, k.id) else k.server_id end
                            from api_keys k where k.id = events.api_key_id),
        tenant_key_id = (select case k.key_type when 'regular' then k.id when 'server' then k.regular_key_id end
                         from api_keys k where k.id = events.api_key_id)
      where api_key_id is not null`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('events_tenant_id').execute();
    await db.schema.alterTable('events').dropColumn('tenant_key_id').execute();
    await db.schema.alterTable('events').dropColumn('source_server_id').execute();
  },
});
