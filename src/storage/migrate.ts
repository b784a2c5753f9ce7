import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.js';
import { migrations } from './migrations/index.js';

/** Migrations are factories of the dialect: column types such as auto-increment ids differ. */
export type MigrationFactory = (dialect: Dialect) => Migration;

class ListProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, factory] of Object.entries(migrations)) out[name] = factory(this.dialect);
    return out;
  }
}

export async function migrateToLatest<T>(db: Kysely<T>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new ListProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
