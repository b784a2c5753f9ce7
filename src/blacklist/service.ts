import type { AppContext } from '../core/context.js';
import { newId } from '../core/ids.js';
import type { ApiKeyRecord } from '../core/keys.js';
import type { HubService } from '../hub/service.js';
import { ownerOf } from './access.js';
import { registerEnforcement } from './enforcement.js';
import { hasCriteria, isRecord, normalizePiece, type PieceInput, type PlayerQuery } from './normalize.js';
import {
  exportedPiece,
  pieceListItem,
  pieceView,
  privateInfo,
  publicInfo,
  repositoryInfo,
  repositoryView,
  type ExportedPiece,
  type PieceListItem,
  type PieceView,
  type PrivateInfo,
  type PublicInfo,
  type RepositoryInfo,
  type RepositoryView,
} from './pieces.js';
import { describeError, REPOSITORY_MESSAGES, RepositoryCreate, RepositoryPatch, SETTINGS_MESSAGES, SettingsPatch } from './schemas.js';
import { createBlacklistRepository, ImportError, type NewPiece, type PieceRow, type RepositoryRow } from './repositories.js';
import { PUBLIC_REPOSITORY } from './tables.js';

/** Why a blacklist operation was refused; each surface maps it to its own envelope. */
export type FailureKind = 'invalid' | 'not_found' | 'forbidden' | 'duplicate';

export class BlacklistFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'BlacklistFailure';
  }
}

export interface Settings {
  key_id: string;
  enforce: boolean;
  min_level: number;
  message: string;
}

export const DEFAULT_KICK_MESSAGE = 'You are on the blacklist: {reason}';

export interface RepositoryInput {
  name: string;
  type: 1 | 2;
  server: string;
  server_type: string;
}

export interface PrivateResult {
  repo_success: boolean;
  repo_uuid: string;
  exist: boolean;
  info: PrivateInfo[];
}

export interface PiecePage {
  repositories_name: string;
  page_num: number;
  piece_num: number;
  piece_list: PieceListItem[];
  /** Total pieces in the repository (for the dashboard; BlackBE clients ignore it). */
  total: number;
}

export interface ExportDocument {
  format: 'interconnect-blacklist';
  version: 1;
  exported_at: string;
  repository: { uuid: string; name: string; type: number; server: string; server_type: string };
  pieces: ExportedPiece[];
}

export { ownerOf };

/**
 * The blacklist module's service: what its routes, the CLI-facing /manage routes and other modules
 * call. With the hub it also enforces the lists on joins and answers `check_player`.
 */
export function createBlacklistService(ctx: AppContext, hub?: HubService) {
  const service = createCore(ctx);
  if (hub) registerEnforcement(ctx, hub, service);
  return service;
}

function createCore(ctx: AppContext) {
  const repo = createBlacklistRepository(ctx.db, { sqlitePath: ctx.dialect === 'sqlite' ? ctx.config.databasePath : undefined });
  const now = () => ctx.clock.now().toISOString();

  function audit(actor: ApiKeyRecord | null, action: string, target: string, detail: unknown, result = 'ok') {
    return ctx.audit.record({ module: 'blacklist', actorKeyId: actor?.id ?? null, action, target, detail, result });
  }

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
    if (!row) throw new BlacklistFailure('not_found', 'Repository not found');
    if (!canWrite(row, key)) throw new BlacklistFailure('forbidden', forbidden);
    return row;
  }

  async function readable(uuid: string, key: ApiKeyRecord | null): Promise<RepositoryRow> {
    const row = await repo.getRepository(uuid);
    // An unreadable repository answers like a missing one: its existence is not disclosed.
    if (!row || !canRead(row, key)) throw new BlacklistFailure('not_found', 'Repository not found');
    return row;
  }

  function newPiece(input: PieceInput, actor: ApiKeyRecord | null): NewPiece {
    return { ...input, uuid: newId(), createdBy: actor?.id ?? null, createdAt: now() };
  }

  /** A repository body checked by its schema, trimmed, with creation defaults when not partial. */
  function checkRepositoryInput(body: unknown, partial: boolean): Partial<RepositoryInput> {
    if (!isRecord(body)) throw new BlacklistFailure('invalid', 'Request body must be a JSON object');
    const validator = partial ? RepositoryPatch : RepositoryCreate;
    if (!validator.Check(body)) throw new BlacklistFailure('invalid', describeError(validator.Errors(body), REPOSITORY_MESSAGES));
    const input = body as { name?: string; type?: 1 | 2 | '1' | '2'; server?: string; server_type?: string };
    const out: Partial<RepositoryInput> = {};
    if (input.name !== undefined) {
      out.name = input.name.trim();
      if (out.name === '') throw new BlacklistFailure('invalid', 'name must not be empty');
    }
    if (input.type !== undefined) out.type = Number(input.type) === 1 ? 1 : 2;
    else if (!partial) out.type = 2;
    if (input.server !== undefined || !partial) out.server = input.server?.trim() ?? '';
    if (input.server_type !== undefined || !partial) out.server_type = input.server_type?.trim() ?? '';
    return out;
  }

  async function getSettings(keyId: string): Promise<Settings> {
    const row = await repo.getSettings(keyId);
    return row
      ? { key_id: keyId, enforce: row.enforce === 1, min_level: row.min_level, message: row.message }
      : { key_id: keyId, enforce: true, min_level: 1, message: DEFAULT_KICK_MESSAGE };
  }

  return {
    ownerOf,

    /**
     * The function enforcement and other modules call: pieces matching any of name (case-insensitive),
     * qq or xuid in the public list plus the repositories the key acts for (public list only without a key).
     */
    async checkPlayer(query: PlayerQuery, key: ApiKeyRecord | null): Promise<PublicInfo[]> {
      if (!hasCriteria(query)) return [];
      const rows = await repo.findPieces(query, { kind: 'owner', ownerKeyId: key ? ownerOf(key) : null });
      return rows.map(publicInfo);
    },

    /** One result per requested repository, in request order; unknown or unreadable ones fail alone. */
    async checkPrivate(query: PlayerQuery, uuids: string[], key: ApiKeyRecord): Promise<PrivateResult[]> {
      const results: PrivateResult[] = [];
      const accessible: string[] = [];
      for (const uuid of uuids) {
        const row = await repo.getRepository(uuid);
        if (row && canRead(row, key)) accessible.push(uuid);
      }
      const rows = hasCriteria(query) ? await repo.findPieces(query, { kind: 'repositories', uuids: accessible }, 1000) : [];
      for (const uuid of uuids) {
        if (!accessible.includes(uuid)) {
          results.push({ repo_success: false, repo_uuid: uuid, exist: false, info: [] });
          continue;
        }
        const info = rows.filter((r) => r.repository_uuid === uuid).map(privateInfo);
        results.push({ repo_success: true, repo_uuid: uuid, exist: info.length > 0, info });
      }
      return results;
    },

    /** BlackBE's list: the repositories the key acts for (never the public list). */
    async ownRepositories(key: ApiKeyRecord): Promise<RepositoryInfo[]> {
      return (await repo.listRepositories(ownerOf(key))).map(repositoryInfo);
    },

    /** The dashboard's list: admin keys see every repository, others what they act for. */
    async manageableRepositories(key: ApiKeyRecord): Promise<RepositoryView[]> {
      const rows = await repo.listRepositories(key.keyType === 'admin' ? undefined : ownerOf(key));
      return rows.map(repositoryView);
    },

    async getRepository(key: ApiKeyRecord | null, uuid: string): Promise<RepositoryView> {
      return repositoryView(await readable(uuid, key));
    },

    async createRepository(key: ApiKeyRecord, body: unknown): Promise<RepositoryView> {
      if (key.keyType === 'server') throw new BlacklistFailure('forbidden', 'Server Keys cannot own repositories');
      const input = checkRepositoryInput(body, false) as RepositoryInput;
      const time = now();
      const row = await repo.insertRepository({
        uuid: newId(), owner_key_id: key.id, name: input.name, type: input.type,
        server: input.server, server_type: input.server_type, created_at: time, updated_at: time,
      });
      await audit(key, 'repository.create', row.uuid, input);
      return repositoryView(row);
    },

    async updateRepository(key: ApiKeyRecord, uuid: string, body: unknown): Promise<RepositoryView> {
      await writable(uuid, key, 'You can only change your own repositories');
      if (uuid === PUBLIC_REPOSITORY) throw new BlacklistFailure('forbidden', 'The public list cannot be changed');
      const changes = checkRepositoryInput(body, true);
      await repo.updateRepository(uuid, changes, now());
      await audit(key, 'repository.update', uuid, changes);
      return repositoryView(await readable(uuid, key));
    },

    async deleteRepository(key: ApiKeyRecord, uuid: string): Promise<void> {
      await writable(uuid, key, 'You can only delete your own repositories');
      if (uuid === PUBLIC_REPOSITORY) throw new BlacklistFailure('forbidden', 'The public list cannot be deleted');
      const removed = await repo.deleteRepository(uuid);
      await audit(key, 'repository.delete', uuid, { piecesRemoved: removed });
    },

    async pagePieces(key: ApiKeyRecord | null, uuid: string, page: number, pageSize: number, namePrefix = ''): Promise<PiecePage> {
      const row = await readable(uuid, key);
      const total = namePrefix === '' ? row.piece_count : await repo.countPieces(uuid, namePrefix);
      const rows = (page - 1) * pageSize >= total ? [] : await repo.pagePieces(uuid, (page - 1) * pageSize, pageSize, namePrefix);
      return {
        repositories_name: row.name,
        page_num: Math.ceil(total / pageSize),
        piece_num: rows.length,
        piece_list: rows.map(pieceListItem),
        total,
      };
    },

    /** Full pieces for the dashboard, same paging. */
    async pieceViews(key: ApiKeyRecord, uuid: string, page: number, pageSize: number, namePrefix = ''): Promise<{ total: number; pieces: PieceView[] }> {
      const row = await readable(uuid, key);
      const total = namePrefix === '' ? row.piece_count : await repo.countPieces(uuid, namePrefix);
      const rows = await repo.pagePieces(uuid, (page - 1) * pageSize, pageSize, namePrefix);
      return { total, pieces: rows.map(pieceView) };
    },

    /** Pieces matching a player in every repository the key may read (admin: all). */
    async searchPieces(key: ApiKeyRecord, query: PlayerQuery): Promise<PieceView[]> {
      if (!hasCriteria(query)) return [];
      const rows = await repo.findPieces(query, key.keyType === 'admin' ? { kind: 'all' } : { kind: 'owner', ownerKeyId: ownerOf(key) }, 500);
      return rows.map(pieceView);
    },

    /** Adds a piece (BlackBE upload body, `options` quirk included); returns its UUID. */
    async addPiece(key: ApiKeyRecord, repositoryUuid: string, body: unknown): Promise<PieceView> {
      const normalized = normalizePiece(body, ctx.clock.now());
      if (!normalized.ok) throw new BlacklistFailure('invalid', normalized.error);
      const row = await repo.getRepository(repositoryUuid);
      // A repository the key cannot write is refused the same whether it exists or not.
      if (!row || !canWrite(row, key)) throw new BlacklistFailure('forbidden', 'You can only add pieces to your own repositories');
      const piece = newPiece(normalized.value, key);
      const result = await repo.insertPiece(repositoryUuid, piece);
      if (!result.inserted) {
        await audit(key, 'piece.create', repositoryUuid, { name: piece.name, duplicateOf: result.existing.uuid }, 'duplicate');
        throw new BlacklistFailure('duplicate', `${piece.name} is already in this repository (${result.existing.uuid})`);
      }
      await audit(key, 'piece.create', piece.uuid, { repository: repositoryUuid, name: piece.name, level: piece.level });
      const stored = await repo.getPiece(piece.uuid);
      if (!stored) throw new BlacklistFailure('not_found', 'Piece not found');
      return pieceView(stored);
    },

    async deletePiece(key: ApiKeyRecord, pieceUuid: string): Promise<PieceRow> {
      const piece = await repo.getPiece(pieceUuid);
      if (!piece) throw new BlacklistFailure('not_found', 'Piece not found');
      const row = await repo.getRepository(piece.repository_uuid);
      if (!row || !canWrite(row, key)) {
        await audit(key, 'piece.delete', pieceUuid, { repository: piece.repository_uuid }, 'forbidden');
        throw new BlacklistFailure('forbidden', 'You can only delete pieces of your own repositories');
      }
      if (!(await repo.deletePiece(piece, now()))) throw new BlacklistFailure('not_found', 'Piece not found');
      await audit(key, 'piece.delete', pieceUuid, { repository: piece.repository_uuid, name: piece.name });
      return piece;
    },

    async exportRepository(key: ApiKeyRecord, uuid: string): Promise<ExportDocument> {
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

    /**
     * Imports an export document or a bare array of pieces in one transaction: the first bad piece
     * refuses the whole file with its index, and nothing is written.
     */
    async importRepository(key: ApiKeyRecord, uuid: string, document: unknown, replace: boolean): Promise<{ imported: number; removed: number }> {
      await writable(uuid, key, 'You can only import into your own repositories');
      const list = Array.isArray(document) ? document : isRecord(document) ? document.pieces : undefined;
      if (!Array.isArray(list)) throw new BlacklistFailure('invalid', 'Expected an export document with "pieces" or a JSON array of pieces');
      if (list.length > 1_000_000) throw new BlacklistFailure('invalid', 'At most 1,000,000 pieces per import');
      const today = ctx.clock.now();
      const pieces: NewPiece[] = [];
      for (const [index, raw] of list.entries()) {
        const normalized = normalizePiece(raw, today);
        if (!normalized.ok) throw new BlacklistFailure('invalid', `pieces[${index}]: ${normalized.error}`);
        pieces.push(newPiece(normalized.value, key));
      }
      let result: { imported: number; removed: number };
      try {
        result = await repo.importPieces(uuid, pieces, replace, now());
      } catch (err) {
        if (err instanceof ImportError) {
          await audit(key, 'repository.import', uuid, { error: err.message }, 'refused');
          throw new BlacklistFailure('invalid', err.message);
        }
        throw err;
      }
      await audit(key, 'repository.import', uuid, { ...result, replace });
      return result;
    },

    /** Which of these repositories are public (the public list or type 1): their pieces may be shown to anyone. */
    async publicRepositories(uuids: readonly string[]): Promise<Set<string>> {
      const out = new Set<string>();
      for (const uuid of new Set(uuids)) {
        if (uuid === PUBLIC_REPOSITORY) out.add(uuid);
        else if ((await repo.getRepository(uuid))?.type === 1) out.add(uuid);
      }
      return out;
    },

    /** For `utils/xuid`, which answers anyone: public data only. */
    async xuidFor(gamertag: string): Promise<string | undefined> {
      return repo.xuidFor(gamertag);
    },

    async rememberXuid(gamertag: string, xuid: string): Promise<void> {
      await repo.rememberXuid(gamertag, xuid, now());
    },

    /** A key's enforcement settings, or the defaults (on, level 1, the default message). */
    getSettings,

    async putSettings(actor: ApiKeyRecord, keyId: string, body: unknown): Promise<Settings> {
      if (!isRecord(body)) throw new BlacklistFailure('invalid', 'Request body must be a JSON object');
      if (!SettingsPatch.Check(body)) throw new BlacklistFailure('invalid', describeError(SettingsPatch.Errors(body), SETTINGS_MESSAGES));
      if (body.message !== undefined && (body.message.trim() === '' || /\p{Cc}/u.test(body.message))) {
        throw new BlacklistFailure('invalid', 'message must be one non-blank line without control characters');
      }
      const current = await getSettings(keyId);
      const next: Settings = {
        key_id: keyId,
        enforce: body.enforce ?? current.enforce,
        min_level: body.min_level ?? current.min_level,
        message: body.message ?? current.message,
      };
      await repo.putSettings({ key_id: keyId, enforce: next.enforce ? 1 : 0, min_level: next.min_level, message: next.message, updated_at: now() });
      await audit(actor, 'settings.update', keyId, { enforce: next.enforce, min_level: next.min_level, message: next.message });
      return next;
    },

    audit,

    /** Releases the read connection of the lookup path. */
    close(): void {
      repo.close();
    },
  };
}

export type BlacklistService = ReturnType<typeof createCore>;
