import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * `utils/xuid` answers anyone, so it may only answer from public data: XUIDs game servers reported
 * and public pieces (read from the pieces themselves). Rows copied from pieces, private ones
 * among them, are dropped; a player seen again is remembered again.
 */
export const publicXuidsMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await sql`
      delete from blacklist_xuids where exists (
        select 1 from blacklist_pieces p where p.name_lower = blacklist_xuids.gamertag_lower and p.xuid = blacklist_xuids.xuid)`.execute(db);
  },
  async down() {},
});
