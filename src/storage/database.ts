import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrate.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The database handle typed with some of its tables only. Kysely's handle is invariant in its
 * tables, so narrowing needs this one cast; a module given such a handle cannot name another's tables.
 */
export function tablesOf<T extends object>(db: Kysely<Database>): Database extends T ? Kysely<T> : never {
  return db as unknown as Database extends T ? Kysely<T> : never;
}

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StorageOptions {
  databasePath: string;
  databaseUrl?: string | undefined;
  /** Told about a PostgreSQL connection lost while idle (a restart, a failover). */
  onConnectionError?: (err: Error) => void;
}

/** Opens the configured database (PostgreSQL when a URL is given, else embedded SQLite) and migrates it. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  if (options.databaseUrl) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // The pool drops a connection that dies while idle and opens a new one for the next query;
    // without a listener the same event would end the process.
    pool.on('error', (err) => options.onConnectionError?.(err));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    if (options.databasePath !== ':memory:') mkdirSync(dirname(options.databasePath), { recursive: true });
    const sqlite = new SQLite(options.databasePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // FULL keeps every acknowledged write across a power loss, not only a process crash.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  await migrateToLatest(db, dialect);
  return {
    db,
    dialect,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
