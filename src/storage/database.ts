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

/**
 * Synchronous reads on a second, read-only connection to the SQLite file, each statement prepared
 * once. For lookups on the hot path (every join, every bot query), where Kysely's driver, which
 * prepares each statement anew and adds several async hops, costs about three times the lookup.
 * WAL mode shows this connection every committed write at its next statement.
 */
export interface SyncReader {
  /** The rows of a read-only statement. Its text should be one of a few fixed shapes (it is cached). */
  all<Row>(text: string, params: readonly unknown[]): Row[];
}

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Present for an SQLite file (not PostgreSQL, not `:memory:`). */
  reader: SyncReader | undefined;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** The PostgreSQL pool's connections right now; undefined on SQLite, which has no pool. */
  poolStats: (() => PoolStats) | undefined;
  close(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  /** Queries queued for a connection: a pool too small for the load. */
  waiting: number;
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
  let poolStats: (() => PoolStats) | undefined;
  if (options.databaseUrl) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // The pool drops a connection that dies while idle and opens a new one for the next query;
    // without a listener the same event would end the process.
    pool.on('error', (err) => options.onConnectionError?.(err));
    poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
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
  const reader = dialect === 'sqlite' && options.databasePath !== ':memory:' ? openReader(options.databasePath) : undefined;
  return {
    db,
    dialect,
    reader,
    poolStats,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      reader?.close();
      await db.destroy();
    },
  };
}

function openReader(path: string): SyncReader & { close(): void } {
  const connection = new SQLite(path, { readonly: true, fileMustExist: true });
  connection.pragma('busy_timeout = 5000');
  // Lookups land on random index pages of a large table: mapping the file saves a read() per page
  // (address space only, nothing is copied), and a larger cache keeps the hot upper levels.
  connection.pragma('mmap_size = 1073741824');
  connection.pragma('cache_size = -65536');
  const statements = new Map<string, SQLite.Statement>();
  return {
    all<Row>(text: string, params: readonly unknown[]): Row[] {
      let statement = statements.get(text);
      if (!statement) {
        statement = connection.prepare(text);
        if (!statement.readonly) throw new Error('SyncReader runs read-only statements only');
        statements.set(text, statement);
      }
      return statement.all(...params) as Row[];
    },
    close() {
      connection.close();
    },
  };
}
