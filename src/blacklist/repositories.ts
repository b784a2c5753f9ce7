import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuditTables } from '../core/audit.js';
import type { SyncReader } from '../storage/database.js';
import type { PieceInput, PlayerQuery } from './normalize.js';
import {
  PUBLIC_REPOSITORY,
  type BlacklistPieceTable,
  type BlacklistRepositoryTable,
  type BlacklistSettingsTable,
  type BlacklistTables,
} from './tables.js';
import type { ImportMode, ImportResult } from './wire.js';

export type RepositoryRow = Selectable<BlacklistRepositoryTable>;
export type PieceRow = Selectable<BlacklistPieceTable>;
export type SettingsRow = Selectable<BlacklistSettingsTable>;

/** Which repositories a lookup may see. */
export type Scope =
  /** The public list plus every repository this key owns (`check` with a token, enforcement). */
  | { kind: 'owner'; ownerKeyId: string | null }
  /** Exactly these repositories (`check/private`). */
  | { kind: 'repositories'; uuids: string[] }
  /** Every repository (admin search). */
  | { kind: 'all' };

/** Rows per INSERT: well under SQLite's 32,766 bound parameters with 16 columns. */
const INSERT_CHUNK = 500;

/** bigint columns come back as strings from pg and as numbers from better-sqlite3. */
function toNumber(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

export function pieceFromRow(row: PieceRow): PieceRow {
  return { ...row, id: Number(row.id), level: Number(row.level), qq: toNumber(row.qq), phone: toNumber(row.phone) };
}

export function repositoryFromRow(row: RepositoryRow): RepositoryRow {
  return { ...row, type: Number(row.type), piece_count: Number(row.piece_count) };
}

export interface NewPiece extends PieceInput {
  uuid: string;
  createdBy: string | null;
  createdAt: string;
}

function pieceValues(repositoryUuid: string, piece: NewPiece) {
  return {
    uuid: piece.uuid,
    repository_uuid: repositoryUuid,
    name: piece.name,
    name_lower: piece.name.toLowerCase(),
    xuid: piece.xuid,
    info: piece.info,
    server: piece.server,
    time: piece.time,
    level: piece.level,
    qq: piece.qq,
    area_code: piece.area_code,
    phone: piece.phone,
    photos: piece.photos === null ? null : JSON.stringify(piece.photos),
    created_by: piece.createdBy,
    created_at: piece.createdAt,
  };
}

/** The handle the queries run on (a transaction is one too): the module's own tables and the audit log. */
type Db = Kysely<BlacklistTables & AuditTables>;

/**
 * The owner-scoped lookup as one fixed statement text per parameter combination, for the
 * storage's synchronous reader. The limit is written into the text, not bound: a bound LIMIT made
 * this statement ten times slower on SQLite (30 µs against 3 µs). It is an internal integer, never
 * client input.
 */
function ownerLookup(query: PlayerQuery, ownerKeyId: string | null, limit: number): { text: string; params: unknown[] } | undefined {
  const inScope = ownerKeyId === null
    ? 'repository_uuid = ?'
    : '(repository_uuid = ? or repository_uuid in (select uuid from blacklist_repositories where owner_key_id = ?))';
  const scopeParams: unknown[] = ownerKeyId === null ? [PUBLIC_REPOSITORY] : [PUBLIC_REPOSITORY, ownerKeyId];
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [['name_lower', query.name?.toLowerCase()], ['qq', query.qq], ['xuid', query.xuid]] as const) {
    if (value === undefined) continue;
    conditions.push(`${column} = ? and ${inScope}`);
    params.push(value, ...scopeParams);
  }
  if (conditions.length === 0) return undefined;
  const cap = `limit ${Math.max(1, Math.trunc(limit))}`;
  // One probe (the usual join check by name) needs no union: the index lookup is the whole query.
  const text = conditions.length === 1
    ? `select * from blacklist_pieces where ${conditions.join('')} order by id ${cap}`
    : `select * from blacklist_pieces where id in (${conditions.map((c) => `select id from blacklist_pieces where ${c}`).join(' union ')}) order by id ${cap}`;
  return { text, params };
}

export type BlacklistQueries = ReturnType<typeof queriesOn>;

export interface BlacklistRepository extends BlacklistQueries {
  /** Runs `work` in one transaction; audit rows written with `trx` commit or roll back with it. */
  transaction<T>(work: (queries: BlacklistQueries, trx: Transaction<BlacklistTables & AuditTables>) => Promise<T>): Promise<T>;
}

/**
 * The blacklist's storage: Kysely over its own tables, and the owner-scoped check through the
 * storage's synchronous reader when there is one (SQLite files).
 */
export function createBlacklistRepository(db: Kysely<BlacklistTables & AuditTables>, reader?: SyncReader): BlacklistRepository {
  return {
    ...queriesOn(db, reader),
    transaction: (work) => db.transaction().execute((trx) => work(queriesOn(trx, undefined), trx)),
  };
}

function queriesOn(db: Db, reader: SyncReader | undefined) {
  async function findDuplicate(trx: Db, repositoryUuid: string, piece: PieceInput): Promise<PieceRow | undefined> {
    let q = trx.selectFrom('blacklist_pieces').selectAll().where('repository_uuid', '=', repositoryUuid);
    q = q.where((eb) =>
      piece.xuid === ''
        ? eb('name_lower', '=', piece.name.toLowerCase())
        : eb.or([eb('name_lower', '=', piece.name.toLowerCase()), eb('xuid', '=', piece.xuid)]),
    );
    return q.limit(1).executeTakeFirst();
  }

  return {
    async getRepository(uuid: string): Promise<RepositoryRow | undefined> {
      const row = await db.selectFrom('blacklist_repositories').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row && repositoryFromRow(row);
    },

    /** Owned by the key, or every repository when `ownerKeyId` is undefined. Oldest first. */
    async listRepositories(ownerKeyId: string | undefined): Promise<RepositoryRow[]> {
      let q = db.selectFrom('blacklist_repositories').selectAll();
      if (ownerKeyId !== undefined) q = q.where('owner_key_id', '=', ownerKeyId);
      const rows = await q.orderBy('created_at').orderBy('uuid').execute();
      return rows.map(repositoryFromRow);
    },

    async insertRepository(row: Omit<RepositoryRow, 'piece_count'>): Promise<RepositoryRow> {
      await db.insertInto('blacklist_repositories').values({ ...row, piece_count: 0 }).execute();
      return { ...row, piece_count: 0 };
    },

    async updateRepository(uuid: string, changes: Partial<Pick<RepositoryRow, 'name' | 'type' | 'server' | 'server_type'>>, now: string) {
      await db.updateTable('blacklist_repositories').set({ ...changes, updated_at: now }).where('uuid', '=', uuid).execute();
    },

    /** Call inside a transaction: the pieces and the repository go together. */
    async deleteRepository(uuid: string): Promise<number> {
      // Explicit so the rule holds even where foreign keys are off.
      const removed = await db.deleteFrom('blacklist_pieces').where('repository_uuid', '=', uuid).executeTakeFirst();
      await db.deleteFrom('blacklist_repositories').where('uuid', '=', uuid).execute();
      return Number(removed.numDeletedRows);
    },

    /**
     * One statement: a union of up to three indexed probes (each index leads with the looked-up
     * value and ends with the repository, so the scope is checked inside the index), then the rows
     * by primary key. Written as a union rather than an OR so no planner can prefer scanning the
     * repository's pieces; the cost stays flat however large the lists grow.
     */
    async findPieces(query: PlayerQuery, scope: Scope, limit = 100): Promise<PieceRow[]> {
      if (scope.kind === 'repositories' && scope.uuids.length === 0) return [];
      // The same statement as below, written out for the prepared-statement path.
      if (reader && scope.kind === 'owner') {
        const lookup = ownerLookup(query, scope.ownerKeyId, limit);
        return lookup ? reader.all<PieceRow>(lookup.text, lookup.params).map(pieceFromRow) : [];
      }
      const inScope =
        scope.kind === 'all'
          ? sql`1 = 1`
          : scope.kind === 'repositories'
            ? sql`repository_uuid in (${sql.join(scope.uuids)})`
            : scope.ownerKeyId === null
              ? sql`repository_uuid = ${PUBLIC_REPOSITORY}`
              : sql`(repository_uuid = ${PUBLIC_REPOSITORY} or repository_uuid in (select uuid from blacklist_repositories where owner_key_id = ${scope.ownerKeyId}))`;
      const probes = [];
      if (query.name !== undefined) probes.push(sql`select id from blacklist_pieces where name_lower = ${query.name.toLowerCase()} and ${inScope}`);
      if (query.qq !== undefined) probes.push(sql`select id from blacklist_pieces where qq = ${query.qq} and ${inScope}`);
      if (query.xuid !== undefined) probes.push(sql`select id from blacklist_pieces where xuid = ${query.xuid} and ${inScope}`);
      if (probes.length === 0) return [];
      const result = await sql<PieceRow>`select * from blacklist_pieces where id in (${sql.join(probes, sql` union `)}) order by id limit ${limit}`.execute(db);
      return result.rows.map(pieceFromRow);
    },

    async pagePieces(repositoryUuid: string, offset: number, limit: number, namePrefix?: string): Promise<PieceRow[]> {
      let q = db.selectFrom('blacklist_pieces').selectAll().where('repository_uuid', '=', repositoryUuid);
      if (namePrefix !== undefined && namePrefix !== '') {
        const lower = namePrefix.toLowerCase();
        // A range, not LIKE: it uses the name index in both dialects and has no wildcard escaping.
        q = q.where('name_lower', '>=', lower).where('name_lower', '<', `${lower}\u{10FFFF}`);
      }
      const rows = await q.orderBy('id').limit(limit).offset(offset).execute();
      return rows.map(pieceFromRow);
    },

    async countPieces(repositoryUuid: string, namePrefix: string): Promise<number> {
      const lower = namePrefix.toLowerCase();
      const row = await db
        .selectFrom('blacklist_pieces')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('repository_uuid', '=', repositoryUuid)
        .where('name_lower', '>=', lower)
        .where('name_lower', '<', `${lower}\u{10FFFF}`)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async getPiece(uuid: string): Promise<PieceRow | undefined> {
      const row = await db.selectFrom('blacklist_pieces').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row && pieceFromRow(row);
    },

    /** Inserts unless the player (same name, or same non-empty XUID) is already in the repository. */
    /** Call inside a transaction: the duplicate check, the row and the counter go together. */
    async insertPiece(repositoryUuid: string, piece: NewPiece): Promise<{ inserted: true } | { inserted: false; existing: PieceRow }> {
      const existing = await findDuplicate(db, repositoryUuid, piece);
      if (existing) return { inserted: false as const, existing: pieceFromRow(existing) };
      await db.insertInto('blacklist_pieces').values(pieceValues(repositoryUuid, piece)).execute();
      await db
        .updateTable('blacklist_repositories')
        .set((eb) => ({ piece_count: eb('piece_count', '+', 1), updated_at: piece.createdAt }))
        .where('uuid', '=', repositoryUuid)
        .execute();
      return { inserted: true as const };
    },

    /** Call inside a transaction: the row and the counter go together. */
    async deletePiece(piece: PieceRow, now: string): Promise<boolean> {
      const removed = await db.deleteFrom('blacklist_pieces').where('uuid', '=', piece.uuid).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) return false;
      await db
        .updateTable('blacklist_repositories')
        .set((eb) => ({ piece_count: eb('piece_count', '-', 1), updated_at: now }))
        .where('uuid', '=', piece.repository_uuid)
        .execute();
      return true;
    },

    /**
     * All or nothing: any duplicate (in the file or against the repository) rolls the whole import
     * back and names the first offending index. Call inside a transaction.
     */
    /**
     * Adds a file's pieces in one transaction (the caller's). `wipe` empties the repository first.
     * A player already in the repository (same name, or same XUID) is refused (`fail`), kept as it
     * is (`skip`), or overwritten by the file's piece, which keeps the existing piece's uuid (`replace`).
     */
    async importPieces(repositoryUuid: string, pieces: NewPiece[], options: { wipe: boolean; mode: ImportMode }, now: string): Promise<ImportResult> {
      let removed = 0;
      if (options.wipe) {
        const result = await db.deleteFrom('blacklist_pieces').where('repository_uuid', '=', repositoryUuid).executeTakeFirst();
        removed = Number(result.numDeletedRows);
      }
      const seenNames = new Map<string, number>();
      const seenXuids = new Map<string, number>();
      for (const [index, piece] of pieces.entries()) {
        const lower = piece.name.toLowerCase();
        const earlier = seenNames.get(lower) ?? (piece.xuid === '' ? undefined : seenXuids.get(piece.xuid));
        if (earlier !== undefined) throw new ImportError(index, `the same player as pieces[${earlier}] (${piece.name})`);
        seenNames.set(lower, index);
        if (piece.xuid !== '') seenXuids.set(piece.xuid, index);
      }
      let inserted = 0;
      let skipped = 0;
      let replaced = 0;
      let netAdded = 0;
      /** Existing piece id → the file piece that overwrote it. */
      const overwrittenBy = new Map<number, number>();
      // Against the repository in chunks: one query per chunk, not per piece.
      for (let i = 0; i < pieces.length; i += INSERT_CHUNK) {
        const chunk = pieces.slice(i, i + INSERT_CHUNK);
        const toInsert: NewPiece[] = [];
        if (options.wipe) {
          toInsert.push(...chunk);
        } else {
          const lowers = chunk.map((p) => p.name.toLowerCase());
          const xuids = chunk.map((p) => p.xuid).filter((x) => x !== '');
          const found = await db
            .selectFrom('blacklist_pieces')
            .select(['id', 'uuid', 'name_lower', 'xuid'])
            .where('repository_uuid', '=', repositoryUuid)
            .where((eb) => (xuids.length === 0 ? eb('name_lower', 'in', lowers) : eb.or([eb('name_lower', 'in', lowers), eb('xuid', 'in', xuids)])))
            .orderBy('id')
            .execute();
          for (const [offset, piece] of chunk.entries()) {
            const lower = piece.name.toLowerCase();
            const matches = found.filter((f) => f.name_lower === lower || (piece.xuid !== '' && f.xuid === piece.xuid));
            const first = matches[0];
            if (!first) {
              toInsert.push(piece);
              continue;
            }
            if (options.mode === 'fail') throw new ImportError(i + offset, `${piece.name} is already in this repository`);
            if (options.mode === 'skip') {
              skipped += 1;
              continue;
            }
            const taken = matches.find((m) => overwrittenBy.has(Number(m.id)));
            if (taken) {
              throw new ImportError(i + offset, `${piece.name} is the same player as pieces[${overwrittenBy.get(Number(taken.id))}] in this repository`);
            }
            for (const m of matches) overwrittenBy.set(Number(m.id), i + offset);
            // A name match and an XUID match can be two pieces: both give way to the file's one.
            await db.deleteFrom('blacklist_pieces').where('id', 'in', matches.map((m) => m.id)).execute();
            netAdded -= matches.length;
            toInsert.push({ ...piece, uuid: first.uuid });
            replaced += 1;
          }
        }
        if (toInsert.length > 0) await db.insertInto('blacklist_pieces').values(toInsert.map((p) => pieceValues(repositoryUuid, p))).execute();
        netAdded += toInsert.length;
        inserted += toInsert.length;
      }
      await db
        .updateTable('blacklist_repositories')
        .set((eb) => ({ piece_count: options.wipe ? netAdded : eb('piece_count', '+', netAdded), updated_at: now }))
        .where('uuid', '=', repositoryUuid)
        .execute();
      return { imported: inserted - replaced, skipped, replaced, removed };
    },

    /** Every piece of a repository, oldest first, fetched in id-ordered batches. */
    async *allPieces(repositoryUuid: string, batch = 5000): AsyncGenerator<PieceRow> {
      let after = 0;
      for (;;) {
        const rows = await db
          .selectFrom('blacklist_pieces')
          .selectAll()
          .where('repository_uuid', '=', repositoryUuid)
          .where('id', '>', after)
          .orderBy('id')
          .limit(batch)
          .execute();
        for (const row of rows) yield pieceFromRow(row);
        const last = rows.at(-1);
        if (!last || rows.length < batch) return;
        after = Number(last.id);
      }
    },

    /**
     * The XUID of a gamertag from public data only: what game servers reported with player events
     * (freshest), then a piece of the public list or a type-1 repository. A type-2 piece's XUID is
     * its owner's and is never an answer.
     */
    async xuidFor(gamertag: string): Promise<string | undefined> {
      const lower = gamertag.toLowerCase();
      const seen = await db.selectFrom('blacklist_xuids').select('xuid').where('gamertag_lower', '=', lower).executeTakeFirst();
      if (seen) return seen.xuid;
      const piece = await db
        .selectFrom('blacklist_pieces')
        .innerJoin('blacklist_repositories', 'blacklist_repositories.uuid', 'blacklist_pieces.repository_uuid')
        .select('blacklist_pieces.xuid')
        .where('blacklist_pieces.name_lower', '=', lower)
        .where('blacklist_pieces.xuid', '!=', '')
        .where((eb) => eb.or([eb('blacklist_repositories.uuid', '=', PUBLIC_REPOSITORY), eb('blacklist_repositories.type', '=', 1)]))
        .orderBy('blacklist_pieces.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return piece?.xuid;
    },

    async rememberXuid(gamertag: string, xuid: string, now: string): Promise<void> {
      const row = { gamertag_lower: gamertag.toLowerCase(), gamertag, xuid, seen_at: now };
      await db
        .insertInto('blacklist_xuids')
        .values(row)
        .onConflict((oc) => oc.column('gamertag_lower').doUpdateSet({ gamertag, xuid, seen_at: now }))
        .execute();
    },

    async getSettings(keyId: string): Promise<SettingsRow | undefined> {
      const row = await db.selectFrom('blacklist_settings').selectAll().where('key_id', '=', keyId).executeTakeFirst();
      return row && { ...row, enforce: Number(row.enforce), min_level: Number(row.min_level) };
    },

    async putSettings(row: SettingsRow): Promise<void> {
      const { key_id: _id, ...changes } = row;
      await db
        .insertInto('blacklist_settings')
        .values(row)
        .onConflict((oc) => oc.column('key_id').doUpdateSet(changes))
        .execute();
    },
  };
}

/** A refused import: which piece, and why. */
export class ImportError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`pieces[${index}]: ${reason}`);
    this.name = 'ImportError';
  }
}
