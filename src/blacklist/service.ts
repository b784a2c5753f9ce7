import type { Kysely, Transaction } from 'kysely';
import type { AuditTables } from '../core/audit.js';
import type { AppContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ApiKeyRecord } from '../core/keys.js';
import type { HubService } from '../hub/service.js';
import type { SyncReader } from '../storage/database.js';
import { ownerOf } from './access.js';
import { registerEnforcement } from './enforcement.js';
import { hasCriteria, isRecord, normalizePiece, type PieceInput, type PlayerQuery } from './normalize.js';
import { exportedPiece, pieceListItem, pieceView, privateInfo, publicInfo, repositoryInfo, repositoryView } from './pieces.js';
import { createBlacklistRepository, ImportError, type NewPiece, type RepositoryRow } from './repositories.js';
import { PUBLIC_REPOSITORY, type BlacklistTables } from './tables.js';
import type {
  BlacklistSettings,
  ExportDocument,
  ExportedPiece,
  ImportMode,
  ImportResult,
  PieceListData,
  PieceView,
  PrivateResult,
  PublicInfo,
  RepositoryCreate,
  RepositoryInfo,
  RepositoryPatch,
  RepositoryView,
  SettingsPatch,
} from './wire.js';

export type Settings = BlacklistSettings;
export type { ExportDocument, PrivateResult };

export const DEFAULT_KICK_MESSAGE = 'You are on the blacklist: {reason}';

/** A `piece/list` page, with the repository's total for the dashboard (BlackBE clients ignore it). */
export interface PiecePage extends PieceListData {
  total: number;
}

/** An audit row of the blacklist module, for the refusals and enforcement outcomes worth keeping. */
export type BlacklistAudit = (actor: ApiKeyRecord | null, action: string, target: string, detail: unknown, result?: string) => Promise<unknown>;

/**
 * What the blacklist routes, the CLI-facing /manage routes and enforcement call. Refusals are
 * `AppError`s; a reason names the BlackBE status entry where BlackBE has one (`duplicate`,
 * `repositoryNotFound`, `pieceNotFound`, `notYourRepository`, `notYourPiece`).
 */
export interface BlacklistService {
  /**
   * Pieces matching any of name (case-insensitive), qq or xuid in the public list plus the
   * repositories the key acts for (public list only without a key).
   */
  checkPlayer(query: PlayerQuery, key: ApiKeyRecord | null): Promise<PublicInfo[]>;
  /** One result per requested repository, in request order; unknown or unreadable ones fail alone. */
  checkPrivate(query: PlayerQuery, uuids: readonly string[], key: ApiKeyRecord): Promise<PrivateResult[]>;
  /** BlackBE's list: the repositories the key acts for (never the public list). */
  ownRepositories(key: ApiKeyRecord): Promise<RepositoryInfo[]>;
  /** The dashboard's list: admin keys see every repository, others what they act for. */
  manageableRepositories(key: ApiKeyRecord): Promise<RepositoryView[]>;
  getRepository(key: ApiKeyRecord | null, uuid: string): Promise<RepositoryView>;
  createRepository(key: ApiKeyRecord, input: RepositoryCreate): Promise<RepositoryView>;
  updateRepository(key: ApiKeyRecord, uuid: string, changes: RepositoryPatch): Promise<RepositoryView>;
  deleteRepository(key: ApiKeyRecord, uuid: string): Promise<void>;
  /** BlackBE paging (page from 1); type-2 repositories only for their owner. */
  pagePieces(key: ApiKeyRecord | null, uuid: string, page: number, pageSize: number): Promise<PiecePage>;
  /** Full pieces for the dashboard, same paging, optionally by name prefix. */
  pieceViews(key: ApiKeyRecord, uuid: string, page: number, pageSize: number, namePrefix: string): Promise<{ total: number; pieces: PieceView[] }>;
  /** Pieces matching a player in every repository the key may read (admin: all). */
  searchPieces(key: ApiKeyRecord, query: PlayerQuery): Promise<PieceView[]>;
  /** Adds a piece from a BlackBE upload body (lenient, `options` quirk included). */
  addPiece(key: ApiKeyRecord, repositoryUuid: string, body: unknown): Promise<PieceView>;
  deletePiece(key: ApiKeyRecord, pieceUuid: string): Promise<void>;
  exportRepository(key: ApiKeyRecord, uuid: string): Promise<ExportDocument>;
  /**
   * Imports an export document or a bare array of pieces in one transaction: the first bad piece
   * refuses the whole file with its index, and nothing is written.
   */
  importRepository(key: ApiKeyRecord, uuid: string, document: unknown, options: { wipe: boolean; mode: ImportMode }): Promise<ImportResult>;
  /** Which of these repositories are public (the public list or type 1): their pieces may be shown to anyone. */
  publicRepositories(uuids: readonly string[]): Promise<Set<string>>;
  /** For `utils/xuid`, which answers anyone: public data only. */
  xuidFor(gamertag: string): Promise<string | undefined>;
  rememberXuid(gamertag: string, xuid: string): Promise<void>;
  /**
   * Whose settings a caller means: its own (a server key reads its regular key's), or for an admin
   * key any regular or admin key named by `wanted`.
   */
  settingsOwner(actor: ApiKeyRecord, wanted: string | undefined): Promise<string>;
  /** A key's enforcement settings, or the defaults (on, level 1, the default message). */
  getSettings(keyId: string): Promise<Settings>;
  putSettings(actor: ApiKeyRecord, keyId: string, changes: SettingsPatch): Promise<Settings>;
}

export interface BlacklistDeps {
  /** The module's tables and the audit log only. */
  db: Kysely<BlacklistTables & AuditTables>;
  /** The storage's synchronous reader for the check's hot path, when the database is an SQLite file. */
  reader?: SyncReader | undefined;
  /** With the hub, listed players are kicked on join and `check_player` is answered. */
  hub?: HubService | undefined;
}

const repositoryNotFound = () => new AppError('not_found', 'Repository not found', 'repositoryNotFound');
const pieceNotFound = () => new AppError('not_found', 'Piece not found', 'pieceNotFound');

export function createBlacklistService(ctx: AppContext, deps: BlacklistDeps): BlacklistService {
  const repo = createBlacklistRepository(deps.db, deps.reader);
  const now = () => ctx.clock.now().toISOString();

  const audit = (actor: ApiKeyRecord | null, action: string, target: string, detail: unknown, result = 'ok', trx?: Transaction<BlacklistTables & AuditTables>) =>
    ctx.audit.record({ module: 'blacklist', actorKeyId: actor?.id ?? null, action, target, detail, result }, trx);

  /** Public list and type-1 repositories are readable by anyone who knows the UUID; type 2 by its owner. */
  function canRead(row: RepositoryRow, key: ApiKeyRecord | null): boolean {
    if (row.uuid === PUBLIC_REPOSITORY || row.type === 1) return true;
    if (!key) return false;
    return key.keyType === 'admin' || row.owner_key_id === ownerOf(key);
  }

  /** Owners change their repositories; admin keys change any, and alone the public list. */
  function canWrite(row: RepositoryRow, key: ApiKeyRecord): boolean {
    if (key.keyType === 'server') return false;
    return key.keyType === 'admin' || (row.owner_key_id !== null && row.owner_key_id === key.id);
  }

  async function writable(uuid: string, key: ApiKeyRecord, forbidden: string): Promise<RepositoryRow> {
    const row = await repo.getRepository(uuid);
    if (!row) throw repositoryNotFound();
    if (!canWrite(row, key)) throw new AppError('forbidden', forbidden);
    return row;
  }

  async function readable(uuid: string, key: ApiKeyRecord | null): Promise<RepositoryRow> {
    const row = await repo.getRepository(uuid);
    // An unreadable repository answers like a missing one: its existence is not disclosed.
    if (!row || !canRead(row, key)) throw repositoryNotFound();
    return row;
  }

  function newPiece(input: PieceInput, actor: ApiKeyRecord | null): NewPiece {
    return { ...input, uuid: newId(), createdBy: actor?.id ?? null, createdAt: now() };
  }

  function trimmedName(name: string): string {
    const out = name.trim();
    if (out === '') throw new AppError('bad_request', 'name must not be empty');
    return out;
  }

  const repositoryType = (type: RepositoryCreate['type']): 1 | 2 => (Number(type) === 1 ? 1 : 2);

  async function getSettings(keyId: string): Promise<Settings> {
    const row = await repo.getSettings(keyId);
    return row
      ? { key_id: keyId, enforce: row.enforce === 1, min_level: row.min_level, message: row.message }
      : { key_id: keyId, enforce: true, min_level: 1, message: DEFAULT_KICK_MESSAGE };
  }

  /** Every check (API, `check_player`, join enforcement) passes through checkPlayer or checkPrivate. */
  function countCheck(hit: boolean): void {
    ctx.metrics.blacklistChecks.inc();
    if (hit) ctx.metrics.blacklistHits.inc();
  }

  const service: BlacklistService = {
    async checkPlayer(query, key) {
      if (!hasCriteria(query)) return [];
      const rows = await repo.findPieces(query, { kind: 'owner', ownerKeyId: key ? ownerOf(key) : null });
      countCheck(rows.length > 0);
      return rows.map(publicInfo);
    },

    async checkPrivate(query, uuids, key) {
      const accessible: string[] = [];
      for (const uuid of uuids) {
        const row = await repo.getRepository(uuid);
        if (row && canRead(row, key)) accessible.push(uuid);
      }
      const rows = hasCriteria(query) ? await repo.findPieces(query, { kind: 'repositories', uuids: accessible }, 1000) : [];
      if (hasCriteria(query)) countCheck(rows.length > 0);
      return uuids.map((uuid): PrivateResult => {
        if (!accessible.includes(uuid)) return { repo_success: false, repo_uuid: uuid, exist: false, info: [] };
        const info = rows.filter((r) => r.repository_uuid === uuid).map(privateInfo);
        return { repo_success: true, repo_uuid: uuid, exist: info.length > 0, info };
      });
    },

    async ownRepositories(key) {
      return (await repo.listRepositories(ownerOf(key))).map(repositoryInfo);
    },

    async manageableRepositories(key) {
      const rows = await repo.listRepositories(key.keyType === 'admin' ? undefined : ownerOf(key));
      return rows.map(repositoryView);
    },

    async getRepository(key, uuid) {
      return repositoryView(await readable(uuid, key));
    },

    async createRepository(key, input) {
      if (key.keyType === 'server') throw new AppError('forbidden', 'Server Keys cannot own repositories');
      const fields = {
        name: trimmedName(input.name),
        type: repositoryType(input.type),
        server: input.server?.trim() ?? '',
        server_type: input.server_type?.trim() ?? '',
      };
      const time = now();
      const row = { uuid: newId(), owner_key_id: key.id, ...fields, created_at: time, updated_at: time };
      const created = await repo.transaction(async (tx, trx) => {
        const inserted = await tx.insertRepository(row);
        await audit(key, 'repository.create', row.uuid, fields, 'ok', trx);
        return inserted;
      });
      return repositoryView(created);
    },

    async updateRepository(key, uuid, input) {
      await writable(uuid, key, 'You can only change your own repositories');
      if (uuid === PUBLIC_REPOSITORY) throw new AppError('forbidden', 'The public list cannot be changed');
      const changes: Partial<Pick<RepositoryRow, 'name' | 'type' | 'server' | 'server_type'>> = {};
      if (input.name !== undefined) changes.name = trimmedName(input.name);
      if (input.type !== undefined) changes.type = repositoryType(input.type);
      if (input.server !== undefined) changes.server = input.server.trim();
      if (input.server_type !== undefined) changes.server_type = input.server_type.trim();
      await repo.transaction(async (tx, trx) => {
        await tx.updateRepository(uuid, changes, now());
        await audit(key, 'repository.update', uuid, changes, 'ok', trx);
      });
      return repositoryView(await readable(uuid, key));
    },

    async deleteRepository(key, uuid) {
      await writable(uuid, key, 'You can only delete your own repositories');
      if (uuid === PUBLIC_REPOSITORY) throw new AppError('forbidden', 'The public list cannot be deleted');
      await repo.transaction(async (tx, trx) => {
        const removed = await tx.deleteRepository(uuid);
        await audit(key, 'repository.delete', uuid, { piecesRemoved: removed }, 'ok', trx);
      });
    },

    async pagePieces(key, uuid, page, pageSize) {
      const row = await readable(uuid, key);
      const total = row.piece_count;
      const rows = (page - 1) * pageSize >= total ? [] : await repo.pagePieces(uuid, (page - 1) * pageSize, pageSize);
      return {
        repositories_name: row.name,
        page_num: Math.ceil(total / pageSize),
        piece_num: rows.length,
        piece_list: rows.map(pieceListItem),
        total,
      };
    },

    async pieceViews(key, uuid, page, pageSize, namePrefix) {
      const row = await readable(uuid, key);
      const total = namePrefix === '' ? row.piece_count : await repo.countPieces(uuid, namePrefix);
      const rows = await repo.pagePieces(uuid, (page - 1) * pageSize, pageSize, namePrefix);
      return { total, pieces: rows.map(pieceView) };
    },

    async searchPieces(key, query) {
      if (!hasCriteria(query)) return [];
      const rows = await repo.findPieces(query, key.keyType === 'admin' ? { kind: 'all' } : { kind: 'owner', ownerKeyId: ownerOf(key) }, 500);
      return rows.map(pieceView);
    },

    async addPiece(key, repositoryUuid, body) {
      const normalized = normalizePiece(body, ctx.clock.now());
      if (!normalized.ok) throw new AppError('bad_request', normalized.error);
      const row = await repo.getRepository(repositoryUuid);
      // A repository the key cannot write is refused the same whether it exists or not.
      if (!row || !canWrite(row, key)) throw new AppError('forbidden', 'You can only add pieces to your own repositories', 'notYourRepository');
      const piece = newPiece(normalized.value, key);
      const result = await repo.transaction(async (tx, trx) => {
        const inserted = await tx.insertPiece(repositoryUuid, piece);
        if (inserted.inserted) await audit(key, 'piece.create', piece.uuid, { repository: repositoryUuid, name: piece.name, level: piece.level }, 'ok', trx);
        return inserted;
      });
      if (!result.inserted) {
        await audit(key, 'piece.create', repositoryUuid, { name: piece.name, duplicateOf: result.existing.uuid }, 'duplicate');
        throw new AppError('conflict', `${piece.name} is already in this repository (${result.existing.uuid})`, 'duplicate');
      }
      const stored = await repo.getPiece(piece.uuid);
      if (!stored) throw pieceNotFound();
      return pieceView(stored);
    },

    async deletePiece(key, pieceUuid) {
      const piece = await repo.getPiece(pieceUuid);
      if (!piece) throw pieceNotFound();
      const row = await repo.getRepository(piece.repository_uuid);
      if (!row || !canWrite(row, key)) {
        await audit(key, 'piece.delete', pieceUuid, { repository: piece.repository_uuid }, 'forbidden');
        throw new AppError('forbidden', 'You can only delete pieces of your own repositories', 'notYourPiece');
      }
      const deleted = await repo.transaction(async (tx, trx) => {
        if (!(await tx.deletePiece(piece, now()))) return false;
        await audit(key, 'piece.delete', pieceUuid, { repository: piece.repository_uuid, name: piece.name }, 'ok', trx);
        return true;
      });
      if (!deleted) throw pieceNotFound();
    },

    async exportRepository(key, uuid) {
      const row = await readable(uuid, key);
      const pieces: ExportedPiece[] = [];
      for await (const piece of repo.allPieces(uuid)) pieces.push(exportedPiece(piece));
      await audit(key, 'repository.export', uuid, { pieces: pieces.length });
      return {
        format: 'interconnect-blacklist',
        version: 1,
        exported_at: now(),
        repository: { uuid: row.uuid, name: row.name, type: row.type, server: row.server, server_type: row.server_type },
        pieces,
      };
    },

    async importRepository(key, uuid, document, options) {
      await writable(uuid, key, 'You can only import into your own repositories');
      const list = Array.isArray(document) ? document : isRecord(document) ? document.pieces : undefined;
      if (!Array.isArray(list)) throw new AppError('bad_request', 'Expected an export document with "pieces" or a JSON array of pieces');
      if (list.length > 1_000_000) throw new AppError('bad_request', 'At most 1,000,000 pieces per import');
      const today = ctx.clock.now();
      const pieces: NewPiece[] = [];
      for (const [index, raw] of list.entries()) {
        const normalized = normalizePiece(raw, today);
        if (!normalized.ok) throw new AppError('bad_request', `pieces[${index}]: ${normalized.error}`);
        pieces.push(newPiece(normalized.value, key));
      }
      const outcome = await repo
        .transaction(async (tx, trx) => {
          const result = await tx.importPieces(uuid, pieces, options, now());
          await audit(key, 'repository.import', uuid, { ...result, replace: options.wipe, mode: options.mode }, 'ok', trx);
          return result;
        })
        .catch((err: unknown) => {
          if (err instanceof ImportError) return err;
          throw err;
        });
      if (outcome instanceof ImportError) {
        await audit(key, 'repository.import', uuid, { error: outcome.message }, 'refused');
        throw new AppError('bad_request', outcome.message);
      }
      return outcome;
    },

    async publicRepositories(uuids) {
      const out = new Set<string>();
      for (const uuid of new Set(uuids)) {
        if (uuid === PUBLIC_REPOSITORY) out.add(uuid);
        else if ((await repo.getRepository(uuid))?.type === 1) out.add(uuid);
      }
      return out;
    },

    xuidFor: (gamertag) => repo.xuidFor(gamertag),

    async rememberXuid(gamertag, xuid) {
      await repo.rememberXuid(gamertag, xuid, now());
    },

    async settingsOwner(actor, wanted) {
      if (wanted === undefined || wanted === '' || wanted === ownerOf(actor)) return ownerOf(actor);
      if (actor.keyType !== 'admin') throw new AppError('forbidden', 'Only Admin Keys manage the settings of other keys');
      const target = await ctx.keys.get(wanted);
      if (!target) throw new AppError('not_found', 'API Key not found');
      if (target.keyType === 'server') throw new AppError('bad_request', 'Settings belong to a Regular Key; a Server Key follows its Regular Key');
      return target.id;
    },

    getSettings,

    async putSettings(actor, keyId, changes) {
      if (changes.message !== undefined && (changes.message.trim() === '' || /\p{Cc}/u.test(changes.message))) {
        throw new AppError('bad_request', 'message must be one non-blank line without control characters');
      }
      const current = await getSettings(keyId);
      const next: Settings = {
        key_id: keyId,
        enforce: changes.enforce ?? current.enforce,
        min_level: changes.min_level ?? current.min_level,
        message: changes.message ?? current.message,
      };
      await repo.transaction(async (tx, trx) => {
        await tx.putSettings({ key_id: keyId, enforce: next.enforce ? 1 : 0, min_level: next.min_level, message: next.message, updated_at: now() });
        await audit(actor, 'settings.update', keyId, { enforce: next.enforce, min_level: next.min_level, message: next.message }, 'ok', trx);
      });
      return next;
    },
  };

  if (deps.hub) registerEnforcement(ctx, deps.hub, service, audit);
  return service;
}
