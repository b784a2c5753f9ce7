import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * The first characters of each raw key, stored at creation so keys of one tier can be told apart
 * (every admin key's `key_prefix` is `mc_admin_`). Keys made before this have none: their raw
 * key was never stored, so it cannot be recovered.
 */
export const keyStartMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('api_keys').addColumn('key_start', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('api_keys').dropColumn('key_start').execute();
  },
});
